/* categories.h — belong's activity categories, kept as data (data/categories.tsv): slug, label
** and the words that suggest a category in a listing's text or in another taxonomy's terms.
*/
#ifndef BELONG_CATEGORIES_H
#define BELONG_CATEGORIES_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

struct category {
    char *slug;      /* e.g. "gardening-nature" */
    char *label;     /* e.g. "Gardening & nature" */
    char **keywords; /* lower case words or phrases, e.g. "community garden" */
    size_t n_keywords;
};

/* The table, in file order. Owns all memory; categories_free releases it, except a table that
** categories_shared filled (shared set), which borrows the process's copy. */
struct category_table {
    struct category *items;
    size_t n;
    bool shared; /* items belong to the process's copy (categories_shared): never changed */
};

/* Loads a table from path, or from the data file categories.tsv when path is NULL.
** Returns 0; BELONG_ENOINPUT when the file is missing, BELONG_EDATA for a malformed line
** (reported to diag as FILE:LINE). OUT: *t. */
int categories_load(const char *path, struct category_table *t, struct diag *diag);
void categories_free(struct category_table *t);

/* The data file categories.tsv's table, read once per process and file version (its path,
** inode, size and modification time; a changed file is read again) and shared by every thread:
** *t borrows it (t->shared), categories_free forgets it. The tables read stay until the process
** ends (a thread may still hold an older one). Returns as categories_load, which a failure
** tries again on the next call; OUT: *t. Thread-safe. */
int categories_shared(struct category_table *t, struct diag *diag);

/* The category with this slug, or NULL. */
const struct category *category_find(const struct category_table *t, const char *slug);

#endif
