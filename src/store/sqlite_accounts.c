/* sqlite_accounts.c — the SQLite engine's account tables (migration 16): users and teams,
** web sessions and API tokens (kept as hashes only), login failures for throttling, and the
** append-only audit trail. The rules (roles, timeouts, delays) live in src/app/accounts.c and
** src/app/access.c; this file only reads and writes rows.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

/* This file's statements (store_stmt). */
enum accounts_stmt {
    ACCOUNTS_USER_ADD,
    ACCOUNTS_USER_GET,
    ACCOUNTS_USERS_LIST,
    ACCOUNTS_USER_PASSWORD,
    ACCOUNTS_USER_DISABLED,
    ACCOUNTS_USERS_COUNT,
    ACCOUNTS_PEER_OWNER,
    ACCOUNTS_SESSION_ADD,
    ACCOUNTS_SESSION_GET,
    ACCOUNTS_SESSION_TOUCH,
    ACCOUNTS_SESSION_DELETE,
    ACCOUNTS_SESSIONS_DELETE_USER,
    ACCOUNTS_TOKEN_SET,
    ACCOUNTS_TOKEN_USER,
    ACCOUNTS_FAILURES_GET,
    ACCOUNTS_FAILURE_ADD,
    ACCOUNTS_FAILURES_CLEAR,
    ACCOUNTS_AUDIT_ADD,
    ACCOUNTS_AUDIT_LIST,
    ACCOUNTS_STMTS
};
static const char *const accounts_sql[ACCOUNTS_STMTS] = {
    [ACCOUNTS_USER_ADD] =
        "INSERT INTO user_account(name, role, supervisor, password_hash, disabled, created_at)"
        " VALUES(?1, ?2, NULLIF(?3, ''), ?4, ?5, ?6)",
    [ACCOUNTS_USER_GET] =
        "SELECT name, role, IFNULL(supervisor, ''), password_hash, disabled, created_at"
        " FROM user_account WHERE name = ?1",
    [ACCOUNTS_USERS_LIST] =
        "SELECT name, role, IFNULL(supervisor, ''), password_hash, disabled, created_at"
        " FROM user_account ORDER BY name",
    [ACCOUNTS_USER_PASSWORD] = "UPDATE user_account SET password_hash = ?2 WHERE name = ?1",
    [ACCOUNTS_USER_DISABLED] = "UPDATE user_account SET disabled = ?2 WHERE name = ?1",
    [ACCOUNTS_USERS_COUNT] = "SELECT count(*) FROM user_account WHERE role = ?1 AND disabled = 0",
    [ACCOUNTS_PEER_OWNER] = "SELECT cps FROM peer WHERE id = ?1",
    [ACCOUNTS_SESSION_ADD] =
        "INSERT INTO session(token_hash, user_name, csrf, address, created_at, last_seen)"
        " VALUES(?1, ?2, ?3, NULLIF(?4, ''), ?5, ?6)",
    [ACCOUNTS_SESSION_GET] =
        "SELECT user_name, csrf, IFNULL(address, ''), created_at, last_seen FROM session"
        " WHERE token_hash = ?1",
    [ACCOUNTS_SESSION_TOUCH] =
        "UPDATE session SET last_seen = ?3, address = NULLIF(?2, '') WHERE token_hash = ?1",
    [ACCOUNTS_SESSION_DELETE] = "DELETE FROM session WHERE token_hash = ?1",
    [ACCOUNTS_SESSIONS_DELETE_USER] = "DELETE FROM session WHERE user_name = ?1",
    [ACCOUNTS_TOKEN_SET] =
        "INSERT OR REPLACE INTO api_token(user_name, token_hash, created_at) VALUES(?1, ?2, ?3)",
    [ACCOUNTS_TOKEN_USER] = "SELECT user_name FROM api_token WHERE token_hash = ?1",
    [ACCOUNTS_FAILURES_GET] =
        "SELECT failures, last_at FROM login_failure WHERE kind = ?1 AND key = ?2",
    [ACCOUNTS_FAILURE_ADD] =
        "INSERT INTO login_failure(kind, key, failures, last_at) VALUES(?1, ?2, 1, ?4)"
        " ON CONFLICT(kind, key) DO UPDATE SET"
        " failures = CASE WHEN ?3 THEN 1 ELSE failures + 1 END, last_at = ?4",
    [ACCOUNTS_FAILURES_CLEAR] = "DELETE FROM login_failure WHERE kind = ?1 AND key = ?2",
    [ACCOUNTS_AUDIT_ADD] = "INSERT INTO audit(at, actor, operation, peer_id, origin, outcome)"
                           " VALUES(?1, ?2, ?3, NULLIF(?4, 0), ?5, ?6)",
    [ACCOUNTS_AUDIT_LIST] =
        "SELECT a.id, a.at, a.actor, a.operation, IFNULL(a.peer_id, 0), a.origin, a.outcome"
        " FROM audit a"
        " WHERE (?1 IS NULL OR a.actor = ?1"
        "   OR a.actor IN (SELECT name FROM user_account WHERE supervisor = ?1)"
        "   OR a.peer_id IN (SELECT p.id FROM peer p JOIN user_account u ON u.name = p.cps"
        "                    WHERE u.supervisor = ?1))"
        " AND (?2 = 0 OR a.peer_id = ?2) AND (?3 IS NULL OR a.actor = ?3) AND a.at >= ?4"
        " AND a.id > ?5 ORDER BY a.id",
};
const struct store_sql store_sql_accounts = {STORE_SQL_ACCOUNTS, "sqlite_accounts.c", accounts_sql,
                                             ACCOUNTS_STMTS, NULL};

static sqlite3_stmt *stmt(struct store *s, enum accounts_stmt i)
{
    return store_stmt(s, &store_sql_accounts, i);
}

/* Copies column col's text into out (size bytes), cut if longer. */
static void column_copy(sqlite3_stmt *st, int col, char *out, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(out, size, "%s", t ? (const char *)t : "");
}

/* Runs st, which changes at most one row; BELONG_ENOINPUT when it changed none. */
static int step_one_change(struct store *s, sqlite3_stmt *st)
{
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK && sqlite3_changes(s->db) == 0)
        rc = BELONG_ENOINPUT;
    return rc;
}

/* The status of a one-row lookup whose step was step: 0, BELONG_ENOINPUT or a store error. */
static int found(struct store *s, int step)
{
    return step == SQLITE_ROW    ? BELONG_OK
           : step == SQLITE_DONE ? BELONG_ENOINPUT
                                 : store_rc(s, step);
}

static void user_read(sqlite3_stmt *st, struct store_user *u)
{
    memset(u, 0, sizeof *u);
    column_copy(st, 0, u->name, sizeof u->name);
    column_copy(st, 1, u->role, sizeof u->role);
    column_copy(st, 2, u->supervisor, sizeof u->supervisor);
    column_copy(st, 3, u->password_hash, sizeof u->password_hash);
    u->disabled = sqlite3_column_int(st, 4) != 0;
    u->created_at = (time_t)sqlite3_column_int64(st, 5);
}

int store_user_add(struct store *s, const struct store_user *u)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_USER_ADD);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, u->name);
    store_bind_text(st, 2, u->role);
    store_bind_text(st, 3, u->supervisor);
    store_bind_text(st, 4, u->password_hash);
    sqlite3_bind_int(st, 5, u->disabled);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)u->created_at);
    return store_step_done(s, st);
}

int store_user_get(struct store *s, const char *name, struct store_user *u)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_USER_GET);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, name);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        user_read(st, u);
    sqlite3_reset(st);
    return found(s, step);
}

int store_user_set_password(struct store *s, const char *name, const char *password_hash)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_USER_PASSWORD);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, name);
    store_bind_text(st, 2, password_hash);
    return step_one_change(s, st);
}

int store_user_set_disabled(struct store *s, const char *name, bool disabled)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_USER_DISABLED);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, name);
    sqlite3_bind_int(st, 2, disabled);
    return step_one_change(s, st);
}

int store_users_list(struct store *s, struct store_user **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, ACCOUNTS_USERS_LIST);
    if (!st)
        return BELONG_EINTERNAL;
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        user_read(st, &(*out)[(*n)++]);
    }
    sqlite3_reset(st);
    return store_rc(s, step);
}

int store_users_count(struct store *s, const char *role, int64_t *n)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_USERS_COUNT);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, role);
    int step = sqlite3_step(st);
    *n = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return store_rc(s, step);
}

int store_peer_owner(struct store *s, int64_t id, char *owner, size_t size)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_PEER_OWNER);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        column_copy(st, 0, owner, size);
    sqlite3_reset(st);
    return found(s, step);
}

int store_session_add(struct store *s, const struct store_session *sn)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_SESSION_ADD);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_blob(st, 1, sn->token_hash, STORE_TOKEN_HASH, SQLITE_STATIC);
    store_bind_text(st, 2, sn->user);
    store_bind_text(st, 3, sn->csrf);
    store_bind_text(st, 4, sn->address);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)sn->created_at);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)sn->last_seen);
    return store_step_done(s, st);
}

int store_session_get(struct store *s, const unsigned char *token_hash, struct store_session *sn)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_SESSION_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_blob(st, 1, token_hash, STORE_TOKEN_HASH, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        memset(sn, 0, sizeof *sn);
        memcpy(sn->token_hash, token_hash, STORE_TOKEN_HASH);
        column_copy(st, 0, sn->user, sizeof sn->user);
        column_copy(st, 1, sn->csrf, sizeof sn->csrf);
        column_copy(st, 2, sn->address, sizeof sn->address);
        sn->created_at = (time_t)sqlite3_column_int64(st, 3);
        sn->last_seen = (time_t)sqlite3_column_int64(st, 4);
    }
    sqlite3_reset(st);
    return found(s, step);
}

int store_session_touch(struct store *s, const unsigned char *token_hash, const char *address,
                        time_t now)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_SESSION_TOUCH);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_blob(st, 1, token_hash, STORE_TOKEN_HASH, SQLITE_STATIC);
    store_bind_text(st, 2, address);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
    return store_step_done(s, st);
}

int store_session_delete(struct store *s, const unsigned char *token_hash)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_SESSION_DELETE);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_blob(st, 1, token_hash, STORE_TOKEN_HASH, SQLITE_STATIC);
    return store_step_done(s, st);
}

int store_sessions_delete_user(struct store *s, const char *user)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_SESSIONS_DELETE_USER);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, user);
    return store_step_done(s, st);
}

int store_token_set(struct store *s, const char *user, const unsigned char *token_hash, time_t now)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_TOKEN_SET);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, user);
    sqlite3_bind_blob(st, 2, token_hash, STORE_TOKEN_HASH, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
    return store_step_done(s, st);
}

int store_token_user(struct store *s, const unsigned char *token_hash, char *user, size_t size)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_TOKEN_USER);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_blob(st, 1, token_hash, STORE_TOKEN_HASH, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        column_copy(st, 0, user, size);
    sqlite3_reset(st);
    return found(s, step);
}

int store_login_failures(struct store *s, const char *kind, const char *key, int64_t *failures,
                         time_t *last_at)
{
    *failures = 0;
    *last_at = 0;
    sqlite3_stmt *st = stmt(s, ACCOUNTS_FAILURES_GET);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, key);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *failures = sqlite3_column_int64(st, 0);
        *last_at = (time_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return store_rc(s, step);
}

int store_login_failure_add(struct store *s, const char *kind, const char *key, bool reset,
                            time_t now)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_FAILURE_ADD);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, key);
    sqlite3_bind_int(st, 3, reset);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
    return store_step_done(s, st);
}

int store_login_failures_clear(struct store *s, const char *kind, const char *key)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_FAILURES_CLEAR);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, key);
    return store_step_done(s, st);
}

int store_audit_add(struct store *s, struct store_audit *a)
{
    sqlite3_stmt *st = stmt(s, ACCOUNTS_AUDIT_ADD);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)a->at);
    store_bind_text(st, 2, a->actor);
    store_bind_text(st, 3, a->operation);
    sqlite3_bind_int64(st, 4, a->peer_id);
    store_bind_text(st, 5, a->origin);
    store_bind_text(st, 6, a->outcome);
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK)
        a->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int store_audit_list(struct store *s, const struct store_audit_filter *f, struct store_audit **out,
                     size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, ACCOUNTS_AUDIT_LIST);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, f->team);
    sqlite3_bind_int64(st, 2, f->peer_id);
    store_bind_text(st, 3, f->actor);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)f->since);
    sqlite3_bind_int64(st, 5, f->after_id);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct store_audit *a = &(*out)[(*n)++];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(st, 0);
        a->at = (time_t)sqlite3_column_int64(st, 1);
        column_copy(st, 2, a->actor, sizeof a->actor);
        column_copy(st, 3, a->operation, sizeof a->operation);
        a->peer_id = sqlite3_column_int64(st, 4);
        column_copy(st, 5, a->origin, sizeof a->origin);
        column_copy(st, 6, a->outcome, sizeof a->outcome);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return store_rc(s, step);
}
