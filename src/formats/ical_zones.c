/* ical_zones.c — naming the Olson zone of a calendar's own zone (ical_zones.h): a table of
** Windows zone names (those Exchange and Outlook write as TZIDs, after CLDR's windowsZones,
** territory "001") and of Outlook's display names for the North American zones, and a match of
** a custom VTIMEZONE against zones by their offsets.
*/
#include "ical_zones.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/timeutil.h"

/* In CLDR's order, by offset, except that a zone comes before another that keeps the same
** offsets (Los Angeles before Tijuana): the table doubles as the list of the zones that stand
** for a set of offsets (ical_matching_zone). */
static const struct {
    const char *windows, *olson;
} windows_zones[] = {
    {"Dateline Standard Time", "Etc/GMT+12"},
    {"UTC-11", "Etc/GMT+11"},
    {"Aleutian Standard Time", "America/Adak"},
    {"Hawaiian Standard Time", "Pacific/Honolulu"},
    {"Marquesas Standard Time", "Pacific/Marquesas"},
    {"Alaskan Standard Time", "America/Anchorage"},
    {"UTC-09", "Etc/GMT+9"},
    {"Pacific Standard Time", "America/Los_Angeles"},
    {"Pacific Standard Time (Mexico)", "America/Tijuana"},
    {"UTC-08", "Etc/GMT+8"},
    {"US Mountain Standard Time", "America/Phoenix"},
    {"Mountain Standard Time (Mexico)", "America/Mazatlan"},
    {"Mountain Standard Time", "America/Denver"},
    {"Yukon Standard Time", "America/Whitehorse"},
    {"Central America Standard Time", "America/Guatemala"},
    {"Central Standard Time", "America/Chicago"},
    {"Easter Island Standard Time", "Pacific/Easter"},
    {"Central Standard Time (Mexico)", "America/Mexico_City"},
    {"Canada Central Standard Time", "America/Regina"},
    {"SA Pacific Standard Time", "America/Bogota"},
    {"Eastern Standard Time (Mexico)", "America/Cancun"},
    {"Eastern Standard Time", "America/New_York"},
    {"Haiti Standard Time", "America/Port-au-Prince"},
    {"Cuba Standard Time", "America/Havana"},
    {"US Eastern Standard Time", "America/Indiana/Indianapolis"},
    {"Turks And Caicos Standard Time", "America/Grand_Turk"},
    {"Paraguay Standard Time", "America/Asuncion"},
    {"Atlantic Standard Time", "America/Halifax"},
    {"Venezuela Standard Time", "America/Caracas"},
    {"Central Brazilian Standard Time", "America/Cuiaba"},
    {"SA Western Standard Time", "America/La_Paz"},
    {"Pacific SA Standard Time", "America/Santiago"},
    {"Newfoundland Standard Time", "America/St_Johns"},
    {"Tocantins Standard Time", "America/Araguaina"},
    {"E. South America Standard Time", "America/Sao_Paulo"},
    {"SA Eastern Standard Time", "America/Cayenne"},
    {"Argentina Standard Time", "America/Argentina/Buenos_Aires"},
    {"Greenland Standard Time", "America/Nuuk"},
    {"Montevideo Standard Time", "America/Montevideo"},
    {"Magallanes Standard Time", "America/Punta_Arenas"},
    {"Saint Pierre Standard Time", "America/Miquelon"},
    {"Bahia Standard Time", "America/Bahia"},
    {"UTC-02", "Etc/GMT+2"},
    {"Azores Standard Time", "Atlantic/Azores"},
    {"Cape Verde Standard Time", "Atlantic/Cape_Verde"},
    {"UTC", "Etc/UTC"},
    {"GMT Standard Time", "Europe/London"},
    {"Greenwich Standard Time", "Atlantic/Reykjavik"},
    {"Sao Tome Standard Time", "Africa/Sao_Tome"},
    {"Morocco Standard Time", "Africa/Casablanca"},
    {"W. Europe Standard Time", "Europe/Berlin"},
    {"Central Europe Standard Time", "Europe/Budapest"},
    {"Romance Standard Time", "Europe/Paris"},
    {"Central European Standard Time", "Europe/Warsaw"},
    {"W. Central Africa Standard Time", "Africa/Lagos"},
    {"Jordan Standard Time", "Asia/Amman"},
    {"GTB Standard Time", "Europe/Bucharest"},
    {"Middle East Standard Time", "Asia/Beirut"},
    {"Egypt Standard Time", "Africa/Cairo"},
    {"E. Europe Standard Time", "Europe/Chisinau"},
    {"Syria Standard Time", "Asia/Damascus"},
    {"West Bank Standard Time", "Asia/Hebron"},
    {"South Africa Standard Time", "Africa/Johannesburg"},
    {"FLE Standard Time", "Europe/Kiev"},
    {"Israel Standard Time", "Asia/Jerusalem"},
    {"South Sudan Standard Time", "Africa/Juba"},
    {"Kaliningrad Standard Time", "Europe/Kaliningrad"},
    {"Sudan Standard Time", "Africa/Khartoum"},
    {"Libya Standard Time", "Africa/Tripoli"},
    {"Namibia Standard Time", "Africa/Windhoek"},
    {"Arabic Standard Time", "Asia/Baghdad"},
    {"Turkey Standard Time", "Europe/Istanbul"},
    {"Arab Standard Time", "Asia/Riyadh"},
    {"Belarus Standard Time", "Europe/Minsk"},
    {"Russian Standard Time", "Europe/Moscow"},
    {"E. Africa Standard Time", "Africa/Nairobi"},
    {"Volgograd Standard Time", "Europe/Volgograd"},
    {"Iran Standard Time", "Asia/Tehran"},
    {"Arabian Standard Time", "Asia/Dubai"},
    {"Astrakhan Standard Time", "Europe/Astrakhan"},
    {"Azerbaijan Standard Time", "Asia/Baku"},
    {"Russia Time Zone 3", "Europe/Samara"},
    {"Mauritius Standard Time", "Indian/Mauritius"},
    {"Saratov Standard Time", "Europe/Saratov"},
    {"Georgian Standard Time", "Asia/Tbilisi"},
    {"Caucasus Standard Time", "Asia/Yerevan"},
    {"Afghanistan Standard Time", "Asia/Kabul"},
    {"West Asia Standard Time", "Asia/Tashkent"},
    {"Ekaterinburg Standard Time", "Asia/Yekaterinburg"},
    {"Pakistan Standard Time", "Asia/Karachi"},
    {"Qyzylorda Standard Time", "Asia/Qyzylorda"},
    {"India Standard Time", "Asia/Kolkata"},
    {"Sri Lanka Standard Time", "Asia/Colombo"},
    {"Nepal Standard Time", "Asia/Kathmandu"},
    {"Central Asia Standard Time", "Asia/Almaty"},
    {"Bangladesh Standard Time", "Asia/Dhaka"},
    {"Omsk Standard Time", "Asia/Omsk"},
    {"Myanmar Standard Time", "Asia/Yangon"},
    {"SE Asia Standard Time", "Asia/Bangkok"},
    {"Altai Standard Time", "Asia/Barnaul"},
    {"W. Mongolia Standard Time", "Asia/Hovd"},
    {"North Asia Standard Time", "Asia/Krasnoyarsk"},
    {"N. Central Asia Standard Time", "Asia/Novosibirsk"},
    {"Tomsk Standard Time", "Asia/Tomsk"},
    {"China Standard Time", "Asia/Shanghai"},
    {"North Asia East Standard Time", "Asia/Irkutsk"},
    {"Singapore Standard Time", "Asia/Singapore"},
    {"W. Australia Standard Time", "Australia/Perth"},
    {"Taipei Standard Time", "Asia/Taipei"},
    {"Ulaanbaatar Standard Time", "Asia/Ulaanbaatar"},
    {"Aus Central W. Standard Time", "Australia/Eucla"},
    {"Transbaikal Standard Time", "Asia/Chita"},
    {"Tokyo Standard Time", "Asia/Tokyo"},
    {"North Korea Standard Time", "Asia/Pyongyang"},
    {"Korea Standard Time", "Asia/Seoul"},
    {"Yakutsk Standard Time", "Asia/Yakutsk"},
    {"Cen. Australia Standard Time", "Australia/Adelaide"},
    {"AUS Central Standard Time", "Australia/Darwin"},
    {"E. Australia Standard Time", "Australia/Brisbane"},
    {"AUS Eastern Standard Time", "Australia/Sydney"},
    {"West Pacific Standard Time", "Pacific/Port_Moresby"},
    {"Tasmania Standard Time", "Australia/Hobart"},
    {"Vladivostok Standard Time", "Asia/Vladivostok"},
    {"Lord Howe Standard Time", "Australia/Lord_Howe"},
    {"Bougainville Standard Time", "Pacific/Bougainville"},
    {"Russia Time Zone 10", "Asia/Srednekolymsk"},
    {"Magadan Standard Time", "Asia/Magadan"},
    {"Norfolk Standard Time", "Pacific/Norfolk"},
    {"Sakhalin Standard Time", "Asia/Sakhalin"},
    {"Central Pacific Standard Time", "Pacific/Guadalcanal"},
    {"Russia Time Zone 11", "Asia/Kamchatka"},
    {"New Zealand Standard Time", "Pacific/Auckland"},
    {"UTC+12", "Etc/GMT-12"},
    {"Fiji Standard Time", "Pacific/Fiji"},
    {"Chatham Islands Standard Time", "Pacific/Chatham"},
    {"UTC+13", "Etc/GMT-13"},
    {"Tonga Standard Time", "Pacific/Tongatapu"},
    {"Samoa Standard Time", "Pacific/Apia"},
    {"Line Islands Standard Time", "Pacific/Kiritimati"},
};

/* Outlook's display names (after their "(UTC-05:00) " part) of the zones a US or Canadian
** directory meets; other display names are matched by their VTIMEZONE's offsets. */
static const struct {
    const char *display, *windows;
} display_names[] = {
    {"Hawaii", "Hawaiian Standard Time"},
    {"Alaska", "Alaskan Standard Time"},
    {"Aleutian Islands", "Aleutian Standard Time"},
    {"Pacific Time (US & Canada)", "Pacific Standard Time"},
    {"Pacific Time (US and Canada)", "Pacific Standard Time"},
    {"Arizona", "US Mountain Standard Time"},
    {"Mountain Time (US & Canada)", "Mountain Standard Time"},
    {"Mountain Time (US and Canada)", "Mountain Standard Time"},
    {"Central Time (US & Canada)", "Central Standard Time"},
    {"Central Time (US and Canada)", "Central Standard Time"},
    {"Saskatchewan", "Canada Central Standard Time"},
    {"Eastern Time (US & Canada)", "Eastern Standard Time"},
    {"Eastern Time (US and Canada)", "Eastern Standard Time"},
    {"Indiana (East)", "US Eastern Standard Time"},
    {"Atlantic Time (Canada)", "Atlantic Standard Time"},
    {"Newfoundland", "Newfoundland Standard Time"},
    {"Coordinated Universal Time", "UTC"},
    {"Dublin, Edinburgh, Lisbon, London", "GMT Standard Time"},
};

/* The text after an Outlook display name's "(UTC-05:00) " or "(GMT-05:00) " (or "(UTC) "), or
** NULL when tzid does not begin so. */
static const char *display_text(const char *tzid)
{
    if (strncmp(tzid, "(UTC", 4) != 0 && strncmp(tzid, "(GMT", 4) != 0)
        return NULL;
    const char *close = strchr(tzid, ')');
    if (!close || close - tzid > 12)
        return NULL;
    for (const char *p = tzid + 4; p < close; p++)
        if (!strchr("+-0123456789:", *p))
            return NULL;
    close++;
    while (*close == ' ')
        close++;
    return close;
}

const char *ical_windows_zone(const char *tzid)
{
    const char *windows = tzid;
    const char *display = display_text(tzid);
    if (display) {
        windows = NULL;
        for (size_t i = 0; i < sizeof display_names / sizeof display_names[0] && !windows; i++)
            if (strcasecmp(display, display_names[i].display) == 0)
                windows = display_names[i].windows;
        if (!windows)
            return NULL;
    }
    for (size_t i = 0; i < sizeof windows_zones / sizeof windows_zones[0]; i++)
        if (strcasecmp(windows, windows_zones[i].windows) == 0)
            return windows_zones[i].olson;
    return NULL;
}

/* ---- matching a zone by its offsets -------------------------------------------------------- */

#define PROBE_S     (7 * SECONDS_PER_DAY) /* real zones change at most once a week */
#define PROBES_MAX  (2 * 53 + 1)
#define CHANGES_MAX 16

/* Where to compare two zones: a probe every week, and each side of each change of offset. */
struct probes {
    time_t at[PROBES_MAX + 2 * CHANGES_MAX];
    int offset[PROBES_MAX + 2 * CHANGES_MAX];
    size_t n;
};

/* The zone's UTC offset (seconds east) at instant t. */
static int offset_at(icaltimezone *tz, time_t t)
{
    struct icaltimetype u = icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
    int is_daylight = 0;
    return icaltimezone_get_utc_offset_of_utc_time(tz, &u, &is_daylight);
}

static void probe_add(struct probes *p, icaltimezone *tz, time_t t)
{
    if (p->n < sizeof p->at / sizeof p->at[0]) {
        p->at[p->n] = t;
        p->offset[p->n++] = offset_at(tz, t);
    }
}

/* The probes of zone over the two years from 1 January of year. */
static void probes_build(struct probes *p, icaltimezone *zone, int year)
{
    struct civil_date jan1 = {year, 1, 1};
    time_t lo = (time_t)days_from_civil(&jan1) * SECONDS_PER_DAY;
    time_t hi = lo + 2 * 365 * (time_t)SECONDS_PER_DAY;
    p->n = 0;
    int changes = 0;
    int before = offset_at(zone, lo);
    probe_add(p, zone, lo);
    for (time_t a = lo; a < hi; a += PROBE_S) {
        time_t b = a + PROBE_S;
        int after = offset_at(zone, b);
        if (after != before && changes++ < CHANGES_MAX) {
            time_t ok = a, changed = b; /* the old offset at ok, the new one at changed */
            while (changed - ok > 1) {
                time_t mid = ok + (changed - ok) / 2;
                if (offset_at(zone, mid) == after)
                    changed = mid;
                else
                    ok = mid;
            }
            probe_add(p, zone, ok);
            probe_add(p, zone, changed);
        }
        probe_add(p, zone, b);
        before = after;
    }
}

static bool same_offsets(const struct probes *p, icaltimezone *tz)
{
    for (size_t i = 0; i < p->n; i++)
        if (offset_at(tz, p->at[i]) != p->offset[i])
            return false;
    return true;
}

/* The zones that keep the offsets of p: the Windows table's first, then libical's. */
static const char *zone_scan(const struct probes *p)
{
    for (size_t i = 0; i < sizeof windows_zones / sizeof windows_zones[0]; i++) {
        icaltimezone *tz = icaltimezone_get_builtin_timezone(windows_zones[i].olson);
        if (tz && same_offsets(p, tz))
            return windows_zones[i].olson;
    }
    icalarray *builtin = icaltimezone_get_builtin_timezones();
    for (size_t i = 0; builtin && i < builtin->num_elements; i++) {
        icaltimezone *tz = icalarray_element_at(builtin, i);
        if (same_offsets(p, tz))
            return icaltimezone_get_location(tz);
    }
    return NULL;
}

const char *ical_matching_zone(icaltimezone *zone, int year, const char *const *candidates,
                               size_t n)
{
    /* A scan reads hundreds of zones: the answers are remembered by the offsets asked about
    ** (a calendar's events share their zone), never by the zone's address, which libical may
    ** give to another zone later. */
    static _Thread_local struct {
        struct probes p;
        const char *name;
    } memo[4];
    static _Thread_local unsigned next_memo;
    struct probes p;
    probes_build(&p, zone, year);
    for (size_t i = 0; i < n; i++) {
        icaltimezone *tz = candidates[i] ? icaltimezone_get_builtin_timezone(candidates[i]) : NULL;
        if (tz && same_offsets(&p, tz))
            return candidates[i];
    }
    for (unsigned i = 0; i < 4; i++)
        if (memo[i].p.n == p.n && memcmp(memo[i].p.at, p.at, p.n * sizeof p.at[0]) == 0 &&
            memcmp(memo[i].p.offset, p.offset, p.n * sizeof p.offset[0]) == 0)
            return memo[i].name;
    const char *found = zone_scan(&p);
    unsigned slot = next_memo++ % 4;
    memo[slot].p = p;
    memo[slot].name = found;
    return found;
}
