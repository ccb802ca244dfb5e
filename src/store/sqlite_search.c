/* sqlite_search.c — the SQLite side of activity search: every candidate filtered against the
** listings kept in memory (sqlite_listings.c) and the sets of ids kept with them
** (sqlite_listing_index.c), and the probe of an activity's next occurrences.
**
**   text              the FTS5 matches with their relevance (belong_bm25, sqlite_rank.c), kept
**                     best first with the copy of the listings for the next searches with the
**                     same words (struct store_text_matches), each filtered against the
**                     listings in memory, and handed over best first until the caller stops
**                     (store_search_by_relevance);
**   a place           the listings in memory in the grid cells the box covers, filtered the
**                     same way, ring by ring outward from the place, with where the listings
**                     left lie after each ring (store_search_outward);
**   neither           (store_search) the sets of ids of the filters ANDed, then the window's
**                     day buckets walked from its start: only the listings meeting on a bucket's
**                     days are looked at (their first fitting occurrence found in the copy of
**                     the occurrences), and handed over soonest first as each bucket ends;
**   how many match    (store_search_count) the same sets ANDed with the window's sets
**                     (struct store_window_sets: made once a window, shared), only the listings
**                     they cannot decide checked one by one: those meeting only on the days the
**                     window cuts, or in an hour a time cuts; within a box, the grid cells a
**                     test answers for whole counted by their bits.
** Every path passes over activities whose weekly time signature (migration 6) misses the
** day/time filters, but for those that fit them with their times not listed (migration 10:
** open on a day asked for without times, or no schedule; never with a time of day asked for),
** handed over after every activity with a fitting occurrence (docs/cli.md). With text or a
** place the occurrence probe is left to the caller
** (store_search_next), for the hits that could rank; it walks occurrence's primary key
** (activity_id, start_utc) from `from` and stops at the first start that meets the day/time
** filters.
*/
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../util/heap.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

#define WEEK_SLOT_COUNT 168 /* local weekday x 24 + hour */

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

/* ---- the text matches of recent queries (struct store_text_matches) ---------------------- */

#define TEXT_CACHE_ENTRIES 64
#define TEXT_CACHE_BYTES   (8u << 20) /* of ids and relevances, in all; a quarter at most each */

struct store_text_cache {
    pthread_mutex_t lock;
    struct store_text_matches *entries[TEXT_CACHE_ENTRIES]; /* NULL: free slot */
    size_t bytes;
    unsigned long clock;
};
static pthread_mutex_t text_cache_create = PTHREAD_MUTEX_INITIALIZER;

static size_t matches_bytes(const struct store_text_matches *m)
{
    return m->n * (sizeof *m->ids + sizeof *m->relevance + sizeof *m->by_id) +
           m->set_words * sizeof *m->set;
}

/* Lets go of m, freeing it with its last user. Under the cache's lock, if it has one. */
static void matches_release(struct store_text_matches *m)
{
    if (--m->refs > 0)
        return;
    free(m->key);
    free(m->ids);
    free(m->relevance);
    free(m->by_id);
    free(m->set);
    free(m);
}

void store_text_cache_free(struct store_text_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < TEXT_CACHE_ENTRIES; i++)
        if (c->entries[i])
            matches_release(c->entries[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* l's text cache, made on first use. The copy is shared read-only but for its cache, which
** has its own lock. Cannot fail. */
static struct store_text_cache *text_cache_of(const struct store_listings *l)
{
    struct store_listings *mutable_l = (struct store_listings *)l;
    pthread_mutex_lock(&text_cache_create);
    if (!mutable_l->text_cache) {
        struct store_text_cache *c = xcalloc(1, sizeof *c);
        pthread_mutex_init(&c->lock, NULL);
        mutable_l->text_cache = c;
    }
    struct store_text_cache *c = mutable_l->text_cache;
    pthread_mutex_unlock(&text_cache_create);
    return c;
}

/* Keeps m (whose user holds it) in c, letting go of the least recently used entries to make
** room; a query with very many matches is not kept. Under c's lock. */
static void text_cache_add(struct store_text_cache *c, struct store_text_matches *m)
{
    size_t bytes = matches_bytes(m);
    if (bytes > TEXT_CACHE_BYTES / 4)
        return;
    for (size_t i = 0; i < TEXT_CACHE_ENTRIES; i++)
        if (c->entries[i] && strcmp(c->entries[i]->key, m->key) == 0)
            return; /* another thread kept the same */
    for (;;) {
        size_t free_slot = TEXT_CACHE_ENTRIES, oldest = TEXT_CACHE_ENTRIES;
        for (size_t i = 0; i < TEXT_CACHE_ENTRIES; i++) {
            if (!c->entries[i])
                free_slot = i;
            else if (oldest == TEXT_CACHE_ENTRIES || c->entries[i]->used < c->entries[oldest]->used)
                oldest = i;
        }
        if (free_slot < TEXT_CACHE_ENTRIES && c->bytes + bytes <= TEXT_CACHE_BYTES) {
            m->refs++;
            c->entries[free_slot] = m;
            c->bytes += bytes;
            return;
        }
        c->bytes -= matches_bytes(c->entries[oldest]);
        matches_release(c->entries[oldest]);
        c->entries[oldest] = NULL;
    }
}

/* A text match, for sorting them best first. */
struct match {
    double relevance;
    int64_t id;
};

/* Higher relevance first, then lower id (qsort). */
static int match_cmp(const void *a_, const void *b_)
{
    const struct match *a = a_, *b = b_;
    if (a->relevance != b->relevance)
        return a->relevance > b->relevance ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* Lower id first (qsort). */
static int match_id_cmp(const void *a_, const void *b_)
{
    const struct match *a = a_, *b = b_;
    return (a->id > b->id) - (a->id < b->id);
}

/* Sorts m's matches best first: higher relevance, then lower id, and orders them by id in
** m->by_id. Cannot fail. */
static void matches_sort(struct store_text_matches *m)
{
    struct match *all = xmalloc((m->n ? m->n : 1) * sizeof *all);
    for (size_t i = 0; i < m->n; i++)
        all[i] = (struct match){m->relevance[i], m->ids[i]};
    qsort(all, m->n, sizeof *all, match_cmp);
    m->by_id = xmalloc((m->n ? m->n : 1) * sizeof *m->by_id);
    for (size_t i = 0; i < m->n; i++) {
        m->relevance[i] = all[i].relevance;
        m->ids[i] = all[i].id;
        all[i].relevance = (double)i; /* then by id, keeping where each went */
    }
    qsort(all, m->n, sizeof *all, match_id_cmp);
    for (size_t i = 0; i < m->n; i++)
        m->by_id[i] = (uint32_t)all[i].relevance;
    free(all);
}

/* The matches of q as of l (whose directory version the engine's index has too): from l's
** cache, else from FTS5 with their relevance, then kept. Returns 0 or a store error.
** OUT: *out, released with text_matches_done (also on error: NULL then). */
static int text_matches(struct store *s, const struct store_listings *l,
                        const struct store_text_query *q, struct store_text_matches **out)
{
    *out = NULL;
    struct store_text_matches *m = xcalloc(1, sizeof *m);
    m->refs = 1;
    m->key = store_fts5_match(q);
    if (!m->key) { /* no phrase: no match */
        *out = m;
        return BELONG_OK;
    }
    struct store_text_cache *c = text_cache_of(l);
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < TEXT_CACHE_ENTRIES; i++)
        if (c->entries[i] && strcmp(c->entries[i]->key, m->key) == 0) {
            matches_release(m);
            m = c->entries[i];
            m->refs++;
            m->used = ++c->clock;
            pthread_mutex_unlock(&c->lock);
            *out = m;
            return BELONG_OK;
        }
    pthread_mutex_unlock(&c->lock);
    sqlite3_stmt *st = stmt(s, SEARCH_TEXT_MATCHES);
    if (!st) {
        matches_release(m);
        return BELONG_EINTERNAL;
    }
    sqlite3_bind_text(st, 1, m->key, -1, SQLITE_STATIC);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (m->n == cap) {
            cap = cap ? 2 * cap : 256;
            m->ids = xrealloc(m->ids, cap * sizeof *m->ids);
            m->relevance = xrealloc(m->relevance, cap * sizeof *m->relevance);
        }
        m->ids[m->n] = sqlite3_column_int64(st, 0);
        m->relevance[m->n++] = sqlite3_column_double(st, 1);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    int rc = store_rc(s, step);
    if (rc != BELONG_OK) {
        matches_release(m);
        return rc;
    }
    matches_sort(m);
    m->set = store_id_set_new(l);
    m->set_words = l->index.words;
    for (size_t i = 0; i < m->n; i++)
        if (m->ids[i] > 0 && (uint64_t)m->ids[i] < l->n)
            store_id_set_add(m->set, (size_t)m->ids[i]);
    pthread_mutex_lock(&c->lock);
    m->used = ++c->clock;
    text_cache_add(c, m);
    pthread_mutex_unlock(&c->lock);
    *out = m;
    return BELONG_OK;
}

/* Lets go of matches from text_matches (NULL is fine). */
static void text_matches_done(const struct store_listings *l, struct store_text_matches *m)
{
    if (!m)
        return;
    struct store_text_cache *c = l->text_cache;
    if (c)
        pthread_mutex_lock(&c->lock);
    matches_release(m);
    if (c)
        pthread_mutex_unlock(&c->lock);
}

/* The most categories a search's sets test a listing on before reading it (ranked_sets_have);
** with more, its category is read. */
#define RANKED_ANY_MAX 8

/* What store_search_ranked tests on each listing, prepared once per search. */
struct ranked_filter {
    const struct store_search_filter *f;
    struct week_slots slots;
    bool time_of_day; /* a time of day is asked for: no listing fits without times */
    bool every_day;   /* no day filter (or one naming every day) */
    bool any_category;
    uint8_t *category_ok; /* [n_categories] of the listings */
    /* The sets of ids (struct store_listing_index) every listing passing the attribute filters
    ** is in: each of in_all, and one of in_any when any_set (its categories'). ranked_sets_have
    ** tests them before a listing's fields are read: a bit of a set the cache keeps, where the
    ** fields are a cache miss a listing. */
    const uint64_t *in_all[1 + 2 + 8];
    size_t n_in_all;
    const uint64_t *in_any[RANKED_ANY_MAX];
    size_t n_in_any;
    bool any_set;
};

/* Fills rf's sets for f (rf's categories known): those `candidates` ANDs that the copy keeps
** whole (no cost but free, no box, no text), and the categories' when at most RANKED_ANY_MAX. */
static void ranked_sets_init(struct ranked_filter *rf, const struct store_listings *l,
                             const struct store_search_filter *f)
{
    const struct store_listing_index *x = &l->index;
    if (!rf->any_category) {
        size_t n = 0; /* none known: no listing passes, nor is in any set */
        for (size_t k = 1; k < l->n_categories; k++)
            n += rf->category_ok[k];
        rf->any_set = n != 1 && n <= RANKED_ANY_MAX; /* one category: a set of in_all */
        for (size_t k = 1; n <= RANKED_ANY_MAX && k < l->n_categories; k++)
            if (rf->category_ok[k] && n == 1)
                rf->in_all[rf->n_in_all++] = x->category + k * x->words;
            else if (rf->category_ok[k])
                rf->in_any[rf->n_in_any++] = x->category + k * x->words;
    }
    if (f->max_cost_cents == 0)
        rf->in_all[rf->n_in_all++] = x->free_of_cost;
    for (int bit = 0; bit < 8; bit++)
        if ((f->access_required >> bit) & 1)
            rf->in_all[rf->n_in_all++] = x->access[bit];
    if (f->intensity_max > 0)
        rf->in_all[rf->n_in_all++] =
            x->intensity_le[f->intensity_max <= INTENSITY_MAX ? f->intensity_max : INTENSITY_MAX];
}

/* Whether listing id is in every set of rf a listing passing its attribute filters is in: when
** not, ranked_passes is false. */
static inline bool ranked_sets_have(const struct ranked_filter *rf, size_t id)
{
    for (size_t i = 0; i < rf->n_in_all; i++)
        if (!store_id_set_has(rf->in_all[i], id))
            return false;
    if (!rf->any_set)
        return true;
    for (size_t i = 0; i < rf->n_in_any; i++)
        if (store_id_set_has(rf->in_any[i], id))
            return true;
    return false;
}

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
    ranked_sets_init(rf, l, f);
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
    if (f->text) {
        struct store_text_matches *m = NULL;
        rc = text_matches(s, l, f->text, &m);
        for (size_t i = 0; rc == BELONG_OK && i < m->n; i++)
            if (m->ids[i] > 0 && (uint64_t)m->ids[i] < l->n)
                add_hit(hits, n, &cap, &rf, m->ids[i], m->relevance[i], &l->by_id[m->ids[i]]);
        text_matches_done(l, m);
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

/* The state of store_search_outward's walk. */
struct outward {
    const struct store_listings *l;
    const struct ranked_filter *rf;
    const struct store_text_matches *m; /* with text */
    const uint64_t *in_text;            /* with text: the set of m's ids */
    uint64_t *text_cells; /* with text, once the walk is long: the grid cells holding one; owned */
    size_t scanned;       /* with text: the listings of the grid cells walked so far */
    store_search_fn fn;
    store_outward_fn ring_fn;
    void *ctx;
    bool more;
};

/* The relevance of listing id among m's matches (0 when not one): a binary search of the
** matches ordered by id (m->by_id). */
static double relevance_of(const struct store_text_matches *m, int64_t id)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->ids[m->by_id[mid]] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->n && m->ids[m->by_id[lo]] == id ? m->relevance[m->by_id[lo]] : 0.0;
}

/* Hands fn listing id as a hit when it passes the filters (as add_hit). */
static void outward_hit(struct outward *o, uint32_t id)
{
    const struct store_listing *x = &o->l->by_id[id];
    if (!o->more || (o->in_text && !store_id_set_has(o->in_text, id)) || !ranked_passes(o->rf, x))
        return;
    bool slots = slots_fit(o->rf, x), untimed = untimed_fits(o->rf, x);
    if (!slots && !untimed)
        return;
    struct store_search_hit hit = {
        .id = id,
        .relevance = o->m ? relevance_of(o->m, id) : 0.0,
        .has_coords = (x->flags & STORE_LISTING_COORDS) != 0,
        .lat = x->lat,
        .lon = x->lon,
        .untimed_fit = untimed,
        .slots_fit = slots,
    };
    o->more = o->fn(o->ctx, &hit);
}

/* The walk outward with text marks the grid cells holding a match once it has looked at this
** many times as many listings as there are matches (the few matches of a rare word, far apart:
** the rest of the walk passes over most cells whole); a short walk never pays for the marks. */
#define TEXT_CELLS_AFTER 4

/* The set of grid cells holding one of m's in-person matches with coordinates, each in the cell
** grid_build put it in. The caller frees it. */
static uint64_t *text_cells_new(const struct store_listings *l, const struct store_text_matches *m)
{
    uint64_t *cells = xcalloc((size_t)l->grid_rows * (size_t)l->grid_cols / 64 + 1, sizeof *cells);
    for (size_t i = 0; i < m->n; i++) {
        if (m->ids[i] <= 0 || (uint64_t)m->ids[i] >= l->n)
            continue;
        const struct store_listing *x = &l->by_id[m->ids[i]];
        if ((x->flags & (STORE_LISTING_VIRTUAL | STORE_LISTING_COORDS)) == STORE_LISTING_COORDS)
            store_id_set_add(cells, store_listings_cell(l, x->lat, x->lon));
    }
    return cells;
}

/* The walk outward asks for the listing this many places ahead of the one it tests: a cell's
** listings lie far apart in by_id, each a cache miss, which the processor then waits for side
** by side rather than one after the other. */
#define LISTING_AHEAD 6
#define OUTWARD_CHUNK 64 /* the listings of a cell kept by the sets at a time */

/* Asks the processor to fetch listing id's fields (both cache lines they may straddle). */
static void listing_prefetch(const struct store_listings *l, uint32_t id)
{
    const char *x = (const char *)&l->by_id[id];
    __builtin_prefetch(x);
    __builtin_prefetch(x + sizeof l->by_id[id] - 1);
}

static void outward_cell(void *ctx, double min_lat, double max_lat, double min_lon, double max_lon,
                         const uint32_t *ids, size_t n)
{
    struct outward *o = ctx;
    if (o->in_text && !o->text_cells && (o->scanned += n) > TEXT_CELLS_AFTER * o->m->n)
        o->text_cells = text_cells_new(o->l, o->m);
    if (o->text_cells && /* a cell without a match is passed over whole; its centre names it */
        !store_id_set_has(o->text_cells, store_listings_cell(o->l, (min_lat + max_lat) / 2,
                                                             (min_lon + max_lon) / 2)))
        return;
    if (o->in_text) { /* most of a cell is not among the matches: told by a bit, not a call */
        for (size_t i = 0; o->more && i < n; i++)
            if (store_id_set_has(o->in_text, ids[i]) && ranked_sets_have(o->rf, ids[i]))
                outward_hit(o, ids[i]);
        return;
    }
    /* By chunks: the listings the sets keep, then each tested with the one ahead prefetched. */
    for (size_t i = 0; o->more && i < n;) {
        uint32_t kept[OUTWARD_CHUNK];
        size_t k = 0;
        for (; i < n && k < OUTWARD_CHUNK; i++)
            if (ranked_sets_have(o->rf, ids[i]))
                kept[k++] = ids[i];
        for (size_t j = 0; o->more && j < k; j++) {
            if (j + LISTING_AHEAD < k)
                listing_prefetch(o->l, kept[j + LISTING_AHEAD]);
            outward_hit(o, kept[j]);
        }
    }
}

static bool outward_ring(void *ctx, const struct store_ring_left *left)
{
    struct outward *o = ctx;
    struct store_ring_left with = *left;
    with.max_relevance = !o->m ? 1.0 : o->m->n ? o->m->relevance[0] : 0.0;
    if (o->more)
        o->more = o->ring_fn(o->ctx, &with);
    return o->more;
}

int store_search_outward(struct store *s, const struct store_search_filter *f, double lat,
                         double lon, store_search_fn fn, store_outward_fn ring_fn, void *ctx)
{
    const struct store_listings *l = store_listings_get(s);
    if (!l)
        return BELONG_EINTERNAL;
    struct ranked_filter rf;
    ranked_filter_init(&rf, l, f);
    struct outward o = {l, &rf, NULL, NULL, NULL, 0, fn, ring_fn, ctx, true};
    struct store_text_matches *m = NULL;
    uint64_t *in_text = NULL;
    int rc = BELONG_OK;
    if (f->text) {
        rc = text_matches(s, l, f->text, &m);
        if (rc == BELONG_OK) {
            in_text = store_id_set_new(l);
            for (size_t i = 0; i < m->n; i++)
                if (m->ids[i] > 0 && (uint64_t)m->ids[i] < l->n)
                    store_id_set_add(in_text, (size_t)m->ids[i]);
            o.m = m;
            o.in_text = in_text;
        }
    }
    if (rc == BELONG_OK) {
        for (size_t i = 0; i < l->n_online_placed; i++) /* not in the grid: first */
            if (ranked_sets_have(&rf, l->online_placed[i]))
                outward_hit(&o, l->online_placed[i]);
        if (f->has_box && o.more)
            store_listings_rings(l, f->min_lat, f->max_lat, f->min_lon, f->max_lon, lat, lon,
                                 outward_cell, outward_ring, &o);
        else if (o.more)
            outward_ring(&o, &(struct store_ring_left){NAN, NAN, NAN, NAN, 0, 0, 0, true});
    }
    free(in_text);
    free(o.text_cells);
    text_matches_done(l, m);
    free(rf.category_ok);
    return rc;
}

int store_search_by_relevance(struct store *s, const struct store_search_filter *f,
                              store_search_fn fn, void *ctx)
{
    const struct store_listings *l = store_listings_get(s);
    if (!l)
        return BELONG_EINTERNAL;
    struct ranked_filter rf;
    ranked_filter_init(&rf, l, f);
    struct store_text_matches *m = NULL;
    int rc = text_matches(s, l, f->text, &m);
    bool more = true;
    for (size_t i = 0; rc == BELONG_OK && more && i < m->n; i++) {
        int64_t id = m->ids[i];
        if (id <= 0 || (uint64_t)id >= l->n || !ranked_sets_have(&rf, (size_t)id))
            continue;
        const struct store_listing *x = &l->by_id[id];
        if (!ranked_passes(&rf, x))
            continue;
        bool slots = slots_fit(&rf, x), untimed = untimed_fits(&rf, x);
        if (!slots && !untimed)
            continue;
        struct store_search_hit hit = {
            .id = id,
            .relevance = m->relevance[i],
            .has_coords = (x->flags & STORE_LISTING_COORDS) != 0,
            .lat = x->lat,
            .lon = x->lon,
            .untimed_fit = untimed,
            .slots_fit = slots,
        };
        more = fn(ctx, &hit);
    }
    text_matches_done(l, m);
    free(rf.category_ok);
    return rc;
}

/* Whether f asks for every day at any time (no day or time filter). */
static bool any_day_time(const struct store_search_filter *f)
{
    return (f->weekday_mask & 0x7f) == 0x7f && f->after_minute <= 0 && f->before_minute >= 1440;
}

/* The starts of listing id's first occurrences in the copy passing f's window and day/time
** filters (the same tests as OCC_FILTER), at most max. OUT: starts[0..*n). */
static void next_starts_in_copy(const struct store_listings *l, size_t id,
                                const struct store_search_filter *f, time_t *starts, size_t max,
                                size_t *n)
{
    int64_t from = (int64_t)f->from - l->occ_base, to = (int64_t)f->to - l->occ_base;
    struct store_listing_next next = store_listing_next_occ(l, id, from);
    *n = 0;
    if (max == 0 || (int64_t)next.start >= to)
        return; /* none in the window (or one at UINT32_MAX: the window ends before it) */
    if (max == 1 && next.start != UINT32_MAX && any_day_time(f)) {
        starts[(*n)++] = (time_t)(l->occ_base + next.start); /* the occurrences not read */
        return;
    }
    const struct store_listing_occ *occ = l->occ;
    for (size_t i = next.at, end = l->occ_first[id + 1];
         i < end && *n < max && (int64_t)occ[i].start < to; i++) {
        int weekday = occ[i].week_minute / 1440, minute = occ[i].week_minute % 1440;
        if (((f->weekday_mask >> weekday) & 1) && minute >= f->after_minute &&
            minute < f->before_minute)
            starts[(*n)++] = (time_t)(l->occ_base + occ[i].start);
    }
}

/* The start of listing id's first occurrence in the copy passing f's window and day/time
** filters. Returns false when it has none. */
static bool next_in_copy(const struct store_listings *l, size_t id,
                         const struct store_search_filter *f, time_t *start)
{
    size_t n;
    next_starts_in_copy(l, id, f, start, 1, &n);
    return n > 0;
}

/* ---- the candidates of a filter, by the sets of ids (sqlite_listing_index.c) ------------- */

/* The number of bits set in v (the machine's instruction is not assumed: the baseline x86-64
** has none, and the compiler's fallback is a call a word). */
static unsigned bits_in(uint64_t v)
{
    v -= (v >> 1) & 0x5555555555555555ull;
    v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
    v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (unsigned)((v * 0x0101010101010101ull) >> 56);
}

/* set |= other, or set &= other with and (words of each), two words at a time (a vector of
** the compiler's, which it writes with the machine's vector instructions). */
typedef uint64_t id_words __attribute__((vector_size(16)));
static void id_set_merge(uint64_t *restrict set, const uint64_t *restrict other, size_t words,
                         bool and)
{
    size_t w = 0;
    for (; w + 2 <= words; w += 2) {
        id_words a, b;
        memcpy(&a, set + w, sizeof a);
        memcpy(&b, other + w, sizeof b);
        a = and? a & b : a | b;
        memcpy(set + w, &a, sizeof a);
    }
    for (; w < words; w++)
        set[w] = and? set[w] & other[w] : set[w] | other[w];
}

static void id_set_or(uint64_t *restrict set, const uint64_t *restrict other, size_t words)
{
    id_set_merge(set, other, words, false);
}

static void id_set_and(uint64_t *restrict set, const uint64_t *restrict other, size_t words)
{
    id_set_merge(set, other, words, true);
}

/* The number of listings in set & other (words of each), or in set alone when other is NULL:
** with the machine's population count instruction when it has one (not x86-64's baseline). */
__attribute__((target("popcnt"))) static size_t
id_set_count_popcnt(const uint64_t *set, const uint64_t *other, size_t words)
{
    size_t n = 0;
    for (size_t w = 0; w < words; w++)
        n += (size_t)__builtin_popcountll(other ? set[w] & other[w] : set[w]);
    return n;
}

static size_t id_set_count(const uint64_t *set, const uint64_t *other, size_t words)
{
    if (__builtin_cpu_supports("popcnt"))
        return id_set_count_popcnt(set, other, words);
    size_t n = 0;
    for (size_t w = 0; w < words; w++)
        n += bits_in(other ? set[w] & other[w] : set[w]);
    return n;
}

/* The listings in a box, added to a set (store_listings_in_box). */
static void add_in_box(void *ctx, uint32_t id, const struct store_listing *x)
{
    const struct store_search_filter *f = ((const void **)ctx)[0];
    uint64_t *set = ((void **)ctx)[1];
    if (x->lat >= f->min_lat && x->lat <= f->max_lat && x->lon >= f->min_lon &&
        x->lon <= f->max_lon)
        store_id_set_add(set, id);
}

/* The positions in the grid's order of f's text matches that have one, as a set (words of
** l->grid_index). Returns 0 or a store error. */
static int text_positions(struct store *s, const struct store_listings *l,
                          const struct store_search_filter *f, uint64_t *set)
{
    struct store_text_matches *m = NULL;
    int rc = text_matches(s, l, f->text, &m);
    for (size_t i = 0; rc == BELONG_OK && i < m->n; i++) {
        if (m->ids[i] <= 0 || (uint64_t)m->ids[i] >= l->n)
            continue;
        uint32_t k = l->grid_position[m->ids[i]];
        if (k != UINT32_MAX)
            store_id_set_add(set, k);
    }
    text_matches_done(l, m);
    return rc;
}

/* Words [w0, w1) of the live members of index x (l->index, or l->grid_index by_position)
** passing f's category, cost, access and intensity filters, with coordinates when
** f->coords_only: a few ANDs of the index's sets, and a look at each member left only for a
** cost other than free. OUT: c[w0 .. w1). */
static void filter_words(const struct store_listings *l, const struct store_listing_index *x,
                         bool by_position, const struct store_search_filter *f, uint64_t *c,
                         size_t w0, size_t w1)
{
    if (w1 <= w0)
        return;
    size_t n = w1 - w0;
    /* c = (the categories' sets ORed, or live) ANDed with the sets of the other filters. */
    const uint64_t **any = xmalloc((f->n_category_list + 1) * sizeof *any);
    size_t n_any = 0;
    if (f->n_category_list == 0)
        any[n_any++] = x->live;
    for (size_t i = 0; i < f->n_category_list; i++) {
        int k = store_listings_category(l, f->category_list[i]);
        if (k > 0)
            any[n_any++] = x->category + (size_t)k * x->words;
    }
    const uint64_t * and [2 + 8 + 1];
    size_t n_and = 0;
    if (f->coords_only)
        and[n_and++] = x->coords;
    if (f->max_cost_cents == 0)
        and[n_and++] = x->free_of_cost;
    for (int bit = 0; bit < 8; bit++)
        if ((f->access_required >> bit) & 1)
            and[n_and++] = x->access[bit];
    if (f->intensity_max > 0)
        and[n_and++] =
            x->intensity_le[f->intensity_max <= INTENSITY_MAX ? f->intensity_max : INTENSITY_MAX];
    if (n_any == 0)
        memset(c + w0, 0, n * sizeof *c);
    else
        memcpy(c + w0, any[0] + w0, n * sizeof *c);
    for (size_t i = 1; i < n_any; i++)
        id_set_or(c + w0, any[i] + w0, n);
    for (size_t i = 0; n_any > 0 && i < n_and; i++)
        id_set_and(c + w0, and[i] + w0, n);
    free(any);
    if (f->max_cost_cents > 0) {
        for (size_t w = w0; w < w1; w++)
            for (uint64_t bits = c[w]; bits; bits &= bits - 1) {
                size_t k = w * 64 + (size_t)__builtin_ctzll(bits);
                int32_t cost = l->by_id[by_position ? store_grid_id(l, k) : k].cost_cents;
                if (cost < 0 || cost > f->max_cost_cents)
                    c[w] &= ~((uint64_t)1 << (k % 64));
            }
    }
}

/* The live listings passing f's category, cost, access and intensity filters, with
** coordinates when f->coords_only, in f's box and among its text's matches when it has them
** (filter_words). OUT: *out, a set (free()). Returns 0 or a store error. */
static int candidates(struct store *s, const struct store_listings *l,
                      const struct store_search_filter *f, uint64_t **out)
{
    const struct store_listing_index *x = &l->index;
    size_t words = x->words ? x->words : 1;
    uint64_t *c = xmalloc(words * sizeof *c); /* every word written below */
    *out = c;
    if (x->words == 0)
        c[0] = 0;
    filter_words(l, x, false, f, c, 0, x->words);
    int rc = BELONG_OK;
    if (f->text) { /* the matches' set, kept with them */
        struct store_text_matches *m = NULL;
        rc = text_matches(s, l, f->text, &m);
        if (rc == BELONG_OK && m->set)
            id_set_and(c, m->set, x->words);
        else
            memset(c, 0, words * sizeof *c);
        text_matches_done(l, m);
    } else if (f->has_box) {
        uint64_t *in = store_id_set_new(l);
        const void *ctx[2] = {f, in};
        store_listings_in_box(l, f->min_lat, f->max_lat, f->min_lon, f->max_lon, add_in_box,
                              (void *)ctx);
        for (size_t i = 0; i < l->n_online_placed; i++) /* the grid: in-person ones */
            add_in_box((void *)ctx, l->online_placed[i], &l->by_id[l->online_placed[i]]);
        for (size_t w = 0; w < words; w++)
            c[w] &= in[w];
        free(in);
    }
    return rc;
}

/* ---- the window's buckets, ORed once (struct store_window_sets) ------------------------- */

/* The listings with a start in the buckets a window covers whole, and in the two it cuts, for
** the last window counted: the searches of a day ask for the same window (from today), so its
** buckets are ORed once a day per copy. Immutable once made; shared by the workers. */
struct store_window_sets {
    size_t first, end, full_first, full_end; /* the window's buckets */
    uint64_t *full, *edge;                   /* sets of the copy's words */
    /* What a count without days or times takes as it is: the listings with a weekly signature
    ** and a start in a whole bucket, or that fit with times not listed on any day; and those
    ** it checks one by one, with a signature and a start in a cut bucket only (ascending). */
    uint64_t *settled;
    uint32_t *cut_ids;
    size_t n_cut;
    /* The listings with a start in the buckets covered whole, by the week slot (local weekday
    ** x 24 + hour) of that start: slot k's are slot_ids[slot_first[k] .. slot_first[k + 1]),
    ** ascending, each once. What a count with days or times takes as it is, but for the hours
    ** a time cuts. */
    uint32_t slot_first[WEEK_SLOT_COUNT + 1];
    uint32_t *slot_ids;
    /* Slot k's listings as a set too when its list holds at least half as many ids as a set
    ** has words (a set costs at most four times its list, and a pass over it fewer operations
    ** than the list): NULL for the others. */
    uint64_t *slot_set[WEEK_SLOT_COUNT];
    unsigned refs;          /* its users, and the copy while it keeps it */
    uint64_t *settled_grid; /* settled by the grid's order (l->grid_index's words) */
};
static pthread_mutex_t window_sets_lock = PTHREAD_MUTEX_INITIALIZER;

/* Lets go of w under the lock; true when that was its last user (then free it). */
static bool window_sets_drop(struct store_window_sets *w)
{
    return --w->refs == 0;
}

static void window_sets_free(struct store_window_sets *w)
{
    free(w->slot_ids);
    for (size_t k = 0; k < WEEK_SLOT_COUNT; k++)
        free(w->slot_set[k]);
    free(w->settled);
    free(w->settled_grid);
    free(w->cut_ids);
    free(w->full);
    free(w->edge);
    free(w);
}

void store_window_sets_release(struct store_window_sets *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&window_sets_lock);
    bool last = window_sets_drop(w);
    pthread_mutex_unlock(&window_sets_lock);
    if (last)
        window_sets_free(w);
}

/* Fills w's week slots' lists: the live listings of l with a start in w's whole buckets, by
** the slot of that start. Two passes: the counts, then the ids. Cannot fail. */
static void window_slots_build(const struct store_listings *l, struct store_window_sets *w)
{
    const struct store_listing_index *x = &l->index;
    int64_t lo = x->bucket_origin + (int64_t)w->full_first * x->bucket_seconds - l->occ_base;
    int64_t hi = x->bucket_origin + (int64_t)w->full_end * x->bucket_seconds - l->occ_base;
    uint32_t fill[WEEK_SLOT_COUNT];
    memset(w->slot_first, 0, sizeof w->slot_first);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t wd = 0; wd < x->words; wd++)
            for (uint64_t bits = x->live[wd] & x->slotted[wd]; bits; bits &= bits - 1) {
                size_t id = wd * 64 + (size_t)__builtin_ctzll(bits);
                uint64_t seen[WEEK_SLOT_WORDS] = {0};
                for (uint32_t i = store_listing_first_occ(l, id, lo);
                     i < l->occ_first[id + 1] && (int64_t)l->occ[i].start < hi; i++) {
                    unsigned m = l->occ[i].week_minute;
                    unsigned k = (m / 1440 % 7) * 24 + m % 1440 / 60;
                    if ((seen[k / 64] >> (k % 64)) & 1)
                        continue;
                    seen[k / 64] |= (uint64_t)1 << (k % 64);
                    if (pass == 0)
                        w->slot_first[k + 1]++;
                    else
                        w->slot_ids[fill[k]++] = (uint32_t)id;
                }
            }
        if (pass == 0) {
            for (size_t k = 0; k < WEEK_SLOT_COUNT; k++)
                w->slot_first[k + 1] += w->slot_first[k];
            memcpy(fill, w->slot_first, sizeof fill);
            w->slot_ids =
                xmalloc((w->slot_first[WEEK_SLOT_COUNT] ? w->slot_first[WEEK_SLOT_COUNT] : 1) *
                        sizeof *w->slot_ids);
        }
    }
    for (size_t k = 0; k < WEEK_SLOT_COUNT; k++) {
        uint32_t n = w->slot_first[k + 1] - w->slot_first[k];
        if (n == 0 || n < x->words / 2)
            continue;
        w->slot_set[k] = store_id_set_new(l);
        for (uint32_t i = w->slot_first[k]; i < w->slot_first[k + 1]; i++)
            store_id_set_add(w->slot_set[k], w->slot_ids[i]);
    }
}

/* The sets of the buckets [first, end) of l, of which [full_first, full_end) lie wholly in the
** window: l's when they are for the same buckets, else ORed now (bucket by bucket, each a run
** of words in memory) and kept with l for the next. Cannot fail. Release with
** store_window_sets_release. */
static struct store_window_sets *window_sets(const struct store_listings *l, size_t first,
                                             size_t end, size_t full_first, size_t full_end)
{
    struct store_listings *mutable_l = (struct store_listings *)l;
    pthread_mutex_lock(&window_sets_lock);
    struct store_window_sets *w = l->window_sets;
    if (w && w->first == first && w->end == end && w->full_first == full_first &&
        w->full_end == full_end) {
        w->refs++;
        pthread_mutex_unlock(&window_sets_lock);
        return w;
    }
    pthread_mutex_unlock(&window_sets_lock);
    const struct store_listing_index *x = &l->index;
    w = xcalloc(1, sizeof *w);
    w->first = first;
    w->end = end;
    w->full_first = full_first;
    w->full_end = full_end;
    w->full = store_id_set_new(l);
    w->edge = store_id_set_new(l);
    w->refs = 1;
    for (size_t b = first; b < end; b++)
        id_set_or(b >= full_first && b < full_end ? w->full : w->edge, x->buckets + b * x->words,
                  x->words);
    window_slots_build(l, w);
    w->settled = store_id_set_new(l);
    for (int pass = 0; pass < 2; pass++) {
        w->n_cut = 0;
        for (size_t wd = 0; wd < x->words; wd++) {
            w->settled[wd] = (x->slotted[wd] & w->full[wd]) | x->untimed_any[wd];
            for (uint64_t cut = x->live[wd] & x->slotted[wd] & w->edge[wd] & ~w->full[wd]; cut;
                 cut &= cut - 1) {
                if (pass == 1)
                    w->cut_ids[w->n_cut] = (uint32_t)(wd * 64 + (size_t)__builtin_ctzll(cut));
                w->n_cut++;
            }
        }
        if (pass == 0)
            w->cut_ids = xmalloc((w->n_cut ? w->n_cut : 1) * sizeof *w->cut_ids);
    }
    w->settled_grid =
        xcalloc(l->grid_index.words ? l->grid_index.words : 1, sizeof *w->settled_grid);
    for (size_t k = 0; k < l->n_grid_points; k++)
        if (store_id_set_has(w->settled, store_grid_id(l, k)))
            store_id_set_add(w->settled_grid, k);
    pthread_mutex_lock(&window_sets_lock);
    struct store_window_sets *old = mutable_l->window_sets;
    mutable_l->window_sets = w;
    w->refs++;
    bool free_old = old && window_sets_drop(old);
    pthread_mutex_unlock(&window_sets_lock);
    if (free_old)
        window_sets_free(old);
    return w;
}

/* Whether f asks for some days or a time of day. */
static bool day_time_asked(const struct store_search_filter *f)
{
    return (f->weekday_mask & 0x7f) != 0x7f || f->after_minute > 0 || f->before_minute < 1440;
}

/* Word w of the listings with an occurrence on a weekday f asks for (all ones: any day). */
static uint64_t on_days(const struct store_listing_index *x, const struct store_search_filter *f,
                        size_t w)
{
    if ((f->weekday_mask & 0x7f) == 0x7f)
        return ~(uint64_t)0;
    uint64_t any = 0;
    for (int day = 0; day < 7; day++)
        if ((f->weekday_mask >> day) & 1)
            any |= x->occ_day[day][w];
    return any;
}

/* Word w of the listings of c that fit f's day/time filters with times not listed, leaving
** out those in timed (untimed_fits). */
static uint64_t untimed_word(const struct store_listing_index *x,
                             const struct store_search_filter *f, const uint64_t *c,
                             const uint64_t *timed, size_t w)
{
    if (f->after_minute > 0 || f->before_minute < 1440)
        return 0;
    uint64_t fits = (f->weekday_mask & 0x7f) == 0x7f ? x->no_times[w] : 0;
    for (int day = 0; day < 7; day++)
        if ((f->weekday_mask >> day) & 1)
            fits |= x->open_day[day][w];
    return fits & c[w] & ~timed[w];
}

/* The listings of word w of cand that have an occurrence passing f's window and day/time
** filters (checked one by one in the copy), as word w. */
static uint64_t check_bits(const struct store_listings *l, const struct ranked_filter *rf,
                           uint64_t cand, size_t w)
{
    uint64_t timed = 0;
    for (; cand; cand &= cand - 1) {
        size_t id = w * 64 + (size_t)__builtin_ctzll(cand);
        time_t start;
        if (slots_fit(rf, &l->by_id[id]) && next_in_copy(l, id, rf->f, &start))
            timed |= (uint64_t)1 << (id % 64);
    }
    return timed;
}

/* The hit of listing id of l, its place filled in. */
static struct store_search_hit hit_of(const struct store_listings *l, size_t id)
{
    const struct store_listing *x = &l->by_id[id];
    return (struct store_search_hit){
        .id = (int64_t)id,
        .has_coords = (x->flags & STORE_LISTING_COORDS) != 0,
        .lat = x->lat,
        .lon = x->lon,
    };
}

/* What store_search and store_search_count start from: the copy with its occurrences, f's
** candidates (owned), its tests (rf.category_ok owned) and the window's buckets. */
struct search_start {
    const struct store_listings *l;
    uint64_t *c;
    struct ranked_filter rf;
    size_t first, end, full_first, full_end;
};

/* Fills st for f. Returns 0 or a store error (then st holds nothing). */
static int search_start(struct store *s, const struct store_search_filter *f,
                        struct search_start *st)
{
    memset(st, 0, sizeof *st);
    st->l = store_listings_with_occurrences(s);
    if (!st->l)
        return BELONG_EINTERNAL;
    int rc = candidates(s, st->l, f, &st->c);
    if (rc != BELONG_OK) {
        free(st->c);
        st->c = NULL;
        return rc;
    }
    ranked_filter_init(&st->rf, st->l, f);
    store_listing_buckets(st->l, f->from, f->to, &st->first, &st->end, &st->full_first,
                          &st->full_end);
    return BELONG_OK;
}

static void search_start_free(struct search_start *st)
{
    free(st->rf.category_ok);
    free(st->c);
}

/* Marks in timed the candidates c with an occurrence in w's whole buckets that passes f's days
** and times: the week slots' lists (or sets) of the days asked for, taken as they are for the
** hours the times hold whole, each listing checked in the copy for the (at most two) hours
** they cut. */
static void timed_by_slots(const struct store_listings *l, const struct store_window_sets *w,
                           const struct ranked_filter *rf, const uint64_t *c, uint64_t *timed)
{
    const struct store_search_filter *f = rf->f;
    for (int day = 0; day < 7; day++) {
        if (!((f->weekday_mask >> day) & 1))
            continue;
        for (int hour = f->after_minute / 60; hour < 24 && hour * 60 < f->before_minute; hour++) {
            size_t k = (size_t)day * 24 + (size_t)hour;
            const uint32_t *ids = w->slot_ids + w->slot_first[k];
            size_t n = w->slot_first[k + 1] - w->slot_first[k];
            if (hour * 60 >= f->after_minute && (hour + 1) * 60 <= f->before_minute) {
                const uint64_t *set = w->slot_set[k];
                for (size_t wd = 0; set && wd < l->index.words; wd++)
                    timed[wd] |= c[wd] & set[wd];
                for (size_t i = 0; !set && i < n; i++)
                    timed[ids[i] / 64] |= c[ids[i] / 64] & ((uint64_t)1 << (ids[i] % 64));
                continue;
            }
            for (size_t i = 0; i < n; i++) {
                time_t start;
                if (store_id_set_has(c, ids[i]) && !store_id_set_has(timed, ids[i]) &&
                    next_in_copy(l, ids[i], f, &start))
                    store_id_set_add(timed, ids[i]);
            }
        }
    }
}

/* What a count within a box looks at, cell by cell (store_listings_cells). */
struct count_walk {
    const struct store_listings *l;
    const struct store_search_filter *f;
    const struct store_window_sets *window;
    const uint64_t *found, *timed; /* timed NULL: found without days or times asked */
    bool by_position;              /* found is by the grid's order (else by id) */
    store_hit_test_fn fn;
    store_box_test_fn box_fn;
    void *ctx;
    size_t n;
};

/* Whether found listing id fits the day/time filters with times not listed only
** (store_search_hit.untimed_fit). */
static bool count_untimed(const struct count_walk *k, uint32_t id)
{
    if (k->timed)
        return !store_id_set_has(k->timed, id);
    /* found as settled, or cut and checked */
    time_t start;
    bool slotted = store_id_set_has(k->l->index.slotted, id);
    return !(slotted && store_id_set_has(k->window->full, id)) &&
           !(slotted && store_id_set_has(k->window->edge, id) &&
             next_in_copy(k->l, id, k->f, &start));
}

/* Whether found listing id, at (lat, lon), counts: in the box, and passing fn, box_fn asked
** first what fn answers at its place. */
static bool count_place(const struct count_walk *k, uint32_t id, double lat, double lon)
{
    const struct store_search_filter *f = k->f;
    if (f->has_box &&
        !(lat >= f->min_lat && lat <= f->max_lat && lon >= f->min_lon && lon <= f->max_lon))
        return false;
    if (!k->fn)
        return true;
    int sure = k->box_fn ? k->box_fn(k->ctx, lat, lat, lon, lon) : 0;
    if (sure)
        return sure > 0;
    struct store_search_hit hit = {
        .id = id, .has_coords = true, .lat = lat, .lon = lon, .untimed_fit = count_untimed(k, id)};
    return k->fn(k->ctx, &hit);
}

/* Whether listing id counts (found by id): found, in the box, and passing fn. */
static bool count_point(const struct count_walk *k, uint32_t id)
{
    if (!store_id_set_has(k->found, id))
        return false;
    const struct store_listing *x = &k->l->by_id[id];
    if (x->flags & STORE_LISTING_COORDS)
        return count_place(k, id, x->lat, x->lon);
    if (k->f->has_box)
        return false;
    if (!k->fn)
        return true;
    struct store_search_hit hit = hit_of(k->l, id);
    hit.untimed_fit = count_untimed(k, id);
    return k->fn(k->ctx, &hit);
}

/* The number of bits set in set's bits [first, end). */
static size_t bits_between(const uint64_t *set, size_t first, size_t end)
{
    if (first >= end)
        return 0;
    size_t w0 = first / 64, w1 = (end - 1) / 64;
    uint64_t head = set[w0] & (~(uint64_t)0 << (first % 64));
    uint64_t tail_mask = ~(uint64_t)0 >> (63 - (end - 1) % 64);
    if (w0 == w1)
        return bits_in(head & tail_mask);
    size_t n = bits_in(head);
    for (size_t w = w0 + 1; w < w1; w++)
        n += bits_in(set[w]);
    return n + bits_in(set[w1] & tail_mask);
}

/* Counts the listings of a cell: all that are found when the cell lies in the box and box_fn
** says every point of it passes fn (by their bits, with found by the grid's order), none when
** box_fn says none does, else one by one, their places read beside them (l->grid_points). */
static void count_cell(void *ctx, double min_lat, double max_lat, double min_lon, double max_lon,
                       const uint32_t *ids, size_t n)
{
    struct count_walk *k = ctx;
    const struct store_search_filter *f = k->f;
    bool in_box = min_lat >= f->min_lat && max_lat <= f->max_lat && min_lon >= f->min_lon &&
                  max_lon <= f->max_lon;
    int sure = !k->fn      ? (in_box ? 1 : 0)
               : k->box_fn ? k->box_fn(k->ctx, min_lat, max_lat, min_lon, max_lon)
                           : 0;
    if (sure < 0)
        return;
    size_t first = (size_t)(ids - k->l->grid_ids); /* the cell's first position */
    if (sure > 0 && in_box) {
        if (k->by_position) {
            k->n += bits_between(k->found, first, first + n);
            return;
        }
        for (size_t i = 0; i < n; i++)
            k->n += store_id_set_has(k->found, ids[i]);
        return;
    }
    const struct store_grid_point *at = k->l->grid_points + first;
    for (size_t i = 0; i < n; i++)
        if (store_id_set_has(k->found, k->by_position ? first + i : ids[i]))
            k->n += count_place(k, ids[i], at[i].lat, at[i].lon);
}

/* "N of M" within f's box without days or times asked, in the grid's order: f's candidates
** (l->grid_index) ANDed with the window's settled set over the positions of the box's rows
** of cells and of the online listings with coordinates only, those meeting only on the days
** the window cuts checked one by one, then the box's cells walked (count_cell).
** OUT: *n. Returns 0 or a store error. */
static int count_in_box(struct store *s, const struct store_listings *l,
                        const struct store_search_filter *f, const struct store_window_sets *window,
                        store_hit_test_fn fn, store_box_test_fn box_fn, void *ctx, size_t *n)
{
    const struct store_listing_index *x = &l->grid_index;
    uint64_t *found = xmalloc((x->words ? x->words : 1) * sizeof *found);
    size_t first, end, in_person = l->n_grid_points - l->n_online_placed;
    store_listings_box_span(l, f->min_lat, f->max_lat, f->min_lon, f->max_lon, &first, &end);
    /* The words read: the box's rows', then the online points' (none read twice). */
    size_t span[2][2] = {{first / 64, (end + 63) / 64}, {in_person / 64, x->words}};
    if (span[1][0] < span[0][1])
        span[1][0] = span[0][1];
    int rc = BELONG_OK;
    uint64_t *text = f->text ? xcalloc(x->words ? x->words : 1, sizeof *text) : NULL;
    if (text)
        rc = text_positions(s, l, f, text);
    for (int i = 0; i < 2; i++) {
        filter_words(l, x, true, f, found, span[i][0], span[i][1]);
        for (size_t w = span[i][0]; text && w < span[i][1]; w++)
            found[w] &= text[w];
    }
    free(text);
    /* The cut ones among the candidates: an occurrence in the window's cut buckets, checked. */
    uint32_t *cut = NULL;
    size_t n_cut = 0;
    for (size_t i = 0; rc == BELONG_OK && i < window->n_cut; i++) {
        uint32_t id = window->cut_ids[i], k = l->grid_position[id];
        time_t start;
        if (k == UINT32_MAX || !((k / 64 >= span[0][0] && k / 64 < span[0][1]) || k >= in_person))
            continue;
        if (!store_id_set_has(found, k) || store_id_set_has(window->settled_grid, k) ||
            !next_in_copy(l, id, f, &start))
            continue;
        if (!cut)
            cut = xmalloc(window->n_cut * sizeof *cut);
        cut[n_cut++] = k;
    }
    for (int i = 0; i < 2; i++)
        if (span[i][1] > span[i][0])
            id_set_and(found + span[i][0], window->settled_grid + span[i][0],
                       span[i][1] - span[i][0]);
    for (size_t i = 0; i < n_cut; i++)
        store_id_set_add(found, cut[i]);
    free(cut);
    struct count_walk k = {l, f, window, found, NULL, true, fn, box_fn, ctx, 0};
    if (rc == BELONG_OK) {
        store_listings_cells(l, f->min_lat, f->max_lat, f->min_lon, f->max_lon, count_cell, &k);
        for (size_t i = in_person; i < l->n_grid_points; i++) /* not in the grid's cells */
            if (store_id_set_has(found, i))
                k.n += count_place(&k, store_grid_id(l, i), l->grid_points[i].lat,
                                   l->grid_points[i].lon);
    }
    *n = k.n;
    free(found);
    return rc;
}

int store_search_count(struct store *s, const struct store_search_filter *f, store_hit_test_fn fn,
                       store_box_test_fn box_fn, void *ctx, size_t *n)
{
    *n = 0;
    if (f->has_box && !day_time_asked(f)) {
        const struct store_listings *l = store_listings_with_occurrences(s);
        if (!l)
            return BELONG_EINTERNAL;
        size_t first, end, full_first, full_end;
        store_listing_buckets(l, f->from, f->to, &first, &end, &full_first, &full_end);
        struct store_window_sets *window = window_sets(l, first, end, full_first, full_end);
        int rc = count_in_box(s, l, f, window, fn, box_fn, ctx, n);
        store_window_sets_release(window);
        return rc;
    }
    struct store_search_filter all = *f;
    all.has_box = false; /* a box is walked cell by cell at the end */
    struct search_start st;
    int rc = search_start(s, &all, &st);
    if (rc != BELONG_OK)
        return rc;
    const struct store_listings *l = st.l;
    const struct store_listing_index *x = &l->index;
    const uint64_t *c = st.c;
    struct ranked_filter rf = st.rf;
    size_t words = x->words;
    bool day_time = day_time_asked(f), walk = f->has_box || fn;
    struct store_window_sets *window = window_sets(l, st.first, st.end, st.full_first, st.full_end);
    const uint64_t *edge_set = window->edge;
    size_t count = 0;
    uint64_t *timed = NULL, *found = NULL;
    if (!day_time) { /* the settled ones as they are, and the cut ones checked */
        if (walk) {
            found = xmalloc((words ? words : 1) * sizeof *found);
            memcpy(found, c, words * sizeof *found);
            id_set_and(found, window->settled, words);
        } else {
            count = id_set_count(c, window->settled, words);
        }
        for (size_t i = 0; i < window->n_cut; i++) {
            uint32_t id = window->cut_ids[i];
            time_t start;
            if (!store_id_set_has(c, id) || store_id_set_has(window->settled, id) ||
                !next_in_copy(l, id, f, &start))
                continue;
            if (found)
                store_id_set_add(found, id);
            else
                count++;
        }
        goto counted;
    }
    timed = store_id_set_new(l);
    timed_by_slots(l, window, &rf, c, timed);
    /* The sets of those that fit with times not listed (untimed_fits). */
    const uint64_t *untimed[7];
    size_t n_untimed = 0;
    if (!rf.time_of_day) {
        if (rf.every_day)
            untimed[n_untimed++] = x->untimed_any;
        else
            for (int day = 0; day < 7; day++)
                if ((f->weekday_mask >> day) & 1)
                    untimed[n_untimed++] = x->open_day[day];
    }
    found = walk ? xmalloc((words ? words : 1) * sizeof *found) : NULL;
    const uint64_t *restrict slotted = x->slotted;
    for (size_t w = 0; w < words; w++) {
        uint64_t cw = c[w];
        if (!cw) {
            timed[w] = 0;
            if (found)
                found[w] = 0;
            continue;
        }
        /* Those with a start in a whole bucket are marked; those of the cut ones checked. */
        uint64_t t = timed[w], cut = cw & slotted[w] & edge_set[w] & ~t;
        if (cut && (cut &= on_days(x, f, w)))
            t |= check_bits(l, &rf, cut, w);
        timed[w] = t;
        uint64_t u = 0;
        for (size_t i = 0; i < n_untimed; i++)
            u |= untimed[i][w];
        uint64_t found_w = t | (u & cw & ~t);
        if (found)
            found[w] = found_w;
        else
            count += bits_in(found_w);
    }
counted:
    if (walk) {
        struct count_walk k = {l, f, window, found, timed, false, fn, box_fn, ctx, 0};
        if (f->has_box) {
            store_listings_cells(l, f->min_lat, f->max_lat, f->min_lon, f->max_lon, count_cell, &k);
            for (size_t i = 0; i < l->n_online_placed; i++) /* the grid: in-person ones */
                k.n += count_point(&k, l->online_placed[i]);
        } else {
            for (size_t w = 0; w < words; w++)
                for (uint64_t bits = found[w]; bits; bits &= bits - 1)
                    k.n += count_point(&k, (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits)));
        }
        count = k.n;
    }
    *n = count;
    free(found);
    free(timed);
    store_window_sets_release(window);
    search_start_free(&st);
    return BELONG_OK;
}

/* ---- soonest first ------------------------------------------------------------------------ */

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
    struct store_search_hit hit = hit_of(l, top->id);
    hit.next_known = true;
    hit.next_start = top->start;
    return fn(ctx, &hit);
}

/* The state of store_search's walk through the window's buckets. */
struct soonest_walk {
    const struct store_listings *l;
    const struct ranked_filter *rf;
    struct soonest *heap;
    size_t n, cap;
    uint64_t *timed; /* the listings found with a fitting occurrence */
    bool any_slot;   /* every hour of the week is asked for: a listing's signature fits */
};

/* Appends each listing of word w of cand that has a fitting occurrence to the heap's array
** (heap_after_bucket makes it a heap again). */
static void walk_word(struct soonest_walk *k, uint64_t cand, size_t w)
{
    for (; cand; cand &= cand - 1) {
        size_t id = w * 64 + (size_t)__builtin_ctzll(cand);
        time_t start;
        if ((!k->any_slot && !slots_fit(k->rf, &k->l->by_id[id])) ||
            !next_in_copy(k->l, id, k->rf->f, &start))
            continue;
        if (k->n == k->cap) {
            k->cap = k->cap ? 2 * k->cap : 1024;
            k->heap = xrealloc(k->heap, k->cap * sizeof *k->heap);
        }
        k->heap[k->n++] = (struct soonest){start, (uint32_t)id};
        store_id_set_add(k->timed, id);
    }
}

/* Makes the heap's array a heap again after walk_word appended to it from element old on:
** the whole array at once when the new outnumber the old (a first bucket), else each new one
** pushed. */
static void heap_after_bucket(struct soonest_walk *k, size_t old)
{
    if (k->n - old >= old) {
        heap_make(k->heap, k->n, sizeof *k->heap, soonest_before);
        return;
    }
    for (size_t i = old; i < k->n; i++) {
        struct soonest item = k->heap[i];
        heap_push(k->heap, i, sizeof *k->heap, soonest_before, &item);
    }
}

int store_search(struct store *s, const struct store_search_filter *f, store_search_fn fn,
                 void *ctx)
{
    struct search_start st;
    int rc = search_start(s, f, &st);
    if (rc != BELONG_OK)
        return rc;
    const struct store_listings *l = st.l;
    const struct store_listing_index *x = &l->index;
    uint64_t *c = st.c;
    size_t words = x->words;
    /* Every candidate left has a signature (x->slotted): with every hour asked for, it fits. */
    struct soonest_walk k = {l, &st.rf, NULL, 0, 0, store_id_set_new(l), any_day_time(f)};
    uint64_t *left = c;                   /* the candidates whose next start is not known yet */
    uint64_t *cand = store_id_set_new(l); /* the candidates, for the untimed */
    memcpy(cand, c, words * sizeof *cand);
    for (size_t w = 0; w < words; w++)
        left[w] &= x->slotted[w] & on_days(x, f, w);
    /* Bucket by bucket, soonest first: once a bucket's listings are on the heap, every start
    ** before its end is there, and goes out in order. */
    bool more = true;
    for (size_t b = st.first; more && b < st.end; b++) {
        const uint64_t *bucket = x->buckets + b * words;
        size_t old = k.n;
        for (size_t w = 0; w < words; w++) {
            uint64_t in = left[w] & bucket[w];
            if (in) {
                left[w] &= ~in;
                walk_word(&k, in, w);
            }
        }
        heap_after_bucket(&k, old);
        time_t bucket_end = (time_t)(x->bucket_origin + (int64_t)(b + 1) * x->bucket_seconds);
        while (more && k.n > 0 && k.heap[0].start < bucket_end) {
            struct soonest top;
            heap_pop(k.heap, k.n--, sizeof *k.heap, soonest_before, &top);
            more = soonest_hit(l, &top, fn, ctx);
        }
    }
    while (more && k.n > 0) {
        struct soonest top;
        heap_pop(k.heap, k.n--, sizeof *k.heap, soonest_before, &top);
        more = soonest_hit(l, &top, fn, ctx);
    }
    for (size_t w = 0; more && w < words; w++)
        for (uint64_t u = untimed_word(x, f, cand, k.timed, w); more && u; u &= u - 1) {
            struct store_search_hit hit = hit_of(l, w * 64 + (size_t)__builtin_ctzll(u));
            hit.untimed_fit = true;
            more = fn(ctx, &hit);
        }
    free(k.heap);
    free(k.timed);
    free(cand);
    search_start_free(&st);
    return BELONG_OK;
}

int store_search_next(struct store *s, const struct store_search_filter *f, int64_t activity_id,
                      time_t *starts, size_t max, size_t *n)
{
    *n = 0;
    const struct store_listings *l = s->last_copy;
    if (l && l->has_occurrences && activity_id > 0 && (uint64_t)activity_id < l->n) {
        next_starts_in_copy(l, (size_t)activity_id, f, starts, max, n);
        return BELONG_OK;
    }
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
