/* login.c — the login form and logout: GET/POST /login (app_login: a new session, its cookie,
** one message for every refusal, 429 with Retry-After while throttled) and POST /logout
** (app_logout, the cookie cleared). The login form is protected against login CSRF by its own
** token, kept in a cookie and in the form (double submit), and by web_from_another_site.
*/
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web_internal.h"

#define LOGIN_DEFAULT_NEXT "/dashboard"

/* Where to go after the login: next when it is a path on this site ("/peers/3"), else the
** dashboard. Never another site ("//evil", "/\evil", "https://..."). */
static const char *next_path(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 400)
        return LOGIN_DEFAULT_NEXT;
    for (const unsigned char *p = (const unsigned char *)next; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || *p == '\\')
            return LOGIN_DEFAULT_NEXT;
    return next;
}

/* The login form's token: the one the browser holds (a well-formed belong_login cookie), else a
** new one, sent as the cookie. OUT: token. */
static void login_token(const struct web_request *req, struct web_response *resp,
                        char token[APP_TOKEN_HEX + 1])
{
    const char *held = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, WEB_LOGIN_COOKIE);
    unsigned char raw[APP_TOKEN_HEX / 2];
    size_t len = 0;
    if (held && strlen(held) == APP_TOKEN_HEX &&
        sodium_hex2bin(raw, sizeof raw, held, APP_TOKEN_HEX, NULL, &len, NULL) == 0 &&
        len == sizeof raw) {
        snprintf(token, APP_TOKEN_HEX + 1, "%s", held);
        return;
    }
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, APP_TOKEN_HEX + 1, raw, sizeof raw);
    web_cookie_set(req, resp, WEB_LOGIN_COOKIE, token, -1);
}

/* The login page with status: the form (the name as typed, never the password), and message
** when the last try was refused. */
static void login_page(const struct web_request *req, struct web_response *resp, unsigned status,
                       const char *name, const char *next, const char *message)
{
    char token[APP_TOKEN_HEX + 1];
    login_token(req, resp, token);
    struct buf *b = &resp->body;
    buf_reset(b);
    resp->status = status;
    resp->content_type = "text/html; charset=utf-8";
    web_page_begin(resp, message ? "Log in: try again" : "Log in");
    html_printf(b, "<h1>Log in</h1>\n");
    if (req->user)
        html_printf(b,
                    "<p>You are signed in as <strong>%s</strong>. Logging in again ends that "
                    "session.</p>\n",
                    req->user);
    if (message)
        html_printf(b, "<p class=\"error\" id=\"login-error\" role=\"alert\">%s</p>\n", message);
    html_form_post(b, "/login", token);
    html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next_path(next));
    const char *described = message ? " aria-describedby=\"login-error\"" : "";
    html_printf(b,
                "<div class=\"field\"><label for=\"name\">Name</label>\n"
                "<input type=\"text\" id=\"name\" name=\"name\" value=\"%s\" "
                "autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required",
                name ? name : "");
    html_printf(b, described);
    html_printf(b, "></div>\n<div class=\"field\"><label for=\"password\">Password</label>\n"
                   "<input type=\"password\" id=\"password\" name=\"password\" "
                   "autocomplete=\"current-password\" required");
    html_printf(b, described);
    html_printf(b, "></div>\n<p><button type=\"submit\">Log in</button></p>\n</form>\n");
    html_page_end(b);
}

void page_login(struct web_request *req, struct web_response *resp)
{
    const char *next = NULL;
    if (strcmp(req->method, "POST") != 0) {
        next = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "next");
        login_page(req, resp, 200, NULL, next, NULL);
        return;
    }
    next = web_form_get(req, "next");
    const char *name = web_form_get(req, "name");
    const char *held = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, WEB_LOGIN_COOKIE);
    if (web_from_another_site(req) || !web_secret_equal(web_form_get(req, WEB_CSRF_FIELD), held)) {
        login_page(req, resp, 403, name, next,
                   "This login form has expired or did not come from belong; nothing was sent. "
                   "Please try again.");
        return;
    }
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct app_session session;
    struct app_user user;
    struct app_error err;
    int wait_s = 0;
    int rc = app_login(app, name, web_form_get(req, "password"), req->address, &session, &user,
                       &wait_s, &err);
    if (rc == BELONG_ENOPERM) {
        char message[sizeof err.message + 80];
        if (wait_s > 0)
            snprintf(message, sizeof message, "%s. Try again in %d seconds.", err.message, wait_s);
        else
            snprintf(message, sizeof message, "%s.", err.message);
        login_page(req, resp, wait_s > 0 ? 429 : 401, name, next, message);
        resp->retry_after_s = wait_s;
        return;
    }
    if (rc != BELONG_OK) {
        web_app_error(resp, false, &err);
        return;
    }
    if (req->auth == WEB_AUTH_SESSION) /* the session this browser had ends: one at a time */
        app_logout(app, req->token, &err);
    web_cookie_set(req, resp, WEB_SESSION_COOKIE, session.token, -1);
    web_cookie_set(req, resp, WEB_LOGIN_COOKIE, "", 0);
    sodium_memzero(session.token, sizeof session.token);
    web_redirect(resp, next_path(next));
}

void page_logout(struct web_request *req, struct web_response *resp)
{
    if (req->auth == WEB_AUTH_SESSION) { /* web_authorize checked its CSRF token */
        struct app *app = web_app(req, resp);
        if (!app)
            return;
        struct app_error err;
        if (app_logout(app, req->token, &err) != BELONG_OK) {
            web_app_error(resp, false, &err);
            return;
        }
    }
    web_cookie_set(req, resp, WEB_SESSION_COOKIE, "", 0);
    web_redirect(resp, "/login");
}
