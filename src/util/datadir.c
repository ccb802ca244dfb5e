/* datadir.c — locating run-time data files (see datadir.h). */
#include "datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#ifndef BELONG_DATA_DIR
#define BELONG_DATA_DIR "data"
#endif
#ifndef BELONG_INSTALLED_DATA_DIR
#define BELONG_INSTALLED_DATA_DIR BELONG_DATA_DIR
#endif

/* The source tree's data folder while it exists (a build run in place), else the installed
** copy (meson install), decided once. */
static const char *built_in_data_dir(void)
{
    static const char *dir;
    if (!dir) {
        struct stat st;
        dir = stat(BELONG_DATA_DIR, &st) == 0 && S_ISDIR(st.st_mode) ? BELONG_DATA_DIR
                                                                     : BELONG_INSTALLED_DATA_DIR;
    }
    return dir;
}

const char *data_file_path(const char *name, char *out, size_t outlen)
{
    const char *dir = getenv("BELONG_DATA_DIR");
    snprintf(out, outlen, "%s/%s", dir && *dir ? dir : built_in_data_dir(), name);
    return out;
}
