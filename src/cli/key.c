/* key.c — `belong key rotate`: a new key for the sealed peer fields (app/keys.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char key_help[] =
    "usage: belong key rotate [--db PATH] [--key FILE]\n\n"
    "The sensitive peer fields (names, contact, the peer's own words, notes, reflections,\n"
    "connection names, measure answers) are sealed in the database with a key kept in a key\n"
    "file outside it: --key FILE, else $BELONG_KEY_FILE, else the database's path followed by\n"
    "\".key\" (made 0600 when the first value is sealed; see docs/privacy.md).\n\n"
    "rotate adds a new key version to the key file, seals every value again with it in one\n"
    "transaction, then drops the old versions from the file. Each write of the file is\n"
    "atomic, and the old key stays in it until the values sealed with the new one are\n"
    "committed: a crash at any point loses nothing. Stop `belong serve` first, or let it read\n"
    "the new key at its next write. Backups of the database made before need the old key file.\n\n"
    "Examples:\n"
    "  belong key rotate --db belong.db\n"
    "  belong --key /secure/belong.key key rotate\n";

int cmd_key(struct cli *cli, int argc, char **argv)
{
    static const char cmd[] = "key";
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(key_help, stdout);
        return BELONG_OK;
    }
    if (argc < 2 || strcmp(argv[1], "rotate") != 0) {
        fputs(key_help, stderr);
        return argc < 2 ? BELONG_EUSAGE
                        : cli_usage_error(cmd, "unknown subcommand '%s' (rotate)", argv[1]);
    }
    if (argc >= 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
        fputs(key_help, stdout);
        return BELONG_OK;
    }
    if (argc > 2)
        return cli_usage_error(cmd, "rotate takes no operand or option: '%s'", argv[2]);
    int rc;
    struct app *app = cli_open(cli, APP_WRITE, &rc);
    if (!app)
        return rc;
    unsigned version;
    struct app_error err;
    if ((rc = app_key_rotate(app, &version, &err)) != BELONG_OK)
        return cli_fail("key rotate", &err);
    printf("key rotated: every sealed value is now sealed with key version %u, the only one "
           "left in the key file\n",
           version);
    return BELONG_OK;
}
