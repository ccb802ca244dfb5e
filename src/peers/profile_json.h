/* profile_json.h — a peer profile to and from JSON (jansson): the shape documented in
** docs/peers.md, shared by `belong peer --json`, the demo and later the web API.
*/
#ifndef BELONG_PROFILE_JSON_H
#define BELONG_PROFILE_JSON_H

#include <jansson.h>

#include "../util/diag.h"
#include "profile.h"

/* A new JSON object for p, read-only fields (id, cps, home_label, comfort_history...)
** included. The caller owns it (json_decref). tzid names the zone for dates (NULL = default).
** Cannot fail. */
json_t *peer_to_json(const struct peer *p, const char *tzid);

/* Applies the fields present in obj to p: a present field replaces the stored one whole (a
** list too); absent fields are kept; read-only fields are ignored; an unknown key is refused.
** "version" is the version of the profile the object was read from (peer_to_json): for a
** stored p (p->id set) it must equal p->version, else the copy is stale and is refused
** (problem "version"); so p must be read in the same write transaction it is saved in.
** Problems go to diag as `FILE: FIELD: what is wrong`, notes to warnings (may be NULL).
** Returns 0 or BELONG_EDATA; on error p may be partly changed and must not be saved. */
int peer_from_json(const json_t *obj, struct peer *p, struct diag *diag, struct diag *warnings,
                   const char *file);

#endif
