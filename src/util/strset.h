/* strset.h — a set of strings (open addressing), for telling in constant time whether a key
** was seen: ids already read, say. The set does not copy its keys: each must outlive the set.
** A zeroed struct strset is an empty set; strset_free releases its table.
*/
#ifndef BELONG_STRSET_H
#define BELONG_STRSET_H

#include <stdbool.h>
#include <stddef.h>

struct strset {
    const char **slots;
    size_t cap, n;
};

/* Adds key. Returns true when it was not in the set yet. Cannot fail. */
bool strset_add(struct strset *s, const char *key);
void strset_free(struct strset *s);

#endif
