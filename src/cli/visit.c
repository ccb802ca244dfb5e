/* visit.c — `belong visit add|list`: what happened at a peer's activity (went or not, comfort
** before and after, conversations, in the peer's own words how it felt and what next), through
** the operations of app/app_plans.h; text or --json.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_plans.h"
#include "../engagement/engagement_json.h"
#include "../util/buf.h"
#include "cli.h"
#include "format.h"

static const char visit_help[] =
    "usage: belong visit add PEER (--plan PLAN | --activity ACTIVITY) --went yes|no\n"
    "                        [--date YYYY-MM-DD] [--with TEXT] [--comfort-before 1-5]\n"
    "                        [--comfort-after 1-5] [--conversations N] [--felt TEXT]\n"
    "                        [--next TEXT] [--cps NAME] [--json]\n"
    "       belong visit list PEER [--cps NAME] [--json]\n\n"
    "A visit records what happened (docs/practice.md): whether the peer went, with whom, how\n"
    "comfortable they were before and after (1 very uneasy .. 5 at ease), how many\n"
    "conversations they had, and in their own words how it felt and what is next. Visits feed\n"
    "the history of recommend and the step-up / step-down suggestion 'peer show' gives.\n\n"
    "  visit add PEER   records a visit to a plan's activity (--plan: its day unless --date;\n"
    "                   a planned plan becomes done, or skipped with --went no) or to any\n"
    "                   activity (--activity, with --date)\n"
    "  visit list PEER  the peer's visits by date\n\n"
    "A date in the future or not real, comfort outside 1-5, or --comfort-after or\n"
    "--conversations for a visit the peer did not go to exit 65 and nothing is kept. PEER must\n"
    "be in the acting CPS's caseload (--cps NAME, else $BELONG_CPS, else the login name) and\n"
    "not archived; another is no such peer (exit 66).\n\n"
    "Options:\n"
    "  --plan PLAN            add: the plan the visit follows\n"
    "  --activity ACTIVITY    add: the activity, without a plan\n"
    "  --date YYYY-MM-DD      add: the day (today or before)\n"
    "  --went yes|no          add: whether the peer went\n"
    "  --with TEXT            add: who they went with or met\n"
    "  --comfort-before 1-5   add: comfort before going\n"
    "  --comfort-after 1-5    add: comfort after\n"
    "  --conversations N      add: how many conversations they had\n"
    "  --felt TEXT            add: how it felt, in the peer's words\n"
    "  --next TEXT            add: what's next, in the peer's words\n"
    "  --cps NAME             the acting CPS\n"
    "  --json                 as JSON: a visit {id, peer_id, plan_id, activity_id, activity,\n"
    "                         date, went, with, comfort_before, comfort_after, conversations,\n"
    "                         felt, next} (list: an array)\n"
    "  -h, --help             this help\n\n"
    "Examples:\n"
    "  belong visit add 3 --plan 5 --went yes --comfort-before 2 --comfort-after 4 \\\n"
    "      --conversations 2 --felt 'nervous at first, then fine' --next 'go again Tuesday'\n"
    "  belong visit add 3 --activity 12 --date 2026-11-28 --went no\n"
    "  belong visit list 3 --json\n";

static const char *const visit_subcommands[] = {"add", "list", NULL};

enum {
    OPT_PLAN = 256,
    OPT_ACTIVITY,
    OPT_DATE,
    OPT_WENT,
    OPT_WITH,
    OPT_BEFORE,
    OPT_AFTER,
    OPT_CONVERSATIONS,
    OPT_FELT,
    OPT_NEXT,
    OPT_CPS,
    OPT_JSON,
};

struct visit_opts {
    bool json, any_add; /* any_add: an option of add was given */
    const char *plan, *activity, *cps;
    const char *before, *after, *conversations;
    struct app_visit_request rq;
};

/* One visit as JSON, for cli_print_json_array (and the web API's lists). */
json_t *cli_visit_json(const void *visit)
{
    return visit_json(visit);
}

static void print_visit(const struct visit *v)
{
    struct buf b = {0};
    buf_printf(&b, "#%lld  %s  %s  activity %lld: %s", (long long)v->id, v->date,
               v->went ? "went" : "did not go", (long long)v->activity_id,
               v->activity_name ? v->activity_name : "?");
    if (v->plan_id)
        buf_printf(&b, " (plan #%lld)", (long long)v->plan_id);
    puts(buf_str(&b));
    buf_reset(&b);
    if (v->comfort_before || v->comfort_after) {
        buf_puts(&b, "    comfort");
        if (v->comfort_before)
            buf_printf(&b, " before %d", v->comfort_before);
        if (v->comfort_after)
            buf_printf(&b, "%s after %d", v->comfort_before ? "," : "", v->comfort_after);
    }
    if (v->conversations >= 0)
        buf_printf(&b, "%s%d conversation%s", b.len ? "; " : "    ", v->conversations,
                   v->conversations == 1 ? "" : "s");
    if (b.len)
        puts(buf_str(&b));
    const char *labels[] = {"with:", "felt:", "next:"};
    const char *texts[] = {v->with_whom, v->felt, v->next_step};
    for (size_t i = 0; i < 3; i++)
        if (texts[i])
            printf("    %-6s %s\n", labels[i], texts[i]);
    buf_free(&b);
}

/* A 1-5 option or a count (max), as text. OUT: *out. */
static int int_option(const char *cmd, const char *flag, const char *text, long min, long max,
                      int *out)
{
    long v;
    if (!text)
        return BELONG_OK;
    if (!cli_parse_int(text, min, max, &v))
        return cli_error(BELONG_EDATA, cmd, "%s: '%s' is not a whole number from %ld to %ld", flag,
                         text, min, max);
    *out = (int)v;
    return BELONG_OK;
}

/* operands: PEER. */
static int visit_add(struct cli *cli, int n, char **operands, struct visit_opts *o)
{
    const char *cmd = "visit add";
    struct app_visit_request *rq = &o->rq;
    rq->conversations = -1;
    int rc = cli_peer_operand(cli, cmd, n, operands, o->cps, &rq->peer_id);
    if (!rc && o->plan)
        rc = cli_record_id(cmd, o->plan, "a plan", &rq->plan_id);
    if (!rc && o->activity)
        rc = cli_record_id(cmd, o->activity, "an activity", &rq->activity_id);
    if (!rc)
        rc = int_option(cmd, "--comfort-before", o->before, 1, 5, &rq->comfort_before);
    if (!rc)
        rc = int_option(cmd, "--comfort-after", o->after, 1, 5, &rq->comfort_after);
    if (!rc)
        rc = int_option(cmd, "--conversations", o->conversations, 0, 1000, &rq->conversations);
    if (rc)
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct visit v;
    struct app_error err;
    if ((rc = app_visit_add(app, rq, &v, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    if (o->json) {
        rc = cli_print_json(cli_visit_json(&v));
    } else {
        print_visit(&v);
    }
    visit_free(&v);
    return rc;
}

/* operands: PEER. */
static int visit_list(struct cli *cli, int n, char **operands, const struct visit_opts *o)
{
    const char *cmd = "visit list";
    if (o->any_add)
        return cli_usage_error(cmd, "only --cps and --json apply to visit list");
    int64_t id;
    int rc = cli_peer_operand(cli, cmd, n, operands, o->cps, &id);
    if (rc)
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc); /* the read is audited (access.c) */
    if (!app)
        return rc;
    struct visit *visits;
    size_t count;
    struct app_error err;
    if ((rc = app_visit_list(app, id, &visits, &count, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    if (o->json) {
        rc = cli_print_json_array(visits, count, sizeof *visits, cli_visit_json);
    } else {
        for (size_t i = 0; i < count; i++)
            print_visit(&visits[i]);
        if (!count)
            puts("No visits recorded.");
    }
    visits_free(visits, count);
    return rc;
}

int cmd_visit(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"plan", required_argument, NULL, OPT_PLAN},
        {"activity", required_argument, NULL, OPT_ACTIVITY},
        {"date", required_argument, NULL, OPT_DATE},
        {"went", required_argument, NULL, OPT_WENT},
        {"with", required_argument, NULL, OPT_WITH},
        {"comfort-before", required_argument, NULL, OPT_BEFORE},
        {"comfort-after", required_argument, NULL, OPT_AFTER},
        {"conversations", required_argument, NULL, OPT_CONVERSATIONS},
        {"felt", required_argument, NULL, OPT_FELT},
        {"next", required_argument, NULL, OPT_NEXT},
        {"cps", required_argument, NULL, OPT_CPS},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct visit_opts o = {0};
    char **sub_argv;
    int sub_argc, c;
    int rc = cli_subcommand_begin("visit", argc, argv, visit_subcommands, &sub_argc, &sub_argv);
    if (rc)
        return rc < 0 ? (fputs(visit_help, stdout), BELONG_OK) : rc;
    while ((c = getopt_long(sub_argc, sub_argv, "h", options, NULL)) != -1) {
        o.any_add |= c >= OPT_PLAN && c <= OPT_NEXT;
        switch (c) {
        case OPT_PLAN:
            o.plan = optarg;
            break;
        case OPT_ACTIVITY:
            o.activity = optarg;
            break;
        case OPT_DATE:
            o.rq.date = optarg;
            break;
        case OPT_WENT:
            o.rq.went = optarg;
            break;
        case OPT_WITH:
            o.rq.with_whom = optarg;
            break;
        case OPT_BEFORE:
            o.before = optarg;
            break;
        case OPT_AFTER:
            o.after = optarg;
            break;
        case OPT_CONVERSATIONS:
            o.conversations = optarg;
            break;
        case OPT_FELT:
            o.rq.felt = optarg;
            break;
        case OPT_NEXT:
            o.rq.next_step = optarg;
            break;
        case OPT_CPS:
            o.cps = optarg;
            break;
        case OPT_JSON:
            o.json = true;
            break;
        case 'h':
            fputs(visit_help, stdout);
            return BELONG_OK;
        default:
            return cli_bad_option("visit", c, sub_argc, sub_argv);
        }
    }
    int n = sub_argc - optind;
    char **operands = sub_argv + optind;
    if (strcmp(sub_argv[0], "add") == 0)
        return visit_add(cli, n, operands, &o);
    return visit_list(cli, n, operands, &o);
}

json_t *cli_step_json(const struct step_suggestion *s)
{
    return json_pack("{s:s, s:i, s:i, s:s}", "direction", step_direction_name(s->direction), "from",
                     s->from_level, "to", s->to_level, "why", s->why);
}

void cli_print_step(const struct step_suggestion *s, int64_t peer_id)
{
    if (s->direction == STEP_NONE)
        return;
    printf("  %-15s suggest a step %s to %d: %s; talk it over, then confirm with\n"
           "  %-15s belong peer edit %lld --comfort %d\n",
           "step:", step_direction_name(s->direction), s->to_level, s->why, "", (long long)peer_id,
           s->to_level);
}

void cli_print_step_line(const struct step_suggestion *s, int64_t peer_id)
{
    if (s->direction != STEP_NONE)
        printf("Step: the record suggests a step %s to comfort %d: %s; talk it over, then "
               "confirm with belong peer edit %lld --comfort %d\n\n",
               step_direction_name(s->direction), s->to_level, s->why, (long long)peer_id,
               s->to_level);
}
