/* measure.c — `belong measure items [INSTRUMENT]`: the instruments belong scores, and the exact
** wording and answers to read to a peer, as text or --json; `measure add` and `measure list`:
** a peer's answers recorded and listed scored, through the operations of app/app_measures.h.
** Everything shown comes from the instrument tables (measures/instruments.c); nothing here
** knows one instrument from another.
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../app/app_measures.h"
#include "../measures/measures.h"
#include "../measures/measures_json.h"
#include "cli.h"

#define WRAP_COLUMNS 78

static const char measure_help[] =
    "usage: belong measure items [INSTRUMENT] [--json]\n"
    "       belong measure add PEER INSTRUMENT --answers A,B,... [--date YYYY-MM-DD]\n"
    "                          [--cps NAME] [--json]\n"
    "       belong measure list PEER [--instrument INSTRUMENT] [--cps NAME] [--json]\n"
    "       belong measure edit ID --answers A,B,... [--date YYYY-MM-DD] [--cps NAME] [--json]\n"
    "       belong measure delete ID [--cps NAME] [--json]\n\n"
    "The validated measures belong scores (docs/practice.md): UCLA-3 loneliness, the Lubben\n"
    "Social Network Scale (LSNS-6), the De Jong Gierveld 6-item loneliness scale, ONS4 personal\n"
    "wellbeing and a weekly one-item check-in.\n\n"
    "  measure items              lists the instruments and their ids\n"
    "  measure items INSTRUMENT   the exact words to read to the peer, the answers they can\n"
    "                             give (and how to type them), and how the answers are scored\n"
    "  measure add PEER INSTRUMENT  records the peer's answers (each kept with its date) and\n"
    "                             shows the score, subscales and band\n"
    "  measure list PEER          every measure given to the peer, oldest first, scored\n"
    "  measure edit ID            replaces the answers of measure ID (the #ID list shows; same\n"
    "                             instrument), rescored; --date changes its day too\n"
    "  measure delete ID          deletes measure ID and its answers (shows what went)\n\n"
    "INSTRUMENT is an id as listed (ucla3, lsns6, djg6, ons4, checkin); case, '-' and '_' do\n"
    "not matter (UCLA-3). An unknown instrument exits 65. PEER is a peer ID of the acting CPS's\n"
    "caseload (--cps NAME, else $BELONG_CPS, else the login name), not archived; another is\n"
    "no such peer (exit 66), as is a measure ID of such a peer. Answers out of range, a missing "
    "item the rules need, or a date\n"
    "in the future or not real exit 65 naming the item, and nothing is kept.\n\n"
    "Options:\n"
    "  --answers A,B,...     add, edit: one answer per item, in order, as 'measure items' shows\n"
    "                        (DJG-6: yes, more or less, no; - or empty: not answered)\n"
    "  --date YYYY-MM-DD     add: the day the measure was given (default: today); edit: the\n"
    "                        day it was given, when it was recorded wrong (default: kept)\n"
    "  --instrument INSTRUMENT  list: only that instrument\n"
    "  --cps NAME            add, list, edit, delete: the acting CPS\n"
    "  --json                as JSON: items: the instrument (items with their answers, codes\n"
    "                        and points; scales with their items, range, missing-data rule and\n"
    "                        bands); add, list: {id, date, instrument, answers, score, band,\n"
    "                        subscales} (list: an array; edit: as stored now; delete: what\n"
    "                        was deleted)\n"
    "  -h, --help            this help\n\n"
    "Examples:\n"
    "  belong measure items\n"
    "  belong measure items UCLA-3\n"
    "  belong measure items djg6 --json\n"
    "  belong measure add 1 ucla3 --answers 2,3,1 --date 2026-12-01\n"
    "  belong measure add 1 djg6 --answers 'yes,more or less,no,no,-,yes'\n"
    "  belong measure list 1 --instrument lsns6\n"
    "  belong measure edit 4 --answers 1,2,1\n"
    "  belong measure delete 4\n";

/* Prints text wrapped at WRAP_COLUMNS: the first line starts with first, the others with
** indent. */
static void print_hanging(const char *first, const char *indent, const char *text)
{
    const char *prefix = first;
    size_t col = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t word = strcspn(p, " ");
        if (!word)
            break;
        if (col && col + 1 + word > WRAP_COLUMNS) {
            putchar('\n');
            col = 0;
        }
        if (!col) {
            fputs(prefix, stdout);
            col = strlen(prefix);
            prefix = indent;
        } else {
            putchar(' ');
            col++;
        }
        fwrite(p, 1, word, stdout);
        col += word;
        p += word;
    }
    if (col)
        putchar('\n');
}

static void print_wrapped(const char *indent, const char *text)
{
    print_hanging(indent, indent, text);
}

/* True when every item takes the same answer words as the first (their points may differ). */
static bool same_answer_words(const struct measure_instrument *in)
{
    const struct measure_options *a = in->items[0].answers;
    for (size_t i = 1; i < in->n_items; i++) {
        const struct measure_options *b = in->items[i].answers;
        if (b->n != a->n)
            return false;
        for (size_t k = 0; k < a->n; k++)
            if (strcmp(a->options[k].key, b->options[k].key) != 0 ||
                (a->options[k].label == NULL) != (b->options[k].label == NULL) ||
                (a->options[k].label && strcmp(a->options[k].label, b->options[k].label) != 0))
                return false;
    }
    return true;
}

static void print_answers(const struct measure_instrument *in, const struct measure_item *item,
                          const char *indent)
{
    struct buf b = {0};
    buf_puts(&b, "Answers: ");
    measure_describe_answers(in, item, &b);
    print_wrapped(indent, buf_str(&b));
    buf_free(&b);
}

/* Item numbers of a scale: "1-3", "1, 5, 6". */
static void put_items(const struct measure_instrument *in, unsigned items, struct buf *out)
{
    size_t n = 0, first = 0, last = 0;
    bool runs = true;
    for (size_t i = 0; i < in->n_items; i++) {
        if (!(items & (1u << i)))
            continue;
        if (n && i != last + 1)
            runs = false;
        if (!n)
            first = i;
        last = i;
        n++;
    }
    if (n == 1) {
        buf_printf(out, "item %zu", first + 1);
        return;
    }
    if (runs) {
        buf_printf(out, "items %zu-%zu", first + 1, last + 1);
        return;
    }
    buf_puts(out, "items ");
    size_t shown = 0;
    for (size_t i = 0; i < in->n_items; i++)
        if (items & (1u << i))
            buf_printf(out, "%s%zu", shown++ ? ", " : "", i + 1);
}

/* The points each answer scores, per group of items sharing answers, unless every answer
** scores its own number. */
static void print_points(const struct measure_instrument *in)
{
    bool plain = true;
    for (size_t i = 0; i < in->n_items; i++)
        for (size_t k = 0; k < in->items[i].answers->n; k++)
            plain &=
                in->items[i].answers->options[k].score == in->items[i].answers->options[k].code;
    if (plain) {
        print_wrapped("  ", "Each answer scores its number.");
        return;
    }
    for (size_t i = 0; i < in->n_items; i++) {
        const struct measure_options *o = in->items[i].answers;
        unsigned items = 0;
        bool seen = false;
        for (size_t j = 0; j < in->n_items; j++) {
            if (in->items[j].answers == o) {
                seen |= j < i;
                items |= 1u << j;
            }
        }
        if (seen)
            continue;
        struct buf b = {0};
        buf_puts(&b, "Points, ");
        put_items(in, items, &b);
        buf_puts(&b, ":");
        for (size_t k = 0; k < o->n; k++)
            buf_printf(&b, "%s %s = %d", k ? "," : "", o->options[k].key, o->options[k].score);
        buf_putc(&b, '.');
        print_wrapped("  ", buf_str(&b));
        buf_free(&b);
    }
}

static void print_scoring(const struct measure_instrument *in)
{
    puts("\nScoring:");
    print_points(in);
    for (size_t s = 0; s < in->n_scales; s++) {
        const struct measure_scale *sc = &in->scales[s];
        int min, max;
        measure_scale_range(in, sc, &min, &max);
        struct buf b = {0};
        buf_printf(&b, "%s [%s]: ", sc->title, sc->name);
        if (sc->items & (sc->items - 1))
            buf_puts(&b, "the sum of ");
        put_items(in, sc->items, &b);
        buf_printf(&b, ", %d to %d.", min, max);
        if (in->missing_allowed && sc->missing_allowed)
            buf_printf(&b,
                       " Missing if more than %d of its items %s not answered; an unanswered "
                       "item adds nothing.",
                       sc->missing_allowed, sc->missing_allowed == 1 ? "is" : "are");
        else if (in->missing_allowed)
            buf_puts(&b, " Missing if any of its items is not answered.");
        for (size_t k = 0; k < sc->n_bands; k++)
            buf_printf(&b, " %d-%d: %s.", sc->bands[k].min, sc->bands[k].max, sc->bands[k].words);
        if (!sc->n_bands)
            buf_puts(&b, " No bands.");
        print_wrapped("  ", buf_str(&b));
        buf_free(&b);
    }
    if (in->total_scale < 0)
        print_wrapped("  ", "The items are never summed: each is read on its own.");
}

/* An example of typed answers: item i takes its ((i + 1) mod n)th answer. */
static void print_example(const struct measure_instrument *in)
{
    fputs("\nType the answers in item order, separated by commas, e.g.\n  ", stdout);
    for (size_t i = 0; i < in->n_items; i++) {
        const struct measure_options *o = in->items[i].answers;
        printf("%s%s", i ? "," : "", o->options[(i + 1) % o->n].key);
    }
    putchar('\n');
    puts(in->missing_allowed ? "Write - or leave the place empty for an item not answered."
                             : "Every item is needed.");
}

static void print_instrument(const struct measure_instrument *in)
{
    printf("%s (%s)\n", in->title, in->id);
    print_wrapped("", in->source);
    puts("\nRead to the peer:");
    print_wrapped("  ", in->intro);
    bool shared = same_answer_words(in);
    for (size_t i = 0; i < in->n_items; i++) {
        const struct measure_item *item = &in->items[i];
        putchar('\n');
        if (item->lead) {
            print_wrapped("  ", item->lead);
            putchar('\n');
        }
        char number[32];
        snprintf(number, sizeof number, "  %zu. ", i + 1);
        print_hanging(number, "     ", item->text);
        if (!shared)
            print_answers(in, item, "     ");
    }
    if (shared) {
        putchar('\n');
        print_answers(in, &in->items[0], "");
    }
    print_example(in);
    print_scoring(in);
}

static int list_instruments(bool json)
{
    if (json) {
        json_t *list = json_array();
        for (size_t i = 0; list && i < measure_instrument_count; i++)
            json_array_append_new(list, measure_instrument_summary_json(measure_instruments[i]));
        return cli_print_json(list);
    }
    for (size_t i = 0; i < measure_instrument_count; i++) {
        const struct measure_instrument *in = measure_instruments[i];
        printf("%-8s %zu item%s  %s\n", in->id, in->n_items, in->n_items == 1 ? " " : "s",
               in->title);
    }
    puts("\nRun 'belong measure items INSTRUMENT' for the words to read and how it is scored.");
    return BELONG_OK;
}

/* operands: the words after "items" (none, or an instrument). */
static int cmd_measure_items(int n_operands, char **operands, bool json)
{
    if (n_operands > 1)
        return cli_usage_error("measure", "unexpected argument '%s'", operands[1]);
    if (n_operands == 0)
        return list_instruments(json);
    const struct measure_instrument *in = measure_find(operands[0]);
    if (!in) {
        fprintf(stderr, "belong measure: unknown instrument '%s'; known:", operands[0]);
        for (size_t i = 0; i < measure_instrument_count; i++)
            fprintf(stderr, "%s %s", i ? "," : "", measure_instruments[i]->id);
        fputc('\n', stderr);
        return BELONG_EDATA;
    }
    if (json)
        return cli_print_json(measure_instrument_json(in));
    print_instrument(in);
    return BELONG_OK;
}

/* One administration as JSON: the engine's result with its id and date. */
static json_t *administration_json(const struct app_measure *m)
{
    return measure_administration_json(m->id, m->date, &m->result);
}

/* A scale's result in words: "7, lonely", "not scored (too many items not answered)". */
static void put_scale(const struct measure_scale_result *sr, struct buf *b)
{
    if (sr->missing)
        buf_puts(b, "not scored (too many items not answered)");
    else if (sr->band)
        buf_printf(b, "%d, %s", sr->score, sr->band->words);
    else
        buf_printf(b, "%d", sr->score);
}

/* One line: "#ID  DATE  INSTRUMENT  score 7, lonely...; family 5, ...". */
static void print_administration(const struct app_measure *m)
{
    const struct measure_result *r = &m->result;
    const struct measure_scale_result *total = measure_total(r);
    struct buf b = {0};
    buf_printf(&b, "#%lld  %s  %-7s ", (long long)m->id, m->date, r->instrument->id);
    if (total) {
        buf_puts(&b, " score ");
        put_scale(total, &b);
    }
    size_t shown = 0;
    for (size_t s = 0; s < r->n_scales; s++) {
        if (&r->scales[s] == total)
            continue;
        buf_puts(&b, shown++ ? ", " : total ? "; " : " ");
        buf_printf(&b, "%s ", r->scales[s].scale->name);
        put_scale(&r->scales[s], &b);
    }
    puts(buf_str(&b));
    buf_free(&b);
}

/* The options of add and list. */
struct measure_opts {
    bool json;
    const char *answers, *date, *instrument, *cps;
};

/* operands: PEER INSTRUMENT. */
static int cmd_measure_add(struct cli *cli, int n_operands, char **operands,
                           const struct measure_opts *o)
{
    const char *cmd = "measure add";
    if (o->instrument)
        return cli_usage_error(cmd,
                               "--instrument is for measure list; the instrument follows PEER");
    if (n_operands < 2)
        return cli_usage_error(cmd, "expected PEER INSTRUMENT");
    if (n_operands > 2)
        return cli_usage_error(cmd, "unexpected argument '%s'", operands[2]);
    if (!o->answers)
        return cli_usage_error(cmd, "expected --answers A,B,...");
    int64_t id = 0;
    int rc = cli_peer_id(cmd, operands[0], &id);
    if (rc || (rc = cli_acting_cps(cli, cmd, o->cps)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct app_measure m;
    struct diag diag = {0};
    struct app_error err;
    rc = app_measure_add(app, id, operands[1], o->answers, o->date, &m, &diag, &err);
    if (rc != BELONG_OK) {
        diag_print(&diag, stderr);
        diag_free(&diag);
        return cli_fail(cmd, &err);
    }
    diag_free(&diag);
    if (o->json)
        return cli_print_json(administration_json(&m));
    print_administration(&m);
    return BELONG_OK;
}

/* operands: PEER. */
static int cmd_measure_list(struct cli *cli, int n_operands, char **operands,
                            const struct measure_opts *o)
{
    const char *cmd = "measure list";
    if (o->answers || o->date)
        return cli_usage_error(cmd, "%s is for measure add", o->answers ? "--answers" : "--date");
    if (n_operands < 1)
        return cli_usage_error(cmd, "expected PEER");
    if (n_operands > 1)
        return cli_usage_error(cmd, "unexpected argument '%s'", operands[1]);
    int64_t id = 0;
    int rc = cli_peer_id(cmd, operands[0], &id);
    if (rc || (rc = cli_acting_cps(cli, cmd, o->cps)))
        return rc;
    struct app *app = cli_open(cli, APP_READ, &rc);
    if (!app)
        return rc;
    struct app_measure *list;
    size_t n;
    struct app_error err;
    if ((rc = app_measure_list(app, id, o->instrument, &list, &n, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    if (o->json) {
        json_t *a = json_array();
        for (size_t i = 0; a && i < n; i++)
            json_array_append_new(a, administration_json(&list[i]));
        rc = cli_print_json(a);
    } else {
        for (size_t i = 0; i < n; i++)
            print_administration(&list[i]);
        if (!n)
            puts("No measures recorded.");
    }
    free(list);
    return rc;
}

/* operands: ID; edit (answers given) or delete. */
static int cmd_measure_change(struct cli *cli, const char *cmd, int n_operands, char **operands,
                              const struct measure_opts *o)
{
    bool edit = strcmp(cmd, "measure edit") == 0;
    if (o->instrument)
        return cli_usage_error(cmd, "--instrument is for measure list");
    if (!edit && (o->answers || o->date))
        return cli_usage_error(cmd, "%s is for measure add and edit",
                               o->answers ? "--answers" : "--date");
    if (n_operands < 1)
        return cli_usage_error(cmd, "expected ID (a measure's #ID, as measure list shows)");
    if (n_operands > 1)
        return cli_usage_error(cmd, "unexpected argument '%s'", operands[1]);
    if (edit && !o->answers)
        return cli_usage_error(cmd, "expected --answers A,B,...");
    int64_t id = 0;
    int rc = cli_record_id(cmd, operands[0], "a measure", &id);
    if (rc || (rc = cli_acting_cps(cli, cmd, o->cps)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct app_measure m;
    struct diag diag = {0};
    struct app_error err;
    rc = edit ? app_measure_edit(app, id, o->answers, o->date, &m, &diag, &err)
              : app_measure_delete(app, id, &m, &err);
    diag_print(&diag, stderr);
    diag_free(&diag);
    if (rc != BELONG_OK)
        return cli_fail(cmd, &err);
    if (o->json)
        return cli_print_json(administration_json(&m));
    if (!edit)
        fputs("Deleted: ", stdout);
    print_administration(&m);
    return BELONG_OK;
}

/* Keeps one option of measure (cli_option_fn; ctx: struct measure_opts). */
static int measure_option(void *ctx, int c, const char *arg)
{
    struct measure_opts *o = ctx;
    switch (c) {
    case 'j':
        o->json = true;
        break;
    case 'a':
        o->answers = arg;
        break;
    case 'd':
        o->date = arg;
        break;
    case 'i':
        o->instrument = arg;
        break;
    case 'c':
        o->cps = arg;
        break;
    }
    return BELONG_OK;
}

int cmd_measure(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"answers", required_argument, NULL, 'a'},
        {"date", required_argument, NULL, 'd'},
        {"instrument", required_argument, NULL, 'i'},
        {"cps", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const char *const subs[] = {"items", "add", "list", "edit", "delete"};
    struct measure_opts o = {0};
    char **operands;
    int sub, n;
    int rc = cli_parse_subcommand("measure", argc, argv, options, subs, sizeof subs / sizeof *subs,
                                  measure_help, measure_option, &o, &sub, &operands, &n);
    if (rc != BELONG_OK || sub < 0)
        return rc;
    switch (sub) {
    case 1:
        return cmd_measure_add(cli, n, operands, &o);
    case 2:
        return cmd_measure_list(cli, n, operands, &o);
    case 3:
        return cmd_measure_change(cli, "measure edit", n, operands, &o);
    case 4:
        return cmd_measure_change(cli, "measure delete", n, operands, &o);
    }
    if (o.answers || o.date || o.instrument || o.cps)
        return cli_usage_error("measure items", "only --json applies to measure items");
    return cmd_measure_items(n, operands, o.json);
}
