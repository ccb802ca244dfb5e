/* hsds_schedule.c — one HSDS schedule row (3.0 RRULE parts, or a 1.x/2.x weekday with opening
** hours) into a belong schedule: RRULE text, local DTSTART, duration and validity window.
*/
#include "hsds_internal.h"

#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "../util/timeofday.h"
#include "../util/timeutil.h"

static const char *const day_codes[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
static const char *const day_names[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                         "friday", "saturday", "sunday"};

/* A weekday from "MO", "Monday" or "Mon" (any case); -1 when none. */
static int day_index(const char *s, size_t n)
{
    for (int d = 0; d < 7; d++) {
        if (n == 2 && strncasecmp(s, day_codes[d], 2) == 0)
            return d;
        if ((n == 3 || n == strlen(day_names[d])) && strncasecmp(s, day_names[d], n) == 0)
            return d;
    }
    return -1;
}

/* A weekday column's day as people write it: a code or name (day_index), an abbreviation of
** three letters or more with or without its point ("Tues", "Thurs.", "Wed"), or a plural
** ("Tuesdays"). Returns 0 for Monday .. 6, or -1. */
static int weekday_index(const char *s)
{
    size_t n = strlen(s);
    if (n > 1 && s[n - 1] == '.')
        n--;
    int d = day_index(s, n);
    if (d >= 0)
        return d;
    if (n > 3 && (s[n - 1] == 's' || s[n - 1] == 'S')) {
        d = day_index(s, n - 1);
        if (d >= 0 && n - 1 == strlen(day_names[d]))
            return d; /* "Mondays" */
    }
    for (d = 0; n >= 3 && d < 7; d++)
        if (n <= strlen(day_names[d]) && strncasecmp(s, day_names[d], n) == 0)
            return d;
    return -1;
}

/* Parses a whole decimal integer in [min, max]. */
static bool int_in(const char *s, size_t n, long min, long max, long *out)
{
    char tmp[32];
    if (n == 0 || n >= sizeof tmp)
        return false;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    char *end;
    errno = 0;
    long v = strtol(tmp, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* Whether s[0..n) is 1 to max digits. */
static bool digits(const char *s, size_t n, size_t max)
{
    return n >= 1 && n <= max && strspn(s, "0123456789") >= n;
}

bool hsds_date(const char *s, struct civil_date *d)
{
    char tmp[11];
    size_t n = strlen(s);
    if (n > 10 && (s[10] == 'T' || s[10] == ' ')) {
        memcpy(tmp, s, 10);
        tmp[10] = '\0';
        s = tmp;
    }
    if (parse_date(s, d))
        return true;
    /* M/D/YYYY, as Excel writes a date it has read in a US locale (12/24/2026). */
    size_t m = strcspn(s, "/");
    if (!s[m])
        return false;
    size_t day = m + 1 + strcspn(s + m + 1, "/");
    if (!s[day] || !digits(s, m, 2) || !digits(s + m + 1, day - m - 1, 2) ||
        strlen(s + day + 1) != 4 || !digits(s + day + 1, 4, 4))
        return false;
    char iso[16];
    snprintf(iso, sizeof iso, "%s-%02d-%02d", s + day + 1, atoi(s), atoi(s + m + 1));
    return parse_date(iso, d);
}

/* Normalises a comma list of integers, each in [-max, max] and not 0, into out. */
static bool int_list(const char *s, long max, struct buf *out)
{
    bool any = false;
    while (*s) {
        size_t n = strcspn(s, ",");
        const char *tok = s;
        while (n > 0 && isspace((unsigned char)*tok)) {
            tok++;
            n--;
        }
        while (n > 0 && isspace((unsigned char)tok[n - 1]))
            n--;
        long v;
        if (!int_in(tok[0] == '+' ? tok + 1 : tok, tok[0] == '+' ? n - 1 : n, -max, max, &v) ||
            v == 0)
            return false;
        buf_printf(out, "%s%ld", any ? "," : "", v);
        any = true;
        s += strcspn(s, ",");
        if (*s == ',')
            s++;
    }
    return any;
}

struct byday {
    int ordinal[64], day[64];
    int n;
};

/* Parses "MO,WE", "2TU", "-1FR", "Tuesday". Ordinals must be in [-53, 53], not 0. */
static bool byday_parse(const char *s, struct byday *b)
{
    b->n = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        const char *tok = s;
        while (n > 0 && isspace((unsigned char)*tok)) {
            tok++;
            n--;
        }
        while (n > 0 && isspace((unsigned char)tok[n - 1]))
            n--;
        size_t k = 0;
        if (k < n && (tok[k] == '+' || tok[k] == '-'))
            k++;
        while (k < n && isdigit((unsigned char)tok[k]))
            k++;
        long ord = 0;
        if (k > 0 &&
            !int_in(tok[0] == '+' ? tok + 1 : tok, tok[0] == '+' ? k - 1 : k, -53, 53, &ord))
            return false;
        if (k > 0 && ord == 0)
            return false;
        int d = day_index(tok + k, n - k);
        if (d < 0 || b->n == 64)
            return false;
        b->ordinal[b->n] = (int)ord;
        b->day[b->n++] = d;
        s += strcspn(s, ",");
        if (*s == ',')
            s++;
    }
    return b->n > 0;
}

static void byday_format(const struct byday *b, int shift_days, struct buf *out)
{
    for (int i = 0; i < b->n; i++) {
        if (i)
            buf_putc(out, ',');
        if (b->ordinal[i])
            buf_printf(out, "%d", b->ordinal[i]);
        buf_puts(out, day_codes[((b->day[i] + shift_days) % 7 + 7) % 7]);
    }
}

/* A time of day as directories write it (util/timeofday.h); a bad one is reported against the
** field. OUT: seconds after midnight, offset (when *has_off). */
static bool clock_read(const char *value, const char *field, struct hsds_row *r, struct diag *diag,
                       int *secs, bool *has_off, int *off_s)
{
    struct time_of_day t;
    /* A time kept as a date-time ("1899-12-30 09:00:00", Excel's and Access's day 0;
    ** "2024-01-01T09:00:00Z", a database's time column exported whole) is its time of day. */
    struct civil_date placeholder;
    char date[11];
    const char *time = value;
    if (strlen(value) > 11 && (value[10] == 'T' || value[10] == ' ')) {
        memcpy(date, value, 10);
        date[10] = '\0';
        if (parse_date(date, &placeholder))
            time = value + 11;
    }
    const char *problem = time_of_day_parse(time, &t);
    if (problem) {
        hsds_row_diag(r, diag, field, "'%s' %s", value, problem);
        return false;
    }
    *secs = t.seconds;
    *has_off = t.has_offset;
    *off_s = t.offset_s;
    return true;
}

/* The HSDS `timezone` column: a UTC offset in hours ("-5", "5.5"). */
static bool hours_offset(const char *s, int *off_s)
{
    char *end;
    errno = 0;
    double h = strtod(s, &end);
    /* "nan" passes both range tests; converting it to int is undefined. */
    if (errno || *end || end == s || !isfinite(h) || h < -14 || h > 14)
        return false;
    *off_s = (int)(h * 3600);
    return true;
}

/* True when off_s is an offset the zone uses in the year of d (standard or daylight). */
static bool zone_uses_offset(const struct civil_date *d, const char *tzid, int off_s)
{
    struct civil_date winter = {d->year, 1, 15}, summer = {d->year, 7, 15};
    int a = 0, b = 0;
    instant_to_local(local_to_instant(&winter, 12 * 60, 0, tzid), tzid, NULL, NULL, NULL, &a);
    instant_to_local(local_to_instant(&summer, 12 * 60, 0, tzid), tzid, NULL, NULL, NULL, &b);
    return off_s == a || off_s == b;
}

/* The weekdays (bit 0 = Monday) a rule without times is open on: its BYDAY days, every day of
** a DAILY rule, the day of the start of a WEEKLY one that gives its start; else none known. */
static unsigned untimed_days(const struct byday *byday, bool has_byday, const char *freq,
                             const struct hsds_sched_in *in, const struct civil_date *dtstart)
{
    unsigned days = 0;
    if (has_byday)
        for (int i = 0; i < byday->n; i++)
            days |= 1u << byday->day[i];
    else if (freq && strcmp(freq, "DAILY") == 0)
        days = 127;
    else if (freq && strcmp(freq, "WEEKLY") == 0 && (*in->dtstart || *in->valid_from))
        days = 1u << civil_weekday(dtstart);
    return days;
}

/* What hsds_schedule_build learns of a row, step by step. */
struct sched_build {
    const char *freq;       /* as given, or implied by a weekday, BYDAY or BYMONTHDAY */
    const char *freq_canon; /* one of DAILY, WEEKLY, MONTHLY, YEARLY, or NULL */
    struct byday byday;
    bool has_byday;
    long interval, count;
    struct civil_date dtstart, until;
    struct buf list;        /* the BYMONTHDAY, BYWEEKNO and BYYEARDAY parts of the rule */
    bool timed;             /* opens_at is given */
    int open_s, duration_s; /* the local start, seconds into the day; the length */
    int shift_days;         /* days the start moved when read in the directory's zone */
};

/* How often: a 1.x/2.x weekday is a weekly rule on that day; BYDAY alone is weekly, and
** BYMONTHDAY alone monthly. */
static void read_frequency(const struct hsds_sched_in *in, struct hsds_row *r, struct diag *diag,
                           struct sched_build *b)
{
    b->freq = in->freq;
    if (*in->weekday) {
        long n;
        int d = int_in(in->weekday, strlen(in->weekday), 1, 7, &n) ? (int)n - 1
                                                                   : weekday_index(in->weekday);
        if (d < 0) {
            hsds_row_diag(r, diag, "weekday", "'%s' is not a day (1-7 from Monday, or a name)",
                          in->weekday);
        } else {
            b->byday.day[0] = d;
            b->byday.n = 1;
            b->has_byday = true;
            if (!*b->freq)
                b->freq = "WEEKLY";
        }
    }
    if (*in->byday) {
        if (!byday_parse(in->byday, &b->byday))
            hsds_row_diag(r, diag, "byday",
                          "'%s' is not a list of days (MO..SU, with an ordinal like 2TU or -1FR "
                          "under MONTHLY)",
                          in->byday);
        else
            b->has_byday = true;
    }
    if (!*b->freq) {
        if (b->has_byday)
            b->freq = "WEEKLY";
        else if (*in->bymonthday)
            b->freq = "MONTHLY";
    }
    static const char *const freqs[] = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
    for (int i = 0; *b->freq && i < 4; i++)
        if (strcasecmp(b->freq, freqs[i]) == 0)
            b->freq_canon = freqs[i];
    if (*b->freq && !b->freq_canon)
        hsds_row_diag(r, diag, "freq", "'%s' is not one of DAILY, WEEKLY, MONTHLY, YEARLY",
                      b->freq);
}

/* An ordinal day (2TU) outside MONTHLY and YEARLY; interval, count, until; the validity dates;
** the start (dtstart, else valid_from, else HSDS_DEFAULT_DTSTART) and wkst. */
static void read_bounds(const struct hsds_sched_in *in, struct hsds_row *r, struct diag *diag,
                        int problems, struct sched_build *b)
{
    if (b->has_byday && b->freq_canon && strcmp(b->freq_canon, "MONTHLY") != 0 &&
        strcmp(b->freq_canon, "YEARLY") != 0)
        for (int i = 0; i < b->byday.n; i++)
            if (b->byday.ordinal[i]) {
                hsds_row_diag(r, diag, "byday", "'%s': an ordinal day (like 2TU) needs MONTHLY",
                              in->byday);
                break;
            }
    b->interval = 1;
    if (*in->interval && !int_in(in->interval, strlen(in->interval), 1, 1000, &b->interval))
        hsds_row_diag(r, diag, "interval", "'%s' is not a whole number from 1", in->interval);
    if (*in->count && !int_in(in->count, strlen(in->count), 1, 100000, &b->count))
        hsds_row_diag(r, diag, "count", "'%s' is not a whole number from 1", in->count);
    struct civil_date valid_from = {0}, valid_to = {0};
    if (*in->until && !hsds_date(in->until, &b->until))
        hsds_row_diag(r, diag, "until", "'%s' is not a date (YYYY-MM-DD)", in->until);
    if (*in->until && *in->count)
        hsds_row_diag(r, diag, "count", "both until and count are given; RFC 5545 allows one");
    if (*in->valid_from && !hsds_date(in->valid_from, &valid_from))
        hsds_row_diag(r, diag, "valid_from", "'%s' is not a date (YYYY-MM-DD)", in->valid_from);
    if (*in->valid_to && !hsds_date(in->valid_to, &valid_to))
        hsds_row_diag(r, diag, "valid_to", "'%s' is not a date (YYYY-MM-DD)", in->valid_to);
    if (*in->valid_from && *in->valid_to && r->problems == problems &&
        days_from_civil(&valid_to) < days_from_civil(&valid_from))
        hsds_row_diag(r, diag, "valid_to", "%s is before valid_from %s", in->valid_to,
                      in->valid_from);
    const char *start_text = *in->dtstart      ? in->dtstart
                             : *in->valid_from ? in->valid_from
                                               : HSDS_DEFAULT_DTSTART;
    if (!hsds_date(start_text, &b->dtstart)) {
        if (*in->dtstart)
            hsds_row_diag(r, diag, "dtstart", "'%s' is not a date (YYYY-MM-DD)", in->dtstart);
        b->dtstart = (struct civil_date){2024, 1, 1};
    }
    if (*in->wkst && day_index(in->wkst, strlen(in->wkst)) < 0)
        hsds_row_diag(r, diag, "wkst", "'%s' is not a day (MO..SU)", in->wkst);
}

/* Number lists, checked here so that every bad field is reported at once. OUT: the RRULE
** parts in b->list. */
static void read_number_lists(const struct hsds_sched_in *in, struct hsds_row *r, struct diag *diag,
                              struct sched_build *b)
{
    static const struct {
        int offset;
        const char *name, *rrule;
        long max;
    } lists[] = {
        {offsetof(struct hsds_sched_in, bymonthday), "bymonthday", "BYMONTHDAY", 31},
        {offsetof(struct hsds_sched_in, byweekno), "byweekno", "BYWEEKNO", 53},
        {offsetof(struct hsds_sched_in, byyearday), "byyearday", "BYYEARDAY", 366},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const char *value = *(const char *const *)((const char *)in + lists[i].offset);
        if (!*value)
            continue;
        struct buf numbers = {0};
        if (!int_list(value, lists[i].max, &numbers))
            hsds_row_diag(r, diag, lists[i].name,
                          "'%s' is not a list of numbers from -%ld to %ld (not 0)", value,
                          lists[i].max, lists[i].max);
        else
            buf_printf(&b->list, ";%s=%s", lists[i].rrule, numbers.data);
        buf_free(&numbers);
    }
}

/* Opening hours, converted to the directory zone's wall time when given with an offset the
** zone does not use (an offset it uses means "local time", whatever the season): b->open_s,
** b->duration_s, and b->dtstart and b->shift_days when the start falls on another local day.
** Returns false when a problem was reported. */
static bool read_hours(const struct hsds_sched_in *in, const char *tzid, struct hsds_row *r,
                       struct diag *diag, int problems, struct sched_build *b)
{
    int close_s = 0, open_off = 0, close_off = 0, default_off = 0;
    bool open_has_off = false, close_has_off = false, has_default_off = false;
    b->timed = *in->opens_at != '\0';
    if (*in->timezone) {
        if (hours_offset(in->timezone, &default_off))
            has_default_off = true;
        else
            hsds_row_diag(r, diag, "timezone", "'%s' is not a UTC offset in hours", in->timezone);
    }
    if (b->timed)
        clock_read(in->opens_at, "opens_at", r, diag, &b->open_s, &open_has_off, &open_off);
    if (*in->closes_at && !b->timed)
        hsds_row_diag(r, diag, "opens_at", "missing, while closes_at is given");
    if (*in->closes_at)
        clock_read(in->closes_at, "closes_at", r, diag, &close_s, &close_has_off, &close_off);
    if (r->problems != problems)
        return false;

    if (!open_has_off && has_default_off) {
        open_has_off = true;
        open_off = default_off;
    }
    if (!close_has_off) {
        close_has_off = open_has_off;
        close_off = open_off;
    }
    b->duration_s = HSDS_DEFAULT_DURATION_MIN * 60;
    if (*in->closes_at) {
        b->duration_s = (close_s - close_off) - (b->open_s - open_off);
        if (b->duration_s <= 0)
            b->duration_s += SECONDS_PER_DAY; /* closes after midnight */
    }
    if (b->timed && open_has_off && !zone_uses_offset(&b->dtstart, tzid, open_off)) {
        time_t t = (time_t)days_from_civil(&b->dtstart) * SECONDS_PER_DAY + b->open_s - open_off;
        struct civil_date local;
        int minutes;
        instant_to_local(t, tzid, &local, &minutes, NULL, NULL);
        b->shift_days = (int)(days_from_civil(&local) - days_from_civil(&b->dtstart));
        b->open_s = minutes * 60 + b->open_s % 60;
        b->dtstart = local;
        bool ordinals = false;
        for (int i = 0; i < b->byday.n; i++)
            ordinals |= b->byday.ordinal[i] != 0;
        if (b->shift_days && (ordinals || *in->bymonthday || *in->byyearday || *in->byweekno)) {
            hsds_row_diag(r, diag, "opens_at",
                          "'%s' falls on another day in local time; give local times for rules "
                          "by day of the month or year",
                          in->opens_at);
            return false;
        }
    }
    return true;
}

/* The RRULE text of the row (heap), from what was read. */
static char *write_rule(const struct hsds_sched_in *in, const char *tzid,
                        const struct sched_build *b)
{
    struct buf rule = {0};
    char text[64];
    buf_printf(&rule, "FREQ=%s", b->freq_canon);
    if (b->interval > 1)
        buf_printf(&rule, ";INTERVAL=%ld", b->interval);
    if (*in->until) {
        if (b->timed) {
            time_t end = local_to_instant(&b->until, 23 * 60 + 59, 59, tzid);
            struct tm tm;
            gmtime_r(&end, &tm);
            strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
        } else {
            snprintf(text, sizeof text, "%04d%02d%02d", b->until.year, b->until.month,
                     b->until.day);
        }
        buf_printf(&rule, ";UNTIL=%s", text);
    }
    if (b->count)
        buf_printf(&rule, ";COUNT=%ld", b->count);
    if (b->has_byday) {
        buf_puts(&rule, ";BYDAY=");
        byday_format(&b->byday, b->shift_days, &rule);
    }
    buf_puts(&rule, buf_str(&b->list));
    if (*in->wkst)
        buf_printf(&rule, ";WKST=%s", day_codes[day_index(in->wkst, strlen(in->wkst))]);
    return buf_detach(&rule);
}

/* The schedule's start, length, zone, validity and description (rrule set by the caller). */
static void fill_schedule(const struct hsds_sched_in *in, const char *tzid,
                          const struct sched_build *b, struct schedule *out)
{
    char text[64];
    const struct civil_date *d = &b->dtstart;
    if (b->timed)
        snprintf(text, sizeof text, "%04d%02d%02dT%02d%02d%02d", d->year, d->month, d->day,
                 b->open_s / 3600, b->open_s / 60 % 60, b->open_s % 60);
    else
        snprintf(text, sizeof text, "%04d%02d%02d", d->year, d->month, d->day);
    out->dtstart = xstrdup(text);
    out->duration_s = b->timed ? b->duration_s : SECONDS_PER_DAY;
    out->tzid = xstrdup(tzid);
    if (*in->valid_from)
        out->valid_from = xstrdup(in->valid_from);
    if (*in->valid_to)
        out->valid_to = xstrdup(in->valid_to);
    if (*in->description)
        out->description = xstrdup(in->description);
}

int hsds_schedule_build(const struct hsds_sched_in *in, const char *tzid, struct hsds_row *r,
                        struct diag *diag, struct schedule *out, bool *empty, unsigned *open_days)
{
    memset(out, 0, sizeof *out);
    *empty = false;
    *open_days = 0;
    int problems = r->problems;
    struct sched_build b = {0};
    read_frequency(in, r, diag, &b);
    if (!*b.freq && !*in->dtstart) {
        /* No day and no date: nothing to expand (a description, perhaps with hours). */
        int secs, off;
        bool has_off;
        if (*in->opens_at)
            clock_read(in->opens_at, "opens_at", r, diag, &secs, &has_off, &off);
        if (*in->closes_at)
            clock_read(in->closes_at, "closes_at", r, diag, &secs, &has_off, &off);
        *empty = r->problems == problems;
        goto out;
    }
    read_bounds(in, r, diag, problems, &b);
    read_number_lists(in, r, diag, &b);
    if (!read_hours(in, tzid, r, diag, problems, &b))
        goto out;
    if (b.freq_canon) {
        if (r->problems != problems)
            goto out;
        out->rrule = write_rule(in, tzid, &b);
    }
    fill_schedule(in, tzid, &b, out);
    char err[256];
    if (!in->checked && schedule_check(out, err, sizeof err) != BELONG_OK)
        hsds_row_diag(r, diag, "rrule", "%s", err);
    if (!b.timed && r->problems == problems) {
        /* Days without times mean "open then, times not listed" (docs/store.md): checked as a
        ** rule, kept as days, never expanded into whole-day events nobody listed. */
        *open_days = untimed_days(&b.byday, b.has_byday, b.freq_canon, in, &b.dtstart);
        *empty = true;
        schedule_free(out);
        memset(out, 0, sizeof *out);
    }
out:
    buf_free(&b.list);
    if (r->problems != problems) {
        schedule_free(out);
        memset(out, 0, sizeof *out);
        return BELONG_EDATA;
    }
    return BELONG_OK;
}
