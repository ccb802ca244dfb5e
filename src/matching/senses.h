/* senses.h — words with more than one sense ("bank" of a river, a food bank) and the cue words
** that tell them apart, kept as data (data/senses.tsv), so that a peer's word matches a
** listing's word only when both mean the same thing.
*/
#ifndef BELONG_SENSES_H
#define BELONG_SENSES_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"
#include "concepts.h"

/* One sense of one word. */
struct sense_entry {
    char key[CONCEPT_WORD_MAX]; /* match key of the word (concepts_word_key) */
    char *sense;                /* its name ("river") */
    char **cues;                /* match keys of the cue words */
    size_t n_cues;
};

/* Every sense, sorted by key (a word with several senses has several entries, in file
** order). Owns all memory; senses_free releases it. A zeroed map is empty. */
struct sense_map {
    struct sense_entry *entries;
    size_t n;
};

/* Loads the map from path, or from the data file senses.tsv when path is NULL. Returns 0;
** BELONG_ENOINPUT when the file is missing; BELONG_EDATA for a malformed line (every one
** reported to diag as FILE:LINE, nothing kept). OUT: *m. */
int senses_load(const char *path, struct sense_map *m, struct diag *diag);
void senses_free(struct sense_map *m);

/* True when the word whose match key is key has senses in the map. m may be NULL. */
bool senses_ambiguous(const struct sense_map *m, const char *key);

/* The sense the texts give the word whose match key is key: the sense with the most of its
** cue words among the words of texts[0..n) (NULL items are skipped), or NULL when no cue is
** there or two senses tie. The result is borrowed from m. Cannot fail. */
const char *senses_read(const struct sense_map *m, const char *key, const char *const *texts,
                        size_t n);

/* The share of a match's weight kept when a side's sense is unknown. */
#define SENSE_UNSURE_WEIGHT 0.3

/* How much a match on the word key counts, given the sense each side reads it in: 1 when the
** word has one sense or both senses agree, 0 when they differ, SENSE_UNSURE_WEIGHT when either
** side's sense is unknown (NULL). */
double senses_agreement(const struct sense_map *m, const char *key, const char *peer_sense,
                        const char *listing_sense);

#endif
