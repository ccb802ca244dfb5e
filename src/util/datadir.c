/* datadir.c — locating run-time data files (see datadir.h). */
#include "datadir.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef BELONG_DATA_DIR
#define BELONG_DATA_DIR "data"
#endif

const char *data_file_path(const char *name, char *out, size_t outlen)
{
    const char *dir = getenv("BELONG_DATA_DIR");
    snprintf(out, outlen, "%s/%s", dir && *dir ? dir : BELONG_DATA_DIR, name);
    return out;
}
