/* dashboard.c — the page a user lands on after logging in (/dashboard): who has something
** planned this week, who is at risk (latest UCLA-3 of 6 or more, LSNS-6 under 12, or a step down
** suggested) with nothing planned, and every peer of the caseload, each linked to their page.
** Read only, from one operation (app_dashboard: the caseload report's figures with each peer's
** next plan and step suggestion), which decides whose peers the user sees and audits the view.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_reports.h"
#include "web_internal.h"

/* What the dashboard shows of one peer: their report row and what app_dashboard adds. */
struct peer_line {
    const struct report_peer_row *row;
    const struct app_dashboard_peer *d;
};

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
    if (l->d->step_down) {
        html_printf(b, "%sa step down is suggested", any ? "; " : "");
        any = true;
    }
    return any;
}

static int by_next_date(const void *a, const void *b)
{
    const struct peer_line *x = *(const struct peer_line *const *)a;
    const struct peer_line *y = *(const struct peer_line *const *)b;
    int c = strcmp(x->d->next_date, y->d->next_date);
    return c ? c : (x->row->peer_id > y->row->peer_id) - (x->row->peer_id < y->row->peer_id);
}

void page_dashboard(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct app_dashboard dash;
    struct app_error err;
    if (app_dashboard(app, &dash, &err) != BELONG_OK) {
        web_app_error(resp, false, &err);
        return;
    }
    const struct report_caseload r = dash.report;
    const char *week_end = dash.week_end;
    struct peer_line *lines = xcalloc(r.n_rows + 1, sizeof *lines);
    for (size_t i = 0; i < r.n_rows; i++)
        lines[i] = (struct peer_line){&r.rows[i], &dash.peers[i]};
    struct buf *b = &resp->body;
    resp->status = 200;
    resp->content_type = "text/html; charset=utf-8";
    web_page_begin(resp, "My peers");
    html_printf(b, "<h1>My peers</h1>\n<p><a class=\"button\" href=\"/peers/new\">Add a peer</a> "
                   "<a href=\"/reports/caseload\">The caseload report</a></p>\n");

    html_printf(b, "<section aria-labelledby=\"week\">\n<h2 id=\"week\">Planned this week</h2>\n");
    const struct peer_line **week = xcalloc(r.n_rows + 1, sizeof *week);
    size_t shown = 0;
    for (size_t i = 0; i < r.n_rows; i++)
        if (lines[i].d->this_week)
            week[shown++] = &lines[i];
    qsort(week, shown, sizeof *week, by_next_date);
    if (shown)
        html_printf(b, "<ul>\n");
    for (size_t i = 0; i < shown; i++) {
        html_printf(b, "<li>");
        peer_link(b, week[i]->row);
        html_printf(b, ": %s on %s</li>\n",
                    week[i]->d->next_activity ? week[i]->d->next_activity : "an activity",
                    week[i]->d->next_date);
    }
    free(week);
    html_printf(b, shown ? "</ul>\n" : "<p>Nothing planned from today to %s.</p>\n", week_end);
    html_printf(b, "</section>\n");

    html_printf(b, "<section aria-labelledby=\"risk\">\n<h2 id=\"risk\">At risk, with nothing "
                   "planned</h2>\n");
    shown = 0;
    struct buf why = {0};
    for (size_t i = 0; i < r.n_rows; i++) {
        const struct peer_line *l = &lines[i];
        buf_reset(&why);
        if (l->d->has_next || !risk_words(l, &why))
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
        if (l->d->has_next)
            html_printf(b, ": next %s, %s", l->d->next_date,
                        l->d->next_activity ? l->d->next_activity : "an activity");
        html_printf(b, "</li>\n");
    }
    if (r.n_rows)
        html_printf(b, "</ul>\n");
    html_printf(b, "</section>\n");
    html_page_end(b);
    free(lines);
    app_dashboard_free(&dash);
}
