/* web_internal.h — what the server, the route table and the pages share: a request (with the
** acting user and this worker's operations context), a response being built, and a route.
*/
#ifndef BELONG_WEB_INTERNAL_H
#define BELONG_WEB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../app/app.h"
#include "../app/app_accounts.h"
#include "../util/buf.h"
#include "html.h"

struct MHD_Connection;
struct app_listing;
struct app_search_form;
struct app_search_page;
struct category_table;
struct schedule;
struct search_result;
struct web_route;

/* One field of a form body (application/x-www-form-urlencoded), decoded: valid UTF-8 without
** NUL. Every field is kept, in order, repeated names too, so a form can be shown as typed. */
struct web_field {
    char *name, *value; /* owned by the request */
};

#define WEB_SESSION_COOKIE "belong_session" /* the session's token */
#define WEB_LOGIN_COOKIE   "belong_login"   /* the login form's token, before any session */
#define WEB_CSRF_FIELD     "csrf"           /* a form's CSRF field (html_form_post writes it) */
#define WEB_CSRF_HEADER    "X-CSRF-Token"   /* the API's */
#define WEB_COOKIES_MAX    3                /* Set-Cookie headers of one response */

/* How the request proved who it is (web_authenticate). */
enum web_auth {
    WEB_AUTH_NONE,    /* nobody: no cookie, or one whose session has ended */
    WEB_AUTH_SESSION, /* the belong_session cookie: state changes need the CSRF secret */
    WEB_AUTH_TOKEN,   /* Authorization: Bearer: an API client, no CSRF secret needed */
};

/* The server's settings a request needs (struct web_config's, borrowed). */
struct web_site {
    const char *db_path; /* the database every worker opens (NULL: the default) */
    bool secure_cookies; /* cookies always carry Secure */
    bool trust_proxy;    /* X-Forwarded-Proto and X-Forwarded-For are the client's */
    size_t upload_max;   /* bytes of an upload route's body */
};

/* One request, as a handler sees it. Everything is borrowed for the request's time, or owned
** by the request (freed by the server when it is answered). */
struct web_request {
    struct MHD_Connection *conn;
    const char *method; /* "GET", "HEAD", "POST"... */
    const char *path;   /* without the query string */
    const struct web_route *route;
    int64_t id;                  /* the {id} of the route's pattern, when it has one */
    const struct web_site *site; /* the server's settings */
    const char *db_path;         /* site->db_path */
    struct app *app;             /* this worker's context, opened by web_app */
    char address[64];            /* the client's address ("127.0.0.1"), for the audit */
    bool https;                  /* served over TLS as far as belong can tell: Secure cookies */
    /* Who is asking (web_authenticate, before web_authorize and the handler). */
    enum web_auth auth;
    const char *user;           /* account.name, or NULL: nobody is logged in */
    struct app_user account;    /* the logged-in user (role, team), when user is set */
    struct app_session session; /* auth WEB_AUTH_SESSION: its CSRF secret and times */
    const char *token;          /* the session cookie's token as sent (auth SESSION), or NULL */
    /* The body (web_body_read, before the handler): a form's fields, or a JSON value. */
    struct buf body;          /* the raw bytes (owned) */
    struct web_field *fields; /* application/x-www-form-urlencoded: n_fields, owned */
    size_t n_fields;
    json_t *json; /* application/json: owned (json_decref by the server) */
    /* multipart/form-data (a ROUTE_UPLOAD route), read as it arrived (upload.c): the file of
    ** the form's WEB_UPLOAD_FIELD in a private temporary file, its other parts in fields. */
    struct web_upload *upload; /* the body's reader (owned by the server), or NULL */
    const char *upload_path;   /* the file (owned by upload: removed when it is freed), or NULL */
    size_t upload_len;         /* its bytes */
    unsigned char upload_head[4]; /* its first bytes (fewer when upload_len is smaller) */
    char upload_name[256];        /* the name its client gave it, "" when no file was sent */
};

/* A response being built. The body is a buf (freed by the server) or static bytes. */
struct web_response {
    unsigned status;
    const char *content_type;  /* static text */
    struct buf body;           /* owned */
    const unsigned char *data; /* or static bytes (an asset), with len */
    size_t len;
    const char *allow; /* the Allow header of a 405 (static, or allow_text) */
    char allow_text[64];
    bool cacheable;     /* a static asset: may be cached; everything else is no-store */
    char location[512]; /* a redirect's Location (web_redirect), or "" */
    char cookies[WEB_COOKIES_MAX][192]; /* Set-Cookie headers, or "" (web_cookie_set) */
    int retry_after_s;                  /* Retry-After (a 429), or 0 */
    const char *challenge;              /* WWW-Authenticate (a 401), static, or NULL */
    struct html_viewer viewer;          /* who the page is for: its navigation (web_page_begin) */
    char csp[1024];        /* the page's own Content-Security-Policy (a report), or "" */
    char disposition[128]; /* Content-Disposition (a download), or "" */
};

/* Who may reach a route (web_authorize). A route with none of PUBLIC, USER, SUPERVISOR, ADMIN
** needs a login (as USER). */
enum web_route_flags {
    ROUTE_PUBLIC = 1,     /* answered without a login */
    ROUTE_API = 2,        /* JSON: errors as {"error": {...}}; no login answers 401 */
    ROUTE_USER = 4,       /* any logged-in user; without a login: /login (HTML) or 401 (API) */
    ROUTE_SUPERVISOR = 8, /* a supervisor or an admin (403 for a CPS) */
    ROUTE_ADMIN = 16,     /* an admin only (403 for anyone else) */
    ROUTE_OWN_CSRF = 32,  /* checks its own token instead of the session's (the login form) */
    ROUTE_STATIC = 64,    /* a file: answered to anyone, without looking who asks (no cookie set) */
    ROUTE_UPLOAD = 128,   /* takes a file: a multipart/form-data body up to site.upload_max */
};

struct web_route {
    const char *pattern; /* "/api/v1/activities/{id}": {id} is a positive integer segment */
    const char *methods; /* "GET", "GET POST"... (HEAD is answered wherever GET is) */
    void (*handler)(struct web_request *req, struct web_response *resp);
    unsigned flags;
};

/* The route table (routes.c), ended by a NULL pattern; docs/openapi.json lists the API's. */
extern const struct web_route web_routes[];

/* Whether route answers method (HEAD wherever GET). */
bool web_route_allows(const struct web_route *route, const char *method);
/* The 405 of a method route does not answer, with its Allow header ("GET, HEAD, POST"). */
void web_method_not_allowed(const struct web_route *route, struct web_response *resp);

/* Finds the route for path. OUT: *id for a pattern with {id}. NULL when none matches. */
const struct web_route *web_route_match(const char *path, int64_t *id);

/* Finds who is asking (auth.c): the belong_session cookie (app_session_check) or an
** Authorization: Bearer token (app_token_check); sets req->auth, user, account, session. A
** cookie whose session has ended is cleared and the request goes on as nobody's; a bad Bearer
** token answers 401. Returns 0, or the status answered (resp written). */
unsigned web_authenticate(struct web_request *req, struct web_response *resp);
/* Sets req->user (and its context's) and resp's viewer from req->account and req->session,
** once they are known (web_authenticate, or the verdict the server kept from the header).
** Cannot fail. */
void web_authenticated(struct web_request *req, struct web_response *resp);

/* Decides whether req may reach its route: the one authorisation hook every route passes
** through (auth.c), before its body is read: the route's flags against req's user and role (no
** login: 303 to /login for a page, 401 for the API; the wrong role: 403). Returns 0, or the
** status to answer (the message in resp). */
unsigned web_authorize(const struct web_request *req, struct web_response *resp);
/* The gate's last step, before the body is read: a change (POST, PATCH, DELETE) to a route
** whose {id} is a peer the logged-in user may not change answers 404, exactly as for a peer
** that does not exist (the same body and status, the same audit row as the operation would
** write), so that nothing of a well-formed body to another caseload's peer is parsed. Returns 0
** (the operation then decides, as before), or the status answered (resp written). */
unsigned web_peer_gate(struct web_request *req, struct web_response *resp);
/* The CSRF check, once the body is read (web_body_read: the token may be a form field): a POST,
** PUT, PATCH or DELETE that came with the session cookie must carry the session's secret (form
** field "csrf" or header X-CSRF-Token) and must not come from another site (Origin,
** Sec-Fetch-Site), else 403. Returns 0, or the status to answer (the message in resp). */
unsigned web_csrf_check(const struct web_request *req, struct web_response *resp);

/* Whether req says it comes from another site's page: Sec-Fetch-Site cross-site or same-site,
** or an Origin (other than "null") that is not this server's Host. */
bool web_from_another_site(const struct web_request *req);
/* Whether method changes state (everything but GET, HEAD, OPTIONS). */
bool web_method_changes(const char *method);
/* Compares a secret sent with the one kept, in constant time; false when either is empty. */
bool web_secret_equal(const char *sent, const char *kept);

/* ---- the body (body.c) ---- */

/* Reads req->body by its Content-Type into req->fields (a form) or req->json (JSON). No body is
** not an error. Returns 0, or the status answered (400 a malformed body naming the field or
** place, 415 another type; resp written). */
unsigned web_body_read(struct web_request *req, struct web_response *resp);
/* Decodes an application/x-www-form-urlencoded text of len bytes into *fields (appended, owned
** by the caller: web_fields_free). Returns NULL, or why it is refused (a static message) with
** *bad_field naming the field (its raw name, up to 63 bytes, a byte not printable ASCII as '?')
** when known. */
const char *web_form_decode(const char *text, size_t len, struct web_field **fields, size_t *n,
                            char bad_field[64]);
void web_fields_free(struct web_field *fields, size_t n);
/* The first value of form field name, or NULL when the form has none. Borrowed from req. */
const char *web_form_get(const struct web_request *req, const char *name);
/* Every value of form field name, in order (for repeated fields: checkboxes). OUT: *n; the
** array is heap (free it), its strings borrowed from req. */
const char **web_form_all(const struct web_request *req, const char *name, size_t *n);

/* ---- an upload read as it arrives (upload.c) ---- */

#define WEB_UPLOAD_FIELD "file" /* the upload form's file field: the one part taken as a file */

/* Begins reading conn's multipart/form-data body: the part of file_field (static) with a file
** name into a private 0600 temporary file ($TMPDIR, else /tmp: belong-upload-XXXXXX), every
** part without one as a form's field. Cannot fail: a body it cannot read is refused at
** web_upload_end. The caller frees it (web_upload_free). */
struct web_upload *web_upload_begin(struct MHD_Connection *conn, const char *file_field);
/* Reads the next piece of the body, as it arrives; after a refusal the rest is ignored. */
void web_upload_feed(struct web_upload *u, const char *data, size_t size);
/* Removes the file kept so far (a body refused, e.g. past the cap). Cannot fail. */
void web_upload_drop(struct web_upload *u);
/* Ends the body: its fields move to req->fields, its file to req->upload_path (still owned by
** u), upload_len, upload_head, upload_name. Returns 0, or the status answered (resp written,
** the file removed): 400 a body that is not multipart, a part without a field name, a second
** file, a file in another field than file_field (named), a field that is not UTF-8; 413 fields
*other than the file past
** WEB_BODY_MAX; 500 the file cannot be written. */
unsigned web_upload_end(struct web_upload *u, struct web_request *req, struct web_response *resp);
/* Removes the file, if any, and frees u. NULL is allowed. */
void web_upload_free(struct web_upload *u);

/* ---- responses (routes.c) ---- */

/* A 303 See Other to location (a path on this site). */
void web_redirect(struct web_response *resp, const char *location);
/* Adds a Set-Cookie: name=value; HttpOnly; SameSite=Strict; Path=/ (+ Secure when req is
** https); max_age_s < 0: a session cookie; 0: clears it. Setting name again replaces it. */
void web_cookie_set(const struct web_request *req, struct web_response *resp, const char *name,
                    const char *value, int max_age_s);
/* Begins resp's HTML page titled title, its navigation for the viewer (user, logout button). */
void web_page_begin(struct web_response *resp, const char *title);

/* Writes an error response: JSON {"error": {"code", "message", "field"}} for the API (api
** true), else an HTML page saying what is wrong. field may be NULL. */
void web_error(struct web_response *resp, bool api, unsigned status, const char *field,
               const char *message);
/* web_error with the JSON's code given (NULL: the status's own, e.g. "conflict" for 409). */
void web_error_coded(struct web_response *resp, bool api, unsigned status, const char *code,
                     const char *field, const char *message);
/* The error of a failed operation, with the HTTP status its sysexits status means (64 and 65:
** 400, 66: 404, 77: 403, 75: 503, else 500 with the message in the log only); one's own peer
** archived (err->code APP_CODE_ARCHIVED) is 409 with the code "archived" and field "peer". */
void web_app_error(struct web_response *resp, bool api, const struct app_error *err);

/* This worker's operations context with its clock set to now, its store opened on first use
** (for writing: views write audit rows), acting as req->user (app->cps) from req->address
** (app->origin). NULL when the database cannot be opened: resp holds the 503. */
struct app *web_app(struct web_request *req, struct web_response *resp);

/* Calls fn for each query argument (name, value: "" when the URL gives none), in order, until
** fn returns nonzero; returns that, or 0. */
int web_each_argument(struct web_request *req,
                      int (*fn)(void *ctx, const char *name, const char *value), void *ctx);

/* Reads the search fields of req's query into f (app_search_form_init'ed by the caller), all of
** them, so that a page can show each as typed; checks them together, and runs the search into
** *page (app_search_page_free, whatever the result). Returns 0, or the first failure. */
int web_search(struct web_request *req, struct app *app, struct app_search_form *f,
               struct app_search_page *page, struct app_error *err);

#define WEB_NEXT_MAX           5 /* next dates on an activity's page */
#define WEB_SCHEDULE_WORDS_LEN 192

/* A schedule in words: "Every Tuesday and Thursday at 18:00, 90 minutes", "The second Tuesday
** of each month at 10:00, 2 hours", "Once, on Tue 8 Dec 2026 at 18:00"; a rule it cannot say
** simply is given as "Repeats: RRULE". Cannot fail. */
void web_schedule_words(const struct schedule *sc, char *out, size_t len);

/* Reads req's activity (app_show: with its next WEB_NEXT_MAX dates) and the category table.
** Returns true; false with the error response written (404: no such activity). OUT: *l
** (app_listing_free) and *categories (categories_free), whatever the result. */
bool web_read_listing(struct web_request *req, struct web_response *resp, bool api,
                      struct app_listing *l, struct category_table *categories);

/* The handlers (pages.c, api.c, routes.c). */
void page_search(struct web_request *req, struct web_response *resp);
void page_activity(struct web_request *req, struct web_response *resp);
void api_activities(struct web_request *req, struct web_response *resp);
/* Appends the search API's answer (api_search_json.c): the page items[0..n) of total matches
** from offset, limit asked, the words taken as category text_category (NULL: none). */
void api_search_json(struct buf *b, const struct search_result *items, size_t n, size_t total,
                     int offset, int limit, const char *text_category);
void api_activity(struct web_request *req, struct web_response *resp);
void api_categories(struct web_request *req, struct web_response *resp);
void web_static_asset(struct web_request *req, struct web_response *resp);
void page_login(struct web_request *req, struct web_response *resp);
void page_logout(struct web_request *req, struct web_response *resp);
void page_dashboard(struct web_request *req, struct web_response *resp);
void page_peer(struct web_request *req, struct web_response *resp);
void page_peer_why(struct web_request *req, struct web_response *resp);
void api_me(struct web_request *req, struct web_response *resp);

/* A peer's forms, records and reports (peer_forms.c, measure_forms.c, plan_forms.c,
** connection_forms.c, report_pages.c; docs/web.md). */
void page_peer_new(struct web_request *req, struct web_response *resp);
void page_peer_edit(struct web_request *req, struct web_response *resp);
void page_measures(struct web_request *req, struct web_response *resp);
void page_measure_new(struct web_request *req, struct web_response *resp);
void page_suggestions(struct web_request *req, struct web_response *resp);
void page_plans(struct web_request *req, struct web_response *resp);
void page_plan_new(struct web_request *req, struct web_response *resp);
void page_plan_close(struct web_request *req, struct web_response *resp);
void page_visit_new(struct web_request *req, struct web_response *resp);
void page_visit_add(struct web_request *req, struct web_response *resp);
void page_connections(struct web_request *req, struct web_response *resp);
void page_connection_edit(struct web_request *req, struct web_response *resp);
void page_connection_end(struct web_request *req, struct web_response *resp);
void page_peer_records(struct web_request *req, struct web_response *resp);
void page_peer_report(struct web_request *req, struct web_response *resp);
void page_peer_plan(struct web_request *req, struct web_response *resp);
void page_peer_chart(struct web_request *req, struct web_response *resp);
void page_peer_export(struct web_request *req, struct web_response *resp);
void page_peer_delete(struct web_request *req, struct web_response *resp);
void page_caseload_report(struct web_request *req, struct web_response *resp);
struct peer;
/* The navigation of a peer's pages (forms.c): their page, profile, suggestions, plans, measures,
** connections, reports and records. */
void forms_peer_nav(struct buf *b, const struct peer *p);
/* Appends to resp the "add to a peer's plan" box of activity_id's page, for a logged-in CPS with
** peers (plan_forms.c); nothing otherwise. */
void forms_activity_plan_box(struct web_request *req, struct web_response *resp,
                             int64_t activity_id);

/* ---- the peer API (api_json.c, api_peers.c, api_records.c) and the admin pages
** (admin_pages.c) ---- */

struct diag;
struct json_t;

/* The one body of a 404 on the API: a missing record, another caseload's, an id that cannot be
** one, and an address that is no route all answer these same bytes. */
#define WEB_NOT_FOUND_MESSAGE "there is no such page"

/* A key of a JSON body or a query argument, in a route's table (ended by a NULL name). */
enum api_type { API_STRING, API_INT, API_BOOL, API_TEXT_OR_INT, API_ANSWERS };
struct api_key {
    const char *name; /* the key as the API names it */
    enum api_type type;
    bool required;
    const char *op_field; /* the field an operation names in its refusals ("--date"), or NULL */
};

/* Sends v (released here) with status (200, 201). */
void api_send(struct web_response *resp, unsigned status, struct json_t *v);
/* The one 404 of the API (WEB_NOT_FOUND_MESSAGE). */
void api_not_found(struct web_response *resp);
/* An operation's refusal as the API answers it: 400 (a bad value; field the key of keys whose
** op_field the operation named), 404 (the record or its peer: api_not_found; a record a body
** names that is not there is a 400 naming its key), 409 (the record's state refuses the
** change), 403 (no right), 503 (busy), else 500. keys may be NULL. */
void api_fail(struct web_response *resp, const struct app_error *err, const struct api_key *keys);
/* As api_fail for problems collected in diag as `FILE: field: what` (a profile, answers): 400
** with every problem in the message and the first one's field, 409 for a stale "version". */
void api_fail_diag(struct web_response *resp, const struct diag *diag, const struct app_error *err,
                   const struct api_key *keys);

/* The request's JSON body, an object checked against keys: an unknown key, a value of the
** wrong type or a required key missing is a 400 naming the key. Returns the object (borrowed
** from the request) or NULL with the error written (400, 413, 415). */
/* The request's JSON body (req->json): NULL with 415 written for a body that is not JSON, 400
** for none. */
const struct json_t *api_request_json(struct web_request *req, struct web_response *resp);
const struct json_t *api_body(struct web_request *req, struct web_response *resp,
                              const struct api_key *keys);
/* A key of a checked body: its text (an integer as decimal in buf), or NULL when absent or
** null. */
const char *api_text(const struct json_t *body, const char *key, char *buf, size_t len);
int64_t api_int(const struct json_t *body, const char *key, int64_t absent);

/* A list's page: limit (1-100, default 20) and offset (0-1000000) from the query, with the
** other arguments keys allows (their values in values[i], "" when absent, borrowed); then the
** operations context (web_app). Returns it, or NULL with the error written (400: an unknown
** argument is named "parameter"). */
struct api_page {
    long limit, offset;
    bool limit_given;
};
struct app *api_query(struct web_request *req, struct web_response *resp,
                      const struct api_key *keys, const char **values, struct api_page *page);
/* {"total", "offset", "limit", "next_offset", "items"}: items[offset, offset + limit) of all (an
** array, released here). */
struct json_t *api_paged(struct json_t *all, const struct api_page *page);

void api_peers(struct web_request *req, struct web_response *resp);
void api_peer(struct web_request *req, struct web_response *resp);
void api_peer_suggestions(struct web_request *req, struct web_response *resp);
void api_peer_export(struct web_request *req, struct web_response *resp);
void api_peer_plans(struct web_request *req, struct web_response *resp);
void api_peer_visits(struct web_request *req, struct web_response *resp);
void api_peer_connections(struct web_request *req, struct web_response *resp);
void api_peer_measures(struct web_request *req, struct web_response *resp);
void api_plan(struct web_request *req, struct web_response *resp);
void api_connection(struct web_request *req, struct web_response *resp);
void api_connection_end(struct web_request *req, struct web_response *resp);
void api_measure(struct web_request *req, struct web_response *resp);
void page_admin_users(struct web_request *req, struct web_response *resp);
void page_admin_user_password(struct web_request *req, struct web_response *resp);
void page_admin_user_disable(struct web_request *req, struct web_response *resp);
void page_admin_audit(struct web_request *req, struct web_response *resp);
void page_admin_imports(struct web_request *req, struct web_response *resp);

#endif
