/* import.c — `belong import hsds|ical PATH`: reads a directory source, refuses it whole when
** any row is invalid (or, with --lenient, keeps the valid rows), and writes it in one
** transaction, keyed by source so that a re-import updates in place.
*/
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../directory/catalog.h"
#include "../formats/hsds.h"
#include "../formats/ical.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "cli.h"

static const char import_help[] =
    "usage: belong import hsds PATH [--lenient] [--source NAME] [--allow-empty]\n"
    "       belong import ical FILE.ics [--lenient] [--source NAME] [--allow-empty]\n\n"
    "Imports a community directory. PATH is an Open Referral HSDS source: a folder of CSV\n"
    "files (HSDS 3.0 with datapackage.json, or 1.x/2.x with regular_schedules.csv) or an HSDS\n"
    "3.0 .json file; or an iCalendar file. Importing the same source again updates its\n"
    "activities in place; activities no longer listed are marked inactive, not deleted.\n\n"
    "By default the import is all-or-nothing: any invalid row stops it (exit status 65), every\n"
    "problem is listed on stderr as FILE:LINE: field: what is wrong, and nothing is written.\n\n"
    "Options:\n"
    "  --lenient        import the valid rows, list the rejected ones, exit 0; a source with\n"
    "                   no valid row, or a file that breaks off (unterminated quote, bad\n"
    "                   UTF-8, broken JSON), is still refused, so that it retires nothing\n"
    "  --source NAME    the source's stable name (default: KIND:ABSOLUTE-PATH); use it when\n"
    "                   the same directory is downloaded to a new place each time\n"
    "  --allow-empty    accept a source that now lists nothing (all its activities retire);\n"
    "                   without it such an import is refused as a likely broken download\n\n"
    "Examples:\n"
    "  belong import hsds ./directory-export/\n"
    "  belong import hsds services.json --source hsds:mass211\n"
    "  belong import hsds ./old-export/ --lenient 2>rejects.txt\n"
    "  belong import ical library-events.ics\n";

int cmd_import(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"lenient", no_argument, NULL, 'l'},
        {"source", required_argument, NULL, 's'},
        {"allow-empty", no_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool lenient = false, allow_empty = false;
    const char *source = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'l':
            lenient = true;
            break;
        case 'e':
            allow_empty = true;
            break;
        case 's':
            source = optarg;
            break;
        case 'h':
            fputs(import_help, stdout);
            return BELONG_OK;
        default:
            return cli_usage_error("import", "unknown option");
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("import", "expected a kind (hsds or ical) and a PATH");
    const char *kind = argv[optind], *path = argv[optind + 1];
    bool is_hsds = strcmp(kind, "hsds") == 0;
    if (!is_hsds && strcmp(kind, "ical") != 0)
        return cli_usage_error("import", "unknown kind '%s' (hsds or ical)", kind);
    if (source && !*source)
        return cli_usage_error("import", "--source needs a name");

    struct cli_progress progress;
    cli_progress_start(&progress, "importing");
    struct import_batch batch = {0};
    struct diag diag = {0};
    struct import_stats stats = {0};
    long rejected = 0;
    bool incomplete = false; /* a file broke off: the rows after the break are missing */
    int rc;

    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "belong import: %s: no such file or folder\n", path);
        rc = BELONG_ENOINPUT;
        goto out;
    }
    if (is_hsds) {
        struct hsds_counts counts;
        rc = hsds_parse(path, &batch, &diag, &counts);
        rejected = counts.rejected;
        incomplete = counts.broken_files > 0;
    } else {
        rc = ical_parse(path, &batch, &diag, &rejected);
    }
    diag_print(&diag, stderr);
    if (rc != BELONG_OK && rc != BELONG_EDATA)
        goto out;
    if (cli_progress_fn() && cli_progress_seconds(&progress) >= 1.0)
        fprintf(stderr, "importing: read %zu activities in %.1f s\n", batch.n,
                cli_progress_seconds(&progress));
    if (rc == BELONG_EDATA && !lenient) {
        fprintf(stderr,
                "belong import: %zu problem%s in %s; nothing was imported (--lenient imports "
                "the valid rows)\n",
                diag.count, diag.count == 1 ? "" : "s", path);
        goto out;
    }

    if (rc == BELONG_EDATA && batch.n == 0) {
        /* Writing an empty batch would mark every activity of the source inactive. */
        fprintf(stderr, "belong import: nothing valid in %s; nothing was imported\n", path);
        goto out;
    }
    if (rc == BELONG_EDATA && incomplete) {
        /* Listings after the break would be marked inactive as if the directory dropped them. */
        fprintf(stderr,
                "belong import: a file in %s cannot be read to the end; nothing was imported, "
                "even with --lenient (fix or download it again)\n",
                path);
        goto out;
    }

    char abs_path[PATH_MAX];
    struct buf name = {0};
    if (source)
        buf_puts(&name, source);
    else
        buf_printf(&name, "%s:%s", kind, realpath(path, abs_path) ? abs_path : path);
    batch.source = buf_detach(&name);
    batch.kind = xstrdup(kind);

    struct store *store = cli_store(cli, &rc);
    if (!store)
        goto out;
    struct diag write_diag = {0};
    struct import_options opt = {.lenient = lenient,
                                 .allow_empty = allow_empty,
                                 .progress = cli_progress_fn(),
                                 .progress_ctx = &progress};
    rc = catalog_import(store, &batch, &opt, &write_diag, &stats);
    cli_progress_end(&progress);
    diag_print(&write_diag, stderr);
    diag_free(&write_diag);
    rejected += stats.rejected;
    if (rc == BELONG_EDATA) {
        fprintf(stderr, "belong import: %s: nothing was imported\n", path);
        goto out;
    }
    if (rc != BELONG_OK) {
        fprintf(stderr, "belong import: cannot write the database: %s\n", store_errmsg(store));
        goto out;
    }
    fprintf(stderr, "imported %ld %s, %ld occurrences, %ld rejected", stats.activities,
            stats.activities == 1 ? "activity" : "activities", stats.occurrences, rejected);
    if (stats.retired)
        fprintf(stderr, ", %ld retired (no longer listed)", stats.retired);
    fprintf(stderr, " in %.1f s\n", cli_progress_seconds(&progress));
out:
    import_batch_free(&batch);
    diag_free(&diag);
    return rc;
}
