/* main.c — belong's entry point: the global --db option and the command table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
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
    {"export", cmd_export, "write a peer's chosen activities as an iCalendar file (export ical)"},
    {"import", cmd_import, "import a directory: HSDS (CSV folder or JSON) or iCalendar"},
    {"activity", cmd_activity, "set an activity's belong attributes (category, tags...)"},
    {"refresh", cmd_refresh, "re-expand schedules into occurrences for the horizon"},
    {"demo", cmd_demo, "create or update the demo catalogue (fictional Massachusetts activities)"},
    {"gen", cmd_gen, "generate a synthetic catalogue at scale, or an HSDS package, for benchmarks"},
    {"user", cmd_user, "user accounts: add, passwd, disable, list, token (admins)"},
    {"audit", cmd_audit, "read the audit trail of peer records (supervisors, admins)"},
};
#define COMMAND_COUNT (int)(sizeof commands / sizeof commands[0])

static void print_help(FILE *out)
{
    fputs("usage: belong [--db PATH] COMMAND [ARGS]\n\n"
          "belong helps Certified Peer Specialists find community activities that fit the\n"
          "people they support.\n\nCommands:\n",
          out);
    for (int i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs("\nThe database is --db PATH, else $BELONG_DB, else $XDG_DATA_HOME/belong/belong.db;\n"
          "commands that only read never create it. A town name found in several states means\n"
          "$BELONG_STATE, else the state most of the directory's listings are in.\n"
          "\nExamples:\n"
          "  belong demo --db demo.db\n"
          "  belong --db demo.db search garden --town Worcester --days TU,TH --after 17:00\n"
          "  belong --db demo.db import hsds ./directory-export/\n"
          "\nRun 'belong COMMAND --help' for a command's options; 'man belong' for more.\n",
          out);
}

/* Removes "--db PATH" / "--db=PATH" from anywhere before a "--", so that every command
** accepts it. Returns the new argc, or -1 when --db has no value. */
static int take_db_option(int argc, char **argv, const char **db_path)
{
    int out = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--db") == 0) {
            if (i + 1 >= argc)
                return -1;
            *db_path = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            *db_path = argv[i] + 5;
        } else {
            argv[out++] = argv[i];
        }
    }
    argv[out] = NULL;
    return out;
}

int main(int argc, char **argv)
{
    struct cli cli = {0};
    argc = take_db_option(argc, argv, &cli.db_path);
    if (argc < 0)
        return cli_error(BELONG_EUSAGE, NULL, "--db needs a path");
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
