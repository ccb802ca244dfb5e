/* test_schedule.c — schedule checking and expansion: DST changes in America/New_York, monthly
** rules, RDATE/EXDATE, COUNT vs UNTIL, validity windows, all-day events, custom VTIMEZONEs.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/directory/schedule.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"
#include "../../src/util/timeutil.h"

#define MAX_OCC 512

struct collected {
    struct occurrence occ[MAX_OCC];
    size_t n;
    size_t stop_after; /* 0 = never stop */
};

static int collect(void *ctx, const struct occurrence *occ)
{
    struct collected *c = ctx;
    assert_true(c->n < MAX_OCC);
    c->occ[c->n++] = *occ;
    if (c->stop_after && c->n == c->stop_after)
        return 42;
    return 0;
}

/* A UTC instant from its fields. */
static time_t utc(int y, int mo, int d, int h, int mi)
{
    struct civil_date cd = {y, mo, d};
    return (time_t)days_from_civil(&cd) * 86400 + h * 3600 + mi * 60;
}

/* Expands s over [from, to) given as UTC fields "YYYY-MM-DD" at 00:00Z; asserts success. */
static void expand(const struct schedule *s, const char *from, const char *to, struct collected *c)
{
    struct civil_date f, t;
    assert_true(parse_date(from, &f));
    assert_true(parse_date(to, &t));
    c->n = 0;
    char err[256] = "";
    int rc = schedule_check(s, err, sizeof err);
    if (rc != BELONG_OK)
        fail_msg("schedule_check: %s", err);
    rc = schedule_expand(s, utc(f.year, f.month, f.day, 0, 0), utc(t.year, t.month, t.day, 0, 0),
                         collect, c);
    assert_int_equal(rc, BELONG_OK);
    for (size_t i = 1; i < c->n; i++)
        assert_true(c->occ[i - 1].start < c->occ[i].start);
}

static void assert_local(time_t t, const char *want)
{
    char iso[ISO_LOCAL_LEN];
    format_local_iso(t, "America/New_York", iso);
    assert_string_equal(iso, want);
}

static void weekly_evening_keeps_local_time_across_dst(void **state)
{
    (void)state;
    struct schedule s = {.dtstart = "20260303T180000",
                         .tzid = "America/New_York",
                         .duration_s = 5400,
                         .rrule = "FREQ=WEEKLY;BYDAY=TU"};
    struct collected c = {0};
    expand(&s, "2026-03-01", "2026-03-15", &c);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.occ[0].start, utc(2026, 3, 3, 23, 0));  /* EST, UTC-5 */
    assert_int_equal(c.occ[1].start, utc(2026, 3, 10, 22, 0)); /* EDT, UTC-4 */
    assert_int_equal(c.occ[1].end, utc(2026, 3, 10, 23, 30));
    assert_local(c.occ[1].start, "2026-03-10T18:00:00-04:00");
    for (size_t i = 0; i < c.n; i++) {
        assert_int_equal(c.occ[i].weekday, 1);
        assert_int_equal(c.occ[i].start_minute, 18 * 60);
    }
    expand(&s, "2026-10-25", "2026-11-08", &c);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.occ[0].start, utc(2026, 10, 27, 22, 0)); /* EDT */
    assert_int_equal(c.occ[1].start, utc(2026, 11, 3, 23, 0));  /* EST */
    assert_local(c.occ[1].start, "2026-11-03T18:00:00-05:00");
    assert_int_equal(c.occ[1].start_minute, 18 * 60);
}

static void fall_back_hour_happens_once(void **state)
{
    (void)state;
    struct schedule s = {.dtstart = "20261030T013000", .duration_s = 1800, .rrule = "FREQ=DAILY"};
    struct collected c = {0};
    expand(&s, "2026-10-31", "2026-11-03", &c);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.occ[0].start, utc(2026, 10, 31, 5, 30));
    /* 01:30 happens twice on 1 November; RFC 5545 means the first (EDT). */
    assert_int_equal(c.occ[1].start, utc(2026, 11, 1, 5, 30));
    assert_local(c.occ[1].start, "2026-11-01T01:30:00-04:00");
    assert_int_equal(c.occ[2].start, utc(2026, 11, 2, 6, 30));
    for (size_t i = 0; i < c.n; i++)
        assert_int_equal(c.occ[i].start_minute, 90);
}

static void spring_forward_gap_moves_later(void **state)
{
    (void)state;
    struct schedule s = {.dtstart = "20260306T023000", .duration_s = 3600, .rrule = "FREQ=DAILY"};
    struct collected c = {0};
    expand(&s, "2026-03-07", "2026-03-10", &c);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.occ[0].start, utc(2026, 3, 7, 7, 30));
    /* 02:30 does not exist on 8 March: read with the offset before the gap, 03:30 EDT. */
    assert_int_equal(c.occ[1].start, utc(2026, 3, 8, 7, 30));
    assert_local(c.occ[1].start, "2026-03-08T03:30:00-04:00");
    assert_int_equal(c.occ[1].start_minute, 3 * 60 + 30);
    assert_int_equal(c.occ[1].weekday, 6);
    assert_int_equal(c.occ[2].start, utc(2026, 3, 9, 6, 30));
    assert_int_equal(c.occ[2].start_minute, 2 * 60 + 30);
}

static void monthly_last_friday_and_second_tuesday(void **state)
{
    (void)state;
    struct schedule last_fri = {
        .dtstart = "20260130T100000", .duration_s = 3600, .rrule = "FREQ=MONTHLY;BYDAY=-1FR"};
    struct collected c = {0};
    expand(&last_fri, "2026-02-01", "2026-06-01", &c);
    assert_int_equal(c.n, 4);
    assert_local(c.occ[0].start, "2026-02-27T10:00:00-05:00");
    assert_local(c.occ[1].start, "2026-03-27T10:00:00-04:00");
    assert_local(c.occ[2].start, "2026-04-24T10:00:00-04:00");
    assert_local(c.occ[3].start, "2026-05-29T10:00:00-04:00");
    for (size_t i = 0; i < c.n; i++)
        assert_int_equal(c.occ[i].weekday, 4);

    struct schedule second_tue = {
        .dtstart = "20260113T190000", .duration_s = 3600, .rrule = "FREQ=MONTHLY;BYDAY=2TU"};
    expand(&second_tue, "2026-01-01", "2026-05-01", &c);
    assert_int_equal(c.n, 4);
    assert_local(c.occ[0].start, "2026-01-13T19:00:00-05:00");
    assert_local(c.occ[1].start, "2026-02-10T19:00:00-05:00");
    assert_local(c.occ[2].start, "2026-03-10T19:00:00-04:00");
    assert_local(c.occ[3].start, "2026-04-14T19:00:00-04:00");
}

static void exdate_removes_and_rdate_adds(void **state)
{
    (void)state;
    struct schedule s = {.dtstart = "20260106T180000",
                         .duration_s = 3600,
                         .rrule = "FREQ=WEEKLY",
                         .exdates = "20260113T180000",
                         .rdates = "20260129T120000,20260120T180000"};
    struct collected c = {0};
    expand(&s, "2026-01-01", "2026-02-01", &c);
    /* 6, (13 excluded), 20 (rule and RDATE: once), 27, and the extra Thursday 29th. */
    assert_int_equal(c.n, 4);
    assert_local(c.occ[0].start, "2026-01-06T18:00:00-05:00");
    assert_local(c.occ[1].start, "2026-01-20T18:00:00-05:00");
    assert_local(c.occ[2].start, "2026-01-27T18:00:00-05:00");
    assert_local(c.occ[3].start, "2026-01-29T12:00:00-05:00");
    assert_int_equal(c.occ[3].weekday, 3);
    assert_int_equal(c.occ[3].start_minute, 12 * 60);
}

static void count_and_until_bound_the_series(void **state)
{
    (void)state;
    struct collected c = {0};
    struct schedule counted = {
        .dtstart = "20260106T180000", .duration_s = 3600, .rrule = "FREQ=WEEKLY;COUNT=3"};
    expand(&counted, "2026-01-01", "2026-03-01", &c);
    assert_int_equal(c.n, 3);
    assert_local(c.occ[2].start, "2026-01-20T18:00:00-05:00");
    /* COUNT counts from DTSTART even when the window starts later. */
    expand(&counted, "2026-01-15", "2026-03-01", &c);
    assert_int_equal(c.n, 1);

    /* UNTIL in UTC is inclusive: 23:00Z is 18:00 EST on the 20th. */
    struct schedule until = {.dtstart = "20260106T180000",
                             .duration_s = 3600,
                             .rrule = "FREQ=WEEKLY;UNTIL=20260120T230000Z"};
    expand(&until, "2026-01-01", "2026-03-01", &c);
    assert_int_equal(c.n, 3);
    until.rrule = "FREQ=WEEKLY;UNTIL=20260120T225959Z";
    expand(&until, "2026-01-01", "2026-03-01", &c);
    assert_int_equal(c.n, 2);
    until.rrule = "FREQ=WEEKLY;UNTIL=20260120";
    expand(&until, "2026-01-01", "2026-03-01", &c);
    assert_int_equal(c.n, 3);

    char err[256];
    until.rrule = "FREQ=WEEKLY;COUNT=3;UNTIL=20260120T230000Z";
    assert_int_equal(schedule_check(&until, err, sizeof err), BELONG_EDATA);
}

static void validity_dates_cut_the_series(void **state)
{
    (void)state;
    struct collected c = {0};
    struct schedule s = {.dtstart = "20260106T180000",
                         .duration_s = 3600,
                         .rrule = "FREQ=WEEKLY",
                         .valid_to = "2026-01-20"};
    expand(&s, "2026-01-01", "2026-03-01", &c);
    assert_int_equal(c.n, 3); /* valid_to is inclusive */
    assert_local(c.occ[2].start, "2026-01-20T18:00:00-05:00");

    s.valid_to = NULL;
    s.valid_from = "2026-02-03";
    expand(&s, "2026-01-01", "2026-02-18", &c);
    assert_int_equal(c.n, 3); /* 3rd, 10th and 17th */
    assert_local(c.occ[0].start, "2026-02-03T18:00:00-05:00");

    s.valid_to = "2026-02-10";
    expand(&s, "2026-01-01", "2026-03-01", &c);
    assert_int_equal(c.n, 2);

    /* A seasonal schedule that ended before the window yields nothing. */
    expand(&s, "2026-06-01", "2026-07-01", &c);
    assert_int_equal(c.n, 0);
}

static void all_day_events_span_the_local_day(void **state)
{
    (void)state;
    struct collected c = {0};
    struct schedule s = {.dtstart = "20260301", .duration_s = 86400, .rrule = "FREQ=WEEKLY"};
    expand(&s, "2026-03-01", "2026-03-16", &c);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.occ[0].start, utc(2026, 3, 1, 5, 0));
    assert_int_equal(c.occ[0].end - c.occ[0].start, 86400);
    /* 8 March has 23 hours in New York. */
    assert_int_equal(c.occ[1].start, utc(2026, 3, 8, 5, 0));
    assert_int_equal(c.occ[1].end, utc(2026, 3, 9, 4, 0));
    assert_int_equal(c.occ[1].start_minute, 0);
    assert_int_equal(c.occ[1].weekday, 6);

    /* A one-off all-day event with no rule, and an EXDATE as a date. */
    struct schedule once = {.dtstart = "20261101", .duration_s = 86400};
    expand(&once, "2026-10-01", "2026-12-01", &c);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.occ[0].end - c.occ[0].start, 25 * 3600);

    s.exdates = "20260308";
    expand(&s, "2026-03-01", "2026-03-16", &c);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.occ[1].start, utc(2026, 3, 15, 4, 0));
}

static void biweekly_keeps_its_phase(void **state)
{
    (void)state;
    struct collected c = {0};
    struct schedule s = {.dtstart = "20260106T100000",
                         .duration_s = 3600,
                         .rrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"};
    /* A window far from DTSTART: the iterator skips ahead, the phase must stay. */
    expand(&s, "2026-12-01", "2027-01-01", &c);
    assert_int_equal(c.n, 2);
    assert_local(c.occ[0].start, "2026-12-08T10:00:00-05:00");
    assert_local(c.occ[1].start, "2026-12-22T10:00:00-05:00");
}

/* Skipping ahead (icalrecur_iterator_set_start) must give what a walk from DTSTART gives; a
** COUNT forces the walk. */
static void skipping_ahead_matches_walking(void **state)
{
    (void)state;
    static const char *rules[] = {
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
        "FREQ=MONTHLY;BYMONTHDAY=15,31",
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=YEARLY;BYMONTH=4,5,6,7,8,9,10;BYDAY=SA",
        "FREQ=WEEKLY;BYDAY=MO,WE,FR",
    };
    static const char *starts[] = {"20240102T180000", "20240101"};
    struct collected *fast = malloc(sizeof *fast), *walk = malloc(sizeof *walk);
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        for (size_t d = 0; d < 2; d++) {
            char counted[128];
            snprintf(counted, sizeof counted, "%s;COUNT=10000", rules[r]); /* the most allowed */
            struct schedule s = {.dtstart = (char *)starts[d], .duration_s = 3600};
            s.rrule = (char *)rules[r];
            expand(&s, "2026-05-20", "2026-09-17", fast);
            s.rrule = counted;
            expand(&s, "2026-05-20", "2026-09-17", walk);
            assert_true(fast->n > 0);
            assert_int_equal(fast->n, walk->n);
            for (size_t i = 0; i < fast->n; i++)
                assert_int_equal(fast->occ[i].start, walk->occ[i].start);
        }
    }
    free(fast);
    free(walk);
}

static void emit_can_stop_the_expansion(void **state)
{
    (void)state;
    struct schedule s = {.dtstart = "20260106T180000", .duration_s = 3600, .rrule = "FREQ=DAILY"};
    struct collected c = {.stop_after = 2};
    int rc = schedule_expand(&s, utc(2026, 1, 1, 0, 0), utc(2026, 2, 1, 0, 0), collect, &c);
    assert_int_equal(rc, 42);
    assert_int_equal(c.n, 2);
}

static const char *outlook_eastern = "BEGIN:VTIMEZONE\r\n"
                                     "TZID:Eastern Standard Time\r\n"
                                     "BEGIN:STANDARD\r\n"
                                     "DTSTART:16010101T020000\r\n"
                                     "TZOFFSETFROM:-0400\r\n"
                                     "TZOFFSETTO:-0500\r\n"
                                     "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\n"
                                     "END:STANDARD\r\n"
                                     "BEGIN:DAYLIGHT\r\n"
                                     "DTSTART:16010101T020000\r\n"
                                     "TZOFFSETFROM:-0500\r\n"
                                     "TZOFFSETTO:-0400\r\n"
                                     "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\n"
                                     "END:DAYLIGHT\r\n"
                                     "END:VTIMEZONE\r\n";

static void custom_vtimezone_is_used(void **state)
{
    (void)state;
    struct schedule s = {.dtstart = "20260303T180000",
                         .tzid = "Eastern Standard Time",
                         .vtimezone = (char *)outlook_eastern,
                         .duration_s = 3600,
                         .rrule = "FREQ=WEEKLY"};
    struct collected c = {0};
    expand(&s, "2026-03-01", "2026-03-15", &c);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.occ[0].start, utc(2026, 3, 3, 23, 0));
    assert_int_equal(c.occ[1].start, utc(2026, 3, 10, 22, 0));
    assert_int_equal(c.occ[1].start_minute, 18 * 60);
}

static void bad_schedules_are_named(void **state)
{
    (void)state;
    char err[256];
    struct schedule s = {.dtstart = "20260106T180000", .duration_s = 3600};

    s.rrule = "FREQ=WEEKLY;BYDAY=XX";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "rrule \"FREQ=WEEKLY;BYDAY=XX\" is not a valid RFC 5545 rule"));
    struct collected c = {0};
    assert_int_equal(schedule_expand(&s, 0, utc(2030, 1, 1, 0, 0), collect, &c), BELONG_EDATA);
    assert_int_equal(c.n, 0);

    s.rrule = "FREQ=FORTNIGHTLY";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    s.rrule = "FREQ=WEEKLY;INTERVAL=0";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    s.rrule = "FREQ=HOURLY";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "more often than daily"));
    s.rrule = "FREQ=MONTHLY;BYYEARDAY=3";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "rejected by libical"));
    s.rrule = NULL;

    s.dtstart = "2026-01-06 18:00";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "dtstart \"2026-01-06 18:00\""));
    s.dtstart = "20260230T180000";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    s.dtstart = NULL;
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_string_equal(err, "dtstart is missing");
    s.dtstart = "20260106T180000";

    s.tzid = "Mars/Olympus_Mons";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "tzid \"Mars/Olympus_Mons\" is not a known time zone"));
    s.vtimezone = "BEGIN:VTIMEZONE\r\nTZID:Mars\r\nEND:VTIMEZONE\r\n";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "vtimezone"));
    s.tzid = NULL;
    s.vtimezone = NULL;

    s.exdates = "20260113T180000,2026-01-20";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "exdate \"2026-01-20\""));
    s.exdates = NULL;
    s.rdates = "20260113T1800";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "rdate"));
    s.rdates = NULL;
    /* An RDATE's own length (an iCalendar PERIOD): a positive RFC 5545 duration of at most a
    ** year, after a date-time; an EXDATE has none. */
    const char *bad_periods[] = {"20260113T180000/",         "20260113T180000/PT0S",
                                 "20260113T180000/-PT1H",    "20260113T180000/1H",
                                 "20260113T180000/P400D",    "20260113/PT1H",
                                 "20260113T180000/PT1H/PT1H"};
    for (size_t i = 0; i < sizeof bad_periods / sizeof bad_periods[0]; i++) {
        s.rdates = (char *)bad_periods[i];
        assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
        assert_non_null(
            strstr(err, "is not YYYYMMDDTHHMMSS, YYYYMMDD or YYYYMMDDTHHMMSS/DURATION"));
    }
    s.rdates = "20260113T180000/PT1H30M,20260114T100000/P1DT2H,20260115T100000/P1W";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_OK);
    s.rdates = NULL;
    s.exdates = "20260113T180000/PT1H";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "exdate"));
    s.exdates = NULL;

    s.valid_from = "2026-13-01";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "valid_from"));
    s.valid_from = "2026-03-01";
    s.valid_to = "2026-02-01";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "valid_to 2026-02-01 is before valid_from 2026-03-01"));
    s.valid_to = NULL;
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_OK);

    s.tzid = "UTC";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_OK);
}

/* Found by fuzzing (one seed of fuzz_hsds_json took 7 s): rules that can never happen made
** libical search until its last year, close to a second each (several under ASan), so a file
** full of them stalled an import. They are refused at once, naming the part; rules that can
** happen rarely are kept. */
static void rules_that_never_happen_are_refused(void **state)
{
    (void)state;
    static const struct {
        const char *rrule, *reason;
    } never[] = {
        {"FREQ=MONTHLY;BYDAY=9TH", "BYDAY +9 never happens"},
        {"FREQ=MONTHLY;BYDAY=-6MO", "BYDAY -6 never happens"},
        {"FREQ=YEARLY;BYMONTH=3;BYDAY=6SU", "BYDAY +6 never happens"},
        {"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "BYMONTHDAY never falls"},
        {"FREQ=DAILY;BYMONTH=4,6;BYMONTHDAY=31", "BYMONTHDAY never falls"},
        {"FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-31", "BYMONTHDAY never falls"},
        {"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", "BYSETPOS 6 never happens"},
        {"FREQ=MONTHLY;BYDAY=MO;BYHOUR=9,10;BYSETPOS=10", "BYSETPOS 10 never happens"},
        {"FREQ=YEARLY;BYSETPOS=2", "BYSETPOS 2 never happens"},
    };
    char err[256];
    struct schedule s = {.dtstart = "20260106T180000", .duration_s = 3600};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
        s.rrule = (char *)never[i].rrule;
        clock_t t0 = clock();
        assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
        assert_true(clock() - t0 < CLOCKS_PER_SEC / 10);
        assert_non_null(strstr(err, never[i].rrule));
        assert_non_null(strstr(err, never[i].reason));
    }
    static const char *const rare[] = {
        "FREQ=MONTHLY;BYDAY=5MO",           "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=MONTHLY;BYDAY=-5FR",          "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=YEARLY;BYDAY=20MO",           "FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR",
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5", "FREQ=DAILY;BYSETPOS=2",
    };
    for (size_t i = 0; i < sizeof rare / sizeof rare[0]; i++) {
        s.rrule = (char *)rare[i];
        assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_OK);
    }
}

static void weekday_and_minute_are_in_directory_time(void **state)
{
    (void)state;
    /* A Los Angeles class at 18:00 on Tuesdays is 21:00 in Boston, and one at 22:00 on Tuesdays
    ** is 01:00 on Wednesdays: availability windows and --days/--after speak Boston time. */
    struct schedule la = {.dtstart = "20261201T180000",
                          .tzid = "America/Los_Angeles",
                          .duration_s = 3600,
                          .rrule = "FREQ=WEEKLY;BYDAY=TU"};
    struct collected c = {0};
    expand(&la, "2026-12-01", "2026-12-08", &c);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.occ[0].start, utc(2026, 12, 2, 2, 0));
    assert_int_equal(c.occ[0].weekday, 1);
    assert_int_equal(c.occ[0].start_minute, 21 * 60);
    la.dtstart = "20261201T220000";
    expand(&la, "2026-12-01", "2026-12-08", &c);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.occ[0].weekday, 2);
    assert_int_equal(c.occ[0].start_minute, 60);
    struct schedule utc_series = {.dtstart = "20261201T230000",
                                  .tzid = "UTC",
                                  .duration_s = 3600,
                                  .rrule = "FREQ=WEEKLY;BYDAY=TU"};
    expand(&utc_series, "2026-12-01", "2026-12-08", &c);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.occ[0].weekday, 1);
    assert_int_equal(c.occ[0].start_minute, 18 * 60);
}

static void free_releases_and_zeroes(void **state)
{
    (void)state;
    struct schedule s = {.dtstart = strdup("20260106T180000"), .rrule = strdup("FREQ=DAILY")};
    schedule_free(&s);
    assert_null(s.dtstart);
    assert_null(s.rrule);
    schedule_free(NULL);
}

/* Work is bounded whatever the rule: sub-daily time zones, a COUNT past the limit, UNTIL before
** DTSTART and floods of EXDATEs are refused or handled in their own time. */
static void hostile_schedules_are_bounded(void **state)
{
    (void)state;
    char err[256];
    struct schedule s = {.dtstart = "20260106T180000", .duration_s = 3600};
    s.rrule = "FREQ=WEEKLY;UNTIL=20251231T000000Z";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "UNTIL is before DTSTART 20260106T180000"));
    s.rrule = "FREQ=WEEKLY;UNTIL=20260106";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_OK); /* the day of DTSTART */
    s.rrule = "FREQ=DAILY;COUNT=10001";
    assert_int_equal(schedule_check(&s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "COUNT 10001 is more than the 10,000 limit"));

    static const char *const zones[] = {"FREQ=MINUTELY", "FREQ=SECONDLY", "FREQ=HOURLY;INTERVAL=5",
                                        "FREQ=DAILY", "FREQ=MONTHLY"};
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        char vtz[512];
        snprintf(vtz, sizeof vtz,
                 "BEGIN:VTIMEZONE\r\nTZID:Hostile\r\nBEGIN:STANDARD\r\n"
                 "DTSTART:16010101T000000\r\nRRULE:%s\r\nTZOFFSETFROM:-0400\r\n"
                 "TZOFFSETTO:-0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
                 zones[i]);
        struct schedule z = {.dtstart = "20260106T180000",
                             .duration_s = 3600,
                             .tzid = "Hostile",
                             .vtimezone = vtz,
                             .rrule = "FREQ=WEEKLY"};
        assert_int_equal(schedule_check(&z, err, sizeof err), BELONG_EDATA);
        struct collected c = {0};
        assert_int_equal(
            schedule_expand(&z, utc(2026, 1, 1, 0, 0), utc(2026, 3, 1, 0, 0), collect, &c),
            BELONG_EDATA);
        assert_int_equal(c.n, 0);
    }

    /* 10,000 EXDATEs, unordered: every excluded start is gone, the others stay. */
    struct buf ex = {0};
    for (int i = 9999; i >= 0; i--)
        if (i % 2 == 0)
            buf_printf(&ex, "%s%04d%02d%02dT180000", ex.len ? "," : "", 2026 + i / 360,
                       i / 30 % 12 + 1, i % 28 + 1);
    struct schedule d = {.dtstart = "20260101T180000", .duration_s = 3600, .rrule = "FREQ=DAILY"};
    d.exdates = (char *)buf_str(&ex);
    struct collected c = {0};
    assert_int_equal(schedule_expand(&d, utc(2026, 1, 1, 0, 0), utc(2026, 2, 1, 0, 0), collect, &c),
                     BELONG_OK);
    assert_int_equal(c.n, 31 - 14); /* January 1, 3, ..., 27 are excluded */
    buf_free(&ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekly_evening_keeps_local_time_across_dst),
        cmocka_unit_test(fall_back_hour_happens_once),
        cmocka_unit_test(spring_forward_gap_moves_later),
        cmocka_unit_test(monthly_last_friday_and_second_tuesday),
        cmocka_unit_test(exdate_removes_and_rdate_adds),
        cmocka_unit_test(count_and_until_bound_the_series),
        cmocka_unit_test(validity_dates_cut_the_series),
        cmocka_unit_test(all_day_events_span_the_local_day),
        cmocka_unit_test(biweekly_keeps_its_phase),
        cmocka_unit_test(skipping_ahead_matches_walking),
        cmocka_unit_test(emit_can_stop_the_expansion),
        cmocka_unit_test(custom_vtimezone_is_used),
        cmocka_unit_test(bad_schedules_are_named),
        cmocka_unit_test(rules_that_never_happen_are_refused),
        cmocka_unit_test(weekday_and_minute_are_in_directory_time),
        cmocka_unit_test(free_releases_and_zeroes),
        cmocka_unit_test(hostile_schedules_are_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
