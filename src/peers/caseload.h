/* caseload.h — what a CPS does with peer profiles: save (validated, home resolved, in one
** transaction), load, archive and restore; always within the CPS's own caseload.
**
** The CLI, the demo and later the web call these; none of them writes peers another way.
*/
#ifndef BELONG_CASELOAD_H
#define BELONG_CASELOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "../store/store.h"
#include "../util/diag.h"
#include "profile.h"

/* Fills p's home coordinates and label from its ZIP or town (data/zipcodes) when they are not
** set yet; a bare town name found in several states means the directory's state (s,
** home_state.h). A ZIP or town belong does not know is kept without coordinates, with a
** warning (distance cannot be checked then). Cannot fail. */
void peer_resolve_home(struct store *s, struct peer *p, struct diag *warnings, const char *file);

/* Validates p, resolves its home, then inserts it (p->id == 0; sets p->id) or replaces the
** stored profile p->id of p->cps, all in one transaction. Comfort changes are added to the
** history, dated belong_now(). Returns 0; BELONG_EDATA with every problem in diag and nothing
** written; BELONG_ENOINPUT when p->id is not in p->cps's caseload; a store error otherwise
** (store_errmsg says more). warnings may be NULL. */
int peer_save(struct store *s, struct peer *p, struct diag *diag, struct diag *warnings,
              const char *file);

/* Loads peer id of cps's caseload. OUT: *p (peer_free). BELONG_ENOINPUT when not there. */
int peer_load(struct store *s, const char *cps, int64_t id, struct peer *p);

/* Archives (archived = true) or restores a peer of cps's caseload. Archived peers are kept
** whole but left out of lists and matching. BELONG_ENOINPUT when not there. */
int peer_archive(struct store *s, const char *cps, int64_t id, bool archived);

#endif
