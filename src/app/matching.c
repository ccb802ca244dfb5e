/* matching.c — matching's operations (app_matching.h): suggestions, explanations, choices, the
** peer's plan and the demo peers.
*/
#include "app_matching.h"

#include "app_peers.h"

#include <stdlib.h>
#include <string.h>

#include "../demo/demo_peers.h"
#include "../directory/catalog.h"
#include "../peers/caseload.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../util/timeutil.h"

/* Loads peer id for op (checked and audited as operation: app_peer_load), refusing an archived
** one. OUT: *p (peer_free). */
static int load_active_peer(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                            struct peer *p, struct app_error *err)
{
    int rc = app_peer_load(app, id, op, operation, "PEER", p, err);
    if (rc != BELONG_OK)
        return rc;
    if (p->archived)
        return app_fail(err, BELONG_ENOINPUT, "PEER",
                        "peer %lld is archived (belong peer archive %lld --restore brings them "
                        "back)",
                        (long long)id, (long long)id);
    return BELONG_OK;
}

/* What both recommend and explain start from: the peer (active, in the caseload) and matching's
** data files; when these cannot be read, their problems are in diag and err's message is empty.
** OUT: *p (peer_free, whatever the result) and, on success, *data (recommend_data_free). */
static int matching_start(struct app *app, int64_t peer_id, struct peer *p,
                          struct recommend_data *data, struct diag *diag, struct app_error *err)
{
    int rc = load_active_peer(app, peer_id, APP_PEER_VIEW, "recommend", p, err);
    if (rc != BELONG_OK)
        return rc;
    rc = recommend_data_load(data, diag);
    if (rc != BELONG_OK) {
        err->status = rc;
        err->field = NULL;
        err->message[0] = '\0';
    }
    return rc;
}

int app_recommend(struct app *app, int64_t peer_id, const struct recommend_options *opt,
                  struct peer *p, struct recommend_result *res, struct diag *diag,
                  struct app_error *err)
{
    memset(res, 0, sizeof *res);
    struct recommend_data data;
    int rc = matching_start(app, peer_id, p, &data, diag, err);
    if (rc != BELONG_OK)
        return rc;
    rc = recommend_run(app->store, &data, p, opt, res);
    if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    recommend_data_free(&data);
    return rc;
}

int app_explain(struct app *app, int64_t peer_id, int64_t activity_id,
                const struct recommend_options *opt, struct peer *p,
                struct recommend_explanation *e, struct diag *diag, struct app_error *err)
{
    memset(e, 0, sizeof *e);
    struct recommend_data data;
    int rc = matching_start(app, peer_id, p, &data, diag, err);
    if (rc != BELONG_OK)
        return rc;
    rc = recommend_explain(app->store, &data, p, activity_id, opt, e);
    if (rc == BELONG_ENOINPUT)
        app_fail(err, rc, "ACTIVITY", "no such activity %lld", (long long)activity_id);
    else if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    recommend_data_free(&data);
    return rc;
}

int app_choice_record(struct app *app, int64_t peer_id, int64_t activity_id, bool declined,
                      const char *note, char **activity_name, struct app_error *err)
{
    *activity_name = NULL;
    struct store *s = app->store;
    struct peer p; /* checked (and audited) before the write, whose rollback would undo it */
    int rc = load_active_peer(app, peer_id, APP_PEER_CHANGE,
                              declined ? "recommend.decline" : "recommend.choose", &p, err);
    peer_free(&p);
    if (rc != BELONG_OK)
        return rc;
    if ((rc = store_begin(s)) != BELONG_OK)
        return app_store_fail(app, err, rc);
    struct activity act = {0};
    if (rc == BELONG_OK) {
        rc = store_activity_get(s, activity_id, &act);
        if (rc == BELONG_ENOINPUT)
            app_fail(err, rc, "ACTIVITY", "no such activity %lld", (long long)activity_id);
        if (rc == BELONG_OK)
            rc = store_choice_put(s, app->cps, peer_id, activity_id,
                                  declined ? STORE_CHOICE_DECLINED : STORE_CHOICE_CHOSEN, note,
                                  app->now);
        if (rc == BELONG_OK)
            rc = store_commit(s);
        if (rc != BELONG_OK && rc != BELONG_ENOINPUT)
            app_store_fail(app, err, rc);
    }
    if (rc == BELONG_OK)
        *activity_name = xstrdup(act.name ? act.name : "");
    else
        store_rollback(s);
    activity_free(&act);
    return rc;
}

void app_plan_free(struct app_plan *x)
{
    for (size_t i = 0; i < x->n; i++) {
        free((char *)x->items[i].note); /* gather's own copy */
        activity_free(&x->acts[i]);
        for (size_t k = 0; k < x->items[i].n_scheds; k++)
            schedule_free(&x->scheds[i][k]);
        free(x->scheds[i]);
        free(x->occ[i]);
    }
    free(x->items);
    free(x->acts);
    free(x->scheds);
    free(x->occ);
    memset(x, 0, sizeof *x);
}

/* Adds each chosen activity of choices[0..n) to x, with its schedules and occurrences. */
static int gather(struct app *app, const struct store_choice *choices, size_t n, struct app_plan *x)
{
    struct store *s = app->store;
    x->items = xcalloc(n ? n : 1, sizeof *x->items);
    x->acts = xcalloc(n ? n : 1, sizeof *x->acts);
    x->scheds = xcalloc(n ? n : 1, sizeof *x->scheds);
    x->occ = xcalloc(n ? n : 1, sizeof *x->occ);
    time_t from = local_day_start(app->now, app->tz);
    time_t to = from + (time_t)APP_PLAN_DAYS * SECONDS_PER_DAY;
    int rc = BELONG_OK;
    for (size_t i = 0; rc == BELONG_OK && i < n; i++) {
        if (choices[i].choice != STORE_CHOICE_CHOSEN)
            continue;
        size_t k = x->n;
        rc = store_activity_get(s, choices[i].activity_id, &x->acts[k]);
        if (rc != BELONG_OK)
            break;
        x->n++;
        struct ical_write_item *it = &x->items[k];
        it->activity = &x->acts[k];
        it->note = choices[i].note ? xstrdup(choices[i].note) : NULL;
        rc = store_schedules_get(s, choices[i].activity_id, &x->scheds[k], &it->n_scheds);
        it->scheds = x->scheds[k];
        if (rc == BELONG_OK)
            rc = catalog_expand(it->scheds, it->n_scheds, from, to, &x->occ[k], &it->n_occ);
        it->occ = x->occ[k];
    }
    return rc;
}

int app_plan_get(struct app *app, int64_t peer_id, struct app_plan *plan, struct app_error *err)
{
    memset(plan, 0, sizeof *plan);
    struct peer p;
    int rc = app_peer_load(app, peer_id, APP_PEER_EXPORT, "export.ical", "--peer", &p, err);
    peer_free(&p);
    if (rc != BELONG_OK)
        return rc;
    struct store_choice *choices = NULL;
    size_t n_choices = 0;
    rc = store_choices_get(app->store, app->cps, peer_id, &choices, &n_choices);
    if (rc == BELONG_OK)
        rc = gather(app, choices, n_choices, plan);
    if (rc == BELONG_EDATA)
        app_fail(err, rc, NULL,
                 "a chosen activity's schedule cannot be expanded; import its directory again");
    else if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    store_choices_free(choices, n_choices);
    return rc;
}

int app_demo_peers(struct app *app, struct diag *diag, size_t *added, size_t *updated,
                   struct app_error *err)
{
    int rc = demo_peers_add(app->store, NULL, diag, added, updated);
    if (rc == BELONG_EDATA) {
        err->status = rc;
        err->field = NULL;
        err->message[0] = '\0';
    } else if (rc != BELONG_OK) {
        app_store_fail(app, err, rc);
    }
    return rc;
}
