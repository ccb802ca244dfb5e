/* sqlite_search.c — the SQLite side of activity search: with text or a place, every candidate
** at once, filtered in memory; otherwise candidates from a category index or the occurrence
** timeline, filtered in SQL; and the probe of an activity's next occurrences.
**
**   text              the FTS5 matches, walked unranked with belong_bm25 (sqlite_rank.c), each
**                     filtered against the listings in memory (store_listings_get);
**   a place           the listings in memory in the grid cells the box covers, filtered the
**                     same way;
**   categories        the activity_search index (category first, attributes covered);
**   none of them      the occurrence_when index in time order, day and time checked in the
**                     index, so the caller stops after the soonest N activities; with
**                     categories, only the soonest occurrences within a budget (when the
**                     categories' activities rarely pass, the caller reads them instead).
** Every path passes over activities whose weekly time signature (migration 6) misses the
** day/time filters, and all but the timeline leave the occurrence probe to the caller
** (store_search_next), for the hits that could rank. The probe walks occurrence's primary key
** (activity_id, start_utc) from `from` and stops at the first start that meets the day/time
** filters.
*/
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "../util/idset.h"
#include "sqlite_internal.h"

/* Parameters shared by every statement below:
**   ?1 fts query   ?2 from   ?3 to   ?4 weekday mask   ?5 after minute   ?6 before minute
**   ?7 categories (JSON array)  ?8 max cost   ?9 access bits   ?10 intensity max
**   ?22..?24 the weekly time signature of the day/time filters (store_week_slots) */
#define OCC_FILTER                                                                                 \
    "o.start_utc >= ?2 AND o.start_utc < ?3 AND ((?4 >> o.weekday) & 1) AND"                       \
    " o.start_minute >= ?5 AND o.start_minute < ?6"
#define ATTR_FILTER                                                                                \
    "a.active = 1 AND (?7 IS NULL OR a.category IN (SELECT value FROM json_each(?7))) AND"         \
    " (?8 < 0 OR a.cost_cents <= ?8) AND (a.access & ?9) = ?9 AND"                                 \
    " (?10 = 0 OR a.intensity <= ?10) AND " WEEK_SLOTS_FILTER
/* An activity none of whose occurrences starts in a slot the day/time filters accept has no
** occurrence to offer: passed over from the covering index, before any occurrence is read. */
#define WEEK_SLOTS_FILTER                                                                          \
    "((a.week_slots_0 & ?22) | (a.week_slots_1 & ?23) | (a.week_slots_2 & ?24)) <> 0"
/* The listing columns search reads all live in activity_match (migration 6). */
#define BY_ID " CROSS JOIN activity a INDEXED BY activity_match"
/* The column weights: name, description, tags, organization (search.h documents them). */
#define BM25_WEIGHTS "4.0, 1.0, 3.0, 2.0"

/* Every text match, unranked, with its relevance. */
static const char SQL_TEXT_MATCHES[] =
    "SELECT rowid, belong_bm25(activity_text, " BM25_WEIGHTS ") FROM activity_text"
    " WHERE activity_text MATCH ?1";

static const char SQL_SEARCH_CATEGORIES[] =
    "SELECT a.id, 0.0, a.lat, a.lon, NULL FROM activity a INDEXED BY activity_search"
    " WHERE a.category IN (SELECT value FROM json_each(?7)) AND " ATTR_FILTER;

static const char SQL_SEARCH_TIMELINE[] =
    "SELECT a.id, 0.0, a.lat, a.lon, o.start_utc FROM occurrence o INDEXED BY occurrence_when" BY_ID
    " ON a.id = o.activity_id"
    " WHERE " OCC_FILTER " AND " ATTR_FILTER " ORDER BY o.start_utc, o.activity_id";

/* The timeline with the attribute filters as a column: every occurrence passing the day/time
** filters comes back, so that store_search can stop after the budget (?25 is unused). */
static const char SQL_SEARCH_TIMELINE_BUDGET[] =
    "SELECT a.id, 0.0, a.lat, a.lon, o.start_utc, " ATTR_FILTER
    " FROM occurrence o INDEXED BY occurrence_when" BY_ID " ON a.id = o.activity_id"
    " WHERE " OCC_FILTER " ORDER BY o.start_utc, o.activity_id";

static const char SQL_SEARCH_NEXT[] =
    "SELECT o.start_utc FROM occurrence o WHERE o.activity_id = ?15 AND " OCC_FILTER
    " ORDER BY o.start_utc LIMIT ?16";

void store_week_slots_add(struct store_week_slots *w, int weekday, int first_minute, int end_minute)
{
    if (weekday < 0 || weekday > 6 || first_minute < 0 || end_minute > 1440 ||
        first_minute >= end_minute)
        return;
    for (int hour = first_minute / 60; hour <= (end_minute - 1) / 60; hour++) {
        int slot = weekday * 24 + hour;
        w->bits[slot / STORE_WEEK_SLOT_BITS] |= (uint64_t)1 << (slot % STORE_WEEK_SLOT_BITS);
    }
}

/* Binds a signature to ?first.. (three parameters). */
void store_bind_week_slots(sqlite3_stmt *st, int first, const struct store_week_slots *w)
{
    for (int i = 0; i < STORE_WEEK_SLOT_WORDS; i++)
        sqlite3_bind_int64(st, first + i, (sqlite3_int64)w->bits[i]);
}

/* Binds the parameters every search statement shares (unused ones are simply ignored). */
static void bind_filter(sqlite3_stmt *st, const struct store_search_filter *f)
{
    struct store_week_slots slots = {{0}};
    for (int day = 0; day < 7; day++)
        if ((f->weekday_mask >> day) & 1)
            store_week_slots_add(&slots, day, f->after_minute, f->before_minute);
    store_bind_week_slots(st, 22, &slots);
    store_bind_text(st, 1, f->fts_query);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)f->from);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)f->to);
    sqlite3_bind_int(st, 4, (int)(f->weekday_mask & 0x7f));
    sqlite3_bind_int(st, 5, f->after_minute);
    sqlite3_bind_int(st, 6, f->before_minute);
    store_bind_text(st, 7, f->categories);
    sqlite3_bind_int(st, 8, f->max_cost_cents);
    sqlite3_bind_int(st, 9, (int)f->access_required);
    sqlite3_bind_int(st, 10, f->intensity_max);
}

/* The statement that drives a search for f (no text, no box). Categories alone are common
** enough that the timeline finds the soonest N quickly; with cost, access or intensity
** filters as well, or when the order does not matter, the activities of the categories are
** fewer to check than the occurrences to walk. */
static const char *search_sql(const struct store_search_filter *f)
{
    bool narrow =
        f->max_cost_cents >= 0 || f->access_required || f->intensity_max > 0 || f->unordered;
    if (f->categories && f->timeline_budget > 0 && !f->unordered)
        return SQL_SEARCH_TIMELINE_BUDGET;
    return f->categories && narrow ? SQL_SEARCH_CATEGORIES : SQL_SEARCH_TIMELINE;
}

enum store_search_order store_search_order(const struct store_search_filter *f)
{
    const char *sql = search_sql(f);
    return sql == SQL_SEARCH_TIMELINE || sql == SQL_SEARCH_TIMELINE_BUDGET ? STORE_ORDER_SOONEST
                                                                           : STORE_ORDER_NONE;
}

int store_search(struct store *s, const struct store_search_filter *f, store_search_fn fn,
                 void *ctx)
{
    const char *sql = search_sql(f);
    bool timeline = sql == SQL_SEARCH_TIMELINE || sql == SQL_SEARCH_TIMELINE_BUDGET;
    sqlite3_stmt *st = store_stmt(s, sql);
    if (!st)
        return BELONG_EINTERNAL;
    bind_filter(st, f);
    struct id_set seen = {0};
    bool budgeted = sql == SQL_SEARCH_TIMELINE_BUDGET;
    size_t occurrences = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (budgeted) {
            if (occurrences++ == f->timeline_budget) {
                step = SQLITE_DONE;
                break;
            }
            if (!sqlite3_column_int(st, 5))
                continue; /* the activity fails an attribute filter */
        }
        struct store_search_hit hit = {
            .id = sqlite3_column_int64(st, 0),
            .bm25 = sqlite3_column_double(st, 1),
            .has_coords = sqlite3_column_type(st, 2) != SQLITE_NULL &&
                          sqlite3_column_type(st, 3) != SQLITE_NULL,
            .lat = sqlite3_column_double(st, 2),
            .lon = sqlite3_column_double(st, 3),
            .next_known = timeline,
            .next_start = timeline ? (time_t)sqlite3_column_int64(st, 4) : 0,
        };
        if (timeline && !id_set_add(&seen, hit.id))
            continue; /* the timeline lists an activity once per occurrence */
        if (!fn(ctx, &hit)) {
            step = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(st);
    id_set_free(&seen);
    return store_rc(s, step);
}

/* What store_search_ranked tests on each listing, prepared once per search. */
struct ranked_filter {
    const struct store_search_filter *f;
    struct store_week_slots slots;
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
            store_week_slots_add(&rf->slots, day, f->after_minute, f->before_minute);
    rf->any_category = f->n_category_list == 0;
    rf->category_ok = xcalloc(l->n_categories ? l->n_categories : 1, 1);
    for (size_t i = 0; i < f->n_category_list; i++) {
        int c = store_listings_category(l, f->category_list[i]);
        if (c > 0)
            rf->category_ok[c] = 1;
    }
}

/* Whether listing x passes every filter of a ranked search but the text and the window (the
** same tests as ATTR_FILTER, and the box). */
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
    uint64_t shared = 0;
    for (int w = 0; w < STORE_WEEK_SLOT_WORDS; w++)
        shared |= x->slots[w] & rf->slots.bits[w];
    if (!shared)
        return false;
    return !f->has_box || ((x->flags & STORE_LISTING_COORDS) && x->lat >= f->min_lat &&
                           x->lat <= f->max_lat && x->lon >= f->min_lon && x->lon <= f->max_lon);
}

static void add_hit(struct store_search_hit **hits, size_t *n, size_t *cap, int64_t id, double bm25,
                    const struct store_listing *x)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 256;
        *hits = xrealloc(*hits, *cap * sizeof **hits);
    }
    (*hits)[(*n)++] = (struct store_search_hit){
        .id = id,
        .bm25 = bm25,
        .has_coords = (x->flags & STORE_LISTING_COORDS) != 0,
        .lat = x->lat,
        .lon = x->lon,
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
    if (ranked_passes(b->rf, x))
        add_hit(b->hits, b->n, b->cap, id, 0.0, x);
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
    if (f->fts_query) {
        sqlite3_stmt *st = store_stmt(s, SQL_TEXT_MATCHES);
        if (!st) {
            free(rf.category_ok);
            return BELONG_EINTERNAL;
        }
        store_bind_text(st, 1, f->fts_query);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            if (id > 0 && (uint64_t)id < l->n && ranked_passes(&rf, &l->by_id[id]))
                add_hit(hits, n, &cap, id, sqlite3_column_double(st, 1), &l->by_id[id]);
        }
        sqlite3_reset(st);
        rc = store_rc(s, step);
    } else if (f->has_box) { /* the grid cells the box covers */
        struct box_hits b = {&rf, hits, n, &cap};
        store_listings_in_box(l, f->min_lat, f->max_lat, f->min_lon, f->max_lon, add_box_hit, &b);
    } else {
        for (size_t id = 1; id < l->n; id++)
            if (ranked_passes(&rf, &l->by_id[id]))
                add_hit(hits, n, &cap, (int64_t)id, 0.0, &l->by_id[id]);
    }
    free(rf.category_ok);
    if (rc != BELONG_OK) {
        free(*hits);
        *hits = NULL;
        *n = 0;
    }
    return rc;
}

int store_search_next(struct store *s, const struct store_search_filter *f, int64_t activity_id,
                      time_t *starts, size_t max, size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = store_stmt(s, SQL_SEARCH_NEXT);
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
