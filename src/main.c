/* main.c — belong's entry point: the global options (--db, --key, --color) and the command
** table. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/format.h"
#include "directory/home_state.h"
#include "util/timeutil.h"

struct command {
    const char *name;
    int (*run)(struct cli *cli, int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    /* name, handler, one-line summary: add a line here for each new command. */
    {"help", NULL, "show this help"},
    {"search", cmd_search, "find activities by words, place, days, times, cost, access"},
    {"show", cmd_show, "show one activity: listing, attributes, schedules, next dates"},
    {"occurrences", cmd_occurrences, "list when an activity happens in a date range"},
    {"categories", cmd_categories, "list the activity categories: slugs, names, their words"},
    {"peer", cmd_peer, "peer profiles in your caseload: add, edit, show, list, archive"},
    {"recommend", cmd_recommend, "suggest activities that fit a peer, with reasons; --explain one"},
    {"measure", cmd_measure, "the validated measures: the words to read and how they are scored"},
    {"connection", cmd_connection, "the people a peer met: add, edit, end (lost touch), list"},
    {"chart", cmd_chart, "a peer's progress as SVG: ucla3, lsns6, network, ecomap, comfort"},
    {"plan", cmd_plan, "a peer's next steps: plan add, list, done, skip, cancel"},
    {"visit", cmd_visit, "what happened at an activity: visit add, list (comfort, conversations)"},
    {"report", cmd_report, "reports as one HTML page: report peer, plan; caseload (JSON, CSV)"},
    {"export", cmd_export, "write a peer's chosen activities as an iCalendar file (export ical)"},
    {"import", cmd_import, "import a directory: HSDS (CSV folder or JSON) or iCalendar"},
    {"activity", cmd_activity, "set an activity's belong attributes (category, tags...)"},
    {"refresh", cmd_refresh, "re-expand schedules into occurrences for the horizon"},
    {"demo", cmd_demo, "create or update the demo catalogue (fictional Massachusetts activities)"},
    {"gen", cmd_gen, "generate a synthetic catalogue at scale, or an HSDS package, for benchmarks"},
    {"serve", cmd_serve, "serve the directory's pages and JSON API over HTTP (docs/web.md)"},
    {"user", cmd_user, "user accounts: add, passwd, disable, list, token (admins)"},
    {"audit", cmd_audit, "read the audit trail of peer records (supervisors, admins)"},
    {"backup", cmd_backup, "copy the whole database into a new file, safely while in use"},
    {"restore", cmd_restore, "replace the whole database with a checked backup"},
    {"key", cmd_key, "the key that seals peer fields in the database: key rotate"},
};
#define COMMAND_COUNT (int)(sizeof commands / sizeof commands[0])

static void print_help(FILE *out)
{
    fputs("usage: belong [--db PATH] [--key FILE] [--color=auto|always|never] COMMAND [ARGS]\n\n"
          "belong helps Certified Peer Specialists find community activities that fit the\n"
          "people they support.\n\nCommands:\n",
          out);
    for (int i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs("\nThe database is --db PATH, else $BELONG_DB, else $XDG_DATA_HOME/belong/belong.db;\n"
          "commands that only read never create it. The key that seals peer fields in it is\n"
          "--key FILE, else $BELONG_KEY_FILE, else the database's path followed by .key.\n"
          "A town name found in several states means\n"
          "$BELONG_STATE, else the state most of the directory's listings are in.\n"
          "--color=auto (the default) colours text output to a terminal unless $NO_COLOR is\n"
          "set; always and never decide for it. JSON is never coloured.\n"
          "\nExamples:\n"
          "  belong demo --db demo.db\n"
          "  belong --db demo.db search garden --town Worcester --days TU,TH --after 17:00\n"
          "  belong --db demo.db import hsds ./directory-export/\n"
          "\nRun 'belong COMMAND --help' for a command's options; 'man belong' for more.\n",
          out);
}

/* The options every command accepts, given anywhere before a "--". */
struct global_options {
    const char *db_path;  /* --db PATH / --db=PATH, or NULL */
    const char *color;    /* --color WHEN / --color=WHEN, or NULL */
    const char *key_path; /* --key FILE / --key=FILE, or NULL */
};

/* Removes the global options (--db, --key, --color) from anywhere before a "--", so that every
** command accepts them, into *g. Returns the new argc, or -1 with *missing the option that has
** no value. */
static int take_global_options(int argc, char **argv, struct global_options *g,
                               const char **missing)
{
    const struct {
        const char *name;
        const char **slot;
    } options[] = {{"--db", &g->db_path}, {"--color", &g->color}, {"--key", &g->key_path}};
    int out = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < argc)
                argv[out++] = argv[i++];
            break;
        }
        bool taken = false;
        for (size_t k = 0; k < sizeof options / sizeof *options && !taken; k++) {
            size_t len = strlen(options[k].name);
            if (strcmp(argv[i], options[k].name) == 0) {
                if (i + 1 >= argc) {
                    *missing = options[k].name;
                    return -1;
                }
                *options[k].slot = argv[++i];
                taken = true;
            } else if (strncmp(argv[i], options[k].name, len) == 0 && argv[i][len] == '=') {
                *options[k].slot = argv[i] + len + 1;
                taken = true;
            }
        }
        if (!taken)
            argv[out++] = argv[i];
    }
    argv[out] = NULL;
    return out;
}

int main(int argc, char **argv)
{
    struct cli cli = {0};
    struct global_options global = {0};
    const char *missing = NULL;
    argc = take_global_options(argc, argv, &global, &missing);
    if (argc < 0)
        return cli_error(BELONG_EUSAGE, NULL, "%s needs a %s", missing,
                         strcmp(missing, "--color") != 0 ? "path" : "value: auto, always or never");
    if (global.key_path && !*global.key_path)
        return cli_error(BELONG_EUSAGE, NULL, "--key is empty: give the key file's path");
    app_key_file(global.key_path);
    cli.db_path = global.db_path;
    enum cli_color_when color = CLI_COLOR_AUTO;
    if (global.color && !cli_color_parse(global.color, &color))
        return cli_error(BELONG_EUSAGE, NULL, "--color: '%s' is not auto, always or never",
                         global.color);
    cli.color = cli_color_decide(color, 1);
    const char *env_db = getenv("BELONG_DB");
    if ((cli.db_path && !*cli.db_path) || (!cli.db_path && env_db && !*env_db)) {
        return cli_error(BELONG_EUSAGE, NULL, "%s is empty: give the database's path (or %s)",
                         cli.db_path ? "--db" : "BELONG_DB",
                         cli.db_path ? "leave --db out for $BELONG_DB or the default"
                                     : "unset BELONG_DB for the default");
    }
    const char *pinned_now = getenv("BELONG_NOW");
    time_t unused;
    if (pinned_now && *pinned_now && !parse_pinned_now(pinned_now, &unused))
        return cli_error(BELONG_EUSAGE, NULL,
                         "BELONG_NOW: '%s' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM", pinned_now);
    app_context_init(&cli.app); /* the clock, once BELONG_NOW is known to be valid */
    char state[3];
    if (!home_state_setting(state))
        return cli_error(BELONG_EUSAGE, NULL,
                         HOME_STATE_ENV ": '%s' is not a US state (e.g. MA or Massachusetts)",
                         getenv(HOME_STATE_ENV));
    if (argc < 2) {
        print_help(stderr);
        return BELONG_EUSAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        bool about_help = argc >= 3 && (strcmp(argv[2], "--help") == 0 ||
                                        strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "help") == 0);
        if (argc >= 3 && strcmp(argv[1], "help") == 0 && !about_help) {
            /* "help COMMAND" is "COMMAND --help"; "help --help" is this help */
            static char help_flag[] = "--help";
            char *help_argv[] = {argv[2], help_flag, NULL};
            for (int i = 0; i < COMMAND_COUNT; i++)
                if (commands[i].run && strcmp(argv[2], commands[i].name) == 0)
                    return commands[i].run(&cli, 2, help_argv);
            return cli_error(BELONG_EUSAGE, NULL, "unknown command '%s'", argv[2]);
        }
        print_help(stdout);
        return BELONG_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("belong " BELONG_VERSION);
        return BELONG_OK;
    }
    for (int i = 0; i < COMMAND_COUNT; i++) {
        if (commands[i].run && strcmp(argv[1], commands[i].name) == 0) {
            int rc = commands[i].run(&cli, argc - 1, argv + 1);
            app_close(&cli.app);
            if (fflush(stdout) != 0 && rc == BELONG_OK) {
                perror("belong: writing output");
                rc = BELONG_EIO;
            }
            return rc;
        }
    }
    fprintf(stderr, "belong: unknown command '%s'\n\n", argv[1]);
    print_help(stderr);
    return BELONG_EUSAGE;
}
