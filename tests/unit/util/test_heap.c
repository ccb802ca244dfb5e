/* test_heap.c — the binary heap (src/util/heap.h) hands elements over in the order of its
** "comes before" test, ties included, for any element size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/util/heap.h"

struct item {
    double score;
    uint32_t id;
    char pad[20]; /* an element of an odd size */
};

static bool item_before(const void *a_, const void *b_)
{
    const struct item *a = a_, *b = b_;
    return a->score != b->score ? a->score > b->score : a->id < b->id;
}

static int item_cmp(const void *a, const void *b)
{
    return item_before(a, b) ? -1 : item_before(b, a) ? 1 : 0;
}

/* Random arrays of every size up to 300, with many equal scores: popped one by one they come
** out exactly as sorted. */
static void pops_in_order(void **state)
{
    (void)state;
    uint64_t rng = 7;
    for (size_t n = 0; n <= 300; n++) {
        struct item *heap = calloc(n ? n : 1, sizeof *heap);
        struct item *sorted = calloc(n ? n : 1, sizeof *sorted);
        for (size_t i = 0; i < n; i++) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            heap[i].score = (double)((rng >> 33) % 10);
            heap[i].id = (uint32_t)i;
            memset(heap[i].pad, (int)i, sizeof heap[i].pad);
        }
        memcpy(sorted, heap, n * sizeof *heap);
        qsort(sorted, n, sizeof *sorted, item_cmp);
        heap_make(heap, n, sizeof *heap, item_before);
        for (size_t k = 0; k < n; k++) {
            struct item top;
            heap_pop(heap, n - k, sizeof *heap, item_before, &top);
            assert_memory_equal(&top, &sorted[k], sizeof top);
        }
        free(heap);
        free(sorted);
    }
}

/* Elements pushed one at a time between pops (a heap filled as a search walks its days) come
** out in order too: each pop gives the best of what was pushed and not yet popped. */
static void pushes_between_pops(void **state)
{
    (void)state;
    uint64_t rng = 11;
    enum { N = 500 };
    struct item *heap = calloc(N, sizeof *heap);
    size_t n = 0, pushed = 0, popped = 0;
    while (popped < N) {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        if (pushed < N && (n == 0 || (rng >> 40) % 3 != 0)) {
            struct item it = {.score = (double)((rng >> 33) % 10), .id = (uint32_t)pushed};
            memset(it.pad, (int)pushed, sizeof it.pad);
            pushed++;
            heap_push(heap, n++, sizeof *heap, item_before, &it);
            continue;
        }
        struct item top;
        heap_pop(heap, n--, sizeof *heap, item_before, &top);
        /* the best of those pushed and still in the heap */
        for (size_t i = 0; i < n; i++)
            assert_false(item_before(&heap[i], &top));
        popped++;
    }
    assert_int_equal(n, 0);
    free(heap);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pops_in_order),
        cmocka_unit_test(pushes_between_pops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
