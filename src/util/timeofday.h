/* timeofday.h — a time of day as directories write it: 24-hour "HH:MM[:SS]" with an optional
** "Z" or UTC offset, and the 12-hour forms people use ("9am", "9:00 AM", "12:30 p.m.", "noon",
** "midnight"). One parser for every time of day read from a directory (docs/taxonomy.md).
*/
#ifndef BELONG_TIMEOFDAY_H
#define BELONG_TIMEOFDAY_H

#include <stdbool.h>

struct time_of_day {
    int seconds;     /* after midnight, 0 .. 86400 (24:00, the end of the day) */
    bool has_offset; /* a "Z" or UTC offset followed a 24-hour time */
    int offset_s;    /* seconds east of UTC, when has_offset */
};

/* Parses s (any case; white space around it is ignored, and a run of it inside, no-break spaces
** included, is one space). Accepted:
**   24-hour  "18:30", "09:00:15", "0:30", "1830", "24:00", with "Z", "+01:00", "-0500" or "-05"
**            right after it, and seconds may carry a fraction ("09:00:00.000Z");
**   12-hour  an hour 1-12 with optional ":MM" (or ".MM") and ":SS", then am/pm written "am",
**            "a.m.", "a", "PM", "p.m."..., with or without a space ("9am", "4:00 PM");
**   words    "noon", "midday", "12 noon" (12:00), "midnight", "12 midnight" (00:00).
** A 24-hour time must give its hour in two digits from 1 to 9 ("5:00" may be morning or
** evening: it is refused as ambiguous; "05:00" and "17:00" are not).
** Returns NULL and fills *out, or a short static phrase saying what is wrong, to follow the
** quoted value in a message ("is not a time of day (...)", "is ambiguous (...)"). */
const char *time_of_day_parse(const char *s, struct time_of_day *out);

#endif
