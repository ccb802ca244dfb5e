/* limits.h — the bounds belong puts on every input it reads, so that no file, however made,
** costs more than linear time and a bounded amount of memory. Documented in docs/taxonomy.md
** ("Limits on input") and the man page; each refusal names its limit (limit_text).
*/
#ifndef BELONG_LIMITS_H
#define BELONG_LIMITS_H

#include <stddef.h>

/* Files and their parts */
#define INPUT_MAX_BYTES   (64L * 1024 * 1024)       /* one iCalendar or JSON file (parsed whole) */
#define CSV_MAX_BYTES     (4L * 1024 * 1024 * 1024) /* one CSV file of a package */
#define INPUT_LINE_MAX    65536   /* one line; iCalendar: one unfolded content line */
#define INPUT_FIELD_MAX   65536   /* one CSV field */
#define CSV_MAX_COLUMNS   1000    /* fields in one CSV row */
#define INPUT_MAX_RECORDS 1000000 /* VEVENTs of a calendar */
#define CSV_MAX_RECORDS                                                                            \
    50000000 /* rows of a CSV file (a statewide package's                                          \
             ** attributes.csv has millions) */

/* Recurrence (iCalendar, and HSDS schedules once built) */
#define ICAL_MAX_DATES        10000 /* RDATE and EXDATE values (and overrides) of one series */
#define ICAL_MAX_COUNT        10000 /* an RRULE's COUNT */
#define RRULE_MAX_TIMES_A_DAY 24    /* one RRULE's BYHOUR x BYMINUTE x BYSECOND */
#define VTIMEZONE_MAX_ONSETS  2000  /* the changes one STANDARD or DAYLIGHT rule may make */

/* One import */
#define IMPORT_MAX_OCCURRENCES                                                                     \
    50000000L /* occurrences written (a statewide package of a                                     \
               ** million services writes about 11M) */

/* Writes n with thousands separators ("65,536") into out (at least 32 bytes). Returns out. */
char *limit_text(long n, char *out, size_t outlen);

#endif
