/* occurrences.h — when an activity meets in a window: the one place that decides whether the
** stored occurrences (the materialised horizon, catalog_refresh) answer a window, or the
** schedules must be expanded. Search, show, occurrences and recommend all ask here.
*/
#ifndef BELONG_OCCURRENCES_H
#define BELONG_OCCURRENCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "schedule.h"

struct store;

/* Whether [from, to) lies inside the stored horizon. OUT: *stored; *horizon_from and
** *horizon_to (either may be NULL). Returns 0 or a store error. */
int occurrences_window_stored(struct store *s, time_t from, time_t to, bool *stored,
                              time_t *horizon_from, time_t *horizon_to);

/* The occurrences of activity id starting in [from, to): the stored ones when the window is
** inside the horizon, else expanded from its schedules. OUT: *occ, heap array (free()), *n.
** BELONG_EDATA when a schedule cannot be expanded; a store error otherwise. */
int occurrences_in_window(struct store *s, int64_t id, time_t from, time_t to,
                          struct occurrence **occ, size_t *n);

#endif
