/* sqlite_history.c — the SQLite engine's history of a peer's choices (migration 16): every
** choice, decline and withdrawal with its note, time and the limits a forced choice broke, kept
** when the current choice (peer_choice, sqlite_match.c) changes or is withdrawn.
*/
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

static const char *const history_kinds[] = {
    [CHOICE_EVENT_CHOSEN] = "chosen",
    [CHOICE_EVENT_DECLINED] = "declined",
    [CHOICE_EVENT_WITHDRAWN] = "withdrawn",
};

/* This file's statements (store_stmt). */
enum history_stmt { HISTORY_ADD, HISTORY_CHOICE_WITHDRAW, HISTORY_GET, HISTORY_STMTS };
static const char *const history_sql[HISTORY_STMTS] = {
    [HISTORY_ADD] =
        "WITH n(id) AS (SELECT coalesce(max(id), 0) + 1 FROM peer_choice_history)"
        " INSERT INTO peer_choice_history(id, peer_id, activity_id, choice, note, at, forced)"
        " SELECT n.id, ?1, ?2, ?3, belong_seal('peer_choice_history', 'note', ?4, n.id), ?5, ?6"
        " FROM n",
    [HISTORY_CHOICE_WITHDRAW] =
        "DELETE FROM peer_choice WHERE peer_id = ?1 AND activity_id = ?2 AND choice = 'chosen'"
        " AND EXISTS (SELECT 1 FROM peer WHERE id = ?1 AND cps = ?3)",
    [HISTORY_GET] = "SELECT h.activity_id, h.choice,"
                    " belong_open('peer_choice_history', 'note', h.note, h.id), h.at, h.forced,"
                    " a.name"
                    " FROM peer_choice_history h JOIN peer p ON p.id = h.peer_id AND p.cps = ?2"
                    " LEFT JOIN activity a ON a.id = h.activity_id"
                    " WHERE h.peer_id = ?1 ORDER BY h.at, h.id",
};
const struct store_sql store_sql_history = {STORE_SQL_HISTORY, "sqlite_history.c", history_sql,
                                            HISTORY_STMTS, NULL};

static sqlite3_stmt *stmt(struct store *s, enum history_stmt i)
{
    return store_stmt(s, &store_sql_history, i);
}

int store_history_add(struct store *s, int64_t peer_id, int64_t activity_id,
                      enum choice_event_kind kind, const char *note, const char *forced, time_t at)
{
    int ready = store_seal_ready(s);
    if (ready != BELONG_OK)
        return ready;
    sqlite3_stmt *st = stmt(s, HISTORY_ADD);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    sqlite3_bind_int64(st, 2, activity_id);
    store_bind_text(st, 3, history_kinds[kind]);
    store_bind_text(st, 4, note && *note ? note : NULL);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)at);
    store_bind_text(st, 6, forced && *forced ? forced : NULL);
    return store_step_done(s, st);
}

int store_choice_withdraw(struct store *s, const char *cps, int64_t peer_id, int64_t activity_id)
{
    sqlite3_stmt *st = stmt(s, HISTORY_CHOICE_WITHDRAW);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    sqlite3_bind_int64(st, 2, activity_id);
    store_bind_text(st, 3, cps);
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK && sqlite3_changes(s->db) == 0)
        rc = BELONG_ENOINPUT;
    return rc;
}

int store_history_get(struct store *s, const char *cps, int64_t peer_id, struct choice_event **out,
                      size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, HISTORY_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    store_bind_text(st, 2, cps);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct choice_event *h = &(*out)[(*n)++];
        memset(h, 0, sizeof *h);
        h->activity_id = sqlite3_column_int64(st, 0);
        const char *kind = (const char *)sqlite3_column_text(st, 1);
        for (int k = 0; kind && k <= CHOICE_EVENT_WITHDRAWN; k++)
            if (strcmp(kind, history_kinds[k]) == 0)
                h->kind = (enum choice_event_kind)k;
        h->note = store_column_dup(st, 2);
        h->at = (time_t)sqlite3_column_int64(st, 3);
        h->forced = store_column_dup(st, 4);
        h->name = store_column_dup(st, 5);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        store_history_free(*out, *n);
        *out = NULL;
        *n = 0;
        return store_rc(s, step);
    }
    return BELONG_OK;
}

void store_history_free(struct choice_event *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(h[i].note);
        free(h[i].forced);
        free(h[i].name);
    }
    free(h);
}
