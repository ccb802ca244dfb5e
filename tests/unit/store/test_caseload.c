/* test_caseload.c — a whole caseload's records at once (store/sqlite_caseload.c): the current
** peers of the caseloads asked for, by id across caseloads, each kind of record ordered by peer,
** date and id, the names opened only when asked for, the instruments asked for only, the answers
** of the administrations asked for only; another caseload's and an archived peer's records never
** read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../src/peers/profile.h"
#include "store_fixture.h"

#define NOW ((time_t)1764579600) /* 2025-12-01, any fixed time */

static int64_t add_peer(struct store *s, const char *cps, const char *name)
{
    struct peer p;
    peer_init(&p);
    p.cps = xstrdup(cps);
    p.name = xstrdup(name);
    assert_int_equal(store_peer_put(s, &p, NOW), BELONG_OK);
    int64_t id = p.id;
    peer_free(&p);
    return id;
}

static int64_t add_plan(struct store *s, const char *cps, int64_t peer, const char *date,
                        int64_t activity, enum plan_status status)
{
    struct plan p = {.peer_id = peer, .activity_id = activity, .support = PLAN_SUPPORT_ALONG};
    snprintf(p.date, sizeof p.date, "%s", date);
    assert_int_equal(store_plan_add(s, cps, &p, NOW), BELONG_OK);
    if (status != PLAN_PLANNED)
        assert_int_equal(store_plan_set_status(s, cps, p.id, status, NULL, NOW), BELONG_OK);
    return p.id;
}

static void add_visit(struct store *s, const char *cps, int64_t peer, const char *date,
                      int64_t activity, bool went)
{
    struct visit v = {.peer_id = peer,
                      .activity_id = activity,
                      .went = went,
                      .conversations = -1,
                      .felt = (char *)"fine"};
    snprintf(v.date, sizeof v.date, "%s", date);
    assert_int_equal(store_visit_add(s, cps, &v, NOW), BELONG_OK);
}

static void add_measure(struct store *s, const char *cps, int64_t peer, const char *instrument,
                        const char *date, const int *codes, size_t n)
{
    struct store_measure m = {.peer_id = peer, .n_codes = n};
    snprintf(m.instrument, sizeof m.instrument, "%s", instrument);
    snprintf(m.date, sizeof m.date, "%s", date);
    memcpy(m.codes, codes, n * sizeof *codes);
    assert_int_equal(store_measure_add(s, cps, peer, &m, NOW), BELONG_OK);
}

struct fixture {
    char path[40];
    struct store *s;
    int64_t ana1, bo1, ana2, ana_archived, cy1;
};

/* Caseloads ana and bo (peers interleaved by id), an archived peer of ana's, and cy's peer. */
static void fixture_make(struct fixture *f)
{
    snprintf(f->path, sizeof f->path, "/tmp/belong-test-caseload-XXXXXX");
    assert_int_equal(fixture_store_open(f->path, &f->s), BELONG_OK);
    struct store *s = f->s;
    assert_int_equal(store_begin(s), BELONG_OK);
    f->ana1 = add_peer(s, "ana", "Maria Lopez");
    f->bo1 = add_peer(s, "bo", "Sam Reed");
    f->ana2 = add_peer(s, "ana", "Jo Park");
    f->ana_archived = add_peer(s, "ana", "Lee Archived");
    f->cy1 = add_peer(s, "cy", "Kim Other");
    static const int ucla[3] = {2, 3, 1}, lsns[6] = {1, 2, 3, 4, 5, 0}, ons[4] = {5, 6, 7, 2};
    /* recorded out of date order: read back by date, then id */
    add_plan(s, "ana", f->ana1, "2026-11-20", 7, PLAN_DONE);
    add_plan(s, "ana", f->ana1, "2026-10-01", 8, PLAN_CANCELLED);
    add_plan(s, "bo", f->bo1, "2026-11-02", 7, PLAN_PLANNED);
    add_plan(s, "ana", f->ana2, "2026-11-05", 9, PLAN_SKIPPED);
    add_plan(s, "ana", f->ana_archived, "2026-11-06", 9, PLAN_PLANNED);
    add_plan(s, "cy", f->cy1, "2026-11-07", 9, PLAN_PLANNED);
    add_visit(s, "ana", f->ana1, "2026-11-20", 7, true);
    add_visit(s, "ana", f->ana1, "2026-09-03", 5, false);
    add_visit(s, "bo", f->bo1, "2026-11-02", 7, true);
    add_visit(s, "cy", f->cy1, "2026-11-07", 9, true);
    add_measure(s, "bo", f->bo1, "lsns6", "2026-11-01", lsns, 6);
    add_measure(s, "ana", f->ana1, "ucla3", "2026-11-15", ucla, 3);
    add_measure(s, "ana", f->ana1, "ons4", "2026-11-15", ons, 4);
    add_measure(s, "ana", f->ana1, "ucla3", "2026-09-15", ucla, 3);
    add_measure(s, "ana", f->ana_archived, "ucla3", "2026-11-15", ucla, 3);
    add_measure(s, "cy", f->cy1, "ucla3", "2026-11-15", ucla, 3);
    assert_int_equal(store_commit(s), BELONG_OK);
    assert_int_equal(store_peer_set_archived(s, "ana", f->ana_archived, true, NOW), BELONG_OK);
}

static void two_caseloads_merged_by_peer_then_date(void **state)
{
    (void)state;
    struct fixture f;
    fixture_make(&f);
    const char *const team[2] = {"bo", "ana"};
    const char *const wanted[2] = {"ucla3", "lsns6"};
    struct store_caseload c;
    assert_int_equal(store_read_begin(f.s), BELONG_OK);
    assert_int_equal(store_caseload_read(f.s, team, 2, true, wanted, 2, &c), BELONG_OK);
    store_read_end(f.s);

    /* the current peers of both caseloads, by id; not the archived one, not cy's */
    assert_int_equal(c.n_peers, 3);
    assert_int_equal(c.peers[0].id, f.ana1);
    assert_string_equal(c.peers[0].cps, "ana");
    assert_string_equal(c.peers[0].name, "Maria Lopez");
    assert_int_equal(c.peers[1].id, f.bo1);
    assert_string_equal(c.peers[1].cps, "bo");
    assert_string_equal(c.peers[1].name, "Sam Reed");
    assert_int_equal(c.peers[2].id, f.ana2);
    assert_string_equal(c.peers[2].name, "Jo Park");

    /* plans: by peer, then date; the cancelled one too, with its status */
    assert_int_equal(c.n_plans, 4);
    assert_int_equal(c.plans[0].peer_id, f.ana1);
    assert_string_equal(c.plans[0].date, "2026-10-01");
    assert_int_equal(c.plans[0].status, PLAN_CANCELLED);
    assert_string_equal(c.plans[1].date, "2026-11-20");
    assert_int_equal(c.plans[1].status, PLAN_DONE);
    assert_int_equal(c.plans[2].peer_id, f.bo1);
    assert_int_equal(c.plans[2].status, PLAN_PLANNED);
    assert_int_equal(c.plans[3].peer_id, f.ana2);
    assert_int_equal(c.plans[3].status, PLAN_SKIPPED);

    assert_int_equal(c.n_visits, 3);
    assert_int_equal(c.visits[0].peer_id, f.ana1);
    assert_string_equal(c.visits[0].date, "2026-09-03");
    assert_false(c.visits[0].went);
    assert_int_equal(c.visits[0].activity_id, 5);
    assert_true(c.visits[1].went);
    assert_int_equal(c.visits[2].peer_id, f.bo1);

    /* measures: the two instruments asked for only (not ONS4), by date, no answer read yet */
    assert_int_equal(c.n_measures, 3);
    assert_int_equal(c.measures[0].peer_id, f.ana1);
    assert_string_equal(c.measures[0].instrument, "ucla3");
    assert_string_equal(c.measures[0].date, "2026-09-15");
    assert_string_equal(c.measures[1].date, "2026-11-15");
    assert_int_equal(c.measures[2].peer_id, f.bo1);
    assert_string_equal(c.measures[2].instrument, "lsns6");
    for (size_t i = 0; i < c.n_measures; i++)
        assert_int_equal(c.measures[i].n_codes, 0);

    /* the answers of those asked for only, in one call, whatever their order */
    const size_t which[2] = {2, 0};
    assert_int_equal(store_caseload_answers(f.s, &c, which, 2), BELONG_OK);
    assert_int_equal(c.measures[0].n_codes, 3);
    assert_int_equal(c.measures[0].codes[0], 2);
    assert_int_equal(c.measures[0].codes[1], 3);
    assert_int_equal(c.measures[0].codes[2], 1);
    assert_int_equal(c.measures[1].n_codes, 0);
    assert_int_equal(c.measures[2].n_codes, 6);
    assert_int_equal(c.measures[2].codes[4], 5);
    assert_int_equal(c.measures[2].codes[5], 0);
    assert_int_equal(store_caseload_answers(f.s, &c, which, 0), BELONG_OK);
    store_caseload_free(&c);
    fixture_store_remove(f.s, f.path);
}

static void names_not_opened_unless_asked_all_instruments_when_null(void **state)
{
    (void)state;
    struct fixture f;
    fixture_make(&f);
    const char *const mine[1] = {"ana"};
    struct store_caseload c;
    assert_int_equal(store_caseload_read(f.s, mine, 1, false, NULL, 0, &c), BELONG_OK);
    assert_int_equal(c.n_peers, 2);
    assert_null(c.peers[0].name);
    assert_null(c.peers[1].name);
    assert_string_equal(c.peers[1].cps, "ana");
    assert_int_equal(c.n_plans, 3);
    assert_int_equal(c.n_visits, 2);
    assert_int_equal(c.n_measures, 3);                      /* ONS4 too */
    assert_string_equal(c.measures[1].instrument, "ucla3"); /* 2026-11-15, recorded first */
    assert_string_equal(c.measures[2].instrument, "ons4");  /* the same day, recorded after */
    const size_t ons4[1] = {2};
    assert_int_equal(store_caseload_answers(f.s, &c, ons4, 1), BELONG_OK);
    assert_int_equal(c.measures[2].n_codes, 4);
    assert_int_equal(c.measures[2].codes[2], 7);
    store_caseload_free(&c);

    /* a caseload with nobody, and an instrument nobody took: empty, not an error */
    const char *const nobody[1] = {"dee"};
    const char *const none[1] = {"djg6"};
    assert_int_equal(store_caseload_read(f.s, nobody, 1, true, NULL, 0, &c), BELONG_OK);
    assert_int_equal(c.n_peers + c.n_plans + c.n_visits + c.n_measures, 0);
    store_caseload_free(&c);
    assert_int_equal(store_caseload_read(f.s, mine, 1, true, none, 1, &c), BELONG_OK);
    assert_int_equal(c.n_peers, 2);
    assert_int_equal(c.n_measures, 0);
    store_caseload_free(&c);
    fixture_store_remove(f.s, f.path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_caseloads_merged_by_peer_then_date),
        cmocka_unit_test(names_not_opened_unless_asked_all_instruments_when_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
