/* factors.c — the soft factors of matching and their weights (see factors.h for formulas). */
#include "factors.h"

#include <math.h>
#include <string.h>

#include "../directory/activity.h"

const struct match_weights MATCH_WEIGHTS = {
    .interest = 0.35,
    .values = 0.12,
    .exposure = 0.18,
    .distance = 0.12,
    .schedule = 0.08,
    .history = 0.08,
    .novelty = 0.07,
};

#define TERM_STRENGTH           0.8 /* one own word found in the listing gives term fit 0.8 */
#define TEXT_HALF_RELEVANCE     2.0 /* relevance at which the absolute half of text fit is 1/2 */
#define TEXT_SHARE              0.8 /* how much text fit alone can give interest */
#define PEER_RUN_SHARE          0.5 /* values fit from a met peer-run preference */
#define SUBSTANCE_FREE_SHARE    0.3
#define EXPOSURE_UP_STEEPNESS   1.2
#define EXPOSURE_DOWN_STEP      0.12
#define EXPOSURE_DOWN_FLOOR     0.4
#define EXPOSURE_UNKNOWN        0.5
#define DISTANCE_UNKNOWN        0.5
#define DISTANCE_VIRTUAL        0.85 /* an online listing at a perfect fit (factor_online_fit) */
#define TRANSIT_GAP_KEPT        0.6 /* near transit: the gap to a perfect distance shrinks to 60 % */
#define AUDIENCE_THEIRS_WEIGHT  0.5 /* a listing for an audience the peer is part of */
#define FRIEND_GOAL_WEIGHT      0.5 /* a recurring small group for a peer who wants a friend */
#define FRIEND_GROUP_MAX        8   /* docs/practice.md: a small group is 8 or fewer */
#define DISTANCE_HALF_MIN_MILES 0.5
#define SCHEDULE_RATE_SCALE     0.7 /* occurrences per week at which schedule fit is 1 − 1/e */

static double clamp01(double x)
{
    if (!(x > 0.0)) /* also NaN */
        return 0.0;
    return x > 1.0 ? 1.0 : x;
}

double factor_tag_fit(int n_matched_tags)
{
    if (n_matched_tags <= 0)
        return 0.0;
    return clamp01(1.0 - pow(0.5, n_matched_tags));
}

double factor_term_fit(const double *weights, size_t n)
{
    double miss = 1.0;
    for (size_t i = 0; i < n; i++)
        miss *= 1.0 - TERM_STRENGTH * clamp01(weights[i]);
    return clamp01(1.0 - miss);
}

double factor_text_fit(double relevance, double relevance_best)
{
    if (!isfinite(relevance) || relevance <= 0.0)
        return 0.0;
    double r = relevance;
    double absolute = r / (r + TEXT_HALF_RELEVANCE);
    if (!isfinite(relevance_best) || relevance_best <= 0.0)
        return clamp01(absolute);
    double relative = r / relevance_best;
    return clamp01(0.5 * absolute + 0.5 * (relative > 1.0 ? 1.0 : relative));
}

double factor_interest(double tag_fit, double term_fit, double text_fit)
{
    double miss = (1.0 - clamp01(tag_fit)) * (1.0 - clamp01(term_fit)) *
                  (1.0 - TEXT_SHARE * clamp01(text_fit));
    return clamp01(1.0 - miss);
}

double factor_value_weight(const double *weights, size_t n)
{
    double miss = 1.0;
    for (size_t i = 0; i < n; i++)
        miss *= 1.0 - clamp01(weights[i]);
    return clamp01(1.0 - miss);
}

double factor_values(double value_weight, bool prefers_peer_run, int peer_run,
                     bool prefers_substance_free, int substance_free)
{
    double miss = 1.0 - clamp01(value_weight);
    if (prefers_peer_run && peer_run == TRI_YES)
        miss *= 1.0 - PEER_RUN_SHARE;
    if (prefers_substance_free && substance_free == TRI_YES)
        miss *= 1.0 - SUBSTANCE_FREE_SHARE;
    return clamp01(1.0 - miss);
}

double factor_exposure(int comfort, int intensity)
{
    if (intensity < INTENSITY_MIN || intensity > INTENSITY_MAX)
        return EXPOSURE_UNKNOWN;
    if (comfort < INTENSITY_MIN || comfort > INTENSITY_MAX)
        comfort = MATCH_COMFORT_DEFAULT;
    int d = intensity - comfort;
    if (d == 0 || d == 1)
        return 1.0;
    if (d > 1)
        return clamp01(exp(-EXPOSURE_UP_STEEPNESS * (double)(d - 1) * (double)(d - 1)));
    double down = 1.0 - EXPOSURE_DOWN_STEP * (double)-d;
    return down < EXPOSURE_DOWN_FLOOR ? EXPOSURE_DOWN_FLOOR : down;
}

double factor_distance(bool has_distance, double distance_miles, double max_travel_miles,
                       bool is_virtual, bool accepts_virtual)
{
    if (is_virtual)
        return accepts_virtual ? DISTANCE_VIRTUAL : 0.0;
    if (!has_distance || !isfinite(distance_miles))
        return DISTANCE_UNKNOWN;
    if (distance_miles < 0.0)
        distance_miles = 0.0;
    if (!(max_travel_miles >= 0.0) || !isfinite(max_travel_miles))
        max_travel_miles = MATCH_TRAVEL_DEFAULT_MILES;
    double half = max_travel_miles / 2.0;
    if (half < DISTANCE_HALF_MIN_MILES)
        half = DISTANCE_HALF_MIN_MILES;
    double x = distance_miles / half;
    return clamp01(1.0 / (1.0 + x * x));
}

double factor_online_fit(double distance, double interest, double values)
{
    double fit = 1.0 - (1.0 - clamp01(interest)) * (1.0 - clamp01(values));
    return clamp01(distance) * fit;
}

double factor_audience_theirs(double values)
{
    return clamp01(1.0 - (1.0 - clamp01(values)) * (1.0 - AUDIENCE_THEIRS_WEIGHT));
}

double factor_transit_bonus(double distance)
{
    return clamp01(1.0 - (1.0 - clamp01(distance)) * TRANSIT_GAP_KEPT);
}

int factor_goal_comfort(int comfort, bool quieter)
{
    if (comfort < INTENSITY_MIN || comfort > INTENSITY_MAX)
        comfort = MATCH_COMFORT_DEFAULT;
    return quieter && comfort > INTENSITY_MIN ? comfort - 1 : comfort;
}

double factor_friend_goal(double values, int n_fitting_occurrences, bool weekly, int group_size,
                          int intensity)
{
    bool recurring = weekly || n_fitting_occurrences >= 2;
    bool small = group_size > 0 ? group_size <= FRIEND_GROUP_MAX : intensity >= 2 && intensity <= 3;
    if (!recurring || !small)
        return clamp01(values);
    return clamp01(1.0 - (1.0 - clamp01(values)) * (1.0 - FRIEND_GOAL_WEIGHT));
}

double factor_schedule(int n_fitting_occurrences, int window_days)
{
    if (n_fitting_occurrences <= 0)
        return 0.0;
    if (window_days <= 0)
        window_days = MATCH_WINDOW_DAYS_DEFAULT;
    double per_week = (double)n_fitting_occurrences * 7.0 / (double)window_days;
    return clamp01(1.0 - exp(-per_week / SCHEDULE_RATE_SCALE));
}

static bool same(const char *a, const char *b)
{
    return a && b && *a && strcmp(a, b) == 0;
}

/* What one history item says about liking more of the same. */
static double history_signal(const struct match_history_item *it)
{
    if (it->declined)
        return -1.0;
    if (!it->went)
        return 0.0;
    if (it->rating >= 4)
        return 1.0;
    if (it->rating >= 1 && it->rating <= 2)
        return -0.5;
    return 0.4;
}

double factor_history(const struct match_history_item *items, size_t n, const char *category,
                      const char *organization)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (same(items[i].category, category))
            sum += history_signal(&items[i]);
        else if (same(items[i].organization, organization))
            sum += 0.5 * history_signal(&items[i]);
    }
    return clamp01(0.5 + 0.5 * tanh(sum / 2.0));
}

bool history_tried_category(const struct match_history_item *items, size_t n, const char *category)
{
    for (size_t i = 0; i < n; i++) {
        if (items[i].went && same(items[i].category, category))
            return true;
    }
    return false;
}

bool history_tried_organization(const struct match_history_item *items, size_t n,
                                const char *organization)
{
    for (size_t i = 0; i < n; i++) {
        if (items[i].went && same(items[i].organization, organization))
            return true;
    }
    return false;
}

double factor_novelty(bool category_tried, bool organization_tried)
{
    if (!category_tried)
        return organization_tried ? 0.7 : 1.0;
    return organization_tried ? 0.1 : 0.4;
}

double factor_combine(const struct match_factor_values *f)
{
    const struct match_weights *w = &MATCH_WEIGHTS;
    double sum = w->interest * clamp01(f->interest) + w->values * clamp01(f->values) +
                 w->exposure * clamp01(f->exposure) + w->distance * clamp01(f->distance) +
                 w->schedule * clamp01(f->schedule) + w->history * clamp01(f->history) +
                 w->novelty * clamp01(f->novelty);
    double exposure = clamp01(f->exposure);
    if (exposure < MATCH_EXPOSURE_GATE)
        sum *= exposure / MATCH_EXPOSURE_GATE;
    return clamp01(sum);
}
