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

/* ---- local times from a table of a zone's offsets (format_local_iso) ------------------------
** libical takes about 2,600 instructions to turn an instant into a local time and offset, most
** of a date in a search answer. Each thread keeps, for the last few zones it wrote, the spans
** of instants over which libical's answer is the instant plus a constant (the offset in
** force) with a constant offset shown (libical's offset of the local time, which in the
** repeated hour after a fall back is not always the one in force), found once by asking
** libical every few hours and halving the interval where the answer moves; then a date is a
** binary search and some arithmetic. The spans assume no zone changes its offset and back
** within ZONE_STEP_S (none does; tests/unit/util/test_timeutil.c checks every zone libical
** knows against libical itself). */

#define ZONE_TABLES  8             /* zones a thread keeps */
#define ZONE_SPANS   64            /* spans a zone's table holds (about 2 a year) */
#define ZONE_STEP_S  (6 * 3600)    /* libical asked this often while building */
#define ZONE_REACH_S (60L * 86400) /* built this far before and after the instant asked */
#define ZONE_RANGE_S (1L << 40)    /* instants further out are left to libical */

/* From start (to the next span's start), local time = instant + advance_s, offset shown. */
struct zone_span {
    time_t start;
    int advance_s, shown_s;
};
struct zone_table {
    char tzid[64];
    icaltimezone *zone;
    time_t from, to; /* the spans cover [from, to] */
    int n;
    struct zone_span spans[ZONE_SPANS];
};
static _Thread_local struct zone_table zone_tables[ZONE_TABLES];
static _Thread_local unsigned zone_tables_next;          /* the table replaced next, round robin */
static _Thread_local struct zone_table *zone_table_last; /* the one used last */

/* libical's answer at t: how far local time is ahead, and the offset it shows. */
static struct zone_span zone_probe(icaltimezone *z, time_t t)
{
    struct icaltimetype lt = icaltime_from_timet_with_zone(t, 0, z);
    struct civil_date d = {lt.year, lt.month, lt.day};
    long local =
        days_from_civil(&d) * SECONDS_PER_DAY + lt.hour * 3600L + lt.minute * 60L + lt.second;
    int is_daylight = 0;
    return (struct zone_span){t, (int)(local - (long)t),
                              icaltimezone_get_utc_offset(z, &lt, &is_daylight)};
}

static bool same_answer(struct zone_span a, struct zone_span b)
{
    return a.advance_s == b.advance_s && a.shown_s == b.shown_s;
}

/* Adds the span beginning at x unless it goes on the last one; false when the table is full. */
static bool zone_push(struct zone_table *zt, struct zone_span x)
{
    if (zt->n > 0 && same_answer(zt->spans[zt->n - 1], x))
        return true;
    if (zt->n == ZONE_SPANS)
        return false;
    zt->spans[zt->n++] = x;
    return true;
}

/* Builds zt's spans over [from, to]; false when they do not fit (the zone is left to libical). */
static bool zone_build(struct zone_table *zt, time_t from, time_t to)
{
    zt->n = 0;
    zt->from = from;
    zt->to = from - 1;
    struct zone_span v = zone_probe(zt->zone, from);
    if (!zone_push(zt, v))
        return false;
    for (time_t at = from; at < to;) {
        time_t next = to - at > ZONE_STEP_S ? at + ZONE_STEP_S : to;
        struct zone_span w = zone_probe(zt->zone, next);
        if (!same_answer(v, w)) { /* the first instant past `at` with another answer */
            time_t lo = at, hi = next;
            while (hi - lo > 1) {
                time_t mid = lo + (hi - lo) / 2;
                if (same_answer(zone_probe(zt->zone, mid), v))
                    lo = mid;
                else
                    hi = mid;
            }
            w = zone_probe(zt->zone, hi);
            next = hi;
        }
        if (!zone_push(zt, w))
            return false;
        v = w;
        at = next;
    }
    zt->to = to;
    return true;
}

/* The span of tzid's table holding t, built or rebuilt as needed; NULL: ask libical. */
static const struct zone_span *zone_span_at(const char *tzid, time_t t)
{
    const char *name = tzid ? tzid : BELONG_DEFAULT_TZ;
    if (t < -ZONE_RANGE_S || t > ZONE_RANGE_S)
        return NULL;
    struct zone_table *zt = zone_table_last; /* most dates of a page are of one zone */
    if (!zt || strcmp(zt->tzid, name) != 0) {
        zt = NULL;
        if (strlen(name) >= sizeof zone_tables[0].tzid)
            return NULL;
        for (int i = 0; i < ZONE_TABLES && !zt; i++)
            if (zone_tables[i].zone && strcmp(zone_tables[i].tzid, name) == 0)
                zt = &zone_tables[i];
    }
    if (!zt) {
        icaltimezone *z = zone_for(name);
        if (!z)
            return NULL;
        zt = &zone_tables[zone_tables_next++ % ZONE_TABLES];
        strcpy(zt->tzid, name);
        zt->zone = z;
        zt->from = 0;
        zt->to = -1; /* empty */
    }
    if (t < zt->from || t > zt->to) {
        time_t from = t - ZONE_REACH_S, to = t + ZONE_REACH_S;
        if (zt->to >= zt->from && zt->to - zt->from < 6 * ZONE_REACH_S) { /* keep what is near */
            if (t > zt->to && t - zt->to < ZONE_REACH_S)
                from = zt->from;
            if (t < zt->from && zt->from - t < ZONE_REACH_S)
                to = zt->to;
        }
        if (!zone_build(zt, from, to)) {
            zt->from = 0;
            zt->to = -1;
            return NULL;
        }
    }
    zone_table_last = zt;
    int lo = 0, hi = zt->n - 1; /* the last span starting at or before t */
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (zt->spans[mid].start <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return &zt->spans[lo];
}

void format_local_iso(time_t t, const char *tzid, char out[ISO_LOCAL_LEN])
{
    struct civil_date d;
    int minutes, offset;
    const struct zone_span *span = zone_span_at(tzid, t);
    if (span) {
        long local = (long)t + span->advance_s;
        long days = local >= 0 ? local / SECONDS_PER_DAY : -((-local - 1) / SECONDS_PER_DAY) - 1;
        d = civil_from_days(days);
        minutes = (int)((local - days * SECONDS_PER_DAY) / 60);
        offset = span->shown_s;
    } else {
        instant_to_local(t, tzid, &d, &minutes, NULL, &offset);
    }
    int secs = (int)(((t % 60) + 60) % 60);
    char sign = offset < 0 ? '-' : '+';
    int abs_off = abs(offset);
    if (d.year < 0 || d.year > 9999 || abs_off >= 100 * 3600) {
        snprintf(out, ISO_LOCAL_LEN, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month,
                 d.day, minutes / 60, minutes % 60, secs, sign, abs_off / 3600,
                 (abs_off % 3600) / 60);
        return;
    }
    /* The same digits without printf, which costs most of a date in a search answer: each
    ** field (0 to 99 here) as its two digits from a table, into the fixed pattern. */
    static const char two[] = "00010203040506070809101112131415161718192021222324252627282930"
                              "31323334353637383940414243444546474849505152535455565758596061"
                              "62636465666768697071727374757677787980818283848586878889909192"
                              "93949596979899";
    static const char pattern[] = "0000-00-00T00:00:00+00:00";
    const unsigned fields[] = {
        (unsigned)d.year / 100, (unsigned)d.year % 100,   (unsigned)d.month,
        (unsigned)d.day,        (unsigned)minutes / 60,   (unsigned)minutes % 60,
        (unsigned)secs,         (unsigned)abs_off / 3600, (unsigned)(abs_off % 3600) / 60};
    static const unsigned char at[] = {0, 2, 5, 8, 11, 14, 17, 20, 23}; /* where each goes */
    memcpy(out, pattern, sizeof pattern);
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        memcpy(out + at[i], two + 2 * fields[i], 2);
    out[19] = sign;
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
