/* availability.h — when a peer is free: weekly windows ("TU 18:00-21:00") and dates away
** ("2026-12-24..2027-01-02"): parsing, formatting, and the fast query matching calls.
**
** Windows never cross midnight: "FR 22:00-02:00" is refused; write "FR 22:00-24:00" and
** "SA 00:00-02:00" instead. Windows that touch (one ends when the next starts, also across
** midnight) count as one stretch of free time. A peer with no windows is free at any time
** (the CPS has not narrowed it down); dates away always apply.
*/
#ifndef BELONG_AVAILABILITY_H
#define BELONG_AVAILABILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "../util/diag.h"

#define MINUTES_PER_DAY       1440
#define DAYS_PER_WEEK         7
#define AVAILABILITY_TEXT_LEN 32 /* room for "TU 18:00-21:00" or "2026-12-24..2027-01-02" */

/* A weekly window: weekday 0 = Monday .. 6 = Sunday, minutes after local midnight,
** 0 <= start_minute < end_minute <= 1440. */
struct weekly_window {
    int weekday;
    int start_minute;
    int end_minute;
};

/* Days away, inclusive, as days from 1970-01-01 (days_from_civil). */
struct date_range {
    long first_day;
    long last_day;
};

/* A peer's availability. Arrays are heap-owned; availability_free releases them. A zeroed
** struct is "free any time, never away". Windows are kept sorted by (weekday, start); dates
** away are kept sorted and merged. Call availability_index after changing the arrays by hand
** (the parse functions below keep it up to date). */
struct availability {
    struct weekly_window *windows;
    size_t n_windows;
    struct date_range *away;
    size_t n_away;
    /* Index built by availability_index: the windows of weekday d are
    ** windows[day_first[d] .. day_first[d + 1]), and stretch_end[i] is the minute of the week
    ** (0 = Monday 00:00, may pass 10080 when a stretch wraps to Monday) where the run of
    ** touching windows starting with windows[i] ends. */
    size_t day_first[DAYS_PER_WEEK + 1];
    int *stretch_end;
};

void availability_free(struct availability *a);
/* Deep copy into *dst (which is overwritten, not freed). Cannot fail. */
void availability_copy(struct availability *dst, const struct availability *src);

/* Parses one window spec "TU 18:00-21:00" (day MO TU WE TH FR SA SU, any case; several days
** as "MO,WE 18:00-21:00"; end may be 24:00) and adds it. Problems go to diag under `field`
** with the spec quoted, e.g. `availability: "TU 21:00-18:00": end before start`; a window
** overlapping one already present is refused the same way. Returns 0 or BELONG_EDATA (then a
** is unchanged). */
int availability_add_window(struct availability *a, const char *spec, struct diag *diag,
                            const char *file, const char *field);
/* Parses "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" and adds it (merged with overlapping or
** adjacent ranges). Returns 0 or BELONG_EDATA (reported as above; a unchanged). */
int availability_add_away(struct availability *a, const char *spec, struct diag *diag,
                          const char *file, const char *field);
/* Adds a window or range given as numbers, without messages. Returns 0 or BELONG_EDATA
** (malformed, overlapping). */
int availability_add_window_minutes(struct availability *a, int weekday, int start_minute,
                                    int end_minute);
int availability_add_away_days(struct availability *a, long first_day, long last_day);
/* Rebuilds the query index (see struct availability). Cannot fail. */
void availability_index(struct availability *a);

/* Writes window i as "TU 18:00-21:00" / range i as "2026-12-24..2027-01-02" (or one date). */
void availability_format_window(const struct weekly_window *w, char out[AVAILABILITY_TEXT_LEN]);
void availability_format_away(const struct date_range *r, char out[AVAILABILITY_TEXT_LEN]);
/* "MO".."SU" for weekday 0..6, or NULL. */
const char *weekday_abbrev(int weekday);

/* The query matching runs for every candidate occurrence. True when something starting at
** local minute start_minute of local day local_day (weekday weekday_mon0, 0 = Monday) and
** lasting duration_minutes fits inside one stretch of windows, and local_day is not a day
** away. Windows are checked only when the peer has some. O(windows of that day) plus
** O(log dates away); allocates nothing. */
bool availability_allows(const struct availability *a, long local_day, int weekday_mon0,
                         int start_minute, int duration_minutes);
/* True when local_day is inside a range of dates away. */
bool availability_is_away(const struct availability *a, long local_day);
/* The local day (days_from_civil) of an instant, given its local weekday (as stored with each
** occurrence): the UTC day or the one before or after, whichever has that weekday. */
long availability_local_day(time_t start_utc, int weekday_mon0);
/* The same query from an instant and an elapsed duration, converting to local time in zone
** tzid (NULL = default); the end is taken on the wall clock, so across a DST change an
** occurrence lasts an hour more or less than elapsed. Slower (zone lookups): use
** availability_allows in loops. */
bool availability_allows_instant(const struct availability *a, time_t start, int duration_s,
                                 const char *tzid);

#endif
