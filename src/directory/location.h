/* location.h — a place activities happen at (a public venue, never a peer's address), as
** belong stores it: one row per (source, the place's id in that source).
**
** Strings are heap-owned by the struct; location_free releases them.
*/
#ifndef BELONG_LOCATION_H
#define BELONG_LOCATION_H

#include <stdbool.h>
#include <stdint.h>

/* Where a place's coordinates come from: its source, or, when the source gave none, the centre
** of its ZIP code or of its town (approximate: a mile or two, more for a large town). */
enum coords_origin { COORDS_FROM_SOURCE, COORDS_FROM_ZIP, COORDS_FROM_TOWN };

struct location {
    int64_t id; /* store id; 0 before it is stored */
    char
        *source_ref; /* its id within the source: the HSDS location id, else location_default_ref */
    char *name, *address, *town, *zip; /* each may be NULL */
    bool has_coords;
    double lat, lon;                /* WGS84 degrees, when has_coords */
    enum coords_origin coords_from; /* where lat/lon come from */
};

void location_free(struct location *l);

/* True when l says anything about a place (a name, address, town, ZIP or coordinates). */
bool location_is_known(const struct location *l);

/* The source_ref of a place its source gives no id for (iCalendar, the demo): its name,
** address, town and ZIP exactly, then its coordinates as "%.7f,%.7f" (empty without), joined
** by U+001F (a control character, which no stored text holds). Two places are one row only
** when everything shown of them is the same. Migration 7 keys the places it builds the same
** way. A heap string; the caller frees it. */
char *location_default_ref(const struct location *l);

#endif
