/* backup.c — the operations `belong backup` and `belong restore`: a copy of the whole database
** made while it is in use, and the whole database put back from one, each written to the audit
** trail (the store does the copying and checking: store_backup, store_restore).
*/
#include "app_backup.h"

#include "../store/store.h"
#include "app_accounts.h"

int app_backup(struct app *app, const char *path, bool replace, struct app_error *err)
{
    char msg[512];
    int rc = store_backup(app->store, path, replace, msg, sizeof msg);
    if (rc != BELONG_OK)
        return app_fail(err, rc, "FILE", "%s", msg);
    return app_audit_note(app, "backup", 0, true, err);
}

int app_restore(struct app *app, const char *path, size_t *audit_kept, struct app_error *err)
{
    char msg[512];
    int rc = store_restore(app->store, path, audit_kept, msg, sizeof msg);
    if (rc != BELONG_OK) {
        app_fail(err, rc, "FILE", "%s", msg);
        struct app_error audit_err;
        if (rc != BELONG_EBUSY) /* a busy database cannot take the row either */
            app_audit_note(app, "restore", 0, false, &audit_err);
        return rc;
    }
    return app_audit_note(app, "restore", 0, true, err);
}
