/* app_peers.h — the caseload's operations: add, edit, show, list, archive and restore a peer,
** always within the acting CPS's (app->cps) own caseload.
*/
#ifndef BELONG_APP_PEERS_H
#define BELONG_APP_PEERS_H

#include "../peers/profile.h"
#include "../util/diag.h"
#include "app.h"
#include "app_accounts.h"

/* How a face gives the new values of a profile: change edits p (as stored now, or a new
** profile for add); problems go to diag (then nothing is written), notes to warnings. */
typedef void (*app_peer_change_fn)(void *ctx, struct peer *p, struct diag *diag,
                                   struct diag *warnings);

/* Adds a peer to app->cps's caseload: a new profile, changed by change, validated, its home
** resolved, written in one transaction. file names the input in problems. Returns 0 (OUT: *p
** with its id); BELONG_EDATA with every problem in diag and nothing written (err->field "home"
** when the one problem is a home that cannot be placed); another status with err. *p is the
*caller's (peer_init before, peer_free after, whatever the result). */
int app_peer_add(struct app *app, app_peer_change_fn change, void *ctx, struct peer *p,
                 struct diag *diag, struct diag *warnings, const char *file, struct app_error *err);
/* Edits peer id of app->cps's caseload in one write transaction (peer_update). Same results as
** app_peer_add, and BELONG_ENOINPUT ("no such peer N in caseload CPS") when id is not in the
*caseload. */
int app_peer_edit(struct app *app, int64_t id, app_peer_change_fn change, void *ctx, struct peer *p,
                  struct diag *diag, struct diag *warnings, const char *file,
                  struct app_error *err);
/* Reads peer id of app->cps's caseload (or of a team's, for their supervisor: access.c),
** audited as "peer.show". OUT: *p (peer_free) on success. */
int app_peer_get(struct app *app, int64_t id, struct peer *p, struct app_error *err);
/* A page of peer p made of many reads (its record, plans, visits, charts...), p read by
** app_peer_get (so checked and audited once): until app_peer_view_release, each read that only
** views that peer adds no audit row of its own (app_audit_hold) and takes p instead of reading
** the peer and checking the access again; a read that would change, export or erase it is
** checked as ever. p must outlive the hold. Returns the hold it replaces, for
** app_peer_view_release. Cannot fail. */
struct app_peer_view {
    int64_t audit_held;
    const struct peer *peer;
};
struct app_peer_view app_peer_view_hold(struct app *app, const struct peer *p);
void app_peer_view_release(struct app *app, struct app_peer_view previous);
/* Reads peer id for an operation that does op with it, checked and audited under the name
** operation (e.g. "recommend") by app_peer_access; a refusal reads "no such peer N in caseload X"
*naming
** field. Every operation on a peer of any area loads it through this. OUT: *p (peer_init'd
** always; peer_free). */
int app_peer_load(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                  const char *field, struct peer *p, struct app_error *err);
/* The peers of the caseloads the acting handle lists (app_team_caseloads: app->cps's own, and
** for a supervisor their team's), by id, each with its caseload in cps; archived ones too when
** with_archived. Each is read, and audited, as "peer.list". OUT: *peers, a heap array of *n
** profiles the caller frees with app_peers_free. */
int app_peer_list(struct app *app, bool with_archived, struct peer **peers, size_t *n,
                  struct app_error *err);
/* The same list, checked and audited the same ("peer.list", a row a peer), each profile with
** only its id, caseload and name (the rest as peer_init leaves it): for a list to choose a peer
** from, which has no need of the whole record. OUT: as app_peer_list. */
int app_peer_list_names(struct app *app, bool with_archived, struct peer **peers, size_t *n,
                        struct app_error *err);
void app_peers_free(struct peer *peers, size_t n);
/* Keeps of peers[0..*n) those whose name holds words (case and runs of white space aside; NULL
** or "": all), freeing the others. Names are sealed in the database (docs/privacy.md), so a
** search by name is this, in memory, over the caseload app_peer_list opened. */
void app_peers_named(struct peer *peers, size_t *n, const char *words);
/* Archives (archived true) or restores peer id of app->cps's caseload. */
int app_peer_archive(struct app *app, int64_t id, bool archived, struct app_error *err);
/* Whether the acting handle may do op on peer id (app_peer_load: checked and audited as
** operation) and the peer is not archived (the records of measures, plans, visits and
** connections are kept only for those). Returns 0 (OUT: owner, the peer's caseload, when not
** NULL); BELONG_ENOINPUT with err ("no such peer N in caseload X", "peer N is archived ...")
** otherwise, field "PEER". Call it before store_begin: a rollback would undo the audit row. */
int app_peer_check_active(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                          char owner[APP_NAME_MAX + 1], struct app_error *err);

#endif
