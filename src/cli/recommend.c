/* recommend.c — `belong recommend PEER`: suggestions for a peer as text or JSON (docs/cli.md),
** `--explain ACTIVITY`, and `--choose` / `--decline` to record the peer's choices.
*/
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/app_matching.h"
#include "../util/buf.h"
#include "../util/timeutil.h"
#include "../util/text.h"
#include "cli.h"
#include "format.h"

static const char recommend_help[] =
    "usage: belong recommend PEER [--from DATE] [--days D] [--limit N] [--include-declined]\n"
    "                             [--ask-about-times] [--json] [--cps NAME]\n"
    "       belong recommend PEER --explain ACTIVITY [--from DATE] [--days D] [--json]\n"
    "       belong recommend PEER --choose ACTIVITY [--note TEXT]\n"
    "       belong recommend PEER --decline ACTIVITY [--note TEXT]\n"
    "       belong recommend PEER --unchoose ACTIVITY [--note TEXT]\n\n"
    "Suggests community activities that fit a peer of your caseload (--cps NAME, else\n"
    "$BELONG_CPS, else your login name): each has an occurrence in the window at a time the\n"
    "peer is free, within their travel distance (online ones when they accept online), within\n"
    "budget, with every access need met, and not declined before. They are ranked by fit\n"
    "(interests, values, a manageable step in group size, distance, schedule, history,\n"
    "novelty), varied across categories, and each comes with plain reasons. When fewer than\n"
    "--limit fit, it says why: how many listings each limit left out, the one change that\n"
    "would let the most in, and the listings that nearly fit (one limit each).\n\n"
    "  --from DATE         the window starts on this day, YYYY-MM-DD (default: now)\n"
    "  --days D            the window's length in days (default 21, at most 366)\n"
    "  --limit N           at most N suggestions (default 10, at most 100)\n"
    "  --include-declined  also suggest activities the peer declined\n"
    "  --ask-about-times   then up to N listings that fit every need but whose times are not\n"
    "                      listed (no dates, or open on a day the peer is free), to call about\n"
    "  --why-not           say why not more fit even when enough do (with --json: one object\n"
    "                      with the counts, changes, nearly fits and suggestions)\n"
    "  --explain ID        why activity ID was or was not suggested: every limit it breaks\n"
    "  --choose ID         record that the peer chose activity ID (see belong export ical)\n"
    "                      and plan it on its next date, or join its planned plan; refused\n"
    "                      (exit 65) when it breaks one of their limits\n"
    "  --force             with --choose: record it anyway (the history says so)\n"
    "  --decline ID        record that the peer declined activity ID (left out from now on)\n"
    "  --unchoose ID       withdraw the peer's choice of activity ID (kept in the history)\n"
    "  --note TEXT         a note with --choose, --decline or --unchoose\n"
    "  --json              the JSON contract of docs/cli.md\n\n"
    "Examples:\n"
    "  belong recommend 3\n"
    "  belong recommend 3 --from 2026-12-26 --days 7 --json\n"
    "  belong recommend 3 --explain 42\n"
    "  belong recommend 3 --ask-about-times\n"
    "  belong recommend 3 --decline 42 --note 'too early in the morning'\n"
    "  belong recommend 3 --why-not\n"
    "  belong recommend 3 --unchoose 42 --note 'the bus stopped running'\n";

enum {
    OPT_FROM = 1,
    OPT_DAYS,
    OPT_LIMIT,
    OPT_INCLUDE_DECLINED,
    OPT_ASK_ABOUT_TIMES,
    OPT_JSON,
    OPT_CPS,
    OPT_EXPLAIN,
    OPT_CHOOSE,
    OPT_DECLINE,
    OPT_NOTE,
    OPT_WHY_NOT,
    OPT_UNCHOOSE,
    OPT_FORCE,
    OPT_HELP,
};

struct recommend_args {
    const char *cps_flag, *note;
    int64_t peer_id, activity_id;
    int action; /* 0 (recommend), OPT_EXPLAIN, OPT_CHOOSE, OPT_DECLINE or OPT_UNCHOOSE */
    bool json, from_given, window_given, force;
    struct recommend_options opt;
};

static bool parse_id(const char *s, int64_t *id)
{
    long v;
    if (!cli_parse_int(s, 1, 0x7fffffffL, &v))
        return false;
    *id = v;
    return true;
}

/* Returns 0, BELONG_EUSAGE (printed), or -1 for --help (printed). */
static int parse_args(int argc, char **argv, struct recommend_args *a)
{
    static const struct option options[] = {
        {"from", required_argument, NULL, OPT_FROM},
        {"days", required_argument, NULL, OPT_DAYS},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"include-declined", no_argument, NULL, OPT_INCLUDE_DECLINED},
        {"ask-about-times", no_argument, NULL, OPT_ASK_ABOUT_TIMES},
        {"json", no_argument, NULL, OPT_JSON},
        {"cps", required_argument, NULL, OPT_CPS},
        {"explain", required_argument, NULL, OPT_EXPLAIN},
        {"choose", required_argument, NULL, OPT_CHOOSE},
        {"decline", required_argument, NULL, OPT_DECLINE},
        {"note", required_argument, NULL, OPT_NOTE},
        {"why-not", no_argument, NULL, OPT_WHY_NOT},
        {"unchoose", required_argument, NULL, OPT_UNCHOOSE},
        {"force", no_argument, NULL, OPT_FORCE},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    const char *cmd = "recommend";
    memset(a, 0, sizeof *a);
    optind = 1;
    opterr = 0;
    int c;
    long v;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case OPT_FROM: {
            struct civil_date d;
            int rc = cli_date_option(cmd, "--from", optarg, &d);
            if (rc != BELONG_OK)
                return rc;
            a->opt.from = local_to_instant(&d, 0, 0, NULL);
            if (a->opt.from < local_day_start(belong_now(), NULL))
                return cli_usage_error(cmd,
                                       "--from: '%s' is in the past; suggestions are for "
                                       "days to come",
                                       optarg);
            a->from_given = a->window_given = true;
            break;
        }
        case OPT_DAYS:
            if (!cli_parse_int(optarg, 1, RECOMMEND_DAYS_MAX, &v))
                return cli_usage_error(cmd, "--days: '%s' is not a number of days 1-%d", optarg,
                                       RECOMMEND_DAYS_MAX);
            a->opt.days = (int)v;
            a->window_given = true;
            break;
        case OPT_LIMIT:
            if (!cli_parse_int(optarg, 1, RECOMMEND_LIMIT_MAX, &v))
                return cli_usage_error(cmd, "--limit: '%s' is not a number 1-%d", optarg,
                                       RECOMMEND_LIMIT_MAX);
            a->opt.limit = (int)v;
            break;
        case OPT_INCLUDE_DECLINED:
            a->opt.include_declined = true;
            break;
        case OPT_ASK_ABOUT_TIMES:
            a->opt.ask_about_times = true;
            break;
        case OPT_JSON:
            a->json = true;
            break;
        case OPT_CPS:
            a->cps_flag = optarg;
            break;
        case OPT_EXPLAIN:
        case OPT_CHOOSE:
        case OPT_DECLINE:
        case OPT_UNCHOOSE:
            if (a->action && a->action != c)
                return cli_usage_error(cmd, "--explain, --choose, --decline and --unchoose "
                                            "exclude each other");
            if (!parse_id(optarg, &a->activity_id))
                return cli_usage_error(cmd, "%s: '%s' is not an activity id",
                                       c == OPT_EXPLAIN   ? "--explain"
                                       : c == OPT_CHOOSE  ? "--choose"
                                       : c == OPT_DECLINE ? "--decline"
                                                          : "--unchoose",
                                       optarg);
            a->action = c;
            break;
        case OPT_FORCE:
            a->force = true;
            break;
        case OPT_NOTE:
            a->note = optarg;
            break;
        case OPT_WHY_NOT:
            a->opt.why_not = true;
            break;
        case OPT_HELP:
            fputs(recommend_help, stdout);
            return -1;
        default:
            return cli_bad_option(cmd, c, argc, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error(cmd, "expected a peer ID");
    if (optind + 1 < argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
    if (!parse_id(argv[optind], &a->peer_id))
        return cli_usage_error(cmd, "PEER: '%s' is not a peer id", argv[optind]);
    if (a->opt.why_not && a->action == OPT_EXPLAIN)
        return cli_usage_error(cmd, "--why-not goes with suggestions, not --explain (which "
                                    "lists every limit the activity breaks)");
    bool writes = a->action == OPT_CHOOSE || a->action == OPT_DECLINE || a->action == OPT_UNCHOOSE;
    if (a->note && !writes)
        return cli_usage_error(cmd, "--note goes with --choose, --decline or --unchoose");
    if (a->force && a->action != OPT_CHOOSE)
        return cli_usage_error(cmd, "--force goes with --choose");
    const char *why = a->note ? text_problem(a->note, PEER_TEXT_MAX, true) : NULL;
    if (why)
        return cli_usage_error(cmd, "--note %s (at most %d bytes of text)", why, PEER_TEXT_MAX);
    if (writes && (a->window_given || a->json || a->opt.limit || a->opt.include_declined ||
                   a->opt.ask_about_times || a->opt.why_not))
        return cli_usage_error(cmd, "--choose, --decline and --unchoose take only --note, "
                                    "--force (with --choose) and --cps");
    return BELONG_OK;
}

/* ---- output --------------------------------------------------------------------------- */

static json_t *factors_json(const struct match_factor_values *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "interest", cli_json_rounded(f->interest, 4));
    json_object_set_new(o, "values", cli_json_rounded(f->values, 4));
    json_object_set_new(o, "exposure", cli_json_rounded(f->exposure, 4));
    json_object_set_new(o, "distance", cli_json_rounded(f->distance, 4));
    json_object_set_new(o, "schedule", cli_json_rounded(f->schedule, 4));
    json_object_set_new(o, "history", cli_json_rounded(f->history, 4));
    json_object_set_new(o, "novelty", cli_json_rounded(f->novelty, 4));
    return o;
}

static json_t *reasons_json(const struct match_reasons *r)
{
    json_t *list = json_array();
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(list, json_string(r->items[i]));
    return list;
}

static json_t *next_json(const time_t *next, size_t n, const char *tzid)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, cli_json_iso(next[i], tzid));
    return list;
}

static json_t *distance_json(bool has_distance, double miles)
{
    return has_distance ? cli_json_rounded(miles, 1) : json_null();
}

json_t *cli_suggestions_json(const struct recommend_result *res)
{
    json_t *list = json_array();
    for (size_t i = 0; i < res->n; i++) {
        const struct recommendation *r = &res->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(r->id));
        json_object_set_new(o, "name", json_string(r->name ? r->name : ""));
        json_object_set_new(o, "score", cli_json_rounded(r->score, 4));
        json_object_set_new(o, "reasons", reasons_json(&r->reasons));
        json_object_set_new(o, "factors", factors_json(&r->factors));
        json_object_set_new(o, "next", next_json(r->next, r->n_next, r->tzid));
        json_object_set_new(o, "distance_miles", distance_json(r->has_distance, r->distance_miles));
        json_object_set_new(o, "distance_approximate", json_boolean(r->distance_approximate));
        json_object_set_new(o, "category", cli_json_string_or_null(r->category));
        json_object_set_new(o, "organization", cli_json_string_or_null(r->organization));
        json_object_set_new(o, "online", json_boolean(r->is_virtual));
        json_object_set_new(o, "ask_about_times", json_boolean(r->ask_about_times));
        json_object_set_new(o, "step",
                            r->step == STEP_NONE ? json_null()
                                                 : json_string(step_direction_name(r->step)));
        json_array_append_new(list, o);
    }
    return list;
}

static const char *const weekday_abbrevs[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

static json_t *change_json(const struct blocker_change *ch)
{
    static const char *const kinds[] = {"time", "distance", "budget", "online"};
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(kinds[ch->kind]));
    struct buf text = {0};
    blocker_change_text(ch, &text);
    json_object_set_new(o, "text", json_string(buf_str(&text)));
    buf_free(&text);
    json_object_set_new(o, "gain", json_integer((json_int_t)ch->gain));
    if (ch->kind == BLOCKER_CHANGE_TIME) {
        json_object_set_new(o, "weekday", json_string(weekday_abbrevs[ch->weekday % 7]));
        json_object_set_new(o, "part", json_string(blocker_parts[ch->part].name));
    } else if (ch->kind == BLOCKER_CHANGE_DISTANCE) {
        json_object_set_new(o, "miles", cli_json_rounded(ch->miles, 1));
        json_object_set_new(o, "from_miles", cli_json_rounded(ch->from_miles, 1));
    } else if (ch->kind == BLOCKER_CHANGE_BUDGET) {
        json_object_set_new(o, "budget", cli_json_rounded(ch->budget_cents / 100.0, 2));
        json_object_set_new(o, "from_budget", cli_json_rounded(ch->from_cents / 100.0, 2));
    }
    return o;
}

json_t *cli_why_not_json(const struct peer *p, const struct recommend_result *res)
{
    const struct recommend_diagnosis *d = &res->diagnosis;
    json_t *o = json_object();
    json_object_set_new(o, "peer", json_integer(p->id));
    json_object_set_new(o, "caseload", json_string(p->cps));
    json_object_set_new(o, "from", cli_json_iso(res->from, NULL));
    json_object_set_new(o, "to", cli_json_iso(res->to, NULL));
    size_t shown = 0;
    for (size_t i = 0; i < res->n; i++)
        shown += !res->items[i].ask_about_times;
    json_object_set_new(o, "shown", json_integer((json_int_t)shown));
    json_object_set_new(o, "matched", json_integer((json_int_t)res->n_eligible));
    json_object_set_new(o, "considered", json_integer((json_int_t)d->considered));
    json_t *blockers = json_array();
    for (int i = 0; i < MATCH_BLOCKER_ORDER_N; i++) {
        enum match_exclusion e = match_blocker_order[i];
        if (!d->blocked[e])
            continue;
        json_t *b = json_object();
        json_object_set_new(b, "blocker", json_string(match_exclusion_name(e)));
        json_object_set_new(b, "listings", json_integer((json_int_t)d->blocked[e]));
        json_object_set_new(b, "alone", json_integer((json_int_t)d->only[e]));
        json_array_append_new(blockers, b);
    }
    json_object_set_new(o, "blockers", blockers);
    json_t *changes = json_array();
    for (size_t i = 0; i < d->n_changes; i++)
        json_array_append_new(changes, change_json(&d->changes[i]));
    json_object_set_new(o, "change",
                        d->n_changes ? json_deep_copy(json_array_get(changes, 0)) : json_null());
    json_object_set_new(o, "changes", changes);
    json_t *nearly = json_array();
    for (size_t i = 0; i < d->n_nearly; i++) {
        const struct blocker_nearly *n = &d->nearly[i];
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(n->id));
        json_object_set_new(x, "name", json_string(n->name ? n->name : ""));
        json_object_set_new(x, "town", cli_json_string_or_null(n->town));
        json_object_set_new(x, "blocker", json_string(match_exclusion_name(n->blocker)));
        json_object_set_new(x, "why", json_string(n->why));
        json_object_set_new(x, "distance_miles", distance_json(n->has_distance, n->distance_miles));
        json_object_set_new(x, "online", json_boolean(n->is_virtual));
        json_object_set_new(x, "next", n->next ? cli_json_iso(n->next, n->tzid) : json_null());
        json_array_append_new(nearly, x);
    }
    json_object_set_new(o, "nearly_fits", nearly);
    json_object_set_new(o, "suggestions", cli_suggestions_json(res));
    return o;
}

static void human_day(time_t t, char *out, size_t len)
{
    struct civil_date d;
    instant_to_local(t, NULL, &d, NULL, NULL, NULL);
    snprintf(out, len, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static void print_where(bool is_virtual, bool has_distance, double miles, bool approximate,
                        int cost_cents)
{
    char distance[48];
    cli_distance_text(miles, approximate, distance, sizeof distance);
    printf("%s", is_virtual ? "online" : has_distance ? distance : "distance unknown");
    char cost[32];
    cli_cost_text(cost_cents, cost, sizeof cost);
    printf(" · %s", cost);
}

/* The digits of n, at least 2: the width of the numbers of a list of n. */
static int number_width(size_t n)
{
    int w = 1;
    for (; n >= 10; n /= 10)
        w++;
    return w < 2 ? 2 : w;
}

static void print_next(int indent, const time_t *next, size_t n, const char *tzid)
{
    printf("%*snext:", indent, "");
    for (size_t i = 0; i < n; i++) {
        char when[64];
        cli_human_time(next[i], tzid, false, when, sizeof when);
        printf("%s %s", i ? "," : "", when);
    }
    putchar('\n');
}

/* Why few or none fit: the count each limit left out, the changes that would let some in,
** the listings one limit short (docs/cli.md). */
static void print_diagnosis(const struct recommend_result *res)
{
    const struct recommend_diagnosis *d = &res->diagnosis;
    printf("\nWhy not more: %zu of the %zu listings meeting in these days (or whose times are "
           "not listed) fit.\n",
           d->fits, d->considered);
    bool any = false;
    for (int i = 0; i < MATCH_BLOCKER_ORDER_N; i++) {
        enum match_exclusion e = match_blocker_order[i];
        if (!d->blocked[e])
            continue;
        if (!any)
            printf("Each limit left out (a listing may break several; alone: the only one it "
                   "breaks):\n");
        any = true;
        printf("  %-14s %6zu  (%zu alone)\n", match_blocker_word(e), d->blocked[e], d->only[e]);
    }
    struct buf text = {0};
    for (size_t i = 0; i < d->n_changes; i++) {
        buf_reset(&text);
        blocker_change_text(&d->changes[i], &text);
        if (i == 0)
            printf("The one change that would let the most in: %s: +%zu\n", buf_str(&text),
                   d->changes[i].gain);
        else
            printf("%s %s: +%zu", i == 1 ? "Other changes:" : ";", buf_str(&text),
                   d->changes[i].gain);
    }
    if (d->n_changes > 1)
        putchar('\n');
    buf_free(&text);
    if (!d->n_nearly)
        return;
    printf("\nNearly fits (one limit each, nearest first):\n");
    int width = number_width(d->n_nearly);
    for (size_t i = 0; i < d->n_nearly; i++) {
        const struct blocker_nearly *n = &d->nearly[i];
        printf("%*zu. %s  [activity %lld]\n%*s", width, i + 1, n->name, (long long)n->id, width + 3,
               "");
        if (n->town && !n->is_virtual)
            printf("%s · ", n->town);
        char distance[48];
        cli_distance_text(n->distance_miles, false, distance, sizeof distance);
        printf("%s", n->is_virtual ? "online" : n->has_distance ? distance : "distance unknown");
        if (n->blocker == MATCH_EX_NO_TIME && n->next) {
            char when[64];
            cli_human_time(n->next, n->tzid, false, when, sizeof when);
            printf(" · time: next on %s, when you are not free\n", when);
        } else {
            printf(" · %s: %s\n", match_blocker_word(n->blocker), n->why);
        }
    }
}

static void print_result(const struct peer *p, const struct recommend_result *res)
{
    char from[16], last[16];
    human_day(res->from, from, sizeof from);
    human_day(res->to - 1, last, sizeof last);
    size_t n_ask = 0;
    for (size_t i = 0; i < res->n; i++)
        n_ask += res->items[i].ask_about_times;
    printf("Suggestions for %s (peer %lld, caseload %s), %s to %s: %zu of %zu that fit", p->name,
           (long long)p->id, p->cps, from, last, res->n - n_ask, res->n_eligible);
    if (n_ask)
        printf(", then %zu to ask about times", n_ask);
    putchar('\n');
    int width = number_width(res->n);
    for (size_t i = 0; i < res->n; i++) {
        const struct recommendation *r = &res->items[i];
        printf("\n%*zu. %s  [activity %lld, score %.2f]\n", width, i + 1, r->name, (long long)r->id,
               r->score);
        printf("%*s", width + 3, "");
        if (r->organization)
            printf("%s · ", r->organization);
        if (r->town && !r->is_virtual)
            printf("%s · ", r->town);
        print_where(r->is_virtual, r->has_distance, r->distance_miles, r->distance_approximate,
                    r->cost_cents);
        putchar('\n');
        for (size_t k = 0; k < r->reasons.n; k++)
            printf("%*s- %s\n", width + 3, "", r->reasons.items[k]);
        if (r->ask_about_times)
            printf("%*snext: times not listed: ask\n", width + 3, "");
        else
            print_next(width + 3, r->next, r->n_next, r->tzid);
    }
    if (res->has_diagnosis)
        print_diagnosis(res);
}

static json_t *explanation_json(const struct recommend_explanation *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(e->id));
    json_object_set_new(o, "name", json_string(e->name ? e->name : ""));
    json_object_set_new(o, "fits", json_boolean(e->exclusion == MATCH_FITS));
    json_object_set_new(
        o, "excluded_by",
        e->exclusion == MATCH_FITS ? json_null() : json_string(match_exclusion_name(e->exclusion)));
    json_object_set_new(o, "why", cli_json_string_or_null(e->why));
    json_t *blockers = json_array();
    for (size_t i = 0; i < e->n_blockers; i++) {
        json_t *b = json_object();
        json_object_set_new(b, "blocker",
                            json_string(match_exclusion_name(e->blockers[i].blocker)));
        json_object_set_new(b, "why", json_string(e->blockers[i].why));
        json_array_append_new(blockers, b);
    }
    json_object_set_new(o, "blockers", blockers);
    json_object_set_new(o, "times_not_listed", json_boolean(e->times_not_listed));
    json_object_set_new(o, "ask_about_times", json_boolean(e->ask_eligible));
    if (e->exclusion == MATCH_FITS) {
        json_object_set_new(o, "score", cli_json_rounded(e->score, 4));
        json_object_set_new(o, "rank", json_integer((json_int_t)e->rank));
        json_object_set_new(o, "eligible", json_integer((json_int_t)e->n_eligible));
        json_object_set_new(o, "shown_at",
                            e->shown_at ? json_integer((json_int_t)e->shown_at) : json_null());
        json_object_set_new(o, "factors", factors_json(&e->factors));
        json_object_set_new(o, "reasons", reasons_json(&e->reasons));
        json_object_set_new(o, "next", next_json(e->next, e->n_next, e->tzid));
    }
    json_object_set_new(o, "distance_miles", distance_json(e->has_distance, e->distance_miles));
    return o;
}

static void print_explanation(const struct peer *p, const struct recommend_explanation *e,
                              int limit)
{
    printf("Activity %lld, %s, for %s (peer %lld, caseload %s):\n", (long long)e->id,
           e->name ? e->name : "", p->name, (long long)p->id, p->cps);
    if (e->exclusion != MATCH_FITS) {
        printf("  Not suggested (");
        for (size_t i = 0; i < e->n_blockers; i++)
            printf("%s%s", i ? ", " : "", match_exclusion_name(e->blockers[i].blocker));
        printf("):\n");
        for (size_t i = 0; i < e->n_blockers; i++)
            printf("  - %s\n", e->blockers[i].why);
        return;
    }
    printf("  It fits every need. Ranked %zu of %zu by score (%.2f); ", e->rank, e->n_eligible,
           e->score);
    if (e->shown_at)
        printf("shown as number %zu of the top %d.\n", e->shown_at, limit);
    else
        printf("not in the top %d.\n", limit);
    const struct match_factor_values *f = &e->factors;
    printf("  factors: interest %.2f, values %.2f, exposure %.2f, distance %.2f, schedule %.2f,"
           " history %.2f, novelty %.2f\n",
           f->interest, f->values, f->exposure, f->distance, f->schedule, f->history, f->novelty);
    for (size_t k = 0; k < e->reasons.n; k++)
        printf("  - %s\n", e->reasons.items[k]);
    if (e->n_next)
        print_next(2, e->next, e->n_next, e->tzid);
}

/* ---- the command ---------------------------------------------------------------------- */

/* Records the peer's choice (--choose, --decline or --unchoose) and says so. */
static int record_choice(struct app *app, const struct recommend_args *a)
{
    char *name = NULL, *forced = NULL;
    struct app_error err;
    int rc = a->action == OPT_UNCHOOSE
                 ? app_choice_withdraw(app, a->peer_id, a->activity_id, a->note, &name, &err)
                 : app_choice_record(app, a->peer_id, a->activity_id, a->action == OPT_DECLINE,
                                     a->force, a->note, &name, &forced, &err);
    if (rc != BELONG_OK)
        return cli_fail("recommend", &err);
    printf("peer %lld %s activity %lld: %s", (long long)a->peer_id,
           a->action == OPT_DECLINE    ? "declined"
           : a->action == OPT_UNCHOOSE ? "no longer chose"
                                       : "chose",
           (long long)a->activity_id, name);
    if (forced)
        printf(" (forced past: %s)", forced);
    putchar('\n');
    free(name);
    free(forced);
    return a->action == OPT_CHOOSE ? cli_choice_plan(app, a->peer_id, a->activity_id) : rc;
}

/* Prints the problems of matching's data files, or the error. Returns err->status. */
static int matching_failed(const struct diag *diag, const struct app_error *err)
{
    diag_print(diag, stderr);
    return err->message[0] ? cli_fail("recommend", err) : err->status;
}

int cmd_recommend(struct cli *cli, int argc, char **argv)
{
    struct recommend_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? BELONG_OK : rc;
    if ((rc = cli_acting_cps(cli, "recommend", a.cps_flag)) != BELONG_OK)
        return rc;
    bool choosing = a.action == OPT_CHOOSE || a.action == OPT_DECLINE || a.action == OPT_UNCHOOSE;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    if (choosing)
        return record_choice(app, &a);
    struct peer p;
    struct diag diag = {0};
    struct app_error err;
    if (a.action == OPT_EXPLAIN) {
        struct recommend_explanation e;
        rc = app_explain(app, a.peer_id, a.activity_id, &a.opt, &p, &e, &diag, &err);
        if (rc != BELONG_OK)
            matching_failed(&diag, &err);
        else if (a.json)
            rc = cli_print_json(explanation_json(&e));
        else
            print_explanation(&p, &e, a.opt.limit ? a.opt.limit : RECOMMEND_LIMIT_DEFAULT);
        recommend_explanation_free(&e);
    } else {
        struct recommend_result res;
        rc = app_recommend(app, a.peer_id, &a.opt, &p, &res, &diag, &err);
        if (rc != BELONG_OK)
            matching_failed(&diag, &err);
        else if (a.json)
            rc = cli_print_json(a.opt.why_not ? cli_why_not_json(&p, &res)
                                              : cli_suggestions_json(&res));
        else {
            cli_print_step_line(&res.step, a.peer_id);
            print_result(&p, &res);
        }
        recommend_result_free(&res);
    }
    diag_free(&diag);
    peer_free(&p);
    return rc;
}

/* ---- demo peers (called by `belong demo`) ------------------------------------------------ */

int cli_demo_peers(struct cli *cli)
{
    int rc;
    struct app *app = cli_open(cli, APP_CREATE, &rc);
    if (!app)
        return rc;
    struct diag diag = {0};
    size_t added = 0, updated = 0;
    struct app_error err;
    rc = app_demo_peers(app, &diag, &added, &updated, &err);
    diag_print(&diag, stderr);
    diag_free(&diag);
    if (rc == BELONG_OK)
        printf("demo: %zu demo peers added, %zu updated (caseloads of --cps demo and demo2)\n",
               added, updated);
    else if (err.message[0])
        cli_error(rc, "demo", "peers: %s", err.message);
    return rc;
}
