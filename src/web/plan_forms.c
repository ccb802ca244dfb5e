/* plan_forms.c — a peer's suggestions, plans and visits on the web: "add to plan" beside each
** suggestion and on an activity's page (the peer, a date among the next occurrences, how the
** CPS supports it), the plans with their done / skipped / cancel buttons, and the visit form
** (went or not, with whom, comfort before and after, conversations, the peer's words, what is
** next). Every write is a POST through an operation of app_plans.h, then 303 to the plans.
**   GET  /peers/{id}/suggestions             ranked suggestions with their reasons
**   GET  /peers/{id}/plans                   plans and visits, the step suggestion
**   GET  /peers/{id}/plans/new?activity=N    the plan form
**   GET  /plans/new?peer=P&activity=N        the same, the peer chosen on an activity's page
**   POST /peers/{id}/plans                   adds a plan (app_plan_add)
**   POST /peers/{id}/plans/close             done, skipped or cancelled (app_plan_close)
**   GET  /peers/{id}/visits/new?plan=N       the visit form (or ?activity=N without a plan)
**   POST /peers/{id}/visits                  records a visit (app_visit_add)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_directory.h"
#include "../app/app_matching.h"
#include "../app/app_peers.h"
#include "../app/app_plans.h"
#include "../cli/format.h"
#include "../matching/reasons.h"
#include "../util/number.h"
#include "forms.h"
#include "html.h"

#define PLAN_DATES_SHOWN 8 /* the next occurrences offered as a plan's date */

/* The query's ids: activity, plan, peer. */
struct query_ids {
    int64_t activity, plan, peer;
};

static int read_query_id(void *ctx, const char *name, const char *value)
{
    struct query_ids *q = ctx;
    long id;
    if (!parse_whole(value, 1, 0x7fffffffL, &id))
        return 0;
    if (strcmp(name, "activity") == 0)
        q->activity = id;
    else if (strcmp(name, "plan") == 0)
        q->plan = id;
    else if (strcmp(name, "peer") == 0)
        q->peer = id;
    return 0;
}

static struct query_ids query_ids(struct web_request *req)
{
    struct query_ids q = {0, 0, 0};
    web_each_argument(req, read_query_id, &q);
    return q;
}

/* ---- suggestions ------------------------------------------------------------------------- */

void page_suggestions(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct recommend_options opt = {0};
    struct peer p;
    struct recommend_result res = {0};
    struct diag diag = {0};
    struct app_error err;
    int rc = app_recommend(app, req->id, &opt, &p, &res, &diag, &err);
    if (rc != BELONG_OK) {
        if (!err.message[0])
            app_fail(&err, rc, NULL, "matching's data files cannot be read; see the server's log");
        forms_fail(resp, &err);
        goto out;
    }
    forms_page_begin(resp, 200, "Suggestions");
    struct buf *b = &resp->body;
    forms_peer_nav(b, &p);
    html_printf(b, "<h1>Suggestions for %s</h1>\n", p.name);
    if (res.n == 0)
        html_printf(b, "<p>Nothing fits in the next weeks. Try widening their distance, times "
                       "or budget in the profile.</p>\n");
    else
        html_printf(b, "<ol class=\"results\">\n");
    for (size_t i = 0; i < res.n; i++) {
        const struct recommendation *r = &res.items[i];
        html_printf(b, "<li>\n<h2><a href=\"/activities/%l\">%s</a></h2>\n", (long long)r->id,
                    r->name ? r->name : "(no name)");
        if (r->organization || r->town)
            html_printf(b, "<p class=\"meta\">%s%s%s</p>\n", r->organization,
                        r->organization && r->town ? " · " : "", r->town);
        html_printf(b, "<ul class=\"reasons\">\n");
        for (size_t k = 0; k < r->reasons.n; k++)
            html_printf(b, "<li>%s</li>\n", r->reasons.items[k]);
        html_printf(b, "</ul>\n");
        if (r->n_next) {
            html_printf(b, "<p class=\"meta\">Next: ");
            for (size_t k = 0; k < r->n_next; k++) {
                char when[64];
                cli_human_time(r->next[k], r->tzid, false, when, sizeof when);
                html_printf(b, "%s<time>%s</time>", k ? ", " : "", when);
            }
            html_printf(b, "</p>\n");
        }
        html_printf(b,
                    "<p><a class=\"button\" href=\"/peers/%l/plans/new?activity=%l\">Add %s to "
                    "the plan</a></p>\n</li>\n",
                    (long long)p.id, (long long)r->id, r->name ? r->name : "it");
    }
    if (res.n)
        html_printf(b, "</ol>\n");
    html_page_end(b);
out:
    recommend_result_free(&res);
    peer_free(&p);
    diag_free(&diag);
}

/* ---- the plan form ----------------------------------------------------------------------- */

/* The plan form of peer p for listing l, showing what typed holds (a refused request, or NULL:
 * nothing typed yet). */
static void plan_form(struct buf *b, struct web_request *req, const struct peer *p,
                      const struct app_listing *l, const struct web_request *typed,
                      const struct forms_problems *problems)
{
    const struct activity *a = &l->activity;
    char action[64];
    snprintf(action, sizeof action, "/peers/%lld/plans", (long long)p->id);
    html_printf(b, "<h1>Plan %s for %s</h1>\n", a->name ? a->name : "an activity", p->name);
    forms_problem_summary(b, problems);
    forms_open(b, req, action);
    html_printf(b, "<input type=\"hidden\" name=\"activity\" value=\"%l\">\n", (long long)a->id);
    const char *date = typed ? web_form_get(typed, "date") : NULL;
    if (l->n_occ) {
        const char *values[PLAN_DATES_SHOWN], *labels[PLAN_DATES_SHOWN];
        char value_text[PLAN_DATES_SHOWN][16], label_text[PLAN_DATES_SHOWN][64];
        size_t n = 0;
        for (size_t i = 0; i < l->n_occ && n < PLAN_DATES_SHOWN; i++) {
            struct civil_date d;
            instant_to_local(l->occ[i].start, cli_zone_of(a->tzid), &d, NULL, NULL, NULL);
            snprintf(value_text[n], sizeof value_text[n], "%04d-%02d-%02d", d.year, d.month, d.day);
            cli_human_time(l->occ[i].start, a->tzid, true, label_text[n], sizeof label_text[n]);
            values[n] = value_text[n];
            labels[n] = label_text[n];
            n++;
        }
        forms_choices(b, problems, "date", "When", false, n, values, labels,
                      date ? date : values[0]);
    } else {
        forms_input(b, problems, "date", "date", "When",
                    "its times are not listed: a day it is open", date);
    }
    const char *values[PLAN_SUPPORT_COUNT], *labels[PLAN_SUPPORT_COUNT];
    for (int s = 0; s < PLAN_SUPPORT_COUNT; s++) {
        values[s] = plan_support_name((enum plan_support)s);
        labels[s] = plan_support_words((enum plan_support)s);
    }
    const char *support = typed ? web_form_get(typed, "support") : NULL;
    forms_choices(b, problems, "support", "How you support it", false, PLAN_SUPPORT_COUNT, values,
                  labels, support ? support : values[0]);
    forms_textarea(b, problems, "note", "Note", NULL, typed ? web_form_get(typed, "note") : NULL);
    html_printf(b, "<div class=\"wide\"><button type=\"submit\">Add to the plan</button></div>\n"
                   "</form>\n");
}

/* Answers the plan form of peer peer_id for activity_id (status 400 with problems). */
static void answer_plan_form(struct web_request *req, struct web_response *resp, struct app *app,
                             int64_t peer_id, int64_t activity_id, const struct web_request *typed,
                             const struct forms_problems *problems)
{
    struct peer p;
    struct app_listing l = {0};
    struct app_error err;
    int rc = app_peer_get(app, peer_id, &p, &err);
    if (rc == BELONG_OK)
        rc = app_show(app, activity_id, PLAN_DATES_SHOWN, &l, &err);
    if (rc != BELONG_OK) {
        forms_fail(resp, &err);
        goto out;
    }
    forms_page_begin(resp, problems ? 400 : 200, "Add to the plan");
    forms_peer_nav(&resp->body, &p);
    plan_form(&resp->body, req, &p, &l, typed, problems);
    html_page_end(&resp->body);
out:
    app_listing_free(&l);
    peer_free(&p);
}

void page_plan_new(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct query_ids q = query_ids(req);
    int64_t peer_id = req->id ? req->id : q.peer;
    if (!peer_id || !q.activity) {
        web_error(resp, false, 400, peer_id ? "activity" : "peer",
                  peer_id ? "choose an activity first" : "choose a peer first");
        return;
    }
    answer_plan_form(req, resp, app, peer_id, q.activity, NULL, NULL);
}

/* Redirects to the plans of peer peer_id. */
static void to_plans(struct web_response *resp, int64_t peer_id)
{
    char location[64];
    snprintf(location, sizeof location, "/peers/%lld/plans", (long long)peer_id);
    web_redirect(resp, location);
}

static void add_plan(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct app_plan_request rq = {
        .peer_id = req->id,
        .activity_id = forms_get_id(req, "activity"),
        .date = web_form_get(req, "date"),
        .support = web_form_get(req, "support"),
        .note = web_form_get(req, "note"),
    };
    if (rq.note && !*rq.note)
        rq.note = NULL;
    struct plan made = {0};
    struct app_error err;
    int rc = app_plan_add(app, &rq, &made, &err);
    if (rc == BELONG_OK) {
        to_plans(resp, req->id);
    } else if ((rc == BELONG_EDATA || rc == BELONG_EUSAGE) && rq.activity_id) {
        struct forms_problems problems = {0};
        forms_problem_of(&problems, &err);
        answer_plan_form(req, resp, app, req->id, rq.activity_id, req, &problems);
    } else {
        forms_fail(resp, &err);
    }
    plan_free(&made);
}

/* Whether plan plan_id is one of peer peer_id's (another peer's answers as not there). OUT:
** what (may be NULL), the plan in words: "ACTIVITY, DATE". */
static int plan_of_peer(struct app *app, int64_t peer_id, int64_t plan_id, char what[300],
                        struct app_error *err)
{
    struct plan *plans = NULL;
    size_t n = 0;
    int rc = app_plan_list(app, peer_id, NULL, &plans, &n, err);
    bool found = false;
    for (size_t i = 0; rc == BELONG_OK && i < n; i++) {
        if (plans[i].id != plan_id)
            continue;
        found = true;
        if (what)
            snprintf(what, 300, "%s, %s",
                     plans[i].activity_name ? plans[i].activity_name : "the activity",
                     plans[i].date);
    }
    plans_free(plans, n);
    if (rc == BELONG_OK && !found)
        rc = app_fail(err, BELONG_ENOINPUT, "plan", "peer %lld has no plan %lld",
                      (long long)peer_id, (long long)plan_id);
    return rc;
}

/* ---- the plans page ---------------------------------------------------------------------- */

static void plan_item(struct buf *b, struct web_request *req, const struct peer *p,
                      const struct plan *pl, const struct forms_problems *problems)
{
    html_printf(
        b, "<li id=\"plan-%l\">\n<h3><time>%s</time>: <a href=\"/activities/%l\">%s</a></h3>\n",
        (long long)pl->id, pl->date, (long long)pl->activity_id,
        pl->activity_name ? pl->activity_name : "an activity");
    html_printf(b, "<p class=\"meta\">%s · %s", plan_status_name(pl->status),
                plan_support_words(pl->support));
    if (pl->reason)
        html_printf(b, " · %s", pl->reason);
    html_printf(b, "</p>\n");
    if (pl->note)
        html_printf(b, "<p class=\"words\">%s</p>\n", pl->note);
    if (pl->status != PLAN_PLANNED) {
        html_printf(b, "</li>\n");
        return;
    }
    char action[64], reason[32];
    snprintf(action, sizeof action, "/peers/%lld/plans/close", (long long)p->id);
    snprintf(reason, sizeof reason, "reason-%lld", (long long)pl->id);
    html_printf(b, "<p><a href=\"/peers/%l/visits/new?plan=%l\">Log a visit</a></p>\n",
                (long long)p->id, (long long)pl->id);
    forms_open(b, req, action);
    html_printf(b, "<input type=\"hidden\" name=\"plan\" value=\"%l\">\n", (long long)pl->id);
    forms_input(b, problems, reason, "text", "Reason", "needed to cancel", NULL);
    html_printf(b, "<div class=\"wide buttons\">"
                   "<button type=\"submit\" name=\"status\" value=\"done\">Done</button> "
                   "<button type=\"submit\" name=\"status\" value=\"skipped\">Skipped</button> "
                   "<button type=\"submit\" name=\"status\" value=\"cancelled\">Cancel it</button>"
                   "</div>\n</form>\n</li>\n");
}

static void visit_item(struct buf *b, const struct visit *v)
{
    html_printf(b, "<li id=\"visit-%l\">\n<h3><time>%s</time>: %s</h3>\n<p class=\"meta\">%s",
                (long long)v->id, v->date, v->activity_name ? v->activity_name : "an activity",
                v->went ? "went" : "did not go");
    if (v->comfort_before)
        html_printf(b, " · comfort before %d", v->comfort_before);
    if (v->comfort_after)
        html_printf(b, ", after %d", v->comfort_after);
    if (v->conversations >= 0)
        html_printf(b, " · %d conversations", v->conversations);
    html_printf(b, "</p>\n");
    if (v->with_whom)
        html_printf(b, "<p>With: %s</p>\n", v->with_whom);
    if (v->felt)
        html_printf(b, "<p class=\"words\">“%s”</p>\n", v->felt);
    if (v->next_step)
        html_printf(b, "<p>Next: %s</p>\n", v->next_step);
    html_printf(b, "</li>\n");
}

/* Answers the plans page of peer req->id (400 with problems after a refused close). */
static void answer_plans(struct web_request *req, struct web_response *resp, struct app *app,
                         const struct forms_problems *problems)
{
    struct peer p;
    struct plan *plans = NULL;
    struct visit *visits = NULL;
    size_t n_plans = 0, n_visits = 0;
    struct step_suggestion step = {0};
    struct app_error err;
    if (!forms_peer(req, resp, app, &p))
        return;
    int rc = app_plan_list(app, p.id, NULL, &plans, &n_plans, &err);
    if (rc == BELONG_OK)
        rc = app_visit_list(app, p.id, &visits, &n_visits, &err);
    if (rc == BELONG_OK)
        rc = app_step_get(app, p.id, &step, &err);
    if (rc != BELONG_OK) {
        forms_fail(resp, &err);
        goto out;
    }
    forms_page_begin(resp, problems ? 400 : 200, "Plans and visits");
    struct buf *b = &resp->body;
    forms_peer_nav(b, &p);
    html_printf(b, "<h1>Plans and visits of %s</h1>\n", p.name);
    forms_problem_summary(b, problems);
    if (step.why[0])
        html_printf(b, "<p class=\"step\">%s</p>\n", step.why);
    html_printf(b,
                "<p><a href=\"/peers/%l/suggestions\">Find something to plan</a></p>\n"
                "<h2>Plans</h2>\n",
                (long long)p.id);
    if (!n_plans)
        html_printf(b, "<p>No plans yet.</p>\n");
    else
        html_printf(b, "<ol class=\"records\">\n");
    for (size_t i = 0; i < n_plans; i++)
        plan_item(b, req, &p, &plans[i], problems);
    if (n_plans)
        html_printf(b, "</ol>\n");
    html_printf(b, "<h2>Visits</h2>\n");
    if (!n_visits)
        html_printf(b, "<p>No visits yet.</p>\n");
    else
        html_printf(b, "<ol class=\"records\">\n");
    for (size_t i = n_visits; i-- > 0;)
        visit_item(b, &visits[i]);
    if (n_visits)
        html_printf(b, "</ol>\n");
    html_page_end(b);
out:
    plans_free(plans, n_plans);
    visits_free(visits, n_visits);
    peer_free(&p);
}

void page_plans(struct web_request *req, struct web_response *resp)
{
    if (strcmp(req->method, "POST") == 0) {
        add_plan(req, resp);
        return;
    }
    struct app *app = web_app(req, resp);
    if (app)
        answer_plans(req, resp, app, NULL);
}

void page_plan_close(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    int64_t plan_id = forms_get_id(req, "plan");
    char reason_name[32];
    snprintf(reason_name, sizeof reason_name, "reason-%lld", (long long)plan_id);
    const char *reason = web_form_get(req, reason_name);
    enum plan_status to = PLAN_PLANNED;
    const char *status = web_form_get(req, "status");
    struct app_error err;
    struct plan closed = {0};
    int rc = plan_of_peer(app, req->id, plan_id, NULL, &err);
    if (rc == BELONG_OK && (!status || !plan_status_parse(status, &to) || to == PLAN_PLANNED))
        rc = app_fail(&err, BELONG_EUSAGE, "status", "choose done, skipped or cancel");
    if (rc == BELONG_OK)
        rc = app_plan_close(app, plan_id, to, reason && *reason ? reason : NULL, &closed, &err);
    plan_free(&closed);
    if (rc == BELONG_OK) {
        to_plans(resp, req->id);
    } else if (rc == BELONG_EDATA || rc == BELONG_EUSAGE) {
        struct forms_problems problems = {0};
        char field[64];
        forms_field_name(err.field, field);
        forms_problem(&problems, strcmp(field, "reason") == 0 ? reason_name : field, err.message);
        answer_plans(req, resp, app, &problems);
    } else {
        forms_fail(resp, &err);
    }
}

/* ---- visits ------------------------------------------------------------------------------ */

static const char *const comfort_values[] = {"1", "2", "3", "4", "5"};
static const char *const comfort_labels[] = {"1 very uneasy", "2", "3", "4", "5 at ease"};

static void visit_form(struct buf *b, struct web_request *req, const struct peer *p,
                       int64_t plan_id, int64_t activity_id, const char *what,
                       const struct web_request *typed, const struct forms_problems *problems)
{
    char action[64];
    snprintf(action, sizeof action, "/peers/%lld/visits", (long long)p->id);
    html_printf(b, "<h1>How did it go? %s</h1>\n", what);
    forms_problem_summary(b, problems);
    forms_open(b, req, action);
    if (plan_id)
        html_printf(b, "<input type=\"hidden\" name=\"plan\" value=\"%l\">\n", (long long)plan_id);
    else
        html_printf(b, "<input type=\"hidden\" name=\"activity\" value=\"%l\">\n",
                    (long long)activity_id);
#define TYPED(name) (typed ? web_form_get(typed, name) : NULL)
    static const char *const went_values[] = {"yes", "no"};
    static const char *const went_labels[] = {"They went", "They did not go"};
    forms_choices(b, problems, "went", "Did they go?", false, 2, went_values, went_labels,
                  TYPED("went"));
    forms_input(b, problems, "date", "date", "The day",
                "YYYY-MM-DD; empty: the plan's day or today", TYPED("date"));
    forms_input(b, problems, "with", "text", "With whom", "first names or initials", TYPED("with"));
    forms_choices(b, problems, "comfort-before", "Comfort before (1-5)", false, 5, comfort_values,
                  comfort_labels, TYPED("comfort-before"));
    forms_choices(b, problems, "comfort-after", "Comfort after (1-5)", false, 5, comfort_values,
                  comfort_labels, TYPED("comfort-after"));
    forms_input(b, problems, "conversations", "number", "Conversations they had", NULL,
                TYPED("conversations"));
    forms_textarea(b, problems, "felt", "In their words", "how it felt", TYPED("felt"));
    forms_textarea(b, problems, "next", "What's next", NULL, TYPED("next"));
#undef TYPED
    html_printf(b, "<div class=\"wide\"><button type=\"submit\">Save the visit</button></div>\n"
                   "</form>\n");
}

/* Answers the visit form for plan_id (of peer req->id) or activity_id. */
static void answer_visit_form(struct web_request *req, struct web_response *resp, struct app *app,
                              int64_t plan_id, int64_t activity_id, const struct web_request *typed,
                              const struct forms_problems *problems)
{
    struct peer p;
    struct app_listing l = {0};
    struct app_error err;
    char what[300] = "";
    if (!forms_peer(req, resp, app, &p))
        return;
    int rc = BELONG_OK;
    if (plan_id) {
        rc = plan_of_peer(app, p.id, plan_id, what, &err);
    } else if (activity_id) {
        rc = app_show(app, activity_id, 0, &l, &err);
        if (rc == BELONG_OK)
            snprintf(what, sizeof what, "%s", l.activity.name ? l.activity.name : "");
    } else {
        rc = app_fail(&err, BELONG_EUSAGE, "plan", "choose a plan or an activity first");
    }
    if (rc != BELONG_OK) {
        forms_fail(resp, &err);
        goto out;
    }
    forms_page_begin(resp, problems ? 400 : 200, "Log a visit");
    forms_peer_nav(&resp->body, &p);
    visit_form(&resp->body, req, &p, plan_id, activity_id, what, typed, problems);
    html_page_end(&resp->body);
out:
    app_listing_free(&l);
    peer_free(&p);
}

void page_visit_new(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct query_ids q = query_ids(req);
    answer_visit_form(req, resp, app, q.plan, q.plan ? 0 : q.activity, NULL, NULL);
}

#define NOT_A_NUMBER (-1000001)

/* A 1-5 or a count as typed: empty when nothing was typed, NOT_A_NUMBER for other text (a number
** out of range is the operation's to refuse, with its message). */
static int typed_number(const char *text, int empty)
{
    long v;
    if (!text || !*text)
        return empty;
    return parse_whole(text, -1000000, 1000000, &v) ? (int)v : NOT_A_NUMBER;
}

void page_visit_add(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    const char *date = web_form_get(req, "date"), *with = web_form_get(req, "with"),
               *felt = web_form_get(req, "felt"), *next = web_form_get(req, "next");
    struct app_visit_request rq = {
        .peer_id = req->id,
        .plan_id = forms_get_id(req, "plan"),
        .activity_id = forms_get_id(req, "activity"),
        .date = date && *date ? date : NULL,
        .went = web_form_get(req, "went"),
        .comfort_before = typed_number(web_form_get(req, "comfort-before"), 0),
        .comfort_after = typed_number(web_form_get(req, "comfort-after"), 0),
        .conversations = typed_number(web_form_get(req, "conversations"), -1),
        .with_whom = with && *with ? with : NULL,
        .felt = felt && *felt ? felt : NULL,
        .next_step = next && *next ? next : NULL,
    };
    if (rq.plan_id)
        rq.activity_id = 0;
    struct visit made = {0};
    struct app_error err;
    int rc = BELONG_OK;
    static const char *const numbers[] = {"comfort-before", "comfort-after", "conversations"};
    for (size_t i = 0; rc == BELONG_OK && i < 3; i++) {
        const char *typed = web_form_get(req, numbers[i]);
        if (typed_number(typed, 0) == NOT_A_NUMBER)
            rc = app_fail(&err, BELONG_EDATA, numbers[i], "%s: '%s' is not a whole number",
                          numbers[i], typed);
    }
    if (rc == BELONG_OK)
        rc = app_visit_add(app, &rq, &made, &err);
    visit_free(&made);
    if (rc == BELONG_OK) {
        to_plans(resp, req->id);
    } else if ((rc == BELONG_EDATA || rc == BELONG_EUSAGE) && (rq.plan_id || rq.activity_id)) {
        struct forms_problems problems = {0};
        forms_problem_of(&problems, &err);
        answer_visit_form(req, resp, app, rq.plan_id, rq.activity_id, req, &problems);
    } else {
        forms_fail(resp, &err);
    }
}

/* ---- on an activity's page --------------------------------------------------------------- */

void forms_activity_plan_box(struct web_request *req, struct web_response *resp,
                             int64_t activity_id)
{
    if (!req->user || !req->app)
        return;
    struct peer *peers = NULL;
    size_t n = 0;
    struct app_error err;
    if (app_peer_list_names(req->app, false, &peers, &n, &err) != BELONG_OK || n == 0)
        goto out;
    struct buf *b = &resp->body;
    html_printf(b,
                "<section class=\"plan-box\" aria-labelledby=\"plan-box\">\n"
                "<h2 id=\"plan-box\">Add to a peer's plan</h2>\n"
                "<form method=\"get\" action=\"/plans/new\">\n"
                "<input type=\"hidden\" name=\"activity\" value=\"%l\">\n"
                "<label for=\"plan-peer\">Peer</label>\n<select id=\"plan-peer\" name=\"peer\">\n",
                (long long)activity_id);
    for (size_t i = 0; i < n; i++)
        html_printf(b, "<option value=\"%l\">%s</option>\n", (long long)peers[i].id, peers[i].name);
    html_printf(b, "</select>\n<button type=\"submit\">Choose a date</button>\n</form>\n"
                   "</section>\n");
out:
    app_peers_free(peers, n);
}
