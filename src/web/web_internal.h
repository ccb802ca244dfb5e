/* web_internal.h — what the server, the route table and the pages share: a request (with the
** acting user and this worker's operations context), a response being built, and a route.
*/
#ifndef BELONG_WEB_INTERNAL_H
#define BELONG_WEB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../app/app.h"
#include "../util/buf.h"

struct MHD_Connection;
struct app_listing;
struct app_search_form;
struct app_search_page;
struct category_table;
struct schedule;
struct web_route;

/* One request, as a handler sees it. Everything is borrowed for the request's time. */
struct web_request {
    struct MHD_Connection *conn;
    const char *method; /* "GET", "HEAD"... */
    const char *path;   /* without the query string */
    const struct web_route *route;
    int64_t id;          /* the {id} of the route's pattern, when it has one */
    const char *user;    /* the acting user, or NULL: nobody is logged in (accounts come later) */
    const char *db_path; /* the database every worker opens (NULL: the default) */
    struct app *app;     /* this worker's context, opened by web_app */
};

/* A response being built. The body is a buf (freed by the server) or static bytes. */
struct web_response {
    unsigned status;
    const char *content_type;  /* static text */
    struct buf body;           /* owned */
    const unsigned char *data; /* or static bytes (an asset), with len */
    size_t len;
    const char *allow; /* the Allow header of a 405, static */
    bool cacheable;    /* a static asset: may be cached; everything else is no-store */
};

enum web_route_flags {
    ROUTE_PUBLIC = 1, /* answered without a login */
    ROUTE_API = 2,    /* JSON: errors as {"error": {...}} */
};

struct web_route {
    const char *pattern; /* "/api/v1/activities/{id}": {id} is a positive integer segment */
    const char *methods; /* "GET" (HEAD is answered wherever GET is) */
    void (*handler)(struct web_request *req, struct web_response *resp);
    unsigned flags;
};

/* The route table (routes.c), ended by a NULL pattern; docs/openapi.json lists the API's. */
extern const struct web_route web_routes[];

/* Finds the route for path. OUT: *id for a pattern with {id}. NULL when none matches. */
const struct web_route *web_route_match(const char *path, int64_t *id);

/* Decides whether req may reach its route: the one authorisation hook every route passes
** through. Returns 0, or the status to answer (the message in resp). */
unsigned web_authorize(const struct web_request *req, struct web_response *resp);

/* Writes an error response: JSON {"error": {"code", "message", "field"}} for the API (api
** true), else an HTML page saying what is wrong. field may be NULL. */
void web_error(struct web_response *resp, bool api, unsigned status, const char *field,
               const char *message);
/* The error of a failed operation, with the HTTP status its sysexits status means (64: 400,
** 66: 404, else 500). */
void web_app_error(struct web_response *resp, bool api, const struct app_error *err);

/* This worker's operations context with its clock set to now, its store opened on first use
** (read-only). NULL when the database cannot be opened: resp holds the 503. */
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
void api_activity(struct web_request *req, struct web_response *resp);
void api_categories(struct web_request *req, struct web_response *resp);
void web_static_asset(struct web_request *req, struct web_response *resp);

#endif
