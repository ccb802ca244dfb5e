/* schedule_words.c — a schedule in words for the activity's page and the API (web_internal.h):
** the weekly and monthly rules directories publish, said as a person would.
*/
#include <libical/ical.h>
#include <stdio.h>
#include <string.h>

#include "../directory/schedule.h"
#include "../util/buf.h"
#include "../util/timeutil.h"
#include "web_internal.h"

static const char *const ordinals[] = {"", "first", "second", "third", "fourth", "fifth"};

/* libical's weekday (1 = Sunday) as belong's (0 = Monday). */
static int weekday_of(enum icalrecurrencetype_weekday w)
{
    return ((int)w + 5) % 7;
}

/* " at 18:00, 90 minutes" from the local start time and the length. */
static void time_and_length(struct buf *b, const struct schedule *sc)
{
    int hh, mm;
    if (strlen(sc->dtstart) >= 13 && sscanf(sc->dtstart + 9, "%2d%2d", &hh, &mm) == 2)
        buf_printf(b, " at %02d:%02d", hh, mm);
    int minutes = sc->duration_s / 60;
    if (sc->duration_s >= 86400)
        buf_puts(b, ", all day");
    else if (minutes >= 120 && minutes % 60 == 0)
        buf_printf(b, ", %d hours", minutes / 60);
    else if (minutes > 0)
        buf_printf(b, ", %d minutes", minutes);
}

/* "Tuesday and Thursday", "Monday, Wednesday and Friday" from a BYDAY list (positions
** ignored), or the start's weekday when the rule has none. */
static void day_list(struct buf *b, const struct icalrecurrencetype *r, int start_weekday)
{
    int n = 0;
    while (n < ICAL_BY_DAY_SIZE && r->by_day[n] != ICAL_RECURRENCE_ARRAY_MAX)
        n++;
    if (n == 0) {
        buf_puts(b, weekday_name(start_weekday));
        return;
    }
    for (int i = 0; i < n; i++) {
        buf_printf(b, "%s%s",
                   i == 0       ? ""
                   : i == n - 1 ? " and "
                                : ", ",
                   weekday_name(weekday_of(icalrecurrencetype_day_day_of_week(r->by_day[i]))));
    }
}

void web_schedule_words(const struct schedule *sc, char *out, size_t len)
{
    struct buf b = {0};
    struct civil_date start = {0};
    char date[16] = "";
    if (sc->dtstart && strlen(sc->dtstart) >= 8) {
        snprintf(date, sizeof date, "%.4s-%.2s-%.2s", sc->dtstart, sc->dtstart + 4,
                 sc->dtstart + 6);
        parse_date(date, &start);
    }
    int start_weekday = start.year ? civil_weekday(&start) : 0;
    struct icalrecurrencetype r;
    bool said = true;
    if (!sc->rrule) {
        buf_printf(&b, "Once, on %s %s", start.year ? weekday_name(start_weekday) : "", date);
    } else {
        r = icalrecurrencetype_from_string(sc->rrule);
        int pos = r.by_day[0] != ICAL_RECURRENCE_ARRAY_MAX
                      ? icalrecurrencetype_day_position(r.by_day[0])
                      : 0;
        if (r.freq == ICAL_DAILY_RECURRENCE && r.interval <= 1) {
            buf_puts(&b, "Every day");
        } else if (r.freq == ICAL_WEEKLY_RECURRENCE) {
            buf_puts(&b, r.interval <= 1 ? "Every " : r.interval == 2 ? "Every other " : "");
            if (r.interval > 2)
                buf_printf(&b, "Every %d weeks on ", r.interval);
            day_list(&b, &r, start_weekday);
        } else if (r.freq == ICAL_MONTHLY_RECURRENCE && r.interval <= 1 && pos != 0 &&
                   r.by_day[1] == ICAL_RECURRENCE_ARRAY_MAX && (pos == -1 || pos <= 5)) {
            buf_printf(&b, "The %s %s of each month", pos == -1 ? "last" : ordinals[pos],
                       weekday_name(weekday_of(icalrecurrencetype_day_day_of_week(r.by_day[0]))));
        } else if (r.freq == ICAL_MONTHLY_RECURRENCE && r.interval <= 1 &&
                   r.by_day[0] == ICAL_RECURRENCE_ARRAY_MAX &&
                   r.by_month_day[0] != ICAL_RECURRENCE_ARRAY_MAX &&
                   r.by_month_day[1] == ICAL_RECURRENCE_ARRAY_MAX && r.by_month_day[0] > 0) {
            buf_printf(&b, "Day %d of each month", r.by_month_day[0]);
        } else {
            buf_printf(&b, "Repeats: %s", sc->rrule);
            said = false;
        }
    }
    if (said)
        time_and_length(&b, sc);
    if (sc->valid_from)
        buf_printf(&b, ", from %s", sc->valid_from);
    if (sc->valid_to)
        buf_printf(&b, ", until %s", sc->valid_to);
    snprintf(out, len, "%s", buf_str(&b));
    buf_free(&b);
}
