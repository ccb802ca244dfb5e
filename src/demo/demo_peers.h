/* demo_peers.h — the fictional demo peers (data/demo/peers.json) added to the caseloads of the
** CPS handles `demo` and `demo2` by `belong demo`, through peer_put like any other profile.
*/
#ifndef BELONG_DEMO_PEERS_H
#define BELONG_DEMO_PEERS_H

#include <stddef.h>

#include "../store/store.h"
#include "../util/diag.h"

#define DEMO_PEERS_FILE "demo/peers.json"

/* Adds every demo peer, or updates the one of the same name in the same caseload (so running
** it again changes nothing), all in one transaction. path NULL means the data file. Returns 0;
** BELONG_ENOINPUT or BELONG_EDATA with the problems in diag (nothing written); a store error
** otherwise. OUT: *added and *updated (may be NULL). */
int demo_peers_add(struct store *s, const char *path, struct diag *diag, size_t *added,
                   size_t *updated);

#endif
