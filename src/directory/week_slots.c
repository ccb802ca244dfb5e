/* week_slots.c — the weekly time signature (week_slots.h). */
#include "week_slots.h"

void week_slots_add(struct week_slots *w, int weekday, int first_minute, int end_minute)
{
    if (weekday < 0 || weekday > 6 || first_minute < 0 || end_minute > 1440 ||
        first_minute >= end_minute)
        return;
    for (int hour = first_minute / 60; hour <= (end_minute - 1) / 60; hour++) {
        int slot = weekday * 24 + hour;
        w->bits[slot / WEEK_SLOT_BITS] |= (uint64_t)1 << (slot % WEEK_SLOT_BITS);
    }
}
