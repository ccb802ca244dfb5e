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

/* Fills p's home coordinates and label from its ZIP or town (data/zipcodes, read as
** place_resolve reads it) when they are not set yet; a bare town name found in several states
** means the directory's state (s, home_state.h). Returns 0; BELONG_EDATA when the home cannot
** be placed (an unknown ZIP code or town, with the towns spelt nearest to it), or BELONG_EIO
** when the ZIP code list cannot be read; either is reported to diag under the field "home". */
int peer_resolve_home(struct store *s, struct peer *p, struct diag *diag, const char *file);

/* Validates p, resolves its home, then inserts it (p->id == 0; sets p->id) or replaces the
** stored profile p->id of p->cps, all in one transaction. Comfort changes are added to the
** history, dated belong_now(). Returns 0; BELONG_EDATA with every problem in diag and nothing
** written; BELONG_ENOINPUT when p->id is not in p->cps's caseload; a store error otherwise
** (store_errmsg says more). warnings may be NULL. */
int peer_save(struct store *s, struct peer *p, struct diag *diag, struct diag *warnings,
              const char *file);

/* peer_save's work inside a write transaction the caller holds (store_begin), for several
** profiles written as one: validates p, resolves its home, inserts or replaces it. Same
** results as peer_save; on error the caller rolls back. */
int peer_put(struct store *s, struct peer *p, struct diag *diag, struct diag *warnings,
             const char *file);

/* How a caller of peer_update changes a profile: p is the profile as stored now; problems go
** to diag (then nothing is written), notes to warnings (may be NULL). */
typedef void (*peer_change_fn)(void *ctx, struct peer *p, struct diag *diag, struct diag *warnings);

/* Reads peer id of cps's caseload, lets change edit it, validates it, resolves its home and
** writes it back, all in one write transaction that holds the write lock from before the read
** (so two edits of one profile at once both take effect, one after the other). Returns 0;
** BELONG_EDATA with every problem in diag and nothing written; BELONG_ENOINPUT when id is not
** in cps's caseload; BELONG_EBUSY when another writer held the lock too long; another store
** error otherwise (store_errmsg says more). OUT: *p, the profile as written (or as far as it
** got); the caller frees it with peer_free whatever the result. */
int peer_update(struct store *s, const char *cps, int64_t id, peer_change_fn change, void *ctx,
                struct peer *p, struct diag *diag, struct diag *warnings, const char *file);

/* peer_update's work inside a write transaction the caller holds (store_begin), so that the
** caller may write more in it (its audit row); on error the caller rolls back. */
int peer_update_in(struct store *s, const char *cps, int64_t id, peer_change_fn change, void *ctx,
                   struct peer *p, struct diag *diag, struct diag *warnings, const char *file);

/* Loads peer id of cps's caseload. OUT: *p (peer_free). BELONG_ENOINPUT when not there. */
int peer_load(struct store *s, const char *cps, int64_t id, struct peer *p);

/* Archives (archived = true) or restores a peer of cps's caseload. Archived peers are kept
** whole but left out of lists and matching. BELONG_ENOINPUT when not there. */
int peer_archive(struct store *s, const char *cps, int64_t id, bool archived);

#endif
