/* visits.c — the visits' operations (app_plans.h): a visit checked and recorded (closing its
** plan), listed, and the step-up / step-down suggestion read from the record.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../peers/profile.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../util/text.h"
#include "app_peers.h"
#include "app_plans.h"

/* A 1-5 comfort given (0: not said). */
static int comfort_check(const char *field, int value, struct app_error *err)
{
    if (value != 0 && (value < COMFORT_SCALE_MIN || value > COMFORT_SCALE_MAX))
        return app_fail(err, BELONG_EDATA, field, "%s: %d is not from %d to %d", field, value,
                        COMFORT_SCALE_MIN, COMFORT_SCALE_MAX);
    return BELONG_OK;
}

/* The checks of a request that need no database. OUT: v's plain values. */
static int visit_request_check(const struct app_visit_request *rq, struct visit *v,
                               struct app_error *err)
{
    if ((rq->plan_id != 0) == (rq->activity_id != 0))
        return app_fail(err, BELONG_EUSAGE, "--plan",
                        "expected one of --plan PLAN and --activity ACTIVITY");
    if (!rq->went)
        return app_fail(err, BELONG_EUSAGE, "--went", "expected --went yes|no");
    if (!parse_yes_no(rq->went, &v->went))
        return app_fail(err, BELONG_EDATA, "--went", "--went: '%s' is not yes or no", rq->went);
    int rc = comfort_check("--comfort-before", rq->comfort_before, err);
    if (rc == BELONG_OK)
        rc = comfort_check("--comfort-after", rq->comfort_after, err);
    if (rc == BELONG_OK && rq->conversations < -1)
        rc = app_fail(err, BELONG_EDATA, "--conversations", "--conversations: %d is not a count",
                      rq->conversations);
    if (rc == BELONG_OK && !v->went && (rq->comfort_after || rq->conversations >= 0))
        rc = app_fail(err, BELONG_EDATA, rq->comfort_after ? "--comfort-after" : "--conversations",
                      "%s: the peer did not go (--went no)",
                      rq->comfort_after ? "--comfort-after" : "--conversations");
    if (rc == BELONG_OK)
        rc = app_text_check("--with", rq->with_whom, err);
    if (rc == BELONG_OK)
        rc = app_text_check("--felt", rq->felt, err);
    if (rc == BELONG_OK)
        rc = app_text_check("--next", rq->next_step, err);
    v->comfort_before = rq->comfort_before;
    v->comfort_after = rq->comfort_after;
    v->conversations = rq->conversations;
    return rc;
}

/* The checks that read, and the writes, inside the write transaction. */
static int visit_add_in(struct app *app, const char *owner, const struct app_visit_request *rq,
                        struct visit *v, struct app_error *err)
{
    int rc = BELONG_OK;
    struct plan plan = {0};
    const char *date = rq->date;
    if (rq->plan_id) {
        rc = store_plan_get(app->store, owner, rq->plan_id, &plan);
        if (rc == BELONG_OK && plan.peer_id != rq->peer_id)
            rc = BELONG_ENOINPUT;
        if (rc == BELONG_ENOINPUT)
            app_fail(err, rc, "--plan", "peer %lld has no plan %lld", (long long)rq->peer_id,
                     (long long)rq->plan_id);
        else if (rc != BELONG_OK)
            app_store_fail(app, err, rc);
        v->activity_id = plan.activity_id;
        v->activity_name = xstrdup(plan.activity_name);
        v->intensity = plan.intensity;
        if (!date)
            date = plan.date;
    } else {
        struct activity a = {0};
        v->activity_id = rq->activity_id;
        rc = store_activity_get(app->store, rq->activity_id, &a);
        if (rc == BELONG_ENOINPUT)
            app_fail(err, rc, "--activity", "no such activity %lld", (long long)rq->activity_id);
        else if (rc != BELONG_OK)
            app_store_fail(app, err, rc);
        v->activity_name = xstrdup(a.name);
        v->intensity = a.intensity;
        activity_free(&a);
        if (rc == BELONG_OK && !date)
            rc = app_fail(err, BELONG_EUSAGE, "--date", "expected --date YYYY-MM-DD");
    }
    if (rc == BELONG_OK)
        rc = app_day(app, "--date", date, APP_DAY_NOT_FUTURE, v->date, err);
    if (rc == BELONG_OK) {
        v->peer_id = rq->peer_id;
        v->plan_id = rq->plan_id;
        v->with_whom = xstrdup(rq->with_whom);
        v->felt = xstrdup(rq->felt);
        v->next_step = xstrdup(rq->next_step);
        rc = store_visit_add(app->store, owner, v, app->now);
        if (rc == BELONG_OK && rq->plan_id && plan.status == PLAN_PLANNED)
            rc = store_plan_set_status(app->store, owner, rq->plan_id,
                                       v->went ? PLAN_DONE : PLAN_SKIPPED, NULL, app->now);
        if (rc == BELONG_ENOINPUT)
            app_no_such_peer(app, err, "PEER", rq->peer_id);
        else if (rc != BELONG_OK)
            app_store_fail(app, err, rc);
    }
    plan_free(&plan);
    return rc;
}

int app_visit_add(struct app *app, const struct app_visit_request *rq, struct visit *out,
                  struct app_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = visit_request_check(rq, out, err);
    if (rc != BELONG_OK)
        return rc;
    char owner[APP_NAME_MAX + 1]; /* checked before the write, audited with it: app_peers.h */
    if ((rc = app_peer_check_active(app, rq->peer_id, APP_PEER_CHANGE, "visit.add", owner, err)) !=
        BELONG_OK) {
        visit_free(out);
        return app_change_end(app, rc, err);
    }
    if ((rc = store_begin(app->store)) != BELONG_OK) {
        visit_free(out);
        return app_change_end(app, app_store_fail(app, err, rc), err);
    }
    rc = app_write_end(app, visit_add_in(app, owner, rq, out, err), err);
    if (rc != BELONG_OK)
        visit_free(out);
    if (rc == BELONG_ENOINPUT && rq->plan_id && err->field && strcmp(err->field, "--plan") == 0) {
        /* a plan of another caseload: audited as refused, answered as one the peer lacks */
        struct app_error audit_err;
        int audit = app_record_refused(app, APP_RECORD_PLAN, rq->plan_id, APP_PEER_CHANGE,
                                       "visit.add", &audit_err);
        if (audit != BELONG_OK) {
            *err = audit_err;
            return app_change_end(app, audit, err);
        }
    }
    return app_change_end(app, rc, err);
}

int app_visit_list(struct app *app, int64_t peer_id, struct visit **out, size_t *n,
                   struct app_error *err)
{
    *out = NULL;
    *n = 0;
    char owner[APP_NAME_MAX + 1];
    int rc = app_peer_check_active(app, peer_id, APP_PEER_VIEW, "visit.list", owner, err);
    if (rc != BELONG_OK)
        return rc;
    rc = store_visits_get(app->store, owner, peer_id, out, n);
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}

int app_step_get(struct app *app, int64_t peer_id, struct step_suggestion *out,
                 struct app_error *err)
{
    memset(out, 0, sizeof *out);
    struct peer p;
    peer_init(&p);
    struct visit *visits = NULL;
    struct plan *skipped = NULL;
    size_t n_visits = 0, n_skipped = 0;
    int rc = app_peer_load(app, peer_id, APP_PEER_VIEW, "peer.step", "ID", &p, err);
    const char *owner = p.cps ? p.cps : "";
    if (rc == BELONG_OK &&
        ((rc = store_visits_get(app->store, owner, peer_id, &visits, &n_visits)) ||
         (rc = store_plans_get(app->store, owner, peer_id, PLAN_SKIPPED, &skipped, &n_skipped))))
        app_store_fail(app, err, rc);
    if (rc == BELONG_OK) {
        struct step_event *ev = xcalloc(n_visits + n_skipped + 1, sizeof *ev);
        size_t n = 0;
        for (size_t i = 0; i < n_visits; i++) {
            const struct visit *v = &visits[i];
            ev[n] = (struct step_event){.recorded_at = v->created_at,
                                        .seq = v->id,
                                        .missed = !v->went,
                                        .intensity = v->intensity,
                                        .comfort_after = v->comfort_after};
            memcpy(ev[n++].date, v->date, sizeof v->date);
        }
        for (size_t i = 0; i < n_skipped; i++) {
            bool has_visit = false; /* a skipped plan with its visit counts once, as the visit */
            for (size_t k = 0; k < n_visits && !has_visit; k++)
                has_visit = visits[k].plan_id == skipped[i].id;
            if (has_visit)
                continue;
            ev[n] = (struct step_event){.recorded_at = skipped[i].updated_at,
                                        .seq = skipped[i].id,
                                        .missed = true,
                                        .intensity = skipped[i].intensity};
            memcpy(ev[n++].date, skipped[i].date, sizeof skipped[i].date);
        }
        time_t set_at =
            p.n_comfort_history ? p.comfort_history[p.n_comfort_history - 1].changed_at : 0;
        step_suggest(p.comfort, set_at, ev, n, out);
        free(ev);
    }
    visits_free(visits, n_visits);
    plans_free(skipped, n_skipped);
    peer_free(&p);
    return rc;
}
