/* search_bench.c — search latency over 1,000 varied, reproducible queries against a catalogue
** (e.g. `belong gen --activities 100000 --seed 1`), run twice: with the store's default
** settings, then with a page cache large enough to hold the catalogue (as a long-running web
** server would set it). Prints p50 / p90 / p99 / max in ms overall and by kind of query, and
** the CPU time (which other processes on the machine do not inflate).
** usage: bench_search DB [QUERIES] [SEED]
** BENCH_SHOW_SLOW_MS=N in the environment lists each query slower than N ms; BENCH_KIND_CPU=1
** reports CPU time by kind of query.
*/
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/directory/activity.h"
#include "../src/directory/places.h"
#include "../src/directory/search.h"
#include "../src/store/store.h"
#include "../src/util/rc.h"

#define QUERIES_DEFAULT  1000
#define WARMUP_QUERIES   50
#define P50_GOAL_MS      2.0
#define P99_GOAL_MS      10.0
#define SERVER_CACHE_KIB (256 * 1024)

/* Real Massachusetts ZIP codes around which peers search. */
static const char *const zips[] = {
    "01601", "01602", "01603", "01605", "01609", "01610", "02108", "02116", "02118", "02119",
    "02121", "02124", "02127", "02130", "02134", "02139", "02140", "02145", "02150", "02151",
    "01103", "01104", "01107", "01109", "01118", "01002", "01060", "01201", "01301", "01420",
    "01440", "01453", "01501", "01545", "01701", "01801", "01810", "01843", "01852", "01901",
    "01940", "01950", "01970", "02035", "02072", "02169", "02301", "02360", "02446", "02453",
    "02601", "02649", "02703", "02720", "02740", "02767", "02780", "02375", "01247", "01040",
};
#define ZIP_COUNT (sizeof zips / sizeof zips[0])

/* Words a CPS types: interests, formats, and a few prefixes. */
static const char *const words[] = {
    "garden",      "art",      "book club",  "yoga",          "recovery",       "music",
    "cooking",     "walking",  "chess",      "volunteer",     "peer support",   "knitting",
    "choir",       "games",    "library",    "meditation",    "drumming",       "hiking",
    "photography", "computer", "dance",      "writing",       "pottery",        "soup kitchen",
    "tai chi",     "spanish",  "wellness",   "coffee",        "bingo",          "trivia",
    "painting",    "birding",  "basketball", "swim",          "church",         "clubhouse",
    "gard",        "paint",    "vol",        "quiet reading", "hearing voices", "food pantry",
};
#define WORD_COUNT (sizeof words / sizeof words[0])

static const char *const categories[] = {
    "volunteering",   "arts-crafts",  "gardening-nature", "sports-movement",
    "books-learning", "music",        "faith-spiritual",  "peer-support",
    "social-games",   "food-cooking", "technology",       "clubhouse-dropin",
};
#define CATEGORY_COUNT (sizeof categories / sizeof categories[0])

/* Kinds of query, for the breakdown. */
enum kind { K_TEXT_PLACE, K_TEXT, K_PLACE, K_BROWSE, K_COUNT };
static const char *const kind_names[] = {"text + place", "text only", "place only", "filters only"};

static uint64_t rng_state;

static uint32_t next_random(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

static bool chance(int percent)
{
    return (int)(next_random() % 100) < percent;
}

static double clock_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return 0;
    size_t i = (size_t)ceil(p / 100.0 * (double)n);
    return sorted[i ? i - 1 : 0];
}

static void report(const char *label, double *ms, size_t n)
{
    qsort(ms, n, sizeof *ms, compare_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ms[i];
    printf("  %-14s %5zu queries  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms  "
           "mean %5.2f ms\n",
           label, n, percentile(ms, n, 50), percentile(ms, n, 90), percentile(ms, n, 99),
           n ? ms[n - 1] : 0, n ? sum / (double)n : 0);
}

/* One line describing q, for the list of the slowest queries. */
static void describe(const struct search_query *q, char *out, size_t len)
{
    snprintf(out, len,
             "text=%s place=%s within=%.0f cat=%s days=%#x after=%d before=%d cost=%d "
             "access=%u imax=%d",
             q->text ? q->text : "-", q->has_center ? "yes" : "no", q->within_miles,
             q->n_categories ? q->categories[0] : "-", q->weekday_mask, q->after_minute,
             q->before_minute, q->max_cost_cents, q->access_required, q->intensity_max);
}

/* Makes a query as a CPS would: a place (a ZIP code) in three quarters, usually with a
** radius; words in half; a category instead of words now and then; each other filter now
** and then. */
static enum kind make_query(struct search_query *q, const struct place *places)
{
    search_query_init(q);
    bool text = chance(50), place = chance(75);
    if (text)
        q->text = words[next_random() % WORD_COUNT];
    else if (chance(35))
        q->categories[q->n_categories++] = categories[next_random() % CATEGORY_COUNT];
    if (place) {
        const struct place *p = &places[next_random() % ZIP_COUNT];
        q->has_center = true;
        q->center_lat = p->lat;
        q->center_lon = p->lon;
        static const double radii[] = {3, 5, 10, 15, 25};
        q->within_miles = chance(80) ? radii[next_random() % 5] : 0;
    }
    if (chance(30))
        q->weekday_mask = (1u << (next_random() % 7)) | (1u << (next_random() % 7));
    if (chance(20))
        q->after_minute = 17 * 60;
    else if (chance(15))
        q->before_minute = 12 * 60;
    if (chance(20))
        q->max_cost_cents = 0;
    if (chance(15))
        q->access_required = chance(50) ? ACCESS_WHEELCHAIR : ACCESS_WHEELCHAIR | ACCESS_QUIET;
    if (chance(15))
        q->intensity_max = 1 + (int)(next_random() % 3);
    return text && place ? K_TEXT_PLACE : text ? K_TEXT : place ? K_PLACE : K_BROWSE;
}

/* Runs the queries once (after a warm-up) and prints the figures. Returns 0 or the first
** search error. */
static int run_round(struct store *s, const struct place *places, long queries, uint64_t seed,
                     const char *label)
{
    rng_state = seed;
    double *all = calloc((size_t)queries, sizeof *all);
    double *all_cpu = calloc((size_t)queries, sizeof *all_cpu);
    double *by_kind[K_COUNT];
    size_t n_kind[K_COUNT] = {0};
    for (int k = 0; k < K_COUNT; k++)
        by_kind[k] = calloc((size_t)queries, sizeof *by_kind[k]);
    size_t results = 0;
    const char *show_slow = getenv("BENCH_SHOW_SLOW_MS");
    double slow_ms = show_slow ? atof(show_slow) : 0;
    bool kind_cpu = getenv("BENCH_KIND_CPU") != NULL;
    char err[512];
    int rc = BELONG_OK;
    for (long i = -WARMUP_QUERIES; rc == BELONG_OK && i < queries; i++) {
        struct search_query q;
        enum kind kind = make_query(&q, places);
        struct search_results r;
        double start = clock_ms(CLOCK_MONOTONIC), cpu_start = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
        rc = search_run(s, &q, &r, err, sizeof err);
        double ms = clock_ms(CLOCK_MONOTONIC) - start;
        double cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
        if (rc != BELONG_OK) {
            fprintf(stderr, "bench_search: query %ld: %s\n", i, err);
            break;
        }
        if (slow_ms > 0 && ms >= slow_ms) {
            char text[256];
            describe(&q, text, sizeof text);
            printf("  slow %7.2f ms, %zu results: %s\n", ms, r.n, text);
        }
        if (i >= 0) {
            all[i] = ms;
            all_cpu[i] = cpu;
            by_kind[kind][n_kind[kind]++] = kind_cpu ? cpu : ms;
            results += r.n;
        }
        search_results_free(&r);
    }
    if (rc == BELONG_OK) {
        printf("search latency, %s: %ld varied queries (%.1f results on average)\n", label, queries,
               (double)results / (double)queries);
        for (int k = 0; k < K_COUNT; k++)
            report(kind_names[k], by_kind[k], n_kind[k]);
        report("all", all, (size_t)queries);
        report("all, CPU time", all_cpu, (size_t)queries);
        printf("  goal: p50 <= %.0f ms, p99 <= %.0f ms: %s\n", P50_GOAL_MS, P99_GOAL_MS,
               percentile(all, (size_t)queries, 50) <= P50_GOAL_MS &&
                       percentile(all, (size_t)queries, 99) <= P99_GOAL_MS
                   ? "met"
                   : "NOT met");
    }
    for (int k = 0; k < K_COUNT; k++)
        free(by_kind[k]);
    free(all);
    free(all_cpu);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_search DB [QUERIES] [SEED]\n");
        return BELONG_EUSAGE;
    }
    long queries = argc > 2 ? strtol(argv[2], NULL, 10) : QUERIES_DEFAULT;
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    if (queries <= 0)
        queries = QUERIES_DEFAULT;

    struct place places[ZIP_COUNT];
    char err[512];
    for (size_t i = 0; i < ZIP_COUNT; i++) {
        if (place_from_zip(zips[i], &places[i], err, sizeof err) != BELONG_OK) {
            fprintf(stderr, "bench_search: %s\n", err);
            return BELONG_EIO;
        }
    }
    struct store *s = NULL;
    int rc = store_open(argv[1], &s, err, sizeof err);
    if (rc != BELONG_OK) {
        fprintf(stderr, "bench_search: %s\n", err);
        return rc;
    }
    rc = run_round(s, places, queries, seed, "store defaults");
    /* A long-running process (the web server) can keep the catalogue's pages in memory. */
    store_close(s);
    s = NULL;
    struct store_options opt = {.cache_kib = SERVER_CACHE_KIB};
    if (rc == BELONG_OK)
        rc = store_open_as(argv[1], STORE_CREATE, &opt, &s, err, sizeof err);
    if (rc == BELONG_OK)
        rc = run_round(s, places, queries, seed, "with a 256 MiB page cache");
    store_close(s);
    return rc;
}
