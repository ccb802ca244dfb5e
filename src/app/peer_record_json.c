/* peer_record_json.c — everything recorded about a peer as one JSON document (the right of
** access): what `belong peer export` writes and the web's export download serves.
*/
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "../engagement/connection_json.h"
#include "../engagement/engagement_json.h"
#include "../measures/measures_json.h"
#include "../peers/profile_json.h"
#include "app_peer_records.h"

#define EXPORT_FORMAT                                                                              \
    2 /* "belong_export": the version of the document's shape (2: plans,                           \
       ** visits, choice_history and audit added) */

/* t as "YYYY-MM-DDTHH:MM:SSZ" (UTC), the one form of an instant in the document. */
static json_t *utc_json(time_t t)
{
    char at[32];
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(at);
}

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static const char *const history_words[] = {[CHOICE_EVENT_CHOSEN] = "chosen",
                                            [CHOICE_EVENT_DECLINED] = "declined",
                                            [CHOICE_EVENT_WITHDRAWN] = "withdrawn"};

/* The parts of the record the first shape of the document lacked: the history of choices,
** plans, visits (created/updated instants added to their list shapes) and the audit rows. */
static void add_engagement(json_t *doc, const struct app_peer_record *r)
{
    json_t *history = json_array(), *plans = json_array(), *visits = json_array(),
           *audit = json_array();
    for (size_t i = 0; i < r->n_history; i++) {
        const struct choice_event *h = &r->history[i];
        json_t *forced = json_null();
        if (h->forced) {
            forced = json_array();
            for (const char *at = h->forced; *at;) {
                size_t len = strcspn(at, ",");
                json_array_append_new(forced, json_stringn(at, len));
                at += len + (at[len] == ',');
            }
        }
        json_array_append_new(history,
                              json_pack("{s:o, s:I, s:o, s:s, s:o, s:o}", "at", utc_json(h->at),
                                        "activity", (json_int_t)h->activity_id, "name",
                                        string_or_null(h->name), "choice", history_words[h->kind],
                                        "note", string_or_null(h->note), "forced", forced));
    }
    for (size_t i = 0; i < r->n_plans; i++) {
        json_t *o = plan_json(&r->plans[i]);
        json_object_set_new(o, "created_at", utc_json(r->plans[i].created_at));
        json_object_set_new(o, "updated_at", utc_json(r->plans[i].updated_at));
        json_array_append_new(plans, o);
    }
    for (size_t i = 0; i < r->n_visits; i++) {
        json_t *o = visit_json(&r->visits[i]);
        json_object_set_new(o, "created_at", utc_json(r->visits[i].created_at));
        json_array_append_new(visits, o);
    }
    for (size_t i = 0; i < r->n_audit; i++) {
        const struct store_audit *a = &r->audit[i];
        json_array_append_new(audit, json_pack("{s:o, s:s, s:s, s:s, s:s}", "at", utc_json(a->at),
                                               "by", a->actor, "operation", a->operation, "from",
                                               a->origin, "outcome", a->outcome));
    }
    json_object_set_new(doc, "choice_history", history);
    json_object_set_new(doc, "plans", plans);
    json_object_set_new(doc, "visits", visits);
    json_object_set_new(doc, "audit", audit);
}

json_t *app_peer_record_json(const struct app *app, const struct app_peer_record *r)
{
    json_t *doc = json_object(), *choices = json_array(), *measures = json_array(),
           *connections = json_array();
    char when[32];
    struct tm tm;
    gmtime_r(&app->now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    for (size_t i = 0; choices && i < r->n_choices; i++) {
        const struct app_choice *c = &r->choices[i];
        char at[32];
        gmtime_r(&c->at, &tm);
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
        json_t *o = json_object();
        json_object_set_new(o, "activity", json_integer((json_int_t)c->activity_id));
        json_object_set_new(o, "name", c->activity ? json_string(c->activity) : json_null());
        json_object_set_new(o, "choice", json_string(c->declined ? "declined" : "chosen"));
        json_object_set_new(o, "note", c->note ? json_string(c->note) : json_null());
        json_object_set_new(o, "at", json_string(at));
        json_array_append_new(choices, o);
    }
    for (size_t i = 0; measures && i < r->n_measures; i++)
        json_array_append_new(measures,
                              measure_administration_json(r->measures[i].id, r->measures[i].date,
                                                          &r->measures[i].result));
    for (size_t i = 0; connections && i < r->n_connections; i++)
        json_array_append_new(connections, connection_json(&r->connections[i], NULL));
    if (!doc) {
        json_decref(choices);
        json_decref(measures);
        json_decref(connections);
        return NULL;
    }
    json_object_set_new(doc, "belong_export", json_integer(EXPORT_FORMAT));
    json_object_set_new(doc, "exported_at", json_string(when));
    json_object_set_new(doc, "exported_by", json_string(app->cps));
    json_object_set_new(doc, "peer", peer_to_json(&r->peer, NULL));
    json_object_set_new(doc, "choices", choices);
    json_object_set_new(doc, "measures", measures);
    json_object_set_new(doc, "connections", connections);
    add_engagement(doc, r);
    return doc;
}
