/* plan.c — `belong plan add|list|done|skip|cancel`: a peer's next steps (an activity on a day,
** how the CPS supports it, its status), through the operations of app/app_plans.h; text or
** --json. The command-line side of plans only: every rule is in src/app/plans.c.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_plans.h"
#include "../engagement/engagement_json.h"
#include "../matching/recommend.h"
#include "../util/buf.h"
#include "cli.h"
#include "format.h"

static const char plan_help[] =
    "usage: belong plan add PEER ACTIVITY --date YYYY-MM-DD [--support S] [--note TEXT]\n"
    "                       [--cps NAME] [--json]\n"
    "       belong plan list PEER [--status STATUS] [--cps NAME] [--json]\n"
    "       belong plan done PLAN [--cps NAME] [--json]\n"
    "       belong plan skip PLAN [--reason TEXT] [--cps NAME] [--json]\n"
    "       belong plan cancel PLAN --reason TEXT [--cps NAME] [--json]\n\n"
    "A plan is a peer's next step: an activity on a day, and how you support it\n"
    "(docs/practice.md). 'recommend PEER --choose ACTIVITY' also makes one, on the activity's\n"
    "next date, or joins the peer's planned one for it.\n\n"
    "  plan add PEER ACTIVITY   plans ACTIVITY (an ID from search or recommend) on --date,\n"
    "                         which must be a day it meets (else exit 65, naming the nearest\n"
    "                         dates before and after) and not in the past; a listing whose\n"
    "                         times are not listed takes any day it is open\n"
    "  plan list PEER          the peer's plans by date\n"
    "  plan done PLAN          the peer went; record how it went with\n"
    "                         'belong visit add PEER --plan PLAN --went yes ...'\n"
    "  plan skip PLAN          the peer did not go\n"
    "  plan cancel PLAN        called off or declined, with --reason\n\n"
    "Only a planned plan is marked done, skipped or cancelled (else exit 65). PEER must be in\n"
    "the acting CPS's caseload (--cps NAME, else $BELONG_CPS, else the login name) and not\n"
    "archived; another is no such peer (exit 66), and so is a plan of another caseload.\n\n"
    "Options:\n"
    "  --date YYYY-MM-DD     add: the day (today or later, at most two years ahead)\n"
    "  --support S           add: along (you go along; the default), meet (you meet the\n"
    "                        peer there), alone (the peer goes alone), rehearse (rehearse\n"
    "                        it first)\n"
    "  --note TEXT           add: a note\n"
    "  --status STATUS       list: only planned, done, skipped or cancelled plans\n"
    "  --reason TEXT         skip, cancel: why (cancel needs one)\n"
    "  --cps NAME            the acting CPS\n"
    "  --json                as JSON: a plan {id, peer_id, activity_id, activity, intensity,\n"
    "                        date, start, support, status, reason, note} (list: an array)\n"
    "  -h, --help            this help\n\n"
    "Examples:\n"
    "  belong plan add 3 12 --date 2026-12-08 --support along --note 'meet at the gate'\n"
    "  belong plan list 3 --status planned\n"
    "  belong plan done 5\n"
    "  belong plan cancel 6 --reason 'the bus route changed'\n";

static const char *const plan_subcommands[] = {"add", "list", "done", "skip", "cancel", NULL};

struct plan_opts {
    bool json;
    const char *date, *support, *note, *status, *reason, *cps;
};

/* The start of p in words: "Tue 2026-12-08 18:00", or the day without a time. */
static void put_plan_when(const struct plan *p, struct buf *b)
{
    struct civil_date d;
    int minute = 0;
    if (p->has_start) {
        instant_to_local(p->starts_at, NULL, &d, &minute, NULL, NULL);
    } else {
        parse_date(p->date, &d);
    }
    buf_printf(b, "%s %s", weekday_short(civil_weekday(&d)), p->date);
    if (p->has_start)
        buf_printf(b, " %02d:%02d", minute / 60, minute % 60);
    else
        buf_puts(b, " (times not listed: check with them)");
}

void cli_print_plan(const struct plan *p)
{
    struct buf b = {0};
    buf_printf(&b, "#%lld  ", (long long)p->id);
    put_plan_when(p, &b);
    buf_printf(&b, "  %-9s activity %lld: %s", plan_status_name(p->status),
               (long long)p->activity_id, p->activity_name ? p->activity_name : "?");
    if (p->intensity)
        buf_printf(&b, " (intensity %d)", p->intensity);
    buf_printf(&b, "; %s", plan_support_words(p->support));
    if (p->reason)
        buf_printf(&b, "; why: %s", p->reason);
    if (p->note)
        buf_printf(&b, "; note: %s", p->note);
    puts(buf_str(&b));
    buf_free(&b);
}

json_t *cli_plan_json(const void *plan)
{
    return plan_json(plan);
}

/* Prints one plan as text or JSON, then frees it. */
static int show_plan(struct plan *p, bool json)
{
    int rc = BELONG_OK;
    if (json)
        rc = cli_print_json(cli_plan_json(p));
    else
        cli_print_plan(p);
    plan_free(p);
    return rc;
}

/* operands: PEER ACTIVITY. */
static int plan_add(struct cli *cli, int n, char **operands, const struct plan_opts *o)
{
    const char *cmd = "plan add";
    if (o->status || o->reason)
        return cli_usage_error(cmd, "%s is not for plan add", o->status ? "--status" : "--reason");
    if (n != 2)
        return cli_usage_error(cmd, n < 2 ? "expected PEER ACTIVITY" : "unexpected argument '%s'",
                               n < 2 ? "" : operands[2]);
    if (!o->date)
        return cli_usage_error(cmd, "expected --date YYYY-MM-DD");
    struct app_plan_request rq = {.date = o->date, .support = o->support, .note = o->note};
    int rc = cli_peer_id(cmd, operands[0], &rq.peer_id);
    if (rc || (rc = cli_record_id(cmd, operands[1], "an activity", &rq.activity_id)) ||
        (rc = cli_acting_cps(cli, cmd, o->cps)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct plan p;
    struct app_error err;
    if ((rc = app_plan_add(app, &rq, &p, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    return show_plan(&p, o->json);
}

/* operands: PEER. */
static int plan_list(struct cli *cli, int n, char **operands, const struct plan_opts *o)
{
    const char *cmd = "plan list";
    if (o->date || o->support || o->note || o->reason)
        return cli_usage_error(cmd, "only --status, --cps and --json apply to plan list");
    int64_t id;
    int rc = cli_peer_operand(cli, cmd, n, operands, o->cps, &id);
    if (rc)
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc); /* the read is audited (access.c) */
    if (!app)
        return rc;
    struct plan *plans;
    size_t count;
    struct app_error err;
    if ((rc = app_plan_list(app, id, o->status, &plans, &count, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    if (o->json) {
        rc = cli_print_json_array(plans, count, sizeof *plans, cli_plan_json);
    } else {
        for (size_t i = 0; i < count; i++)
            cli_print_plan(&plans[i]);
        if (!count)
            printf("No %s%splans.\n", o->status ? o->status : "", o->status ? " " : "");
        if (!count && o->status)
            puts("(plans of other statuses: belong plan list without --status)");
    }
    plans_free(plans, count);
    return rc;
}

/* operands: PLAN; to: done, skipped or cancelled. */
static int plan_close(struct cli *cli, const char *cmd, enum plan_status to, int n, char **operands,
                      const struct plan_opts *o)
{
    if (o->date || o->support || o->note || o->status)
        return cli_usage_error(cmd, "only --reason, --cps and --json apply here");
    if (to == PLAN_DONE && o->reason)
        return cli_usage_error(cmd, "--reason is for plan skip and plan cancel");
    if (n != 1)
        return cli_usage_error(cmd, n < 1 ? "expected PLAN" : "unexpected argument '%s'",
                               n < 1 ? "" : operands[1]);
    int64_t id;
    int rc = cli_record_id(cmd, operands[0], "a plan", &id);
    if (rc || (rc = cli_acting_cps(cli, cmd, o->cps)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct plan p;
    struct app_error err;
    if ((rc = app_plan_close(app, id, to, o->reason, &p, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    if (to == PLAN_DONE && !o->json)
        fprintf(stderr,
                "Record how it went: belong visit add %lld --plan %lld --went yes "
                "[--comfort-before N --comfort-after N ...]\n",
                (long long)p.peer_id, (long long)p.id);
    return show_plan(&p, o->json);
}

int cmd_plan(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"date", required_argument, NULL, 'd'},
        {"support", required_argument, NULL, 's'},
        {"note", required_argument, NULL, 'n'},
        {"status", required_argument, NULL, 't'},
        {"reason", required_argument, NULL, 'r'},
        {"cps", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct plan_opts o = {0};
    char **sub_argv;
    int sub_argc, c;
    int rc = cli_subcommand_begin("plan", argc, argv, plan_subcommands, &sub_argc, &sub_argv);
    if (rc)
        return rc < 0 ? (fputs(plan_help, stdout), BELONG_OK) : rc;
    while ((c = getopt_long(sub_argc, sub_argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'j':
            o.json = true;
            break;
        case 'd':
            o.date = optarg;
            break;
        case 's':
            o.support = optarg;
            break;
        case 'n':
            o.note = optarg;
            break;
        case 't':
            o.status = optarg;
            break;
        case 'r':
            o.reason = optarg;
            break;
        case 'c':
            o.cps = optarg;
            break;
        case 'h':
            fputs(plan_help, stdout);
            return BELONG_OK;
        default:
            return cli_bad_option("plan", c, sub_argc, sub_argv);
        }
    }
    int n = sub_argc - optind;
    char **operands = sub_argv + optind;
    const char *sub = sub_argv[0];
    if (strcmp(sub, "add") == 0)
        return plan_add(cli, n, operands, &o);
    if (strcmp(sub, "list") == 0)
        return plan_list(cli, n, operands, &o);
    if (strcmp(sub, "done") == 0)
        return plan_close(cli, "plan done", PLAN_DONE, n, operands, &o);
    if (strcmp(sub, "skip") == 0)
        return plan_close(cli, "plan skip", PLAN_SKIPPED, n, operands, &o);
    return plan_close(cli, "plan cancel", PLAN_CANCELLED, n, operands, &o);
}

int cli_choice_plan(struct app *app, int64_t peer_id, int64_t activity_id)
{
    struct plan p;
    bool found;
    struct app_error err;
    int rc = app_plan_planned_for(app, peer_id, activity_id, &p, &found, &err);
    if (rc != BELONG_OK)
        return cli_fail("recommend", &err);
    if (!found) {
        printf("No date in the next %d days to plan on: 'belong plan add %lld %lld --date DATE' "
               "when one is known.\n",
               RECOMMEND_DAYS_DEFAULT, (long long)peer_id, (long long)activity_id);
        return BELONG_OK;
    }
    fputs("plan ", stdout);
    cli_print_plan(&p);
    plan_free(&p);
    return BELONG_OK;
}
