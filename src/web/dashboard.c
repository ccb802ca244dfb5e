/* dashboard.c — the page a user lands on after logging in (/dashboard): who has something
** planned this week, who is at risk (latest UCLA-3 of 6 or more, LSNS-6 under 12, or a step down
** suggested) with nothing planned, and every peer of the caseload, each linked to their page.
** Read only; the figures come from the caseload report's operation (app_report_caseload), the
** plans and the step suggestion from theirs, which decide whose peers the user sees and audit
** each view.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_plans.h"
#include "../app/app_reports.h"
#include "web_internal.h"

#define DASHBOARD_WEEK_DAYS 7 /* "this week": today and the six days after */

/* What the dashboard knows of one peer. */
struct peer_line {
    const struct report_peer_row *row;
    struct plan next; /* the first planned plan from today, when has_next */
    bool has_next, this_week, step_down;
};

#define DATE_TEXT 16 /* YYYY-MM-DD, with room for what the compiler cannot rule out */

static void date_text(const struct civil_date *d, char out[DATE_TEXT])
{
    snprintf(out, DATE_TEXT, "%04d-%02d-%02d", d->year, d->month, d->day);
}

/* Reads the peer's next plan and step suggestion into *line. */
static int peer_line_read(struct app *app, const char *today, const char *week_end,
                          struct peer_line *line, struct app_error *err)
{
    struct plan *plans = NULL;
    size_t n = 0;
    int rc = app_plan_list(app, line->row->peer_id, "planned", &plans, &n, err);
    for (size_t i = 0; rc == BELONG_OK && i < n; i++) {
        if (strcmp(plans[i].date, today) >= 0) { /* by date: the first from today */
            line->next = plans[i];
            memset(&plans[i], 0, sizeof plans[i]); /* its strings are the line's now */
            line->has_next = true;
            line->this_week = strcmp(line->next.date, week_end) <= 0;
            break;
        }
    }
    plans_free(plans, n);
    struct step_suggestion step;
    if (rc == BELONG_OK)
        rc = app_step_get(app, line->row->peer_id, &step, err);
    if (rc == BELONG_OK)
        line->step_down = step.direction == STEP_DOWN;
    return rc;
}

static void peer_link(struct buf *b, const struct report_peer_row *row)
{
    html_printf(b, "<a href=\"/peers/%l\">%s</a>", (long long)row->peer_id, row->name);
}

/* Why a peer is at risk, in words; false when they are not. */
static bool risk_words(const struct peer_line *l, struct buf *b)
{
    const struct report_peer_row *r = l->row;
    bool any = false;
    if (r->last[0] >= 6) {
        html_printf(b, "UCLA-3 %d on %s", r->last[0], r->last_on[0]);
        any = true;
    }
    if (r->last[1] >= 0 && r->last[1] < 12) {
        html_printf(b, "%sLSNS-6 %d on %s", any ? "; " : "", r->last[1], r->last_on[1]);
        any = true;
    }
    if (l->step_down) {
        html_printf(b, "%sa step down is suggested", any ? "; " : "");
        any = true;
    }
    return any;
}

void page_dashboard(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct report_caseload r;
    struct app_error err;
    struct peer_line *lines = NULL;
    int rc = app_report_caseload(app, NULL, NULL, &r, &err);
    if (rc != BELONG_OK) {
        web_app_error(resp, false, &err);
        return;
    }
    struct civil_date d = app_today(app);
    char today[DATE_TEXT], week_end[DATE_TEXT];
    date_text(&d, today);
    d = civil_from_days(days_from_civil(&d) + DASHBOARD_WEEK_DAYS - 1);
    date_text(&d, week_end);
    lines = xcalloc(r.n_rows + 1, sizeof *lines);
    for (size_t i = 0; rc == BELONG_OK && i < r.n_rows; i++) {
        lines[i].row = &r.rows[i];
        rc = peer_line_read(app, today, week_end, &lines[i], &err);
    }
    if (rc != BELONG_OK) {
        web_app_error(resp, false, &err);
        goto out;
    }
    struct buf *b = &resp->body;
    resp->status = 200;
    resp->content_type = "text/html; charset=utf-8";
    web_page_begin(resp, "My peers");
    html_printf(b, "<h1>My peers</h1>\n");

    html_printf(b, "<section aria-labelledby=\"week\">\n<h2 id=\"week\">Planned this week</h2>\n");
    size_t shown = 0;
    for (size_t i = 0; i < r.n_rows; i++) {
        const struct peer_line *l = &lines[i];
        if (!l->this_week)
            continue;
        if (!shown++)
            html_printf(b, "<ul>\n");
        html_printf(b, "<li>");
        peer_link(b, l->row);
        html_printf(b, ": %s on %s</li>\n",
                    l->next.activity_name ? l->next.activity_name : "an activity", l->next.date);
    }
    html_printf(b, shown ? "</ul>\n" : "<p>Nothing planned from today to %s.</p>\n", week_end);
    html_printf(b, "</section>\n");

    html_printf(b, "<section aria-labelledby=\"risk\">\n<h2 id=\"risk\">At risk, with nothing "
                   "planned</h2>\n");
    shown = 0;
    struct buf why = {0};
    for (size_t i = 0; i < r.n_rows; i++) {
        const struct peer_line *l = &lines[i];
        buf_reset(&why);
        if (l->has_next || !risk_words(l, &why))
            continue;
        if (!shown++)
            html_printf(b, "<ul>\n");
        html_printf(b, "<li>");
        peer_link(b, l->row);
        html_printf(b, ": ");
        buf_append(b, buf_str(&why), why.len); /* written by html_printf above */
        html_printf(b, "</li>\n");
    }
    buf_free(&why);
    html_printf(b, shown ? "</ul>\n" : "<p>No one at risk is without a plan.</p>\n");
    html_printf(b, "</section>\n");

    html_printf(b, "<section aria-labelledby=\"all\">\n<h2 id=\"all\">Everyone</h2>\n");
    if (!r.n_rows)
        html_printf(b, "<p>No peers in your caseload yet.</p>\n");
    else
        html_printf(b, "<ul class=\"peers\">\n");
    for (size_t i = 0; i < r.n_rows; i++) {
        const struct peer_line *l = &lines[i];
        html_printf(b, "<li>");
        peer_link(b, l->row);
        if (l->has_next)
            html_printf(b, ": next %s, %s", l->next.date,
                        l->next.activity_name ? l->next.activity_name : "an activity");
        html_printf(b, "</li>\n");
    }
    if (r.n_rows)
        html_printf(b, "</ul>\n");
    html_printf(b, "</section>\n");
    html_page_end(b);
out:
    for (size_t i = 0; lines && i < r.n_rows; i++)
        if (lines[i].has_next)
            plan_free(&lines[i].next);
    free(lines);
    app_report_caseload_free(&r);
}
