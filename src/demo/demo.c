/* demo.c — the curated demo catalogue (belong demo): the towns of data/demo/towns.tsv, each
** with its share of activities dealt from the templates so that every template, and so every
** category, intensity and kind of recurrence, appears.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Fills deck with 0..n-1 in a shuffled order (Fisher-Yates). */
static void shuffle(size_t *deck, size_t n, struct rng *rng)
{
    for (size_t j = 0; j < n; j++)
        deck[j] = j;
    for (size_t j = n - 1; j > 0; j--) {
        size_t other = rng_below(rng, (uint32_t)(j + 1)), tmp = deck[j];
        deck[j] = deck[other];
        deck[other] = tmp;
    }
}

/* The index of the first town of d with the same name as town i (a town of several ZIPs). */
static size_t same_town(const struct demo_data *d, size_t i)
{
    size_t first = 0;
    while (strcmp(d->towns[first].town, d->towns[i].town) != 0)
        first++;
    return first;
}

/* A card the town already has (it would list one group twice, at two addresses) is replaced by
** a template the town does not have, of the same kind of organisation if there is one, else of
** any kind. The main stream advances exactly as the card would have advanced it (the card is
** built and dropped), and the replacement draws from a stream of its own, seeded by its ref: so
** a replacement moves no other listing (tests/eval/judgments.tsv names listings by ref). */
static void replace(const struct demo_data *d, struct demo_orgs *orgs, const struct demo_town *town,
                    size_t i, int k, size_t card, bool *town_has, long today, struct rng *rng,
                    struct import_batch *b)
{
    struct import_batch dropped = {0};
    deal(d, orgs, town, i, k, &d->templates[card], today, rng, &dropped);
    import_batch_free(&dropped);

    char ref[64];
    snprintf(ref, sizeof ref, "demo-%s-%02d", town->zip, k + 1);
    struct rng own;
    rng_seed_text(&own, ref);
    size_t n_free = 0, n_same_kind = 0;
    for (size_t t = 0; t < d->n_templates; t++) {
        n_free += !town_has[t];
        n_same_kind += !town_has[t] && d->templates[t].kind == d->templates[card].kind;
    }
    if (n_free == 0)
        return; /* the town has every template: it gets one fewer listing */
    size_t nth = rng_below(&own, (uint32_t)(n_same_kind ? n_same_kind : n_free)), tpl = 0;
    for (size_t t = 0; t < d->n_templates; t++) {
        bool eligible =
            !town_has[t] && (n_same_kind == 0 || d->templates[t].kind == d->templates[card].kind);
        if (eligible && nth-- == 0) {
            tpl = t;
            break;
        }
    }
    town_has[tpl] = true;
    deal(d, orgs, town, i, k, &d->templates[tpl], today, &own, b);
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
    /* has[town * n_templates + template]: a town of several ZIP codes counts as one town, and
    ** what a town always has (towns.tsv) counts as had from the start. */
    bool *has = xcalloc(d.n_towns * d.n_templates, sizeof *has);
    for (size_t i = 0; i < d.n_towns; i++)
        for (size_t f = 0; f < d.towns[i].n_featured; f++)
            has[same_town(&d, i) * d.n_templates + d.towns[i].featured[f]] = true;
    for (size_t i = 0; i < d.n_towns; i++) {
        const struct demo_town *town = &d.towns[i];
        bool *town_has = &has[same_town(&d, i) * d.n_templates];
        for (int k = 0; k < town->activities; k++) {
            if ((size_t)k < town->n_featured) {
                deal(&d, &orgs, town, i, k, &d.templates[town->featured[k]], today, &rng, b);
                continue;
            }
            if (left == 0) {
                shuffle(deck, d.n_templates, &rng);
                left = d.n_templates;
            }
            size_t tpl = deck[--left];
            if (!town_has[tpl]) {
                town_has[tpl] = true;
                deal(&d, &orgs, town, i, k, &d.templates[tpl], today, &rng, b);
            } else {
                replace(&d, &orgs, town, i, k, tpl, town_has, today, &rng, b);
            }
        }
    }
    free(has);
    free(deck);
    demo_orgs_free(&orgs, d.n_towns);
out:
    demo_data_free(&d);
    return rc;
}
