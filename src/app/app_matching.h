/* app_matching.h — matching's operations: suggestions for a peer, why one activity fits or not,
** the peer's choices (chosen or declined), the plan of chosen activities for their calendar,
** and the demo peers.
*/
#ifndef BELONG_APP_MATCHING_H
#define BELONG_APP_MATCHING_H

#include "../formats/ical_write.h"
#include "../matching/recommend.h"
#include "../util/diag.h"
#include "app.h"

/* Ranked suggestions for peer peer_id of app->cps's caseload (not archived), and why few or
** none fit (res->diagnosis, recommend_diagnose) when fewer than opt->limit do or opt->why_not
** asks. Returns 0;
** BELONG_ENOINPUT for a peer not there or archived; when matching's data files cannot be read,
** their status with the problems in diag and err->message empty; another status with err. OUT:
** *p (peer_free) and *res (recommend_result_free), both zeroed-safe to free on any result. */
int app_recommend(struct app *app, int64_t peer_id, const struct recommend_options *opt,
                  struct peer *p, struct recommend_result *res, struct diag *diag,
                  struct app_error *err);
/* Why activity activity_id fits peer peer_id or not. As app_recommend, and BELONG_ENOINPUT
** ("no such activity N") for an activity not there. OUT: *p, *e (recommend_explanation_free). */
int app_explain(struct app *app, int64_t peer_id, int64_t activity_id,
                const struct recommend_options *opt, struct peer *p,
                struct recommend_explanation *e, struct diag *diag, struct app_error *err);

/* Records that peer peer_id chose (declined false) or declined activity_id, with note (may be
** NULL), at app->now: checked (the peer is in the caseload and not archived, the activity
** exists) and written in one write transaction, so that an archive made meanwhile is not
** passed; the history keeps it (app_choice_history). A choice that breaks one of the peer's
** limits in the coming RECOMMEND_DAYS_DEFAULT days (distance, online, cost, access, audience, a
** time they are free; recommend_explain's blockers) is refused with BELONG_EDATA naming each,
** unless force: then it is recorded and the history says which limits it broke.
** OUT: *activity_name, a heap string the caller frees, on success; *forced (heap, may be NULL)
** the limits a forced choice broke ("too-far,cost"), NULL when it broke none. */
int app_choice_record(struct app *app, int64_t peer_id, int64_t activity_id, bool declined,
                      bool force, const char *note, char **activity_name, char **forced,
                      struct app_error *err);

/* Withdraws peer peer_id's current choice of activity_id (recommend --unchoose), with note (may
** be NULL), in one write transaction: it is no longer chosen (not declined either), and the
** history keeps the choice and the withdrawal. BELONG_ENOINPUT when the peer has no current
** choice of it. OUT: *activity_name (heap) on success. */
int app_choice_withdraw(struct app *app, int64_t peer_id, int64_t activity_id, const char *note,
                        char **activity_name, struct app_error *err);

/* Peer peer_id's choices, declines and withdrawals, oldest first, with their notes (peer show).
** OUT: *entries (app_choice_history_free) and *n. */
int app_choice_history(struct app *app, int64_t peer_id, struct choice_event **entries, size_t *n,
                       struct app_error *err);
void app_choice_history_free(struct choice_event *entries, size_t n);

/* The activities a peer chose, each with its schedules and its occurrences for the export
** window from today: what a calendar of the peer's plan holds. */
struct app_plan {
    struct ical_write_item *items; /* n items, pointing into the arrays below */
    size_t n;
    struct activity *acts;
    struct schedule **scheds;
    struct occurrence **occ;
};
#define APP_PLAN_DAYS 120 /* occurrences listed for schedules a rule cannot carry */
/* Reads peer peer_id's plan. BELONG_ENOINPUT ("no such peer N in caseload CPS"); BELONG_EDATA
** when a chosen activity's schedule cannot be expanded. OUT: *plan (app_plan_free, whatever the
*result). */
int app_plan_get(struct app *app, int64_t peer_id, struct app_plan *plan, struct app_error *err);
void app_plan_free(struct app_plan *plan);

/* Adds or updates the demo peers (data/demo/peers.json) in the demo caseloads, in one
** transaction. Problems with the file go to diag (status BELONG_EDATA, err's message empty).
** OUT: *added, *updated. */
int app_demo_peers(struct app *app, struct diag *diag, size_t *added, size_t *updated,
                   struct app_error *err);

#endif
