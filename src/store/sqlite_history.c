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
    [STORE_HISTORY_CHOSEN] = "chosen",
    [STORE_HISTORY_DECLINED] = "declined",
    [STORE_HISTORY_WITHDRAWN] = "withdrawn",
};

static const char SQL_HISTORY_ADD[] =
    "INSERT INTO peer_choice_history(peer_id, activity_id, choice, note, at, forced)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_CHOICE_WITHDRAW[] =
    "DELETE FROM peer_choice WHERE peer_id = ?1 AND activity_id = ?2 AND choice = 'chosen'"
    " AND EXISTS (SELECT 1 FROM peer WHERE id = ?1 AND cps = ?3)";
static const char SQL_HISTORY_GET[] =
    "SELECT h.activity_id, h.choice, h.note, h.at, h.forced, a.name"
    " FROM peer_choice_history h JOIN peer p ON p.id = h.peer_id AND p.cps = ?2"
    " LEFT JOIN activity a ON a.id = h.activity_id"
    " WHERE h.peer_id = ?1 ORDER BY h.at, h.id";

int store_history_add(struct store *s, int64_t peer_id, int64_t activity_id,
                      enum store_history_kind kind, const char *note, const char *forced, time_t at)
{
    sqlite3_stmt *st = store_stmt(s, SQL_HISTORY_ADD);
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
    sqlite3_stmt *st = store_stmt(s, SQL_CHOICE_WITHDRAW);
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

int store_history_get(struct store *s, const char *cps, int64_t peer_id,
                      struct store_history_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(s, SQL_HISTORY_GET);
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
        struct store_history_entry *h = &(*out)[(*n)++];
        memset(h, 0, sizeof *h);
        h->activity_id = sqlite3_column_int64(st, 0);
        const char *kind = (const char *)sqlite3_column_text(st, 1);
        for (int k = 0; kind && k <= STORE_HISTORY_WITHDRAWN; k++)
            if (strcmp(kind, history_kinds[k]) == 0)
                h->kind = (enum store_history_kind)k;
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

void store_history_free(struct store_history_entry *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(h[i].note);
        free(h[i].forced);
        free(h[i].name);
    }
    free(h);
}
