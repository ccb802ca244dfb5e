/* sqlite_search.c — the SQLite side of activity search: every candidate filtered against the
** listings kept in memory (sqlite_listings.c), and the probe of an activity's next occurrences.
**
**   text              the FTS5 matches, walked unranked with belong_bm25 (sqlite_rank.c), each
**                     filtered against the listings in memory (store_listings_get);
**   a place           the listings in memory in the grid cells the box covers, filtered the
**                     same way;
**   neither           every listing in memory passing the filters, with its first occurrence
**                     passing the window and the day/time filters found in the copy of the
**                     occurrences (store_listings_with_occurrences), soonest first.
** Every path passes over activities whose weekly time signature (migration 6) misses the
** day/time filters, but for those that fit them with their times not listed (migration 10:
** open on a day asked for without times, or no schedule; never with a time of day asked for),
** handed over after every activity with a fitting occurrence (docs/cli.md). With text or a
** place the occurrence probe is left to the caller
** (store_search_next), for the hits that could rank; it walks occurrence's primary key
** (activity_id, start_utc) from `from` and stops at the first start that meets the day/time
** filters.
*/
#include <stdlib.h>
#include <string.h>

#include "../util/heap.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

/* The window and day/time parameters of the occurrence probe:
**   ?2 from   ?3 to   ?4 weekday mask   ?5 after minute   ?6 before minute */
#define OCC_FILTER                                                                                 \
    "o.start_utc >= ?2 AND o.start_utc < ?3 AND ((?4 >> o.weekday) & 1) AND"                       \
    " o.start_minute >= ?5 AND o.start_minute < ?6"

/* This file's statements (store_stmt). */
enum search_stmt { SEARCH_TEXT_MATCHES, SEARCH_SEARCH_NEXT, SEARCH_STMTS };
static const char *const search_sql[SEARCH_STMTS] = {
    /* Every text match, unranked, with its relevance. */
    [SEARCH_TEXT_MATCHES] = "SELECT rowid, " STORE_RELEVANCE_SQL " FROM activity_text"
                            " WHERE activity_text MATCH ?1",
    [SEARCH_SEARCH_NEXT] =
        "SELECT o.start_utc FROM occurrence o WHERE o.activity_id = ?15 AND " OCC_FILTER
        " ORDER BY o.start_utc LIMIT ?16",
};
const struct store_sql store_sql_search = {STORE_SQL_SEARCH, "sqlite_search.c", search_sql,
                                           SEARCH_STMTS, NULL};

static sqlite3_stmt *stmt(struct store *s, enum search_stmt i)
{
    return store_stmt(s, &store_sql_search, i);
}

/* What store_search_ranked tests on each listing, prepared once per search. */
struct ranked_filter {
    const struct store_search_filter *f;
    struct week_slots slots;
    bool time_of_day; /* a time of day is asked for: no listing fits without times */
    bool every_day;   /* no day filter (or one naming every day) */
    bool any_category;
    uint8_t *category_ok; /* [n_categories] of the listings */
};

static void ranked_filter_init(struct ranked_filter *rf, const struct store_listings *l,
                               const struct store_search_filter *f)
{
    memset(rf, 0, sizeof *rf);
    rf->f = f;
    for (int day = 0; day < 7; day++)
        if ((f->weekday_mask >> day) & 1)
            week_slots_add(&rf->slots, day, f->after_minute, f->before_minute);
    rf->time_of_day = f->after_minute > 0 || f->before_minute < 1440;
    rf->every_day = (f->weekday_mask & 0x7f) == 0x7f;
    rf->any_category = f->n_category_list == 0;
    rf->category_ok = xcalloc(l->n_categories ? l->n_categories : 1, 1);
    for (size_t i = 0; i < f->n_category_list; i++) {
        int c = store_listings_category(l, f->category_list[i]);
        if (c > 0)
            rf->category_ok[c] = 1;
    }
}

/* Whether listing x fits the day/time filters with times not listed (docs/cli.md): no time of
** day is asked for, and it is open on a day asked for without times, or (without a day filter)
** it has no schedule at all. */
static bool untimed_fits(const struct ranked_filter *rf, const struct store_listing *x)
{
    if (rf->time_of_day)
        return false;
    if (x->open_days & rf->f->weekday_mask)
        return true;
    return rf->every_day && !(x->flags & STORE_LISTING_TIMES);
}

/* Whether x's weekly time signature shares a slot with the day/time filters. */
static bool slots_fit(const struct ranked_filter *rf, const struct store_listing *x)
{
    uint64_t shared = 0;
    for (int w = 0; w < WEEK_SLOT_WORDS; w++)
        shared |= x->slots[w] & rf->slots.bits[w];
    return shared != 0;
}

/* Whether listing x passes every filter of a ranked search but the text, the window and the
** day/time filters (the same tests as ATTR_FILTER, and the box). */
static bool ranked_passes(const struct ranked_filter *rf, const struct store_listing *x)
{
    const struct store_search_filter *f = rf->f;
    if ((x->flags & (STORE_LISTING_PRESENT | STORE_LISTING_ACTIVE)) !=
        (STORE_LISTING_PRESENT | STORE_LISTING_ACTIVE))
        return false;
    if (!rf->any_category && !rf->category_ok[x->category])
        return false;
    if (f->max_cost_cents >= 0 && (x->cost_cents < 0 || x->cost_cents > f->max_cost_cents))
        return false;
    if ((x->access & f->access_required) != f->access_required)
        return false;
    if (f->intensity_max > 0 && (x->intensity == 0 || x->intensity > f->intensity_max))
        return false;
    return !f->has_box || ((x->flags & STORE_LISTING_COORDS) && x->lat >= f->min_lat &&
                           x->lat <= f->max_lat && x->lon >= f->min_lon && x->lon <= f->max_lon);
}

/* Adds x as a hit when it passes rf and may fit its day/time filters, with or without times. */
static void add_hit(struct store_search_hit **hits, size_t *n, size_t *cap,
                    const struct ranked_filter *rf, int64_t id, double relevance,
                    const struct store_listing *x)
{
    if (!ranked_passes(rf, x))
        return;
    bool slots = slots_fit(rf, x), untimed = untimed_fits(rf, x);
    if (!slots && !untimed)
        return;
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 256;
        *hits = xrealloc(*hits, *cap * sizeof **hits);
    }
    (*hits)[(*n)++] = (struct store_search_hit){
        .id = id,
        .relevance = relevance,
        .has_coords = (x->flags & STORE_LISTING_COORDS) != 0,
        .lat = x->lat,
        .lon = x->lon,
        .untimed_fit = untimed,
        .slots_fit = slots,
    };
}

/* The hits of a box, gathered cell by cell (store_listings_in_box). */
struct box_hits {
    const struct ranked_filter *rf;
    struct store_search_hit **hits;
    size_t *n, *cap;
};

static void add_box_hit(void *ctx, uint32_t id, const struct store_listing *x)
{
    struct box_hits *b = ctx;
    add_hit(b->hits, b->n, b->cap, b->rf, id, 0.0, x);
}

int store_search_ranked(struct store *s, const struct store_search_filter *f,
                        struct store_search_hit **hits, size_t *n)
{
    *hits = NULL;
    *n = 0;
    const struct store_listings *l = store_listings_get(s);
    if (!l)
        return BELONG_EINTERNAL;
    struct ranked_filter rf;
    ranked_filter_init(&rf, l, f);
    size_t cap = 0;
    int rc = BELONG_OK;
    char *match = f->text ? store_fts5_match(f->text) : NULL;
    if (match) {
        sqlite3_stmt *st = stmt(s, SEARCH_TEXT_MATCHES);
        if (!st) {
            free(rf.category_ok);
            free(match);
            return BELONG_EINTERNAL;
        }
        sqlite3_bind_text(st, 1, match, -1, free);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            if (id > 0 && (uint64_t)id < l->n)
                add_hit(hits, n, &cap, &rf, id, sqlite3_column_double(st, 1), &l->by_id[id]);
        }
        sqlite3_reset(st);
        rc = store_rc(s, step);
    } else if (f->has_box) { /* the grid cells the box covers */
        struct box_hits b = {&rf, hits, n, &cap};
        store_listings_in_box(l, f->min_lat, f->max_lat, f->min_lon, f->max_lon, add_box_hit, &b);
    } else {
        for (size_t id = 1; id < l->n; id++)
            add_hit(hits, n, &cap, &rf, (int64_t)id, 0.0, &l->by_id[id]);
    }
    free(rf.category_ok);
    if (rc != BELONG_OK) {
        free(*hits);
        *hits = NULL;
        *n = 0;
    }
    return rc;
}

/* The start of listing id's first occurrence in the copy passing f's window and day/time
** filters (the same tests as OCC_FILTER). Returns false when it has none. */
static bool next_in_copy(const struct store_listings *l, size_t id,
                         const struct store_search_filter *f, time_t *start)
{
    const struct store_listing_occ *occ = l->occ + l->occ_first[id];
    size_t n = l->occ_first[id + 1] - l->occ_first[id];
    int64_t from = (int64_t)f->from - l->occ_base, to = (int64_t)f->to - l->occ_base;
    size_t lo = 0, hi = n; /* the first starting at or after from */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((int64_t)occ[mid].start < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && (int64_t)occ[i].start < to; i++) {
        int weekday = occ[i].week_minute / 1440, minute = occ[i].week_minute % 1440;
        if (((f->weekday_mask >> weekday) & 1) && minute >= f->after_minute &&
            minute < f->before_minute) {
            *start = (time_t)(l->occ_base + occ[i].start);
            return true;
        }
    }
    return false;
}

/* A hit of store_search: its listing and first fitting start, for the heap. */
struct soonest {
    time_t start;
    uint32_t id;
};

static bool soonest_before(const void *a_, const void *b_)
{
    const struct soonest *a = a_, *b = b_;
    return a->start != b->start ? a->start < b->start : a->id < b->id;
}

/* Hands fn the hit of a listing with a fitting occurrence. Returns what fn returns. */
static bool soonest_hit(const struct store_listings *l, const struct soonest *top,
                        store_search_fn fn, void *ctx)
{
    const struct store_listing *x = &l->by_id[top->id];
    struct store_search_hit hit = {
        .id = top->id,
        .has_coords = (x->flags & STORE_LISTING_COORDS) != 0,
        .lat = x->lat,
        .lon = x->lon,
        .next_known = true,
        .next_start = top->start,
    };
    return fn(ctx, &hit);
}

int store_search(struct store *s, const struct store_search_filter *f, store_search_fn fn,
                 void *ctx)
{
    const struct store_listings *l = store_listings_with_occurrences(s);
    if (!l)
        return BELONG_EINTERNAL;
    struct ranked_filter rf;
    ranked_filter_init(&rf, l, f);
    struct soonest *heap = xmalloc((l->n ? l->n : 1) * sizeof *heap);
    uint32_t *untimed = xmalloc((l->n ? l->n : 1) * sizeof *untimed); /* ascending */
    size_t n = 0, n_untimed = 0;
    bool more = true;
    for (size_t id = 1; more && id < l->n; id++) {
        const struct store_listing *x = &l->by_id[id];
        time_t start;
        if (!ranked_passes(&rf, x))
            continue;
        if (slots_fit(&rf, x) && next_in_copy(l, id, f, &start)) {
            heap[n++] = (struct soonest){start, (uint32_t)id};
            if (f->any_order) /* no heap to order: each hit as it is found */
                more = soonest_hit(l, &heap[--n], fn, ctx);
        } else if (untimed_fits(&rf, x))
            untimed[n_untimed++] = (uint32_t)id;
    }
    if (!more)
        n_untimed = 0;
    free(rf.category_ok);
    /* Only the first few are usually wanted: a heap hands them over without sorting all. */
    heap_make(heap, n, sizeof *heap, soonest_before);
    for (; n > 0; n--) {
        struct soonest top;
        heap_pop(heap, n, sizeof *heap, soonest_before, &top);
        if (!soonest_hit(l, &top, fn, ctx)) {
            n_untimed = 0;
            break;
        }
    }
    for (size_t i = 0; i < n_untimed; i++) {
        const struct store_listing *x = &l->by_id[untimed[i]];
        struct store_search_hit hit = {
            .id = untimed[i],
            .has_coords = (x->flags & STORE_LISTING_COORDS) != 0,
            .lat = x->lat,
            .lon = x->lon,
            .untimed_fit = true,
        };
        if (!fn(ctx, &hit))
            break;
    }
    free(untimed);
    free(heap);
    return BELONG_OK;
}

int store_search_next(struct store *s, const struct store_search_filter *f, int64_t activity_id,
                      time_t *starts, size_t max, size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = stmt(s, SEARCH_SEARCH_NEXT);
    if (!st)
        return BELONG_EINTERNAL;
    /* Only the window and day/time parameters: search probes once per hit that could rank. */
    sqlite3_bind_int64(st, 2, (sqlite3_int64)f->from);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)f->to);
    sqlite3_bind_int(st, 4, (int)(f->weekday_mask & 0x7f));
    sqlite3_bind_int(st, 5, f->after_minute);
    sqlite3_bind_int(st, 6, f->before_minute);
    sqlite3_bind_int64(st, 15, activity_id);
    sqlite3_bind_int64(st, 16, (sqlite3_int64)max);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < max)
        starts[(*n)++] = (time_t)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return store_rc(s, step);
}
