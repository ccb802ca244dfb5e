/* peer_record_json.c — everything recorded about a peer as one JSON document (the right of
** access): what `belong peer export` writes and the web's export download serves.
*/
#include <jansson.h>
#include <time.h>

#include "../engagement/connection_json.h"
#include "../measures/measures_json.h"
#include "../peers/profile_json.h"
#include "app_peer_records.h"

#define EXPORT_FORMAT 1 /* "belong_export": the version of the document's shape */

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
    return doc;
}
