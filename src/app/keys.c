/* keys.c — the operations on the key that seals the sensitive peer fields: where it is, and
** its rotation (the store seals and opens; docs/privacy.md). */
#include <stdint.h>

#include "../store/store.h"
#include "app.h"

void app_key_file(const char *path)
{
    store_key_file_set(path);
}

int app_key_rotate(struct app *app, unsigned *version, struct app_error *err)
{
    uint32_t v = 0;
    int rc = store_key_rotate(app->store, &v);
    *version = v;
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}
