/* import.c — `belong import [hsds|ical] PATH`: reads a directory source (app_import_read: the
** format named, else the one the path is in), refuses it whole when any row is invalid (or,
** with --lenient, keeps the valid rows), and writes it in one transaction (app_import), keyed by
** source so that a re-import updates in place.
*/
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_directory.h"
#include "../app/app_import.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "cli.h"

static const char import_help[] =
    "usage: belong import hsds PATH [--lenient] [--rejects FILE] [--source NAME] [--allow-empty]\n"
    "       belong import ical FILE.ics [--lenient] [--rejects FILE] [--source NAME] "
    "[--allow-empty]\n"
    "       belong import PATH [OPTIONS]\n\n"
    "Imports a community directory. PATH is an Open Referral HSDS source: a folder of CSV\n"
    "files (HSDS 3.0, or 1.x/2.x with regular_schedules.csv; the files its datapackage.json\n"
    "lists, else those beside it) or an HSDS 3.0 .json file; or an iCalendar file. Without\n"
    "hsds or ical, the kind is told from PATH: a folder, or a file that starts with { or [,\n"
    "is HSDS; a file that starts with BEGIN:VCALENDAR is iCalendar (else a .json or .ics\n"
    "name decides). Importing the same source again updates its activities in place;\n"
    "activities no longer listed are marked inactive, not deleted.\n\n"
    "CSV files as Excel saves them are read too: Windows-1252 or UTF-16 (\"Unicode text\"),\n"
    "each named in the summary, ';' or tab separators, titled headers (\"Service ID\").\n\n"
    "A .zip of a package (as directories publish their exports) is read like its folder: the\n"
    "package at the archive's top or in its one top-level folder, its files named\n"
    "ARCHIVE.zip/ENTRY in messages. It is unpacked into a private temporary folder, removed\n"
    "afterwards; an archive with an entry that is absolute, has '..', is a link, a device or\n"
    "encrypted, two entries of one name, more than 1000 entries, unpacking to more than\n"
    "$BELONG_UNZIP_MAX_MIB (2048) MiB or to more than an entry declares, corrupt, with no\n"
    "package in it, or whose package is another zip (unpack that one first), is refused\n"
    "whole (exit status 65).\n\n"
    "An iCalendar event's times are kept in UTC and shown in the listing's own zone: its TZID,\n"
    "the Olson zone a custom VTIMEZONE (\"Pacific Standard Time\") keeps the offsets of, or\n"
    "X-WR-TIMEZONE for floating times. Cancelled and CLASS:PRIVATE events are not listed; a\n"
    "RANGE=THISANDFUTURE change refuses its series (docs/taxonomy.md, \"iCalendar feeds\").\n\n"
    "By default the import is all-or-nothing: any invalid row stops it (exit status 65), every\n"
    "problem is listed as FILE:LINE: field: what is wrong, and nothing is written. The summary\n"
    "(what was imported, into which source) goes to stdout; problems go to stderr, or to the\n"
    "--rejects file.\n\n"
    "Options:\n"
    "  --lenient        import the valid rows, list the rejected ones, exit 0; a source with\n"
    "                   no valid row, or a file that breaks off (unterminated quote, bad\n"
    "                   UTF-8, broken JSON), is still refused, so that it retires nothing\n"
    "  --rejects FILE   write the problems (one FILE:LINE: field: what is wrong a line) to\n"
    "                   FILE instead of stderr; FILE is replaced\n"
    "  --source NAME    the source's stable name; by default hsds:PACKAGE, the name in\n"
    "                   datapackage.json, else hsds:FOLDER (or hsds:FILE.json, or hsds:FILE\n"
    "                   for FILE.zip), the last part of PATH, so the same export imported\n"
    "                   from another folder updates it;\n"
    "                   ical:ABSOLUTE-PATH for iCalendar. Give one when two different\n"
    "                   directories would get the same name\n"
    "  --allow-empty    accept an import that lists nothing (a source's listed activities\n"
    "                   then all retire); without it an empty import, the first of a source\n"
    "                   too, is refused (exit 65) as a likely broken download or wrong file\n\n"
    "Examples:\n"
    "  belong import hsds ./directory-export/\n"
    "  belong import ./directory-export/\n"
    "  belong import hsds services.json --source hsds:mass211\n"
    "  belong import hsds ~/Downloads/hampden-211-export.zip --lenient\n"
    "  belong import hsds ./old-export/ --lenient 2>rejects.txt\n"
    "  belong import hsds ./old-export/ --lenient --rejects rejects.txt\n"
    "  belong import ical library-events.ics\n";

/* What `belong import` was asked. */
struct import_args {
    struct app_import_request req;
    const char *rejects_path; /* --rejects FILE, or NULL */
    bool allow_empty;
};

/* Reads the options and the [KIND] PATH arguments. Returns 0; BELONG_EUSAGE (printed); or
** -1 when --help was printed. */
static int import_args_parse(int argc, char **argv, struct import_args *a)
{
    static const struct option options[] = {
        {"lenient", no_argument, NULL, 'l'},       {"source", required_argument, NULL, 's'},
        {"rejects", required_argument, NULL, 'r'}, {"allow-empty", no_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'l':
            a->req.lenient = true;
            break;
        case 'e':
            a->allow_empty = true;
            break;
        case 's':
            a->req.source = optarg;
            break;
        case 'r':
            a->rejects_path = optarg;
            break;
        case 'h':
            fputs(import_help, stdout);
            return -1;
        default:
            return cli_bad_option("import", c, argc, argv);
        }
    }
    int n_args = argc - optind;
    if (n_args != 1 && n_args != 2)
        return cli_usage_error("import", "expected a kind (hsds or ical) and a PATH");
    a->req.path = argv[argc - 1];
    if (n_args == 2) {
        const char *kind = argv[optind];
        a->req.format = format_find(kind);
        if (!a->req.format) {
            struct buf known = {0};
            for (const struct format *f = format_table; f->name; f++)
                buf_printf(&known, "%s%s",
                           f == format_table ? ""
                           : f[1].name       ? ", "
                                             : " or ",
                           f->name);
            cli_usage_error("import", "unknown kind '%s' (%s)", kind, buf_str(&known));
            buf_free(&known);
            return BELONG_EUSAGE;
        }
    }
    if (a->req.source && !*a->req.source)
        return cli_usage_error("import", "--source needs a name");
    if (a->rejects_path && !*a->rejects_path)
        return cli_usage_error("import", "--rejects needs a file name");
    return BELONG_OK;
}

/* Says why a source that was read is not written (its problems are listed already). Returns
** rc. */
static int import_refused(const struct import_args *a, const struct app_import_read *read,
                          const struct diag *diag, int rc, const struct app_error *err)
{
    switch (read->refusal) {
    case IMPORT_PROBLEMS:
        fprintf(stderr,
                "belong import: %zu problem%s in %s%s%s; nothing was imported (--lenient "
                "imports the valid rows)\n",
                diag->count, diag->count == 1 ? "" : "s", a->req.path,
                a->rejects_path ? ", listed in " : "", a->rejects_path ? a->rejects_path : "");
        break;
    case IMPORT_NOTHING_VALID:
        fprintf(stderr, "belong import: nothing valid in %s; nothing was imported\n", a->req.path);
        break;
    case IMPORT_ACCEPTED:
        if (err->message[0]) /* e.g. no such path; else the format's problems said it */
            cli_fail("import", err);
        break;
    default: /* IMPORT_BROKEN, IMPORT_UNKNOWN: one line */
        cli_fail("import", err);
        break;
    }
    return rc;
}

/* The summary, on stdout, so that `2>rejects.txt` keeps it in sight. */
static void import_summary(const struct import_args *a, const struct import_batch *batch,
                           const struct import_stats *stats, long rejected, const char *notes,
                           const struct cli_progress *progress)
{
    printf("imported %ld %s, %ld occurrences, %ld rejected", stats->activities,
           stats->activities == 1 ? "activity" : "activities", stats->occurrences, rejected);
    if (stats->retired)
        printf(", %ld retired (no longer listed)", stats->retired);
    printf(" in %.1f s, as source %s", cli_progress_seconds(progress), batch->source);
    if (stats->renamed)
        printf(" (renamed from %s)", batch->former_source);
    if (rejected && a->rejects_path)
        printf("; rejected rows listed in %s", a->rejects_path);
    if (*notes)
        printf("; %s", notes);
    printf("\n");
}

/* Writes the batch read (app_import), printing what was left out to rejects. */
static int import_write(struct cli *cli, const struct import_args *a,
                        const struct app_import_read *read, struct import_batch *batch,
                        FILE *rejects, struct cli_progress *progress)
{
    int rc;
    cli->app.bulk_listings = import_batch_count(batch); /* the connection is tuned for them */
    struct app *app = cli_open(cli, APP_CREATE, &rc);
    if (!app)
        return rc;
    struct diag write_diag = {0};
    struct import_options opt = {.lenient = a->req.lenient,
                                 .allow_empty = a->allow_empty,
                                 .name_guessed = read->name_guessed,
                                 .progress = cli_progress_fn(),
                                 .progress_ctx = progress};
    struct app_error err;
    struct import_stats stats = {0};
    rc = app_import(app, batch, &opt, &write_diag, &stats, &err);
    cli_progress_end(progress);
    diag_print(&write_diag, rejects);
    diag_free(&write_diag);
    if (rc == BELONG_EDATA)
        return cli_error(rc, "import", "%s: %s", a->req.path, err.message);
    if (rc != BELONG_OK)
        return cli_error(rc, "import", "cannot write the database: %s", err.message);
    import_summary(a, batch, &stats, read->counts.rejected + stats.rejected, read->counts.notes,
                   progress);
    return BELONG_OK;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
    struct import_args a;
    int rc = import_args_parse(argc, argv, &a);
    if (rc != BELONG_OK)
        return rc < 0 ? BELONG_OK : rc;
    /* Problems go here: stderr, or the --rejects file (opened first, so that a file that
    ** cannot be written stops the import before any work). */
    FILE *rejects = stderr;
    if (a.rejects_path) {
        rejects = fopen(a.rejects_path, "w");
        if (!rejects)
            return cli_error(BELONG_EIO, "import", "--rejects %s: cannot write: %s", a.rejects_path,
                             strerror(errno));
    }
    struct cli_progress progress;
    cli_progress_start(&progress, "importing");
    struct import_batch batch = {0};
    struct diag diag = {0};
    struct app_import_read read;
    struct app_error err;
    rc = app_import_read(&a.req, &batch, &diag, &read, &err);
    diag_print(&diag, rejects);
    if (rc == BELONG_OK || (rc == BELONG_EDATA && read.refusal != IMPORT_UNKNOWN)) {
        if (cli_progress_fn() && cli_progress_seconds(&progress) >= 1.0)
            fprintf(stderr, "importing: read %zu activities in %.1f s\n",
                    import_batch_count(&batch), cli_progress_seconds(&progress));
    }
    if (rc != BELONG_OK)
        rc = import_refused(&a, &read, &diag, rc, &err);
    else
        rc = import_write(cli, &a, &read, &batch, rejects, &progress);
    if (rejects != stderr && fclose(rejects) != 0 && rc == BELONG_OK)
        rc = cli_error(BELONG_EIO, "import", "--rejects %s: cannot write: %s", a.rejects_path,
                       strerror(errno));
    import_batch_free(&batch);
    diag_free(&diag);
    return rc;
}
