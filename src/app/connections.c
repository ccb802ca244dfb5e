/* connections.c — the connections' operations (app_connections.h): the checks of a request
** (name, relationship, closeness, where met, dates, the peer in the caseload), each write in
** one transaction, and the list as of a day.
*/
#include "app_connections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../util/buf.h"
#include "../util/number.h"
#include "../util/text.h"
#include "app_peers.h"

/* The relationship typed as text, into ch. */
static int check_relationship(const char *text, struct connection_change *ch, struct app_error *err)
{
    const char *r = connection_relationship_find(text);
    if (r) {
        snprintf(ch->relationship, sizeof ch->relationship, "%s", r);
        return BELONG_OK;
    }
    struct buf known = {0};
    for (size_t i = 0; i < connection_relationship_count; i++)
        buf_printf(&known, "%s%s", i ? ", " : "", connection_relationships[i]);
    app_fail(err, BELONG_EDATA, "--relationship", "--relationship: '%s' is not one of: %s", text,
             buf_str(&known));
    buf_free(&known);
    return BELONG_EDATA;
}

/* The closeness typed as text, into ch. */
static int check_closeness(const char *text, struct connection_change *ch, struct app_error *err)
{
    long v;
    if (!parse_whole(text, CONNECTION_CLOSENESS_MIN, CONNECTION_CLOSENESS_MAX, &v))
        return app_fail(err, BELONG_EDATA, "--closeness",
                        "--closeness: '%s' is not a whole number from %d (not close) to %d "
                        "(very close)",
                        text, CONNECTION_CLOSENESS_MIN, CONNECTION_CLOSENESS_MAX);
    ch->closeness = (int)v;
    return BELONG_OK;
}

/* The last contact typed as text, into ch: a record's date, not before met_on. */
static int check_last_contact(const struct app *app, const char *text, const char *met_on,
                              struct connection_change *ch, struct app_error *err)
{
    int rc = app_record_date(app, text, "--last-contact", ch->last_contact, err);
    if (rc == BELONG_OK && strcmp(ch->last_contact, met_on) < 0)
        rc = app_fail(err, BELONG_EDATA, "--last-contact",
                      "--last-contact: %s is before the day they met (%s)", ch->last_contact,
                      met_on);
    return rc;
}

/* Where they met, from req into c: a listed activity (its name copied) or a place. */
static int check_met(struct app *app, const struct app_connection_request *req,
                     struct connection *c, struct app_error *err)
{
    if (req->met_activity_id && req->met_place)
        return app_fail(err, BELONG_EUSAGE, "--met-at",
                        "give --met-at ACTIVITY or --met-place TEXT, not both");
    if (req->met_place) {
        const char *p = text_problem(req->met_place, CONNECTION_PLACE_MAX, false);
        char *trimmed = text_fold(req->met_place);
        if (!p && !*trimmed)
            p = "is empty";
        free(trimmed);
        if (p)
            return app_fail(err, BELONG_EDATA, "--met-place", "--met-place %s", p);
        c->met_place = xstrdup(req->met_place);
        return BELONG_OK;
    }
    if (!req->met_activity_id)
        return BELONG_OK;
    struct activity a;
    int rc = store_activity_get(app->store, req->met_activity_id, &a);
    if (rc == BELONG_ENOINPUT)
        return app_fail(err, BELONG_EDATA, "--met-at",
                        "--met-at: no activity %lld in the directory (for a place not in it, "
                        "--met-place TEXT)",
                        (long long)req->met_activity_id);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    c->met_activity_id = req->met_activity_id;
    c->met_activity = xstrdup(a.name);
    activity_free(&a);
    return BELONG_OK;
}

int app_connection_add(struct app *app, int64_t peer_id, const struct app_connection_request *req,
                       struct connection *out, struct app_error *err)
{
    memset(out, 0, sizeof *out);
    const char *why = connection_name_problem(req->name ? req->name : "");
    if (why)
        return app_fail(err, BELONG_EDATA, "NAME", "NAME '%s' %s", req->name ? req->name : "", why);
    struct connection_change first = {0};
    int rc = check_relationship(req->relationship ? req->relationship : "", &first, err);
    if (rc == BELONG_OK)
        rc = check_closeness(req->closeness ? req->closeness : "", &first, err);
    if (rc == BELONG_OK)
        rc = app_record_date(app, req->date, "--date", first.date, err);
    if (rc == BELONG_OK)
        rc = check_last_contact(app, req->last_contact ? req->last_contact : first.date, first.date,
                                &first, err);
    char owner[APP_NAME_MAX + 1];
    if (rc == BELONG_OK) /* checked before the write, audited with it (app_change_end) */
        rc = app_peer_check_active(app, peer_id, APP_PEER_CHANGE, "connection.add", owner, err);
    if (rc != BELONG_OK)
        return app_change_end(app, rc, err);
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_change_end(app, app_store_fail(app, err, rc), err);
    rc = check_met(app, req, out, err);
    if (rc == BELONG_OK) {
        out->name = xstrdup(req->name);
        out->history = xcalloc(1, sizeof *out->history);
        out->history[0] = first;
        out->n_history = 1;
        rc = store_connection_add(app->store, owner, peer_id, out, app->now);
        if (rc == BELONG_ENOINPUT)
            app_no_such_peer(app, err, "PEER", peer_id);
        else if (rc != BELONG_OK)
            app_store_fail(app, err, rc);
    }
    rc = app_write_end(app, rc, err);
    if (rc != BELONG_OK)
        connection_free(out);
    return app_change_end(app, rc, err);
}

/* Connection id of the acting CPS's caseload, of a current peer they may change (checked as
** operation: a refusal audited before the transaction, so that a rollback keeps it; the change
** audited by end_change), and, once that is known, the write transaction opened. Then, inside it,
*the connection not ended
** and a change dated date (NULL: today) not before its last one. OUT: *c (connection_free),
** *next (the last state, dated), *begun (whether the transaction is open). */
static int begin_change(struct app *app, int64_t id, const char *operation, const char *date,
                        struct connection *c, struct connection_change *next, bool *begun,
                        struct app_error *err)
{
    *begun = false;
    int rc = store_connection_get(app->store, app->cps, id, c);
    if (rc == BELONG_ENOINPUT) { /* another caseload's: audited as refused, answered as missing */
        int audit =
            app_record_refused(app, APP_RECORD_CONNECTION, id, APP_PEER_CHANGE, operation, err);
        return audit ? audit
                     : app_fail(err, rc, "CONNECTION", "no such connection %lld", (long long)id);
    }
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    rc = app_peer_check_active(app, c->peer_id, APP_PEER_CHANGE, operation, NULL, err);
    if (rc != BELONG_OK)
        return rc;
    connection_free(c);
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    *begun = true;
    if ((rc = store_connection_get(app->store, app->cps, id, c)) != BELONG_OK)
        return rc == BELONG_ENOINPUT
                   ? app_fail(err, rc, "CONNECTION", "no such connection %lld", (long long)id)
                   : app_store_fail(app, err, rc);
    const struct connection_change *last = &c->history[c->n_history - 1];
    if (last->ended)
        return app_fail(err, BELONG_EDATA, "CONNECTION",
                        "connection %lld (%s) ended on %s (lost touch); its history is kept. "
                        "If they are back in touch, add them again",
                        (long long)id, c->name, last->date);
    *next = *last;
    if ((rc = app_record_date(app, date, "--date", next->date, err)) != BELONG_OK)
        return rc;
    if (strcmp(next->date, last->date) < 0)
        return app_fail(err, BELONG_EDATA, "--date",
                        "--date: %s is before the connection's last change (%s); changes are "
                        "kept in order",
                        next->date, last->date);
    return BELONG_OK;
}

/* Ends a change that begin_change started: commits it or rolls it back (when begun), and
** frees *c on failure. */
static int end_change(struct app *app, int rc, bool begun, struct connection *c,
                      struct app_error *err)
{
    if (begun)
        rc = app_write_end(app, rc, err);
    if (rc != BELONG_OK)
        connection_free(c);
    return app_change_end(app, rc, err);
}

/* Appends next to connection c and reads it back into c. */
static int append(struct app *app, struct connection *c, const struct connection_change *next,
                  struct app_error *err)
{
    int64_t id = c->id;
    int rc = store_connection_append(app->store, app->cps, id, next, app->now);
    if (rc == BELONG_OK) {
        connection_free(c);
        rc = store_connection_get(app->store, app->cps, id, c);
    }
    if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    return rc;
}

int app_connection_edit(struct app *app, int64_t id, const struct app_connection_request *req,
                        struct connection *out, struct app_error *err)
{
    memset(out, 0, sizeof *out);
    if (req->name || req->met_activity_id || req->met_place)
        return app_fail(err, BELONG_EUSAGE, req->name ? "NAME" : "--met-at",
                        "a connection's name and where they met are kept as recorded; edit "
                        "changes --relationship, --closeness and --last-contact");
    if (!req->relationship && !req->closeness && !req->last_contact)
        return app_fail(err, BELONG_EUSAGE, NULL,
                        "nothing to change: give --relationship, --closeness or --last-contact");
    struct connection_change next;
    bool begun;
    int rc = begin_change(app, id, "connection.edit", req->date, out, &next, &begun, err);
    if (rc == BELONG_OK && req->relationship)
        rc = check_relationship(req->relationship, &next, err);
    if (rc == BELONG_OK && req->closeness)
        rc = check_closeness(req->closeness, &next, err);
    if (rc == BELONG_OK && req->last_contact)
        rc = check_last_contact(app, req->last_contact, out->met_on, &next, err);
    if (rc == BELONG_OK)
        rc = append(app, out, &next, err);
    return end_change(app, rc, begun, out, err);
}

int app_connection_end(struct app *app, int64_t id, const char *date, struct connection *out,
                       struct app_error *err)
{
    memset(out, 0, sizeof *out);
    struct connection_change next;
    bool begun;
    int rc = begin_change(app, id, "connection.end", date, out, &next, &begun, err);
    if (rc == BELONG_OK) {
        next.ended = true;
        rc = append(app, out, &next, err);
    }
    return end_change(app, rc, begun, out, err);
}

int app_connection_list(struct app *app, int64_t peer_id, const char *as_of,
                        struct connection **out, size_t *n, char as_of_out[11],
                        struct app_error *err)
{
    *out = NULL;
    *n = 0;
    int rc = app_record_date(app, as_of, "--as-of", as_of_out, err);
    if (rc != BELONG_OK)
        return rc;
    char owner[APP_NAME_MAX + 1]; /* archived peers' too: a supervisor reads their team's */
    rc = app_peer_access(app, peer_id, APP_PEER_VIEW, "connection.list", "PEER", owner, err);
    if (rc != BELONG_OK)
        return rc;
    struct connection *all;
    size_t n_all;
    if ((rc = store_connections_get(app->store, owner, peer_id, &all, &n_all)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    for (size_t i = 0; i < n_all; i++) {
        if (strcmp(all[i].met_on, as_of_out) <= 0)
            all[(*n)++] = all[i];
        else
            connection_free(&all[i]);
    }
    *out = all;
    return BELONG_OK;
}
