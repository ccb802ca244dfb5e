/* datadir.h — where belong's run-time data files (ZIP centroids, categories...) are found. */
#ifndef BELONG_DATADIR_H
#define BELONG_DATADIR_H

#include <stddef.h>

/* Writes the full path of data file `name` into out: $BELONG_DATA_DIR/name if that variable is
** set, else the data directory chosen at build time. Returns out. */
const char *data_file_path(const char *name, char *out, size_t outlen);

#endif
