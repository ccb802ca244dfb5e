/* diag.h — collects problems found in input as `FILE:LINE: field: what is wrong` lines.
**
** Importers and validators report every problem they find into a struct diag instead of
** stopping at the first; the caller decides whether to print them and whether to write
** anything. A zeroed struct diag is ready to use; diag_free releases its text.
*/
#ifndef BELONG_DIAG_H
#define BELONG_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

struct diag {
    struct buf text; /* one problem a line, each ending in '\n' */
    size_t count;    /* problems reported so far */
};

/* Reports one problem. file may be NULL (then "-"), line 0 omits the line number, field may
** be NULL (then omitted). Control characters in the file name, field and message (e.g. a value
** with line breaks quoted from the input) are written as \n, \r, \t or \xNN, so one problem is
** always one line and input cannot send escapes to a terminal. Cannot fail. */
void diag_add(struct diag *d, const char *file, long line, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_print(const struct diag *d, FILE *out);
/* Renames the files of the problems reported from byte from of d's text on: a problem whose
** file name begins with prefix begins with label instead (its control characters made visible
** as diag_add does). For files read from a temporary copy, e.g. an unpacked archive, to be named
** as the user knows them. Cannot fail. */
void diag_rename(struct diag *d, size_t from, const char *prefix, const char *label);
void diag_free(struct diag *d);

#endif
