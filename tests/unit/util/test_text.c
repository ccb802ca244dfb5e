/* test_text.c — the small things belong does one way (util/text.c, util/money.c,
** util/timeutil.c): the comma-list splitter, the yes/no rule, the dollar format and the weekday
** table.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "../../src/util/money.h"
#include "../../src/util/text.h"
#include "../../src/util/timeutil.h"

static void comma_lists_split_trimmed_without_empty_items(void **state)
{
    (void)state;
    const char *p = " a, b c ,,  ,d,", *item;
    size_t n;
    static const char *const want[] = {"a", "b c", "d"};
    size_t i = 0;
    while (comma_list_next(&p, &item, &n)) {
        assert_true(i < 3);
        assert_int_equal(n, strlen(want[i]));
        assert_memory_equal(item, want[i], n);
        i++;
    }
    assert_int_equal(i, 3);
    p = " , ,";
    assert_false(comma_list_next(&p, &item, &n));
    p = "";
    assert_false(comma_list_next(&p, &item, &n));
}

static void one_yes_no_rule(void **state)
{
    (void)state;
    static const char *const yes[] = {"yes", "Y", "TRUE", "1"};
    static const char *const no[] = {"no", "n", "False", "0"};
    static const char *const neither[] = {"", "ye", "2", "on", "yes ", "01"};
    bool v;
    for (size_t i = 0; i < 4; i++) {
        assert_true(parse_yes_no(yes[i], &v));
        assert_true(v);
        assert_true(parse_yes_no(no[i], &v));
        assert_false(v);
    }
    for (size_t i = 0; i < sizeof neither / sizeof *neither; i++)
        assert_false(parse_yes_no(neither[i], &v));
}

static void dollars_in_one_style(void **state)
{
    (void)state;
    char out[USD_TEXT_LEN];
    format_usd(1200, out, sizeof out);
    assert_string_equal(out, "$12");
    format_usd(750, out, sizeof out);
    assert_string_equal(out, "$7.50");
    format_usd(5, out, sizeof out);
    assert_string_equal(out, "$0.05");
    format_usd(0, out, sizeof out);
    assert_string_equal(out, "$0");
}

static void one_weekday_table(void **state)
{
    (void)state;
    assert_string_equal(weekday_code(0), "MO");
    assert_string_equal(weekday_short(6), "Sun");
    assert_string_equal(weekday_name(2), "Wednesday");
    assert_null(weekday_code(7));
    assert_null(weekday_short(-1));
    assert_string_equal(month_short(1), "Jan");
    assert_string_equal(month_short(12), "Dec");
    assert_null(month_short(0));
    /* 2026-12-01 is a Tuesday. */
    struct civil_date d = {2026, 12, 1};
    assert_string_equal(weekday_short(civil_weekday(&d)), "Tue");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comma_lists_split_trimmed_without_empty_items),
        cmocka_unit_test(one_yes_no_rule),
        cmocka_unit_test(dollars_in_one_style),
        cmocka_unit_test(one_weekday_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
