/* test_plans.c — the plans' and visits' operations (src/app/plans.c, visits.c) on the demo
** catalogue in a temporary database, as the web will call them: a plan on a day its activity
** meets (its start kept) or refused naming the nearest dates, closing a plan, a visit closing its
** plan, a choice making or joining a plan, the step suggestion from the record, and refusals
** (another CPS's peer, bad values) that write nothing.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/app/app_matching.h"
#include "../../src/app/app_peers.h"
#include "../../src/app/app_plans.h"
#include "../../src/store/store.h"
#include "app_fixture.h"

static char path[] = "/tmp/belong-test-plans-XXXXXX";
static struct app app;
static int64_t thursday_id; /* a demo activity meeting on Thursday 2026-12-03 and the 10th */

static int setup(void **state)
{
    (void)state;
    int rc = fixture_demo_app(path, &app) == 0 ? BELONG_OK : BELONG_EIO;
    /* the first demo activity with an occurrence on both Thursdays and none on Wednesday 9 */
    for (int64_t id = 1; rc == BELONG_OK && !thursday_id && id <= 50; id++) {
        struct occurrence *occ = NULL;
        size_t n = 0;
        struct civil_date d3 = {2026, 12, 3}, d12 = {2026, 12, 12};
        if (store_occurrences_get(app.store, id, local_to_instant(&d3, 0, 0, NULL),
                                  local_to_instant(&d12, 0, 0, NULL), &occ, &n) == BELONG_OK &&
            n == 2 && civil_weekday(&d3) == 3) {
            struct civil_date a, c;
            instant_to_local(occ[0].start, NULL, &a, NULL, NULL, NULL);
            instant_to_local(occ[1].start, NULL, &c, NULL, NULL, NULL);
            if (a.day == 3 && c.day == 10)
                thursday_id = id;
        }
        free(occ);
    }
    return rc == BELONG_OK && thursday_id ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fixture_app_remove(&app, path);
    return 0;
}

static void set_name_comfort(void *ctx, struct peer *p, struct diag *diag, struct diag *warnings)
{
    (void)warnings;
    peer_set_text(&p->name, ctx, true, diag, NULL, "name");
    p->comfort = 2;
}

static int64_t add_peer(const char *name)
{
    struct peer p;
    peer_init(&p);
    struct diag d = {0}, w = {0};
    struct app_error err;
    int rc = app_peer_add(&app, set_name_comfort, (void *)name, &p, &d, &w, "test", &err);
    int64_t id = rc == BELONG_OK ? p.id : 0;
    peer_free(&p);
    diag_free(&d);
    diag_free(&w);
    return id;
}

static size_t count_plans(int64_t peer)
{
    struct plan *list;
    size_t n;
    struct app_error err;
    assert_int_equal(app_plan_list(&app, peer, NULL, &list, &n, &err), BELONG_OK);
    plans_free(list, n);
    return n;
}

static void plan_on_a_meeting_day_or_refused(void **state)
{
    (void)state;
    int64_t peer = add_peer("Pat");
    assert_true(peer > 0);
    struct plan p;
    struct app_error err;
    struct app_plan_request rq = {peer, thursday_id, "2026-12-10", "rehearse", "together"};
    assert_int_equal(app_plan_add(&app, &rq, &p, &err), BELONG_OK);
    assert_true(p.id > 0 && p.has_start);
    struct civil_date d;
    instant_to_local(p.starts_at, NULL, &d, NULL, NULL, NULL);
    assert_int_equal(d.day, 10);
    assert_int_equal(p.support, PLAN_SUPPORT_REHEARSE);
    assert_int_equal(p.status, PLAN_PLANNED);
    plan_free(&p);

    rq.date = "2026-12-09";
    assert_int_equal(app_plan_add(&app, &rq, &p, &err), BELONG_EDATA);
    assert_string_equal(err.field, "--date");
    assert_non_null(strstr(err.message, "nearest: Thu 2026-12-03"));
    assert_non_null(strstr(err.message, "before, Thu 2026-12-10"));
    rq.date = "2026-11-26";
    assert_int_equal(app_plan_add(&app, &rq, &p, &err), BELONG_EDATA); /* the past */
    rq.date = "2026-12-10";
    rq.support = "carry";
    assert_int_equal(app_plan_add(&app, &rq, &p, &err), BELONG_EDATA);
    assert_string_equal(err.field, "--support");
    rq.support = NULL;
    app.cps = "jo"; /* another CPS: exactly as a missing peer */
    assert_int_equal(app_plan_add(&app, &rq, &p, &err), BELONG_ENOINPUT);
    char other[512];
    snprintf(other, sizeof other, "%s", err.message);
    rq.peer_id = 999999;
    assert_int_equal(app_plan_add(&app, &rq, &p, &err), BELONG_ENOINPUT);
    char expected[64];
    snprintf(expected, sizeof expected, "no such peer %lld in caseload jo", (long long)peer);
    assert_string_equal(other, expected);
    app.cps = "maria";
    assert_int_equal(count_plans(peer), 1);
}

static void close_and_visit(void **state)
{
    (void)state;
    int64_t peer = add_peer("Quinn");
    struct plan p;
    struct app_error err;
    struct app_plan_request rq = {peer, thursday_id, "2026-12-03", NULL, NULL};
    assert_int_equal(app_plan_add(&app, &rq, &p, &err), BELONG_OK);
    int64_t first = p.id;
    plan_free(&p);
    assert_int_equal(app_plan_close(&app, first, PLAN_CANCELLED, NULL, &p, &err), BELONG_EUSAGE);
    assert_int_equal(app_plan_close(&app, first, PLAN_SKIPPED, "rain", &p, &err), BELONG_OK);
    assert_int_equal(p.status, PLAN_SKIPPED);
    assert_string_equal(p.reason, "rain");
    plan_free(&p);
    assert_int_equal(app_plan_close(&app, first, PLAN_DONE, NULL, &p, &err), BELONG_EDATA);

    /* a visit to a planned plan closes it, in the same write */
    rq.date = "2026-12-03";
    assert_int_equal(app_plan_add(&app, &rq, &p, &err), BELONG_OK);
    int64_t second = p.id;
    plan_free(&p);
    app.now += 3 * SECONDS_PER_DAY; /* Friday the 4th */
    struct visit v;
    struct app_visit_request vr = {.peer_id = peer,
                                   .plan_id = second,
                                   .went = "yes",
                                   .comfort_before = 2,
                                   .comfort_after = 4,
                                   .conversations = 1,
                                   .felt = "good"};
    assert_int_equal(app_visit_add(&app, &vr, &v, &err), BELONG_OK);
    assert_string_equal(v.date, "2026-12-03");
    assert_int_equal(v.activity_id, thursday_id);
    visit_free(&v);
    struct plan *list;
    size_t n;
    assert_int_equal(app_plan_list(&app, peer, "done", &list, &n, &err), BELONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, second);
    plans_free(list, n);

    /* refusals write nothing */
    struct visit *visits;
    vr.comfort_after = 7;
    assert_int_equal(app_visit_add(&app, &vr, &v, &err), BELONG_EDATA);
    vr.comfort_after = 0;
    vr.went = "no";
    vr.conversations = 2;
    assert_int_equal(app_visit_add(&app, &vr, &v, &err), BELONG_EDATA);
    vr.conversations = -1;
    vr.plan_id = 0;
    vr.activity_id = thursday_id;
    vr.date = "2026-12-05";
    assert_int_equal(app_visit_add(&app, &vr, &v, &err), BELONG_EDATA); /* tomorrow */
    assert_string_equal(err.field, "--date");
    assert_int_equal(app_visit_list(&app, peer, &visits, &n, &err), BELONG_OK);
    assert_int_equal(n, 1);
    visits_free(visits, n);
    app.now -= 3 * SECONDS_PER_DAY;
}

static void choice_makes_or_joins_a_plan(void **state)
{
    (void)state;
    int64_t peer = add_peer("Rae");
    struct app_error err;
    char *name = NULL, *forced = NULL;
    assert_int_equal(
        app_choice_record(&app, peer, thursday_id, false, true, "first", &name, &forced, &err),
        BELONG_OK);
    free(name);
    free(forced);
    struct plan p;
    bool found;
    assert_int_equal(app_plan_planned_for(&app, peer, thursday_id, &p, &found, &err), BELONG_OK);
    assert_true(found);
    assert_string_equal(p.date, "2026-12-03"); /* its next date */
    assert_string_equal(p.note, "first");
    plan_free(&p);
    assert_int_equal(
        app_choice_record(&app, peer, thursday_id, false, true, NULL, &name, &forced, &err),
        BELONG_OK);
    free(name);
    free(forced);
    assert_int_equal(count_plans(peer), 1); /* joined, not doubled */
    assert_int_equal(
        app_choice_record(&app, peer, thursday_id, true, true, NULL, &name, &forced, &err),
        BELONG_OK);
    free(name);
    free(forced);
    assert_int_equal(count_plans(peer), 1); /* a decline plans nothing */
}

static void step_from_the_record(void **state)
{
    (void)state;
    int64_t peer = add_peer("Sol"); /* comfort 2 */
    struct activity a = {0};
    assert_int_equal(store_activity_get(app.store, thursday_id, &a), BELONG_OK);
    int intensity = a.intensity;
    activity_free(&a);
    struct app_error err;
    struct step_suggestion s;
    const char *days[] = {"2026-11-05", "2026-11-12", "2026-11-19"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(app_step_get(&app, peer, &s, &err), BELONG_OK);
        assert_int_equal(s.direction, STEP_NONE);
        struct visit v;
        struct app_visit_request vr = {.peer_id = peer,
                                       .activity_id = thursday_id,
                                       .date = days[i],
                                       .went = "yes",
                                       .comfort_after = 5,
                                       .conversations = -1};
        assert_int_equal(app_visit_add(&app, &vr, &v, &err), BELONG_OK);
        visit_free(&v);
    }
    assert_int_equal(app_step_get(&app, peer, &s, &err), BELONG_OK);
    assert_true(intensity >= 2); /* at or above the peer's level 2 */
    assert_int_equal(s.direction, STEP_UP);
    assert_int_equal(s.to_level, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plan_on_a_meeting_day_or_refused),
        cmocka_unit_test(close_and_visit),
        cmocka_unit_test(choice_makes_or_joins_a_plan),
        cmocka_unit_test(step_from_the_record),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
