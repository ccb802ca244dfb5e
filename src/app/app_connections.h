/* app_connections.h — the people a peer met: add one, change it (every change appended to its
** history), end it (lost touch: a state with a date, never a deletion) and list them as they
** were on a day, always for a peer of the acting CPS's (app->cps) own caseload.
*/
#ifndef BELONG_APP_CONNECTIONS_H
#define BELONG_APP_CONNECTIONS_H

#include "../engagement/connection.h"
#include "app.h"

/* What a face asks for. Strings are borrowed; NULL (0 for numbers) means not given. */
struct app_connection_request {
    const char *name;         /* add: a first name or initials (required) */
    const char *relationship; /* add: required; edit: the new one */
    const char *closeness;    /* add: required, 1-5 as typed; edit: the new one */
    int64_t met_activity_id;  /* add: the listing where they met, or 0 */
    const char *met_place;    /* add: a place not in the directory, or NULL */
    const char *date;         /* YYYY-MM-DD: add, the day met; edit, the day of the change; NULL:
                                 today */
    const char *last_contact; /* YYYY-MM-DD: add, default the day met; edit, default kept */
};

/* Adds a connection to peer peer_id (current, of the caseload) in one write transaction.
** Refuses with BELONG_EDATA, naming the field and writing nothing: a name that is not a first
** name or initials (saying why: the privacy of someone who never agreed to be recorded), an
** unknown relationship, a closeness not 1-5, an activity not in the directory, a place that is
** not plain text, a date not real or in the future, a last contact before the day met;
** BELONG_EUSAGE for both an activity and a place; BELONG_ENOINPUT for a peer not in the
** caseload or archived. OUT: *out (connection_free) on success. */
int app_connection_add(struct app *app, int64_t peer_id, const struct app_connection_request *req,
                       struct connection *out, struct app_error *err);

/* Appends a change (relationship, closeness, last contact: what req gives, the rest kept) to
** connection id, in one write transaction. Refuses (BELONG_EDATA, nothing written) what add
** refuses, nothing to change, a change dated before the connection's last one, and a
** connection that ended; BELONG_ENOINPUT when id is not a connection of a current peer of the
** caseload. OUT: *out, with its whole history. */
int app_connection_edit(struct app *app, int64_t id, const struct app_connection_request *req,
                        struct connection *out, struct app_error *err);

/* Ends connection id (lost touch) on date (NULL: today): appended to its history, in one write
** transaction. Refuses as app_connection_edit (an ended one, a date before its last change).
** OUT: *out. */
int app_connection_end(struct app *app, int64_t id, const char *date, struct connection *out,
                       struct app_error *err);

/* The connections of peer peer_id (of the caseload; archived too) met on or before as_of
** (YYYY-MM-DD, checked as a record's date; NULL: today), in the order met, each with its whole
** history (connection_as_of gives its state that day). OUT: *out (connections_free), *n, and
** the day used in as_of_out. */
int app_connection_list(struct app *app, int64_t peer_id, const char *as_of,
                        struct connection **out, size_t *n, char as_of_out[11],
                        struct app_error *err);

#endif
