/* backup.c — `belong backup FILE` and `belong restore FILE`: a copy of the whole database made
** while it is in use, and the whole database put back from one (app/backup.c).
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../app/app_backup.h"
#include "cli.h"

static const char backup_help[] =
    "usage: belong backup FILE [--force] [--cps NAME]\n\n"
    "Copies the whole database, as of one moment, into the new file FILE (mode 0600), while\n"
    "'belong serve' and other commands go on reading and writing it. The copy is one file,\n"
    "checked with SQLite's integrity check before it is put in place; an existing FILE is never\n"
    "replaced unless --force. The backup is written to the audit trail (as the acting handle:\n"
    "--cps NAME, else $BELONG_CPS, else your login name).\n\n"
    "The backup holds every peer record: keep it as private as the database. When the database's\n"
    "fields are encrypted, the key file beside the database is NOT in the backup: back it up\n"
    "separately (and keep it apart from the backups), or the backup cannot be read.\n\n"
    "Options:\n"
    "  --force        replace FILE if it exists\n"
    "  --cps NAME     the acting handle, for the audit trail\n"
    "  -h, --help     this help\n\n"
    "Examples:\n"
    "  belong backup /var/backups/belong/$(date +%F).db\n"
    "  belong --db build/demo.db backup demo-copy.db --force\n";

static const char restore_help[] =
    "usage: belong restore FILE [--cps NAME]\n\n"
    "Replaces the whole database with the backup FILE (made by 'belong backup'). FILE is\n"
    "checked first: a belong database, of a schema no newer than this belong's, that passes\n"
    "SQLite's integrity check; a file refused changes nothing (exit 65, the refusal is audited).\n"
    "The content is replaced in one step: a running 'belong serve' and other commands see the\n"
    "old database or the restored one, never a mix. Everything written since the backup was made\n"
    "is gone, except the audit trail: its rows written since then are kept. An older backup's\n"
    "schema is brought up to date. The database is created if it does not exist.\n\n"
    "Options:\n"
    "  --cps NAME     the acting handle, for the audit trail\n"
    "  -h, --help     this help\n\n"
    "Examples:\n"
    "  belong restore /var/backups/belong/2026-12-01.db\n"
    "  belong --db build/demo.db restore demo-copy.db\n";

/* Parses "CMD FILE [--force] [--cps NAME]" (force NULL: no --force). Returns 0 (OUT: *file,
** *cps), a usage error, or -1 after printing the help. */
static int parse(const char *cmd, const char *help, int argc, char **argv, const char **file,
                 bool *force, const char **cps)
{
    static const struct option with_force[] = {
        {"force", no_argument, NULL, 'f'},
        {"cps", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const struct option *opts = force ? with_force : with_force + 1;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(help, stdout);
            return -1;
        case 'f':
            *force = true;
            break;
        case 'c':
            *cps = optarg;
            break;
        default:
            return cli_bad_option(cmd, c, argc, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error(cmd, "FILE is missing: give the %s file", cmd);
    if (optind + 1 < argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
    *file = argv[optind];
    if (!**file)
        return cli_usage_error(cmd, "FILE is empty: give the %s file", cmd);
    return BELONG_OK;
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
    static const char cmd[] = "backup";
    const char *file = NULL, *cps = NULL;
    bool force = false;
    int rc = parse(cmd, backup_help, argc, argv, &file, &force, &cps);
    if (rc)
        return rc < 0 ? BELONG_OK : rc;
    if ((rc = cli_acting_cps(cli, cmd, cps)))
        return rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    struct app_error err;
    if ((rc = app_backup(app, file, force, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    struct stat st;
    long long bytes = stat(file, &st) == 0 ? (long long)st.st_size : 0;
    printf("Backed up the database to %s (%lld bytes, checked).\n", file, bytes);
    return BELONG_OK;
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
    static const char cmd[] = "restore";
    const char *file = NULL, *cps = NULL;
    int rc = parse(cmd, restore_help, argc, argv, &file, NULL, &cps);
    if (rc)
        return rc < 0 ? BELONG_OK : rc;
    if ((rc = cli_acting_cps(cli, cmd, cps)))
        return rc;
    struct app *app = cli_open(cli, APP_CREATE, &rc);
    if (!app)
        return rc;
    struct app_error err;
    size_t kept = 0;
    if ((rc = app_restore(app, file, &kept, &err)) != BELONG_OK)
        return cli_fail(cmd, &err);
    printf("Restored the database from %s (%zu audit row%s written since the backup kept).\n", file,
           kept, kept == 1 ? "" : "s");
    return BELONG_OK;
}
