/* access.c — authorisation in one place: who may read or change which peer record, who manages
** accounts and who reads the audit trail; and the audit trail itself, written from here for
** every peer access, allowed or refused. Every operation on a peer (every file of src/app/) calls
** app_peer_access before it touches the record; one that changes it ends with app_change_end, so
** that its row says what came of it (ok, invalid, failed).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../peers/profile.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "app_accounts.h"

int app_acting_user(struct app *app, struct app_user *user, struct app_error *err)
{
    memset(user, 0, sizeof *user);
    snprintf(user->name, sizeof user->name, "%s", app->cps ? app->cps : "");
    user->role = APP_ROLE_CPS; /* a handle without an account works as a CPS's caseload */
    if (!app->cps)
        return BELONG_OK;
    struct store_user u;
    int rc = store_user_get(app->store, app->cps, &u);
    if (rc == BELONG_ENOINPUT)
        return BELONG_OK;
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    app_role_parse(u.role, &user->role);
    snprintf(user->supervisor, sizeof user->supervisor, "%s", u.supervisor);
    user->disabled = u.disabled;
    user->created_at = u.created_at;
    return BELONG_OK;
}

int app_user_exists(struct app *app, const char *name, bool *exists, struct app_error *err)
{
    struct store_user u;
    int rc = store_user_get(app->store, name, &u);
    *exists = rc == BELONG_OK;
    return rc == BELONG_OK || rc == BELONG_ENOINPUT ? BELONG_OK : app_store_fail(app, err, rc);
}

/* Appends the audit row (operation, peer_id, outcome) of the acting handle. */
static int audit_write(struct app *app, const char *operation, int64_t peer_id, const char *outcome,
                       struct app_error *err)
{
    struct store_audit a = {.at = app->now, .peer_id = peer_id};
    snprintf(a.actor, sizeof a.actor, "%s", app->cps ? app->cps : "?");
    snprintf(a.operation, sizeof a.operation, "%s", operation);
    snprintf(a.origin, sizeof a.origin, "%s", app->origin ? app->origin : "cli");
    snprintf(a.outcome, sizeof a.outcome, "%s", outcome);
    int rc = store_audit_add(app->store, &a);
    if (rc == BELONG_EBUSY) /* the store says to retry, and that nothing was changed */
        return app_store_fail(app, err, rc);
    if (rc != BELONG_OK)
        return app_fail(err, rc, NULL, "cannot write the audit trail: %s",
                        store_errmsg(app->store));
    return BELONG_OK;
}

int app_audit_note(struct app *app, const char *operation, int64_t peer_id, bool ok,
                   struct app_error *err)
{
    if (ok && app->audit_held && app->audit_held == peer_id)
        return BELONG_OK; /* a read an export of this peer is made of: audited as the export */
    return audit_write(app, operation, peer_id, ok ? APP_AUDIT_OK : APP_AUDIT_REFUSED, err);
}

int64_t app_audit_hold(struct app *app, int64_t peer_id)
{
    int64_t previous = app->audit_held;
    app->audit_held = peer_id;
    return previous;
}

void app_audit_release(struct app *app, int64_t previous)
{
    app->audit_held = previous;
}

const struct peer *app_held_view(const struct app *app, int64_t id, enum app_peer_op op)
{
    const struct peer *p = app->held_peer;
    return op == APP_PEER_VIEW && p && p->id == id && app->audit_held == id ? p : NULL;
}

void app_change_begin(struct app *app, const char *operation, int64_t peer_id)
{
    app->change.operation = operation;
    app->change.peer_id = peer_id;
    app->change.pending = true;
}

int app_change_audit_ok(struct app *app, struct app_error *err)
{
    if (!app->change.pending)
        return BELONG_OK;
    return audit_write(app, app->change.operation, app->change.peer_id, APP_AUDIT_OK, err);
}

int app_change_end(struct app *app, int rc, struct app_error *err)
{
    if (!app->change.pending)
        return rc;
    app->change.pending = false;
    const char *outcome = rc == BELONG_OK ? APP_AUDIT_OK
                          : rc == BELONG_EUSAGE || rc == BELONG_EDATA || rc == BELONG_ENOINPUT
                              ? APP_AUDIT_INVALID
                              : APP_AUDIT_FAILED;
    struct app_error audit_err;
    int audit = audit_write(app, app->change.operation, app->change.peer_id, outcome,
                            rc == BELONG_OK ? err : &audit_err);
    return rc != BELONG_OK ? rc : audit;
}

/* Whether actor may do op on a peer of owner's caseload (owner_sup: owner's supervisor). */
static bool may(const struct app_user *actor, enum app_peer_op op, const char *owner,
                const char *owner_sup)
{
    if (actor->disabled || !actor->name[0])
        return false;
    if (strcmp(actor->name, owner) == 0)
        return true;
    return actor->role == APP_ROLE_SUPERVISOR && op == APP_PEER_VIEW &&
           strcmp(owner_sup, actor->name) == 0;
}

/* Whether the acting handle may do op on peer id (OUT: *allowed; *allowed false when no peer has
** the id), and the caseload the peer is in (OUT: owner, "" when none). Returns 0 or a store
** error with err. */
static int peer_allowed(struct app *app, int64_t id, enum app_peer_op op,
                        char owner[APP_NAME_MAX + 1], bool *allowed, struct app_error *err)
{
    owner[0] = '\0';
    *allowed = false;
    struct app_user actor;
    int rc = app_acting_user(app, &actor, err);
    if (rc != BELONG_OK)
        return rc;
    rc = store_peer_owner(app->store, id, owner, APP_NAME_MAX + 1);
    if (rc == BELONG_ENOINPUT)
        return BELONG_OK;
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    struct store_user owner_user;
    rc = store_user_get(app->store, owner, &owner_user);
    if (rc != BELONG_OK && rc != BELONG_ENOINPUT)
        return app_store_fail(app, err, rc);
    *allowed = may(&actor, op, owner, rc == BELONG_OK ? owner_user.supervisor : "");
    return BELONG_OK;
}

int app_peer_access(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                    const char *field, char owner[APP_NAME_MAX + 1], struct app_error *err)
{
    const struct peer *held = app_held_view(app, id, op);
    if (held) { /* a page's peer: checked and audited when the page began */
        snprintf(owner, APP_NAME_MAX + 1, "%s", held->cps ? held->cps : "");
        return BELONG_OK;
    }
    bool allowed = false;
    int rc = peer_allowed(app, id, op, owner, &allowed, err);
    if (rc != BELONG_OK)
        return rc;
    if (allowed && op != APP_PEER_VIEW) {
        app_change_begin(app, operation, id); /* audited once the operation ends */
        return BELONG_OK;
    }
    if ((rc = app_audit_note(app, operation, id, allowed, err)) != BELONG_OK)
        return rc;
    if (!allowed) {
        owner[0] = '\0';
        return app_no_such_peer(app, err, field, id);
    }
    return BELONG_OK;
}

int app_peer_refusal(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                     const char *field, struct app_error *err)
{
    char owner[APP_NAME_MAX + 1];
    bool allowed = false;
    int rc = peer_allowed(app, id, op, owner, &allowed, err);
    if (rc != BELONG_OK || allowed)
        return rc;
    if ((rc = app_audit_note(app, operation, id, false, err)) != BELONG_OK)
        return rc;
    return app_no_such_peer(app, err, field, id);
}

int app_team_caseloads(struct app *app, char (**out)[APP_NAME_MAX + 1], size_t *n,
                       struct app_error *err)
{
    *out = xcalloc(1, sizeof **out);
    *n = 1;
    snprintf((*out)[0], sizeof **out, "%s", app->cps ? app->cps : "");
    struct app_user me;
    int rc = app_acting_user(app, &me, err);
    if (rc != BELONG_OK || me.disabled || me.role != APP_ROLE_SUPERVISOR)
        return rc;
    struct store_user *users = NULL;
    size_t n_users = 0;
    if ((rc = store_users_list(app->store, &users, &n_users)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    for (size_t i = 0; i < n_users; i++) {
        if (strcmp(users[i].supervisor, me.name) != 0 || strcmp(users[i].name, me.name) == 0)
            continue;
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        snprintf((*out)[(*n)++], sizeof **out, "%s", users[i].name);
    }
    free(users);
    return BELONG_OK;
}

int app_record_refused(struct app *app, enum app_record_kind kind, int64_t id, enum app_peer_op op,
                       const char *operation, struct app_error *err)
{
    static const enum store_record_kind as_store[] = {
        [APP_RECORD_PLAN] = STORE_RECORD_PLAN,
        [APP_RECORD_VISIT] = STORE_RECORD_VISIT,
        [APP_RECORD_CONNECTION] = STORE_RECORD_CONNECTION,
        [APP_RECORD_MEASURE] = STORE_RECORD_MEASURE,
    };
    int64_t peer_id = 0;
    int rc = store_record_peer(app->store, as_store[kind], id, &peer_id);
    if (rc == BELONG_ENOINPUT)
        return BELONG_OK; /* no such record: nothing was refused */
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    char owner[APP_NAME_MAX + 1];
    bool allowed = false;
    if ((rc = peer_allowed(app, peer_id, op, owner, &allowed, err)) != BELONG_OK)
        return rc;
    return allowed ? BELONG_OK : app_audit_note(app, operation, peer_id, false, err);
}

int app_may_manage_user(struct app *app, const char *name, bool self_ok, struct app_error *err)
{
    struct app_user actor;
    int rc = app_acting_user(app, &actor, err);
    if (rc != BELONG_OK)
        return rc;
    if (!actor.disabled && actor.role == APP_ROLE_ADMIN)
        return BELONG_OK;
    if (self_ok && !actor.disabled && name && strcmp(actor.name, name) == 0 &&
        actor.created_at != 0)
        return BELONG_OK;
    int64_t admins = 0;
    if ((rc = store_users_count(app->store, "admin", &admins)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    if (admins == 0)
        return BELONG_OK; /* no admin yet: the first accounts are made by whoever holds the file */
    return app_fail(err, BELONG_ENOPERM, "--cps",
                    "'%s' is not an admin: only an admin manages accounts%s",
                    app->cps ? app->cps : "", self_ok ? " (or the user themself)" : "");
}

int app_audit_list(struct app *app, int64_t peer_id, const char *actor, time_t since,
                   struct app_audit_row **out, size_t *n, struct app_error *err)
{
    *out = NULL;
    *n = 0;
    struct app_user me;
    int rc = app_acting_user(app, &me, err);
    if (rc != BELONG_OK)
        return rc;
    if (me.disabled || me.role == APP_ROLE_CPS)
        return app_fail(err, BELONG_ENOPERM, "--cps",
                        "'%s' may not read the audit trail: only a supervisor (their team's) or "
                        "an admin may",
                        me.name);
    struct store_audit_filter f = {
        .team = me.role == APP_ROLE_SUPERVISOR ? me.name : NULL,
        .peer_id = peer_id,
        .actor = actor,
        .since = since,
    };
    struct store_audit *rows = NULL;
    size_t n_rows = 0;
    if ((rc = store_audit_list(app->store, &f, &rows, &n_rows)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    *out = xcalloc(n_rows ? n_rows : 1, sizeof **out);
    for (size_t i = 0; i < n_rows; i++) {
        struct app_audit_row *r = &(*out)[i];
        r->id = rows[i].id;
        r->at = rows[i].at;
        memcpy(r->actor, rows[i].actor, sizeof r->actor);
        memcpy(r->operation, rows[i].operation, sizeof r->operation);
        r->peer_id = rows[i].peer_id;
        memcpy(r->origin, rows[i].origin, sizeof r->origin);
        memcpy(r->outcome, rows[i].outcome, sizeof r->outcome);
    }
    *n = n_rows;
    free(rows);
    return BELONG_OK;
}
