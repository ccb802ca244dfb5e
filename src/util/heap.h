/* heap.h — a binary heap over an array of any element type, ordered by a caller's "comes
** before" test: the best element first. For the searches that hand over a few best of many
** candidates without sorting them all. Works in place on the caller's array; allocates nothing.
*/
#ifndef BELONG_HEAP_H
#define BELONG_HEAP_H

#include <stdbool.h>
#include <stddef.h>

/* Whether element a comes out of the heap before element b. */
typedef bool (*heap_before_fn)(const void *a, const void *b);

/* Arranges base[0..n) (elements of size bytes, at most HEAP_ELEMENT_MAX) as a heap. */
void heap_make(void *base, size_t n, size_t size, heap_before_fn before);
/* Removes the first element: copies it to out and leaves base[0..n-1) a heap. n > 0. */
void heap_pop(void *base, size_t n, size_t size, heap_before_fn before, void *out);

/* Adds item to the heap base[0..n), which becomes base[0..n+1): room for n + 1 elements. */
void heap_push(void *base, size_t n, size_t size, heap_before_fn before, const void *item);

#define HEAP_ELEMENT_MAX 64

#endif
