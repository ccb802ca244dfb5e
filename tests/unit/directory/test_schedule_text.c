/* test_schedule_text.c — schedules in words (directory/schedule_text.h): every kind of rule a
** directory gives, never the raw RRULE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/directory/schedule_text.h"

/* One schedule and its words. */
struct words_case {
    const char *dtstart;
    int minutes;
    const char *rrule, *rdates, *exdates, *valid_from, *valid_to;
    const char *expect;
};

/* Checks each case's words, and that none shows the raw rule. */
static void expect_words(const struct words_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct words_case *c = &cases[i];
        struct schedule sc = {.dtstart = (char *)c->dtstart,
                              .duration_s = c->minutes * 60,
                              .rrule = (char *)c->rrule,
                              .rdates = (char *)c->rdates,
                              .exdates = (char *)c->exdates,
                              .valid_from = (char *)c->valid_from,
                              .valid_to = (char *)c->valid_to};
        struct buf b = {0};
        schedule_text(&sc, &b);
        if (strcmp(buf_str(&b), c->expect) != 0)
            fprintf(stderr, "%s: got '%s', expected '%s'\n", c->rrule ? c->rrule : "(no rule)",
                    buf_str(&b), c->expect);
        assert_string_equal(buf_str(&b), c->expect);
        assert_null(strstr(buf_str(&b), "FREQ"));
        buf_free(&b);
    }
}
#define EXPECT_WORDS(cases) expect_words(cases, sizeof cases / sizeof cases[0])

static void weekly_rules(void **state)
{
    (void)state;
    static const struct words_case cases[] = {
        /* 4 Nov 2026 is a Wednesday. */
        {"20261104T150000", 90, "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", NULL, NULL, NULL, NULL,
         "Every other Wednesday, 3:00 pm to 4:30 pm"},
        {"20261104T090000", 60, "FREQ=WEEKLY", NULL, NULL, NULL, NULL,
         "Every Wednesday, 9:00 am to 10:00 am"},
        {"20261102T113000", 60, "FREQ=WEEKLY;BYDAY=MO,WE,FR", NULL, NULL, NULL, NULL,
         "Every Monday, Wednesday and Friday, 11:30 am to 12:30 pm"},
        {"20261103T180000", 120, "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,TH", NULL, NULL, NULL, NULL,
         "Every 3 weeks, on Tuesday and Thursday, 6:00 pm to 8:00 pm"},
        {"20261104T190000", 60, "FREQ=WEEKLY;BYDAY=WE", NULL, "20261125T190000", NULL, NULL,
         "Every Wednesday, 7:00 pm to 8:00 pm, except 1 date"},
        {"20270407T100000", 120, "FREQ=WEEKLY;BYDAY=WE", NULL, NULL, "2027-04-01", "2027-10-31",
         "Every Wednesday, 10:00 am to 12:00 pm, from April 1, 2027 to October 31, 2027"},
    };
    EXPECT_WORDS(cases);
}

static void monthly_daily_yearly_rules(void **state)
{
    (void)state;
    static const struct words_case cases[] = {
        {"20261110T180000", 90, "FREQ=MONTHLY;BYDAY=2TU", NULL, NULL, NULL, NULL,
         "The second Tuesday of the month, 6:00 pm to 7:30 pm"},
        {"20261128T100000", 60, "FREQ=MONTHLY;BYDAY=-1SA", NULL, NULL, NULL, NULL,
         "The last Saturday of the month, 10:00 am to 11:00 am"},
        {"20261115T120000", 60, "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15", NULL, NULL, NULL, NULL,
         "The 15th of every other month, 12:00 pm to 1:00 pm"},
        {"20261101T080000", 30, "FREQ=MONTHLY", NULL, NULL, NULL, NULL,
         "The 1st of the month, 8:00 am to 8:30 am"},
        {"20261101T070000", 45, "FREQ=DAILY", NULL, NULL, NULL, NULL,
         "Every day, 7:00 am to 7:45 am"},
        {"20261101T070000", 45, "FREQ=DAILY;INTERVAL=2;COUNT=10", NULL, NULL, NULL, NULL,
         "Every other day, 10 times in all, 7:00 am to 7:45 am"},
        {"20261101T070000", 45, "FREQ=WEEKLY;BYDAY=SU;UNTIL=20261231T235959Z", NULL, NULL, NULL,
         NULL, "Every Sunday, until December 31, 2026, 7:00 am to 7:45 am"},
        {"20260704T120000", 240, "FREQ=YEARLY", NULL, NULL, NULL, NULL,
         "Every year on July 4, 12:00 pm to 4:00 pm"},
    };
    EXPECT_WORDS(cases);
}

static void single_dates_and_all_day(void **state)
{
    (void)state;
    static const struct words_case cases[] = {
        {"20261205T100000", 120, NULL, NULL, NULL, NULL, NULL,
         "Once, on Saturday, December 5, 2026, 10:00 am to 12:00 pm"},
        {"20261205T100000", 120, NULL, "20261212T100000,20261219T100000", NULL, NULL, NULL,
         "Once, on Saturday, December 5, 2026, 10:00 am to 12:00 pm, and on 2 other dates"},
        {"20261205", 86400, NULL, NULL, NULL, NULL, NULL,
         "Once, on Saturday, December 5, 2026, all day"},
        {"20261205T233000", 60, NULL, NULL, NULL, NULL, NULL,
         "Once, on Saturday, December 5, 2026, 11:30 pm to 12:30 am"},
        /* A rule libical cannot read is not shown raw. */
        {"20261205T100000", 60, "NOT-A-RULE", NULL, NULL, NULL, NULL,
         "Once, on Saturday, December 5, 2026, 10:00 am to 11:00 am"},
        {"garbage", 60, "FREQ=WEEKLY", NULL, NULL, NULL, NULL,
         "When it meets is not clear from the listing"},
    };
    EXPECT_WORDS(cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekly_rules),
        cmocka_unit_test(monthly_daily_yearly_rules),
        cmocka_unit_test(single_dates_and_all_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
