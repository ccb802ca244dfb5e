/* plans.c — the plans' operations (app_plans.h): a plan checked against the days its activity
** meets (directory/occurrences.h), listed, closed, and the plan a choice becomes or joins.
*/
#include "app_plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../directory/occurrences.h"
#include "../peers/profile.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "app_peers.h"

#define PLAN_AHEAD_DAYS 730 /* a plan is at most two years ahead */

/* The instant local day `day` (days from 1970-01-01) starts in zone tz. */
static time_t day_start(long day, const char *tz)
{
    struct civil_date d = civil_from_days(day);
    return local_to_instant(&d, 0, 0, tz);
}

/* The occurrences of activity id on local days [from_day, to_day) of zone tz. OUT: *occ
** (free), *n. */
static int occurrences_on_days(struct app *app, int64_t id, const char *tz, long from_day,
                               long to_day, struct occurrence **occ, size_t *n)
{
    return occurrences_in_window(app->store, id, day_start(from_day, tz), day_start(to_day, tz),
                                 occ, n);
}

/* "Tue 2026-12-08 18:00" (with the time) or "Tue 2026-12-08" for local day of t / day. */
static void put_when(struct buf *b, time_t t, bool timed, long day, const char *tz)
{
    struct civil_date d;
    int minute = 0;
    if (timed)
        instant_to_local(t, tz, &d, &minute, NULL, NULL);
    else
        d = civil_from_days(day);
    buf_printf(b, "%s %04d-%02d-%02d", weekday_short(civil_weekday(&d)), d.year, d.month, d.day);
    if (timed)
        buf_printf(b, " %02d:%02d", minute / 60, minute % 60);
}

/* Says in err that activity a does not meet on day (a local day in tz), naming the nearest
** meeting before (not before today) and after, from their occurrences (timed) or open days. */
static int no_meeting(struct app *app, const struct activity *a, const char *tz, long day,
                      long today, struct app_error *err)
{
    struct buf near = {0};
    long first = day - APP_PLAN_NEAREST_DAYS > today ? day - APP_PLAN_NEAREST_DAYS : today;
    int rc = BELONG_OK;
    for (int side = 0; side < 2 && rc == BELONG_OK; side++) {
        bool found = false;
        time_t start = 0;
        long when = 0;
        if (a->times_listed) {
            struct occurrence *occ = NULL;
            size_t n = 0;
            rc = side ? occurrences_on_days(app, a->id, tz, day + 1,
                                            day + 1 + APP_PLAN_NEAREST_DAYS, &occ, &n)
                      : occurrences_on_days(app, a->id, tz, first, day, &occ, &n);
            if (rc == BELONG_OK && n) {
                found = true;
                start = side ? occ[0].start : occ[n - 1].start;
            }
            free(occ);
        } else {
            for (long k = 1; k <= 7 && !found; k++) {
                when = side ? day + k : day - k;
                struct civil_date d = civil_from_days(when);
                found = (side || when >= today) && (a->open_days >> civil_weekday(&d) & 1u);
            }
        }
        if (found) {
            buf_puts(&near, near.len ? ", " : "");
            put_when(&near, start, a->times_listed, when, tz);
            buf_puts(&near, side ? " after" : " before");
        }
    }
    if (rc != BELONG_OK) {
        buf_free(&near);
        return rc == BELONG_EDATA
                   ? app_fail(err, rc, "ACTIVITY",
                              "activity %lld's schedule cannot be expanded; import its "
                              "directory again",
                              (long long)a->id)
                   : app_store_fail(app, err, rc);
    }
    struct civil_date d = civil_from_days(day);
    app_fail(err, BELONG_EDATA, "--date",
             "--date: %s does not meet on %s %04d-%02d-%02d (by its %s); %s%s",
             a->name ? a->name : "the activity", weekday_short(civil_weekday(&d)), d.year, d.month,
             d.day, a->times_listed ? "schedule" : "open days",
             near.len ? "nearest: " : "no date within a year of it",
             near.len ? buf_str(&near) : "");
    buf_free(&near);
    return BELONG_EDATA;
}

/* Checks that activity a meets on local day `day` and, when its times are listed, gives the
** start of its first occurrence that day. OUT: p->has_start, p->starts_at. */
static int plan_meeting(struct app *app, const struct activity *a, long day, long today,
                        struct plan *p, struct app_error *err)
{
    const char *tz = a->tzid ? a->tzid : app->tz;
    p->has_start = false;
    if (!a->times_listed) {
        struct civil_date d = civil_from_days(day);
        if (a->open_days && !(a->open_days >> civil_weekday(&d) & 1u))
            return no_meeting(app, a, tz, day, today, err);
        return BELONG_OK; /* times not listed: any day it is open */
    }
    struct occurrence *occ = NULL;
    size_t n = 0;
    int rc = occurrences_on_days(app, a->id, tz, day, day + 1, &occ, &n);
    if (rc == BELONG_OK && n) {
        p->has_start = true;
        p->starts_at = occ[0].start;
    }
    free(occ);
    if (rc == BELONG_OK && !n)
        return no_meeting(app, a, tz, day, today, err);
    if (rc == BELONG_EDATA)
        return app_fail(err, rc, "ACTIVITY",
                        "activity %lld's schedule cannot be expanded; import its directory again",
                        (long long)a->id);
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}

/* Reads activity id, refusing one not there or retired. OUT: *a (activity_free). */
static int plan_activity(struct app *app, int64_t id, struct activity *a, struct app_error *err)
{
    memset(a, 0, sizeof *a);
    int rc = store_activity_get(app->store, id, a);
    if (rc == BELONG_ENOINPUT)
        return app_fail(err, rc, "ACTIVITY", "no such activity %lld", (long long)id);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    if (!a->active)
        return app_fail(err, BELONG_EDATA, "ACTIVITY",
                        "activity %lld (%s) is no longer listed by its directory", (long long)id,
                        a->name ? a->name : "");
    return BELONG_OK;
}

/* The store's refusal of a write for a peer (not in the caseload, archived meanwhile). */
static int write_fail(struct app *app, int64_t peer_id, int rc, struct app_error *err)
{
    if (rc == BELONG_ENOINPUT)
        return app_no_such_peer(app, err, "PEER", peer_id);
    return app_store_fail(app, err, rc);
}

/* The checks and the write of a plan for a peer the caller checked (and audited) may be
** changed, inside the caller's write transaction; owner: the peer's caseload. */
static int plan_add_in(struct app *app, const char *owner, const struct app_plan_request *rq,
                       struct plan *out, struct app_error *err)
{
    memset(out, 0, sizeof *out);
    out->peer_id = rq->peer_id;
    out->activity_id = rq->activity_id;
    out->support = PLAN_SUPPORT_ALONG;
    int rc = BELONG_OK;
    if (!rq->date)
        rc = app_fail(err, BELONG_EUSAGE, "--date", "expected --date YYYY-MM-DD");
    if (rc == BELONG_OK)
        rc = app_day(app, "--date", rq->date, APP_DAY_NOT_PAST, out->date, err);
    if (rc != BELONG_OK)
        return rc;
    struct civil_date d, today = app_today(app);
    parse_date(out->date, &d);
    long day = days_from_civil(&d), today_day = days_from_civil(&today);
    if (day - today_day > PLAN_AHEAD_DAYS)
        return app_fail(err, BELONG_EDATA, "--date",
                        "--date: %s is more than %d days ahead; plan a nearer step", out->date,
                        PLAN_AHEAD_DAYS);
    if (rq->support && !plan_support_parse(rq->support, &out->support))
        return app_fail(err, BELONG_EDATA, "--support",
                        "--support: '%s' is not one of along, meet, alone, rehearse", rq->support);
    if ((rc = app_text_check("--note", rq->note, err)) != BELONG_OK)
        return rc;
    struct activity a;
    rc = plan_activity(app, rq->activity_id, &a, err);
    if (rc == BELONG_OK)
        rc = plan_meeting(app, &a, day, today_day, out, err);
    if (rc == BELONG_OK) {
        out->note = xstrdup(rq->note);
        out->activity_name = xstrdup(a.name);
        out->intensity = a.intensity;
        rc = store_plan_add(app->store, owner, out, app->now);
        if (rc != BELONG_OK)
            write_fail(app, rq->peer_id, rc, err);
    }
    activity_free(&a);
    return rc;
}

int app_plan_add(struct app *app, const struct app_plan_request *rq, struct plan *out,
                 struct app_error *err)
{
    memset(out, 0, sizeof *out);
    char owner[APP_NAME_MAX + 1]; /* checked before the write, audited with it: app_peers.h */
    int rc = app_peer_check_active(app, rq->peer_id, APP_PEER_CHANGE, "plan.add", owner, err);
    if (rc == BELONG_OK && (rc = store_begin(app->store)) != BELONG_OK)
        app_store_fail(app, err, rc);
    else if (rc == BELONG_OK)
        rc = app_write_end(app, plan_add_in(app, owner, rq, out, err), err);
    if (rc != BELONG_OK)
        plan_free(out);
    return app_change_end(app, rc, err);
}

int app_plan_list(struct app *app, int64_t peer_id, const char *status, struct plan **out,
                  size_t *n, struct app_error *err)
{
    *out = NULL;
    *n = 0;
    enum plan_status only = PLAN_PLANNED;
    if (status && !plan_status_parse(status, &only))
        return app_fail(err, BELONG_EUSAGE, "--status",
                        "--status: '%s' is not one of planned, done, skipped, cancelled", status);
    char owner[APP_NAME_MAX + 1];
    int rc = app_peer_check_active(app, peer_id, APP_PEER_VIEW, "plan.list", owner, err);
    if (rc != BELONG_OK)
        return rc;
    rc = store_plans_get(app->store, owner, peer_id, status ? (int)only : -1, out, n);
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}

/* Reads plan id of the acting CPS's caseload. Another caseload's plan answers as a missing one,
** and (operation not NULL: outside the write transaction) is audited as refused. OUT: *p
** (plan_free). */
static int plan_of_caseload(struct app *app, int64_t id, const char *operation, struct plan *p,
                            struct app_error *err)
{
    int rc = store_plan_get(app->store, app->cps, id, p);
    if (rc == BELONG_ENOINPUT) {
        int audit = operation ? app_record_refused(app, APP_RECORD_PLAN, id, APP_PEER_CHANGE,
                                                   operation, err)
                              : BELONG_OK;
        return audit ? audit : app_fail(err, rc, "PLAN", "no such plan %lld", (long long)id);
    }
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}

int app_plan_close(struct app *app, int64_t plan_id, enum plan_status to, const char *reason,
                   struct plan *out, struct app_error *err)
{
    memset(out, 0, sizeof *out);
    if (to == PLAN_CANCELLED && !reason)
        return app_fail(err, BELONG_EUSAGE, "--reason",
                        "a cancelled plan needs --reason TEXT (why it was called off)");
    int rc = app_text_check("--reason", reason, err);
    if (rc != BELONG_OK)
        return rc;
    /* The plan's peer checked before the write (a refusal audited outside it, which a
    ** rollback would undo); the plan read again inside it. */
    if ((rc = plan_of_caseload(app, plan_id, "plan.close", out, err)) == BELONG_OK)
        rc = app_peer_check_active(app, out->peer_id, APP_PEER_CHANGE, "plan.close", NULL, err);
    plan_free(out);
    if (rc != BELONG_OK)
        return app_change_end(app, rc, err);
    if ((rc = store_begin(app->store)) != BELONG_OK)
        return app_change_end(app, app_store_fail(app, err, rc), err);
    rc = plan_of_caseload(app, plan_id, NULL, out, err);
    if (rc == BELONG_OK && out->status != PLAN_PLANNED)
        rc = app_fail(err, BELONG_EDATA, "PLAN", "plan %lld is already %s", (long long)plan_id,
                      plan_status_name(out->status));
    if (rc == BELONG_OK) {
        rc = store_plan_set_status(app->store, app->cps, plan_id, to, reason, app->now);
        if (rc != BELONG_OK)
            app_store_fail(app, err, rc);
    }
    rc = app_write_end(app, rc, err);
    if (rc == BELONG_OK) {
        out->status = to;
        free(out->reason);
        out->reason = xstrdup(reason);
        out->updated_at = app->now;
    } else {
        plan_free(out);
    }
    return app_change_end(app, rc, err);
}

/* Today as YYYY-MM-DD. */
static void today_text(const struct app *app, char out[11])
{
    struct civil_date t = app_today(app);
    snprintf(out, 11, "%04d-%02d-%02d", t.year, t.month, t.day);
}

int app_plan_planned_for(struct app *app, int64_t peer_id, int64_t activity_id, struct plan *out,
                         bool *found, struct app_error *err)
{
    char today[11];
    today_text(app, today);
    int rc = store_plan_find_planned(app->store, app->cps, peer_id, activity_id, today, out, found);
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}

int app_plan_from_choice(struct app *app, int64_t peer_id, int64_t activity_id, const char *note,
                         int days, struct plan *out, bool *made, bool *joined,
                         struct app_error *err)
{
    *made = *joined = false;
    int rc = app_plan_planned_for(app, peer_id, activity_id, out, joined, err);
    if (rc != BELONG_OK || *joined) {
        *made = *joined;
        return rc;
    }
    struct occurrence *occ = NULL;
    size_t n = 0;
    rc = occurrences_in_window(app->store, activity_id, app->now,
                               app->now + (time_t)days * SECONDS_PER_DAY, &occ, &n);
    if (rc != BELONG_OK) {
        free(occ);
        return rc == BELONG_EDATA ? BELONG_OK /* no dates to plan on: the choice stands */
                                  : app_store_fail(app, err, rc);
    }
    if (!n) {
        free(occ);
        return BELONG_OK;
    }
    struct activity a = {0};
    rc = store_activity_get(app->store, activity_id, &a);
    bool listed = rc == BELONG_OK && a.active; /* a retired listing gets no new plan */
    struct civil_date d;
    instant_to_local(occ[0].start, a.tzid ? a.tzid : app->tz, &d, NULL, NULL, NULL);
    free(occ);
    activity_free(&a);
    if (rc != BELONG_OK)
        return rc == BELONG_ENOINPUT ? BELONG_OK : app_store_fail(app, err, rc);
    if (!listed)
        return BELONG_OK;
    char date[11];
    snprintf(date, sizeof date, "%04d-%02d-%02d", d.year, d.month, d.day);
    struct app_plan_request rq = {peer_id, activity_id, date, NULL, note};
    rc = plan_add_in(app, app->cps, &rq, out, err);
    *made = rc == BELONG_OK;
    return rc;
}
