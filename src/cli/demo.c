/* demo.c — `belong demo` (the demo catalogue) and `belong gen` (a synthetic catalogue at scale,
** imported or written as an HSDS package), both through the same import path as real data.
*/
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../app/app_directory.h"
#include "../demo/demo.h"
#include "../demo/demo_login.h"
#include "../demo/demo_stories.h"
#include "../util/timeutil.h"
#include "cli.h"

#define GEN_MAX_ACTIVITIES 10000000L

static const char demo_help[] =
    "usage: belong demo [--db PATH]\n\n"
    "Adds the demo catalogue to the database (creating it if needed): about 380 fictional\n"
    "community activities run by fictional organisations in 41 real Massachusetts towns\n"
    "(44 ZIP codes), covering every category, every social intensity level 1-5 and the\n"
    "usual kinds of recurrence. Dates are relative to today. Running it again updates the\n"
    "demo listings in place; other sources in the database are left alone.\n\n"
    "It also adds fictional demo peers to the caseloads demo and demo2, each with about\n"
    "four months of records: measures at intake and since, plans and visits with their\n"
    "reflections, the people they met, and next steps in the coming days. A peer who\n"
    "already has records keeps them as they are.\n\n"
    "The first run also makes the web login 'demo' (a CPS who owns the demo caseload) with a\n"
    "random password of 20 characters, printed that once (belong keeps only its hash); later\n"
    "runs say the login exists. 'belong user passwd demo' sets a new password. There is no\n"
    "default password.\n\n"
    "Examples:\n"
    "  belong demo --db demo.db\n"
    "  belong --db demo.db search --town Worcester --days TU,TH --after 17:00\n";

static const char gen_help[] =
    "usage: belong gen --activities N --seed S [--db PATH] [--hsds DIR]\n\n"
    "Generates a synthetic catalogue of N activities spread over the Massachusetts ZIP\n"
    "centroids, for benchmarks: mostly weekly, every-other-week and monthly, about 10\n"
    "occurrences each in the 120-day horizon. The same N, seed and day give the same\n"
    "catalogue. It is imported as the source 'gen' (replacing an earlier one), or with\n"
    "--hsds written as an HSDS 3.0 tabular package (CSV files and datapackage.json) in DIR\n"
    "instead, for `belong import hsds`.\n\n"
    "Examples:\n"
    "  belong gen --activities 100000 --seed 1 --db bench.db\n"
    "  belong gen --activities 100000 --seed 1 --hsds /tmp/hsds-100k\n"
    "  belong import hsds /tmp/hsds-100k --db bench.db\n";

/* Imports b into the database, printing problems and a summary. Returns an exit status. */
static int import_batch_print(struct cli *cli, struct import_batch *b, const char *what,
                              struct cli_progress *progress)
{
    int rc;
    cli->app.bulk_listings = import_batch_count(b); /* the connection is tuned for them */
    struct app *app = cli_open(cli, APP_CREATE, &rc);
    if (!app)
        return rc;
    struct diag diag = {0};
    struct import_stats stats = {0};
    struct import_options opt = {.progress = cli_progress_fn(), .progress_ctx = progress};
    struct app_error err;
    rc = app_import(app, b, &opt, &diag, &stats, &err);
    cli_progress_end(progress);
    diag_print(&diag, stderr);
    diag_free(&diag);
    if (rc != BELONG_OK) {
        if (rc != BELONG_EDATA)
            fprintf(stderr, "belong: %s: %s\n", what, err.message);
        return rc;
    }
    printf("%s: imported %ld activities (%ld new, %ld no longer listed), %ld occurrences in "
           "%.1f s\n",
           what, stats.activities, stats.created, stats.retired, stats.occurrences,
           cli_progress_seconds(progress));
    return BELONG_OK;
}

/* Gives the demo peers their records (data/demo/stories.json), printing a summary. Returns an
** exit status. */
static int demo_records_print(struct cli *cli)
{
    int rc;
    struct app *app = cli_open(cli, APP_CREATE, &rc);
    if (!app)
        return rc;
    struct diag diag = {0};
    struct demo_story_stats st;
    struct app_error err;
    rc = demo_stories_add(app, NULL, &diag, &st, &err);
    diag_print(&diag, stderr);
    diag_free(&diag);
    if (rc != BELONG_OK) {
        if (err.message[0])
            cli_error(rc, "demo", "records: %s", err.message);
        return rc;
    }
    printf("demo: records for %zu demo peers (%zu plans, %zu visits, %zu measures, %zu "
           "connections); %zu already had records, left as they are\n",
           st.peers, st.plans, st.visits, st.measures, st.connections, st.kept);
    return BELONG_OK;
}

/* Makes the demo's web login on the first run and prints its password that once; later runs
** print that it exists. Returns an exit status. */
static int demo_login_print(struct cli *cli)
{
    int rc;
    struct app *app = cli_open(cli, APP_CREATE, &rc);
    if (!app)
        return rc;
    char password[DEMO_LOGIN_PASSWORD_LEN + 1];
    bool created = false;
    struct app_error err;
    rc = demo_login_ensure(app, password, &created, &err);
    if (rc == BELONG_ENOPERM) { /* a database with admins: they make the logins */
        fprintf(stderr, "belong demo: no web login made: %s\n", err.message);
        return BELONG_OK;
    }
    if (rc != BELONG_OK)
        return cli_error(rc, "demo", "web login: %s", err.message);
    if (created)
        printf("demo: web login: user %s, password %s (shown this once: belong keeps only its "
               "hash)\n",
               DEMO_LOGIN_USER, password);
    else
        printf("demo: web login: user %s (its password was printed when the demo was created; "
               "'belong user passwd %s' sets a new one)\n",
               DEMO_LOGIN_USER, DEMO_LOGIN_USER);
    explicit_bzero(password, sizeof password);
    return BELONG_OK;
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (c == 'h') {
            fputs(demo_help, stdout);
            return BELONG_OK;
        }
        return cli_bad_option("demo", c, argc, argv);
    }
    if (optind < argc)
        return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);

    struct cli_progress progress;
    cli_progress_start(&progress, "writing");
    struct import_batch batch = {0};
    struct diag diag = {0};
    int rc = demo_build(&batch, belong_now(), &diag);
    diag_print(&diag, stderr);
    diag_free(&diag);
    if (rc == BELONG_OK)
        rc = import_batch_print(cli, &batch, "demo", &progress);
    import_batch_free(&batch);
    if (rc == BELONG_OK)
        rc = cli_demo_peers(cli); /* the demo peers (src/cli/recommend.c) */
    if (rc == BELONG_OK)
        rc = demo_records_print(cli);
    if (rc == BELONG_OK)
        rc = demo_login_print(cli);
    return rc;
}

int cmd_gen(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {{"activities", required_argument, NULL, 'n'},
                                            {"seed", required_argument, NULL, 's'},
                                            {"hsds", required_argument, NULL, 'H'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    long n_activities = -1;
    uint64_t seed = 0;
    bool have_seed = false;
    const char *hsds_dir = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (!cli_parse_int(optarg, 1, GEN_MAX_ACTIVITIES, &n_activities))
                return cli_usage_error("gen", "--activities must be 1 to %ld", GEN_MAX_ACTIVITIES);
            break;
        case 's': {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (errno || !*optarg || *end || *optarg == '-')
                return cli_usage_error("gen", "--seed must be a whole number");
            seed = (uint64_t)v;
            have_seed = true;
            break;
        }
        case 'H':
            hsds_dir = optarg;
            break;
        case 'h':
            fputs(gen_help, stdout);
            return BELONG_OK;
        default:
            return cli_bad_option("gen", c, argc, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("gen", "unexpected argument '%s'", argv[optind]);
    if (n_activities < 0 || !have_seed)
        return cli_usage_error("gen", "--activities N and --seed S are required");

    struct cli_progress progress;
    cli_progress_start(&progress, "writing");
    struct import_batch batch = {0};
    struct diag diag = {0};
    int rc = gen_build(&batch, n_activities, seed, belong_now(), &diag);
    diag_print(&diag, stderr);
    diag_free(&diag);
    if (rc == BELONG_OK && hsds_dir) {
        char err[512];
        rc = hsds_export(&batch, hsds_dir, err, sizeof err);
        if (rc != BELONG_OK)
            cli_error(rc, "gen", "%s", err);
        else
            printf("gen: wrote %zu services as HSDS to %s in %.1f s\n", batch.n, hsds_dir,
                   cli_progress_seconds(&progress));
    } else if (rc == BELONG_OK) {
        fprintf(stderr, "gen: built %zu activities in %.1f s\n", batch.n,
                cli_progress_seconds(&progress));
        rc = import_batch_print(cli, &batch, "gen", &progress);
    }
    import_batch_free(&batch);
    return rc;
}
