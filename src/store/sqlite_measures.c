/* sqlite_measures.c — the SQLite engine's measure tables (migration 15): administrations of an
** instrument to a peer and their item answers, each with its date. Only the answers are stored;
** the measures engine (src/measures/) scores them when read.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

/* the measure ?1 of a current (not archived) peer of CPS ?2 */
#define SQL_MEASURE_OF_CASELOAD                                                                    \
    " id = ?1 AND EXISTS (SELECT 1 FROM peer p WHERE p.id = measure.peer_id AND p.cps = ?2"        \
    " AND p.archived = 0)"
/* the columns read_measures reads, by measure then item */
#define SQL_MEASURE_COLUMNS                                                                        \
    "SELECT m.id, m.instrument, m.taken_on, m.created_at, a.item,"                                 \
    " belong_open('measure_answer', 'code', a.code, a.measure_id, a.item), m.peer_id"              \
    " FROM measure m JOIN peer p ON p.id = m.peer_id AND p.cps = ?2"                               \
    " JOIN measure_answer a ON a.measure_id = m.id"

/* This file's statements (store_stmt). */
enum measure_stmt {
    MEASURE_ADD,
    MEASURE_ANSWER_ADD,
    MEASURES_GET,
    MEASURE_GET,
    MEASURE_REDATE,
    MEASURE_ANSWERS_DELETE,
    MEASURE_DELETE,
    MEASURE_STMTS
};
static const char *const measures_sql[MEASURE_STMTS] = {
    [MEASURE_ADD] = "INSERT INTO measure(peer_id, instrument, taken_on, created_at)"
                    " SELECT ?1, ?2, ?3, ?4 WHERE EXISTS"
                    " (SELECT 1 FROM peer WHERE id = ?1 AND cps = ?5 AND archived = 0)",
    [MEASURE_ANSWER_ADD] = "INSERT INTO measure_answer(measure_id, item, taken_on, code)"
                           " VALUES(?1, ?2, ?3, belong_seal('measure_answer', 'code', ?4, ?1, ?2))",
    [MEASURES_GET] =
        SQL_MEASURE_COLUMNS " WHERE m.peer_id = ?1 AND (?3 IS NULL OR m.instrument = ?3)"
                            " ORDER BY m.taken_on, m.id, a.item",
    [MEASURE_GET] = SQL_MEASURE_COLUMNS " WHERE m.id = ?1 ORDER BY a.item",
    [MEASURE_REDATE] = "UPDATE measure SET taken_on = ?3 WHERE" SQL_MEASURE_OF_CASELOAD,
    [MEASURE_ANSWERS_DELETE] = "DELETE FROM measure_answer WHERE measure_id = ?1",
    [MEASURE_DELETE] = "DELETE FROM measure WHERE" SQL_MEASURE_OF_CASELOAD,
};
const struct store_sql store_sql_measures = {STORE_SQL_MEASURES, "sqlite_measures.c", measures_sql,
                                             MEASURE_STMTS, NULL};

static sqlite3_stmt *stmt(struct store *s, enum measure_stmt i)
{
    return store_stmt(s, &store_sql_measures, i);
}

static int answers_add(struct store *s, const struct store_measure *m);

int store_measure_add(struct store *s, const char *cps, int64_t peer_id, struct store_measure *m,
                      time_t now)
{
    sqlite3_stmt *st = stmt(s, MEASURE_ADD);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    store_bind_text(st, 2, m->instrument);
    store_bind_text(st, 3, m->date);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
    store_bind_text(st, 5, cps);
    int rc = store_step_done(s, st);
    if (rc != BELONG_OK)
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return BELONG_ENOINPUT;
    m->id = sqlite3_last_insert_rowid(s->db);
    m->created_at = now;
    return answers_add(s, m);
}

/* Inserts m's answers, each with m->date, under measure m->id. */
static int answers_add(struct store *s, const struct store_measure *m)
{
    int rc = store_seal_ready(s);
    sqlite3_stmt *st;
    for (size_t i = 0; rc == BELONG_OK && i < m->n_codes; i++) {
        if (!(st = stmt(s, MEASURE_ANSWER_ADD)))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, m->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)(i + 1));
        store_bind_text(st, 3, m->date);
        if (m->codes[i] >= 0)
            sqlite3_bind_int(st, 4, m->codes[i]);
        else
            sqlite3_bind_null(st, 4);
        rc = store_step_done(s, st);
    }
    return rc;
}

/* Reads the rows of st (SQL_MEASURE_COLUMNS, by measure then item) into
** administrations. OUT: *out (heap, free) and *n. */
static int read_measures(struct store *s, sqlite3_stmt *st, struct store_measure **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (!*n || (*out)[*n - 1].id != id) {
            if (*n == cap) {
                cap = cap ? 2 * cap : 8;
                *out = xrealloc(*out, cap * sizeof **out);
            }
            struct store_measure *m = &(*out)[(*n)++];
            memset(m, 0, sizeof *m);
            m->id = id;
            store_column_copy(st, 1, m->instrument, sizeof m->instrument);
            store_column_copy(st, 2, m->date, sizeof m->date);
            m->created_at = (time_t)sqlite3_column_int64(st, 3);
            m->peer_id = sqlite3_column_int64(st, 6);
        }
        struct store_measure *m = &(*out)[*n - 1];
        int64_t item = sqlite3_column_int64(st, 4);
        if (item >= 1 && item <= STORE_MEASURE_ITEMS_MAX) {
            m->codes[item - 1] =
                sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 5);
            if ((size_t)item > m->n_codes)
                m->n_codes = (size_t)item;
        }
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return store_rc(s, step);
    }
    return BELONG_OK;
}

int store_measures_get(struct store *s, const char *cps, int64_t peer_id, const char *instrument,
                       struct store_measure **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, MEASURES_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    store_bind_text(st, 2, cps);
    store_bind_text(st, 3, instrument);
    return read_measures(s, st, out, n);
}

int store_measure_get(struct store *s, const char *cps, int64_t id, struct store_measure *m)
{
    memset(m, 0, sizeof *m);
    sqlite3_stmt *st = stmt(s, MEASURE_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, cps);
    struct store_measure *list;
    size_t n;
    int rc = read_measures(s, st, &list, &n);
    if (rc != BELONG_OK)
        return rc;
    if (n == 1)
        *m = list[0];
    free(list);
    return n == 1 ? BELONG_OK : BELONG_ENOINPUT;
}

int store_measure_replace(struct store *s, const char *cps, const struct store_measure *m)
{
    sqlite3_stmt *st = stmt(s, MEASURE_REDATE);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, m->id);
    store_bind_text(st, 2, cps);
    store_bind_text(st, 3, m->date);
    int rc = store_step_done(s, st);
    if (rc != BELONG_OK)
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return BELONG_ENOINPUT;
    if (!(st = stmt(s, MEASURE_ANSWERS_DELETE)))
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, m->id);
    if ((rc = store_step_done(s, st)) != BELONG_OK)
        return rc;
    return answers_add(s, m);
}

int store_measure_delete(struct store *s, const char *cps, int64_t id)
{
    sqlite3_stmt *st = stmt(s, MEASURE_DELETE);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, cps);
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK && sqlite3_changes(s->db) == 0)
        return BELONG_ENOINPUT;
    return rc;
}
