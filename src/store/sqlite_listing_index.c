/* sqlite_listing_index.c — the sets of listing ids kept with the in-memory copy of the listings
** (struct store_listing_index): by category, cost, access, intensity, coordinates, days open
** without times, local weekday of their occurrences, and the day buckets their occurrences
** start in. A search ANDs and ORs the sets its filters name (a few thousand words at 100k
** listings) and checks one by one only the listings left, instead of every listing.
**
** The buckets: every occurrence start falls in one bucket of a whole number of days, counted
** from the UTC day of the first start; at most BUCKETS_MAX buckets and BUCKET_BYTES_MAX bytes
** of them (wider buckets when the occurrences span more), so that a window's listings with an
** occurrence are the union of its buckets' sets, exact for the buckets the window covers
** whole and a superset for the two it cuts.
**
** The same attribute sets are kept by the grid's order too (store_listing_index_grid: bit k
** for the point at position k, with its place), for the counts within a box.
*/
#include <stdlib.h>
#include <string.h>

#include "../util/timeutil.h"
#include "sqlite_internal.h"

#define BUCKETS_MAX      1024
#define BUCKET_BYTES_MAX (16u << 20)

uint64_t *store_id_set_new(const struct store_listings *l)
{
    return xcalloc(l->index.words ? l->index.words : 1, sizeof(uint64_t));
}

void store_listing_index_free(struct store_listing_index *x)
{
    /* Every attribute set lives in one block that live starts (store_listing_index_attrs). */
    free(x->live);
    free(x->category);
    free(x->occ_day[0]);
    free(x->buckets);
    memset(x, 0, sizeof *x);
}

/* The listing at member k of a set: listing id k (the sets by id). */
static uint32_t id_is_member(const struct store_listings *l, size_t k)
{
    (void)l;
    return (uint32_t)k;
}

/* Builds x's attribute sets over members 0 .. members - 1, member k standing for listing
** id_at(l, k) (by_id and the categories loaded). Cannot fail. */
static void index_attrs(struct store_listing_index *x, const struct store_listings *l,
                        size_t members, uint32_t (*id_at)(const struct store_listings *, size_t))
{
    store_listing_index_free(x);
    x->words = (members + 63) / 64;
    size_t words = x->words ? x->words : 1;
    enum { FIXED = 6, SETS = FIXED + 8 + INTENSITY_MAX + 1 + 7 };
    uint64_t *block = xcalloc(SETS * words, sizeof *block);
    uint64_t **fixed[FIXED] = {&x->live,     &x->coords,       &x->slotted,
                               &x->no_times, &x->free_of_cost, &x->untimed_any};
    size_t next = 0;
    for (size_t i = 0; i < FIXED; i++)
        *fixed[i] = block + words * next++;
    for (size_t i = 0; i < 8; i++)
        x->access[i] = block + words * next++;
    for (size_t i = 0; i <= INTENSITY_MAX; i++)
        x->intensity_le[i] = block + words * next++;
    for (size_t i = 0; i < 7; i++)
        x->open_day[i] = block + words * next++;
    x->category = xcalloc((l->n_categories ? l->n_categories : 1) * words, sizeof *x->category);
    for (size_t k = 0; k < members; k++) {
        const struct store_listing *s = &l->by_id[id_at(l, k)];
        if ((s->flags & (STORE_LISTING_PRESENT | STORE_LISTING_ACTIVE)) !=
            (STORE_LISTING_PRESENT | STORE_LISTING_ACTIVE))
            continue;
        store_id_set_add(x->live, k);
        if (s->flags & STORE_LISTING_COORDS)
            store_id_set_add(x->coords, k);
        uint64_t slots = 0;
        for (int w = 0; w < WEEK_SLOT_WORDS; w++)
            slots |= s->slots[w];
        if (slots)
            store_id_set_add(x->slotted, k);
        if (!(s->flags & STORE_LISTING_TIMES))
            store_id_set_add(x->no_times, k);
        if (s->cost_cents == 0)
            store_id_set_add(x->free_of_cost, k);
        for (int bit = 0; bit < 8; bit++)
            if ((s->access >> bit) & 1)
                store_id_set_add(x->access[bit], k);
        for (int i = s->intensity; s->intensity > 0 && i <= INTENSITY_MAX; i++)
            store_id_set_add(x->intensity_le[i], k);
        for (int day = 0; day < 7; day++)
            if ((s->open_days >> day) & 1)
                store_id_set_add(x->open_day[day], k);
        store_id_set_add(x->category + (size_t)s->category * words, k);
        if (!(s->flags & STORE_LISTING_TIMES) || (s->open_days & 0x7f))
            store_id_set_add(x->untimed_any, k);
    }
}

void store_listing_index_attrs(struct store_listings *l)
{
    index_attrs(&l->index, l, l->n, id_is_member);
}

void store_listing_index_grid(struct store_listings *l)
{
    free(l->grid_points);
    free(l->grid_position);
    size_t in_person =
        l->grid_rows > 0 ? l->grid_first[(size_t)l->grid_rows * (size_t)l->grid_cols] : 0;
    l->n_grid_points = in_person + l->n_online_placed;
    l->grid_points = xmalloc((l->n_grid_points ? l->n_grid_points : 1) * sizeof *l->grid_points);
    l->grid_position = xmalloc((l->n ? l->n : 1) * sizeof *l->grid_position);
    memset(l->grid_position, 0xff, l->n * sizeof *l->grid_position); /* UINT32_MAX: none */
    for (size_t k = 0; k < l->n_grid_points; k++) {
        uint32_t id = store_grid_id(l, k);
        l->grid_points[k] = (struct store_grid_point){l->by_id[id].lat, l->by_id[id].lon};
        l->grid_position[id] = (uint32_t)k;
    }
    index_attrs(&l->grid_index, l, l->n_grid_points, store_grid_id);
}

void store_listing_index_times(struct store_listings *l)
{
    struct store_listing_index *x = &l->index;
    size_t words = x->words ? x->words : 1;
    free(x->occ_day[0]);
    free(x->buckets);
    uint64_t *block = xcalloc(7 * words, sizeof *block);
    for (int day = 0; day < 7; day++)
        x->occ_day[day] = block + (size_t)day * words;
    int64_t first = INT64_MAX, last = INT64_MIN;
    size_t n_occ = l->occ_first[l->n];
    for (size_t i = 0; i < n_occ; i++) {
        int64_t start = l->occ_base + l->occ[i].start;
        first = start < first ? start : first;
        last = start > last ? start : last;
    }
    if (n_occ == 0)
        first = last = 0;
    int64_t day0 = first - ((first % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
    int64_t days = (last - day0) / SECONDS_PER_DAY + 1;
    size_t max_buckets = BUCKET_BYTES_MAX / (words * sizeof(uint64_t));
    if (max_buckets > BUCKETS_MAX)
        max_buckets = BUCKETS_MAX;
    if (max_buckets < 1)
        max_buckets = 1;
    int64_t days_per_bucket = (days + (int64_t)max_buckets - 1) / (int64_t)max_buckets;
    x->bucket_origin = day0;
    x->bucket_seconds = days_per_bucket * SECONDS_PER_DAY;
    x->n_buckets = (size_t)((days + days_per_bucket - 1) / days_per_bucket);
    x->buckets = xcalloc(x->n_buckets * words, sizeof *x->buckets);
    for (size_t id = 1; id < l->n; id++) {
        if (!store_id_set_has(x->live, id))
            continue;
        for (uint32_t i = l->occ_first[id]; i < l->occ_first[id + 1]; i++) {
            int64_t start = l->occ_base + l->occ[i].start;
            size_t b = (size_t)((start - x->bucket_origin) / x->bucket_seconds);
            store_id_set_add(x->buckets + b * words, id);
            store_id_set_add(x->occ_day[l->occ[i].week_minute / 1440 % 7], id);
        }
    }
}

/* The bucket holding t, clamped to [0, n_buckets]: -1 reads as 0 (before the first). */
static int64_t bucket_of(const struct store_listing_index *x, int64_t t)
{
    if (t < x->bucket_origin)
        return -1;
    int64_t b = (t - x->bucket_origin) / x->bucket_seconds;
    return b > (int64_t)x->n_buckets ? (int64_t)x->n_buckets : b;
}

void store_listing_buckets(const struct store_listings *l, time_t from, time_t to, size_t *first,
                           size_t *end, size_t *full_first, size_t *full_end)
{
    const struct store_listing_index *x = &l->index;
    int64_t b0 = bucket_of(x, (int64_t)from), b1 = bucket_of(x, (int64_t)to - 1);
    *first = b0 < 0 ? 0 : (size_t)b0;
    *end = b1 < 0 ? 0 : b1 >= (int64_t)x->n_buckets ? x->n_buckets : (size_t)b1 + 1;
    if (*end < *first)
        *end = *first;
    /* A bucket lies wholly inside [from, to) when it starts at or after from and ends by to:
    ** from the first starting at or after from to the one to falls in (excluded). */
    int64_t f = b0 < 0                                                       ? 0
                : x->bucket_origin + b0 * x->bucket_seconds == (int64_t)from ? b0
                                                                             : b0 + 1;
    int64_t e = bucket_of(x, (int64_t)to);
    *full_first = f < (int64_t)*first ? *first : f > (int64_t)*end ? *end : (size_t)f;
    *full_end = e < (int64_t)*full_first ? *full_first : e > (int64_t)*end ? *end : (size_t)e;
}
