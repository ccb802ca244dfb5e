/* schedule.c — checking a schedule and expanding it into occurrences with libical's recurrence
** iterator (belong has no recurrence engine of its own); local wall times become instants here.
*/
#include "schedule.h"

#include <ctype.h>
#include <limits.h>
#include <libical/ical.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/limits.h"
#include "../util/rc.h"
#include "../util/timeutil.h"

/* A safety net for rules libical keeps iterating without producing anything in the window. */
#define MAX_ITERATOR_STEPS 2000000L
#define BELONG_INSTANT_MIN ((time_t)-2208988800LL) /* 1900-01-01T00:00:00Z */
#define BELONG_INSTANT_MAX ((time_t)32503680000LL) /* 3000-01-01T00:00:00Z */

void schedule_free(struct schedule *s)
{
    if (!s)
        return;
    free(s->dtstart);
    free(s->tzid);
    free(s->vtimezone);
    free(s->rrule);
    free(s->rdates);
    free(s->exdates);
    free(s->valid_from);
    free(s->valid_to);
    free(s->description);
    memset(s, 0, sizeof *s);
}

/* ---- local wall times ------------------------------------------------------------------ */

/* A local wall time as belong writes it: "YYYYMMDDTHHMMSS", or "YYYYMMDD" (is_date). An RDATE
** may give its occurrence a length of its own (an iCalendar PERIOD): length_s, else 0. */
struct wall {
    int year, month, day, hour, minute, second;
    bool is_date;
    int length_s;
};

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static int month_days(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 29;
    return days[month - 1];
}

/* Parses exactly n bytes of s as a wall time. Returns true when it is a real date and time. */
static bool parse_wall_n(const char *s, size_t n, struct wall *w)
{
    memset(w, 0, sizeof *w);
    if (n != 8 && n != 15)
        return false;
    if (!digits(s, 4, &w->year) || !digits(s + 4, 2, &w->month) || !digits(s + 6, 2, &w->day))
        return false;
    if (w->year < 1900 || w->year > 2999 || w->month < 1 || w->month > 12 || w->day < 1 ||
        w->day > month_days(w->year, w->month))
        return false;
    if (n == 8) {
        w->is_date = true;
        return true;
    }
    if (s[8] != 'T' || !digits(s + 9, 2, &w->hour) || !digits(s + 11, 2, &w->minute) ||
        !digits(s + 13, 2, &w->second))
        return false;
    return w->hour < 24 && w->minute < 60 && w->second < 60;
}

static bool parse_wall(const char *s, struct wall *w)
{
    return s && parse_wall_n(s, strlen(s), w);
}

/* "YYYY-MM-DD" into a wall date. */
static bool parse_iso_date(const char *s, struct wall *w)
{
    struct civil_date d;
    if (!parse_date(s, &d))
        return false;
    memset(w, 0, sizeof *w);
    w->year = d.year;
    w->month = d.month;
    w->day = d.day;
    w->is_date = true;
    return true;
}

static long wall_days(const struct wall *w)
{
    struct civil_date d = {w->year, w->month, w->day};
    return days_from_civil(&d);
}

/* The wall time read as if it were UTC: seconds since the epoch. */
static time_t wall_as_utc(const struct wall *w)
{
    return (time_t)wall_days(w) * SECONDS_PER_DAY + w->hour * 3600 + w->minute * 60 + w->second;
}

static struct wall wall_from_utc(time_t t)
{
    long days = (long)(t >= 0 ? t / SECONDS_PER_DAY : (t - SECONDS_PER_DAY + 1) / SECONDS_PER_DAY);
    long secs = (long)(t - (time_t)days * SECONDS_PER_DAY);
    struct civil_date d = civil_from_days(days);
    struct wall w = {d.year,           d.month, d.day, (int)(secs / 3600), (int)(secs % 3600 / 60),
                     (int)(secs % 60), false,   0};
    return w;
}

static struct wall wall_from_ical(struct icaltimetype t)
{
    struct wall w = {t.year, t.month, t.day, t.hour, t.minute, t.second, t.is_date != 0, 0};
    if (w.is_date)
        w.hour = w.minute = w.second = 0;
    return w;
}

static struct icaltimetype wall_to_ical(const struct wall *w)
{
    struct icaltimetype t = icaltime_null_time();
    t.year = w->year;
    t.month = w->month;
    t.day = w->day;
    t.is_date = w->is_date;
    if (!w->is_date) {
        t.hour = w->hour;
        t.minute = w->minute;
        t.second = w->second;
    }
    return t;
}

static long rule_set_max(const struct icalrecurrencetype *r);

/* ---- zones ----------------------------------------------------------------------------- */

/* The UTC offsets of a zone over a window, so that converting an occurrence needs no libical
** call: offset[i] holds from at[i] (at[0] = lo) until the next entry, up to hi. */
#define OFFSET_TABLE_MAX        64
#define OFFSET_PROBE_S          (7 * SECONDS_PER_DAY) /* real zones change at most once a week */
#define OFFSET_TABLE_SPAN_MAX_S (800L * SECONDS_PER_DAY)
struct offset_table {
    icaltimezone *tz;
    time_t lo, hi;
    size_t n;
    time_t at[OFFSET_TABLE_MAX];
    int offset[OFFSET_TABLE_MAX];
};

/* The zone a schedule's wall times are read in. `owned` is set when the zone was built from a
** VTIMEZONE text for this use only and must be freed by zone_close (zones from the built-in
** set or the VTIMEZONE cache live as long as the thread). `table`, when not NULL, covers the
** window. */
struct zone {
    icaltimezone *tz;
    icaltimezone *owned;
    const struct offset_table *table;
    struct offset_table *owned_table;
};

/* Looks up a built-in (Olson) zone, remembering the last few answers: the lookup scans a list. */
static icaltimezone *builtin_zone(const char *tzid)
{
    static _Thread_local struct {
        char name[64];
        icaltimezone *tz;
    } cache[4];
    static _Thread_local unsigned next_slot;
    for (unsigned i = 0; i < 4; i++)
        if (cache[i].tz && strcmp(cache[i].name, tzid) == 0)
            return cache[i].tz;
    icaltimezone *tz = icaltimezone_get_builtin_timezone(tzid);
    if (!tz && strcmp(tzid, "UTC") == 0)
        tz = icaltimezone_get_utc_timezone();
    if (tz && strlen(tzid) < sizeof cache[0].name) {
        unsigned slot = next_slot++ % 4;
        strcpy(cache[slot].name, tzid);
        cache[slot].tz = tz;
    }
    return tz;
}

/* Builds a zone from VTIMEZONE text (alone or inside a VCALENDAR). Returns NULL when the text
** holds no usable VTIMEZONE. The caller frees the zone with icaltimezone_free(zone, 1). */
static icaltimezone *zone_from_vtimezone(const char *text)
{
    icalcomponent *root = icalparser_parse_string(text);
    if (!root)
        return NULL;
    icalcomponent *vtz = root;
    if (icalcomponent_isa(root) != ICAL_VTIMEZONE_COMPONENT) {
        vtz = icalcomponent_get_first_component(root, ICAL_VTIMEZONE_COMPONENT);
        if (vtz)
            icalcomponent_remove_component(root, vtz);
        icalcomponent_free(root);
    }
    if (!vtz)
        return NULL;
    char why[160];
    if ((!icalcomponent_get_first_component(vtz, ICAL_XSTANDARD_COMPONENT) &&
         !icalcomponent_get_first_component(vtz, ICAL_XDAYLIGHT_COMPONENT)) ||
        schedule_vtimezone_problem(vtz, why, sizeof why)) {
        icalcomponent_free(vtz); /* a rule libical would expand without bound */
        return NULL;
    }
    icaltimezone *zone = icaltimezone_new();
    if (!icaltimezone_set_component(zone, vtz)) {
        icalcomponent_free(vtz);
        icaltimezone_free(zone, 1);
        return NULL;
    }
    return zone; /* the zone owns vtz now */
}

/* Zones built from VTIMEZONE texts, per thread. libical works out a custom zone's changes from
** its first DTSTART (Outlook writes 1601) on first use, which takes milliseconds, so the zones
** of the first few texts seen are kept for the life of the thread and never freed (their
** addresses then stay valid keys for the memo below). Returns the zone for text, building and
** keeping it while there is room; NULL when the text is new and the cache is full, or when it
** holds no usable VTIMEZONE. */
#define VTIMEZONE_CACHE 8
static icaltimezone *cached_vtimezone(const char *text)
{
    static _Thread_local struct {
        char *text;
        icaltimezone *zone;
    } cache[VTIMEZONE_CACHE];
    size_t i;
    for (i = 0; i < VTIMEZONE_CACHE && cache[i].text; i++)
        if (strcmp(cache[i].text, text) == 0)
            return cache[i].zone;
    if (i == VTIMEZONE_CACHE)
        return NULL;
    icaltimezone *zone = zone_from_vtimezone(text);
    if (zone) {
        cache[i].text = xstrdup(text);
        cache[i].zone = zone;
    }
    return zone;
}

/* Resolves the schedule's zone. Returns 0, or BELONG_EDATA with a reason in err. */
static int zone_open(const struct schedule *s, struct zone *z, char *err, size_t errlen)
{
    memset(z, 0, sizeof *z);
    const char *tzid = s->tzid && *s->tzid ? s->tzid : BELONG_DEFAULT_TZ;
    if (s->vtimezone && *s->vtimezone) {
        z->tz = cached_vtimezone(s->vtimezone);
        if (!z->tz)
            z->tz = z->owned = zone_from_vtimezone(s->vtimezone);
        if (!z->tz) {
            snprintf(err, errlen, "vtimezone for \"%.60s\" has no usable STANDARD/DAYLIGHT rules",
                     tzid);
            return BELONG_EDATA;
        }
        return BELONG_OK;
    }
    z->tz = builtin_zone(tzid);
    if (!z->tz) {
        snprintf(err, errlen, "tzid \"%.60s\" is not a known time zone and no VTIMEZONE is given",
                 tzid);
        return BELONG_EDATA;
    }
    return BELONG_OK;
}

static void zone_close(struct zone *z)
{
    if (z->owned)
        icaltimezone_free(z->owned, 1);
    free(z->owned_table);
    memset(z, 0, sizeof *z);
}

/* The zone's UTC offset (seconds east) at instant t, as libical computes it. */
static int libical_offset(icaltimezone *tz, time_t t)
{
    struct wall w = wall_from_utc(t);
    struct icaltimetype u = wall_to_ical(&w);
    int is_daylight = 0;
    return icaltimezone_get_utc_offset_of_utc_time(tz, &u, &is_daylight);
}

/* The zone's UTC offset at instant t: from the table when it covers t. Cannot fail. */
static int offset_at(const struct zone *z, time_t t)
{
    const struct offset_table *tab = z->table;
    if (!tab || t < tab->lo || t > tab->hi)
        return libical_offset(z->tz, t);
    size_t i = tab->n - 1;
    while (i > 0 && tab->at[i] > t)
        i--;
    return tab->offset[i];
}

/* Fills tab for [lo, hi]: probes every week and bisects each change to the second. Returns
** false when the window holds more changes than the table has room for. */
static bool offset_table_build(struct offset_table *tab, icaltimezone *tz, time_t lo, time_t hi)
{
    tab->tz = tz;
    tab->lo = lo;
    tab->hi = hi;
    tab->n = 1;
    tab->at[0] = lo;
    tab->offset[0] = libical_offset(tz, lo);
    for (time_t a = lo; a < hi;) {
        time_t b = a + OFFSET_PROBE_S < hi ? a + OFFSET_PROBE_S : hi;
        int off_b = libical_offset(tz, b);
        if (off_b != tab->offset[tab->n - 1]) {
            time_t ok = a, changed = b; /* offset is the old one at ok, the new one at changed */
            while (changed - ok > 1) {
                time_t mid = ok + (changed - ok) / 2;
                if (libical_offset(tz, mid) == off_b)
                    changed = mid;
                else
                    ok = mid;
            }
            if (tab->n == OFFSET_TABLE_MAX)
                return false;
            tab->at[tab->n] = changed;
            tab->offset[tab->n] = off_b;
            tab->n++;
        }
        a = b;
    }
    return true;
}

/* Gives the zone an offset table covering [from, to) with a margin for local-time probes.
** Tables of long-lived zones are remembered per thread (a few zones and windows: an import
** expands every schedule over the same window); a zone built for one use gets its own. */
#define OFFSET_TABLE_CACHE 4
static void zone_cover(struct zone *z, time_t from, time_t to)
{
    static _Thread_local struct offset_table cached[OFFSET_TABLE_CACHE];
    static _Thread_local unsigned next_slot;
    time_t lo = from - 3 * SECONDS_PER_DAY, hi = to + 3 * SECONDS_PER_DAY;
    if (hi - lo > OFFSET_TABLE_SPAN_MAX_S)
        return; /* a window of years: ask libical each time */
    if (!z->owned) {
        for (unsigned i = 0; i < OFFSET_TABLE_CACHE; i++)
            if (cached[i].tz == z->tz && cached[i].lo == lo && cached[i].hi == hi) {
                z->table = &cached[i];
                return;
            }
        struct offset_table *tab = &cached[next_slot++ % OFFSET_TABLE_CACHE];
        if (offset_table_build(tab, z->tz, lo, hi))
            z->table = tab;
        else
            tab->tz = NULL;
        return;
    }
    z->owned_table = xmalloc(sizeof *z->owned_table);
    if (offset_table_build(z->owned_table, z->tz, lo, hi))
        z->table = z->owned_table;
}

/* The instant of a local wall time, as RFC 5545 3.3.5 reads it: a time that occurs twice (the
** autumn change) means the first; a time in the spring gap is read with the offset before the
** gap (02:30 becomes 03:30 daylight time). OUT: *in_gap (may be NULL) tells the latter case. */
static time_t wall_to_instant(const struct zone *tz, const struct wall *w, bool *in_gap)
{
    time_t as_utc = wall_as_utc(w);
    if (in_gap)
        *in_gap = false;
    int before = offset_at(tz, as_utc - SECONDS_PER_DAY);
    int after = offset_at(tz, as_utc + SECONDS_PER_DAY);
    time_t t_before = as_utc - before, t_after = as_utc - after;
    if (before == after)
        return t_before;
    bool ok_before = offset_at(tz, t_before) == before;
    bool ok_after = offset_at(tz, t_after) == after;
    if (ok_before && ok_after)
        return t_before < t_after ? t_before : t_after;
    if (ok_after && !ok_before)
        return t_after;
    if (in_gap)
        *in_gap = !ok_before;
    return t_before;
}

static struct wall instant_to_wall(const struct zone *tz, time_t t)
{
    return wall_from_utc(t + offset_at(tz, t));
}

/* ---- the parsed schedule --------------------------------------------------------------- */

/* A comma-separated list of wall times (RDATE or EXDATE). */
struct wall_list {
    struct wall *items;
    size_t n;
};

/* The length an RDATE's "/DURATION" gives its occurrence (an RFC 5545 duration, "PT1H30M"):
** more than nothing and at most SCHEDULE_LENGTH_MAX_S. Returns it, or -1 when it is not one. */
static int period_length(const char *text, size_t n)
{
    char dur[40];
    if (n == 0 || n >= sizeof dur || text[0] == '-' || text[0] == '+')
        return -1;
    memcpy(dur, text, n);
    dur[n] = '\0';
    struct icaldurationtype d = icaldurationtype_from_string(dur);
    if (icaldurationtype_is_bad_duration(d) || d.is_neg)
        return -1;
    /* Summed here: libical's icaldurationtype_as_int wraps on long durations. */
    long long secs = (((long long)d.weeks * 7 + d.days) * 24 + d.hours) * 3600LL +
                     (long long)d.minutes * 60 + d.seconds;
    return secs > 0 && secs <= SCHEDULE_LENGTH_MAX_S ? (int)secs : -1;
}

/* Parses a comma list; an empty or NULL text is an empty list. With periods (RDATEs), an entry
** may end with "/DURATION", the length of its occurrence (length_s). Returns false (and names
** the bad value in err) on a malformed entry. The caller frees list->items. */
static bool parse_wall_list(const char *text, const char *field, bool periods,
                            struct wall_list *list, char *err, size_t errlen)
{
    list->items = NULL;
    list->n = 0;
    if (!text)
        return true;
    size_t cap = 0;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *slash = periods ? memchr(p, '/', len) : NULL;
        size_t wall_len = slash ? (size_t)(slash - p) : len;
        struct wall w;
        bool ok = parse_wall_n(p, wall_len, &w);
        if (ok && slash) {
            int length_s = period_length(slash + 1, len - wall_len - 1);
            ok = length_s > 0 && !w.is_date;
            w.length_s = length_s;
        }
        if (!ok) {
            snprintf(err, errlen,
                     periods ? "%s \"%.*s\" is not YYYYMMDDTHHMMSS, YYYYMMDD or "
                               "YYYYMMDDTHHMMSS/DURATION (at most a year)"
                             : "%s \"%.*s\" is not YYYYMMDDTHHMMSS or YYYYMMDD",
                     field, (int)(len > 40 ? 40 : len), p);
            free(list->items);
            list->items = NULL;
            list->n = 0;
            return false;
        }
        if (list->n == ICAL_MAX_DATES) {
            char limit[32];
            snprintf(err, errlen, "%s: more than the %s-date limit for one schedule", field,
                     limit_text(ICAL_MAX_DATES, limit, sizeof limit));
            free(list->items);
            list->items = NULL;
            list->n = 0;
            return false;
        }
        if (list->n == cap) {
            cap = cap ? cap * 2 : 8;
            list->items = xrealloc(list->items, cap * sizeof *list->items);
        }
        list->items[list->n++] = w;
        if (!end)
            break;
        p = end + 1;
    }
    return true;
}

/* The order of EXDATEs: by day (is_excluded looks them up by halving). */
static int by_day(const void *a, const void *b)
{
    long x = wall_days(a), y = wall_days(b);
    return (x > y) - (x < y);
}

/* Everything schedule_expand needs, parsed and checked once. */
struct parsed {
    struct zone zone;
    /* When the schedule's zone is not the directory's (BELONG_DEFAULT_TZ), the directory's:
    ** an occurrence's weekday and start minute are in directory time, the time a CPS and a
    ** peer's availability windows speak (a 18:00 Los Angeles class is 21:00 in Boston). */
    bool other_zone;
    struct zone directory_zone;
    struct wall dtstart;
    bool has_rule;
    struct icalrecurrencetype rule;
    struct wall_list rdates, exdates;
    bool has_valid_from, has_valid_to;
    long valid_from_days, valid_to_days; /* inclusive local dates, as days since 1970-01-01 */
};

static void parsed_free(struct parsed *p)
{
    zone_close(&p->zone);
    if (p->other_zone)
        zone_close(&p->directory_zone);
    free(p->rdates.items);
    free(p->exdates.items);
    p->rdates.items = p->exdates.items = NULL;
}

/* The most days month m (1-12) can have, in any year. */
static int month_days_max(int month)
{
    return month == 2 ? 29 : month_days(2000, month);
}

/* The number of values in a BY list (libical ends a short list with ARRAY_MAX). */
static int by_count(const short *list, int size)
{
    int n = 0;
    while (n < size && list[n] != ICAL_RECURRENCE_ARRAY_MAX)
        n++;
    return n;
}

/* An upper bound on the days one period of the rule (a day, week, month or year) can hold:
** the set BYSETPOS picks from (libical 3.0 builds that set from days, not BYHOUR times). */
static long rule_set_max(const struct icalrecurrencetype *r)
{
    long days = r->freq == ICAL_DAILY_RECURRENCE     ? 1
                : r->freq == ICAL_WEEKLY_RECURRENCE  ? 7
                : r->freq == ICAL_MONTHLY_RECURRENCE ? 31
                                                     : 366;
    int n_day = by_count(r->by_day, ICAL_BY_DAY_SIZE);
    int n_month_day = by_count(r->by_month_day, ICAL_BY_MONTHDAY_SIZE);
    if (!n_day && !n_month_day && r->by_year_day[0] == ICAL_RECURRENCE_ARRAY_MAX &&
        r->by_week_no[0] == ICAL_RECURRENCE_ARRAY_MAX && r->freq != ICAL_DAILY_RECURRENCE) {
        /* Only DTSTART's day in each period (each listed month, for YEARLY). */
        int n_month = by_count(r->by_month, ICAL_BY_MONTH_SIZE);
        days = r->freq == ICAL_YEARLY_RECURRENCE && n_month ? n_month : 1;
    }
    long per_weekday = r->freq == ICAL_MONTHLY_RECURRENCE  ? 5
                       : r->freq == ICAL_YEARLY_RECURRENCE ? 53
                                                           : 1;
    if (n_day && n_day * per_weekday < days)
        days = n_day * per_weekday;
    if (n_month_day && r->freq != ICAL_YEARLY_RECURRENCE && n_month_day < days)
        days = n_month_day;
    return days;
}

/* Finds a BY part that can never be met, which libical would otherwise search for until its
** last year (close to a second a schedule). Returns false with the reason in err; true when
** the rule can happen. Only cheap certainties are checked: an ordinal weekday past the fifth
** of a month (or the 53rd of a year), a BYSETPOS past the largest set a period can hold, and
** month days that no listed month has. */
static bool rule_can_happen(const struct icalrecurrencetype *r, const char *text, char *err,
                            size_t errlen)
{
    long set_max = rule_set_max(r);
    bool set_checked = r->freq == ICAL_MONTHLY_RECURRENCE || r->freq == ICAL_YEARLY_RECURRENCE;
    for (int i = 0;
         set_checked && i < ICAL_BY_SETPOS_SIZE && r->by_set_pos[i] != ICAL_RECURRENCE_ARRAY_MAX;
         i++)
        if (labs((long)r->by_set_pos[i]) > set_max) {
            snprintf(err, errlen,
                     "rrule \"%.80s\": BYSETPOS %d never happens (a period holds at most %ld)",
                     text, r->by_set_pos[i], set_max);
            return false;
        }
    bool in_month =
        r->freq == ICAL_MONTHLY_RECURRENCE ||
        (r->freq == ICAL_YEARLY_RECURRENCE && r->by_month[0] != ICAL_RECURRENCE_ARRAY_MAX);
    for (int i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
        int pos = icalrecurrencetype_day_position(r->by_day[i]);
        int limit = in_month ? 5 : 53;
        if (pos > limit || pos < -limit) {
            snprintf(err, errlen,
                     "rrule \"%.80s\": BYDAY %+d never happens (a %s has at most %d of a weekday)",
                     text, pos, in_month ? "month" : "year", limit);
            return false;
        }
    }
    if (r->by_month_day[0] == ICAL_RECURRENCE_ARRAY_MAX)
        return true;
    for (int m = 1; m <= 12; m++) {
        bool listed = r->by_month[0] == ICAL_RECURRENCE_ARRAY_MAX;
        for (int j = 0; j < ICAL_BY_MONTH_SIZE && r->by_month[j] != ICAL_RECURRENCE_ARRAY_MAX; j++)
            listed = listed || icalrecurrencetype_month_month(r->by_month[j]) == m;
        if (!listed)
            continue;
        for (int i = 0;
             i < ICAL_BY_MONTHDAY_SIZE && r->by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
            if (abs(r->by_month_day[i]) <= month_days_max(m))
                return true;
    }
    snprintf(err, errlen, "rrule \"%.80s\": BYMONTHDAY never falls in the months of the rule",
             text);
    return false;
}

/* Counts the onsets (changes of offset) one STANDARD or DAYLIGHT rule makes from its DTSTART
** until UNTIL, COUNT or belong's last year (2999), which libical expands each, stopping past
** limit. Returns the count (limit + 1: too many), or -1 when libical refuses the rule. */
static long onsets_count(struct icalrecurrencetype r, struct icaltimetype dtstart, long limit)
{
    icalrecur_iterator *it = icalrecur_iterator_new(r, dtstart);
    if (!it) {
        icalerror_clear_errno();
        return -1;
    }
    long n = 0;
    for (struct icaltimetype t = icalrecur_iterator_next(it);
         !icaltime_is_null_time(t) && t.year < 3000 && n <= limit; t = icalrecur_iterator_next(it))
        n++;
    icalrecur_iterator_free(it);
    return n;
}

icalproperty *schedule_vtimezone_problem(icalcomponent *vtz, char *err, size_t errlen)
{
    char limit[32];
    limit_text(VTIMEZONE_MAX_ONSETS, limit, sizeof limit);
    for (icalcomponent *obs = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT); obs;
         obs = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
        icalcomponent_kind kind = icalcomponent_isa(obs);
        if (kind != ICAL_XSTANDARD_COMPONENT && kind != ICAL_XDAYLIGHT_COMPONENT)
            continue;
        const char *what = kind == ICAL_XSTANDARD_COMPONENT ? "STANDARD" : "DAYLIGHT";
        icalproperty *dtp = icalcomponent_get_first_property(obs, ICAL_DTSTART_PROPERTY);
        struct icaltimetype dtstart = dtp ? icalproperty_get_dtstart(dtp) : icaltime_null_time();
        long rdates = 0;
        for (icalproperty *p = icalcomponent_get_first_property(obs, ICAL_RDATE_PROPERTY); p;
             p = icalcomponent_get_next_property(obs, ICAL_RDATE_PROPERTY))
            if (++rdates > VTIMEZONE_MAX_ONSETS) {
                snprintf(err, errlen, "%s of VTIMEZONE: more RDATEs than the %s-change limit", what,
                         limit);
                return p;
            }
        for (icalproperty *p = icalcomponent_get_first_property(obs, ICAL_RRULE_PROPERTY); p;
             p = icalcomponent_get_next_property(obs, ICAL_RRULE_PROPERTY)) {
            struct icalrecurrencetype r = icalproperty_get_rrule(p);
            if (r.freq == ICAL_NO_RECURRENCE)
                continue; /* unreadable: libical ignores it */
            if (r.freq < ICAL_DAILY_RECURRENCE) {
                snprintf(err, errlen,
                         "%s of VTIMEZONE: a time zone that changes more often than daily "
                         "(FREQ=%s) is not supported",
                         what, icalrecur_freq_to_string(r.freq));
                return p;
            }
            if (!rule_can_happen(&r, "", err, errlen) || icaltime_is_null_time(dtstart) ||
                onsets_count(r, dtstart, VTIMEZONE_MAX_ONSETS) > VTIMEZONE_MAX_ONSETS) {
                snprintf(err, errlen,
                         "%s of VTIMEZONE: its rule makes more changes than the %s-change limit "
                         "(real zones change once or twice a year)",
                         what, limit);
                return p;
            }
        }
    }
    return NULL;
}

/* Building libical's iterator to check a rule costs about as much as expanding it, and an
** import checks every schedule twice (as its row is read, and again before it is written), most
** of them sharing a few rules: the (rule, DTSTART, zone) triples libical accepted are
** remembered per thread (the zone, as UNTIL is rewritten in it; only built-in zones, whose
** addresses stay valid). Acceptance depends on nothing else. */
#define CHECKED_SLOTS 16384
struct checked_slot {
    char *rrule, *dtstart;
    icaltimezone *tz;
};
static _Thread_local struct checked_slot checked[CHECKED_SLOTS];

/* A thread's slots are freed when the thread ends (a server's worker importing an upload), as
** the expansion memo's are: registered with a key the first time the thread fills one. */
static pthread_key_t checked_key;
static pthread_once_t checked_key_once = PTHREAD_ONCE_INIT;

static void checked_free(void *slots)
{
    struct checked_slot *c = slots;
    for (size_t i = 0; i < CHECKED_SLOTS; i++) {
        free(c[i].rrule);
        free(c[i].dtstart);
        c[i] = (struct checked_slot){0};
    }
}

static void checked_key_create(void)
{
    pthread_key_create(&checked_key, checked_free);
}

static struct checked_slot *checked_slot_for(const struct schedule *s, const struct parsed *p)
{
    uint64_t h = 1469598103934665603u;
    for (const char *c = s->rrule; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211u;
    h = (h ^ 0xffu) * 1099511628211u; /* a separator: "A"+"BC" is not "AB"+"C" */
    for (const char *c = s->dtstart; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211u;
    h ^= (uint64_t)(uintptr_t)p->zone.tz;
    return &checked[h % CHECKED_SLOTS];
}

static bool checked_before(const struct schedule *s, const struct parsed *p)
{
    if (p->zone.owned)
        return false;
    const struct checked_slot *c = checked_slot_for(s, p);
    return c->rrule && c->tz == p->zone.tz && strcmp(c->rrule, s->rrule) == 0 &&
           strcmp(c->dtstart, s->dtstart) == 0;
}

static void checked_remember(const struct schedule *s, const struct parsed *p)
{
    if (p->zone.owned)
        return;
    pthread_once(&checked_key_once, checked_key_create);
    if (!pthread_getspecific(checked_key))
        pthread_setspecific(checked_key, checked);
    struct checked_slot *c = checked_slot_for(s, p);
    free(c->rrule);
    free(c->dtstart);
    c->rrule = xstrdup(s->rrule);
    c->dtstart = xstrdup(s->dtstart);
    c->tz = p->zone.tz;
}

/* Parses and checks the RRULE text into p->rule, with UNTIL rewritten as a local wall time of
** the same kind as DTSTART, so the iterator compares like with like. */
static int parse_rule(const struct schedule *s, struct parsed *p, bool build_iterator, char *err,
                      size_t errlen)
{
    icalerror_clear_errno();
    icalerrorstate saved = icalerror_get_error_state(ICAL_MALFORMEDDATA_ERROR);
    icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, ICAL_ERROR_NONFATAL);
    p->rule = icalrecurrencetype_from_string(s->rrule);
    icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, saved);
    if (p->rule.freq == ICAL_NO_RECURRENCE) {
        snprintf(err, errlen, "rrule \"%.80s\" is not a valid RFC 5545 rule (libical: %s)",
                 s->rrule, icalerror_strerror(icalerrno));
        icalerror_clear_errno();
        return BELONG_EDATA;
    }
    if (p->rule.freq < ICAL_DAILY_RECURRENCE) {
        snprintf(err, errlen, "rrule \"%.80s\": repeating more often than daily is not supported",
                 s->rrule);
        return BELONG_EDATA;
    }
    if (p->rule.interval < 1 || p->rule.count < 0) {
        snprintf(err, errlen, "rrule \"%.80s\": INTERVAL and COUNT must be positive", s->rrule);
        return BELONG_EDATA;
    }
    if (p->rule.count > ICAL_MAX_COUNT) {
        char limit[32];
        snprintf(err, errlen, "rrule \"%.80s\": COUNT %d is more than the %s limit", s->rrule,
                 p->rule.count, limit_text(ICAL_MAX_COUNT, limit, sizeof limit));
        return BELONG_EDATA;
    }
    int n_hour = by_count(p->rule.by_hour, ICAL_BY_HOUR_SIZE);
    int n_minute = by_count(p->rule.by_minute, ICAL_BY_MINUTE_SIZE);
    int n_second = by_count(p->rule.by_second, ICAL_BY_SECOND_SIZE);
    long times_a_day =
        (long)(n_hour ? n_hour : 1) * (n_minute ? n_minute : 1) * (n_second ? n_second : 1);
    if (times_a_day > RRULE_MAX_TIMES_A_DAY) {
        snprintf(err, errlen,
                 "rrule \"%.80s\": BYHOUR, BYMINUTE and BYSECOND give %ld start times a day, "
                 "more than the limit of %d",
                 s->rrule, times_a_day, RRULE_MAX_TIMES_A_DAY);
        return BELONG_EDATA;
    }
    if (p->rule.rscale) {
        snprintf(err, errlen, "rrule \"%.80s\": RSCALE is not supported", s->rrule);
        return BELONG_EDATA;
    }
    if (!rule_can_happen(&p->rule, s->rrule, err, errlen))
        return BELONG_EDATA;
    if (!icaltime_is_null_time(p->rule.until)) {
        struct icaltimetype u = p->rule.until;
        struct wall until = wall_from_ical(u);
        if (!u.is_date && icaltime_is_utc(u))
            until = instant_to_wall(&p->zone, wall_as_utc(&until));
        if (p->dtstart.is_date) {
            until.is_date = true;
            until.hour = until.minute = until.second = 0;
        } else if (until.is_date) {
            until.is_date = false;
            until.hour = 23;
            until.minute = until.second = 59;
        }
        p->rule.until = wall_to_ical(&until);
        struct wall first = p->dtstart;
        if (until.is_date)
            first.hour = first.minute = first.second = 0;
        if (wall_as_utc(&until) < wall_as_utc(&first)) {
            snprintf(err, errlen,
                     "rrule \"%.80s\": UNTIL is before DTSTART %s, so the series never happens",
                     s->rrule, s->dtstart);
            return BELONG_EDATA;
        }
    }
    p->has_rule = true;
    if (!build_iterator || checked_before(s, p))
        return BELONG_OK;
    /* libical refuses some combinations only when it builds an iterator. */
    icalrecur_iterator *it = icalrecur_iterator_new(p->rule, wall_to_ical(&p->dtstart));
    if (!it) {
        snprintf(err, errlen, "rrule \"%.80s\" is rejected by libical (%s)", s->rrule,
                 icalerror_strerror(icalerrno));
        icalerror_clear_errno();
        return BELONG_EDATA;
    }
    icalrecur_iterator_free(it);
    checked_remember(s, p);
    return BELONG_OK;
}

/* Parses every part of the schedule (check_rule: also let libical build an iterator, which
** refuses some rules the parser accepts). Returns 0, or BELONG_EDATA with a reason in err;
** either way the caller calls parsed_free. */
static int parse_schedule(const struct schedule *s, struct parsed *p, bool check_rule, char *err,
                          size_t errlen)
{
    memset(p, 0, sizeof *p);
    if (!s->dtstart || !*s->dtstart) {
        snprintf(err, errlen, "dtstart is missing");
        return BELONG_EDATA;
    }
    if (!parse_wall(s->dtstart, &p->dtstart)) {
        snprintf(err, errlen, "dtstart \"%.40s\" is not a local YYYYMMDDTHHMMSS or YYYYMMDD",
                 s->dtstart);
        return BELONG_EDATA;
    }
    if (s->duration_s < 0) {
        snprintf(err, errlen, "duration %d s is negative", s->duration_s);
        return BELONG_EDATA;
    }
    int rc = zone_open(s, &p->zone, err, errlen);
    if (rc == BELONG_OK && ((s->vtimezone && *s->vtimezone) ||
                            (s->tzid && *s->tzid && strcmp(s->tzid, BELONG_DEFAULT_TZ) != 0))) {
        struct schedule directory = {.tzid = (char *)BELONG_DEFAULT_TZ};
        rc = zone_open(&directory, &p->directory_zone, err, errlen);
        p->other_zone = rc == BELONG_OK;
    }
    if (rc == BELONG_OK && s->rrule && *s->rrule)
        rc = parse_rule(s, p, check_rule, err, errlen);
    if (rc == BELONG_OK && !parse_wall_list(s->rdates, "rdate", true, &p->rdates, err, errlen))
        rc = BELONG_EDATA;
    if (rc == BELONG_OK && !parse_wall_list(s->exdates, "exdate", false, &p->exdates, err, errlen))
        rc = BELONG_EDATA;
    if (rc == BELONG_OK && p->exdates.n > 1) /* items is NULL when there are none */
        qsort(p->exdates.items, p->exdates.n, sizeof *p->exdates.items, by_day);
    struct wall w;
    if (rc == BELONG_OK && s->valid_from && *s->valid_from) {
        if (parse_iso_date(s->valid_from, &w)) {
            p->has_valid_from = true;
            p->valid_from_days = wall_days(&w);
        } else {
            snprintf(err, errlen, "valid_from \"%.40s\" is not a date YYYY-MM-DD", s->valid_from);
            rc = BELONG_EDATA;
        }
    }
    if (rc == BELONG_OK && s->valid_to && *s->valid_to) {
        if (parse_iso_date(s->valid_to, &w)) {
            p->has_valid_to = true;
            p->valid_to_days = wall_days(&w);
        } else {
            snprintf(err, errlen, "valid_to \"%.40s\" is not a date YYYY-MM-DD", s->valid_to);
            rc = BELONG_EDATA;
        }
    }
    if (rc == BELONG_OK && p->has_valid_from && p->has_valid_to &&
        p->valid_to_days < p->valid_from_days) {
        snprintf(err, errlen, "valid_to %s is before valid_from %s", s->valid_to, s->valid_from);
        rc = BELONG_EDATA;
    }
    return rc;
}

int schedule_check(const struct schedule *s, char *err, size_t errlen)
{
    struct parsed p;
    int rc = parse_schedule(s, &p, true, err, errlen);
    parsed_free(&p);
    return rc;
}

/* ---- expansion ------------------------------------------------------------------------- */

struct occurrence_set {
    struct occurrence *items;
    size_t n, cap;
};

static bool is_excluded(const struct parsed *p, const struct wall *w)
{
    long days = wall_days(w);
    size_t lo = 0, hi = p->exdates.n; /* the first EXDATE on or after the day */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (wall_days(&p->exdates.items[mid]) < days)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < p->exdates.n && wall_days(&p->exdates.items[i]) == days; i++) {
        const struct wall *x = &p->exdates.items[i];
        /* A date-only EXDATE removes the whole local day. */
        if (x->is_date || w->is_date ||
            (x->hour == w->hour && x->minute == w->minute && x->second == w->second))
            return true;
    }
    return false;
}

/* Adds the occurrence starting at local wall time w if it lies in the window and the validity
** dates and is not excluded. Returns false once w starts at or after `to` (nothing later can
** be in the window). */
static bool consider(const struct parsed *p, const struct schedule *s, const struct wall *w,
                     time_t from, time_t to, struct occurrence_set *set)
{
    long days = wall_days(w);
    if (p->has_valid_to && days > p->valid_to_days)
        return false;
    if (p->has_valid_from && days < p->valid_from_days)
        return true;
    bool in_gap;
    time_t start = wall_to_instant(&p->zone, w, &in_gap);
    if (start >= to)
        return false;
    if (start < from || is_excluded(p, w))
        return true;
    struct occurrence occ;
    occ.start = start;
    if (w->is_date) {
        /* An all-day event spans whole local days, whatever their length in hours. */
        long n_days = s->duration_s > SECONDS_PER_DAY
                          ? (s->duration_s + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY
                          : 1;
        struct wall end = wall_from_utc((time_t)(days + n_days) * SECONDS_PER_DAY);
        occ.end = wall_to_instant(&p->zone, &end, NULL);
        occ.start_minute = 0;
    } else {
        occ.end = start + (w->length_s > 0 ? w->length_s : s->duration_s);
        struct wall actual = *w;
        if (in_gap)
            actual = instant_to_wall(&p->zone, start); /* 02:30 became 03:30 */
        occ.start_minute = actual.hour * 60 + actual.minute;
        days = wall_days(&actual);
    }
    if (p->other_zone) {
        struct wall there = instant_to_wall(&p->directory_zone, start);
        occ.start_minute = there.hour * 60 + there.minute;
        days = wall_days(&there);
    }
    occ.weekday = (int)(((days % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 16;
        set->items = xrealloc(set->items, set->cap * sizeof *set->items);
    }
    set->items[set->n++] = occ;
    return true;
}

/* libical's iterator costs microseconds a step, and an import expands many schedules that
** share a rule and a DTSTART over the same window: the local starts it produced are remembered
** per thread, keyed by everything that decides them. Only built-in zones are remembered (a
** VTIMEZONE zone is freed after each expansion, so its address means nothing later). */
#define MEMO_SLOTS     16384
#define MEMO_MAX_WALLS 1024
struct memo_slot {
    char *rrule, *dtstart;
    icaltimezone *tz;
    time_t from, to;
    long valid_from_days, valid_to_days; /* LONG_MIN / LONG_MAX when absent */
    struct wall *walls;
    size_t n;
};
static _Thread_local struct memo_slot memo[MEMO_SLOTS];

/* A thread's memo is freed when the thread ends (a server's worker): its slots are registered
** with a key whose destructor frees them the first time the thread fills one. */
static pthread_key_t memo_key;
static pthread_once_t memo_key_once = PTHREAD_ONCE_INIT;

static void memo_free(void *slots)
{
    struct memo_slot *m = slots;
    for (size_t i = 0; i < MEMO_SLOTS; i++) {
        free(m[i].rrule);
        free(m[i].dtstart);
        free(m[i].walls);
        m[i] = (struct memo_slot){0};
    }
}

static void memo_key_create(void)
{
    pthread_key_create(&memo_key, memo_free);
}

static struct memo_slot *memo_slot_for(const struct parsed *p, const struct schedule *s,
                                       time_t from, time_t to, bool *hit)
{
    uint64_t h = 1469598103934665603u;
    for (const char *c = s->rrule; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211u;
    for (const char *c = s->dtstart; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211u;
    h ^= (uint64_t)from * 31u + (uint64_t)to + (uint64_t)(uintptr_t)p->zone.tz;
    struct memo_slot *m = &memo[h % MEMO_SLOTS];
    long vf = p->has_valid_from ? p->valid_from_days : LONG_MIN;
    long vt = p->has_valid_to ? p->valid_to_days : LONG_MAX;
    *hit = m->rrule && m->tz == p->zone.tz && m->from == from && m->to == to &&
           m->valid_from_days == vf && m->valid_to_days == vt && strcmp(m->rrule, s->rrule) == 0 &&
           strcmp(m->dtstart, s->dtstart) == 0;
    if (!*hit) {
        pthread_once(&memo_key_once, memo_key_create);
        if (!pthread_getspecific(memo_key))
            pthread_setspecific(memo_key, memo);
        free(m->rrule);
        free(m->dtstart);
        free(m->walls);
        m->rrule = xstrdup(s->rrule);
        m->dtstart = xstrdup(s->dtstart);
        m->tz = p->zone.tz;
        m->from = from;
        m->to = to;
        m->valid_from_days = vf;
        m->valid_to_days = vt;
        m->walls = NULL;
        m->n = 0;
    }
    return m;
}

/* Runs libical's iterator over the rule, from near `from` (when COUNT does not forbid
** skipping) until an occurrence starts at or after `to`. Returns 0, or BELONG_EDATA when
** libical refuses the rule. */
static int expand_rule(const struct parsed *p, const struct schedule *s, time_t from, time_t to,
                       struct occurrence_set *set)
{
    bool hit = false;
    struct memo_slot *m = p->zone.owned ? NULL : memo_slot_for(p, s, from, to, &hit);
    if (hit) {
        for (size_t i = 0; i < m->n; i++)
            consider(p, s, &m->walls[i], from, to, set);
        return BELONG_OK;
    }
    icalrecur_iterator *it = icalrecur_iterator_new(p->rule, wall_to_ical(&p->dtstart));
    if (!it) {
        icalerror_clear_errno();
        if (m) {
            free(m->rrule); /* forget the slot: nothing was recorded */
            m->rrule = NULL;
        }
        return BELONG_EDATA;
    }
    /* Start a day early so that no zone offset can make us miss the first occurrence. */
    struct wall skip_to = instant_to_wall(&p->zone, from - SECONDS_PER_DAY);
    skip_to.hour = skip_to.minute = skip_to.second = 0;
    if (p->has_valid_from && wall_days(&skip_to) < p->valid_from_days)
        skip_to = wall_from_utc((time_t)p->valid_from_days * SECONDS_PER_DAY);
    skip_to.is_date = p->dtstart.is_date;
    if (p->rule.count == 0 && wall_as_utc(&skip_to) > wall_as_utc(&p->dtstart))
        icalrecur_iterator_set_start(it, wall_to_ical(&skip_to));
    size_t cap = 0;
    for (long steps = 0; steps < MAX_ITERATOR_STEPS; steps++) {
        struct icaltimetype t = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(t))
            break;
        struct wall w = wall_from_ical(t);
        if (!consider(p, s, &w, from, to, set))
            break;
        if (m && m->n < MEMO_MAX_WALLS) {
            if (m->n == cap) {
                cap = cap ? cap * 2 : 16;
                m->walls = xrealloc(m->walls, cap * sizeof *m->walls);
            }
            m->walls[m->n++] = w;
        } else if (m) {
            free(m->rrule); /* too long to remember */
            m->rrule = NULL;
            m = NULL;
        }
    }
    icalrecur_iterator_free(it);
    return BELONG_OK;
}

/* The order of occurrences: by start, then the longest first (so that the order is the same
** whatever qsort does with ties). */
static int by_start(const void *a, const void *b)
{
    const struct occurrence *x = a, *y = b;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    return (x->end < y->end) - (x->end > y->end);
}

int schedule_expand(const struct schedule *s, time_t from, time_t to, occurrence_fn emit, void *ctx)
{
    char err[256];
    struct parsed p;
    struct occurrence_set set = {0};
    int rc = parse_schedule(s, &p, false, err, sizeof err);
    if (rc != BELONG_OK)
        goto out;
    /* Keep instants within the years belong reads (1900-2999), far from time_t overflow. */
    if (from < BELONG_INSTANT_MIN)
        from = BELONG_INSTANT_MIN;
    if (to > BELONG_INSTANT_MAX)
        to = BELONG_INSTANT_MAX;
    if (from >= to)
        goto out;
    zone_cover(&p.zone, from, to);
    if (p.has_rule)
        rc = expand_rule(&p, s, from, to, &set);
    else
        consider(&p, s, &p.dtstart, from, to, &set);
    bool sorted = true;
    for (size_t i = 0; rc == BELONG_OK && i < p.rdates.n; i++) {
        struct wall w = p.rdates.items[i];
        /* An RDATE of the other kind takes DTSTART's kind (and time of day). */
        if (p.dtstart.is_date && !w.is_date) {
            w.is_date = true;
            w.hour = w.minute = w.second = 0;
        } else if (!p.dtstart.is_date && w.is_date) {
            w.is_date = false;
            w.hour = p.dtstart.hour;
            w.minute = p.dtstart.minute;
            w.second = p.dtstart.second;
        }
        size_t before = set.n;
        consider(&p, s, &w, from, to, &set);
        if (set.n != before)
            sorted = false;
    }
    if (!sorted)
        qsort(set.items, set.n, sizeof *set.items, by_start);
    for (size_t i = 0; i < set.n && rc == BELONG_OK; i++) {
        /* Occurrences of one start are one (RFC 5545 3.8.5.2): an RDATE with a PERIOD names that
        ** instance and its length, so its length is kept (the longest, of several). */
        size_t run = i, pick = i;
        while (run + 1 < set.n && set.items[run + 1].start == set.items[i].start)
            run++;
        for (size_t k = run + 1; k-- > i;) /* the first of a length not the series' */
            if (set.items[k].end - set.items[k].start != s->duration_s)
                pick = k;
        rc = emit(ctx, &set.items[pick]);
        i = run;
    }
out:
    free(set.items);
    parsed_free(&p);
    return rc;
}
