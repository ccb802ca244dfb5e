/* app.h — the operations layer: each thing a user can do is one function here, called by every
** face (the CLI today, the web next) with a context and request values. An operation checks its
** request, runs in one transaction where it writes, and returns a domain result or an app_error.
**
** Faces include this header and the area headers (app_directory.h, app_peers.h,
** app_matching.h); they never include the store. See docs/architecture.md.
*/
#ifndef BELONG_APP_H
#define BELONG_APP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "../util/rc.h"

struct store;

/* How an operation needs the database (app_open). */
enum app_access {
    APP_READ,   /* only reads: the file must exist; opened read-only */
    APP_WRITE,  /* changes an existing database */
    APP_CREATE, /* may create the file (and belong's own default folder) */
};

/* The context of every operation. A zeroed struct app with app_context_init applied is ready;
** app_open gives it its store. */
struct app {
    struct store *store; /* the open database, or NULL until app_open; owned (app_close) */
    const char *cps;     /* the acting CPS's handle (borrowed), or NULL when not known */
    time_t now;          /* the clock: belong_now() (BELONG_NOW pins it) */
    const char *tz;      /* the zone dates without one are read in, or NULL: BELONG_DEFAULT_TZ */
    const char *origin;  /* where the acting user is, for the audit trail: the web client's
                         ** address (borrowed), or NULL for "cli" */
};

/* Why an operation refused or failed: a sysexits status (util/rc.h), the request field at fault
** (or NULL) and one line saying what is wrong, without a leading program name. */
struct app_error {
    int status;
    const char *field; /* static text, e.g. "--category" or "ID", or NULL */
    char message[512];
};

/* Sets the clock (belong_now) and the zone; store and cps are left as they are. */
void app_context_init(struct app *app);

/* Opens the database at path (NULL: $BELONG_DB, else the XDG default) for access, once; a
** context already open is left as it is. busy_notice (may be NULL) is called when a write waits
** for another command's lock. Returns 0 or a status with err. */
int app_open(struct app *app, const char *path, enum app_access access,
             void (*busy_notice)(const char *path, int timeout_s), struct app_error *err);
/* Closes the database, if open. Cannot fail. */
void app_close(struct app *app);

/* Fills err (status, field, printf message) and returns status. */
int app_fail(struct app_error *err, int status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The failure of a store call rc: err says the store's own message. Returns rc. */
int app_store_fail(const struct app *app, struct app_error *err, int rc);

#endif
