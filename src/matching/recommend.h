/* recommend.h — a whole recommendation for one peer: candidates from the store, every hard
** constraint checked, scored, ranked, diversified and explained; and --explain for one activity.
**
** Domain only: no SQL (the store's matching section), no printing. docs/matching.md describes
** the pipeline; docs/cli.md the command that prints it.
*/
#ifndef BELONG_RECOMMEND_H
#define BELONG_RECOMMEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../directory/categories.h"
#include "../engagement/step.h"
#include "../formats/words.h"
#include "../peers/profile.h"
#include "../store/store.h"
#include "blockers.h"
#include "constraints.h"
#include "match.h"
#include "reasons.h"

#define RECOMMEND_DAYS_DEFAULT  MATCH_WINDOW_DAYS_DEFAULT
#define RECOMMEND_DAYS_MAX      366
#define RECOMMEND_LIMIT_DEFAULT 10
#define RECOMMEND_LIMIT_MAX     100
#define RECOMMEND_NEXT_MAX      3  /* fitting occurrences listed per suggestion */
#define RECOMMEND_POOL          50 /* the top N by score that diversity re-ranks */

/* Everything recommend reads from data files, loaded once (e.g. per process). */
struct recommend_data {
    struct match_data match;          /* concepts and values maps */
    struct category_table categories; /* for category labels in reasons */
    struct listing_words words;       /* language names (data/languages.tsv), language.h */
};

/* Loads the data files. Returns 0 or the loader's error with the problems in diag.
** OUT: *d; free with recommend_data_free. */
int recommend_data_load(struct recommend_data *d, struct diag *diag);
void recommend_data_free(struct recommend_data *d);
/* The process's copy of the data files (recommend_shared.c): loaded on the first call and again
** when one of the files has changed since (its path, inode, size or modification time), shared
** by every thread and never changed; the copies read stay until the process ends. Returns as
** recommend_data_load, whose failure is tried again at the next call. OUT: *d (borrowed).
** Thread-safe. */
int recommend_shared(const struct recommend_data **d, struct diag *diag);

struct recommend_options {
    time_t from;           /* the window starts here (0 = now) */
    int days;              /* it ends at local midnight `days` days after from's day; 0 = 21 */
    int limit;             /* suggestions wanted; 0 = RECOMMEND_LIMIT_DEFAULT */
    bool include_declined; /* also suggest activities the peer declined before */
    /* --ask-about-times: after the suggestions, up to `limit` listings that pass every hard
    ** constraint but the time, because their times are not listed (no schedule, or open on a
    ** day the peer is free without times), best score first */
    bool ask_about_times;
    /* --why-not: say why (recommend_diagnose) even when `limit` or more fit; it is said anyway
    ** when fewer fit */
    bool why_not;
};

/* One suggestion. Strings are heap-owned (recommend_result_free). */
struct recommendation {
    int64_t id;
    char *name, *category, *organization, *town, *tzid; /* tzid NULL = BELONG_DEFAULT_TZ */
    double score;
    struct match_factor_values factors;
    struct match_reasons reasons;
    time_t next[RECOMMEND_NEXT_MAX]; /* the soonest fitting occurrences in the window */
    size_t n_next;
    int n_fitting; /* fitting occurrences in the window */
    bool is_virtual;
    bool has_distance;
    double distance_miles;
    bool distance_approximate; /* its place is its ZIP code's or town's centre */
    int cost_cents;
    size_t rank; /* 1-based place by score among every eligible activity (before diversity) */
    bool ask_about_times;     /* its times are not listed: to ask (n_next is 0) */
    unsigned open_days;       /* the weekdays it is open without times (bit 0 = Monday) */
    int intensity;            /* its social intensity 1-5, 0 = unknown */
    enum step_direction step; /* the suggested step it fits (recommend_apply_step), or STEP_NONE */
};

struct recommend_result {
    struct recommendation *items; /* the suggestions, in the order to show */
    size_t n;
    size_t n_eligible; /* activities that passed every hard constraint */
    time_t from, to;   /* the window used */
    /* Why few or none fit (recommend_diagnose): filled by app_recommend (has_diagnosis) when
    ** fewer than `limit` fit, or why_not; recommend_run leaves it empty */
    bool has_diagnosis;
    struct recommend_diagnosis diagnosis;
    /* The step up or down the peer's record suggests (recommend_apply_step; STEP_NONE: none) */
    struct step_suggestion step;
};

/* Records in r the step s the peer's record suggests, and, for each suggestion that fits it
** (at the level stepped up to; at or below the level stepped down to), says so first among its
** reasons and marks it (recommendation.step). Cannot fail. */
void recommend_apply_step(struct recommend_result *r, const struct step_suggestion *s);

/* Why few or no listings fit p in opt's window (blockers.h): every active listing with an
** occurrence in the window (or its times not listed) checked against every hard constraint,
** counted by what it breaks; the best change of each kind of the peer's limits, computed by
** checking the listings again with that change; the listings breaking one constraint, nearest
** first, at most `limit`. Returns 0 or a store error. OUT: *out (recommend_diagnosis_free). */
int recommend_diagnose(struct store *s, const struct recommend_data *d, const struct peer *p,
                       const struct recommend_options *opt, struct recommend_diagnosis *out);

/* Recommends for p (loaded from cps's caseload; p->id names it for choices and history).
** Deterministic for the same data: ties go to the lower id. Returns 0; BELONG_EUSAGE for
** options out of range; a store error otherwise. OUT: *out (recommend_result_free). */
int recommend_run(struct store *s, const struct recommend_data *d, const struct peer *p,
                  const struct recommend_options *opt, struct recommend_result *out);
void recommend_result_free(struct recommend_result *r);

/* The same for peer peer_id of cps's caseload, loaded first. BELONG_ENOINPUT when the peer is
** not in that caseload. */
int recommend_for_peer(struct store *s, const struct recommend_data *d, const char *cps,
                       int64_t peer_id, const struct recommend_options *opt,
                       struct recommend_result *out);

/* Why one activity was or was not suggested. Strings heap-owned (recommend_explanation_free). */
struct recommend_explanation {
    int64_t id;
    char *name;
    char *tzid;                     /* the listing's zone; NULL = BELONG_DEFAULT_TZ */
    enum match_exclusion exclusion; /* MATCH_FITS, or the strongest blocker (match_blocker_order) */
    char *why;                      /* every broken constraint in plain words, or NULL */
    /* Every hard constraint it breaks, strongest first, each with its sentence (heap) */
    struct recommend_blocker {
        enum match_exclusion blocker;
        char *why;
    } blockers[MATCH_BLOCKER_ORDER_N];
    size_t n_blockers;
    /* When it fits: */
    double score;
    struct match_factor_values factors;
    struct match_reasons reasons;
    size_t rank; /* 1-based by score among the n_eligible */
    size_t n_eligible;
    size_t shown_at; /* 1-based place in the suggestions shown (limit), 0 = not shown */
    time_t next[RECOMMEND_NEXT_MAX];
    size_t n_next;
    bool has_distance;
    double distance_miles;
    /* Its times are not listed (no schedule, or open on a day the peer is free without times;
    ** then exclusion is MATCH_EX_NO_TIME and why says "no dates listed"); ask_eligible: it
    ** passes every other hard constraint, so --ask-about-times lists it. */
    bool times_not_listed, ask_eligible;
    unsigned open_days;
};

/* Explains activity_id for p with the same options as a recommendation. Returns 0;
** BELONG_ENOINPUT when there is no such activity; a store error otherwise.
** OUT: *out (recommend_explanation_free). */
int recommend_explain(struct store *s, const struct recommend_data *d, const struct peer *p,
                      int64_t activity_id, const struct recommend_options *opt,
                      struct recommend_explanation *out);
void recommend_explanation_free(struct recommend_explanation *e);

/* The window recommend uses for opt: [from, local midnight days later). OUT: *from, *to. */
void recommend_window(const struct recommend_options *opt, time_t *from, time_t *to);

#endif
