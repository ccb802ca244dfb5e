/* peer.c — `belong peer add|edit|show|list|archive`: peer profiles in the acting CPS's
** caseload (the CPS is --cps NAME, else $BELONG_CPS, else the login name).
*/
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/app_matching.h"
#include "../app/app_peers.h"
#include "../app/app_plans.h"
#include "../directory/audience.h"
#include "../directory/activity.h"
#include "../peers/profile_fields.h"
#include "../peers/profile_json.h"
#include "../util/buf.h"
#include "../util/infile.h"
#include "../util/limits.h"
#include "../util/timeutil.h"
#include "../util/text.h"
#include "cli.h"
#include "format.h"

static const char peer_help[] =
    "usage: belong peer add  [--cps NAME] [--json FILE|-] [FIELDS]\n"
    "       belong peer edit ID [--cps NAME] [--json FILE|-] [FIELDS]\n"
    "       belong peer show ID [--cps NAME] [--json]\n"
    "       belong peer list [NAME] [--cps NAME] [--archived] [--json]\n"
    "       belong peer archive ID [--cps NAME] [--restore]\n"
    "       belong peer export ID [--out FILE] [--report FILE] [--cps NAME]\n"
    "                                                  (peer export --help)\n"
    "       belong peer delete ID --yes [--cps NAME]   (peer delete --help)\n\n"
    "Peer profiles, kept in the caseload of the CPS who holds them: --cps NAME, else\n"
    "$BELONG_CPS, else your login name. Another CPS's peer answers \"no such peer ID in\n"
    "caseload NAME\". show ends with the peer's history: choices, declines and withdrawals\n"
    "(belong recommend --choose, --decline, --unchoose) with their dates and notes. list of\n"
    "a supervisor lists their team's peers too (every CPS whose supervisor they are), with\n"
    "each one's CPS. list NAME lists those whose name holds NAME (case aside): names are\n"
    "sealed in the database, so the caseload is opened and searched in memory\n"
    "(docs/privacy.md).\n\n"
    "Keep what names or describes a peer off the command line: ps and the shell's history\n"
    "show every argument. Give the fields as JSON in a file or on stdin (--json -), or run\n"
    "add (without --name) or edit (with nothing to change) at a terminal: it asks for the\n"
    "name, pronouns, contact, interests and goals.\n\n"
    "FIELDS (in edit, a list option replaces that list; give \"\" to empty it):\n"
    "  --name TEXT            the name the peer wants to be called\n"
    "  --pronouns TEXT        e.g. she/her, they/them\n"
    "  --contact TEXT         phone or e-mail, optional\n"
    "  --home ZIP|TOWN        home area: a ZIP code, a town or 'Town, ST', never a street\n"
    "                         address (a town in several states: $BELONG_STATE, else the\n"
    "                         directory's); one belong cannot place is refused (exit 65),\n"
    "                         with the towns spelt nearest to it\n"
    "  --max-miles N          how far the peer can travel\n"
    "  --travel LIST          walk, transit (bus/subway), car, ride (from the CPS)\n"
    "  --virtual yes|no       online activities are fine\n"
    "  --interest TEXT        an interest in the peer's own words (repeat)\n"
    "  --tags LIST            interest tags\n"
    "  --values LIST          helping-others, creativity, nature, faith, fitness, learning,\n"
    "                         being-useful, independence, family, community, recovery\n"
    "  --goal TEXT            a goal in the peer's own words (repeat)\n"
    "  --available 'DAY HH:MM-HH:MM'  a weekly window, e.g. 'TU 18:00-21:00' (repeat)\n"
    "  --away DATE[..DATE]    dates away, e.g. 2026-12-24..2027-01-02 (repeat)\n"
    "  --budget free|any|USD  the most the peer can spend per session\n"
    "  --access LIST          wheelchair, asl, quiet, transit-only\n"
    "  --audience LIST        who the peer says they are, for activities meant for them:\n"
    "                         deaf, women, men, veterans, lgbtq, youth, older-adults\n"
    "                         ('' = none of them; not given: activities for any of them\n"
    "                         are not suggested)\n"
    "  --languages LIST       languages the peer speaks, e.g. English,Spanish (none: English);\n"
    "                         a listing held only in others is not suggested\n"
    "  --substance-free yes|no  prefers substance-free settings\n"
    "  --peer-run yes|no      prefers peer-run activities\n"
    "  --comfort 1-5          comfort with groups (1 one-on-one, quiet .. 5 large groups);\n"
    "                         every change is kept with its date\n\n"
    "Examples:\n"
    "  belong peer add --name Sam --pronouns they/them --home 01602 --max-miles 3 \\\n"
    "      --travel walk,transit --interest 'I used to fix bikes' --interest plants \\\n"
    "      --values nature,helping-others --available 'TU 18:00-21:00' \\\n"
    "      --available 'SA 09:00-13:00' --budget free --comfort 2\n"
    "  belong peer add --home 01602 --comfort 2     (at a terminal: asks for the rest)\n"
    "  belong peer add --json - < sam.json\n"
    "  belong peer edit 3 --comfort 3 --away 2026-12-24..2027-01-02\n"
    "  belong peer show 3 --json > sam.json; belong peer edit 3 --json sam.json\n"
    "      (refused if peer 3 changed after the show: its \"version\" must still be current)\n"
    "  belong peer list --cps maria\n"
    "  belong peer list ros --cps maria\n"
    "  belong peer archive 3\n\n"
    "The JSON shape is in docs/peers.md.\n";

enum {
    OPT_NAME = 1,
    OPT_PRONOUNS,
    OPT_CONTACT,
    OPT_HOME,
    OPT_MAX_MILES,
    OPT_TRAVEL,
    OPT_VIRTUAL,
    OPT_INTEREST,
    OPT_TAGS,
    OPT_VALUES,
    OPT_GOAL,
    OPT_AVAILABLE,
    OPT_AWAY,
    OPT_BUDGET,
    OPT_ACCESS,
    OPT_LANGUAGES,
    OPT_SUBSTANCE_FREE,
    OPT_PEER_RUN,
    OPT_COMFORT,
    OPT_AUDIENCE,
    OPT_FIELD_COUNT, /* options above set fields */
    OPT_CPS,
    OPT_JSON,
    OPT_ARCHIVED,
    OPT_RESTORE,
    OPT_HELP,
};

static const struct option field_options[] = {
    {"name", required_argument, NULL, OPT_NAME},
    {"pronouns", required_argument, NULL, OPT_PRONOUNS},
    {"contact", required_argument, NULL, OPT_CONTACT},
    {"home", required_argument, NULL, OPT_HOME},
    {"max-miles", required_argument, NULL, OPT_MAX_MILES},
    {"travel", required_argument, NULL, OPT_TRAVEL},
    {"virtual", required_argument, NULL, OPT_VIRTUAL},
    {"interest", required_argument, NULL, OPT_INTEREST},
    {"tags", required_argument, NULL, OPT_TAGS},
    {"values", required_argument, NULL, OPT_VALUES},
    {"goal", required_argument, NULL, OPT_GOAL},
    {"available", required_argument, NULL, OPT_AVAILABLE},
    {"away", required_argument, NULL, OPT_AWAY},
    {"budget", required_argument, NULL, OPT_BUDGET},
    {"access", required_argument, NULL, OPT_ACCESS},
    {"languages", required_argument, NULL, OPT_LANGUAGES},
    {"substance-free", required_argument, NULL, OPT_SUBSTANCE_FREE},
    {"peer-run", required_argument, NULL, OPT_PEER_RUN},
    {"comfort", required_argument, NULL, OPT_COMFORT},
    {"audience", required_argument, NULL, OPT_AUDIENCE},
    {"cps", required_argument, NULL, OPT_CPS},
    {"json", required_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, OPT_HELP},
    {0, 0, 0, 0},
};

/* ---- helpers ------------------------------------------------------------------------- */

static int parse_peer_id(const char *cmd, int argc, char **argv, int64_t *id)
{
    if (optind >= argc)
        return cli_usage_error(cmd, "expected a peer ID");
    if (optind + 1 < argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
    return cli_peer_id(cmd, argv[optind], id);
}

static void print_warnings(const struct diag *warnings)
{
    const char *line = buf_str(&warnings->text);
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        fprintf(stderr, "warning: %.*s\n", (int)n, line);
        line += n + (end ? 1 : 0);
    }
}

/* Applies one field option (the field of the profile table its name sets). A list option
** empties its list the first time it is seen (bit in *lists_seen), so repeated options build the
** new list; "" leaves it empty. */
static int apply_option(struct peer *p, int opt, const char *arg, unsigned *lists_seen,
                        struct diag *diag, struct diag *warnings, const char *label)
{
    bool first = !(*lists_seen & (1u << opt));
    *lists_seen |= 1u << opt;
    const struct peer_field *f = peer_field_by_option(field_options[opt - 1].name);
    return f ? peer_field_set_text(f, p, arg, first, diag, warnings, label) : BELONG_EINTERNAL;
}

/* Reads a stream whole, at most INPUT_MAX_BYTES (a pipe, such as standard input or a shell's
** <(...), is fine: the limit bounds it). Returns 0, or BELONG_EDATA/BELONG_EIO with a message
** naming label. OUT: *text (heap; the caller frees it), *len. */
static int read_bounded(const char *cmd, FILE *in, const char *label, char **text, size_t *len)
{
    struct buf all = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, in)) > 0) {
        buf_append(&all, chunk, got);
        if (all.len > (size_t)INPUT_MAX_BYTES) {
            char limit[32];
            fprintf(stderr, "belong %s: %s: larger than the %s-byte limit\n", cmd, label,
                    limit_text(INPUT_MAX_BYTES, limit, sizeof limit));
            buf_free(&all);
            return BELONG_EDATA;
        }
    }
    if (ferror(in)) {
        fprintf(stderr, "belong %s: %s: cannot read: %s\n", cmd, label, strerror(errno));
        buf_free(&all);
        return BELONG_EIO;
    }
    *len = all.len;
    *text = buf_detach(&all);
    return BELONG_OK;
}

/* Reads a peer's JSON from path ("-": standard input), within the input limit, a UTF-8 byte
** order mark allowed, as in every input belong reads. */
static int load_json_file(const char *cmd, const char *path, json_t **out)
{
    bool from_stdin = strcmp(path, "-") == 0;
    const char *label = from_stdin ? "stdin" : path;
    *out = NULL;
    FILE *in = from_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "belong %s: %s: cannot read the file: %s\n", cmd, path, strerror(errno));
        return errno == ENOENT || errno == ENOTDIR ? BELONG_ENOINPUT : BELONG_EIO;
    }
    char *text = NULL;
    size_t len = 0;
    int rc = read_bounded(cmd, in, label, &text, &len);
    if (!from_stdin)
        fclose(in);
    if (rc != BELONG_OK)
        return rc;
    size_t bom = infile_bom(text, len);
    json_error_t error;
    *out = json_loadb(text + bom, len - bom, JSON_REJECT_DUPLICATES, &error);
    free(text);
    if (*out)
        return BELONG_OK;
    if (!from_stdin && access(path, R_OK) != 0)
        return cli_error(BELONG_ENOINPUT, cmd, "%s: cannot read the file", path);
    return cli_error(BELONG_EDATA, cmd, "%s:%d: not valid JSON: %s", from_stdin ? "stdin" : path,
                     error.line, error.text);
}

/* ---- add and edit -------------------------------------------------------------------- */

#define MAX_CHANGES 256

/* What add and edit change: the JSON object (--json FILE, or - for stdin) first, then the
** field options and the answers typed at the prompts, in order, so that they override it. */
struct peer_changes {
    json_t *json;
    const char *json_label; /* the file, "stdin", or NULL */
    struct {
        int opt;
        const char *arg; /* borrowed from argv or from answers */
    } pending[MAX_CHANGES];
    size_t n_pending;
    struct text_list answers; /* owns what was typed at the prompts */
    const char *label;        /* "belong peer add" or "belong peer edit", for problems */
    size_t json_problems;     /* how many of the problems the JSON had */
};

static bool add_change(struct peer_changes *c, int opt, const char *arg)
{
    if (c->n_pending == MAX_CHANGES)
        return false;
    c->pending[c->n_pending].opt = opt;
    c->pending[c->n_pending++].arg = arg;
    return true;
}

static bool change_given(const struct peer_changes *c, int opt)
{
    for (size_t i = 0; i < c->n_pending; i++)
        if (c->pending[i].opt == opt)
            return true;
    return false;
}

/* A peer_change_fn: applies the JSON, then the options, to the profile as stored now. */
static void apply_changes(void *ctx, struct peer *p, struct diag *diag, struct diag *warnings)
{
    struct peer_changes *c = ctx;
    if (c->json)
        peer_from_json(c->json, p, diag, warnings, c->json_label);
    c->json_problems = diag->count;
    unsigned lists_seen = 0;
    for (size_t i = 0; i < c->n_pending; i++)
        apply_option(p, c->pending[i].opt, c->pending[i].arg, &lists_seen, diag, warnings,
                     c->label);
}

/* The fields that name or describe a peer, asked for at the terminal. */
static const struct {
    int opt;
    const char *question;
    bool list;
} personal_fields[] = {
    {OPT_NAME, "Name the peer wants to be called", false},
    {OPT_PRONOUNS, "Pronouns", false},
    {OPT_CONTACT, "Contact (phone or e-mail)", false},
    {OPT_INTEREST, "Interests, in the peer's own words, one a line", true},
    {OPT_GOAL, "Goals, in the peer's own words, one a line", true},
};

/* Keeps an answer typed at a prompt as a change of field opt. */
static bool add_answer(struct peer_changes *c, int opt, char *answer)
{
    text_list_add(&c->answers, answer);
    free(answer);
    return add_change(c, opt, c->answers.items[c->answers.n - 1]);
}

/* Asks at the terminal for each personal field not given as an option: in add, Enter leaves a
** field out (the name is asked again until given); in edit, Enter keeps the stored value, and a
** list is replaced by the lines given. Typed answers never reach a command line. Returns 0, or
** BELONG_EUSAGE when there are too many changes. */
static int prompt_personal_fields(struct peer_changes *c, bool editing)
{
    fprintf(stderr, "%s: Enter %s.\n", c->label,
            editing ? "keeps a field as it is" : "leaves a field out");
    for (size_t f = 0; f < sizeof personal_fields / sizeof *personal_fields; f++) {
        int opt = personal_fields[f].opt;
        if (change_given(c, opt))
            continue;
        char question[128];
        if (personal_fields[f].list) {
            fprintf(stderr, "%s; an empty line ends:\n", personal_fields[f].question);
            snprintf(question, sizeof question, "  > ");
        } else {
            snprintf(question, sizeof question, "%s: ", personal_fields[f].question);
        }
        for (;;) {
            char *answer = cli_prompt_line(question);
            if (!answer)
                return BELONG_OK; /* the end of the input: nothing more to ask */
            if (!*answer && opt == OPT_NAME && !editing) {
                free(answer);
                continue; /* required */
            }
            if (!*answer) {
                free(answer);
                break;
            }
            if (!add_answer(c, opt, answer))
                return cli_usage_error(c->label + strlen("belong "), "too many options");
            if (!personal_fields[f].list)
                break;
        }
    }
    return BELONG_OK;
}

/* `peer add` (editing false) and `peer edit ID`. */
static int peer_write(struct cli *cli, int argc, char **argv, bool editing)
{
    const char *cmd = editing ? "peer edit" : "peer add";
    struct peer_changes *c = xcalloc(1, sizeof *c);
    c->label = editing ? "belong peer edit" : "belong peer add";
    const char *cps_flag = NULL, *json_path = NULL;
    struct peer p;
    peer_init(&p);
    struct diag diag = {0}, warnings = {0};
    int rc = BELONG_OK;

    opterr = 0;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", field_options, NULL)) != -1) {
        if (opt == OPT_HELP) {
            fputs(peer_help, stdout);
            goto out;
        } else if (opt == OPT_CPS) {
            cps_flag = optarg;
        } else if (opt == OPT_JSON) {
            json_path = optarg;
        } else if (opt > 0 && opt < OPT_FIELD_COUNT) {
            if (!add_change(c, opt, optarg)) {
                rc = cli_usage_error(cmd, "too many options");
                goto out;
            }
        } else {
            rc = cli_bad_option(cmd, opt, argc, argv);
            goto out;
        }
    }
    int64_t id = 0;
    if (editing && (rc = parse_peer_id(cmd, argc, argv, &id)) != BELONG_OK)
        goto out;
    if (!editing && optind != argc) {
        rc = cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
        goto out;
    }
    if ((rc = cli_acting_cps(cli, cmd, cps_flag)) != BELONG_OK)
        goto out;
    /* A person at the terminal is asked for what names or describes the peer (before the
    ** database is opened: nothing waits on them). */
    bool ask = !json_path && cli_interactive() &&
               (editing ? c->n_pending == 0 : !change_given(c, OPT_NAME));
    if (ask && (rc = prompt_personal_fields(c, editing)) != BELONG_OK)
        goto out;
    if (!json_path && !c->n_pending) {
        rc = cli_usage_error(cmd, editing ? "nothing to change"
                                          : "give --json FILE (- reads it from stdin) or --name "
                                            "NAME, or run it at a terminal to be asked");
        goto out;
    }
    if (json_path && (rc = load_json_file(cmd, json_path, &c->json)) != BELONG_OK)
        goto out;
    c->json_label = json_path && strcmp(json_path, "-") == 0 ? "stdin" : json_path;
    struct app *app = cli_open(cli, editing ? APP_WRITE : APP_CREATE, &rc);
    if (!app)
        goto out;
    const char *file = c->json_label ? c->json_label : c->label;
    struct app_error err;
    if (editing)
        rc = app_peer_edit(app, id, apply_changes, c, &p, &diag, &warnings, file, &err);
    else
        rc = app_peer_add(app, apply_changes, c, &p, &diag, &warnings, file, &err);
    if (diag.count) {
        diag_print(&diag, stderr);
        bool home = err.field && strcmp(err.field, "home") == 0; /* a data problem */
        rc =
            c->json_problems || (json_path && !c->n_pending) || home ? BELONG_EDATA : BELONG_EUSAGE;
        goto out;
    }
    print_warnings(&warnings);
    if (rc != BELONG_OK) {
        cli_fail(cmd, &err);
    } else {
        printf("%s peer %lld: %s\n", editing ? "updated" : "added", (long long)p.id, p.name);
    }
out:
    json_decref(c->json);
    text_list_clear(&c->answers);
    free(c);
    diag_free(&diag);
    diag_free(&warnings);
    peer_free(&p);
    return rc;
}

/* ---- show and list ------------------------------------------------------------------- */

static void print_list(const char *heading, const struct text_list *l, const char *sep)
{
    if (!l->n)
        return;
    char *joined = text_list_join(l, sep);
    printf("  %-15s %s\n", heading, joined);
    free(joined);
}

static void print_peer(const struct peer *p)
{
    printf("Peer %lld: %s", (long long)p->id, p->name);
    if (p->pronouns)
        printf(" (%s)", p->pronouns);
    printf("%s\n", p->archived ? "  [archived]" : "");
    printf("  %-15s %s\n", "caseload:", p->cps);
    if (p->contact)
        printf("  %-15s %s\n", "contact:", p->contact);
    if (p->home_zip || p->home_town) {
        if (p->home_label)
            printf("  %-15s %s\n", "home:", p->home_label);
        else
            printf("  %-15s %s (not placed: not in the ZIP code list, so no distance is "
                   "checked; fix it with 'belong peer edit %lld --home ZIP-or-town')\n",
                   "home:", p->home_zip ? p->home_zip : p->home_town, (long long)p->id);
    }
    char modes[64];
    travel_modes_format(p->travel_modes, modes, sizeof modes);
    for (char *c = strchr(modes, ','); c; c = strchr(c + 1, ','))
        *c = '/';
    printf("  %-15s ", "travel:");
    if (p->max_travel_miles >= 0)
        printf("up to %g miles", p->max_travel_miles);
    else
        printf("distance not stated");
    printf("%s%s; online activities %s\n", *modes ? ", by " : "", modes,
           p->virtual_ok ? "fine" : "not chosen");
    print_list("interests:", &p->interests, "; ");
    print_list("tags:", &p->tags, ", ");
    if (p->values.n) {
        printf("  %-15s ", "values:");
        for (size_t i = 0; i < p->values.n; i++) {
            const char *label = value_label(p->values.items[i]);
            printf("%s%s%s", i ? ", " : "", label ? label : p->values.items[i],
                   label ? "" : " (own word)");
        }
        putchar('\n');
    }
    print_list("goals:", &p->goals, "; ");
    printf("  %-15s ", "available:");
    if (!p->availability.n_windows)
        printf("any time (no weekly windows given)");
    for (size_t i = 0; i < p->availability.n_windows; i++) {
        char text[AVAILABILITY_TEXT_LEN];
        availability_format_window(&p->availability.windows[i], text);
        printf("%s%s", i ? ", " : "", text);
    }
    putchar('\n');
    if (p->availability.n_away) {
        printf("  %-15s ", "away:");
        for (size_t i = 0; i < p->availability.n_away; i++) {
            char text[AVAILABILITY_TEXT_LEN];
            availability_format_away(&p->availability.away[i], text);
            printf("%s%s", i ? ", " : "", text);
        }
        putchar('\n');
    }
    char budget[32];
    peer_budget_format(p->budget_cents, budget, sizeof budget);
    if (p->budget_cents > 0)
        printf("  %-15s up to $%s a session\n", "budget:", budget);
    else
        printf("  %-15s %s\n", "budget:", p->budget_cents == 0 ? "free only" : "no limit");
    if (p->audience_known) {
        struct buf audience = {0};
        audience_format(p->audience, &audience);
        printf("  %-15s %s\n", "audience:", audience.len ? buf_str(&audience) : "none");
        buf_free(&audience);
    }
    if (p->access_needs) {
        char access[64];
        access_format(p->access_needs, access, sizeof access);
        printf("  %-15s %s\n", "access needs:", access);
    }
    print_list("languages:", &p->languages, ", ");
    if (p->prefers_substance_free || p->prefers_peer_run)
        printf("  %-15s %s%s%s\n",
               "prefers:", p->prefers_substance_free ? "substance-free settings" : "",
               p->prefers_substance_free && p->prefers_peer_run ? ", " : "",
               p->prefers_peer_run ? "peer-run activities" : "");
    if (p->comfort) {
        printf("  %-15s %d of 5", "comfort:", p->comfort);
        if (p->n_comfort_history > 1) {
            printf(" (history:");
            for (size_t i = 0; i < p->n_comfort_history; i++) {
                struct civil_date d;
                instant_to_local(p->comfort_history[i].changed_at, NULL, &d, NULL, NULL, NULL);
                printf(" %04d-%02d-%02d %d", d.year, d.month, d.day, p->comfort_history[i].comfort);
            }
            putchar(')');
        }
        putchar('\n');
    } else {
        printf("  %-15s not assessed yet\n", "comfort:");
    }
}

/* Prints a JSON value on stdout followed by a newline. */
static const struct option read_options[] = {
    {"cps", required_argument, NULL, OPT_CPS},     {"json", no_argument, NULL, OPT_JSON},
    {"archived", no_argument, NULL, OPT_ARCHIVED}, {"restore", no_argument, NULL, OPT_RESTORE},
    {"help", no_argument, NULL, OPT_HELP},         {0, 0, 0, 0},
};

/* Parses the options of show, list and archive; `allowed` names which of OPT_JSON,
** OPT_ARCHIVED, OPT_RESTORE the command takes (as bits). Returns -1 after --help. */
static int read_opts(const char *cmd, int argc, char **argv, unsigned allowed,
                     const char **cps_flag, unsigned *given)
{
    opterr = 0;
    optind = 1;
    int opt;
    *given = 0;
    while ((opt = getopt_long(argc, argv, "", read_options, NULL)) != -1) {
        if (opt == OPT_HELP) {
            fputs(peer_help, stdout);
            return -1;
        }
        if (opt == OPT_CPS)
            *cps_flag = optarg;
        else if (opt > 0 && opt < 32 && (allowed & (1u << opt)))
            *given |= 1u << opt;
        else if (opt > 0 && opt < 32 && opt != '?')
            return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        else
            return cli_bad_option(cmd, opt, argc, argv);
    }
    return BELONG_OK;
}

static const char *const history_words[] = {[CHOICE_EVENT_CHOSEN] = "chosen",
                                            [CHOICE_EVENT_DECLINED] = "declined",
                                            [CHOICE_EVENT_WITHDRAWN] = "withdrawn"};

/* The history of the peer's choices (oldest first) as the "history" key of show --json. */
static json_t *history_json(const struct choice_event *h, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "at", cli_json_iso(h[i].at, NULL));
        json_object_set_new(o, "activity", json_integer(h[i].activity_id));
        json_object_set_new(o, "name", cli_json_string_or_null(h[i].name));
        json_object_set_new(o, "choice", json_string(history_words[h[i].kind]));
        json_object_set_new(o, "note", cli_json_string_or_null(h[i].note));
        json_t *forced = json_null();
        if (h[i].forced) {
            forced = json_array();
            for (const char *at = h[i].forced; *at;) {
                size_t len = strcspn(at, ",");
                json_array_append_new(forced, json_stringn(at, len));
                at += len + (at[len] == ',');
            }
        }
        json_object_set_new(o, "forced", forced);
        json_array_append_new(list, o);
    }
    return list;
}

static void print_history(const struct choice_event *h, size_t n)
{
    if (!n)
        return;
    printf("  %-15s (choices and declines, oldest first)\n", "history:");
    for (size_t i = 0; i < n; i++) {
        struct civil_date d;
        instant_to_local(h[i].at, NULL, &d, NULL, NULL, NULL);
        printf("    %04d-%02d-%02d  %-9s  activity %lld, %s", d.year, d.month, d.day,
               history_words[h[i].kind], (long long)h[i].activity_id, h[i].name ? h[i].name : "");
        if (h[i].note)
            printf(": \"%s\"", h[i].note);
        if (h[i].forced)
            printf(" (forced past the peer's limits: %s)", h[i].forced);
        putchar('\n');
    }
}

/* What peer show shows: the profile, the history of its choices, the step suggestion. */
struct peer_view {
    struct peer p;
    struct choice_event *history;
    size_t n_history;
    struct step_suggestion step;
};

/* Reads peer id's view (audited as peer.show). OUT: *v (view_free, whatever the result). */
static int view_read(struct app *app, int64_t id, struct peer_view *v, struct app_error *err)
{
    memset(v, 0, sizeof *v);
    int rc = app_peer_get(app, id, &v->p, err); /* v->p is peer_init'ed whatever the result */
    if (rc == BELONG_OK)
        rc = app_choice_history(app, id, &v->history, &v->n_history, err);
    if (rc == BELONG_OK)
        rc = app_step_get(app, id, &v->step, err);
    return rc;
}

static void view_free(struct peer_view *v)
{
    app_choice_history_free(v->history, v->n_history);
    peer_free(&v->p);
}

int cli_peer_show_json(struct app *app, int64_t id, json_t **out, struct app_error *err)
{
    struct peer_view v;
    int rc = view_read(app, id, &v, err);
    *out = NULL;
    if (rc == BELONG_OK) {
        *out = peer_to_json(&v.p, NULL);
        json_object_set_new(*out, "history", history_json(v.history, v.n_history));
        json_object_set_new(*out, "step", cli_step_json(&v.step));
    }
    view_free(&v);
    return rc;
}

static int peer_show(struct cli *cli, int argc, char **argv)
{
    const char *cmd = "peer show", *cps_flag = NULL;
    unsigned given;
    int rc = read_opts(cmd, argc, argv, 1u << OPT_JSON, &cps_flag, &given);
    if (rc)
        return rc < 0 ? BELONG_OK : rc;
    int64_t id = 0;
    if ((rc = parse_peer_id(cmd, argc, argv, &id)) || (rc = cli_acting_cps(cli, cmd, cps_flag)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct app_error err;
    if (given & (1u << OPT_JSON)) {
        json_t *o;
        if ((rc = cli_peer_show_json(app, id, &o, &err)) != BELONG_OK)
            return cli_fail(cmd, &err);
        return cli_print_json(o);
    }
    struct peer_view v;
    if ((rc = view_read(app, id, &v, &err)) == BELONG_OK) {
        print_peer(&v.p);
        print_history(v.history, v.n_history);
        cli_print_step(&v.step, id);
    }
    view_free(&v);
    return rc == BELONG_OK ? rc : cli_fail(cmd, &err);
}

static int peer_list(struct cli *cli, int argc, char **argv)
{
    const char *cmd = "peer list", *cps_flag = NULL;
    unsigned given;
    int rc = read_opts(cmd, argc, argv, 1u << OPT_JSON | 1u << OPT_ARCHIVED, &cps_flag, &given);
    if (rc)
        return rc < 0 ? BELONG_OK : rc;
    const char *named = optind < argc ? argv[optind++] : NULL; /* a search by name */
    if (optind != argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if ((rc = cli_acting_cps(cli, cmd, cps_flag)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct peer *peers = NULL;
    size_t n = 0;
    struct app_error err;
    rc = app_peer_list(app, given & (1u << OPT_ARCHIVED), &peers, &n, &err);
    if (rc != BELONG_OK) {
        app_peers_free(peers, n);
        return cli_fail(cmd, &err);
    }
    app_peers_named(peers, &n, named);
    bool as_json = given & (1u << OPT_JSON);
    json_t *arr = as_json ? json_array() : NULL;
    bool team = false; /* a supervisor's list: their team's peers, each with its CPS */
    for (size_t i = 0; i < n && !team; i++)
        team = peers[i].cps && strcmp(peers[i].cps, app->cps) != 0;
    if (!as_json && n)
        printf("%-5s %-24s %-12s %-28s %s%s\n", "ID", "NAME", "PRONOUNS", "HOME",
               team ? "COMFORT " : "COMFORT", team ? "CPS" : "");
    for (size_t i = 0; i < n; i++) {
        const struct peer p = peers[i];
        if (as_json) {
            json_t *o = peer_to_json(&p, NULL);
            json_object_set_new(o, "cps", json_string(p.cps ? p.cps : ""));
            json_array_append_new(arr, o);
        } else {
            char home[96], comfort[96];
            snprintf(home, sizeof home, "%.60s%s",
                     p.home_label  ? p.home_label
                     : p.home_zip  ? p.home_zip
                     : p.home_town ? p.home_town
                                   : "-",
                     !p.home_label && (p.home_zip || p.home_town) ? " (not placed)" : "");
            snprintf(comfort, sizeof comfort, p.comfort ? "%d" : "-", p.comfort);
            if (team) /* the CPS column too */
                snprintf(comfort + strlen(comfort), sizeof comfort - strlen(comfort), "%*s %s",
                         7 - (int)strlen(comfort), "", p.cps);
            printf("%-5lld %-24s %-12s %-28s %s%s\n", (long long)p.id, p.name,
                   p.pronouns ? p.pronouns : "-", home, comfort, p.archived ? "  [archived]" : "");
        }
    }
    if (as_json && rc == BELONG_OK) {
        rc = cli_print_json(arr);
        arr = NULL; /* printed and released */
    } else if (!as_json && rc == BELONG_OK && !n) {
        fprintf(stderr, "no peers in %s's caseload\n", app->cps);
    }
    json_decref(arr);
    app_peers_free(peers, n);
    return rc;
}

static int peer_archive_cmd(struct cli *cli, int argc, char **argv)
{
    const char *cmd = "peer archive", *cps_flag = NULL;
    unsigned given;
    int rc = read_opts(cmd, argc, argv, 1u << OPT_RESTORE, &cps_flag, &given);
    if (rc)
        return rc < 0 ? BELONG_OK : rc;
    int64_t id = 0;
    if ((rc = parse_peer_id(cmd, argc, argv, &id)) || (rc = cli_acting_cps(cli, cmd, cps_flag)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    bool restore = given & (1u << OPT_RESTORE);
    struct app_error err;
    if ((rc = app_peer_archive(app, id, !restore, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    printf("%s peer %lld\n", restore ? "restored" : "archived", (long long)id);
    return BELONG_OK;
}

int cmd_peer(struct cli *cli, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(struct cli *cli, int argc, char **argv);
    } subcommands[] = {
        {"show", peer_show},         {"list", peer_list},         {"archive", peer_archive_cmd},
        {"export", cmd_peer_export}, {"delete", cmd_peer_delete},
    };
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return peer_write(cli, argc - 1, argv + 1, false);
    if (argc >= 2 && strcmp(argv[1], "edit") == 0)
        return peer_write(cli, argc - 1, argv + 1, true);
    for (size_t i = 0; argc >= 2 && i < sizeof subcommands / sizeof *subcommands; i++)
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(cli, argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(peer_help, stdout);
        return BELONG_OK;
    }
    fputs(peer_help, stderr);
    return BELONG_EUSAGE;
}
