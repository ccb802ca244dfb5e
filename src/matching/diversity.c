/* diversity.c — maximal marginal relevance re-ranking (see diversity.h). */
#include "diversity.h"

#include <stdbool.h>
#include <string.h>

static bool same(const char *a, const char *b)
{
    return a && b && *a && strcmp(a, b) == 0;
}

double diversity_similarity(const struct diversity_item *a, const struct diversity_item *b)
{
    double sim = 0.0;
    if (same(a->category, b->category))
        sim += DIVERSITY_SAME_CATEGORY;
    if (same(a->organization, b->organization))
        sim += DIVERSITY_SAME_ORGANIZATION;
    return sim > 1.0 ? 1.0 : sim;
}

/* True when item a should come before b at equal MMR value. */
static bool before(const struct diversity_item *a, const struct diversity_item *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    return a->id < b->id;
}

size_t diversity_rerank(const struct diversity_item *items, size_t n, size_t k, double lambda,
                        size_t *order)
{
    if (k > n)
        k = n;
    /* order[0..picked) holds the picks; "already taken" is a scan of them (k is small). */
    for (size_t picked = 0; picked < k; picked++) {
        size_t best = n;
        double best_mmr = 0.0;
        for (size_t i = 0; i < n; i++) {
            bool taken = false;
            double max_sim = 0.0;
            for (size_t j = 0; j < picked; j++) {
                if (order[j] == i) {
                    taken = true;
                    break;
                }
                double sim = diversity_similarity(&items[i], &items[order[j]]);
                if (sim > max_sim)
                    max_sim = sim;
            }
            if (taken)
                continue;
            double mmr = lambda * items[i].score - (1.0 - lambda) * max_sim;
            if (best == n || mmr > best_mmr ||
                (mmr == best_mmr && before(&items[i], &items[best]))) {
                best = i;
                best_mmr = mmr;
            }
        }
        order[picked] = best;
    }
    return k;
}
