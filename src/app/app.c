/* app.c — the operations' context: opening the database for a face, the clock, and errors. */
#include "app.h"
#include "app_accounts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../store/store.h"
#include "../peers/profile.h"
#include "../util/text.h"
#include "../util/timeutil.h"

#define BULK_CACHE_KIB (64 * 1024) /* page cache for an import (256 MiB measured no faster) */

/* The wait for a write lock: $BELONG_BUSY_TIMEOUT seconds (0 to STORE_BUSY_TIMEOUT_MAX_S), else
** the store's default. Returns BELONG_EUSAGE, with the reason in msg, for another value. OUT:
** opt->busy_timeout_s. */
static int busy_timeout_from_env(struct store_options *opt, char *msg, size_t len)
{
    const char *env = getenv("BELONG_BUSY_TIMEOUT");
    if (!env || !*env)
        return BELONG_OK;
    char *end;
    errno = 0;
    long seconds = strtol(env, &end, 10);
    if (errno || *end || end == env || seconds < 0 || seconds > STORE_BUSY_TIMEOUT_MAX_S ||
        env[0] == '-' || env[0] == '+' || env[0] == ' ') {
        snprintf(msg, len,
                 "BELONG_BUSY_TIMEOUT: '%.40s' is not a whole number of seconds from 0 to %d", env,
                 STORE_BUSY_TIMEOUT_MAX_S);
        return BELONG_EUSAGE;
    }
    opt->busy_timeout_s = seconds == 0 ? STORE_NO_WAIT : (int)seconds;
    return BELONG_OK;
}

void app_context_init(struct app *app)
{
    app->now = belong_now();
    app->tz = NULL;
}

int app_open(struct app *app, const char *path_given, enum app_access access,
             void (*busy_notice)(const char *path, int timeout_s), struct app_error *err)
{
    if (app->store)
        return BELONG_OK;
    static const enum store_access as_store[] = {
        [APP_READ] = STORE_READ, [APP_WRITE] = STORE_WRITE, [APP_CREATE] = STORE_CREATE};
    char *path = store_resolve_path(path_given);
    char msg[512];
    if (busy_notice)
        store_on_busy_wait(busy_notice);
    const char *env_path = getenv("BELONG_DB");
    bool own_default = !path_given && !(env_path && *env_path);
    struct store_options opt = {
        .bulk_listings = app->bulk_listings == APP_BULK_ALL ? STORE_BULK_ALL : app->bulk_listings,
        .cache_kib = app->bulk_listings ? BULK_CACHE_KIB : 0};
    int rc = busy_timeout_from_env(&opt, msg, sizeof msg);
    if (rc == BELONG_OK && own_default && access == APP_CREATE) /* belong's own folder */
        rc = store_make_parent_dirs(path, msg, sizeof msg);
    if (rc == BELONG_OK)
        rc = store_open_as(path, as_store[access], &opt, &app->store, msg, sizeof msg);
    if (rc == BELONG_OK && own_default && !store_read_only(app->store)) {
        /* The default folder ($XDG_DATA_HOME/belong) is belong's own: keep it private. */
        char *slash = strrchr(path, '/');
        if (slash) {
            *slash = '\0';
            chmod(path, 0700);
        }
    }
    free(path);
    if (rc != BELONG_OK)
        return app_fail(err, rc, NULL, "%s", msg);
    return BELONG_OK;
}

void app_close(struct app *app)
{
    store_close(app->store);
    app->store = NULL;
}

void app_share_listings(bool on)
{
    store_listings_share(on);
}

int app_fail(struct app_error *err, int status, const char *field, const char *fmt, ...)
{
    err->status = status;
    err->field = field;
    err->code = NULL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

int app_store_fail(const struct app *app, struct app_error *err, int rc)
{
    return app_fail(err, rc, NULL, "%s", store_errmsg(app->store));
}

int app_write_end(struct app *app, int rc, struct app_error *err)
{
    if (rc == BELONG_OK)
        rc = app_change_audit_ok(app, err);
    if (rc == BELONG_OK && (rc = store_commit(app->store)) != BELONG_OK)
        app_store_fail(app, err, rc);
    if (rc != BELONG_OK)
        store_rollback(app->store);
    else
        app->change.pending = false; /* audited with the change it is about */
    return rc;
}

int app_batch_begin(struct app *app, struct app_error *err)
{
    int rc = store_outer_begin(app->store);
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}

int app_batch_end(struct app *app, int rc, struct app_error *err)
{
    int end = store_outer_end(app->store, rc == BELONG_OK);
    if (rc == BELONG_OK && end != BELONG_OK) {
        app_store_fail(app, err, end);
        store_outer_end(app->store, false); /* the failed commit: undo all */
        return end;
    }
    return rc;
}

struct civil_date app_today(const struct app *app)
{
    struct civil_date today;
    instant_to_local(app->now, app->tz, &today, NULL, NULL, NULL);
    return today;
}

int app_day(const struct app *app, const char *field, const char *text, enum app_day_rule rule,
            char out[11], struct app_error *err)
{
    struct civil_date today = app_today(app), d;
    if (!text) {
        d = today;
    } else if (strlen(text) != 10 || !parse_date(text, &d)) {
        return app_fail(err, BELONG_EDATA, field, "%s: '%s' is not a real date (YYYY-MM-DD)", field,
                        text);
    } else if (rule == APP_DAY_NOT_FUTURE && days_from_civil(&d) > days_from_civil(&today)) {
        return app_fail(err, BELONG_EDATA, field,
                        "%s: %s is in the future (today is %04d-%02d-%02d)", field, text,
                        today.year, today.month, today.day);
    } else if (rule == APP_DAY_NOT_PAST && days_from_civil(&d) < days_from_civil(&today)) {
        return app_fail(err, BELONG_EDATA, field, "%s: %s is in the past (today is %04d-%02d-%02d)",
                        field, text, today.year, today.month, today.day);
    }
    snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
    return BELONG_OK;
}

int app_no_such_peer(const struct app *app, struct app_error *err, const char *field, int64_t id)
{
    return app_fail(err, BELONG_ENOINPUT, field, "no such peer %lld in caseload %s", (long long)id,
                    app->cps && *app->cps ? app->cps : "(none)");
}

int app_peer_archived(struct app_error *err, int64_t id)
{
    app_fail(err, BELONG_ENOINPUT, "PEER",
             "peer %lld is archived (belong peer archive %lld --restore brings them back)",
             (long long)id, (long long)id);
    err->code = APP_CODE_ARCHIVED;
    return BELONG_ENOINPUT;
}

int app_record_date(const struct app *app, const char *text, const char *field, char out[11],
                    struct app_error *err)
{
    return app_day(app, field, text, APP_DAY_NOT_FUTURE, out, err);
}

int app_text_check(const char *field, const char *text, struct app_error *err)
{
    const char *why = text ? text_problem(text, PEER_TEXT_MAX, false) : NULL;
    return why ? app_fail(err, BELONG_EDATA, field, "%s %s", field, why) : BELONG_OK;
}
