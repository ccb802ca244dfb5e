/* test_search.c — the search domain over a small store: every filter, the window, inactive
** listings, ordering, the limit, and FTS5 query escaping. Now is pinned to Tuesday
** 2026-12-01 09:00 in America/New_York. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/directory/catalog.h"
#include "../../src/directory/search.h"
#include "../../src/store/sqlite_internal.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"
#include "store_fixture.h"
#include "../../src/util/timeutil.h"

static char path[] = "/tmp/belong-test-search-XXXXXX";
static struct store *store;
static int64_t ids[8]; /* store ids by fixture number (1..7) */

#define WORCESTER_LAT 42.2626
#define WORCESTER_LON -71.8023

/* One fixture activity: number, name, category, place, rule, start, cost, access, intensity. */
struct fixture {
    int number;
    const char *name, *organization, *category, *tags;
    double lat, lon;
    const char *dtstart, *rrule;
    int cost_cents;
    unsigned access;
    int intensity;
    bool active;
};

static const struct fixture fixtures[] = {
    {1, "Elm Park community garden shift", "Worcester Green Hands", "gardening-nature",
     "plants,outdoors", WORCESTER_LAT, WORCESTER_LON, "20261103T180000", "FREQ=WEEKLY;BYDAY=TU", 0,
     ACCESS_WHEELCHAIR | ACCESS_QUIET, 1, true},
    {2, "Mystery book club", "Worcester Public Library", "books-learning", "reading", 42.2634,
     -71.8003, "20261105T140000", "FREQ=WEEKLY;BYDAY=TH", 500, ACCESS_ASL, 3, true},
    {3, "Watercolour painting class", "Boston Art Studio", "arts-crafts", "painting", 42.3601,
     -71.0589, "20261107T100000", "FREQ=WEEKLY;BYDAY=SA", 1500, ACCESS_WHEELCHAIR | ACCESS_TRANSIT,
     2, true},
    {4, "Old garden club", "Closed Garden Society", "gardening-nature", "plants", 42.2626, -71.8023,
     "20261103T100000", "FREQ=WEEKLY;BYDAY=TU", 0, 0, 1, false},
    {5, "Quiet gardening hour", "Springfield Growers", "gardening-nature", "plants", 42.1015,
     -72.5898, "20261102T090000", "FREQ=WEEKLY;BYDAY=MO", 0, ACCESS_QUIET, 1, true},
    {6, "Drum circle AND jam: \"open\" night", "Canal District Music", "music", "drumming", 42.2590,
     -71.7950, "20261106T190000", "FREQ=WEEKLY;BYDAY=FR", COST_UNKNOWN, 0, 0, true},
    {7, "Winter chess tournament", "Worcester Chess Club", "social-games", "chess", 42.2700,
     -71.8100, "20270215T130000", NULL, 0, 0, 4, true},
};
#define FIXTURE_COUNT (sizeof fixtures / sizeof fixtures[0])

static int build_store(void **state)
{
    (void)state;
    if (fixture_store_open(path, &store) != BELONG_OK)
        return -1;
    struct import_batch b = {0};
    b.source = xstrdup("test:search");
    b.kind = xstrdup("test");
    for (size_t i = 0; i < FIXTURE_COUNT; i++) {
        const struct fixture *f = &fixtures[i];
        struct import_record *r = import_batch_add(&b);
        char ref[16];
        snprintf(ref, sizeof ref, "f%d", f->number);
        r->activity.source_ref = xstrdup(ref);
        r->activity.name = xstrdup(f->name);
        r->activity.organization = xstrdup(f->organization);
        r->activity.category = xstrdup(f->category);
        r->activity.tags = xstrdup(f->tags);
        r->activity.has_coords = true;
        r->activity.lat = f->lat;
        r->activity.lon = f->lon;
        r->activity.cost_cents = f->cost_cents;
        r->activity.access = f->access;
        r->activity.intensity = f->intensity;
        r->activity.active = f->active;
        r->file = xstrdup("fixture");
        r->line = f->number;
        struct schedule s = {0};
        s.dtstart = xstrdup(f->dtstart);
        s.tzid = xstrdup("America/New_York");
        s.duration_s = 5400;
        s.rrule = f->rrule ? xstrdup(f->rrule) : NULL;
        import_record_add_schedule(r, &s);
    }
    struct diag d = {0};
    int rc = catalog_import(store, &b, NULL, &d, NULL);
    diag_print(&d, stderr);
    diag_free(&d);
    import_batch_free(&b);
    if (rc != BELONG_OK)
        return -1;
    /* Ids follow insertion order. */
    int64_t *all;
    size_t n;
    if (store_activity_ids(store, &all, &n) != BELONG_OK)
        return -1;
    for (size_t i = 0, j = 0; i < FIXTURE_COUNT; i++)
        ids[fixtures[i].number] = fixtures[i].active ? all[j++] : 0;
    free(all);
    return 0;
}

static int remove_store(void **state)
{
    (void)state;
    fixture_store_remove(store, path);
    return 0;
}

/* Runs q and checks the fixture numbers of the results, in order (0-terminated list). */
static void expect(const struct search_query *q, const int *numbers)
{
    struct search_results r;
    char err[256];
    int rc = search_run(store, q, &r, err, sizeof err);
    if (rc != BELONG_OK)
        fail_msg("search failed: %s", err);
    size_t n = 0;
    while (numbers[n])
        n++;
    char got[256] = "", want[256] = "";
    for (size_t i = 0; i < r.n; i++) {
        int number = 0;
        for (int k = 1; k < 8; k++)
            if (ids[k] == r.items[i].id)
                number = k;
        snprintf(got + strlen(got), sizeof got - strlen(got), "%d ", number);
    }
    for (size_t i = 0; i < n; i++)
        snprintf(want + strlen(want), sizeof want - strlen(want), "%d ", numbers[i]);
    if (strcmp(got, want) != 0)
        fail_msg("results: got [%s], want [%s]", got, want);
    search_results_free(&r);
}

#define EXPECT(q, ...) expect((q), (const int[]){__VA_ARGS__, 0})

static void no_filter_lists_the_window_soonest_first_without_inactive(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    /* Tue 1 Dec 18:00, Thu 3 Dec 14:00, Fri 4 Dec 19:00, Sat 5 Dec 10:00, Mon 7 Dec 09:00;
    ** 4 is inactive, 7 is in February. */
    EXPECT(&q, 1, 2, 6, 3, 5);
}

static void window_selects_by_date(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    struct civil_date d = {2027, 2, 15};
    q.from = local_to_instant(&d, 12 * 60, 0, NULL);
    q.to = local_to_instant(&d, 23 * 60, 0, NULL);
    EXPECT(&q, 7);
    q.from = local_to_instant(&d, 0, 0, NULL);
    EXPECT(&q, 5, 7); /* Monday 09:00 gardening, then 13:00 chess */
}

static void category_filter(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    q.categories[q.n_categories++] = "gardening-nature";
    EXPECT(&q, 1, 5);
    q.categories[q.n_categories++] = "music";
    EXPECT(&q, 1, 6, 5);
}

static void text_filter_with_stemming_and_prefix(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    q.text = "garden";
    /* "gardening" too, by stem and prefix; the shorter name ranks first (bm25 favours a
    ** match in a short field). */
    EXPECT(&q, 5, 1);
    q.text = "GARDEN shift";
    EXPECT(&q, 1);
    q.text = "library";
    EXPECT(&q, 2); /* the organisation is searched */
    q.text = "drumming";
    EXPECT(&q, 6); /* and the tags */
    q.text = "water";
    EXPECT(&q, 3); /* the last word is a prefix */
    q.text = "knitting";
    struct search_results r;
    char err[256];
    assert_int_equal(search_run(store, &q, &r, err, sizeof err), BELONG_OK);
    assert_int_equal(r.n, 0);
    search_results_free(&r);
}

static void radius_and_distance_order(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    q.has_center = true;
    q.center_lat = WORCESTER_LAT;
    q.center_lon = WORCESTER_LON;
    q.within_miles = 5;
    EXPECT(&q, 1, 2, 6); /* 0, 0.1, 0.5 miles */
    q.within_miles = 40;
    EXPECT(&q, 1, 2, 6, 3); /* Boston is about 38.6 miles away */
    q.within_miles = 0;
    EXPECT(&q, 1, 2, 6, 3, 5); /* no limit: Springfield (about 41 miles) last */

    struct search_results r;
    char err[256];
    q.within_miles = 40;
    assert_int_equal(search_run(store, &q, &r, err, sizeof err), BELONG_OK);
    assert_true(r.items[0].has_distance);
    assert_true(r.items[0].distance_miles < 0.01);
    assert_true(r.items[3].distance_miles > 38.0 && r.items[3].distance_miles < 40.0);
    assert_true(r.items[0].score > r.items[3].score);
    search_results_free(&r);
}

static void text_and_place_combine(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    q.text = "garden";
    q.has_center = true;
    q.center_lat = 42.1015; /* Springfield */
    q.center_lon = -72.5898;
    EXPECT(&q, 5, 1); /* the Springfield hour is nearer */
    q.center_lat = WORCESTER_LAT;
    q.center_lon = WORCESTER_LON;
    EXPECT(&q, 1, 5);
    q.within_miles = 10;
    EXPECT(&q, 1);
}

static void days_and_times(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    q.weekday_mask = 1u << 5; /* Saturday */
    EXPECT(&q, 3);
    q.weekday_mask = (1u << 0) | (1u << 4); /* Monday, Friday */
    EXPECT(&q, 6, 5);
    search_query_init(&q);
    q.after_minute = 17 * 60;
    EXPECT(&q, 1, 6);
    search_query_init(&q);
    q.before_minute = 12 * 60;
    EXPECT(&q, 3, 5);
    q.after_minute = 10 * 60;
    q.before_minute = 15 * 60;
    EXPECT(&q, 2, 3); /* 14:00 and 10:00 (after is inclusive) */
    q.before_minute = 10 * 60;
    q.after_minute = 9 * 60;
    EXPECT(&q, 5); /* before is exclusive */

    /* The next dates listed meet the day filter too. */
    search_query_init(&q);
    q.weekday_mask = 1u << 1;
    q.text = "garden shift";
    struct search_results r;
    char err[256];
    assert_int_equal(search_run(store, &q, &r, err, sizeof err), BELONG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.items[0].n_next, SEARCH_NEXT_MAX);
    for (size_t i = 0; i < r.items[0].n_next; i++) {
        int weekday, minutes;
        instant_to_local(r.items[0].next[i], NULL, NULL, &minutes, &weekday, NULL);
        assert_int_equal(weekday, 1);
        assert_int_equal(minutes, 18 * 60);
    }
    search_results_free(&r);
}

static void cost_filters(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    q.max_cost_cents = 0;
    EXPECT(&q, 1, 5);
    q.max_cost_cents = 500;
    EXPECT(&q, 1, 2, 5); /* 6 has no known cost: left out */
}

static void access_and_intensity(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    q.access_required = ACCESS_WHEELCHAIR;
    EXPECT(&q, 1, 3);
    q.access_required = ACCESS_WHEELCHAIR | ACCESS_QUIET;
    EXPECT(&q, 1);
    search_query_init(&q);
    q.intensity_max = 1;
    EXPECT(&q, 1, 5);
    q.intensity_max = 2;
    EXPECT(&q, 1, 3, 5); /* 6 has no known intensity: left out */
}

static void limit_keeps_the_best(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    q.limit = 2;
    EXPECT(&q, 1, 2);
    q.has_center = true;
    q.center_lat = 42.3601; /* Boston */
    q.center_lon = -71.0589;
    q.limit = 1;
    EXPECT(&q, 3);
}

/* The user's words as search_text_init takes them, as the SQLite engine's FTS5 expression. */
static char *fts_query(const char *text)
{
    struct search_text t;
    char *fts = search_text_init(&t, text) ? store_fts5_match(&t.query) : NULL;
    search_text_free(&t);
    return fts;
}

static void fts_query_quotes_every_word(void **state)
{
    (void)state;
    char *fts = fts_query("Garden \"club");
    assert_string_equal(fts, "\"Garden\" AND \"club\"*");
    free(fts);
    fts = fts_query("a OR b");
    assert_string_equal(fts, "\"a\" AND \"OR\" AND \"b\"");
    free(fts);
    fts = fts_query("-garden NEAR(x y) name:art*");
    assert_string_equal(fts,
                        "\"garden\" AND \"NEAR\" AND \"x\" AND \"y\" AND \"name\" AND \"art\"*");
    free(fts);
    assert_null(fts_query(" \"\" -- () "));
    assert_null(fts_query(NULL));
    /* The words themselves, engine-neutral: the last one a prefix from three letters. */
    struct search_text t;
    assert_true(search_text_init(&t, "knit & crochet: yarn"));
    assert_int_equal(t.query.n_phrases, 3);
    assert_string_equal(t.query.phrases[1], "crochet");
    assert_true(t.query.match_all);
    assert_true(t.query.last_prefix);
    search_text_free(&t);
    assert_true(search_text_init(&t, "art is"));
    assert_false(t.query.last_prefix);
    search_text_free(&t);
}

static void operators_and_quotes_in_text_are_only_words(void **state)
{
    (void)state;
    static const char *const hostile[] = {
        "\"",        "\"garden",  "garden\"",   "AND",         "OR garden",
        "NOT",       "garden -x", "(garden",    "garden)",     "name:garden",
        "NEAR(a b)", "garden*",   "^garden",    "{name}: art", "' OR 1=1 --",
        "\"\" \"\"", "a\"b\"c",   "café crème", "—",           "garden AND",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        struct search_query q;
        search_query_init(&q);
        q.text = hostile[i];
        struct search_results r;
        char err[256];
        int rc = search_run(store, &q, &r, err, sizeof err);
        if (rc != BELONG_OK)
            fail_msg("text '%s' failed: %s", hostile[i], err);
        search_results_free(&r);
    }
    struct search_query q;
    search_query_init(&q);
    q.text = "AND";
    EXPECT(&q, 6); /* a word like any other: only the listing with "AND" in its name */
    q.text = "\"open\" night";
    EXPECT(&q, 6);
    q.text = "garden -shift";
    EXPECT(&q, 1); /* "-" is not NOT: both words are required */
}

static void inconsistent_queries_are_usage_errors(void **state)
{
    (void)state;
    struct search_query q;
    struct search_results r;
    char err[256];
    search_query_init(&q);
    q.within_miles = 5;
    assert_int_equal(search_run(store, &q, &r, err, sizeof err), BELONG_EUSAGE);
    assert_non_null(strstr(err, "within"));
    search_query_init(&q);
    q.after_minute = 18 * 60;
    q.before_minute = 9 * 60;
    assert_int_equal(search_run(store, &q, &r, err, sizeof err), BELONG_EUSAGE);
    search_query_init(&q);
    q.from = belong_now();
    q.to = q.from - 1;
    assert_int_equal(search_run(store, &q, &r, err, sizeof err), BELONG_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_filter_lists_the_window_soonest_first_without_inactive),
        cmocka_unit_test(window_selects_by_date),
        cmocka_unit_test(category_filter),
        cmocka_unit_test(text_filter_with_stemming_and_prefix),
        cmocka_unit_test(radius_and_distance_order),
        cmocka_unit_test(text_and_place_combine),
        cmocka_unit_test(days_and_times),
        cmocka_unit_test(cost_filters),
        cmocka_unit_test(access_and_intensity),
        cmocka_unit_test(limit_keeps_the_best),
        cmocka_unit_test(fts_query_quotes_every_word),
        cmocka_unit_test(operators_and_quotes_in_text_are_only_words),
        cmocka_unit_test(inconsistent_queries_are_usage_errors),
    };
    return cmocka_run_group_tests(tests, build_store, remove_store);
}
