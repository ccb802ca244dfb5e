/* match.h — scoring one candidate activity for one peer: the plain inputs the wiring fills from
** the peer profile and the store, the per-recommendation context, and match_score.
**
** Usage: load the maps once (match_data_load); per recommendation fill a match_peer_view and
** call match_context_init; for each candidate fill a match_candidate, drop it when it breaks a
** hard constraint (match_check, constraints.h), and score the rest with match_score, which
** neither allocates nor fails. All strings in these structs are borrowed. docs/matching.md
** shows the whole recommendation.
*/
#ifndef BELONG_MATCH_H
#define BELONG_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "concepts.h"
#include "factors.h"
#include "goals.h"
#include "senses.h"
#include "values.h"

#define MATCH_TAGS_MAX             32 /* peer tags used; more are ignored */
#define MATCH_VALUE_CATEGORIES_MAX 32 /* distinct categories the peer's values reach */
#define MATCH_PREFIX_BITS          1024

/* The data maps matching reads, loaded once and kept by the caller (e.g. for the process). */
struct match_data {
    struct concept_map concepts; /* data/concepts.tsv */
    struct value_map values;     /* data/values_categories.tsv */
    struct sense_map senses;     /* data/senses.tsv */
};

/* Loads the maps from the data directory. Returns 0, or the first error of concepts_load /
** value_map_load with every problem in diag (then nothing is kept). OUT: *d; free it with
** match_data_free. */
int match_data_load(struct match_data *d, struct diag *diag);
void match_data_free(struct match_data *d);

/* The peer, as matching needs them. */
struct match_peer_view {
    /* The peer's own words, one phrase each ("I used to fix bikes"). */
    const char *const *interests;
    size_t n_interests;
    const char *const *tags; /* interest tags, lower case ("gardening") */
    size_t n_tags;
    const char *const *values; /* value slugs (data/values.tsv) or the peer's own words */
    size_t n_values;
    /* The peer's goals in their own words ("make a friend"): their words count as interests
    ** do, and goals_read says what kind of activity they ask for. */
    const char *const *goals;
    size_t n_goals;
    int comfort;             /* comfort with groups 1-5; 0 = not assessed */
    double max_travel_miles; /* < 0 = not stated (TRAVEL_MILES_UNSTATED); 0 = cannot travel */
    bool accepts_virtual;
    bool uses_transit; /* gets about by bus or train: listings near transit are nearer */
    unsigned audience; /* who the peer says they are (enum audience_flag bits); 0 = not said */
    bool prefers_peer_run, prefers_substance_free;
    const struct match_history_item *history; /* past visits and declines, any order */
    size_t n_history;
    int window_days; /* the recommendation window; 0 = MATCH_WINDOW_DAYS_DEFAULT */
};

/* One candidate activity, as the store and the peer's availability describe it. */
struct match_candidate {
    int64_t id;
    const char *name;
    const char *category;         /* slug, or NULL */
    const char *category_label;   /* "Gardening & nature", or NULL (the slug is shown) */
    const char *organization;     /* or NULL */
    const char *town;             /* its place's town, or NULL (proper names: propername.h) */
    const char *tags;             /* comma list, lower case, or NULL */
    unsigned audience;            /* who it is for: enum audience_flag bits; 0 = everyone */
    const char *languages;        /* held in: comma list as activity.languages, or NULL */
    bool language_theirs;         /* in the peer's language other than English (language_match) */
    int intensity;                /* 1-5, 0 = unknown */
    unsigned access;              /* enum access_flag bits */
    int cost_cents;               /* 0 = free, COST_UNKNOWN, else per session */
    int group_size;               /* typical, 0 = unknown */
    int peer_run, substance_free; /* enum tristate */
    bool is_virtual;
    bool has_distance;
    double distance_miles;     /* from the peer's home area */
    bool distance_approximate; /* its place is its ZIP code's or town's centre */
    int n_fitting_occurrences; /* occurrences in the window inside the peer's availability */
    double bm25;               /* FTS5 bm25 of the peer's words vs. its text; 0 = no match */
    /* The peer's word its text was found to really say (match_text_evidence): the index of
    ** the term in the context, -1 for none; and the listing's word, as written there. */
    int text_term;
    char text_word[CONCEPT_WORD_MAX];
    /* The first fitting occurrence, for "Tuesdays 6–8 pm, when you're free". */
    int when_weekday;      /* 0 = Monday .. 6 = Sunday; -1 = unknown */
    int when_start_minute; /* local minutes after midnight; -1 = unknown */
    int when_end_minute;   /* -1 = unknown */
    bool when_weekly;      /* the fitting occurrences repeat on that weekday and time */
};

/* Per recommendation: the peer's words expanded and sorted, tags and values prepared. Built by
** match_context_init, read-only afterwards (safe to share between threads). */
struct match_context {
    const struct match_peer_view *peer; /* borrowed */
    struct concept_terms terms;         /* sorted by key */
    const struct sense_map *senses;     /* borrowed; NULL = every word has one sense */
    /* The sense the peer's sentence gives each ambiguous term (senses.h), NULL when it has
    ** one sense or the sentence does not tell; borrowed from senses. */
    const char *term_sense[CONCEPT_TERMS_MAX];
    unsigned goals; /* goal_flag bits read from the peer's goals */
    char tag_keys[MATCH_TAGS_MAX][CONCEPT_WORD_MAX];
    const char *tag_text[MATCH_TAGS_MAX]; /* the peer's tag as given, borrowed */
    size_t n_tags;
    struct {
        const char *category; /* borrowed from the value map */
        double weight;        /* noisy-or of the peer's values' weights for it */
        const char *value;    /* the peer's value that counts most, borrowed from the view */
        double value_weight;  /* that value's own weight for the category */
    } value_categories[MATCH_VALUE_CATEGORIES_MAX];
    size_t n_value_categories;
    double bm25_best; /* the best (most negative) bm25 among the candidates; 0 = unknown */
    /* A quick "can this word match at all?" test: bit h set for the hash h of the first two
    ** letters of every term and tag key (see match.c). Stemming never changes them. */
    uint8_t prefix_bits[MATCH_PREFIX_BITS / 8];
    bool prefix_filter_off; /* some key is shorter than two bytes: test every word */
    bool tags_in_terms;     /* every tag key is also a term key (tags need no separate test) */
};

/* Prepares ctx for peer: its interests, tags and goals expanded (goals like interests), the
** goals read (goals.h). concepts and values may be NULL (no expansion, no values fit); every
** word has one sense (match_context_init_data reads senses too).
** ctx->bm25_best starts at 0: set it (match_context_note_bm25 for each candidate, or directly)
** before scoring for a relative text fit. Cannot fail; ctx owns nothing that needs freeing. */
void match_context_init(struct match_context *ctx, const struct match_peer_view *peer,
                        const struct concept_map *concepts, const struct value_map *values);
/* The same with every map of data, each ambiguous term's sense read from the peer's sentence
** it came from (senses.h). */
void match_context_init_data(struct match_context *ctx, const struct match_peer_view *peer,
                             const struct match_data *data);
/* Lowers ctx->bm25_best to bm25 when it is better. */
void match_context_note_bm25(struct match_context *ctx, double bm25);

/* Every factor of one candidate, and the score. */
struct match_factors {
    struct match_factor_values f;
    double tag_fit, term_fit, text_fit; /* the parts of f.interest */
    double score;                       /* factor_combine(&f), in [0, 1] */
};

/* Scores c for the peer of ctx. Neither allocates nor fails. OUT: *out. Returns out->score. */
double match_score(const struct match_context *ctx, const struct match_candidate *c,
                   struct match_factors *out);

/* One of the peer's words found in a candidate, for reasons. */
struct match_hit {
    int term;         /* index into ctx->terms, or -1 for a peer tag */
    double weight;    /* what it counts: the term's weight, less when its sense is unsure */
    int tag;          /* index into ctx->tag_text, or -1 for a term */
    const char *text; /* the candidate's matching tag, word or category, borrowed from c */
    size_t text_len;
};

/* Lists the peer's terms and tags found in c's tags, category and name, strongest first (ties
** in the order found). A word of the name that stands in a proper name ("Elm Park", or a word
** of c's town) is not a hit; nor is a word read in another sense than the peer's (senses.h);
** one whose sense is unsure weighs less. Returns the number written to hits (at most max).
** Cannot fail. */
size_t match_hits(const struct match_context *ctx, const struct match_candidate *c,
                  struct match_hit *hits, size_t max);

/* Checks c's text match (a bm25 below 0) against what its text really says: the peer's own
** words (the terms of the bm25 query, weight >= CONCEPT_OWN_WEIGHT) found in its tags, its
** name or description (may be NULL) other than in a proper name and in the peer's sense.
** Sets c->text_term and c->text_word to the strongest such word and returns true; returns
** false (c->text_term -1) when none is there: the match was accidental (an organisation's or a
** place's name, another sense) and the caller drops it. Cannot fail. */
bool match_text_evidence(const struct match_context *ctx, struct match_candidate *c,
                         const char *description);

#endif
