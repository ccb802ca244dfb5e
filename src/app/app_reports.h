/* app_reports.h — the reports (issue 12), each a self-contained HTML page (reports/report_page.h)
** the CLI writes to a file and the web serves as is: a peer's report (the timeline of their
** plans, visits, connections and measures, with the charts), "my connection plan" for the peer,
** and the caseload report of the acting CPS (app->cps) for a period, as figures (JSON), a page,
** or a de-identified CSV. The figures are defined in docs/practice.md ("The caseload report").
*/
#ifndef BELONG_APP_REPORTS_H
#define BELONG_APP_REPORTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "app.h"

/* Appends the peer report of peer_id (of the caseload, not archived) to html: who, the charts
** (UCLA-3, LSNS-6, comfort before/after each visit, network size, ecomap) and the timeline,
** oldest first. BELONG_ENOINPUT for a peer not there (nothing appended). */
int app_report_peer(struct app *app, int64_t peer_id, struct buf *html, struct app_error *err);

#define REPORT_PLAN_STEPS 3 /* the next steps "my connection plan" shows */

/* Appends "my connection plan" of peer_id (of the caseload, not archived) to html: their
** interests and goals in their words, their next REPORT_PLAN_STEPS planned steps from today
** with dates, each place and how to get there, and who they can call (their CPS; their
** connections in touch who are friends, mentors or peers, by first name). */
int app_report_plan(struct app *app, int64_t peer_id, struct buf *html, struct app_error *err);

/* A change of one measure's headline score from first to latest within the period, over the
** peers with two administrations or more there. */
struct report_change {
    size_t n;      /* peers counted */
    double mean;   /* mean of (latest - first); 0 when n == 0 */
    double sd;     /* sample standard deviation (n - 1), when n >= 2 */
    double median; /* of the changes, when n >= 1 */
};

/* One peer's figures. */
struct report_peer_row {
    int64_t peer_id;
    char *name;                 /* owned */
    char cps[65];               /* the caseload the peer is in (a supervisor's team report) */
    int plans_due, visits_went; /* in the period, as defined */
    int activities_tried;       /* distinct activities among visits_went */
    int first[2], latest[2];    /* [0] UCLA-3, [1] LSNS-6 in the period; -1: none */
    char first_on[2][11], latest_on[2][11];
    int last[2]; /* the latest up to the period's end, any time; -1: none */
    char last_on[2][11];
    bool at_risk;          /* LSNS-6 < 12 or UCLA-3 >= 6 on last[] */
    bool planned_recently; /* a plan (not cancelled) dated from to - 30 days on */
};

struct report_caseload {
    char cps[65], from[11], to[11]; /* the period, both days included */
    struct report_peer_row *rows;   /* the active peers, by id; owned */
    size_t n_caseloads;             /* how many caseloads it covers: > 1 for a supervisor's team */
    size_t n_rows;
    int plans_due, visits_went, activities_tried;
    bool has_attendance;            /* plans_due > 0 */
    double attendance;              /* visits_went / plans_due */
    struct report_change change[2]; /* [0] UCLA-3, [1] LSNS-6 */
    size_t n_flagged;               /* at risk with no plan in the last 30 days */
};

#define REPORT_RISK_DAYS    30 /* "no plan in the last 30 days" */
#define REPORT_DEFAULT_DAYS 90 /* the period when --from is not given: 90 days ending --to */

/* The caseload report of app->cps from from to to (YYYY-MM-DD; NULL: to is today, from is
** REPORT_DEFAULT_DAYS days ending to). BELONG_EDATA naming "--from"/"--to" for a bad day or
** from after to. OUT: *out (app_report_caseload_free). */
int app_report_caseload(struct app *app, const char *from, const char *to,
                        struct report_caseload *out, struct app_error *err);
/* As app_report_caseload, the peers' names opened only when with_names (else each row's name is
** NULL: for the de-identified CSV, which never shows them). */
int app_report_caseload_read(struct app *app, const char *from, const char *to, bool with_names,
                             struct report_caseload *out, struct app_error *err);
void app_report_caseload_free(struct report_caseload *r);

/* ---- the dashboard (caseload_report.c) ---- */

#define APP_DASHBOARD_WEEK_DAYS 7 /* "this week": today and the six days after */

/* What the dashboard knows of one peer besides their report row. */
struct app_dashboard_peer {
    bool has_next;       /* a planned plan from today on */
    bool this_week;      /* ... by week_end */
    bool step_down;      /* the step suggestion (app_step_get) says down */
    char next_date[11];  /* the first planned plan's day */
    char *next_activity; /* its activity's name (owned), NULL when the listing is gone */
};
struct app_dashboard {
    struct report_caseload report;    /* the default period's report: its rows, by peer id */
    struct app_dashboard_peer *peers; /* one per report.rows[i] */
    char today[11], week_end[11];
};
/* The acting handle's dashboard: their caseload's (a supervisor's: their team's too) current
** peers with the caseload report's figures, each one's next plan and step suggestion, read in
** one read transaction a query a kind, whatever the number of peers, and audited as one
** "dashboard" row naming no peer. BELONG_ENOPERM for a disabled account (audited refused).
** OUT: *out (app_dashboard_free). */
int app_dashboard(struct app *app, struct app_dashboard *out, struct app_error *err);
void app_dashboard_free(struct app_dashboard *d);

/* The report as JSON (names included: for the CPS); NULL only when out of memory. */
json_t *app_report_caseload_json(const struct report_caseload *r);
/* The report as an HTML page for the CPS and a supervisor. */
void app_report_caseload_html(const struct report_caseload *r, struct buf *html);
/* The report as CSV for agency reporting, de-identified: one row a peer under a pseudonym
** drawn at random for this export only (rows in pseudonym order, so the order says nothing),
** no name, no free text, dates to the month. */
void app_report_caseload_csv(const struct report_caseload *r, struct buf *csv);

#endif
