/* heap.h — a binary heap over an array of any element type, ordered by a caller's "comes
** before" test: the best element first. For the searches that hand over a few best of many
** candidates without sorting them all. Works in place on the caller's array; allocates nothing.
** The functions are inline: with the element's size and the test known where they are called,
** the compiler copies elements and compares them there, without a call for either.
*/
#ifndef BELONG_HEAP_H
#define BELONG_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Whether element a comes out of the heap before element b. */
typedef bool (*heap_before_fn)(const void *a, const void *b);

#define HEAP_ELEMENT_MAX       64
#define HEAP_AT(base, i, size) ((char *)(base) + (i) * (size))
#define HEAP_INLINE            static inline __attribute__((always_inline))

/* Moves the element at i down to its place among base[0..n): a hole goes down instead of swaps
** (one copy a level, not three), with the same comparisons and so the same layout. */
HEAP_INLINE void heap_sift_down(void *base, size_t n, size_t size, size_t i, heap_before_fn before)
{
    char item[HEAP_ELEMENT_MAX];
    memcpy(item, HEAP_AT(base, i, size), size);
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && before(HEAP_AT(base, child + 1, size), HEAP_AT(base, child, size)))
            child++;
        if (!before(HEAP_AT(base, child, size), item))
            break;
        memcpy(HEAP_AT(base, i, size), HEAP_AT(base, child, size), size);
        i = child;
    }
    memcpy(HEAP_AT(base, i, size), item, size);
}

/* Arranges base[0..n) (elements of size bytes, at most HEAP_ELEMENT_MAX) as a heap. */
HEAP_INLINE void heap_make(void *base, size_t n, size_t size, heap_before_fn before)
{
    for (size_t i = n / 2; i-- > 0;)
        heap_sift_down(base, n, size, i, before);
}

/* Removes the first element: copies it to out and leaves base[0..n-1) a heap. n > 0. */
HEAP_INLINE void heap_pop(void *base, size_t n, size_t size, heap_before_fn before, void *out)
{
    memcpy(out, base, size);
    if (n > 1)
        memcpy(base, HEAP_AT(base, n - 1, size), size);
    heap_sift_down(base, n - 1, size, 0, before);
}

/* Adds item to the heap base[0..n), which becomes base[0..n+1): room for n + 1 elements. */
HEAP_INLINE void heap_push(void *base, size_t n, size_t size, heap_before_fn before,
                           const void *item)
{
    size_t i = n;
    while (i > 0 && before(item, HEAP_AT(base, (i - 1) / 2, size))) {
        memcpy(HEAP_AT(base, i, size), HEAP_AT(base, (i - 1) / 2, size), size);
        i = (i - 1) / 2;
    }
    memcpy(HEAP_AT(base, i, size), item, size);
}

#endif
