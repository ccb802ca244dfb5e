/* sqlite_next_occ.c — where each listing's occurrences stand in the copy kept in memory: the
** first occurrence of a listing starting at or after a time (store_listing_first_occ,
** store_listing_next_occ), and the hint that answers it without a bisection (next_occ).
**
** The hint is made with the copy, for the time it is loaded: next_occ[id] is listing id's first
** occurrence starting then or later. A search from a time at or after it (every search from
** "now" while the copy is current: a new copy, with a new hint, comes with each change of the
** directory, such as the occurrences a refresh writes) starts at the hint, and is exact there
** when the hint starts at or after the search's time: no occurrence of the listing lies between
** the two. A hint passed by the clock since is stepped over a few occurrences, then bisected;
** a search from before the hint's time bisects the listing's occurrences as without one. The
** soonest-first walk of a search with no day or time filter reads a listing's next start from
** the hint alone, without the occurrences (sqlite_search.c).
*/
#include <stdlib.h>

#include "../util/buf.h"
#include "sqlite_internal.h"

/* A hint passed by the clock is stepped over at most this many occurrences before the rest
** are bisected. */
#define NEXT_OCC_STEPS 4

/* The index of listing id's first occurrence starting at or after start in occ[lo, hi). */
static uint32_t first_occ_in(const struct store_listings *l, uint32_t lo, uint32_t hi,
                             int64_t start)
{
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((int64_t)l->occ[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct store_listing_next store_listing_next_occ(const struct store_listings *l, size_t id,
                                                 int64_t start)
{
    uint32_t lo, hi;
    if (l->next_occ && start >= l->next_occ_from) {
        struct store_listing_next h = l->next_occ[id];
        if ((int64_t)h.start >= start && h.start != UINT32_MAX)
            return h; /* nothing of the listing starts in [next_occ_from, h.start) */
        /* Every occurrence before h.at starts before next_occ_from, so before start; the end
        ** of the listing's is read only here (a cache miss the hint spares). */
        lo = h.at;
        hi = l->occ_first[id + 1];
        for (int i = 0; i < NEXT_OCC_STEPS && lo < hi && (int64_t)l->occ[lo].start < start; i++)
            lo++;
    } else {
        lo = l->occ_first[id];
        hi = l->occ_first[id + 1];
    }
    lo = first_occ_in(l, lo, hi, start);
    return (struct store_listing_next){lo < hi ? l->occ[lo].start : UINT32_MAX, lo};
}

uint32_t store_listing_first_occ(const struct store_listings *l, size_t id, int64_t start)
{
    return store_listing_next_occ(l, id, start).at;
}

void store_listing_next_build(struct store_listings *l, time_t now)
{
    free(l->next_occ);
    l->next_occ = NULL; /* bisections while it is made */
    struct store_listing_next *next = xmalloc((l->n ? l->n : 1) * sizeof *next);
    int64_t from = (int64_t)now - l->occ_base;
    for (size_t id = 0; id < l->n; id++)
        next[id] = store_listing_next_occ(l, id, from);
    l->next_occ_from = from;
    l->next_occ = next;
}
