/* search.c — the search domain: validating a query, splitting the user's words into a text query,
** choosing how far to look around a place, computing distances and scores, and keeping the
** best results (see search.h for the ranking).
*/
#include "search.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/heap.h"
#include "../util/rc.h"
#include "../util/text.h"
#include "../util/timeutil.h"
#include "activity.h"
#include "places.h"

#define MINUTES_PER_DAY    1440
#define PREFIX_MIN_LETTERS 3    /* the last word matches as a prefix from this length */
#define RING_FIRST_MILES   1.0  /* the first radius tried around a place, without text */
#define RING_GROWTH        2.0  /* each further ring is this many times wider */
#define RING_LAST_MILES    64.0 /* past this radius, the next ring is the whole radius */

void search_query_init(struct search_query *q)
{
    memset(q, 0, sizeof *q);
    q->after_minute = -1;
    q->before_minute = -1;
    q->max_cost_cents = -1;
}

/* A byte that belongs to a word: ASCII letters and digits, and any byte of a multi-byte
** UTF-8 sequence (the engine's tokenizer decides about those). */
static bool word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

bool search_text_init(struct search_text *t, const char *text)
{
    memset(t, 0, sizeof *t);
    size_t last_len = 0;
    const char *p = text ? text : "";
    while (*p && t->n_words < SEARCH_WORDS_MAX) {
        while (*p && !word_byte((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && word_byte((unsigned char)*p))
            p++;
        if (p == start)
            break;
        t->words[t->n_words++] = xstrndup(start, (size_t)(p - start));
        last_len = (size_t)(p - start);
    }
    t->query = (struct store_text_query){
        .phrases = t->words,
        .n_phrases = t->n_words,
        .match_all = true,
        .last_prefix = last_len >= PREFIX_MIN_LETTERS,
    };
    return t->n_words > 0;
}

void search_text_free(struct search_text *t)
{
    for (size_t i = 0; i < t->n_words; i++)
        free((char *)t->words[i]);
    memset(t, 0, sizeof *t);
}

/* ---- collecting the best results ------------------------------------------------------- */

/* A scored candidate, before its details are read. */
struct ranked {
    int64_t id;
    double score;
    bool has_distance;
    double distance_miles;
    time_t next_start;
    bool untimed; /* no fitting occurrence: it fits as "times not listed" */
};

/* True when a ranks before b: with a fitting occurrence before times not listed, then higher
** score, then sooner, then lower id. */
static bool ranks_before(const struct ranked *a, const struct ranked *b)
{
    if (a->untimed != b->untimed)
        return !a->untimed;
    if (a->score != b->score)
        return a->score > b->score;
    if (a->next_start != b->next_start)
        return a->next_start < b->next_start;
    return a->id < b->id;
}

/* The state of one search while the store streams hits. */
struct collector {
    struct store *s;
    const struct store_search_filter *f; /* for the occurrence probe of hits that could rank */
    int rc;                              /* a probe's failure */
    const struct search_query *q;
    double center_cos; /* distance_cos_lat of q's center */
    bool text;
    bool soonest_first;  /* store_search hands hits over soonest first */
    bool best_first;     /* search_ranked hands them over best score first */
    struct ranked *best; /* sorted best first, at most q->limit (heap, size limit) */
    size_t n_best, limit;
};

static double proximity(double distance_miles)
{
    return 1.0 / (1.0 + distance_miles / SEARCH_PROXIMITY_HALF_MILES);
}

/* Inserts r into the bounded best list if it ranks high enough and is not there yet (a last,
** wider pass may see an activity again). Cannot fail. */
static void keep_if_better(struct collector *c, const struct ranked *r)
{
    if (c->n_best == c->limit && !ranks_before(r, &c->best[c->n_best - 1]))
        return;
    for (size_t i = 0; i < c->n_best; i++)
        if (c->best[i].id == r->id)
            return;
    size_t i = c->n_best < c->limit ? c->n_best++ : c->n_best - 1;
    while (i > 0 && ranks_before(r, &c->best[i - 1])) {
        c->best[i] = c->best[i - 1];
        i--;
    }
    c->best[i] = *r;
}

/* The score of a hit before its occurrence probe: its relevance (with text) times its
** proximity (with a place). Returns false when the hit is out of the query's reach. */
static bool score_hit(const struct collector *c, const struct store_search_hit *hit,
                      struct ranked *r)
{
    const struct search_query *q = c->q;
    *r = (struct ranked){.id = hit->id, .next_start = hit->next_start, .score = 1.0};
    if (q->has_center) {
        if (!hit->has_coords)
            return false; /* with a place, only activities with known coordinates */
        r->has_distance = true;
        r->distance_miles =
            distance_miles_from(q->center_lat, q->center_lon, c->center_cos, hit->lat, hit->lon);
        if (q->within_miles > 0 && r->distance_miles > q->within_miles)
            return false; /* in the box's corners, outside the circle */
        r->score = proximity(r->distance_miles);
    }
    if (c->text)
        r->score *= hit->relevance;
    return true;
}

/* True when the best list is full and its last has a fitting occurrence: then a hit must have
** one too, and a score at least the last's, to enter. */
static bool full_of_timed(const struct collector *c)
{
    return c->n_best == c->limit && !c->best[c->limit - 1].untimed;
}

static bool collect_hit(void *ctx, const struct store_search_hit *hit)
{
    struct collector *c = ctx;
    struct ranked r;
    if (!score_hit(c, hit, &r))
        return true;
    bool fits = true;
    if (!hit->next_known) {
        /* Only a hit that could rank needs its next occurrence (and may have none): a lower
        ** score than the last kept never ranks before it, nor does a listing that fits only
        ** with times not listed once the best are all timed. */
        if (full_of_timed(c) && r.score < c->best[c->limit - 1].score) {
            fits = false;
        } else {
            size_t n = 0;
            if (hit->slots_fit || !hit->untimed_fit) {
                c->rc = store_search_next(c->s, c->f, hit->id, &r.next_start, 1, &n);
                if (c->rc != BELONG_OK)
                    return false;
            }
            fits = n > 0;
            if (!fits && hit->untimed_fit) {
                r.untimed = true;
                r.next_start = 0;
                fits = true;
            }
        }
    }
    if (fits)
        keep_if_better(c, &r);
    if (c->best_first) /* scores only fall from here on; equal ones may still win on date or id,
                       ** and any hit with a fitting occurrence on one without */
        return !full_of_timed(c) || r.score >= c->best[c->limit - 1].score;
    if (c->soonest_first)
        return c->n_best < c->limit; /* equal scores, soonest first: the first `limit` win */
    return true;
}

/* Streams the hits of f into c. Returns 0, a store error or a probe's. */
static int collect(struct store *s, const struct store_search_filter *f, struct collector *c)
{
    c->s = s;
    c->f = f;
    c->rc = BELONG_OK;
    int rc = store_search(s, f, collect_hit, c);
    return rc != BELONG_OK ? rc : c->rc;
}

/* The box around the center that contains the circle of radius_miles; every longitude when the
** circle reaches a pole or crosses the antimeridian (the distance test that follows keeps only
** the circle). */
static void box_around(const struct search_query *q, double radius_miles,
                       struct store_search_filter *f)
{
    double dlat = radius_miles / MILES_PER_DEGREE;
    double cos_lat = cos(q->center_lat * M_PI / 180.0);
    double dlon = cos_lat > 0.01 ? dlat / cos_lat : 360.0;
    f->has_box = true;
    f->min_lat = fmax(q->center_lat - dlat, -90.0);
    f->max_lat = fmin(q->center_lat + dlat, 90.0);
    f->min_lon = q->center_lon - dlon;
    f->max_lon = q->center_lon + dlon;
    if (box_spans_every_longitude(q->center_lat, q->center_lon, dlat, dlon)) {
        f->min_lon = -180.0;
        f->max_lon = 180.0;
    }
}

/* ---- running a query ------------------------------------------------------------------- */

static int check_query(const struct search_query *q, char *err, size_t errlen)
{
    if (q->n_categories > SEARCH_CATEGORIES_MAX) {
        snprintf(err, errlen, "at most %d categories", SEARCH_CATEGORIES_MAX);
        return BELONG_EUSAGE;
    }
    if (q->within_miles < 0 || q->within_miles > SEARCH_WITHIN_MAX_MILES ||
        isnan(q->within_miles)) {
        snprintf(err, errlen, "within must be between 0 and %.0f miles", SEARCH_WITHIN_MAX_MILES);
        return BELONG_EUSAGE;
    }
    if (q->within_miles > 0 && !q->has_center) {
        snprintf(err, errlen, "within needs a place (near, zip or town)");
        return BELONG_EUSAGE;
    }
    if (q->has_center && (!(fabs(q->center_lat) <= 90.0) || !(fabs(q->center_lon) <= 180.0))) {
        snprintf(err, errlen, "the place %.6f,%.6f is not a latitude,longitude", q->center_lat,
                 q->center_lon);
        return BELONG_EUSAGE;
    }
    if (q->after_minute < -1 || q->after_minute >= MINUTES_PER_DAY || q->before_minute < -1 ||
        q->before_minute > MINUTES_PER_DAY) {
        snprintf(err, errlen, "times must be between 00:00 and 24:00");
        return BELONG_EUSAGE;
    }
    if (q->after_minute >= 0 && q->before_minute >= 0 && q->after_minute >= q->before_minute) {
        snprintf(err, errlen, "after %02d:%02d is not before %02d:%02d", q->after_minute / 60,
                 q->after_minute % 60, q->before_minute / 60, q->before_minute % 60);
        return BELONG_EUSAGE;
    }
    if (q->intensity_max < 0 || q->intensity_max > INTENSITY_MAX) {
        snprintf(err, errlen, "intensity must be between %d and %d", INTENSITY_MIN, INTENSITY_MAX);
        return BELONG_EUSAGE;
    }
    if (q->limit < 0 || q->limit > SEARCH_LIMIT_MAX) {
        snprintf(err, errlen, "limit must be between 1 and %d", SEARCH_LIMIT_MAX);
        return BELONG_EUSAGE;
    }
    if (q->offset < 0 || q->offset > SEARCH_OFFSET_MAX) {
        snprintf(err, errlen, "offset must be between 0 and %d", SEARCH_OFFSET_MAX);
        return BELONG_EUSAGE;
    }
    return BELONG_OK;
}

/* Fills the store filter from the query, all but the text. */
static int make_filter(const struct search_query *q, struct store_search_filter *f, char *err,
                       size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->from = q->from ? q->from : belong_now();
    f->to = q->to ? q->to : f->from + (time_t)SEARCH_WINDOW_DAYS_DEFAULT * SECONDS_PER_DAY;
    if (f->to <= f->from) {
        snprintf(err, errlen, "the window ends before it starts");
        return BELONG_EUSAGE;
    }
    f->weekday_mask = q->weekday_mask & 0x7f ? q->weekday_mask & 0x7f : 0x7f;
    f->after_minute = q->after_minute >= 0 ? q->after_minute : 0;
    f->before_minute = q->before_minute >= 0 ? q->before_minute : MINUTES_PER_DAY;
    f->max_cost_cents = q->max_cost_cents;
    f->access_required = q->access_required;
    f->intensity_max = q->intensity_max;
    for (size_t i = 0; i < q->n_categories; i++) {
        const char *category = q->categories[i];
        if (!category || !*category) {
            snprintf(err, errlen, "an empty category");
            return BELONG_EUSAGE;
        }
        if (!utf8_valid((const unsigned char *)category, strlen(category), NULL)) {
            snprintf(err, errlen, "a category is not valid UTF-8");
            return BELONG_EUSAGE;
        }
    }
    f->category_list = q->categories;
    f->n_category_list = q->n_categories;
    return BELONG_OK;
}

/* Appends text (with its NUL) to strings; returns 1 + its offset there, 0 for NULL. */
static size_t text_keep(struct buf *strings, const char *text)
{
    if (!text)
        return 0;
    size_t at = strings->len;
    buf_append(strings, text, strlen(text) + 1);
    return at + 1;
}

/* Reads the details and next occurrences of the ranked activities into out: their strings all
** in one block (out->strings), copied from the copy of the listings (or the row read). */
static int fill_results(struct store *s, const struct store_search_filter *f,
                        const struct collector *c, struct search_results *out)
{
    size_t skip = (size_t)c->q->offset; /* the collector kept them to rank the rest */
    size_t n = c->n_best > skip ? c->n_best - skip : 0;
    out->items = n ? xcalloc(n, sizeof *out->items) : NULL;
    enum { NAME, ORGANIZATION, CATEGORY, TOWN, TZID, STRINGS };
    size_t(*at)[STRINGS] = n ? xmalloc(n * sizeof *at) : NULL; /* text_keep's, by result */
    struct buf strings = {0};
    buf_reserve(&strings, n * 128); /* most results' five strings */
    int rc = BELONG_OK;
    for (size_t i = skip; rc == BELONG_OK && i < c->n_best; i++) {
        const struct ranked *r = &c->best[i];
        struct activity a;
        struct store_brief_strings t;
        if (!store_listing_brief_borrow(s, r->id, &a, &t)) {
            rc = store_listing_brief(s, r->id, &a);
            if (rc != BELONG_OK)
                break;
            t = (struct store_brief_strings){a.name, a.organization, a.category, a.town, a.tzid};
        }
        size_t *kept = at[out->n];
        kept[NAME] = text_keep(&strings, t.name);
        kept[ORGANIZATION] = text_keep(&strings, t.organization);
        kept[CATEGORY] = text_keep(&strings, t.category);
        kept[TOWN] = text_keep(&strings, t.town);
        kept[TZID] = text_keep(&strings, t.tzid);
        struct search_result *res = &out->items[out->n++];
        res->id = r->id;
        res->has_distance = r->has_distance;
        res->distance_miles = r->distance_miles;
        res->distance_approximate = r->has_distance && a.coords_from != COORDS_FROM_SOURCE;
        res->cost_cents = a.cost_cents;
        res->access = a.access;
        res->intensity = a.intensity;
        res->is_virtual = a.is_virtual;
        res->score = r->score;
        res->times_not_listed = r->untimed;
        res->open_days = a.open_days;
        activity_free(&a);
        if (!r->untimed)
            rc = store_search_next(s, f, r->id, res->next, SEARCH_NEXT_MAX, &res->n_next);
    }
    /* The block has stopped moving: the strings' places in it. */
    out->strings = buf_detach(&strings);
    for (size_t i = 0; i < out->n; i++) {
        struct search_result *res = &out->items[i];
        char **field[STRINGS] = {&res->name, &res->organization, &res->category, &res->town,
                                 &res->tzid};
        for (int k = 0; k < STRINGS; k++)
            *field[k] = at[i][k] ? out->strings + at[i][k] - 1 : NULL;
    }
    free(at);
    return rc;
}

/* A hit of a ranked search and its score, for the heap. */
struct scored {
    double score;
    size_t hit;
    int64_t id;
};

/* True when a should be probed before b: higher score, then lower id. */
static bool scored_before(const void *a_, const void *b_)
{
    const struct scored *a = a_, *b = b_;
    return a->score != b->score ? a->score > b->score : a->id < b->id;
}

/* At least the score score_hit gives hit (with a place, which it must have): the proximity of
** a lower bound of its distance, times its relevance with text; its score itself when its
** relevance is not a number at least 0. */
static double score_bound(const struct collector *c, const struct store_search_hit *hit)
{
    const struct search_query *q = c->q;
    if (c->text && !(hit->relevance >= 0)) {
        struct ranked r;
        return score_hit(c, hit, &r) ? r.score : 0.0;
    }
    double score = proximity(
        distance_miles_at_least(q->center_lat, q->center_lon, c->center_cos, hit->lat, hit->lon));
    return c->text ? score * hit->relevance : score;
}

/* One pass of a ranked search: with text alone, the store hands the hits over best first (its
** matches are kept in that order); with a place, every activity passing the filters comes from
** the store at once (the text matches, or the listings in the box around the place that holds
** the circle of radius_miles) and is probed for an occurrence in the window best first, until
** no other can rank among the best `limit` (the scores only fall from there; equal ones may
** still win on date or id). Hits nearer than done_miles were ranked by an earlier pass. A hit's
** score is first bounded without trigonometry (score_bound), and its distance computed only
** when that bound comes to the top of a heap: it goes out (to collect_hit) once it ranks
** before every bound left, so the order is the scores' (higher, then lower id) as if each
** were computed. */
static int rank_pass(struct store *s, struct store_search_filter *f, struct collector *c,
                     double radius_miles, double done_miles)
{
    const struct search_query *q = c->q;
    if (q->has_center)
        box_around(q, radius_miles, f);
    c->s = s;
    c->f = f;
    c->rc = BELONG_OK;
    c->best_first = true;
    if (!q->has_center) { /* text alone: a hit's score is its relevance, the store's order */
        int rc = store_search_by_relevance(s, f, collect_hit, c);
        return rc != BELONG_OK ? rc : c->rc;
    }
    struct store_search_hit *hits = NULL;
    size_t n_hits = 0;
    int rc = store_search_ranked(s, f, &hits, &n_hits);
    if (rc != BELONG_OK)
        return rc;
    /* bounds: by score_bound; ready: hits whose score is computed, by it */
    struct scored *bounds = xmalloc((n_hits ? n_hits : 1) * sizeof *bounds);
    struct scored *ready = xmalloc((n_hits ? n_hits : 1) * sizeof *ready);
    size_t n = 0, n_ready = 0;
    for (size_t i = 0; i < n_hits; i++)
        if (hits[i].has_coords)
            bounds[n++] = (struct scored){score_bound(c, &hits[i]), i, hits[i].id};
    heap_make(bounds, n, sizeof *bounds, scored_before);
    for (;;) {
        while (n > 0 && (n_ready == 0 || !scored_before(&ready[0], &bounds[0]))) {
            struct scored top;
            struct ranked r;
            heap_pop(bounds, n--, sizeof *bounds, scored_before, &top);
            if (score_hit(c, &hits[top.hit], &r) && !(r.distance_miles < done_miles)) {
                struct scored item = {r.score, top.hit, r.id};
                heap_push(ready, n_ready++, sizeof *ready, scored_before, &item);
            }
        }
        if (n_ready == 0)
            break;
        struct scored top;
        heap_pop(ready, n_ready--, sizeof *ready, scored_before, &top);
        if (!collect_hit(c, &hits[top.hit]))
            break;
    }
    free(ready);
    free(bounds);
    free(hits);
    return c->rc;
}

/* A search outward from its place (store_search_outward): the hits handed over so far, by a
** bound of their score (score_bound) until it is computed, then by their score (ready); each
** goes out to collect_hit once no hit, computed or not, handed over or left, can rank before
** it. */
struct outward {
    struct collector *c;
    struct store_search_hit *hits;
    size_t n_hits, cap_hits;
    struct scored *bounds; /* a heap by bound, best first, then bounds[n_bounds..n_added) */
    size_t n_bounds, n_added;
    struct scored *ready; /* a heap by score, best first */
    size_t n_ready;
    double cos_band; /* the least cosine of the latitudes of the listings left; NAN: not yet */
};

static bool outward_hit(void *ctx, const struct store_search_hit *hit)
{
    struct outward *o = ctx;
    if (!hit->has_coords)
        return true; /* with a place, only activities with known coordinates */
    if (o->n_hits == o->cap_hits) {
        o->cap_hits = o->cap_hits ? 2 * o->cap_hits : 256;
        o->hits = xrealloc(o->hits, o->cap_hits * sizeof *o->hits);
        o->bounds = xrealloc(o->bounds, o->cap_hits * sizeof *o->bounds);
        o->ready = xrealloc(o->ready, o->cap_hits * sizeof *o->ready);
    }
    o->hits[o->n_hits] = *hit;
    o->bounds[o->n_added++] = (struct scored){score_bound(o->c, hit), o->n_hits++, hit->id};
    return true;
}

/* The highest score a hit left may have: its relevance at most left's highest (with text),
** times the proximity of a lower bound of the distance to the nearest side left. */
static double left_bound(struct outward *o, const struct store_ring_left *left)
{
    const struct collector *c = o->c;
    const struct search_query *q = c->q;
    if (left->done)
        return -INFINITY;
    if (c->text && !(left->max_relevance >= 0))
        return INFINITY;
    if (isnan(o->cos_band)) {
        double far = fmin(fmax(fabs(left->lat_min), fabs(left->lat_max)), 90.0);
        o->cos_band = cos(far * M_PI / 180.0) * (1 - 1e-9);
    }
    double lat = q->center_lat, lon = q->center_lon, miles = INFINITY;
    if (!isnan(left->north))
        miles =
            fmin(miles, distance_miles_beyond(c->center_cos, o->cos_band, left->north - lat, 0));
    if (!isnan(left->south))
        miles =
            fmin(miles, distance_miles_beyond(c->center_cos, o->cos_band, lat - left->south, 0));
    if (!isnan(left->east))
        miles = fmin(miles, distance_miles_beyond(c->center_cos, o->cos_band, 0, left->east - lon));
    if (!isnan(left->west))
        miles = fmin(miles, distance_miles_beyond(c->center_cos, o->cos_band, 0, lon - left->west));
    double score = proximity(miles);
    return c->text ? score * left->max_relevance : score;
}

/* After a ring: the bounds of the ring's hits joined to the heap (all at once when they
** outnumber the old), then collect_hit handed the hits that rank before any other, best first,
** while one ranks before the best any left could have. Returns false to stop (collect_hit did,
** or failed). */
static bool outward_ring(void *ctx, const struct store_ring_left *left)
{
    struct outward *o = ctx;
    if (o->n_added - o->n_bounds >= o->n_bounds) {
        o->n_bounds = o->n_added;
        heap_make(o->bounds, o->n_bounds, sizeof *o->bounds, scored_before);
    }
    for (; o->n_bounds < o->n_added; o->n_bounds++) {
        struct scored item = o->bounds[o->n_bounds];
        heap_push(o->bounds, o->n_bounds, sizeof *o->bounds, scored_before, &item);
    }
    double best_left = left_bound(o, left);
    for (;;) {
        /* The best computed must rank before every bound not computed yet. */
        while (o->n_bounds > 0 &&
               (o->n_ready == 0 || !scored_before(&o->ready[0], &o->bounds[0]))) {
            if (!(o->bounds[0].score > best_left))
                return true; /* none of them can go out yet */
            struct scored top;
            struct ranked r;
            heap_pop(o->bounds, o->n_bounds--, sizeof *o->bounds, scored_before, &top);
            o->n_added--;
            if (score_hit(o->c, &o->hits[top.hit], &r)) {
                struct scored item = {r.score, top.hit, r.id};
                heap_push(o->ready, o->n_ready++, sizeof *o->ready, scored_before, &item);
            }
        }
        if (o->n_ready == 0 || !(o->ready[0].score > best_left))
            return true;
        struct scored top;
        heap_pop(o->ready, o->n_ready--, sizeof *o->ready, scored_before, &top);
        if (!collect_hit(o->c, &o->hits[top.hit]))
            return false;
    }
}

/* Text or a place. With text, one pass over the matches. Around a place without text, nearest
** first: rings of growing radius, until no activity outside the last can rank among the best
** `limit` (a hit's score is its proximity, so the search is settled once the last kept score
** reaches proximity(radius)) or the ring reaches the radius asked for. */
static int search_ranked(struct store *s, struct store_search_filter *f, struct collector *c)
{
    const struct search_query *q = c->q;
    double max_miles = q->within_miles > 0 ? q->within_miles : SEARCH_WITHIN_MAX_MILES;
    if (!q->has_center)
        return rank_pass(s, f, c, max_miles, -1.0);
    box_around(q, max_miles, f);
    if (f->min_lon > -180.0 || f->max_lon < 180.0) { /* the grid's cells outward */
        struct outward o = {.c = c, .cos_band = NAN};
        c->s = s;
        c->f = f;
        c->rc = BELONG_OK;
        c->best_first = true;
        int rc =
            store_search_outward(s, f, q->center_lat, q->center_lon, outward_hit, outward_ring, &o);
        free(o.hits);
        free(o.bounds);
        free(o.ready);
        return rc != BELONG_OK ? rc : c->rc;
    }
    if (c->text)
        return rank_pass(s, f, c, max_miles, -1.0);
    double ring = fmin(RING_FIRST_MILES, max_miles), done = -1.0;
    for (;;) {
        int rc = rank_pass(s, f, c, ring, done);
        if (rc != BELONG_OK || ring >= max_miles)
            return rc;
        if (full_of_timed(c) && c->best[c->limit - 1].score >= proximity(ring))
            return BELONG_OK;
        done = ring;
        ring = ring >= RING_LAST_MILES ? max_miles : fmin(ring * RING_GROWTH, max_miles);
    }
}

/* ---- how many match ------------------------------------------------------------------ */

/* The reach of a count within a radius: the circle, most of whose listings (and of the box's
** corners) are told in or out without a distance (within_test). */
struct reach {
    const struct collector *c;
    struct within_test within;
};

/* Whether a hit of store_search_count is in the query's reach (within its circle). */
static bool in_reach(void *ctx, const struct store_search_hit *hit)
{
    const struct reach *k = ctx;
    int sure = hit->has_coords ? within_test_point(&k->within, hit->lat, hit->lon) : 0;
    if (sure)
        return sure > 0;
    struct ranked r;
    return score_hit(k->c, hit, &r);
}

/* What in_reach answers for every point of a box (store_box_test_fn): within_test_point at the
** corner farthest from the center, and at the point nearest it, since the test's bounds grow
** with the distance in latitude and in longitude (for differences under 150 degrees); for a
** box that is one place, what in_reach is sure of there. */
static int box_in_reach(void *ctx, double min_lat, double max_lat, double min_lon, double max_lon)
{
    const struct within_test *t = &((const struct reach *)ctx)->within;
    if (min_lat == max_lat && min_lon == max_lon)
        return within_test_point(t, min_lat, min_lon);
    if (min_lat < t->min_lat || max_lat > t->max_lat)
        return 0; /* partly outside the test's band of latitudes */
    double far_lat = fabs(min_lat - t->lat) > fabs(max_lat - t->lat) ? min_lat : max_lat;
    double far_lon = fabs(min_lon - t->lon) > fabs(max_lon - t->lon) ? min_lon : max_lon;
    if (fabs(far_lat - t->lat) > 150.0 || fabs(far_lon - t->lon) > 150.0)
        return 0;
    if (within_test_point(t, far_lat, far_lon) > 0)
        return 1;
    double near_lat = fmin(fmax(t->lat, min_lat), max_lat);
    double near_lon = fmin(fmax(t->lon, min_lon), max_lon);
    return within_test_point(t, near_lat, near_lon) < 0 ? -1 : 0;
}

/* How many activities match f (and c's place), with an occurrence in the window or times not
** listed (store_search_count, from the sets of ids kept with the listings): with a place, only
** those with coordinates; within a radius, those of the box around the circle whose distance
** is in it. OUT: *matched. Returns 0 or a store error. */
static int count_matched(struct store *s, const struct store_search_filter *f,
                         const struct collector *c, size_t *matched)
{
    struct store_search_filter all = *f;
    all.has_box = false;
    all.coords_only = c->q->has_center;
    struct collector plain = *c;
    plain.text = false; /* reach only */
    if (c->q->has_center && c->q->within_miles > 0) {
        box_around(c->q, c->q->within_miles, &all);
        struct reach k = {.c = &plain};
        within_test_init(&k.within, c->q->center_lat, c->q->center_lon, c->q->within_miles,
                         all.min_lat, all.max_lat);
        return store_search_count(s, &all, in_reach, box_in_reach, &k, matched);
    }
    return store_search_count(s, &all, NULL, NULL, NULL, matched);
}

int search_run(struct store *s, const struct search_query *q, struct search_results *out, char *err,
               size_t errlen)
{
    memset(out, 0, sizeof *out);
    int rc = check_query(q, err, errlen);
    if (rc != BELONG_OK)
        return rc;
    struct store_search_filter f;
    struct search_text text = {0};
    /* The best offset + limit are kept (the page is the last limit of them); with the count
    ** known first, never more than match, so a far offset costs no more than the matches. */
    struct collector c = {.q = q, .limit = q->limit > 0 ? (size_t)q->limit : SEARCH_LIMIT_DEFAULT};
    c.limit += (size_t)q->offset;
    c.center_cos = q->has_center ? distance_cos_lat(q->center_lat) : 0.0;
    rc = make_filter(q, &f, err, errlen);
    if (rc != BELONG_OK)
        goto out;
    c.text = search_text_init(&text, q->text);
    f.text = c.text ? &text.query : NULL;
    if (q->count_matched) {
        rc = count_matched(s, &f, &c, &out->matched);
        if (rc != BELONG_OK)
            goto failed;
        if (c.limit > out->matched)
            c.limit = out->matched > 0 ? out->matched : 1;
    }
    c.best = xcalloc(c.limit, sizeof *c.best);

    if (q->has_center || c.text) {
        rc = search_ranked(s, &f, &c);
    } else {
        /* Every score is equal: the soonest `limit` win, and the store hands them over first. */
        c.soonest_first = true;
        rc = collect(s, &f, &c);
    }
    if (rc == BELONG_OK)
        rc = fill_results(s, &f, &c, out);
failed:
    if (rc != BELONG_OK) {
        snprintf(err, errlen, "search failed: %s", store_errmsg(s));
        search_results_free(out);
    }
out:
    search_text_free(&text);
    free(c.best);
    return rc;
}

void search_results_free(struct search_results *r)
{
    free(r->strings);
    free(r->items);
    memset(r, 0, sizeof *r);
}
