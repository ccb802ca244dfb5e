/* match_bench.c — the cost of the matching core for one recommendation: prepare the peer, check
** the hard constraints and score N candidates, sort, re-rank the top 50 with MMR and build the
** reasons of the top 10. Candidates are the demo templates (data/demo/activities.tsv) repeated
** with varied distances and times; no store is involved. Prints p50 / p99 / max in ms.
** usage: bench_match [CANDIDATES] [ROUNDS]     (defaults 3000, 200)
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/directory/activity.h"
#include "../src/matching/constraints.h"
#include "../src/matching/diversity.h"
#include "../src/matching/reasons.h"
#include "../src/util/buf.h"
#include "../src/util/datadir.h"
#include "../src/util/rc.h"

#define CANDIDATES_DEFAULT 3000
#define ROUNDS_DEFAULT     200
#define TEMPLATES_MAX      512
#define POOL               50 /* re-ranked by MMR */
#define SHOWN              10 /* get reasons */

struct template_row {
    char *category, *name, *tags, *flags;
    int intensity, cost_cents;
    unsigned access;
};

static struct template_row rows[TEMPLATES_MAX];
static size_t n_rows;

/* Reads the demo templates: category, intensity, name, tags, cost, access and flags columns. */
static int load_templates(void)
{
    char path[4096];
    FILE *f = fopen(data_file_path("demo/activities.tsv", path, sizeof path), "r");
    if (!f) {
        perror(path);
        return BELONG_ENOINPUT;
    }
    char line[4096];
    while (n_rows < TEMPLATES_MAX && fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *col[13];
        size_t n = 0;
        char *p = line;
        while (n < 13) {
            col[n++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        if (n < 13)
            continue;
        struct template_row *r = &rows[n_rows++];
        r->category = xstrdup(col[1]);
        r->intensity = atoi(col[2]);
        r->name = xstrdup(col[3]);
        r->tags = xstrdup(col[4]);
        r->cost_cents = atoi(col[8]) * 100;
        char bad[32];
        if (!access_parse(strcmp(col[9], "-") == 0 ? "" : col[9], &r->access, bad, (int)sizeof bad))
            r->access = 0;
        r->flags = xstrdup(col[11]);
    }
    fclose(f);
    return n_rows ? BELONG_OK : BELONG_EDATA;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct ranked {
    size_t index;
    double score;
    int64_t id;
};

static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->id > y->id) - (x->id < y->id);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : CANDIDATES_DEFAULT;
    int rounds = argc > 2 ? atoi(argv[2]) : ROUNDS_DEFAULT;
    if (n == 0 || rounds <= 0) {
        fputs("usage: bench_match [CANDIDATES] [ROUNDS]\n", stderr);
        return BELONG_EUSAGE;
    }
    struct match_data data;
    struct diag diag = {0};
    int rc = load_templates();
    if (rc == BELONG_OK)
        rc = match_data_load(&data, &diag);
    if (rc != BELONG_OK) {
        diag_print(&diag, stderr);
        diag_free(&diag);
        return rc;
    }
    struct match_candidate *cands = xcalloc(n, sizeof *cands);
    struct match_factors *factors = xcalloc(n, sizeof *factors);
    struct ranked *ranked = xcalloc(n, sizeof *ranked);
    double *times = xcalloc((size_t)rounds, sizeof *times);
    for (size_t i = 0; i < n; i++) {
        const struct template_row *r = &rows[i % n_rows];
        struct match_candidate *c = &cands[i];
        c->id = (int64_t)i + 1;
        c->name = r->name;
        c->category = r->category;
        c->organization = i % 7 ? "Community Org" : "Library";
        c->tags = r->tags;
        c->intensity = r->intensity;
        c->access = r->access;
        c->cost_cents = r->cost_cents;
        c->peer_run = strchr(r->flags, 'P') ? TRI_YES : TRI_NO;
        c->substance_free = strchr(r->flags, 'S') ? TRI_YES : TRI_NO;
        c->is_virtual = strchr(r->flags, 'V') != NULL;
        c->has_distance = !c->is_virtual;
        c->distance_miles = (double)(i * 37 % 120) / 10.0;
        c->n_fitting_occurrences = (int)(i % 5);
        c->bm25 = -(double)(i % 9);
        c->when_weekday = (int)(i % 7);
        c->when_start_minute = 600 + (int)(i % 20) * 30;
        c->when_end_minute = c->when_start_minute + 90;
        c->when_weekly = i % 3 != 0;
    }
    static const char *interests[] = {"I used to fix bikes", "plants", "my mother grew tomatoes",
                                      "anime and drawing"};
    static const char *tags[] = {"gardening", "music", "board games"};
    static const char *values[] = {"helping-others", "nature", "creativity"};
    struct match_history_item history[4] = {
        {"music", "Library", true, false, 5},
        {"arts-crafts", "Community Org", true, false, 2},
        {"volunteering", NULL, false, true, 0},
        {"food-cooking", NULL, true, false, 3},
    };
    struct match_peer_view peer = {.interests = interests,
                                   .n_interests = 4,
                                   .tags = tags,
                                   .n_tags = 3,
                                   .values = values,
                                   .n_values = 3,
                                   .comfort = 2,
                                   .max_travel_miles = 8.0,
                                   .accepts_virtual = true,
                                   .history = history,
                                   .n_history = 4,
                                   .window_days = 21};
    struct match_limits limits = {8.0, true, 1000, 0, false, 0, false, NULL};
    size_t kept = 0, shown = 0;
    for (int round = 0; round < rounds; round++) {
        double t0 = now_ms();
        struct match_context ctx;
        match_context_init(&ctx, &peer, &data.concepts, &data.values);
        kept = 0;
        for (size_t i = 0; i < n; i++) {
            if (match_check(&limits, &cands[i], true, false) != MATCH_FITS)
                continue;
            match_context_note_bm25(&ctx, cands[i].bm25);
            ranked[kept].index = i;
            ranked[kept++].id = cands[i].id;
        }
        for (size_t k = 0; k < kept; k++)
            ranked[k].score = match_score(&ctx, &cands[ranked[k].index], &factors[ranked[k].index]);
        qsort(ranked, kept, sizeof *ranked, cmp_ranked);
        struct diversity_item pool[POOL];
        size_t n_pool = kept < POOL ? kept : POOL;
        for (size_t k = 0; k < n_pool; k++) {
            const struct match_candidate *c = &cands[ranked[k].index];
            pool[k] = (struct diversity_item){c->id, ranked[k].score, c->category, c->organization};
        }
        size_t order[SHOWN];
        shown = diversity_rerank(pool, n_pool, SHOWN, DIVERSITY_LAMBDA, order);
        for (size_t k = 0; k < shown; k++) {
            size_t i = ranked[order[k]].index;
            struct match_reasons reasons;
            match_reasons(&ctx, &cands[i], &factors[i], &reasons);
            match_reasons_free(&reasons);
        }
        times[round] = now_ms() - t0;
    }
    qsort(times, (size_t)rounds, sizeof *times, cmp_double);
    double p50 = times[rounds / 2], p99 = times[(size_t)((double)rounds * 0.99)];
    printf(
        "match: %zu candidates (%zu pass the hard constraints), top %zu with reasons, %d rounds\n",
        n, kept, shown, rounds);
    printf("match: p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%.0f ns per candidate at p50)\n", p50,
           p99, times[rounds - 1], p50 * 1e6 / (double)n);
    free(cands);
    free(factors);
    free(ranked);
    free(times);
    for (size_t i = 0; i < n_rows; i++) {
        free(rows[i].category);
        free(rows[i].name);
        free(rows[i].tags);
        free(rows[i].flags);
    }
    match_data_free(&data);
    diag_free(&diag);
    return 0;
}
