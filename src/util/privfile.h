/* privfile.h — writing a file only its owner can read (exports of a peer's data), atomically. */
#ifndef BELONG_PRIVFILE_H
#define BELONG_PRIVFILE_H

#include <stddef.h>

/* Writes len bytes to path with mode 0600: into a new temporary file beside it, flushed to disk,
** then renamed over path. A symbolic link at path is replaced, never followed; a file without
** its owner's write bit (0400) is refused, never replaced; on any failure path is left as it
** was. Returns 0, or BELONG_EIO with the reason in err. */
int write_private_file(const char *path, const char *data, size_t len, char *err, size_t errlen);

/* Whether write_private_file could write path now: the same refusal of a read-only file, and a
** temporary file created beside it and removed. For a command that must know before it does
** something it cannot undo (an export audited as made). Returns 0, or BELONG_EIO with err. */
int private_file_check(const char *path, char *err, size_t errlen);

#endif
