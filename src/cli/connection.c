/* connection.c — `belong connection add|edit|end|list`: the people a peer met, as text or
** --json, through the operations of app/app_connections.h. Only formats what they return.
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../app/app_connections.h"
#include "../engagement/connection_json.h"
#include "../util/buf.h"
#include "cli.h"

static const char connection_help[] =
    "usage: belong connection add PEER NAME --relationship R --closeness N\n"
    "                             [--met-at ACTIVITY | --met-place TEXT] [--date YYYY-MM-DD]\n"
    "                             [--last-contact YYYY-MM-DD] [--cps NAME] [--json]\n"
    "       belong connection edit CONNECTION [--relationship R] [--closeness N]\n"
    "                             [--last-contact YYYY-MM-DD] [--date YYYY-MM-DD] [--json]\n"
    "       belong connection end CONNECTION [--date YYYY-MM-DD] [--json]\n"
    "       belong connection list PEER [--as-of YYYY-MM-DD] [--cps NAME] [--json]\n\n"
    "The people a peer met: a first name or initials only (never a full name: they did not\n"
    "agree to be recorded), where they met, the relationship and how close they are. Every\n"
    "change is kept in the connection's history, so the network can be drawn over time\n"
    "(belong chart PEER network); losing touch is recorded with its date, never deleted.\n\n"
    "  connection add PEER NAME   records someone the peer met (NAME: 'Maria', 'Maria G.',\n"
    "                             'J.D.'; two names such as 'Maria Gonzalez' are refused)\n"
    "  connection edit CONNECTION a change from --date on (default today): a new\n"
    "                             relationship, closeness or last contact\n"
    "  connection end CONNECTION  they lost touch on --date (default today)\n"
    "  connection list PEER       the people met by --as-of (default today), as they were\n"
    "                             that day, in the order met\n\n"
    "PEER is a peer ID of the acting CPS's caseload (--cps NAME, else $BELONG_CPS, else the\n"
    "login name), not archived for add, edit and end; another is no such peer (exit 66), and\n"
    "a CONNECTION (the #ID add and list show) of such a peer no such connection (exit 66).\n"
    "A refused value exits 65 naming it, and nothing is written.\n\n"
    "Options:\n"
    "  --relationship R      acquaintance, friend, mentor, peer, family or professional\n"
    "  --closeness N         1 (not close) to 5 (very close)\n"
    "  --met-at ACTIVITY     add: where they met, an activity's ID in the directory\n"
    "  --met-place TEXT      add: where they met, when the place is not in the directory\n"
    "  --date YYYY-MM-DD     add: the day they met; edit: the day of the change; end: the day\n"
    "                        they lost touch (default: today; never in the future, never\n"
    "                        before the connection's last change)\n"
    "  --last-contact YYYY-MM-DD  when they were last in touch (add: default the day met)\n"
    "  --as-of YYYY-MM-DD    list: the day to show the network as it was\n"
    "  --cps NAME            the acting CPS\n"
    "  --json                as JSON: {id, peer, name, met_at, met_place, met_on,\n"
    "                        relationship, closeness, last_contact, ended_on, history: [{date,\n"
    "                        relationship, closeness, last_contact, ended}]} (list: {as_of,\n"
    "                        connections: [...]}, each as it was on as_of, its history\n"
    "                        up to that day)\n"
    "  -h, --help            this help\n\n"
    "Examples:\n"
    "  belong connection add 1 Maria --relationship friend --closeness 3 --met-at 12\n"
    "  belong connection add 1 'J.D.' --relationship mentor --closeness 2 \\\n"
    "      --met-place 'the library steps' --date 2026-11-03\n"
    "  belong connection edit 4 --closeness 4 --last-contact 2026-11-28\n"
    "  belong connection end 4 --date 2026-12-01\n"
    "  belong connection list 1 --as-of 2026-11-15 --json\n";

/* One line: "#4  Maria  friend, closeness 3 of 5, met at Garden Club (#12) on 2026-11-01;
** last contact 2026-11-20", or "... lost touch on D (was friend, closeness 2 of 5)". */
static void print_connection(const struct connection *c, const struct connection_change *st)
{
    if (!st)
        st = &c->history[c->n_history - 1];
    struct buf b = {0};
    buf_printf(&b, "#%lld  %s  ", (long long)c->id, c->name);
    if (st->ended)
        buf_printf(&b, "lost touch on %s (was %s, closeness %d of 5)", st->date, st->relationship,
                   st->closeness);
    else
        buf_printf(&b, "%s, closeness %d of 5", st->relationship, st->closeness);
    if (c->met_activity_id)
        buf_printf(&b, ", met at %s (#%lld)", c->met_activity ? c->met_activity : "an activity",
                   (long long)c->met_activity_id);
    else if (c->met_place)
        buf_printf(&b, ", met at %s", c->met_place);
    buf_printf(&b, "%s on %s", c->met_activity_id || c->met_place ? "" : ", met", c->met_on);
    if (!st->ended && st->last_contact[0])
        buf_printf(&b, "; last contact %s", st->last_contact);
    puts(buf_str(&b));
    buf_free(&b);
}

struct connection_opts {
    bool json;
    const char *cps, *as_of, *met_at;
    struct app_connection_request req;
};

/* Prints the result of add, edit or end. */
static int show_one(struct connection *c, bool json)
{
    int rc = BELONG_OK;
    if (json)
        rc = cli_print_json(connection_json(c, NULL));
    else
        print_connection(c, NULL);
    connection_free(c);
    return rc;
}

/* operands: PEER NAME. */
static int cmd_connection_add(struct cli *cli, int n, char **operands, struct connection_opts *o)
{
    const char *cmd = "connection add";
    if (o->as_of)
        return cli_usage_error(cmd, "--as-of is for connection list");
    if (n < 2)
        return cli_usage_error(cmd, "expected PEER NAME");
    if (n > 2)
        return cli_usage_error(cmd, "unexpected argument '%s' (a name with spaces: quote it)",
                               operands[2]);
    if (!o->req.relationship)
        return cli_usage_error(cmd, "expected --relationship R");
    if (!o->req.closeness)
        return cli_usage_error(cmd, "expected --closeness N (1-5)");
    if (o->met_at && o->req.met_place)
        return cli_usage_error(cmd, "give --met-at ACTIVITY or --met-place TEXT, not both");
    int64_t peer = 0;
    int rc = cli_peer_id(cmd, operands[0], &peer);
    if (!rc && o->met_at)
        rc = cli_record_id(cmd, o->met_at, "an activity", &o->req.met_activity_id);
    if (rc || (rc = cli_acting_cps(cli, cmd, o->cps)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    o->req.name = operands[1];
    struct connection c;
    struct app_error err;
    if ((rc = app_connection_add(app, peer, &o->req, &c, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    return show_one(&c, o->json);
}

/* operands: CONNECTION; edit or end. */
static int cmd_connection_change(struct cli *cli, const char *cmd, int n, char **operands,
                                 struct connection_opts *o)
{
    bool end = strcmp(cmd, "connection end") == 0;
    if (o->as_of)
        return cli_usage_error(cmd, "--as-of is for connection list");
    if (o->met_at || o->req.met_place)
        return cli_usage_error(cmd, "where they met is kept as recorded (--met-at and "
                                    "--met-place are for connection add)");
    if (end && (o->req.relationship || o->req.closeness || o->req.last_contact))
        return cli_usage_error(cmd, "end takes only --date (the day they lost touch)");
    if (n < 1)
        return cli_usage_error(cmd, "expected CONNECTION (its #ID, as connection list shows)");
    if (n > 1)
        return cli_usage_error(cmd, "unexpected argument '%s'", operands[1]);
    int64_t id = 0;
    int rc = cli_record_id(cmd, operands[0], "a connection", &id);
    if (rc || (rc = cli_acting_cps(cli, cmd, o->cps)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct connection c;
    struct app_error err;
    rc = end ? app_connection_end(app, id, o->req.date, &c, &err)
             : app_connection_edit(app, id, &o->req, &c, &err);
    if (rc != BELONG_OK)
        return cli_fail(cmd, &err);
    return show_one(&c, o->json);
}

/* operands: PEER. */
static int cmd_connection_list(struct cli *cli, int n, char **operands, struct connection_opts *o)
{
    const char *cmd = "connection list";
    if (o->req.relationship || o->req.closeness || o->req.last_contact || o->req.date ||
        o->met_at || o->req.met_place)
        return cli_usage_error(cmd, "list takes only --as-of, --cps and --json");
    if (n < 1)
        return cli_usage_error(cmd, "expected PEER");
    if (n > 1)
        return cli_usage_error(cmd, "unexpected argument '%s'", operands[1]);
    int64_t peer = 0;
    int rc = cli_peer_id(cmd, operands[0], &peer);
    if (rc || (rc = cli_acting_cps(cli, cmd, o->cps)))
        return rc;
    struct app *app = cli_open(cli, APP_READ, &rc);
    if (!app)
        return rc;
    struct connection *list;
    size_t count;
    char as_of[11];
    struct app_error err;
    if ((rc = app_connection_list(app, peer, o->as_of, &list, &count, as_of, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    if (o->json) {
        json_t *top = json_object(), *a = json_array();
        for (size_t i = 0; a && i < count; i++)
            json_array_append_new(a, connection_json(&list[i], connection_as_of(&list[i], as_of)));
        if (top) {
            json_object_set_new(top, "as_of", json_string(as_of));
            json_object_set_new(top, "connections", a);
        } else {
            json_decref(a);
        }
        rc = cli_print_json(top);
    } else {
        size_t ended = 0;
        for (size_t i = 0; i < count; i++)
            ended += connection_as_of(&list[i], as_of)->ended;
        printf("Connections as of %s: %zu current, %zu lost touch\n", as_of, count - ended, ended);
        for (size_t i = 0; i < count; i++)
            print_connection(&list[i], connection_as_of(&list[i], as_of));
    }
    connections_free(list, count);
    return rc;
}

/* Keeps one option of connection (cli_option_fn; ctx: struct connection_opts). */
static int connection_option(void *ctx, int c, const char *arg)
{
    struct connection_opts *o = ctx;
    switch (c) {
    case 'j':
        o->json = true;
        break;
    case 'r':
        o->req.relationship = arg;
        break;
    case 'n':
        o->req.closeness = arg;
        break;
    case 'a':
        o->met_at = arg;
        break;
    case 'p':
        o->req.met_place = arg;
        break;
    case 'd':
        o->req.date = arg;
        break;
    case 'l':
        o->req.last_contact = arg;
        break;
    case 'o':
        o->as_of = arg;
        break;
    case 'c':
        o->cps = arg;
        break;
    }
    return BELONG_OK;
}

int cmd_connection(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"relationship", required_argument, NULL, 'r'},
        {"closeness", required_argument, NULL, 'n'},
        {"met-at", required_argument, NULL, 'a'},
        {"met-place", required_argument, NULL, 'p'},
        {"date", required_argument, NULL, 'd'},
        {"last-contact", required_argument, NULL, 'l'},
        {"as-of", required_argument, NULL, 'o'},
        {"cps", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const char *const subs[] = {"add", "edit", "end", "list"};
    struct connection_opts o = {0};
    char **operands;
    int sub, n;
    int rc =
        cli_parse_subcommand("connection", argc, argv, options, subs, sizeof subs / sizeof *subs,
                             connection_help, connection_option, &o, &sub, &operands, &n);
    if (rc != BELONG_OK || sub < 0)
        return rc;
    switch (sub) {
    case 0:
        return cmd_connection_add(cli, n, operands, &o);
    case 1:
        return cmd_connection_change(cli, "connection edit", n, operands, &o);
    case 2:
        return cmd_connection_change(cli, "connection end", n, operands, &o);
    default:
        return cmd_connection_list(cli, n, operands, &o);
    }
}
