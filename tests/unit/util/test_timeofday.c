/* test_timeofday.c — times of day as directories write them: the forms accepted (24-hour with
** offsets, 12-hour, noon and midnight) and those refused (not a time, or ambiguous). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/util/timeofday.h"

#define HMS(h, m, s) ((h)*3600 + (m)*60 + (s))

static void accepts(const char *text, int seconds)
{
    struct time_of_day t;
    const char *problem = time_of_day_parse(text, &t);
    if (problem)
        fail_msg("'%s' refused: %s", text, problem);
    if (t.seconds != seconds)
        fail_msg("'%s': %d seconds, expected %d", text, t.seconds, seconds);
    assert_false(t.has_offset);
}

static void refuses(const char *text, const char *phrase_start)
{
    struct time_of_day t;
    const char *problem = time_of_day_parse(text, &t);
    if (!problem)
        fail_msg("'%s' accepted as %d seconds", text, t.seconds);
    if (strncmp(problem, phrase_start, strlen(phrase_start)) != 0)
        fail_msg("'%s': '%s', expected '%s...'", text, problem, phrase_start);
}

static void twenty_four_hour_forms(void **state)
{
    (void)state;
    accepts("18:30", HMS(18, 30, 0));
    accepts("09:00", HMS(9, 0, 0));
    accepts("00:00", 0);
    accepts("0:30", HMS(0, 30, 0)); /* hour 0 cannot be a 12-hour time */
    accepts("10:00:15", HMS(10, 0, 15));
    accepts("12:00", HMS(12, 0, 0));
    accepts("24:00", HMS(24, 0, 0));
    accepts("1830", HMS(18, 30, 0));
    accepts("  17:45 ", HMS(17, 45, 0));
    refuses("25:00", "is not a time");
    refuses("24:01", "is not a time");
    refuses("18:60", "is not a time");
    refuses("18:30:61", "is not a time");
    refuses("18:3", "is not a time");
    refuses("18.30", "is not a time"); /* a dot only before am/pm */
    refuses("18", "is not a time");
    refuses("183", "is not a time");
    refuses("18300", "is not a time");
    refuses("", "is not a time");
    refuses("   ", "is not a time");
    refuses("18:30x", "is not a time");
    refuses("9am-5pm", "is not a time");
    refuses("call for times", "is not a time");
    refuses("-09:00", "is not a time");
}

static void offsets_and_z(void **state)
{
    (void)state;
    struct time_of_day t;
    assert_null(time_of_day_parse("09:00-05:00", &t));
    assert_int_equal(t.seconds, HMS(9, 0, 0));
    assert_true(t.has_offset);
    assert_int_equal(t.offset_s, -5 * 3600);
    assert_null(time_of_day_parse("14:00Z", &t));
    assert_true(t.has_offset);
    assert_int_equal(t.offset_s, 0);
    assert_null(time_of_day_parse("14:00 z", &t));
    assert_true(t.has_offset);
    assert_null(time_of_day_parse("09:30:00.000Z", &t));
    assert_int_equal(t.seconds, HMS(9, 30, 0));
    assert_true(t.has_offset);
    assert_null(time_of_day_parse("09:30+0530", &t));
    assert_int_equal(t.offset_s, 5 * 3600 + 30 * 60);
    assert_null(time_of_day_parse("09:30-04", &t));
    assert_int_equal(t.offset_s, -4 * 3600);
    refuses("09:30+15:00", "is not a time");
    refuses("09:30 EST", "is not a time"); /* zone abbreviations are ambiguous */
    refuses("09:30.5", "is not a time");   /* a fraction only of seconds */
    refuses("9:00am Z", "is not a time");
}

static void twelve_hour_forms(void **state)
{
    (void)state;
    accepts("9am", HMS(9, 0, 0));
    accepts("9 am", HMS(9, 0, 0));
    accepts("9:00am", HMS(9, 0, 0));
    accepts("9:00 am", HMS(9, 0, 0));
    accepts("9:00AM", HMS(9, 0, 0));
    accepts("09:00 AM", HMS(9, 0, 0));
    accepts("4:00 PM", HMS(16, 0, 0));
    accepts("4pm", HMS(16, 0, 0));
    accepts("4 P.M.", HMS(16, 0, 0));
    accepts("12:30 p.m.", HMS(12, 30, 0));
    accepts("12:30 a.m.", HMS(0, 30, 0));
    accepts("12am", 0);
    accepts("12pm", HMS(12, 0, 0));
    accepts("11:59:30 pm", HMS(23, 59, 30));
    accepts("9.30am", HMS(9, 30, 0));
    accepts("5p", HMS(17, 0, 0));
    accepts("10a.m", HMS(10, 0, 0));
    accepts("9:00\xC2\xA0"
            "AM",
            HMS(9, 0, 0)); /* a no-break space, as web pages write it */
    accepts("4:00 \t PM", HMS(16, 0, 0));
    refuses("13pm", "is not a time of day: a 12-hour");
    refuses("0am", "is not a time of day: a 12-hour");
    refuses("00:30 am", "is not a time of day: a 12-hour");
    refuses("17:00 PM", "is not a time of day: a 12-hour");
    refuses("9:60am", "is not a time");
    refuses("9 a.", "is not a time");
    refuses("9 amm", "is not a time");
    refuses("9 pmx", "is not a time");
    refuses("am", "is not a time");
    refuses("9:00\xC2 AM", "is not a time"); /* a broken UTF-8 sequence */
    refuses("9:00 AM and then some more words", "is not a time");
    refuses("9:0am", "is not a time");
}

static void words(void **state)
{
    (void)state;
    accepts("noon", HMS(12, 0, 0));
    accepts("Noon", HMS(12, 0, 0));
    accepts("12 noon", HMS(12, 0, 0));
    accepts("12 NOON", HMS(12, 0, 0));
    accepts("12  noon", HMS(12, 0, 0));
    accepts("midday", HMS(12, 0, 0));
    accepts("midnight", 0);
    accepts("12 Midnight", 0);
    refuses("noonish", "is not a time");
    refuses("1 noon", "is not a time");
    refuses("after noon", "is not a time");
}

static void ambiguous_hours_are_refused(void **state)
{
    (void)state;
    refuses("5:00", "is ambiguous");
    refuses("9:30", "is ambiguous");
    refuses("1:15:00", "is ambiguous");
    refuses("9:00Z", "is ambiguous");
    refuses("9", "is not a time");
    refuses("5 oclock", "is not a time");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(twenty_four_hour_forms),      cmocka_unit_test(offsets_and_z),
        cmocka_unit_test(twelve_hour_forms),           cmocka_unit_test(words),
        cmocka_unit_test(ambiguous_hours_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
