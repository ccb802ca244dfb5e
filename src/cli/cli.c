/* cli.c — helpers shared by the command handlers. */
#include "cli.h"

#include "../peers/profile.h"

#include <errno.h>
#include <pwd.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Said on stderr when a command has waited a second for another one's write lock. */
static void busy_notice(const char *path, int timeout_s)
{
    fprintf(stderr,
            "belong: %s is busy: another belong command (an import or a refresh, perhaps) is "
            "writing to it; waiting up to %d s\n",
            path, timeout_s);
}

struct store *cli_store(struct cli *cli, int *rc)
{
    if (cli->store)
        return cli->store;
    char *path = store_resolve_path(cli->db_path);
    char err[512];
    store_on_busy_wait(busy_notice);
    *rc = store_open(path, &cli->store, err, sizeof err);
    const char *env_path = getenv("BELONG_DB");
    if (*rc == BELONG_OK && !cli->db_path && !(env_path && *env_path)) {
        /* The default folder ($XDG_DATA_HOME/belong) is belong's own: keep it private. */
        char *slash = strrchr(path, '/');
        if (slash) {
            *slash = '\0';
            chmod(path, 0700);
        }
    }
    free(path);
    if (*rc != BELONG_OK) {
        fprintf(stderr, "belong: %s\n", err);
        return NULL;
    }
    return cli->store;
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

bool cli_parse_int(const char *s, long min, long max, long *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

int cli_acting_cps(const char *cmd, const char *flag, const char **cps)
{
    const char *handle = flag;
    if (!handle || !*handle)
        handle = getenv("BELONG_CPS");
    if (!handle || !*handle) {
        struct passwd *pw = getpwuid(geteuid());
        handle = pw ? pw->pw_name : getenv("USER");
    }
    if (!handle || !cps_handle_valid(handle))
        return cli_usage_error(cmd,
                               "--cps: '%s' is not a CPS handle (1-%d letters, digits, "
                               ". _ - @); give --cps NAME or set BELONG_CPS",
                               handle ? handle : "", CPS_HANDLE_MAX);
    *cps = handle;
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
