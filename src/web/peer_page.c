/* peer_page.c — a peer's page (/peers/{id}) and "why (not) this one?" (/peers/{id}/why), read
** only: the profile, the step suggestion, suggestions with their reasons, plans, visits,
** connections with the ecomap, measures with their charts (SVG inline, with their text
** alternatives). Every read goes through the operations, which decide whose peer the user may
** see (another caseload's answers 404 exactly like a missing one) and audit each view.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "../app/app_charts.h"
#include "../app/app_connections.h"
#include "../app/app_matching.h"
#include "../app/app_measures.h"
#include "../app/app_peers.h"
#include "../app/app_plans.h"
#include "../cli/format.h"
#include "../util/number.h"
#include "web_internal.h"

#define PEER_SUGGESTIONS 5 /* suggestions on a peer's page */

/* Answers the error of an operation on the page's peer: 404 for a peer not there (or not the
** user's to see: the same body), 400, 403, 500 as web_app_error says. */
static void peer_error(struct web_response *resp, const struct app_error *err)
{
    web_app_error(resp, false, err);
}

/* When matching's data files cannot be read (the problems in diag, err's message empty): the
** problems go to the server's log, and err becomes a 500. */
static void data_problem(const struct diag *diag, struct app_error *err)
{
    if (!diag->count || err->message[0])
        return;
    fprintf(stderr, "belong serve: %s", buf_str(&diag->text));
    app_fail(err, BELONG_EINTERNAL, NULL, "matching's data files cannot be read");
}

/* A labelled fact of the profile, when there is something to say. */
static void fact(struct buf *b, const char *label, const char *value)
{
    if (value && *value)
        html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", label, value);
}

static void fact_list(struct buf *b, const char *label, const struct text_list *l)
{
    char *joined = l->n ? text_list_join(l, ", ") : NULL;
    fact(b, label, joined);
    free(joined);
}

static void profile(struct buf *b, const struct peer *p, const struct web_request *req)
{
    html_printf(b, "<section aria-labelledby=\"profile\">\n<h2 id=\"profile\">Profile</h2>\n<dl "
                   "class=\"facts\">\n");
    if (p->cps && req->user && strcmp(p->cps, req->user) != 0)
        fact(b, "Caseload", p->cps);
    fact(b, "Pronouns", p->pronouns);
    fact(b, "Contact", p->contact);
    fact(b, "Home", p->home_label ? p->home_label : p->home_town ? p->home_town : p->home_zip);
    if (p->max_travel_miles >= 0) {
        char miles[64];
        snprintf(miles, sizeof miles, "up to %.0f mi", p->max_travel_miles);
        fact(b, "Travel", miles);
    }
    char text[128];
    if (p->travel_modes) {
        travel_modes_format(p->travel_modes, text, sizeof text);
        fact(b, "Gets around by", text);
    }
    fact(b, "Online activities", p->virtual_ok ? "yes" : "no");
    fact_list(b, "Interests, in their words", &p->interests);
    fact_list(b, "Goals, in their words", &p->goals);
    if (p->values.n) {
        html_printf(b, "<dt>Values</dt><dd>");
        for (size_t i = 0; i < p->values.n; i++) {
            const char *label = value_label(p->values.items[i]);
            html_printf(b, "%s%s", i ? ", " : "", label ? label : p->values.items[i]);
        }
        html_printf(b, "</dd>\n");
    }
    fact_list(b, "Languages", &p->languages);
    peer_budget_format(p->budget_cents, text, sizeof text);
    fact(b, "Budget", text);
    if (p->comfort > 0) {
        snprintf(text, sizeof text, "%d of 5", p->comfort);
        fact(b, "Comfort with groups", text);
    }
    html_printf(b, "</dl>\n</section>\n");
}

static void step(struct buf *b, struct app *app, const struct peer *p)
{
    struct step_suggestion s;
    struct app_error err;
    if (p->archived || app_step_get(app, p->id, &s, &err) != BELONG_OK || s.direction == STEP_NONE)
        return;
    html_printf(b,
                "<p class=\"step\"><strong>Suggested: a step %s</strong>, from level %d to %d: "
                "%s.</p>\n",
                step_direction_name(s.direction), s.from_level, s.to_level, s.why);
}

/* A time in the activity's zone, in words ("Thu 3 Dec 17:30"). */
static void when(struct buf *b, time_t t, const char *tzid)
{
    char text[64];
    cli_human_time(t, tzid, false, text, sizeof text);
    html_printf(b, "<time>%s</time>", text);
}

static void reasons(struct buf *b, const struct match_reasons *r)
{
    if (!r->n)
        return;
    html_printf(b, "<ul class=\"reasons\">\n");
    for (size_t i = 0; i < r->n; i++)
        html_printf(b, "<li>%s</li>\n", r->items[i]);
    html_printf(b, "</ul>\n");
}

/* The "why not this one?" form: an activity's number, asked about for this peer. */
static void why_form(struct buf *b, int64_t peer_id, const char *typed, const char *error)
{
    html_printf(b, "<form method=\"get\" action=\"/peers/%l/why\" class=\"why\">\n",
                (long long)peer_id);
    html_printf(b,
                "<div class=\"field%s\"><label for=\"activity\">Why not this one? An activity's "
                "number <span class=\"hint\">(on its page: /activities/N)</span></label>\n"
                "<input type=\"text\" inputmode=\"numeric\" id=\"activity\" name=\"activity\" "
                "value=\"%s\"",
                error ? " field-error" : "", typed ? typed : "");
    if (error)
        html_printf(b,
                    " aria-invalid=\"true\" aria-describedby=\"activity-error\">\n"
                    "<p class=\"error\" id=\"activity-error\">%s</p>",
                    error);
    else
        html_printf(b, ">");
    html_printf(b, "</div>\n<p><button type=\"submit\">Explain</button></p>\n</form>\n");
}

static int suggestions(struct buf *b, struct app *app, const struct peer *p, struct app_error *err)
{
    html_printf(b, "<section aria-labelledby=\"suggestions\">\n<h2 "
                   "id=\"suggestions\">Suggestions</h2>\n");
    struct recommend_options opt = {.limit = PEER_SUGGESTIONS};
    struct peer again;
    struct recommend_result res = {0};
    struct diag diag = {0};
    peer_init(&again);
    int rc = app_recommend(app, p->id, &opt, &again, &res, &diag, err);
    if (rc == BELONG_OK) {
        if (!res.n)
            html_printf(b, "<p>Nothing fits in the next three weeks.</p>\n");
        else
            html_printf(b,
                        "<p>The %z that fit best of %z that fit in the next three weeks.</p>\n"
                        "<ol class=\"suggestions\">\n",
                        res.n, res.n_eligible);
        for (size_t i = 0; i < res.n; i++) {
            const struct recommendation *r = &res.items[i];
            html_printf(b, "<li><a href=\"/activities/%l\">%s</a>", (long long)r->id, r->name);
            if (r->organization)
                html_printf(b, ", %s", r->organization);
            if (r->n_next) {
                html_printf(b, ". Next: ");
                when(b, r->next[0], r->tzid);
            }
            html_printf(b, "\n");
            reasons(b, &r->reasons);
            html_printf(b, "<a href=\"/peers/%l/plans/new?activity=%l\">Add to the plan</a> · ",
                        (long long)p->id, (long long)r->id);
            html_printf(b, "<a href=\"/peers/%l/why?activity=%l\">Why this one?</a></li>\n",
                        (long long)p->id, (long long)r->id);
        }
        if (res.n)
            html_printf(b, "</ol>\n");
    } else {
        data_problem(&diag, err);
    }
    why_form(b, p->id, NULL, NULL);
    html_printf(b, "</section>\n");
    recommend_result_free(&res);
    peer_free(&again);
    diag_free(&diag);
    return rc;
}

static int plans(struct buf *b, struct app *app, const struct peer *p, struct app_error *err)
{
    struct plan *list = NULL;
    size_t n = 0;
    int rc = app_plan_list(app, p->id, NULL, &list, &n, err);
    if (rc != BELONG_OK)
        return rc;
    html_printf(b, "<section aria-labelledby=\"plans\">\n<h2 id=\"plans\">Plans</h2>\n");
    if (!n)
        html_printf(b, "<p>No plans yet.</p>\n");
    else
        html_printf(b, "<table>\n<thead><tr><th scope=\"col\">Date</th><th "
                       "scope=\"col\">Activity</th><th scope=\"col\">Support</th><th "
                       "scope=\"col\">State</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const struct plan *pl = &list[i];
        html_printf(b, "<tr><td>%s</td><td><a href=\"/activities/%l\">%s</a></td><td>%s</td><td>%s",
                    pl->date, (long long)pl->activity_id,
                    pl->activity_name ? pl->activity_name : "an activity",
                    plan_support_name(pl->support), plan_status_name(pl->status));
        if (pl->reason)
            html_printf(b, ": %s", pl->reason);
        html_printf(b, "</td></tr>\n");
    }
    if (n)
        html_printf(b, "</tbody>\n</table>\n");
    html_printf(b, "</section>\n");
    plans_free(list, n);
    return BELONG_OK;
}

static int visits(struct buf *b, struct app *app, const struct peer *p, struct app_error *err)
{
    struct visit *list = NULL;
    size_t n = 0;
    int rc = app_visit_list(app, p->id, &list, &n, err);
    if (rc != BELONG_OK)
        return rc;
    html_printf(b, "<section aria-labelledby=\"visits\">\n<h2 id=\"visits\">Visits</h2>\n");
    if (!n)
        html_printf(b, "<p>No visits yet.</p>\n");
    else
        html_printf(b, "<ul class=\"visits\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct visit *v = &list[i];
        html_printf(b, "<li><strong>%s</strong>: %s, %s", v->date,
                    v->activity_name ? v->activity_name : "an activity",
                    v->went ? "went" : "did not go");
        if (v->comfort_before || v->comfort_after)
            html_printf(b, "; comfort before %d, after %d", v->comfort_before, v->comfort_after);
        if (v->conversations >= 0)
            html_printf(b, "; %d conversation%s", v->conversations,
                        v->conversations == 1 ? "" : "s");
        if (v->felt)
            html_printf(b, "<br>In their words: “%s”", v->felt);
        if (v->with_whom)
            html_printf(b, "<br>With: %s", v->with_whom);
        if (v->next_step)
            html_printf(b, "<br>Next step: %s", v->next_step);
        html_printf(b, "</li>\n");
    }
    if (n)
        html_printf(b, "</ul>\n");
    html_printf(b, "</section>\n");
    visits_free(list, n);
    return BELONG_OK;
}

/* Chart name of p, inline, in a figure. */
static int chart(struct buf *b, struct app *app, const struct peer *p, const char *name,
                 struct app_error *err)
{
    struct buf svg = {0};
    int rc = app_chart(app, p->id, name, NULL, &svg, err);
    if (rc == BELONG_OK) {
        /* trusted markup from the chart writer (reports/svg_chart.c), which escapes the
        ** records' text itself */
        html_printf(b, "<figure class=\"chart\">\n");
        buf_append(b, svg.data ? svg.data : "", svg.len);
        html_printf(b, "</figure>\n");
    }
    buf_free(&svg);
    return rc;
}

static int connections(struct buf *b, struct app *app, const struct peer *p, struct app_error *err)
{
    struct connection *list = NULL;
    size_t n = 0;
    char as_of[11];
    int rc = app_connection_list(app, p->id, NULL, &list, &n, as_of, err);
    if (rc != BELONG_OK)
        return rc;
    html_printf(b, "<section aria-labelledby=\"connections\">\n<h2 "
                   "id=\"connections\">Connections</h2>\n");
    if (!n)
        html_printf(b, "<p>No connections recorded yet.</p>\n");
    else
        html_printf(b, "<ul class=\"connections\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct connection *c = &list[i];
        const struct connection_change *now = connection_as_of(c, as_of);
        html_printf(b, "<li><strong>%s</strong>", c->name);
        if (now)
            html_printf(b, ": %s, closeness %d of 5%s", now->relationship, now->closeness,
                        now->ended ? ", lost touch" : "");
        const char *where = connection_met_where(c);
        if (where)
            html_printf(b, "; met at %s", where);
        html_printf(b, " on %s</li>\n", c->met_on);
    }
    if (n)
        html_printf(b, "</ul>\n");
    connections_free(list, n);
    if (rc == BELONG_OK)
        rc = chart(b, app, p, "ecomap", err);
    html_printf(b, "</section>\n");
    return rc;
}

static int measures(struct buf *b, struct app *app, const struct peer *p, struct app_error *err)
{
    struct app_measure *list = NULL;
    size_t n = 0;
    int rc = app_measure_history(app, p->id, NULL, &list, &n, err);
    if (rc != BELONG_OK)
        return rc;
    html_printf(b, "<section aria-labelledby=\"measures\">\n<h2 id=\"measures\">Measures</h2>\n");
    if (!n)
        html_printf(b, "<p>No measures taken yet.</p>\n");
    else
        html_printf(b, "<table>\n<thead><tr><th scope=\"col\">Date</th><th "
                       "scope=\"col\">Measure</th><th scope=\"col\">Score</th></tr></thead>\n"
                       "<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const struct measure_result *r = &list[i].result;
        html_printf(b, "<tr><td>%s</td><td>%s</td><td>", list[i].date, r->instrument->title);
        for (size_t k = 0; k < r->n_scales; k++) {
            const struct measure_scale_result *s = &r->scales[k];
            html_printf(b, "%s%s: ", k ? "; " : "", s->scale->title);
            if (s->missing)
                html_printf(b, "not scored (too many items left out)");
            else
                html_printf(b, "%d", s->score);
            if (s->band)
                html_printf(b, " (%s)", s->band->words);
        }
        html_printf(b, "</td></tr>\n");
    }
    if (n)
        html_printf(b, "</tbody>\n</table>\n");
    free(list);
    static const char *const charts[] = {"ucla3", "lsns6", "comfort", "network"};
    for (size_t i = 0; rc == BELONG_OK && i < sizeof charts / sizeof *charts; i++)
        if (!p->archived || strcmp(charts[i], "comfort") != 0)
            rc = chart(b, app, p, charts[i], err);
    html_printf(b, "</section>\n");
    return rc;
}

void page_peer(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct peer p;
    struct app_error err;
    peer_init(&p);
    int rc = app_peer_get(app, req->id, &p, &err);
    if (rc != BELONG_OK) {
        peer_error(resp, &err);
        peer_free(&p);
        return;
    }
    /* the page is one view of the peer, audited above as "peer.show": the reads it is made of
    ** add no row of their own */
    struct app_peer_view held = app_peer_view_hold(app, &p);
    struct buf *b = &resp->body;
    resp->status = 200;
    resp->content_type = "text/html; charset=utf-8";
    web_page_begin(resp, p.name);
    forms_peer_nav(b, &p);
    html_printf(b, "<h1>%s</h1>\n", p.name);
    if (p.archived)
        html_printf(b, "<p class=\"note\">Archived: the records are kept, and nothing new is "
                       "suggested or planned.</p>\n");
    profile(b, &p, req);
    step(b, app, &p);
    if (!p.archived) {
        rc = suggestions(b, app, &p, &err);
        if (rc == BELONG_OK)
            rc = plans(b, app, &p, &err);
        if (rc == BELONG_OK)
            rc = visits(b, app, &p, &err);
    }
    if (rc == BELONG_OK)
        rc = connections(b, app, &p, &err);
    if (rc == BELONG_OK)
        rc = measures(b, app, &p, &err);
    app_peer_view_release(app, held);
    if (rc != BELONG_OK)
        peer_error(resp, &err);
    else
        html_page_end(b);
    peer_free(&p);
}

/* Why activity (the query's "activity") is or is not suggested to the peer; without a number,
** the form that asks for one. */
void page_peer_why(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    const char *typed = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "activity");
    long activity = 0;
    struct peer p, again;
    struct recommend_explanation e;
    struct diag diag = {0};
    struct app_error err;
    peer_init(&p);
    peer_init(&again);
    memset(&e, 0, sizeof e);
    struct app_peer_view held = {0, NULL};
    bool holding = false;
    /* the peer first: another caseload's is 404 whatever the activity */
    int rc = app_peer_get(app, req->id, &p, &err);
    if (rc != BELONG_OK) {
        peer_error(resp, &err);
        goto out;
    }
    held = app_peer_view_hold(app, &p); /* one view of the peer, audited above as "peer.show" */
    holding = true;
    bool number = typed && parse_whole(typed, 1, 0x7fffffffL, &activity);
    const char *problem = NULL;
    char message[sizeof err.message];
    if (number) {
        struct recommend_options opt = {.limit = PEER_SUGGESTIONS};
        rc = app_explain(app, req->id, activity, &opt, &again, &e, &diag, &err);
        if (rc == BELONG_ENOINPUT) { /* no such activity (or the peer is archived): say which */
            snprintf(message, sizeof message, "%s", err.message);
            problem = message;
        } else if (rc != BELONG_OK) {
            data_problem(&diag, &err);
            peer_error(resp, &err);
            goto out;
        }
    } else if (typed && *typed) {
        snprintf(message, sizeof message, "'%s' is not an activity's number", typed);
        problem = message;
    }
    struct buf *b = &resp->body;
    resp->content_type = "text/html; charset=utf-8";
    if (!number || problem) {
        resp->status = !problem ? 200 : number ? 404 : 400;
        web_page_begin(resp, problem ? "Why not this one? Check the number" : "Why not this one?");
        html_printf(b, "<h1>Why not this one?</h1>\n<p>For <a href=\"/peers/%l\">%s</a>.</p>\n",
                    (long long)req->id, p.name);
        why_form(b, req->id, typed, problem);
        html_page_end(b);
        goto out;
    }
    resp->status = 200;
    web_page_begin(resp, e.name ? e.name : "Why not this one?");
    html_printf(b, "<h1>%s for %s?</h1>\n", e.name ? e.name : "This activity", p.name);
    html_printf(b,
                "<p><a href=\"/activities/%l\">The activity's page</a> · <a "
                "href=\"/peers/%l\">Back to %s</a></p>\n",
                (long long)e.id, (long long)req->id, p.name);
    if (e.exclusion == MATCH_FITS) {
        html_printf(b, "<p>It fits: number %z of the %z that fit", e.rank, e.n_eligible);
        if (e.shown_at)
            html_printf(b, ", and it is suggestion %z", e.shown_at);
        else
            html_printf(b, ", but others fit better, so it is not among the first %d",
                        PEER_SUGGESTIONS);
        html_printf(b, ".</p>\n");
        reasons(b, &e.reasons);
        if (e.n_next) {
            html_printf(b, "<p>Next: ");
            when(b, e.next[0], e.tzid);
            html_printf(b, "</p>\n");
        }
    } else {
        html_printf(b, "<p>It is not suggested:</p>\n<ul class=\"blockers\">\n");
        for (size_t i = 0; i < e.n_blockers; i++)
            html_printf(b, "<li>%s</li>\n", e.blockers[i].why);
        if (!e.n_blockers && e.why)
            html_printf(b, "<li>%s</li>\n", e.why);
        html_printf(b, "</ul>\n");
    }
    why_form(b, req->id, NULL, NULL);
    html_page_end(b);
out:
    if (holding)
        app_peer_view_release(app, held);
    recommend_explanation_free(&e);
    peer_free(&p);
    peer_free(&again);
    diag_free(&diag);
}
