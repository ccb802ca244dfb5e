/* api.c — the directory's JSON API (/api/v1/, docs/openapi.json): activities searched with the
** search page's fields and paged, one activity, the categories. Written with jansson.
*/
#include <jansson.h>
#include <stdlib.h>

#include "../app/app_search_form.h"
#include "../cli/format.h"
#include "../matching/reasons.h"
#include "../util/timeutil.h"
#include "web_internal.h"

/* Sends v (released here) as the 200 response. */
static void send_json(struct web_response *resp, json_t *v)
{
    char *text = v ? json_dumps(v, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) : NULL;
    json_decref(v);
    if (!text) {
        web_error(resp, true, 500, NULL, "cannot write the answer");
        return;
    }
    resp->status = 200;
    resp->content_type = "application/json";
    buf_puts(&resp->body, text);
    buf_putc(&resp->body, '\n');
    free(text);
}

static json_t *json_intensity_words(int intensity)
{
    const char *words = intensity > 0 ? match_intensity_words(intensity) : NULL;
    return words ? json_string(words) : json_null();
}

void api_activities(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct app_search_form f;
    struct app_search_page page = {0};
    struct app_error err;
    app_search_form_init(&f);
    int rc = web_search(req, app, &f, &page, &err);
    if (rc != BELONG_OK) {
        web_app_error(resp, true, &err);
        goto out;
    }
    resp->status = 200;
    resp->content_type = "application/json";
    api_search_json(&resp->body, page.items, page.n, page.total, f.offset, f.limit,
                    f.text_category ? f.text_category->slug : NULL);
out:
    app_search_page_free(&page);
    app_search_form_free(&f);
}

void api_activity(struct web_request *req, struct web_response *resp)
{
    struct app_listing l;
    struct category_table categories;
    if (!web_read_listing(req, resp, true, &l, &categories))
        goto out;
    const struct activity *a = &l.activity;
    const struct category *cat = a->category ? category_find(&categories, a->category) : NULL;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "name", cli_json_string_or_null(a->name));
    json_object_set_new(o, "description", cli_json_string_or_null(a->description));
    json_object_set_new(o, "organization", cli_json_string_or_null(a->organization));
    json_object_set_new(o, "category", cli_json_string_or_null(a->category));
    json_object_set_new(o, "category_name", cat ? json_string(cat->label) : json_null());
    json_object_set_new(o, "intensity",
                        a->intensity > 0 ? json_integer(a->intensity) : json_null());
    json_object_set_new(o, "intensity_words", json_intensity_words(a->intensity));
    json_object_set_new(o, "cost", cli_json_cost(a->cost_cents));
    json_object_set_new(o, "access", cli_json_access(a->access));
    json_object_set_new(o, "online", json_boolean(a->is_virtual));
    json_object_set_new(o, "active", json_boolean(a->active));
    json_object_set_new(o, "url", cli_json_string_or_null(a->url));
    json_object_set_new(o, "email", cli_json_string_or_null(a->email));
    json_object_set_new(o, "phone", cli_json_string_or_null(a->phone));
    json_t *loc = json_object();
    json_object_set_new(loc, "name", cli_json_string_or_null(a->location_name));
    json_object_set_new(loc, "address", cli_json_string_or_null(a->address));
    json_object_set_new(loc, "town", cli_json_string_or_null(a->town));
    json_object_set_new(loc, "zip", cli_json_string_or_null(a->zip));
    json_object_set_new(o, "location", loc);
    json_object_set_new(o, "tzid", json_string(cli_zone_of(a->tzid)));
    json_t *sched = json_array();
    for (size_t i = 0; i < l.n_scheds; i++) {
        char words[WEB_SCHEDULE_WORDS_LEN];
        web_schedule_words(&l.scheds[i], words, sizeof words);
        json_array_append_new(sched, json_string(words));
    }
    json_object_set_new(o, "schedule", sched);
    json_object_set_new(o, "times_listed", json_boolean(a->times_listed));
    json_object_set_new(o, "open_days", cli_json_weekdays(a->open_days));
    json_t *next = json_array();
    for (size_t i = 0; i < l.n_occ; i++) {
        json_t *occ = json_object();
        json_object_set_new(occ, "start", cli_json_iso(l.occ[i].start, a->tzid));
        json_object_set_new(occ, "end", cli_json_iso(l.occ[i].end, a->tzid));
        json_array_append_new(next, occ);
    }
    json_object_set_new(o, "next", next);
    send_json(resp, o);
out:
    categories_free(&categories);
    app_listing_free(&l);
}

void api_categories(struct web_request *req, struct web_response *resp)
{
    (void)req;
    struct category_table t = {0};
    struct app_error err;
    if (app_categories(&t, &err) != BELONG_OK) {
        web_app_error(resp, true, &err);
        categories_free(&t);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < t.n; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:s}", "slug", t.items[i].slug, "name", t.items[i].label));
    categories_free(&t);
    send_json(resp, list);
}

void api_me(struct web_request *req, struct web_response *resp)
{
    const struct app_user *u = &req->account;
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(u->name));
    json_object_set_new(o, "role", json_string(app_role_name(u->role)));
    json_object_set_new(o, "supervisor",
                        u->supervisor[0] ? json_string(u->supervisor) : json_null());
    json_object_set_new(o, "auth", json_string(req->auth == WEB_AUTH_TOKEN ? "token" : "session"));
    send_json(resp, o);
}
