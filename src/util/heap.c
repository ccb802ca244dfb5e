/* heap.c — the binary heap of heap.h. */
#include "heap.h"

#include <string.h>

#define AT(base, i, size) ((char *)(base) + (i) * (size))

/* Moves the element at i down to its place among base[0..n): a hole goes down instead of swaps
** (one copy a level, not three), with the same comparisons and so the same layout. */
static void sift_down(void *base, size_t n, size_t size, size_t i, heap_before_fn before)
{
    char item[HEAP_ELEMENT_MAX];
    memcpy(item, AT(base, i, size), size);
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && before(AT(base, child + 1, size), AT(base, child, size)))
            child++;
        if (!before(AT(base, child, size), item))
            break;
        memcpy(AT(base, i, size), AT(base, child, size), size);
        i = child;
    }
    memcpy(AT(base, i, size), item, size);
}

void heap_make(void *base, size_t n, size_t size, heap_before_fn before)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(base, n, size, i, before);
}

void heap_pop(void *base, size_t n, size_t size, heap_before_fn before, void *out)
{
    memcpy(out, base, size);
    if (n > 1)
        memcpy(base, AT(base, n - 1, size), size);
    sift_down(base, n - 1, size, 0, before);
}

void heap_push(void *base, size_t n, size_t size, heap_before_fn before, const void *item)
{
    size_t i = n;
    while (i > 0 && before(item, AT(base, (i - 1) / 2, size))) {
        memcpy(AT(base, i, size), AT(base, (i - 1) / 2, size), size);
        i = (i - 1) / 2;
    }
    memcpy(AT(base, i, size), item, size);
}
