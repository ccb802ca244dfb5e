/* test_step.c — the step-up / step-down rule (engagement/step.h, docs/practice.md) at its
** boundaries: 2 vs 3 visits in a row, comfort after 3 vs 4, a miss or a lower-level visit
** breaking the run, 1 vs 2 missed, comfort after 2 vs 3, the ends of the scale, the order of
** events, and only events recorded since the level was last set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/engagement/step.h"

/* A visit that went on day (1..28 of December 2026), at intensity, comfort after. */
static struct step_event went(int day, int intensity, int comfort_after)
{
    struct step_event e = {
        .recorded_at = 1000, .seq = day, .intensity = intensity, .comfort_after = comfort_after};
    snprintf(e.date, sizeof e.date, "2026-12-%02d", day);
    return e;
}

/* A visit the peer did not go to, or a skipped plan, on day. */
static struct step_event missed(int day)
{
    struct step_event e = went(day, 2, 0);
    e.missed = true;
    return e;
}

static enum step_direction suggest(int level, const struct step_event *ev, size_t n)
{
    struct step_suggestion s;
    step_suggest(level, 0, ev, n, &s);
    if (s.direction == STEP_NONE)
        assert_int_equal(s.to_level, level);
    else
        assert_int_equal(s.to_level, level + (s.direction == STEP_UP ? 1 : -1));
    return s.direction;
}

static void test_up_needs_three_in_a_row(void **state)
{
    (void)state;
    struct step_event ev[] = {went(1, 2, 4), went(8, 2, 5), went(15, 2, 4)};
    assert_int_equal(suggest(2, ev, 2), STEP_NONE); /* two are not enough */
    assert_int_equal(suggest(2, ev, 3), STEP_UP);
    struct step_suggestion s;
    step_suggest(2, 0, ev, 3, &s);
    assert_int_equal(s.from_level, 2);
    assert_int_equal(s.to_level, 3);
    assert_int_equal((int)s.n_events, 3);
    assert_non_null(strstr(s.why, "2026-12-01, 2026-12-08, 2026-12-15"));
}

static void test_up_comfort_boundary(void **state)
{
    (void)state;
    struct step_event three[] = {went(1, 2, 4), went(8, 2, 3), went(15, 2, 4)};
    assert_int_equal(suggest(2, three, 3), STEP_NONE); /* comfort 3 breaks it */
    struct step_event unsaid[] = {went(1, 2, 4), went(8, 2, 0), went(15, 2, 4)};
    assert_int_equal(suggest(2, unsaid, 3), STEP_NONE); /* not said is not 4 */
}

static void test_up_run_broken(void **state)
{
    (void)state;
    /* a miss between: the last three are not all good visits */
    struct step_event miss[] = {went(1, 2, 4), went(8, 2, 4), missed(10), went(15, 2, 4)};
    assert_int_equal(suggest(2, miss, 4), STEP_NONE);
    /* ... but three good ones after it are */
    struct step_event after[] = {missed(1), went(8, 2, 4), went(10, 2, 4), went(15, 2, 5)};
    assert_int_equal(suggest(2, after, 4), STEP_UP);
    /* a visit below the peer's level does not count; above it does; unknown does not */
    struct step_event lower[] = {went(1, 2, 4), went(8, 1, 5), went(15, 2, 4)};
    assert_int_equal(suggest(2, lower, 3), STEP_NONE);
    struct step_event higher[] = {went(1, 2, 4), went(8, 3, 4), went(15, 2, 4)};
    assert_int_equal(suggest(2, higher, 3), STEP_UP);
    struct step_event unknown[] = {went(1, 2, 4), went(8, 0, 4), went(15, 2, 4)};
    assert_int_equal(suggest(2, unknown, 3), STEP_NONE);
    /* the same visits at level 3 are below a peer at 3 */
    struct step_event ev[] = {went(1, 2, 4), went(8, 2, 4), went(15, 2, 4)};
    assert_int_equal(suggest(3, ev, 3), STEP_NONE);
    assert_int_equal(suggest(1, ev, 3), STEP_UP);
}

static void test_down_two_missed(void **state)
{
    (void)state;
    struct step_event one[] = {went(1, 2, 4), missed(8)};
    assert_int_equal(suggest(2, one, 2), STEP_NONE);
    struct step_event two[] = {went(1, 2, 4), missed(8), missed(15)};
    assert_int_equal(suggest(2, two, 3), STEP_DOWN);
    struct step_event apart[] = {missed(1), went(8, 2, 3), missed(15)};
    assert_int_equal(suggest(2, apart, 3), STEP_NONE);
    assert_int_equal(suggest(1, two, 3), STEP_NONE); /* nothing below 1 */
}

static void test_down_comfort_boundary(void **state)
{
    (void)state;
    struct step_event low[] = {went(1, 2, 4), went(8, 2, 2)};
    assert_int_equal(suggest(2, low, 2), STEP_DOWN);
    struct step_event three[] = {went(1, 2, 4), went(8, 2, 3)};
    assert_int_equal(suggest(2, three, 2), STEP_NONE);
    /* only the latest visit: an uneasy one earlier, then a fine one */
    struct step_event earlier[] = {went(1, 2, 1), went(8, 2, 3)};
    assert_int_equal(suggest(2, earlier, 2), STEP_NONE);
    /* uneasy above the peer's level says "not yet", not "step down" */
    struct step_event above[] = {went(8, 3, 1)};
    assert_int_equal(suggest(2, above, 1), STEP_NONE);
    assert_int_equal(suggest(3, above, 1), STEP_DOWN);
}

static void test_top_and_unassessed(void **state)
{
    (void)state;
    struct step_event ev[] = {went(1, 5, 5), went(8, 5, 5), went(15, 5, 5)};
    assert_int_equal(suggest(5, ev, 3), STEP_NONE); /* nothing above 5 */
    assert_int_equal(suggest(4, ev, 3), STEP_UP);
    assert_int_equal(suggest(0, ev, 3), STEP_NONE); /* comfort not assessed */
    assert_int_equal(suggest(2, NULL, 0), STEP_NONE);
}

static void test_order_and_since(void **state)
{
    (void)state;
    /* given out of order: sorted by date, so the latest is the missed one on the 20th */
    struct step_event ev[] = {missed(20), went(1, 2, 4), went(8, 2, 4), went(15, 2, 4)};
    assert_int_equal(suggest(2, ev, 4), STEP_NONE);
    /* the same day: the one recorded later is the latest */
    struct step_event a = went(15, 2, 4), b = missed(15), c = missed(15);
    a.recorded_at = 3000;
    b.recorded_at = 1000;
    c.recorded_at = 2000;
    struct step_event same[] = {a, b, c};
    assert_int_equal(suggest(2, same, 3), STEP_NONE);
    same[0].recorded_at = 500;
    assert_int_equal(suggest(2, same, 3), STEP_DOWN);
    /* events recorded before the level was last set do not count */
    struct step_event runs[] = {went(1, 2, 4), went(8, 2, 4), went(15, 2, 4)};
    runs[0].recorded_at = 10;
    struct step_suggestion s;
    step_suggest(2, 500, runs, 3, &s);
    assert_int_equal(s.direction, STEP_NONE);
    step_suggest(2, 10, runs, 3, &s);
    assert_int_equal(s.direction, STEP_UP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_up_needs_three_in_a_row), cmocka_unit_test(test_up_comfort_boundary),
        cmocka_unit_test(test_up_run_broken),           cmocka_unit_test(test_down_two_missed),
        cmocka_unit_test(test_down_comfort_boundary),   cmocka_unit_test(test_top_and_unassessed),
        cmocka_unit_test(test_order_and_since),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
