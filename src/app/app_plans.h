/* app_plans.h — plans and visits, the record of the practice after a suggestion (issue 12):
** add, list and close a peer's plans, record and list visits, the plan a choice becomes or
** joins, and the step-up / step-down suggestion (engagement/step.h). Always for a peer of the
** acting CPS's (app->cps) own caseload who is not archived; another CPS's peer answers exactly
** as one that does not exist. Each write is one transaction.
*/
#ifndef BELONG_APP_PLANS_H
#define BELONG_APP_PLANS_H

#include "../engagement/engagement.h"
#include "../engagement/step.h"
#include "app.h"

/* A plan as a face gives it: text as typed (the web sends the same). */
struct app_plan_request {
    int64_t peer_id, activity_id;
    const char *date;    /* YYYY-MM-DD, today or after (required) */
    const char *support; /* along, meet, alone, rehearse; NULL: along */
    const char *note;    /* or NULL */
};

#define APP_PLAN_NEAREST_DAYS 366 /* how far from a refused date the nearest dates are sought */

/* Adds a plan. The date must be one the activity meets on (its occurrences, as the directory
** decides them: directory/occurrences.h); a listing whose times are not listed takes any day
** it is open (any day when its days are not known either), without a start time. Refusals,
** nothing written: BELONG_EDATA for a bad or past date, an unknown support, text that is not
** fit to keep, a retired listing or a day it does not meet (err naming the nearest dates
** before and after); BELONG_ENOINPUT for a peer or activity not there. OUT: *out (plan_free). */
int app_plan_add(struct app *app, const struct app_plan_request *rq, struct plan *out,
                 struct app_error *err);
/* The peer's plans by date, only those of status (a name, e.g. "planned") when not NULL.
** OUT: *out (plans_free) of *n. */
int app_plan_list(struct app *app, int64_t peer_id, const char *status, struct plan **out,
                  size_t *n, struct app_error *err);
/* Marks plan plan_id done, skipped or cancelled (to), with reason (NULL allowed but for
** cancelled, which needs one: BELONG_EUSAGE). Only a planned plan changes (else BELONG_EDATA);
** BELONG_ENOINPUT for a plan not in the caseload or of an archived peer. OUT: *out (plan_free). */
int app_plan_close(struct app *app, int64_t plan_id, enum plan_status to, const char *reason,
                   struct plan *out, struct app_error *err);

/* The plan a choice of activity_id by peer_id becomes or joins: the earliest planned plan for
** that activity from today (joined), else a new one on the activity's next occurrence from now
** within days days, supported "along", with note. Call it inside the write transaction that
** records the choice. OUT: *made (false: no occurrence in the window, nothing written), *joined,
** and *out (plan_free) when made. */
int app_plan_from_choice(struct app *app, int64_t peer_id, int64_t activity_id, const char *note,
                         int days, struct plan *out, bool *made, bool *joined,
                         struct app_error *err);
/* The plan of peer_id for activity_id that a choice made or joined (the earliest planned one
** from today). OUT: *found, *out (plan_free) when found. */
int app_plan_planned_for(struct app *app, int64_t peer_id, int64_t activity_id, struct plan *out,
                         bool *found, struct app_error *err);

/* A visit as a face gives it. */
struct app_visit_request {
    int64_t peer_id;
    int64_t plan_id;     /* the plan it follows, or 0 */
    int64_t activity_id; /* without a plan (exactly one of the two) */
    const char *date;    /* YYYY-MM-DD, today or before; NULL with a plan: the plan's day */
    const char *went;    /* yes / no (parse_yes_no) */
    int comfort_before, comfort_after;        /* 1-5, 0 = not said */
    int conversations;                        /* >= 0, -1 = not said */
    const char *with_whom, *felt, *next_step; /* the peer's words, or NULL */
};
/* Records a visit; a visit to a planned plan marks it done (went) or skipped (not went) in the
** same transaction. Refusals, nothing written: BELONG_EUSAGE without exactly one of plan and
** activity, or without went; BELONG_EDATA for a bad or future date, went not yes/no, comfort
** not 1-5, conversations or comfort after for a visit the peer did not go to, text not fit to
** keep; BELONG_ENOINPUT for a peer, plan (of this peer) or activity not there. OUT: *out. */
int app_visit_add(struct app *app, const struct app_visit_request *rq, struct visit *out,
                  struct app_error *err);
/* The peer's visits by date. OUT: *out (visits_free) of *n. */
int app_visit_list(struct app *app, int64_t peer_id, struct visit **out, size_t *n,
                   struct app_error *err);

/* The step-up / step-down suggestion for peer_id from their comfort level (and when it was last
** set) and their visits and skipped plans (engagement/step.h). OUT: *out. */
int app_step_get(struct app *app, int64_t peer_id, struct step_suggestion *out,
                 struct app_error *err);

#endif
