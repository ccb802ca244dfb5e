/* test_money.c — dollar amounts read exactly into cents, and strict decimal numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/util/money.h"
#include "../../src/util/number.h"

static void reads_whole_and_decimal_amounts(void **state)
{
    (void)state;
    int cents = -1;
    assert_true(parse_usd_cents("12", 1000, &cents));
    assert_int_equal(cents, 1200);
    assert_true(parse_usd_cents("7.5", 1000, &cents));
    assert_int_equal(cents, 750);
    assert_true(parse_usd_cents("$7.05", 1000, &cents));
    assert_int_equal(cents, 705);
    assert_true(parse_usd_cents("0.10", 1000, &cents)); /* exact: no 9.999... */
    assert_int_equal(cents, 10);
    assert_true(parse_usd_cents("1000", 1000, &cents));
    assert_int_equal(cents, 100000);
}

static void refuses_anything_else(void **state)
{
    (void)state;
    int cents = 42;
    const char *bad[] = {"",    "$",   "-1",    "+1",  "1.",      ".5",       "1.234", "1e3",
                         "12 ", " 12", "1,000", "ten", "1000.01", "99999999", NULL};
    for (int i = 0; bad[i]; i++) {
        assert_false(parse_usd_cents(bad[i], 1000, &cents));
        assert_int_equal(cents, 42); /* untouched */
    }
    assert_false(parse_usd_cents(NULL, 1000, &cents));
}

static void decimals_are_plain_digits_only(void **state)
{
    (void)state;
    double v = 0;
    assert_true(parse_decimal("12", &v));
    assert_true(v == 12.0);
    assert_true(parse_decimal("-71.8023", &v));
    assert_true(v == -71.8023);
    const char *bad[] = {"",     "-",   ".5",  "5.",  "+5",  " 5", "5 ",
                         "0x10", "1e3", "inf", "nan", "1,5", NULL};
    for (int i = 0; bad[i]; i++)
        assert_false(parse_decimal(bad[i], &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_whole_and_decimal_amounts),
        cmocka_unit_test(refuses_anything_else),
        cmocka_unit_test(decimals_are_plain_digits_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
