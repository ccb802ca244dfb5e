/* peer_records.c — `belong peer export ID` (right of access: everything belong holds about a
** peer, as one JSON document) and `belong peer delete ID --yes` (right of erasure), through the
** operations of app/app_peer_records.h.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_peer_records.h"
#include "../util/buf.h"
#include "../util/privfile.h"
#include "../util/timeutil.h"
#include "cli.h"

/* The options of export and delete. */
struct records_opts {
    const char *out, *report, *cps;
    bool yes;
};

/* Parses "SUB ID [options]" (argv[0] is SUB). OUT: *id, *o. */
static int parse(const char *cmd, const char *help, int argc, char **argv, int64_t *id,
                 struct records_opts *o, bool *helped)
{
    static const struct option options[] = {
        {"out", required_argument, NULL, 'o'}, {"report", required_argument, NULL, 'r'},
        {"cps", required_argument, NULL, 'c'}, {"yes", no_argument, NULL, 'y'},
        {"help", no_argument, NULL, 'h'},      {NULL, 0, NULL, 0},
    };
    *o = (struct records_opts){0};
    *helped = false;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        switch (c) {
        case 'o':
            o->out = optarg;
            break;
        case 'r':
            o->report = optarg;
            break;
        case 'c':
            o->cps = optarg;
            break;
        case 'y':
            o->yes = true;
            break;
        case 'h':
            fputs(help, stdout);
            *helped = true;
            return BELONG_OK;
        default:
            return cli_bad_option(cmd, c, argc, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error(cmd, "expected ID (a peer ID)");
    if (optind + 1 < argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
    return cli_peer_id(cmd, argv[optind], id);
}

static const char export_help[] =
    "usage: belong peer export ID [--out FILE] [--report FILE] [--cps NAME]\n\n"
    "Everything belong holds about a peer of your caseload (archived ones too), as one JSON\n"
    "document, for the peer's right of access: the profile with their comfort level's\n"
    "history, their choices on suggestions and the history of them, every measure with its\n"
    "answers and scores, every connection with its history, their plans and visits (with\n"
    "their reflections), and the audit trail about them: who viewed, changed or exported\n"
    "their record, when and from where (docs/privacy.md lists every key). To stdout, or to\n"
    "FILE (created readable by you only). Give it to the peer, and keep it off shared\n"
    "folders: it is their personal data. The export is audited once, as peer.export.\n\n"
    "  --out FILE       write the JSON document to FILE instead of stdout\n"
    "  --report FILE    also write the printable progress report (a self-contained HTML page:\n"
    "                   charts and timeline) to FILE, created readable by you only; not for\n"
    "                   an archived peer (peer unarchive first)\n\n"
    "Example:\n"
    "  belong peer export 3 --out sam-records.json --report sam-report.html\n";

int cmd_peer_export(struct cli *cli, int argc, char **argv)
{
    const char *cmd = "peer export";
    struct records_opts o;
    int64_t id = 0;
    bool helped;
    int rc = parse(cmd, export_help, argc, argv, &id, &o, &helped);
    if (rc || helped)
        return rc;
    if (o.yes)
        return cli_usage_error(cmd, "--yes is for peer delete");
    if (o.report && o.out && strcmp(o.report, o.out) == 0)
        return cli_usage_error(cmd, "--out and --report name the same file '%s'", o.out);
    if ((rc = cli_acting_cps(cli, cmd, o.cps)))
        return rc;
    /* The files first: the export is audited as made, so one that could not be written would
    ** leave an "ok" row for records that never left belong. */
    const char *outputs[] = {o.report, o.out};
    for (size_t i = 0; i < sizeof outputs / sizeof *outputs; i++) {
        char why[512];
        if (outputs[i] && private_file_check(outputs[i], why, sizeof why) != BELONG_OK)
            return cli_error(BELONG_EIO, cmd, "%s", why);
    }
    struct app *app = cli_open(cli, APP_WRITE, &rc); /* the read is audited (access.c) */
    if (!app)
        return rc;
    struct app_peer_record r;
    struct app_error err;
    struct buf report = {0};
    if ((rc = app_peer_export(app, id, &r, o.report ? &report : NULL, &err)) != BELONG_OK) {
        app_peer_record_free(&r);
        buf_free(&report);
        return cli_fail(cmd, &err);
    }
    /* The report first: a refused file leaves the JSON unwritten too. */
    if (o.report && (rc = cli_write_output(cmd, o.report, buf_str(&report), report.len))) {
        app_peer_record_free(&r);
        buf_free(&report);
        return rc;
    }
    buf_free(&report);
    json_t *doc = app_peer_record_json(app, &r);
    app_peer_record_free(&r);
    char *text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(doc);
    if (!text)
        return cli_error(BELONG_EINTERNAL, cmd, "out of memory");
    size_t len = strlen(text);
    text = realloc(text, len + 2);
    if (!text)
        return cli_error(BELONG_EINTERNAL, cmd, "out of memory");
    memcpy(text + len, "\n", 2);
    rc = cli_write_output(cmd, o.out, text, len + 1);
    free(text);
    return rc;
}

static const char delete_help[] =
    "usage: belong peer delete ID --yes [--cps NAME]\n\n"
    "Erases a peer of your caseload (archived ones too) and every record about them: the\n"
    "profile, their choices, measures and connections, for the peer's right of erasure. It\n"
    "cannot be undone: belong overwrites the deleted content in the database file and empties\n"
    "its write-ahead log (copies and backups of the file are not touched). --yes says you\n"
    "mean it. To keep the records but hide the peer, use belong peer archive; to give the\n"
    "peer their records first, belong peer export.\n\n"
    "Example:\n"
    "  belong peer export 3 --out sam-records.json && belong peer delete 3 --yes\n";

int cmd_peer_delete(struct cli *cli, int argc, char **argv)
{
    const char *cmd = "peer delete";
    struct records_opts o;
    int64_t id = 0;
    bool helped;
    int rc = parse(cmd, delete_help, argc, argv, &id, &o, &helped);
    if (rc || helped)
        return rc;
    if (o.out || o.report)
        return cli_usage_error(cmd, "--%s is for peer export", o.out ? "out" : "report");
    if (!o.yes)
        return cli_usage_error(cmd,
                               "this erases peer %lld and every record about them for good: "
                               "give --yes (peer archive %lld keeps them hidden instead)",
                               (long long)id, (long long)id);
    if ((rc = cli_acting_cps(cli, cmd, o.cps)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct app_erased gone;
    struct app_error err;
    if ((rc = app_peer_erase(app, id, &gone, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    printf("Erased peer %lld: the profile, %lld measure%s, %lld connection%s, %lld choice%s.\n",
           (long long)id, gone.measures, gone.measures == 1 ? "" : "s", gone.connections,
           gone.connections == 1 ? "" : "s", gone.choices, gone.choices == 1 ? "" : "s");
    return BELONG_OK;
}
