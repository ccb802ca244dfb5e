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

#include "../directory/home_state.h"
#include "../util/rc.h"
#include "../util/timeutil.h"

struct store;
struct peer;

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
    /* The state a bare town means (app_place_resolve): found once per directory version, so a
    ** server's worker does not tally the directory at every town searched. */
    struct home_state home;
    struct place_prefer home_prefer;
    int64_t home_version;
    const char *origin;   /* where the acting user is, for the audit trail: the web client's
                          ** address (borrowed), or NULL for "cli" */
    size_t bulk_listings; /* set by the face before app_open for an import (its records) or a
                          ** refresh (APP_BULK_ALL): the connection is tuned for bulk writes */
    int64_t audit_held;   /* not 0: an export or a page of this peer is audited once (as
                          ** "peer.export", "peer.show"); the reads it is made of (app_audit_note,
                          ** ok) add no row of their own (app_audit_hold) */
    const struct peer *held_peer; /* a page's peer (app_peer_view_hold): its views take this
                                  ** copy, checked and audited once (borrowed), or NULL */
    /* A change (or export, or erasure) of a peer that app_peer_access allowed and whose audit
    ** row is not written yet: "ok" inside the change's own transaction (app_write_end), else
    ** "invalid" or "failed" when the operation ends without doing it (app_change_end). */
    struct {
        const char *operation; /* static text, e.g. "visit.add" */
        int64_t peer_id;       /* 0: none yet (a peer being added) */
        bool pending;
    } change;
};

#define APP_BULK_ALL ((size_t)-1) /* bulk_listings: every listing (a refresh) */

/* Why an operation refused or failed: a sysexits status (util/rc.h), the request field at fault
** (or NULL) and one line saying what is wrong, without a leading program name. */
struct app_error {
    int status;
    const char *field; /* static text, e.g. "--category" or "ID", or NULL */
    const char *code;  /* static text a face tells refusals of one status apart by, or NULL:
                       ** APP_CODE_ARCHIVED (66: a peer of one's own caseload, archived) */
    char message[512];
};
#define APP_CODE_ARCHIVED "archived"

/* Sets the clock (belong_now) and the zone; store and cps are left as they are. */
void app_context_init(struct app *app);

/* Opens the database at path (NULL: $BELONG_DB, else the XDG default) for access, once; a
** context already open is left as it is. A write waits for another command's lock up to
** $BELONG_BUSY_TIMEOUT seconds (0 to 86400; default 60; another value: BELONG_EUSAGE), then
** fails with BELONG_EBUSY; busy_notice (may be NULL) is called when it has waited a second.
** app->bulk_listings tunes the connection for bulk writes. Returns 0 or a status with err. */
int app_open(struct app *app, const char *path, enum app_access access,
             void (*busy_notice)(const char *path, int timeout_s), struct app_error *err);
/* Closes the database, if open. Cannot fail. */
void app_close(struct app *app);

/* With on, the contexts of this process share one in-memory copy of the directory's listings
** (store_listings_share): for a server whose workers each have a context. Call it before the
** contexts open and after they are closed. Cannot fail. */
void app_share_listings(bool on);

/* Fills err (status, field, printf message) and returns status. */
int app_fail(struct app_error *err, int status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The failure of a store call rc: err says the store's own message. Returns rc. */
int app_store_fail(const struct app *app, struct app_error *err, int rc);
/* Peer id of the acting caseload is archived, so its records take no change (nor the reads
** that say so): BELONG_ENOINPUT, err->code APP_CODE_ARCHIVED, field "PEER", "peer N is archived
** (belong peer archive N --restore brings them back)". Returns BELONG_ENOINPUT. */
int app_peer_archived(struct app_error *err, int64_t id);
/* A peer id not found in app->cps's caseload: BELONG_ENOINPUT with "no such peer ID in caseload
** CPS", so that a CPS working in another caseload by mistake sees which one was used. field is
** the request field that named the peer ("ID", "PEER", "--peer"). Returns BELONG_ENOINPUT. */
int app_no_such_peer(const struct app *app, struct app_error *err, const char *field, int64_t id);

/* Ends the write transaction an operation began with store_begin: commits when rc is 0 (a
** failed commit goes into err), else rolls back (err already says why). A change of a peer
** allowed and not yet audited (app->change) gets its "ok" audit row in that transaction, just
** before the commit, so that a change rolled back leaves none. Returns the status. */
int app_write_end(struct app *app, int rc, struct app_error *err);

/* Runs the operations called between app_batch_begin and app_batch_end in one transaction: each
** operation's own write becomes a part of it, and app_batch_end commits them all when rc is 0,
** else undoes them all (a failure leaves nothing). Not inside another operation. Returns 0 or a
** status with err; app_batch_end returns rc when it is not 0. */
int app_batch_begin(struct app *app, struct app_error *err);
int app_batch_end(struct app *app, int rc, struct app_error *err);

/* The day of a record (a measure, a connection's change): text (YYYY-MM-DD, a real date, not
** after today in app->tz) or, when NULL, today. Refuses with BELONG_EDATA naming field
** ("--date"). OUT: out (YYYY-MM-DD). */
int app_record_date(const struct app *app, const char *text, const char *field, char out[11],
                    struct app_error *err);

/* Which days a request's date may name (app_day). */
enum app_day_rule {
    APP_DAY_NOT_FUTURE, /* today or before: what happened (a measure, a visit) */
    APP_DAY_NOT_PAST,   /* today or after: what is planned */
};
/* Reads text as a day YYYY-MM-DD (a real date) allowed by rule, today being app->now in
** app->tz; text NULL means today. Returns 0 (OUT: out, YYYY-MM-DD) or BELONG_EDATA with err
** naming field, the value and today. */
int app_day(const struct app *app, const char *field, const char *text, enum app_day_rule rule,
            char out[11], struct app_error *err);
/* Free text a face gives for the record (a note, a reason, the peer's words): NULL, or fit to
** keep (util/text.h: UTF-8, no control characters, at most PEER_TEXT_MAX bytes). Returns 0 or
** BELONG_EDATA with err naming field. */
int app_text_check(const char *field, const char *text, struct app_error *err);
/* Today in app->tz. */
struct civil_date app_today(const struct app *app);

/* ---- the key that seals the sensitive peer fields (keys.c; docs/privacy.md) ---- */

/* The key file for every database opened from now on (--key FILE); NULL: $BELONG_KEY_FILE,
** else the database's path followed by ".key". */
void app_key_file(const char *path);
/* Rotates the key of the open database (app_open with APP_WRITE first): a new key version,
** every sealed value sealed again with it in one transaction, the old versions then dropped
** from the key file. OUT: *version. Returns 0 or the store's error in err. */
int app_key_rotate(struct app *app, unsigned *version, struct app_error *err);

#endif
