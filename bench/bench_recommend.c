/* bench_recommend.c — recommend latency on a large catalogue (belong gen): adds random peers to
** the database, times recommendations (top 10, the default 21-day window) in process through
** recommend_run, and the same peers' own words as a bare FTS5 top-10 query for comparison.
** Prints p50 / p99 / max, the ratio of the p50s and the peak RSS.
** usage: bench_recommend DB [RECOMMENDATIONS] [PEERS] [SEED]   (defaults 1000, 50, 1)
** BENCH_WINDOW_MINUTES=N in the environment makes each weekly window N minutes long (default
** 180; long ones, e.g. 720, make many more candidates); BENCH_FTS=0 skips the FTS5 comparison.
*/
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "../src/matching/recommend.h"
#include "../src/store/sqlite_internal.h"
#include "../src/util/buf.h"
#include "../src/util/rc.h"
#include "../src/util/timeutil.h"

#define CPS "bench"

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
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

/* A peer living where a random activity is (so homes follow where activities are, as people
** do), with typical limits. Stored in the bench caseload. */
static int make_peer(struct store *s, sqlite3 *db, struct peer *p, int n)
{
    static const char *const interests[] = {"plants",
                                            "I used to fix bikes",
                                            "I used to sing in church",
                                            "reading",
                                            "cooking",
                                            "painting",
                                            "walking",
                                            "board games",
                                            "knitting",
                                            "computers"};
    static const char *const values[] = {"nature",  "helping-others", "creativity", "faith",
                                         "fitness", "learning",       "community"};
    peer_init(p);
    p->cps = xstrdup(CPS);
    char name[32];
    snprintf(name, sizeof name, "Bench peer %d", n);
    p->name = xstrdup(name);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db,
                       "SELECT lat, lon FROM activity WHERE lat IS NOT NULL AND id >= ?1 "
                       "ORDER BY id LIMIT 1",
                       -1, &st, NULL);
    sqlite3_bind_int64(st, 1, 1 + (int64_t)(rnd() % 100000));
    if (sqlite3_step(st) == SQLITE_ROW) {
        p->has_coords = true;
        p->home_lat = sqlite3_column_double(st, 0);
        p->home_lon = sqlite3_column_double(st, 1);
    }
    sqlite3_finalize(st);
    p->max_travel_miles = 2 + (double)(rnd() % 14);
    p->virtual_ok = rnd() % 2;
    int budget = (int)(rnd() % 3);
    p->budget_cents = budget == 0 ? BUDGET_ANY : budget == 1 ? 0 : 1000;
    p->access_needs = rnd() % 4 == 0 ? 1u << (rnd() % 4) : 0;
    p->comfort = 1 + (int)(rnd() % 5);
    text_list_add(&p->interests, interests[rnd() % 10]);
    text_list_add(&p->interests, interests[rnd() % 10]);
    text_list_add(&p->values, values[rnd() % 7]);
    const char *length = getenv("BENCH_WINDOW_MINUTES");
    int minutes = length && atoi(length) > 0 ? atoi(length) : 180;
    int windows = 2 + (int)(rnd() % 3);
    for (int w = 0; w < windows; w++) {
        int start = 8 * 60 + (int)(rnd() % 20) * 30;
        availability_add_window_minutes(&p->availability, (int)(rnd() % 7), start,
                                        start + minutes > 1440 ? 1440 : start + minutes);
    }
    availability_index(&p->availability);
    int rc = store_begin(s);
    if (rc == BELONG_OK)
        rc = store_peer_put(s, p, belong_now());
    if (rc == BELONG_OK)
        rc = store_commit(s);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bench_recommend DB [RECOMMENDATIONS] [PEERS] [SEED]\n", stderr);
        return BELONG_EUSAGE;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 1000;
    int n_peers = argc > 3 ? atoi(argv[3]) : 50;
    rng_state = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
    if (rounds <= 0 || n_peers <= 0)
        return BELONG_EUSAGE;
    struct store *s = NULL;
    char err[256];
    /* A long-running process (the web server) keeps hot pages: 16 MiB of page cache (the
    ** listings and their occurrences are kept in memory besides, store_listings). */
    const char *cache = getenv("BENCH_CACHE_KIB");
    struct store_options store_opt = {.cache_kib = cache ? atoi(cache) : 16384};
    int rc = store_open_as(argv[1], STORE_CREATE, &store_opt, &s, err, sizeof err);
    if (rc != BELONG_OK) {
        fprintf(stderr, "bench_recommend: %s\n", err);
        return rc;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_recommend: %s: cannot open\n", argv[1]);
        return BELONG_EIO;
    }
    struct recommend_data data;
    struct diag diag = {0};
    rc = recommend_data_load(&data, &diag);
    diag_print(&diag, stderr);
    diag_free(&diag);
    if (rc != BELONG_OK)
        return rc;
    struct peer *peers = xcalloc((size_t)n_peers, sizeof *peers);
    char **fts = xcalloc((size_t)n_peers, sizeof *fts);
    for (int i = 0; rc == BELONG_OK && i < n_peers; i++) {
        rc = make_peer(s, db, &peers[i], i);
        /* The same words recommend searches with (the peer's own words). */
        typedef const char *const *strings;
        struct match_peer_view view = {.interests = (strings)peers[i].interests.items,
                                       .n_interests = peers[i].interests.n};
        struct match_context ctx;
        match_context_init(&ctx, &view, &data.match.concepts, &data.match.values);
        struct concept_query q;
        concepts_text_query(&ctx.terms, CONCEPT_OWN_WEIGHT, &q);
        fts[i] = store_fts5_match(&q.query);
    }
    if (rc != BELONG_OK) {
        fprintf(stderr, "bench_recommend: adding peers: %s\n", store_errmsg(s));
        return rc;
    }
    double *t_rec = xcalloc((size_t)rounds, sizeof *t_rec);
    double *t_fts = xcalloc((size_t)rounds, sizeof *t_fts);
    size_t shown = 0, eligible = 0;
    struct recommend_options opt = {0};
    for (int r = 0; r < rounds; r++) {
        const struct peer *p = &peers[r % n_peers];
        double t0 = now_ms();
        struct recommend_result res;
        rc = recommend_run(s, &data, p, &opt, &res);
        t_rec[r] = now_ms() - t0;
        if (rc != BELONG_OK) {
            fprintf(stderr, "bench_recommend: %s\n", store_errmsg(s));
            return rc;
        }
        shown += res.n;
        eligible += res.n_eligible;
        recommend_result_free(&res);
    }
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db,
                       "SELECT rowid FROM activity_text WHERE activity_text MATCH ?1 "
                       "ORDER BY rank LIMIT 10",
                       -1, &st, NULL);
    /* BENCH_FTS=0 skips the comparison (when only recommend's own figures are wanted). */
    const char *with_fts = getenv("BENCH_FTS");
    int fts_rounds = with_fts && strcmp(with_fts, "0") == 0 ? 0 : rounds;
    for (int r = 0; r < fts_rounds; r++) {
        double t0 = now_ms();
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, fts[r % n_peers], -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW)
            ;
        t_fts[r] = now_ms() - t0;
    }
    sqlite3_finalize(st);
    qsort(t_rec, (size_t)rounds, sizeof *t_rec, cmp_double);
    qsort(t_fts, (size_t)rounds, sizeof *t_fts, cmp_double);
    size_t p99 = (size_t)((double)rounds * 0.99);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("recommend: %d recommendations for %d peers, top 10, 21-day window: mean %.0f "
           "eligible, %.1f shown\n",
           rounds, n_peers, (double)eligible / rounds, (double)shown / rounds);
    printf("recommend: p50 %.3f ms  p99 %.3f ms  max %.3f ms  (goal p50 <= 2, p99 <= 10)\n",
           t_rec[rounds / 2], t_rec[p99], t_rec[rounds - 1]);
    printf("bare FTS5 top-10 of the same words: p50 %.3f ms  p99 %.3f ms\n", t_fts[rounds / 2],
           t_fts[p99]);
    printf("ratio recommend / FTS5 at p50: %.1fx (goal <= 3x)\n",
           t_fts[rounds / 2] > 0 ? t_rec[rounds / 2] / t_fts[rounds / 2] : 0.0);
    printf("peak RSS: %.1f MiB (goal <= 64 MiB)\n", (double)ru.ru_maxrss / 1024.0);
    for (int i = 0; i < n_peers; i++) {
        peer_free(&peers[i]);
        free(fts[i]);
    }
    free(peers);
    free(fts);
    free(t_rec);
    free(t_fts);
    recommend_data_free(&data);
    sqlite3_close(db);
    store_close(s);
    return 0;
}
