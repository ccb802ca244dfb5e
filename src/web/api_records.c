/* api_records.c — the API's records of a peer (docs/web.md, docs/openapi.json): plans, visits,
** connections and measures, listed (paged) and added under the peer, and changed by their own id
** where the operations allow it (a plan closed, a connection changed or ended, a measure
** corrected or deleted). Each calls the operations of app_plans.h, app_connections.h and
** app_measures.h; the JSON is the CLI's --json.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_connections.h"
#include "../app/app_measures.h"
#include "../app/app_plans.h"
#include "../cli/cli.h"
#include "../engagement/connection_json.h"
#include "../measures/measures_json.h"
#include "web_internal.h"

#define API_TEXT_LEN 4096 /* room for a number or answers written as text */

static bool is_get(const struct web_request *req)
{
    return strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
}

/* Sends one page of items[0..n) (each size bytes) written by to_json. */
static void send_page(struct web_response *resp, const void *items, size_t n, size_t size,
                      json_t *(*to_json)(const void *item), const struct api_page *page)
{
    json_t *all = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(all, to_json((const char *)items + i * size));
    api_send(resp, 200, api_paged(all, page));
}

/* ---- plans -------------------------------------------------------------------------------- */

static const struct api_key plan_list_keys[] = {
    {"status", API_STRING, false, "--status"},
    {NULL, 0, false, NULL},
};
static const struct api_key plan_keys[] = {
    {"activity_id", API_INT, true, "ACTIVITY"},
    {"date", API_STRING, true, "--date"},
    {"support", API_STRING, false, "--support"},
    {"note", API_STRING, false, "--note"},
    {NULL, 0, false, NULL},
};

void api_peer_plans(struct web_request *req, struct web_response *resp)
{
    struct app_error err;
    if (is_get(req)) {
        const char *values[1];
        struct api_page page;
        struct app *app = api_query(req, resp, plan_list_keys, values, &page);
        if (!app)
            return;
        struct plan *plans = NULL;
        size_t n = 0;
        if (app_plan_list(app, req->id, *values[0] ? values[0] : NULL, &plans, &n, &err) !=
            BELONG_OK)
            api_fail(resp, &err, plan_list_keys);
        else
            send_page(resp, plans, n, sizeof *plans, cli_plan_json, &page);
        plans_free(plans, n);
        return;
    }
    const json_t *body = api_body(req, resp, plan_keys);
    struct app *app = body ? web_app(req, resp) : NULL;
    if (!app)
        return;
    struct app_plan_request rq = {
        .peer_id = req->id,
        .activity_id = api_int(body, "activity_id", 0),
        .date = json_string_value(json_object_get(body, "date")),
        .support = json_string_value(json_object_get(body, "support")),
        .note = json_string_value(json_object_get(body, "note")),
    };
    struct plan p = {0};
    if (app_plan_add(app, &rq, &p, &err) != BELONG_OK)
        api_fail(resp, &err, plan_keys);
    else
        api_send(resp, 201, cli_plan_json(&p));
    plan_free(&p);
}

static const struct api_key plan_close_keys[] = {
    {"status", API_STRING, true, "--status"},
    {"reason", API_STRING, false, "--reason"},
    {NULL, 0, false, NULL},
};

/* PATCH /api/v1/plans/{id}: {"status": "done" | "skipped" | "cancelled", "reason"}. */
void api_plan(struct web_request *req, struct web_response *resp)
{
    const json_t *body = api_body(req, resp, plan_close_keys);
    struct app *app = body ? web_app(req, resp) : NULL;
    if (!app)
        return;
    const char *status = json_string_value(json_object_get(body, "status"));
    enum plan_status to;
    if (!plan_status_parse(status, &to) || to == PLAN_PLANNED) {
        web_error(resp, true, 400, "status",
                  "status: expected done, skipped or cancelled (a plan is closed once)");
        return;
    }
    struct plan p = {0};
    struct app_error err;
    if (app_plan_close(app, req->id, to, json_string_value(json_object_get(body, "reason")), &p,
                       &err) != BELONG_OK)
        api_fail(resp, &err, plan_close_keys);
    else
        api_send(resp, 200, cli_plan_json(&p));
    plan_free(&p);
}

/* ---- visits ------------------------------------------------------------------------------- */

static const struct api_key visit_keys[] = {
    {"plan_id", API_INT, false, "--plan"},
    {"activity_id", API_INT, false, "--activity"},
    {"date", API_STRING, false, "--date"},
    {"went", API_BOOL, true, "--went"},
    {"comfort_before", API_INT, false, "--comfort-before"},
    {"comfort_after", API_INT, false, "--comfort-after"},
    {"conversations", API_INT, false, "--conversations"},
    {"with", API_STRING, false, "--with"},
    {"felt", API_STRING, false, "--felt"},
    {"next", API_STRING, false, "--next"},
    {NULL, 0, false, NULL},
};

#define BODY_COUNT_REFUSED (-2)

/* A count of a checked body: absent when not given; BODY_COUNT_REFUSED when below min or past
** a million (what the operation takes for "not said", 0 or -1, cannot be given). */
static int body_count(const json_t *body, const char *key, int absent, int min)
{
    int64_t v = api_int(body, key, INT64_MIN);
    if (v == INT64_MIN)
        return absent;
    return v < min || v > 1000000 ? BODY_COUNT_REFUSED : (int)v;
}

void api_peer_visits(struct web_request *req, struct web_response *resp)
{
    struct app_error err;
    if (is_get(req)) {
        struct api_page page;
        struct app *app = api_query(req, resp, NULL, NULL, &page);
        if (!app)
            return;
        struct visit *visits = NULL;
        size_t n = 0;
        if (app_visit_list(app, req->id, &visits, &n, &err) != BELONG_OK)
            api_fail(resp, &err, NULL);
        else
            send_page(resp, visits, n, sizeof *visits, cli_visit_json, &page);
        visits_free(visits, n);
        return;
    }
    const json_t *body = api_body(req, resp, visit_keys);
    struct app *app = body ? web_app(req, resp) : NULL;
    if (!app)
        return;
    char b[4][API_TEXT_LEN];
    struct app_visit_request rq = {
        .peer_id = req->id,
        .plan_id = api_int(body, "plan_id", 0),
        .activity_id = api_int(body, "activity_id", 0),
        .date = api_text(body, "date", b[0], sizeof b[0]),
        .went = api_text(body, "went", b[1], sizeof b[1]),
        .comfort_before = body_count(body, "comfort_before", 0, 1),
        .comfort_after = body_count(body, "comfort_after", 0, 1),
        .conversations = body_count(body, "conversations", -1, 0),
        .with_whom = api_text(body, "with", b[2], sizeof b[2]),
        .felt = api_text(body, "felt", b[3], sizeof b[3]),
        .next_step = json_string_value(json_object_get(body, "next")),
    };
    if (rq.comfort_before == BODY_COUNT_REFUSED || rq.comfort_after == BODY_COUNT_REFUSED ||
        rq.conversations == BODY_COUNT_REFUSED) {
        const char *key = rq.comfort_before == BODY_COUNT_REFUSED  ? "comfort_before"
                          : rq.comfort_after == BODY_COUNT_REFUSED ? "comfort_after"
                                                                   : "conversations";
        char message[128];
        snprintf(message, sizeof message, "%s: %s", key,
                 strcmp(key, "conversations") == 0 ? "expected a count, 0 or more"
                                                   : "expected 1 to 5");
        web_error(resp, true, 400, key, message);
        return;
    }
    struct visit v = {0};
    if (app_visit_add(app, &rq, &v, &err) != BELONG_OK)
        api_fail(resp, &err, visit_keys);
    else
        api_send(resp, 201, cli_visit_json(&v));
    visit_free(&v);
}

/* ---- connections -------------------------------------------------------------------------- */

static const struct api_key connection_list_keys[] = {
    {"as_of", API_STRING, false, "--as-of"},
    {NULL, 0, false, NULL},
};
static const struct api_key connection_keys[] = {
    {"name", API_STRING, true, "NAME"},
    {"relationship", API_STRING, true, "--relationship"},
    {"closeness", API_TEXT_OR_INT, true, "--closeness"},
    {"met_activity_id", API_INT, false, "--met-at"},
    {"met_place", API_STRING, false, "--met-place"},
    {"date", API_STRING, false, "--date"},
    {"last_contact", API_STRING, false, "--last-contact"},
    {NULL, 0, false, NULL},
};
static const struct api_key connection_change_keys[] = {
    {"relationship", API_STRING, false, "--relationship"},
    {"closeness", API_TEXT_OR_INT, false, "--closeness"},
    {"date", API_STRING, false, "--date"},
    {"last_contact", API_STRING, false, "--last-contact"},
    {NULL, 0, false, NULL},
};
static const struct api_key connection_end_keys[] = {
    {"date", API_STRING, false, "--date"},
    {NULL, 0, false, NULL},
};

/* The request of a checked body; text in b (4 slots). */
static struct app_connection_request connection_request(const json_t *body, char b[][API_TEXT_LEN])
{
    return (struct app_connection_request){
        .name = api_text(body, "name", b[0], API_TEXT_LEN),
        .relationship = api_text(body, "relationship", b[1], API_TEXT_LEN),
        .closeness = api_text(body, "closeness", b[2], API_TEXT_LEN),
        .met_activity_id = api_int(body, "met_activity_id", 0),
        .met_place = json_string_value(json_object_get(body, "met_place")),
        .date = api_text(body, "date", b[3], API_TEXT_LEN),
        .last_contact = json_string_value(json_object_get(body, "last_contact")),
    };
}

void api_peer_connections(struct web_request *req, struct web_response *resp)
{
    struct app_error err;
    struct connection c = {0};
    if (is_get(req)) {
        const char *values[1];
        struct api_page page;
        struct app *app = api_query(req, resp, connection_list_keys, values, &page);
        if (!app)
            return;
        struct connection *list = NULL;
        size_t n = 0;
        char as_of[11];
        if (app_connection_list(app, req->id, *values[0] ? values[0] : NULL, &list, &n, as_of,
                                &err) != BELONG_OK) {
            api_fail(resp, &err, connection_list_keys);
            return;
        }
        json_t *all = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(all,
                                  connection_json(&list[i], connection_as_of(&list[i], as_of)));
        connections_free(list, n);
        json_t *o = api_paged(all, &page);
        json_object_set_new(o, "as_of", json_string(as_of));
        api_send(resp, 200, o);
        return;
    }
    const json_t *body = api_body(req, resp, connection_keys);
    struct app *app = body ? web_app(req, resp) : NULL;
    if (!app)
        return;
    char b[4][API_TEXT_LEN];
    struct app_connection_request rq = connection_request(body, b);
    if (app_connection_add(app, req->id, &rq, &c, &err) != BELONG_OK)
        api_fail(resp, &err, connection_keys);
    else
        api_send(resp, 201, connection_json(&c, NULL));
    connection_free(&c);
}

/* PATCH /api/v1/connections/{id}: a change appended to its history. */
void api_connection(struct web_request *req, struct web_response *resp)
{
    const json_t *body = api_body(req, resp, connection_change_keys);
    struct app *app = body ? web_app(req, resp) : NULL;
    if (!app)
        return;
    char b[4][API_TEXT_LEN];
    struct app_connection_request rq = connection_request(body, b);
    struct connection c = {0};
    struct app_error err;
    if (app_connection_edit(app, req->id, &rq, &c, &err) != BELONG_OK)
        api_fail(resp, &err, connection_change_keys);
    else
        api_send(resp, 200, connection_json(&c, NULL));
    connection_free(&c);
}

/* POST /api/v1/connections/{id}/end: lost touch, on date or today. */
void api_connection_end(struct web_request *req, struct web_response *resp)
{
    const json_t *body = api_body(req, resp, connection_end_keys);
    struct app *app = body ? web_app(req, resp) : NULL;
    if (!app)
        return;
    struct connection c = {0};
    struct app_error err;
    if (app_connection_end(app, req->id, json_string_value(json_object_get(body, "date")), &c,
                           &err) != BELONG_OK)
        api_fail(resp, &err, connection_end_keys);
    else
        api_send(resp, 200, connection_json(&c, NULL));
    connection_free(&c);
}

/* ---- measures ----------------------------------------------------------------------------- */

static const struct api_key measure_list_keys[] = {
    {"instrument", API_STRING, false, "INSTRUMENT"},
    {NULL, 0, false, NULL},
};
static const struct api_key measure_keys[] = {
    {"instrument", API_STRING, true, "INSTRUMENT"},
    {"answers", API_ANSWERS, true, "--answers"},
    {"date", API_STRING, false, "--date"},
    {NULL, 0, false, NULL},
};
static const struct api_key measure_change_keys[] = {
    {"answers", API_ANSWERS, true, "--answers"},
    {"date", API_STRING, false, "--date"},
    {NULL, 0, false, NULL},
};

static json_t *measure_json(const void *item)
{
    const struct app_measure *m = item;
    return measure_administration_json(m->id, m->date, &m->result);
}

void api_peer_measures(struct web_request *req, struct web_response *resp)
{
    struct app_error err;
    struct diag diag = {0};
    if (is_get(req)) {
        const char *values[1];
        struct api_page page;
        struct app *app = api_query(req, resp, measure_list_keys, values, &page);
        if (!app)
            return;
        struct app_measure *list = NULL;
        size_t n = 0;
        if (app_measure_list(app, req->id, *values[0] ? values[0] : NULL, &list, &n, &err) !=
            BELONG_OK)
            api_fail(resp, &err, measure_list_keys);
        else
            send_page(resp, list, n, sizeof *list, measure_json, &page);
        free(list);
        return;
    }
    const json_t *body = api_body(req, resp, measure_keys);
    struct app *app = body ? web_app(req, resp) : NULL;
    if (!app)
        return;
    char answers[API_TEXT_LEN];
    struct app_measure m;
    if (app_measure_add(app, req->id, json_string_value(json_object_get(body, "instrument")),
                        api_text(body, "answers", answers, sizeof answers),
                        json_string_value(json_object_get(body, "date")), &m, &diag,
                        &err) != BELONG_OK)
        api_fail_diag(resp, &diag, &err, measure_keys);
    else
        api_send(resp, 201, measure_json(&m));
    diag_free(&diag);
}

/* PATCH /api/v1/measures/{id}: the answers corrected (and the date); DELETE: removed. */
void api_measure(struct web_request *req, struct web_response *resp)
{
    struct app_measure m;
    struct app_error err;
    if (strcmp(req->method, "DELETE") == 0) {
        struct app *app = web_app(req, resp);
        if (!app)
            return;
        if (app_measure_delete(app, req->id, &m, &err) != BELONG_OK)
            api_fail(resp, &err, NULL);
        else
            api_send(resp, 200, measure_json(&m));
        return;
    }
    const json_t *body = api_body(req, resp, measure_change_keys);
    struct app *app = body ? web_app(req, resp) : NULL;
    if (!app)
        return;
    char answers[API_TEXT_LEN];
    struct diag diag = {0};
    if (app_measure_edit(app, req->id, api_text(body, "answers", answers, sizeof answers),
                         json_string_value(json_object_get(body, "date")), &m, &diag,
                         &err) != BELONG_OK)
        api_fail_diag(resp, &diag, &err, measure_change_keys);
    else
        api_send(resp, 200, measure_json(&m));
    diag_free(&diag);
}
