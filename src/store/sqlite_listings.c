/* sqlite_listings.c — the connection's in-memory copy of what search and matching filter
** listings on (struct store_listings): coordinates, active and online flags, cost, access,
** intensity, category, the weekly time signature and the days open without times, by activity
** id; a grid of the places (the listings of a box without scanning them all) and the list of
** online ones.
**
** Search and matching look at thousands of listings per query (the FTS5 matches of some words,
** the listings around a peer's home), and a seek per listing in SQLite was most of their time.
** With the copy the filters are a few comparisons in memory, and only what passes reaches SQL.
** The copy is read from the covering index activity_match (about 40 ms for 100k listings, 48
** bytes each) the first time a query needs it, and again after a commit that wrote the
** directory, on this connection or another (store_directory_wrote moves meta
** "directory_version"; it is read only when SQLite's data version says something was
** committed). Inside a transaction that writes it is read afresh for every query, as it may
** hold uncommitted listings; inside one that only reads it is checked as outside any. Matching also
*wants every stored occurrence (8 bytes each; about 0.3 s
** for 1M) and each listing's name, tags, organisation, town and zone
** (store_listings_for_matching; about 0.1 s and 12 MB for 100k).
*/
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../util/rc.h"
#include "../util/timeutil.h"
#include "sqlite_internal.h"

/* This file's statements (store_stmt). */
enum listings_stmt {
    LISTINGS_SIZE,
    LISTINGS_ROWS,
    LISTINGS_OCCURRENCES,
    LISTINGS_TEXTS,
    LISTINGS_READ_BEGIN,
    LISTINGS_READ,
    LISTINGS_READ_END,
    LISTINGS_STMTS
};
static const char *const listings_sql[LISTINGS_STMTS] = {
    [LISTINGS_SIZE] = "SELECT coalesce(max(id), 0), count(*) FROM activity",
    [LISTINGS_ROWS] =
        "SELECT id, active, is_virtual, cost_cents, access, lat, lon, week_slots_0, week_slots_1,"
        " week_slots_2, intensity, category, open_days, times_listed"
        " FROM activity INDEXED BY activity_match",
    [LISTINGS_OCCURRENCES] =
        "SELECT activity_id, start_utc, end_utc, weekday, start_minute FROM occurrence"
        " ORDER BY activity_id, start_utc",
    [LISTINGS_TEXTS] =
        "SELECT a.id, a.name, a.tags, o.name, l.town, a.tzid, a.group_size, a.peer_run,"
        " a.substance_free, l.coords_from IS NOT NULL, a.audience, a.languages FROM activity a"
        " LEFT JOIN organization o ON o.id = a.organization_id"
        " LEFT JOIN location l ON l.id = a.location_id",
    [LISTINGS_READ_BEGIN] = "BEGIN",
    [LISTINGS_READ] = "SELECT 1 FROM meta LIMIT 1",
    [LISTINGS_READ_END] = "COMMIT",
};
const struct store_sql store_sql_listings = {STORE_SQL_LISTINGS, "sqlite_listings.c", listings_sql,
                                             LISTINGS_STMTS, NULL};

static sqlite3_stmt *stmt(struct store *s, enum listings_stmt i)
{
    return store_stmt(s, &store_sql_listings, i);
}

/* The index of category in l's names, added when new; 0 (none) for NULL. Returns -1 when there
** are more distinct categories than an index holds. */
static int category_index(struct store_listings *l, const char *category)
{
    if (!category)
        return 0;
    for (size_t i = 1; i < l->n_categories; i++)
        if (strcmp(l->categories[i], category) == 0)
            return (int)i;
    if (l->n_categories > UINT16_MAX)
        return -1;
    if (l->n_categories == l->cap_categories) {
        l->cap_categories = l->cap_categories ? 2 * l->cap_categories : 32;
        l->categories = xrealloc(l->categories, l->cap_categories * sizeof *l->categories);
    }
    if (l->n_categories == 0)
        l->categories[l->n_categories++] = NULL; /* index 0: none */
    l->categories[l->n_categories] = xstrdup(category);
    return (int)l->n_categories++;
}

static void listings_clear(struct store_listings *l)
{
    free(l->by_id);
    free(l->occ_first);
    free(l->occ);
    free(l->next_occ);
    free(l->texts);
    free(l->text);
    free(l->grid_ids);
    free(l->grid_first);
    free(l->online_ids);
    free(l->online_placed);
    free(l->grid_points);
    free(l->grid_position);
    store_listing_index_free(&l->grid_index);
    store_listing_index_free(&l->index);
    store_text_cache_free(l->text_cache);
    store_window_sets_release(l->window_sets);
    for (size_t i = 0; i < l->n_categories; i++)
        free(l->categories[i]);
    free(l->categories);
    unsigned int loads = l->loads;
    memset(l, 0, sizeof *l);
    l->loads = loads;
}

#define GRID_PER_CELL   8    /* listings per grid cell, on average */
#define PREFETCH_AHEAD  8    /* listings of a box fetched this far ahead (store_listings_in_box) */
#define GRID_CELL_MIN   0.01 /* degrees: about 0.7 miles of latitude */
#define GRID_CELLS_SIDE 4096 /* at most this many cells a side */

static int grid_cell_of(const struct store_listings *l, double degrees, double origin, int cells)
{
    int i = (int)((degrees - origin) / l->grid_cell);
    return i < 0 ? 0 : i >= cells ? cells - 1 : i;
}

/* Sorts the in-person listings with coordinates into grid cells (a counting sort), and lists
** the online ones. Cannot fail. */
static void grid_build(struct store_listings *l)
{
    double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
    size_t placed = 0;
    for (size_t id = 1; id < l->n; id++) {
        const struct store_listing *x = &l->by_id[id];
        if (x->flags & STORE_LISTING_VIRTUAL) {
            l->n_online++;
            l->n_online_placed += (x->flags & STORE_LISTING_COORDS) != 0;
        } else if (x->flags & STORE_LISTING_COORDS) {
            min_lat = x->lat < min_lat ? x->lat : min_lat;
            max_lat = x->lat > max_lat ? x->lat : max_lat;
            min_lon = x->lon < min_lon ? x->lon : min_lon;
            max_lon = x->lon > max_lon ? x->lon : max_lon;
            placed++;
        }
    }
    double area =
        placed ? (max_lat - min_lat + GRID_CELL_MIN) * (max_lon - min_lon + GRID_CELL_MIN) : 1.0;
    l->grid_cell = sqrt(area * GRID_PER_CELL / (double)(placed ? placed : 1));
    if (l->grid_cell < GRID_CELL_MIN)
        l->grid_cell = GRID_CELL_MIN;
    while ((max_lat - min_lat) / l->grid_cell >= GRID_CELLS_SIDE ||
           (max_lon - min_lon) / l->grid_cell >= GRID_CELLS_SIDE)
        l->grid_cell *= 2;
    l->grid_lat0 = placed ? min_lat : 0;
    l->grid_lon0 = placed ? min_lon : 0;
    l->grid_rows = placed ? (int)((max_lat - min_lat) / l->grid_cell) + 1 : 1;
    l->grid_cols = placed ? (int)((max_lon - min_lon) / l->grid_cell) + 1 : 1;
    size_t cells = (size_t)l->grid_rows * (size_t)l->grid_cols;
    l->grid_first = xcalloc(cells + 1, sizeof *l->grid_first);
    l->grid_ids = xmalloc((placed ? placed : 1) * sizeof *l->grid_ids);
    l->online_ids = xmalloc((l->n_online ? l->n_online : 1) * sizeof *l->online_ids);
    l->online_placed =
        xmalloc((l->n_online_placed ? l->n_online_placed : 1) * sizeof *l->online_placed);
    size_t online = 0, online_placed = 0;
    for (size_t id = 1; id < l->n; id++) {
        const struct store_listing *x = &l->by_id[id];
        if ((x->flags & STORE_LISTING_VIRTUAL) && (x->flags & STORE_LISTING_COORDS))
            l->online_placed[online_placed++] = (uint32_t)id;
        if (x->flags & STORE_LISTING_VIRTUAL)
            l->online_ids[online++] = (uint32_t)id;
        else if (x->flags & STORE_LISTING_COORDS)
            l->grid_first[store_listings_cell(l, x->lat, x->lon) + 1]++;
    }
    for (size_t c = 0; c < cells; c++)
        l->grid_first[c + 1] += l->grid_first[c];
    uint32_t *fill = xmalloc((cells ? cells : 1) * sizeof *fill);
    memcpy(fill, l->grid_first, cells * sizeof *fill);
    for (size_t id = 1; id < l->n; id++) {
        const struct store_listing *x = &l->by_id[id];
        if (!(x->flags & STORE_LISTING_VIRTUAL) && (x->flags & STORE_LISTING_COORDS))
            l->grid_ids[fill[store_listings_cell(l, x->lat, x->lon)]++] = (uint32_t)id;
    }
    free(fill);
}

size_t store_listings_cell(const struct store_listings *l, double lat, double lon)
{
    return (size_t)grid_cell_of(l, lat, l->grid_lat0, l->grid_rows) * (size_t)l->grid_cols +
           (size_t)grid_cell_of(l, lon, l->grid_lon0, l->grid_cols);
}

void store_listings_in_box(const struct store_listings *l, double min_lat, double max_lat,
                           double min_lon, double max_lon, store_listing_fn fn, void *ctx)
{
    int row0 = grid_cell_of(l, min_lat, l->grid_lat0, l->grid_rows);
    int row1 = grid_cell_of(l, max_lat, l->grid_lat0, l->grid_rows);
    size_t col0 = (size_t)grid_cell_of(l, min_lon, l->grid_lon0, l->grid_cols);
    size_t col1 = (size_t)grid_cell_of(l, max_lon, l->grid_lon0, l->grid_cols);
    for (int row = row0; row <= row1; row++) {
        size_t cell = (size_t)row * (size_t)l->grid_cols;
        uint32_t end = l->grid_first[cell + col1 + 1];
        for (uint32_t k = l->grid_first[cell + col0]; k < end; k++) {
            /* The listings of a box lie all over by_id: ask for them ahead of their turn. */
            if (k + PREFETCH_AHEAD < end)
                __builtin_prefetch(&l->by_id[l->grid_ids[k + PREFETCH_AHEAD]]);
            fn(ctx, l->grid_ids[k], &l->by_id[l->grid_ids[k]]);
        }
    }
}

void store_listings_cells(const struct store_listings *l, double min_lat, double max_lat,
                          double min_lon, double max_lon, store_cell_fn fn, void *ctx)
{
    /* A listing's cell comes from a rounded division: its bounds are widened far past that. */
    const double slack = 1e-7;
    int row0 = grid_cell_of(l, min_lat, l->grid_lat0, l->grid_rows);
    int row1 = grid_cell_of(l, max_lat, l->grid_lat0, l->grid_rows);
    int col0 = grid_cell_of(l, min_lon, l->grid_lon0, l->grid_cols);
    int col1 = grid_cell_of(l, max_lon, l->grid_lon0, l->grid_cols);
    for (int row = row0; row <= row1; row++) {
        double lat0 = l->grid_lat0 + row * l->grid_cell - slack;
        double lat1 = l->grid_lat0 + (row + 1) * l->grid_cell + slack;
        for (int col = col0; col <= col1; col++) {
            size_t cell = (size_t)row * (size_t)l->grid_cols + (size_t)col;
            uint32_t first = l->grid_first[cell], end = l->grid_first[cell + 1];
            if (first == end)
                continue;
            double lon0 = l->grid_lon0 + col * l->grid_cell - slack;
            double lon1 = l->grid_lon0 + (col + 1) * l->grid_cell + slack;
            fn(ctx, lat0, lat1, lon0, lon1, l->grid_ids + first, end - first);
        }
    }
}

void store_listings_box_span(const struct store_listings *l, double min_lat, double max_lat,
                             double min_lon, double max_lon, size_t *first, size_t *end)
{
    int row0 = grid_cell_of(l, min_lat, l->grid_lat0, l->grid_rows);
    int row1 = grid_cell_of(l, max_lat, l->grid_lat0, l->grid_rows);
    size_t col0 = (size_t)grid_cell_of(l, min_lon, l->grid_lon0, l->grid_cols);
    size_t col1 = (size_t)grid_cell_of(l, max_lon, l->grid_lon0, l->grid_cols);
    *first = l->grid_first[(size_t)row0 * (size_t)l->grid_cols + col0];
    *end = l->grid_first[(size_t)row1 * (size_t)l->grid_cols + col1 + 1];
    if (*end < *first)
        *end = *first;
}

/* Hands cell_fn the cell at row, col when it holds listings (store_listings_rings). */
static void ring_cell(const struct store_listings *l, int row, int col, store_cell_fn cell_fn,
                      void *ctx)
{
    const double slack = 1e-7; /* as store_listings_cells */
    size_t cell = (size_t)row * (size_t)l->grid_cols + (size_t)col;
    uint32_t first = l->grid_first[cell], end = l->grid_first[cell + 1];
    if (first == end)
        return;
    double lat0 = l->grid_lat0 + row * l->grid_cell, lon0 = l->grid_lon0 + col * l->grid_cell;
    cell_fn(ctx, lat0 - slack, lat0 + l->grid_cell + slack, lon0 - slack,
            lon0 + l->grid_cell + slack, l->grid_ids + first, end - first);
}

void store_listings_rings(const struct store_listings *l, double min_lat, double max_lat,
                          double min_lon, double max_lon, double lat, double lon,
                          store_cell_fn cell_fn, store_ring_done_fn ring_fn, void *ctx)
{
    const double slack = 1e-7; /* as store_listings_cells */
    int row_lo = grid_cell_of(l, min_lat, l->grid_lat0, l->grid_rows);
    int row_hi = grid_cell_of(l, max_lat, l->grid_lat0, l->grid_rows);
    int col_lo = grid_cell_of(l, min_lon, l->grid_lon0, l->grid_cols);
    int col_hi = grid_cell_of(l, max_lon, l->grid_lon0, l->grid_cols);
    int r0 = grid_cell_of(l, lat, l->grid_lat0, l->grid_rows);
    int c0 = grid_cell_of(l, lon, l->grid_lon0, l->grid_cols);
    r0 = r0 < row_lo ? row_lo : r0 > row_hi ? row_hi : r0;
    c0 = c0 < col_lo ? col_lo : c0 > col_hi ? col_hi : c0;
    for (int k = 0;; k++) {
        int top = r0 + k, bottom = r0 - k, left = c0 - k, right = c0 + k; /* rows go north */
        int row_first = bottom < row_lo ? row_lo : bottom, row_last = top > row_hi ? row_hi : top;
        int col_first = left < col_lo ? col_lo : left, col_last = right > col_hi ? col_hi : right;
        for (int row = row_first; row <= row_last; row++) {
            if (row == top || row == bottom) {
                for (int col = col_first; col <= col_last; col++)
                    ring_cell(l, row, col, cell_fn, ctx);
                continue;
            }
            if (left >= col_lo)
                ring_cell(l, row, left, cell_fn, ctx);
            if (right <= col_hi && right != left)
                ring_cell(l, row, right, cell_fn, ctx);
        }
        /* What is left lies beyond the sides of the rows and columns walked not yet at the
        ** box's (or the grid's) edge; NAN where nothing is. */
        struct store_ring_left left_of = {
            .north = top < row_hi ? l->grid_lat0 + (top + 1) * l->grid_cell - slack : NAN,
            .south = bottom > row_lo ? l->grid_lat0 + bottom * l->grid_cell + slack : NAN,
            .east = right < col_hi ? l->grid_lon0 + (right + 1) * l->grid_cell - slack : NAN,
            .west = left > col_lo ? l->grid_lon0 + left * l->grid_cell + slack : NAN,
        };
        left_of.lat_min = fmax(min_lat, l->grid_lat0 - slack);
        left_of.lat_max = fmin(max_lat, l->grid_lat0 + l->grid_rows * l->grid_cell + slack);
        left_of.done = isnan(left_of.north) && isnan(left_of.south) && isnan(left_of.east) &&
                       isnan(left_of.west);
        if (!ring_fn(ctx, &left_of) || left_of.done)
            return;
    }
}

static int listings_load(struct store *s, struct store_listings *l)
{
    listings_clear(l);
    int64_t size[2]; /* max id, count */
    int rc = store_query_ints(s, &store_sql_listings, LISTINGS_SIZE, size, 2);
    if (rc != BELONG_OK)
        return rc;
    if (!store_ids_dense(size[0], size[1]))
        return BELONG_EINTERNAL;
    l->n = (size_t)size[0] + 1;
    l->by_id = xcalloc(l->n, sizeof *l->by_id);
    sqlite3_stmt *st = stmt(s, LISTINGS_ROWS);
    if (!st)
        return BELONG_EINTERNAL;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id <= 0 || (uint64_t)id >= l->n)
            continue;
        struct store_listing *x = &l->by_id[id];
        x->flags = STORE_LISTING_PRESENT;
        if (sqlite3_column_int(st, 1))
            x->flags |= STORE_LISTING_ACTIVE;
        if (sqlite3_column_int(st, 2))
            x->flags |= STORE_LISTING_VIRTUAL;
        x->cost_cents = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
        x->access = (uint8_t)sqlite3_column_int(st, 4);
        if (sqlite3_column_type(st, 5) != SQLITE_NULL &&
            sqlite3_column_type(st, 6) != SQLITE_NULL) {
            x->flags |= STORE_LISTING_COORDS;
            x->lat = sqlite3_column_double(st, 5);
            x->lon = sqlite3_column_double(st, 6);
        }
        for (int w = 0; w < WEEK_SLOT_WORDS; w++)
            x->slots[w] = (uint64_t)sqlite3_column_int64(st, 7 + w);
        x->intensity = (uint8_t)sqlite3_column_int(st, 10);
        int category = category_index(l, (const char *)sqlite3_column_text(st, 11));
        if (category < 0) {
            sqlite3_reset(st);
            return BELONG_EINTERNAL;
        }
        x->category = (uint16_t)category;
        x->open_days = (uint8_t)(sqlite3_column_int(st, 12) & 0x7f);
        if (sqlite3_column_int(st, 13))
            x->flags |= STORE_LISTING_TIMES;
    }
    sqlite3_reset(st);
    if (step == SQLITE_DONE) {
        grid_build(l);
        store_listing_index_attrs(l);
        store_listing_index_grid(l);
    }
    return store_rc(s, step);
}

/* Adds every stored occurrence to l (by_id loaded), grouped by listing id, by start, in one
** pass over the table (it has no index by time to find the first and last start). Starts are
** kept as 32-bit offsets from a base 2^31 seconds (68 years) before the first row's, so any
** start within 68 years of it fits; one further away (none is: belong writes occurrences for
** months from the day of an import) is left out. */
static int occurrences_load(struct store *s, struct store_listings *l)
{
    l->occ_first = xcalloc(l->n + 1, sizeof *l->occ_first);
    size_t cap = 0, n = 0;
    sqlite3_stmt *st = stmt(s, LISTINGS_OCCURRENCES);
    if (!st)
        return BELONG_EINTERNAL;
    int step;
    int64_t id = 0; /* occ_first[0..id] are set */
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t row_id = sqlite3_column_int64(st, 0);
        int64_t start = sqlite3_column_int64(st, 1), end = sqlite3_column_int64(st, 2);
        if (n == 0 && id == 0)
            l->occ_base = start - ((int64_t)1 << 31);
        int64_t offset = start - l->occ_base;
        if (row_id < id || (uint64_t)row_id >= l->n || offset < 0 || offset > UINT32_MAX ||
            n == UINT32_MAX)
            continue;
        while (id < row_id) /* row_id's occurrences start here */
            l->occ_first[++id] = (uint32_t)n;
        if (n == cap) {
            cap = cap ? 2 * cap : 65536;
            l->occ = xrealloc(l->occ, cap * sizeof *l->occ);
        }
        int64_t minutes = end > start ? (end - start + 59) / 60 : 0;
        l->occ[n++] = (struct store_listing_occ){
            .start = (uint32_t)offset,
            .duration_min = (uint16_t)(minutes < UINT16_MAX ? minutes : UINT16_MAX),
            .week_minute = (uint16_t)(sqlite3_column_int(st, 3) * 1440 + sqlite3_column_int(st, 4)),
        };
    }
    sqlite3_reset(st);
    while ((size_t)id < l->n)
        l->occ_first[++id] = (uint32_t)n;
    if (n < cap || !l->occ) /* give back the slack of the last doubling; never NULL */
        l->occ = xrealloc(l->occ, (n ? n : 1) * sizeof *l->occ);
    l->has_occurrences = true;
    store_listing_index_times(l);
    store_listing_next_build(l, belong_now());
    return step == SQLITE_DONE ? BELONG_OK : store_rc(s, step);
}

/* Appends column col's text to l->text; returns its offset + 1, or 0 for NULL. */
static uint32_t text_add(struct store_listings *l, sqlite3_stmt *st, int col)
{
    const char *text = (const char *)sqlite3_column_text(st, col);
    if (!text)
        return 0;
    size_t len = (size_t)sqlite3_column_bytes(st, col) + 1;
    if (l->text_len + len > l->text_cap) {
        l->text_cap = l->text_cap ? 2 * l->text_cap : 1 << 20;
        while (l->text_len + len > l->text_cap)
            l->text_cap *= 2;
        l->text = xrealloc(l->text, l->text_cap);
    }
    memcpy(l->text + l->text_len, text, len);
    l->text_len += len;
    return (uint32_t)(l->text_len - len + 1);
}

/* Adds the words and facts matching scores by to l (by_id loaded). */
static int texts_load(struct store *s, struct store_listings *l)
{
    l->texts = xcalloc(l->n ? l->n : 1, sizeof *l->texts);
    for (size_t i = 0; i < l->n; i++)
        l->texts[i].peer_run = l->texts[i].substance_free = TRI_UNKNOWN;
    sqlite3_stmt *st = stmt(s, LISTINGS_TEXTS);
    if (!st)
        return BELONG_EINTERNAL;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id <= 0 || (uint64_t)id >= l->n)
            continue;
        if (l->text_len > UINT32_MAX / 2) {
            sqlite3_reset(st);
            return BELONG_EINTERNAL; /* near what 32-bit offsets reach: 2 GB of names */
        }
        struct store_listing_text *t = &l->texts[id];
        t->name = text_add(l, st, 1);
        t->tags = text_add(l, st, 2);
        t->organization = text_add(l, st, 3);
        t->town = text_add(l, st, 4);
        t->tzid = text_add(l, st, 5);
        int group_size = sqlite3_column_int(st, 6);
        t->group_size = (uint16_t)(group_size > 0 && group_size < UINT16_MAX ? group_size : 0);
        t->peer_run = (int8_t)store_column_tristate(st, 7);
        t->substance_free = (int8_t)store_column_tristate(st, 8);
        t->approximate_place = sqlite3_column_int(st, 9) != 0;
        t->audience = (uint8_t)sqlite3_column_int(st, 10);
        t->languages = text_add(l, st, 11);
    }
    sqlite3_reset(st);
    l->has_texts = true;
    return store_rc(s, step);
}

const char *store_listings_string(const struct store_listings *l, uint32_t offset)
{
    return offset ? l->text + offset - 1 : NULL;
}

/* Runs a cached statement to its end. */
static int run(struct store *s, enum listings_stmt i)
{
    sqlite3_stmt *st = stmt(s, i);
    if (!st)
        return BELONG_EINTERNAL;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sqlite3_reset(st);
    return store_rc(s, step);
}

/* ---- one copy for the process (store_listings_share) ---------------------------------------- */

/* A copy shared by the connections to one file: every part loaded. refs counts the connections
** holding it, plus one while it is the newest for its file (in shared_newest). */
struct store_shared_listings {
    struct store_listings l;
    char *path;
    int refs;
    struct store_shared_listings *next; /* the newest copy of another file */
};
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store_shared_listings *shared_newest; /* under shared_lock */
static bool sharing;

/* Lets go of x, freeing it with its last holder. Under shared_lock. */
static void shared_release(struct store_shared_listings *x)
{
    if (x && --x->refs == 0) {
        listings_clear(&x->l);
        free(x->path);
        free(x);
    }
}

void store_listings_share(bool on)
{
    pthread_mutex_lock(&shared_lock);
    sharing = on;
    while (!on && shared_newest) {
        struct store_shared_listings *x = shared_newest;
        shared_newest = x->next;
        shared_release(x);
    }
    pthread_mutex_unlock(&shared_lock);
}

/* The shared copy of s's file at the database's directory version (inside s's read
** transaction, whose data version is commit): the one s holds when still current, else the
** newest for the file, else a new one, built here once while the other connections wait.
** NULL on a store error. */
static const struct store_listings *shared_current(struct store *s, unsigned int commit)
{
    struct store_shared_listings *mine = s->shared;
    if (mine && s->shared_seen_commit == commit)
        return &mine->l;
    int64_t version = store_directory_version(s);
    if (version < 0)
        return NULL;
    if (!mine || mine->l.version != version) {
        pthread_mutex_lock(&shared_lock);
        struct store_shared_listings **at = &shared_newest;
        while (*at && strcmp((*at)->path, s->path) != 0)
            at = &(*at)->next;
        struct store_shared_listings *newest = *at;
        if (!newest || newest->l.version != version) {
            struct store_shared_listings *fresh = xcalloc(1, sizeof *fresh);
            int rc = listings_load(s, &fresh->l);
            if (rc == BELONG_OK)
                rc = occurrences_load(s, &fresh->l);
            if (rc == BELONG_OK)
                rc = texts_load(s, &fresh->l);
            if (rc != BELONG_OK) {
                listings_clear(&fresh->l);
                free(fresh);
                pthread_mutex_unlock(&shared_lock);
                return NULL;
            }
            fresh->l.version = version;
            fresh->l.loaded = true;
            fresh->l.loads = 1;
            fresh->path = xstrdup(s->path);
            fresh->refs = 1; /* the newest */
            if (newest) {
                fresh->next = newest->next;
                shared_release(newest); /* no longer the newest: freed with its last reader */
            } else {
                fresh->next = shared_newest;
                at = &shared_newest;
            }
            *at = fresh;
            newest = fresh;
        }
        newest->refs++;
        shared_release(mine);
        s->shared = mine = newest;
        pthread_mutex_unlock(&shared_lock);
    }
    s->shared_seen_commit = commit;
    return &mine->l;
}

/* The listings (with their occurrences, and their words, when asked), loaded afresh when the
** database changed since, or always inside a transaction that writes; all read in one read
** transaction: the caller's when one is open (store_read_begin: a search and its page read as
** of one state, with one transaction's locks a request instead of one a look-up), else one
** opened here. What was not asked for before is added to a copy that is still current. */
static const struct store_listings *listings_current(struct store *s, bool occurrences, bool texts)
{
    s->last_copy = NULL;
    struct store_listings *l = &s->listings;
    bool own_read = sqlite3_get_autocommit(s->db) != 0;
    /* Only a transaction that writes can hold listings not committed: one that reads sees a
    ** committed state, whose version the copy is checked against as outside any. */
    bool in_transaction = !own_read && sqlite3_txn_state(s->db, "main") == SQLITE_TXN_WRITE;
    /* The versions are those of the read transaction: one is opened to learn them (or the
    ** caller's, begun and not read from yet, is started). */
    if (own_read &&
        (run(s, LISTINGS_READ_BEGIN) != BELONG_OK || run(s, LISTINGS_READ) != BELONG_OK)) {
        run(s, LISTINGS_READ_END);
        return NULL;
    }
    if (!own_read && sqlite3_txn_state(s->db, "main") == SQLITE_TXN_NONE &&
        run(s, LISTINGS_READ) != BELONG_OK)
        return NULL;
    unsigned int commit = 0;
    int rc = sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION, &commit) == SQLITE_OK
                 ? BELONG_OK
                 : BELONG_EINTERNAL;
    if (rc == BELONG_OK && sharing && !in_transaction) {
        const struct store_listings *shared = shared_current(s, commit);
        if (own_read)
            run(s, LISTINGS_READ_END);
        s->last_copy = shared;
        return shared;
    }
    bool current = rc == BELONG_OK && l->loaded && !in_transaction;
    /* No commit since it was last found current; else a commit that left the directory be. */
    if (current && l->seen_commit != commit)
        current = store_directory_version(s) == l->version;
    if (rc == BELONG_OK && !current) {
        l->loaded = false;
        rc = listings_load(s, l);
        l->version = store_directory_version(s);
        l->loads++;
    }
    if (rc == BELONG_OK && occurrences && !l->has_occurrences)
        rc = occurrences_load(s, l);
    if (rc == BELONG_OK && texts && !l->has_texts)
        rc = texts_load(s, l);
    if (own_read)
        run(s, LISTINGS_READ_END);
    if (rc != BELONG_OK || l->version < 0) {
        listings_clear(l);
        return NULL;
    }
    l->seen_commit = commit;
    if (!current)
        l->loaded = !in_transaction;
    s->last_copy = l;
    return l;
}

const struct store_listings *store_listings_get(struct store *s)
{
    return listings_current(s, false, false);
}

const struct store_listings *store_listings_with_occurrences(struct store *s)
{
    return listings_current(s, true, false);
}

const struct store_listings *store_listings_for_matching(struct store *s)
{
    return listings_current(s, true, true);
}

int store_listings_category(const struct store_listings *l, const char *category)
{
    for (size_t i = 1; i < l->n_categories; i++)
        if (strcmp(l->categories[i], category) == 0)
            return (int)i;
    return -1;
}

void store_listings_free(struct store *s)
{
    s->last_copy = NULL;
    listings_clear(&s->listings);
    if (s->shared) {
        pthread_mutex_lock(&shared_lock);
        shared_release(s->shared);
        pthread_mutex_unlock(&shared_lock);
        s->shared = NULL;
    }
}
