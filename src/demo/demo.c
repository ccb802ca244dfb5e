/* demo.c — the curated demo catalogue (belong demo): the towns of data/demo/towns.tsv, each
** with its share of activities dealt from the templates so that every template, and so every
** category, intensity and kind of recurrence, appears.
*/
#include <stdio.h>
#include <stdlib.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "demo.h"
#include "demo_internal.h"

#define DEMO_SEED 0x62656c6f6e67ull /* fixed: the demo is the same catalogue every time */

/* Adds the k-th activity of town number i, a copy of template tpl. */
static void deal(const struct demo_data *d, struct demo_orgs *orgs, const struct demo_town *town,
                 size_t i, int k, const struct demo_template *tpl, long today, struct rng *rng,
                 struct import_batch *b)
{
    char ref[64];
    snprintf(ref, sizeof ref, "demo-%s-%02d", town->zip, k + 1);
    struct demo_copy copy = {tpl, town, i, ref, tpl->recur, tpl->days, NULL};
    demo_add_activity(b, d, orgs, &copy, today, rng);
}

int demo_build(struct import_batch *b, time_t now, struct diag *diag)
{
    struct demo_data d;
    int rc = demo_data_load(&d, diag);
    if (rc != BELONG_OK)
        goto out;
    b->source = xstrdup(DEMO_SOURCE);
    b->kind = xstrdup("demo");

    struct rng rng;
    rng_seed(&rng, DEMO_SEED);
    long today = demo_today(now);
    struct demo_orgs orgs;
    demo_orgs_init(&orgs, d.n_towns, d.n_kinds);
    /* A shuffled deck of template indices, dealt town by town and reshuffled when empty. */
    size_t *deck = xmalloc(d.n_templates * sizeof *deck), left = 0;
    for (size_t i = 0; i < d.n_towns; i++) {
        const struct demo_town *town = &d.towns[i];
        for (int k = 0; k < town->activities; k++) {
            if ((size_t)k < town->n_featured) {
                deal(&d, &orgs, town, i, k, &d.templates[town->featured[k]], today, &rng, b);
                continue;
            }
            if (left == 0) {
                for (size_t j = 0; j < d.n_templates; j++)
                    deck[j] = j;
                for (size_t j = d.n_templates - 1; j > 0; j--) {
                    size_t other = rng_below(&rng, (uint32_t)(j + 1)), tmp = deck[j];
                    deck[j] = deck[other];
                    deck[other] = tmp;
                }
                left = d.n_templates;
            }
            deal(&d, &orgs, town, i, k, &d.templates[deck[--left]], today, &rng, b);
        }
    }
    free(deck);
    demo_orgs_free(&orgs, d.n_towns);
out:
    demo_data_free(&d);
    return rc;
}
