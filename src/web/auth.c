/* auth.c — who is asking and whether they may: the session cookie or an API token
** (web_authenticate), the one authorisation hook every route passes through before its body is
** read (web_authorize), the refusal of a change to a peer not theirs before its body is read
** (web_peer_gate), and the CSRF check once it is (web_csrf_check). The per-peer rule is the
** operations' (app_peer_access, app_peer_refusal), not this file's.
*/
#include <microhttpd.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "web_internal.h"

bool web_method_changes(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
           strcmp(method, "OPTIONS") != 0;
}

bool web_secret_equal(const char *sent, const char *kept)
{
    size_t n = kept ? strlen(kept) : 0;
    if (!sent || n == 0 || strlen(sent) != n)
        return false;
    return sodium_memcmp(sent, kept, n) == 0;
}

/* The token of an "Authorization: Bearer TOKEN" header, or NULL when the header is another
** scheme or has no token. */
static const char *bearer_token(const char *authorization)
{
    if (strncasecmp(authorization, "Bearer ", 7) != 0)
        return NULL;
    const char *t = authorization + 7;
    while (*t == ' ')
        t++;
    return *t ? t : NULL;
}

unsigned web_authenticate(struct web_request *req, struct web_response *resp)
{
    const char *authorization =
        MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    const char *cookie =
        MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, WEB_SESSION_COOKIE);
    bool api = req->route->flags & ROUTE_API;
    if (!authorization && !(cookie && *cookie))
        return 0; /* nobody: no database needed */
    struct app *app = web_app(req, resp);
    if (!app)
        return resp->status;
    struct app_error err;
    int rc;
    if (authorization) {
        const char *token = bearer_token(authorization);
        rc = token ? app_token_check(app, token, &req->account, &err) : BELONG_ENOPERM;
        if (rc == BELONG_ENOPERM) {
            web_error(resp, api, 401, NULL,
                      token ? "the token is not valid"
                            : "the Authorization header must be 'Bearer TOKEN'");
            resp->challenge = "Bearer";
            return 401;
        }
        if (rc != BELONG_OK) {
            web_app_error(resp, api, &err);
            return resp->status;
        }
        req->auth = WEB_AUTH_TOKEN;
    } else {
        rc = app_session_check(app, cookie, req->address, &req->account, &req->session, &err);
        if (rc == BELONG_ENOPERM) { /* ended, or never was: go on as nobody, and forget it */
            web_cookie_set(req, resp, WEB_SESSION_COOKIE, "", 0);
            return 0;
        }
        if (rc != BELONG_OK) {
            err.status = BELONG_EINTERNAL; /* a bad setting is the server's fault: 500 */
            web_app_error(resp, api, &err);
            return resp->status;
        }
        req->auth = WEB_AUTH_SESSION;
        req->token = cookie;
    }
    web_authenticated(req, resp);
    return 0;
}

void web_authenticated(struct web_request *req, struct web_response *resp)
{
    req->user = req->account.name;
    if (req->app)
        req->app->cps = req->user;
    resp->viewer.user = req->user;
    resp->viewer.role = app_role_name(req->account.role);
    resp->viewer.csrf = req->session.csrf;
}

bool web_from_another_site(const struct web_request *req)
{
    const char *fetch_site =
        MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Sec-Fetch-Site");
    if (fetch_site &&
        (strcasecmp(fetch_site, "cross-site") == 0 || strcasecmp(fetch_site, "same-site") == 0))
        return true;
    const char *origin = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Origin");
    if (!origin || strcmp(origin, "null") == 0)
        return false; /* none, or hidden (Referrer-Policy: no-referrer): the token decides */
    const char *host = NULL;
    if (req->site && req->site->trust_proxy)
        host = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-Forwarded-Host");
    if (!host)
        host = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    const char *sep = strstr(origin, "://");
    return !host || !sep || strcasecmp(sep + 3, host) != 0;
}

/* The 303 to the login page of a page that needs a login; it comes back to req's path after. */
static void to_login(const struct web_request *req, struct web_response *resp)
{
    struct buf b = {0};
    buf_puts(&b, "/login");
    if (strcmp(req->method, "GET") == 0 && strlen(req->path) < 400) {
        buf_puts(&b, "?next=");
        html_put_url_component(&b, req->path);
    }
    web_redirect(resp, buf_str(&b));
    buf_free(&b);
}

unsigned web_authorize(const struct web_request *req, struct web_response *resp)
{
    unsigned flags = req->route->flags;
    bool api = flags & ROUTE_API;
    if (!(flags & ROUTE_PUBLIC)) {
        if (!req->user) {
            if (!api) {
                to_login(req, resp);
                return resp->status;
            }
            web_error(resp, true, 401, NULL, "log in first, or send Authorization: Bearer TOKEN");
            resp->challenge = "Bearer";
            return 401;
        }
        enum app_role role = req->account.role;
        if ((flags & ROUTE_ADMIN) && role != APP_ROLE_ADMIN) {
            web_error(resp, api, 403, NULL, "only an admin may use this page");
            return 403;
        }
        if ((flags & ROUTE_SUPERVISOR) && role == APP_ROLE_CPS) {
            web_error(resp, api, 403, NULL, "only a supervisor or an admin may use this page");
            return 403;
        }
    }
    return 0;
}

unsigned web_csrf_check(const struct web_request *req, struct web_response *resp)
{
    unsigned flags = req->route->flags;
    bool api = flags & ROUTE_API;
    /* CSRF: a change that comes with the session cookie (which the browser sends on its own)
    ** must prove it comes from one of belong's pages. A Bearer token is never sent on its own. */
    if (web_method_changes(req->method) && req->auth == WEB_AUTH_SESSION &&
        !(flags & ROUTE_OWN_CSRF)) {
        const char *sent = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, WEB_CSRF_HEADER);
        if (!sent)
            sent = web_form_get(req, WEB_CSRF_FIELD);
        if (web_from_another_site(req) || !web_secret_equal(sent, req->session.csrf)) {
            web_error(resp, api, 403, WEB_CSRF_FIELD,
                      "this request did not come from one of belong's pages (its CSRF token is "
                      "missing or wrong); nothing was changed. Reload the page and try again");
            return 403;
        }
    }
    return 0;
}

/* The routes whose {id} is a peer, by each method that changes the peer or adds to its
** records: what the change is, and the operation that audits it (as the operation itself names
** it, so that an early refusal writes the row it would write). */
static const struct peer_change {
    const char *pattern, *method, *operation, *field;
    enum app_peer_op op;
} peer_changes[] = {
    {"/peers/{id}/edit", "POST", "peer.edit", "ID", APP_PEER_CHANGE},
    {"/peers/{id}/measures", "POST", "measure.add", "PEER", APP_PEER_CHANGE},
    {"/peers/{id}/plans", "POST", "plan.add", "PEER", APP_PEER_CHANGE},
    {"/peers/{id}/plans/close", "POST", "plan.close", "PEER", APP_PEER_CHANGE},
    {"/peers/{id}/visits", "POST", "visit.add", "PEER", APP_PEER_CHANGE},
    {"/peers/{id}/connections", "POST", "connection.add", "PEER", APP_PEER_CHANGE},
    {"/peers/{id}/connections/edit", "POST", "connection.edit", "PEER", APP_PEER_CHANGE},
    {"/peers/{id}/connections/end", "POST", "connection.end", "PEER", APP_PEER_CHANGE},
    {"/peers/{id}/delete", "POST", "peer.delete", "ID", APP_PEER_DELETE},
    {"/api/v1/peers/{id}", "PATCH", "peer.edit", "ID", APP_PEER_CHANGE},
    {"/api/v1/peers/{id}", "DELETE", "peer.delete", "ID", APP_PEER_DELETE},
    {"/api/v1/peers/{id}/plans", "POST", "plan.add", "PEER", APP_PEER_CHANGE},
    {"/api/v1/peers/{id}/visits", "POST", "visit.add", "PEER", APP_PEER_CHANGE},
    {"/api/v1/peers/{id}/connections", "POST", "connection.add", "PEER", APP_PEER_CHANGE},
    {"/api/v1/peers/{id}/measures", "POST", "measure.add", "PEER", APP_PEER_CHANGE},
};

unsigned web_peer_gate(struct web_request *req, struct web_response *resp)
{
    if (!req->user || !req->id)
        return 0;
    const struct peer_change *c = NULL;
    for (size_t i = 0; i < sizeof peer_changes / sizeof *peer_changes && !c; i++)
        if (strcmp(peer_changes[i].pattern, req->route->pattern) == 0 &&
            strcmp(peer_changes[i].method, req->method) == 0)
            c = &peer_changes[i];
    if (!c)
        return 0;
    struct app *app = web_app(req, resp);
    if (!app)
        return resp->status;
    struct app_error err;
    if (app_peer_refusal(app, req->id, c->op, c->operation, c->field, &err) == BELONG_OK)
        return 0;
    if (req->route->flags & ROUTE_API)
        api_fail(resp, &err, NULL); /* 404: the one body of a record that is not there */
    else
        web_app_error(resp, false, &err); /* 404, as a peer that does not exist */
    return resp->status;
}
