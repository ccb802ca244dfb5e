/* catalog_spool.h — an import's records kept on disk while it runs (a staging file, store/
** staging.h), so that an import's memory does not grow with its source: a record, with its
** expanded occurrences, as bytes and back. The bytes are read back by the same process only.
*/
#ifndef BELONG_CATALOG_SPOOL_H
#define BELONG_CATALOG_SPOOL_H

#include <stddef.h>

#include "../util/buf.h"
#include "catalog.h"

/* Appends record r and its occurrences occ[0..n_occ) to out. Cannot fail. */
void catalog_spool_encode(const struct import_record *r, const struct occurrence *occ, size_t n_occ,
                          struct buf *out);
/* Reads a record written by catalog_spool_encode into *r (zeroed first; free it with
** import_record_free) and its occurrences (OUT: *occ, heap, and *n_occ; occ may be NULL when
** they are not wanted). Returns 0, or BELONG_EINTERNAL when the bytes are not such a record. */
int catalog_spool_decode(const void *data, size_t len, struct import_record *r,
                         struct occurrence **occ, size_t *n_occ);

#endif
