/* test_timeutil.c — date parsing and local time across the America/New_York DST changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/util/timeutil.h"

static void parses_real_dates_only(void **state)
{
    (void)state;
    struct civil_date d;
    assert_true(parse_date("2024-02-29", &d));
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 29);
    assert_false(parse_date("2025-02-29", &d));
    assert_false(parse_date("2025-13-01", &d));
    assert_false(parse_date("2025-1-01", &d));
    assert_false(parse_date("2025-01-01x", &d));
    assert_false(parse_date("", &d));
}

static void parses_clock_times_and_offsets(void **state)
{
    (void)state;
    int minutes, secs, offset;
    const char *rest;
    assert_true(parse_clock("18:30", &minutes, NULL, NULL));
    assert_int_equal(minutes, 18 * 60 + 30);
    assert_true(parse_clock("10:00:15", &minutes, &secs, NULL));
    assert_int_equal(secs, 15);
    assert_true(parse_clock("09:00-05:00", &minutes, NULL, &rest));
    assert_string_equal(rest, "-05:00");
    assert_true(parse_utc_offset(rest, &offset));
    assert_int_equal(offset, -5 * 3600);
    assert_true(parse_utc_offset("Z", &offset));
    assert_int_equal(offset, 0);
    assert_false(parse_clock("25:00", &minutes, NULL, NULL));
    assert_false(parse_clock("9:00", &minutes, NULL, NULL));
    assert_false(parse_clock("18:30pm", &minutes, NULL, NULL));
}

static void local_time_follows_dst(void **state)
{
    (void)state;
    char iso[ISO_LOCAL_LEN];
    struct civil_date winter = {2026, 12, 8}, summer = {2026, 7, 7};
    time_t t = local_to_instant(&winter, 18 * 60, 0, "America/New_York");
    assert_int_equal(t, 1796770800); /* 2026-12-08T23:00:00Z */
    format_local_iso(t, "America/New_York", iso);
    assert_string_equal(iso, "2026-12-08T18:00:00-05:00");
    t = local_to_instant(&summer, 18 * 60, 0, "America/New_York");
    format_local_iso(t, "America/New_York", iso);
    assert_string_equal(iso, "2026-07-07T18:00:00-04:00");
}

static void dst_gap_moves_forward_and_repeated_hour_is_first(void **state)
{
    (void)state;
    char iso[ISO_LOCAL_LEN];
    struct civil_date spring = {2026, 3, 8}, fall = {2026, 11, 1};
    format_local_iso(local_to_instant(&spring, 2 * 60 + 30, 0, NULL), NULL, iso);
    assert_string_equal(iso, "2026-03-08T03:30:00-04:00");
    format_local_iso(local_to_instant(&fall, 60 + 30, 0, NULL), NULL, iso);
    assert_string_equal(iso, "2026-11-01T01:30:00-04:00");
    format_local_iso(local_to_instant(&fall, 3 * 60, 0, NULL), NULL, iso);
    assert_string_equal(iso, "2026-11-01T03:00:00-05:00");
}

/* format_local_iso writes the digits itself: the same text as printf's over many instants and
** zones (west and east of UTC, half-hour and 45-minute offsets, seconds, far years). */
static void local_iso_is_the_printf_text(void **state)
{
    (void)state;
    const char *zones[] = {"America/New_York",
                           "America/St_Johns",
                           "Asia/Kolkata",
                           "Asia/Kathmandu",
                           "Pacific/Kiritimati",
                           "Pacific/Pago_Pago",
                           "Australia/Lord_Howe",
                           "UTC",
                           NULL};
    srand(7);
    for (int i = 0; i < 4000; i++) {
        const char *zone = zones[i % (sizeof zones / sizeof *zones)];
        time_t t = (time_t)((long long)rand() * 7919 % 4102444800LL); /* 1970 to 2100 */
        if (i % 97 == 0)
            t = -(time_t)(rand() % 100000000);
        char iso[ISO_LOCAL_LEN], want[ISO_LOCAL_LEN];
        format_local_iso(t, zone, iso);
        struct civil_date d;
        int minutes, offset;
        instant_to_local(t, zone, &d, &minutes, NULL, &offset);
        int abs_off = abs(offset);
        snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month,
                 d.day, minutes / 60, minutes % 60, (int)(((t % 60) + 60) % 60),
                 offset < 0 ? '-' : '+', abs_off / 3600, (abs_off % 3600) / 60);
        assert_string_equal(iso, want);
    }
}

/* What libical says of t (the oracle of format_local_iso's table), as format_local_iso
** writes it. */
static void libical_iso(time_t t, const char *zone, char want[ISO_LOCAL_LEN])
{
    struct civil_date d;
    int minutes, offset;
    instant_to_local(t, zone, &d, &minutes, NULL, &offset);
    int abs_off = abs(offset);
    snprintf(want, ISO_LOCAL_LEN, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month,
             d.day, minutes / 60, minutes % 60, (int)(((t % 60) + 60) % 60), offset < 0 ? '-' : '+',
             abs_off / 3600, (abs_off % 3600) / 60);
}

static void same_as_libical(time_t t, const char *zone)
{
    char iso[ISO_LOCAL_LEN], want[ISO_LOCAL_LEN];
    format_local_iso(t, zone, iso);
    libical_iso(t, zone, want);
    if (strcmp(iso, want) != 0)
        fail_msg("%s at %lld: %s, libical %s", zone, (long long)t, iso, want);
}

/* format_local_iso's table of offsets against libical, for every zone libical knows: two
** years every few hours (in an order that goes back and forth, as a page's dates do), and
** every minute of each few hours in which libical's answer moves (each change of offset and
** the repeated hour after it), with the seconds around each change. */
static void local_iso_table_is_libicals_for_every_zone(void **state)
{
    (void)state;
    icalarray *builtin = icaltimezone_get_builtin_timezones();
    size_t n_zones = builtin->num_elements;
    assert_true(n_zones > 300);
    char **names = calloc(n_zones, sizeof *names); /* libical's array moves as zones load */
    for (size_t i = 0; i < n_zones; i++)
        names[i] = strdup(icaltimezone_get_location(icalarray_element_at(builtin, i)));
    const time_t from = 1767225600, to = from + 2 * 366 * 86400L; /* 2026-01-01, 2 years on */
    const long step = 5 * 3600 + 17 * 60;                         /* not a whole hour */
    srand(11);
    for (size_t i = 0; i < n_zones; i++) {
        const char *zone = names[i];
        for (time_t t = from; t < to; t += step) {
            time_t back = t - (rand() % 40) * 86400L; /* an earlier date of the same page */
            same_as_libical(back > from ? back : from, zone);
            same_as_libical(t, zone);
            char a[ISO_LOCAL_LEN], b[ISO_LOCAL_LEN];
            libical_iso(t, zone, a);
            libical_iso(t + step, zone, b);
            if (strcmp(a + 19, b + 19) == 0) /* the same offset shown at both ends */
                continue;
            for (time_t m = t; m <= t + step; m += 60)
                same_as_libical(m, zone);
            for (time_t m = t; m <= t + step; m += 3600) /* the seconds around each hour */
                for (int sec = -2; sec <= 2; sec++)
                    same_as_libical(m - m % 3600 + sec, zone);
        }
    }
    /* More zones at once than a thread keeps tables of, back and forth. */
    for (int k = 0; k < 3000; k++) {
        same_as_libical(from + (time_t)(rand() % 700) * 86400L + rand() % 86400,
                        names[(size_t)rand() % n_zones]);
    }
    same_as_libical(from, "No/Such_Zone"); /* the default zone, as libical's path takes it */
    same_as_libical(from, NULL);
    for (size_t i = 0; i < n_zones; i++)
        free(names[i]);
    free(names);
}

static void weekday_is_monday_based(void **state)
{
    (void)state;
    struct civil_date d = {2026, 11, 25}; /* a Wednesday */
    int weekday;
    instant_to_local(local_to_instant(&d, 12 * 60, 0, NULL), NULL, NULL, NULL, &weekday, NULL);
    assert_int_equal(weekday, 2);
}

static void civil_days_round_trip(void **state)
{
    (void)state;
    struct civil_date d = {2000, 3, 1};
    long days = days_from_civil(&d);
    struct civil_date back = civil_from_days(days);
    assert_int_equal(back.year, 2000);
    assert_int_equal(back.month, 3);
    assert_int_equal(back.day, 1);
    struct civil_date epoch = {1970, 1, 1};
    assert_int_equal(days_from_civil(&epoch), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_real_dates_only),
        cmocka_unit_test(parses_clock_times_and_offsets),
        cmocka_unit_test(local_time_follows_dst),
        cmocka_unit_test(dst_gap_moves_forward_and_repeated_hour_is_first),
        cmocka_unit_test(local_iso_is_the_printf_text),
        cmocka_unit_test(local_iso_table_is_libicals_for_every_zone),
        cmocka_unit_test(weekday_is_monday_based),
        cmocka_unit_test(civil_days_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
