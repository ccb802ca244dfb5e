/* cli.c — helpers shared by the command handlers. */
#include "cli.h"

#include "../peers/profile.h"
#include "../util/buf.h"
#include "../util/number.h"
#include "../util/privfile.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Said on stderr when a command has waited a second for another one's write lock. */
static void busy_notice(const char *path, int timeout_s)
{
    fprintf(stderr,
            "belong: %s is busy: another belong command (an import or a refresh, perhaps) is "
            "writing to it; waiting up to %d s\n",
            path, timeout_s);
}

struct app *cli_open(struct cli *cli, enum app_access access, int *rc)
{
    struct app_error err;
    *rc = app_open(&cli->app, cli->db_path, access, busy_notice, &err);
    if (*rc != BELONG_OK) {
        cli_error(*rc, NULL, "%s", err.message);
        return NULL;
    }
    return &cli->app;
}

int cli_fail(const char *cmd, const struct app_error *err)
{
    if (err->status == BELONG_EUSAGE)
        return cli_usage_error(cmd, "%s", err->message);
    return cli_error(err->status, cmd, "%s", err->message);
}

int cli_error(int status, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, cmd ? "belong %s: " : "belong:%s ", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return status;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "belong %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'belong %s --help'.\n", cmd);
    return BELONG_EUSAGE;
}

int cli_date_option(const char *cmd, const char *flag, const char *value, struct civil_date *out)
{
    if (!parse_date(value, out))
        return cli_usage_error(cmd, "%s: '%s' is not a date (YYYY-MM-DD)", flag, value);
    if (out->year < CLI_YEAR_MIN || out->year > CLI_YEAR_MAX)
        return cli_usage_error(cmd,
                               "%s: '%s' is outside the dates belong works with (%d-01-01 to "
                               "%d-12-31)",
                               flag, value, CLI_YEAR_MIN, CLI_YEAR_MAX);
    return BELONG_OK;
}

/* True when token is a cluster of short options ("-ab", not "--x" or "-") holding letter. */
static bool in_cluster(const char *token, int letter)
{
    return token && token[0] == '-' && token[1] && token[1] != '-' && letter > 0 && letter < 256 &&
           strchr(token + 1, letter);
}

int cli_bad_option(const char *cmd, int opt, int argc, char **argv)
{
    const char *prev = optind > 0 && optind - 1 < argc ? argv[optind - 1] : "";
    const char *cur = optind < argc ? argv[optind] : NULL;
    bool prev_long = strncmp(prev, "--", 2) == 0;
    /* A missing value: getopt says ':', or (without ':' first in its option string) '?' with
    ** the option in optopt once the line has run out. */
    if (opt == ':' || (optopt && prev_long && !cur))
        return cli_usage_error(cmd, "%s needs a value", prev);
    if (optopt && optopt < 256) {
        /* getopt moves past a cluster only at its last letter: until then the token is cur. */
        size_t n = strlen(prev);
        bool ends_prev = in_cluster(prev, optopt) && n && prev[n - 1] == optopt;
        const char *token = !ends_prev && in_cluster(cur, optopt) ? cur : prev;
        return cli_usage_error(cmd, "unknown option '%s'%s", token,
                               strlen(token) > 2 ? " (long options start with '--')" : "");
    }
    return cli_usage_error(cmd, "unknown option '%s'", prev);
}

bool cli_parse_int(const char *s, long min, long max, long *out)
{
    return parse_whole(s, min, max, out);
}

int cli_peer_id(const char *cmd, const char *text, int64_t *id)
{
    long value;
    if (!cli_parse_int(text, 1, INT64_MAX / 2, &value))
        return cli_usage_error(cmd, "'%s' is not a peer ID", text);
    *id = value;
    return BELONG_OK;
}

int cli_record_id(const char *cmd, const char *text, const char *what, int64_t *id)
{
    long value;
    if (!cli_parse_int(text[0] == '#' ? text + 1 : text, 1, INT64_MAX / 2, &value))
        return cli_usage_error(cmd, "'%s' is not %s ID", text, what);
    *id = value;
    return BELONG_OK;
}

int cli_write_output(const char *cmd, const char *path, const char *data, size_t len)
{
    char err[512];
    int rc = BELONG_OK;
    if (path)
        rc = write_private_file(path, data, len, err, sizeof err);
    else if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
        snprintf(err, sizeof err, "stdout: %s", strerror(errno)), rc = BELONG_EIO;
    if (rc != BELONG_OK)
        cli_error(rc, cmd, "%s", err);
    return rc;
}

int cli_parse_subcommand(const char *cmd, int argc, char **argv, const struct option *options,
                         const char *const *subs, size_t n_subs, const char *help,
                         cli_option_fn option, void *ctx, int *sub, char ***operands,
                         int *n_operands)
{
    opterr = 0;
    /* two scans: up to the subcommand (so an unknown subcommand is named first), then its
    ** options, anywhere after it (GNU getopt, restarted with optind = 0) */
    char **sub_argv = argv;
    int sub_argc = argc, c, rc;
    *sub = -1;
    optind = 0;
    for (int scan = 0; scan < 2; scan++) {
        while ((c = getopt_long(sub_argc, sub_argv, scan ? "h" : "+h", options, NULL)) != -1) {
            if (c == 'h') {
                fputs(help, stdout);
                *sub = -1;
                return BELONG_OK;
            }
            if (c == '?' || c == ':')
                return cli_bad_option(cmd, c, sub_argc, sub_argv);
            if ((rc = option(ctx, c, optarg)) != BELONG_OK)
                return rc;
        }
        if (scan)
            break;
        struct buf names = {0};
        for (size_t i = 0; i < n_subs; i++)
            buf_printf(&names, "%s%s", i ? ", " : "", subs[i]);
        for (size_t i = 0; optind < argc && i < n_subs; i++)
            if (strcmp(argv[optind], subs[i]) == 0)
                *sub = (int)i;
        if (*sub < 0) {
            rc = optind >= argc ? cli_usage_error(cmd, "expected a subcommand: %s", buf_str(&names))
                                : cli_usage_error(cmd, "unknown subcommand '%s' (expected: %s)",
                                                  argv[optind], buf_str(&names));
            buf_free(&names);
            return rc;
        }
        buf_free(&names);
        sub_argv = argv + optind; /* sub_argv[0] is the subcommand */
        sub_argc = argc - optind;
        optind = 0;
    }
    *operands = sub_argv + optind;
    *n_operands = sub_argc - optind;
    return BELONG_OK;
}

int cli_acting_cps(struct cli *cli, const char *cmd, const char *flag)
{
    const char *handle = flag;
    if (flag && !*flag)
        return cli_usage_error(cmd, "--cps is empty: give a CPS handle, or leave --cps out for "
                                    "$BELONG_CPS or your login name");
    if (!handle) {
        handle = getenv("BELONG_CPS");
        if (handle && !*handle)
            return cli_usage_error(cmd, "BELONG_CPS is empty: set it to a CPS handle, or unset "
                                        "it for your login name");
    }
    if (!handle) {
        struct passwd *pw = getpwuid(geteuid());
        handle = pw ? pw->pw_name : getenv("USER");
    }
    if (!handle || !cps_handle_valid(handle))
        return cli_usage_error(cmd,
                               "--cps: '%s' is not a CPS handle (1-%d letters, digits, "
                               ". _ - @); give --cps NAME or set BELONG_CPS",
                               handle ? handle : "", CPS_HANDLE_MAX);
    cli->app.cps = handle;
    return BELONG_OK;
}

void cli_progress_start(struct cli_progress *p, const char *label)
{
    clock_gettime(CLOCK_MONOTONIC, &p->started);
    p->label = label;
    p->shown = false;
}

double cli_progress_seconds(const struct cli_progress *p)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->started.tv_sec) +
           (double)(now.tv_nsec - p->started.tv_nsec) / 1e9;
}

static void show_progress(void *ctx, size_t done, size_t total)
{
    struct cli_progress *p = ctx;
    if (cli_progress_seconds(p) < 1.0)
        return;
    fprintf(stderr, "\r%s: %zu of %zu activities", p->label, done, total);
    p->shown = true;
}

void (*cli_progress_fn(void))(void *ctx, size_t done, size_t total)
{
    return isatty(STDERR_FILENO) ? show_progress : NULL;
}

void cli_progress_end(struct cli_progress *p)
{
    if (p->shown)
        fputc('\n', stderr);
    p->shown = false;
}

int cli_print_json(json_t *v)
{
    if (!v) {
        fputs("belong: cannot build the JSON output\n", stderr);
        return BELONG_EINTERNAL;
    }
    int rc = json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))
                 ? BELONG_EIO
                 : BELONG_OK;
    if (rc == BELONG_OK)
        putchar('\n');
    json_decref(v);
    return rc;
}

int cli_subcommand_begin(const char *cmd, int argc, char **argv, const char *const *subs,
                         int *sub_argc, char ***sub_argv)
{
    struct buf names = {0};
    for (size_t i = 0; subs[i]; i++)
        buf_printf(&names, "%s%s", i ? ", " : "", subs[i]);
    int rc = BELONG_OK;
    if (argc < 2) {
        rc = cli_usage_error(cmd, "expected a subcommand: %s", buf_str(&names));
    } else if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        rc = -1;
    } else {
        bool known = false;
        for (size_t i = 0; subs[i]; i++)
            known |= strcmp(argv[1], subs[i]) == 0;
        if (!known)
            rc = cli_usage_error(cmd, "unknown subcommand '%s' (expected: %s)", argv[1],
                                 buf_str(&names));
    }
    buf_free(&names);
    if (rc == BELONG_OK) {
        *sub_argv = argv + 1;
        *sub_argc = argc - 1;
        opterr = 0;
        optind = 0; /* GNU getopt, restarted: sub_argv[0] is the subcommand */
    }
    return rc;
}

int cli_peer_operand(struct cli *cli, const char *cmd, int n, char **operands, const char *cps_flag,
                     int64_t *id)
{
    if (n != 1)
        return cli_usage_error(cmd, n < 1 ? "expected PEER" : "unexpected argument '%s'",
                               n < 1 ? "" : operands[1]);
    int rc = cli_peer_id(cmd, operands[0], id);
    return rc ? rc : cli_acting_cps(cli, cmd, cps_flag);
}

int cli_print_json_array(const void *items, size_t n, size_t size,
                         json_t *(*to_json)(const void *item))
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, to_json((const char *)items + i * size));
    return cli_print_json(a);
}
