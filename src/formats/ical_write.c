/* ical_write.c — activities as an RFC 5545 calendar, built with libical's component API (see
** ical_write.h). Zones are named by their Olson names, each with a VTIMEZONE.
*/
#include "ical_write.h"

#include <libical/ical.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "../util/timeutil.h"

#define ZONES_MAX 16
#define PRODID    "-//belong//belong " BELONG_VERSION "//EN"

/* The zones used so far, so each VTIMEZONE is added once. */
struct zones {
    const char *names[ZONES_MAX];
    size_t n;
};

static void add_zone(icalcomponent *cal, struct zones *z, const char *tzid, icaltimezone *zone)
{
    for (size_t i = 0; i < z->n; i++)
        if (strcmp(z->names[i], tzid) == 0)
            return;
    icalcomponent *vtz = icaltimezone_get_component(zone);
    if (!vtz || z->n == ZONES_MAX)
        return;
    icalcomponent *copy = icalcomponent_new_clone(vtz);
    icalproperty *id = icalcomponent_get_first_property(copy, ICAL_TZID_PROPERTY);
    if (id)
        icalproperty_set_tzid(id, tzid); /* the plain Olson name, as the events say it */
    icalcomponent_add_component(cal, copy);
    z->names[z->n++] = tzid;
}

/* A local wall time "YYYYMMDDTHHMMSS" or "YYYYMMDD" as a property value of zone tzid. */
static bool wall_time(const char *text, struct icaltimetype *out)
{
    *out = icaltime_from_string(text);
    return !icaltime_is_null_time(*out) && icaltime_is_valid_time(*out);
}

static void add_local_time_property(icalcomponent *ev, icalproperty *prop, const char *tzid,
                                    bool is_date)
{
    if (!is_date)
        icalproperty_add_parameter(prop, icalparameter_new_tzid(tzid));
    icalcomponent_add_property(ev, prop);
}

/* Adds the comma-separated local times of list as EXDATE (exdate) or RDATE properties. */
static int add_time_list(icalcomponent *ev, const char *list, const char *tzid, bool exdate,
                         char *err, size_t errlen)
{
    if (!list || !*list)
        return BELONG_OK;
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char one[64];
        if (n > 0 && n < sizeof one) {
            memcpy(one, p, n);
            one[n] = '\0';
            /* An RDATE's own length (schedule.h: "WALL/DURATION") is written as a PERIOD. */
            char *slash = exdate ? NULL : strchr(one, '/');
            struct icaldurationtype length = icaldurationtype_null_duration();
            if (slash) {
                *slash = '\0';
                length = icaldurationtype_from_string(slash + 1);
            }
            struct icaltimetype t;
            if (!wall_time(one, &t) || icaldurationtype_is_bad_duration(length)) {
                snprintf(err, errlen, "%s: '%s' is not a date-time", exdate ? "exdate" : "rdate",
                         one);
                return BELONG_EDATA;
            }
            icalproperty *prop;
            if (exdate) {
                prop = icalproperty_new_exdate(t);
            } else {
                struct icaldatetimeperiodtype dp = {.time = t,
                                                    .period = icalperiodtype_null_period()};
                if (slash) {
                    dp.period.start = t;
                    dp.period.duration = length;
                    dp.time = icaltime_null_time();
                }
                prop = icalproperty_new_rdate(dp);
            }
            add_local_time_property(ev, prop, tzid, t.is_date);
        }
        p = end ? end + 1 : p + n;
    }
    return BELONG_OK;
}

/* The common properties of one event of activity a. */
static icalcomponent *new_event(const struct ical_write_item *it, const char *uid, time_t now)
{
    const struct activity *a = it->activity;
    icalcomponent *ev = icalcomponent_new_vevent();
    icalcomponent_add_property(ev, icalproperty_new_uid(uid));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
                                       now, 0, icaltimezone_get_utc_timezone())));
    icalcomponent_add_property(ev, icalproperty_new_summary(a->name ? a->name : "Activity"));
    struct buf where = {0};
    const char *parts[] = {a->location_name, a->address, a->town};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i] && *parts[i])
            buf_printf(&where, "%s%s", where.len ? ", " : "", parts[i]);
    if (a->is_virtual && !where.len)
        buf_puts(&where, "Online");
    if (where.len)
        icalcomponent_add_property(ev, icalproperty_new_location(buf_str(&where)));
    buf_free(&where);
    struct buf text = {0};
    if (a->organization)
        buf_printf(&text, "%s\n", a->organization);
    if (a->description)
        buf_printf(&text, "%s\n", a->description);
    if (a->phone)
        buf_printf(&text, "Phone: %s\n", a->phone);
    if (it->note && *it->note)
        buf_printf(&text, "Note: %s\n", it->note);
    if (text.len)
        icalcomponent_add_property(ev, icalproperty_new_description(buf_str(&text)));
    buf_free(&text);
    if (a->url)
        icalcomponent_add_property(ev, icalproperty_new_url(a->url));
    return ev;
}

/* A schedule that a calendar can carry as it is: a rule over a known zone, no validity dates. */
static bool plain_rule(const struct schedule *sc, const char *tzid)
{
    return !sc->valid_from && !sc->valid_to && !sc->vtimezone &&
           icaltimezone_get_builtin_timezone(tzid) != NULL;
}

static int add_schedule_event(icalcomponent *cal, struct zones *zones,
                              const struct ical_write_item *it, const struct schedule *sc, size_t k,
                              time_t now, char *err, size_t errlen)
{
    const struct activity *a = it->activity;
    const char *tzid = sc->tzid ? sc->tzid : a->tzid ? a->tzid : BELONG_DEFAULT_TZ;
    struct icaltimetype start;
    if (!wall_time(sc->dtstart, &start)) {
        snprintf(err, errlen, "activity %lld: dtstart '%s' is not a date-time", (long long)a->id,
                 sc->dtstart ? sc->dtstart : "");
        return BELONG_EDATA;
    }
    char uid[96];
    snprintf(uid, sizeof uid, "belong-activity-%lld-%zu@belong", (long long)a->id, k);
    icalcomponent *ev = new_event(it, uid, now);
    add_local_time_property(ev, icalproperty_new_dtstart(start), tzid, start.is_date);
    icalcomponent_add_property(
        ev, icalproperty_new_duration(icaldurationtype_from_int(sc->duration_s)));
    int rc = BELONG_OK;
    if (sc->rrule) {
        struct icalrecurrencetype rule = icalrecurrencetype_from_string(sc->rrule);
        if (rule.freq == ICAL_NO_RECURRENCE) {
            snprintf(err, errlen, "activity %lld: rrule '%s' is not a rule", (long long)a->id,
                     sc->rrule);
            rc = BELONG_EDATA;
        } else {
            icalcomponent_add_property(ev, icalproperty_new_rrule(rule));
        }
    }
    if (rc == BELONG_OK)
        rc = add_time_list(ev, sc->exdates, tzid, true, err, errlen);
    if (rc == BELONG_OK)
        rc = add_time_list(ev, sc->rdates, tzid, false, err, errlen);
    if (rc != BELONG_OK) {
        icalcomponent_free(ev);
        return rc;
    }
    if (!start.is_date)
        add_zone(cal, zones, tzid, icaltimezone_get_builtin_timezone(tzid));
    icalcomponent_add_component(cal, ev);
    return BELONG_OK;
}

/* One event per occurrence, in UTC (for schedules a rule cannot carry). */
static void add_occurrence_events(icalcomponent *cal, const struct ical_write_item *it, time_t now)
{
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    for (size_t i = 0; i < it->n_occ; i++) {
        const struct occurrence *o = &it->occ[i];
        char uid[96];
        snprintf(uid, sizeof uid, "belong-activity-%lld-at-%lld@belong",
                 (long long)it->activity->id, (long long)o->start);
        icalcomponent *ev = new_event(it, uid, now);
        icalcomponent_add_property(
            ev, icalproperty_new_dtstart(icaltime_from_timet_with_zone(o->start, 0, utc)));
        icalcomponent_add_property(
            ev, icalproperty_new_dtend(icaltime_from_timet_with_zone(o->end, 0, utc)));
        icalcomponent_add_component(cal, ev);
    }
}

int ical_write_calendar(const struct ical_write_item *items, size_t n, time_t now, char **text,
                        char *err, size_t errlen)
{
    *text = NULL;
    icalcomponent *cal = icalcomponent_new_vcalendar();
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid(PRODID));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    struct zones zones = {0};
    int rc = BELONG_OK;
    for (size_t i = 0; rc == BELONG_OK && i < n; i++) {
        const struct ical_write_item *it = &items[i];
        const char *atz = it->activity->tzid ? it->activity->tzid : BELONG_DEFAULT_TZ;
        bool all_plain = it->n_scheds > 0;
        for (size_t k = 0; k < it->n_scheds; k++)
            all_plain = all_plain &&
                        plain_rule(&it->scheds[k], it->scheds[k].tzid ? it->scheds[k].tzid : atz);
        if (!all_plain) {
            add_occurrence_events(cal, it, now);
            continue;
        }
        for (size_t k = 0; rc == BELONG_OK && k < it->n_scheds; k++)
            rc = add_schedule_event(cal, &zones, it, &it->scheds[k], k, now, err, errlen);
    }
    if (rc == BELONG_OK) {
        char *s = icalcomponent_as_ical_string_r(cal);
        *text = xstrdup(s);
        icalmemory_free_buffer(s);
    }
    icalcomponent_free(cal);
    return rc;
}
