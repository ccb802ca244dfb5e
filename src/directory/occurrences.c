/* occurrences.c — stored occurrences or expanded schedules for a window (occurrences.h). */
#include "occurrences.h"

#include <stdlib.h>

#include "../store/store.h"
#include "../util/rc.h"
#include "catalog.h"

int occurrences_window_stored(struct store *s, time_t from, time_t to, bool *stored,
                              time_t *horizon_from, time_t *horizon_to)
{
    time_t first, last;
    int rc = catalog_horizon(s, &first, &last);
    if (rc != BELONG_OK)
        return rc;
    *stored = from >= first && to <= last;
    if (horizon_from)
        *horizon_from = first;
    if (horizon_to)
        *horizon_to = last;
    return BELONG_OK;
}

int occurrences_in_window(struct store *s, int64_t id, time_t from, time_t to,
                          struct occurrence **occ, size_t *n)
{
    bool stored;
    int rc = occurrences_window_stored(s, from, to, &stored, NULL, NULL);
    if (rc != BELONG_OK)
        return rc;
    if (stored)
        return store_occurrences_get(s, id, from, to, occ, n);
    struct schedule *scheds = NULL;
    size_t n_scheds = 0;
    rc = store_schedules_get(s, id, &scheds, &n_scheds);
    if (rc == BELONG_OK)
        rc = catalog_expand(scheds, n_scheds, from, to, occ, n);
    for (size_t i = 0; i < n_scheds; i++)
        schedule_free(&scheds[i]);
    free(scheds);
    return rc;
}
