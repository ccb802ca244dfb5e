/* import.c — `belong import hsds|ical PATH`: reads a directory source, refuses it whole when
** any row is invalid (or, with --lenient, keeps the valid rows), and writes it in one
** transaction, keyed by source so that a re-import updates in place.
*/
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../app/app_directory.h"
#include "../formats/hsds.h"
#include "../formats/ical.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "cli.h"

static const char import_help[] =
    "usage: belong import hsds PATH [--lenient] [--rejects FILE] [--source NAME] [--allow-empty]\n"
    "       belong import ical FILE.ics [--lenient] [--rejects FILE] [--source NAME] "
    "[--allow-empty]\n\n"
    "Imports a community directory. PATH is an Open Referral HSDS source: a folder of CSV\n"
    "files (HSDS 3.0, or 1.x/2.x with regular_schedules.csv; the files its datapackage.json\n"
    "lists, else those beside it) or an HSDS 3.0 .json file; or an iCalendar file. Importing\n"
    "the same source again updates its activities in place; activities no longer listed are\n"
    "marked inactive, not deleted.\n\n"
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
    "                   datapackage.json, else hsds:FOLDER (or hsds:FILE.json), the last part\n"
    "                   of PATH, so the same export imported from another folder updates it;\n"
    "                   ical:ABSOLUTE-PATH for iCalendar. Give one when two different\n"
    "                   directories would get the same name\n"
    "  --allow-empty    accept an import that lists nothing (a source's listed activities\n"
    "                   then all retire); without it an empty import, the first of a source\n"
    "                   too, is refused (exit 65) as a likely broken download or wrong file\n\n"
    "Examples:\n"
    "  belong import hsds ./directory-export/\n"
    "  belong import hsds services.json --source hsds:mass211\n"
    "  belong import hsds ./old-export/ --lenient 2>rejects.txt\n"
    "  belong import hsds ./old-export/ --lenient --rejects rejects.txt\n"
    "  belong import ical library-events.ics\n";

/* The default name of an HSDS source (heap): hsds:PACKAGE when datapackage.json names the
** package, else hsds: and the last part of the path (the folder's or the file's name). */
static char *hsds_source_name(const char *path, const char *resolved, const char *package)
{
    struct buf name = {0};
    if (*package) {
        buf_printf(&name, "hsds:%s", package);
        return buf_detach(&name);
    }
    const char *p = resolved ? resolved : path;
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && p[start - 1] != '/')
        start--;
    if (start == n) /* "/" itself */
        buf_printf(&name, "hsds:%.*s", (int)n, p);
    else
        buf_printf(&name, "hsds:%.*s", (int)(n - start), p + start);
    return buf_detach(&name);
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"lenient", no_argument, NULL, 'l'},       {"source", required_argument, NULL, 's'},
        {"rejects", required_argument, NULL, 'r'}, {"allow-empty", no_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    bool lenient = false, allow_empty = false;
    const char *source = NULL, *rejects_path = NULL;
    int c;
    optind = 1;
    opterr = 0;
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
        case 'r':
            rejects_path = optarg;
            break;
        case 'h':
            fputs(import_help, stdout);
            return BELONG_OK;
        default:
            return cli_bad_option("import", c, argc, argv);
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
    if (rejects_path && !*rejects_path)
        return cli_usage_error("import", "--rejects needs a file name");

    struct cli_progress progress;
    cli_progress_start(&progress, "importing");
    struct import_batch batch = {0};
    struct diag diag = {0};
    struct import_stats stats = {0};
    long rejected = 0;
    bool incomplete = false; /* a file broke off: the rows after the break are missing */
    char package_name[HSDS_PACKAGE_NAME_MAX] = "";
    int rc;
    /* Problems go here: stderr, or the --rejects file (opened first, so that a file that
    ** cannot be written stops the import before any work). */
    FILE *rejects = stderr;
    if (rejects_path) {
        rejects = fopen(rejects_path, "w");
        if (!rejects) {
            rc = cli_error(BELONG_EIO, "import", "--rejects %s: cannot write: %s", rejects_path,
                           strerror(errno));
            rejects = NULL;
            goto out;
        }
    }

    struct stat st;
    if (stat(path, &st) != 0) {
        rc = cli_error(BELONG_ENOINPUT, "import", "%s: no such file or folder", path);
        goto out;
    }
    if (is_hsds) {
        struct hsds_counts counts;
        rc = hsds_parse(path, &batch, &diag, &counts);
        rejected = counts.rejected;
        incomplete = counts.broken_files > 0;
        memcpy(package_name, counts.package_name, sizeof package_name);
    } else {
        rc = ical_parse(path, &batch, &diag, &rejected);
    }
    diag_print(&diag, rejects);
    if (rc != BELONG_OK && rc != BELONG_EDATA)
        goto out;
    if (cli_progress_fn() && cli_progress_seconds(&progress) >= 1.0)
        fprintf(stderr, "importing: read %zu activities in %.1f s\n", import_batch_count(&batch),
                cli_progress_seconds(&progress));
    if (rc == BELONG_EDATA && !lenient) {
        fprintf(stderr,
                "belong import: %zu problem%s in %s%s%s; nothing was imported (--lenient "
                "imports the valid rows)\n",
                diag.count, diag.count == 1 ? "" : "s", path, rejects_path ? ", listed in " : "",
                rejects_path ? rejects_path : "");
        goto out;
    }

    if (rc == BELONG_EDATA && import_batch_count(&batch) == 0) {
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
    const char *resolved = realpath(path, abs_path);
    struct buf former = {0};
    buf_printf(&former, "%s:%s", kind, resolved ? resolved : path);
    if (source) {
        batch.source = xstrdup(source);
        buf_free(&former);
    } else if (is_hsds) {
        /* Sources used to be named by their absolute path: one stored under that name keeps
        ** its listings under the new name. */
        batch.source = hsds_source_name(path, resolved, package_name);
        batch.former_source = buf_detach(&former);
    } else {
        batch.source = buf_detach(&former);
    }
    batch.kind = xstrdup(kind);

    struct app *app = cli_open(cli, APP_CREATE, &rc);
    if (!app)
        goto out;
    struct diag write_diag = {0};
    struct import_options opt = {.lenient = lenient,
                                 .allow_empty = allow_empty,
                                 .name_guessed = is_hsds && !source && !*package_name,
                                 .progress = cli_progress_fn(),
                                 .progress_ctx = &progress};
    struct app_error err;
    rc = app_import(app, &batch, &opt, &write_diag, &stats, &err);
    cli_progress_end(&progress);
    diag_print(&write_diag, rejects);
    diag_free(&write_diag);
    rejected += stats.rejected;
    if (rc == BELONG_EDATA) {
        cli_error(rc, "import", "%s: %s", path, err.message);
        goto out;
    }
    if (rc != BELONG_OK) {
        cli_error(rc, "import", "cannot write the database: %s", err.message);
        goto out;
    }
    /* The summary goes to stdout, so that `2>rejects.txt` keeps it in sight. */
    printf("imported %ld %s, %ld occurrences, %ld rejected", stats.activities,
           stats.activities == 1 ? "activity" : "activities", stats.occurrences, rejected);
    if (stats.retired)
        printf(", %ld retired (no longer listed)", stats.retired);
    printf(" in %.1f s, as source %s", cli_progress_seconds(&progress), batch.source);
    if (stats.renamed)
        printf(" (renamed from %s)", batch.former_source);
    if (rejected && rejects_path)
        printf("; rejected rows listed in %s", rejects_path);
    printf("\n");
out:
    if (rejects && rejects != stderr && fclose(rejects) != 0 && rc == BELONG_OK) {
        rc = cli_error(BELONG_EIO, "import", "--rejects %s: cannot write: %s", rejects_path,
                       strerror(errno));
    }
    import_batch_free(&batch);
    diag_free(&diag);
    return rc;
}
