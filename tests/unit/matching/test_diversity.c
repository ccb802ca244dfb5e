/* test_diversity.c — MMR re-ranking: spreads categories and organisations among near-ties,
** keeps a clearly better fit first, is deterministic (ties by id), handles the edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/matching/diversity.h"

static size_t count_category(const struct diversity_item *items, const size_t *order, size_t k,
                             const char *category)
{
    size_t n = 0;
    for (size_t i = 0; i < k; i++)
        n += strcmp(items[order[i]].category, category) == 0;
    return n;
}

static void test_spreads_categories(void **state)
{
    (void)state;
    /* Six gardening items score a little above three others: by score alone the top 5 would
    ** be all gardening. */
    struct diversity_item items[9] = {
        {1, 0.80, "gardening-nature", "Org A"},
        {2, 0.79, "gardening-nature", "Org B"},
        {3, 0.78, "gardening-nature", "Org C"},
        {4, 0.77, "gardening-nature", "Org D"},
        {5, 0.76, "gardening-nature", "Org E"},
        {6, 0.75, "gardening-nature", "Org F"},
        {7, 0.70, "music", "Org G"},
        {8, 0.69, "arts-crafts", "Org H"},
        {9, 0.68, "volunteering", "Org I"},
    };
    size_t order[5];
    assert_int_equal(diversity_rerank(items, 9, 5, DIVERSITY_LAMBDA, order), 5);
    assert_int_equal(items[order[0]].id, 1); /* the best stays first */
    assert_true(count_category(items, order, 5, "gardening-nature") <= 2);
    assert_int_equal(count_category(items, order, 5, "music"), 1);
    assert_int_equal(count_category(items, order, 5, "arts-crafts"), 1);
    assert_int_equal(count_category(items, order, 5, "volunteering"), 1);
    /* Each pick appears once. */
    for (size_t i = 0; i < 5; i++)
        for (size_t j = i + 1; j < 5; j++)
            assert_true(order[i] != order[j]);
    /* lambda 1 is plain ranking by score. */
    assert_int_equal(diversity_rerank(items, 9, 5, 1.0, order), 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(items[order[i]].id, (int64_t)i + 1);
}

static void test_spreads_organisations(void **state)
{
    (void)state;
    struct diversity_item items[4] = {
        {1, 0.80, "music", "Hub"},
        {2, 0.79, "arts-crafts", "Hub"},
        {3, 0.78, "books-learning", "Hub"},
        {4, 0.74, "social-games", "Library"},
    };
    size_t order[2];
    diversity_rerank(items, 4, 2, DIVERSITY_LAMBDA, order);
    assert_int_equal(items[order[0]].id, 1);
    assert_int_equal(items[order[1]].id, 4);
}

static void test_clear_winner_kept(void **state)
{
    (void)state;
    /* A second gardening item far ahead of the rest still comes second. */
    struct diversity_item items[3] = {
        {1, 0.95, "gardening-nature", "A"},
        {2, 0.90, "gardening-nature", "B"},
        {3, 0.40, "music", "C"},
    };
    size_t order[3];
    diversity_rerank(items, 3, 3, DIVERSITY_LAMBDA, order);
    assert_int_equal(items[order[0]].id, 1);
    assert_int_equal(items[order[1]].id, 2);
    assert_int_equal(items[order[2]].id, 3);
}

static void test_deterministic_ties(void **state)
{
    (void)state;
    /* Equal scores and categories: the lower id first, whatever the input order. */
    struct diversity_item a[4] = {
        {40, 0.5, "music", "X"},
        {10, 0.5, "music", "X"},
        {30, 0.5, "music", "X"},
        {20, 0.5, "music", "X"},
    };
    size_t order[4];
    diversity_rerank(a, 4, 4, DIVERSITY_LAMBDA, order);
    assert_int_equal(a[order[0]].id, 10);
    assert_int_equal(a[order[1]].id, 20);
    assert_int_equal(a[order[2]].id, 30);
    assert_int_equal(a[order[3]].id, 40);

    /* Shuffled copies of a random list give the same ranking of ids. */
    struct diversity_item base[40], shuffled[40];
    static const char *cats[] = {"music", "arts-crafts", "volunteering", "peer-support"};
    static const char *orgs[] = {"A", "B", "C"};
    srand(7);
    for (int i = 0; i < 40; i++) {
        base[i].id = i + 1;
        base[i].score = (double)(rand() % 5) / 5.0;
        base[i].category = cats[rand() % 4];
        base[i].organization = orgs[rand() % 3];
    }
    size_t o1[10], o2[10];
    diversity_rerank(base, 40, 10, DIVERSITY_LAMBDA, o1);
    for (int round = 0; round < 5; round++) {
        memcpy(shuffled, base, sizeof base);
        for (int i = 39; i > 0; i--) {
            int j = rand() % (i + 1);
            struct diversity_item t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        diversity_rerank(shuffled, 40, 10, DIVERSITY_LAMBDA, o2);
        for (int i = 0; i < 10; i++)
            assert_int_equal(base[o1[i]].id, shuffled[o2[i]].id);
    }
}

static void test_edges(void **state)
{
    (void)state;
    size_t order[3];
    assert_int_equal(diversity_rerank(NULL, 0, 5, DIVERSITY_LAMBDA, order), 0);
    struct diversity_item items[2] = {{1, 0.3, NULL, NULL}, {2, 0.9, NULL, NULL}};
    assert_int_equal(diversity_rerank(items, 2, 10, DIVERSITY_LAMBDA, order), 2);
    assert_int_equal(items[order[0]].id, 2);
    assert_true(diversity_similarity(&items[0], &items[1]) == 0.0); /* unknowns are unalike */
    struct diversity_item same[2] = {{1, 0.3, "music", "A"}, {2, 0.3, "music", "A"}};
    assert_true(diversity_similarity(&same[0], &same[1]) == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spreads_categories),
        cmocka_unit_test(test_spreads_organisations),
        cmocka_unit_test(test_clear_winner_kept),
        cmocka_unit_test(test_deterministic_ties),
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
