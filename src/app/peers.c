/* peers.c — the caseload's operations (app_peers.h), over peers/caseload.c. */
#include "app_peers.h"

#include <stdlib.h>

#include "../peers/caseload.h"
#include "../store/store.h"
#include "../util/buf.h"

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
    free(p->cps);
    p->cps = xstrdup(app->cps);
    change(ctx, p, diag, warnings);
    if (diag->count)
        return app_fail(err, BELONG_EDATA, NULL, "the profile has problems");
    int rc = peer_save(app->store, p, diag, warnings, file);
    if (diag->count)
        return profile_problems(p, err);
    return rc == BELONG_OK ? rc : peer_fail(app, p->id, rc, err);
}

int app_peer_edit(struct app *app, int64_t id, app_peer_change_fn change, void *ctx, struct peer *p,
                  struct diag *diag, struct diag *warnings, const char *file, struct app_error *err)
{
    int rc = peer_update(app->store, app->cps, id, change, ctx, p, diag, warnings, file);
    if (diag->count)
        return profile_problems(p, err);
    return rc == BELONG_OK ? rc : peer_fail(app, id, rc, err);
}

int app_peer_get(struct app *app, int64_t id, struct peer *p, struct app_error *err)
{
    int rc = peer_load(app->store, app->cps, id, p);
    return rc == BELONG_OK ? rc : peer_fail(app, id, rc, err);
}

int app_peer_list(struct app *app, bool with_archived, struct peer **peers, size_t *n,
                  struct app_error *err)
{
    *peers = NULL;
    *n = 0;
    int64_t *ids = NULL;
    size_t n_ids = 0;
    int rc = store_peer_ids(app->store, app->cps, with_archived, &ids, &n_ids);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    *peers = xcalloc(n_ids ? n_ids : 1, sizeof **peers);
    for (size_t i = 0; rc == BELONG_OK && i < n_ids; i++) {
        rc = peer_load(app->store, app->cps, ids[i], &(*peers)[i]);
        if (rc == BELONG_OK)
            (*n)++;
        else
            app_store_fail(app, err, rc);
    }
    free(ids);
    return rc;
}

void app_peers_free(struct peer *peers, size_t n)
{
    for (size_t i = 0; i < n; i++)
        peer_free(&peers[i]);
    free(peers);
}

int app_peer_archive(struct app *app, int64_t id, bool archived, struct app_error *err)
{
    int rc = peer_archive(app->store, app->cps, id, archived);
    return rc == BELONG_OK ? rc : peer_fail(app, id, rc, err);
}

int app_peer_check_active(struct app *app, int64_t id, struct app_error *err)
{
    struct peer p;
    peer_init(&p);
    int rc = app_peer_get(app, id, &p, err);
    bool archived = rc == BELONG_OK && p.archived;
    peer_free(&p);
    if (rc != BELONG_OK)
        return rc;
    if (archived)
        return app_fail(err, BELONG_ENOINPUT, "PEER",
                        "peer %lld is archived (belong peer archive %lld --restore brings them "
                        "back)",
                        (long long)id, (long long)id);
    return BELONG_OK;
}
