/* values.h — what matters to a peer (their values) mapped to the activity categories that honour
** each value, kept as data (data/values_categories.tsv: helping-others → volunteering 1.0...).
** The list of known values itself (slugs, labels, synonyms) is data/values.tsv, read by peers/.
*/
#ifndef BELONG_VALUES_H
#define BELONG_VALUES_H

#include <stddef.h>

#include "../util/diag.h"

struct value_category {
    char *category; /* a category slug from data/categories.tsv */
    double weight;  /* how strongly the category honours the value, (0, 1] */
};

struct value_map_entry {
    char *value; /* a value slug from data/values.tsv, or an everyday word, lower case */
    struct value_category *categories;
    size_t n_categories;
};

/* The table, in file order. Owns all memory; value_map_free releases it. */
struct value_map {
    struct value_map_entry *items;
    size_t n;
};

/* Loads the map from path, or from the data file values_categories.tsv when path is NULL.
** Lines are value<TAB>category:weight,... Returns 0; BELONG_ENOINPUT when the file is missing,
** BELONG_EDATA for a malformed line (each reported to diag as FILE:LINE, nothing kept).
** OUT: *m. */
int value_map_load(const char *path, struct value_map *m, struct diag *diag);
void value_map_free(struct value_map *m);

/* The entry for a peer's value: compared case-insensitively, without surrounding spaces, with
** '-', '_' and ' ' alike ("Helping others" finds helping-others). NULL when unknown. */
const struct value_map_entry *value_map_find(const struct value_map *m, const char *value);

/* The weight with which entry v honours category (0 when it does not or v is NULL). */
double value_map_weight(const struct value_map_entry *v, const char *category);

#endif
