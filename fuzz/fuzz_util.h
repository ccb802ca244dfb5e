/* fuzz_util.h — small helpers the libFuzzer harnesses share: a private scratch folder in
** /dev/shm (or $TMPDIR), writing the fuzz input to a file there, and splitting an input at NUL
** bytes into parts.
*/
#ifndef BELONG_FUZZ_UTIL_H
#define BELONG_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The scratch folder, created on first use and kept for the life of the process (removed at
** exit). Aborts when it cannot be created: a harness cannot run without it. */
const char *fuzz_scratch_dir(void);

/* Writes bytes[0..len) to DIR/name (replacing it). Aborts on failure. OUT: the full path in
** path (path_len bytes). */
void fuzz_write_file(const char *name, const uint8_t *bytes, size_t len, char *path,
                     size_t path_len);

/* Removes DIR/name if it exists. Cannot fail. */
void fuzz_remove_file(const char *name);

/* Splits bytes at NUL bytes into at most max_parts NUL-terminated heap strings (the last part
** takes the rest, NULs included, cut at its first NUL). OUT: parts[0..*n_parts), each freed
** by fuzz_parts_free. */
void fuzz_split(const uint8_t *bytes, size_t len, char **parts, size_t max_parts, size_t *n_parts);
void fuzz_parts_free(char **parts, size_t n_parts);

/* A heap copy of bytes[0..len) with a NUL after it (the caller frees). */
char *fuzz_strndup(const uint8_t *bytes, size_t len);

#endif
