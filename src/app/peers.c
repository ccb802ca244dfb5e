/* peers.c — the caseload's operations (app_peers.h), over peers/caseload.c. Every access to
** a peer goes through app_peer_access (access.c), which decides and audits it.
*/
#include "app_peers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_accounts.h"

#include "../peers/caseload.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../util/text.h"

/* The failure rc of a caseload call on peer id. */
static int peer_fail(const struct app *app, int64_t id, int rc, struct app_error *err)
{
    if (rc == BELONG_ENOINPUT)
        return app_no_such_peer(app, err, "ID", id);
    return app_store_fail(app, err, rc);
}

/* The error for problems found once the changes were made: "home" when the profile was whole
** but its home could not be placed (peer_put validates before it places the home). */
static int profile_problems(const struct peer *p, struct app_error *err)
{
    struct diag scratch = {0};
    bool home = (p->home_zip || p->home_town) && !p->has_coords &&
                peer_validate(p, &scratch, NULL) == BELONG_OK;
    diag_free(&scratch);
    return app_fail(err, BELONG_EDATA, home ? "home" : NULL, "the profile has problems");
}

int app_peer_add(struct app *app, app_peer_change_fn change, void *ctx, struct peer *p,
                 struct diag *diag, struct diag *warnings, const char *file, struct app_error *err)
{
    struct app_user actor;
    int rc = app_acting_user(app, &actor, err);
    if (rc != BELONG_OK)
        return rc;
    if (actor.disabled) {
        app_audit_note(app, "peer.add", 0, false, err);
        return app_fail(err, BELONG_ENOPERM, "--cps", "the account '%s' is disabled", actor.name);
    }
    app_change_begin(app, "peer.add", 0); /* the new id once written */
    free(p->cps);
    p->cps = xstrdup(app->cps);
    change(ctx, p, diag, warnings);
    if (diag->count)
        return app_change_end(app, app_fail(err, BELONG_EDATA, NULL, "the profile has problems"),
                              err);
    int64_t id_before = p->id;
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_change_end(app, app_store_fail(app, err, rc), err);
    rc = peer_put(app->store, p, diag, warnings, file);
    app->change.peer_id = p->id;
    if (diag->count)
        rc = profile_problems(p, err);
    else if (rc != BELONG_OK)
        peer_fail(app, p->id, rc, err);
    if ((rc = app_write_end(app, rc, err)) != BELONG_OK) {
        p->id = id_before;
        app->change.peer_id = 0; /* nothing was added */
    }
    return app_change_end(app, rc, err);
}

int app_peer_edit(struct app *app, int64_t id, app_peer_change_fn change, void *ctx, struct peer *p,
                  struct diag *diag, struct diag *warnings, const char *file, struct app_error *err)
{
    peer_init(p);
    char owner[APP_NAME_MAX + 1];
    int rc = app_peer_access(app, id, APP_PEER_CHANGE, "peer.edit", "ID", owner, err);
    if (rc != BELONG_OK)
        return rc;
    /* A write transaction from the start (BEGIN IMMEDIATE): no other write can come between
    ** the read and the write, so a concurrent edit of another field is kept. */
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_change_end(app, app_store_fail(app, err, rc), err);
    rc = peer_update_in(app->store, owner, id, change, ctx, p, diag, warnings, file);
    if (diag->count)
        rc = profile_problems(p, err);
    else if (rc != BELONG_OK)
        peer_fail(app, id, rc, err);
    return app_change_end(app, app_write_end(app, rc, err), err);
}

struct app_peer_view app_peer_view_hold(struct app *app, const struct peer *p)
{
    struct app_peer_view previous = {app->audit_held, app->held_peer};
    app->audit_held = p->id;
    app->held_peer = p;
    return previous;
}

void app_peer_view_release(struct app *app, struct app_peer_view previous)
{
    app->audit_held = previous.audit_held;
    app->held_peer = previous.peer;
}

int app_peer_load(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                  const char *field, struct peer *p, struct app_error *err)
{
    const struct peer *held = app_held_view(app, id, op);
    if (held) { /* checked and audited when the page began */
        peer_copy(p, held);
        return BELONG_OK;
    }
    peer_init(p);
    char owner[APP_NAME_MAX + 1];
    int rc = app_peer_access(app, id, op, operation, field, owner, err);
    if (rc != BELONG_OK)
        return rc;
    rc = peer_load(app->store, owner, id, p);
    return rc == BELONG_OK ? rc : peer_fail(app, id, rc, err);
}

int app_peer_get(struct app *app, int64_t id, struct peer *p, struct app_error *err)
{
    return app_peer_load(app, id, APP_PEER_VIEW, "peer.show", "ID", p, err);
}

static int compare_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int app_peer_list(struct app *app, bool with_archived, struct peer **peers, size_t *n,
                  struct app_error *err)
{
    *peers = NULL;
    *n = 0;
    char(*caseloads)[APP_NAME_MAX + 1] = NULL;
    size_t n_caseloads = 0;
    int rc = app_team_caseloads(app, &caseloads, &n_caseloads, err);
    if (rc != BELONG_OK)
        return rc;
    int64_t *ids = NULL;
    size_t n_ids = 0;
    for (size_t c = 0; rc == BELONG_OK && c < n_caseloads; c++) {
        int64_t *more = NULL;
        size_t n_more = 0;
        rc = store_peer_ids(app->store, caseloads[c], with_archived, &more, &n_more);
        if (rc == BELONG_OK && n_more) {
            ids = xrealloc(ids, (n_ids + n_more) * sizeof *ids);
            memcpy(ids + n_ids, more, n_more * sizeof *ids);
            n_ids += n_more;
        }
        free(more);
    }
    free(caseloads);
    if (rc != BELONG_OK) {
        free(ids);
        return app_store_fail(app, err, rc);
    }
    if (n_ids)
        qsort(ids, n_ids, sizeof *ids, compare_id);
    *peers = xcalloc(n_ids ? n_ids : 1, sizeof **peers);
    /* One transaction for the list's audit rows (one commit, not one a peer). */
    if (n_ids && (rc = store_begin(app->store)) != BELONG_OK) {
        free(ids);
        return app_store_fail(app, err, rc);
    }
    for (size_t i = 0; rc == BELONG_OK && i < n_ids; i++) {
        rc = app_peer_load(app, ids[i], APP_PEER_VIEW, "peer.list", "ID", &(*peers)[i], err);
        if (rc == BELONG_OK)
            (*n)++;
    }
    free(ids);
    if (n_ids && rc == BELONG_OK && (rc = store_commit(app->store)) != BELONG_OK)
        app_store_fail(app, err, rc);
    if (n_ids && rc != BELONG_OK)
        store_rollback(app->store);
    return rc;
}

static int compare_peer_id(const void *a, const void *b)
{
    const struct peer *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* Writes the "peer.list" row of each of peers[0..n) in one transaction, as app_peer_list does.
** Whether the acting handle may view a peer depends only on its caseload: the first peer of each
** caseload is checked (app_peer_access: a refusal fails the list), the others noted with the
** same outcome (as the caseload report does). */
static int audit_listed(struct app *app, const struct peer *peers, size_t n, struct app_error *err)
{
    if (!n)
        return BELONG_OK;
    int rc = store_begin(app->store);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    const char **checked = xcalloc(n, sizeof *checked);
    size_t n_checked = 0;
    for (size_t i = 0; rc == BELONG_OK && i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < n_checked && !seen; k++)
            seen = strcmp(checked[k], peers[i].cps) == 0;
        if (seen) {
            rc = app_audit_note(app, "peer.list", peers[i].id, true, err);
            continue;
        }
        char owner[APP_NAME_MAX + 1];
        rc = app_peer_access(app, peers[i].id, APP_PEER_VIEW, "peer.list", "ID", owner, err);
        checked[n_checked++] = peers[i].cps;
    }
    free(checked);
    if (rc == BELONG_OK && (rc = store_commit(app->store)) != BELONG_OK)
        app_store_fail(app, err, rc);
    if (rc != BELONG_OK)
        store_rollback(app->store);
    return rc;
}

int app_peer_list_names(struct app *app, bool with_archived, struct peer **peers, size_t *n,
                        struct app_error *err)
{
    *peers = NULL;
    *n = 0;
    char(*caseloads)[APP_NAME_MAX + 1] = NULL;
    size_t n_caseloads = 0;
    int rc = app_team_caseloads(app, &caseloads, &n_caseloads, err);
    if (rc != BELONG_OK)
        return rc;
    for (size_t c = 0; rc == BELONG_OK && c < n_caseloads; c++) {
        struct peer *more = NULL;
        size_t n_more = 0;
        rc = store_peer_names(app->store, caseloads[c], with_archived, &more, &n_more);
        if (rc == BELONG_OK && n_more) {
            *peers = xrealloc(*peers, (*n + n_more) * sizeof **peers);
            memcpy(*peers + *n, more, n_more * sizeof *more); /* the profiles move */
            *n += n_more;
        }
        free(more);
    }
    free(caseloads);
    if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    if (rc == BELONG_OK && *n > 1)
        qsort(*peers, *n, sizeof **peers, compare_peer_id);
    if (rc == BELONG_OK)
        rc = audit_listed(app, *peers, *n, err);
    if (rc != BELONG_OK) {
        app_peers_free(*peers, *n);
        *peers = NULL;
        *n = 0;
    }
    return rc;
}

void app_peers_free(struct peer *peers, size_t n)
{
    for (size_t i = 0; i < n; i++)
        peer_free(&peers[i]);
    free(peers);
}

void app_peers_named(struct peer *peers, size_t *n, const char *words)
{
    char *want = words ? text_fold(words) : NULL;
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++) {
        char *name = want && *want ? text_fold(peers[i].name ? peers[i].name : "") : NULL;
        if (!name || strstr(name, want))
            peers[kept++] = peers[i];
        else
            peer_free(&peers[i]);
        free(name);
    }
    *n = kept;
    free(want);
}

int app_peer_archive(struct app *app, int64_t id, bool archived, struct app_error *err)
{
    char owner[APP_NAME_MAX + 1];
    int rc = app_peer_access(app, id, APP_PEER_CHANGE, archived ? "peer.archive" : "peer.restore",
                             "ID", owner, err);
    if (rc != BELONG_OK)
        return rc;
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_change_end(app, app_store_fail(app, err, rc), err);
    if ((rc = peer_archive(app->store, owner, id, archived)) != BELONG_OK)
        peer_fail(app, id, rc, err);
    return app_change_end(app, app_write_end(app, rc, err), err);
}

int app_peer_check_active(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                          char owner[APP_NAME_MAX + 1], struct app_error *err)
{
    const struct peer *held = app_held_view(app, id, op);
    if (held) { /* checked and audited when the page began */
        if (owner)
            snprintf(owner, APP_NAME_MAX + 1, "%s", held->cps ? held->cps : "");
        return held->archived ? app_peer_archived(err, id) : BELONG_OK;
    }
    struct peer p;
    int rc = app_peer_load(app, id, op, operation, "PEER", &p, err);
    bool archived = rc == BELONG_OK && p.archived;
    if (rc == BELONG_OK && owner)
        snprintf(owner, APP_NAME_MAX + 1, "%s", p.cps ? p.cps : "");
    peer_free(&p);
    if (rc != BELONG_OK)
        return rc;
    return archived ? app_peer_archived(err, id) : BELONG_OK;
}
