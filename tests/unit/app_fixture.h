/* app_fixture.h — an operations context on a throw-away demo database for unit tests: the demo
** catalogue imported through app_import, "now" pinned. Header-only; include it from one test
** file each, with store_fixture.h.
*/
#ifndef BELONG_TEST_APP_FIXTURE_H
#define BELONG_TEST_APP_FIXTURE_H

#include "../../src/app/app_directory.h"
#include "../../src/demo/demo.h"
#include "store_fixture.h"

/* Makes path (a template ending in XXXXXX, rewritten in place) a new database holding the demo
** catalogue, open in app, acting as CPS "maria". Returns 0, or -1 when it cannot (or the demo has
*100 listings or
** fewer). Remove it with fixture_store_remove(app->store, path). */
static inline int fixture_demo_app(char *path, struct app *app)
{
    setenv("BELONG_NOW", FIXTURE_NOW, 1);
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    app_context_init(app);
    struct app_error err;
    if (app_open(app, path, APP_CREATE, NULL, &err) != BELONG_OK)
        return -1;
    app->cps = "maria";
    struct import_batch b = {0};
    struct diag d = {0};
    struct import_stats stats = {0};
    int rc = demo_build(&b, app->now, &d);
    if (rc == BELONG_OK)
        rc = app_import(app, &b, NULL, &d, &stats, &err);
    import_batch_free(&b);
    diag_free(&d);
    return rc == BELONG_OK && stats.activities > 100 ? 0 : -1;
}

/* Closes app's store and removes its database at path (and its -wal, -shm); app->store is NULL
** after. */
static inline void fixture_app_remove(struct app *app, const char *path)
{
    struct store *s = app->store;
    app->store = NULL;
    fixture_store_remove(s, path);
}

#endif
