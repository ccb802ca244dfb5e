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
#include "../directory/attributes.h"
#include "../util/buf.h"
#include "../util/money.h"
#include "../util/text.h"
#include "cli.h"

static const char activity_help[] =
    "usage: belong activity set ID [--category C] [--tags T,...] [--intensity 1-5]\n"
    "                              [--access wheelchair,asl,quiet,transit] [--cost free|USD]\n"
    "                              [--group-size N] [--peer-run yes|no] [--substance-free yes|no]\n"
    "                              [--virtual yes|no] [--drop-in yes|no] [--languages L,...]\n"
    "                              [--audience "
    "deaf,women,men,veterans,lgbtq,youth,older-adults]\n"
    "       belong activity set ID --reset FIELD,...|all\n\n"
    "Sets belong's own attributes of an activity. Values set here are kept when the\n"
    "directory is imported again. --access and --tags replace the whole list. --audience\n"
    "says who it is for ('' = everyone): recommend leaves it out for peers who are not.\n"
    "--reset gives fields set here back to the directory: each gets the value it had before it\n"
    "was first set, and the next import writes the directory's own. FIELD is an option's name\n"
    "without '--' (intensity, tags, peer-run...), or all.\n\n"
    "Examples:\n"
    "  belong activity set 42 --category gardening-nature --tags plants,outdoors --intensity 1\n"
    "  belong activity set 42 --access wheelchair,quiet --cost free --peer-run yes\n"
    "  belong activity set 42 --reset intensity,tags\n";

/* Returns 0 when slug names a category in data/categories.tsv, else reports and fails. */
static int check_category(const char *slug)
{
    struct app_error err;
    int rc = app_category_check(slug, &err);
    return rc == BELONG_OK ? rc : cli_fail("activity set", &err);
}

/* The usage error for a value of attribute d that activity_attr_parse refused (bad: the
** unknown access word). */
static int bad_value(const struct activity_attr_def *d, const char *value, const char *bad)
{
    const char *cmd = "activity set";
    switch (d->kind) {
    case AK_INTENSITY:
        return cli_usage_error(cmd, "--intensity: '%s' is not a whole number from 1 to 5", value);
    case AK_ACCESS:
        return cli_usage_error(cmd,
                               "--access: unknown need '%s' (use wheelchair, asl, quiet, "
                               "transit)",
                               bad);
    case AK_COST:
        return cli_usage_error(cmd, "--cost: '%s' is not 'free' or an amount in dollars", value);
    case AK_GROUP_SIZE:
        return cli_usage_error(cmd, "--group-size: '%s' is not a whole number from 1 to %d", value,
                               GROUP_SIZE_MAX);
    case AK_YES_NO:
        return cli_usage_error(cmd, "--%s: '%s' is not yes or no", d->name, value);
    case AK_AUDIENCE:
        return cli_usage_error(cmd, "--audience: %s", bad);
    default:
        return cli_usage_error(cmd, "--%s: '%s' is not a valid value", d->name, value);
    }
}

/* Parses --reset's "intensity,tags" (the options' names) or "all" into attribute bits. Returns
** false with the unknown item in bad. */
static bool parse_reset(const char *list, unsigned *which, char *bad, size_t bad_len)
{
    const char *p = list, *item;
    size_t n;
    bool any = false;
    while (comma_list_next(&p, &item, &n)) {
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)n, item);
        const struct activity_attr_def *d = activity_attr_by_name(name);
        if (strcmp(name, "all") == 0) {
            for (size_t i = 0; i < activity_attr_count; i++)
                *which |= activity_attrs[i].bit;
        } else if (d) {
            *which |= d->bit;
        } else {
            snprintf(bad, bad_len, "%s", name);
            return false;
        }
        any = true;
    }
    snprintf(bad, bad_len, "%s", list);
    return any;
}

/* Reads the attribute options into *a, the attributes given into *which, and --reset's
** attributes into *reset. Returns 0, -1 when --help was shown, or a usage error. */
static int read_attributes(int argc, char **argv, struct activity *a, unsigned *which,
                           unsigned *reset)
{
    enum { OPT_HELP = 1, OPT_ATTR, OPT_RESET };
    /* One option per attribute of the table (directory/attributes.c), then --help. */
    struct option options[16];
    size_t n = 0;
    for (; n < activity_attr_count && n + 3 < sizeof options / sizeof *options; n++)
        options[n] = (struct option){activity_attrs[n].name, required_argument, NULL, OPT_ATTR};
    options[n++] = (struct option){"reset", required_argument, NULL, OPT_RESET};
    options[n++] = (struct option){"help", no_argument, NULL, OPT_HELP};
    options[n] = (struct option){0, 0, 0, 0};
    opterr = 0;
    optind = 1;
    int opt, index = 0;
    while ((opt = getopt_long(argc, argv, "", options, &index)) != -1) {
        if (opt == OPT_HELP) {
            fputs(activity_help, stdout);
            return -1;
        }
        if (opt == OPT_RESET) {
            char bad[64];
            if (!parse_reset(optarg, reset, bad, sizeof bad))
                return cli_usage_error("activity set",
                                       "--reset: unknown field '%s' (use an option's name, e.g. "
                                       "intensity,tags, or all)",
                                       bad);
            continue;
        }
        if (opt != OPT_ATTR)
            return cli_bad_option("activity set", opt, argc, argv);
        const struct activity_attr_def *d = &activity_attrs[index];
        char bad[200] = "";
        if (d->kind == AK_CATEGORY && check_category(optarg) != BELONG_OK)
            return BELONG_EUSAGE;
        if (!activity_attr_parse(d, optarg, false, a, bad, sizeof bad))
            return bad_value(d, optarg, bad);
        *which |= d->bit;
    }
    return BELONG_OK;
}

static int activity_set(struct cli *cli, int argc, char **argv)
{
    struct activity a = {0};
    a.cost_cents = COST_UNKNOWN;
    a.peer_run = a.substance_free = a.drop_in = TRI_UNKNOWN;
    unsigned which = 0, reset = 0;
    int rc = read_attributes(argc, argv, &a, &which, &reset);
    if (rc != BELONG_OK) {
        rc = rc < 0 ? BELONG_OK : rc;
        goto out;
    }
    long id;
    if (optind + 1 != argc || !cli_parse_int(argv[optind], 1, INT64_MAX / 2, &id)) {
        rc = cli_usage_error("activity set", "expected one activity ID");
        goto out;
    }
    if (!which && !reset) {
        rc = cli_usage_error("activity set", "nothing to set");
        goto out;
    }
    if (which && reset) {
        rc = cli_usage_error("activity set", "--reset goes alone: set or reset, not both");
        goto out;
    }
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        goto out;
    struct app_error err;
    rc = reset ? app_activity_reset(app, id, reset, &err)
               : app_activity_set(app, id, &a, which, &err);
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
    cli->app.bulk_listings = APP_BULK_ALL; /* every listing is written again */
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
