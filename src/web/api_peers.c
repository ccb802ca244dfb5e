/* api_peers.c — the API's peers (docs/web.md, docs/openapi.json): the caller's caseload paged,
** a peer added, read, changed (only the keys given) and erased, their suggestions with the
** reasons, and the export of everything recorded about them. Each calls the operations of
** app_peers.h, app_matching.h and app_peer_records.h, which check and audit the access; the
** JSON is the CLI's --json.
*/
#include <jansson.h>
#include <string.h>

#include "../app/app_matching.h"
#include "../app/app_peer_records.h"
#include "../app/app_peers.h"
#include "../cli/cli.h"
#include "../peers/profile_json.h"
#include "../util/number.h"
#include "../util/text.h"
#include "web_internal.h"

static bool is_get(const struct web_request *req)
{
    return strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
}

/* A peer_change_fn: the body's keys applied to the profile (profile_json.c refuses an unknown
** key, a wrong type, a stale "version"). */
static void apply_body(void *ctx, struct peer *p, struct diag *diag, struct diag *warnings)
{
    peer_from_json(ctx, p, diag, warnings, "body");
}

static const struct api_key list_keys[] = {
    {"archived", API_BOOL, false, NULL},
    {NULL, 0, false, NULL},
};

static void list_peers(struct web_request *req, struct web_response *resp)
{
    const char *values[1];
    struct api_page page;
    struct app *app = api_query(req, resp, list_keys, values, &page);
    if (!app)
        return;
    bool archived = false;
    if (*values[0] && !parse_yes_no(values[0], &archived)) {
        web_error(resp, true, 400, "archived", "archived: expected yes or no");
        return;
    }
    struct peer *peers = NULL;
    size_t n = 0;
    struct app_error err;
    if (app_peer_list(app, archived, &peers, &n, &err) != BELONG_OK) {
        api_fail(resp, &err, NULL);
    } else {
        json_t *all = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(all, peer_to_json(&peers[i], NULL));
        api_send(resp, 200, api_paged(all, &page));
    }
    app_peers_free(peers, n);
}

/* Adds (id 0) or changes peer id with the body's keys. */
static void put_peer(struct web_request *req, struct web_response *resp, struct app *app,
                     int64_t id)
{
    const json_t *body = api_request_json(req, resp);
    if (!body)
        return;
    struct peer p;
    struct diag diag = {0}, warnings = {0};
    struct app_error err;
    peer_init(&p);
    int rc =
        id ? app_peer_edit(app, id, apply_body, (void *)body, &p, &diag, &warnings, "body", &err)
           : app_peer_add(app, apply_body, (void *)body, &p, &diag, &warnings, "body", &err);
    if (rc != BELONG_OK)
        api_fail_diag(resp, &diag, &err, NULL);
    else
        api_send(resp, id ? 200 : 201, peer_to_json(&p, NULL));
    diag_free(&diag);
    diag_free(&warnings);
    peer_free(&p);
}

void api_peers(struct web_request *req, struct web_response *resp)
{
    if (is_get(req)) {
        list_peers(req, resp);
        return;
    }
    struct app *app = web_app(req, resp);
    if (app)
        put_peer(req, resp, app, 0);
}

/* As `peer show --json`: the profile, the history of choices, the step suggestion. */
static void show_peer(struct web_response *resp, struct app *app, int64_t id)
{
    json_t *o;
    struct app_error err;
    if (cli_peer_show_json(app, id, &o, &err) != BELONG_OK)
        api_fail(resp, &err, NULL);
    else
        api_send(resp, 200, o);
}

static void erase_peer(struct web_response *resp, struct app *app, int64_t id)
{
    struct app_erased gone;
    struct app_error err;
    if (app_peer_erase(app, id, &gone, &err) != BELONG_OK) {
        api_fail(resp, &err, NULL);
        return;
    }
    api_send(resp, 200,
             json_pack("{s:I, s:b, s:I, s:I, s:I}", "id", (json_int_t)id, "erased", 1, "measures",
                       (json_int_t)gone.measures, "connections", (json_int_t)gone.connections,
                       "choices", (json_int_t)gone.choices));
}

void api_peer(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    if (is_get(req))
        show_peer(resp, app, req->id);
    else if (strcmp(req->method, "DELETE") == 0)
        erase_peer(resp, app, req->id);
    else
        put_peer(req, resp, app, req->id);
}

static const struct api_key suggestion_keys[] = {
    {"days", API_INT, false, NULL},
    {"why_not", API_BOOL, false, NULL},
    {"ask_about_times", API_BOOL, false, NULL},
    {"include_declined", API_BOOL, false, NULL},
    {NULL, 0, false, NULL},
};

/* Reads values[i] as yes/no into *out; false with the 400 written. */
static bool query_flag(struct web_response *resp, const char *name, const char *value, bool *out)
{
    *out = false;
    if (!*value || parse_yes_no(value, out))
        return true;
    char message[128];
    snprintf(message, sizeof message, "%s: expected yes or no", name);
    web_error(resp, true, 400, name, message);
    return false;
}

void api_peer_suggestions(struct web_request *req, struct web_response *resp)
{
    const char *values[4];
    struct api_page page;
    struct recommend_options opt = {0};
    struct app *app = api_query(req, resp, suggestion_keys, values, &page);
    if (!app || !query_flag(resp, "why_not", values[1], &opt.why_not) ||
        !query_flag(resp, "ask_about_times", values[2], &opt.ask_about_times) ||
        !query_flag(resp, "include_declined", values[3], &opt.include_declined))
        return;
    if (page.offset) {
        web_error(resp, true, 400, "offset", "offset: suggestions are not paged; ask for a limit");
        return;
    }
    long days = 0;
    if (*values[0] && !parse_whole(values[0], 1, RECOMMEND_DAYS_MAX, &days)) {
        web_error(resp, true, 400, "days", "days: expected a whole number from 1 to 366");
        return;
    }
    opt.days = (int)days;
    opt.limit = page.limit_given ? (int)page.limit : RECOMMEND_LIMIT_DEFAULT;
    struct peer p;
    struct recommend_result res;
    struct diag diag = {0};
    struct app_error err;
    int rc = app_recommend(app, req->id, &opt, &p, &res, &diag, &err);
    if (rc != BELONG_OK && !err.message[0]) {
        fprintf(stderr, "belong serve: %s", buf_str(&diag.text));
        web_error(resp, true, 500, NULL, "the server could not answer; see its log");
    } else if (rc != BELONG_OK) {
        api_fail(resp, &err, NULL);
    } else {
        api_send(resp, 200, opt.why_not ? cli_why_not_json(&p, &res) : cli_suggestions_json(&res));
    }
    recommend_result_free(&res);
    peer_free(&p);
    diag_free(&diag);
}

void api_peer_export(struct web_request *req, struct web_response *resp)
{
    struct api_page page;
    struct app *app = api_query(req, resp, NULL, NULL, &page);
    if (!app)
        return;
    struct app_peer_record r;
    struct app_error err;
    if (app_peer_export(app, req->id, &r, NULL, &err) != BELONG_OK)
        api_fail(resp, &err, NULL);
    else
        api_send(resp, 200, app_peer_record_json(app, &r));
    app_peer_record_free(&r);
}
