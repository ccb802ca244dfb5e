/* caseload_report.c — the caseload report (app_reports.h): the active peers of the caseloads
** the acting handle may view (app_team_caseloads) with their plans, visits and UCLA-3/LSNS-6
** answers, read in one read transaction a query a kind (store_caseload_read, names only when
** shown), each peer's view audited, turned into the figures docs/practice.md defines and
** written as JSON, an HTML page or a de-identified CSV. And the dashboard (app_dashboard): the
** same read with each peer's next plan and step suggestion, audited as one caseload view.
*/
#include "app_reports.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engagement/step.h"
#include "../measures/measures.h"
#include "../reports/report_page.h"
#include "../store/store.h"
#include "../util/strset.h"
#include "app_accounts.h"
#include "app_measures.h"

static const char *const report_instruments[2] = {"ucla3", "lsns6"};
static const char *const report_instrument_names[2] = {"UCLA-3", "LSNS-6"};

static void put_day(char out[11], long day)
{
    struct civil_date d = civil_from_days(day);
    snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* Reads a period's day (field "--from" / "--to"). OUT: *day (days from 1970-01-01). */
static int period_day(const char *field, const char *text, long *day, struct app_error *err)
{
    struct civil_date d;
    if (!parse_date(text, &d))
        return app_fail(err, BELONG_EDATA, field, "%s: '%s' is not a date (YYYY-MM-DD)", field,
                        text);
    *day = days_from_civil(&d);
    return BELONG_OK;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The change figures of values[0..n) (sorted here). */
static void change_figures(double *values, size_t n, struct report_change *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    if (!n)
        return;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += values[i];
    out->mean = sum / (double)n;
    if (n >= 2) {
        double ss = 0;
        for (size_t i = 0; i < n; i++)
            ss += (values[i] - out->mean) * (values[i] - out->mean);
        out->sd = sqrt(ss / (double)(n - 1));
    }
    qsort(values, n, sizeof *values, compare_double);
    out->median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* One peer's records: slices of the caseload's arrays (store_caseload), each by date then id. */
struct peer_records {
    const struct store_caseload_plan *plans;
    size_t n_plans;
    const struct store_caseload_visit *visits;
    size_t n_visits;
    const struct app_measure *measures; /* scored where state is SCORED */
    const unsigned char *state;
    size_t n_measures;
};

/* What is known of an administration's total (scored_totals). */
enum { UNREAD, SCORED, NOT_SCORED, WANTED };

/* One peer's figures from their records. */
static void peer_figures(const struct store_caseload_peer *p, const struct peer_records *rec,
                         const char *from, const char *to, const char *due_until,
                         const char *risk_from, struct report_peer_row *row)
{
    memset(row, 0, sizeof *row);
    row->peer_id = p->id;
    row->name = xstrdup(p->name);
    for (int k = 0; k < 2; k++)
        row->first[k] = row->latest[k] = row->last[k] = -1;
    snprintf(row->cps, sizeof row->cps, "%s", p->cps);
    for (size_t i = 0; i < rec->n_plans; i++) {
        const struct store_caseload_plan *plan = &rec->plans[i];
        if (plan->status == PLAN_CANCELLED)
            continue;
        if (strcmp(plan->date, from) >= 0 && strcmp(plan->date, due_until) <= 0)
            row->plans_due++;
        if (strcmp(plan->date, risk_from) >= 0)
            row->planned_recently = true;
    }
    const struct store_caseload_visit *visits = rec->visits;
    for (size_t i = 0; i < rec->n_visits; i++) {
        if (!visits[i].went || strcmp(visits[i].date, from) < 0 || strcmp(visits[i].date, to) > 0)
            continue;
        row->visits_went++;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = visits[j].went && visits[j].activity_id == visits[i].activity_id &&
                   strcmp(visits[j].date, from) >= 0 && strcmp(visits[j].date, to) <= 0;
        row->activities_tried += !seen;
    }
    const struct app_measure *m = rec->measures;
    for (size_t i = 0; i < rec->n_measures; i++) {
        if (rec->state[i] != SCORED || strcmp(m[i].date, to) > 0)
            continue;
        const struct measure_scale_result *t = measure_total(&m[i].result);
        for (int k = 0; k < 2; k++) {
            if (strcmp(m[i].result.instrument->id, report_instruments[k]) != 0)
                continue;
            row->last[k] = t->score;
            memcpy(row->last_on[k], m[i].date, 11);
            if (strcmp(m[i].date, from) < 0)
                continue;
            if (row->first[k] < 0) {
                row->first[k] = t->score;
                memcpy(row->first_on[k], m[i].date, 11);
            }
            row->latest[k] = t->score;
            memcpy(row->latest_on[k], m[i].date, 11);
        }
    }
    row->at_risk = (row->last[1] >= 0 && row->last[1] < LSNS6_AT_RISK_BELOW) ||
                   row->last[0] >= UCLA3_LONELY_MIN;
}

/* Marks WANTED the administration of instrument k among measures[lo..hi) (one peer's, by date)
** that the figure scanning them (from the first when up, else from the last, dated from..to)
** would take: the first not known NOT_SCORED, when it is still UNREAD. Returns whether one was. */
static bool want_next(const struct store_measure *m, unsigned char *state, size_t lo, size_t hi,
                      int k, const char *from, const char *to, bool up, size_t *wanted,
                      size_t *n_wanted)
{
    for (size_t j = 0; j < hi - lo; j++) {
        size_t i = up ? lo + j : hi - 1 - j;
        if (strcmp(m[i].instrument, report_instruments[k]) != 0 ||
            (from && strcmp(m[i].date, from) < 0) || strcmp(m[i].date, to) > 0 ||
            state[i] == NOT_SCORED)
            continue;
        if (state[i] != UNREAD)
            return false;
        state[i] = WANTED;
        wanted[(*n_wanted)++] = i;
        return true;
    }
    return false;
}

/* Scores the administrations the figures take, opening no other answers: for each peer and
** instrument the first and the latest of the period and the last up to its end with a total
** (one not scored, too many items missing, is passed over: the next one is read, in one more
** query for all the peers). Inside the read of c. OUT: scored[i] and state[i] (SCORED or
** NOT_SCORED for those read, UNREAD for the others). */
static int scored_totals(struct app *app, struct store_caseload *c, const char *from,
                         const char *to, struct app_measure *scored, unsigned char *state,
                         struct app_error *err)
{
    size_t *wanted = xcalloc(c->n_measures ? c->n_measures : 1, sizeof *wanted);
    int rc = BELONG_OK;
    for (;;) {
        size_t n_wanted = 0;
        for (size_t lo = 0, hi; lo < c->n_measures; lo = hi) {
            for (hi = lo + 1;
                 hi < c->n_measures && c->measures[hi].peer_id == c->measures[lo].peer_id;)
                hi++;
            for (int k = 0; k < 2; k++) {
                want_next(c->measures, state, lo, hi, k, from, to, true, wanted, &n_wanted);
                want_next(c->measures, state, lo, hi, k, from, to, false, wanted, &n_wanted);
                want_next(c->measures, state, lo, hi, k, NULL, to, false, wanted, &n_wanted);
            }
        }
        if (!n_wanted)
            break;
        if ((rc = store_caseload_answers(app->store, c, wanted, n_wanted)) != BELONG_OK) {
            rc = app_store_fail(app, err, rc);
            break;
        }
        for (size_t w = 0; rc == BELONG_OK && w < n_wanted; w++) {
            size_t i = wanted[w];
            rc = app_measure_score(&c->measures[i], &scored[i], err);
            const struct measure_scale_result *t = rc ? NULL : measure_total(&scored[i].result);
            state[i] = t && !t->missing ? SCORED : NOT_SCORED;
        }
        if (rc != BELONG_OK)
            break;
    }
    free(wanted);
    return rc;
}

/* The rows of every peer of c, in c's order (by id): each peer's records found by walking the
** record arrays (ordered by peer id too) alongside. OUT: out->rows, out->n_rows. */
static void caseload_rows(const struct store_caseload *c, const struct app_measure *scored,
                          const unsigned char *state, const char *due_until, const char *risk_from,
                          struct report_caseload *out)
{
    out->rows = xcalloc(c->n_peers ? c->n_peers : 1, sizeof *out->rows);
    size_t ip = 0, iv = 0, im = 0;
    for (size_t i = 0; i < c->n_peers; i++) {
        int64_t id = c->peers[i].id;
        struct peer_records rec = {0};
        /* records of a peer not listed (none: the same queries select both) are passed over */
        while (ip < c->n_plans && c->plans[ip].peer_id < id)
            ip++;
        for (rec.plans = &c->plans[ip]; ip < c->n_plans && c->plans[ip].peer_id == id; ip++)
            rec.n_plans++;
        while (iv < c->n_visits && c->visits[iv].peer_id < id)
            iv++;
        for (rec.visits = &c->visits[iv]; iv < c->n_visits && c->visits[iv].peer_id == id; iv++)
            rec.n_visits++;
        while (im < c->n_measures && c->measures[im].peer_id < id)
            im++;
        rec.measures = &scored[im];
        for (rec.state = &state[im]; im < c->n_measures && c->measures[im].peer_id == id; im++)
            rec.n_measures++;
        peer_figures(&c->peers[i], &rec, out->from, out->to, due_until, risk_from,
                     &out->rows[out->n_rows++]);
    }
}

/* Writes the "peer.list" audit row of each peer the report shows, as app_peer_list does, in one
** transaction. Whether the acting handle may view a peer depends only on the caseload it is in:
** the first peer of each caseload is checked (app_peer_access: a refusal fails the report, as
** app_peer_list), the others of that caseload are noted with the same outcome. */
static int audit_viewed(struct app *app, const struct store_caseload *c, struct app_error *err)
{
    if (!c->n_peers)
        return BELONG_OK;
    int rc = store_begin(app->store);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    char owner[APP_NAME_MAX + 1];
    const char **checked = xcalloc(c->n_peers, sizeof *checked); /* caseloads checked, borrowed */
    size_t n_checked = 0;
    for (size_t i = 0; rc == BELONG_OK && i < c->n_peers; i++) {
        const struct store_caseload_peer *p = &c->peers[i];
        bool seen = false;
        for (size_t k = 0; k < n_checked && !seen; k++)
            seen = strcmp(checked[k], p->cps) == 0;
        if (seen) {
            rc = app_audit_note(app, "peer.list", p->id, true, err);
            continue;
        }
        rc = app_peer_access(app, p->id, APP_PEER_VIEW, "peer.list", "ID", owner, err);
        checked[n_checked++] = p->cps;
    }
    free(checked);
    if (rc == BELONG_OK && (rc = store_commit(app->store)) != BELONG_OK)
        app_store_fail(app, err, rc);
    if (rc != BELONG_OK)
        store_rollback(app->store);
    return rc;
}

/* Whether a row counts in a change: two administrations or more in the period. */
static bool row_has_change(const struct report_peer_row *row, int k)
{
    return row->first[k] >= 0 && strcmp(row->first_on[k], row->latest_on[k]) != 0;
}

/* The caseload report's read (app_report_caseload_read) and, with engaged not NULL, the
** dashboard's: the same rows with each peer's planned plans from engaged_from on and step events
** read in the same read transaction (OUT: *engaged, store_engagement_free), the whole view
** audited as one "dashboard" row (no peer in it) instead of a "peer.list" row a peer. */
static int caseload_read(struct app *app, const char *from, const char *to, bool with_names,
                         struct store_engagement *engaged, const char *engaged_from,
                         struct report_caseload *out, struct app_error *err)
{
    memset(out, 0, sizeof *out);
    if (engaged)
        memset(engaged, 0, sizeof *engaged);
    struct civil_date now = app_today(app);
    long today = days_from_civil(&now), from_day, to_day = today;
    int rc;
    if (to && (rc = period_day("--to", to, &to_day, err)) != BELONG_OK)
        return rc;
    from_day = to_day - (REPORT_DEFAULT_DAYS - 1);
    if (from && (rc = period_day("--from", from, &from_day, err)) != BELONG_OK)
        return rc;
    put_day(out->from, from_day);
    put_day(out->to, to_day);
    if (from_day > to_day)
        return app_fail(err, BELONG_EDATA, "--from", "--from %s is after --to %s", out->from,
                        out->to);
    char due_until[11], risk_from[11];
    put_day(due_until, to_day < today ? to_day : today);
    put_day(risk_from, to_day - REPORT_RISK_DAYS);
    snprintf(out->cps, sizeof out->cps, "%s", app->cps ? app->cps : "");
    char(*caseloads)[APP_NAME_MAX + 1] = NULL;
    if ((rc = app_team_caseloads(app, &caseloads, &out->n_caseloads, err)) != BELONG_OK)
        return rc;
    const char **handles = xcalloc(out->n_caseloads, sizeof *handles);
    for (size_t i = 0; i < out->n_caseloads; i++)
        handles[i] = caseloads[i];
    /* The records in one read, a query a kind (and the answers the figures take), then the
    ** audit rows of the peers shown. */
    struct store_caseload c = {0};
    struct app_measure *scored = NULL;
    unsigned char *state = NULL;
    if ((rc = store_read_begin(app->store)) == BELONG_OK) {
        rc = store_caseload_read(app->store, handles, out->n_caseloads, with_names,
                                 report_instruments, 2, &c);
        if (rc != BELONG_OK)
            rc = app_store_fail(app, err, rc);
        else {
            scored = xcalloc(c.n_measures ? c.n_measures : 1, sizeof *scored);
            state = xcalloc(c.n_measures ? c.n_measures : 1, sizeof *state);
            rc = scored_totals(app, &c, out->from, out->to, scored, state, err);
        }
        if (rc == BELONG_OK && engaged &&
            (rc = store_caseload_engagement(app->store, handles, out->n_caseloads, engaged_from,
                                            engaged)) != BELONG_OK)
            rc = app_store_fail(app, err, rc);
        store_read_end(app->store);
    } else
        rc = app_store_fail(app, err, rc);
    free(handles);
    free(caseloads);
    if (rc == BELONG_OK)
        rc = engaged ? app_audit_note(app, "dashboard", 0, true, err) : audit_viewed(app, &c, err);
    if (rc == BELONG_OK)
        caseload_rows(&c, scored, state, due_until, risk_from, out);
    free(scored);
    free(state);
    store_caseload_free(&c);
    if (rc != BELONG_OK) {
        app_report_caseload_free(out);
        if (engaged)
            store_engagement_free(engaged);
        return rc;
    }
    double *changes = xcalloc(out->n_rows ? out->n_rows : 1, sizeof *changes);
    for (int k = 0; k < 2; k++) {
        size_t m = 0;
        for (size_t i = 0; i < out->n_rows; i++)
            if (row_has_change(&out->rows[i], k))
                changes[m++] = out->rows[i].latest[k] - out->rows[i].first[k];
        change_figures(changes, m, &out->change[k]);
    }
    free(changes);
    for (size_t i = 0; i < out->n_rows; i++) {
        const struct report_peer_row *row = &out->rows[i];
        out->plans_due += row->plans_due;
        out->visits_went += row->visits_went;
        out->activities_tried += row->activities_tried;
        out->n_flagged += row->at_risk && !row->planned_recently;
    }
    out->has_attendance = out->plans_due > 0;
    if (out->has_attendance)
        out->attendance = (double)out->visits_went / out->plans_due;
    return BELONG_OK;
}

int app_report_caseload_read(struct app *app, const char *from, const char *to, bool with_names,
                             struct report_caseload *out, struct app_error *err)
{
    return caseload_read(app, from, to, with_names, NULL, NULL, out, err);
}

/* The step suggestion of peer p from its events steps[0..n) (all of p's), as app_step_get
** makes it from the peer's visits and skipped plans. */
static bool steps_down(const struct store_engaged_peer *p, const struct store_step_row *steps,
                       size_t n)
{
    struct step_event *ev = xcalloc(n ? n : 1, sizeof *ev);
    for (size_t i = 0; i < n; i++) {
        ev[i] = (struct step_event){.recorded_at = steps[i].recorded_at,
                                    .seq = steps[i].id,
                                    .missed = steps[i].missed,
                                    .intensity = steps[i].intensity,
                                    .comfort_after = steps[i].comfort_after};
        memcpy(ev[i].date, steps[i].date, sizeof ev[i].date);
    }
    struct step_suggestion step;
    step_suggest(p->comfort, p->comfort_set_at, ev, n, &step);
    free(ev);
    return step.direction == STEP_DOWN;
}

int app_dashboard(struct app *app, struct app_dashboard *out, struct app_error *err)
{
    memset(out, 0, sizeof *out);
    struct app_user me;
    int rc = app_acting_user(app, &me, err);
    if (rc != BELONG_OK)
        return rc;
    if (me.disabled) {
        app_audit_note(app, "dashboard", 0, false, err);
        return app_fail(err, BELONG_ENOPERM, "--cps", "the account '%s' is disabled", me.name);
    }
    struct civil_date d = app_today(app);
    put_day(out->today, days_from_civil(&d));
    put_day(out->week_end, days_from_civil(&d) + APP_DASHBOARD_WEEK_DAYS - 1);
    struct store_engagement e;
    if ((rc = caseload_read(app, NULL, NULL, true, &e, out->today, &out->report, err)) != BELONG_OK)
        return rc;
    out->peers = xcalloc(out->report.n_rows + 1, sizeof *out->peers);
    /* The rows, the peers, their plans and steps are all by peer id: walked alongside. */
    size_t ie = 0, ip = 0, is = 0;
    for (size_t i = 0; i < out->report.n_rows; i++) {
        int64_t id = out->report.rows[i].peer_id;
        struct app_dashboard_peer *dp = &out->peers[i];
        while (ip < e.n_plans && e.plans[ip].peer_id < id)
            ip++;
        if (ip < e.n_plans && e.plans[ip].peer_id == id) { /* the first from today */
            dp->has_next = true;
            memcpy(dp->next_date, e.plans[ip].date, sizeof dp->next_date);
            dp->next_activity = e.plans[ip].activity_name;
            e.plans[ip].activity_name = NULL; /* the line's now */
            dp->this_week = strcmp(dp->next_date, out->week_end) <= 0;
        }
        while (is < e.n_steps && e.steps[is].peer_id < id)
            is++;
        size_t first = is;
        while (is < e.n_steps && e.steps[is].peer_id == id)
            is++;
        while (ie < e.n_peers && e.peers[ie].id < id)
            ie++;
        if (ie < e.n_peers && e.peers[ie].id == id)
            dp->step_down = steps_down(&e.peers[ie], &e.steps[first], is - first);
    }
    store_engagement_free(&e);
    return BELONG_OK;
}

void app_dashboard_free(struct app_dashboard *d)
{
    for (size_t i = 0; d->peers && i < d->report.n_rows; i++)
        free(d->peers[i].next_activity);
    free(d->peers);
    app_report_caseload_free(&d->report);
    memset(d, 0, sizeof *d);
}

int app_report_caseload(struct app *app, const char *from, const char *to,
                        struct report_caseload *out, struct app_error *err)
{
    return app_report_caseload_read(app, from, to, true, out, err);
}

void app_report_caseload_free(struct report_caseload *r)
{
    for (size_t i = 0; i < r->n_rows; i++)
        free(r->rows[i].name);
    free(r->rows);
    memset(r, 0, sizeof *r);
}

/* A score and its day as JSON, or null. */
static json_t *score_json(int score, const char *day)
{
    return score < 0 ? json_null() : json_pack("{s:i, s:s}", "score", score, "date", day);
}

static json_t *change_json(const struct report_change *c)
{
    return json_pack("{s:I, s:o, s:o, s:o}", "n", (json_int_t)c->n, "mean_change",
                     c->n ? json_real(c->mean) : json_null(), "sd",
                     c->n >= 2 ? json_real(c->sd) : json_null(), "median_change",
                     c->n ? json_real(c->median) : json_null());
}

json_t *app_report_caseload_json(const struct report_caseload *r)
{
    json_t *peers = json_array(), *at_risk = json_array();
    for (size_t i = 0; i < r->n_rows; i++) {
        const struct report_peer_row *row = &r->rows[i];
        json_t *p = json_pack(
            "{s:I, s:s, s:s, s:i, s:i, s:i, s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o}, s:b, s:b}",
            "peer_id", (json_int_t)row->peer_id, "name", row->name, "cps", row->cps, "plans_due",
            row->plans_due, "visits_went", row->visits_went, "activities_tried",
            row->activities_tried, "ucla3", "first", score_json(row->first[0], row->first_on[0]),
            "latest", score_json(row->latest[0], row->latest_on[0]), "last",
            score_json(row->last[0], row->last_on[0]), "lsns6", "first",
            score_json(row->first[1], row->first_on[1]), "latest",
            score_json(row->latest[1], row->latest_on[1]), "last",
            score_json(row->last[1], row->last_on[1]), "at_risk", row->at_risk, "planned_recently",
            row->planned_recently);
        json_array_append_new(peers, p);
        if (row->at_risk && !row->planned_recently)
            json_array_append_new(at_risk, json_pack("{s:I, s:s}", "peer_id",
                                                     (json_int_t)row->peer_id, "name", row->name));
    }
    return json_pack("{s:s, s:I, s:s, s:s, s:I, s:i, s:i, s:i, s:o, s:{s:o, s:o}, s:o, s:o}", "cps",
                     r->cps, "caseloads", (json_int_t)r->n_caseloads, "from", r->from, "to", r->to,
                     "active_peers", (json_int_t)r->n_rows, "plans_due", r->plans_due,
                     "visits_went", r->visits_went, "activities_tried", r->activities_tried,
                     "attendance_rate", r->has_attendance ? json_real(r->attendance) : json_null(),
                     "change", "ucla3", change_json(&r->change[0]), "lsns6",
                     change_json(&r->change[1]), "at_risk_without_plan", at_risk, "peers", peers);
}

/* "-1.50 (SD 0.71, median -1.50, n 2)" or "no peer measured twice". */
static void put_change_words(struct buf *out, const struct report_change *c)
{
    if (!c->n) {
        buf_puts(out, "no peer measured twice in the period");
        return;
    }
    buf_printf(out, "mean %+.2f", c->mean);
    if (c->n >= 2)
        buf_printf(out, " (SD %.2f)", c->sd);
    buf_printf(out, ", median %+.2f, n = %zu peer%s", c->median, c->n, c->n == 1 ? "" : "s");
}

static void put_score_cell(struct buf *out, int score, const char *day)
{
    if (score < 0)
        buf_puts(out, "<td class=\"num\">–</td>");
    else
        buf_printf(out, "<td class=\"num\">%d <small>(%s)</small></td>", score, day);
}

void app_report_caseload_html(const struct report_caseload *r, struct buf *html)
{
    char title[160], sub[160];
    bool team = r->n_caseloads > 1;
    if (team)
        snprintf(title, sizeof title, "Caseload report: %s and their team (%zu caseloads)", r->cps,
                 r->n_caseloads);
    else
        snprintf(title, sizeof title, "Caseload report: %s", r->cps);
    snprintf(sub, sizeof sub, "From %s to %s (both days included)", r->from, r->to);
    report_page_begin(html, title, sub);
    buf_puts(html, "<h2>Figures</h2>\n<div class=\"table\"><table>\n<tbody>\n");
    buf_printf(html, "<tr><th>Active peers</th><td class=\"num\">%zu</td></tr>\n", r->n_rows);
    buf_printf(html, "<tr><th>Visits the peers went to</th><td class=\"num\">%d</td></tr>\n",
               r->visits_went);
    buf_printf(html, "<tr><th>Activities tried</th><td class=\"num\">%d</td></tr>\n",
               r->activities_tried);
    buf_printf(html, "<tr><th>Plans due</th><td class=\"num\">%d</td></tr>\n", r->plans_due);
    if (r->has_attendance)
        buf_printf(html, "<tr><th>Attendance rate</th><td class=\"num\">%.0f%%</td></tr>\n",
                   r->attendance * 100);
    else
        buf_puts(html, "<tr><th>Attendance rate</th><td class=\"num\">no plans due</td></tr>\n");
    for (int k = 0; k < 2; k++) {
        buf_printf(html, "<tr><th>Change in %s, first to latest</th><td class=\"num\">",
                   report_instrument_names[k]);
        put_change_words(html, &r->change[k]);
        buf_puts(html, "</td></tr>\n");
    }
    buf_puts(html, "</tbody>\n</table></div>\n<p>A fall in UCLA-3 is less loneliness; a rise in "
                   "LSNS-6 is a larger network. SD is the sample standard deviation.</p>\n");
    buf_printf(html, "<h2>At risk, with no plan in the last %d days</h2>\n", REPORT_RISK_DAYS);
    if (!r->n_flagged)
        buf_puts(html, "<p>None.</p>\n");
    else {
        buf_puts(html, "<ul>\n");
        for (size_t i = 0; i < r->n_rows; i++) {
            const struct report_peer_row *row = &r->rows[i];
            if (!row->at_risk || row->planned_recently)
                continue;
            buf_printf(html, "<li>#%lld ", (long long)row->peer_id);
            report_text(html, row->name);
            if (row->last[0] >= 0)
                buf_printf(html, ", UCLA-3 %d on %s", row->last[0], row->last_on[0]);
            if (row->last[1] >= 0)
                buf_printf(html, ", LSNS-6 %d on %s", row->last[1], row->last_on[1]);
            buf_puts(html, "</li>\n");
        }
        buf_puts(html, "</ul>\n");
    }
    buf_puts(html, "<h2>Peers</h2>\n<div class=\"table\"><table>\n<thead><tr><th>Peer</th>");
    if (team)
        buf_puts(html, "<th>CPS</th>");
    buf_puts(html, "<th class=\"num\">Plans due</th><th class=\"num\">Went</th>"
                   "<th class=\"num\">Tried</th><th class=\"num\">UCLA-3 first</th>"
                   "<th class=\"num\">UCLA-3 latest</th><th class=\"num\">LSNS-6 first</th>"
                   "<th class=\"num\">LSNS-6 latest</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->n_rows; i++) {
        const struct report_peer_row *row = &r->rows[i];
        buf_printf(html, "<tr><td>#%lld ", (long long)row->peer_id);
        report_text(html, row->name);
        if (team) {
            buf_puts(html, "</td><td>");
            report_text(html, row->cps);
        }
        buf_printf(html,
                   "</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                   "<td class=\"num\">%d</td>",
                   row->plans_due, row->visits_went, row->activities_tried);
        for (int k = 0; k < 2; k++) {
            put_score_cell(html, row->first[k], row->first_on[k]);
            put_score_cell(html, row->latest[k], row->latest_on[k]);
        }
        buf_puts(html, "</tr>\n");
    }
    buf_puts(html, "</tbody>\n</table></div>\n");
    char today[11];
    snprintf(today, sizeof today, "%s", r->to);
    report_page_end(html, today);
}

/* A score's CSV cells: the score and its month, or two empty cells. */
static void put_score_csv(struct buf *out, int score, const char *day)
{
    if (score < 0)
        buf_puts(out, ",,");
    else
        buf_printf(out, ",%d,%.7s", score, day);
}

struct pseudonymous_row {
    char pseudonym[16];
    const struct report_peer_row *row;
};

static int compare_pseudonym(const void *a, const void *b)
{
    return strcmp(((const struct pseudonymous_row *)a)->pseudonym,
                  ((const struct pseudonymous_row *)b)->pseudonym);
}

void app_report_caseload_csv(const struct report_caseload *r, struct buf *csv)
{
    if (sodium_init() < 0)
        abort(); /* no random source: nothing de-identified can be written */
    struct pseudonymous_row *rows = xcalloc(r->n_rows ? r->n_rows : 1, sizeof *rows);
    struct strset seen = {0};
    for (size_t i = 0; i < r->n_rows; i++) {
        do {
            unsigned char bytes[5];
            randombytes_buf(bytes, sizeof bytes);
            snprintf(rows[i].pseudonym, sizeof rows[i].pseudonym, "P%02x%02x%02x%02x%02x", bytes[0],
                     bytes[1], bytes[2], bytes[3], bytes[4]);
        } while (!strset_add(&seen, rows[i].pseudonym));
        rows[i].row = &r->rows[i];
    }
    qsort(rows, r->n_rows, sizeof *rows, compare_pseudonym);
    buf_puts(csv, "peer,period_from,period_to,plans_due,visits_went,activities_tried,"
                  "ucla3_first,ucla3_first_month,ucla3_latest,ucla3_latest_month,"
                  "lsns6_first,lsns6_first_month,lsns6_latest,lsns6_latest_month,"
                  "at_risk,no_plan_last_30_days\r\n");
    for (size_t i = 0; i < r->n_rows; i++) {
        const struct report_peer_row *row = rows[i].row;
        buf_printf(csv, "%s,%.7s,%.7s,%d,%d,%d", rows[i].pseudonym, r->from, r->to, row->plans_due,
                   row->visits_went, row->activities_tried);
        for (int k = 0; k < 2; k++) {
            put_score_csv(csv, row->first[k], row->first_on[k]);
            put_score_csv(csv, row->latest[k], row->latest_on[k]);
        }
        buf_printf(csv, ",%s,%s\r\n", row->at_risk ? "yes" : "no",
                   row->planned_recently ? "no" : "yes");
    }
    strset_free(&seen);
    free(rows);
}
