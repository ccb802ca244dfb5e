/* test_availability.c — weekly windows and dates away: parsing, refusals with their messages,
** formatting, and the availability_allows query matching relies on.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/peers/availability.h"
#include "../../src/util/rc.h"
#include "../../src/util/timeutil.h"

enum { MO, TU, WE, TH, FR, SA, SU };

static long day_of(int y, int m, int d)
{
    struct civil_date c = {y, m, d};
    return days_from_civil(&c);
}

/* Adds a window and asserts success. */
static void add(struct availability *a, const char *spec)
{
    struct diag d = {0};
    int rc = availability_add_window(a, spec, &d, NULL, "availability");
    if (rc != BELONG_OK)
        fprintf(stderr, "%s", buf_str(&d.text));
    assert_int_equal(rc, BELONG_OK);
    diag_free(&d);
}

/* Asserts that spec is refused with a message containing `expect`, and a is unchanged. */
static void refuse(struct availability *a, const char *spec, const char *expect)
{
    struct diag d = {0};
    size_t before = a->n_windows;
    assert_int_equal(availability_add_window(a, spec, &d, "f.json", "availability"), BELONG_EDATA);
    assert_int_equal(a->n_windows, before);
    assert_int_equal(d.count, 1);
    const char *msg = buf_str(&d.text);
    if (!strstr(msg, expect))
        fprintf(stderr, "message: %s", msg);
    assert_non_null(strstr(msg, expect));
    assert_non_null(strstr(msg, "f.json: availability: \""));
    diag_free(&d);
}

static void parses_and_formats_windows(void **state)
{
    (void)state;
    struct availability a = {0};
    add(&a, "SA 09:00-13:00");
    add(&a, "tu 18:00-21:00");
    add(&a, "  TU 9:30-11:00 ");
    add(&a, "MO,WE 07:00-08:00");
    add(&a, "SU 20:00-24:00");
    assert_int_equal(a.n_windows, 6);
    const char *expect[] = {"MO 07:00-08:00", "TU 09:30-11:00", "TU 18:00-21:00",
                            "WE 07:00-08:00", "SA 09:00-13:00", "SU 20:00-24:00"};
    for (size_t i = 0; i < a.n_windows; i++) {
        char text[AVAILABILITY_TEXT_LEN];
        availability_format_window(&a.windows[i], text);
        assert_string_equal(text, expect[i]);
    }
    availability_free(&a);
}

static void refuses_bad_windows_with_the_reason(void **state)
{
    (void)state;
    struct availability a = {0};
    add(&a, "TU 18:00-21:00");
    refuse(&a, "TU 21:00-18:00", "\"TU 21:00-18:00\": end before start");
    refuse(&a, "FR 22:00-02:00", "cannot cross midnight");
    refuse(&a, "TU 19:00-22:00", "overlaps \"TU 18:00-21:00\"");
    refuse(&a, "TU 17:00-18:30", "overlaps");
    refuse(&a, "TU 18:30-19:00", "overlaps");    /* inside */
    refuse(&a, "MO,TU 18:00-19:00", "overlaps"); /* MO would fit, TU not: nothing added */
    refuse(&a, "XX 10:00-11:00", "unknown day 'XX'");
    refuse(&a, "Tuesday 10:00-11:00", "unknown day 'Tuesday'");
    refuse(&a, "TU", "expected DAY HH:MM-HH:MM");
    refuse(&a, "10:00-11:00", "expected DAY HH:MM-HH:MM");
    refuse(&a, "TU 10:00", "not a time range");
    refuse(&a, "TU 10-11", "not a time range");
    refuse(&a, "TU 25:00-26:00", "not a time range");
    refuse(&a, "TU 10:60-11:00", "not a time range");
    refuse(&a, "TU 10:00-11:00pm", "not a time range");
    refuse(&a, "TU 24:00-24:00", "cannot start at 24:00");
    refuse(&a, "TU 10:00-10:00", "end equals start");
    refuse(&a, "TU 24:30-11:00", "not a time range");
    refuse(&a, "", "expected DAY");
    assert_int_equal(a.n_windows, 1);
    /* Touching is not overlapping. */
    add(&a, "TU 21:00-22:00");
    add(&a, "TU 17:00-18:00");
    assert_int_equal(a.n_windows, 3);
    availability_free(&a);
}

static void dates_away_parse_merge_and_refuse(void **state)
{
    (void)state;
    struct availability a = {0};
    struct diag d = {0};
    assert_int_equal(availability_add_away(&a, "2026-12-24..2027-01-02", &d, NULL, "away"), 0);
    assert_int_equal(availability_add_away(&a, "2026-11-26", &d, NULL, "away"), 0);
    assert_int_equal(availability_add_away(&a, "2027-01-03 .. 2027-01-05", &d, NULL, "away"), 0);
    assert_int_equal(availability_add_away(&a, "2026-12-30", &d, NULL, "away"), 0);
    assert_int_equal(d.count, 0);
    assert_int_equal(a.n_away, 2); /* adjacent and inside ranges merge */
    char text[AVAILABILITY_TEXT_LEN];
    availability_format_away(&a.away[0], text);
    assert_string_equal(text, "2026-11-26");
    availability_format_away(&a.away[1], text);
    assert_string_equal(text, "2026-12-24..2027-01-05");

    assert_int_equal(availability_add_away(&a, "2027-01-02..2026-12-24", &d, NULL, "away"),
                     BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "away: \"2027-01-02..2026-12-24\": the last day is "
                                             "before the first"));
    assert_int_equal(availability_add_away(&a, "2026-02-30", &d, NULL, "away"), BELONG_EDATA);
    assert_int_equal(availability_add_away(&a, "24/12/2026", &d, NULL, "away"), BELONG_EDATA);
    assert_int_equal(availability_add_away(&a, "2026-12-24..", &d, NULL, "away"), BELONG_EDATA);
    assert_int_equal(availability_add_away(&a, "2026-12-24..2026-12-25x", &d, NULL, "away"),
                     BELONG_EDATA);
    assert_int_equal(d.count, 5);
    assert_int_equal(a.n_away, 2);
    diag_free(&d);
    availability_free(&a);
}

static void query_checks_the_whole_occurrence(void **state)
{
    (void)state;
    struct availability a = {0};
    add(&a, "TU 18:00-21:00");
    add(&a, "SA 09:00-13:00");
    long tuesday = day_of(2026, 12, 8);
    assert_true(availability_allows(&a, tuesday, TU, 18 * 60, 120));
    assert_true(availability_allows(&a, tuesday, TU, 19 * 60, 120));      /* ends at 21:00 */
    assert_false(availability_allows(&a, tuesday, TU, 20 * 60, 90));      /* runs past 21:00 */
    assert_false(availability_allows(&a, tuesday, TU, 17 * 60 + 30, 60)); /* starts early */
    assert_false(availability_allows(&a, tuesday, TU, 21 * 60, 30));
    assert_false(availability_allows(&a, tuesday + 1, WE, 18 * 60, 60));
    assert_true(availability_allows(&a, tuesday + 4, SA, 9 * 60, 240));
    availability_free(&a);
}

static void touching_windows_form_one_stretch_across_midnight(void **state)
{
    (void)state;
    struct availability a = {0};
    add(&a, "FR 22:00-24:00");
    add(&a, "SA 00:00-02:00");
    add(&a, "SA 02:00-03:00");
    add(&a, "SU 23:00-24:00");
    add(&a, "MO 00:00-01:00"); /* Sunday night runs into Monday */
    long friday = day_of(2026, 12, 11);
    assert_true(availability_allows(&a, friday, FR, 23 * 60, 180)); /* 23:00-02:00 */
    assert_true(availability_allows(&a, friday, FR, 23 * 60, 240)); /* to 03:00 */
    assert_false(availability_allows(&a, friday, FR, 23 * 60, 241));
    assert_true(availability_allows(&a, friday + 1, SA, 1 * 60, 120));
    long sunday = day_of(2026, 12, 13);
    assert_true(availability_allows(&a, sunday, SU, 23 * 60 + 30, 60));
    assert_false(availability_allows(&a, sunday, SU, 23 * 60 + 30, 91));
    availability_free(&a);
}

static void no_windows_means_any_time_but_dates_away_still_count(void **state)
{
    (void)state;
    struct availability a = {0};
    struct diag d = {0};
    long christmas = day_of(2026, 12, 25);
    assert_true(availability_allows(&a, christmas, FR, 10 * 60, 60));
    assert_int_equal(availability_add_away(&a, "2026-12-24..2027-01-02", &d, NULL, "away"), 0);
    assert_false(availability_allows(&a, christmas, FR, 10 * 60, 60));
    assert_false(availability_allows(&a, day_of(2026, 12, 24), TH, 10 * 60, 60));
    assert_false(availability_allows(&a, day_of(2027, 1, 2), SA, 10 * 60, 60));
    assert_true(availability_allows(&a, day_of(2027, 1, 3), SU, 10 * 60, 60));
    assert_true(availability_allows(&a, day_of(2026, 12, 23), WE, 10 * 60, 60));
    add(&a, "FR 09:00-12:00");
    assert_false(availability_allows(&a, christmas, FR, 10 * 60, 60));
    assert_true(availability_allows(&a, christmas + 14, FR, 10 * 60, 60));
    diag_free(&d);
    availability_free(&a);
}

static void away_lookup_is_a_binary_search_over_many_ranges(void **state)
{
    (void)state;
    struct availability a = {0};
    long start = day_of(2026, 1, 1);
    for (long i = 0; i < 40; i++)
        assert_int_equal(availability_add_away_days(&a, start + i * 3, start + i * 3), 0);
    assert_int_equal(a.n_away, 40);
    for (long i = 0; i < 120; i++)
        assert_int_equal(availability_is_away(&a, start + i), i % 3 == 0);
    assert_false(availability_is_away(&a, start - 1));
    availability_free(&a);
}

static void local_day_comes_from_the_stored_weekday(void **state)
{
    (void)state;
    /* Tuesday 2026-12-08 21:30 in New York is Wednesday 02:30 UTC. */
    struct civil_date d = {2026, 12, 8};
    time_t t = local_to_instant(&d, 21 * 60 + 30, 0, "America/New_York");
    assert_int_equal(availability_local_day(t, TU), days_from_civil(&d));
    /* Wednesday 00:30 in Auckland is Tuesday 11:30 UTC. */
    struct civil_date w = {2026, 12, 9};
    time_t t2 = local_to_instant(&w, 30, 0, "Pacific/Auckland");
    assert_int_equal(availability_local_day(t2, WE), days_from_civil(&w));
    /* Before 1970 too. */
    struct civil_date old = {1969, 12, 31}; /* a Wednesday */
    time_t t3 = local_to_instant(&old, 23 * 60, 0, "America/New_York");
    assert_int_equal(availability_local_day(t3, WE), days_from_civil(&old));
}

static void instant_query_converts_to_local_time(void **state)
{
    (void)state;
    struct availability a = {0};
    add(&a, "TU 18:00-21:00");
    struct civil_date d = {2026, 12, 8};
    time_t t = local_to_instant(&d, 18 * 60, 0, "America/New_York");
    assert_true(availability_allows_instant(&a, t, 2 * 3600, "America/New_York"));
    assert_false(availability_allows_instant(&a, t, 4 * 3600, "America/New_York"));
    /* Summer time: the same wall-clock window still holds. */
    struct civil_date s = {2026, 7, 7};
    t = local_to_instant(&s, 18 * 60, 0, "America/New_York");
    assert_true(availability_allows_instant(&a, t, 3 * 3600, "America/New_York"));
    availability_free(&a);
}

static void copy_is_deep_and_queries_alike(void **state)
{
    (void)state;
    struct availability a = {0}, b;
    add(&a, "TU 18:00-21:00");
    add(&a, "TU 21:00-22:00");
    availability_copy(&b, &a);
    availability_free(&a);
    assert_true(availability_allows(&b, day_of(2026, 12, 8), TU, 20 * 60, 120));
    availability_free(&b);
}

static void query_is_fast(void **state)
{
    (void)state;
    struct availability a = {0};
    add(&a, "MO 09:00-12:00");
    add(&a, "MO 13:00-17:00");
    add(&a, "WE 18:00-21:00");
    add(&a, "SA 09:00-13:00");
    add(&a, "SA 14:00-18:00");
    for (int i = 0; i < 10; i++)
        assert_int_equal(availability_add_away_days(&a, 20000 + i * 10, 20002 + i * 10), 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long hits = 0;
    for (long i = 0; i < 1000000; i++)
        hits += availability_allows(&a, 20000 + i % 200, (int)(i % 7), (int)(i % 1440), 60);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    assert_true(hits > 0);
    assert_true(ms < 1000.0); /* 10^6 queries; about 10 ms on the 2-core box, even under ASan */
    availability_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_and_formats_windows),
        cmocka_unit_test(refuses_bad_windows_with_the_reason),
        cmocka_unit_test(dates_away_parse_merge_and_refuse),
        cmocka_unit_test(query_checks_the_whole_occurrence),
        cmocka_unit_test(touching_windows_form_one_stretch_across_midnight),
        cmocka_unit_test(no_windows_means_any_time_but_dates_away_still_count),
        cmocka_unit_test(away_lookup_is_a_binary_search_over_many_ranges),
        cmocka_unit_test(local_day_comes_from_the_stored_weekday),
        cmocka_unit_test(instant_query_converts_to_local_time),
        cmocka_unit_test(copy_is_deep_and_queries_alike),
        cmocka_unit_test(query_is_fast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
