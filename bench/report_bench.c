/* report_bench.c — the reports' latency (make bench, "reports"): generates a caseload of PEERS
** peers of CPS "bench", each with a year of records (a plan every two weeks, most of them
** visited, UCLA-3 and LSNS-6 every six weeks, a handful of connections with changes), written
** through the store in one transaction on the demo catalogue; then times the operations a face
** calls: app_report_peer (every peer in turn, up to 200) and app_report_caseload (the year),
** then the de-identified CSV alone. Prints the median and worst peer report and the caseload
** report, in milliseconds of wall time, and the caseload report's CPU time.
** usage: bench_report DB PEERS [SEED]     (DB is created; one already holding the caseload, from
** an earlier run with the same PEERS, is only timed again)
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/app/app_directory.h"
#include "../src/app/app_peers.h"
#include "../src/app/app_reports.h"
#include "../src/demo/demo.h"
#include "../src/engagement/connection.h"
#include "../src/engagement/engagement.h"
#include "../src/peers/profile.h"
#include "../src/store/store.h"
#include "../src/util/buf.h"
#include "../src/util/rc.h"

#define CPS           "bench"
#define YEAR_DAYS     364
#define PLAN_EVERY    14
#define MEASURE_EVERY 42
#define CONNECTIONS   6

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

/* CPU time of this process (user + system), in milliseconds: the report's cost whatever the
** machine's load, beside the wall time. */
static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void day_text(long day, char out[11])
{
    struct civil_date d = civil_from_days(day);
    snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static void fail(const char *what, int rc)
{
    fprintf(stderr, "bench_report: %s failed (%d)\n", what, rc);
    exit(70);
}

/* One peer's year of records, days first_day .. first_day + YEAR_DAYS. */
static void peer_year(struct store *s, int64_t peer_id, long first_day, int64_t n_activities,
                      time_t now)
{
    static const char *const names[] = {"Maria", "Jo", "Sam", "Lee", "Ana", "Bo", "Kim", "Ty"};
    int rc;
    for (long d = first_day; d <= first_day + YEAR_DAYS; d += PLAN_EVERY) {
        struct plan p = {.peer_id = peer_id, .activity_id = 1 + rnd() % n_activities};
        day_text(d, p.date);
        p.support = (enum plan_support)(rnd() % PLAN_SUPPORT_COUNT);
        p.note = rnd() % 3 ? NULL : "meet at the gate";
        if ((rc = store_plan_add(s, CPS, &p, now)) != BELONG_OK)
            fail("store_plan_add", rc);
        uint32_t r = rnd() % 10;
        if (r < 7) {
            struct visit v = {.peer_id = peer_id, .activity_id = p.activity_id, .plan_id = p.id};
            memcpy(v.date, p.date, sizeof v.date);
            v.went = r < 6;
            v.comfort_before = v.went ? 1 + (int)(rnd() % 5) : 0;
            v.comfort_after = v.went ? 1 + (int)(rnd() % 5) : 0;
            v.conversations = v.went ? (int)(rnd() % 6) : -1;
            v.felt = v.went ? "better than I thought" : NULL;
            if ((rc = store_visit_add(s, CPS, &v, now)) != BELONG_OK)
                fail("store_visit_add", rc);
            rc = store_plan_set_status(s, CPS, p.id, v.went ? PLAN_DONE : PLAN_SKIPPED, NULL, now);
        } else if (r < 8)
            rc = store_plan_set_status(s, CPS, p.id, PLAN_CANCELLED, "unwell", now);
        if (rc != BELONG_OK)
            fail("store_plan_set_status", rc);
    }
    for (long d = first_day; d <= first_day + YEAR_DAYS; d += MEASURE_EVERY) {
        struct store_measure u = {.peer_id = peer_id, .instrument = "ucla3", .n_codes = 3};
        struct store_measure l = {.peer_id = peer_id, .instrument = "lsns6", .n_codes = 6};
        day_text(d, u.date);
        day_text(d, l.date);
        for (size_t i = 0; i < 3; i++)
            u.codes[i] = 1 + (int)(rnd() % 3);
        for (size_t i = 0; i < 6; i++)
            l.codes[i] = (int)(rnd() % 6);
        if ((rc = store_measure_add(s, CPS, peer_id, &u, now)) != BELONG_OK ||
            (rc = store_measure_add(s, CPS, peer_id, &l, now)) != BELONG_OK)
            fail("store_measure_add", rc);
    }
    for (int k = 0; k < CONNECTIONS; k++) {
        struct connection_change ch = {.closeness = 1 + (int)(rnd() % 5)};
        long met = first_day + (long)(rnd() % YEAR_DAYS);
        day_text(met, ch.date);
        snprintf(ch.relationship, sizeof ch.relationship, "%s",
                 connection_relationships[rnd() % connection_relationship_count]);
        struct connection c = {.peer_id = peer_id,
                               .name = (char *)names[rnd() % 8],
                               .met_activity_id = 1 + rnd() % n_activities,
                               .history = &ch,
                               .n_history = 1};
        memcpy(c.met_on, ch.date, sizeof c.met_on);
        if ((rc = store_connection_add(s, CPS, peer_id, &c, now)) != BELONG_OK)
            fail("store_connection_add", rc);
        if (met + 30 <= first_day + YEAR_DAYS) {
            day_text(met + 30, ch.date);
            ch.closeness = ch.closeness < 5 ? ch.closeness + 1 : 5;
            if ((rc = store_connection_append(s, CPS, c.id, &ch, now)) != BELONG_OK)
                fail("store_connection_append", rc);
        }
    }
}

/* The demo catalogue and peers peers with a year of records each, in one transaction. */
static int generate(struct app *app, long peers, long first_day)
{
    struct app_error err;
    struct diag d = {0};
    struct import_batch b = {0};
    struct import_stats stats = {0};
    int rc = demo_build(&b, app->now, &d);
    if (rc == BELONG_OK)
        rc = app_import(app, &b, NULL, &d, &stats, &err);
    import_batch_free(&b);
    diag_free(&d);
    if (rc != BELONG_OK)
        return rc;
    double t0 = now_ms();
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return rc;
    for (long i = 0; i < peers; i++) {
        struct peer p;
        peer_init(&p);
        p.cps = xstrdup(CPS);
        char name[32];
        snprintf(name, sizeof name, "Peer %ld", i + 1);
        p.name = xstrdup(name);
        p.comfort = 1 + (int)(rnd() % 5);
        text_list_add(&p.interests, "gardening");
        if ((rc = store_peer_put(app->store, &p, app->now)) != BELONG_OK)
            fail("store_peer_put", rc);
        peer_year(app->store, p.id, first_day, (int64_t)stats.activities, app->now);
        peer_free(&p);
    }
    if ((rc = store_commit(app->store)) != BELONG_OK)
        return rc;
    printf("  %ld peers with a year of records written in %.1f s\n", peers, (now_ms() - t0) / 1e3);
    return BELONG_OK;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_report DB PEERS [SEED]\n");
        return 64;
    }
    long peers = atol(argv[2]);
    rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    struct app app = {0};
    app_context_init(&app);
    app.cps = CPS;
    struct app_error err;
    if (app_open(&app, argv[1], APP_CREATE, NULL, &err) != BELONG_OK) {
        fprintf(stderr, "bench_report: %s\n", err.message);
        return 70;
    }
    struct civil_date today = app_today(&app);
    long first_day = days_from_civil(&today) - YEAR_DAYS;
    struct peer *held;
    size_t n_held = 0;
    if (app_peer_list(&app, false, &held, &n_held, &err) == BELONG_OK)
        app_peers_free(held, n_held);
    int rc = n_held == (size_t)peers ? BELONG_OK : generate(&app, peers, first_day);
    if (rc != BELONG_OK)
        fail("generating the caseload", rc);

    size_t n_timed = peers < 200 ? (size_t)peers : 200;
    double *ms = calloc(n_timed ? n_timed : 1, sizeof *ms);
    size_t bytes = 0;
    for (size_t i = 0; i < n_timed; i++) {
        struct buf html = {0};
        int64_t id = 1 + (int64_t)(i * (size_t)peers / n_timed);
        double t = now_ms();
        if ((rc = app_report_peer(&app, id, &html, &err)) != BELONG_OK) {
            fprintf(stderr, "bench_report: %s\n", err.message);
            return 70;
        }
        ms[i] = now_ms() - t;
        bytes += html.len;
        buf_free(&html);
    }
    qsort(ms, n_timed, sizeof *ms, cmp_double);
    printf("  report peer: median %.1f ms, max %.1f ms over %zu peers (%zu KiB each on average)"
           " (goal <= 50 ms)\n",
           ms[n_timed / 2], ms[n_timed - 1], n_timed, bytes / n_timed / 1024);
    free(ms);
    char from[11];
    day_text(first_day, from);
    struct peer *list;
    size_t n_list;
    double t = now_ms();
    if (app_peer_list(&app, false, &list, &n_list, &err) == BELONG_OK)
        app_peers_free(list, n_list);
    printf("  of which the caseload's profiles (app_peer_list): %.0f ms\n", now_ms() - t);
    struct report_caseload r;
    t = now_ms();
    double cpu = cpu_ms();
    if ((rc = app_report_caseload(&app, from, NULL, &r, &err)) != BELONG_OK) {
        fprintf(stderr, "bench_report: %s\n", err.message);
        return 70;
    }
    double read_ms = now_ms() - t, read_cpu = cpu_ms() - cpu;
    struct buf html = {0}, csv = {0};
    app_report_caseload_html(&r, &html);
    app_report_caseload_csv(&r, &csv);
    double all_ms = now_ms() - t, all_cpu = cpu_ms() - cpu;
    printf("  report caseload (a year, %zu peers): %.0f ms to the figures (CPU %.0f ms), %.0f ms"
           " with the page and the CSV (CPU %.0f ms) (goal <= %s)\n",
           r.n_rows, read_ms, read_cpu, all_ms, all_cpu, peers > 1000 ? "1 s" : "50 ms");
    buf_free(&html);
    buf_free(&csv);
    app_report_caseload_free(&r);
    /* the de-identified CSV alone (`report caseload --csv`): no name opened */
    t = now_ms();
    cpu = cpu_ms();
    if ((rc = app_report_caseload_read(&app, from, NULL, false, &r, &err)) != BELONG_OK) {
        fprintf(stderr, "bench_report: %s\n", err.message);
        return 70;
    }
    app_report_caseload_csv(&r, &csv);
    printf("  report caseload --csv (no name opened): %.0f ms (CPU %.0f ms)\n", now_ms() - t,
           cpu_ms() - cpu);
    buf_free(&csv);
    app_report_caseload_free(&r);
    app_close(&app);
    return 0;
}
