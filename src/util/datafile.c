/* datafile.c — the line reader for belong's data files (see datafile.h). */
#include "datafile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "datadir.h"
#include "rc.h"

int datafile_read(const char *path, const char *default_name, datafile_line_fn fn, void *ctx,
                  struct diag *diag)
{
    char default_path[4096];
    if (!path)
        path = data_file_path(default_name, default_path, sizeof default_path);
    FILE *f = fopen(path, "r");
    if (!f) {
        diag_add(diag, path, 0, NULL, "cannot open: %s", strerror(errno));
        return BELONG_ENOINPUT;
    }
    int rc = BELONG_OK;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long line_no = 0;
    while ((got = getline(&line, &cap, f)) >= 0) {
        line_no++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        const char *why = fn(ctx, line);
        if (why) {
            diag_add(diag, path, line_no, NULL, "%s", why);
            rc = BELONG_EDATA;
        }
    }
    if (ferror(f)) {
        diag_add(diag, path, 0, NULL, "read error");
        rc = BELONG_EIO;
    }
    free(line);
    fclose(f);
    return rc;
}
