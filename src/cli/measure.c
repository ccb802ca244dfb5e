/* measure.c — `belong measure items [INSTRUMENT]`: the instruments belong scores, and the exact
** wording and answers to read to a peer, as text or --json. Everything shown comes from the
** instrument tables (measures/instruments.c); nothing here knows one instrument from another.
** (Storing answers, `measure add|list`, comes with the operations layer.)
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../measures/measures.h"
#include "../measures/measures_json.h"
#include "cli.h"

#define WRAP_COLUMNS 78

static const char measure_help[] =
    "usage: belong measure items [INSTRUMENT] [--json]\n\n"
    "The validated measures belong scores (docs/practice.md): UCLA-3 loneliness, the Lubben\n"
    "Social Network Scale (LSNS-6), the De Jong Gierveld 6-item loneliness scale, ONS4 personal\n"
    "wellbeing and a weekly one-item check-in.\n\n"
    "  measure items              lists the instruments and their ids\n"
    "  measure items INSTRUMENT   the exact words to read to the peer, the answers they can\n"
    "                             give (and how to type them), and how the answers are scored\n\n"
    "INSTRUMENT is an id as listed (ucla3, lsns6, djg6, ons4, checkin); case, '-' and '_' do\n"
    "not matter (UCLA-3). An unknown instrument exits 65.\n\n"
    "Options:\n"
    "  --json      the same as JSON (items with their answers, codes and points; scales with\n"
    "              their items, range, missing-data rule and bands)\n"
    "  -h, --help  this help\n\n"
    "Examples:\n"
    "  belong measure items\n"
    "  belong measure items UCLA-3\n"
    "  belong measure items djg6 --json\n";

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

int cmd_measure(struct cli *cli, int argc, char **argv)
{
    (void)cli; /* the instruments are data: no database needed */
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool json = false;
    opterr = 0;
    /* two scans: up to the subcommand (so an unknown subcommand is named first), then its
    ** options, anywhere after it (GNU getopt, restarted with optind = 0) */
    char **sub_argv = argv;
    int sub_argc = argc, c;
    optind = 0;
    for (int scan = 0; scan < 2; scan++) {
        while ((c = getopt_long(sub_argc, sub_argv, scan ? "h" : "+h", options, NULL)) != -1) {
            switch (c) {
            case 'j':
                json = true;
                break;
            case 'h':
                fputs(measure_help, stdout);
                return BELONG_OK;
            default:
                return cli_usage_error("measure", "unknown option '%s'", sub_argv[optind - 1]);
            }
        }
        if (scan)
            break;
        if (optind >= argc)
            return cli_usage_error("measure", "expected a subcommand: items");
        if (strcmp(argv[optind], "items") != 0)
            return cli_usage_error("measure", "unknown subcommand '%s' (expected: items)",
                                   argv[optind]);
        sub_argv = argv + optind; /* sub_argv[0] is "items" */
        sub_argc = argc - optind;
        optind = 0;
    }
    return cmd_measure_items(sub_argc - optind, sub_argv + optind, json);
}
