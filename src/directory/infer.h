/* infer.h — inferring a listing's category, interest tags and social intensity from what it
** says people do there: its name, description and taxonomy terms weigh most, its organisation
** and place little. Rules and word lists are data (data/infer/words.tsv, the taxonomy maps in
** data/taxonomy/, data/infer/category_intensity.tsv); see docs/taxonomy.md.
*/
#ifndef BELONG_INFER_H
#define BELONG_INFER_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/diag.h"

/* The loaded rules. Opaque; owned by the caller of infer_rules_load (infer_rules_free). */
struct infer_rules;

/* Loads the rules from the data files (data_file_path). Returns 0; BELONG_ENOINPUT when a file
** is missing, BELONG_EDATA when a line is malformed (each reported to diag as FILE:LINE).
** OUT: *rules (NULL on error). */
int infer_rules_load(struct infer_rules **rules, struct diag *diag);
void infer_rules_free(struct infer_rules *rules);

/* The language names (data/languages.tsv) loaded with the rules, for reading the languages a
** listing's words say it is held in (language.h). Owned by rules. */
struct listing_words;
const struct listing_words *infer_rules_languages(const struct infer_rules *rules);

/* What a listing says of itself. Every string may be NULL. Borrowed, not kept. */
struct infer_input {
    const char *name;
    const char *description;
    const char *terms; /* taxonomy terms of other taxonomies: lines "CODE<TAB>NAME" (either may be
                       ** empty; a line without a tab is a name) */
    const char *category; /* a category the source gave (then only intensity and tags are
                          ** inferred, using it), or NULL */
    const char *organization;
    const char *location_name;
    int group_size;       /* typical group size, 0 = unknown */
    int duration_minutes; /* length of one session, 0 = unknown */
    int drop_in;          /* enum tristate (activity.h) */
};

#define INFER_EVIDENCE_LEN 240
#define INFER_TAGS_LEN     200

/* One inferred attribute: how sure (0 = nothing inferred, up to 1) and from what, in words
** ("name 'chess club'; place 'parish hall'"). */
struct infer_why {
    double confidence;
    char evidence[INFER_EVIDENCE_LEN];
};

struct infer_result {
    char category[48]; /* a slug of data/categories.tsv, "" when nothing points anywhere */
    struct infer_why category_why;
    int intensity; /* 1-5, 0 when nothing points anywhere */
    struct infer_why intensity_why;
    char tags[INFER_TAGS_LEN]; /* comma list, lower case, "" for none */
    struct infer_why tags_why;
};

/* Infers the attributes of one listing. Pure: reads only rules and in. Cannot fail. OUT: *out. */
void infer_listing(const struct infer_rules *rules, const struct infer_input *in,
                   struct infer_result *out);

/* The attributes infer_listing can give, as enum activity_attr bits (store.h). */
#define INFER_ATTR_CATEGORY  (1u << 0)
#define INFER_ATTR_TAGS      (1u << 1)
#define INFER_ATTR_INTENSITY (1u << 2)

/* Appends the evidence of the attributes named in `which` (INFER_ATTR_* bits) as the store keeps
** it: one line "ATTR<TAB>CONFIDENCE<TAB>EVIDENCE" each (ATTR: category, tags, intensity).
** Cannot fail. */
void infer_evidence_format(const struct infer_result *r, unsigned which, struct buf *out);

/* Calls fn for each line of text written by infer_evidence_format: attr is one of "category",
** "tags", "intensity", bit its INFER_ATTR_* bit; the strings are valid during the call only.
** Malformed lines are skipped. */
typedef void (*infer_evidence_fn)(void *ctx, unsigned bit, const char *attr, double confidence,
                                  const char *evidence);
void infer_evidence_each(const char *text, infer_evidence_fn fn, void *ctx);

#endif
