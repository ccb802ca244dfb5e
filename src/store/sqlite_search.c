/* sqlite_search.c — the SQLite side of activity search: every candidate filtered against the
** listings kept in memory (sqlite_listings.c) and the sets of ids kept with them
** (sqlite_listing_index.c), and the probe of an activity's next occurrences.
**
**   text              the FTS5 matches with their relevance (belong_bm25, sqlite_rank.c), kept
**                     with the copy of the listings for the next searches with the same words
**                     (struct store_text_matches), each filtered against the listings in memory;
**   a place           the listings in memory in the grid cells the box covers, filtered the
**                     same way;
**   neither           (store_search) the sets of ids of the filters ANDed, then the window's
**                     day buckets walked from its start: only the listings meeting on a bucket's
**                     days are looked at (their first fitting occurrence found in the copy of
**                     the occurrences), and handed over soonest first as each bucket ends;
**   how many match    (store_search_count) the same sets, the listings meeting on the days the
**                     window covers whole taken as they are, those of the days it cuts (or all,
**                     with days or times asked for) checked one by one.
** Every path passes over activities whose weekly time signature (migration 6) misses the
** day/time filters, but for those that fit them with their times not listed (migration 10:
** open on a day asked for without times, or no schedule; never with a time of day asked for),
** handed over after every activity with a fitting occurrence (docs/cli.md). With text or a
** place the occurrence probe is left to the caller
** (store_search_next), for the hits that could rank; it walks occurrence's primary key
** (activity_id, start_utc) from `from` and stops at the first start that meets the day/time
** filters.
*/
#include <pthread.h>
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
    return m->n * (sizeof *m->ids + sizeof *m->relevance);
}

/* Lets go of m, freeing it with its last user. Under the cache's lock, if it has one. */
static void matches_release(struct store_text_matches *m)
{
    if (--m->refs > 0)
        return;
    free(m->key);
    free(m->ids);
    free(m->relevance);
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

/* The starts of listing id's first occurrences in the copy passing f's window and day/time
** filters (the same tests as OCC_FILTER), at most max. OUT: starts[0..*n). */
static void next_starts_in_copy(const struct store_listings *l, size_t id,
                                const struct store_search_filter *f, time_t *starts, size_t max,
                                size_t *n)
{
    const struct store_listing_occ *occ = l->occ + l->occ_first[id];
    size_t count = l->occ_first[id + 1] - l->occ_first[id];
    int64_t from = (int64_t)f->from - l->occ_base, to = (int64_t)f->to - l->occ_base;
    size_t lo = 0, hi = count; /* the first starting at or after from */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((int64_t)occ[mid].start < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    *n = 0;
    for (size_t i = lo; i < count && *n < max && (int64_t)occ[i].start < to; i++) {
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

/* The listings in a box, added to a set (store_listings_in_box). */
static void add_in_box(void *ctx, uint32_t id, const struct store_listing *x)
{
    const struct store_search_filter *f = ((const void **)ctx)[0];
    uint64_t *set = ((void **)ctx)[1];
    if (x->lat >= f->min_lat && x->lat <= f->max_lat && x->lon >= f->min_lon &&
        x->lon <= f->max_lon)
        store_id_set_add(set, id);
}

/* The ids of f's text matches, as a set. Returns 0 or a store error. */
static int text_set(struct store *s, const struct store_listings *l,
                    const struct store_search_filter *f, uint64_t *set)
{
    struct store_text_matches *m = NULL;
    int rc = text_matches(s, l, f->text, &m);
    for (size_t i = 0; rc == BELONG_OK && i < m->n; i++)
        if (m->ids[i] > 0 && (uint64_t)m->ids[i] < l->n)
            store_id_set_add(set, (size_t)m->ids[i]);
    text_matches_done(l, m);
    return rc;
}

/* The live listings passing f's category, cost, access and intensity filters, with
** coordinates when f->coords_only, in f's box and among its text's matches when it has them:
** a few ANDs of the index's sets, and a look at each listing left only for a cost other than
** free. OUT: *out, a set (free()). Returns 0 or a store error. */
static int candidates(struct store *s, const struct store_listings *l,
                      const struct store_search_filter *f, uint64_t **out)
{
    const struct store_listing_index *x = &l->index;
    size_t words = x->words;
    uint64_t *c = store_id_set_new(l);
    *out = c;
    if (f->n_category_list == 0) {
        memcpy(c, x->live, words * sizeof *c);
    } else {
        for (size_t i = 0; i < f->n_category_list; i++) {
            int k = store_listings_category(l, f->category_list[i]);
            const uint64_t *set = k > 0 ? x->category + (size_t)k * words : NULL;
            for (size_t w = 0; set && w < words; w++)
                c[w] |= set[w];
        }
    }
    const uint64_t * and [2 + 8 + 1] = {0};
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
    for (size_t i = 0; i < n_and; i++)
        for (size_t w = 0; w < words; w++)
            c[w] &= and[i][w];
    if (f->max_cost_cents > 0) {
        for (size_t w = 0; w < words; w++)
            for (uint64_t bits = c[w]; bits; bits &= bits - 1) {
                size_t id = w * 64 + (size_t)__builtin_ctzll(bits);
                int32_t cost = l->by_id[id].cost_cents;
                if (cost < 0 || cost > f->max_cost_cents)
                    c[w] &= ~((uint64_t)1 << (id % 64));
            }
    }
    int rc = BELONG_OK;
    if (f->has_box || f->text) {
        uint64_t *in = store_id_set_new(l);
        if (f->text) {
            rc = text_set(s, l, f, in);
        } else {
            const void *ctx[2] = {f, in};
            store_listings_in_box(l, f->min_lat, f->max_lat, f->min_lon, f->max_lon, add_in_box,
                                  (void *)ctx);
            for (size_t i = 0; i < l->n_online; i++) /* the grid holds in-person ones only */
                if (l->by_id[l->online_ids[i]].flags & STORE_LISTING_COORDS)
                    add_in_box((void *)ctx, l->online_ids[i], &l->by_id[l->online_ids[i]]);
        }
        for (size_t w = 0; w < words; w++)
            c[w] &= in[w];
        free(in);
    }
    return rc;
}

/* set |= other (words of each), two words at a time (a vector of the compiler's, which it
** writes with the machine's vector instructions). */
typedef uint64_t id_words __attribute__((vector_size(16)));
static void id_set_or(uint64_t *restrict set, const uint64_t *restrict other, size_t words)
{
    size_t w = 0;
    for (; w + 2 <= words; w += 2) {
        id_words a, b;
        memcpy(&a, set + w, sizeof a);
        memcpy(&b, other + w, sizeof b);
        a |= b;
        memcpy(set + w, &a, sizeof a);
    }
    for (; w < words; w++)
        set[w] |= other[w];
}

/* ---- the window's buckets, ORed once (struct store_window_sets) ------------------------- */

/* The listings with a start in the buckets a window covers whole, and in the two it cuts, for
** the last window counted: the searches of a day ask for the same window (from today), so its
** buckets are ORed once a day per copy. Immutable once made; shared by the workers. */
struct store_window_sets {
    size_t first, end, full_first, full_end; /* the window's buckets */
    uint64_t *full, *edge;                   /* sets of the copy's words */
    unsigned refs;                           /* its users, and the copy while it keeps it */
};
static pthread_mutex_t window_sets_lock = PTHREAD_MUTEX_INITIALIZER;

/* Lets go of w under the lock; true when that was its last user (then free it). */
static bool window_sets_drop(struct store_window_sets *w)
{
    return --w->refs == 0;
}

static void window_sets_free(struct store_window_sets *w)
{
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
    *w = (struct store_window_sets){
        first, end, full_first, full_end, store_id_set_new(l), store_id_set_new(l), 1};
    for (size_t b = first; b < end; b++)
        id_set_or(b >= full_first && b < full_end ? w->full : w->edge, x->buckets + b * x->words,
                  x->words);
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

/* Adds to timed each listing of word w of cand that has an occurrence passing f's window and
** day/time filters (checked one by one in the copy). */
static void check_word(const struct store_listings *l, const struct ranked_filter *rf,
                       uint64_t cand, size_t w, uint64_t *timed)
{
    for (; cand; cand &= cand - 1) {
        size_t id = w * 64 + (size_t)__builtin_ctzll(cand);
        time_t start;
        if (slots_fit(rf, &l->by_id[id]) && next_in_copy(l, id, rf->f, &start))
            store_id_set_add(timed, id);
    }
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

int store_search_count(struct store *s, const struct store_search_filter *f, store_hit_test_fn fn,
                       void *ctx, size_t *n)
{
    *n = 0;
    struct search_start st;
    int rc = search_start(s, f, &st);
    if (rc != BELONG_OK)
        return rc;
    const struct store_listings *l = st.l;
    const struct store_listing_index *x = &l->index;
    const uint64_t *c = st.c;
    struct ranked_filter rf = st.rf;
    size_t words = x->words, first = st.first, end = st.end, full_first = st.full_first,
           full_end = st.full_end;
    uint64_t *timed = store_id_set_new(l);
    bool day_time = day_time_asked(f);
    struct store_window_sets *window = window_sets(l, first, end, full_first, full_end);
    const uint64_t *full_set = window->full, *edge_set = window->edge;
    for (size_t w = 0; w < words; w++) {
        uint64_t cand = c[w] & x->slotted[w];
        if (!cand)
            continue;
        uint64_t full = full_set[w], edge = edge_set[w];
        if (day_time) { /* every candidate with an occurrence in the window, one by one */
            check_word(l, &rf, cand & (full | edge) & on_days(x, f, w), w, timed);
        } else { /* a whole bucket's occurrences are all in the window */
            timed[w] = cand & full;
            check_word(l, &rf, cand & edge & ~full, w, timed);
        }
    }
    size_t count = 0;
    for (size_t w = 0; w < words; w++) {
        uint64_t found = timed[w] | untimed_word(x, f, c, timed, w);
        if (!fn) {
            count += (size_t)__builtin_popcountll(found);
            continue;
        }
        for (; found; found &= found - 1) {
            size_t id = w * 64 + (size_t)__builtin_ctzll(found);
            struct store_search_hit hit = hit_of(l, id);
            hit.untimed_fit = !store_id_set_has(timed, id);
            count += fn(ctx, &hit);
        }
    }
    *n = count;
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
};

/* Appends each listing of word w of cand that has a fitting occurrence to the heap's array
** (heap_after_bucket makes it a heap again). */
static void walk_word(struct soonest_walk *k, uint64_t cand, size_t w)
{
    for (; cand; cand &= cand - 1) {
        size_t id = w * 64 + (size_t)__builtin_ctzll(cand);
        time_t start;
        if (!slots_fit(k->rf, &k->l->by_id[id]) || !next_in_copy(k->l, id, k->rf->f, &start))
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
    struct soonest_walk k = {l, &st.rf, NULL, 0, 0, store_id_set_new(l)};
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
