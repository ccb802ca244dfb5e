/* peer_records.c — the operations of a peer's rights (app_peer_records.h): everything recorded
** about them read in one read transaction, and erased in one write transaction.
*/
#include "app_peer_records.h"

#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../util/buf.h"
#include "app_connections.h"
#include "app_peers.h"
#include "app_reports.h"

void app_peer_record_free(struct app_peer_record *r)
{
    peer_free(&r->peer);
    for (size_t i = 0; i < r->n_choices; i++) {
        free(r->choices[i].activity);
        free(r->choices[i].note);
    }
    free(r->choices);
    free(r->measures);
    connections_free(r->connections, r->n_connections);
    store_history_free(r->history, r->n_history);
    plans_free(r->plans, r->n_plans);
    visits_free(r->visits, r->n_visits);
    free(r->audit);
    memset(r, 0, sizeof *r);
}

/* The peer's choices as the app's own copies. */
static int read_choices(struct app *app, struct app_peer_record *r, struct app_error *err)
{
    struct store_choice *c;
    size_t n;
    int rc = store_choices_get(app->store, r->peer.cps, r->peer.id, &c, &n);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    r->choices = xcalloc(n ? n : 1, sizeof *r->choices);
    for (size_t i = 0; i < n; i++)
        r->choices[i] =
            (struct app_choice){c[i].activity_id, xstrdup(c[i].name),
                                c[i].choice == STORE_CHOICE_DECLINED, xstrdup(c[i].note), c[i].at};
    r->n_choices = n;
    store_choices_free(c, n);
    return BELONG_OK;
}

/* The records read straight from the store: the history of choices, plans, visits (the audit
** rows are read once the export's own is written: app_peer_export). */
static int read_engagement(struct app *app, struct app_peer_record *r, struct app_error *err)
{
    const char *cps = r->peer.cps;
    int64_t id = r->peer.id;
    int rc = store_history_get(app->store, cps, id, &r->history, &r->n_history);
    if (rc == BELONG_OK)
        rc = store_plans_get(app->store, cps, id, -1, &r->plans, &r->n_plans);
    if (rc == BELONG_OK)
        rc = store_visits_get(app->store, cps, id, &r->visits, &r->n_visits);
    return rc == BELONG_OK ? BELONG_OK : app_store_fail(app, err, rc);
}

int app_peer_export(struct app *app, int64_t id, struct app_peer_record *out, struct buf *report,
                    struct app_error *err)
{
    memset(out, 0, sizeof *out);
    peer_init(&out->peer);
    char owner[APP_NAME_MAX + 1]; /* who may take the record out of belong, audited */
    int rc = app_peer_access(app, id, APP_PEER_EXPORT, "peer.export", "ID", owner, err);
    if (rc != BELONG_OK)
        return rc;
    if ((rc = store_read_begin(app->store)) != BELONG_OK)
        return app_change_end(app, app_store_fail(app, err, rc), err);
    int64_t held = app_audit_hold(app, id); /* the reads below are this export, audited above */
    rc = app_peer_get(app, id, &out->peer, err);
    if (rc == BELONG_OK)
        rc = read_choices(app, out, err);
    if (rc == BELONG_OK)
        rc = app_measure_history(app, id, NULL, &out->measures, &out->n_measures, err);
    char day[11];
    if (rc == BELONG_OK)
        rc = app_connection_list(app, id, NULL, &out->connections, &out->n_connections, day, err);
    if (rc == BELONG_OK)
        rc = read_engagement(app, out, err);
    if (rc == BELONG_OK && report)
        rc = app_report_peer(app, id, report, err);
    store_read_end(app->store);
    app_audit_release(app, held);
    /* The export audited once it is made; the rows about the peer then read, its own last. */
    if ((rc = app_change_end(app, rc, err)) != BELONG_OK)
        return rc;
    struct store_audit_filter about = {.peer_id = id};
    if ((rc = store_audit_list(app->store, &about, &out->audit, &out->n_audit)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    return BELONG_OK;
}

int app_peer_erase(struct app *app, int64_t id, struct app_erased *gone, struct app_error *err)
{
    *gone = (struct app_erased){0};
    /* Checked before the write and audited in it (app_write_end): the row says only who erased
    ** which peer id, when, and from where; nothing of the peer's record. */
    char owner[APP_NAME_MAX + 1];
    int rc = app_peer_access(app, id, APP_PEER_DELETE, "peer.delete", "ID", owner, err);
    if (rc != BELONG_OK)
        return rc;
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_change_end(app, app_store_fail(app, err, rc), err);
    struct store_erased e;
    rc = store_peer_erase(app->store, owner, id, &e);
    if (rc == BELONG_ENOINPUT)
        app_no_such_peer(app, err, "ID", id);
    else if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    if ((rc = app_change_end(app, app_write_end(app, rc, err), err)) != BELONG_OK)
        return rc;
    *gone = (struct app_erased){e.measures, e.connections, e.choices};
    if ((rc = store_erase_flush(app->store)) != BELONG_OK)
        return app_fail(err, rc, NULL,
                        "peer %lld was erased, but the write-ahead log could not be emptied: %s",
                        (long long)id, store_errmsg(app->store));
    return BELONG_OK;
}
