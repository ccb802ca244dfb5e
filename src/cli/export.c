/* export.c — `belong export ical --peer ID`: the activities a peer chose, as an iCalendar file
** for their phone (the engagement records' plans take over once they exist).
*/
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/app_matching.h"
#include "../util/privfile.h"
#include "../util/timeutil.h"
#include "cli.h"

static const char export_help[] =
    "usage: belong export ical --peer ID [--cps NAME] [-o FILE]\n\n"
    "Writes the activities a peer of your caseload chose (belong recommend PEER --choose ID)\n"
    "as an iCalendar (.ics) file for their phone: one event per activity with its repeat\n"
    "rule, local start time and time zone, and skipped dates. Without -o it goes to stdout.\n"
    "The file is created readable by you only.\n\n"
    "Examples:\n"
    "  belong export ical --peer 3 -o sam.ics\n"
    "  belong export ical --peer 3 --cps maria > sam.ics\n";

int cmd_export(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"peer", required_argument, NULL, 'p'},
        {"cps", required_argument, NULL, 'c'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *peer_arg = NULL, *cps_flag = NULL, *out_path = NULL;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
        switch (c) {
        case 'p':
            peer_arg = optarg;
            break;
        case 'c':
            cps_flag = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'h':
            fputs(export_help, stdout);
            return BELONG_OK;
        default:
            return cli_bad_option("export", c, argc, argv);
        }
    }
    if (optind >= argc || strcmp(argv[optind], "ical") != 0)
        return cli_usage_error("export", "expected a format: ical");
    if (optind + 1 < argc)
        return cli_usage_error("export", "unexpected argument '%s'", argv[optind + 1]);
    long peer_id;
    if (!peer_arg)
        return cli_usage_error("export", "--peer: which peer? give --peer ID");
    if (!cli_parse_int(peer_arg, 1, 0x7fffffffL, &peer_id))
        return cli_usage_error("export", "--peer: '%s' is not a peer id", peer_arg);
    int rc = cli_acting_cps(cli, "export", cps_flag);
    if (rc != BELONG_OK)
        return rc;
    struct app *app = cli_open(cli, APP_READ, &rc);
    if (!app)
        return rc;
    struct app_plan x;
    struct app_error err;
    char *text = NULL;
    char msg[256] = "";
    rc = app_plan_get(app, peer_id, &x, &err);
    if (rc != BELONG_OK) {
        cli_fail("export", &err);
        goto out;
    }
    for (size_t i = 0; i < x.n; i++)
        if (!x.items[i].activity->active)
            fprintf(stderr,
                    "belong export: note: '%s' is no longer listed by its directory; it is "
                    "exported as it was\n",
                    x.items[i].activity->name);
    rc = ical_write_calendar(x.items, x.n, app->now, &text, msg, sizeof msg);
    if (rc != BELONG_OK) {
        cli_error(rc, "export", "%s", msg);
        goto out;
    }
    rc = cli_write_output("export", out_path, text, strlen(text));
    if (rc == BELONG_OK && out_path)
        fprintf(stderr, "belong export: %zu chosen activit%s written to %s\n", x.n,
                x.n == 1 ? "y" : "ies", out_path);
out:
    free(text);
    app_plan_free(&x);
    return rc;
}
