/* demo_record.c — turning one activity template into an import record for a town: naming its
** organisation, filling in the text, choosing cost and access, and writing its schedule as an
** RFC 5545 rule anchored near today (so the occurrence horizon is never empty).
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/timeutil.h"
#include "demo_internal.h"

/* Recurring schedules start 20 weeks ago, so that the demo peers' records (demo_stories.c) can
** go back four months; a whole number of fortnights, so every-other-week phases stay put. */
#define DAYS_BEFORE_TODAY  140
#define ONCE_EARLIEST_DAYS 3 /* one-off events fall 3..90 days ahead */
#define ONCE_SPREAD_DAYS   88
#define SEASON_FIRST_MONTH 4 /* seasonal activities run April to October */
#define SEASON_LAST_MONTH  10

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
static const char *const ordinal_names[6] = {"last", "first", "second", "third", "fourth", "fifth"};

long demo_today(time_t now)
{
    struct civil_date date;
    instant_to_local(now, NULL, &date, NULL, NULL, NULL);
    return days_from_civil(&date);
}

static int weekday_of(long days)
{
    return (int)(((days % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
}

static int day_code_index(const char *code)
{
    for (int i = 0; i < 7; i++)
        if (strncmp(code, weekday_code(i), 2) == 0)
            return i;
    return -1;
}

/* The day of the n-th (n = -1: last) weekday wd in the month of `day`. */
static long nth_weekday_of_month(long day, int n, int wd)
{
    struct civil_date d = civil_from_days(day);
    d.day = 1;
    long first = days_from_civil(&d);
    if (n > 0)
        return first + (wd - weekday_of(first) + 7) % 7 + (n - 1) * 7L;
    d.month = d.month == 12 ? 1 : d.month + 1;
    d.year += d.month == 1;
    long last = days_from_civil(&d) - 1;
    return last - (weekday_of(last) - wd + 7) % 7;
}

/* The first day >= from whose weekday is in mask (bit i = day i, Monday first). */
static long first_matching_day(long from, unsigned mask)
{
    for (long day = from; day < from + 7; day++)
        if (mask & (1u << weekday_of(day)))
            return day;
    return from;
}

static void put_local(struct buf *b, long day, int minute)
{
    struct civil_date d = civil_from_days(day);
    buf_printf(b, "%04d%02d%02dT%02d%02d00", d.year, d.month, d.day, minute / 60, minute % 60);
}

static void put_clock(struct buf *b, int minute)
{
    int h = minute / 60 % 24, m = minute % 60;
    buf_printf(b, "%d:%02d %s", h % 12 == 0 ? 12 : h % 12, m, h < 12 ? "am" : "pm");
}

/* Chooses concrete days for "*" (a weekday, Saturday now and then). OUT: mask; text in out. */
static unsigned choose_days(const char *days, struct rng *rng, struct buf *out)
{
    unsigned mask = 0;
    if (strcmp(days, "*") == 0) {
        int wd = rng_percent(rng, 15) ? 5 : (int)rng_below(rng, 5);
        buf_puts(out, weekday_code(wd));
        return 1u << wd;
    }
    buf_puts(out, days);
    for (const char *p = days; *p; p += strcspn(p, ","), p += *p == ',') {
        int wd = day_code_index(p);
        if (wd >= 0)
            mask |= 1u << wd;
    }
    return mask ? mask : 1u;
}

/* "Tuesday", "Monday, Wednesday and Friday", "weekdays". */
static void put_day_list(struct buf *b, unsigned mask)
{
    if (mask == 0x1f) {
        buf_puts(b, "weekdays");
        return;
    }
    int count = __builtin_popcount(mask), done = 0;
    for (int i = 0; i < 7; i++) {
        if (!(mask & (1u << i)))
            continue;
        if (done > 0)
            buf_puts(b, done == count - 1 ? " and " : ", ");
        buf_puts(b, weekday_name(i));
        done++;
    }
}

/* Fills s with the schedule of one copy. Cannot fail. */
static void make_schedule(struct schedule *s, const struct demo_template *t, enum recur_kind recur,
                          const char *days, long today, struct rng *rng)
{
    struct buf rule = {0}, chosen = {0}, text = {0}, start = {0};
    long anchor = today - DAYS_BEFORE_TODAY, first;
    s->duration_s = t->minutes * 60;
    switch (recur) {
    case RECUR_ONCE: {
        first = today + ONCE_EARLIEST_DAYS + rng_below(rng, ONCE_SPREAD_DAYS);
        struct civil_date d = civil_from_days(first);
        buf_printf(&text, "Once, on %s, %s %d, ", weekday_name(weekday_of(first)),
                   month_names[d.month - 1], d.day);
        break;
    }
    case RECUR_MONTHLY: {
        long n = strtol(days, NULL, 10);
        const char *code = days + strspn(days, "-0123456789");
        int wd = day_code_index(code);
        if (n < -1 || n == 0 || n > 4 || wd < 0) { /* checked on load (valid_monthly_day) */
            n = 1;
            wd = 0;
        }
        first = nth_weekday_of_month(anchor, (int)n, wd);
        buf_printf(&rule, "FREQ=MONTHLY;BYDAY=%ld%s", n, weekday_code(wd));
        buf_printf(&text, "The %s %s of the month, ", ordinal_names[n < 0 ? 0 : n],
                   weekday_name(wd));
        break;
    }
    default: {
        unsigned mask = choose_days(days, rng, &chosen);
        if (recur == RECUR_BIWEEKLY)
            anchor -= rng_below(rng, 14);
        first = first_matching_day(anchor, mask);
        buf_printf(&rule, "FREQ=WEEKLY;%sBYDAY=%s", recur == RECUR_BIWEEKLY ? "INTERVAL=2;" : "",
                   buf_str(&chosen));
        buf_puts(&text, recur == RECUR_BIWEEKLY ? "Every other " : "Every ");
        put_day_list(&text, mask);
        buf_puts(&text, ", ");
        if (recur == RECUR_SEASONAL) {
            struct civil_date d = civil_from_days(today);
            int year = d.month > SEASON_LAST_MONTH ? d.year + 1 : d.year;
            char from[16], to[16];
            snprintf(from, sizeof from, "%04d-%02d-01", year, SEASON_FIRST_MONTH);
            snprintf(to, sizeof to, "%04d-%02d-31", year, SEASON_LAST_MONTH);
            s->valid_from = xstrdup(from);
            s->valid_to = xstrdup(to);
            buf_printf(&text, "%s to %s, ", month_names[SEASON_FIRST_MONTH - 1],
                       month_names[SEASON_LAST_MONTH - 1]);
        } else if (recur == RECUR_WEEKLY_EXCEPT) {
            long skipped = first_matching_day(today + 14 + rng_below(rng, 21), mask);
            struct civil_date d = civil_from_days(skipped);
            struct buf ex = {0};
            put_local(&ex, skipped, t->start_minute);
            s->exdates = buf_detach(&ex);
            buf_printf(&text, "except %s %d (holiday week), ", month_names[d.month - 1], d.day);
        }
        break;
    }
    }
    put_clock(&text, t->start_minute);
    buf_puts(&text, " to ");
    put_clock(&text, t->start_minute + t->minutes);
    put_local(&start, first, t->start_minute);
    s->dtstart = buf_detach(&start);
    s->rrule = rule.len ? buf_detach(&rule) : NULL;
    s->description = buf_detach(&text);
    buf_free(&rule);
    buf_free(&chosen);
}

/* Copies pattern with {place}, {town}, {region} and {org} filled in. Caller frees. */
static char *fill(const char *pattern, const char *place, const struct demo_town *town,
                  const char *org)
{
    struct buf out = {0};
    for (const char *p = pattern; *p;) {
        const char *value = NULL;
        size_t skip = 0;
        if (strncmp(p, "{place}", 7) == 0)
            value = place, skip = 7;
        else if (strncmp(p, "{town}", 6) == 0)
            value = town->town, skip = 6;
        else if (strncmp(p, "{region}", 8) == 0)
            value = town->region, skip = 8;
        else if (strncmp(p, "{org}", 5) == 0)
            value = org, skip = 5;
        if (value) {
            buf_puts(&out, value);
            p += skip;
        } else {
            buf_putc(&out, *p++);
        }
    }
    return buf_detach(&out);
}

void demo_orgs_init(struct demo_orgs *o, size_t n_towns, size_t n_kinds)
{
    o->n_kinds = n_kinds;
    o->names = xcalloc(n_towns * n_kinds + 1, sizeof *o->names);
    o->places = xcalloc(n_towns * n_kinds + 1, sizeof *o->places);
}

void demo_orgs_free(struct demo_orgs *o, size_t n_towns)
{
    for (size_t i = 0; i < n_towns * o->n_kinds; i++) {
        free(o->names[i]);
        free(o->places[i]);
    }
    free(o->names);
    free(o->places);
    memset(o, 0, sizeof *o);
}

/* The organisation of kind `kind` in the copy's town, named on first use. OUT: *place. */
static const char *org_for(const struct demo_data *d, struct demo_orgs *orgs,
                           const struct demo_copy *c, struct rng *rng, const char **place)
{
    size_t slot = c->town_index * orgs->n_kinds + c->tpl->kind;
    if (!orgs->names[slot]) {
        size_t n_patterns = 0, chosen;
        for (size_t i = 0; i < d->n_orgs; i++)
            n_patterns += d->orgs[i].kind == c->tpl->kind;
        chosen = rng_below(rng, (uint32_t)n_patterns);
        const char *pattern = "{town} Community Center";
        for (size_t i = 0; i < d->n_orgs; i++)
            if (d->orgs[i].kind == c->tpl->kind && chosen-- == 0)
                pattern = d->orgs[i].pattern;
        const struct demo_town *t = c->town;
        orgs->places[slot] =
            xstrdup(t->n_places ? t->places[rng_below(rng, (uint32_t)t->n_places)]
                                : d->streets[rng_below(rng, (uint32_t)d->n_streets)]);
        orgs->names[slot] = fill(pattern, orgs->places[slot], t, NULL);
    }
    *place = orgs->places[slot];
    return orgs->names[slot];
}

static int choose_cost_cents(const struct demo_template *t, struct rng *rng)
{
    int lo = t->cost_min_usd, hi = t->cost_max_usd;
    if (hi == 0)
        return 0;
    if (lo == 0) {
        if (rng_percent(rng, 50))
            return 0;
        lo = 5;
    }
    int steps = (hi - lo) / 5 + 1;
    return (lo + 5 * (int)rng_below(rng, (uint32_t)steps)) * 100;
}

/* Lower-cases a tag list in place. */
static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

void demo_add_activity(struct import_batch *b, const struct demo_data *d, struct demo_orgs *orgs,
                       const struct demo_copy *c, long today, struct rng *rng)
{
    const struct demo_template *t = c->tpl;
    const struct demo_town *town = c->town;
    const char *place = NULL;
    const char *org = org_for(d, orgs, c, rng, &place);
    struct import_record *r = import_batch_add(b);
    struct activity *a = &r->activity;
    struct buf text = {0};

    a->source_ref = xstrdup(c->ref);
    a->name = fill(t->name, place, town, org);
    if (c->topic) {
        buf_printf(&text, "%s: %c%s", a->name, toupper((unsigned char)c->topic[0]), c->topic + 1);
        free(a->name);
        a->name = buf_detach(&text);
    }
    a->description = fill(t->description, place, town, org);
    if (c->topic) {
        buf_printf(&text, "%s This season's theme is %s.", a->description, c->topic);
        free(a->description);
        a->description = buf_detach(&text);
    }
    a->organization = xstrdup(org);
    a->category = xstrdup(t->category);
    a->tags = fill(t->tags, place, town, org);
    if (c->topic) {
        buf_printf(&text, "%s,%s", a->tags, c->topic);
        free(a->tags);
        a->tags = buf_detach(&text);
    }
    lower(a->tags);
    a->intensity = t->intensity;
    a->access = t->access;
    if (!t->is_virtual) {
        a->access |= rng_percent(rng, 45) ? ACCESS_WHEELCHAIR : 0;
        a->access |= rng_percent(rng, 35) ? ACCESS_TRANSIT : 0;
        a->access |= rng_percent(rng, 4) ? ACCESS_ASL : 0;
    }
    a->languages = xstrdup(town->languages);
    a->cost_cents = choose_cost_cents(t, rng);
    int spread = t->group_size * 3 / 10;
    a->group_size = t->group_size - spread + (int)rng_below(rng, (uint32_t)(2 * spread + 1));
    if (a->group_size < 2)
        a->group_size = 2;
    a->peer_run = t->peer_run ? TRI_YES : TRI_NO;
    a->substance_free = t->substance_free ? TRI_YES : TRI_UNKNOWN;
    a->drop_in = t->drop_in ? TRI_YES : t->registration ? TRI_NO : TRI_UNKNOWN;
    a->is_virtual = t->is_virtual;
    a->active = true;
    if (t->is_virtual) {
        a->location_name = xstrdup("Online (video call)");
    } else {
        a->location_name = xstrdup(org);
        buf_printf(&text, "%u %s", 1 + rng_below(rng, 899),
                   d->streets[rng_below(rng, (uint32_t)d->n_streets)]);
        a->address = buf_detach(&text);
    }
    /* A virtual activity keeps its host's town but has no place on the map, as an HSDS
    ** virtual location has none. */
    a->town = xstrdup(town->town);
    a->zip = xstrdup(town->zip);
    a->has_coords = !t->is_virtual;
    if (!t->is_virtual)
        demo_venue_point(town, a->address, &a->lat, &a->lon);
    demo_contacts(a, town, org);

    struct schedule s = {0};
    make_schedule(&s, t, c->recur, c->days ? c->days : "*", today, rng);
    import_record_add_schedule(r, &s);
    r->file = xstrdup("data/demo/activities.tsv"); /* the template, for messages */
}
