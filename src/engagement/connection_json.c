/* connection_json.c — a connection as JSON (jansson), the shape documented in docs/cli.md
** (belong connection --json), shared by the CLI and the export of a peer's records.
*/
#include "connection_json.h"

/* Text or null. */
static json_t *json_text(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *connection_json(const struct connection *c, const struct connection_change *st)
{
    size_t n_history = st ? (size_t)(st - c->history) + 1 : c->n_history;
    if (!st)
        st = &c->history[c->n_history - 1];
    json_t *o = json_object(), *h = json_array();
    if (!o || !h) {
        json_decref(o);
        json_decref(h);
        return NULL;
    }
    json_object_set_new(o, "id", json_integer((json_int_t)c->id));
    json_object_set_new(o, "peer", json_integer((json_int_t)c->peer_id));
    json_object_set_new(o, "name", json_string(c->name));
    json_t *met = json_null();
    if (c->met_activity_id) {
        met = json_object();
        json_object_set_new(met, "activity", json_integer((json_int_t)c->met_activity_id));
        json_object_set_new(met, "name", json_text(c->met_activity));
    }
    json_object_set_new(o, "met_at", met);
    json_object_set_new(o, "met_place", json_text(c->met_place));
    json_object_set_new(o, "met_on", json_string(c->met_on));
    json_object_set_new(o, "relationship", json_string(st->relationship));
    json_object_set_new(o, "closeness", json_integer(st->closeness));
    json_object_set_new(o, "last_contact", json_text(st->last_contact));
    json_object_set_new(o, "ended_on", st->ended ? json_string(st->date) : json_null());
    for (size_t i = 0; i < n_history; i++) {
        const struct connection_change *ch = &c->history[i];
        json_t *e = json_object();
        json_object_set_new(e, "date", json_string(ch->date));
        json_object_set_new(e, "relationship", json_string(ch->relationship));
        json_object_set_new(e, "closeness", json_integer(ch->closeness));
        json_object_set_new(e, "last_contact", json_text(ch->last_contact));
        json_object_set_new(e, "ended", json_boolean(ch->ended));
        json_array_append_new(h, e);
    }
    json_object_set_new(o, "history", h);
    return o;
}
