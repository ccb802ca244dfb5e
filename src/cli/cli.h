/* cli.h — what every command handler shares: the global options and small helpers.
**
** A handler is `int cmd_NAME(struct cli *cli, int argc, char **argv)`; argv[0] is the command
** name, and it returns a sysexits status (util/rc.h). Handlers parse with getopt_long, call
** one operation (src/app/), and only format its result: no business rules live here, and no
** handler reaches the database but through the operations' context.
*/
#ifndef BELONG_CLI_H
#define BELONG_CLI_H

#include <getopt.h>
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
    bool color;          /* --color / NO_COLOR: text output on stdout gets colour (format.h) */
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

/* Parses the ID operand of a record (a measure, a connection), as typed or as lists show it
** ("4" or "#4"). Returns 0 (OUT: *id) or a usage error "'TEXT' is not WHAT ID" (what: "a
** measure"). */
int cli_record_id(const char *cmd, const char *text, const char *what, int64_t *id);

/* Writes data[0..len) to path (a private file, replaced whole: write_private_file) or, when
** path is NULL, to stdout. Returns 0, or BELONG_EIO after printing "belong CMD: why". */
int cli_write_output(const char *cmd, const char *path, const char *data, size_t len);

/* A command with subcommands: "CMD SUB [OPTIONS] [OPERANDS]", the options anywhere after SUB
** (and before it). Calls option(ctx, c, optarg) for each option getopt_long returns from
** options (short option "h" is --help: prints help, *sub = -1 and 0 returned). A missing or
** unknown subcommand (one of subs[0..n_subs)), a bad option, or option's non-zero status is
** returned as is. OUT: *sub (its index), *operands and *n_operands (after SUB, options left
** out). */
typedef int (*cli_option_fn)(void *ctx, int c, const char *arg);
int cli_parse_subcommand(const char *cmd, int argc, char **argv, const struct option *options,
                         const char *const *subs, size_t n_subs, const char *help,
                         cli_option_fn option, void *ctx, int *sub, char ***operands,
                         int *n_operands);
/* The one PEER operand of a subcommand (n == 1, a peer ID), and the acting CPS from cps_flag.
** Returns 0 (OUT: *id) or a usage error. */
int cli_peer_operand(struct cli *cli, const char *cmd, int n, char **operands, const char *cps_flag,
                     int64_t *id);
/* Prints items[0..n) (each size bytes) as a JSON array, each by to_json (cli_print_json). */
int cli_print_json_array(const void *items, size_t n, size_t size,
                         json_t *(*to_json)(const void *item));
/* The subcommand of a command group (argv[1], one of the NULL-ended subs): returns 0 with
** *sub_argv = argv + 1 (its [0] the subcommand) and getopt restarted for its options; -1 for
** -h / --help in its place; else a usage error naming the subcommands. */
int cli_subcommand_begin(const char *cmd, int argc, char **argv, const char *const *subs,
                         int *sub_argc, char ***sub_argv);

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
int cmd_serve(struct cli *cli, int argc, char **argv);       /* serve.c */
int cmd_connection(struct cli *cli, int argc, char **argv);  /* connection.c */
int cmd_chart(struct cli *cli, int argc, char **argv);       /* chart.c */
int cmd_peer_export(struct cli *cli, int argc, char **argv); /* peer_records.c */
int cmd_peer_delete(struct cli *cli, int argc, char **argv); /* peer_records.c */
int cmd_plan(struct cli *cli, int argc, char **argv);        /* plan.c */
int cmd_visit(struct cli *cli, int argc, char **argv);       /* visit.c */
int cmd_report(struct cli *cli, int argc, char **argv);      /* report.c */
/* A plan in one line of text; as a JSON object (plan.c). */
struct plan;
void cli_print_plan(const struct plan *p);
json_t *cli_plan_json(const void *plan); /* a const struct plan * */
/* The step-up / step-down suggestion as JSON {direction, from, to, why}; as text lines for
** peer show and recommend, nothing when none (visit.c). */
struct step_suggestion;
json_t *cli_step_json(const struct step_suggestion *s);
void cli_print_step(const struct step_suggestion *s, int64_t peer_id);
/* recommend's line for the peer's step suggestion s ("Step: ..."), nothing when none. */
void cli_print_step_line(const struct step_suggestion *s, int64_t peer_id);
/* After recommend --choose: the plan the choice made or joined, or why none was made (plan.c). */
int cli_choice_plan(struct app *app, int64_t peer_id, int64_t activity_id);
int cmd_user(struct cli *cli, int argc, char **argv);    /* user.c */
int cmd_audit(struct cli *cli, int argc, char **argv);   /* audit.c */
int cmd_backup(struct cli *cli, int argc, char **argv);  /* backup.c */
int cmd_restore(struct cli *cli, int argc, char **argv); /* backup.c */
int cmd_user(struct cli *cli, int argc, char **argv);    /* user.c */
int cmd_audit(struct cli *cli, int argc, char **argv);   /* audit.c */
int cmd_key(struct cli *cli, int argc, char **argv);     /* key.c */
/* Adds the demo peers (data/demo/peers.json) for `belong demo`; prints; returns a status. */
int cli_demo_peers(struct cli *cli); /* recommend.c */

/* The --json shapes the web API writes too (docs/cli.md). Each returns a new object the caller
** owns (json_decref). */
struct recommend_result;
struct peer;
/* A visit {id, peer_id, plan_id, activity_id, activity, date, went...} (visit.c). */
json_t *cli_visit_json(const void *visit); /* a const struct visit * */
/* recommend --json: the suggestions with their reasons, as an array; recommend --why-not
** --json: the diagnosis and the suggestions as one object (recommend.c). */
json_t *cli_suggestions_json(const struct recommend_result *res);
json_t *cli_why_not_json(const struct peer *p, const struct recommend_result *res);
/* peer show --json: the profile of peer id with the history of its choices and the step
** suggestion, read (and audited) as peer show reads it (peer.c). OUT: *out (NULL on failure). */
int cli_peer_show_json(struct app *app, int64_t id, json_t **out, struct app_error *err);

#endif
