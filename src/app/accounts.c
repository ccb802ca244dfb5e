/* accounts.c — users (add, password, disable, list, API token), logins with their throttling,
** and web sessions (app_accounts.h). Passwords are hashed with Argon2id (libsodium
** crypto_pwhash_str); session and API tokens are 256 random bits of which only a BLAKE2b hash
** (crypto_generichash) is stored. Who may manage accounts is decided in access.c.
*/
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../peers/profile.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../util/number.h"
#include "app_accounts.h"

static const char *const role_names[] = {
    [APP_ROLE_CPS] = "cps", [APP_ROLE_SUPERVISOR] = "supervisor", [APP_ROLE_ADMIN] = "admin"};

const char *app_role_name(enum app_role role)
{
    return role_names[role];
}

bool app_role_parse(const char *text, enum app_role *role)
{
    for (size_t i = 0; text && i < sizeof role_names / sizeof *role_names; i++) {
        if (strcmp(text, role_names[i]) == 0) {
            *role = (enum app_role)i;
            return true;
        }
    }
    return false;
}

const char *app_password_problem(const char *password)
{
    if (!password)
        return "no password was given";
    size_t bytes = strlen(password), chars = 0;
    if (bytes > APP_PASSWORD_MAX)
        return "the password is longer than 1024 bytes";
    for (const unsigned char *c = (const unsigned char *)password; *c; c++) {
        if (*c < 0x20 || *c == 0x7f)
            return "the password holds a control character";
        if ((*c & 0xC0) != 0x80)
            chars++; /* a UTF-8 code point starts here */
    }
    if (chars < APP_PASSWORD_MIN)
        return "the password is shorter than 12 characters";
    return NULL;
}

/* libsodium ready, or BELONG_EINTERNAL with err. */
static int sodium_ready(struct app_error *err)
{
    if (sodium_init() < 0)
        return app_fail(err, BELONG_EINTERNAL, NULL, "libsodium cannot start");
    return BELONG_OK;
}

/* Argon2id hash of password into out. */
static int hash_password(const char *password, char out[STORE_PWHASH_MAX], struct app_error *err)
{
    const char *problem = app_password_problem(password);
    if (problem)
        return app_fail(err, BELONG_EDATA, "password", "%s", problem);
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return app_fail(err, BELONG_EINTERNAL, NULL, "out of memory hashing the password");
    return BELONG_OK;
}

/* A new token: 256 random bits as hex (hex), and the hash that is stored (hash). */
static void token_new(char hex[APP_TOKEN_HEX + 1], unsigned char hash[STORE_TOKEN_HASH])
{
    unsigned char raw[APP_TOKEN_HEX / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, APP_TOKEN_HEX + 1, raw, sizeof raw);
    if (hash)
        crypto_generichash(hash, STORE_TOKEN_HASH, raw, sizeof raw, NULL, 0);
    sodium_memzero(raw, sizeof raw);
}

/* The stored hash of token hex; false when hex is not a token. */
static bool token_hash(const char *hex, unsigned char hash[STORE_TOKEN_HASH])
{
    unsigned char raw[APP_TOKEN_HEX / 2];
    size_t len = 0;
    if (!hex || strlen(hex) != APP_TOKEN_HEX ||
        sodium_hex2bin(raw, sizeof raw, hex, APP_TOKEN_HEX, NULL, &len, NULL) != 0 ||
        len != sizeof raw)
        return false;
    crypto_generichash(hash, STORE_TOKEN_HASH, raw, sizeof raw, NULL, 0);
    return true;
}

static void user_from_store(const struct store_user *u, struct app_user *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", u->name);
    app_role_parse(u->role, &out->role);
    snprintf(out->supervisor, sizeof out->supervisor, "%s", u->supervisor);
    out->disabled = u->disabled;
    out->created_at = u->created_at;
}

/* Reads user name, saying "no such user" when there is none. */
static int user_get(struct app *app, const char *name, struct store_user *u, struct app_error *err)
{
    int rc = store_user_get(app->store, name, u);
    if (rc == BELONG_ENOINPUT)
        return app_fail(err, rc, "NAME", "no such user '%s'", name);
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}

/* Runs a one-statement write as its own transaction's end: commit on 0, else rollback. */
static int finish(struct app *app, int rc, struct app_error *err, bool err_set)
{
    if (rc == BELONG_OK)
        rc = store_commit(app->store);
    if (rc != BELONG_OK) {
        store_rollback(app->store);
        if (!err_set)
            app_store_fail(app, err, rc);
    }
    return rc;
}

int app_user_add(struct app *app, const char *name, enum app_role role, const char *supervisor,
                 const char *password, struct app_error *err)
{
    if (!name || !cps_handle_valid(name))
        return app_fail(
            err, BELONG_EDATA, "NAME",
            "'%s' is not a user name (a caseload handle: 1-%d letters, digits, . _ - @)",
            name ? name : "", CPS_HANDLE_MAX);
    if (supervisor && !*supervisor)
        supervisor = NULL;
    if (supervisor && role != APP_ROLE_CPS)
        return app_fail(err, BELONG_EDATA, "--supervisor",
                        "--supervisor: only a CPS is in a supervisor's team");
    struct store_user u = {.created_at = app->now};
    int rc = sodium_ready(err);
    if (rc == BELONG_OK)
        rc = hash_password(password, u.password_hash, err);
    if (rc != BELONG_OK)
        return rc;
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.role, sizeof u.role, "%s", app_role_name(role));
    snprintf(u.supervisor, sizeof u.supervisor, "%s", supervisor ? supervisor : "");
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    bool err_set = true;
    rc = app_may_manage_user(app, name, false, err);
    struct store_user other;
    if (rc == BELONG_OK && supervisor) {
        rc = store_user_get(app->store, supervisor, &other);
        if (rc == BELONG_ENOINPUT || (rc == BELONG_OK && strcmp(other.role, "supervisor") != 0))
            rc = app_fail(err, BELONG_EDATA, "--supervisor",
                          "--supervisor: '%s' is not a supervisor's account", supervisor);
        else if (rc != BELONG_OK)
            err_set = false;
    }
    if (rc == BELONG_OK) {
        rc = store_user_get(app->store, name, &other);
        if (rc == BELONG_OK)
            rc = app_fail(err, BELONG_EDATA, "NAME", "user '%s' already exists", name);
        else if (rc == BELONG_ENOINPUT)
            rc = BELONG_OK;
        else
            err_set = false;
    }
    if (rc == BELONG_OK && (rc = store_user_add(app->store, &u)) != BELONG_OK)
        err_set = false;
    sodium_memzero(u.password_hash, sizeof u.password_hash);
    return finish(app, rc, err, err_set);
}

/* Sets name's password to hash (not NULL) or disables name (hash NULL), and ends their
** sessions, in one transaction, when the acting handle may (self_ok: the user themself too). */
static int user_change(struct app *app, const char *name, bool self_ok, const char *hash,
                       struct app_error *err)
{
    int rc = store_begin(app->store);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    struct store_user u;
    bool err_set = true;
    rc = app_may_manage_user(app, name, self_ok, err);
    if (rc == BELONG_OK)
        rc = user_get(app, name, &u, err);
    if (rc == BELONG_OK) {
        err_set = false;
        rc = hash ? store_user_set_password(app->store, name, hash)
                  : store_user_set_disabled(app->store, name, true);
        if (rc == BELONG_OK)
            rc = store_sessions_delete_user(app->store, name);
    }
    return finish(app, rc, err, err_set);
}

int app_user_passwd(struct app *app, const char *name, const char *password, struct app_error *err)
{
    char hash[STORE_PWHASH_MAX];
    int rc = sodium_ready(err);
    if (rc == BELONG_OK)
        rc = hash_password(password, hash, err);
    if (rc == BELONG_OK)
        rc = user_change(app, name, true, hash, err);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int app_user_disable(struct app *app, const char *name, struct app_error *err)
{
    return user_change(app, name, false, NULL, err);
}

int app_user_list(struct app *app, struct app_user **out, size_t *n, struct app_error *err)
{
    *out = NULL;
    *n = 0;
    int rc = app_may_manage_user(app, NULL, false, err);
    if (rc != BELONG_OK)
        return rc;
    struct store_user *rows = NULL;
    size_t n_rows = 0;
    if ((rc = store_users_list(app->store, &rows, &n_rows)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    *out = xcalloc(n_rows ? n_rows : 1, sizeof **out);
    for (size_t i = 0; i < n_rows; i++)
        user_from_store(&rows[i], &(*out)[i]);
    *n = n_rows;
    free(rows);
    return BELONG_OK;
}

int app_user_token(struct app *app, const char *name, char token[APP_TOKEN_HEX + 1],
                   struct app_error *err)
{
    token[0] = '\0';
    int rc = sodium_ready(err);
    if (rc != BELONG_OK)
        return rc;
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    struct store_user u;
    bool err_set = true;
    rc = app_may_manage_user(app, name, true, err);
    if (rc == BELONG_OK)
        rc = user_get(app, name, &u, err);
    if (rc == BELONG_OK && u.disabled)
        rc = app_fail(err, BELONG_EDATA, "NAME", "user '%s' is disabled", name);
    if (rc == BELONG_OK) {
        unsigned char hash[STORE_TOKEN_HASH];
        token_new(token, hash);
        err_set = false;
        rc = store_token_set(app->store, name, hash, app->now);
    }
    rc = finish(app, rc, err, err_set);
    if (rc != BELONG_OK)
        sodium_memzero(token, APP_TOKEN_HEX + 1);
    return rc;
}

/* ---- throttling ---- */

/* The seconds one key (account or address) must still wait, given its failures. */
static int64_t key_wait(int64_t failures, time_t last_at, time_t now)
{
    if (failures < APP_THROTTLE_FREE || now - last_at >= APP_THROTTLE_LOCK_S)
        return 0;
    int64_t delay = failures >= APP_THROTTLE_LOCK ? APP_THROTTLE_LOCK_S
                                                  : (int64_t)1 << (failures - APP_THROTTLE_FREE);
    int64_t left = (int64_t)last_at + delay - (int64_t)now;
    return left > 0 ? left : 0;
}

struct throttle_key {
    const char *kind, *key;
    int64_t failures;
    time_t last_at;
};

static int throttle_read(struct app *app, struct throttle_key *k, int64_t *wait)
{
    int rc = store_login_failures(app->store, k->kind, k->key, &k->failures, &k->last_at);
    int64_t w = key_wait(k->failures, k->last_at, app->now);
    if (w > *wait)
        *wait = w;
    return rc;
}

/* The one answer to a login that failed, whatever the cause. */
static int login_refused(struct app_error *err)
{
    return app_fail(err, BELONG_ENOPERM, NULL,
                    "the name or password is wrong, or the account "
                    "cannot log in now");
}

/* A hash of no one's password, checked when the name is unknown, so that an unknown name takes
** as long to refuse as a wrong password. Made once per process (pthread_once: the server's
** workers log in at once, and a hash written by one while another reads it would be a race). */
static char dummy_hash_text[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_hash_once = PTHREAD_ONCE_INIT;

static void dummy_hash_make(void)
{
    if (crypto_pwhash_str(dummy_hash_text, "belong: no such user", 20,
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy_hash_text[0] = '\0';
}

static const char *dummy_hash(void)
{
    pthread_once(&dummy_hash_once, dummy_hash_make);
    return dummy_hash_text;
}

/* The audit row of a login as name (a name that is no handle is written "?"). */
static int audit_login(struct app *app, const char *name, bool ok, struct app_error *err)
{
    const char *acting = app->cps;
    app->cps = cps_handle_valid(name) ? name : "?";
    int rc = app_audit_note(app, "login", 0, ok, err);
    app->cps = acting;
    return rc;
}

int app_login(struct app *app, const char *name, const char *password, const char *address,
              struct app_session *session, struct app_user *user, int *wait_s,
              struct app_error *err)
{
    memset(session, 0, sizeof *session);
    memset(user, 0, sizeof *user);
    *wait_s = 0;
    int rc = sodium_ready(err);
    if (rc != BELONG_OK)
        return rc;
    char key_name[APP_NAME_MAX + 1];
    snprintf(key_name, sizeof key_name, "%s", name ? name : "");
    struct throttle_key keys[2] = {{"account", key_name, 0, 0},
                                   {"address", address ? address : "cli", 0, 0}};
    int64_t wait = 0;
    for (int i = 0; rc == BELONG_OK && i < 2; i++)
        rc = throttle_read(app, &keys[i], &wait);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    if (wait > 0) { /* not heard: the password is not even checked */
        *wait_s = (int)wait;
        return login_refused(err);
    }
    struct store_user u;
    bool known = false;
    rc = name && cps_handle_valid(name) ? store_user_get(app->store, name, &u) : BELONG_ENOINPUT;
    if (rc == BELONG_OK)
        known = true;
    else if (rc != BELONG_ENOINPUT)
        return app_store_fail(app, err, rc);
    const char *pw = password && !app_password_problem(password) ? password : "";
    /* Made whether the name is known or not: the first login of a process pays for it either
    ** way, so its time does not tell which. */
    const char *dummy = dummy_hash();
    bool good = crypto_pwhash_str_verify(known ? u.password_hash : dummy, pw, strlen(pw)) == 0 &&
                known && !u.disabled && *pw;
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    if (!good) {
        int64_t next_wait = 0;
        for (int i = 0; rc == BELONG_OK && i < 2; i++) {
            bool stale = app->now - keys[i].last_at >= APP_THROTTLE_LOCK_S;
            rc = store_login_failure_add(app->store, keys[i].kind, keys[i].key, stale, app->now);
            int64_t w = key_wait(stale ? 1 : keys[i].failures + 1, app->now, app->now);
            if (w > next_wait)
                next_wait = w;
        }
        bool err_set = false;
        if (rc == BELONG_OK && (rc = audit_login(app, key_name, false, err)) != BELONG_OK)
            err_set = true;
        if ((rc = finish(app, rc, err, err_set)) != BELONG_OK)
            return rc;
        *wait_s = (int)next_wait;
        return login_refused(err);
    }
    for (int i = 0; rc == BELONG_OK && i < 2; i++)
        rc = store_login_failures_clear(app->store, keys[i].kind, keys[i].key);
    if (rc == BELONG_OK &&
        crypto_pwhash_str_needs_rehash(u.password_hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        char hash[STORE_PWHASH_MAX];
        if (hash_password(password, hash, err) == BELONG_OK)
            rc = store_user_set_password(app->store, u.name, hash);
    }
    struct store_session sn = {.created_at = app->now, .last_seen = app->now};
    token_new(session->token, sn.token_hash);
    token_new(session->csrf, NULL);
    snprintf(sn.user, sizeof sn.user, "%s", u.name);
    snprintf(sn.csrf, sizeof sn.csrf, "%s", session->csrf);
    snprintf(sn.address, sizeof sn.address, "%s", address ? address : "");
    if (rc == BELONG_OK)
        rc = store_session_add(app->store, &sn);
    bool err_set = false;
    if (rc == BELONG_OK && (rc = audit_login(app, u.name, true, err)) != BELONG_OK)
        err_set = true;
    if ((rc = finish(app, rc, err, err_set)) != BELONG_OK) {
        memset(session, 0, sizeof *session);
        return rc;
    }
    session->created_at = session->last_seen = app->now;
    user_from_store(&u, user);
    return BELONG_OK;
}

/* A positive whole-number setting from the environment (default when unset). */
static int setting(const char *env, long def, long max, long *out, struct app_error *err)
{
    const char *v = getenv(env);
    *out = def;
    if (v && *v && !parse_whole(v, 1, max, out))
        return app_fail(err, BELONG_EUSAGE, env, "%s: '%s' is not a whole number from 1 to %ld",
                        env, v, max);
    return BELONG_OK;
}

int app_session_check(struct app *app, const char *token, const char *address,
                      struct app_user *user, struct app_session *session, struct app_error *err)
{
    memset(user, 0, sizeof *user);
    memset(session, 0, sizeof *session);
    long idle_min, max_h;
    int rc =
        setting("BELONG_SESSION_IDLE_MINUTES", APP_SESSION_IDLE_S / 60, 24 * 60, &idle_min, err);
    if (rc == BELONG_OK)
        rc = setting("BELONG_SESSION_MAX_HOURS", APP_SESSION_MAX_S / 3600, 24 * 7, &max_h, err);
    if (rc == BELONG_OK)
        rc = sodium_ready(err);
    if (rc != BELONG_OK)
        return rc;
    unsigned char hash[STORE_TOKEN_HASH];
    struct store_session sn;
    if (!token_hash(token, hash))
        return app_fail(err, BELONG_ENOPERM, NULL, "the session has ended; log in again");
    rc = store_session_get(app->store, hash, &sn);
    if (rc == BELONG_ENOINPUT)
        return app_fail(err, BELONG_ENOPERM, NULL, "the session has ended; log in again");
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    struct store_user u;
    rc = store_user_get(app->store, sn.user, &u);
    if (rc != BELONG_OK && rc != BELONG_ENOINPUT)
        return app_store_fail(app, err, rc);
    bool open = rc == BELONG_OK && !u.disabled && app->now - sn.last_seen < idle_min * 60 &&
                app->now - sn.created_at < max_h * 3600;
    rc = open ? store_session_touch(app->store, hash, address, app->now)
              : store_session_delete(app->store, hash);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    if (!open)
        return app_fail(err, BELONG_ENOPERM, NULL, "the session has ended; log in again");
    user_from_store(&u, user);
    snprintf(session->csrf, sizeof session->csrf, "%s", sn.csrf);
    session->created_at = sn.created_at;
    session->last_seen = app->now;
    return BELONG_OK;
}

int app_logout(struct app *app, const char *token, struct app_error *err)
{
    unsigned char hash[STORE_TOKEN_HASH];
    int rc = sodium_ready(err);
    if (rc != BELONG_OK || !token_hash(token, hash))
        return rc;
    rc = store_session_delete(app->store, hash);
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}

int app_token_check(struct app *app, const char *token, struct app_user *user,
                    struct app_error *err)
{
    memset(user, 0, sizeof *user);
    unsigned char hash[STORE_TOKEN_HASH];
    char name[APP_NAME_MAX + 1];
    int rc = sodium_ready(err);
    if (rc != BELONG_OK)
        return rc;
    if (!token_hash(token, hash))
        return app_fail(err, BELONG_ENOPERM, NULL, "the token is not valid");
    rc = store_token_user(app->store, hash, name, sizeof name);
    struct store_user u;
    if (rc == BELONG_OK)
        rc = store_user_get(app->store, name, &u);
    if (rc == BELONG_ENOINPUT || (rc == BELONG_OK && u.disabled))
        return app_fail(err, BELONG_ENOPERM, NULL, "the token is not valid");
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    user_from_store(&u, user);
    return BELONG_OK;
}
