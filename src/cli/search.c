/* search.c — `belong search`, `belong show` and `belong occurrences`: parsing their flags into
** a search query or an activity id, and printing the results as text or as JSON (docs/cli.md).
*/
#include <ctype.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../app/app_directory.h"
#include "../app/app_search_form.h"
#include "../directory/attributes.h"
#include "../directory/audience.h"
#include "../directory/infer.h"
#include "../directory/places.h"
#include "../directory/schedule_text.h"
#include "../matching/reasons.h"
#include "../peers/availability.h"
#include "../util/buf.h"
#include "../util/money.h"
#include "../util/number.h"
#include "../util/text.h"
#include "../util/timeutil.h"
#include "cli.h"
#include "format.h"

#define MAX_COST_USD 100000 /* --max-cost above this is a typo */

#define SHOW_NEXT_MAX   5 /* occurrences listed by `belong show` */
#define ACCESS_TEXT_LEN 64

static const char search_help[] =
    "usage: belong search [TEXT] [--category C]... [--near LAT,LON | --zip ZIP | --town NAME]\n"
    "                     [--within MILES] [--from DATE] [--to DATE] [--days MO,TU,...]\n"
    "                     [--after HH:MM] [--before HH:MM] [--free | --max-cost USD]\n"
    "                     [--access wheelchair,asl,quiet,transit]... [--intensity-max N]\n"
    "                     [--limit N] [--json]\n\n"
    "Finds active activities with an occurrence in the window (default: the next 30 days)\n"
    "that meets every filter. TEXT words must all appear (the last one may be the start of a\n"
    "word); TEXT that is a category's slug or name (gardening-nature, \"Gardening and nature\";\n"
    "see 'belong categories') searches that category, unless --category is given. With a\n"
    "place, nearer activities rank higher; --within leaves out farther ones.\n"
    "Listings whose times are not listed (no schedule, or open on a day without times) follow,\n"
    "marked 'times not listed', unless --after or --before is given. Text output starts with\n"
    "'N of M activities' (shown of matched); --color=auto|always|never (see 'belong --help').\n\n"
    "  --category C      a category slug (repeat or comma-separate for any of several)\n"
    "  --near LAT,LON    a point; --zip ZIP and --town NAME look the place up offline (a\n"
    "                    town in several states: $BELONG_STATE, else the directory's state)\n"
    "  --within MILES    only activities this close to the place\n"
    "  --from, --to      the window, YYYY-MM-DD (1970 to 2199), both days included\n"
    "  --days            local weekdays: MO,TU,WE,TH,FR,SA,SU (or weekdays, weekend)\n"
    "  --after, --before local start time at or after / before HH:MM\n"
    "  --free            free only; --max-cost USD: known cost at most this\n"
    "  --access          required features (all of them): wheelchair, asl, quiet, transit\n"
    "  --intensity-max N social intensity 1-5 at most N (docs/practice.md)\n"
    "  --limit N         at most N results (default 20)\n"
    "  --json            the JSON contract of docs/cli.md\n\n"
    "Examples:\n"
    "  belong search garden --town Worcester --within 10\n"
    "  belong search \"Gardening and nature\" --town Worcester\n"
    "  belong search --category books-learning --zip 01608 --days TU,TH --after 17:00\n"
    "  belong search \"book club\" --town 'Springfield, MA' --free --access wheelchair --json\n"
    "  belong search --near 42.36,-71.06 --intensity-max 2 --from 2026-12-01 --to 2026-12-14\n";

static const char show_help[] =
    "usage: belong show ID [--json]\n\n"
    "Shows everything known about one activity: its listing, belong's attributes (its\n"
    "category by name, its social intensity in words), its schedules in words ('Every other\n"
    "Wednesday, 3:00 pm to 4:30 pm') and its next occurrences. --json keeps the category's\n"
    "slug, the intensity's number and the schedules' rules.\n\n"
    "Examples:\n"
    "  belong show 42\n"
    "  belong show 42 --json\n";

static const char occurrences_help[] =
    "usage: belong occurrences ID [--from DATE] [--to DATE] [--json]\n\n"
    "Lists when an activity happens, in its local time. The window defaults to the next 30\n"
    "days; dates beyond the stored horizon are computed from the activity's schedules.\n\n"
    "Examples:\n"
    "  belong occurrences 42\n"
    "  belong occurrences 42 --from 2027-03-01 --to 2027-03-31 --json\n";

/* ---- shared helpers -------------------------------------------------------------------- */

/* Reports getopt's complaint about argv[optind - 1] and returns BELONG_EUSAGE. */
/* Parses the date option flag as the start of that local day (add_days later). Returns 0 or a
** usage error. */
static int parse_day(const char *cmd, const char *flag, const char *s, int add_days, time_t *out)
{
    struct civil_date d;
    int rc = cli_date_option(cmd, flag, s, &d);
    if (rc != BELONG_OK)
        return rc;
    if (add_days)
        d = civil_from_days(days_from_civil(&d) + add_days);
    *out = local_to_instant(&d, 0, 0, NULL);
    return BELONG_OK;
}

static bool parse_activity_id(const char *s, int64_t *id)
{
    long v;
    if (!cli_parse_int(s, 1, 0x7fffffffL, &v))
        return false;
    *id = v;
    return true;
}

/* A comma list ("a,b") as a JSON array of trimmed items. */
static json_t *json_comma_list(const char *s)
{
    json_t *list = json_array();
    const char *p = s ? s : "", *item;
    size_t n;
    while (comma_list_next(&p, &item, &n))
        json_array_append_new(list, json_stringn(item, n));
    return list;
}

static json_t *json_tristate(int v)
{
    return v == TRI_YES ? json_true() : v == TRI_NO ? json_false() : json_null();
}

/* ---- belong search --------------------------------------------------------------------- */

/* Adds each slug of a comma list to the query after checking it against the category table. */
static int add_categories(struct search_query *q, const char *list, char ***owned, size_t *n_owned)
{
    const char *p = list;
    while (*p) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        const char *end = p;
        while (*end && *end != ',' && !isspace((unsigned char)*end))
            end++;
        if (end == p)
            break;
        char *slug = xstrndup(p, (size_t)(end - p));
        for (char *c = slug; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        *owned = xrealloc(*owned, (*n_owned + 1) * sizeof **owned);
        (*owned)[(*n_owned)++] = slug;
        struct app_error err;
        if (app_category_check(slug, &err) != BELONG_OK)
            return cli_fail("search", &err);
        if (q->n_categories == SEARCH_CATEGORIES_MAX)
            return cli_usage_error("search", "--category: at most %d categories",
                                   SEARCH_CATEGORIES_MAX);
        q->categories[q->n_categories++] = slug;
        p = end;
    }
    return BELONG_OK;
}

/* Resolves --zip or --town into the query's centre (app_place_resolve), reporting failures. */
static int resolve_place(struct app *app, struct search_query *q, const char *flag,
                         const char *value, bool zip, char *label, size_t label_len)
{
    struct app_error err;
    int rc = app_place_resolve(app, flag, value, zip, q, label, label_len, &err);
    return rc == BELONG_OK ? rc : cli_fail("search", &err);
}

json_t *cli_search_result_json(const struct search_result *r, const struct category *text_cat)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "name", cli_json_string_or_null(r->name));
    json_object_set_new(o, "organization", cli_json_string_or_null(r->organization));
    json_object_set_new(o, "category", cli_json_string_or_null(r->category));
    json_object_set_new(o, "town", cli_json_string_or_null(r->town));
    json_object_set_new(o, "distance_miles",
                        r->has_distance ? cli_json_rounded(r->distance_miles, 2) : json_null());
    json_t *next = json_array();
    for (size_t i = 0; i < r->n_next; i++)
        json_array_append_new(next, cli_json_iso(r->next[i], r->tzid));
    json_object_set_new(o, "next", next);
    json_object_set_new(o, "cost", cli_json_cost(r->cost_cents));
    json_object_set_new(o, "access", cli_json_access(r->access));
    json_object_set_new(o, "intensity",
                        r->intensity > 0 ? json_integer(r->intensity) : json_null());
    json_object_set_new(o, "score", cli_json_rounded(r->score, 6));
    json_object_set_new(o, "times_not_listed", json_boolean(r->times_not_listed));
    json_object_set_new(o, "open_days", cli_json_weekdays(r->open_days));
    json_object_set_new(o, "text_as_category",
                        text_cat ? json_string(text_cat->slug) : json_null());
    return o;
}

/* A category's name for people: its label, else the slug as stored (NULL stays NULL). */
static const char *category_name(const struct category_table *t, const char *slug)
{
    const struct category *c = slug ? category_find(t, slug) : NULL;
    return c ? c->label : slug;
}

/* "intensity 2 of 5: a small group with a task to share, talking optional" into text. */
static void intensity_text(int level, char *text, size_t len)
{
    const char *words = match_intensity_words(level);
    snprintf(text, len, "intensity %d of 5%s%s", level, words ? ": " : "", words ? words : "");
}

/* Prints result r, numbered rank; its lines after the first are indented past a number of
** width digits, so that columns stay aligned past item 9. */
static void print_search_result(size_t rank, int width, const struct search_result *r,
                                const struct category_table *categories, bool color)
{
    printf("%*zu. %s%s%s  %s[#%lld]%s\n", width, rank, cli_style(color, CLI_STYLE_BOLD),
           r->name ? r->name : "(no name)", cli_style(color, CLI_STYLE_RESET),
           cli_style(color, CLI_STYLE_DIM), (long long)r->id, cli_style(color, CLI_STYLE_RESET));
    int indent = width + 2;
    struct buf line = {0};
    if (r->organization)
        buf_printf(&line, "%s", r->organization);
    if (r->category)
        buf_printf(&line, "%s%s", line.len ? " | " : "", category_name(categories, r->category));
    if (r->town || r->has_distance || r->is_virtual) {
        buf_puts(&line, line.len ? " | " : "");
        if (r->town)
            buf_puts(&line, r->town);
        if (r->has_distance) {
            char distance[48];
            cli_distance_text(r->distance_miles, r->distance_approximate, distance,
                              sizeof distance);
            buf_printf(&line, "%s%s", r->town ? ", " : "", distance);
        }
        if (r->is_virtual)
            buf_printf(&line, "%sonline", r->town || r->has_distance ? ", " : "");
    }
    if (line.len)
        printf("%*s%s\n", indent, "", buf_str(&line));
    buf_reset(&line);
    for (size_t i = 0; i < r->n_next; i++) {
        char when[64];
        cli_human_time(r->next[i], r->tzid, false, when, sizeof when);
        buf_printf(&line, "%s%s", i ? ", " : "", when);
    }
    if (r->times_not_listed) {
        char times[TIMES_TEXT_LEN];
        times_not_listed_text(r->open_days, times);
        printf("%*snext: %s%s%s\n", indent, "", cli_style(color, CLI_STYLE_YELLOW), times,
               cli_style(color, CLI_STYLE_RESET));
    } else {
        printf("%*snext: %s\n", indent, "", buf_str(&line));
    }
    char cost[32], access[ACCESS_TEXT_LEN];
    cli_cost_text(r->cost_cents, cost, sizeof cost);
    access_format(r->access, access, sizeof access);
    printf("%*s%s%s%s", indent, "", r->cost_cents == 0 ? cli_style(color, CLI_STYLE_GREEN) : "",
           cost, r->cost_cents == 0 ? cli_style(color, CLI_STYLE_RESET) : "");
    if (access[0])
        printf(" | %s", access);
    if (r->intensity > 0) {
        char intensity[160];
        intensity_text(r->intensity, intensity, sizeof intensity);
        printf(" | %s", intensity);
    }
    putchar('\n');
    buf_free(&line);
}

/* Search reads the materialised occurrences only: say so when the window reaches past them. */
static void warn_past_horizon(const struct app_search_result *r)
{
    if (!r->past_horizon)
        return;
    char first[ISO_LOCAL_LEN], last[ISO_LOCAL_LEN];
    format_local_iso(r->horizon_from, NULL, first);
    format_local_iso(r->horizon_to, NULL, last);
    fprintf(stderr,
            "belong search: dates are known from %.10s to %.10s; outside them nothing is found "
            "(run 'belong refresh')\n",
            first, last);
}

/* One search as asked on the command line: the query and what the output needs. */
struct search_request {
    struct search_query q;
    struct buf text; /* the TEXT words, joined; q.text points into it */
    char **owned;    /* the category slugs q.categories point to */
    size_t n_owned;
    const char *place_flag, *place_arg; /* a town: resolved once the directory is open */
    char place_label[PLACE_LABEL_LEN];
    struct category_table categories;     /* for the names shown and TEXT that names a category */
    const struct category *text_category; /* TEXT taken as this category, or NULL */
    bool json, help_shown;
};

static void search_request_free(struct search_request *r)
{
    for (size_t i = 0; i < r->n_owned; i++)
        free(r->owned[i]);
    free(r->owned);
    buf_free(&r->text);
    categories_free(&r->categories);
}

enum {
    OPT_CATEGORY = 1,
    OPT_NEAR,
    OPT_ZIP,
    OPT_TOWN,
    OPT_WITHIN,
    OPT_FROM,
    OPT_TO,
    OPT_DAYS,
    OPT_AFTER,
    OPT_BEFORE,
    OPT_FREE,
    OPT_MAX_COST,
    OPT_ACCESS,
    OPT_INTENSITY_MAX,
    OPT_LIMIT,
    OPT_JSON,
    OPT_HELP,
};
static const struct option options[] = {
    {"category", required_argument, NULL, OPT_CATEGORY},
    {"near", required_argument, NULL, OPT_NEAR},
    {"zip", required_argument, NULL, OPT_ZIP},
    {"town", required_argument, NULL, OPT_TOWN},
    {"within", required_argument, NULL, OPT_WITHIN},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"days", required_argument, NULL, OPT_DAYS},
    {"after", required_argument, NULL, OPT_AFTER},
    {"before", required_argument, NULL, OPT_BEFORE},
    {"free", no_argument, NULL, OPT_FREE},
    {"max-cost", required_argument, NULL, OPT_MAX_COST},
    {"access", required_argument, NULL, OPT_ACCESS},
    {"intensity-max", required_argument, NULL, OPT_INTENSITY_MAX},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"json", no_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, OPT_HELP},
    {0, 0, 0, 0},
};

/* What the checks after the options need to know of them. */
struct search_flags {
    bool free_only, has_max_cost;
    const char *from_arg, *to_arg;
};

/* Applies option opt (its value in optarg) to the request. Returns 0 or a usage error. */
static int search_option(struct cli *cli, int opt, int argc, char **argv, struct search_request *r,
                         struct search_flags *f)
{
    struct search_query *q = &r->q;
    int rc = BELONG_OK;
    long number;
    char bad[64];
    switch (opt) {
    case OPT_CATEGORY:
        rc = add_categories(q, optarg, &r->owned, &r->n_owned);
        break;
    case OPT_NEAR:
    case OPT_ZIP:
    case OPT_TOWN: {
        const char *flag = opt == OPT_NEAR ? "--near" : opt == OPT_ZIP ? "--zip" : "--town";
        if (r->place_flag) {
            rc = cli_usage_error("search", "%s: give only one of --near, --zip, --town", flag);
            break;
        }
        r->place_flag = flag;
        if (opt == OPT_NEAR) {
            if (!search_near_parse(optarg, &q->center_lat, &q->center_lon)) {
                rc = cli_usage_error("search", "--near: '%s' is not LAT,LON (e.g. 42.26,-71.80)",
                                     optarg);
                break;
            }
            q->has_center = true;
            snprintf(r->place_label, sizeof r->place_label, "%.5f,%.5f", q->center_lat,
                     q->center_lon);
        } else if (opt == OPT_ZIP) {
            rc = resolve_place(&cli->app, q, flag, optarg, true, r->place_label,
                               sizeof r->place_label);
        } else {
            r->place_arg = optarg; /* a town: resolved once the directory is open */
            q->has_center = true;
        }
        break;
    }
    case OPT_WITHIN:
        if (!search_miles_parse(optarg, &q->within_miles))
            rc = cli_usage_error("search", "--within: '%s' is not a distance in miles (0-%.0f)",
                                 optarg, SEARCH_WITHIN_MAX_MILES);
        break;
    case OPT_FROM:
    case OPT_TO: {
        time_t t;
        rc = parse_day("search", opt == OPT_FROM ? "--from" : "--to", optarg, opt == OPT_TO, &t);
        if (rc != BELONG_OK)
            break;
        if (opt == OPT_FROM) {
            q->from = t;
            f->from_arg = optarg;
        } else {
            q->to = t;
            f->to_arg = optarg;
        }
        break;
    }
    case OPT_DAYS:
        if (!search_days_parse(optarg, &q->weekday_mask, bad, sizeof bad))
            rc = cli_usage_error("search", "--days: '%s' is not a day (use MO,TU,WE,TH,FR,SA,SU)",
                                 bad);
        break;
    case OPT_AFTER:
    case OPT_BEFORE: {
        int minutes;
        const char *rest = NULL;
        if (!parse_clock(optarg, &minutes, NULL, &rest) || (rest && *rest)) {
            rc = cli_usage_error("search", "%s: '%s' is not a time (HH:MM)",
                                 opt == OPT_AFTER ? "--after" : "--before", optarg);
            break;
        }
        if (opt == OPT_AFTER)
            q->after_minute = minutes;
        else
            q->before_minute = minutes;
        break;
    }
    case OPT_FREE:
        f->free_only = true;
        q->max_cost_cents = 0;
        break;
    case OPT_MAX_COST:
        f->has_max_cost = true;
        if (!parse_usd_cents(optarg, MAX_COST_USD, &q->max_cost_cents))
            rc = cli_usage_error("search", "--max-cost: '%s' is not an amount in dollars", optarg);
        break;
    case OPT_ACCESS: {
        unsigned flags;
        if (!access_parse(optarg, &flags, bad, (int)sizeof bad)) {
            rc = cli_usage_error("search",
                                 "--access: unknown feature '%s' (known: wheelchair, asl, "
                                 "quiet, transit)",
                                 bad);
            break;
        }
        q->access_required |= flags;
        break;
    }
    case OPT_INTENSITY_MAX:
        if (!cli_parse_int(optarg, INTENSITY_MIN, INTENSITY_MAX, &number))
            rc = cli_usage_error("search", "--intensity-max: '%s' is not a level from %d to %d",
                                 optarg, INTENSITY_MIN, INTENSITY_MAX);
        else
            q->intensity_max = (int)number;
        break;
    case OPT_LIMIT:
        if (!cli_parse_int(optarg, 1, SEARCH_LIMIT_MAX, &number))
            rc = cli_usage_error("search", "--limit: '%s' is not a number from 1 to %d", optarg,
                                 SEARCH_LIMIT_MAX);
        else
            q->limit = (int)number;
        break;
    case OPT_JSON:
        r->json = true;
        break;
    case OPT_HELP:
        fputs(search_help, stdout);
        r->help_shown = true;
        return BELONG_OK;
    default:
        rc = cli_bad_option("search", opt, argc, argv);
        break;
    }
    return rc;
}

/* Parses `belong search`'s arguments into r (zeroed by the caller) and checks them together.
** Returns 0 (r->help_shown when --help was printed) or a usage error. */
static int parse_search(struct cli *cli, int argc, char **argv, struct search_request *r)
{
    struct search_query *q = &r->q;
    search_query_init(q);
    struct search_flags f = {0};
    int rc = BELONG_OK, opt;
    opterr = 0;
    while (rc == BELONG_OK && !r->help_shown &&
           (opt = getopt_long(argc, argv, ":", options, NULL)) != -1)
        rc = search_option(cli, opt, argc, argv, r, &f);
    if (rc != BELONG_OK || r->help_shown)
        return rc;
    if (f.free_only && f.has_max_cost)
        return cli_usage_error("search", "--free and --max-cost: give only one");
    if (q->within_miles > 0 && !q->has_center)
        return cli_usage_error("search", "--within needs --near, --zip or --town");
    if (q->after_minute >= 0 && q->before_minute >= 0 && q->after_minute >= q->before_minute)
        return cli_usage_error("search", "--after must be earlier than --before");
    if (!q->from)
        q->from = cli->app.now;
    if (!q->to)
        q->to = q->from + (time_t)SEARCH_WINDOW_DAYS_DEFAULT * SECONDS_PER_DAY;
    if (q->to <= q->from)
        return cli_usage_error("search", "--to %s: the window ends before it starts (--from %s)",
                               f.to_arg ? f.to_arg : "", f.from_arg ? f.from_arg : "today");
    for (int i = optind; i < argc; i++)
        buf_printf(&r->text, "%s%s", r->text.len ? " " : "", argv[i]);
    q->text = r->text.len ? buf_str(&r->text) : NULL;
    size_t bad_at = 0;
    if (q->text && !utf8_valid((const unsigned char *)q->text, r->text.len, &bad_at)) {
        rc = cli_usage_error("search",
                             "TEXT is not valid UTF-8 (byte %zu); check the terminal's "
                             "encoding",
                             bad_at + 1);
        return rc;
    }
    struct app_error err;
    if (app_categories(&r->categories, &err) != BELONG_OK)
        return cli_fail("search", &err);
    /* TEXT that is a category's slug or name, and no --category: that category, not words. */
    r->text_category = q->n_categories ? NULL : app_category_named(&r->categories, q->text);
    if (r->text_category) {
        q->categories[q->n_categories++] = r->text_category->slug;
        q->text = NULL;
    }
    return BELONG_OK;
}

/* Prints the results as JSON or text (color: with colour). Returns 0 or BELONG_EIO. */
static int print_results(const struct search_request *r, const struct search_results *results,
                         bool color)
{
    if (r->json) {
        json_t *list = json_array();
        for (size_t i = 0; i < results->n; i++)
            json_array_append_new(list,
                                  cli_search_result_json(&results->items[i], r->text_category));
        return cli_print_json(list);
    }
    if (r->text_category)
        printf("Category: %s ('%s' is that category; searched as --category %s)\n",
               r->text_category->label, buf_str(&r->text), r->text_category->slug);
    if (results->n == 0) {
        printf("No activities found.\n");
        return BELONG_OK;
    }
    /* The header, on stdout so that it stays with the results in a pipe: shown of matched. */
    size_t matched = results->matched > results->n ? results->matched : results->n;
    printf("%s%zu of %zu %s%s%s%s\n\n", cli_style(color, CLI_STYLE_DIM), results->n, matched,
           matched == 1 ? "activity" : "activities", r->place_label[0] ? "; distances from " : "",
           r->place_label, cli_style(color, CLI_STYLE_RESET));
    int width = snprintf(NULL, 0, "%zu", results->n);
    for (size_t i = 0; i < results->n; i++) {
        if (i)
            putchar('\n');
        print_search_result(i + 1, width, &results->items[i], &r->categories, color);
    }
    return BELONG_OK;
}

int cmd_search(struct cli *cli, int argc, char **argv)
{
    struct search_request r = {0};
    struct app_search_result found = {0};
    int rc = parse_search(cli, argc, argv, &r);
    if (rc != BELONG_OK || r.help_shown)
        goto out;
    struct app *app = cli_open(cli, APP_READ, &rc);
    if (!app)
        goto out;
    if (r.place_arg) {
        rc = resolve_place(app, &r.q, r.place_flag, r.place_arg, false, r.place_label,
                           sizeof r.place_label);
        if (rc != BELONG_OK)
            goto out;
    }
    struct app_error err;
    r.q.count_matched = !r.json; /* for the header's "N of M" */
    rc = app_search(app, &r.q, &found, &err);
    if (rc != BELONG_OK) {
        cli_fail("search", &err);
        goto out;
    }
    warn_past_horizon(&found);
    rc = print_results(&r, &found.results, cli->color);
out:
    app_search_result_free(&found);
    search_request_free(&r);
    return rc;
}

/* ---- belong show / occurrences --------------------------------------------------------- */

/* Parses `CMD ID [--from DATE] [--to DATE] [--json]` (dates only when allow_dates). OUT: *id,
** *json, *from / *to (start of the local day; to is the day after the --to date) or 0. */
static int parse_id_command(const char *cmd, const char *help, bool allow_dates, int argc,
                            char **argv, int64_t *id, bool *json, time_t *from, time_t *to,
                            bool *help_shown)
{
    enum { OPT_JSON = 1, OPT_FROM, OPT_TO, OPT_HELP };
    static const struct option with_dates[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"help", no_argument, NULL, OPT_HELP},
        {0, 0, 0, 0},
    };
    static const struct option without_dates[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, OPT_HELP},
        {0, 0, 0, 0},
    };
    *help_shown = false;
    *json = false;
    *from = *to = 0;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":", allow_dates ? with_dates : without_dates, NULL)) !=
           -1) {
        switch (opt) {
        case OPT_JSON:
            *json = true;
            break;
        case OPT_FROM:
        case OPT_TO: {
            int rc = parse_day(cmd, opt == OPT_FROM ? "--from" : "--to", optarg, opt == OPT_TO,
                               opt == OPT_FROM ? from : to);
            if (rc != BELONG_OK)
                return rc;
            break;
        }
        case OPT_HELP:
            fputs(help, stdout);
            *help_shown = true;
            return BELONG_OK;
        default:
            return cli_bad_option(cmd, opt, argc, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error(cmd, "which activity? give its ID (see 'belong search')");
    if (optind + 1 < argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
    if (!parse_activity_id(argv[optind], id))
        return cli_usage_error(cmd, "ID: '%s' is not an activity id", argv[optind]);
    return BELONG_OK;
}

/* Whether a listing's times are shown in a zone other than the directory's (an iCalendar
** event in Los Angeles): the text then names the zone. */
static bool other_zone(const char *tzid)
{
    return strcmp(cli_zone_of(tzid), BELONG_DEFAULT_TZ) != 0;
}

static json_t *occurrence_json(const struct occurrence *o, const char *tzid)
{
    json_t *j = json_object();
    json_object_set_new(j, "start", cli_json_iso(o->start, tzid));
    json_object_set_new(j, "end", cli_json_iso(o->end, tzid));
    return j;
}

static void print_occurrence(const struct occurrence *o, const char *tzid)
{
    char start[64];
    cli_human_time(o->start, tzid, true, start, sizeof start);
    int end_minutes;
    instant_to_local(o->end, cli_zone_of(tzid), NULL, &end_minutes, NULL, NULL);
    if (o->end - o->start < SECONDS_PER_DAY)
        printf("  %s-%02d:%02d\n", start, end_minutes / 60, end_minutes % 60);
    else
        printf("  %s (%lld h)\n", start, (long long)((o->end - o->start) / 3600));
}

int cmd_occurrences(struct cli *cli, int argc, char **argv)
{
    int64_t id = 0;
    bool json, help;
    time_t from, to;
    int rc = parse_id_command("occurrences", occurrences_help, true, argc, argv, &id, &json, &from,
                              &to, &help);
    if (rc != BELONG_OK || help)
        return rc;
    if (!from)
        from = to && to - (time_t)SEARCH_WINDOW_DAYS_DEFAULT * SECONDS_PER_DAY > cli->app.now
                   ? to - (time_t)SEARCH_WINDOW_DAYS_DEFAULT * SECONDS_PER_DAY
                   : cli->app.now;
    if (!to)
        to = from + (time_t)SEARCH_WINDOW_DAYS_DEFAULT * SECONDS_PER_DAY;
    if (to <= from)
        return cli_usage_error("occurrences", "--to: the window ends before it starts");
    struct app *app = cli_open(cli, APP_READ, &rc);
    if (!app)
        return rc;
    struct activity a;
    struct app_error err;
    rc = app_activity_get(app, id, &a, &err);
    if (rc != BELONG_OK)
        return cli_fail("occurrences", &err);
    struct occurrence *occ = NULL;
    size_t n = 0;
    rc = app_activity_occurrences(app, id, from, to, &occ, &n, &err);
    if (rc != BELONG_OK) {
        cli_fail("occurrences", &err);
        goto out;
    }
    if (json) {
        json_t *list = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, occurrence_json(&occ[i], a.tzid));
        rc = cli_print_json(list);
        goto out;
    }
    char first[ISO_LOCAL_LEN], last[ISO_LOCAL_LEN];
    format_local_iso(from, cli_zone_of(a.tzid), first);
    format_local_iso(to, cli_zone_of(a.tzid), last);
    printf("%s [#%lld]: %zu occurrence%s from %.10s to before %.10s%s%s%s\n", a.name ? a.name : "",
           (long long)id, n, n == 1 ? "" : "s", first, last,
           other_zone(a.tzid) ? " (times in " : "", other_zone(a.tzid) ? a.tzid : "",
           other_zone(a.tzid) ? ")" : "");
    for (size_t i = 0; i < n; i++)
        print_occurrence(&occ[i], a.tzid);
out:
    free(occ);
    activity_free(&a);
    return rc;
}

static json_t *schedule_json(const struct schedule *sc)
{
    json_t *j = json_object();
    json_object_set_new(j, "dtstart", cli_json_string_or_null(sc->dtstart));
    json_object_set_new(j, "tzid", cli_json_string_or_null(sc->tzid));
    json_object_set_new(j, "duration_minutes", json_integer(sc->duration_s / 60));
    json_object_set_new(j, "rrule", cli_json_string_or_null(sc->rrule));
    json_object_set_new(j, "rdates", json_comma_list(sc->rdates));
    json_object_set_new(j, "exdates", json_comma_list(sc->exdates));
    json_object_set_new(j, "valid_from", cli_json_string_or_null(sc->valid_from));
    json_object_set_new(j, "valid_to", cli_json_string_or_null(sc->valid_to));
    json_object_set_new(j, "description", cli_json_string_or_null(sc->description));
    return j;
}

struct inferred_ctx {
    json_t *object;
    unsigned still_inferred; /* activity.inferred: a CPS may have set some by hand since */
};

/* Adds one inferred attribute to the "inferred" object. */
static void inferred_json(void *ctx, unsigned bit, const char *attr, double confidence,
                          const char *evidence)
{
    struct inferred_ctx *c = ctx;
    if (!(c->still_inferred & bit))
        return;
    json_t *o = json_object();
    json_object_set_new(o, "confidence", cli_json_rounded(confidence, 2));
    json_object_set_new(o, "from", json_string(evidence));
    json_object_set_new(c->object, attr, o);
}

/* The attributes an import inferred: {attr: {confidence, from}}; {} when none. */
static json_t *activity_inferred_json(const struct activity *a)
{
    struct inferred_ctx c = {json_object(), a->inferred};
    infer_evidence_each(a->inference, inferred_json, &c);
    return c.object;
}

/* Attribute d of a as `show --json` gives it: null when the directory does not say. */
static json_t *attr_json(const struct activity_attr_def *d, const struct activity *a)
{
    switch (d->kind) {
    case AK_CATEGORY:
        return cli_json_string_or_null(a->category);
    case AK_TAGS:
        return json_comma_list(a->tags);
    case AK_INTENSITY:
        return a->intensity > 0 ? json_integer(a->intensity) : json_null();
    case AK_ACCESS:
        return cli_json_access(a->access);
    case AK_LANGUAGES:
        return json_comma_list(a->languages);
    case AK_AUDIENCE: {
        struct buf audience = {0};
        audience_format(a->audience, &audience);
        json_t *list = json_comma_list(audience.len ? buf_str(&audience) : NULL);
        buf_free(&audience);
        return list;
    }
    case AK_COST:
        return cli_json_cost(a->cost_cents);
    case AK_GROUP_SIZE:
        return a->group_size > 0 ? json_integer(a->group_size) : json_null();
    case AK_YES_NO:
        return json_tristate(activity_attr_yes_no(d, a));
    }
    return json_null();
}

static json_t *activity_json(const struct activity *a, const struct schedule *scheds,
                             size_t n_scheds, const struct occurrence *occ, size_t n_occ)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "name", cli_json_string_or_null(a->name));
    json_object_set_new(o, "description", cli_json_string_or_null(a->description));
    json_object_set_new(o, "organization", cli_json_string_or_null(a->organization));
    json_object_set_new(o, "organization_id",
                        a->organization_id ? json_integer(a->organization_id) : json_null());
    for (size_t i = 0; i < activity_attr_count; i++)
        json_object_set_new(o, activity_attrs[i].json_key, attr_json(&activity_attrs[i], a));
    json_object_set_new(o, "active", json_boolean(a->active));
    json_object_set_new(o, "url", cli_json_string_or_null(a->url));
    json_object_set_new(o, "email", cli_json_string_or_null(a->email));
    json_object_set_new(o, "phone", cli_json_string_or_null(a->phone));
    json_t *loc = json_object();
    json_object_set_new(loc, "id", a->location_id ? json_integer(a->location_id) : json_null());
    json_object_set_new(loc, "name", cli_json_string_or_null(a->location_name));
    json_object_set_new(loc, "address", cli_json_string_or_null(a->address));
    json_object_set_new(loc, "town", cli_json_string_or_null(a->town));
    json_object_set_new(loc, "zip", cli_json_string_or_null(a->zip));
    json_object_set_new(loc, "lat", a->has_coords ? json_real(a->lat) : json_null());
    json_object_set_new(loc, "lon", a->has_coords ? json_real(a->lon) : json_null());
    json_object_set_new(loc, "coordinates_from",
                        !a->has_coords                       ? json_null()
                        : a->coords_from == COORDS_FROM_ZIP  ? json_string("zip")
                        : a->coords_from == COORDS_FROM_TOWN ? json_string("town")
                                                             : json_string("source"));
    json_object_set_new(o, "location", loc);
    json_object_set_new(o, "tzid", json_string(cli_zone_of(a->tzid)));
    json_object_set_new(o, "source", cli_json_string_or_null(a->source));
    json_object_set_new(o, "source_ref", cli_json_string_or_null(a->source_ref));
    json_t *list = json_array();
    for (size_t i = 0; i < n_scheds; i++)
        json_array_append_new(list, schedule_json(&scheds[i]));
    json_object_set_new(o, "schedules", list);
    list = json_array();
    for (size_t i = 0; i < n_occ; i++)
        json_array_append_new(list, occurrence_json(&occ[i], a->tzid));
    json_object_set_new(o, "next", list);
    json_object_set_new(o, "times_listed", json_boolean(a->times_listed));
    json_object_set_new(o, "open_days", cli_json_weekdays(a->open_days));
    json_object_set_new(o, "inferred", activity_inferred_json(a));
    return o;
}

static void print_field(const char *label, const char *value)
{
    if (value && *value)
        printf("  %-15s %s\n", label, value);
}

static const char *tristate_text(int v)
{
    return v == TRI_YES ? "yes" : v == TRI_NO ? "no" : NULL;
}

/* Prints one inferred attribute, if the activity still has it as inferred (ctx: the activity). */
static void print_inferred(void *ctx, unsigned bit, const char *attr, double confidence,
                           const char *evidence)
{
    const struct activity *a = ctx;
    if (a->inferred & bit)
        printf("  %-15s %s (confidence %.2f): %s\n", "inferred", attr, confidence, evidence);
}

static void print_activity(const struct activity *a, const struct schedule *scheds, size_t n_scheds,
                           const struct occurrence *occ, size_t n_occ,
                           const struct category_table *categories, bool color)
{
    printf("%s%s%s  %s[#%lld]%s%s\n", cli_style(color, CLI_STYLE_BOLD),
           a->name ? a->name : "(no name)", cli_style(color, CLI_STYLE_RESET),
           cli_style(color, CLI_STYLE_DIM), (long long)a->id, cli_style(color, CLI_STYLE_RESET),
           a->active ? "" : "  (inactive: no longer listed)");
    print_field("organization", a->organization);
    print_field("category", category_name(categories, a->category));
    print_field("tags", a->tags);
    char text[160];
    if (a->intensity > 0) {
        intensity_text(a->intensity, text, sizeof text);
        print_field("intensity", text + strlen("intensity "));
    }
    cli_cost_text(a->cost_cents, text, sizeof text);
    print_field("cost", a->cost_cents < 0 ? "not listed" : text); /* not "cost  cost not listed" */
    access_format(a->access, text, sizeof text);
    print_field("access", text);
    print_field("languages", a->languages);
    if (a->audience) {
        struct buf audience = {0};
        audience_format(a->audience, &audience);
        print_field("audience", buf_str(&audience));
        buf_free(&audience);
    }
    if (a->group_size > 0) {
        snprintf(text, sizeof text, "about %d", a->group_size);
        print_field("group size", text);
    }
    print_field("peer-run", tristate_text(a->peer_run));
    print_field("substance-free", tristate_text(a->substance_free));
    print_field("drop-in", tristate_text(a->drop_in));
    print_field("online", a->is_virtual ? "yes" : NULL);
    print_field("where", a->location_name);
    print_field("address", a->address);
    if (a->town || a->zip) {
        snprintf(text, sizeof text, "%s%s%s", a->town ? a->town : "", a->town && a->zip ? " " : "",
                 a->zip ? a->zip : "");
        print_field("town", text);
    }
    if (a->has_coords && a->coords_from != COORDS_FROM_SOURCE)
        print_field("map point", a->coords_from == COORDS_FROM_ZIP
                                     ? "the centre of its ZIP code (the directory gave no"
                                       " coordinates: distances are approximate)"
                                     : "the centre of its town (the directory gave no coordinates"
                                       " or ZIP code: distances are approximate)");
    print_field("phone", a->phone);
    print_field("email", a->email);
    print_field("web", a->url);
    print_field("source", a->source);
    if (a->inferred)
        infer_evidence_each(a->inference, print_inferred, (void *)a);
    if (a->description && *a->description)
        printf("\n  %s\n", a->description);
    if (n_scheds)
        printf("\n  schedules:\n");
    for (size_t i = 0; i < n_scheds; i++) {
        const struct schedule *sc = &scheds[i];
        struct buf when = {0};
        schedule_text(sc, &when);
        printf("    %s\n", buf_str(&when));
        if (sc->description && *sc->description && strcmp(sc->description, buf_str(&when)) != 0)
            printf("      as listed: %s\n", sc->description);
        buf_free(&when);
    }
    if (!a->times_listed || a->open_days) {
        char times[TIMES_TEXT_LEN];
        times_not_listed_text(a->open_days, times);
        printf("\n  %s%s\n", times,
               a->times_listed ? " (on those days)" : ": call or write to ask when it meets");
    }
    if (other_zone(a->tzid))
        printf("\n  next (times in %s):\n", a->tzid);
    else
        printf("\n  next:\n");
    if (n_occ == 0)
        printf("  (none in the next %d days)\n", SEARCH_WINDOW_DAYS_DEFAULT);
    for (size_t i = 0; i < n_occ; i++)
        print_occurrence(&occ[i], a->tzid);
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
    int64_t id = 0;
    bool json, help;
    time_t unused_from, unused_to;
    int rc = parse_id_command("show", show_help, false, argc, argv, &id, &json, &unused_from,
                              &unused_to, &help);
    if (rc != BELONG_OK || help)
        return rc;
    struct app *app = cli_open(cli, APP_READ, &rc);
    if (!app)
        return rc;
    struct app_listing l;
    struct app_error err;
    struct category_table categories = {0};
    rc = app_show(app, id, SHOW_NEXT_MAX, &l, &err);
    if (rc == BELONG_OK && !json)
        rc = app_categories(&categories, &err);
    if (rc != BELONG_OK)
        cli_fail("show", &err);
    else if (json)
        rc = cli_print_json(activity_json(&l.activity, l.scheds, l.n_scheds, l.occ, l.n_occ));
    else
        print_activity(&l.activity, l.scheds, l.n_scheds, l.occ, l.n_occ, &categories, cli->color);
    categories_free(&categories);
    app_listing_free(&l);
    return rc;
}
