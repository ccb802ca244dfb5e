/* datafile.h — reading belong's line-oriented data files (tab-separated, '#' comments), such
** as data/categories.tsv, data/concepts.tsv and data/values_categories.tsv.
*/
#ifndef BELONG_DATAFILE_H
#define BELONG_DATAFILE_H

#include "diag.h"

/* Handles one line (its newline removed; the buffer may be modified). Returns NULL when the
** line is fine, else a short message saying what is wrong with it. */
typedef const char *(*datafile_line_fn)(void *ctx, char *line);

/* Calls fn for every line of the file that is neither empty nor a comment. The file is path,
** or when path is NULL the data file default_name (see datadir.h). A rejected line is reported
** to diag as PATH:LINE: message, and reading goes on, so that every bad line is listed.
** Returns 0; BELONG_ENOINPUT when the file cannot be opened; BELONG_EDATA when fn rejected a
** line; BELONG_EIO on a read error. */
int datafile_read(const char *path, const char *default_name, datafile_line_fn fn, void *ctx,
                  struct diag *diag);

#endif
