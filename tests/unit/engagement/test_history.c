/* test_history.c — recommend's history from the engagement record (engagement/history.h):
** visits replace the guess from a choice of the same activity, a good visit counts for and an
** uneasy one against, one not made counts for nothing, declines always count, and the history
** factor (matching/factors.h) moves accordingly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../src/engagement/history.h"

static struct visit visit_to(int64_t activity, const char *category, bool went, int comfort_after)
{
    struct visit v = {
        .activity_id = activity, .went = went, .comfort_after = comfort_after, .conversations = -1};
    v.category = (char *)category;
    v.organization = (char *)"Green Island Garden Club";
    return v;
}

static struct store_choice choice_of(int64_t activity, const char *category, bool declined)
{
    struct store_choice c = {.activity_id = activity,
                             .choice = declined ? STORE_CHOICE_DECLINED : STORE_CHOICE_CHOSEN};
    c.category = (char *)category;
    return c;
}

/* The history factor of a gardening listing from visits and choices. */
static double garden_history(const struct visit *v, size_t nv, const struct store_choice *c,
                             size_t nc, size_t *n_items)
{
    struct match_history_item items[16];
    *n_items = history_items(v, nv, c, nc, items);
    return factor_history(items, *n_items, "gardening", NULL);
}

static void test_choice_alone_is_the_guess(void **state)
{
    (void)state;
    struct store_choice c[] = {choice_of(1, "gardening", false)};
    size_t n;
    double guess = garden_history(NULL, 0, c, 1, &n);
    assert_int_equal(n, 1);
    assert_true(guess > 0.5 && guess < 0.73); /* unrated: a mild positive */
}

static void test_visits_replace_the_guess(void **state)
{
    (void)state;
    struct store_choice c[] = {choice_of(1, "gardening", false)};
    size_t n;
    double guess = garden_history(NULL, 0, c, 1, &n);
    struct visit good[] = {visit_to(1, "gardening", true, 5)};
    double with_good = garden_history(good, 1, c, 1, &n);
    assert_int_equal(n, 1); /* the choice of activity 1 is replaced by its visit */
    assert_true(with_good > guess);
    assert_true(with_good > 0.73 - 1e-3 && with_good < 0.74);
    struct visit uneasy[] = {visit_to(1, "gardening", true, 1)};
    double with_uneasy = garden_history(uneasy, 1, c, 1, &n);
    assert_true(with_uneasy < 0.5);
    struct visit missed[] = {visit_to(1, "gardening", false, 0)};
    double with_missed = garden_history(missed, 1, c, 1, &n);
    assert_true(with_missed > 0.5 - 1e-9 && with_missed < 0.5 + 1e-9); /* counts for nothing */
    /* comfort after 3, or not said: a plain visit, as the guess was */
    struct visit plain[] = {visit_to(1, "gardening", true, 0)};
    assert_true(garden_history(plain, 1, c, 1, &n) == guess);
}

static void test_other_choices_and_declines_stay(void **state)
{
    (void)state;
    struct visit v[] = {visit_to(1, "gardening", true, 4)};
    struct store_choice c[] = {choice_of(1, "gardening", false), choice_of(2, "gardening", false),
                               choice_of(3, "gardening", true)};
    struct match_history_item items[8];
    size_t n = history_items(v, 1, c, 3, items);
    assert_int_equal(n, 3); /* the visit, the choice of 2 (no visit yet), the decline of 3 */
    assert_true(items[0].went && items[0].rating == 4 && !items[0].declined);
    assert_true(items[1].went && items[1].rating == 0);
    assert_true(items[2].declined && !items[2].went);
    /* a decline of a visited activity still counts */
    struct store_choice d[] = {choice_of(1, "gardening", true)};
    assert_int_equal(history_items(v, 1, d, 1, items), 2);
    /* two good visits count more than one */
    struct visit two[] = {visit_to(1, "gardening", true, 4), visit_to(1, "gardening", true, 5)};
    size_t k;
    assert_true(garden_history(two, 2, NULL, 0, &k) > garden_history(two, 1, NULL, 0, &k));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_choice_alone_is_the_guess),
        cmocka_unit_test(test_visits_replace_the_guess),
        cmocka_unit_test(test_other_choices_and_declines_stay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
