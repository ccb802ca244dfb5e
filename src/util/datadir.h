/* datadir.h — where belong's run-time data files (ZIP centroids, categories...) are found. */
#ifndef BELONG_DATADIR_H
#define BELONG_DATADIR_H

#include <stddef.h>

/* Writes the full path of data file `name` into out: $BELONG_DATA_DIR/name if that variable is
** set, else in the source tree's data/ when it exists (a build used in place), else in the
** installed copy (PREFIX/share/belong). Returns out. Not thread-safe on its first call. */
const char *data_file_path(const char *name, char *out, size_t outlen);

#endif
