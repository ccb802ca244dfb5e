/* sqlite_connections.c — the SQLite engine's connection tables (migration 16): the people a peer
** met and the history of each connection, appended to at every change and never rewritten.
** Every statement names the CPS: a connection of a peer outside the caseload is not there.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

#define SQL_CONNECTIONS_READ                                                                       \
    "SELECT c.id, c.peer_id, belong_open('connection', 'name', c.name, c.id), c.met_activity_id,"  \
    " a.name, belong_open('connection', 'met_place', c.met_place, c.id), c.met_visit_id,"          \
    " c.met_on, h.on_date, h.relationship, h.closeness, h.last_contact, h.ended,"                  \
    " h.recorded_at"                                                                               \
    " FROM connection c JOIN peer p ON p.id = c.peer_id AND p.cps = ?2"                            \
    " JOIN connection_history h ON h.connection_id = c.id"                                         \
    " LEFT JOIN activity a ON a.id = c.met_activity_id"

/* This file's statements (store_stmt). */
enum connections_stmt {
    CONNECTION_ADD,
    CONNECTION_HISTORY_ADD,
    CONNECTION_ENDED,
    CONNECTION_GET,
    CONNECTIONS_OF_PEER,
    CONNECTION_STMTS
};
static const char *const connections_sql[CONNECTION_STMTS] = {
    [CONNECTION_ADD] =
        "WITH n(id) AS (SELECT coalesce(max(id), 0) + 1 FROM connection)"
        " INSERT INTO connection(id, peer_id, name, met_activity_id, met_place, met_visit_id,"
        " met_on, created_at)"
        " SELECT n.id, ?1, belong_seal('connection', 'name', ?2, n.id), ?3,"
        " belong_seal('connection', 'met_place', ?4, n.id), ?5, ?6, ?7 FROM n WHERE EXISTS"
        " (SELECT 1 FROM peer WHERE id = ?1 AND cps = ?8 AND archived = 0)",
    [CONNECTION_HISTORY_ADD] =
        "INSERT INTO connection_history(connection_id, seq, on_date, relationship, closeness,"
        " last_contact, ended, recorded_at)"
        " SELECT c.id, (SELECT coalesce(max(seq), 0) + 1 FROM connection_history"
        "   WHERE connection_id = c.id), ?2, ?3, ?4, ?5, ?6, ?7"
        " FROM connection c JOIN peer p ON p.id = c.peer_id AND p.cps = ?8 AND p.archived = 0"
        " WHERE c.id = ?1",
    [CONNECTION_ENDED] = "UPDATE connection SET ended_on = ?2 WHERE id = ?1",
    [CONNECTION_GET] = SQL_CONNECTIONS_READ " WHERE c.id = ?1 ORDER BY h.seq",
    [CONNECTIONS_OF_PEER] =
        SQL_CONNECTIONS_READ " WHERE c.peer_id = ?1 ORDER BY c.met_on, c.id, h.seq",
};
const struct store_sql store_sql_connections = {STORE_SQL_CONNECTIONS, "sqlite_connections.c",
                                                connections_sql, CONNECTION_STMTS, NULL};

static sqlite3_stmt *stmt(struct store *s, enum connections_stmt i)
{
    return store_stmt(s, &store_sql_connections, i);
}

/* Binds ch's values to CONNECTION_HISTORY_ADD for connection id and runs it. BELONG_ENOINPUT
** when the connection is not one of a current peer of cps. */
static int history_add(struct store *s, const char *cps, int64_t id,
                       const struct connection_change *ch, time_t now)
{
    sqlite3_stmt *st = stmt(s, CONNECTION_HISTORY_ADD);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, ch->date);
    store_bind_text(st, 3, ch->relationship);
    sqlite3_bind_int(st, 4, ch->closeness);
    store_bind_text(st, 5, ch->last_contact[0] ? ch->last_contact : NULL);
    sqlite3_bind_int(st, 6, ch->ended ? 1 : 0);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)now);
    store_bind_text(st, 8, cps);
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK && sqlite3_changes(s->db) == 0)
        return BELONG_ENOINPUT;
    if (rc != BELONG_OK || !ch->ended)
        return rc;
    if (!(st = stmt(s, CONNECTION_ENDED)))
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, ch->date);
    return store_step_done(s, st);
}

int store_connection_add(struct store *s, const char *cps, int64_t peer_id, struct connection *c,
                         time_t now)
{
    if (c->n_history != 1)
        return BELONG_EINTERNAL;
    int ready = store_seal_ready(s);
    if (ready != BELONG_OK)
        return ready;
    sqlite3_stmt *st = stmt(s, CONNECTION_ADD);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    store_bind_text(st, 2, c->name);
    if (c->met_activity_id > 0)
        sqlite3_bind_int64(st, 3, c->met_activity_id);
    else
        sqlite3_bind_null(st, 3);
    store_bind_text(st, 4, c->met_place);
    if (c->met_visit_id > 0)
        sqlite3_bind_int64(st, 5, c->met_visit_id);
    else
        sqlite3_bind_null(st, 5);
    store_bind_text(st, 6, c->history[0].date);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)now);
    store_bind_text(st, 8, cps);
    int rc = store_step_done(s, st);
    if (rc != BELONG_OK)
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return BELONG_ENOINPUT;
    c->id = sqlite3_last_insert_rowid(s->db);
    c->peer_id = peer_id;
    snprintf(c->met_on, sizeof c->met_on, "%s", c->history[0].date);
    c->history[0].recorded_at = now;
    return history_add(s, cps, c->id, &c->history[0], now);
}

int store_connection_append(struct store *s, const char *cps, int64_t id,
                            const struct connection_change *ch, time_t now)
{
    return history_add(s, cps, id, ch, now);
}

/* Reads the rows of st (SQL_CONNECTIONS_READ, by connection then seq) into connections.
** OUT: *out (heap, connections_free), *n. */
static int read_connections(struct store *s, sqlite3_stmt *st, struct connection **out, size_t *n)
{
    size_t cap = 0;
    int step;
    *out = NULL;
    *n = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (!*n || (*out)[*n - 1].id != id) {
            if (*n == cap) {
                cap = cap ? 2 * cap : 8;
                *out = xrealloc(*out, cap * sizeof **out);
            }
            struct connection *c = &(*out)[(*n)++];
            memset(c, 0, sizeof *c);
            c->id = id;
            c->peer_id = sqlite3_column_int64(st, 1);
            c->name = store_column_dup(st, 2);
            c->met_activity_id = sqlite3_column_int64(st, 3);
            c->met_activity = store_column_dup(st, 4);
            c->met_place = store_column_dup(st, 5);
            c->met_visit_id = sqlite3_column_int64(st, 6);
            store_column_copy(st, 7, c->met_on, sizeof c->met_on);
        }
        struct connection *c = &(*out)[*n - 1];
        c->history = xrealloc(c->history, (c->n_history + 1) * sizeof *c->history);
        struct connection_change *ch = &c->history[c->n_history++];
        memset(ch, 0, sizeof *ch);
        store_column_copy(st, 8, ch->date, sizeof ch->date);
        store_column_copy(st, 9, ch->relationship, sizeof ch->relationship);
        ch->closeness = sqlite3_column_int(st, 10);
        store_column_copy(st, 11, ch->last_contact, sizeof ch->last_contact);
        ch->ended = sqlite3_column_int(st, 12) != 0;
        ch->recorded_at = (time_t)sqlite3_column_int64(st, 13);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        connections_free(*out, *n);
        *out = NULL;
        *n = 0;
        return store_rc(s, step);
    }
    return BELONG_OK;
}

int store_connection_get(struct store *s, const char *cps, int64_t id, struct connection *c)
{
    memset(c, 0, sizeof *c);
    sqlite3_stmt *st = stmt(s, CONNECTION_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, cps);
    struct connection *list;
    size_t n;
    int rc = read_connections(s, st, &list, &n);
    if (rc != BELONG_OK)
        return rc;
    if (n != 1) {
        connections_free(list, n);
        return BELONG_ENOINPUT;
    }
    *c = list[0];
    free(list);
    return BELONG_OK;
}

int store_connections_get(struct store *s, const char *cps, int64_t peer_id,
                          struct connection **out, size_t *n)
{
    sqlite3_stmt *st = stmt(s, CONNECTIONS_OF_PEER);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    store_bind_text(st, 2, cps);
    return read_connections(s, st, out, n);
}
