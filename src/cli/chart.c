/* chart.c — `belong chart PEER ucla3|lsns6|network|ecomap [--as-of D] [--out FILE]`: a peer's
** progress as a standalone SVG file (an XML declaration and one <svg> element), drawn by the
** operation app_chart from the records.
*/
#include <getopt.h>
#include <stdio.h>

#include "../app/app_charts.h"
#include "cli.h"

static const char chart_help[] =
    "usage: belong chart PEER CHART [--as-of YYYY-MM-DD] [--out FILE] [--cps NAME]\n\n"
    "Draws a peer's progress from their records as a standalone SVG image (readable in any\n"
    "browser, printable, with a text alternative for screen readers): an XML declaration and\n"
    "one <svg> element with a viewBox and no fixed size, so it fills a phone's or a page's\n"
    "width. CHART is one of:\n"
    "  ucla3     the UCLA-3 loneliness score at each measure (belong measure add), on its\n"
    "            3-9 scale, with the cut-off line at 6 (lonely)\n"
    "  lsns6     the LSNS-6 social network score, 0-30, with the cut-off line at 12 (below:\n"
    "            at risk of social isolation)\n"
    "  network   the network's size over time from the connections' history (belong\n"
    "            connection): the people in touch and the close ones (closeness 4 or 5),\n"
    "            at each change and on the last day\n"
    "  ecomap    the peer in the centre and the people in touch around them: line weight by\n"
    "            closeness, colour and dash by where they met, with a legend\n\n"
    "Records after --as-of (default today) are left out; the ecomap shows the people in touch\n"
    "that day. A chart with no records yet is drawn empty and says so. PEER is a peer ID of\n"
    "the acting CPS's caseload (--cps NAME, else $BELONG_CPS, else the login name), archived\n"
    "ones too; another is no such peer (exit 66).\n\n"
    "Options:\n"
    "  --as-of YYYY-MM-DD    draw the records up to this day (default: today)\n"
    "  -o, --out FILE        write the SVG to FILE (created readable by you only, replaced\n"
    "                        whole); default: stdout\n"
    "  --cps NAME            the acting CPS\n"
    "  -h, --help            this help\n\n"
    "Examples:\n"
    "  belong chart 1 ucla3 --out sam-ucla3.svg\n"
    "  belong chart 1 ecomap --as-of 2026-11-30 > sam-ecomap.svg\n";

int cmd_chart(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"as-of", required_argument, NULL, 'a'},
        {"out", required_argument, NULL, 'o'},
        {"cps", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *as_of = NULL, *out_path = NULL, *cps = NULL;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        switch (c) {
        case 'a':
            as_of = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'c':
            cps = optarg;
            break;
        case 'h':
            fputs(chart_help, stdout);
            return BELONG_OK;
        default:
            return cli_bad_option("chart", c, argc, argv);
        }
    }
    if (argc - optind < 2)
        return cli_usage_error("chart", "expected PEER CHART (ucla3, lsns6, network, ecomap)");
    if (argc - optind > 2)
        return cli_usage_error("chart", "unexpected argument '%s'", argv[optind + 2]);
    int64_t peer = 0;
    int rc = cli_peer_id("chart", argv[optind], &peer);
    if (rc || (rc = cli_acting_cps(cli, "chart", cps)))
        return rc;
    struct app *app = cli_open(cli, APP_READ, &rc);
    if (!app)
        return rc;
    struct buf svg = {0};
    struct app_error err;
    buf_puts(&svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if ((rc = app_chart(app, peer, argv[optind + 1], as_of, &svg, &err)) != BELONG_OK) {
        buf_free(&svg);
        return cli_fail("chart", &err);
    }
    rc = cli_write_output("chart", out_path, buf_str(&svg), svg.len);
    buf_free(&svg);
    return rc;
}
