/* categories.h — belong's activity categories, kept as data (data/categories.tsv): slug, label
** and the words that suggest a category in a listing's text or in another taxonomy's terms.
*/
#ifndef BELONG_CATEGORIES_H
#define BELONG_CATEGORIES_H

#include <stddef.h>

#include "../util/diag.h"

struct category {
    char *slug;      /* e.g. "gardening-nature" */
    char *label;     /* e.g. "Gardening & nature" */
    char **keywords; /* lower case words or phrases, e.g. "community garden" */
    size_t n_keywords;
};

/* The table, in file order. Owns all memory; categories_free releases it. */
struct category_table {
    struct category *items;
    size_t n;
};

/* Loads a table from path, or from the data file categories.tsv when path is NULL.
** Returns 0; BELONG_ENOINPUT when the file is missing, BELONG_EDATA for a malformed line
** (reported to diag as FILE:LINE). OUT: *t. */
int categories_load(const char *path, struct category_table *t, struct diag *diag);
void categories_free(struct category_table *t);

/* The category with this slug, or NULL. */
const struct category *category_find(const struct category_table *t, const char *slug);

#endif
