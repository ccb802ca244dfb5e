/* test_constraints.c — the hard constraints: each one excludes, its explanation reads plainly,
** and over random peers × random candidates nothing that breaks one is ever let through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/directory/activity.h"
#include "../../src/matching/constraints.h"

static struct match_candidate base(void)
{
    struct match_candidate c;
    memset(&c, 0, sizeof c);
    c.id = 1;
    c.name = "Chess Club";
    c.has_distance = true;
    c.distance_miles = 2.0;
    c.cost_cents = 0;
    c.access = ACCESS_WHEELCHAIR;
    c.n_fitting_occurrences = 2;
    return c;
}

static const struct match_limits open_limits = {
    .max_travel_miles = -1.0, .accepts_virtual = true, .budget_cents = -1};

static void check_explain(enum match_exclusion e, const struct match_limits *lim,
                          const struct match_candidate *c, const char *want)
{
    struct buf b = {0};
    match_exclusion_explain(e, lim, c, &b);
    if (!strstr(buf_str(&b), want))
        fail_msg("explain %s: \"%s\" lacks \"%s\"", match_exclusion_name(e), buf_str(&b), want);
    buf_free(&b);
}

/* Every blocker at once: a group 39 miles away, at no time the peer is free, costing $5 for a
** free-only peer who needs ASL: all four, the distance the strongest, the time the weakest. */
static void test_every_blocker(void **state)
{
    (void)state;
    struct match_candidate c = base();
    struct match_limits lim = open_limits;
    lim.max_travel_miles = 5;
    lim.budget_cents = 0;
    lim.access_needs = ACCESS_ASL;
    c.distance_miles = 39;
    c.n_fitting_occurrences = 0;
    c.cost_cents = 500;
    unsigned m = match_blockers(&lim, &c, true, false);
    assert_int_equal(m, 1u << MATCH_EX_TOO_FAR | 1u << MATCH_EX_NO_TIME | 1u << MATCH_EX_COST |
                            1u << MATCH_EX_ACCESS);
    assert_int_equal(match_blocker_strongest(m), MATCH_EX_TOO_FAR);
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_EX_NO_TIME); /* first checked */
    assert_int_equal(match_blocker_strongest(1u << MATCH_EX_NO_TIME | 1u << MATCH_EX_COST),
                     MATCH_EX_COST);
    assert_int_equal(match_blocker_strongest(0), MATCH_FITS);
    assert_int_equal(match_blockers(&open_limits, &c, true, false), 1u << MATCH_EX_NO_TIME);
    /* the order names every constraint once */
    unsigned all = 0;
    for (int i = 0; i < MATCH_BLOCKER_ORDER_N; i++)
        all |= 1u << match_blocker_order[i];
    assert_int_equal(all, (1u << (MATCH_EX_LANGUAGE + 1)) - 2u); /* LANGUAGE is the last */
    assert_string_equal(match_blocker_word(MATCH_EX_TOO_FAR), "distance");
}

static void test_each_constraint(void **state)
{
    (void)state;
    struct match_candidate c = base();
    struct match_limits lim = open_limits;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_FITS);

    assert_int_equal(match_check(&lim, &c, false, false), MATCH_EX_INACTIVE);
    assert_int_equal(match_check(&lim, &c, true, true), MATCH_EX_DECLINED);
    lim.include_declined = true;
    assert_int_equal(match_check(&lim, &c, true, true), MATCH_FITS);

    c.n_fitting_occurrences = 0;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_EX_NO_TIME);
    c = base();

    lim.max_travel_miles = 1.5;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_EX_TOO_FAR);
    check_explain(MATCH_EX_TOO_FAR, &lim, &c, "2.0 miles away; you said up to 1.5 miles");
    lim.max_travel_miles = 2.0; /* at the limit is within it */
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_FITS);
    c.has_distance = false;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_EX_NO_LOCATION);
    lim.max_travel_miles = -1.0; /* no limit stated: an unknown place is fine */
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_FITS);
    c = base();

    /* Virtual: exempt from distance when the peer accepts it, excluded when not. */
    c.is_virtual = true;
    c.has_distance = false;
    lim.max_travel_miles = 0.0;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_FITS);
    lim.accepts_virtual = false;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_EX_VIRTUAL);
    lim = open_limits;
    c = base();

    lim.budget_cents = 0;
    c.cost_cents = 300;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_EX_COST);
    check_explain(MATCH_EX_COST, &lim, &c, "It costs $3; you are looking for free activities.");
    lim.budget_cents = 500;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_FITS);
    c.cost_cents = 750;
    check_explain(MATCH_EX_COST, &lim, &c, "It costs $7.50; your budget is up to $5.");
    c.cost_cents = COST_UNKNOWN;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_EX_COST);
    lim.budget_cents = -1;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_FITS);
    c = base();

    lim.access_needs = ACCESS_WHEELCHAIR | ACCESS_ASL;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_EX_ACCESS);
    check_explain(MATCH_EX_ACCESS, &lim, &c, "It does not list ASL interpreting, which you need.");
    c.access |= ACCESS_ASL;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_FITS);
    /* Online meets wheelchair and transit needs, not ASL or quiet. */
    lim.access_needs = ACCESS_WHEELCHAIR | ACCESS_TRANSIT;
    c = base();
    c.access = 0;
    c.is_virtual = true;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_FITS);
    lim.access_needs |= ACCESS_QUIET;
    assert_int_equal(match_check(&lim, &c, true, false), MATCH_EX_ACCESS);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(match_exclusion_name(MATCH_FITS), "fits");
    assert_string_equal(match_exclusion_name(MATCH_EX_TOO_FAR), "too-far");
    assert_string_equal(match_exclusion_name(MATCH_EX_ACCESS), "access");
    struct buf b = {0};
    struct match_candidate c = base();
    match_exclusion_explain(MATCH_FITS, &open_limits, &c, &b);
    assert_int_equal(b.len, 0);
    for (int e = MATCH_EX_INACTIVE; e <= MATCH_EX_ACCESS; e++) {
        buf_reset(&b);
        struct match_limits lim = open_limits;
        lim.budget_cents = 0;
        lim.access_needs = ACCESS_ASL;
        match_exclusion_explain((enum match_exclusion)e, &lim, &c, &b);
        assert_true(b.len > 10);
        assert_true(b.data[b.len - 1] == '.');
    }
    buf_free(&b);
}

/* Property: over random limits and candidates, a candidate that fits breaks no constraint as
** stated independently here, and one that does not fit breaks the constraint named. */
static void test_property_random(void **state)
{
    (void)state;
    srand(20261201);
    int fits = 0;
    for (int round = 0; round < 20000; round++) {
        struct match_limits lim;
        memset(&lim, 0, sizeof lim);
        lim.max_travel_miles = rand() % 4 == 0 ? -1.0 : (double)(rand() % 200) / 10.0;
        lim.accepts_virtual = rand() % 2;
        lim.budget_cents = rand() % 3 == 0 ? -1 : (rand() % 2 ? 0 : rand() % 2000);
        lim.access_needs = rand() % 3 == 0 ? (unsigned)(rand() % 16) : 0u;
        lim.include_declined = rand() % 5 == 0;
        struct match_candidate c = base();
        c.is_virtual = rand() % 6 == 0;
        c.has_distance = !c.is_virtual && rand() % 10 != 0;
        c.distance_miles = (double)(rand() % 300) / 10.0;
        c.cost_cents = rand() % 3 == 0 ? 0 : (rand() % 4 == 0 ? COST_UNKNOWN : rand() % 2500);
        c.access = (unsigned)(rand() % 16);
        c.n_fitting_occurrences = rand() % 4;
        bool active = rand() % 10 != 0;
        bool declined = rand() % 8 == 0;

        enum match_exclusion e = match_check(&lim, &c, active, declined);
        bool ok_active = active;
        bool ok_declined = !declined || lim.include_declined;
        bool ok_time = c.n_fitting_occurrences > 0;
        bool ok_place = c.is_virtual
                            ? lim.accepts_virtual
                            : (lim.max_travel_miles < 0 ||
                               (c.has_distance && c.distance_miles <= lim.max_travel_miles));
        bool ok_cost =
            lim.budget_cents < 0 || (c.cost_cents >= 0 && c.cost_cents <= lim.budget_cents);
        unsigned have = c.access | (c.is_virtual ? (ACCESS_WHEELCHAIR | ACCESS_TRANSIT) : 0u);
        bool ok_access = (lim.access_needs & ~have) == 0;
        bool all = ok_active && ok_declined && ok_time && ok_place && ok_cost && ok_access;
        assert_int_equal(e == MATCH_FITS, all);
        fits += all;
        switch (e) {
        case MATCH_FITS:
            break;
        case MATCH_EX_INACTIVE:
            assert_false(ok_active);
            break;
        case MATCH_EX_DECLINED:
            assert_false(ok_declined);
            break;
        case MATCH_EX_NO_TIME:
            assert_false(ok_time);
            break;
        case MATCH_EX_VIRTUAL:
        case MATCH_EX_NO_LOCATION:
        case MATCH_EX_TOO_FAR:
            assert_false(ok_place);
            break;
        case MATCH_EX_COST:
            assert_false(ok_cost);
            break;
        case MATCH_EX_ACCESS:
            assert_false(ok_access);
            break;
        case MATCH_EX_AUDIENCE:
        case MATCH_EX_LANGUAGE:
            fail_msg("match_check never says audience or language (match_check_audience does)");
            break;
        }
        /* Deterministic. */
        assert_int_equal(match_check(&lim, &c, active, declined), e);
    }
    assert_true(fits > 100); /* the generator reaches both outcomes */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_constraint),
        cmocka_unit_test(test_every_blocker),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_property_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
