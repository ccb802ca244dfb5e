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

/* Opens the database at path a second time, read-only, as a reader beside the test's writer
** (a worker of `belong serve`). Returns the store, or NULL with the reason on stderr. */
static inline struct store *fixture_store_reader(const char *path)
{
    struct store *s = NULL;
    char err[256];
    if (store_open_as(path, STORE_READ, NULL, &s, err, sizeof err) != BELONG_OK) {
        fprintf(stderr, "fixture: %s\n", err);
        store_close(s);
        return NULL;
    }
    return s;
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
