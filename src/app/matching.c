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
#include "app_plans.h"

/* Loads peer id for op (checked and audited as operation: app_peer_load), refusing an archived
** one. OUT: *p (peer_free). */
static int load_active_peer(struct app *app, int64_t id, enum app_peer_op op, const char *operation,
                            struct peer *p, struct app_error *err)
{
    int rc = app_peer_load(app, id, op, operation, "PEER", p, err);
    if (rc != BELONG_OK)
        return rc;
    return p->archived ? app_peer_archived(err, id) : BELONG_OK;
}

/* What both recommend and explain start from: the peer (active, in the caseload) and matching's
** data files (the process's copy: recommend_shared); when these cannot be read, their problems
** are in diag and err's message is empty. OUT: *p (peer_free, whatever the result) and, on
** success, *data (borrowed). */
static int matching_start(struct app *app, int64_t peer_id, struct peer *p,
                          const struct recommend_data **data, struct diag *diag,
                          struct app_error *err)
{
    int rc = load_active_peer(app, peer_id, APP_PEER_VIEW, "recommend", p, err);
    if (rc != BELONG_OK)
        return rc;
    rc = recommend_shared(data, diag);
    if (rc != BELONG_OK) {
        err->status = rc;
        err->field = NULL;
        err->code = NULL;
        err->message[0] = '\0';
    }
    return rc;
}

int app_recommend(struct app *app, int64_t peer_id, const struct recommend_options *opt,
                  struct peer *p, struct recommend_result *res, struct diag *diag,
                  struct app_error *err)
{
    memset(res, 0, sizeof *res);
    const struct recommend_data *data;
    int rc = matching_start(app, peer_id, p, &data, diag, err);
    if (rc != BELONG_OK)
        return rc;
    rc = recommend_run(app->store, data, p, opt, res);
    if (rc == BELONG_OK) { /* the step the visits suggest, in the reasons of those that fit it */
        struct step_suggestion step;
        if ((rc = app_step_get(app, peer_id, &step, err)) != BELONG_OK) {
            recommend_result_free(res);
            return rc;
        }
        recommend_apply_step(res, &step);
    }
    size_t limit = opt->limit > 0 ? (size_t)opt->limit : RECOMMEND_LIMIT_DEFAULT;
    if (rc == BELONG_OK && (res->n_eligible < limit || opt->why_not)) {
        rc = recommend_diagnose(app->store, data, p, opt, &res->diagnosis);
        res->has_diagnosis = rc == BELONG_OK;
    }
    if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    return rc;
}

int app_explain(struct app *app, int64_t peer_id, int64_t activity_id,
                const struct recommend_options *opt, struct peer *p,
                struct recommend_explanation *e, struct diag *diag, struct app_error *err)
{
    memset(e, 0, sizeof *e);
    const struct recommend_data *data;
    int rc = matching_start(app, peer_id, p, &data, diag, err);
    if (rc != BELONG_OK)
        return rc;
    rc = recommend_explain(app->store, data, p, activity_id, opt, e);
    if (rc == BELONG_ENOINPUT)
        app_fail(err, rc, "ACTIVITY", "no such activity %lld", (long long)activity_id);
    else if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    return rc;
}

/* The limits of the peer's that activity_id breaks in the coming days, as a choice sees them
** (recommend_explain's blockers, but a declined or retired listing, an unknown place and times
** not listed, which are no limit of theirs). OUT: *names ("too-far,cost") and *why (the
** sentences), heap, both empty when it breaks none. */
static int limits_broken(struct app *app, const struct peer *p, int64_t activity_id,
                         struct buf *names, struct buf *why, struct app_error *err)
{
    const struct recommend_data *data;
    struct diag diag = {0};
    int rc = recommend_shared(&data, &diag);
    diag_free(&diag);
    if (rc != BELONG_OK)
        return app_fail(err, rc, NULL,
                        "cannot check the peer's limits: matching's data files have problems "
                        "(belong recommend %lld lists them)",
                        (long long)p->id);
    struct recommend_options opt = {0};
    struct recommend_explanation e;
    rc = recommend_explain(app->store, data, p, activity_id, &opt, &e);
    if (rc == BELONG_ENOINPUT)
        app_fail(err, rc, "ACTIVITY", "no such activity %lld", (long long)activity_id);
    else if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    for (size_t i = 0; rc == BELONG_OK && i < e.n_blockers; i++) {
        enum match_exclusion b = e.blockers[i].blocker;
        if (b == MATCH_EX_DECLINED || b == MATCH_EX_INACTIVE || b == MATCH_EX_NO_LOCATION ||
            (b == MATCH_EX_NO_TIME && e.times_not_listed))
            continue;
        buf_printf(names, "%s%s", names->len ? "," : "", match_exclusion_name(b));
        buf_printf(why, "%s%s", why->len ? " " : "", e.blockers[i].why);
    }
    recommend_explanation_free(&e);
    return rc;
}

/* The plan a choice makes or joins, in the choice's transaction; an error is in err. */
static int choice_plan(struct app *app, int64_t peer_id, int64_t activity_id, const char *note,
                       struct app_error *err)
{
    struct plan plan;
    bool made, joined;
    int rc = app_plan_from_choice(app, peer_id, activity_id, note, RECOMMEND_DAYS_DEFAULT, &plan,
                                  &made, &joined, err);
    if (made)
        plan_free(&plan);
    return rc;
}

int app_choice_record(struct app *app, int64_t peer_id, int64_t activity_id, bool declined,
                      bool force, const char *note, char **activity_name, char **forced,
                      struct app_error *err)
{
    *activity_name = NULL;
    *forced = NULL;
    struct store *s = app->store;
    struct peer p; /* checked (and audited) before the write, whose rollback would undo it */
    int rc = load_active_peer(app, peer_id, APP_PEER_CHANGE,
                              declined ? "recommend.decline" : "recommend.choose", &p, err);
    if (rc != BELONG_OK) {
        peer_free(&p);
        return app_change_end(app, rc, err);
    }
    if ((rc = store_begin(s)) != BELONG_OK) {
        peer_free(&p);
        return app_change_end(app, app_store_fail(app, err, rc), err);
    }
    struct activity act = {0};
    struct buf broken = {0}, why = {0};
    if (rc == BELONG_OK) {
        rc = store_activity_get(s, activity_id, &act);
        if (rc == BELONG_ENOINPUT)
            app_fail(err, rc, "ACTIVITY", "no such activity %lld", (long long)activity_id);
        else if (rc != BELONG_OK)
            app_store_fail(app, err, rc);
    }
    if (rc == BELONG_OK && !declined)
        rc = limits_broken(app, &p, activity_id, &broken, &why, err);
    if (rc == BELONG_OK && broken.len && !force)
        rc = app_fail(err, BELONG_EDATA, "--choose",
                      "activity %lld (%s) breaks %s's limits (%s): %s Give --force to record "
                      "the choice anyway",
                      (long long)activity_id, act.name ? act.name : "", p.name, buf_str(&broken),
                      buf_str(&why));
    if (rc == BELONG_OK) {
        rc = store_choice_put(s, app->cps, peer_id, activity_id,
                              declined ? STORE_CHOICE_DECLINED : STORE_CHOICE_CHOSEN, note,
                              app->now);
        if (rc == BELONG_OK)
            rc = store_history_add(s, peer_id, activity_id,
                                   declined ? CHOICE_EVENT_DECLINED : CHOICE_EVENT_CHOSEN, note,
                                   broken.len ? buf_str(&broken) : NULL, app->now);
        bool plan_failed = false;         /* err says why */
        if (rc == BELONG_OK && !declined) /* a choice becomes or joins a plan (app_plans.h) */
            plan_failed = (rc = choice_plan(app, peer_id, activity_id, note, err)) != BELONG_OK;
        if (rc != BELONG_OK && !plan_failed)
            app_store_fail(app, err, rc);
    }
    if ((rc = app_write_end(app, rc, err)) == BELONG_OK) {
        *activity_name = xstrdup(act.name ? act.name : "");
        *forced = broken.len ? buf_detach(&broken) : NULL;
    }
    buf_free(&broken);
    buf_free(&why);
    peer_free(&p);
    activity_free(&act);
    return app_change_end(app, rc, err);
}

int app_choice_withdraw(struct app *app, int64_t peer_id, int64_t activity_id, const char *note,
                        char **activity_name, struct app_error *err)
{
    *activity_name = NULL;
    struct store *s = app->store;
    struct peer p; /* checked (and audited) before the write, whose rollback would undo it */
    int rc = load_active_peer(app, peer_id, APP_PEER_CHANGE, "recommend.unchoose", &p, err);
    peer_free(&p);
    if (rc != BELONG_OK)
        return app_change_end(app, rc, err);
    if ((rc = store_begin(s)) != BELONG_OK)
        return app_change_end(app, app_store_fail(app, err, rc), err);
    struct activity act = {0};
    if (rc == BELONG_OK) {
        rc = store_choice_withdraw(s, app->cps, peer_id, activity_id);
        if (rc == BELONG_ENOINPUT)
            app_fail(err, rc, "--unchoose", "peer %lld has not chosen activity %lld",
                     (long long)peer_id, (long long)activity_id);
        else if (rc != BELONG_OK)
            app_store_fail(app, err, rc);
    }
    if (rc == BELONG_OK) {
        rc = store_activity_get(s, activity_id, &act);
        if (rc == BELONG_OK)
            rc = store_history_add(s, peer_id, activity_id, CHOICE_EVENT_WITHDRAWN, note, NULL,
                                   app->now);
        if (rc != BELONG_OK)
            app_store_fail(app, err, rc);
    }
    if ((rc = app_write_end(app, rc, err)) == BELONG_OK)
        *activity_name = xstrdup(act.name ? act.name : "");
    activity_free(&act);
    return app_change_end(app, rc, err);
}

int app_choice_history(struct app *app, int64_t peer_id, struct choice_event **entries, size_t *n,
                       struct app_error *err)
{
    *entries = NULL;
    *n = 0;
    char owner[APP_NAME_MAX + 1];
    int rc = app_peer_access(app, peer_id, APP_PEER_VIEW, "peer.history", "ID", owner, err);
    if (rc != BELONG_OK)
        return rc;
    rc = store_history_get(app->store, owner, peer_id, entries, n);
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}

void app_choice_history_free(struct choice_event *entries, size_t n)
{
    store_history_free(entries, n);
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
    char owner[APP_NAME_MAX + 1];
    int rc = app_peer_access(app, peer_id, APP_PEER_EXPORT, "export.ical", "--peer", owner, err);
    if (rc != BELONG_OK)
        return rc;
    struct store_choice *choices = NULL;
    size_t n_choices = 0;
    rc = store_choices_get(app->store, owner, peer_id, &choices, &n_choices);
    if (rc == BELONG_OK)
        rc = gather(app, choices, n_choices, plan);
    if (rc == BELONG_EDATA)
        app_fail(err, rc, NULL,
                 "a chosen activity's schedule cannot be expanded; import its directory again");
    else if (rc != BELONG_OK)
        app_store_fail(app, err, rc);
    store_choices_free(choices, n_choices);
    return app_change_end(app, rc, err);
}

int app_demo_peers(struct app *app, struct diag *diag, size_t *added, size_t *updated,
                   struct app_error *err)
{
    int rc = demo_peers_add(app->store, NULL, diag, added, updated);
    if (rc == BELONG_EDATA) {
        err->status = rc;
        err->field = NULL;
        err->code = NULL;
        err->message[0] = '\0';
    } else if (rc != BELONG_OK) {
        app_store_fail(app, err, rc);
    }
    return rc;
}
