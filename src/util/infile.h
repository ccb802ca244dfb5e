/* infile.h — reading one input file whole, bounded: regular files only (never a FIFO, a device
** or a folder, which could block or never end), at most INPUT_MAX_BYTES (util/limits.h).
*/
#ifndef BELONG_INFILE_H
#define BELONG_INFILE_H

#include <stddef.h>

#include "diag.h"

/* Reads the file at path into *out (heap, NUL-terminated; the caller frees it) and its length
** into *len. label names the file in messages (NULL: path). Refuses, with a message, a file that
** does not exist (BELONG_ENOINPUT), is not a regular file or is larger than the limit
** (BELONG_EDATA), or cannot be read (BELONG_EIO). *out is NULL on error. */
int infile_read(const char *path, const char *label, char **out, size_t *len, struct diag *diag);
/* infile_read with another limit than INPUT_MAX_BYTES (CSV files: CSV_MAX_BYTES). */
int infile_read_max(const char *path, const char *label, long max_bytes, char **out, size_t *len,
                    struct diag *diag);

/* The length of a UTF-8 byte order mark at the start of data (3), else 0. */
size_t infile_bom(const char *data, size_t len);

#endif
