/* measures.c — the measures' operations (app_measures.h): the checks of a request (instrument,
** date, answers through the measures engine, the peer in the caseload), the one write
** transaction, and the stored answers scored again when listed.
*/
#include "app_measures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../util/buf.h"
#include "../util/timeutil.h"
#include "app_peers.h"

/* The instrument named name, or NULL with err saying which ones there are. */
static const struct measure_instrument *find_instrument(const char *name, struct app_error *err)
{
    const struct measure_instrument *in = measure_find(name);
    if (in)
        return in;
    struct buf known = {0};
    for (size_t i = 0; i < measure_instrument_count; i++)
        buf_printf(&known, "%s%s", i ? ", " : "", measure_instruments[i]->id);
    app_fail(err, BELONG_EDATA, "INSTRUMENT", "unknown instrument '%s'; known: %s", name,
             buf_str(&known));
    buf_free(&known);
    return NULL;
}

int app_measure_add(struct app *app, int64_t peer_id, const char *instrument, const char *answers,
                    const char *date, struct app_measure *out, struct diag *diag,
                    struct app_error *err)
{
    memset(out, 0, sizeof *out);
    const struct measure_instrument *in = find_instrument(instrument, err);
    if (!in)
        return err->status;
    char owner[APP_NAME_MAX + 1];
    int rc = app_peer_check_active(app, peer_id, APP_PEER_CHANGE, "measure.add", owner, err);
    if (rc == BELONG_OK)
        rc = app_day(app, "--date", date, APP_DAY_NOT_FUTURE, out->date, err);
    if (rc != BELONG_OK)
        return app_change_end(app, rc, err);
    int codes[MEASURE_ITEMS_MAX];
    if (measure_parse_answers(in, answers, codes, diag, "--answers") != BELONG_OK ||
        measure_score(in, codes, in->n_items, &out->result, diag, "--answers") != BELONG_OK)
        return app_change_end(
            app,
            app_fail(err, BELONG_EDATA, "--answers", "the answers have problems; nothing stored"),
            err);

    struct store_measure m = {0};
    snprintf(m.instrument, sizeof m.instrument, "%s", in->id);
    memcpy(m.date, out->date, sizeof m.date);
    m.n_codes = in->n_items;
    memcpy(m.codes, codes, in->n_items * sizeof *codes);
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_change_end(app, app_store_fail(app, err, rc), err);
    rc = store_measure_add(app->store, owner, peer_id, &m, app->now);
    if (rc == BELONG_ENOINPUT)
        app_no_such_peer(app, err, "ID", peer_id);
    else if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    if ((rc = app_write_end(app, rc, err)) == BELONG_OK)
        out->id = m.id;
    return app_change_end(app, rc, err);
}

int app_measure_score(const struct store_measure *stored, struct app_measure *out,
                      struct app_error *err)
{
    memset(out, 0, sizeof *out);
    const struct measure_instrument *in = measure_find(stored->instrument);
    struct diag diag = {0};
    int rc = in ? measure_score(in, stored->codes, stored->n_codes, &out->result, &diag, "store")
                : BELONG_EINTERNAL;
    diag_free(&diag);
    if (rc != BELONG_OK)
        return app_fail(err, BELONG_EINTERNAL, NULL, "measure %lld as stored cannot be scored",
                        (long long)stored->id);
    out->id = stored->id;
    memcpy(out->date, stored->date, sizeof stored->date);
    return BELONG_OK;
}

/* The administrations of peer_id (of owner's caseload: the store checks), of instrument only
** when not NULL, scored. OUT: *out, a heap array of *n (free). */
static int scored_list(struct app *app, const char *owner, int64_t peer_id,
                       const struct measure_instrument *only, struct app_measure **out, size_t *n,
                       struct app_error *err)
{
    struct store_measure *rows = NULL;
    size_t n_rows = 0;
    int rc = store_measures_get(app->store, owner, peer_id, only ? only->id : NULL, &rows, &n_rows);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    *out = xcalloc(n_rows ? n_rows : 1, sizeof **out);
    for (size_t i = 0; i < n_rows; i++) {
        if ((rc = app_measure_score(&rows[i], &(*out)[*n], err)) != BELONG_OK) {
            free(rows);
            free(*out);
            *out = NULL;
            *n = 0;
            return rc;
        }
        (*n)++;
    }
    free(rows);
    return BELONG_OK;
}

/* The lists' start: the instrument (NULL: all) and the peer, archived ones too when
** with_archived. */
static int list_measures(struct app *app, int64_t peer_id, const char *instrument,
                         bool with_archived, struct app_measure **out, size_t *n,
                         struct app_error *err)
{
    *out = NULL;
    *n = 0;
    const struct measure_instrument *only = NULL;
    if (instrument && !(only = find_instrument(instrument, err)))
        return err->status;
    char owner[APP_NAME_MAX + 1];
    int rc;
    if (with_archived) {
        struct peer p;
        rc = app_peer_load(app, peer_id, APP_PEER_VIEW, "measure.history", "PEER", &p, err);
        if (rc == BELONG_OK)
            snprintf(owner, sizeof owner, "%s", p.cps ? p.cps : "");
        peer_free(&p);
    } else {
        rc = app_peer_check_active(app, peer_id, APP_PEER_VIEW, "measure.list", owner, err);
    }
    if (rc != BELONG_OK)
        return rc;
    return scored_list(app, owner, peer_id, only, out, n, err);
}

int app_measure_list(struct app *app, int64_t peer_id, const char *instrument,
                     struct app_measure **out, size_t *n, struct app_error *err)
{
    return list_measures(app, peer_id, instrument, false, out, n, err);
}

int app_measure_history(struct app *app, int64_t peer_id, const char *instrument,
                        struct app_measure **out, size_t *n, struct app_error *err)
{
    return list_measures(app, peer_id, instrument, true, out, n, err);
}

/* Reads administration id of the acting CPS's caseload, for a current peer they may change
** (checked as operation: a refusal audited before the transaction, so that a rollback keeps
** it; the change audited as the caller ends, app_change_end), then opens the write
** transaction. OUT: *m and its instrument; on success the
** transaction is open (app_write_end closes it). */
static int measure_of_caseload(struct app *app, int64_t id, const char *operation,
                               struct store_measure *m, const struct measure_instrument **in,
                               struct app_error *err)
{
    int rc = store_measure_get(app->store, app->cps, id, m);
    if (rc == BELONG_ENOINPUT) { /* another caseload's: audited as refused, answered as missing */
        int audit =
            app_record_refused(app, APP_RECORD_MEASURE, id, APP_PEER_CHANGE, operation, err);
        return audit ? audit : app_fail(err, rc, "ID", "no such measure %lld", (long long)id);
    }
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    if ((rc = app_peer_check_active(app, m->peer_id, APP_PEER_CHANGE, operation, NULL, err)) !=
        BELONG_OK)
        return rc;
    if (!(*in = measure_find(m->instrument)))
        return app_fail(err, BELONG_EINTERNAL, NULL, "measure %lld: unknown instrument '%s'",
                        (long long)id, m->instrument);
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    return BELONG_OK;
}

int app_measure_edit(struct app *app, int64_t id, const char *answers, const char *date,
                     struct app_measure *out, struct diag *diag, struct app_error *err)
{
    memset(out, 0, sizeof *out);
    struct store_measure m;
    const struct measure_instrument *in = NULL;
    int codes[MEASURE_ITEMS_MAX];
    int rc = measure_of_caseload(app, id, "measure.edit", &m, &in, err);
    if (rc != BELONG_OK)
        return app_change_end(app, rc, err);
    if (rc == BELONG_OK && date)
        rc = app_record_date(app, date, "--date", m.date, err);
    if (rc == BELONG_OK &&
        (measure_parse_answers(in, answers, codes, diag, "--answers") != BELONG_OK ||
         measure_score(in, codes, in->n_items, &out->result, diag, "--answers") != BELONG_OK))
        rc = app_fail(err, BELONG_EDATA, "--answers", "the answers have problems; nothing changed");
    if (rc == BELONG_OK) {
        m.n_codes = in->n_items;
        memcpy(m.codes, codes, in->n_items * sizeof *codes);
        if ((rc = store_measure_replace(app->store, app->cps, &m)) != BELONG_OK)
            app_store_fail(app, err, rc);
    }
    if ((rc = app_write_end(app, rc, err)) != BELONG_OK)
        return app_change_end(app, rc, err);
    out->id = m.id;
    memcpy(out->date, m.date, sizeof out->date);
    return app_change_end(app, BELONG_OK, err);
}

int app_measure_delete(struct app *app, int64_t id, struct app_measure *gone, struct app_error *err)
{
    struct app_measure scratch;
    if (!gone)
        gone = &scratch;
    memset(gone, 0, sizeof *gone);
    struct store_measure m;
    const struct measure_instrument *in = NULL;
    int rc = measure_of_caseload(app, id, "measure.delete", &m, &in, err);
    if (rc != BELONG_OK)
        return app_change_end(app, rc, err);
    struct diag diag = {0};
    if (rc == BELONG_OK &&
        measure_score(in, m.codes, m.n_codes, &gone->result, &diag, "store") != BELONG_OK)
        rc = app_fail(err, BELONG_EINTERNAL, NULL, "measure %lld as stored cannot be scored",
                      (long long)id);
    diag_free(&diag);
    if (rc == BELONG_OK && (rc = store_measure_delete(app->store, app->cps, id)) != BELONG_OK)
        app_store_fail(app, err, rc);
    if ((rc = app_write_end(app, rc, err)) != BELONG_OK)
        return app_change_end(app, rc, err);
    gone->id = m.id;
    memcpy(gone->date, m.date, sizeof gone->date);
    return app_change_end(app, BELONG_OK, err);
}
