/* timeofday.c — parses a time of day as directories write it (24-hour with offset, 12-hour,
** noon and midnight); see timeofday.h. */
#include "timeofday.h"

#include <ctype.h>
#include <string.h>

#include "timeutil.h"

#define NOT_A_TIME "is not a time of day (e.g. 09:30, 18:00-05:00, 9:30am, 4 PM, noon)"
#define AMBIGUOUS  "is ambiguous: morning or evening? (write 05:00 or 17:00, or add am or pm)"
#define BAD_HOUR12 "is not a time of day: a 12-hour time has an hour from 1 to 12"

/* Reads 1 or 2 digits (max_digits) into *out. OUT: how many were read (0: none). */
static int digits(const char **p, int max_digits, int *out)
{
    int n = 0, v = 0;
    while (n < max_digits && isdigit((unsigned char)(*p)[n])) {
        v = v * 10 + ((*p)[n] - '0');
        n++;
    }
    *p += n;
    *out = v;
    return n;
}

/* Matches "am"/"pm" as people write it: "am", "a.m.", "a.m", "a" (any case, lowered by the
** caller), at the end of s. OUT: *pm. */
static bool meridiem(const char *s, bool *pm)
{
    if (*s != 'a' && *s != 'p')
        return false;
    *pm = *s == 'p';
    s++;
    if (*s == '.')
        s++;
    if (*s == 'm') {
        s++;
        if (*s == '.')
            s++;
    } else if (s[-1] == '.') {
        return false; /* "a." alone */
    }
    return *s == '\0';
}

const char *time_of_day_parse(const char *s, struct time_of_day *out)
{
    char low[40];
    if (!s)
        return NOT_A_TIME;
    while (isspace((unsigned char)*s))
        s++;
    /* Lower case, every run of white space (a no-break space too, U+00A0 as web pages write
    ** "9:00&nbsp;AM") one space, none at the end. */
    size_t n = 0;
    bool space = false;
    for (; *s; s++) {
        if (isspace((unsigned char)*s) ||
            ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)) {
            s += (unsigned char)*s == 0xC2;
            space = true;
            continue;
        }
        if (n + 2 >= sizeof low)
            return NOT_A_TIME;
        if (space && n > 0)
            low[n++] = ' ';
        space = false;
        low[n++] = (char)tolower((unsigned char)*s);
    }
    if (n == 0)
        return NOT_A_TIME;
    low[n] = '\0';
    memset(out, 0, sizeof *out);

    static const struct {
        const char *word;
        int hour;
    } words[] = {{"noon", 12},      {"midday", 12},  {"12 noon", 12},    {"12noon", 12},
                 {"12 midday", 12}, {"midnight", 0}, {"12 midnight", 0}, {"12midnight", 0}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(low, words[i].word) == 0) {
            out->seconds = words[i].hour * 3600;
            return NULL;
        }

    const char *p = low;
    int h, m = 0, sec = 0, hour_digits;
    char sep = 0;
    bool has_sec = false;
    hour_digits = digits(&p, 2, &h);
    if (hour_digits == 0)
        return NOT_A_TIME;
    if (hour_digits == 2 && isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
        !isdigit((unsigned char)p[2])) {
        digits(&p, 2, &m); /* "1830" */
        sep = ':';
    } else if (*p == ':' || *p == '.') {
        sep = *p++;
        if (digits(&p, 2, &m) != 2)
            return NOT_A_TIME;
        if (*p == ':') {
            p++;
            if (digits(&p, 2, &sec) != 2)
                return NOT_A_TIME;
            has_sec = true;
        }
    }
    if (m > 59 || sec > 59)
        return NOT_A_TIME;
    const char *rest = p;
    while (*rest == ' ')
        rest++;
    bool pm;
    if (*rest && meridiem(rest, &pm)) {
        if (h < 1 || h > 12)
            return BAD_HOUR12;
        out->seconds = ((h % 12) + (pm ? 12 : 0)) * 3600 + m * 60 + sec;
        return NULL;
    }

    /* 24-hour: HH:MM[:SS[.fff]] or HHMM, then an offset, if any. */
    if (sep != ':')
        return NOT_A_TIME;
    if (has_sec && *p == '.' && isdigit((unsigned char)p[1])) {
        p++;
        while (isdigit((unsigned char)*p))
            p++; /* a fraction of a second */
    }
    if (h > 24 || (h == 24 && (m || sec)))
        return NOT_A_TIME;
    out->seconds = h * 3600 + m * 60 + sec;
    if (*p) {
        while (*p == ' ')
            p++;
        if (!parse_utc_offset(p, &out->offset_s)) {
            bool ignored;
            return meridiem(p, &ignored) ? BAD_HOUR12 : NOT_A_TIME;
        }
        out->has_offset = true;
    }
    if (hour_digits == 1 && h >= 1)
        return AMBIGUOUS;
    return NULL;
}
