/* format.c — the CLI's one way of showing times, amounts and numbers (format.h). */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../directory/activity.h"
#include "../util/money.h"
#include "../util/timeutil.h"

const char *cli_zone_of(const char *tzid)
{
    return tzid && *tzid ? tzid : BELONG_DEFAULT_TZ;
}

void cli_human_time(time_t t, const char *tzid, bool with_year, char *out, size_t len)
{
    struct civil_date d;
    int minutes, weekday;
    instant_to_local(t, cli_zone_of(tzid), &d, &minutes, &weekday, NULL);
    if (with_year)
        snprintf(out, len, "%s %d %s %d %02d:%02d", weekday_short(weekday % 7), d.day,
                 month_short(d.month), d.year, minutes / 60, minutes % 60);
    else
        snprintf(out, len, "%s %d %s %02d:%02d", weekday_short(weekday % 7), d.day,
                 month_short(d.month), minutes / 60, minutes % 60);
}

void cli_cost_text(int cost_cents, char *out, size_t len)
{
    if (cost_cents < 0)
        snprintf(out, len, "cost not listed");
    else if (cost_cents == 0)
        snprintf(out, len, "free");
    else
        format_usd(cost_cents, out, len);
}

void cli_distance_text(double miles, bool approximate, char *out, size_t len)
{
    if (miles < 0.05) /* would read "0.0 mi" */
        snprintf(out, len, "%s0.1 mi", approximate ? "within about " : "under ");
    else
        snprintf(out, len, "%s%.1f mi", approximate ? "about " : "", miles);
}

bool cli_color_parse(const char *text, enum cli_color_when *out)
{
    static const char *const names[] = {"auto", "always", "never"};
    for (int i = 0; i < 3; i++)
        if (text && strcmp(text, names[i]) == 0) {
            *out = (enum cli_color_when)i;
            return true;
        }
    return false;
}

bool cli_color_decide(enum cli_color_when when, int fd)
{
    if (when != CLI_COLOR_AUTO)
        return when == CLI_COLOR_ALWAYS;
    const char *no_color = getenv("NO_COLOR");
    return !(no_color && *no_color) && isatty(fd);
}

const char *cli_style(bool color, enum cli_style style)
{
    static const char *const sgr[] = {"\033[0m", "\033[1m", "\033[2m", "\033[32m", "\033[33m"};
    return color && style >= 0 && style < (int)(sizeof sgr / sizeof *sgr) ? sgr[style] : "";
}

double cli_rounded(double v, int decimals)
{
    double scale = pow(10, decimals);
    return round(v * scale) / scale;
}

json_t *cli_json_rounded(double v, int decimals)
{
    return json_real(cli_rounded(v, decimals));
}

json_t *cli_json_string_or_null(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null(); /* not UTF-8 (a store edited by hand): null, its key kept */
}

json_t *cli_json_iso(time_t t, const char *tzid)
{
    char iso[ISO_LOCAL_LEN];
    format_local_iso(t, cli_zone_of(tzid), iso);
    return json_string(iso);
}

json_t *cli_json_cost(int cost_cents)
{
    if (cost_cents < 0)
        return json_null();
    if (cost_cents % 100 == 0)
        return json_integer(cost_cents / 100);
    return cli_json_rounded(cost_cents / 100.0, 2);
}

json_t *cli_json_access(unsigned access)
{
    json_t *list = json_array();
    for (int bit = 0; access_name(bit); bit++)
        if (access & (1u << bit))
            json_array_append_new(list, json_string(access_name(bit)));
    return list;
}

json_t *cli_json_weekdays(unsigned mask)
{
    json_t *days = json_array();
    for (int d = 0; d < 7; d++)
        if ((mask >> d) & 1)
            json_array_append_new(days, json_string(weekday_code(d)));
    return days;
}
