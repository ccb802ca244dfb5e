/* store_fixture.h — a throw-away database for unit tests: created in /tmp with "now" pinned,
** removed with its WAL files afterwards. Header-only; include it from one test file each.
*/
#ifndef BELONG_TEST_STORE_FIXTURE_H
#define BELONG_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../src/store/store.h"
#include "../../src/util/rc.h"

#define FIXTURE_NOW "2026-12-01T09:00" /* a Tuesday */

/* Makes path (a template ending in XXXXXX, rewritten in place) a new, migrated database with
** BELONG_NOW set to FIXTURE_NOW. Returns 0 or a BELONG_E* code. OUT: *store. */
static inline int fixture_store_open(char *path, struct store **store)
{
    setenv("BELONG_NOW", FIXTURE_NOW, 1);
    int fd = mkstemp(path);
    if (fd < 0)
        return BELONG_EIO;
    close(fd);
    char err[256];
    int rc = store_open(path, store, err, sizeof err);
    if (rc != BELONG_OK)
        fprintf(stderr, "fixture: %s\n", err);
    return rc;
}

/* Closes the store (may be NULL) and removes the database, its -wal and -shm files and its key
** file. */
static inline void fixture_store_remove(struct store *store, const char *path)
{
    store_close(store);
    char extra[512];
    unlink(path);
    snprintf(extra, sizeof extra, "%s-wal", path);
    unlink(extra);
    snprintf(extra, sizeof extra, "%s-shm", path);
    unlink(extra);
    snprintf(extra, sizeof extra, "%s.key", path);
    unlink(extra);
}

#endif
