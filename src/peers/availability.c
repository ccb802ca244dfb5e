/* availability.c — weekly windows and dates away: parsing, formatting, the index and the
** "is the peer free then" query (see availability.h).
*/
#include "availability.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "../util/timeutil.h"

#define MINUTES_PER_WEEK (DAYS_PER_WEEK * MINUTES_PER_DAY)
#define WEEKDAY_OF_EPOCH 3 /* 1970-01-01 was a Thursday (0 = Monday) */

const char *weekday_abbrev(int weekday)
{
    return weekday_code(weekday);
}

void availability_free(struct availability *a)
{
    free(a->windows);
    free(a->away);
    free(a->stretch_end);
    memset(a, 0, sizeof *a);
}

void availability_copy(struct availability *dst, const struct availability *src)
{
    memset(dst, 0, sizeof *dst);
    if (src->n_windows) {
        dst->windows = xmalloc(src->n_windows * sizeof *dst->windows);
        memcpy(dst->windows, src->windows, src->n_windows * sizeof *dst->windows);
        dst->n_windows = src->n_windows;
    }
    if (src->n_away) {
        dst->away = xmalloc(src->n_away * sizeof *dst->away);
        memcpy(dst->away, src->away, src->n_away * sizeof *dst->away);
        dst->n_away = src->n_away;
    }
    availability_index(dst);
}

static int week_start(const struct weekly_window *w)
{
    return w->weekday * MINUTES_PER_DAY + w->start_minute;
}

static int week_end(const struct weekly_window *w)
{
    return w->weekday * MINUTES_PER_DAY + w->end_minute;
}

void availability_index(struct availability *a)
{
    free(a->stretch_end);
    a->stretch_end = NULL;
    size_t d = 0;
    for (size_t i = 0; i < a->n_windows; i++)
        while (d <= (size_t)a->windows[i].weekday)
            a->day_first[d++] = i;
    while (d <= DAYS_PER_WEEK)
        a->day_first[d++] = a->n_windows;
    if (!a->n_windows)
        return;
    a->stretch_end = xmalloc(a->n_windows * sizeof *a->stretch_end);
    /* Follow each window through the ones that start where it ends, wrapping from Sunday to
    ** Monday; at most n steps, so a week covered end to end stops too. */
    for (size_t i = 0; i < a->n_windows; i++) {
        int end = week_end(&a->windows[i]), base = 0;
        size_t j = i;
        for (size_t step = 1; step < a->n_windows; step++) {
            size_t next = (j + 1) % a->n_windows;
            if (next <= j)
                base += MINUTES_PER_WEEK; /* wrapped from Sunday to Monday */
            if (week_start(&a->windows[next]) + base != end)
                break;
            end = week_end(&a->windows[next]) + base;
            j = next;
        }
        a->stretch_end[i] = end;
    }
}

/* Inserts w keeping the array sorted. Returns the index of a window it overlaps (>= 0), or -1
** when it was inserted. */
static long insert_window(struct availability *a, const struct weekly_window *w)
{
    size_t pos = 0;
    while (pos < a->n_windows && week_start(&a->windows[pos]) < week_start(w))
        pos++;
    if (pos > 0 && week_end(&a->windows[pos - 1]) > week_start(w))
        return (long)pos - 1;
    if (pos < a->n_windows && week_start(&a->windows[pos]) < week_end(w))
        return (long)pos;
    a->windows = xrealloc(a->windows, (a->n_windows + 1) * sizeof *a->windows);
    memmove(a->windows + pos + 1, a->windows + pos, (a->n_windows - pos) * sizeof *a->windows);
    a->windows[pos] = *w;
    a->n_windows++;
    return -1;
}

int availability_add_window_minutes(struct availability *a, int weekday, int start_minute,
                                    int end_minute)
{
    if (weekday < 0 || weekday >= DAYS_PER_WEEK || start_minute < 0 ||
        end_minute > MINUTES_PER_DAY || start_minute >= end_minute)
        return BELONG_EDATA;
    struct weekly_window w = {weekday, start_minute, end_minute};
    if (insert_window(a, &w) >= 0)
        return BELONG_EDATA;
    availability_index(a);
    return BELONG_OK;
}

/* Reads "H:MM" or "HH:MM" (00:00 to 24:00) at *p, advancing it. Returns minutes or -1. */
static int read_clock(const char **p)
{
    const char *s = *p;
    int hours = 0, digits = 0;
    while (isdigit((unsigned char)*s) && digits < 3) {
        hours = hours * 10 + (*s++ - '0');
        digits++;
    }
    if (digits < 1 || digits > 2 || *s != ':' || !isdigit((unsigned char)s[1]) ||
        !isdigit((unsigned char)s[2]) || isdigit((unsigned char)s[3]))
        return -1;
    int minutes = (s[1] - '0') * 10 + (s[2] - '0');
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0))
        return -1;
    *p = s + 3;
    return hours * 60 + minutes;
}

static int day_from_name(const char *s, size_t n)
{
    for (int d = 0; d < DAYS_PER_WEEK; d++)
        if (n == 2 && strncasecmp(s, weekday_code(d), 2) == 0)
            return d;
    return -1;
}

int availability_add_window(struct availability *a, const char *spec, struct diag *diag,
                            const char *file, const char *field)
{
    const char *p = spec;
    bool days[DAYS_PER_WEEK] = {false};
    int n_days = 0;
    while (isspace((unsigned char)*p))
        p++;
    /* The days: "TU" or "MO,WE,FR". */
    for (;;) {
        const char *start = p;
        while (isalpha((unsigned char)*p))
            p++;
        if (p == start)
            break;
        int d = day_from_name(start, (size_t)(p - start));
        if (d < 0) {
            diag_add(diag, file, 0, field, "\"%s\": unknown day '%.*s' (use MO TU WE TH FR SA SU)",
                     spec, (int)(p - start), start);
            return BELONG_EDATA;
        }
        if (!days[d])
            n_days++;
        days[d] = true;
        if (*p != ',')
            break;
        p++;
    }
    if (!n_days || !isspace((unsigned char)*p)) {
        diag_add(diag, file, 0, field, "\"%s\": expected DAY HH:MM-HH:MM, e.g. TU 18:00-21:00",
                 spec);
        return BELONG_EDATA;
    }
    while (isspace((unsigned char)*p))
        p++;
    const char *times = p;
    int start_minute = read_clock(&p);
    int end_minute = -1;
    if (start_minute >= 0 && *p == '-') {
        p++;
        end_minute = read_clock(&p);
    }
    while (isspace((unsigned char)*p))
        p++;
    if (start_minute < 0 || end_minute < 0 || *p) {
        diag_add(diag, file, 0, field, "\"%s\": '%s' is not a time range HH:MM-HH:MM (00:00-24:00)",
                 spec, times);
        return BELONG_EDATA;
    }
    if (start_minute == MINUTES_PER_DAY) {
        diag_add(diag, file, 0, field, "\"%s\": a window cannot start at 24:00", spec);
        return BELONG_EDATA;
    }
    if (end_minute == start_minute) {
        diag_add(diag, file, 0, field, "\"%s\": end equals start (an empty window)", spec);
        return BELONG_EDATA;
    }
    if (end_minute < start_minute) {
        diag_add(diag, file, 0, field,
                 "\"%s\": end before start (a window cannot cross midnight: split it into "
                 "one ending at 24:00 and one starting at 00:00 the next day)",
                 spec);
        return BELONG_EDATA;
    }
    /* Insert into a copy so that a refused day leaves a unchanged. */
    struct availability trial;
    availability_copy(&trial, a);
    for (int d = 0; d < DAYS_PER_WEEK; d++) {
        if (!days[d])
            continue;
        struct weekly_window w = {d, start_minute, end_minute};
        long clash = insert_window(&trial, &w);
        if (clash >= 0) {
            char other[AVAILABILITY_TEXT_LEN];
            availability_format_window(&trial.windows[clash], other);
            diag_add(diag, file, 0, field, "\"%s\": overlaps \"%s\"", spec, other);
            availability_free(&trial);
            return BELONG_EDATA;
        }
    }
    availability_index(&trial);
    availability_free(a);
    *a = trial;
    return BELONG_OK;
}

int availability_add_away_days(struct availability *a, long first_day, long last_day)
{
    if (last_day < first_day)
        return BELONG_EDATA;
    size_t pos = 0;
    while (pos < a->n_away && a->away[pos].first_day < first_day)
        pos++;
    a->away = xrealloc(a->away, (a->n_away + 1) * sizeof *a->away);
    memmove(a->away + pos + 1, a->away + pos, (a->n_away - pos) * sizeof *a->away);
    a->away[pos] = (struct date_range){first_day, last_day};
    a->n_away++;
    /* Merge overlapping and adjacent ranges. */
    size_t out = 0;
    for (size_t i = 1; i < a->n_away; i++) {
        if (a->away[i].first_day <= a->away[out].last_day + 1) {
            if (a->away[i].last_day > a->away[out].last_day)
                a->away[out].last_day = a->away[i].last_day;
        } else {
            a->away[++out] = a->away[i];
        }
    }
    a->n_away = out + 1;
    return BELONG_OK;
}

int availability_add_away(struct availability *a, const char *spec, struct diag *diag,
                          const char *file, const char *field)
{
    char first[16] = {0}, last[16] = {0};
    const char *p = spec;
    while (isspace((unsigned char)*p))
        p++;
    const char *dots = strstr(p, "..");
    size_t first_len = dots ? (size_t)(dots - p) : strlen(p);
    const char *rest = dots ? dots + 2 : "";
    size_t last_len = strlen(rest);
    while (first_len && isspace((unsigned char)p[first_len - 1]))
        first_len--;
    while (isspace((unsigned char)*rest))
        rest++, last_len--;
    while (last_len && isspace((unsigned char)rest[last_len - 1]))
        last_len--;
    struct civil_date d1, d2;
    bool ok = first_len < sizeof first && last_len < sizeof last;
    if (ok) {
        memcpy(first, p, first_len);
        memcpy(last, rest, last_len);
        ok = parse_date(first, &d1) && (!dots || parse_date(last, &d2));
    }
    if (!ok) {
        diag_add(diag, file, 0, field,
                 "\"%s\": expected a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD", spec);
        return BELONG_EDATA;
    }
    long first_day = days_from_civil(&d1);
    long last_day = dots ? days_from_civil(&d2) : first_day;
    if (last_day < first_day) {
        diag_add(diag, file, 0, field, "\"%s\": the last day is before the first", spec);
        return BELONG_EDATA;
    }
    return availability_add_away_days(a, first_day, last_day);
}

void availability_format_window(const struct weekly_window *w, char out[AVAILABILITY_TEXT_LEN])
{
    const char *day = weekday_abbrev(w->weekday);
    snprintf(out, AVAILABILITY_TEXT_LEN, "%s %02d:%02d-%02d:%02d", day ? day : "??",
             w->start_minute / 60, w->start_minute % 60, w->end_minute / 60, w->end_minute % 60);
}

void availability_format_away(const struct date_range *r, char out[AVAILABILITY_TEXT_LEN])
{
    struct civil_date a = civil_from_days(r->first_day), b = civil_from_days(r->last_day);
    if (r->first_day == r->last_day)
        snprintf(out, AVAILABILITY_TEXT_LEN, "%04d-%02d-%02d", a.year, a.month, a.day);
    else
        snprintf(out, AVAILABILITY_TEXT_LEN, "%04d-%02d-%02d..%04d-%02d-%02d", a.year, a.month,
                 a.day, b.year, b.month, b.day);
}

bool availability_is_away(const struct availability *a, long local_day)
{
    size_t lo = 0, hi = a->n_away;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->away[mid].last_day < local_day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->n_away && a->away[lo].first_day <= local_day;
}

bool availability_allows(const struct availability *a, long local_day, int weekday_mon0,
                         int start_minute, int duration_minutes)
{
    if (a->n_away && availability_is_away(a, local_day))
        return false;
    if (!a->n_windows)
        return true;
    if (weekday_mon0 < 0 || weekday_mon0 >= DAYS_PER_WEEK || !a->stretch_end)
        return false;
    if (duration_minutes < 0)
        duration_minutes = 0;
    int start = weekday_mon0 * MINUTES_PER_DAY + start_minute;
    for (size_t i = a->day_first[weekday_mon0]; i < a->day_first[weekday_mon0 + 1]; i++) {
        const struct weekly_window *w = &a->windows[i];
        if (w->start_minute <= start_minute && start_minute < w->end_minute)
            return start + duration_minutes <= a->stretch_end[i];
    }
    return false;
}

long availability_local_day(time_t start_utc, int weekday_mon0)
{
    long day = (long)(start_utc / SECONDS_PER_DAY);
    if (start_utc % SECONDS_PER_DAY < 0)
        day--;
    for (long delta = -1; delta <= 1; delta++) {
        long d = day + delta;
        long wd = ((d + WEEKDAY_OF_EPOCH) % DAYS_PER_WEEK + DAYS_PER_WEEK) % DAYS_PER_WEEK;
        if (wd == weekday_mon0)
            return d;
    }
    return day;
}

bool availability_allows_instant(const struct availability *a, time_t start, int duration_s,
                                 const char *tzid)
{
    struct civil_date date;
    int minutes = 0, weekday = 0;
    instant_to_local(start, tzid, &date, &minutes, &weekday, NULL);
    long wall = wall_seconds(start, start + duration_s, tzid); /* DST: an hour more or less */
    return availability_allows(a, days_from_civil(&date), weekday, minutes,
                               wall > 0 ? (int)((wall + 59) / 60) : 0);
}
