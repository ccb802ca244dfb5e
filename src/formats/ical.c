/* ical.c — iCalendar import: libical parses the file, this turns VEVENTs into activities and
** schedules, and finds the line numbers libical does not keep, for FILE:LINE messages.
** One linear scan of the text checks nesting and the limits (util/limits.h), notes where each
** VEVENT and property is, and keeps a skeleton of the file without its VEVENTs: libical
** parses the skeleton (calendar properties, VTIMEZONEs, checked before any use) once and each
** VEVENT alone, so it never holds more than one event.
** Events carry no ids for places: the folded LOCATION text and GEO key the activity's location
** row; its organisation (ORGANIZER CN, else X-WR-CALNAME) is keyed by its name.
*/
#include "ical.h"

#include <ctype.h>
#include <stdarg.h>
#include <libical/ical.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "../util/infile.h"
#include "../util/limits.h"
#include "../util/rc.h"
#include "../util/text.h"
#include "../directory/schedule.h"
#include "../util/timeutil.h"
#include "csv.h"
#include "ical_zones.h"
#include "words.h"

#define WALL_LEN       16 /* "YYYYMMDDTHHMMSS" and NUL */
#define MAX_DURATION_S ((long long)SCHEDULE_LENGTH_MAX_S)

/* ---- where things are in the file ------------------------------------------------------ */

/* A property line of a VEVENT (its own properties, not those of a VALARM inside it). */
struct prop_pos {
    char name[32];
    long line;
    long values; /* libical makes one property of each value of an RDATE, EXDATE or CATEGORIES */
};

/* Counts the values of a content line of those properties, across its folded lines: the
** commas of its value (past the first ':' outside quotes; an escaped "\," is text). */
struct value_count {
    struct prop_pos *prop; /* the property counted, or NULL */
    bool in_value, in_quote, escaped;
};

static void count_values(struct value_count *vc, const char *seg, size_t len)
{
    for (size_t i = 0; vc->prop && i < len; i++) {
        char c = seg[i];
        if (!vc->in_value) {
            if (c == '"')
                vc->in_quote = !vc->in_quote;
            else if (c == ':' && !vc->in_quote)
                vc->in_value = true;
        } else if (vc->escaped) {
            vc->escaped = false;
        } else if (c == '\\') {
            vc->escaped = true;
        } else if (c == ',') {
            vc->prop->values++;
        }
    }
}

/* A VEVENT or VTIMEZONE as the text shows it: where it begins, whether it ends, its property
** lines (a VTIMEZONE's: those of its STANDARD and DAYLIGHT parts too). */
struct event_pos {
    long line;
    bool closed;
    size_t from, to;  /* its text: the offsets of its BEGIN line and past its END line */
    size_t calendar;  /* which VCALENDAR of the file holds it, from 0 */
    bool is_override; /* a VEVENT with a RECURRENCE-ID */
    struct prop_pos *props;
    size_t n, cap;
};

struct scan {
    struct event_pos *events;
    size_t n, cap;
    size_t n_calendars;      /* VCALENDARs begun */
    struct event_pos *zones; /* the VTIMEZONEs */
    size_t n_zones, cap_zones;
    struct buf repair; /* END lines that close what a truncated file left open */
    /* The file without its VEVENTs (each is parsed alone, so that libical never holds more
    ** than one at a time), closed as repair closes the file. */
    struct buf skeleton;
};

static void scan_free(struct scan *sc)
{
    for (size_t i = 0; i < sc->n; i++)
        free(sc->events[i].props);
    free(sc->events);
    for (size_t i = 0; i < sc->n_zones; i++)
        free(sc->zones[i].props);
    free(sc->zones);
    buf_free(&sc->repair);
    buf_free(&sc->skeleton);
}

/* Copies the name of a content line (up to ';' or ':') in upper case. */
static void line_name(const char *line, size_t len, char *out, size_t outlen)
{
    size_t i = 0;
    while (i < len && i + 1 < outlen && line[i] != ';' && line[i] != ':') {
        out[i] = (char)toupper((unsigned char)line[i]);
        i++;
    }
    out[i] = '\0';
}

/* The value of a BEGIN/END line, upper case, without trailing blanks. */
static void line_value(const char *line, size_t len, char *out, size_t outlen)
{
    const char *colon = memchr(line, ':', len);
    size_t o = 0;
    if (colon)
        for (const char *p = colon + 1; p < line + len && o + 1 < outlen; p++)
            out[o++] = (char)toupper((unsigned char)*p);
    while (o > 0 && isspace((unsigned char)out[o - 1]))
        o--;
    out[o] = '\0';
}

#define SCAN_DEPTH 16

/* A new position at the end of *list. Cannot fail. */
static struct event_pos *pos_add(struct event_pos **list, size_t *n, size_t *cap, long line)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *list = xrealloc(*list, *cap * sizeof **list);
    }
    struct event_pos *ev = &(*list)[(*n)++];
    memset(ev, 0, sizeof *ev);
    ev->line = line;
    return ev;
}

static void pos_add_prop(struct event_pos *ev, const char *name, long line)
{
    if (ev->n == ev->cap) {
        ev->cap = ev->cap ? ev->cap * 2 : 16;
        ev->props = xrealloc(ev->props, ev->cap * sizeof *ev->props);
    }
    snprintf(ev->props[ev->n].name, sizeof ev->props[ev->n].name, "%s", name);
    ev->props[ev->n].values = 1;
    ev->props[ev->n++].line = line;
}

/* Walks the text once: notes each top-level VEVENT's line and property lines, checks BEGIN/END
** nesting and reports what is wrong with it. Returns false (reported) when the file is not
** iCalendar or its nesting is broken; a file that merely ends early is repaired (sc->repair). */
static bool scan_text(const char *path, const char *text, struct scan *sc, struct diag *diag)
{
    char stack[SCAN_DEPTH][32];
    long stack_line[SCAN_DEPTH];
    int depth = 0;
    long lineno = 0;
    bool seen_first = false;
    struct event_pos *ev = NULL;   /* the VEVENT being read, if any */
    struct event_pos *zone = NULL; /* the VTIMEZONE being read, if any */
    long content_line = 0;         /* where the current (unfolded) content line begins */
    struct value_count values = {0};
    size_t content_len = 0; /* its length so far, unfolded */
    char limit[32];
    limit_text(INPUT_LINE_MAX, limit, sizeof limit);
    long calendars = 0;
    size_t kept = 0; /* the skeleton holds text[0..kept) but the VEVENTs */
    int event_depth = 0;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        lineno++;
        const char *line = p;
        p = eol ? eol + 1 : p + len;
        if (len > 0 && line[len - 1] == '\r')
            len--;
        bool folded = len > 0 && (line[0] == ' ' || line[0] == '\t');
        content_len = folded ? content_len + len - 1 : len;
        if (!folded)
            content_line = lineno;
        if (content_len > INPUT_LINE_MAX) {
            diag_add(diag, path, content_line, NULL,
                     "longer than the %s-byte limit for one line (unfolded)", limit);
            return false;
        }
        if (folded)
            count_values(&values, line + 1, len - 1);
        else
            values.prop = NULL;
        if (len == 0 || folded)
            continue; /* blank, or the continuation of a folded line */
        char name[32], value[32];
        line_name(line, len, name, sizeof name);
        if (!seen_first) {
            seen_first = true;
            line_value(line, len, value, sizeof value);
            if (strcmp(name, "BEGIN") != 0 || strcmp(value, "VCALENDAR") != 0) {
                diag_add(diag, path, lineno, "VCALENDAR",
                         "not an iCalendar file: it must begin with BEGIN:VCALENDAR");
                return false;
            }
        }
        if (strcmp(name, "BEGIN") == 0) {
            line_value(line, len, value, sizeof value);
            if (depth == SCAN_DEPTH) {
                diag_add(diag, path, lineno, "BEGIN", "components nested too deeply");
                return false;
            }
            if (strcmp(value, "VCALENDAR") == 0 && depth == 0)
                sc->n_calendars = (size_t)++calendars;
            if (strcmp(value, "VEVENT") == 0 && depth == 1) {
                if (sc->n == INPUT_MAX_RECORDS) {
                    diag_add(diag, path, lineno, "VEVENT", "more than the %s-event limit",
                             limit_text(INPUT_MAX_RECORDS, limit, sizeof limit));
                    return false;
                }
                ev = pos_add(&sc->events, &sc->n, &sc->cap, lineno);
                ev->from = (size_t)(line - text);
                ev->calendar = calendars > 0 ? (size_t)calendars - 1 : 0;
                buf_append(&sc->skeleton, text + kept, ev->from - kept);
                event_depth = depth;
            } else if (strcmp(value, "VTIMEZONE") == 0 && depth == 1) {
                zone = pos_add(&sc->zones, &sc->n_zones, &sc->cap_zones, lineno);
            }
            snprintf(stack[depth], sizeof stack[depth], "%s", value);
            stack_line[depth++] = lineno;
        } else if (strcmp(name, "END") == 0) {
            line_value(line, len, value, sizeof value);
            if (depth == 0 || strcmp(stack[depth - 1], value) != 0) {
                /* Broken nesting: libical would guess; belong refuses the file. */
                if (depth > 0)
                    diag_add(diag, path, lineno, "END", "END:%s does not close BEGIN:%s (line %ld)",
                             value, stack[depth - 1], stack_line[depth - 1]);
                else
                    diag_add(diag, path, lineno, "END", "END:%s closes nothing", value);
                return false;
            }
            depth--;
            if (depth == 1 && ev && strcmp(value, "VEVENT") == 0) {
                ev->closed = true;
                ev->to = kept = (size_t)(p - text);
                ev = NULL;
            } else if (depth == 1 && zone && strcmp(value, "VTIMEZONE") == 0) {
                zone->closed = true;
                zone = NULL;
            }
        } else if (ev && depth == 2) {
            pos_add_prop(ev, name, lineno);
            ev->is_override = ev->is_override || strcmp(name, "RECURRENCE-ID") == 0;
            if (strcmp(name, "EXDATE") == 0 || strcmp(name, "RDATE") == 0 ||
                strcmp(name, "CATEGORIES") == 0) {
                values = (struct value_count){.prop = &ev->props[ev->n - 1]};
                count_values(&values, line, len);
            }
        } else if (zone && depth >= 2) {
            pos_add_prop(zone, name, lineno);
        }
    }
    if (!seen_first) {
        diag_add(diag, path, 1, "VCALENDAR", "the file is empty");
        return false;
    }
    if (!ev)
        buf_append(&sc->skeleton, text + kept, (size_t)(p - text) - kept);
    if (sc->skeleton.len && sc->skeleton.data[sc->skeleton.len - 1] != '\n')
        buf_puts(&sc->skeleton, "\r\n");
    if (depth > 0) {
        diag_add(diag, path, stack_line[depth - 1], stack[depth - 1],
                 "BEGIN:%s is never closed: the file ends before END:%s (truncated?)",
                 stack[depth - 1], stack[depth - 1]);
        for (int i = depth - 1; i >= 0; i--) {
            buf_printf(&sc->repair, "END:%s\r\n", stack[i]);
            if (!ev || i < event_depth) /* the open VEVENT is not in the skeleton */
                buf_printf(&sc->skeleton, "END:%s\r\n", stack[i]);
        }
    }
    return true;
}

/* The line of the nth (from 0) property `name` of the component as libical counts them (a
** line of several RDATE, EXDATE or CATEGORIES values is as many properties), else of its first
** one, else the component's own line. */
static long prop_line_nth(const struct event_pos *ev, const char *name, size_t nth)
{
    if (!ev)
        return 0;
    long first = 0;
    for (size_t i = 0; i < ev->n; i++)
        if (strcmp(ev->props[i].name, name) == 0) {
            size_t values = ev->props[i].values > 0 ? (size_t)ev->props[i].values : 1;
            if (nth < values)
                return ev->props[i].line;
            nth -= values;
            if (!first)
                first = ev->props[i].line;
        }
    return first ? first : ev->line;
}

static long prop_line(const struct event_pos *ev, const char *name)
{
    return prop_line_nth(ev, name, 0);
}

/* How many properties of prop's kind come before it in comp and its parts (in text order, as
** libical keeps them). */
static size_t prop_ordinal(icalcomponent *comp, icalproperty *prop, bool deep, bool *found)
{
    icalproperty_kind kind = icalproperty_isa(prop);
    size_t n = 0;
    for (icalproperty *p = icalcomponent_get_first_property(comp, kind); p;
         p = icalcomponent_get_next_property(comp, kind), n++)
        if (p == prop) {
            *found = true;
            return n;
        }
    for (icalcomponent *c = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT);
         deep && c && !*found; c = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT))
        n += prop_ordinal(c, prop, deep, found);
    return n;
}

static long event_line(const struct event_pos *ev)
{
    return ev ? ev->line : 0;
}

/* ---- reading one event ----------------------------------------------------------------- */

struct ctx {
    const char *path;
    struct diag *diag;
    struct listing_words words; /* accessibility words; empty when the file cannot be read */
    icaltimezone *default_zone;
    struct import_batch *batch;
    /* The records this parse added, by UID: open addressing, batch index + 1 (0 = empty). */
    size_t *uid_slots;
    size_t uid_cap, uid_n;
    long rejected; /* series refused */
    /* What RECURRENCE-ID overrides change in the records, by batch index, added to them once
    ** all are read (ical_parse): the starts they exclude and those they move to. */
    struct override_dates {
        struct buf exdates, rdates;
        bool refused; /* an override the series cannot take: the series is refused */
    } * overrides;
    size_t n_overrides;
    /* The zones custom VTIMEZONEs are shown in (ical_matching_zone probes a zone for two years
    ** of changes), by calendar, TZID and year: the last few asked. */
    struct shown_zone {
        icalcomponent *cal;
        char *tzid; /* heap */
        int year;
        const char *shown; /* owned by libical, the calendar or ical_zones.c */
    } shown[8];
    unsigned next_shown;
};

/* A record being built; moved into the batch when it turns out valid. */
struct draft {
    struct import_record rec;
    bool ok;
    const struct event_pos *pos;
    icalcomponent *ev;    /* the VEVENT read */
    char reported[8][32]; /* properties already reported, so one fault gives one message */
    size_t n_reported;
};

static bool was_reported(const struct draft *d, const char *prop)
{
    for (size_t i = 0; i < d->n_reported; i++)
        if (strcmp(d->reported[i], prop) == 0)
            return true;
    return false;
}

static void draft_free(struct draft *d)
{
    activity_free(&d->rec.activity);
    for (size_t i = 0; i < d->rec.n_schedules; i++)
        schedule_free(&d->rec.schedules[i]);
    free(d->rec.schedules);
    free(d->rec.file);
    memset(d, 0, sizeof *d);
}

static void problem(struct ctx *cx, struct draft *d, const char *prop, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports a problem with property prop of the draft's event and marks the draft invalid. */
static void problem(struct ctx *cx, struct draft *d, const char *prop, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_add(cx->diag, cx->path, prop_line(d->pos, prop), prop, "%s", msg);
    d->ok = false;
    if (d->n_reported < sizeof d->reported / sizeof d->reported[0])
        snprintf(d->reported[d->n_reported++], sizeof d->reported[0], "%s", prop);
}

static void problem_at(struct ctx *cx, struct draft *d, icalproperty *p, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports a problem with property p (one of several of its name, e.g. the third EXDATE) of the
** draft's event at p's own line, and marks the draft invalid. */
static void problem_at(struct ctx *cx, struct draft *d, icalproperty *p, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *name = icalproperty_get_property_name(p);
    bool found = false;
    size_t nth = d->ev ? prop_ordinal(d->ev, p, false, &found) : 0;
    diag_add(cx->diag, cx->path, prop_line_nth(d->pos, name, found ? nth : 0), name, "%s", msg);
    d->ok = false;
}

/* An Olson name for a TZID: the TZID itself, the tail of a path-like TZID
** ("/mozilla.org/20050126_1/America/New_York"), the X-LIC-LOCATION of the calendar's
** VTIMEZONE, or, when no VTIMEZONE defines it, the zone of a Windows name (ical_zones.h).
** Returns a pointer into tzid, into the component or to a static name, or NULL. */
static const char *olson_name(icalcomponent *cal, const char *tzid)
{
    for (const char *p = tzid; p; p = strchr(p, '/')) {
        if (*p == '/')
            p++;
        if (*p && icaltimezone_get_builtin_timezone(p))
            return p;
    }
    if (strcmp(tzid, "UTC") == 0)
        return tzid;
    bool defined = false; /* by a VTIMEZONE of the calendar */
    /* An external iterator: the caller may be walking the calendar's components itself. */
    for (icalcompiter it = icalcomponent_begin_component(cal, ICAL_VTIMEZONE_COMPONENT);
         icalcompiter_deref(&it); icalcompiter_next(&it)) {
        icalcomponent *vtz = icalcompiter_deref(&it);
        icalproperty *id = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
        if (!id || strcmp(icalproperty_get_tzid(id), tzid) != 0)
            continue;
        defined = true;
        for (icalproperty *x = icalcomponent_get_first_property(vtz, ICAL_X_PROPERTY); x;
             x = icalcomponent_get_next_property(vtz, ICAL_X_PROPERTY)) {
            const char *xname = icalproperty_get_x_name(x);
            const char *loc = icalproperty_get_x(x);
            if (xname && strcmp(xname, "X-LIC-LOCATION") == 0 && loc &&
                icaltimezone_get_builtin_timezone(loc))
                return loc;
        }
    }
    /* A Windows zone name with no VTIMEZONE to define it (some Exchange exports): the zone the
    ** name stands for. One with a VTIMEZONE keeps its own rules. */
    const char *windows = defined ? NULL : ical_windows_zone(tzid);
    return windows && icaltimezone_get_builtin_timezone(windows) ? windows : NULL;
}

/* The value of the calendar's X- property `name` (the last of that name), or NULL. */
static const char *calendar_x(icalcomponent *cal, const char *name)
{
    const char *value = NULL;
    for (icalproperty *x = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY); x;
         x = icalcomponent_get_next_property(cal, ICAL_X_PROPERTY))
        if (icalproperty_get_x_name(x) && strcmp(icalproperty_get_x_name(x), name) == 0)
            value = icalproperty_get_x(x);
    return value;
}

/* The calendar's own zone, as Google and Apple write it (X-WR-TIMEZONE), when it is an Olson
** name libical knows; NULL otherwise (an unknown one is not used). */
static const char *calendar_zone(icalcomponent *cal)
{
    const char *name = calendar_x(cal, "X-WR-TIMEZONE");
    return name && icaltimezone_get_builtin_timezone(name) ? name : NULL;
}

static icalcomponent *find_vtimezone(icalcomponent *cal, const char *tzid)
{
    /* An external iterator: the caller may be walking the calendar's components itself. */
    for (icalcompiter it = icalcomponent_begin_component(cal, ICAL_VTIMEZONE_COMPONENT);
         icalcompiter_deref(&it); icalcompiter_next(&it)) {
        icalcomponent *vtz = icalcompiter_deref(&it);
        icalproperty *id = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
        if (id && strcmp(icalproperty_get_tzid(id), tzid) == 0)
            return vtz;
    }
    return NULL;
}

/* The zone a time property is in: UTC, its TZID (built-in or the calendar's VTIMEZONE), or
** NULL for a floating time. OUT: *unknown set when a TZID names no zone. */
static icaltimezone *prop_zone(icalcomponent *cal, icalproperty *prop, struct icaltimetype t,
                               bool *unknown)
{
    *unknown = false;
    if (t.is_date)
        return NULL;
    if (icaltime_is_utc(t))
        return icaltimezone_get_utc_timezone();
    icalparameter *tzp = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
    if (!tzp)
        return NULL;
    const char *tzid = icalparameter_get_tzid(tzp);
    const char *olson = tzid ? olson_name(cal, tzid) : NULL;
    icaltimezone *z = NULL;
    if (olson)
        z = strcmp(olson, "UTC") == 0 ? icaltimezone_get_utc_timezone()
                                      : icaltimezone_get_builtin_timezone(olson);
    if (!z && tzid && find_vtimezone(cal, tzid))
        z = icalcomponent_get_timezone(cal, tzid);
    if (!z)
        *unknown = true;
    return z;
}

/* Writes t as a wall time of zone target ("YYYYMMDD" for a date, or whenever the series is
** all-day: a date-time then stands for the day it names). A time in another zone is converted;
** a floating time is taken as it stands. */
static void wall_in(struct icaltimetype t, icaltimezone *from, icaltimezone *target, bool all_day,
                    char out[WALL_LEN])
{
    if (t.is_date || all_day) {
        snprintf(out, WALL_LEN, "%04d%02d%02d", t.year, t.month, t.day);
        return;
    }
    if (from && target && from != target) {
        t.zone = from;
        t = icaltime_convert_to_zone(t, target);
    }
    snprintf(out, WALL_LEN, "%04d%02d%02dT%02d%02d%02d", t.year, t.month, t.day, t.hour, t.minute,
             t.second);
}

/* Adds item to a comma-separated list. */
static void list_add(struct buf *list, const char *item)
{
    if (list->len)
        buf_putc(list, ',');
    buf_puts(list, item);
}

/* Appends the comma-separated items to *list (heap, or NULL). */
static void list_extend(char **list, const struct buf *items)
{
    if (!items->len)
        return;
    struct buf b = {0};
    if (*list)
        list_add(&b, *list);
    list_add(&b, buf_str(items));
    free(*list);
    *list = buf_detach(&b);
}

/* Reports libical's X-LIC-ERROR notes about properties belong reads. */
static void report_parse_errors(struct ctx *cx, struct draft *d, icalcomponent *ev)
{
    static const char *const used[] = {"UID",           "DTSTART",  "DTEND", "DURATION", "RRULE",
                                       "RDATE",         "EXDATE",   "GEO",   "SUMMARY",  "STATUS",
                                       "RECURRENCE-ID", "LOCATION", "URL"};
    for (icalproperty *x = icalcomponent_get_first_property(ev, ICAL_XLICERROR_PROPERTY); x;
         x = icalcomponent_get_next_property(ev, ICAL_XLICERROR_PROPERTY)) {
        const char *text = icalproperty_get_xlicerror(x);
        if (!text)
            continue;
        /* libical writes "Can't parse as RECUR value in RRULE property. Removing entire
        ** property: VALUE". */
        const char *in = strstr(text, " value in ");
        const char *prop_end = in ? strstr(in + 10, " property") : NULL;
        if (!in || !prop_end)
            continue;
        char prop[32];
        snprintf(prop, sizeof prop, "%.*s", (int)(prop_end - (in + 10)), in + 10);
        bool is_used = false;
        for (size_t i = 0; i < sizeof used / sizeof used[0]; i++)
            is_used = is_used || strcmp(prop, used[i]) == 0;
        if (!is_used)
            continue;
        const char *as = strstr(text, "parse as ");
        const char *value = strstr(text, "property: ");
        char type[24] = "property";
        if (as && as < in)
            snprintf(type, sizeof type, "%.*s", (int)(in - (as + 9)), as + 9);
        struct buf v = {0};
        for (const char *c = value ? value + 10 : ""; *c; c++)
            if (!(c[0] == '\\' && (c[1] == ';' || c[1] == ',')))
                buf_putc(&v, *c);
        problem(cx, d, prop, "libical cannot parse \"%s\" as a %s value", buf_str(&v), type);
        buf_free(&v);
    }
}

/* The USPS codes of the states, the District of Columbia and the territories. */
static bool is_state_code(const char *p)
{
    static const char codes[] = "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD "
                                "MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD "
                                "TN TX UT VT VA WA WV WI WY AS GU MP PR VI";
    for (const char *c = codes;; c += 3) {
        if (c[0] == p[0] && c[1] == p[1])
            return true;
        if (c[2] == '\0')
            return false;
    }
}

/* The last state code standing as a word in loc ("..., Worcester, MA 01608"), or NULL. */
static const char *find_state(const char *loc)
{
    const char *found = NULL;
    for (const char *p = loc; p[0] && p[1]; p++) {
        if (!isupper((unsigned char)p[0]) || !isupper((unsigned char)p[1]) || !is_state_code(p))
            continue;
        bool before = p > loc && (p[-1] == ' ' || p[-1] == ',');
        /* after it: the end, a ZIP or the country, past spaces and commas ("IN" of "DROP IN
        ** CENTER" is a word, not Indiana) */
        const char *q = p + 2;
        while (*q == ' ' || *q == ',')
            q++;
        bool after = *q == '\0' || isdigit((unsigned char)*q) || strncmp(q, "USA", 3) == 0 ||
                     strncmp(q, "United States", 13) == 0;
        if (before && after)
            found = p;
    }
    return found;
}

/* The five digits of a ZIP code standing as a number at p (not part of a longer one; a ZIP+4
** suffix is allowed), else false. */
static bool zip_at(const char *loc, const char *p)
{
    if (p > loc && isdigit((unsigned char)p[-1]))
        return false;
    for (int i = 0; i < 5; i++)
        if (!isdigit((unsigned char)p[i]))
            return false;
    return !isdigit((unsigned char)p[5]);
}

/* Splits LOCATION ("Main Library, 3 Salem Sq, Worcester, MA 01608") into a place name (before
** the first comma), the address (after it), the ZIP (the first after the last state code, else
** the last five-digit number) and the town (the comma-separated part before the state code). */
static void read_location(struct activity *a, const char *loc)
{
    const char *state = find_state(loc);
    if (state) { /* two capitals, a known code (find_state) */
        memcpy(a->state, state, 2);
        a->state[2] = '\0';
    }
    const char *zip = NULL;
    for (const char *p = state ? state + 2 : loc; *p; p++) {
        if (zip_at(loc, p)) {
            zip = p;
            if (state)
                break;
        }
    }
    if (zip)
        a->zip = xstrndup(zip, 5);
    const char *comma = strchr(loc, ',');
    if (!comma) {
        a->location_name = xstrdup(loc);
        return;
    }
    a->location_name = xstrndup(loc, (size_t)(comma - loc));
    const char *rest = comma + 1;
    while (isspace((unsigned char)*rest))
        rest++;
    a->address = xstrdup(rest);
    if (!state)
        return;
    /* The town: the part before ", MA" or before " MA 01608". */
    const char *end = state;
    while (end > loc && (end[-1] == ' ' || end[-1] == ','))
        end--;
    const char *start = end;
    while (start > loc && start[-1] != ',')
        start--;
    while (start < end && isspace((unsigned char)*start))
        start++;
    if (end > start && !isdigit((unsigned char)*start))
        a->town = xstrndup(start, (size_t)(end - start));
}

/* Adds the CATEGORIES values as lower-case tags. */
static void read_categories(struct activity *a, icalcomponent *ev)
{
    struct buf tags = {0};
    for (icalproperty *c = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY); c;
         c = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY)) {
        const char *v = icalproperty_get_categories(c);
        if (!v)
            continue;
        for (const char *p = v; *p;) {
            while (*p == ',' || isspace((unsigned char)*p))
                p++;
            const char *e = p;
            while (*e && *e != ',')
                e++;
            const char *t = e;
            while (t > p && isspace((unsigned char)t[-1]))
                t--;
            if (t > p) {
                if (tags.len)
                    buf_putc(&tags, ',');
                for (const char *q = p; q < t; q++)
                    buf_putc(&tags, (char)tolower((unsigned char)*q));
            }
            p = e;
        }
    }
    if (tags.len)
        a->tags = buf_detach(&tags);
    buf_free(&tags);
}

static void read_activity(struct ctx *cx, struct draft *d, icalcomponent *cal, icalcomponent *ev)
{
    struct activity *a = &d->rec.activity;
    const char *uid = icalcomponent_get_uid(ev);
    if (uid && *uid)
        a->source_ref = xstrdup(uid);
    else if (!was_reported(d, "UID"))
        problem(cx, d, "UID", "missing: every VEVENT needs a UID (it keys re-import)");
    const char *summary = icalcomponent_get_summary(ev);
    if (!summary || !*summary)
        problem(cx, d, "SUMMARY", "missing: the activity needs a name");
    else
        a->name = xstrdup(summary);
    const char *desc = icalcomponent_get_description(ev);
    if (desc && *desc)
        a->description = xstrdup(desc);
    const char *loc = icalcomponent_get_location(ev);
    if (loc && *loc)
        read_location(a, loc);
    icalproperty *url = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
    if (url && icalproperty_get_url(url))
        a->url = xstrdup(icalproperty_get_url(url));
    icalproperty *org = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
    icalparameter *cn = org ? icalproperty_get_first_parameter(org, ICAL_CN_PARAMETER) : NULL;
    if (cn && icalparameter_get_cn(cn))
        a->organization = xstrdup(icalparameter_get_cn(cn));
    else {
        const char *calname = calendar_x(cal, "X-WR-CALNAME");
        if (calname)
            a->organization = xstrdup(calname);
    }
    icalproperty *geo = icalcomponent_get_first_property(ev, ICAL_GEO_PROPERTY);
    if (geo) {
        struct icalgeotype g = icalproperty_get_geo(geo);
        if (g.lat < -90 || g.lat > 90)
            problem(cx, d, "GEO", "latitude %g is outside [-90, 90]", g.lat);
        else if (g.lon < -180 || g.lon > 180)
            problem(cx, d, "GEO", "longitude %g is outside [-180, 180]", g.lon);
        else {
            a->has_coords = true;
            a->lat = g.lat;
            a->lon = g.lon;
        }
    }
    if ((loc && *loc) || a->has_coords) {
        /* No ids for places: the LOCATION text, folded (text_fold), and GEO key the place:
        ** "main library, 3 salem sq geo:42.2625932,-71.8022934". */
        char *folded = text_fold(loc ? loc : "");
        struct buf key = {0};
        buf_puts(&key, folded);
        if (a->has_coords)
            buf_printf(&key, "%sgeo:%.7f,%.7f", key.len ? " " : "", a->lat, a->lon);
        a->location_ref = buf_detach(&key);
        free(folded);
    }
    read_categories(a, ev);
    /* Checked here, as the catalog would check them, to name the property's own line. */
    const struct {
        const char *prop, *value;
        bool multiline;
    } texts[] = {{"SUMMARY", summary, false},
                 {"DESCRIPTION", desc, true},
                 {"LOCATION", loc, true},
                 {"URL", a->url, false},
                 {"ORGANIZER", cn ? icalparameter_get_cn(cn) : NULL, false}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *why = texts[i].value
                              ? text_problem(texts[i].value, INPUT_FIELD_MAX, texts[i].multiline)
                              : NULL;
        if (why)
            problem(cx, d, texts[i].prop, "%s", why);
    }
    for (icalproperty *c = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY); c;
         c = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY)) {
        const char *v = icalproperty_get_categories(c);
        const char *why = v ? text_problem(v, INPUT_FIELD_MAX, false) : NULL;
        if (why)
            problem_at(cx, d, c, "%s", why);
    }
    struct buf text = {0};
    buf_printf(&text, "%s %s %s", a->name ? a->name : "", desc ? desc : "", loc ? loc : "");
    a->access = words_access(&cx->words, buf_str(&text));
    buf_free(&text);
}

/* The zone a custom VTIMEZONE's times are shown in: the Olson zone that keeps its offsets
** (ical_zones.h), the Windows zone of its name, the calendar's or the directory's first; NULL
** when none does. Remembered for the calendar's other events. */
static const char *shown_zone(struct ctx *cx, icalcomponent *cal, const char *tzid,
                              icaltimezone *zone, int year)
{
    size_t n = sizeof cx->shown / sizeof cx->shown[0];
    for (size_t i = 0; i < n; i++)
        if (cx->shown[i].cal == cal && cx->shown[i].year == year &&
            strcmp(cx->shown[i].tzid, tzid) == 0)
            return cx->shown[i].shown;
    const char *candidates[] = {ical_windows_zone(tzid), calendar_zone(cal), BELONG_DEFAULT_TZ};
    const char *found =
        ical_matching_zone(zone, year, candidates, sizeof candidates / sizeof candidates[0]);
    struct shown_zone *slot = &cx->shown[cx->next_shown++ % n];
    free(slot->tzid);
    *slot = (struct shown_zone){cal, xstrdup(tzid), year, found};
    return found;
}

/* The start of the series: DTSTART as wall time in s->dtstart, its zone in s->tzid (an Olson
** name, "UTC", or a custom VTIMEZONE's TZID with its text in s->vtimezone) and in *zone (for
** RDATE/EXDATE conversion). Returns false when it was missing or wrong (reported). OUT:
** *start. */
static bool read_start(struct ctx *cx, struct draft *d, icalcomponent *cal, icalcomponent *ev,
                       struct schedule *s, struct icaltimetype *start, icaltimezone **zone)
{
    icalproperty *dtp = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (!dtp) {
        if (!was_reported(d, "DTSTART"))
            problem(cx, d, "DTSTART", "missing: the event has no start");
        return false;
    }
    *start = icalproperty_get_dtstart(dtp);
    if (icaltime_is_null_time(*start) || !icaltime_is_valid_time(*start)) {
        problem(cx, d, "DTSTART", "not a valid date or date-time");
        return false;
    }
    bool unknown = false;
    icaltimezone *from_zone = prop_zone(cal, dtp, *start, &unknown);
    icalparameter *tzp = icalproperty_get_first_parameter(dtp, ICAL_TZID_PARAMETER);
    const char *tzid = tzp ? icalparameter_get_tzid(tzp) : NULL;
    if (unknown) {
        problem(cx, d, "DTSTART",
                "TZID \"%s\" is not a known time zone and no VTIMEZONE defines it",
                tzid ? tzid : "");
        return false;
    }
    const char *cal_zone = calendar_zone(cal);
    const char *shown = NULL; /* the listing's zone: the one its times are shown in */
    if (from_zone == icaltimezone_get_utc_timezone()) {
        s->tzid = xstrdup("UTC");
        *zone = from_zone;
        shown = cal_zone;
    } else if (tzid && !start->is_date) {
        const char *olson = olson_name(cal, tzid);
        if (olson) {
            s->tzid = xstrdup(olson);
            shown = olson;
        } else {
            char *text = icalcomponent_as_ical_string_r(find_vtimezone(cal, tzid));
            s->tzid = xstrdup(tzid);
            s->vtimezone = xstrdup(text);
            icalmemory_free_buffer(text);
            shown = shown_zone(cx, cal, tzid, from_zone, start->year);
        }
        *zone = from_zone;
    } else if (cal_zone) {
        /* A floating time or a date: in the calendar's own zone (X-WR-TIMEZONE). */
        s->tzid = xstrdup(cal_zone);
        *zone = icaltimezone_get_builtin_timezone(cal_zone);
        shown = cal_zone;
    }
    if (shown) {
        free(d->rec.activity.tzid);
        d->rec.activity.tzid = xstrdup(shown);
    }
    char wall[WALL_LEN];
    wall_in(*start, NULL, NULL, false, wall);
    s->dtstart = xstrdup(wall);
    return true;
}

/* The length of the series' events: DURATION, else DTEND - DTSTART, else none (timed) or a day
** (all-day); both when they agree, else reported; 0 (reported) when it ends before it starts or
** lasts more than a year. */
/* A DURATION's seconds, summed here: libical's icaldurationtype_as_int wraps past 68 years into
** a negative. */
static long long duration_seconds(struct icaldurationtype du)
{
    long long secs = (((long long)du.weeks * 7 + du.days) * 24 + du.hours) * 3600LL +
                     (long long)du.minutes * 60 + du.seconds;
    return du.is_neg ? -secs : secs;
}

static int read_duration(struct ctx *cx, struct draft *d, icalcomponent *cal, icalcomponent *ev,
                         struct icaltimetype start, icaltimezone *zone)
{
    icalproperty *durp = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
    icalproperty *endp = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
    long long duration_s = start.is_date ? SECONDS_PER_DAY : 0;
    if (endp) {
        struct icaltimetype end = icalproperty_get_dtend(endp);
        bool end_unknown = false;
        icaltimezone *end_zone = prop_zone(cal, endp, end, &end_unknown);
        if (end_unknown)
            problem(cx, d, "DTEND", "its TZID is not a known time zone");
        if (start.is_date || end.is_date)
            duration_s = (long long)(icaltime_as_timet(end) - icaltime_as_timet(start));
        else
            duration_s = (long long)(icaltime_as_timet_with_zone(end, end_zone ? end_zone : zone) -
                                     icaltime_as_timet_with_zone(start, zone));
    }
    if (durp) {
        long long from_duration = duration_seconds(icalproperty_get_duration(durp));
        /* RFC 5545 allows one of them; both are read when they agree. */
        if (endp && from_duration != duration_s)
            problem(cx, d, "DURATION",
                    "DTEND (line %ld) and DURATION give different ends (%lld s and %lld s); RFC "
                    "5545 allows one of them",
                    prop_line(d->pos, "DTEND"), duration_s, from_duration);
        duration_s = from_duration;
    }
    if (duration_s < 0) {
        problem(cx, d, durp ? "DURATION" : "DTEND", "the event ends before it starts (%lld s)",
                duration_s);
        duration_s = 0;
    } else if (duration_s > MAX_DURATION_S) {
        problem(cx, d, durp ? "DURATION" : "DTEND", "the event lasts %lld days, more than a year",
                duration_s / SECONDS_PER_DAY);
        duration_s = 0;
    }
    return (int)duration_s;
}

/* Appends "/DURATION" (RFC 5545, "PT2H30M") to the wall time just added to a list: the length of
** that occurrence (schedule.h), 0 < secs <= MAX_DURATION_S. */
static void put_length(struct buf *list, long long secs)
{
    char *text = icaldurationtype_as_ical_string_r(icaldurationtype_from_int((int)secs));
    buf_printf(list, "/%s", text);
    icalmemory_free_buffer(text);
}

/* The length of an RDATE's PERIOD (start/end, or start/duration; start in zone z, NULL for a
** floating time, read in the series' zone), in seconds; reported at p when it is none or more
** than a year. Returns it, or -1 when refused. */
static long long period_seconds(struct ctx *cx, struct draft *d, icalproperty *p,
                                const struct icalperiodtype *period, icaltimezone *z,
                                icaltimezone *zone)
{
    long long secs;
    if (!icaltime_is_null_time(period->end)) {
        icaltimezone *end_zone = icaltime_is_utc(period->end) ? icaltimezone_get_utc_timezone()
                                 : z                          ? z
                                                              : zone;
        secs = (long long)(icaltime_as_timet_with_zone(period->end, end_zone) -
                           icaltime_as_timet_with_zone(period->start, z ? z : zone));
    } else {
        secs = duration_seconds(period->duration);
    }
    if (secs <= 0) {
        problem_at(cx, d, p, "the period ends before it starts (%lld s)", secs);
        return -1;
    }
    if (secs > MAX_DURATION_S) {
        problem_at(cx, d, p, "the period lasts %lld days, more than a year",
                   secs / SECONDS_PER_DAY);
        return -1;
    }
    return secs;
}

/* The RDATEs (kind ICAL_RDATE_PROPERTY) or EXDATEs of the event as a list of wall times in the
** series' zone (heap), or NULL when none. An RDATE given as a PERIOD of another length than the
** series' (length_s) is written "WALL/DURATION" (schedule.h): that occurrence lasts as long as
** its period; in an all-day series it takes its day, as every RDATE there does. Lists are built
** in a buffer: appending to a string each time would copy it each time. */
static char *read_dates(struct ctx *cx, struct draft *d, icalcomponent *cal, icalcomponent *ev,
                        icalproperty_kind kind, struct icaltimetype start, icaltimezone *zone,
                        int length_s)
{
    struct buf dates = {0};
    char wall[WALL_LEN];
    for (icalproperty *p = icalcomponent_get_first_property(ev, kind); p;
         p = icalcomponent_get_next_property(ev, kind)) {
        struct icaltimetype t;
        struct icalperiodtype period = icalperiodtype_null_period();
        if (kind == ICAL_RDATE_PROPERTY) {
            struct icaldatetimeperiodtype v = icalproperty_get_rdate(p);
            t = v.time;
            if (icaltime_is_null_time(v.time))
                t = (period = v.period).start;
        } else {
            t = icalproperty_get_exdate(p);
        }
        bool unknown = false;
        icaltimezone *z = prop_zone(cal, p, t, &unknown);
        if (unknown || icaltime_is_null_time(t)) {
            problem_at(cx, d, p, "an unknown TZID, or not a date-time");
            continue;
        }
        long long secs = 0;
        if (!icaltime_is_null_time(period.start) &&
            (secs = period_seconds(cx, d, p, &period, z, zone)) < 0)
            continue;
        wall_in(t, z, zone, start.is_date, wall);
        list_add(&dates, wall);
        if (secs > 0 && secs != length_s && !start.is_date)
            put_length(&dates, secs);
    }
    return dates.len ? buf_detach(&dates) : NULL;
}

#define RULES_MAX 16

/* One schedule per RRULE (RFC 5545 allows several, though it discourages them), each a copy of
** s with its rule (the RDATEs go with the first); s itself when there is none. OUT: rules, the
** RRULE of each schedule, for messages. Returns how many RRULEs. */
static size_t add_schedules(struct ctx *cx, struct draft *d, icalcomponent *ev, struct schedule *s,
                            icalproperty *rules[RULES_MAX])
{
    size_t n_rules = 0;
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_RRULE_PROPERTY)) {
        if (n_rules == RULES_MAX) {
            problem_at(cx, d, p, "more than %zu RRULEs in one event", n_rules);
            break;
        }
        rules[n_rules] = p;
        struct icalrecurrencetype r = icalproperty_get_rrule(p);
        char *text = icalrecurrencetype_as_string_r(&r);
        struct schedule copy = {0};
        copy.dtstart = xstrdup(s->dtstart);
        copy.tzid = xstrdup(s->tzid);
        copy.vtimezone = xstrdup(s->vtimezone);
        copy.duration_s = s->duration_s;
        copy.rrule = xstrdup(text);
        copy.rdates = n_rules == 0 ? xstrdup(s->rdates) : NULL;
        copy.exdates = xstrdup(s->exdates);
        icalmemory_free_buffer(text);
        import_record_add_schedule(&d->rec, &copy);
        n_rules++;
    }
    if (n_rules == 0)
        import_record_add_schedule(&d->rec, s);
    return n_rules;
}

/* Checks each schedule of the draft, reporting a problem against the property at fault. */
static void check_schedules(struct ctx *cx, struct draft *d, icalproperty *const *rules,
                            size_t n_rules)
{
    for (size_t i = 0; i < d->rec.n_schedules; i++) {
        char err[256];
        if (schedule_check(&d->rec.schedules[i], err, sizeof err) == BELONG_OK)
            continue;
        const char *prop = strncmp(err, "rrule", 5) == 0    ? "RRULE"
                           : strncmp(err, "rdate", 5) == 0  ? "RDATE"
                           : strncmp(err, "exdate", 6) == 0 ? "EXDATE"
                                                            : "DTSTART";
        if (strcmp(prop, "RRULE") == 0 && i < n_rules)
            problem_at(cx, d, rules[i], "%s", err);
        else
            problem(cx, d, prop, "%s", err);
    }
}

/* The series' schedules, in steps: its start and zone, its length, its extra and excluded
** dates, one schedule per RRULE, each checked. The zone of the series (for RDATE/EXDATE
** conversion) is returned in *zone. */
static void read_schedule(struct ctx *cx, struct draft *d, icalcomponent *cal, icalcomponent *ev,
                          icaltimezone **zone)
{
    *zone = cx->default_zone;
    struct schedule s = {0};
    struct icaltimetype start;
    if (!read_start(cx, d, cal, ev, &s, &start, zone)) {
        schedule_free(&s);
        return;
    }
    s.duration_s = read_duration(cx, d, cal, ev, start, *zone);
    s.rdates = read_dates(cx, d, cal, ev, ICAL_RDATE_PROPERTY, start, *zone, s.duration_s);
    s.exdates = read_dates(cx, d, cal, ev, ICAL_EXDATE_PROPERTY, start, *zone, s.duration_s);
    icalproperty *rules[RULES_MAX];
    size_t n_rules = add_schedules(cx, d, ev, &s, rules);
    schedule_free(&s);
    check_schedules(cx, d, rules, n_rules);
}

/* Whether an event (or one instance) is for the public directory: not STATUS:CANCELLED, and
** CLASS absent or PUBLIC. PRIVATE and CONFIDENTIAL events are not listed, not even as busy
** times without details, and a CLASS belong does not know is read as PRIVATE (RFC 5545
** 3.8.1.3). */
static bool listed(icalcomponent *ev)
{
    if (icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED)
        return false;
    icalproperty *cls = icalcomponent_get_first_property(ev, ICAL_CLASS_PROPERTY);
    return !cls || icalproperty_get_class(cls) == ICAL_CLASS_PUBLIC;
}

/* An override's own length (its DTEND or DURATION; its start moved, in zone start_zone), in
** seconds: 0 when it gives none (it keeps the series'), -1 when it ends before it starts or
** lasts over a year (reported at its line: the series is refused, as for the series itself). */
static long long override_length(struct ctx *cx, icalcomponent *cal, icalcomponent *ev,
                                 const struct event_pos *pos, struct icaltimetype start,
                                 icaltimezone *start_zone, icaltimezone *zone)
{
    icalproperty *durp = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
    icalproperty *endp = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
    long long secs = 0;
    if (durp) {
        secs = duration_seconds(icalproperty_get_duration(durp));
    } else if (endp) {
        struct icaltimetype end = icalproperty_get_dtend(endp);
        bool unknown = false;
        icaltimezone *end_zone = prop_zone(cal, endp, end, &unknown);
        if (unknown || end.is_date != start.is_date)
            return 0;
        secs = (long long)(icaltime_as_timet_with_zone(end, end_zone ? end_zone : zone) -
                           icaltime_as_timet_with_zone(start, start_zone));
    } else {
        return 0;
    }
    const char *prop = durp ? "DURATION" : "DTEND";
    if (secs <= 0 || secs > MAX_DURATION_S) {
        diag_add(cx->diag, cx->path, prop_line(pos, prop), prop,
                 secs <= 0 ? "the moved instance ends before it starts (%lld s)"
                           : "the moved instance lasts %lld s, more than a year",
                 secs);
        return -1;
    }
    return secs;
}

/* Notes a RECURRENCE-ID override (at pos) of the batch's record at index: the old start is
** excluded and the new one added, with its own length when it has one (its DTEND or DURATION);
** one that keeps its start and length changes nothing of the times (only its words changed);
** a cancelled or not public one only excludes the old start. An override with
** RANGE=THISANDFUTURE, which would change every later instance too, refuses its series
** (reported at its RECURRENCE-ID): belong keeps one rule per series, and moving only the one
** instance would list the later ones at their old times. */
static void apply_override(struct ctx *cx, size_t index, icalcomponent *cal, icalcomponent *ev,
                           const struct event_pos *pos, icaltimezone *zone)
{
    const struct import_record *master = &cx->batch->records[index];
    if (index >= cx->n_overrides) {
        size_t n = cx->n_overrides ? cx->n_overrides : 16;
        while (n <= index)
            n *= 2;
        cx->overrides = xrealloc(cx->overrides, n * sizeof *cx->overrides);
        memset(cx->overrides + cx->n_overrides, 0, (n - cx->n_overrides) * sizeof *cx->overrides);
        cx->n_overrides = n;
    }
    struct override_dates *o = &cx->overrides[index];
    icalproperty *rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
    icalparameter *range = icalproperty_get_first_parameter(rid, ICAL_RANGE_PARAMETER);
    if (range && icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE) {
        diag_add(cx->diag, cx->path, prop_line(pos, "RECURRENCE-ID"), "RECURRENCE-ID",
                 "RANGE=THISANDFUTURE (a change to this and every later instance) is not "
                 "supported; the series \"%s\" is refused",
                 master->activity.source_ref);
        cx->rejected += !o->refused;
        o->refused = true;
        return;
    }
    bool unknown = false;
    bool all_day = master->n_schedules && strlen(master->schedules[0].dtstart) == 8;
    char was[WALL_LEN], wall[WALL_LEN];
    struct icaltimetype old = icalproperty_get_recurrenceid(rid);
    wall_in(old, prop_zone(cal, rid, old, &unknown), zone, all_day, was);
    bool was_known = !unknown;
    icalproperty *dtp = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    struct icaltimetype moved = dtp ? icalproperty_get_dtstart(dtp) : icaltime_null_time();
    icaltimezone *z = dtp ? prop_zone(cal, dtp, moved, &unknown) : NULL;
    if (!dtp || !listed(ev) || !master->n_schedules || unknown) {
        if (was_known) /* the instance is gone (cancelled, not public, or moved to nowhere) */
            list_add(&o->exdates, was);
        return;
    }
    wall_in(moved, z, zone, all_day, wall);
    long long secs = all_day ? 0 : override_length(cx, cal, ev, pos, moved, z ? z : zone, zone);
    if (secs < 0) {
        cx->rejected += !o->refused;
        o->refused = true;
        return;
    }
    bool own_length = secs > 0 && secs != master->schedules[0].duration_s;
    if (was_known && strcmp(was, wall) == 0 && !own_length)
        return; /* the same time and length: only its words changed */
    if (was_known && strcmp(was, wall) != 0)
        list_add(&o->exdates, was);
    /* Moved, or of its own length at the same start (it then names that occurrence, as an
    ** RDATE with a PERIOD does: schedule_expand keeps its length). */
    list_add(&o->rdates, wall);
    if (own_length)
        put_length(&o->rdates, secs);
}

/* Adds what the overrides changed to their records (each of a record's schedules excludes the
** old starts; the first adds the new ones), drops the records an override refused, and frees
** the notes. */
static void overrides_apply(struct ctx *cx)
{
    size_t kept = 0;
    for (size_t i = 0; i < cx->batch->n; i++) {
        struct override_dates *o = i < cx->n_overrides ? &cx->overrides[i] : NULL;
        struct import_record *r = &cx->batch->records[i];
        if (o && o->refused) {
            import_record_free(r);
            continue;
        }
        for (size_t k = 0; o && k < r->n_schedules; k++)
            list_extend(&r->schedules[k].exdates, &o->exdates);
        if (o && r->n_schedules)
            list_extend(&r->schedules[0].rdates, &o->rdates);
        if (kept != i)
            cx->batch->records[kept] = *r;
        kept++;
    }
    cx->batch->n = kept;
    for (size_t i = 0; i < cx->n_overrides; i++) {
        buf_free(&cx->overrides[i].exdates);
        buf_free(&cx->overrides[i].rdates);
    }
    free(cx->overrides);
    cx->overrides = NULL;
    cx->n_overrides = 0;
}

static size_t uid_hash(const char *uid)
{
    size_t h = 5381;
    for (const unsigned char *p = (const unsigned char *)uid; *p; p++)
        h = h * 33 + *p;
    return h;
}

/* The record this parse made for uid, or NULL. */
static struct import_record *find_record(struct ctx *cx, const char *uid)
{
    if (!cx->uid_cap)
        return NULL;
    for (size_t i = uid_hash(uid) % cx->uid_cap; cx->uid_slots[i]; i = (i + 1) % cx->uid_cap) {
        struct import_record *r = &cx->batch->records[cx->uid_slots[i] - 1];
        if (strcmp(r->activity.source_ref, uid) == 0)
            return r;
    }
    return NULL;
}

static void uid_slot_put(struct ctx *cx, size_t index)
{
    const char *uid = cx->batch->records[index].activity.source_ref;
    size_t i = uid_hash(uid) % cx->uid_cap;
    while (cx->uid_slots[i])
        i = (i + 1) % cx->uid_cap;
    cx->uid_slots[i] = index + 1;
}

/* Remembers the batch's record at index (its UID is set and not yet known). Cannot fail. */
static void remember_record(struct ctx *cx, size_t index)
{
    if ((cx->uid_n + 1) * 2 > cx->uid_cap) {
        size_t *old = cx->uid_slots, old_cap = cx->uid_cap;
        cx->uid_cap = old_cap ? old_cap * 2 : 64;
        cx->uid_slots = xcalloc(cx->uid_cap, sizeof *cx->uid_slots);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i])
                uid_slot_put(cx, old[i] - 1);
        free(old);
    }
    uid_slot_put(cx, index);
    cx->uid_n++;
}

/* ---- the file -------------------------------------------------------------------------- */

/* Whether the text is UTF-8 once its lines are unfolded: RFC 5545 (3.1) warns that a simple
** writer may fold a line inside a multi-octet character, and unfolding (which libical does)
** joins it again. The text is checked whole first; only when that fails is it checked one
** content line at a time, its folded parts joined. OUT (on false): *bad_line, the file's line
** holding the first bad byte, *bad_at its offset, *name_at where its content line begins. */
static bool unfolded_utf8_valid(const char *text, size_t len, long *bad_line, size_t *bad_at,
                                size_t *name_at)
{
    size_t bad;
    if (utf8_valid((const unsigned char *)text, len, &bad))
        return true;
    struct buf joined = {0};
    struct fold_part {
        size_t from, at; /* a part's offset in joined, and in text */
        long line;
    } parts[64]; /* a longer content line's later parts are counted as its 64th */
    size_t n_parts = 0;
    long line = 0;
    bool ok = true;
    for (size_t at = 0; at < len && ok;) {
        /* One content line: a line and the lines after it that begin with a blank. */
        joined.len = 0;
        n_parts = 0;
        size_t start = at;
        do {
            size_t eol = at;
            while (eol < len && text[eol] != '\n')
                eol++;
            size_t skip = at == start ? 0 : 1; /* the fold's blank */
            if (n_parts < sizeof parts / sizeof parts[0])
                parts[n_parts++] = (struct fold_part){joined.len, at + skip, ++line};
            else
                line++;
            size_t end = eol > at && text[eol - 1] == '\r' ? eol - 1 : eol;
            buf_append(&joined, text + at + skip, end - at - skip);
            at = eol < len ? eol + 1 : len;
        } while (at < len && (text[at] == ' ' || text[at] == '\t'));
        if (utf8_valid((const unsigned char *)(joined.data ? joined.data : ""), joined.len, &bad))
            continue;
        size_t i = n_parts - 1;
        while (i > 0 && parts[i].from > bad)
            i--;
        *bad_line = parts[i].line;
        *bad_at = parts[i].at + (bad - parts[i].from);
        *name_at = start;
        ok = false;
    }
    buf_free(&joined);
    return ok;
}

/* Reads the file (bounded: util/infile.h), without a UTF-8 byte order mark, and checks it is
** UTF-8 text. */
static int read_file(const char *path, char **out, struct diag *diag)
{
    struct buf b = {0};
    int rc = infile_read(path, NULL, &b.data, &b.len, diag);
    if (rc != BELONG_OK)
        return rc;
    b.cap = b.len + 1;
    size_t bom = infile_bom(b.data, b.len);
    if (bom) {
        memmove(b.data, b.data + bom, b.len - bom + 1);
        b.len -= bom;
    }
    if (memchr(b.data ? b.data : "", '\0', b.len)) {
        diag_add(diag, path, 0, "VCALENDAR", "not an iCalendar file: it holds NUL bytes");
        buf_free(&b);
        return BELONG_EDATA;
    }
    long bad_line;
    size_t bad_at, bad_name_at;
    if (!unfolded_utf8_valid(b.data ? b.data : "", b.len, &bad_line, &bad_at, &bad_name_at)) {
        /* Text that is not UTF-8 would be stored as is and then dropped by every JSON writer. */
        char name[32];
        line_name(b.data + bad_name_at, b.len - bad_name_at, name, sizeof name);
        for (const char *c = name; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '-')
                name[0] = '\0'; /* the bad byte is in the name itself */
        if (bad_name_at + strlen(name) > bad_at)
            name[0] = '\0';
        diag_add(diag, path, bad_line, name[0] ? name : NULL,
                 "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
                 (unsigned char)b.data[bad_at]);
        buf_free(&b);
        return BELONG_EDATA;
    }
    *out = b.data;
    return BELONG_OK;
}

/* Checks the calendar's VTIMEZONEs before anything asks libical to work out their changes
** (schedule_vtimezone_problem); n_zone counts them across calendars, as the scan does. Returns
** false when one is refused (reported at its rule's line). */
static bool check_zones(struct ctx *cx, icalcomponent *cal, const struct scan *sc, size_t *n_zone)
{
    bool ok = true;
    for (icalcomponent *vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT); vtz;
         vtz = icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT)) {
        const struct event_pos *pos = *n_zone < sc->n_zones ? &sc->zones[*n_zone] : NULL;
        (*n_zone)++;
        char why[256];
        icalproperty *bad = schedule_vtimezone_problem(vtz, why, sizeof why);
        if (!bad)
            continue;
        bool found = false;
        size_t nth = prop_ordinal(vtz, bad, true, &found);
        const char *name = icalproperty_get_property_name(bad);
        diag_add(cx->diag, cx->path, prop_line_nth(pos, name, found ? nth : 0), name, "%s", why);
        ok = false;
    }
    return ok;
}

/* Parses the VEVENT at pos alone, from the file's text (its own, briefly cut there). Returns
** the component (freed by the caller), or NULL when libical cannot read it. */
static icalcomponent *parse_event(char *text, const struct event_pos *pos)
{
    char after = text[pos->to];
    text[pos->to] = '\0';
    icalcomponent *ev = icalparser_parse_string(text + pos->from);
    text[pos->to] = after;
    if (ev && icalcomponent_isa(ev) != ICAL_VEVENT_COMPONENT) {
        icalcomponent_free(ev);
        ev = NULL;
    }
    return ev;
}

/* Reads one VEVENT (pass 0: a series or a one-off event; pass 1: an override). */
static void read_event(struct ctx *cx, icalcomponent *cal, icalcomponent *ev,
                       const struct event_pos *pos, int pass, struct import_batch *batch)
{
    struct draft d = {.ok = true, .pos = pos, .ev = ev};
    if (pass == 1) {
        const char *uid = icalcomponent_get_uid(ev);
        struct import_record *master = uid ? find_record(cx, uid) : NULL;
        if (master) {
            icaltimezone *zone = cx->default_zone;
            const struct schedule *s0 = master->n_schedules ? &master->schedules[0] : NULL;
            if (s0 && s0->tzid && strcmp(s0->tzid, "UTC") == 0)
                zone = icaltimezone_get_utc_timezone();
            else if (s0 && s0->tzid && icaltimezone_get_builtin_timezone(s0->tzid))
                zone = icaltimezone_get_builtin_timezone(s0->tzid);
            else if (s0 && s0->tzid && find_vtimezone(cal, s0->tzid))
                zone = icalcomponent_get_timezone(cal, s0->tzid);
            apply_override(cx, (size_t)(master - batch->records), cal, ev, pos, zone);
            return;
        }
        /* An override without its series stands alone, as a one-off event. */
    }
    if (!listed(ev))
        return;
    /* The batch's slot gives the record its defaults; it is filled only if valid. */
    struct import_record *slot = import_batch_add(batch);
    d.rec = *slot;
    report_parse_errors(cx, &d, ev);
    read_activity(cx, &d, cal, ev);
    icaltimezone *zone;
    read_schedule(cx, &d, cal, ev, &zone);
    const char *uid = d.rec.activity.source_ref;
    if (d.ok && uid) {
        struct import_record *dup = find_record(cx, uid);
        if (dup)
            problem(cx, &d, "UID", "\"%s\" is used by another VEVENT (line %ld)", uid, dup->line);
    }
    if (d.ok) {
        d.rec.file = xstrdup(cx->path);
        d.rec.line = event_line(pos);
        *slot = d.rec;
        memset(&d, 0, sizeof d);
        remember_record(cx, (size_t)(slot - batch->records));
    } else {
        batch->n--; /* the slot holds nothing of its own */
        cx->rejected++;
    }
    draft_free(&d);
}

/* Reads every VEVENT of the file, each parsed alone against its calendar (cals[i], the i-th
** VCALENDAR of the skeleton). Series and one-off events first; overrides (RECURRENCE-ID) in a
** second pass. */
static void read_events(struct ctx *cx, icalcomponent **cals, size_t n_cals, const struct scan *sc,
                        char *text, struct import_batch *batch)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sc->n; i++) {
            const struct event_pos *pos = &sc->events[i];
            if (pos->is_override != (pass == 1))
                continue;
            if (!pos->closed) { /* cut off by the end of the file: already reported */
                cx->rejected++;
                continue;
            }
            icalcomponent *cal = pos->calendar < n_cals ? cals[pos->calendar] : NULL;
            icalcomponent *ev = cal ? parse_event(text, pos) : NULL;
            if (!ev) {
                diag_add(cx->diag, cx->path, pos->line, "VEVENT", "libical cannot parse it");
                cx->rejected++;
                continue;
            }
            read_event(cx, cal, ev, pos, pass, batch);
            icalcomponent_free(ev);
        }
    }
}

int ical_detect(const char *path)
{
    static const char begin[] = "BEGIN:VCALENDAR";
    char head[sizeof begin];
    if (format_peek(path, head, sizeof head) == sizeof begin - 1 && strcasecmp(head, begin) == 0)
        return FORMAT_BY_CONTENT;
    return format_name_ends(path, ".ics") ? FORMAT_BY_NAME : 0;
}

/* Hands the batch's records to the sink, in order. Returns 0, or BELONG_EIO reported to diag. */
static int hand_over(const char *path, struct import_batch *batch, const struct format_sink *sink,
                     struct diag *diag, long *records)
{
    char err[256];
    int rc = BELONG_OK;
    for (size_t i = 0; i < batch->n; i++) {
        if (rc == BELONG_OK) {
            rc = sink->record(sink->ctx, &batch->records[i], err, sizeof err);
            *records += rc == BELONG_OK;
        }
        import_record_free(&batch->records[i]);
    }
    if (rc != BELONG_OK)
        diag_add(diag, path, 0, NULL, "cannot keep its records: %s", err);
    return rc;
}

int ical_parse(const char *path, const struct format_sink *sink, struct diag *diag,
               struct format_counts *counts)
{
    size_t problems_before = diag->count;
    memset(counts, 0, sizeof *counts);
    struct import_batch local = {0}; /* the series as read, until overrides are applied */
    struct import_batch *batch = &local;
    char *text = NULL;
    struct scan sc = {0};
    icalcomponent *root = NULL;
    icalcomponent **cals = NULL; /* the file's VCALENDARs, in root */
    size_t n_cals = 0;
    struct ctx cx = {.path = path, .diag = diag, .batch = batch};
    int rc = read_file(path, &text, diag);
    if (rc != BELONG_OK)
        goto out;
    if (!scan_text(path, text, &sc, diag)) {
        rc = BELONG_EDATA;
        goto out;
    }
    root = icalparser_parse_string(buf_str(&sc.skeleton));
    if (!root) {
        diag_add(diag, path, 1, "VCALENDAR", "libical cannot parse the file");
        rc = BELONG_EDATA;
        goto out;
    }
    struct diag scratch = {0};
    listing_words_load(&cx.words, &scratch);
    diag_free(&scratch);
    cx.default_zone = icaltimezone_get_builtin_timezone(BELONG_DEFAULT_TZ);

    size_t n_zone = 0;
    bool single = icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT;
    bool zones_ok = true;
    if (single)
        zones_ok = check_zones(&cx, root, &sc, &n_zone);
    else
        for (icalcomponent *cal = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
             cal; cal = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
            zones_ok = check_zones(&cx, cal, &sc, &n_zone) && zones_ok;
    if (!zones_ok) {
        /* Every event may use the zone: the file is refused whole. */
        rc = BELONG_EDATA;
        goto out;
    }
    if (single) {
        cals = xmalloc(sizeof *cals);
        cals[n_cals++] = root;
    } else {
        cals = xmalloc((sc.n_calendars ? sc.n_calendars : 1) * sizeof *cals);
        for (icalcomponent *cal = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
             cal && n_cals < sc.n_calendars;
             cal = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
            cals[n_cals++] = cal;
    }
    read_events(&cx, cals, n_cals, &sc, text, batch);
    overrides_apply(&cx);
    if (sc.repair.len) {
        /* The file ends inside an event: what follows the break is missing (the import refuses
        ** the file whole, app/import.c). */
        counts->broken_files = 1;
        snprintf(counts->broken_file, sizeof counts->broken_file, "%s", path);
    }
    rc = hand_over(path, batch, sink, diag, &counts->records);
    if (rc == BELONG_OK)
        rc = diag->count > problems_before ? BELONG_EDATA : BELONG_OK;
out:
    /* A problem no series owns refuses the file, whole: one. */
    counts->rejected = rc == BELONG_EDATA && cx.rejected == 0 ? 1 : cx.rejected;
    import_batch_free(&local);
    listing_words_free(&cx.words);
    free(cx.uid_slots);
    for (size_t i = 0; i < sizeof cx.shown / sizeof cx.shown[0]; i++)
        free(cx.shown[i].tzid);
    free(cals);
    if (root)
        icalcomponent_free(root);
    scan_free(&sc);
    free(text);
    return rc;
}
