/* search.h — finding activities: the query a CPS asks (words, categories, place and radius,
** dates, days and times, cost, access, intensity) and the ranked results.
**
** Ranking (documented in docs/cli.md): with text, score = relevance x proximity, where
** relevance is the store's (higher is better; docs/store.md says how the engine measures it), and
** proximity = 1 / (1 + distance_miles / 5) (1 when no place is given); without text,
** score = proximity, i.e. by distance. Ties go to the sooner next occurrence, then the lower id.
** Listings whose times are not listed (no schedule, or open on a day asked for without times)
** match when no time of day is asked for, and rank after every listing with a fitting
** occurrence, by the same score.
*/
#ifndef BELONG_SEARCH_H
#define BELONG_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../store/store.h"

#define SEARCH_LIMIT_DEFAULT        20
#define SEARCH_LIMIT_MAX            1000
#define SEARCH_OFFSET_MAX           1000000 /* results skipped (a page far down), at most */
#define SEARCH_WINDOW_DAYS_DEFAULT  30
#define SEARCH_NEXT_MAX             3 /* next occurrences listed per result */
#define SEARCH_CATEGORIES_MAX       16
#define SEARCH_WORDS_MAX            16  /* words of TEXT used; the rest are ignored */
#define SEARCH_PROXIMITY_HALF_MILES 5.0 /* distance at which proximity is 1/2 */
#define SEARCH_WITHIN_MAX_MILES     3000.0

/* What to look for. A zeroed query (after search_query_init) finds everything in the next 30
** days. Strings are borrowed: the query does not own or free them. */
struct search_query {
    const char *text; /* the user's words, or NULL; made a text query by search_text_init */
    const char *categories[SEARCH_CATEGORIES_MAX]; /* any of these slugs; none = any */
    size_t n_categories;
    bool has_center;
    double center_lat, center_lon;
    double within_miles;      /* with a center: only this close; 0 = no limit */
    time_t from, to;          /* window [from, to); 0 = now, and from + 30 days */
    unsigned weekday_mask;    /* bit 0 = Monday .. bit 6 = Sunday; 0 = any day */
    int after_minute;         /* starts at or after this local minute; -1 = any */
    int before_minute;        /* starts before this local minute; -1 = any */
    int max_cost_cents;       /* -1 = any cost; 0 = free only; else at most (known cost) */
    unsigned access_required; /* enum access_flag bits that must all be present */
    int intensity_max;        /* 0 = any; else social intensity known and at most this */
    int limit;                /* 0 = SEARCH_LIMIT_DEFAULT */
    bool count_matched;       /* also count every activity that matches (search_results.matched) */
    int offset;               /* skip the best `offset` results; 0..SEARCH_OFFSET_MAX */
};

/* One found activity. Strings are heap-owned by the result (search_results_free). */
struct search_result {
    int64_t id;
    char *name, *organization, *category, *town, *tzid; /* in search_results.strings */
    bool has_distance;
    double distance_miles;
    bool distance_approximate;    /* its place is its ZIP code's or town's centre */
    time_t next[SEARCH_NEXT_MAX]; /* the soonest occurrences meeting the filters */
    size_t n_next;
    int cost_cents; /* COST_UNKNOWN, 0 = free, else cents */
    unsigned access;
    int intensity; /* 0 = unknown */
    bool is_virtual;
    double score;
    /* No occurrence fits: it is found with its times not listed (n_next is 0), after every
    ** result with one; open_days are the weekdays it is open without times (bit 0 = Monday). */
    bool times_not_listed;
    unsigned open_days;
};

struct search_results {
    struct search_result *items; /* heap, best first (from q->offset on) */
    size_t n;
    char *strings;  /* heap: the items' strings, one after another */
    size_t matched; /* with q->count_matched: how many match in all (n of them are shown) */
};

/* Sets the "any" values (after/before -1, cost -1). Cannot fail. */
void search_query_init(struct search_query *q);

/* The user's words as the store's text query: each run of letters, digits and UTF-8 is a word
** (everything else, quotes, AND, OR, NOT, NEAR, -, *, : and parentheses among them, only
** separates words: no input is an operator), every word must match, and the last matches as a
** prefix when it has 3 letters or more; at most SEARCH_WORDS_MAX words. */
struct search_text {
    const char *words[SEARCH_WORDS_MAX]; /* heap copies, owned (search_text_free) */
    size_t n_words;
    struct store_text_query query; /* over words */
};
/* Fills t from text (NULL: no words). Returns whether it has a word; free t with
** search_text_free either way. Cannot fail. */
bool search_text_init(struct search_text *t, const char *text);
void search_text_free(struct search_text *t);

/* Runs the query (and, with q->count_matched, counts every match: one more pass over the
** listings held in memory, and the text's matches). Returns 0; BELONG_EUSAGE when the query is
*inconsistent (err says which
** part: e.g. an empty window, within without a place); a store error otherwise.
** OUT: *out (free with search_results_free). */
int search_run(struct store *s, const struct search_query *q, struct search_results *out, char *err,
               size_t errlen);
void search_results_free(struct search_results *r);

#endif
