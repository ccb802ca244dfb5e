/* ical_write.h — activities as an RFC 5545 calendar (libical's component API): one VEVENT per
** schedule with its RRULE, DTSTART;TZID, EXDATE and RDATE, or one per occurrence when a schedule
** cannot be said as a rule; VTIMEZONE for each zone used. For a peer's phone.
*/
#ifndef BELONG_ICAL_WRITE_H
#define BELONG_ICAL_WRITE_H

#include <stddef.h>
#include <time.h>

#include "../directory/activity.h"
#include "../directory/schedule.h"

/* One activity to write, all borrowed. occ are its next occurrences, used for the schedules
** that are not plain rules (valid_from/valid_to, a private VTIMEZONE). */
struct ical_write_item {
    const struct activity *activity;
    const struct schedule *scheds;
    size_t n_scheds;
    const struct occurrence *occ;
    size_t n_occ;
    const char *note; /* added to the description, or NULL */
};

/* Writes a VCALENDAR of items[0..n) stamped `now`. Returns 0 or BELONG_EDATA when libical
** refuses a schedule (err says which). OUT: *text, a heap string the caller frees. */
int ical_write_calendar(const struct ical_write_item *items, size_t n, time_t now, char **text,
                        char *err, size_t errlen);

#endif
