/* categories.c — `belong categories`: belong's activity categories (data/categories.tsv) with
** their slugs, names and the words they are known by, as text or --json (docs/cli.md).
*/
#include <getopt.h>
#include <stdio.h>

#include "../app/app_directory.h"
#include "cli.h"

static const char categories_help[] =
    "usage: belong categories [--json]\n\n"
    "Lists belong's activity categories: the slug that --category and 'activity set\n"
    "--category' take, the name shown in search and show, and the words a listing's text is\n"
    "matched by. A slug or a name typed as search TEXT searches that category\n"
    "('belong search gardening-nature', 'belong search \"Gardening and nature\"').\n\n"
    "  --json      an array of {\"slug\", \"name\", \"words\"}\n"
    "  -h, --help  this help\n\n"
    "Examples:\n"
    "  belong categories\n"
    "  belong categories --json\n";

static json_t *category_json(const struct category *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "slug", json_string(c->slug));
    json_object_set_new(o, "name", json_string(c->label));
    json_t *words = json_array();
    for (size_t i = 0; i < c->n_keywords; i++)
        json_array_append_new(words, json_string(c->keywords[i]));
    json_object_set_new(o, "words", words);
    return o;
}

static void print_category(const struct category *c)
{
    printf("%-18s %s\n", c->slug, c->label);
    if (!c->n_keywords)
        return;
    printf("%-18s known by: ", "");
    for (size_t i = 0; i < c->n_keywords; i++)
        printf("%s%s", i ? ", " : "", c->keywords[i]);
    putchar('\n');
}

int cmd_categories(struct cli *cli, int argc, char **argv)
{
    (void)cli; /* the categories are data files: no database is opened */
    enum { OPT_JSON = 1, OPT_HELP };
    static const struct option options[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, OPT_HELP},
        {0, 0, 0, 0},
    };
    bool json = false;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case OPT_JSON:
            json = true;
            break;
        case OPT_HELP:
        case 'h':
            fputs(categories_help, stdout);
            return BELONG_OK;
        default:
            return cli_bad_option("categories", opt, argc, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("categories", "unexpected argument '%s'", argv[optind]);
    struct category_table table = {0};
    struct app_error err;
    int rc = app_categories(&table, &err);
    if (rc != BELONG_OK) {
        cli_fail("categories", &err);
    } else if (json) {
        json_t *list = json_array();
        for (size_t i = 0; i < table.n; i++)
            json_array_append_new(list, category_json(&table.items[i]));
        rc = cli_print_json(list);
    } else {
        for (size_t i = 0; i < table.n; i++)
            print_category(&table.items[i]);
    }
    categories_free(&table);
    return rc;
}
