/* idset.c — an open-addressing set of ids (see idset.h). */
#include "idset.h"

#include <stdlib.h>

#include "buf.h"

#define ID_SET_FIRST_CAP 256

static size_t id_slot(const struct id_set *set, int64_t id)
{
    size_t i = (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ull) >> 20) & (set->cap - 1);
    while (set->slots[i] && set->slots[i] != id)
        i = (i + 1) & (set->cap - 1);
    return i;
}

bool id_set_add(struct id_set *set, int64_t id)
{
    if (2 * (set->n + 1) > set->cap) {
        size_t cap = set->cap ? 2 * set->cap : ID_SET_FIRST_CAP;
        struct id_set bigger = {xcalloc(cap, sizeof(int64_t)), cap, 0};
        for (size_t i = 0; i < set->cap; i++)
            if (set->slots[i])
                id_set_add(&bigger, set->slots[i]);
        free(set->slots);
        *set = bigger;
    }
    size_t i = id_slot(set, id);
    if (set->slots[i])
        return false;
    set->slots[i] = id;
    set->n++;
    return true;
}

bool id_set_has(const struct id_set *set, int64_t id)
{
    return set->cap && set->slots[id_slot(set, id)] == id;
}

void id_set_free(struct id_set *set)
{
    free(set->slots);
    set->slots = NULL;
    set->cap = set->n = 0;
}
