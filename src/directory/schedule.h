/* schedule.h — when an activity happens: an RFC 5545 recurrence, and its expansion into
** occurrences (by libical; belong has no recurrence engine of its own).
**
** A schedule is stored as its RRULE text plus DTSTART, zone and duration, so that
** `belong refresh` can re-expand it for a later horizon. Strings are heap-owned by the struct;
** schedule_free releases them.
*/
#ifndef BELONG_SCHEDULE_H
#define BELONG_SCHEDULE_H

#include <stddef.h>
#include <time.h>

#define HORIZON_DAYS_DEFAULT  120           /* occurrences are materialised this far ahead */
#define SCHEDULE_LENGTH_MAX_S (366 * 86400) /* an occurrence lasts at most this long */

struct schedule {
    char *dtstart;    /* local wall time "YYYYMMDDTHHMMSS", or "YYYYMMDD" for an all-day event */
    char *tzid;       /* Olson zone name; NULL = BELONG_DEFAULT_TZ */
    char *vtimezone;  /* a VTIMEZONE component's text when tzid is not a zone libical knows */
    int duration_s;   /* length of each occurrence (all-day: 86400) */
    char *rrule;      /* e.g. "FREQ=MONTHLY;BYDAY=2TU"; NULL = no rule (dtstart and rdates only) */
    char *rdates;     /* extra local starts, comma-separated "YYYYMMDDTHHMMSS", or NULL; one
                      ** may end "/DURATION" (RFC 5545, "PT1H30M"): that occurrence's length
                      ** (an iCalendar RDATE PERIOD), instead of duration_s */
    char *exdates;    /* excluded local starts, same form, or NULL */
    char *valid_from; /* "YYYY-MM-DD", inclusive, or NULL: no occurrence before it */
    char *valid_to;   /* "YYYY-MM-DD", inclusive, or NULL: no occurrence after it */
    char *description;
};

/* One materialised occurrence, with its local fields precomputed for day/time filters. */
struct occurrence {
    time_t start, end;
    int weekday;      /* weekday of the start in directory time (BELONG_DEFAULT_TZ), 0 = Monday */
    int start_minute; /* minutes after midnight of the start, in directory time */
};

void schedule_free(struct schedule *s);

/* Checks that a schedule can be expanded: DTSTART, RRULE (as libical parses it), zone, dates.
** Returns 0, or BELONG_EDATA with a one-line reason in err (naming the bad part). */
int schedule_check(const struct schedule *s, char *err, size_t errlen);

/* Calls emit for each occurrence starting in [from, to), in order, honouring RRULE, RDATE,
** EXDATE and valid_from/valid_to. emit returns 0 to go on, non-zero to stop (that value is
** returned). Returns 0, or BELONG_EDATA if the schedule is invalid.
** Local times become instants as RFC 5545 3.3.5 says: a time that occurs twice when clocks go
** back means the first (01:30 EDT), a time skipped when they go forward is read with the offset
** before the gap (02:30 becomes 03:30 EDT). An all-day occurrence spans its local day (23 or
** 25 hours on change days). Each thread keeps small caches (zones, offsets, libical's recent
** expansions) for the life of the thread; they are reachable, not leaked. */
/* Checks a VTIMEZONE component (libical's icalcomponent) before libical works out its changes,
** which it does for every onset from the first DTSTART on: refuses a STANDARD or DAYLIGHT rule
** more frequent than daily, or one (RRULE, or the RDATEs) making more than
** VTIMEZONE_MAX_ONSETS changes (util/limits.h). Returns NULL when the zone is fine, else the
** offending RRULE or RDATE property with the reason in err. */
struct icalcomponent_impl;
struct icalproperty_impl;
struct icalproperty_impl *schedule_vtimezone_problem(struct icalcomponent_impl *vtz, char *err,
                                                     size_t errlen);

typedef int (*occurrence_fn)(void *ctx, const struct occurrence *occ);
int schedule_expand(const struct schedule *s, time_t from, time_t to, occurrence_fn emit,
                    void *ctx);

#endif
