/* schedule_text.c — a schedule in words for people ("Every other Wednesday, 3:00 pm to
** 4:30 pm"), from its DTSTART, RRULE (as libical reads it), duration and dates: never the raw
** rule.
*/
#include "schedule_text.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/timeutil.h"

static const char *const month_names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
static const char *const ordinals[] = {"last", "first", "second", "third", "fourth", "fifth"};

/* Reads "YYYYMMDD" or "YYYYMMDDTHHMM[SS]" (or "YYYY-MM-DD"). OUT: *d, *minute (-1: all day).
** Returns false when text is neither. */
static bool read_local(const char *text, struct civil_date *d, int *minute)
{
    int y, mo, day, h = -1, mi = 0;
    if (!text)
        return false;
    if (strlen(text) >= 5 && text[4] == '-'
            ? sscanf(text, "%4d-%2d-%2d", &y, &mo, &day) != 3
            : sscanf(text, "%4d%2d%2dT%2d%2d", &y, &mo, &day, &h, &mi) < 3)
        return false;
    if (mo < 1 || mo > 12 || day < 1 || day > 31 || h > 23 || mi > 59)
        return false;
    *d = (struct civil_date){.year = y, .month = mo, .day = day};
    *minute = h < 0 ? -1 : h * 60 + mi;
    return true;
}

/* "3:00 pm", "12:30 pm", "midnight" is "12:00 am". */
static void put_clock(struct buf *out, int minute)
{
    minute %= 24 * 60;
    int h = minute / 60, m = minute % 60;
    buf_printf(out, "%d:%02d %s", h % 12 ? h % 12 : 12, m, h < 12 ? "am" : "pm");
}

/* "November 4, 2026". */
static void put_date(struct buf *out, const struct civil_date *d)
{
    buf_printf(out, "%s %d, %d", month_names[d->month - 1], d->day, d->year);
}

/* "Monday", "Monday and Thursday", "Monday, Wednesday and Friday" from the days of mask
** (bit 0 = Monday). */
static void put_days(struct buf *out, unsigned mask)
{
    int n = 0, total = 0;
    for (int d = 0; d < 7; d++)
        total += (mask >> d) & 1;
    for (int d = 0; d < 7; d++) {
        if (!((mask >> d) & 1))
            continue;
        n++;
        buf_printf(out, "%s%s", n == 1 ? "" : n == total ? " and " : ", ", weekday_name(d));
    }
}

/* libical's weekday (1 = Sunday .. 7 = Saturday) as 0 = Monday .. 6 = Sunday. */
static int monday_first(int ical_weekday)
{
    return (ical_weekday + 5) % 7;
}

/* "every other month", "every 3 months" (unit "month"). */
static void put_every(struct buf *out, int interval, const char *unit)
{
    if (interval <= 1)
        buf_printf(out, "every %s", unit);
    else if (interval == 2)
        buf_printf(out, "every other %s", unit);
    else
        buf_printf(out, "every %d %ss", interval, unit);
}

/* "1st", "22nd", "last day". */
static void put_month_day(struct buf *out, int day)
{
    if (day == -1) {
        buf_puts(out, "last day");
        return;
    }
    if (day < 0) {
        buf_printf(out, "%d days before the end", -day - 1);
        return;
    }
    const char *suffix = day % 100 >= 11 && day % 100 <= 13 ? "th"
                         : day % 10 == 1                    ? "st"
                         : day % 10 == 2                    ? "nd"
                         : day % 10 == 3                    ? "rd"
                                                            : "th";
    buf_printf(out, "%d%s", day, suffix);
}

/* The rule's recurrence in words, capitalised; false when libical cannot read it. */
static bool put_rule(struct buf *out, const char *rrule, const struct civil_date *start)
{
    struct icalrecurrencetype r = icalrecurrencetype_from_string(rrule);
    if (r.freq == ICAL_NO_RECURRENCE)
        return false;
    int interval = r.interval > 0 ? r.interval : 1;
    unsigned days = 0;
    int positions = 0, position = 0;
    for (int i = 0; i < ICAL_BY_DAY_SIZE && r.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
        days |= 1u << monday_first(icalrecurrencetype_day_day_of_week(r.by_day[i]));
        int pos = icalrecurrencetype_day_position(r.by_day[i]);
        if (pos) {
            positions++;
            position = pos;
        }
    }
    int month_day = r.by_month_day[0] != ICAL_RECURRENCE_ARRAY_MAX ? r.by_month_day[0] : 0;
    switch (r.freq) {
    case ICAL_DAILY_RECURRENCE:
        buf_puts(out, interval == 1 ? "Every day" : interval == 2 ? "Every other day" : "");
        if (interval > 2)
            buf_printf(out, "Every %d days", interval);
        if (days) {
            buf_puts(out, ", on ");
            put_days(out, days);
        }
        break;
    case ICAL_WEEKLY_RECURRENCE:
        if (!days)
            days = 1u << civil_weekday(start);
        if (interval <= 2) {
            buf_puts(out, interval == 2 ? "Every other " : "Every ");
            put_days(out, days);
        } else {
            buf_printf(out, "Every %d weeks, on ", interval);
            put_days(out, days);
        }
        break;
    case ICAL_MONTHLY_RECURRENCE:
        if (days && positions == 1 && position >= -1 && position <= 5) {
            buf_printf(out, "The %s ", ordinals[position < 0 ? 0 : position]);
            put_days(out, days);
            buf_puts(out, " of ");
        } else if (days) { /* every such weekday of the months it meets in */
            buf_puts(out, "Every ");
            put_days(out, days);
            if (interval == 1)
                break;
            buf_puts(out, ", ");
        } else {
            buf_puts(out, "The ");
            put_month_day(out, month_day ? month_day : start->day);
            buf_puts(out, " of ");
        }
        if (interval == 1)
            buf_puts(out, "the month");
        else
            put_every(out, interval, "month");
        break;
    case ICAL_YEARLY_RECURRENCE: {
        int month = r.by_month[0] != ICAL_RECURRENCE_ARRAY_MAX ? r.by_month[0] : start->month;
        if (month < 1 || month > 12)
            month = start->month;
        buf_puts(out, interval == 1 ? "Every year" : interval == 2 ? "Every other year" : "");
        if (interval > 2)
            buf_printf(out, "Every %d years", interval);
        buf_printf(out, " on %s %d", month_names[month - 1], month_day ? month_day : start->day);
        break;
    }
    default: /* hourly, minutely, secondly */
        buf_printf(out, "Several times a day");
        break;
    }
    if (r.count > 0)
        buf_printf(out, ", %d time%s in all", r.count, r.count == 1 ? "" : "s");
    if (!icaltime_is_null_time(r.until)) {
        struct civil_date until = {r.until.year, r.until.month, r.until.day};
        if (until.month >= 1 && until.month <= 12) {
            buf_puts(out, ", until ");
            put_date(out, &until);
        }
    }
    return true;
}

/* How many items a comma list has (0 for NULL or ""). */
static int list_count(const char *list)
{
    int n = list && *list ? 1 : 0;
    for (const char *c = list; c && *c; c++)
        n += *c == ',';
    return n;
}

void schedule_text(const struct schedule *sc, struct buf *out)
{
    struct civil_date start;
    int minute;
    if (!read_local(sc->dtstart, &start, &minute)) {
        buf_puts(out, "When it meets is not clear from the listing");
        return;
    }
    if (!sc->rrule || !put_rule(out, sc->rrule, &start)) {
        buf_printf(out, "Once, on %s, ", weekday_name(civil_weekday(&start)));
        put_date(out, &start);
    }
    if (minute < 0) {
        buf_puts(out, ", all day");
    } else {
        buf_puts(out, ", ");
        put_clock(out, minute);
        if (sc->duration_s > 0 && sc->duration_s < SECONDS_PER_DAY) {
            buf_puts(out, " to ");
            put_clock(out, minute + sc->duration_s / 60);
        }
    }
    int extra = list_count(sc->rdates), skipped = list_count(sc->exdates);
    if (extra)
        buf_printf(out, ", and on %d other date%s", extra, extra == 1 ? "" : "s");
    if (skipped)
        buf_printf(out, ", except %d date%s", skipped, skipped == 1 ? "" : "s");
    struct civil_date d;
    int unused;
    if (sc->valid_from && read_local(sc->valid_from, &d, &unused)) {
        buf_puts(out, ", from ");
        put_date(out, &d);
    }
    if (sc->valid_to && read_local(sc->valid_to, &d, &unused)) {
        buf_puts(out, sc->valid_from ? " to " : ", until ");
        put_date(out, &d);
    }
}
