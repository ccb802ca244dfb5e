/* factors.h — the soft factors of matching as pure functions, each returning a value in [0, 1],
** and their weights, kept in one place (MATCH_WEIGHTS). Formulas: docs/matching.md.
*/
#ifndef BELONG_FACTORS_H
#define BELONG_FACTORS_H

#include <stdbool.h>
#include <stddef.h>

/* How much each factor counts in match_score. The weights sum to 1, so the weighted sum stays
** in [0, 1]. Interest leads: a peer's own interests are why they would go at all. Exposure is
** next: a step too big in social pressure is the commonest reason a good topic fails. Novelty
** is small on purpose: trying something new is a bonus, never a reason to beat a strong
** interest fit (0.07 < what interest alone adds). */
struct match_weights {
    double interest;
    double values;
    double exposure;
    double distance;
    double schedule;
    double history;
    double novelty;
};
extern const struct match_weights MATCH_WEIGHTS;

/* Below this exposure value the weighted sum is also multiplied by exposure / gate, so a big
** jump in social pressure sinks a suggestion however well the topic fits (see match_score). */
#define MATCH_EXPOSURE_GATE 0.5

#define MATCH_COMFORT_DEFAULT      2    /* comfort used when the peer's is not yet assessed */
#define MATCH_TRAVEL_DEFAULT_MILES 10.0 /* max travel used when the peer has not stated one */
#define MATCH_WINDOW_DAYS_DEFAULT  21   /* the recommendation window (issue 3: default 21 days) */

/* ---- interest ----------------------------------------------------------------------------
** tag fit:   k exact matches between the peer's tags and the activity's tags or category
**            → 1 − 0.5^k (one tag 0.5, two 0.75, three 0.875).
** term fit:  the peer's words (own and expanded) found in the activity's tags and name, each
**            with weight w → 1 − Π(1 − 0.8·w) (one own word 0.8, one expansion at 0.6 0.48).
** text fit:  r, the relevance of the peer's words to the activity text (the store's: > 0,
**            higher is better; 0 = no match) → 0.5·r/(r + 2) + 0.5·min(1, r/r_best) where
**            r_best is the best r among the candidates (0 = unknown: the first half counts
**            double). Non-finite or non-positive r → 0.
** interest:  noisy-or of the three: 1 − (1 − tag)(1 − term)(1 − 0.8·text). */
double factor_tag_fit(int n_matched_tags);
double factor_term_fit(const double *weights, size_t n);
double factor_text_fit(double relevance, double relevance_best);
double factor_interest(double tag_fit, double term_fit, double text_fit);

/* ---- values ------------------------------------------------------------------------------
** value_weight is the noisy-or of the weights with which each of the peer's values honours the
** activity's category (data/values_categories.tsv). Stated preferences count too: peer-run when
** the peer prefers it (0.5), substance-free when the peer prefers it (0.3):
** values = 1 − (1 − value_weight)(1 − 0.5·peer_run)(1 − 0.3·substance_free).
** peer_run and substance_free are enum tristate values (only TRI_YES counts). */
double factor_value_weight(const double *weights, size_t n);
double factor_values(double value_weight, bool prefers_peer_run, int peer_run,
                     bool prefers_substance_free, int substance_free);

/* ---- graded exposure ---------------------------------------------------------------------
** d = intensity − comfort (comfort 0 → MATCH_COMFORT_DEFAULT):
**   d = 0 or +1 → 1 (the peer's level or one above: the natural next step);
**   d ≥ +2 → exp(−1.2·(d − 1)²): +2 0.30, +3 0.008, +4 0.00002 (1 → 5 is ~0);
**   d < 0 → max(0.4, 1 − 0.12·|d|): one below 0.88 (fine, slightly lower), four below 0.52.
** Unknown intensity (0) → 0.5. */
double factor_exposure(int comfort, int intensity);

/* ---- distance ----------------------------------------------------------------------------
** In person: 1 / (1 + (miles / h)²) with h = max(max_travel_miles / 2, 0.5) (negative = not
** stated → MATCH_TRAVEL_DEFAULT_MILES): 1 at the door, 0.5 at half the peer's range, 0.2 at
** its edge.
** Unknown distance (has_distance false) → 0.5. Virtual: 0.85 when the peer accepts virtual
** (no travel, but in-person connection is the aim), else 0; match_score then scales it by how
** well the listing fits (factor_online_fit), and sets it to 0 for a peer whose goals say to
** get out of the house. */
double factor_distance(bool has_distance, double distance_miles, double max_travel_miles,
                       bool is_virtual, bool accepts_virtual);
/* An online listing is as near as it fits: distance · (1 − (1 − interest)(1 − values)), so
** that having no trip to make never lifts an online listing that fits neither the peer's
** interests nor their values above an in-person one that does. */
double factor_online_fit(double distance, double interest, double values);
/* A listing for an audience the peer is part of (a veterans' group for a veteran): values
** becomes 1 − (1 − values)·0.5. */
double factor_audience_theirs(double values);
/* A peer who travels by transit, to a listing near transit: 1 − 0.6·(1 − distance). */
double factor_transit_bonus(double distance);

/* ---- goals (goals.h) -----------------------------------------------------------------------
** The comfort graded exposure uses: the peer's (MATCH_COMFORT_DEFAULT when not assessed), one
** lower (not below 1) when their goals ask for less talk ("without having to talk"). */
int factor_goal_comfort(int comfort, bool quieter);
/* A peer who wants a friend: values becomes 1 − (1 − values)·0.5 for a recurring (weekly, or
** two or more fitting dates) small group (group size 1-8, or intensity 2-3 when the size is
** unknown); values otherwise. */
double factor_friend_goal(double values, int n_fitting_occurrences, bool weekly, int group_size,
                          int intensity);

/* ---- schedule ----------------------------------------------------------------------------
** Fitting occurrences per week, rate = n · 7 / window_days (0 → MATCH_WINDOW_DAYS_DEFAULT),
** saturating: 1 − exp(−rate / 0.7): once in three weeks 0.38, every other week 0.51,
** weekly 0.76, twice a week 0.94. No fitting occurrence → 0. */
double factor_schedule(int n_fitting_occurrences, int window_days);

/* ---- history and novelty -----------------------------------------------------------------
** One past suggestion or visit, as the engagement records give it (borrowed strings). */
struct match_history_item {
    const char *category;     /* category slug, or NULL */
    const char *organization; /* organisation name, or NULL */
    bool went;                /* the peer attended */
    bool declined;            /* the peer said no to it */
    int rating;               /* how it went, 1 (bad) .. 5 (great); 0 = not rated */
};

/* Each item in the same category adds: went and rated 4–5 +1, went and rated 3 or unrated
** +0.4, went and rated 1–2 −0.5, declined −1; an item at the same organisation (but another
** category) adds half of that. history = 0.5 + 0.5·tanh(sum / 2): 0.5 with no history, one
** good visit 0.73, two 0.88, one decline 0.27. category/organization may be NULL. */
double factor_history(const struct match_history_item *items, size_t n, const char *category,
                      const char *organization);

/* Whether the peer has been to (went) this category or organisation before. */
bool history_tried_category(const struct match_history_item *items, size_t n, const char *category);
bool history_tried_organization(const struct match_history_item *items, size_t n,
                                const char *organization);

/* novelty: a new category and a new organisation 1; a new category at a known organisation 0.7;
** a known category at a new organisation 0.4; both known 0.1. */
double factor_novelty(bool category_tried, bool organization_tried);

/* ---- the whole -------------------------------------------------------------------------- */

struct match_factor_values {
    double interest, values, exposure, distance, schedule, history, novelty;
};

/* score = Σ weight·factor (MATCH_WEIGHTS), times exposure / MATCH_EXPOSURE_GATE when exposure
** is below the gate. In [0, 1]. */
double factor_combine(const struct match_factor_values *f);

#endif
