/* gen.c — a deterministic synthetic catalogue at any scale (belong gen), for benchmarks: the
** demo templates spread over the distinct ZIP centroids of GEN_STATE, with topic words for text.
*/
#include <stdio.h>
#include <stdlib.h>

#include "../util/timeutil.h"
#include "../util/buf.h"
#include "../util/rc.h"
#include "demo.h"
#include "demo_internal.h"

/* Shares of the kinds of recurrence, in percent: about 10-11 occurrences an activity in a
** 120-day horizon (weekly ~17, every other week ~8.5, monthly ~4, once 1). */
#define GEN_WEEKLY_PCT   40
#define GEN_BIWEEKLY_PCT 35
#define GEN_MONTHLY_PCT  20
#define GEN_TOPIC_PCT    70 /* activities whose name carries a topic word */

static const int gen_ordinals[5] = {1, 2, 3, 4, -1};

/* Keeps the first ZIP code of each distinct centroid: many PO-box codes share their county's
** centroid, which would otherwise pile a tenth of the catalogue onto one point. Returns the new
** count; the dropped towns are freed. */
static size_t distinct_points(struct demo_town *towns, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < kept && !seen; j++)
            seen = towns[j].lat == towns[i].lat && towns[j].lon == towns[i].lon;
        if (seen)
            demo_towns_free_one(&towns[i]);
        else
            towns[kept++] = towns[i];
    }
    return kept;
}

int gen_build(struct import_batch *b, long n_activities, uint64_t seed, time_t now,
              struct diag *diag)
{
    struct demo_data d;
    struct demo_town *towns = NULL;
    size_t n_towns = 0;
    int rc = demo_data_load(&d, diag);
    if (rc == BELONG_OK)
        rc = demo_state_towns(GEN_STATE, &towns, &n_towns, diag);
    if (rc != BELONG_OK)
        goto out;
    b->source = xstrdup(GEN_SOURCE);
    b->kind = xstrdup("gen");

    n_towns = distinct_points(towns, n_towns);
    struct rng rng;
    rng_seed(&rng, seed);
    for (size_t i = 0; i < n_towns; i++) {
        unsigned roll = rng_below(&rng, 100);
        if (roll < 20) {
            free(towns[i].languages);
            towns[i].languages = xstrdup(roll < 15 ? "English,Spanish" : "English,Portuguese");
        }
    }
    long today = demo_today(now);
    struct demo_orgs orgs;
    demo_orgs_init(&orgs, n_towns, d.n_kinds);
    for (long i = 0; i < n_activities; i++) {
        size_t town = rng_below(&rng, (uint32_t)n_towns);
        const struct demo_template *tpl = &d.templates[rng_below(&rng, (uint32_t)d.n_templates)];
        unsigned roll = rng_below(&rng, 100);
        enum recur_kind recur = RECUR_ONCE;
        char days[8] = "";
        if (roll < GEN_WEEKLY_PCT + GEN_BIWEEKLY_PCT) {
            recur = roll < GEN_WEEKLY_PCT ? RECUR_WEEKLY : RECUR_BIWEEKLY;
            snprintf(days, sizeof days, "%s", weekday_code((int)rng_below(&rng, 7)));
        } else if (roll < GEN_WEEKLY_PCT + GEN_BIWEEKLY_PCT + GEN_MONTHLY_PCT) {
            recur = RECUR_MONTHLY;
            snprintf(days, sizeof days, "%d%s", gen_ordinals[rng_below(&rng, 5)],
                     weekday_code((int)rng_below(&rng, 7)));
        }
        const char *topic =
            rng_percent(&rng, GEN_TOPIC_PCT) ? d.words[rng_below(&rng, (uint32_t)d.n_words)] : NULL;
        char ref[32];
        snprintf(ref, sizeof ref, "gen-%07ld", i + 1);
        struct demo_copy copy = {tpl, &towns[town], town, ref, recur, days, topic};
        demo_add_activity(b, &d, &orgs, &copy, today, &rng);
    }
    demo_orgs_free(&orgs, n_towns);
out:
    demo_towns_free(towns, n_towns);
    demo_data_free(&d);
    return rc;
}
