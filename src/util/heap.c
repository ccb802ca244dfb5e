/* heap.c — the binary heap of heap.h. */
#include "heap.h"

#include <string.h>

#define AT(base, i, size) ((char *)(base) + (i) * (size))

static void swap(void *a, void *b, size_t size)
{
    char t[HEAP_ELEMENT_MAX];
    memcpy(t, a, size);
    memcpy(a, b, size);
    memcpy(b, t, size);
}

static void sift_down(void *base, size_t n, size_t size, size_t i, heap_before_fn before)
{
    for (;;) {
        size_t best = i, l = 2 * i + 1, r = l + 1;
        if (l < n && before(AT(base, l, size), AT(base, best, size)))
            best = l;
        if (r < n && before(AT(base, r, size), AT(base, best, size)))
            best = r;
        if (best == i)
            return;
        swap(AT(base, i, size), AT(base, best, size), size);
        i = best;
    }
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
    memcpy(AT(base, i, size), item, size);
    while (i > 0 && before(AT(base, i, size), AT(base, (i - 1) / 2, size))) {
        swap(AT(base, i, size), AT(base, (i - 1) / 2, size), size);
        i = (i - 1) / 2;
    }
}
