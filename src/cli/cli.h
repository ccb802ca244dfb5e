/* cli.h — what every command handler shares: the global options and small helpers.
**
** A handler is `int cmd_NAME(struct cli *cli, int argc, char **argv)`; argv[0] is the command
** name, and it returns a sysexits status (util/rc.h). Handlers parse with getopt_long, call
** one operation (src/app/), and only format its result: no business rules live here, and no
** handler reaches the database but through the operations' context.
*/
#ifndef BELONG_CLI_H
#define BELONG_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "../app/app.h"
#include "../util/rc.h"
#include "../util/timeutil.h"

struct cli {
    const char *db_path; /* --db PATH (given anywhere on the line), or NULL */
    struct app app;      /* the operations' context; its database opened lazily by cli_open */
};

/* Opens the database once (path from --db, $BELONG_DB or the XDG default) into cli->app and
** returns the context. On failure prints the reason on stderr and returns NULL; *rc gets the
** exit status. APP_CREATE is for commands that may create the database (import, demo, peer
** add): the file, and the folder only at the XDG default; APP_WRITE for those that change an
** existing one; APP_READ for those that only read (never created, opened read-only). */
struct app *cli_open(struct cli *cli, enum app_access access, int *rc);

/* Prints an operation's error: a usage error (cli_usage_error) for BELONG_EUSAGE, else
** "belong CMD: message" on stderr. Returns err->status. */
int cli_fail(const char *cmd, const struct app_error *err);

/* The acting CPS, whose caseload a command works in: flag (--cps NAME), else $BELONG_CPS,
** else the login name; it becomes cli->app.cps. Prints a usage error naming cmd and returns
** BELONG_EUSAGE when none is a valid handle. */
int cli_acting_cps(struct cli *cli, const char *cmd, const char *flag);
/* Progress of a long write, shown on stderr when it is a terminal and the work has run for
** a second: "\rLABEL: DONE of TOTAL activities". */
struct cli_progress {
    struct timespec started;
    const char *label; /* borrowed */
    bool shown;
};
void cli_progress_start(struct cli_progress *p, const char *label);
/* Seconds since cli_progress_start. */
double cli_progress_seconds(const struct cli_progress *p);
/* An import_progress_fn (catalog.h) for ctx = struct cli_progress *, or NULL when stderr is
** not a terminal (nothing to show). */
void (*cli_progress_fn(void))(void *ctx, size_t done, size_t total);
/* Ends the progress line, if one was shown. */
void cli_progress_end(struct cli_progress *p);

/* Prints v on stdout as indented JSON and a newline, then releases it (v may be NULL when a
** jansson constructor failed: BELONG_EINTERNAL). Returns 0 or BELONG_EIO. */
int cli_print_json(json_t *v);

/* Whether a person is at the terminal: stdin and stderr are terminals (prompt.c). */
bool cli_interactive(void);
/* Asks question on stderr and reads one line from stdin, without its line end. Returns a heap
** string the caller frees, or NULL at the end of the input. */
char *cli_prompt_line(const char *question);
/* cli_prompt_line without echo at a terminal (a password); from a pipe, one line read without
** asking. Returns a heap string the caller clears and frees, or NULL at the end of the input. */
char *cli_prompt_secret(const char *question);

/* The one way the CLI reports a problem: prints "belong CMD: message" (cmd NULL: "belong:
** message") and a line end on stderr. Returns status, for `return cli_error(rc, ...)`. */
int cli_error(int status, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prints "belong CMD: message" on stderr and returns BELONG_EUSAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The usage error for what getopt_long refused (opt: what it returned, '?' or ':'): a missing
** value, an unknown long option, or an unknown letter of a cluster of short options, naming
** the whole token as typed ("-garden", "-1"). Returns BELONG_EUSAGE. */
int cli_bad_option(const char *cmd, int opt, int argc, char **argv);
/* The dates options take: belong expands schedules only between these years. */
#define CLI_YEAR_MIN 1970
#define CLI_YEAR_MAX 2199
/* Parses the value of a date option (flag, e.g. "--to") as YYYY-MM-DD from CLI_YEAR_MIN to
** CLI_YEAR_MAX. Returns 0 (OUT: *out) or a usage error naming the flag, the value and the
** range. */
int cli_date_option(const char *cmd, const char *flag, const char *value, struct civil_date *out);
/* Parses a whole decimal integer in [min, max]. */
bool cli_parse_int(const char *s, long min, long max, long *out);
/* Parses a peer ID operand. Returns 0 (OUT: *id) or a usage error "'TEXT' is not a peer ID". */
int cli_peer_id(const char *cmd, const char *text, int64_t *id);

/* The command handlers (one file per command group under src/cli/). */
int cmd_activity(struct cli *cli, int argc, char **argv);    /* activity.c */
int cmd_refresh(struct cli *cli, int argc, char **argv);     /* activity.c */
int cmd_import(struct cli *cli, int argc, char **argv);      /* import.c */
int cmd_peer(struct cli *cli, int argc, char **argv);        /* peer.c */
int cmd_search(struct cli *cli, int argc, char **argv);      /* search.c */
int cmd_show(struct cli *cli, int argc, char **argv);        /* search.c */
int cmd_occurrences(struct cli *cli, int argc, char **argv); /* search.c */
int cmd_categories(struct cli *cli, int argc, char **argv);  /* categories.c */
int cmd_demo(struct cli *cli, int argc, char **argv);        /* demo.c */
int cmd_gen(struct cli *cli, int argc, char **argv);         /* demo.c */
int cmd_recommend(struct cli *cli, int argc, char **argv);   /* recommend.c */
int cmd_export(struct cli *cli, int argc, char **argv);      /* export.c */
int cmd_measure(struct cli *cli, int argc, char **argv);     /* measure.c */
int cmd_user(struct cli *cli, int argc, char **argv);        /* user.c */
int cmd_audit(struct cli *cli, int argc, char **argv);       /* audit.c */
/* Adds the demo peers (data/demo/peers.json) for `belong demo`; prints; returns a status. */
int cli_demo_peers(struct cli *cli); /* recommend.c */

#endif
