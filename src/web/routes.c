/* routes.c — the route table (pattern, methods, handler, flags), matching a path to it, the one
** authorisation hook every route passes through, errors in HTML or JSON, query arguments, and
** the static assets compiled into the binary.
*/
#include <jansson.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_search_form.h"
#include "../util/number.h"
#include "assets.h"
#include "html.h"
#include "web.h"
#include "web_internal.h"

const struct web_route web_routes[] = {
    /* pattern, methods, handler, flags: one line per route (docs/web.md, docs/openapi.json) */
    {"/", "GET", page_search, ROUTE_PUBLIC},
    {"/activities/{id}", "GET", page_activity, ROUTE_PUBLIC},
    {"/static/{name}", "GET", web_static_asset, ROUTE_PUBLIC | ROUTE_STATIC},
    {"/api/v1/activities", "GET", api_activities, ROUTE_PUBLIC | ROUTE_API},
    {"/api/v1/activities/{id}", "GET", api_activity, ROUTE_PUBLIC | ROUTE_API},
    {"/api/v1/categories", "GET", api_categories, ROUTE_PUBLIC | ROUTE_API},
    {"/api/v1/me", "GET", api_me, ROUTE_USER | ROUTE_API},
    {"/login", "GET POST", page_login, ROUTE_PUBLIC | ROUTE_OWN_CSRF},
    {"/logout", "POST", page_logout, ROUTE_PUBLIC},
    {"/dashboard", "GET", page_dashboard, ROUTE_USER},
    {"/peers/{id}", "GET", page_peer, ROUTE_USER},
    {"/peers/{id}/why", "GET", page_peer_why, ROUTE_USER},
    /* a peer's forms, records and reports (docs/web.md) */
    {"/peers/new", "GET POST", page_peer_new, ROUTE_USER},
    {"/peers/{id}/edit", "GET POST", page_peer_edit, ROUTE_USER},
    {"/peers/{id}/measures", "GET POST", page_measures, ROUTE_USER},
    {"/peers/{id}/measures/new", "GET", page_measure_new, ROUTE_USER},
    {"/peers/{id}/suggestions", "GET", page_suggestions, ROUTE_USER},
    {"/peers/{id}/plans", "GET POST", page_plans, ROUTE_USER},
    {"/peers/{id}/plans/new", "GET", page_plan_new, ROUTE_USER},
    {"/plans/new", "GET", page_plan_new, ROUTE_USER},
    {"/peers/{id}/plans/close", "POST", page_plan_close, ROUTE_USER},
    {"/peers/{id}/visits", "POST", page_visit_add, ROUTE_USER},
    {"/peers/{id}/visits/new", "GET", page_visit_new, ROUTE_USER},
    {"/peers/{id}/connections", "GET POST", page_connections, ROUTE_USER},
    {"/peers/{id}/connections/edit", "POST", page_connection_edit, ROUTE_USER},
    {"/peers/{id}/connections/end", "POST", page_connection_end, ROUTE_USER},
    {"/peers/{id}/records", "GET", page_peer_records, ROUTE_USER},
    {"/peers/{id}/report", "GET", page_peer_report, ROUTE_USER},
    {"/peers/{id}/plan", "GET", page_peer_plan, ROUTE_USER},
    {"/peers/{id}/charts/{name}", "GET", page_peer_chart, ROUTE_USER},
    {"/peers/{id}/export", "GET", page_peer_export, ROUTE_USER},
    {"/peers/{id}/delete", "GET POST", page_peer_delete, ROUTE_USER},
    {"/reports/caseload", "GET", page_caseload_report, ROUTE_USER},
    /* the peer API (api_peers.c, api_records.c): caseload-checked and audited by the operations */
    {"/api/v1/peers", "GET POST", api_peers, ROUTE_USER | ROUTE_API},
    {"/api/v1/peers/{id}", "GET PATCH DELETE", api_peer, ROUTE_USER | ROUTE_API},
    {"/api/v1/peers/{id}/suggestions", "GET", api_peer_suggestions, ROUTE_USER | ROUTE_API},
    {"/api/v1/peers/{id}/export", "GET", api_peer_export, ROUTE_USER | ROUTE_API},
    {"/api/v1/peers/{id}/plans", "GET POST", api_peer_plans, ROUTE_USER | ROUTE_API},
    {"/api/v1/peers/{id}/visits", "GET POST", api_peer_visits, ROUTE_USER | ROUTE_API},
    {"/api/v1/peers/{id}/connections", "GET POST", api_peer_connections, ROUTE_USER | ROUTE_API},
    {"/api/v1/peers/{id}/measures", "GET POST", api_peer_measures, ROUTE_USER | ROUTE_API},
    {"/api/v1/plans/{id}", "PATCH", api_plan, ROUTE_USER | ROUTE_API},
    {"/api/v1/connections/{id}", "PATCH", api_connection, ROUTE_USER | ROUTE_API},
    {"/api/v1/connections/{id}/end", "POST", api_connection_end, ROUTE_USER | ROUTE_API},
    {"/api/v1/measures/{id}", "PATCH DELETE", api_measure, ROUTE_USER | ROUTE_API},
    /* the admin pages (admin_pages.c) */
    {"/admin/users", "GET POST", page_admin_users, ROUTE_ADMIN},
    {"/admin/users/password", "POST", page_admin_user_password, ROUTE_ADMIN},
    {"/admin/users/disable", "POST", page_admin_user_disable, ROUTE_ADMIN},
    {"/admin/audit", "GET", page_admin_audit, ROUTE_SUPERVISOR},
    {"/admin/imports", "GET POST", page_admin_imports, ROUTE_ADMIN | ROUTE_UPLOAD},
    {NULL, NULL, NULL, 0},
};

void web_routes_print(FILE *out)
{
    for (const struct web_route *r = web_routes; r->pattern; r++)
        for (const char *m = r->methods; *m;) { /* "GET POST": one line a method */
            size_t n = strcspn(m, " ");
            fprintf(out, "%.*s %s\n", (int)n, m, r->pattern);
            m += n + strspn(m + n, " ");
        }
}

/* Matches one path segment [seg, seg + n) against one pattern segment [pat, pat + m). */
static bool segment_matches(const char *pat, size_t m, const char *seg, size_t n, int64_t *id)
{
    if (m == 4 && memcmp(pat, "{id}", 4) == 0) {
        char digits[24];
        long value;
        if (n == 0 || n >= sizeof digits || seg[0] == '0' || seg[0] == '-')
            return false;
        memcpy(digits, seg, n);
        digits[n] = '\0';
        if (!parse_whole(digits, 1, 0x7fffffffL, &value))
            return false;
        *id = value;
        return true;
    }
    if (m == 6 && memcmp(pat, "{name}", 6) == 0)
        return n > 0;
    return m == n && memcmp(pat, seg, n) == 0;
}

const struct web_route *web_route_match(const char *path, int64_t *id)
{
    *id = 0;
    for (const struct web_route *r = web_routes; r->pattern; r++) {
        const char *p = r->pattern, *s = path;
        bool ok = true;
        while (ok && *p && *s) {
            if (*p != '/' || *s != '/') {
                ok = false;
                break;
            }
            p++, s++;
            size_t m = strcspn(p, "/"), n = strcspn(s, "/");
            ok = segment_matches(p, m, s, n, id);
            p += m, s += n;
        }
        if (ok && !*p && !*s)
            return r;
    }
    return NULL;
}

bool web_route_allows(const struct web_route *route, const char *method)
{
    const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
    size_t n = strlen(m);
    for (const char *p = route->methods; *p;) {
        size_t k = strcspn(p, " ");
        if (k == n && memcmp(p, m, n) == 0)
            return true;
        p += k;
        p += strspn(p, " ");
    }
    return false;
}

void web_method_not_allowed(const struct web_route *route, struct web_response *resp)
{
    struct buf allow = {0};
    for (const char *p = route->methods; *p;) {
        size_t k = strcspn(p, " ");
        buf_printf(&allow, "%s%.*s", allow.len ? ", " : "", (int)k, p);
        if (k == 3 && memcmp(p, "GET", 3) == 0)
            buf_puts(&allow, ", HEAD");
        p += k;
        p += strspn(p, " ");
    }
    snprintf(resp->allow_text, sizeof resp->allow_text, "%s", buf_str(&allow));
    char message[128];
    snprintf(message, sizeof message, "this address answers %s only", buf_str(&allow));
    buf_free(&allow);
    web_error(resp, route->flags & ROUTE_API, 405, NULL, message);
    resp->allow = resp->allow_text;
}

void web_redirect(struct web_response *resp, const char *location)
{
    resp->status = 303;
    snprintf(resp->location, sizeof resp->location, "%s", location);
    resp->content_type = "text/html; charset=utf-8";
    resp->data = NULL;
    buf_reset(&resp->body);
    html_printf(&resp->body,
                "<!DOCTYPE html>\n<html lang=\"en\"><title>See other</title>"
                "<p><a href=\"%s\">Continue</a></p></html>\n",
                location);
}

void web_cookie_set(const struct web_request *req, struct web_response *resp, const char *name,
                    const char *value, int max_age_s)
{
    /* A cookie set twice in one response is sent once, as last set (a stale session cookie
    ** cleared by web_authenticate, then a login's new one): two Set-Cookie headers of one name
    ** leave the browser with whichever it reads last. */
    size_t n = strlen(name), i = 0;
    while (i < WEB_COOKIES_MAX - 1 && resp->cookies[i][0] &&
           !(strncmp(resp->cookies[i], name, n) == 0 && resp->cookies[i][n] == '='))
        i++;
    char age[32] = "";
    if (max_age_s >= 0)
        snprintf(age, sizeof age, "; Max-Age=%d", max_age_s);
    snprintf(resp->cookies[i], sizeof resp->cookies[i],
             "%s=%s; HttpOnly; SameSite=Strict; Path=/%s%s", name, value, age,
             req->https ? "; Secure" : "");
}

void web_page_begin(struct web_response *resp, const char *title)
{
    html_page_begin(&resp->body, title, &resp->viewer);
}

static const char *status_code(unsigned status)
{
    switch (status) {
    case 400:
        return "bad_request";
    case 401:
        return "unauthorized";
    case 403:
        return "forbidden";
    case 404:
        return "not_found";
    case 405:
        return "method_not_allowed";
    case 409:
        return "conflict";
    case 413:
        return "body_too_large";
    case 414:
        return "url_too_long";
    case 415:
        return "unsupported_media_type";
    case 429:
        return "too_many_requests";
    case 431:
        return "headers_too_large";
    case 503:
        return "unavailable";
    default:
        return "internal";
    }
}

static const char *status_title(unsigned status)
{
    switch (status) {
    case 400:
        return "Something in the request is not right";
    case 401:
        return "Please log in";
    case 403:
        return "Not allowed";
    case 404:
        return "Not found";
    case 405:
        return "Not allowed";
    case 409:
        return "That cannot be changed now";
    case 415:
        return "The request's form is not one belong reads";
    case 429:
        return "Too many tries";
    case 413:
    case 414:
    case 431:
        return "The request is too large";
    case 503:
        return "Not available just now";
    default:
        return "Something went wrong";
    }
}

void web_error(struct web_response *resp, bool api, unsigned status, const char *field,
               const char *message)
{
    web_error_coded(resp, api, status, NULL, field, message);
}

void web_error_coded(struct web_response *resp, bool api, unsigned status, const char *code,
                     const char *field, const char *message)
{
    resp->status = status;
    buf_reset(&resp->body);
    resp->data = NULL;
    if (api) {
        json_t *e = json_object();
        json_object_set_new(e, "code", json_string(code ? code : status_code(status)));
        json_object_set_new(e, "message", json_string(message));
        json_object_set_new(e, "field", field ? json_string(field) : json_null());
        json_t *root = json_pack("{s:o}", "error", e);
        char *text = json_dumps(root, JSON_PRESERVE_ORDER);
        buf_puts(&resp->body, text ? text : "{}");
        buf_putc(&resp->body, '\n');
        free(text);
        json_decref(root);
        resp->content_type = "application/json";
        return;
    }
    resp->content_type = "text/html; charset=utf-8";
    web_page_begin(resp, status_title(status));
    html_printf(&resp->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/\">Find activities</a></p>\n",
                status_title(status), message);
    html_page_end(&resp->body);
}

void web_app_error(struct web_response *resp, bool api, const struct app_error *err)
{
    if (err->status == BELONG_ENOINPUT && err->code && strcmp(err->code, APP_CODE_ARCHIVED) == 0) {
        /* one's own peer, archived: not hidden as another caseload's is, but said, as the CLI
        ** says it (a peer of another caseload never gets here: it is "no such peer") */
        web_error_coded(resp, api, 409, APP_CODE_ARCHIVED, api ? "peer" : NULL, err->message);
        return;
    }
    unsigned status = err->status == BELONG_EUSAGE || err->status == BELONG_EDATA ? 400
                      : err->status == BELONG_ENOINPUT                            ? 404
                      : err->status == BELONG_ENOPERM                             ? 403
                      : err->status == BELONG_EBUSY                               ? 503
                                                                                  : 500;
    if (status == 500)
        fprintf(stderr, "belong serve: %s\n", err->message);
    web_error(resp, api, status, err->field,
              status == 500 ? "the server could not answer; see its log" : err->message);
}

struct each_argument {
    int (*fn)(void *ctx, const char *name, const char *value);
    void *ctx;
    int rc;
};

static enum MHD_Result each_argument(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    struct each_argument *a = cls;
    a->rc = a->fn(a->ctx, key, value ? value : "");
    return a->rc ? MHD_NO : MHD_YES;
}

int web_each_argument(struct web_request *req,
                      int (*fn)(void *ctx, const char *name, const char *value), void *ctx)
{
    struct each_argument a = {fn, ctx, 0};
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, each_argument, &a);
    return a.rc;
}

void web_static_asset(struct web_request *req, struct web_response *resp)
{
    for (const struct web_asset *a = web_assets; a->path; a++) {
        if (strcmp(a->path, req->path) == 0) {
            resp->status = 200;
            resp->content_type = a->content_type;
            resp->data = a->data;
            resp->len = a->len;
            resp->cacheable = true;
            return;
        }
    }
    web_error(resp, false, 404, NULL, "there is no such file");
}

struct read_search {
    struct app_search_form *form;
    struct app_error *err;
    int rc;
};

static int read_search_field(void *ctx, const char *name, const char *value)
{
    struct read_search *r = ctx;
    struct app_error err;
    int rc = app_search_form_set(r->form, name, value, &err);
    if (rc != BELONG_OK && r->rc == BELONG_OK) {
        r->rc = rc;
        *r->err = err;
    }
    return 0; /* read every field, so that each is shown as typed */
}

int web_search(struct web_request *req, struct app *app, struct app_search_form *f,
               struct app_search_page *page, struct app_error *err)
{
    memset(page, 0, sizeof *page);
    struct read_search r = {f, err, BELONG_OK};
    web_each_argument(req, read_search_field, &r);
    int rc = r.rc;
    if (rc == BELONG_OK)
        rc = app_search_form_search(app, f, page, err);
    return rc;
}

bool web_read_listing(struct web_request *req, struct web_response *resp, bool api,
                      struct app_listing *l, struct category_table *categories)
{
    memset(l, 0, sizeof *l);
    memset(categories, 0, sizeof *categories);
    struct app *app = web_app(req, resp);
    if (!app)
        return false;
    struct app_error err;
    int rc = app_show(app, req->id, WEB_NEXT_MAX, l, &err);
    if (rc == BELONG_OK)
        rc = app_categories(categories, &err);
    if (rc != BELONG_OK) {
        web_app_error(resp, api, &err);
        return false;
    }
    return true;
}
