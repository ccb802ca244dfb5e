/* audit.c — `belong audit`: the audit trail of peer records (who, when, what, which peer, from
** where, and what came of it), for a supervisor (their team's) or an admin (all), through
** app_audit_list (app/access.c).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_accounts.h"
#include "cli.h"

static const char audit_help[] =
    "usage: belong audit [--peer ID] [--user NAME] [--since YYYY-MM-DD] [--json] [--cps NAME]\n\n"
    "The audit trail (docs/privacy.md): every view, change, export and deletion of a peer\n"
    "record and every refused access, with who, when (UTC), what, which peer, from where\n"
    "(cli, or the web client's address) and the outcome; logins too. Rows are only ever\n"
    "added: no command of belong changes or deletes them.\n\n"
    "Outcomes:\n"
    "  ok        done (a change is written with it, in one transaction)\n"
    "  refused   not allowed: another caseload's peer, or none, or no right\n"
    "  invalid   a change of one's own peer refused for what was given (a bad date, value,\n"
    "            record, or an archived peer); nothing was changed\n"
    "  failed    a change the database or the disk failed; nothing was changed\n\n"
    "Only a supervisor (the rows of their team and their own) or an admin (all rows) may read\n"
    "it; the acting handle is --cps NAME, else $BELONG_CPS, else the login name. Anyone else:\n"
    "exit 77.\n\n"
    "Options:\n"
    "  --peer ID             only the rows about this peer\n"
    "  --user NAME           only the rows of this user (the acting handle of the row)\n"
    "  --since YYYY-MM-DD    only the rows from this day on (UTC)\n"
    "  --cps NAME            the acting handle\n"
    "  --json                as a JSON array of {id, at, user, operation, peer, origin,\n"
    "                        outcome}\n"
    "  -h, --help            this help\n\n"
    "Examples:\n"
    "  belong audit --cps pat\n"
    "  belong audit --peer 3 --since 2026-12-01 --json --cps lee\n";

enum { OPT_PEER = 1, OPT_USER, OPT_SINCE, OPT_CPS, OPT_JSON };

int cmd_audit(struct cli *cli, int argc, char **argv)
{
    static const char cmd[] = "audit";
    static const struct option opts[] = {
        {"peer", required_argument, NULL, OPT_PEER},
        {"user", required_argument, NULL, OPT_USER},
        {"since", required_argument, NULL, OPT_SINCE},
        {"cps", required_argument, NULL, OPT_CPS},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *user = NULL, *cps = NULL;
    int64_t peer = 0;
    time_t since = 0;
    bool json = false;
    int rc, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        struct civil_date d;
        switch (c) {
        case 'h':
            fputs(audit_help, stdout);
            return BELONG_OK;
        case OPT_PEER:
            if ((rc = cli_peer_id(cmd, optarg, &peer)))
                return rc;
            break;
        case OPT_USER:
            user = optarg;
            break;
        case OPT_SINCE:
            if ((rc = cli_date_option(cmd, "--since", optarg, &d)))
                return rc;
            since = (time_t)days_from_civil(&d) * 86400;
            break;
        case OPT_CPS:
            cps = optarg;
            break;
        case OPT_JSON:
            json = true;
            break;
        default:
            return cli_bad_option(cmd, c, argc, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if ((rc = cli_acting_cps(cli, cmd, cps)))
        return rc;
    struct app *app = cli_open(cli, APP_READ, &rc);
    if (!app)
        return rc;
    struct app_audit_row *rows = NULL;
    size_t n = 0;
    struct app_error err;
    if ((rc = app_audit_list(app, peer, user, since, &rows, &n, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    json_t *arr = json ? json_array() : NULL;
    if (!json && n)
        printf("%-20s %-20s %-18s %-6s %-16s %s\n", "WHEN (UTC)", "USER", "WHAT", "PEER", "FROM",
               "OUTCOME");
    for (size_t i = 0; i < n; i++) {
        const struct app_audit_row *r = &rows[i];
        char when[32];
        struct tm tm;
        gmtime_r(&r->at, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        if (json) {
            json_array_append_new(
                arr, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)r->id, "at",
                               when, "user", r->actor, "operation", r->operation, "peer",
                               r->peer_id ? json_integer(r->peer_id) : json_null(), "origin",
                               r->origin, "outcome", r->outcome));
        } else {
            char peer_text[24];
            snprintf(peer_text, sizeof peer_text, r->peer_id ? "%lld" : "-", (long long)r->peer_id);
            printf("%-20s %-20s %-18s %-6s %-16s %s\n", when, r->actor, r->operation, peer_text,
                   r->origin, r->outcome);
        }
    }
    free(rows);
    if (json)
        return cli_print_json(arr);
    if (!n)
        fputs("no audit rows\n", stderr);
    return BELONG_OK;
}
