/* app_backup.h — backing up and restoring the whole database (backup.c): the operations behind
** `belong backup` and `belong restore`, each audited. See docs/privacy.md, "Backups".
*/
#ifndef BELONG_APP_BACKUP_H
#define BELONG_APP_BACKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

/* Copies the open database, as of one commit, into the new file path (mode 0600; an existing
** file only when replace), while other commands and the server go on; the copy is checked
** sound. Audited ("backup"). Returns 0 or a status with err (field "FILE"): BELONG_EUSAGE when
** path exists (without replace) or is the database, BELONG_EBUSY, BELONG_EIO. */
int app_backup(struct app *app, const char *path, bool replace, struct app_error *err);

/* Replaces the open database's whole content with the backup at path, in one step, after
** checking it is a sound belong database no newer than this build; a file refused changes
** nothing but the audit trail (a refused "restore" row). The audit rows written since the
** backup was made are kept (OUT: *audit_kept), and the restore is audited. Returns 0 or a
** status with err (field "FILE"): BELONG_ENOINPUT, BELONG_EDATA, BELONG_EUSAGE, BELONG_EBUSY,
** BELONG_EIO. */
int app_restore(struct app *app, const char *path, size_t *audit_kept, struct app_error *err);

#endif
