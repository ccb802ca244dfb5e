/* report.c — `belong report peer|plan|caseload`: the reports (app_reports.h) written to stdout
** or a file (--out): a peer's progress report and "my connection plan" as self-contained HTML,
** the caseload report as JSON, HTML or de-identified CSV.
*/
#include <stdio.h>
#include <stdlib.h>

#include "../app/app_reports.h"
#include "cli.h"

static const char report_help[] =
    "usage: belong report peer PEER --html [--out FILE] [--cps NAME]\n"
    "       belong report plan PEER --html [--out FILE] [--cps NAME]\n"
    "       belong report caseload [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
    "                              [--html|--csv|--json] [--out FILE] [--cps NAME]\n\n"
    "Writes a report as one self-contained file (inline style and SVG, nothing fetched, no\n"
    "script; prints well and reads at phone width):\n"
    "  peer      a peer's progress: the charts (UCLA-3 and LSNS-6 with their cut-offs, comfort\n"
    "            before and after each visit, network size over time, the ecomap) and the\n"
    "            timeline of their plans, visits, connections and measures\n"
    "  plan      \"my connection plan\", for the peer in plain language: their interests in\n"
    "            their words, their next three steps with dates, each place and how to get\n"
    "            there, and who they can call (their CPS; friends, mentors and peers met)\n"
    "  caseload  the acting CPS's caseload (a supervisor's: their team's too, each peer with\n"
    "            its CPS) over a period (default: the 90 days ending --to,\n"
    "            --to default today): active peers, activities tried, attendance rate, the\n"
    "            change in UCLA-3 and LSNS-6 (n, mean, SD, median), peers at risk with no plan\n"
    "            in the last 30 days (docs/practice.md defines each figure). --json (default)\n"
    "            and --html name the peers; --csv is de-identified for agency reporting: one\n"
    "            row a peer under a pseudonym drawn anew in every export, no names, no free\n"
    "            text, dates to the month.\n\n"
    "PEER is a peer ID of the acting CPS's caseload (--cps NAME, else $BELONG_CPS, else the\n"
    "login name), not archived; another is no such peer (exit 66).\n\n"
    "Options:\n"
    "  --html                an HTML page (peer and plan: the only form, may be left out)\n"
    "  --csv                 caseload: de-identified CSV\n"
    "  --json                caseload: the figures as JSON (the default)\n"
    "  --from YYYY-MM-DD     caseload: the period's first day\n"
    "  --to YYYY-MM-DD       caseload: the period's last day\n"
    "  --out FILE            write to FILE (created readable by you only, replaced whole);\n"
    "                        default: stdout\n"
    "  --cps NAME            the acting CPS\n"
    "  -h, --help            this help\n\n"
    "Examples:\n"
    "  belong report peer 1 --html --out sam-report.html\n"
    "  belong report plan 1 --html --out sam-plan.html\n"
    "  belong report caseload --from 2026-09-01 --to 2026-11-30 --csv --out agency.csv\n";

struct report_opts {
    const char *from, *to, *out, *cps;
    char form; /* 'H' html, 'C' csv, 'J' json, 0 not given */
    int forms;
};

static int report_option(void *ctx, int c, const char *arg)
{
    struct report_opts *o = ctx;
    switch (c) {
    case 'H':
    case 'C':
    case 'J':
        o->form = (char)c;
        o->forms++;
        break;
    case 'f':
        o->from = arg;
        break;
    case 't':
        o->to = arg;
        break;
    case 'o':
        o->out = arg;
        break;
    case 'c':
        o->cps = arg;
        break;
    }
    return BELONG_OK;
}

/* The peer and plan reports: HTML only. */
static int report_page(struct cli *cli, const char *cmd, int n, char **operands,
                       const struct report_opts *o,
                       int (*write)(struct app *, int64_t, struct buf *, struct app_error *))
{
    if (o->form && o->form != 'H')
        return cli_usage_error(cmd, "only --html is written (--csv and --json are for caseload)");
    if (o->from || o->to)
        return cli_usage_error(cmd, "--from and --to are for report caseload");
    int64_t id = 0;
    int rc = cli_peer_operand(cli, cmd, n, operands, o->cps, &id);
    if (rc)
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc); /* the reads are audited (access.c) */
    if (!app)
        return rc;
    struct buf html = {0};
    struct app_error err;
    if ((rc = write(app, id, &html, &err)) != BELONG_OK) {
        buf_free(&html);
        return cli_fail(cmd, &err);
    }
    rc = cli_write_output(cmd, o->out, buf_str(&html), html.len);
    buf_free(&html);
    return rc;
}

static int report_caseload(struct cli *cli, int n, char **operands, const struct report_opts *o)
{
    const char *cmd = "report caseload";
    if (n > 0)
        return cli_usage_error(cmd, "unexpected argument '%s'", operands[0]);
    int rc = cli_acting_cps(cli, cmd, o->cps);
    if (rc)
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc); /* the reads are audited (access.c) */
    if (!app)
        return rc;
    struct report_caseload r;
    struct app_error err;
    /* the de-identified CSV never opens a name */
    if ((rc = app_report_caseload_read(app, o->from, o->to, o->form != 'C', &r, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    struct buf text = {0};
    if (o->form == 'H')
        app_report_caseload_html(&r, &text);
    else if (o->form == 'C')
        app_report_caseload_csv(&r, &text);
    else {
        json_t *v = app_report_caseload_json(&r);
        char *s = v ? json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
        json_decref(v);
        if (!s) {
            app_report_caseload_free(&r);
            return cli_error(BELONG_EINTERNAL, cmd, "out of memory writing JSON");
        }
        buf_printf(&text, "%s\n", s);
        free(s);
    }
    app_report_caseload_free(&r);
    rc = cli_write_output(cmd, o->out, buf_str(&text), text.len);
    buf_free(&text);
    return rc;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"html", no_argument, NULL, 'H'},
        {"csv", no_argument, NULL, 'C'},
        {"json", no_argument, NULL, 'J'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"out", required_argument, NULL, 'o'},
        {"cps", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const char *const subs[] = {"peer", "plan", "caseload"};
    struct report_opts o = {0};
    char **operands;
    int sub, n;
    int rc = cli_parse_subcommand("report", argc, argv, options, subs, sizeof subs / sizeof *subs,
                                  report_help, report_option, &o, &sub, &operands, &n);
    if (rc != BELONG_OK || sub < 0)
        return rc;
    if (o.forms > 1)
        return cli_usage_error("report", "give one of --html, --csv, --json");
    switch (sub) {
    case 0:
        return report_page(cli, "report peer", n, operands, &o, app_report_peer);
    case 1:
        return report_page(cli, "report plan", n, operands, &o, app_report_plan);
    default:
        return report_caseload(cli, n, operands, &o);
    }
}
