/* admin_pages.c — the admin pages (docs/web.md): the users (list; add one with a role, a team
** and a password of at least 12 characters; disable one; set a password), for admins, through
** app_accounts.h; and the audit trail filtered by peer, user and day, for supervisors (their
** team's) and admins (all), through app_audit_list. Every form posts with the session's CSRF
** field; a refused field is named and what was typed kept (never a password). Written only
** through the HTML writer (html.h).
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../app/app_accounts.h"
#include "../util/number.h"
#include "../util/timeutil.h"
#include "html.h"
#include "web_internal.h"

#define AUDIT_ROWS_SHOWN 200 /* the newest rows of the filter shown on the page */

/* ---- users -------------------------------------------------------------------------------- */

/* What the add form had typed, and which field was refused with what. */
struct users_form {
    const char *name, *role, *supervisor;
    const char *notice;          /* what was done, or NULL */
    const struct app_error *err; /* what was refused, or NULL */
    const char *err_form;        /* the form the refusal is about: "add", or the user's name */
};

/* Whether field of form (the add form, or a user's row) is the one refused. */
static bool at_fault(const struct users_form *f, const char *form, const char *field)
{
    return f->err && f->err_form && form && strcmp(f->err_form, form) == 0 && f->err->field &&
           strcmp(f->err->field, field) == 0;
}

/* Ends the start tag of a control (id) of field: marked and described when it is at fault. */
static void control_end(struct buf *b, const struct users_form *f, const char *form,
                        const char *field, const char *id)
{
    if (at_fault(f, form, field))
        html_printf(b, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", id);
    html_printf(b, ">\n");
}

/* The message of a refused field, after its control. */
static void fault_text(struct buf *b, const struct users_form *f, const char *form,
                       const char *field, const char *id)
{
    if (at_fault(f, form, field))
        html_printf(b, "<p class=\"error\" id=\"%s-error\">%s</p>\n", id, f->err->message);
}

/* One labelled input of the add form (a password when id is "password": never shown again),
** marked and described when field is the one refused. */
static void add_input(struct buf *b, const struct users_form *f, const char *field, const char *id,
                      const char *label, const char *hint, const char *value, bool required)
{
    bool password = strcmp(id, "password") == 0;
    html_printf(b,
                "<label for=\"%s\">%s <span class=\"hint\">%s</span></label>\n<input "
                "type=\"%s\" id=\"%s\" name=\"%s\"",
                id, label, hint, password ? "password" : "text", id, id);
    if (password)
        html_printf(b, " autocomplete=\"new-password\" minlength=\"12\"");
    else
        html_printf(b, " value=\"%s\" autocomplete=\"off\"", value ? value : "");
    if (required)
        html_printf(b, " required");
    control_end(b, f, "add", field, id);
    fault_text(b, f, "add", field, id);
}

static void users_page(struct web_request *req, struct web_response *resp, struct app *app,
                       const struct users_form *f, unsigned status)
{
    struct app_user *users = NULL;
    size_t n = 0;
    struct app_error err;
    if (app_user_list(app, &users, &n, &err) != BELONG_OK) {
        web_app_error(resp, false, &err);
        free(users);
        return;
    }
    struct buf *b = &resp->body;
    resp->status = status;
    resp->content_type = "text/html; charset=utf-8";
    web_page_begin(resp, "Users");
    html_printf(b, "<h1>Users</h1>\n");
    if (f->notice)
        html_printf(b, "<p class=\"notice\" role=\"status\">%s</p>\n", f->notice);
    if (f->err && (!f->err->field || !f->err_form))
        html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>\n", f->err->message);
    html_printf(b,
                "<table class=\"list\">\n<caption>%z account%s</caption>\n"
                "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th>"
                "<th scope=\"col\">Team of</th><th scope=\"col\">Status</th>"
                "<th scope=\"col\">Set a password</th><th scope=\"col\">Disable</th></tr></thead>\n"
                "<tbody>\n",
                n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        const struct app_user *u = &users[i];
        char id[APP_NAME_MAX + 16];
        snprintf(id, sizeof id, "pw-%zu", i);
        html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td>\n<td>",
                    u->name, app_role_name(u->role), u->supervisor[0] ? u->supervisor : "-",
                    u->disabled ? "disabled" : "active");
        html_form_post(b, "/admin/users/password", req->session.csrf);
        html_printf(b, "<input type=\"hidden\" name=\"name\" value=\"%s\">\n", u->name);
        html_printf(b,
                    "<label for=\"%s\">New password for %s <span class=\"hint\">at least 12 "
                    "characters</span></label>\n<input type=\"password\" id=\"%s\" "
                    "name=\"password\" autocomplete=\"new-password\" minlength=\"12\" required",
                    id, u->name, id);
        control_end(b, f, u->name, "password", id);
        fault_text(b, f, u->name, "password", id);
        html_printf(b, "<button type=\"submit\">Set</button>\n</form></td>\n<td>");
        if (u->disabled) {
            html_printf(b, "-");
        } else {
            html_form_post(b, "/admin/users/disable", req->session.csrf);
            html_printf(b, "<input type=\"hidden\" name=\"name\" value=\"%s\">\n", u->name);
            html_printf(b, "<button type=\"submit\">Disable %s</button>\n</form>", u->name);
        }
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");

    html_printf(b, "<h2>Add a user</h2>\n");
    html_form_post(b, "/admin/users", req->session.csrf);
    add_input(b, f, "NAME", "name", "Name", "their login and caseload handle", f->name, true);
    html_printf(b, "<label for=\"role\">Role</label>\n<select id=\"role\" name=\"role\"");
    control_end(b, f, "add", "--role", "role");
    for (int r = APP_ROLE_CPS; r <= APP_ROLE_ADMIN; r++) {
        const char *role = app_role_name((enum app_role)r);
        html_printf(b, "<option value=\"%s\"%s>%s</option>\n", role,
                    f->role && strcmp(f->role, role) == 0 ? " selected" : "", role);
    }
    html_printf(b, "</select>\n");
    fault_text(b, f, "add", "--role", "role");
    add_input(b, f, "--supervisor", "supervisor", "Supervisor", "a CPS's, optional", f->supervisor,
              false);
    add_input(b, f, "password", "password", "Password", "at least 12 characters", NULL, true);
    html_printf(b, "<button type=\"submit\">Add the user</button>\n</form>\n");
    html_page_end(b);
    free(users);
}

/* The status of a refusal on a form: 400 a bad field, 403 no right, else as web_app_error. */
static unsigned form_status(const struct app_error *err)
{
    return err->status == BELONG_ENOPERM                                 ? 403
           : err->status == BELONG_EDATA || err->status == BELONG_EUSAGE ? 400
           : err->status == BELONG_ENOINPUT                              ? 404
                                                                         : 500;
}

/* After a form: the page again with what was done, or the refusal (a server error as such). */
static void users_answer(struct web_request *req, struct web_response *resp, struct app *app,
                         struct users_form *f, const struct app_error *err, int rc)
{
    if (rc != BELONG_OK && form_status(err) == 500) {
        web_app_error(resp, false, err);
        return;
    }
    if (rc != BELONG_OK && err->status == BELONG_ENOPERM) {
        web_error(resp, false, 403, NULL, err->message);
        return;
    }
    f->err = rc == BELONG_OK ? NULL : err;
    users_page(req, resp, app, f, rc == BELONG_OK ? 200 : form_status(err));
}

static void add_user(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct users_form f = {
        .name = web_form_get(req, "name"),
        .role = web_form_get(req, "role"),
        .supervisor = web_form_get(req, "supervisor"),
        .err_form = "add",
    };
    const char *password = web_form_get(req, "password");
    struct app_error err;
    enum app_role role;
    int rc;
    if (!f.role || !app_role_parse(f.role, &role))
        rc = app_fail(&err, BELONG_EDATA, "--role", "role: choose cps, supervisor or admin");
    else
        rc = app_user_add(app, f.name ? f.name : "", role, f.supervisor, password ? password : "",
                          &err);
    char notice[APP_NAME_MAX + 32];
    if (rc == BELONG_OK) {
        snprintf(notice, sizeof notice, "Added %s.", f.name);
        f = (struct users_form){.notice = notice};
    }
    users_answer(req, resp, app, &f, &err, rc);
}

/* GET: the users and the forms; POST: a user added. */
void page_admin_users(struct web_request *req, struct web_response *resp)
{
    if (strcmp(req->method, "POST") == 0) {
        add_user(req, resp);
        return;
    }
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    users_page(req, resp, app, &(struct users_form){0}, 200);
}

void page_admin_user_password(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    const char *name = web_form_get(req, "name");
    const char *password = web_form_get(req, "password");
    struct users_form f = {.err_form = name};
    struct app_error err;
    int rc = app_user_passwd(app, name ? name : "", password ? password : "", &err);
    char notice[APP_NAME_MAX + 64];
    if (rc == BELONG_OK) {
        snprintf(notice, sizeof notice, "Set a new password for %s; their sessions have ended.",
                 name);
        f.notice = notice;
    }
    users_answer(req, resp, app, &f, &err, rc);
}

void page_admin_user_disable(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    const char *name = web_form_get(req, "name");
    struct users_form f = {.err_form = name};
    struct app_error err;
    int rc = app_user_disable(app, name ? name : "", &err);
    char notice[APP_NAME_MAX + 64];
    if (rc == BELONG_OK) {
        snprintf(notice, sizeof notice, "Disabled %s: they can no longer log in.", name);
        f.notice = notice;
    }
    users_answer(req, resp, app, &f, &err, rc);
}

/* ---- the audit trail ---------------------------------------------------------------------- */

struct audit_query {
    const char *peer, *user, *since; /* as typed, "" when not given */
    int64_t peer_id;
    time_t since_t;
    const char *bad; /* the field refused, or NULL */
    char message[160];
};

static int read_audit_argument(void *ctx, const char *name, const char *value)
{
    struct audit_query *q = ctx;
    if (strcmp(name, "peer") == 0)
        q->peer = value;
    else if (strcmp(name, "user") == 0)
        q->user = value;
    else if (strcmp(name, "since") == 0)
        q->since = value;
    else if (!q->bad) {
        q->bad = "parameter";
        snprintf(q->message, sizeof q->message,
                 "unknown parameter '%.64s' (known: peer, user, since)", name);
    }
    return 0;
}

static void audit_query_check(struct audit_query *q)
{
    long id;
    struct civil_date d;
    if (q->bad)
        return;
    if (*q->peer && !parse_whole(q->peer, 1, 0x7fffffffL, &id)) {
        q->bad = "peer";
        snprintf(q->message, sizeof q->message, "peer: '%.32s' is not a peer id", q->peer);
    } else if (*q->since && !parse_date(q->since, &d)) {
        q->bad = "since";
        snprintf(q->message, sizeof q->message, "since: '%.32s' is not a day YYYY-MM-DD", q->since);
    } else {
        q->peer_id = *q->peer ? id : 0;
        q->since_t = *q->since ? (time_t)days_from_civil(&d) * 86400 : 0;
    }
}

static void audit_input(struct buf *b, const struct audit_query *q, const char *name,
                        const char *type, const char *label, const char *value)
{
    html_printf(b,
                "<div class=\"field\"><label for=\"%s\">%s</label>\n<input type=\"%s\" id=\"%s\" "
                "name=\"%s\" value=\"%s\"",
                name, label, type, name, name, value);
    bool bad = q->bad && strcmp(q->bad, name) == 0;
    if (bad)
        html_printf(b, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", name);
    html_printf(b, ">\n");
    if (bad)
        html_printf(b, "<p class=\"error\" id=\"%s-error\">%s</p>\n", name, q->message);
    html_printf(b, "</div>\n");
}

void page_admin_audit(struct web_request *req, struct web_response *resp)
{
    struct audit_query q = {.peer = "", .user = "", .since = ""};
    web_each_argument(req, read_audit_argument, &q);
    audit_query_check(&q);
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct app_audit_row *rows = NULL;
    size_t n = 0;
    struct app_error err;
    if (!q.bad && app_audit_list(app, q.peer_id, *q.user ? q.user : NULL, q.since_t, &rows, &n,
                                 &err) != BELONG_OK) {
        if (err.status == BELONG_ENOPERM)
            web_error(resp, false, 403, NULL, err.message);
        else
            web_app_error(resp, false, &err);
        free(rows);
        return;
    }
    struct buf *b = &resp->body;
    resp->status = q.bad ? 400 : 200;
    resp->content_type = "text/html; charset=utf-8";
    web_page_begin(resp, "Audit trail");
    html_printf(b, "<h1>Audit trail</h1>\n<p>Every view, change, export and deletion of a peer "
                   "record, every refused access, and logins. Rows are only ever added.</p>\n"
                   "<form class=\"search\" method=\"get\" action=\"/admin/audit\">\n");
    audit_input(b, &q, "peer", "text", "Peer id", q.peer);
    audit_input(b, &q, "user", "text", "User", q.user);
    audit_input(b, &q, "since", "date", "From (UTC day)", q.since);
    if (q.bad && strcmp(q.bad, "parameter") == 0)
        html_printf(b, "<p class=\"error wide\" role=\"alert\">%s</p>\n", q.message);
    html_printf(b, "<div class=\"wide\"><button type=\"submit\">Show</button></div>\n</form>\n");
    if (!q.bad) {
        size_t shown = n < AUDIT_ROWS_SHOWN ? n : AUDIT_ROWS_SHOWN;
        html_printf(b, "<table class=\"list\">\n<caption>%z row%s match%s", n, n == 1 ? "" : "s",
                    n == 1 ? "es" : "");
        if (shown < n)
            html_printf(b, "; the newest %z shown", shown);
        html_printf(b, ", newest first</caption>\n<thead><tr><th scope=\"col\">When "
                       "(UTC)</th><th scope=\"col\">User</th><th scope=\"col\">What</th>"
                       "<th scope=\"col\">Peer</th><th scope=\"col\">From</th>"
                       "<th scope=\"col\">Outcome</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < shown; i++) {
            const struct app_audit_row *r = &rows[n - 1 - i];
            char when[32], peer[24];
            struct tm tm;
            gmtime_r(&r->at, &tm);
            strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
            snprintf(peer, sizeof peer, r->peer_id ? "%lld" : "-", (long long)r->peer_id);
            html_printf(b,
                        "<tr><td><time>%s</time></td><td>%s</td><td>%s</td><td>%s</td>"
                        "<td>%s</td><td>%s</td></tr>\n",
                        when, r->actor, r->operation, peer, r->origin, r->outcome);
        }
        html_printf(b, "</tbody>\n</table>\n");
    }
    html_page_end(b);
    free(rows);
}
