/* idset.h — a set of positive 64-bit ids (open addressing), for de-duplicating and filtering
** activity ids in the store's hot loops. A zeroed struct id_set is empty; id_set_free releases
** it.
*/
#ifndef BELONG_IDSET_H
#define BELONG_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct id_set {
    int64_t *slots; /* 0 = empty slot (ids are >= 1) */
    size_t cap, n;  /* cap is 0 or a power of two */
};

/* Adds id (>= 1); returns false when it was there already. Cannot fail (aborts on OOM). */
bool id_set_add(struct id_set *set, int64_t id);
bool id_set_has(const struct id_set *set, int64_t id);
void id_set_free(struct id_set *set);

#endif
