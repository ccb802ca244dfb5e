/* sqlite_search.c — the SQLite side of activity search: candidates from the FTS5 index, the
** R*Tree, a category index or the occurrence timeline, filtered by attributes and by an
** occurrence in the window, plus the cheap listings the search domain plans with.
**
** Each query is driven by its most selective index and never scans every activity:
**   text              FTS5 MATCH in rank order (bm25), so the caller stops after the best N;
**   text + filters    the FTS5 matches walked unranked, only those passing the attribute and
**                     day/time filters ranked (FTS5's rank order would rank every match);
**   text + ids        the FTS5 matches walked unranked, only the given ids joined and ranked;
**   text + box        the same, with the ids of the R*Tree box;
**   box               R*Tree overlap (minus an inner box already searched);
**   categories        the activity_search index (category first, attributes covered);
**   none of them      the occurrence_when index in time order, day and time checked in the
**                     index, so the caller stops after the soonest N activities; with
**                     categories, only the soonest occurrences within a budget (when the
**                     categories' activities rarely pass, the caller reads them instead).
** All but the timeline pass over activities whose weekly time signature (migration 6) misses
** the day/time filters, from the covering index activity_match (or activity_search), and
** leave the occurrence probe to the caller (store_search_next), for the hits that could rank.
** The probe walks occurrence's primary key (activity_id, start_utc) from `from` and stops at
** the first start that meets the day/time filters.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "../util/idset.h"
#include "sqlite_internal.h"

/* Parameters shared by every statement below:
**   ?1 fts query   ?2 from   ?3 to   ?4 weekday mask   ?5 after minute   ?6 before minute
**   ?7 categories (JSON array)  ?8 max cost   ?9 access bits   ?10 intensity max
**   ?11..?14 box: min lat, max lat, min lon, max lon
**   ?17..?20 hole in the box: min lat, max lat, min lon, max lon (an empty box when none)
**   ?21 only these ids (a JSON array)
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
#define BOX_FILTER(p)                                                                              \
    p ".max_lat >= ?11 AND " p ".min_lat <= ?12 AND " p ".max_lon >= ?13 AND " p ".min_lon <= ?14" \
      " AND NOT (" p ".max_lat >= ?17 AND " p ".min_lat <= ?18 AND " p ".max_lon >= ?19 AND " p    \
      ".min_lon <= ?20)"
#define NO_HOLE 1000.0 /* a hole from 1000 to -1000 degrees holds no point */
/* The column weights: name, description, tags, organization (search.h documents them). */
#define BM25_WEIGHTS "4.0, 1.0, 3.0, 2.0"
/* FTS5's bm25 constants; a phrase adds at most (K1 + 1) x IDF to the relevance. */
#define BM25_K1      1.2
#define BM25_IDF_MIN 1e-6

/* Text alone: FTS5 hands the matches over most relevant first, so the caller can stop. */
static const char SQL_SEARCH_TEXT[] =
    "SELECT a.id, t.rank, a.lat, a.lon, NULL FROM activity_text t" BY_ID " ON a.id = t.rowid"
    " WHERE activity_text MATCH ?1 AND t.rank MATCH 'belong_bm25(" BM25_WEIGHTS
    ")' AND " ATTR_FILTER " ORDER BY t.rank";

/* Text in a box: the matches are walked (cheaply, without ranking) and only those in the box
** are joined and ranked. The unary + keeps FTS5 from looking each box id up on its own. */
static const char SQL_SEARCH_TEXT_BOX[] =
    "SELECT a.id, belong_bm25(activity_text, " BM25_WEIGHTS "), a.lat, a.lon, NULL"
    " FROM activity_text t" BY_ID " ON a.id = t.rowid"
    " WHERE activity_text MATCH ?1 AND +t.rowid IN (SELECT p.id FROM activity_place p "
    "WHERE " BOX_FILTER("p") ") AND " ATTR_FILTER;

/* Text among given ids: the matches are walked without ranking; only the ids asked for are
** joined and ranked. */
static const char SQL_SEARCH_TEXT_IDS[] =
    "SELECT a.id, belong_bm25(activity_text, " BM25_WEIGHTS "), a.lat, a.lon, NULL"
    " FROM activity_text t" BY_ID " ON a.id = t.rowid"
    " WHERE activity_text MATCH ?1 AND +t.rowid IN (SELECT value FROM json_each(?21)) "
    "AND " ATTR_FILTER;

/* Text with other filters: the matches are walked without ranking; only those passing the
** filters are joined and ranked. */
static const char SQL_SEARCH_TEXT_FILTERED[] =
    "SELECT a.id, belong_bm25(activity_text, " BM25_WEIGHTS "), a.lat, a.lon, NULL"
    " FROM activity_text t" BY_ID
    " ON a.id = t.rowid WHERE activity_text MATCH ?1 AND " ATTR_FILTER;

static const char SQL_TEXT_IDS[] = "SELECT rowid FROM activity_text WHERE activity_text MATCH ?1";

/* The places of text matches from the covering index (a seek by id there costs far less than
** one in the R*Tree, which reads and searches a whole node); the R*Tree holds exactly the
** activities with coordinates. */
static const char SQL_TEXT_PLACES[] =
    "SELECT a.id, a.lat, a.lon FROM activity_text t" BY_ID " ON a.id = t.rowid"
    " WHERE activity_text MATCH ?1 AND a.lat IS NOT NULL AND a.lon IS NOT NULL";

static const char SQL_PLACES[] =
    "SELECT p.id, p.min_lat, p.min_lon FROM activity_place p WHERE " BOX_FILTER("p");

static const char SQL_SEARCH_BOX[] =
    "SELECT a.id, 0.0, a.lat, a.lon, NULL FROM activity_place p" BY_ID
    " ON a.id = p.id WHERE " BOX_FILTER("p") " AND " ATTR_FILTER;

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

static const char SQL_PHRASE_HITS[] =
    "SELECT count(*) FROM activity_text WHERE activity_text MATCH ?1";
/* Every text row is an activity, so the largest activity id bounds the row count. */
static const char SQL_ROWS_BOUND[] = "SELECT coalesce(max(id), 0) FROM activity";

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
    if (f->has_box) {
        sqlite3_bind_double(st, 11, f->min_lat);
        sqlite3_bind_double(st, 12, f->max_lat);
        sqlite3_bind_double(st, 13, f->min_lon);
        sqlite3_bind_double(st, 14, f->max_lon);
        sqlite3_bind_double(st, 17, f->has_hole ? f->hole_min_lat : NO_HOLE);
        sqlite3_bind_double(st, 18, f->has_hole ? f->hole_max_lat : -NO_HOLE);
        sqlite3_bind_double(st, 19, f->has_hole ? f->hole_min_lon : NO_HOLE);
        sqlite3_bind_double(st, 20, f->has_hole ? f->hole_max_lon : -NO_HOLE);
    }
    store_bind_text(st, 21, f->only_ids);
}

/* The statement that drives a search for f. Categories alone are common enough that the
** timeline finds the soonest N quickly; with cost, access or intensity filters as well, or
** when the order does not matter, the activities of the categories are fewer to check than
** the occurrences to walk. Text with any other filter is walked unranked: FTS5's rank order
** computes bm25 for every match, most of which the filters then reject. */
static const char *search_sql(const struct store_search_filter *f)
{
    bool narrow =
        f->max_cost_cents >= 0 || f->access_required || f->intensity_max > 0 || f->unordered;
    bool when = (f->weekday_mask & 0x7f) != 0x7f || f->after_minute > 0 || f->before_minute < 1440;
    if (f->fts_query)
        return f->only_ids                               ? SQL_SEARCH_TEXT_IDS
               : f->has_box                              ? SQL_SEARCH_TEXT_BOX
               : narrow || when || f->categories != NULL ? SQL_SEARCH_TEXT_FILTERED
                                                         : SQL_SEARCH_TEXT;
    if (f->has_box)
        return SQL_SEARCH_BOX;
    if (f->categories && f->timeline_budget > 0 && !f->unordered)
        return SQL_SEARCH_TIMELINE_BUDGET;
    return f->categories && narrow ? SQL_SEARCH_CATEGORIES : SQL_SEARCH_TIMELINE;
}

enum store_search_order store_search_order(const struct store_search_filter *f)
{
    const char *sql = search_sql(f);
    return sql == SQL_SEARCH_TEXT                                            ? STORE_ORDER_RELEVANCE
           : sql == SQL_SEARCH_TIMELINE || sql == SQL_SEARCH_TIMELINE_BUDGET ? STORE_ORDER_SOONEST
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

int store_search_text_ids(struct store *s, const char *fts_query, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(s, SQL_TEXT_IDS);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, fts_query);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return store_rc(s, step);
}

/* Steps st, calling fn with (id, lat, lon) rows until fn returns false. */
static int report_places(struct store *s, sqlite3_stmt *st, store_place_fn fn, void *ctx)
{
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (!fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1),
                sqlite3_column_double(st, 2))) {
            step = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(st);
    return store_rc(s, step);
}

int store_search_places(struct store *s, const struct store_search_filter *f, store_place_fn fn,
                        void *ctx)
{
    sqlite3_stmt *st = store_stmt(s, SQL_PLACES);
    if (!st)
        return BELONG_EINTERNAL;
    bind_filter(st, f);
    return report_places(s, st, fn, ctx);
}

int store_search_text_places(struct store *s, const char *fts_query, store_place_fn fn, void *ctx)
{
    sqlite3_stmt *st = store_stmt(s, SQL_TEXT_PLACES);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, fts_query);
    return report_places(s, st, fn, ctx);
}

/* Steps a statement that returns one integer. OUT: *value. */
static int single_integer(struct store *s, sqlite3_stmt *st, sqlite3_int64 *value)
{
    int step = sqlite3_step(st);
    *value = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return store_rc(s, step);
}

int store_search_relevance_bound(struct store *s, const char *const *phrases, size_t n,
                                 size_t all_hits, double *bound)
{
    *bound = 0;
    sqlite3_stmt *st = store_stmt(s, SQL_ROWS_BOUND);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_int64 rows;
    int rc = single_integer(s, st, &rows);
    for (size_t i = 0; rc == BELONG_OK && i < n; i++) {
        sqlite3_int64 hits = (sqlite3_int64)all_hits;
        if (n > 1) {
            if (!(st = store_stmt(s, SQL_PHRASE_HITS)))
                return BELONG_EINTERNAL;
            store_bind_text(st, 1, phrases[i]);
            rc = single_integer(s, st, &hits);
        }
        /* FTS5's IDF, log((rows - hits + 0.5) / (hits + 0.5)), with at least as many rows as
        ** it counts; a phrase adds at most (K1 + 1) x IDF. */
        double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        *bound += (BM25_K1 + 1.0) * (idf > BM25_IDF_MIN ? idf : BM25_IDF_MIN);
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
