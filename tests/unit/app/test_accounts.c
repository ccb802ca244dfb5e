/* test_accounts.c — accounts, logins, sessions, tokens and throttling (app/accounts.c); the
** role x operation matrix for peer records and the audit trail (app/access.c): allowed and
** refused accesses are written, a refusal reads exactly like a missing peer, and audit rows
** can be neither changed nor deleted.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/app/app_accounts.h"
#include "../../src/app/app_charts.h"
#include "../../src/app/app_connections.h"
#include "../../src/app/app_matching.h"
#include "../../src/app/app_measures.h"
#include "../../src/app/app_peer_records.h"
#include "../../src/app/app_peers.h"
#include "../../src/app/app_plans.h"
#include "../../src/util/buf.h"
#include "app_fixture.h"

#define PW "correct horse battery"

static char path[] = "/tmp/belong-test-accounts-XXXXXX";
static struct app app;
static time_t t0;

static int setup(void **state)
{
    (void)state;
    setenv("BELONG_NOW", FIXTURE_NOW, 1);
    unsetenv("BELONG_SESSION_IDLE_MINUTES");
    unsetenv("BELONG_SESSION_MAX_HOURS");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    app_context_init(&app);
    t0 = app.now;
    struct app_error err;
    if (app_open(&app, path, APP_CREATE, NULL, &err) != BELONG_OK)
        return -1;
    /* The first admin is made while there is none; then only an admin adds accounts. */
    app.cps = "lee";
    int rc = app_user_add(&app, "lee", APP_ROLE_ADMIN, NULL, PW, &err);
    if (rc == BELONG_OK)
        rc = app_user_add(&app, "pat", APP_ROLE_SUPERVISOR, NULL, PW, &err);
    if (rc == BELONG_OK)
        rc = app_user_add(&app, "sam", APP_ROLE_CPS, "pat", PW, &err);
    if (rc == BELONG_OK)
        rc = app_user_add(&app, "jo", APP_ROLE_CPS, NULL, PW, &err);
    return rc == BELONG_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fixture_app_remove(&app, path);
    return 0;
}

static void set_name(void *ctx, struct peer *p, struct diag *diag, struct diag *warnings)
{
    (void)warnings;
    peer_set_text(&p->name, ctx, true, diag, NULL, "name");
}

static int64_t add_peer_as(const char *cps, const char *name)
{
    app.cps = cps;
    struct peer p;
    peer_init(&p);
    struct diag d = {0}, w = {0};
    struct app_error err;
    int rc = app_peer_add(&app, set_name, (void *)name, &p, &d, &w, "test", &err);
    int64_t id = rc == BELONG_OK ? p.id : 0;
    peer_free(&p);
    diag_free(&d);
    diag_free(&w);
    return id;
}

/* The result of acting as cps on peer id with op: 0 or the status, and err's message. */
static int get_as(const char *cps, int64_t id, struct app_error *err)
{
    app.cps = cps;
    struct peer p;
    int rc = app_peer_get(&app, id, &p, err);
    peer_free(&p);
    return rc;
}

static int edit_as(const char *cps, int64_t id, struct app_error *err)
{
    app.cps = cps;
    struct peer p;
    peer_init(&p);
    struct diag d = {0}, w = {0};
    int rc = app_peer_edit(&app, id, set_name, "Renamed", &p, &d, &w, "test", err);
    peer_free(&p);
    diag_free(&d);
    diag_free(&w);
    return rc;
}

static int64_t count(const char *sql)
{
    sqlite3 *db;
    int64_t n = -1;
    sqlite3_stmt *st;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

/* ---- users ---------------------------------------------------------------------------- */

static void users_added_by_an_admin_only(void **state)
{
    (void)state;
    struct app_error err;
    app.cps = "sam";
    assert_int_equal(app_user_add(&app, "kim", APP_ROLE_CPS, NULL, PW, &err), BELONG_ENOPERM);
    app.cps = "nobody";
    assert_int_equal(app_user_add(&app, "kim", APP_ROLE_ADMIN, NULL, PW, &err), BELONG_ENOPERM);
    app.cps = "lee";
    assert_int_equal(app_user_add(&app, "kim", APP_ROLE_CPS, NULL, "short pw", &err), BELONG_EDATA);
    assert_non_null(strstr(err.message, "12 characters"));
    assert_int_equal(app_user_add(&app, "kim", APP_ROLE_CPS, "jo", PW, &err), BELONG_EDATA);
    assert_string_equal(err.field, "--supervisor");
    assert_int_equal(app_user_add(&app, "sam", APP_ROLE_CPS, NULL, PW, &err), BELONG_EDATA);
    assert_non_null(strstr(err.message, "already exists"));
    assert_int_equal(app_user_add(&app, "bad name", APP_ROLE_CPS, NULL, PW, &err), BELONG_EDATA);
    struct app_user *users;
    size_t n;
    assert_int_equal(app_user_list(&app, &users, &n, &err), BELONG_OK);
    assert_int_equal(n, 4);
    assert_string_equal(users[2].name, "pat");
    assert_int_equal(users[2].role, APP_ROLE_SUPERVISOR);
    assert_string_equal(users[3].supervisor, "pat");
    free(users);
    /* Only the hash is stored, and it is Argon2id. */
    assert_int_equal(count("SELECT count(*) FROM user_account WHERE password_hash LIKE "
                           "'$argon2id$%' AND password_hash NOT LIKE '%" PW "%'"),
                     4);
    app.cps = "sam";
    assert_int_equal(app_user_list(&app, &users, &n, &err), BELONG_ENOPERM);
    /* A user sets their own password, not another's. */
    assert_int_equal(app_user_passwd(&app, "sam", PW " 2", &err), BELONG_OK);
    assert_int_equal(app_user_passwd(&app, "jo", PW " 2", &err), BELONG_ENOPERM);
    app.cps = "lee";
    assert_int_equal(app_user_passwd(&app, "sam", PW, &err), BELONG_OK);
}

/* ---- logins, sessions, tokens ------------------------------------------------------------ */

static void login_session_and_logout(void **state)
{
    (void)state;
    app.now = t0;
    struct app_error err;
    struct app_session s, s2;
    struct app_user u;
    int wait;
    assert_int_equal(app_login(&app, "sam", PW, "10.0.0.1", &s, &u, &wait, &err), BELONG_OK);
    assert_int_equal(strlen(s.token), APP_TOKEN_HEX);
    assert_int_equal(strlen(s.csrf), APP_TOKEN_HEX);
    assert_string_equal(u.name, "sam");
    /* The token is not stored, only its hash. */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM session WHERE hex(token_hash) = upper('%s')",
             s.token);
    assert_int_equal(count(sql), 0);
    assert_int_equal(count("SELECT count(*) FROM session"), 1);

    assert_int_equal(app_session_check(&app, s.token, "10.0.0.1", &u, &s2, &err), BELONG_OK);
    assert_string_equal(u.name, "sam");
    assert_string_equal(u.supervisor, "pat");
    assert_string_equal(s2.csrf, s.csrf);
    /* Idle: 14 minutes later it is open and moves on; 15 minutes after that it has ended. */
    app.now = t0 + 14 * 60;
    assert_int_equal(app_session_check(&app, s.token, NULL, &u, &s2, &err), BELONG_OK);
    app.now = t0 + 29 * 60;
    assert_int_equal(app_session_check(&app, s.token, NULL, &u, &s2, &err), BELONG_ENOPERM);
    assert_int_equal(count("SELECT count(*) FROM session"), 0);

    /* Absolute: kept busy every 10 minutes, it ends at 8 hours. */
    app.now = t0;
    assert_int_equal(app_login(&app, "sam", PW, "10.0.0.1", &s, &u, &wait, &err), BELONG_OK);
    int rc = BELONG_OK;
    for (time_t t = t0 + 600; rc == BELONG_OK && t <= t0 + 9 * 3600; t += 600) {
        app.now = t;
        rc = app_session_check(&app, s.token, NULL, &u, &s2, &err);
        if (rc != BELONG_OK)
            assert_true(t >= t0 + 8 * 3600);
    }
    assert_int_equal(rc, BELONG_ENOPERM);

    /* Configurable, and a bad setting is a usage error. */
    app.now = t0;
    assert_int_equal(app_login(&app, "sam", PW, NULL, &s, &u, &wait, &err), BELONG_OK);
    setenv("BELONG_SESSION_IDLE_MINUTES", "1", 1);
    app.now = t0 + 61;
    assert_int_equal(app_session_check(&app, s.token, NULL, &u, &s2, &err), BELONG_ENOPERM);
    setenv("BELONG_SESSION_IDLE_MINUTES", "soon", 1);
    assert_int_equal(app_session_check(&app, s.token, NULL, &u, &s2, &err), BELONG_EUSAGE);
    unsetenv("BELONG_SESSION_IDLE_MINUTES");

    /* Logout ends it; a made-up token is no session. */
    app.now = t0;
    assert_int_equal(app_login(&app, "sam", PW, NULL, &s, &u, &wait, &err), BELONG_OK);
    assert_int_equal(app_logout(&app, s.token, &err), BELONG_OK);
    assert_int_equal(app_session_check(&app, s.token, NULL, &u, &s2, &err), BELONG_ENOPERM);
    assert_int_equal(app_session_check(&app, "00", NULL, &u, &s2, &err), BELONG_ENOPERM);
}

static void one_refusal_for_every_failed_login(void **state)
{
    (void)state;
    app.now = t0 + 100000;
    struct app_error err;
    struct app_session s;
    struct app_user u;
    int wait;
    char wrong[512], unknown[512], disabled[512];
    assert_int_equal(app_login(&app, "jo", "not the password", "10.0.0.2", &s, &u, &wait, &err),
                     BELONG_ENOPERM);
    snprintf(wrong, sizeof wrong, "%s", err.message);
    assert_int_equal(app_login(&app, "nosuchuser", PW, "10.0.0.3", &s, &u, &wait, &err),
                     BELONG_ENOPERM);
    snprintf(unknown, sizeof unknown, "%s", err.message);
    app.cps = "lee";
    assert_int_equal(app_user_add(&app, "gone", APP_ROLE_CPS, NULL, PW, &err), BELONG_OK);
    assert_int_equal(app_login(&app, "gone", PW, "10.0.0.4", &s, &u, &wait, &err), BELONG_OK);
    char token[APP_TOKEN_HEX + 1];
    assert_int_equal(app_user_token(&app, "gone", token, &err), BELONG_OK);
    assert_int_equal(app_user_disable(&app, "gone", &err), BELONG_OK);
    assert_int_equal(app_login(&app, "gone", PW, "10.0.0.4", &s, &u, &wait, &err), BELONG_ENOPERM);
    snprintf(disabled, sizeof disabled, "%s", err.message);
    assert_string_equal(wrong, unknown);
    assert_string_equal(wrong, disabled);
    assert_int_equal(count("SELECT count(*) FROM session WHERE user_name = 'gone'"), 0);
    struct app_user tu;
    assert_int_equal(app_token_check(&app, token, &tu, &err), BELONG_ENOPERM);
}

static void throttled_then_locked_then_unlocked_by_time(void **state)
{
    (void)state;
    time_t t = t0 + 200000;
    app.now = t;
    struct app_error err;
    struct app_session s;
    struct app_user u;
    int wait = -1;
    /* Four failures: no wait. The fifth: 1 s. */
    for (int i = 1; i <= 4; i++) {
        assert_int_equal(app_login(&app, "jo", "wrong password!", "10.1.0.1", &s, &u, &wait, &err),
                         BELONG_ENOPERM);
        assert_int_equal(wait, 0);
    }
    assert_int_equal(app_login(&app, "jo", "wrong password!", "10.1.0.1", &s, &u, &wait, &err),
                     BELONG_ENOPERM);
    assert_int_equal(wait, 1);
    /* During the wait even the right password is not heard. */
    assert_int_equal(app_login(&app, "jo", PW, "10.1.0.2", &s, &u, &wait, &err), BELONG_ENOPERM);
    assert_int_equal(wait, 1);
    /* Each further failure doubles the wait: 2, 4, 8, 16 s; the tenth locks for 15 minutes. */
    int expected[] = {2, 4, 8, 16, 900};
    for (int i = 0; i < 5; i++) {
        t += 100; /* past the wait, within the lockout window: the count goes on */
        app.now = t;
        assert_int_equal(app_login(&app, "jo", "wrong password!", "10.1.0.1", &s, &u, &wait, &err),
                         BELONG_ENOPERM);
        assert_int_equal(wait, expected[i]);
    }
    app.now = t + 899;
    assert_int_equal(app_login(&app, "jo", PW, "10.1.0.9", &s, &u, &wait, &err), BELONG_ENOPERM);
    assert_int_equal(wait, 1);
    /* Locked per account: another address does not help; 15 minutes later it opens, and the
    ** success clears the count. */
    app.now = t + 900;
    assert_int_equal(app_login(&app, "jo", PW, "10.1.0.9", &s, &u, &wait, &err), BELONG_OK);
    assert_int_equal(count("SELECT count(*) FROM login_failure WHERE key = 'jo'"), 0);

    /* Per address: many names tried from one address lock the address, for a real account
    ** too. */
    t += 10000;
    for (int i = 0; i < 10; i++) {
        char name[16];
        snprintf(name, sizeof name, "guess%d", i);
        app.now = t + i * 20;
        app_login(&app, name, "wrong password!", "10.9.9.9", &s, &u, &wait, &err);
    }
    assert_int_equal(wait, 900);
    assert_int_equal(app_login(&app, "sam", PW, "10.9.9.9", &s, &u, &wait, &err), BELONG_ENOPERM);
    assert_true(wait > 0);
    assert_int_equal(app_login(&app, "sam", PW, "10.9.9.8", &s, &u, &wait, &err), BELONG_OK);
}

static void api_tokens(void **state)
{
    (void)state;
    struct app_error err;
    char t1[APP_TOKEN_HEX + 1], t2[APP_TOKEN_HEX + 1];
    struct app_user u;
    app.cps = "sam"; /* their own */
    assert_int_equal(app_user_token(&app, "sam", t1, &err), BELONG_OK);
    assert_int_equal(app_token_check(&app, t1, &u, &err), BELONG_OK);
    assert_string_equal(u.name, "sam");
    assert_int_equal(app_user_token(&app, "jo", t2, &err), BELONG_ENOPERM);
    assert_int_equal(app_user_token(&app, "sam", t2, &err), BELONG_OK);
    assert_int_equal(app_token_check(&app, t1, &u, &err), BELONG_ENOPERM); /* replaced */
    assert_int_equal(app_token_check(&app, t2, &u, &err), BELONG_OK);
    assert_int_equal(app_token_check(&app, "zz", &u, &err), BELONG_ENOPERM);
}

/* ---- authorisation and audit ------------------------------------------------------------- */

static void role_by_operation_matrix(void **state)
{
    (void)state;
    app.now = t0;
    int64_t a = add_peer_as("sam", "Ana");    /* pat's team */
    int64_t b = add_peer_as("jo", "Ben");     /* no team */
    int64_t d = add_peer_as("lee", "Dee");    /* the admin's own */
    int64_t c = add_peer_as("walkin", "Cal"); /* a handle with no account works as today */
    assert_true(a > 0 && b > 0 && c > 0 && d > 0);
    struct app_error err;
    char missing[512];
    assert_int_equal(get_as("sam", 999999, &err), BELONG_ENOINPUT);
    snprintf(missing, sizeof missing, "%s", err.message);
    char other[512];
    snprintf(other, sizeof other, "no such peer %lld in caseload sam", (long long)b);

    /* A CPS: their own, read and change; another's, like a missing one. */
    assert_int_equal(get_as("sam", a, &err), BELONG_OK);
    assert_int_equal(edit_as("sam", a, &err), BELONG_OK);
    assert_int_equal(get_as("sam", b, &err), BELONG_ENOINPUT);
    assert_string_equal(err.message, other);
    assert_int_equal(edit_as("sam", b, &err), BELONG_ENOINPUT);
    assert_int_equal(get_as("walkin", c, &err), BELONG_OK);
    assert_int_equal(get_as("walkin", a, &err), BELONG_ENOINPUT);

    /* A supervisor: their team's, read only; another team's, nothing. */
    assert_int_equal(get_as("pat", a, &err), BELONG_OK);
    assert_int_equal(edit_as("pat", a, &err), BELONG_ENOINPUT);
    app.cps = "pat";
    assert_int_equal(app_peer_archive(&app, a, true, &err), BELONG_ENOINPUT);
    assert_int_equal(get_as("pat", b, &err), BELONG_ENOINPUT);

    /* An admin: no one's record but their own. */
    assert_int_equal(get_as("lee", a, &err), BELONG_ENOINPUT);
    assert_int_equal(edit_as("lee", b, &err), BELONG_ENOINPUT);
    assert_int_equal(get_as("lee", d, &err), BELONG_OK);

    /* A disabled account: nothing, not even their own. */
    app.cps = "lee";
    assert_int_equal(app_user_add(&app, "ex", APP_ROLE_CPS, NULL, PW, &err), BELONG_OK);
    int64_t e = add_peer_as("ex", "Eve");
    app.cps = "lee";
    assert_int_equal(app_user_disable(&app, "ex", &err), BELONG_OK);
    assert_int_equal(get_as("ex", e, &err), BELONG_ENOINPUT);
    (void)missing;
}

static void audit_written_and_append_only(void **state)
{
    (void)state;
    app.now = t0 + 500000;
    int64_t a = add_peer_as("sam", "Audited");
    struct app_error err;
    assert_int_equal(get_as("sam", a, &err), BELONG_OK);
    assert_int_equal(edit_as("sam", a, &err), BELONG_OK);
    assert_int_equal(get_as("jo", a, &err), BELONG_ENOINPUT);
    app.origin = "192.0.2.7";
    assert_int_equal(get_as("pat", a, &err), BELONG_OK);
    app.origin = NULL;
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE peer_id = %lld AND ("
             "(actor = 'sam' AND operation = 'peer.add' AND outcome = 'ok' AND origin = 'cli') OR "
             "(actor = 'sam' AND operation = 'peer.show' AND outcome = 'ok') OR "
             "(actor = 'sam' AND operation = 'peer.edit' AND outcome = 'ok') OR "
             "(actor = 'jo' AND operation = 'peer.show' AND outcome = 'refused') OR "
             "(actor = 'pat' AND origin = '192.0.2.7' AND outcome = 'ok'))",
             (long long)a);
    assert_int_equal(count(sql), 5);

    /* Neither SQL nor belong changes or deletes a row. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET outcome = 'ok'", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_true(count("SELECT count(*) FROM audit WHERE outcome = 'refused'") > 0);

    /* Read: an admin all, a supervisor their team's (not jo's own peers), a CPS nothing. */
    struct app_audit_row *rows;
    size_t n;
    app.cps = "sam";
    assert_int_equal(app_audit_list(&app, 0, NULL, 0, &rows, &n, &err), BELONG_ENOPERM);
    app.cps = "lee";
    assert_int_equal(app_audit_list(&app, 0, NULL, 0, &rows, &n, &err), BELONG_OK);
    assert_int_equal((int64_t)n, count("SELECT count(*) FROM audit"));
    free(rows);
    assert_int_equal(app_audit_list(&app, a, "jo", 0, &rows, &n, &err), BELONG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].outcome, "refused");
    free(rows);
    app.cps = "pat";
    assert_int_equal(app_audit_list(&app, 0, NULL, 0, &rows, &n, &err), BELONG_OK);
    bool saw_sam = false, saw_jo_own = false;
    for (size_t i = 0; i < n; i++) {
        saw_sam |= strcmp(rows[i].actor, "sam") == 0;
        saw_jo_own |= strcmp(rows[i].actor, "jo") == 0 && rows[i].peer_id != a;
    }
    assert_true(saw_sam);
    assert_false(saw_jo_own);
    free(rows);
}

/* ---- the records' operations: plans, visits, connections, measures, charts, rights ---------- */

/* Each operation on a peer's records, run on peer (record: the one the operation takes by id,
** when it takes one). *n: how many records it read, for the reads. Returns its status. */
typedef int (*record_op)(int64_t peer, int64_t record, size_t *n, struct app_error *err);

static int op_plan_list(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record;
    struct plan *l;
    int rc = app_plan_list(&app, peer, NULL, &l, n, err);
    if (rc == BELONG_OK)
        plans_free(l, *n);
    return rc;
}

static int op_plan_add(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record, (void)n;
    struct app_plan_request rq = {peer, 999999, "2026-12-10", NULL, NULL}; /* no such activity */
    struct plan p;
    int rc = app_plan_add(&app, &rq, &p, err);
    if (rc == BELONG_OK)
        plan_free(&p);
    return rc;
}

static int op_plan_close(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)peer, (void)n;
    struct plan p;
    int rc = app_plan_close(&app, record, PLAN_SKIPPED, "rain", &p, err);
    if (rc == BELONG_OK)
        plan_free(&p);
    return rc;
}

static int op_visit_add(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record, (void)n;
    struct app_visit_request rq = {.peer_id = peer,
                                   .activity_id = 999999,
                                   .date = "2026-11-30",
                                   .went = "yes",
                                   .conversations = -1}; /* no such activity */
    struct visit v;
    int rc = app_visit_add(&app, &rq, &v, err);
    if (rc == BELONG_OK)
        visit_free(&v);
    return rc;
}

static int op_visit_list(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record;
    struct visit *l;
    int rc = app_visit_list(&app, peer, &l, n, err);
    if (rc == BELONG_OK)
        visits_free(l, *n);
    return rc;
}

static int op_step(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record, (void)n;
    struct step_suggestion s;
    return app_step_get(&app, peer, &s, err);
}

static int op_connection_add(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record, (void)n;
    struct app_connection_request rq = {
        .name = "Maria", .relationship = "friend", .closeness = "3", .met_place = "the library"};
    struct connection c;
    int rc = app_connection_add(&app, peer, &rq, &c, err);
    if (rc == BELONG_OK)
        connection_free(&c);
    return rc;
}

static int op_connection_edit(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)peer, (void)n;
    struct app_connection_request rq = {.closeness = "4"};
    struct connection c;
    int rc = app_connection_edit(&app, record, &rq, &c, err);
    if (rc == BELONG_OK)
        connection_free(&c);
    return rc;
}

static int op_connection_end(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)peer, (void)n;
    struct connection c;
    int rc = app_connection_end(&app, record, NULL, &c, err);
    if (rc == BELONG_OK)
        connection_free(&c);
    return rc;
}

static int op_connection_list(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record;
    struct connection *l;
    char day[11];
    int rc = app_connection_list(&app, peer, NULL, &l, n, day, err);
    if (rc == BELONG_OK)
        connections_free(l, *n);
    return rc;
}

static int op_measure_add(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record, (void)n;
    struct app_measure m;
    struct diag d = {0};
    int rc = app_measure_add(&app, peer, "ucla3", "1,2,1", NULL, &m, &d, err);
    diag_free(&d);
    return rc;
}

static int op_measure_list(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record;
    struct app_measure *l = NULL;
    int rc = app_measure_list(&app, peer, NULL, &l, n, err);
    free(l);
    return rc;
}

static int op_measure_edit(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)peer, (void)n;
    struct app_measure m;
    struct diag d = {0};
    int rc = app_measure_edit(&app, record, "2,2,2", NULL, &m, &d, err);
    diag_free(&d);
    return rc;
}

static int op_measure_delete(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)peer, (void)n;
    struct app_measure m;
    return app_measure_delete(&app, record, &m, err);
}

static int op_chart(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record, (void)n;
    struct buf svg = {0};
    int rc = app_chart(&app, peer, "network", NULL, &svg, err);
    buf_free(&svg);
    return rc;
}

static int op_history(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record;
    struct choice_event *h;
    int rc = app_choice_history(&app, peer, &h, n, err);
    if (rc == BELONG_OK)
        app_choice_history_free(h, *n);
    return rc;
}

static int op_unchoose(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record, (void)n;
    char *name = NULL;
    int rc = app_choice_withdraw(&app, peer, 1, NULL, &name, err); /* nothing chosen */
    free(name);
    return rc;
}

static int op_export(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record, (void)n;
    struct app_peer_record r;
    int rc = app_peer_export(&app, peer, &r, NULL, err);
    app_peer_record_free(&r);
    return rc;
}

static int op_delete(int64_t peer, int64_t record, size_t *n, struct app_error *err)
{
    (void)record, (void)n;
    struct app_erased gone;
    return app_peer_erase(&app, peer, &gone, err);
}

/* How many audit rows say actor did operation on peer with outcome. */
static int64_t audited(const char *actor, const char *operation, int64_t peer, const char *outcome)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE actor = '%s' AND operation = '%s' AND "
             "peer_id = %lld AND outcome = '%s'",
             actor, operation, (long long)peer, outcome);
    return count(sql);
}

static void exec_sql(const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* Runs operation as cps on peer: allowed (an "ok" audit row, or "invalid" for a change refused
** for its input, and a status that is not the refusal) or refused (exactly "no such peer N in
*caseload CPS", and a "refused" row). */
static void expect(const char *cps, const char *operation, record_op run, int64_t peer,
                   int64_t record, bool allowed, size_t *n)
{
    app.cps = cps;
    struct app_error err = {0};
    size_t scratch = 0;
    int rc = run(peer, record, n ? n : &scratch, &err);
    char refusal[128];
    snprintf(refusal, sizeof refusal, "no such peer %lld in caseload %s", (long long)peer, cps);
    if (allowed) {
        if (rc != BELONG_OK) /* a change refused for its input: "invalid", never "ok" */
            assert_string_not_equal(err.message, refusal);
        assert_true(audited(cps, operation, peer, rc == BELONG_OK ? "ok" : "invalid") >= 1);
        assert_int_equal(audited(cps, operation, peer, "refused"), 0);
    } else {
        assert_int_equal(rc, BELONG_ENOINPUT);
        assert_string_equal(err.message, refusal);
        assert_int_equal(audited(cps, operation, peer, "ok"), 0);
        assert_true(audited(cps, operation, peer, "refused") >= 1);
    }
}

static void records_matrix(void **state)
{
    (void)state;
    app.now = t0 + 900000;
    int64_t a = add_peer_as("sam", "Nia"); /* pat's team */
    assert_true(a > 0);
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO plan(peer_id, activity_id, on_date, support, created_at, updated_at) "
             "VALUES (%lld, 1, '2026-12-10', 'along', 0, 0)",
             (long long)a);
    exec_sql(sql);
    int64_t plan = count("SELECT max(id) FROM plan");

    /* The owner changes; their supervisor reads; another CPS gets nothing. */
    static const struct {
        const char *operation;
        record_op run;
        bool change;
    } ops[] = {
        {"connection.add", op_connection_add, true},
        {"measure.add", op_measure_add, true},
        {"plan.add", op_plan_add, true},
        {"visit.add", op_visit_add, true},
        {"recommend.unchoose", op_unchoose, true},
        {"plan.list", op_plan_list, false},
        {"visit.list", op_visit_list, false},
        {"connection.list", op_connection_list, false},
        {"measure.list", op_measure_list, false},
        {"chart", op_chart, false},
        {"peer.history", op_history, false},
        {"peer.step", op_step, false},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        expect("sam", ops[i].operation, ops[i].run, a, 0, true, NULL);
        expect("pat", ops[i].operation, ops[i].run, a, 0, !ops[i].change, NULL);
        expect("jo", ops[i].operation, ops[i].run, a, 0, false, NULL);
    }
    /* The supervisor reads the owner's records, not their own caseload's. */
    size_t n = 0;
    expect("pat", "connection.list", op_connection_list, a, 0, true, &n);
    assert_int_equal(n, 1);
    expect("pat", "plan.list", op_plan_list, a, 0, true, &n);
    assert_int_equal(n, 1);
    expect("pat", "measure.list", op_measure_list, a, 0, true, &n);
    assert_int_equal(n, 1);

    /* Records taken by id: the owner's change is checked and audited; others' are refused. */
    int64_t conn = count("SELECT max(id) FROM connection");
    int64_t measure = count("SELECT max(id) FROM measure");
    struct app_error err;
    size_t none;
    app.cps = "pat";
    assert_int_equal(op_connection_edit(a, conn, &none, &err), BELONG_ENOINPUT);
    assert_int_equal(op_measure_edit(a, measure, &none, &err), BELONG_ENOINPUT);
    assert_int_equal(op_plan_close(a, plan, &none, &err), BELONG_ENOINPUT);
    expect("sam", "connection.edit", op_connection_edit, a, conn, true, NULL);
    expect("sam", "connection.end", op_connection_end, a, conn, true, NULL);
    expect("sam", "measure.edit", op_measure_edit, a, measure, true, NULL);
    expect("sam", "measure.delete", op_measure_delete, a, measure, true, NULL);
    expect("sam", "plan.close", op_plan_close, a, plan, true, NULL);
    assert_int_equal(count("SELECT count(*) FROM connection_history WHERE closeness = 4 AND "
                           "ended = 0"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM connection_history WHERE ended = 1"), 1);
    assert_int_equal(count("SELECT count(*) FROM measure"), 0);

    /* Export and erasure: the owner only. The erasure's row keeps only that it happened. */
    expect("pat", "peer.export", op_export, a, 0, false, NULL);
    expect("jo", "peer.export", op_export, a, 0, false, NULL);
    expect("sam", "peer.export", op_export, a, 0, true, NULL);
    expect("pat", "peer.delete", op_delete, a, 0, false, NULL);
    expect("jo", "peer.delete", op_delete, a, 0, false, NULL);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM peer WHERE id = %lld", (long long)a);
    assert_int_equal(count(sql), 1); /* Nia: her name is sealed, so by id */
    expect("sam", "peer.delete", op_delete, a, 0, true, NULL);
    assert_int_equal(count(sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE peer_id = %lld", (long long)a);
    assert_true(count(sql) > 40); /* the trail outlives the peer */
    assert_int_equal(count("SELECT count(*) FROM audit WHERE operation LIKE '%Nia%' OR "
                           "actor LIKE '%Nia%' OR origin LIKE '%Nia%'"),
                     0);
    /* A deleted peer reads as missing. */
    app.cps = "sam";
    assert_int_equal(op_plan_list(a, 0, &none, &err), BELONG_ENOINPUT);
    snprintf(sql, sizeof sql, "no such peer %lld in caseload sam", (long long)a);
    assert_string_equal(err.message, sql);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(users_added_by_an_admin_only),
        cmocka_unit_test(login_session_and_logout),
        cmocka_unit_test(one_refusal_for_every_failed_login),
        cmocka_unit_test(throttled_then_locked_then_unlocked_by_time),
        cmocka_unit_test(api_tokens),
        cmocka_unit_test(role_by_operation_matrix),
        cmocka_unit_test(audit_written_and_append_only),
        cmocka_unit_test(records_matrix),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
