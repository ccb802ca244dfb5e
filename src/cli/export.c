/* export.c — `belong export ical --peer ID`: the activities a peer chose, as an iCalendar file
** for their phone (the engagement records' plans take over once they exist).
*/
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../directory/catalog.h"
#include "../formats/ical_write.h"
#include "../util/privfile.h"
#include "../peers/caseload.h"
#include "../util/timeutil.h"
#include "cli.h"

#define EXPORT_DAYS 120 /* occurrences written for schedules a rule cannot carry */

static const char export_help[] =
    "usage: belong export ical --peer ID [--cps NAME] [-o FILE]\n\n"
    "Writes the activities a peer of your caseload chose (belong recommend PEER --choose ID)\n"
    "as an iCalendar (.ics) file for their phone: one event per activity with its repeat\n"
    "rule, local start time and time zone, and skipped dates. Without -o it goes to stdout.\n"
    "The file is created readable by you only.\n\n"
    "Examples:\n"
    "  belong export ical --peer 3 -o sam.ics\n"
    "  belong export ical --peer 3 --cps maria > sam.ics\n";

/* The items of the calendar: each chosen activity with its schedules and next occurrences.
** OUT: arrays the caller frees with free_items. */
struct export_set {
    struct ical_write_item *items;
    struct activity *acts;
    struct schedule **scheds;
    struct occurrence **occ;
    size_t n;
};

static void free_items(struct export_set *x)
{
    for (size_t i = 0; i < x->n; i++) {
        activity_free(&x->acts[i]);
        for (size_t k = 0; k < x->items[i].n_scheds; k++)
            schedule_free(&x->scheds[i][k]);
        free(x->scheds[i]);
        free(x->occ[i]);
    }
    free(x->items);
    free(x->acts);
    free(x->scheds);
    free(x->occ);
}

static int gather(struct store *s, const struct store_choice *choices, size_t n,
                  struct export_set *x)
{
    memset(x, 0, sizeof *x);
    x->items = xcalloc(n ? n : 1, sizeof *x->items);
    x->acts = xcalloc(n ? n : 1, sizeof *x->acts);
    x->scheds = xcalloc(n ? n : 1, sizeof *x->scheds);
    x->occ = xcalloc(n ? n : 1, sizeof *x->occ);
    time_t from = local_day_start(belong_now(), NULL);
    time_t to = from + (time_t)EXPORT_DAYS * 86400;
    int rc = BELONG_OK;
    for (size_t i = 0; rc == BELONG_OK && i < n; i++) {
        if (choices[i].choice != STORE_CHOICE_CHOSEN)
            continue;
        size_t k = x->n;
        rc = store_activity_get(s, choices[i].activity_id, &x->acts[k]);
        if (rc != BELONG_OK)
            break;
        x->n++;
        struct ical_write_item *it = &x->items[k];
        it->activity = &x->acts[k];
        it->note = choices[i].note;
        rc = store_schedules_get(s, choices[i].activity_id, &x->scheds[k], &it->n_scheds);
        it->scheds = x->scheds[k];
        if (rc == BELONG_OK)
            rc = catalog_expand(it->scheds, it->n_scheds, from, to, &x->occ[k], &it->n_occ);
        it->occ = x->occ[k];
    }
    return rc;
}

/* Writes text to path (a private file, replaced atomically) or stdout. */
static int write_out(const char *path, const char *text)
{
    char err[512];
    int rc = BELONG_OK;
    if (path)
        rc = write_private_file(path, text, strlen(text), err, sizeof err);
    else if (fputs(text, stdout) < 0 || fflush(stdout) != 0)
        snprintf(err, sizeof err, "stdout: %s", strerror(errno)), rc = BELONG_EIO;
    if (rc != BELONG_OK)
        fprintf(stderr, "belong export: %s\n", err);
    return rc;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"peer", required_argument, NULL, 'p'},
        {"cps", required_argument, NULL, 'c'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *peer_arg = NULL, *cps_flag = NULL, *out_path = NULL;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
        switch (c) {
        case 'p':
            peer_arg = optarg;
            break;
        case 'c':
            cps_flag = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'h':
            fputs(export_help, stdout);
            return BELONG_OK;
        default:
            return cli_bad_option("export", c, argc, argv);
        }
    }
    if (optind >= argc || strcmp(argv[optind], "ical") != 0)
        return cli_usage_error("export", "expected a format: ical");
    if (optind + 1 < argc)
        return cli_usage_error("export", "unexpected argument '%s'", argv[optind + 1]);
    long peer_id;
    if (!peer_arg)
        return cli_usage_error("export", "--peer: which peer? give --peer ID");
    if (!cli_parse_int(peer_arg, 1, 0x7fffffffL, &peer_id))
        return cli_usage_error("export", "--peer: '%s' is not a peer id", peer_arg);
    const char *cps = NULL;
    int rc = cli_acting_cps("export", cps_flag, &cps);
    if (rc != BELONG_OK)
        return rc;
    struct store *s = cli_store_read(cli, &rc);
    if (!s)
        return rc;
    struct peer p;
    rc = peer_load(s, cps, peer_id, &p);
    if (rc == BELONG_ENOINPUT) {
        fprintf(stderr, "belong export: no such peer %ld\n", peer_id);
        return rc;
    }
    if (rc != BELONG_OK) {
        fprintf(stderr, "belong export: %s\n", store_errmsg(s));
        return rc;
    }
    peer_free(&p);
    struct store_choice *choices = NULL;
    size_t n_choices = 0;
    struct export_set x = {0};
    char *text = NULL;
    char err[256] = "";
    rc = store_choices_get(s, cps, peer_id, &choices, &n_choices);
    if (rc == BELONG_OK)
        rc = gather(s, choices, n_choices, &x);
    if (rc == BELONG_EDATA) {
        fprintf(stderr, "belong export: a chosen activity's schedule cannot be expanded; "
                        "import its directory again\n");
        goto out;
    }
    if (rc != BELONG_OK) {
        fprintf(stderr, "belong export: %s\n", store_errmsg(s));
        goto out;
    }
    for (size_t i = 0; i < x.n; i++)
        if (!x.items[i].activity->active)
            fprintf(stderr,
                    "belong export: note: '%s' is no longer listed by its directory; it is "
                    "exported as it was\n",
                    x.items[i].activity->name);
    rc = ical_write_calendar(x.items, x.n, belong_now(), &text, err, sizeof err);
    if (rc != BELONG_OK) {
        fprintf(stderr, "belong export: %s\n", err);
        goto out;
    }
    rc = write_out(out_path, text);
    if (rc == BELONG_OK && out_path)
        fprintf(stderr, "belong export: %zu chosen activit%s written to %s\n", x.n,
                x.n == 1 ? "y" : "ies", out_path);
out:
    free(text);
    free_items(&x);
    store_choices_free(choices, n_choices);
    return rc;
}
