/* timeutil.c — date/time parsing and zone conversion on top of libical's time zones. */
#include "timeutil.h"

#include <ctype.h>
#include <libical/ical.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

long days_from_civil(const struct civil_date *d)
{
    /* Howard Hinnant's days_from_civil. */
    int y = d->year - (d->month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned mp = (unsigned)(d->month + (d->month > 2 ? -3 : 9));
    unsigned doy = (153 * mp + 2) / 5 + (unsigned)d->day - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

int civil_weekday(const struct civil_date *d)
{
    long days = days_from_civil(d); /* 1970-01-01 was a Thursday (Monday-based 3) */
    return (int)(((days % 7) + 7 + 3) % 7);
}

struct civil_date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    struct civil_date out = {(int)(y + (m <= 2)), (int)m, (int)d};
    return out;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

static bool read_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

bool parse_date(const char *s, struct civil_date *out)
{
    int y, m, d;
    if (!s || !read_digits(&s, 4, &y) || *s++ != '-' || !read_digits(&s, 2, &m) || *s++ != '-' ||
        !read_digits(&s, 2, &d) || *s != '\0')
        return false;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    out->year = y;
    out->month = m;
    out->day = d;
    return true;
}

bool parse_clock(const char *s, int *minutes_out, int *sec_out, const char **rest_out)
{
    int h, m, sec = 0;
    if (!s || !read_digits(&s, 2, &h) || *s++ != ':' || !read_digits(&s, 2, &m))
        return false;
    if (*s == ':') {
        s++;
        if (!read_digits(&s, 2, &sec))
            return false;
    }
    if (h > 24 || m > 59 || sec > 59 || (h == 24 && (m || sec)))
        return false;
    if (rest_out)
        *rest_out = s;
    else if (*s)
        return false;
    *minutes_out = h * 60 + m;
    if (sec_out)
        *sec_out = sec;
    return true;
}

bool parse_utc_offset(const char *s, int *seconds_out)
{
    if (!s)
        return false;
    if (strcmp(s, "Z") == 0 || strcmp(s, "z") == 0) {
        *seconds_out = 0;
        return true;
    }
    int sign = *s == '-' ? -1 : *s == '+' ? 1 : 0;
    if (!sign)
        return false;
    s++;
    int h, m = 0;
    if (!read_digits(&s, 2, &h))
        return false;
    if (*s == ':')
        s++;
    if (*s && !read_digits(&s, 2, &m))
        return false;
    if (*s || h > 14 || m > 59)
        return false;
    *seconds_out = sign * (h * 3600 + m * 60);
    return true;
}

/* The zone of tzid (the default zone when unknown). libical looks a name up by comparing it
** with each of its few hundred zones' (most of a search page's time once); each thread keeps
** the last it found (libical's zones live as long as the process). */
static icaltimezone *zone_for(const char *tzid)
{
    static _Thread_local char last_tzid[64];
    static _Thread_local icaltimezone *last_zone;
    const char *name = tzid ? tzid : BELONG_DEFAULT_TZ;
    if (last_zone && strcmp(name, last_tzid) == 0)
        return last_zone;
    icaltimezone *z = icaltimezone_get_builtin_timezone(name);
    z = z ? z : icaltimezone_get_builtin_timezone(BELONG_DEFAULT_TZ);
    if (z && strlen(name) < sizeof last_tzid) {
        strcpy(last_tzid, name);
        last_zone = z;
    }
    return z;
}

bool tz_known(const char *tzid)
{
    return tzid && icaltimezone_get_builtin_timezone(tzid) != NULL;
}

/* The zone's offset (seconds east of UTC) in force at instant t. */
static int offset_at(icaltimezone *zone, time_t t)
{
    struct icaltimetype u = icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
    int is_daylight = 0;
    return icaltimezone_get_utc_offset_of_utc_time(zone, &u, &is_daylight);
}

time_t local_to_instant(const struct civil_date *date, int minutes, int seconds, const char *tzid)
{
    /* The wall time read as if it were UTC, then corrected by the offset in force. Around a
    ** change the offsets a day before and after differ: an ambiguous time (fall back) is the
    ** first of its two instants; a time in the gap (spring forward) is read with the offset
    ** before the change, i.e. moved forward by the gap (RFC 5545, 3.3.5). */
    icaltimezone *zone = zone_for(tzid);
    time_t as_utc = (time_t)days_from_civil(date) * SECONDS_PER_DAY + minutes * 60 + seconds;
    int before = offset_at(zone, as_utc - SECONDS_PER_DAY),
        after = offset_at(zone, as_utc + SECONDS_PER_DAY);
    time_t t_before = as_utc - before, t_after = as_utc - after;
    if (before == after)
        return t_before;
    bool fits_before = offset_at(zone, t_before) == before;
    bool fits_after = offset_at(zone, t_after) == after;
    if (fits_before && fits_after)
        return t_before < t_after ? t_before : t_after;
    return fits_after && !fits_before ? t_after : t_before;
}

void instant_to_local(time_t t, const char *tzid, struct civil_date *date, int *minutes,
                      int *weekday_mon0, int *utc_offset_s)
{
    icaltimezone *z = zone_for(tzid);
    struct icaltimetype lt = icaltime_from_timet_with_zone(t, 0, z);
    if (date) {
        date->year = lt.year;
        date->month = lt.month;
        date->day = lt.day;
    }
    if (minutes)
        *minutes = lt.hour * 60 + lt.minute;
    if (weekday_mon0) {
        struct civil_date cd = {lt.year, lt.month, lt.day};
        *weekday_mon0 = civil_weekday(&cd);
    }
    if (utc_offset_s) {
        int is_daylight = 0;
        *utc_offset_s = icaltimezone_get_utc_offset(z, &lt, &is_daylight);
    }
}

void format_local_iso(time_t t, const char *tzid, char out[ISO_LOCAL_LEN])
{
    struct civil_date d;
    int minutes, offset;
    instant_to_local(t, tzid, &d, &minutes, NULL, &offset);
    int secs = (int)(((t % 60) + 60) % 60);
    char sign = offset < 0 ? '-' : '+';
    int abs_off = abs(offset);
    if (d.year < 0 || d.year > 9999 || abs_off >= 100 * 3600) {
        snprintf(out, ISO_LOCAL_LEN, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month,
                 d.day, minutes / 60, minutes % 60, secs, sign, abs_off / 3600,
                 (abs_off % 3600) / 60);
        return;
    }
    /* The same digits without printf, which costs most of a date in a search answer. */
    int fields[] = {d.year / 100, d.year % 100,   d.month,
                    d.day,        minutes / 60,   minutes % 60,
                    secs,         abs_off / 3600, (abs_off % 3600) / 60};
    static const char seps[] = {0, 0, '-', '-', 'T', ':', ':', 0, ':'}; /* before each field */
    char *p = out;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (i == 7)
            *p++ = sign;
        else if (seps[i])
            *p++ = seps[i];
        *p++ = (char)('0' + fields[i] / 10 % 10);
        *p++ = (char)('0' + fields[i] % 10);
    }
    *p = '\0';
}

bool parse_pinned_now(const char *s, time_t *out)
{
    char date_part[11] = {0};
    struct civil_date d;
    int minutes = 0;
    if (!s || strlen(s) < 10)
        return false;
    memcpy(date_part, s, 10);
    if (!parse_date(date_part, &d))
        return false;
    if (s[10] == 'T') {
        if (!parse_clock(s + 11, &minutes, NULL, NULL))
            return false;
    } else if (s[10] != '\0') {
        return false;
    }
    *out = local_to_instant(&d, minutes, 0, NULL);
    return true;
}

time_t belong_now(void)
{
    const char *pinned = getenv("BELONG_NOW");
    time_t t;
    if (pinned && *pinned && parse_pinned_now(pinned, &t))
        return t;
    return time(NULL);
}

time_t local_day_start(time_t t, const char *tzid)
{
    struct civil_date d;
    instant_to_local(t, tzid, &d, NULL, NULL, NULL);
    return local_to_instant(&d, 0, 0, tzid);
}

static int utc_offset_at(const char *tzid, time_t t)
{
    int offset = 0;
    instant_to_local(t, tzid, NULL, NULL, NULL, &offset);
    return offset;
}

long wall_seconds(time_t start, time_t end, const char *tzid)
{
    return (long)(end - start) + utc_offset_at(tzid, end) - utc_offset_at(tzid, start);
}

size_t tz_offset_changes(const char *tzid, time_t from, time_t to, time_t *out, size_t max)
{
    /* Zones change their offset at most a few times a year, never twice in a day: sample
    ** every day and bisect each change down to the second. */
    const time_t step = SECONDS_PER_DAY;
    size_t n = 0;
    int before = utc_offset_at(tzid, from);
    for (time_t lo = from; lo < to && n < max; lo += step) {
        time_t hi = lo + step < to ? lo + step : to;
        int after = utc_offset_at(tzid, hi);
        if (after != before) {
            time_t a = lo, b = hi; /* offset(a) == before, offset(b) == after */
            while (b - a > 1) {
                time_t mid = a + (b - a) / 2;
                if (utc_offset_at(tzid, mid) == before)
                    a = mid;
                else
                    b = mid;
            }
            if (b < to)
                out[n++] = b;
            before = after;
        }
    }
    return n;
}

static const struct {
    const char *code, *short_name, *name;
} weekdays[7] = {
    {"MO", "Mon", "Monday"},   {"TU", "Tue", "Tuesday"}, {"WE", "Wed", "Wednesday"},
    {"TH", "Thu", "Thursday"}, {"FR", "Fri", "Friday"},  {"SA", "Sat", "Saturday"},
    {"SU", "Sun", "Sunday"},
};

const char *weekday_code(int d)
{
    return d >= 0 && d < 7 ? weekdays[d].code : NULL;
}

const char *weekday_short(int d)
{
    return d >= 0 && d < 7 ? weekdays[d].short_name : NULL;
}

const char *weekday_name(int d)
{
    return d >= 0 && d < 7 ? weekdays[d].name : NULL;
}

const char *month_short(int month)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return month >= 1 && month <= 12 ? months[month - 1] : NULL;
}
