/* diversity.h — re-ranking the top suggestions by maximal marginal relevance (MMR) so they are not
** all one category or one organisation.
*/
#ifndef BELONG_DIVERSITY_H
#define BELONG_DIVERSITY_H

#include <stddef.h>
#include <stdint.h>

/* MMR picks, one at a time, the item maximising
**     λ · score − (1 − λ) · max similarity to the items already picked,
** with similarity 0.6 for the same category plus 0.4 for the same organisation (1 when both).
** λ = 0.85 keeps relevance first: a second item from an already picked category is passed over
** only for one less than (1 − λ) · 0.6 / λ ≈ 0.11 behind it in score, so a clearly better fit
** still wins, while near-ties spread across categories and organisations. Tuned on the
** evaluation set (tests/eval/): 0.7 pushed good fits of a peer's one interest below weaker
** ones (precision@5 0.61, nDCG@10 0.90); 0.85 gave 0.69 and 0.95; 1.0 (no diversity) 0.70
** (measured before the concept-map fixes of the same day). */
#define DIVERSITY_LAMBDA            0.85
#define DIVERSITY_SAME_CATEGORY     0.6
#define DIVERSITY_SAME_ORGANIZATION 0.4

/* One ranked suggestion (strings borrowed; NULL means "unknown", similar to nothing). */
struct diversity_item {
    int64_t id;
    double score; /* match score in [0, 1] */
    const char *category;
    const char *organization;
};

/* The similarity of two items, in [0, 1]. */
double diversity_similarity(const struct diversity_item *a, const struct diversity_item *b);

/* Re-ranks items[0..n) with MMR at lambda (DIVERSITY_LAMBDA is the tuned value) and writes the
** indices of the first k picks to order[0..k) (k is capped at n). Deterministic: equal MMR
** values go to the higher score, then the lower id. Returns the number written. Needs no more
** memory than order; cannot fail. For n up to a few hundred (it is O(n·k)). */
size_t diversity_rerank(const struct diversity_item *items, size_t n, size_t k, double lambda,
                        size_t *order);

#endif
