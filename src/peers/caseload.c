/* caseload.c — saving, loading and archiving peer profiles within a CPS's caseload. */
#include "caseload.h"

#include <stdio.h>
#include <stdlib.h>

#include "../directory/home_state.h"
#include "../directory/places.h"
#include "../util/buf.h"
#include "../util/rc.h"
#include "../util/timeutil.h"

int peer_resolve_home(struct store *s, struct peer *p, struct diag *diag, const char *file)
{
    if (p->has_coords || (!p->home_zip && !p->home_town))
        return BELONG_OK;
    struct place place;
    char err[512] = "";
    struct home_state home;
    struct place_prefer prefer = home_state_prefer(&home, s);
    const char *home_text = p->home_zip ? p->home_zip : p->home_town;
    int rc = place_resolve(home_text, &prefer, &place, err, sizeof err);
    if (rc != BELONG_OK) {
        diag_add(diag, file, 0, "home", "%s", *err ? err : "cannot be placed");
        return rc == BELONG_EIO ? rc : BELONG_EDATA;
    }
    p->has_coords = true;
    p->home_lat = place.lat;
    p->home_lon = place.lon;
    free(p->home_label);
    p->home_label = xstrdup(place.label);
    return BELONG_OK;
}

int peer_put(struct store *s, struct peer *p, struct diag *diag, struct diag *warnings,
             const char *file)
{
    int rc = peer_validate(p, diag, file);
    if (rc != BELONG_OK)
        return rc;
    (void)warnings; /* a home that cannot be placed is a problem now, no longer a warning */
    rc = peer_resolve_home(s, p, diag, file);
    return rc == BELONG_OK ? store_peer_put(s, p, belong_now()) : rc;
}

int peer_save(struct store *s, struct peer *p, struct diag *diag, struct diag *warnings,
              const char *file)
{
    int64_t id_before = p->id;
    int rc = store_begin(s);
    if (rc != BELONG_OK)
        return rc;
    rc = peer_put(s, p, diag, warnings, file);
    if (rc == BELONG_OK)
        rc = store_commit(s);
    if (rc != BELONG_OK) {
        store_rollback(s);
        p->id = id_before;
    }
    return rc;
}

int peer_update_in(struct store *s, const char *cps, int64_t id, peer_change_fn change, void *ctx,
                   struct peer *p, struct diag *diag, struct diag *warnings, const char *file)
{
    peer_init(p);
    int rc = store_peer_get(s, cps, id, p);
    if (rc == BELONG_OK) {
        size_t problems = diag->count;
        change(ctx, p, diag, warnings);
        if (diag->count > problems)
            rc = BELONG_EDATA;
    }
    return rc == BELONG_OK ? peer_put(s, p, diag, warnings, file) : rc;
}

int peer_update(struct store *s, const char *cps, int64_t id, peer_change_fn change, void *ctx,
                struct peer *p, struct diag *diag, struct diag *warnings, const char *file)
{
    peer_init(p);
    /* A write transaction from the start (BEGIN IMMEDIATE): no other write can come between
    ** the read and the write, so a concurrent edit of another field is kept. */
    int rc = store_begin(s);
    if (rc != BELONG_OK)
        return rc;
    rc = peer_update_in(s, cps, id, change, ctx, p, diag, warnings, file);
    if (rc == BELONG_OK)
        rc = store_commit(s);
    if (rc != BELONG_OK)
        store_rollback(s);
    return rc;
}

int peer_load(struct store *s, const char *cps, int64_t id, struct peer *p)
{
    return store_peer_get(s, cps, id, p);
}

int peer_archive(struct store *s, const char *cps, int64_t id, bool archived)
{
    return store_peer_set_archived(s, cps, id, archived, belong_now());
}
