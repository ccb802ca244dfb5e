/* test_week_slots.c — the weekly time signature (migration 6): kept equal to the signature of
** the stored occurrences by import and refresh, computed by the migration for an existing
** database, and, as a pre-filter of search and recommend, never changing a result: many random
** queries and peers over a generated catalogue give the same answers with the signatures in
** place and with every signature widened to "any time" (the filter then passes everything).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../src/demo/demo.h"
#include "../../src/directory/catalog.h"
#include "../../src/directory/places.h"
#include "../../src/directory/search.h"
#include "../../src/matching/recommend.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"
#include "gen_fixture.h"
#include "store_fixture.h"
#include "../../src/util/timeutil.h"

#define ACTIVITIES 3000
#define QUERIES    300
#define PEERS      120
#define CPS        "tester"
#define ALL_SLOTS  "72057594037927935" /* 2^56 - 1: every slot of a word */

/* The schema migrations (src/store/migrations.c), to build a database of an older version. */
extern const char *const store_migrations[];

static char path[] = "/tmp/belong-test-week-slots-XXXXXX";
static struct store *store;
static struct recommend_data data;
static uint64_t rng_state;

static uint32_t rnd(void)
{
    return fixture_rnd(&rng_state);
}

static int setup(void **state)
{
    (void)state;
    struct diag diag = {0};
    int rc = fixture_gen_store(path, &store, ACTIVITIES, 11);
    if (rc == BELONG_OK)
        rc = recommend_data_load(&data, &diag);
    diag_print(&diag, stderr);
    diag_free(&diag);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    recommend_data_free(&data);
    fixture_store_remove(store, path);
    return 0;
}

/* Runs sql on a second connection to the test database. */
static void exec_raw(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s\n", msg ? msg : "?");
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_close(db);
}

/* Asserts that every activity's stored signature is that of its stored occurrences; returns
** how many activities have a non-empty one. */
static int check_signatures(const char *db_path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_stmt *act = NULL, *occ = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT id, week_slots_0, week_slots_1, week_slots_2 "
                                        "FROM activity ORDER BY id",
                                        -1, &act, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT weekday, start_minute FROM occurrence "
                                        "WHERE activity_id = ?1",
                                        -1, &occ, NULL),
                     SQLITE_OK);
    int non_empty = 0;
    while (sqlite3_step(act) == SQLITE_ROW) {
        struct week_slots want = {{0}};
        sqlite3_bind_int64(occ, 1, sqlite3_column_int64(act, 0));
        while (sqlite3_step(occ) == SQLITE_ROW) {
            int minute = sqlite3_column_int(occ, 1);
            week_slots_add(&want, sqlite3_column_int(occ, 0), minute, minute + 1);
        }
        sqlite3_reset(occ);
        for (int i = 0; i < WEEK_SLOT_WORDS; i++)
            assert_int_equal((uint64_t)sqlite3_column_int64(act, 1 + i), want.bits[i]);
        non_empty += want.bits[0] || want.bits[1] || want.bits[2];
    }
    sqlite3_finalize(act);
    sqlite3_finalize(occ);
    sqlite3_close(db);
    return non_empty;
}

static void slots_of_a_range(void **state)
{
    (void)state;
    struct week_slots w = {{0}};
    week_slots_add(&w, 0, 0, 60); /* Monday 00h only */
    assert_int_equal(w.bits[0], 1);
    week_slots_add(&w, 0, 90, 121); /* 01h and 02h */
    assert_int_equal(w.bits[0], 7);
    week_slots_add(&w, 6, 1380, 1440); /* Sunday 23h: slot 167, the last */
    assert_int_equal(w.bits[2], (uint64_t)1 << (167 - 2 * WEEK_SLOT_BITS));
    week_slots_add(&w, 2, 600, 600); /* empty */
    week_slots_add(&w, 7, 0, 60);    /* no such day */
    assert_int_equal(w.bits[1], 0);
}

static void import_and_refresh_keep_the_signature(void **state)
{
    (void)state;
    assert_true(check_signatures(path) > ACTIVITIES / 2);
    struct import_stats stats;
    assert_int_equal(catalog_refresh(store, 60, NULL, &stats), 0);
    check_signatures(path);
    /* Ten days on, the occurrences before the new window are kept and still count. */
    char later[32];
    time_t then = belong_now() + 10 * 86400;
    strftime(later, sizeof later, "%Y-%m-%dT%H:%M", localtime(&then));
    setenv("BELONG_NOW", later, 1);
    assert_int_equal(catalog_refresh(store, 30, NULL, &stats), 0);
    unsetenv("BELONG_NOW");
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM occurrence WHERE start_utc < "
                                        "strftime('%s', 'now', '+9 days')",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(sqlite3_column_int(st, 0) > 0); /* kept ones are there to count */
    sqlite3_finalize(st);
    sqlite3_close(db);
    check_signatures(path);
}

static void migration_computes_it_for_existing_occurrences(void **state)
{
    (void)state;
    char old[] = "/tmp/belong-test-week-slots-v5-XXXXXX";
    int fd = mkstemp(old);
    assert_true(fd >= 0);
    close(fd);
    struct buf sql = {0};
    for (int i = 0; i < 5; i++)
        buf_printf(&sql, "%s", store_migrations[i]);
    buf_printf(&sql, "PRAGMA user_version = 5;"
                     "INSERT INTO source(id, name, kind) VALUES(1, 'old', 'test');"
                     "INSERT INTO activity(id, source_id, source_ref, name, updated_at)"
                     " VALUES(1, 1, 'a', 'Tuesday choir', 0), (2, 1, 'b', 'Nothing yet', 0);"
                     "INSERT INTO occurrence VALUES(1, 100, 200, 1, 1110), (1, 300, 400, 1, 1135),"
                     " (1, 500, 600, 6, 1439);");
    exec_raw(old, buf_str(&sql));
    buf_free(&sql);
    struct store *s = NULL;
    char err[256];
    assert_int_equal(store_open(old, &s, err, sizeof err), 0);
    store_close(s);
    assert_int_equal(check_signatures(old), 1);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT week_slots_0, week_slots_1, week_slots_2 "
                                        "FROM activity WHERE id = 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    /* Tuesday 18h (slot 42) and Sunday 23h (slot 167). */
    assert_int_equal(sqlite3_column_int64(st, 0), (sqlite3_int64)1 << 42);
    assert_int_equal(sqlite3_column_int64(st, 1), 0);
    assert_int_equal(sqlite3_column_int64(st, 2), (sqlite3_int64)1 << (167 - 112));
    sqlite3_finalize(st);
    sqlite3_close(db);
    fixture_store_remove(NULL, old);
}

/* ---- the pre-filter changes no result ------------------------------------------------------ */

static const char *const words[] = {"garden",    "music", "art", "yoga",  "walk",
                                    "book club", "paint", "vol", "chess", "peer support"};
static const char *const categories[] = {"volunteering", "music",        "peer-support",
                                         "arts-crafts",  "food-cooking", "sports-movement"};

/* A random query like a CPS's, with day and time filters often. */
static void random_query(struct search_query *q, const struct place *center)
{
    search_query_init(q);
    if (rnd() % 2)
        q->text = words[rnd() % (sizeof words / sizeof *words)];
    else if (rnd() % 3 == 0)
        q->categories[q->n_categories++] = categories[rnd() % 6];
    if (rnd() % 4 != 0) {
        q->has_center = true;
        q->center_lat = center->lat + ((double)(rnd() % 200) - 100) / 100.0;
        q->center_lon = center->lon + ((double)(rnd() % 200) - 100) / 100.0;
        q->within_miles = rnd() % 3 ? (double)(5 + rnd() % 40) : 0;
    }
    if (rnd() % 2)
        q->weekday_mask = (1u << (rnd() % 7)) | (1u << (rnd() % 7));
    int time = (int)(rnd() % 4);
    if (time == 1 || time == 3)
        q->after_minute = (int)(rnd() % 40) * 30;
    if (time == 2 || time == 3)
        q->before_minute =
            (q->after_minute > 0 ? q->after_minute : 0) + 30 + (int)(rnd() % 16) * 30;
    if (q->before_minute > 1440)
        q->before_minute = 1440;
    if (rnd() % 5 == 0)
        q->max_cost_cents = 0;
    if (rnd() % 6 == 0)
        q->access_required = 1u << (rnd() % 4);
    if (rnd() % 6 == 0)
        q->intensity_max = 1 + (int)(rnd() % 4);
    q->limit = 1 + (int)(rnd() % 20);
}

/* A random peer living where an activity is. */
static void random_peer(struct peer *p, int n)
{
    peer_init(p);
    p->cps = xstrdup(CPS);
    char name[32];
    snprintf(name, sizeof name, "Peer %d", n);
    p->name = xstrdup(name);
    struct activity a;
    assert_int_equal(store_activity_get(store, 1 + (int64_t)(rnd() % ACTIVITIES), &a), 0);
    p->has_coords = a.has_coords;
    p->home_lat = a.lat;
    p->home_lon = a.lon;
    activity_free(&a);
    p->max_travel_miles = rnd() % 8 == 0 ? TRAVEL_MILES_UNSTATED : (double)(2 + rnd() % 30);
    p->virtual_ok = rnd() % 2;
    int budget = (int)(rnd() % 3);
    p->budget_cents = budget == 0 ? BUDGET_ANY : budget == 1 ? 0 : 1000;
    p->access_needs = rnd() % 4 == 0 ? 1u << (rnd() % 4) : 0;
    p->comfort = 1 + (int)(rnd() % 5);
    static const char *const interests[] = {"plants", "singing", "reading", "painting", "cooking"};
    text_list_add(&p->interests, interests[rnd() % 5]);
    int windows = (int)(rnd() % 6); /* none: free any time */
    for (int w = 0; w < windows; w++) {
        int start = (int)(rnd() % 46) * 30;
        int end = start + 30 + (int)(rnd() % 24) * 30;
        availability_add_window_minutes(&p->availability, (int)(rnd() % 7), start,
                                        end > 1440 ? 1440 : end); /* overlaps are refused */
    }
    availability_index(&p->availability);
    assert_int_equal(store_begin(store), 0);
    assert_int_equal(store_peer_put(store, p, belong_now()), 0);
    assert_int_equal(store_commit(store), 0);
}

/* What a run answered, to compare. */
struct answer {
    size_t n, n_eligible;
    int64_t ids[SEARCH_LIMIT_MAX];
    double scores[SEARCH_LIMIT_MAX];
    time_t first_next[SEARCH_LIMIT_MAX];
};

static void run_search(const struct search_query *q, struct answer *out)
{
    struct search_results r;
    char err[256];
    assert_int_equal(search_run(store, q, &r, err, sizeof err), 0);
    memset(out, 0, sizeof *out);
    out->n = r.n;
    for (size_t i = 0; i < r.n; i++) {
        out->ids[i] = r.items[i].id;
        out->scores[i] = r.items[i].score;
        out->first_next[i] = r.items[i].n_next ? r.items[i].next[0] : 0;
    }
    search_results_free(&r);
}

static void run_recommend(const struct peer *p, struct answer *out)
{
    struct recommend_options opt = {.limit = 10, .days = 7 + (int)(p->id % 20)};
    struct recommend_result r;
    assert_int_equal(recommend_run(store, &data, p, &opt, &r), 0);
    memset(out, 0, sizeof *out);
    out->n = r.n;
    out->n_eligible = r.n_eligible;
    for (size_t i = 0; i < r.n; i++) {
        out->ids[i] = r.items[i].id;
        out->scores[i] = r.items[i].score;
        out->first_next[i] = r.items[i].n_next ? r.items[i].next[0] : 0;
    }
    recommend_result_free(&r);
}

static void assert_same(const struct answer *a, const struct answer *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->n_eligible, b->n_eligible);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->ids[i], b->ids[i]);
        assert_true(a->scores[i] == b->scores[i]);
        assert_int_equal(a->first_next[i], b->first_next[i]);
    }
}

static void prefilter_changes_no_result(void **state)
{
    (void)state;
    struct place center;
    char err[256];
    assert_int_equal(place_from_zip("01602", &center, err, sizeof err), 0);
    struct answer *with = calloc(QUERIES + PEERS, sizeof *with);
    struct peer *peers = calloc(PEERS, sizeof *peers);
    struct search_query *queries = calloc(QUERIES, sizeof *queries);
    assert_non_null(with);
    assert_non_null(peers);
    assert_non_null(queries);
    rng_state = 20261125;
    size_t found = 0;
    for (int i = 0; i < QUERIES; i++) {
        random_query(&queries[i], &center);
        run_search(&queries[i], &with[i]);
        found += with[i].n;
    }
    for (int i = 0; i < PEERS; i++) {
        random_peer(&peers[i], i);
        run_recommend(&peers[i], &with[QUERIES + i]);
        found += with[QUERIES + i].n;
    }
    /* The comparison means something only if the runs find things. */
    assert_true(found > (QUERIES + PEERS) * 3);
    /* Every activity "could start at any time": the pre-filter now passes them all. */
    /* Behind the store's back: the directory's version must move, as docs/store.md says, or
    ** the copy the connection keeps in memory would go on with the old signatures. */
    exec_raw(path, "UPDATE activity SET week_slots_0 = " ALL_SLOTS ", week_slots_1 = " ALL_SLOTS
                   ", week_slots_2 = " ALL_SLOTS "; UPDATE meta SET value = value + 1"
                   " WHERE key = 'directory_version'");
    for (int i = 0; i < QUERIES; i++) {
        struct answer without;
        run_search(&queries[i], &without);
        assert_same(&with[i], &without);
    }
    for (int i = 0; i < PEERS; i++) {
        struct answer without;
        run_recommend(&peers[i], &without);
        assert_same(&with[QUERIES + i], &without);
        peer_free(&peers[i]);
    }
    free(with);
    free(peers);
    free(queries);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slots_of_a_range),
        cmocka_unit_test(import_and_refresh_keep_the_signature),
        cmocka_unit_test(migration_computes_it_for_existing_occurrences),
        cmocka_unit_test(prefilter_changes_no_result),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
