/* connection_json.h — a connection (connection.h) as JSON: {"id", "peer", "name", "met_at":
** {"activity", "name"} | null, "met_place", "met_on", "relationship", "closeness",
** "last_contact", "ended_on", "history": [{"date", "relationship", "closeness", "last_contact",
** "ended"}]}.
*/
#ifndef BELONG_CONNECTION_JSON_H
#define BELONG_CONNECTION_JSON_H

#include <jansson.h>

#include "connection.h"

/* c as JSON with its state as of st (a history entry of c; NULL: its last) and its history up
** to st. The caller owns it (json_decref); NULL only when jansson cannot allocate. */
json_t *connection_json(const struct connection *c, const struct connection_change *st);

#endif
