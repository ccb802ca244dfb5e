/* words.h — what directories write about accessibility, cost and language, read into belong's
** values through three data files (data/access_words.tsv, data/cost_words.tsv,
** data/languages.tsv; see their header comments and docs/taxonomy.md), loaded once per import.
*/
#ifndef BELONG_WORDS_H
#define BELONG_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

struct word_rule;

/* One data file's phrases. A zeroed table is empty (matches nothing). */
struct word_table {
    struct word_rule *rules;
    size_t n, cap;
};

struct listing_words {
    struct word_table access;    /* phrase -> access flag (0: known, grants none), or a negator */
    struct word_table cost;      /* phrase -> free / donation / sliding, or a negator */
    struct word_table languages; /* name or code -> the language's name */
};

/* Loads the three data files from belong's data folder (datadir.h). Every bad line is reported
** to diag as FILE:LINE; the tables then hold the good lines. Returns 0, or the first error of
** datafile_read (BELONG_ENOINPUT, BELONG_EDATA, BELONG_EIO). Free with listing_words_free. */
int listing_words_load(struct listing_words *w, struct diag *diag);
void listing_words_free(struct listing_words *w);

/* The ACCESS_* flags a text grants: each phrase of access_words.tsv found in it as whole words,
** unless the word just before it is a negator ("not wheelchair accessible"). NULL gives 0. */
unsigned words_access(const struct listing_words *w, const char *text);

enum words_cost {
    WORDS_COST_NONE,  /* the text says nothing belong reads about cost */
    WORDS_COST_FREE,  /* free, or by donation: nobody pays to take part */
    WORDS_COST_VARIES /* a sliding scale or a fee by income: not promised free */
};
/* What a fee text says (cost_words.tsv). A sliding-scale phrase wins over a free one, and so
** does a price above $0 beside a free word ("$2; members free"). */
enum words_cost words_cost(const struct listing_words *w, const char *text);

/* The language a value names ("es", "spa", "Español", "en-US" -> "Spanish"/"English"), or NULL
** when languages.tsv does not know it. The result is owned by w. */
const char *words_language(const struct listing_words *w, const char *value);

/* True when text holds phrase as whole words (letters, digits and '_' make a word), in any case
** (ASCII). */
bool words_has_phrase(const char *text, const char *phrase);

#endif
