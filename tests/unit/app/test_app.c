/* test_app.c — the operations (src/app/) on a database in a temporary file: each one's result,
** and its refusals (bad request values, another CPS's peer, an archived peer, a missing
** activity), with nothing written when it refuses; measures stored and read back, edited and
** deleted; connections and their history; charts drawn from the records.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/app/app_charts.h"
#include "../../src/app/app_connections.h"
#include "../../src/app/app_directory.h"
#include "../../src/app/app_matching.h"
#include "../../src/app/app_measures.h"
#include "../../src/app/app_peer_records.h"
#include "../../src/app/app_peers.h"
#include "../../src/demo/demo.h"
#include "../../src/util/timeutil.h"
#include "app_fixture.h"
#include "store_fixture.h"

static char path[] = "/tmp/belong-test-app-XXXXXX";
static struct app app;

static int setup(void **state)
{
    (void)state;
    if (fixture_demo_app(path, &app) != 0)
        return -1;
    app.cps = "maria";
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_app_remove(&app, path);
    return 0;
}

/* ---- the context ------------------------------------------------------------------------ */

static void open_refuses_a_missing_file_for_reading(void **state)
{
    (void)state;
    struct app other = {0};
    app_context_init(&other);
    struct app_error err;
    int rc = app_open(&other, "/tmp/belong-test-app-no-such-dir/x.db", APP_READ, NULL, &err);
    assert_int_not_equal(rc, BELONG_OK);
    assert_int_equal(err.status, rc);
    assert_non_null(strstr(err.message, "belong-test-app-no-such-dir"));
    assert_null(other.store);
}

/* ---- directory -------------------------------------------------------------------------- */

static void activity_set_writes_and_refuses(void **state)
{
    (void)state;
    struct app_error err;
    struct activity a = {0};
    a.intensity = 2;
    assert_int_equal(app_activity_set(&app, 1, &a, ATTR_INTENSITY, &err), BELONG_OK);
    struct activity got;
    assert_int_equal(app_activity_get(&app, 1, &got, &err), BELONG_OK);
    assert_int_equal(got.intensity, 2);
    char *category_before = got.category ? strdup(got.category) : NULL;
    activity_free(&got);

    /* An unknown category is refused with its name, and nothing changes. */
    a.category = "not-a-category";
    a.intensity = 5;
    int rc = app_activity_set(&app, 1, &a, ATTR_CATEGORY | ATTR_INTENSITY, &err);
    assert_int_equal(rc, BELONG_EUSAGE);
    assert_string_equal(err.field, "--category");
    assert_non_null(strstr(err.message, "'not-a-category'"));
    assert_int_equal(app_activity_get(&app, 1, &got, &err), BELONG_OK);
    assert_int_equal(got.intensity, 2);
    if (category_before)
        assert_string_equal(got.category, category_before);
    activity_free(&got);
    free(category_before);

    a.category = NULL;
    assert_int_equal(app_activity_set(&app, 1, &a, 0, &err), BELONG_EUSAGE);
    assert_int_equal(app_activity_set(&app, 9999999, &a, ATTR_INTENSITY, &err), BELONG_ENOINPUT);
    assert_string_equal(err.message, "no activity with ID 9999999");
    assert_int_equal(app_activity_get(&app, 9999999, &got, &err), BELONG_ENOINPUT);
}

static void search_finds_and_says_when_past_the_horizon(void **state)
{
    (void)state;
    struct app_error err;
    struct search_query q;
    search_query_init(&q);
    char label[128];
    assert_int_equal(
        app_place_resolve(&app, "--town", "Worcester", false, &q, label, sizeof label, &err),
        BELONG_OK);
    assert_true(q.has_center);
    assert_non_null(strstr(label, "Worcester"));
    struct app_search_result r;
    assert_int_equal(app_search(&app, &q, &r, &err), BELONG_OK);
    assert_true(r.results.n > 0);
    assert_false(r.past_horizon);
    app_search_result_free(&r);

    search_query_init(&q);
    q.from = app.now + 400L * SECONDS_PER_DAY; /* beyond the 120-day horizon */
    assert_int_equal(app_search(&app, &q, &r, &err), BELONG_OK);
    assert_true(r.past_horizon);
    assert_true(r.horizon_to > app.now);
    app_search_result_free(&r);

    search_query_init(&q);
    assert_int_equal(app_place_resolve(&app, "--zip", "00000", true, &q, label, sizeof label, &err),
                     BELONG_EUSAGE);
    assert_string_equal(err.field, "--zip");
    assert_false(q.has_center);
}

/* Occurrences inside the horizon come from the table, outside from the schedules: the same
** activity has occurrences in both windows, and a window of the table agrees with expansion. */
static void occurrences_inside_and_past_the_horizon(void **state)
{
    (void)state;
    struct app_error err;
    struct app_listing l;
    int64_t id = 0;
    for (int64_t i = 1; i < 400 && !id; i++) {
        if (app_show(&app, i, 5, &l, &err) == BELONG_OK && l.n_occ == 5)
            id = i;
        app_listing_free(&l);
    }
    assert_true(id > 0);
    struct occurrence *near = NULL, *far = NULL;
    size_t n_near = 0, n_far = 0;
    assert_int_equal(app_activity_occurrences(&app, id, app.now, app.now + 28L * SECONDS_PER_DAY,
                                              &near, &n_near, &err),
                     BELONG_OK);
    assert_int_equal(app_activity_occurrences(&app, id, app.now + 364L * SECONDS_PER_DAY,
                                              app.now + 392L * SECONDS_PER_DAY, &far, &n_far, &err),
                     BELONG_OK);
    assert_true(n_near > 0);
    assert_true(n_far > 0);
    free(near);
    free(far);
    assert_int_equal(app_show(&app, 9999999, 5, &l, &err), BELONG_ENOINPUT);
    app_listing_free(&l);
}

static void refresh_reexpands(void **state)
{
    (void)state;
    struct app_error err;
    struct diag d = {0};
    struct import_stats stats = {0};
    assert_int_equal(app_refresh(&app, 0, &d, &stats, &err), BELONG_OK);
    assert_true(stats.activities > 100);
    assert_true(stats.occurrences > 0);
    diag_free(&d);
}

/* ---- peers ------------------------------------------------------------------------------ */

struct change {
    const char *name, *home;
};

static void set_fields(void *ctx, struct peer *p, struct diag *diag, struct diag *warnings)
{
    (void)warnings;
    const struct change *c = ctx;
    if (c->name)
        peer_set_text(&p->name, c->name, true, diag, NULL, "name");
    if (c->home)
        peer_set_home(p, c->home, diag, NULL);
}

static int64_t add_peer(const char *name)
{
    struct peer p;
    peer_init(&p);
    struct diag d = {0}, w = {0};
    struct app_error err;
    struct change c = {name, "Worcester"};
    int rc = app_peer_add(&app, set_fields, &c, &p, &d, &w, "test", &err);
    int64_t id = rc == BELONG_OK ? p.id : 0;
    peer_free(&p);
    diag_free(&d);
    diag_free(&w);
    return id;
}

static void peers_in_the_acting_caseload_only(void **state)
{
    (void)state;
    int64_t id = add_peer("Sam");
    assert_true(id > 0);
    struct app_error err;
    struct peer p;
    assert_int_equal(app_peer_get(&app, id, &p, &err), BELONG_OK);
    assert_string_equal(p.name, "Sam");
    assert_string_equal(p.cps, "maria");
    peer_free(&p);

    /* Another CPS sees nothing of it, and cannot change it. */
    app.cps = "jo";
    assert_int_equal(app_peer_get(&app, id, &p, &err), BELONG_ENOINPUT);
    char expected[64];
    snprintf(expected, sizeof expected, "no such peer %lld in caseload jo", (long long)id);
    assert_string_equal(err.message, expected);
    struct diag d = {0}, w = {0};
    struct change c = {"Changed", NULL};
    peer_init(&p);
    assert_int_equal(app_peer_edit(&app, id, set_fields, &c, &p, &d, &w, "test", &err),
                     BELONG_ENOINPUT);
    peer_free(&p);
    struct peer *list = NULL;
    size_t n = 9;
    assert_int_equal(app_peer_list(&app, true, &list, &n, &err), BELONG_OK);
    assert_int_equal(n, 0);
    app_peers_free(list, n);
    assert_int_equal(app_peer_archive(&app, id, true, &err), BELONG_ENOINPUT);
    app.cps = "maria";

    /* A bad value is refused with the field's name, and the stored profile stays. */
    c.name = "Changed";
    c.home = "12 Elm Street";
    peer_init(&p);
    assert_int_equal(app_peer_edit(&app, id, set_fields, &c, &p, &d, &w, "test", &err),
                     BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "home"));
    peer_free(&p);
    diag_free(&d);
    assert_int_equal(app_peer_get(&app, id, &p, &err), BELONG_OK);
    assert_string_equal(p.name, "Sam");
    peer_free(&p);

    c.home = NULL;
    peer_init(&p);
    assert_int_equal(app_peer_edit(&app, id, set_fields, &c, &p, &d, &w, "test", &err), BELONG_OK);
    assert_string_equal(p.name, "Changed");
    peer_free(&p);
    diag_free(&w);

    /* A new peer without a name is refused and nothing is added. */
    c.name = NULL;
    peer_init(&p);
    assert_int_equal(app_peer_add(&app, set_fields, &c, &p, &d, &w, "test", &err), BELONG_EDATA);
    peer_free(&p);
    diag_free(&d);
    assert_int_equal(app_peer_list(&app, true, &list, &n, &err), BELONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id);
    app_peers_free(list, n);
}

/* A peer who travels up to two miles and spends nothing. */
static void set_narrow_limits(void *ctx, struct peer *p, struct diag *diag, struct diag *warnings)
{
    (void)ctx;
    (void)diag;
    (void)warnings;
    p->max_travel_miles = 2;
    p->budget_cents = 0;
}

static int history_count(int64_t id)
{
    struct choice_event *h = NULL;
    size_t n = 0;
    struct app_error err;
    assert_int_equal(app_choice_history(&app, id, &h, &n, &err), BELONG_OK);
    app_choice_history_free(h, n);
    return (int)n;
}

/* A choice beyond the peer's limits refused (65) with nothing written, then forced; withdrawn;
** the history keeps every step, in order, with notes and the limits forced past. */
static void choices_forced_withdrawn_and_in_the_history(void **state)
{
    (void)state;
    int64_t id = add_peer("Kim");
    struct peer p;
    peer_init(&p);
    struct diag d = {0}, w = {0};
    struct app_error err;
    assert_int_equal(app_peer_edit(&app, id, set_narrow_limits, NULL, &p, &d, &w, "test", &err),
                     BELONG_OK);
    peer_free(&p);
    struct recommend_options opt = {.why_not = true, .limit = 100};
    struct recommend_result res;
    assert_int_equal(app_recommend(&app, id, &opt, &p, &res, &d, &err), BELONG_OK);
    peer_free(&p);
    int64_t far = 0, fits = res.n ? res.items[0].id : 0;
    for (size_t i = 0; i < res.diagnosis.n_nearly && !far; i++)
        if (res.diagnosis.nearly[i].blocker == MATCH_EX_TOO_FAR)
            far = res.diagnosis.nearly[i].id;
    assert_true(res.has_diagnosis); /* asked for */
    recommend_result_free(&res);
    assert_true(far > 0 && fits > 0);
    /* as many as asked for fit: no diagnosis unless asked for */
    struct recommend_options one = {.limit = 1};
    assert_int_equal(app_recommend(&app, id, &one, &p, &res, &d, &err), BELONG_OK);
    assert_false(res.has_diagnosis);
    recommend_result_free(&res);
    peer_free(&p);

    char *name = NULL, *forced = NULL;
    assert_int_equal(
        app_choice_record(&app, id, far, false, false, "she asked", &name, &forced, &err),
        BELONG_EDATA);
    assert_non_null(strstr(err.message, "(too-far)"));
    assert_non_null(strstr(err.message, "--force"));
    assert_null(name);
    assert_int_equal(history_count(id), 0);
    assert_int_equal(
        app_choice_record(&app, id, far, false, true, "she asked", &name, &forced, &err),
        BELONG_OK);
    assert_string_equal(forced, "too-far");
    free(name);
    free(forced);
    assert_int_equal(app_choice_record(&app, id, fits, false, false, NULL, &name, &forced, &err),
                     BELONG_OK);
    assert_null(forced);
    free(name);
    assert_int_equal(app_choice_withdraw(&app, id, fits, "no bus", &name, &err), BELONG_OK);
    free(name);
    assert_int_equal(app_choice_withdraw(&app, id, fits, NULL, &name, &err), BELONG_ENOINPUT);
    assert_null(name);

    struct choice_event *h = NULL;
    size_t n = 0;
    assert_int_equal(app_choice_history(&app, id, &h, &n, &err), BELONG_OK);
    assert_int_equal(n, 3);
    assert_int_equal(h[0].activity_id, far);
    assert_int_equal(h[0].kind, CHOICE_EVENT_CHOSEN);
    assert_string_equal(h[0].note, "she asked");
    assert_string_equal(h[0].forced, "too-far");
    assert_int_equal(h[1].kind, CHOICE_EVENT_CHOSEN);
    assert_null(h[1].forced);
    assert_int_equal(h[2].activity_id, fits);
    assert_int_equal(h[2].kind, CHOICE_EVENT_WITHDRAWN);
    assert_string_equal(h[2].note, "no bus");
    assert_non_null(h[2].name);
    app_choice_history_free(h, n);

    /* Another CPS sees none of it. */
    app.cps = "jo";
    assert_int_equal(app_choice_history(&app, id, &h, &n, &err), BELONG_ENOINPUT);
    assert_non_null(strstr(err.message, "in caseload jo"));
    app.cps = "maria";
    diag_free(&d);
    diag_free(&w);
}

/* ---- matching --------------------------------------------------------------------------- */

static void recommend_choose_plan_and_archive(void **state)
{
    (void)state;
    int64_t id = add_peer("Alex");
    assert_true(id > 0);
    struct app_error err;
    struct diag d = {0};
    struct peer p;
    struct recommend_result res;
    struct recommend_options opt = {0};
    assert_int_equal(app_recommend(&app, id, &opt, &p, &res, &d, &err), BELONG_OK);
    assert_true(res.n > 0);
    int64_t first = res.items[0].id;
    recommend_result_free(&res);
    peer_free(&p);

    struct recommend_explanation e;
    assert_int_equal(app_explain(&app, id, first, &opt, &p, &e, &d, &err), BELONG_OK);
    recommend_explanation_free(&e);
    peer_free(&p);
    assert_int_equal(app_explain(&app, id, 9999999, &opt, &p, &e, &d, &err), BELONG_ENOINPUT);
    assert_string_equal(err.message, "no such activity 9999999");
    recommend_explanation_free(&e);
    peer_free(&p);

    /* A choice: written, then in the plan; a missing activity writes nothing. */
    char *name = NULL, *forced = NULL;
    assert_int_equal(
        app_choice_record(&app, id, first, false, false, "with Maria", &name, &forced, &err),
        BELONG_OK);
    assert_non_null(name);
    free(name);
    assert_int_equal(app_choice_record(&app, id, 9999999, false, false, NULL, &name, &forced, &err),
                     BELONG_ENOINPUT);
    assert_null(name);
    struct app_plan plan;
    assert_int_equal(app_plan_get(&app, id, &plan, &err), BELONG_OK);
    assert_int_equal(plan.n, 1);
    assert_int_equal(plan.items[0].activity->id, first);
    assert_string_equal(plan.items[0].note, "with Maria");
    app_plan_free(&plan);
    assert_int_equal(app_plan_get(&app, 9999999, &plan, &err), BELONG_ENOINPUT);
    app_plan_free(&plan);

    /* An archived peer gets no suggestions and no new choices. */
    assert_int_equal(app_peer_archive(&app, id, true, &err), BELONG_OK);
    assert_int_equal(app_recommend(&app, id, &opt, &p, &res, &d, &err), BELONG_ENOINPUT);
    assert_non_null(strstr(err.message, "archived"));
    recommend_result_free(&res);
    peer_free(&p);
    assert_int_equal(app_choice_record(&app, id, first, true, false, NULL, &name, &forced, &err),
                     BELONG_ENOINPUT);
    assert_int_equal(app_plan_get(&app, id, &plan, &err), BELONG_OK);
    assert_int_equal(plan.n, 1); /* still chosen, not declined */
    app_plan_free(&plan);
    assert_int_equal(app_peer_archive(&app, id, false, &err), BELONG_OK);
    diag_free(&d);
}

static void demo_peers_are_added_once(void **state)
{
    (void)state;
    struct app_error err;
    struct diag d = {0};
    size_t added = 0, updated = 0;
    assert_int_equal(app_demo_peers(&app, &d, &added, &updated, &err), BELONG_OK);
    assert_true(added > 0);
    size_t first_added = added;
    assert_int_equal(app_demo_peers(&app, &d, &added, &updated, &err), BELONG_OK);
    assert_int_equal(added, 0);
    assert_true(updated + added <= first_added);
    diag_free(&d);
}

/* ---- measures ---------------------------------------------------------------------------- */

static void measures_stored_and_read_back(void **state)
{
    (void)state;
    int64_t id = add_peer("Mo");
    assert_true(id > 0);
    struct app_measure m;
    struct diag d = {0};
    struct app_error err;
    assert_int_equal(app_measure_add(&app, id, "DJG-6", "yes,more or less,no,no,,yes", "2026-11-20",
                                     &m, &d, &err),
                     BELONG_OK);
    assert_int_equal(app_measure_add(&app, id, "ucla3", "1,2,3", NULL, &m, &d, &err), BELONG_OK);
    assert_string_equal(m.date, "2026-12-01"); /* today, FIXTURE_NOW */

    /* the store keeps every code, NULL for the item not answered, each with its date */
    struct store_measure *rows;
    size_t n;
    assert_int_equal(store_measures_get(app.store, "maria", id, NULL, &rows, &n), BELONG_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].instrument, "djg6");
    assert_string_equal(rows[0].date, "2026-11-20");
    assert_int_equal(rows[0].n_codes, 6);
    assert_int_equal(rows[0].codes[4], MEASURE_ANSWER_MISSING);
    assert_int_equal(rows[0].codes[1], measure_find("djg6")->items[1].answers->options[1].code);
    assert_string_equal(rows[1].instrument, "ucla3");
    free(rows);

    /* listed and scored again, filtered by instrument */
    struct app_measure *list;
    assert_int_equal(app_measure_list(&app, id, "djg6", &list, &n, &err), BELONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(measure_total(&list[0].result)->score, 5);
    assert_true(list[0].result.scales[1].missing); /* emotional: two of three unanswered */
    free(list);

    /* refusals write nothing: a future date, another CPS's peer */
    assert_int_equal(app_measure_add(&app, id, "ucla3", "1,1,1", "2026-12-02", &m, &d, &err),
                     BELONG_EDATA);
    app.cps = "jo";
    assert_int_equal(app_measure_add(&app, id, "ucla3", "1,1,1", NULL, &m, &d, &err),
                     BELONG_ENOINPUT);
    assert_int_equal(app_measure_list(&app, id, NULL, &list, &n, &err), BELONG_ENOINPUT);
    app.cps = "maria";
    assert_int_equal(app_measure_list(&app, id, NULL, &list, &n, &err), BELONG_OK);
    assert_int_equal(n, 2);
    free(list);
    diag_free(&d);
}

static void measures_edited_and_deleted(void **state)
{
    (void)state;
    int64_t id = add_peer("Edie");
    struct app_measure m, e;
    struct diag d = {0};
    struct app_error err;
    assert_int_equal(app_measure_add(&app, id, "ucla3", "3,3,3", "2026-11-01", &m, &d, &err),
                     BELONG_OK);
    /* rescored, the date kept; then a new date */
    assert_int_equal(app_measure_edit(&app, m.id, "1,1,2", NULL, &e, &d, &err), BELONG_OK);
    assert_int_equal(measure_total(&e.result)->score, 4);
    assert_string_equal(e.date, "2026-11-01");
    assert_int_equal(app_measure_edit(&app, m.id, "2,2,2", "2026-10-01", &e, &d, &err), BELONG_OK);
    struct app_measure *list;
    size_t n;
    assert_int_equal(app_measure_list(&app, id, NULL, &list, &n, &err), BELONG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].date, "2026-10-01");
    assert_int_equal(measure_total(&list[0].result)->score, 6);
    free(list);
    /* refused: bad answers (the stored ones kept), another CPS */
    assert_int_equal(app_measure_edit(&app, m.id, "1,9,1", NULL, &e, &d, &err), BELONG_EDATA);
    diag_free(&d);
    app.cps = "jo";
    assert_int_equal(app_measure_edit(&app, m.id, "1,1,1", NULL, &e, &d, &err), BELONG_ENOINPUT);
    assert_int_equal(app_measure_delete(&app, m.id, NULL, &err), BELONG_ENOINPUT);
    app.cps = "maria";
    assert_int_equal(app_measure_list(&app, id, NULL, &list, &n, &err), BELONG_OK);
    assert_int_equal(measure_total(&list[0].result)->score, 6);
    free(list);
    assert_int_equal(app_measure_delete(&app, m.id, &e, &err), BELONG_OK);
    assert_int_equal(measure_total(&e.result)->score, 6);
    assert_int_equal(app_measure_list(&app, id, NULL, &list, &n, &err), BELONG_OK);
    assert_int_equal(n, 0);
    free(list);
    assert_int_equal(app_measure_delete(&app, m.id, &e, &err), BELONG_ENOINPUT);
    diag_free(&d);
}

static void connections_keep_their_history(void **state)
{
    (void)state;
    int64_t id = add_peer("Cleo");
    struct app_error err;
    struct connection c;
    struct app_connection_request r = {.name = "Rosa",
                                       .relationship = "friend",
                                       .closeness = "2",
                                       .met_activity_id = 1,
                                       .date = "2026-10-01"};
    assert_int_equal(app_connection_add(&app, id, &r, &c, &err), BELONG_OK);
    assert_non_null(c.met_activity);
    int64_t rosa = c.id;
    connection_free(&c);
    r = (struct app_connection_request){
        .name = "T.", .relationship = "peer", .closeness = "4", .date = "2026-10-10"};
    assert_int_equal(app_connection_add(&app, id, &r, &c, &err), BELONG_OK);
    int64_t t = c.id;
    connection_free(&c);

    r = (struct app_connection_request){.closeness = "5", .date = "2026-11-01"};
    assert_int_equal(app_connection_edit(&app, rosa, &r, &c, &err), BELONG_OK);
    assert_int_equal(c.n_history, 2);
    assert_int_equal(c.history[1].closeness, 5);
    assert_string_equal(c.history[1].relationship, "friend");
    connection_free(&c);
    assert_int_equal(app_connection_end(&app, t, "2026-11-15", &c, &err), BELONG_OK);
    assert_true(c.history[c.n_history - 1].ended);
    connection_free(&c);

    /* refusals write nothing */
    r = (struct app_connection_request){
        .name = "Rosa Parker", .relationship = "friend", .closeness = "2"};
    assert_int_equal(app_connection_add(&app, id, &r, &c, &err), BELONG_EDATA);
    assert_string_equal(err.field, "NAME");
    r = (struct app_connection_request){.closeness = "3", .date = "2026-10-15"};
    assert_int_equal(app_connection_edit(&app, rosa, &r, &c, &err), BELONG_EDATA);
    assert_int_equal(app_connection_edit(&app, t, &r, &c, &err), BELONG_EDATA);
    app.cps = "jo";
    assert_int_equal(app_connection_end(&app, rosa, NULL, &c, &err), BELONG_ENOINPUT);
    app.cps = "maria";

    struct connection *list;
    size_t n;
    char day[11];
    assert_int_equal(app_connection_list(&app, id, "2026-10-20", &list, &n, day, &err), BELONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(connection_as_of(&list[0], day)->closeness, 2);
    assert_false(connection_as_of(&list[1], day)->ended);
    connections_free(list, n);
    assert_int_equal(app_connection_list(&app, id, NULL, &list, &n, day, &err), BELONG_OK);
    assert_string_equal(day, "2026-12-01");
    assert_int_equal(list[0].n_history, 2);
    assert_true(connection_as_of(&list[1], day)->ended);
    connections_free(list, n);

    /* the charts drawn from these records */
    struct buf svg = {0};
    assert_int_equal(app_chart(&app, id, "ecomap", NULL, &svg, &err), BELONG_OK);
    assert_non_null(strstr(buf_str(&svg), "Rosa, friend, closeness 5 of 5"));
    assert_null(strstr(buf_str(&svg), "T., peer")); /* lost touch */
    buf_free(&svg);
    assert_int_equal(app_chart(&app, id, "network", "2026-11-01", &svg, &err), BELONG_OK);
    assert_non_null(strstr(buf_str(&svg), "people in touch, 2026-10-10: 2"));
    buf_free(&svg);
    assert_int_equal(app_chart(&app, id, "pie", NULL, &svg, &err), BELONG_EUSAGE);
    assert_int_equal(svg.len, 0);
    buf_free(&svg);
}

static void peer_records_exported_and_erased(void **state)
{
    (void)state;
    int64_t id = add_peer("Erin"), other = add_peer("Otto");
    struct app_error err;
    struct diag d = {0};
    struct app_measure m;
    struct connection c;
    assert_int_equal(app_measure_add(&app, id, "ucla3", "1,2,3", NULL, &m, &d, &err), BELONG_OK);
    assert_int_equal(app_measure_add(&app, other, "ucla3", "1,1,1", NULL, &m, &d, &err), BELONG_OK);
    struct app_connection_request r = {.name = "Lu", .relationship = "peer", .closeness = "3"};
    assert_int_equal(app_connection_add(&app, id, &r, &c, &err), BELONG_OK);
    connection_free(&c);

    struct app_peer_record rec;
    assert_int_equal(app_peer_export(&app, id, &rec, NULL, &err), BELONG_OK);
    assert_string_equal(rec.peer.name, "Erin");
    assert_int_equal(rec.n_measures, 1);
    assert_int_equal(rec.n_connections, 1);
    app_peer_record_free(&rec);
    app.cps = "jo";
    assert_int_equal(app_peer_export(&app, id, &rec, NULL, &err), BELONG_ENOINPUT);
    app_peer_record_free(&rec);
    struct app_erased gone;
    assert_int_equal(app_peer_erase(&app, id, &gone, &err), BELONG_ENOINPUT);
    app.cps = "maria";

    assert_int_equal(app_peer_erase(&app, id, &gone, &err), BELONG_OK);
    assert_int_equal(gone.measures, 1);
    assert_int_equal(gone.connections, 1);
    struct peer p;
    assert_int_equal(app_peer_get(&app, id, &p, &err), BELONG_ENOINPUT);
    peer_free(&p);
    assert_int_equal(app_peer_export(&app, other, &rec, NULL, &err), BELONG_OK);
    assert_int_equal(rec.n_measures, 1);
    app_peer_record_free(&rec);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_refuses_a_missing_file_for_reading),
        cmocka_unit_test(activity_set_writes_and_refuses),
        cmocka_unit_test(search_finds_and_says_when_past_the_horizon),
        cmocka_unit_test(occurrences_inside_and_past_the_horizon),
        cmocka_unit_test(refresh_reexpands),
        cmocka_unit_test(peers_in_the_acting_caseload_only),
        cmocka_unit_test(recommend_choose_plan_and_archive),
        cmocka_unit_test(choices_forced_withdrawn_and_in_the_history),
        cmocka_unit_test(demo_peers_are_added_once),
        cmocka_unit_test(measures_stored_and_read_back),
        cmocka_unit_test(measures_edited_and_deleted),
        cmocka_unit_test(connections_keep_their_history),
        cmocka_unit_test(peer_records_exported_and_erased),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
