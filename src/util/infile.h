/* infile.h — reading one input file whole, bounded: regular files only (never a FIFO, a device
** or a folder, which could block or never end), at most INPUT_MAX_BYTES (util/limits.h).
*/
#ifndef BELONG_INFILE_H
#define BELONG_INFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "diag.h"

/* Reads the file at path into *out (heap, NUL-terminated; the caller frees it) and its length
** into *len. label names the file in messages (NULL: path). Refuses, with a message, a file that
** does not exist (BELONG_ENOINPUT), is not a regular file or is larger than the limit
** (BELONG_EDATA), or cannot be read (BELONG_EIO). *out is NULL on error. */
int infile_read(const char *path, const char *label, char **out, size_t *len, struct diag *diag);
/* infile_read with another limit than INPUT_MAX_BYTES (CSV files: CSV_MAX_BYTES). */
int infile_read_max(const char *path, const char *label, long max_bytes, char **out, size_t *len,
                    struct diag *diag);

/* The checks of infile_read_max without the reading, for a reader that reads in parts (csv.c):
** opens path and checks it is a regular file within max_bytes, with the same messages. OUT: *fd
** (the caller closes it) and the file's size when opened. */
int infile_open_max(const char *path, const char *label, long max_bytes, int *fd, long long *size,
                    struct diag *diag);
/* read(2) of up to n bytes, retried on EINTR; a failure is reported ("cannot read") and gives
** -1. Returns the bytes read, 0 at the end. */
ssize_t infile_read_some(int fd, const char *label, char *to, size_t n, struct diag *diag);
/* Reports a file found larger than max_bytes while it was read (it grew after it was opened). */
void infile_too_large(const char *label, long max_bytes, struct diag *diag);

/* The length of a UTF-8 byte order mark at the start of data (3), else 0. */
size_t infile_bom(const char *data, size_t len);

#endif
