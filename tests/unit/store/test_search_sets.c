/* test_search_sets.c — the structures that let a search cost its page rather than its matches
** (src/store/sqlite_search.c, sqlite_listings.c), each against a brute-force oracle over a
** generated catalogue: "N of M" (store_search_count: the window's settled set and cut listings,
** its week slots' lists for days and times, the grid cells a box is walked by with a test that
** answers for a whole cell) counted listing by listing from the copy's occurrences; the text
** matches handed over best first (store_search_by_relevance) against store_search_ranked's
** hits sorted; the grid cells of a box (store_listings_cells) against every listing; the walk
** outward from a place (store_search_outward) against store_search_ranked's hits and its own
** word on where the listings left lie.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/demo/demo.h"
#include "../../src/directory/search.h"
#include "../../src/store/sqlite_internal.h"
#include "../../src/util/rc.h"
#include "../../src/util/timeutil.h"
#include "gen_fixture.h"
#include "store_fixture.h"

#define ACTIVITIES 3000
#define QUERIES    400

static char path[] = "/tmp/belong-test-search-sets-XXXXXX";
static struct store *store;
static uint64_t rng_state;

static uint32_t rnd(void)
{
    return fixture_rnd(&rng_state);
}

static int setup(void **state)
{
    (void)state;
    int rc = fixture_gen_store(path, &store, ACTIVITIES, 11);
    /* Listings with their times not listed (no schedule), and open on days without times. */
    if (rc == BELONG_OK &&
        sqlite3_exec(store->db,
                     "BEGIN;"
                     "DELETE FROM occurrence WHERE activity_id % 9 = 4;"
                     "DELETE FROM schedule WHERE activity_id % 9 = 4;"
                     "UPDATE activity SET times_listed = 0, week_slots_0 = 0, week_slots_1 = 0,"
                     "  week_slots_2 = 0 WHERE id % 9 = 4;"
                     "UPDATE activity SET open_days = (id * 53) % 128 WHERE id % 6 = 1;"
                     "UPDATE activity SET active = 0 WHERE id % 31 = 5;"
                     "UPDATE meta SET value = CAST(value AS INTEGER) + 1"
                     "  WHERE key = 'directory_version';"
                     "COMMIT;",
                     NULL, NULL, NULL) != SQLITE_OK)
        rc = BELONG_EIO;
    return rc == BELONG_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fixture_store_remove(store, path);
    return 0;
}

static const char *const words[] = {"garden", "music", "art", "yoga", "walk", "club", "cook"};
static const char *const categories[] = {"volunteering", "music",        "peer-support",
                                         "arts-crafts",  "food-cooking", "sports-movement",
                                         "no-such"};

/* What the test's fn answers: south of a latitude (an exact test a cell can answer whole). */
struct south {
    double lat;
    size_t asked; /* how many listings fn was asked about */
};

static bool south_of(void *ctx, const struct store_search_hit *hit)
{
    struct south *k = ctx;
    k->asked++;
    return hit->has_coords && hit->lat < k->lat;
}

static int box_south_of(void *ctx, double min_lat, double max_lat, double min_lon, double max_lon)
{
    (void)min_lon;
    (void)max_lon;
    const struct south *k = ctx;
    return max_lat < k->lat ? 1 : min_lat >= k->lat ? -1 : 0;
}

/* A random filter: categories, cost, access, intensity, coordinates, a box, days, times at any
** minute, windows that cut days anywhere or lie past the stored occurrences, words. */
static void random_filter(struct store_search_filter *f, struct search_text *text,
                          const char **cats)
{
    memset(f, 0, sizeof *f);
    time_t now = belong_now();
    f->from = now + (time_t)(rnd() % 3 == 0 ? rnd() % (40 * SECONDS_PER_DAY) : 0);
    if (rnd() % 4 == 0)
        f->from -= f->from % SECONDS_PER_DAY; /* at midnight UTC */
    f->to = f->from +
            (time_t)(rnd() % 3 == 0 ? 1 + rnd() % (5 * SECONDS_PER_DAY) : 30 * SECONDS_PER_DAY);
    if (rnd() % 15 == 0)
        f->from += 200 * SECONDS_PER_DAY, f->to += 200 * SECONDS_PER_DAY; /* past the horizon */
    f->weekday_mask = rnd() % 2 ? 0x7f : 1 + rnd() % 127; /* search never asks for none */
    f->after_minute = rnd() % 3 == 0 ? (int)(rnd() % 1440) : 0;
    f->before_minute = rnd() % 3 == 0 ? f->after_minute + 1 + (int)(rnd() % 600) : 1440;
    if (f->before_minute > 1440)
        f->before_minute = 1440;
    f->max_cost_cents = rnd() % 5 == 0 ? (rnd() % 2 ? 0 : 1500) : -1;
    f->access_required = rnd() % 6 == 0 ? 1u << (rnd() % 4) : 0;
    f->intensity_max = rnd() % 6 == 0 ? 1 + (int)(rnd() % 5) : 0;
    f->coords_only = rnd() % 2;
    size_t n_cats = rnd() % 4 == 0 ? 1 + rnd() % 3 : 0;
    for (size_t i = 0; i < n_cats; i++)
        cats[i] = categories[rnd() % (sizeof categories / sizeof *categories)];
    f->category_list = cats;
    f->n_category_list = n_cats;
    if (rnd() % 2) { /* a box around Worcester, MA, of 0.05 to 2 degrees */
        double lat = 42.26 + ((double)(rnd() % 200) - 100) / 100.0;
        double lon = -71.8 + ((double)(rnd() % 200) - 100) / 100.0;
        double half = 0.05 + (double)(rnd() % 100) / 50.0;
        f->has_box = true;
        f->min_lat = lat - half;
        f->max_lat = lat + half;
        f->min_lon = lon - half * 1.4;
        f->max_lon = lon + half * 1.4;
    }
    f->text = NULL;
    if (rnd() % 3 == 0 && search_text_init(text, words[rnd() % (sizeof words / sizeof *words)]))
        f->text = &text->query;
}

/* Whether the copy's listing id matches f's text (FTS5 asked directly). */
static bool text_matches_id(const struct store_search_filter *f, int64_t id)
{
    char *match = store_fts5_match(f->text);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store->db,
                                        "SELECT 1 FROM activity_text WHERE activity_text MATCH ?1"
                                        " AND rowid = ?2",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    free(match);
    return found;
}

/* Whether listing id passes f by hand: its attributes, and an occurrence of the copy in the
** window on a day and at a minute asked for, or its times not listed (docs/cli.md). */
static bool brute_passes(const struct store_listings *l, size_t id,
                         const struct store_search_filter *f)
{
    const struct store_listing *x = &l->by_id[id];
    if ((x->flags & (STORE_LISTING_PRESENT | STORE_LISTING_ACTIVE)) !=
        (STORE_LISTING_PRESENT | STORE_LISTING_ACTIVE))
        return false;
    if (f->n_category_list > 0) {
        bool any = false;
        for (size_t i = 0; i < f->n_category_list; i++)
            any |= x->category > 0 && strcmp(l->categories[x->category], f->category_list[i]) == 0;
        if (!any)
            return false;
    }
    if (f->coords_only && !(x->flags & STORE_LISTING_COORDS))
        return false;
    if (f->max_cost_cents >= 0 && (x->cost_cents < 0 || x->cost_cents > f->max_cost_cents))
        return false;
    if ((x->access & f->access_required) != f->access_required)
        return false;
    if (f->intensity_max > 0 && (x->intensity == 0 || x->intensity > f->intensity_max))
        return false;
    if (f->has_box && !((x->flags & STORE_LISTING_COORDS) && x->lat >= f->min_lat &&
                        x->lat <= f->max_lat && x->lon >= f->min_lon && x->lon <= f->max_lon))
        return false;
    unsigned mask = f->weekday_mask & 0x7f;
    for (uint32_t i = l->occ_first[id]; i < l->occ_first[id + 1]; i++) {
        int64_t start = l->occ_base + l->occ[i].start;
        int day = l->occ[i].week_minute / 1440, minute = l->occ[i].week_minute % 1440;
        if (start >= (int64_t)f->from && start < (int64_t)f->to && ((mask >> day) & 1) &&
            minute >= f->after_minute && minute < f->before_minute)
            return true;
    }
    if (f->after_minute > 0 || f->before_minute < 1440)
        return false;
    return (x->open_days & mask) || (mask == 0x7f && !(x->flags & STORE_LISTING_TIMES));
}

static void counts_agree_with_brute_force(void **state)
{
    (void)state;
    rng_state = 20261205;
    size_t matched = 0, with_box = 0, asked = 0, box_listings = 0;
    for (int i = 0; i < QUERIES; i++) {
        struct store_search_filter f;
        struct search_text text = {0};
        const char *cats[4];
        random_filter(&f, &text, cats);
        if (f.has_box)
            f.coords_only = true; /* as search counts within a radius */
        struct south k = {.lat = f.has_box ? (f.min_lat + f.max_lat) / 2 : 0};
        bool with_fn = f.has_box && rnd() % 3 != 0;
        size_t n = 0;
        assert_int_equal(store_search_count(store, &f, with_fn ? south_of : NULL,
                                            with_fn && rnd() % 4 ? box_south_of : NULL, &k, &n),
                         BELONG_OK);
        const struct store_listings *l = store_listings_with_occurrences(store);
        assert_non_null(l);
        size_t want = 0, in_box = 0;
        for (size_t id = 1; id < l->n; id++) {
            if (!brute_passes(l, id, &f))
                continue;
            if (f.text && !text_matches_id(&f, (int64_t)id))
                continue;
            in_box++;
            if (with_fn && !(l->by_id[id].lat < k.lat))
                continue;
            want++;
        }
        if (n != want)
            fail_msg("query %d (box %d, fn %d, text %d, days %#x, %d-%d): %zu, by hand %zu", i,
                     f.has_box, with_fn, f.text != NULL, f.weekday_mask, f.after_minute,
                     f.before_minute, n, want);
        matched += want;
        with_box += f.has_box;
        asked += k.asked;
        box_listings += with_fn ? in_box : 0;
        search_text_free(&text);
    }
    assert_true(matched > QUERIES * 20); /* the counts mean something */
    assert_true(with_box > QUERIES / 4);
    assert_true(asked < box_listings); /* whole cells were answered without fn */
}

/* The hits of store_search_by_relevance, taken while hits_fn says so. */
struct taken {
    struct store_search_hit *hits;
    size_t n, cap, stop_after;
};

static bool take(void *ctx, const struct store_search_hit *hit)
{
    struct taken *t = ctx;
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->hits = realloc(t->hits, t->cap * sizeof *t->hits);
        assert_non_null(t->hits);
    }
    t->hits[t->n++] = *hit;
    return t->n < t->stop_after;
}

static int hit_cmp(const void *a_, const void *b_)
{
    const struct store_search_hit *a = a_, *b = b_;
    if (a->relevance != b->relevance)
        return a->relevance > b->relevance ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

static void matches_come_best_first(void **state)
{
    (void)state;
    rng_state = 99;
    size_t compared = 0;
    for (int i = 0; i < QUERIES / 2; i++) {
        struct store_search_filter f;
        struct search_text text = {0};
        const char *cats[4];
        random_filter(&f, &text, cats);
        f.has_box = false;
        if (!f.text && search_text_init(&text, words[rnd() % (sizeof words / sizeof *words)]))
            f.text = &text.query;
        struct store_search_hit *all = NULL;
        size_t n_all = 0;
        assert_int_equal(store_search_ranked(store, &f, &all, &n_all), BELONG_OK);
        if (n_all > 1)
            qsort(all, n_all, sizeof *all, hit_cmp);
        struct taken t = {.stop_after = rnd() % 2 ? SIZE_MAX : 1 + rnd() % 30};
        assert_int_equal(store_search_by_relevance(store, &f, take, &t), BELONG_OK);
        size_t want = n_all < t.stop_after ? n_all : t.stop_after;
        assert_int_equal(t.n, want);
        for (size_t k = 0; k < t.n; k++) {
            assert_int_equal(t.hits[k].id, all[k].id);
            assert_true(t.hits[k].relevance == all[k].relevance);
            assert_int_equal(t.hits[k].untimed_fit, all[k].untimed_fit);
            assert_int_equal(t.hits[k].slots_fit, all[k].slots_fit);
        }
        compared += t.n;
        free(t.hits);
        free(all);
        search_text_free(&text);
    }
    assert_true(compared > QUERIES);
}

/* The cells of a box: each in-person listing with coordinates in the box comes once, inside
** the bounds given with its cell. */
struct cells_seen {
    const struct store_listings *l;
    unsigned char *seen;
    size_t cells;
};

static void see_cell(void *ctx, double min_lat, double max_lat, double min_lon, double max_lon,
                     const uint32_t *ids, size_t n)
{
    struct cells_seen *c = ctx;
    c->cells++;
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        const struct store_listing *x = &c->l->by_id[ids[i]];
        assert_true(x->lat >= min_lat && x->lat <= max_lat);
        assert_true(x->lon >= min_lon && x->lon <= max_lon);
        assert_int_equal(c->seen[ids[i]], 0);
        c->seen[ids[i]] = 1;
    }
}

static void cells_hold_every_listing_of_a_box(void **state)
{
    (void)state;
    rng_state = 4242;
    const struct store_listings *l = store_listings_get(store);
    assert_non_null(l);
    for (int i = 0; i < 100; i++) {
        double lat = 42.26 + ((double)(rnd() % 400) - 200) / 100.0;
        double lon = -71.8 + ((double)(rnd() % 400) - 200) / 100.0;
        double half = (double)(rnd() % 300) / 100.0;
        struct cells_seen c = {l, calloc(l->n, 1), 0};
        assert_non_null(c.seen);
        store_listings_cells(l, lat - half, lat + half, lon - half, lon + half, see_cell, &c);
        for (size_t id = 1; id < l->n; id++) {
            const struct store_listing *x = &l->by_id[id];
            if ((x->flags & STORE_LISTING_COORDS) && !(x->flags & STORE_LISTING_VIRTUAL) &&
                x->lat >= lat - half && x->lat <= lat + half && x->lon >= lon - half &&
                x->lon <= lon + half)
                assert_int_equal(c.seen[id], 1);
        }
        free(c.seen);
    }
}

/* The walk outward from a place: every hit of store_search_ranked once, with its relevance, and
** each hit handed over after a ring lies where that ring said listings were left. */
struct outward_seen {
    struct store_search_hit *hits;
    size_t n, cap;
    struct store_ring_left last; /* the last ring's report */
    bool any_ring;
    size_t rings;
};

static bool outward_take(void *ctx, const struct store_search_hit *hit)
{
    struct outward_seen *o = ctx;
    if (o->any_ring && hit->has_coords) {
        const struct store_ring_left *left = &o->last;
        assert_false(left->done);
        bool beyond = (!isnan(left->north) && hit->lat >= left->north) ||
                      (!isnan(left->south) && hit->lat <= left->south) ||
                      (!isnan(left->east) && hit->lon >= left->east) ||
                      (!isnan(left->west) && hit->lon <= left->west);
        assert_true(beyond);
        assert_true(hit->lat >= left->lat_min && hit->lat <= left->lat_max);
        assert_true(hit->relevance <= left->max_relevance);
    }
    if (o->n == o->cap) {
        o->cap = o->cap ? 2 * o->cap : 64;
        o->hits = realloc(o->hits, o->cap * sizeof *o->hits);
        assert_non_null(o->hits);
    }
    o->hits[o->n++] = *hit;
    return true;
}

static bool outward_ring_seen(void *ctx, const struct store_ring_left *left)
{
    struct outward_seen *o = ctx;
    o->last = *left;
    o->any_ring = true;
    o->rings++;
    return true;
}

static int id_cmp(const void *a_, const void *b_)
{
    const struct store_search_hit *a = a_, *b = b_;
    return (a->id > b->id) - (a->id < b->id);
}

static void outward_hands_every_hit_once(void **state)
{
    (void)state;
    rng_state = 31337;
    size_t compared = 0, rings = 0;
    for (int i = 0; i < QUERIES / 2; i++) {
        struct store_search_filter f;
        struct search_text text = {0};
        const char *cats[4];
        random_filter(&f, &text, cats);
        if (!f.has_box) {
            f.has_box = true;
            f.min_lat = 40.0, f.max_lat = 45.0, f.min_lon = -75.0, f.max_lon = -69.0;
        }
        double lat = (f.min_lat + f.max_lat) / 2 + ((double)(rnd() % 100) - 50) / 100.0;
        double lon = (f.min_lon + f.max_lon) / 2 + ((double)(rnd() % 100) - 50) / 100.0;
        struct store_search_hit *all = NULL;
        size_t n_all = 0;
        assert_int_equal(store_search_ranked(store, &f, &all, &n_all), BELONG_OK);
        struct outward_seen o = {0};
        assert_int_equal(
            store_search_outward(store, &f, lat, lon, outward_take, outward_ring_seen, &o),
            BELONG_OK);
        assert_true(o.last.done);
        assert_int_equal(o.n, n_all);
        if (n_all > 1) { /* qsort takes no NULL array, even empty */
            qsort(all, n_all, sizeof *all, id_cmp);
            qsort(o.hits, o.n, sizeof *o.hits, id_cmp);
        }
        for (size_t k = 0; k < o.n; k++) {
            assert_int_equal(o.hits[k].id, all[k].id);
            assert_true(o.hits[k].relevance == all[k].relevance);
            assert_int_equal(o.hits[k].untimed_fit, all[k].untimed_fit);
            assert_int_equal(o.hits[k].slots_fit, all[k].slots_fit);
        }
        compared += o.n;
        rings += o.rings;
        free(o.hits);
        free(all);
        search_text_free(&text);
    }
    assert_true(compared > QUERIES * 10);
    assert_true(rings > QUERIES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_agree_with_brute_force),
        cmocka_unit_test(matches_come_best_first),
        cmocka_unit_test(cells_hold_every_listing_of_a_box),
        cmocka_unit_test(outward_hands_every_hit_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
