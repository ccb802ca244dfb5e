/* staging.h — a scratch store for a reader's rows: a private temporary SQLite file (deleted
** when closed, never the directory's database) holding tables of string rows numbered by their
** reader, an index by each table's first value (its id) where asked, and parent -> child links.
** An importer stages a source's rows here instead of in memory, so that its memory does not
** grow with the source. It knows nothing of what the rows mean. Not for concurrent use.
*/
#ifndef BELONG_STAGING_H
#define BELONG_STAGING_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/staged_row.h" /* struct staging_row */

struct staging;

/* Opens a new scratch store of n_tables tables; table t has n_values[t] values a row and an
** index by its first value when indexed[t]; SQLite keeps up to cache_kib KiB of it in memory.
** Returns 0, or BELONG_EIO with the reason in err. OUT: *out, closed with staging_close. */
int staging_open(struct staging **out, int n_tables, const int *n_values, const bool *indexed,
                 int cache_kib, char *err, size_t errlen);
/* Closes and deletes the scratch file. NULL is allowed. */
void staging_close(struct staging *st);
/* The last error's text (owned by st). */
const char *staging_errmsg(const struct staging *st);

/* Writes row number n of table t (replacing a row of that number). Returns 0 or BELONG_EIO. */
int staging_put(struct staging *st, int t, size_t n, const struct staging_row *row);
/* Reads row n of table t. Returns 0 (OUT: *row; its strings are owned by st and valid until
** the next staging_get or staging_put of that table), BELONG_ENOINPUT when there is no such row, or
** BELONG_EIO. */
int staging_get(struct staging *st, int t, size_t n, struct staging_row *row);
/* The lowest-numbered row of indexed table t whose first value is id. Returns 0 (OUT: *n, or
** *found false) or BELONG_EIO. */
int staging_find(struct staging *st, int t, const char *id, bool *found, size_t *n);
/* The rows of table t found wrong (problems or rejected). Returns 0 or BELONG_EIO. OUT: *count */
int staging_count_flagged(struct staging *st, int t, long *count);

/* Links child to parent under kind (a small number the caller chooses). Returns 0 or
** BELONG_EIO. */
int staging_link(struct staging *st, int kind, size_t parent, size_t child);
/* Calls each(ctx, child) for every child linked to parent under kind, lowest first. Returns 0
** or BELONG_EIO. */
int staging_children(struct staging *st, int kind, size_t parent,
                     void (*each)(void *ctx, size_t child), void *ctx);

/* Keeps a blob (a record, as its writer encodes it) under key, replacing one there. Returns 0
** or BELONG_EIO. */
int staging_blob_put(struct staging *st, size_t key, const void *data, size_t len);
/* The blob under key. Returns 0 (OUT: *data owned by st, valid until the next staging_blob_get,
** and *len), BELONG_ENOINPUT when there is none, or BELONG_EIO. */
int staging_blob_get(struct staging *st, size_t key, const void **data, size_t *len);

#endif
