/* app_accounts.h — accounts and who may do what: users and their roles (accounts.c), web
** sessions, API tokens and login throttling (accounts.c), the one authorisation check every
** peer access goes through and the audit trail it writes (access.c). See docs/privacy.md.
*/
#ifndef BELONG_APP_ACCOUNTS_H
#define BELONG_APP_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"

#define APP_NAME_MAX        64   /* a user's name is a caseload handle (CPS_HANDLE_MAX) */
#define APP_PASSWORD_MIN    12   /* characters (UTF-8 code points) */
#define APP_PASSWORD_MAX    1024 /* bytes */
#define APP_TOKEN_HEX       64   /* a session or API token: 256 random bits as hex */
#define APP_SESSION_IDLE_S  (15 * 60)
#define APP_SESSION_MAX_S   (8 * 3600)
#define APP_THROTTLE_FREE   5         /* failures before any delay */
#define APP_THROTTLE_LOCK   10        /* failures that lock the account or address */
#define APP_THROTTLE_LOCK_S (15 * 60) /* how long a lockout lasts; older failures are forgotten */

enum app_role { APP_ROLE_CPS, APP_ROLE_SUPERVISOR, APP_ROLE_ADMIN };

struct app_user {
    char name[APP_NAME_MAX + 1];
    enum app_role role;
    char supervisor[APP_NAME_MAX + 1]; /* a CPS's supervisor (their team), or "" */
    bool disabled;
    time_t created_at;
};

/* A session as the web keeps it: the token (given to the caller once, by app_login; empty
** after app_session_check), its CSRF secret, and its times. */
struct app_session {
    char token[APP_TOKEN_HEX + 1];
    char csrf[APP_TOKEN_HEX + 1];
    time_t created_at, last_seen;
};

/* "cps", "supervisor", "admin"; app_role_parse returns false for anything else. */
const char *app_role_name(enum app_role role);
bool app_role_parse(const char *text, enum app_role *role);
/* Why password is refused (too short, too long, holds a NUL or control character), or NULL
** when it is acceptable. */
const char *app_password_problem(const char *password);

/* Adds user name with role and password (hashed with Argon2id); supervisor (NULL or "") puts a
** CPS in that supervisor's team. Only an admin may, or anyone while there is no admin yet (the
** first account). Returns 0; BELONG_EDATA (bad name, role, supervisor, password, or the name
** taken); BELONG_ENOPERM; a store error. */
int app_user_add(struct app *app, const char *name, enum app_role role, const char *supervisor,
                 const char *password, struct app_error *err);
/* Sets name's password (an admin, or the user themself) and ends their sessions. */
int app_user_passwd(struct app *app, const char *name, const char *password, struct app_error *err);
/* Disables name (an admin): no login, no session, no token, no peer access. */
int app_user_disable(struct app *app, const char *name, struct app_error *err);
/* Every user, by name (an admin). OUT: heap array (free) of *n. */
int app_user_list(struct app *app, struct app_user **out, size_t *n, struct app_error *err);
/* A new API token for name (an admin, or the user themself), replacing the last one: only its
** hash is kept, so token is the one chance to see it. OUT: token. */
int app_user_token(struct app *app, const char *name, char token[APP_TOKEN_HEX + 1],
                   struct app_error *err);

/* Logs name in from address (the client's, or NULL for the CLI). Returns 0 (OUT: *session with
** its new token, *user); else BELONG_ENOPERM with one message whatever the cause (unknown
** name, wrong password, disabled account, throttled) and *wait_s: the seconds before another
** try is heard (0: at once). It never sleeps. Failures are counted per account and per
** address: after APP_THROTTLE_FREE a wait doubling from 1 s, after APP_THROTTLE_LOCK a lockout
** of APP_THROTTLE_LOCK_S; a success clears them. */
int app_login(struct app *app, const char *name, const char *password, const char *address,
              struct app_session *session, struct app_user *user, int *wait_s,
              struct app_error *err);
/* The user of the session whose token is token, if it is still open: idle for less than
** $BELONG_SESSION_IDLE_MINUTES (15) and younger than $BELONG_SESSION_MAX_HOURS (8). Moves its
** last-seen time. OUT: *user, *session (without the token). BELONG_ENOPERM when it has ended
** (it is then deleted) or never was; BELONG_EUSAGE for a bad setting. */
int app_session_check(struct app *app, const char *token, const char *address,
                      struct app_user *user, struct app_session *session, struct app_error *err);
/* Ends the session of token (none is not an error). */
int app_logout(struct app *app, const char *token, struct app_error *err);
/* The user of API token token (BELONG_ENOPERM when none, or the account is disabled). */
int app_token_check(struct app *app, const char *token, struct app_user *user,
                    struct app_error *err);

/* ---- access.c: authorisation in one place, and the audit trail ---- */

/* What an operation does with a peer record. */
enum app_peer_op {
    APP_PEER_VIEW,   /* read it (show, list, recommend, measures) */
    APP_PEER_CHANGE, /* add to it or change it */
    APP_PEER_EXPORT, /* take it out of belong (export) */
    APP_PEER_DELETE, /* erase it */
};
/* The acting handle (app->cps) as a user: its account, or a CPS without one. OUT: *user. */
int app_acting_user(struct app *app, struct app_user *user, struct app_error *err);
/* Whether an account named name exists (disabled or not). OUT: *exists. Returns 0 or a store
** error with err. */
int app_user_exists(struct app *app, const char *name, bool *exists, struct app_error *err);
/* Whether the acting handle may do op on peer id: a CPS on their own caseload, a supervisor
** viewing their team's, anyone on their own. A view is audited at once (operation, e.g.
** "peer.show", "ok" or "refused"), and so is a refusal; an allowed change, export or erasure
** is left to audit in app->change, written as the operation ends (app_write_end,
** app_change_end), so that the trail says "ok" only for what was done. Returns 0 (OUT: owner, the
*caseload handle the
** peer is in); BELONG_ENOINPUT "no such peer N in caseload X" (field) when refused, exactly as when
*no peer
** has the id; a store error (nothing allowed) when the audit row cannot be written. */
int app_peer_access(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                    const char *field, char owner[APP_NAME_MAX + 1], struct app_error *err);
/* The refusal of op on peer id before anything the operation would read is read (the web's
** gate, before a request's body): when the acting handle may not do op, exactly what
** app_peer_access does (the audit row of operation, "refused"; BELONG_ENOINPUT "no such peer N
** in caseload X" naming field, as for a peer that does not exist); when it may, nothing is
** audited (the operation that follows decides and audits) and 0 is returned. A store error
** with err when the audit row cannot be written. */
int app_peer_refusal(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                     const char *field, struct app_error *err);
/* The caseloads the acting handle lists (peer list, the caseload report): its own first, then,
** for a supervisor, those of their team (each CPS whose supervisor they are), by name.
** OUT: heap array (free) of *n handles, *n >= 1. Returns 0 or a store error with err. */
int app_team_caseloads(struct app *app, char (**out)[APP_NAME_MAX + 1], size_t *n,
                       struct app_error *err);
/* The kinds of peer record an operation takes by their own id. */
enum app_record_kind {
    APP_RECORD_PLAN,
    APP_RECORD_VISIT,
    APP_RECORD_CONNECTION,
    APP_RECORD_MEASURE
};
/* For an operation that did not find record id of kind in the acting caseload, and is about to
** answer exactly as for an id that does not exist: when the record does exist and the acting
** handle may not do op on its peer (another caseload's record), appends a refused audit row
** (operation) naming that peer; a truly missing id, or one whose peer the handle may reach,
** writes nothing. Outside the operation's write transaction (a rollback would undo the row).
** Returns 0, or a store error with err. */
int app_record_refused(struct app *app, enum app_record_kind kind, int64_t id, enum app_peer_op op,
                       const char *operation, struct app_error *err);
/* Appends an audit row for what the acting handle did (peer_id 0: none). */
int app_audit_note(struct app *app, const char *operation, int64_t peer_id, bool ok,
                   struct app_error *err);
/* Holds the audit of the allowed reads of peer_id (app->audit_held) for a view made of many
** reads of that peer (a peer's page, an export) that was audited once already: until
** app_audit_release, those reads add no row of their own; a refusal still does. Returns the
** hold it replaces, for app_audit_release. Cannot fail. */
int64_t app_audit_hold(struct app *app, int64_t peer_id);
void app_audit_release(struct app *app, int64_t previous);
/* The peer a page holds (app_peer_view_hold, app_peers.h) when it is peer id and op only views
** it, else NULL: app_peer_access allows that view without asking the store again. */
const struct peer *app_held_view(const struct app *app, int64_t id, enum app_peer_op op);
/* The audit outcomes (docs/privacy.md): done; refused for the caseload (another's peer, or
** none); refused for its input (the peer's own caseload, nothing changed); failed (the store
** or the disk, nothing changed). */
#define APP_AUDIT_OK      "ok"
#define APP_AUDIT_REFUSED "refused"
#define APP_AUDIT_INVALID "invalid"
#define APP_AUDIT_FAILED  "failed"
/* Every operation that changes, exports or erases a peer record ends with this, whatever its
** rc: a change app_peer_access allowed and no commit audited (app->change) gets its row now:
** "ok" when rc is 0 (a change written outside app_write_end), else "invalid" (a usage or data
** refusal, or a record the request named not there) or "failed". Returns rc, or the audit's
** failure when rc is 0 (err then says it); a failed audit after a refusal keeps err. */
int app_change_end(struct app *app, int rc, struct app_error *err);
/* The "ok" row of the change app->change holds, if any, written now, inside its transaction
** (app_write_end calls it just before the commit; the change stays pending until then). */
int app_change_audit_ok(struct app *app, struct app_error *err);
/* Starts the audit of a change that has no peer yet to check (adding one): as app_peer_access
** allowing operation on peer_id (0: not known until written). Cannot fail. */
void app_change_begin(struct app *app, const char *operation, int64_t peer_id);
/* Whether the acting handle may manage user name's account: an admin, the user themself when
** self_ok, or anyone while no admin exists. BELONG_ENOPERM otherwise. */
int app_may_manage_user(struct app *app, const char *name, bool self_ok, struct app_error *err);

struct app_audit_row {
    int64_t id;
    time_t at;
    char actor[APP_NAME_MAX + 1];
    char operation[32];
    int64_t peer_id; /* 0: none */
    char origin[64];
    char outcome[8]; /* APP_AUDIT_OK, _REFUSED, _INVALID or _FAILED */
};
/* The audit rows an admin (all) or a supervisor (their team's and their own) may read, about
** peer_id (0: all), by actor (NULL: all), at or after since (0: all), oldest first. OUT: heap
** array (free) of *n. BELONG_ENOPERM for anyone else. */
int app_audit_list(struct app *app, int64_t peer_id, const char *actor, time_t since,
                   struct app_audit_row **out, size_t *n, struct app_error *err);

#endif
