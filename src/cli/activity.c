/* activity.c — `belong activity set` (a CPS's own attributes for a listing) and
** `belong refresh` (re-expanding schedules for the occurrence horizon).
*/
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../app/app_directory.h"
#include "../util/buf.h"
#include "../util/money.h"
#include "../util/text.h"
#include "cli.h"

#define COST_USD_MAX 100000 /* a session costing more is a typo */

static const char activity_help[] =
    "usage: belong activity set ID [--category C] [--tags T,...] [--intensity 1-5]\n"
    "                              [--access wheelchair,asl,quiet,transit] [--cost free|USD]\n"
    "                              [--group-size N] [--peer-run yes|no] [--substance-free yes|no]\n"
    "                              [--virtual yes|no] [--drop-in yes|no] [--languages L,...]\n\n"
    "Sets belong's own attributes of an activity. Values set here are kept when the\n"
    "directory is imported again. --access and --tags replace the whole list.\n\n"
    "Examples:\n"
    "  belong activity set 42 --category gardening-nature --tags plants,outdoors --intensity 1\n"
    "  belong activity set 42 --access wheelchair,quiet --cost free --peer-run yes\n";

/* Parses "free" or a dollar amount such as "12" or "7.50" into cents. */
static bool parse_cost(const char *s, int *cents_out)
{
    if (strcasecmp(s, "free") == 0) {
        *cents_out = 0;
        return true;
    }
    return parse_usd_cents(s, COST_USD_MAX, cents_out);
}

/* Lower-cases a comma list and trims blanks around items. Returns a heap string. */
static char *normalise_list(const char *s)
{
    struct buf out = {0};
    const char *p = s;
    while (*p) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        const char *end = p;
        while (*end && *end != ',')
            end++;
        const char *last = end;
        while (last > p && isspace((unsigned char)last[-1]))
            last--;
        if (last > p) {
            if (out.len)
                buf_putc(&out, ',');
            for (const char *c = p; c < last; c++)
                buf_putc(&out, (char)tolower((unsigned char)*c));
        }
        p = end;
    }
    return buf_detach(&out);
}

/* Returns 0 when slug names a category in data/categories.tsv, else reports and fails. */
static int check_category(const char *slug)
{
    struct app_error err;
    int rc = app_category_check(slug, &err);
    return rc == BELONG_OK ? rc : cli_fail("activity set", &err);
}

static int activity_set(struct cli *cli, int argc, char **argv)
{
    enum {
        OPT_CATEGORY = 1,
        OPT_TAGS,
        OPT_INTENSITY,
        OPT_ACCESS,
        OPT_COST,
        OPT_GROUP_SIZE,
        OPT_PEER_RUN,
        OPT_SUBSTANCE_FREE,
        OPT_VIRTUAL,
        OPT_DROP_IN,
        OPT_LANGUAGES,
        OPT_HELP,
    };
    static const struct option options[] = {
        {"category", required_argument, NULL, OPT_CATEGORY},
        {"tags", required_argument, NULL, OPT_TAGS},
        {"intensity", required_argument, NULL, OPT_INTENSITY},
        {"access", required_argument, NULL, OPT_ACCESS},
        {"cost", required_argument, NULL, OPT_COST},
        {"group-size", required_argument, NULL, OPT_GROUP_SIZE},
        {"peer-run", required_argument, NULL, OPT_PEER_RUN},
        {"substance-free", required_argument, NULL, OPT_SUBSTANCE_FREE},
        {"virtual", required_argument, NULL, OPT_VIRTUAL},
        {"drop-in", required_argument, NULL, OPT_DROP_IN},
        {"languages", required_argument, NULL, OPT_LANGUAGES},
        {"help", no_argument, NULL, OPT_HELP},
        {0, 0, 0, 0},
    };
    struct activity a = {0};
    a.cost_cents = COST_UNKNOWN;
    a.peer_run = a.substance_free = a.drop_in = TRI_UNKNOWN;
    unsigned which = 0;
    int rc = BELONG_OK;
    long number;
    int yes_no;
    char bad[64];

    opterr = 0;
    optind = 1;
    int opt;
    while (rc == BELONG_OK && (opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case OPT_HELP:
            fputs(activity_help, stdout);
            goto out;
        case OPT_CATEGORY:
            rc = check_category(optarg);
            if (rc != BELONG_OK)
                break;
            free(a.category);
            a.category = xstrdup(optarg);
            which |= ATTR_CATEGORY;
            break;
        case OPT_TAGS:
            free(a.tags);
            a.tags = normalise_list(optarg);
            which |= ATTR_TAGS;
            break;
        case OPT_INTENSITY:
            if (!cli_parse_int(optarg, INTENSITY_MIN, INTENSITY_MAX, &number)) {
                rc = cli_usage_error("activity set",
                                     "--intensity: '%s' is not a whole number "
                                     "from 1 to 5",
                                     optarg);
                break;
            }
            a.intensity = (int)number;
            which |= ATTR_INTENSITY;
            break;
        case OPT_ACCESS:
            if (!access_parse(optarg, &a.access, bad, sizeof bad)) {
                rc = cli_usage_error("activity set",
                                     "--access: unknown need '%s' (use "
                                     "wheelchair, asl, quiet, transit)",
                                     bad);
                break;
            }
            which |= ATTR_ACCESS;
            break;
        case OPT_COST:
            if (!parse_cost(optarg, &a.cost_cents)) {
                rc = cli_usage_error("activity set",
                                     "--cost: '%s' is not 'free' or an amount "
                                     "in dollars",
                                     optarg);
                break;
            }
            which |= ATTR_COST;
            break;
        case OPT_GROUP_SIZE:
            if (!cli_parse_int(optarg, 1, 100000, &number)) {
                rc = cli_usage_error("activity set",
                                     "--group-size: '%s' is not a positive "
                                     "whole number",
                                     optarg);
                break;
            }
            a.group_size = (int)number;
            which |= ATTR_GROUP_SIZE;
            break;
        case OPT_PEER_RUN:
        case OPT_SUBSTANCE_FREE:
        case OPT_VIRTUAL:
        case OPT_DROP_IN: {
            bool yes;
            if (!parse_yes_no(optarg, &yes)) {
                rc = cli_usage_error("activity set", "--%s: '%s' is not yes or no",
                                     options[opt - 1].name, optarg);
                break;
            }
            yes_no = yes ? TRI_YES : TRI_NO;
            if (opt == OPT_PEER_RUN) {
                a.peer_run = yes_no;
                which |= ATTR_PEER_RUN;
            } else if (opt == OPT_SUBSTANCE_FREE) {
                a.substance_free = yes_no;
                which |= ATTR_SUBSTANCE_FREE;
            } else if (opt == OPT_VIRTUAL) {
                a.is_virtual = yes_no == TRI_YES;
                which |= ATTR_VIRTUAL;
            } else {
                a.drop_in = yes_no;
                which |= ATTR_DROP_IN;
            }
            break;
        }
        case OPT_LANGUAGES:
            free(a.languages);
            a.languages = xstrdup(optarg);
            which |= ATTR_LANGUAGES;
            break;
        default:
            rc = cli_bad_option("activity set", opt, argc, argv);
        }
    }
    if (rc != BELONG_OK)
        goto out;
    long id;
    if (optind + 1 != argc || !cli_parse_int(argv[optind], 1, INT64_MAX / 2, &id)) {
        rc = cli_usage_error("activity set", "expected one activity ID");
        goto out;
    }
    if (!which) {
        rc = cli_usage_error("activity set", "nothing to set");
        goto out;
    }
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        goto out;
    struct app_error err;
    rc = app_activity_set(app, id, &a, which, &err);
    if (rc != BELONG_OK)
        cli_fail("activity set", &err);
    else
        printf("activity %ld updated\n", id);
out:
    activity_free(&a);
    return rc;
}

int cmd_activity(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "set") == 0)
        return activity_set(cli, argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(activity_help, stdout);
        return BELONG_OK;
    }
    fputs(activity_help, stderr);
    return BELONG_EUSAGE;
}

static const char refresh_help[] =
    "usage: belong refresh [--horizon DAYS]\n\n"
    "Re-expands every active activity's schedules into occurrences from today for the\n"
    "horizon (default 120 days; --horizon changes and stores it). Run it daily, e.g. from cron.\n\n"
    "Examples:\n"
    "  belong refresh\n"
    "  belong refresh --horizon 180\n";

int cmd_refresh(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"horizon", required_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    long horizon_days = 0;
    opterr = 0;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (opt == 'h') {
            fputs(refresh_help, stdout);
            return BELONG_OK;
        }
        if (opt != 'H')
            return cli_bad_option("refresh", opt, argc, argv);
        if (!cli_parse_int(optarg, 1, 3660, &horizon_days))
            return cli_usage_error(
                "refresh", "--horizon: '%s' is not a number of days from 1 to 3660", optarg);
    }
    if (optind != argc)
        return cli_usage_error("refresh", "unexpected argument '%s'", argv[optind]);
    int rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct import_stats stats;
    struct diag diag = {0};
    struct app_error err;
    rc = app_refresh(app, (int)horizon_days, &diag, &stats, &err);
    diag_print(&diag, stderr);
    diag_free(&diag);
    if (rc != BELONG_OK)
        return cli_fail("refresh", &err);
    fprintf(stderr, "refreshed %ld activities, %ld occurrences", stats.activities,
            stats.occurrences);
    if (stats.rejected)
        fprintf(stderr, ", %ld whose schedules cannot be expanded", stats.rejected);
    fputc('\n', stderr);
    return BELONG_OK;
}
