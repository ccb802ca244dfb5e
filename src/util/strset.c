/* strset.c — a set of borrowed strings (see strset.h). */
#include "strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static size_t slot_of(const struct strset *s, const char *key)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (const unsigned char *c = (const unsigned char *)key; *c; c++)
        h = (h ^ *c) * 1099511628211u;
    size_t i = (size_t)h & (s->cap - 1);
    while (s->slots[i] && strcmp(s->slots[i], key) != 0)
        i = (i + 1) & (s->cap - 1);
    return i;
}

bool strset_add(struct strset *s, const char *key)
{
    if ((s->n + 1) * 2 > s->cap) {
        struct strset bigger = {xcalloc(s->cap ? s->cap * 2 : 16, sizeof *s->slots),
                                s->cap ? s->cap * 2 : 16, s->n};
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i])
                bigger.slots[slot_of(&bigger, s->slots[i])] = s->slots[i];
        free(s->slots);
        *s = bigger;
    }
    size_t i = slot_of(s, key);
    if (s->slots[i])
        return false;
    s->slots[i] = key;
    s->n++;
    return true;
}

void strset_free(struct strset *s)
{
    free(s->slots);
    memset(s, 0, sizeof *s);
}
