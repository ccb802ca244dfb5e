/* timeutil.h — dates, clock times and instants in a named time zone (via libical's zones).
**
** belong stores instants as Unix seconds (UTC) and shows them as local ISO-8601 with the
** offset in force at that instant, e.g. 2026-12-08T18:00:00-05:00. Directory times are local
** to a zone (default BELONG_DEFAULT_TZ); DST changes are handled by the zone rules.
*/
#ifndef BELONG_TIMEUTIL_H
#define BELONG_TIMEUTIL_H

#include <stdbool.h>
#include <time.h>

#define BELONG_DEFAULT_TZ "America/New_York"
#define SECONDS_PER_DAY   86400 /* of UTC time; a local day may be 23 or 25 hours */
#define ISO_LOCAL_LEN     64    /* room for "YYYY-MM-DDTHH:MM:SS+HH:MM" and NUL, with margin */

struct civil_date {
    int year, month, day; /* month 1-12, day 1-31 */
};

/* Parses "YYYY-MM-DD" (a real calendar date). Returns true on success. */
bool parse_date(const char *s, struct civil_date *out);
/* Parses "HH:MM" or "HH:MM:SS" (24-hour). OUT: minutes after midnight, seconds part in *sec_out
** when not NULL. Anything after the time (e.g. "Z", "+01:00") is left to the caller: *rest_out
** points at it. Returns true on success. */
bool parse_clock(const char *s, int *minutes_out, int *sec_out, const char **rest_out);
/* Parses a UTC offset "Z", "+HH:MM", "-HHMM", "+HH". OUT: seconds east of UTC. */
bool parse_utc_offset(const char *s, int *seconds_out);

/* True when tzid names a zone libical knows (Olson names such as America/New_York). */
bool tz_known(const char *tzid);
/* Converts a wall-clock time in zone tzid (NULL = default) to a Unix instant. A time that
** falls in a DST gap is moved forward by the gap, and an ambiguous one (the repeated hour in
** the fall) is the first of its two instants, as RFC 5545 says. */
time_t local_to_instant(const struct civil_date *date, int minutes, int seconds, const char *tzid);
/* Breaks an instant into local fields of tzid. OUT: date, minutes after midnight, weekday
** (0 = Monday .. 6 = Sunday), and the UTC offset in seconds. Any OUT may be NULL. */
void instant_to_local(time_t t, const char *tzid, struct civil_date *date, int *minutes,
                      int *weekday_mon0, int *utc_offset_s);
/* How long [start, end) lasts on the wall clock of zone tzid (NULL = default), in seconds: the
** elapsed time, an hour more or less across a DST change. */
long wall_seconds(time_t start, time_t end, const char *tzid);
/* The instants in [from, to) at which zone tzid (NULL = default) changes its UTC offset (the
** DST changes), ascending, at most max. Returns how many. */
size_t tz_offset_changes(const char *tzid, time_t from, time_t to, time_t *out, size_t max);
/* Writes t as local ISO-8601 with offset into out (ISO_LOCAL_LEN bytes). */
void format_local_iso(time_t t, const char *tzid, char out[ISO_LOCAL_LEN]);

/* The current instant. Tests pin it with BELONG_NOW=YYYY-MM-DD[THH:MM] (local, default zone);
** main refuses a malformed value, so here it can only be valid or absent. */
time_t belong_now(void);
/* Parses a BELONG_NOW value. Returns false when it is not YYYY-MM-DD[THH:MM[:SS]]. */
bool parse_pinned_now(const char *s, time_t *out);
/* The start of the local day containing t in zone tzid. */
time_t local_day_start(time_t t, const char *tzid);
/* The one weekday table, 0 = Monday .. 6 = Sunday (NULL outside): the code iCalendar and the
** CLI use ("MO"), the short name ("Mon") and the full name ("Monday"). */
const char *weekday_code(int weekday_mon0);
const char *weekday_short(int weekday_mon0);
const char *weekday_name(int weekday_mon0);
/* The short name of month 1-12 ("Jan"), or NULL. */
const char *month_short(int month);
/* Days from 1970-01-01 for a civil date (proleptic Gregorian); and back. */
long days_from_civil(const struct civil_date *d);
/* The weekday of a civil date, 0 = Monday .. 6 = Sunday. */
int civil_weekday(const struct civil_date *d);
struct civil_date civil_from_days(long days);

#endif
