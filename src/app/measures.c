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

/* Peer id must be one app->cps may do op with (access.c: their own, or their team's to read)
** and not archived; checked and audited as operation. OUT: owner, the peer's caseload. */
static int check_peer(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                      char owner[APP_NAME_MAX + 1], struct app_error *err)
{
    struct peer p;
    int rc = app_peer_load(app, id, op, operation, "ID", &p, err);
    if (rc != BELONG_OK)
        return rc;
    snprintf(owner, APP_NAME_MAX + 1, "%s", p.cps ? p.cps : "");
    bool archived = p.archived;
    peer_free(&p);
    if (archived)
        return app_fail(err, BELONG_ENOINPUT, "ID",
                        "peer %lld is archived (belong peer restore %lld)", (long long)id,
                        (long long)id);
    return BELONG_OK;
}

/* The date of the administration: text (a real date, not after today) or today. OUT: out. */
static int measure_date(const struct app *app, const char *text, char out[11],
                        struct app_error *err)
{
    struct civil_date today, d;
    instant_to_local(app->now, app->tz, &today, NULL, NULL, NULL);
    if (!text) {
        d = today;
    } else if (strlen(text) != 10 || !parse_date(text, &d)) {
        return app_fail(err, BELONG_EDATA, "--date", "--date: '%s' is not a real date (YYYY-MM-DD)",
                        text);
    } else if (days_from_civil(&d) > days_from_civil(&today)) {
        return app_fail(err, BELONG_EDATA, "--date",
                        "--date: %s is in the future (today is %04d-%02d-%02d)", text, today.year,
                        today.month, today.day);
    }
    snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
    return BELONG_OK;
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
    int rc = check_peer(app, peer_id, APP_PEER_CHANGE, "measure.add", owner, err);
    if (rc == BELONG_OK)
        rc = measure_date(app, date, out->date, err);
    if (rc != BELONG_OK)
        return rc;
    int codes[MEASURE_ITEMS_MAX];
    if (measure_parse_answers(in, answers, codes, diag, "--answers") != BELONG_OK ||
        measure_score(in, codes, in->n_items, &out->result, diag, "--answers") != BELONG_OK)
        return app_fail(err, BELONG_EDATA, "--answers",
                        "the answers have problems; nothing stored");

    struct store_measure m = {0};
    snprintf(m.instrument, sizeof m.instrument, "%s", in->id);
    memcpy(m.date, out->date, sizeof m.date);
    m.n_codes = in->n_items;
    memcpy(m.codes, codes, in->n_items * sizeof *codes);
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    rc = store_measure_add(app->store, app->cps, peer_id, &m, app->now);
    if (rc == BELONG_OK)
        rc = store_commit(app->store);
    if (rc != BELONG_OK) {
        store_rollback(app->store);
        if (rc == BELONG_ENOINPUT)
            return app_fail(err, rc, "ID", "no such peer %lld", (long long)peer_id);
        return app_store_fail(app, err, rc);
    }
    out->id = m.id;
    return BELONG_OK;
}

int app_measure_list(struct app *app, int64_t peer_id, const char *instrument,
                     struct app_measure **out, size_t *n, struct app_error *err)
{
    *out = NULL;
    *n = 0;
    const struct measure_instrument *only = NULL;
    if (instrument && !(only = find_instrument(instrument, err)))
        return err->status;
    char owner[APP_NAME_MAX + 1];
    int rc = check_peer(app, peer_id, APP_PEER_VIEW, "measure.list", owner, err);
    if (rc != BELONG_OK)
        return rc;
    struct store_measure *rows = NULL;
    size_t n_rows = 0;
    if ((rc = store_measures_get(app->store, owner, peer_id, only ? only->id : NULL, &rows,
                                 &n_rows)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    *out = xcalloc(n_rows ? n_rows : 1, sizeof **out);
    for (size_t i = 0; i < n_rows; i++) {
        const struct measure_instrument *in = measure_find(rows[i].instrument);
        struct diag diag = {0};
        if (!in || measure_score(in, rows[i].codes, rows[i].n_codes, &(*out)[*n].result, &diag,
                                 "store") != BELONG_OK) {
            app_fail(err, BELONG_EINTERNAL, NULL, "measure %lld as stored cannot be scored",
                     (long long)rows[i].id);
            diag_free(&diag);
            free(rows);
            free(*out);
            *out = NULL;
            *n = 0;
            return BELONG_EINTERNAL;
        }
        (*out)[*n].id = rows[i].id;
        memcpy((*out)[*n].date, rows[i].date, sizeof rows[i].date);
        (*n)++;
    }
    free(rows);
    return BELONG_OK;
}
