/* week_slots.h — the weekly time signature: which hours of the week a listing meets in, or a
** filter accepts, as 168 bits, so that listings sharing no hour with a filter are passed over
** before any occurrence is read.
*/
#ifndef BELONG_WEEK_SLOTS_H
#define BELONG_WEEK_SLOTS_H

#include <stdint.h>

/* One bit per (local weekday, local start hour), 168 slots; slot weekday (0 = Monday) x 24 +
** hour is bit slot % 56 of bits[slot / 56]. The store keeps each activity's signature of its
** stored occurrences (migration 6); a filter's signature holds every slot an occurrence it
** accepts may start in. */
#define WEEK_SLOT_WORDS 3
#define WEEK_SLOT_BITS  56
struct week_slots {
    uint64_t bits[WEEK_SLOT_WORDS];
};

/* Marks the slots of weekday (0..6) whose hour holds a minute in [first_minute, end_minute)
** (0 <= first_minute, end_minute <= 1440); nothing when the range is empty or out of those
** bounds. Cannot fail. */
void week_slots_add(struct week_slots *w, int weekday, int first_minute, int end_minute);

#endif
