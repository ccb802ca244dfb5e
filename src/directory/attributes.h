/* attributes.h — belong's own attributes of an activity (category, tags, intensity, access,
** cost, group size, peer-run, substance-free, virtual, drop-in, languages) as one table, and
** the one parser of their values: `belong activity set` and the HSDS import's belong terms
** (`peer-run:yes`) both read them here, so one rule holds for each.
*/
#ifndef BELONG_ATTRIBUTES_H
#define BELONG_ATTRIBUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "activity.h"

#define GROUP_SIZE_MAX 10000  /* a larger typical group is a typo */
#define COST_USD_MAX   100000 /* a session costing more is a typo */

/* How an attribute's value is read. */
enum activity_attr_kind {
    AK_CATEGORY,   /* a category slug (checked against data/categories.tsv by the caller) */
    AK_TAGS,       /* a comma list of interest tags, lower case */
    AK_INTENSITY,  /* a whole number INTENSITY_MIN..INTENSITY_MAX */
    AK_ACCESS,     /* a comma list of access names (wheelchair, asl, quiet, transit) */
    AK_COST,       /* "free" or US dollars, at most COST_USD_MAX */
    AK_GROUP_SIZE, /* a whole number 1..GROUP_SIZE_MAX */
    AK_YES_NO,     /* parse_yes_no (util/text.h): yes/no, y/n, true/false, 1/0 */
    AK_LANGUAGES,  /* a comma list of language names, as written */
    AK_AUDIENCE,   /* a comma list of audiences (directory/audience.h); "" = everyone */
};

struct activity_attr_def {
    const char *name; /* the `activity set --NAME` option and the HSDS term NAME:VALUE */
    const char *term; /* the HSDS term when it differs from name ("tag"), else NULL */
    unsigned bit;     /* enum activity_attr (store.h): which column it is */
    enum activity_attr_kind kind;
    const char *json_key; /* its key in `show --json` */
    const char *column;   /* the store's name for it (its column, and its key in before_hand) */
};

/* Every attribute, in the order `show --json` writes them (it walks this table). */
extern const struct activity_attr_def activity_attrs[];
extern const size_t activity_attr_count;

/* The attribute `activity set --name` sets, or NULL. */
const struct activity_attr_def *activity_attr_by_name(const char *name);
/* The attribute an HSDS belong term (before its colon) names, or NULL. */
const struct activity_attr_def *activity_attr_by_term(const char *term);

/* The value of yes/no attribute d (AK_YES_NO) of a, as enum tristate; virtual, a plain yes or
** no, is never unknown. */
int activity_attr_yes_no(const struct activity_attr_def *d, const struct activity *a);

/* Parses value into a's field of d. A list (tags, access, languages) is replaced, or with add
** has the value's items added to it. Returns false when value is not valid for d; for access,
** bad then holds the unknown word. Never checks a category against the table. */
bool activity_attr_parse(const struct activity_attr_def *d, const char *value, bool add,
                         struct activity *a, char *bad, size_t bad_len);

#endif
