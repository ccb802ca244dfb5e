/* connection_forms.c — the people a peer met, on the web: the list as of today with the ecomap,
** the form to add one (a first name or initials only: the operation's rule), and beside each
** the forms to change it (relationship, closeness, last contact) and to end it (lost touch).
** Every write is a POST through an operation of app_connections.h, then 303 to the list.
**   GET  /peers/{id}/connections           the list and the forms
**   POST /peers/{id}/connections           adds one (app_connection_add)
**   POST /peers/{id}/connections/edit      changes one (app_connection_edit), connection=N
**   POST /peers/{id}/connections/end       ends one (app_connection_end), connection=N
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_connections.h"
#include "../app/app_peers.h"
#include "forms.h"
#include "html.h"

static const char *const closeness_values[] = {"1", "2", "3", "4", "5"};
static const char *const closeness_labels[] = {"1 distant", "2", "3", "4", "5 very close"};

/* Which form a refusal belongs to: 0 the add form, else the connection's own forms. */
struct refusal {
    int64_t connection;
    const struct web_request *typed;
    const struct forms_problems *problems;
};

/* The name of control name in connection id's forms: "closeness-7" (id 0: name itself). */
static void control_name(const char *name, int64_t id, char out[64])
{
    if (id)
        snprintf(out, 64, "%.40s-%lld", name, (long long)id);
    else
        snprintf(out, 64, "%s", name);
}

static void relationship_select(struct buf *b, const struct forms_problems *p, const char *name,
                                const char *chosen)
{
    forms_select(b, p, name, "Relationship", connection_relationship_count,
                 (const char *const *)connection_relationships, NULL, chosen);
}

static void add_form(struct buf *b, struct web_request *req, int64_t peer_id,
                     const struct refusal *r)
{
    const struct web_request *typed = r && r->connection == 0 ? r->typed : NULL;
    const struct forms_problems *p = r && r->connection == 0 ? r->problems : NULL;
#define TYPED(name) (typed ? web_form_get(typed, name) : NULL)
    char action[64];
    snprintf(action, sizeof action, "/peers/%lld/connections", (long long)peer_id);
    html_printf(b, "<h2 id=\"add\">Someone they met</h2>\n");
    forms_problem_summary(b, p);
    forms_open(b, req, action);
    forms_input(b, p, "name", "text", "First name or initials",
                "never a full name: they did not agree to be recorded", TYPED("name"));
    relationship_select(b, p, "relationship", TYPED("relationship"));
    forms_choices(b, p, "closeness", "How close (1-5)", false, 5, closeness_values,
                  closeness_labels, TYPED("closeness"));
    forms_input(b, p, "met-place", "text", "Where they met", "a place, in a few words",
                TYPED("met-place"));
    forms_input(b, p, "date", "date", "The day they met", "empty: today", TYPED("date"));
    forms_input(b, p, "last-contact", "date", "Last in touch", "empty: the day they met",
                TYPED("last-contact"));
#undef TYPED
    html_printf(b, "<div class=\"wide\"><button type=\"submit\">Add</button></div>\n</form>\n");
}

static void connection_item(struct buf *b, struct web_request *req, int64_t peer_id,
                            const struct connection *c, const char *today, const struct refusal *r)
{
    const struct connection_change *now = connection_as_of(c, today);
    if (!now)
        now = &c->history[c->n_history - 1];
    const bool mine = r && r->connection == c->id;
    const struct web_request *typed = mine ? r->typed : NULL;
    const struct forms_problems *p = mine ? r->problems : NULL;
    html_printf(b, "<li id=\"connection-%l\">\n<h3>%s</h3>\n<p class=\"meta\">%s · closeness %d",
                (long long)c->id, c->name, now->relationship, now->closeness);
    const char *where = connection_met_where(c);
    html_printf(b, " · met %s%s%s", c->met_on, where ? " at " : "", where);
    if (now->last_contact[0])
        html_printf(b, " · last in touch %s", now->last_contact);
    if (now->ended)
        html_printf(b, " · lost touch since %s", now->date);
    html_printf(b, "</p>\n");
    if (mine)
        forms_problem_summary(b, p);
    if (now->ended) {
        html_printf(b, "</li>\n");
        return;
    }
    char action[80], name[64], legend[160];
    snprintf(action, sizeof action, "/peers/%lld/connections/edit", (long long)peer_id);
    snprintf(legend, sizeof legend, "Change %s", c->name);
    forms_open(b, req, action);
    html_printf(b, "<input type=\"hidden\" name=\"connection\" value=\"%l\">\n", (long long)c->id);
    html_printf(b, "<fieldset class=\"wide group\"><legend>%s</legend>\n", legend);
    control_name("relationship", c->id, name);
    const char *value = typed ? web_form_get(typed, name) : NULL;
    relationship_select(b, p, name, value ? value : now->relationship);
    control_name("closeness", c->id, name);
    char closeness[8];
    snprintf(closeness, sizeof closeness, "%d", now->closeness);
    value = typed ? web_form_get(typed, name) : NULL;
    forms_choices(b, p, name, "How close (1-5)", false, 5, closeness_values, closeness_labels,
                  value ? value : closeness);
    control_name("last-contact", c->id, name);
    forms_input(b, p, name, "date", "Last in touch", NULL,
                typed ? web_form_get(typed, name) : now->last_contact);
    control_name("date", c->id, name);
    forms_input(b, p, name, "date", "The day of the change", "empty: today",
                typed ? web_form_get(typed, name) : NULL);
    html_printf(b, "<div class=\"wide\"><button type=\"submit\">Save the change</button></div>\n"
                   "</fieldset>\n</form>\n");
    snprintf(action, sizeof action, "/peers/%lld/connections/end", (long long)peer_id);
    forms_open(b, req, action);
    html_printf(b,
                "<input type=\"hidden\" name=\"connection\" value=\"%l\">\n"
                "<div class=\"wide\"><button type=\"submit\">Lost touch with %s</button></div>\n"
                "</form>\n</li>\n",
                (long long)c->id, c->name);
}

/* Answers the connections page of peer req->id (400 with the refusal r, when not NULL). */
static void answer_connections(struct web_request *req, struct web_response *resp, struct app *app,
                               const struct refusal *r)
{
    struct peer p;
    struct connection *list = NULL;
    size_t n = 0;
    char today[11];
    struct app_error err;
    if (!forms_peer(req, resp, app, &p))
        return;
    if (app_connection_list(app, p.id, NULL, &list, &n, today, &err) != BELONG_OK) {
        forms_fail(resp, &err);
        goto out;
    }
    forms_page_begin(resp, r ? 400 : 200, "Connections");
    struct buf *b = &resp->body;
    forms_peer_nav(b, &p);
    html_printf(b,
                "<h1>The people %s met</h1>\n<figure><img src=\"/peers/%l/charts/ecomap\" "
                "alt=\"Ecomap: the people listed below, by closeness\"><figcaption>Ecomap"
                "</figcaption></figure>\n",
                p.name, (long long)p.id);
    if (n == 0)
        html_printf(b, "<p>No one recorded yet.</p>\n");
    else
        html_printf(b, "<ul class=\"records\">\n");
    for (size_t i = 0; i < n; i++)
        connection_item(b, req, p.id, &list[i], today, r);
    if (n)
        html_printf(b, "</ul>\n");
    add_form(b, req, p.id, r);
    html_page_end(b);
out:
    connections_free(list, n);
    peer_free(&p);
}

/* Whether connection id is one of peer peer_id's (another peer's answers as not there). */
static int connection_of_peer(struct app *app, int64_t peer_id, int64_t id, struct app_error *err)
{
    struct connection *list = NULL;
    size_t n = 0;
    char today[11];
    int rc = app_connection_list(app, peer_id, NULL, &list, &n, today, err);
    bool found = false;
    for (size_t i = 0; rc == BELONG_OK && i < n; i++)
        found = found || list[i].id == id;
    connections_free(list, n);
    if (rc == BELONG_OK && !found)
        rc = app_fail(err, BELONG_ENOINPUT, "connection", "peer %lld has no connection %lld",
                      (long long)peer_id, (long long)id);
    return rc;
}

/* The value of control name of connection id's form, NULL when empty. */
static const char *given(const struct web_request *typed, const char *name, int64_t id)
{
    char control[64];
    control_name(name, id, control);
    const char *v = web_form_get(typed, control);
    return v && *v ? v : NULL;
}

enum connection_write { WRITE_ADD, WRITE_EDIT, WRITE_END };

static void write_connection(struct web_request *req, struct web_response *resp,
                             enum connection_write what)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    int64_t id = what == WRITE_ADD ? 0 : forms_get_id(req, "connection");
    struct app_connection_request rq = {
        .name = given(req, "name", id),
        .relationship = given(req, "relationship", id),
        .closeness = given(req, "closeness", id),
        .met_place = given(req, "met-place", id),
        .date = given(req, "date", id),
        .last_contact = given(req, "last-contact", id),
    };
    struct connection out = {0};
    struct app_error err;
    int rc = what == WRITE_ADD ? BELONG_OK : connection_of_peer(app, req->id, id, &err);
    if (rc == BELONG_OK)
        rc = what == WRITE_ADD    ? app_connection_add(app, req->id, &rq, &out, &err)
             : what == WRITE_EDIT ? app_connection_edit(app, id, &rq, &out, &err)
                                  : app_connection_end(app, id, rq.date, &out, &err);
    if (rc == BELONG_OK) {
        char location[96];
        snprintf(location, sizeof location, "/peers/%lld/connections#connection-%lld",
                 (long long)req->id, (long long)out.id);
        web_redirect(resp, location);
    } else if (rc == BELONG_EDATA || rc == BELONG_EUSAGE) {
        struct forms_problems problems = {0};
        char field[64], control[64];
        forms_field_name(err.field, field);
        control_name(field[0] ? field : "name", id, control);
        forms_problem(&problems, field[0] ? control : NULL, err.message);
        struct refusal r = {id, req, &problems};
        answer_connections(req, resp, app, &r);
    } else {
        forms_fail(resp, &err);
    }
    connection_free(&out);
}

void page_connections(struct web_request *req, struct web_response *resp)
{
    if (strcmp(req->method, "POST") == 0) {
        write_connection(req, resp, WRITE_ADD);
        return;
    }
    struct app *app = web_app(req, resp);
    if (app)
        answer_connections(req, resp, app, NULL);
}

void page_connection_edit(struct web_request *req, struct web_response *resp)
{
    write_connection(req, resp, WRITE_EDIT);
}

void page_connection_end(struct web_request *req, struct web_response *resp)
{
    write_connection(req, resp, WRITE_END);
}
