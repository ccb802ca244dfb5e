/* ical_zones.h — the Olson zone a calendar's own zone stands for, so that a listing's times are
** shown in its own zone: Windows zone names and Outlook's display names, and a custom
** VTIMEZONE matched by its UTC offsets. The occurrences themselves are always worked out from
** the calendar's own rules (schedule.c); this only names the zone to show them in.
*/
#ifndef BELONG_ICAL_ZONES_H
#define BELONG_ICAL_ZONES_H

#include <libical/ical.h>
#include <stddef.h>

/* The Olson name for a Windows zone name ("Pacific Standard Time"), or for an Outlook display
** name ("(UTC-08:00) Pacific Time (US & Canada)", also written "(GMT-08:00) ..."); NULL when
** tzid is neither. Returns a static string. Cannot fail. */
const char *ical_windows_zone(const char *tzid);

/* The first Olson zone that keeps the same UTC offsets as zone, changing at the same instants,
** through the two years from 1 January of `year`: the first of candidates[0..n) (NULL or
** unknown names skipped) that does, else the first zone of the Windows table (the zone that
** stands for each set of rules: America/Chicago rather than America/Winnipeg), else the first
** of libical's built-in zones (in libical's order). NULL when none does. Each thread remembers its
*last few answers. Returns a
** name owned by libical or by candidates. Cannot fail. */
const char *ical_matching_zone(icaltimezone *zone, int year, const char *const *candidates,
                               size_t n);

#endif
