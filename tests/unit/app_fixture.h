/* app_fixture.h — an operations context on a throw-away database holding the demo catalogue
** (store_fixture.h), for the unit tests of src/app/. Header-only; include it from one test file
** each.
*/
#ifndef BELONG_TEST_APP_FIXTURE_H
#define BELONG_TEST_APP_FIXTURE_H

#include "../../src/app/app_directory.h"
#include "../../src/demo/demo.h"
#include "store_fixture.h"

/* Makes path (a template ending in XXXXXX) a new database opened in *app, with "now" pinned to
** FIXTURE_NOW, acting as CPS "maria", and the demo catalogue imported. Returns 0 or -1. */
static inline int fixture_demo_app(struct app *app, char *path)
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

#endif
