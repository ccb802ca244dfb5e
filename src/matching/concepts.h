/* concepts.h — bridging a peer's everyday words and organisers' words: light stemming, stop
** words, and the concept map kept as data (data/concepts.tsv: "plants" ≈ gardening, seeds...).
*/
#ifndef BELONG_CONCEPTS_H
#define BELONG_CONCEPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/diag.h"
#include "../store/store.h"

#define CONCEPT_WORD_MAX       48 /* bytes in a word or phrase, NUL included; longer ones are cut */
#define CONCEPT_TERMS_MAX      64 /* search terms kept per peer; the strongest win when full */
#define CONCEPT_OWN_WEIGHT     1.0 /* weight of the peer's own words */
#define CONCEPT_DEFAULT_WEIGHT 0.6 /* weight of a concept expansion when its line gives none */
#define CONCEPT_COMMON_WEIGHT  0.3 /* share of the own weight a common word keeps ("group") */

/* One concept line: the peer words (as match keys) and the organiser words they stand for. */
struct concept_entry {
    char *key;            /* match key of one peer word or two-word phrase ("bike", "hang out") */
    char **terms;         /* organiser words, readable lower case ("cycling", "community garden") */
    double *term_weights; /* each organiser word's weight, (0, 1] */
    size_t n_terms;
    double weight; /* the line's weight (its third column, or CONCEPT_DEFAULT_WEIGHT) */
};

/* The whole map, sorted by key (a key on several lines has several entries). Owns all memory;
** concepts_free releases it. */
struct concept_map {
    struct concept_entry *entries;
    size_t n;
};

/* Loads the map from path, or from the data file concepts.tsv when path is NULL.
** Returns 0; BELONG_ENOINPUT when the file is missing, BELONG_EDATA for a malformed line (every
** one reported to diag as FILE:LINE, nothing kept). OUT: *m. */
int concepts_load(const char *path, struct concept_map *m, struct diag *diag);
void concepts_free(struct concept_map *m);

/* One weighted search term derived from a peer's words. */
struct concept_term {
    char term[CONCEPT_WORD_MAX];   /* readable form for a text query ("bike", "community garden") */
    char key[CONCEPT_WORD_MAX];    /* match key (concepts_word_key of each word) */
    char origin[CONCEPT_WORD_MAX]; /* the peer's own word it came from, lower case ("bikes") */
    double weight;                 /* CONCEPT_OWN_WEIGHT for own words, less for expansions */
};

/* A fixed-size list of terms: no allocation, a zeroed struct is empty. */
struct concept_terms {
    struct concept_term items[CONCEPT_TERMS_MAX];
    size_t n;
};

/* Expands a peer's sentence ("I used to fix bikes") into search terms and appends them to out:
** each word that is not a stop word, in its light-stemmed readable form, with weight
** own_weight (a common word CONCEPT_COMMON_WEIGHT of it; a word naming other people,
** "people", "friends", only where the sentence says the peer wants them: "make a friend",
** "be around people", never "I can't stand how people look at me"); then the organiser words the
*concept map gives for each word and two-word phrase,
** with the line's weight times own_weight. A term already present keeps its highest weight.
** m may be NULL (own words only). When out is full the weakest term gives way. Cannot fail. */
void concepts_expand(const struct concept_map *m, const char *text, double own_weight,
                     struct concept_terms *out);

/* Adds one term (readable words; its key is computed). A term whose key is already present
** raises its weight when higher, and takes the new origin when at least as high. Returns true
** when the list changed. Cannot fail. */
bool concepts_add_term(struct concept_terms *out, const char *term, const char *origin,
                       double weight);

/* The store's text query matching any term with weight >= min_weight, each term a phrase, in
** list order. Its phrases borrow the terms of the list it was made from. */
struct concept_query {
    const char *phrases[CONCEPT_TERMS_MAX];
    struct store_text_query query;
};
/* Fills q from t; returns the number of terms taken (0 when none qualifies: then q matches
** nothing and must not be given to the store). For the relevance input of the interest factor
** use min_weight CONCEPT_OWN_WEIGHT (the peer's own words). Cannot fail. */
size_t concepts_text_query(const struct concept_terms *t, double min_weight,
                           struct concept_query *q);

/* Sorts the terms by key (for concepts_find). Cannot fail. */
void concepts_sort(struct concept_terms *t);
/* The index of the term whose key is key in a sorted list, or -1. */
int concepts_find(const struct concept_terms *t, const char *key);

/* Light English stemming of one lower- or upper-case word of n bytes into its readable form:
** lower case, possessive and plural removed, -ing/-ed removed with the spelling repaired
** (bikes → bike, fixing → fix, running → run, baking → bake, berries → berry). OUT: out. */
void concepts_word_form(const char *word, size_t n, char out[CONCEPT_WORD_MAX]);
/* The match key of a word: its readable form without a final silent "e" (dance, dancing →
** danc), so both spellings meet. OUT: out. */
void concepts_word_key(const char *word, size_t n, char out[CONCEPT_WORD_MAX]);
/* The match key of a phrase: each word's key, joined by single spaces. OUT: out. */
void concepts_phrase_key(const char *phrase, size_t n, char out[CONCEPT_WORD_MAX]);

/* True when word[0..n) is one of list[0..n_list), sorted in strcmp order (binary search).
** Cannot fail. */
bool concepts_in_sorted(const char *const *list, size_t n_list, const char *word, size_t n);

/* True for words that say nothing about an interest ("i", "used", "to", "my", "love"...). */
bool concepts_is_stop_word(const char *word, size_t n);
/* True for words so common in listings that a match on them means little ("group", "club",
** "people", "community"): a peer's own word among them weighs CONCEPT_COMMON_WEIGHT. */
bool concepts_is_common_word(const char *word, size_t n);

/* Splits text into words: runs of letters, digits, '-', '\'' and non-ASCII bytes. Calls fn for
** each (pointer into text, length); fn returns false to stop. */
typedef bool (*concepts_word_fn)(void *ctx, const char *word, size_t n);
void concepts_words(const char *text, concepts_word_fn fn, void *ctx);

#endif
