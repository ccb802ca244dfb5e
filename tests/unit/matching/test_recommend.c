/* test_recommend.c — the whole recommend path over a real store: each hard constraint excludes
** (and --explain names it), determinism, a window past the horizon, and a property test over
** random peers x a random catalogue re-checking every returned suggestion independently and
** counting the eligible activities by brute force (the store's narrowing must drop none). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/directory/catalog.h"
#include "../../src/directory/places.h"
#include "../../src/matching/recommend.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"
#include "store_fixture.h"
#include "../../src/util/timeutil.h"

#define HOME_LAT 42.2626
#define HOME_LON (-71.8023)
#define CPS      "tester"

static char path[] = "/tmp/belong-test-recommend-XXXXXX";
static struct store *store;
static struct recommend_data data;

/* The ids of the fixed catalogue, by what each one breaks. */
static int64_t id_fits, id_far, id_cost, id_access, id_thursday, id_online, id_inactive,
    id_declined, id_away_only, id_far_thursday;

static int open_store(void **state)
{
    (void)state;
    struct diag diag = {0};
    int rc = fixture_store_open(path, &store);
    if (rc == BELONG_OK)
        rc = recommend_data_load(&data, &diag);
    diag_free(&diag);
    return rc;
}

static int close_store(void **state)
{
    (void)state;
    recommend_data_free(&data);
    fixture_store_remove(store, path);
    return 0;
}

/* Adds an activity with one schedule to the batch; miles_north moves it from the peer's home. */
static struct import_record *add_activity(struct import_batch *b, const char *ref, const char *name,
                                          double miles_north, const char *dtstart,
                                          const char *rrule)
{
    struct import_record *r = import_batch_add(b);
    r->activity.source_ref = xstrdup(ref);
    r->activity.name = xstrdup(name);
    r->activity.category = xstrdup("gardening-nature");
    r->activity.tags = xstrdup("gardening,plants");
    r->activity.intensity = 2;
    r->activity.cost_cents = 0;
    r->activity.access = ACCESS_WHEELCHAIR;
    r->activity.has_coords = true;
    r->activity.lat = HOME_LAT + miles_north / 69.0;
    r->activity.lon = HOME_LON;
    r->file = xstrdup("test");
    r->line = (long)b->n;
    struct schedule s = {0};
    s.dtstart = xstrdup(dtstart);
    s.tzid = xstrdup("America/New_York");
    s.duration_s = 7200;
    s.rrule = rrule ? xstrdup(rrule) : NULL;
    import_record_add_schedule(r, &s);
    return r;
}

static int64_t id_of(const char *ref)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int64_t found = 0;
    assert_int_equal(store_activity_ids(store, &ids, &n), 0);
    for (size_t i = 0; i < n && !found; i++) {
        struct activity a;
        assert_int_equal(store_activity_get(store, ids[i], &a), 0);
        if (strcmp(a.source_ref, ref) == 0)
            found = a.id;
        activity_free(&a);
    }
    free(ids);
    return found;
}

/* A peer free on Tuesday evenings, away on 8 Dec, free only, needing wheelchair access, up to
** 5 miles, no online. Stored in CPS's caseload. OUT: *p (peer_free). */
static void make_peer(struct peer *p)
{
    peer_init(p);
    p->cps = xstrdup(CPS);
    p->name = xstrdup("Rosa");
    p->has_coords = true;
    p->home_lat = HOME_LAT;
    p->home_lon = HOME_LON;
    p->max_travel_miles = 5;
    p->virtual_ok = false;
    p->budget_cents = 0;
    p->access_needs = ACCESS_WHEELCHAIR;
    p->comfort = 2;
    text_list_add(&p->interests, "plants");
    text_list_add(&p->tags, "gardening");
    assert_int_equal(availability_add_window_minutes(&p->availability, 1, 17 * 60, 21 * 60), 0);
    struct civil_date away = {2026, 12, 8};
    long day = days_from_civil(&away);
    assert_int_equal(availability_add_away_days(&p->availability, day, day), 0);
    availability_index(&p->availability);
    assert_int_equal(store_begin(store), 0);
    assert_int_equal(store_peer_put(store, p, belong_now()), 0);
    assert_int_equal(store_commit(store), 0);
}

static int build_catalogue(void **state)
{
    int rc = open_store(state);
    if (rc)
        return rc;
    struct import_batch b = {0};
    b.source = xstrdup("test:recommend");
    b.kind = xstrdup("test");
    const char *tue = "20261103T180000", *weekly_tue = "FREQ=WEEKLY;BYDAY=TU";
    add_activity(&b, "fits", "Greenhouse shift", 1, tue, weekly_tue);
    add_activity(&b, "far", "Far garden", 30, tue, weekly_tue);
    add_activity(&b, "cost", "Paid garden class", 1, tue, weekly_tue)->activity.cost_cents = 2000;
    add_activity(&b, "access", "Stairs garden", 1, tue, weekly_tue)->activity.access = 0;
    add_activity(&b, "thursday", "Thursday garden", 1, "20261105T100000", "FREQ=WEEKLY;BYDAY=TH");
    add_activity(&b, "online", "Online plant chat", 1, tue, weekly_tue)->activity.is_virtual = true;
    add_activity(&b, "declined", "Declined garden", 1, tue, weekly_tue);
    add_activity(&b, "away", "One evening garden", 1, "20261208T180000", NULL);
    add_activity(&b, "far-thursday", "Far Thursday garden", 39, "20261105T100000",
                 "FREQ=WEEKLY;BYDAY=TH");
    struct diag diag = {0};
    rc = catalog_import(store, &b, NULL, &diag, NULL);
    import_batch_free(&b);
    /* Another source, imported twice: the second time without its listing, which retires it. */
    struct import_batch c = {0};
    c.source = xstrdup("test:retired");
    c.kind = xstrdup("test");
    add_activity(&c, "inactive", "Closed garden", 1, tue, weekly_tue);
    if (rc == BELONG_OK)
        rc = catalog_import(store, &c, NULL, &diag, NULL);
    import_batch_free(&c);
    struct import_batch empty = {0};
    empty.source = xstrdup("test:retired");
    empty.kind = xstrdup("test");
    struct import_options allow_empty = {.allow_empty = true};
    if (rc == BELONG_OK)
        rc = catalog_import(store, &empty, &allow_empty, &diag, NULL);
    import_batch_free(&empty);
    diag_print(&diag, stderr);
    diag_free(&diag);
    return rc;
}

static void resolve_ids(void)
{
    id_fits = id_of("fits");
    id_far = id_of("far");
    id_cost = id_of("cost");
    id_access = id_of("access");
    id_thursday = id_of("thursday");
    id_online = id_of("online");
    id_declined = id_of("declined");
    id_away_only = id_of("away");
    id_far_thursday = id_of("far-thursday");
    id_inactive = 10; /* the retired one: the only id id_of cannot see (active only) */
}

static bool result_has(const struct recommend_result *r, int64_t id)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].id == id)
            return true;
    return false;
}

static enum match_exclusion explain(const struct peer *p, int64_t id,
                                    const struct recommend_options *opt)
{
    struct recommend_explanation e;
    assert_int_equal(recommend_explain(store, &data, p, id, opt, &e), 0);
    enum match_exclusion x = e.exclusion;
    if (x == MATCH_FITS) {
        assert_true(e.rank >= 1);
        assert_true(e.reasons.n >= 2);
    } else {
        assert_non_null(e.why);
        assert_true(strlen(e.why) > 5);
    }
    recommend_explanation_free(&e);
    return x;
}

static void each_hard_constraint_excludes_and_explain_names_it(void **state)
{
    (void)state;
    resolve_ids();
    struct peer p;
    make_peer(&p);
    assert_int_equal(
        store_choice_put(store, CPS, p.id, id_declined, STORE_CHOICE_DECLINED, "no", belong_now()),
        0);
    struct recommend_options opt = {0};
    struct recommend_result r;
    assert_int_equal(recommend_run(store, &data, &p, &opt, &r), 0);
    assert_true(result_has(&r, id_fits));
    assert_int_equal(r.n, 1); /* everything else breaks one constraint */
    assert_true(r.items[0].reasons.n >= 2 && r.items[0].reasons.n <= 4);
    assert_true(r.items[0].n_next >= 1);
    recommend_result_free(&r);

    assert_int_equal(explain(&p, id_fits, &opt), MATCH_FITS);
    assert_int_equal(explain(&p, id_far, &opt), MATCH_EX_TOO_FAR);
    assert_int_equal(explain(&p, id_cost, &opt), MATCH_EX_COST);
    assert_int_equal(explain(&p, id_access, &opt), MATCH_EX_ACCESS);
    assert_int_equal(explain(&p, id_thursday, &opt), MATCH_EX_NO_TIME);
    assert_int_equal(explain(&p, id_online, &opt), MATCH_EX_VIRTUAL);
    assert_int_equal(explain(&p, id_declined, &opt), MATCH_EX_DECLINED);
    assert_int_equal(explain(&p, id_away_only, &opt), MATCH_EX_NO_TIME);
    assert_int_equal(explain(&p, id_inactive, &opt), MATCH_EX_INACTIVE);
    struct recommend_explanation e;
    assert_int_equal(recommend_explain(store, &data, &p, 12345, &opt, &e), BELONG_ENOINPUT);

    /* Lifting each limit brings the activity back. */
    opt.include_declined = true;
    p.virtual_ok = true;
    p.budget_cents = BUDGET_ANY;
    p.max_travel_miles = 40;
    assert_int_equal(recommend_run(store, &data, &p, &opt, &r), 0);
    assert_true(result_has(&r, id_declined));
    assert_true(result_has(&r, id_online));
    assert_true(result_has(&r, id_cost));
    assert_true(result_has(&r, id_far));
    assert_false(result_has(&r, id_access));
    assert_false(result_has(&r, id_thursday));
    assert_false(result_has(&r, id_inactive));
    recommend_result_free(&r);
    peer_free(&p);
}

static void deterministic_and_past_the_horizon(void **state)
{
    (void)state;
    struct peer p;
    make_peer(&p);
    p.max_travel_miles = 40;
    p.budget_cents = BUDGET_ANY;
    struct recommend_options opt = {0};
    struct recommend_result a, b;
    assert_int_equal(recommend_run(store, &data, &p, &opt, &a), 0);
    assert_int_equal(recommend_run(store, &data, &p, &opt, &b), 0);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_int_equal(a.items[i].id, b.items[i].id);
        assert_true(a.items[i].score == b.items[i].score);
    }
    recommend_result_free(&a);
    recommend_result_free(&b);
    /* 300 days ahead, far past the 120-day horizon: the schedules are expanded. */
    opt.from = belong_now() + 300L * 86400;
    opt.days = 14;
    assert_int_equal(recommend_run(store, &data, &p, &opt, &a), 0);
    assert_true(result_has(&a, id_fits));
    for (size_t i = 0; i < a.n; i++)
        for (size_t k = 0; k < a.items[i].n_next; k++)
            assert_true(a.items[i].next[k] >= a.from && a.items[i].next[k] < a.to);
    recommend_result_free(&a);
    opt.limit = RECOMMEND_LIMIT_MAX + 1;
    assert_int_equal(recommend_run(store, &data, &p, &opt, &a), BELONG_EUSAGE);
    peer_free(&p);
}

/* --explain lists every hard constraint broken, the strongest first: a group 39 miles away at
** a time the peer is busy gets both, the distance first. */
static void explain_lists_every_blocker(void **state)
{
    (void)state;
    resolve_ids();
    struct peer p;
    make_peer(&p);
    struct recommend_options opt = {0};
    struct recommend_explanation e;
    assert_int_equal(recommend_explain(store, &data, &p, id_far_thursday, &opt, &e), 0);
    assert_int_equal(e.exclusion, MATCH_EX_TOO_FAR);
    assert_int_equal(e.n_blockers, 2);
    assert_int_equal(e.blockers[0].blocker, MATCH_EX_TOO_FAR);
    assert_int_equal(e.blockers[1].blocker, MATCH_EX_NO_TIME);
    assert_non_null(strstr(e.blockers[0].why, "miles away"));
    assert_non_null(strstr(e.why, "miles away"));
    assert_non_null(strstr(e.why, "a time you are free"));
    recommend_explanation_free(&e);
    /* one limit: one blocker */
    assert_int_equal(recommend_explain(store, &data, &p, id_cost, &opt, &e), 0);
    assert_int_equal(e.n_blockers, 1);
    assert_int_equal(e.blockers[0].blocker, MATCH_EX_COST);
    recommend_explanation_free(&e);
    peer_free(&p);
}

static const struct blocker_nearly *nearly_of(const struct recommend_diagnosis *d, int64_t id)
{
    for (size_t i = 0; i < d->n_nearly; i++)
        if (d->nearly[i].id == id)
            return &d->nearly[i];
    return NULL;
}

/* The fixed catalogue, counted by hand for Rosa (Tuesday evenings, away 8 Dec, free only,
** wheelchair, 5 miles, not online, the "declined" one declined): 9 listings meet in the 21
** days (the retired one is not a listing any more); one fits. */
static void blocker_counts_changes_and_nearly_fits(void **state)
{
    (void)state;
    resolve_ids();
    struct peer p;
    make_peer(&p);
    assert_int_equal(
        store_choice_put(store, CPS, p.id, id_declined, STORE_CHOICE_DECLINED, "no", belong_now()),
        0);
    struct recommend_options opt = {0};
    struct recommend_result r;
    assert_int_equal(recommend_run(store, &data, &p, &opt, &r), 0);
    assert_int_equal(r.n_eligible, 1);
    assert_int_equal(recommend_diagnose(store, &data, &p, &opt, &r.diagnosis), 0);
    const struct recommend_diagnosis *d = &r.diagnosis;
    assert_int_equal(d->considered, 9);
    assert_int_equal(d->fits, 1);
    assert_int_equal(d->blocked[MATCH_EX_TOO_FAR], 2); /* far, far-thursday */
    assert_int_equal(d->only[MATCH_EX_TOO_FAR], 1);
    assert_int_equal(d->blocked[MATCH_EX_NO_TIME], 3); /* thursday, away, far-thursday */
    assert_int_equal(d->only[MATCH_EX_NO_TIME], 2);
    assert_int_equal(d->blocked[MATCH_EX_COST], 1);
    assert_int_equal(d->blocked[MATCH_EX_ACCESS], 1);
    assert_int_equal(d->blocked[MATCH_EX_VIRTUAL], 1);
    assert_int_equal(d->blocked[MATCH_EX_DECLINED], 1);
    assert_int_equal(d->blocked[MATCH_EX_INACTIVE], 0);
    assert_int_equal(d->blocked[MATCH_EX_AUDIENCE], 0);
    /* Thursday mornings let the Thursday garden in (the one away evening no time change
    ** helps); online lets one in; no listing costs or lies within a modest step. */
    assert_int_equal(d->n_changes, 2);
    assert_int_equal(d->changes[0].kind, BLOCKER_CHANGE_TIME);
    assert_int_equal(d->changes[0].weekday, 3);
    assert_int_equal(d->changes[0].part, BLOCKER_MORNING);
    assert_int_equal(d->changes[0].gain, 1);
    struct buf text = {0};
    blocker_change_text(&d->changes[0], &text);
    assert_string_equal(buf_str(&text), "free on Thursday mornings too");
    buf_free(&text);
    assert_int_equal(d->changes[1].kind, BLOCKER_CHANGE_ONLINE);
    assert_int_equal(d->changes[1].gain, 1);
    /* Nearly fits: the six with one blocker (not the declined one), nearest first. */
    assert_int_equal(d->n_nearly, 6);
    assert_null(nearly_of(d, id_declined));
    assert_null(nearly_of(d, id_far_thursday));
    assert_null(nearly_of(d, id_fits));
    const struct blocker_nearly *far = nearly_of(d, id_far);
    assert_non_null(far);
    assert_int_equal(far->blocker, MATCH_EX_TOO_FAR);
    assert_non_null(strstr(far->why, "miles away; you said up to 5.0 miles"));
    assert_int_equal(d->nearly[4].id, id_far); /* after the four a mile away */
    assert_int_equal(d->nearly[5].id, id_online);
    const struct blocker_nearly *thu = nearly_of(d, id_thursday);
    assert_int_equal(thu->blocker, MATCH_EX_NO_TIME);
    assert_true(thu->next >= r.from && thu->next < r.to);
    assert_int_equal(nearly_of(d, id_cost)->blocker, MATCH_EX_COST);
    assert_int_equal(nearly_of(d, id_access)->blocker, MATCH_EX_ACCESS);
    recommend_result_free(&r);

    /* A longer trip and a larger budget within a step: counted exactly. */
    p.max_travel_miles = 25; /* up to 50 miles: the far garden at 30 */
    p.budget_cents = 1500;   /* up to $30: the $20 class */
    assert_int_equal(recommend_run(store, &data, &p, &opt, &r), 0);
    assert_int_equal(recommend_diagnose(store, &data, &p, &opt, &r.diagnosis), 0);
    d = &r.diagnosis;
    bool saw_distance = false, saw_budget = false;
    for (size_t i = 0; i < d->n_changes; i++) {
        const struct blocker_change *ch = &d->changes[i];
        if (ch->kind == BLOCKER_CHANGE_DISTANCE) {
            saw_distance = true;
            assert_true(ch->miles >= 30 && ch->miles <= 31);
            assert_int_equal(ch->gain, 1); /* far-thursday is busy-time too */
        }
        if (ch->kind == BLOCKER_CHANGE_BUDGET) {
            saw_budget = true;
            assert_int_equal(ch->budget_cents, 2000);
            assert_int_equal(ch->gain, 1);
        }
    }
    assert_true(saw_distance && saw_budget);
    recommend_result_free(&r);

    /* The nearly fits are at most --limit. */
    opt.limit = 2;
    struct recommend_diagnosis two;
    assert_int_equal(recommend_diagnose(store, &data, &p, &opt, &two), 0);
    assert_int_equal(two.n_nearly, 2);
    recommend_diagnosis_free(&two);
    peer_free(&p);
}

/* ---- property: random peers x a random catalogue --------------------------------------------- */

#define PROP_ACTIVITIES 1500
#define PROP_PEERS      200

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}
static double rnd_unit(void)
{
    return (double)rnd() / 2147483648.0;
}

static char prop_path[] = "/tmp/belong-test-recommend-prop-XXXXXX";

static void build_random_catalogue(struct store *s)
{
    static const char *const cats[] = {"gardening-nature", "arts-crafts",  "music",
                                       "books-learning",   "volunteering", "sports-fitness",
                                       "peer-support",     "food-cooking"};
    static const char *const tags[] = {
        "gardening,plants",  "painting,art",    "choir,singing",         "books,reading",
        "volunteer,helping", "walking,fitness", "recovery,peer support", "cooking,baking"};
    static const char *const days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    struct import_batch b = {0};
    b.source = xstrdup("test:random");
    b.kind = xstrdup("test");
    for (int i = 0; i < PROP_ACTIVITIES; i++) {
        struct import_record *r = import_batch_add(&b);
        char ref[32], name[64];
        snprintf(ref, sizeof ref, "r%d", i);
        int c = (int)(rnd() % 8);
        snprintf(name, sizeof name, "Activity %d %s", i, tags[c]);
        r->activity.source_ref = xstrdup(ref);
        r->activity.name = xstrdup(name);
        r->activity.category = xstrdup(cats[c]);
        r->activity.tags = xstrdup(tags[c]);
        r->activity.organization = xstrdup(rnd() % 2 ? "Org A" : "Org B");
        r->activity.intensity = (int)(rnd() % 6);
        int cost = (int)(rnd() % 4);
        r->activity.cost_cents = cost == 0 ? COST_UNKNOWN : cost == 1 ? 0 : cost == 2 ? 500 : 2000;
        r->activity.access = rnd() % 16;
        r->activity.is_virtual = rnd() % 10 == 0;
        r->activity.has_coords = rnd() % 20 != 0;
        r->activity.lat = HOME_LAT + (rnd_unit() - 0.5) * 0.6;
        r->activity.lon = HOME_LON + (rnd_unit() - 0.5) * 0.8;
        r->file = xstrdup("random");
        r->line = i + 1;
        struct schedule sc = {0};
        char dtstart[32], rule[64];
        int day = (int)(rnd() % 7); /* 2026-11-02 is a Monday */
        int hour = 7 + (int)(rnd() % 15);
        snprintf(dtstart, sizeof dtstart, "202611%02dT%02d%02d00", 2 + day, hour,
                 rnd() % 2 ? 30 : 0);
        int kind = (int)(rnd() % 3);
        snprintf(rule, sizeof rule,
                 kind == 0   ? "FREQ=WEEKLY;BYDAY=%s"
                 : kind == 1 ? "FREQ=WEEKLY;INTERVAL=2;BYDAY=%s"
                             : "FREQ=MONTHLY;BYDAY=2%s",
                 days[day]);
        sc.dtstart = xstrdup(dtstart);
        sc.tzid = xstrdup("America/New_York");
        sc.duration_s = 1800 * (1 + (int)(rnd() % 6));
        sc.rrule = xstrdup(rule);
        import_record_add_schedule(r, &sc);
    }
    struct diag diag = {0};
    assert_int_equal(catalog_import(s, &b, NULL, &diag, NULL), 0);
    diag_free(&diag);
    import_batch_free(&b);
}

static void random_peer(struct store *s, struct peer *p, int n)
{
    peer_init(p);
    p->cps = xstrdup(CPS);
    char name[32];
    snprintf(name, sizeof name, "Peer %d", n);
    p->name = xstrdup(name);
    p->has_coords = rnd() % 10 != 0;
    p->home_lat = HOME_LAT + (rnd_unit() - 0.5) * 0.4;
    p->home_lon = HOME_LON + (rnd_unit() - 0.5) * 0.5;
    p->max_travel_miles = rnd() % 8 == 0 ? TRAVEL_MILES_UNSTATED : (double)(rnd() % 25);
    p->virtual_ok = rnd() % 2;
    int budget = (int)(rnd() % 4);
    p->budget_cents = budget == 0 ? BUDGET_ANY : budget == 1 ? 0 : budget == 2 ? 500 : 1000;
    p->access_needs = rnd() % 3 == 0 ? rnd() % 16 : 0;
    p->comfort = (int)(rnd() % 6);
    static const char *const words[] = {"plants", "I used to sing in church", "reading",
                                        "bikes",  "cooking for my family",    "painting"};
    text_list_add(&p->interests, words[rnd() % 6]);
    int windows = (int)(rnd() % 4);
    for (int w = 0; w < windows; w++) {
        int start = 6 * 60 + (int)(rnd() % 24) * 30;
        int end = start + 60 + (int)(rnd() % 8) * 30;
        availability_add_window_minutes(&p->availability, (int)(rnd() % 7), start,
                                        end > 1440 ? 1440 : end); /* overlaps are refused */
    }
    if (rnd() % 3 == 0) {
        struct civil_date d = {2026, 12, 1 + (int)(rnd() % 20)};
        long first = days_from_civil(&d);
        availability_add_away_days(&p->availability, first, first + (long)(rnd() % 5));
    }
    availability_index(&p->availability);
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_peer_put(s, p, belong_now()), 0);
    assert_int_equal(store_commit(s), 0);
    int declines = (int)(rnd() % 6);
    for (int k = 0; k < declines; k++)
        store_choice_put(s, CPS, p->id, 1 + (int64_t)(rnd() % PROP_ACTIVITIES),
                         STORE_CHOICE_DECLINED, NULL, belong_now());
}

/* Re-checks one suggestion against every hard constraint, without the matching code. */
static void check_suggestion(struct store *s, const struct peer *p,
                             const struct recommend_result *res, const struct recommendation *rec,
                             bool include_declined)
{
    struct activity a;
    assert_int_equal(store_activity_get(s, rec->id, &a), 0);
    assert_true(a.active);
    /* time: every listed next occurrence fits the availability and is not on a day away */
    assert_true(rec->n_next >= 1);
    for (size_t k = 0; k < rec->n_next; k++) {
        struct occurrence *occ = NULL;
        size_t n = 0;
        assert_int_equal(
            store_occurrences_get(s, rec->id, rec->next[k], rec->next[k] + 1, &occ, &n), 0);
        assert_int_equal(n, 1);
        assert_true(occ[0].start >= res->from && occ[0].start < res->to);
        assert_true(availability_allows_instant(&p->availability, occ[0].start,
                                                (int)(occ[0].end - occ[0].start), a.tzid));
        free(occ);
    }
    /* distance */
    if (a.is_virtual) {
        assert_true(p->virtual_ok);
    } else if (p->max_travel_miles >= 0) {
        assert_true(a.has_coords && p->has_coords);
        double miles = distance_miles(p->home_lat, p->home_lon, a.lat, a.lon);
        assert_true(miles <= p->max_travel_miles);
    }
    /* cost */
    if (p->budget_cents >= 0)
        assert_true(a.cost_cents >= 0 && a.cost_cents <= p->budget_cents);
    /* access */
    unsigned have = a.access | (a.is_virtual ? (ACCESS_WHEELCHAIR | ACCESS_TRANSIT) : 0u);
    assert_int_equal(p->access_needs & ~have, 0);
    /* not declined */
    if (!include_declined) {
        struct store_choice *ch = NULL;
        size_t n = 0;
        assert_int_equal(store_choices_get(s, CPS, p->id, &ch, &n), 0);
        for (size_t i = 0; i < n; i++)
            assert_false(ch[i].activity_id == rec->id && ch[i].choice == STORE_CHOICE_DECLINED);
        store_choices_free(ch, n);
    }
    activity_free(&a);
}

/* Every active activity with its occurrences in the window, for the brute-force count. */
struct listing {
    struct activity a;
    struct occurrence *occ;
    size_t n_occ;
};

static void load_listings(struct store *s, time_t from, time_t to, struct listing **out, size_t *n)
{
    int64_t *ids = NULL;
    assert_int_equal(store_activity_ids(s, &ids, n), 0);
    *out = calloc(*n ? *n : 1, sizeof **out);
    for (size_t i = 0; i < *n; i++) {
        assert_int_equal(store_activity_get(s, ids[i], &(*out)[i].a), 0);
        assert_int_equal(
            store_occurrences_get(s, ids[i], from, to, &(*out)[i].occ, &(*out)[i].n_occ), 0);
    }
    free(ids);
}

/* How many listings pass every hard constraint for p, checked one by one without the store's
** narrowing: what recommend must find (n_eligible), no more and no fewer. */
static size_t brute_force_eligible(struct store *s, const struct peer *p, const struct listing *l,
                                   size_t n, bool include_declined)
{
    struct store_choice *ch = NULL;
    size_t n_ch = 0;
    assert_int_equal(store_choices_get(s, CPS, p->id, &ch, &n_ch), 0);
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const struct activity *a = &l[i].a;
        bool declined = false;
        for (size_t k = 0; k < n_ch; k++)
            declined |= ch[k].activity_id == a->id && ch[k].choice == STORE_CHOICE_DECLINED;
        if (declined && !include_declined)
            continue;
        bool time_ok = false;
        for (size_t k = 0; k < l[i].n_occ && !time_ok; k++)
            time_ok =
                availability_allows_instant(&p->availability, l[i].occ[k].start,
                                            (int)(l[i].occ[k].end - l[i].occ[k].start), a->tzid);
        if (!time_ok)
            continue;
        if (a->is_virtual
                ? !p->virtual_ok
                : p->max_travel_miles >= 0 && !(a->has_coords && p->has_coords &&
                                                distance_miles(p->home_lat, p->home_lon, a->lat,
                                                               a->lon) <= p->max_travel_miles))
            continue;
        if (p->budget_cents >= 0 && (a->cost_cents < 0 || a->cost_cents > p->budget_cents))
            continue;
        unsigned have = a->access | (a->is_virtual ? (ACCESS_WHEELCHAIR | ACCESS_TRANSIT) : 0u);
        if (p->access_needs & ~have)
            continue;
        count++;
    }
    store_choices_free(ch, n_ch);
    return count;
}

static void property_no_hard_constraint_is_ever_broken(void **state)
{
    (void)state;
    int fd = mkstemp(prop_path);
    assert_true(fd >= 0);
    close(fd);
    struct store *s = NULL;
    char err[256];
    assert_int_equal(store_open(prop_path, &s, err, sizeof err), 0);
    rng_state = 20261201;
    build_random_catalogue(s);
    struct recommend_options window = {0};
    time_t from, to;
    recommend_window(&window, &from, &to);
    struct listing *listings = NULL;
    size_t n_listings = 0;
    load_listings(s, from, to, &listings, &n_listings);
    size_t total = 0, empty = 0;
    for (int i = 0; i < PROP_PEERS; i++) {
        struct peer p;
        random_peer(s, &p, i);
        struct recommend_options opt = {.include_declined = rnd() % 5 == 0,
                                        .limit = 1 + (int)(rnd() % 20)};
        struct recommend_result a, b;
        assert_int_equal(recommend_run(s, &data, &p, &opt, &a), 0);
        assert_true(a.n <= (size_t)opt.limit && a.n <= a.n_eligible);
        for (size_t k = 0; k < a.n; k++)
            check_suggestion(s, &p, &a, &a.items[k], opt.include_declined);
        assert_int_equal(a.n_eligible,
                         brute_force_eligible(s, &p, listings, n_listings, opt.include_declined));
        assert_int_equal(recommend_run(s, &data, &p, &opt, &b), 0);
        assert_int_equal(a.n, b.n);
        for (size_t k = 0; k < a.n; k++) {
            assert_int_equal(a.items[k].id, b.items[k].id);
            assert_true(a.items[k].score == b.items[k].score);
            assert_string_equal(a.items[k].reasons.items[0], b.items[k].reasons.items[0]);
        }
        total += a.n;
        empty += a.n == 0;
        recommend_result_free(&a);
        recommend_result_free(&b);
        peer_free(&p);
    }
    /* The test means something only if most peers get suggestions. */
    assert_true(total > PROP_PEERS * 2);
    assert_true(empty < PROP_PEERS / 2);
    for (size_t i = 0; i < n_listings; i++) {
        activity_free(&listings[i].a);
        free(listings[i].occ);
    }
    free(listings);
    fixture_store_remove(s, prop_path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_hard_constraint_excludes_and_explain_names_it),
        cmocka_unit_test(deterministic_and_past_the_horizon),
        cmocka_unit_test(explain_lists_every_blocker),
        cmocka_unit_test(blocker_counts_changes_and_nearly_fits),
        cmocka_unit_test(property_no_hard_constraint_is_ever_broken),
    };
    return cmocka_run_group_tests(tests, build_catalogue, close_store);
}
