/* sqlite_erase.c — the SQLite engine's erasure of a peer (right of erasure): the peer's row and,
** through ON DELETE CASCADE, every record about them (profile lists, comfort history, choices,
** measures and their answers, connections and their history), with the freed content
** overwritten and the write-ahead log emptied, so that the deleted bytes do not stay in the
** file.
*/
#include "../util/rc.h"
#include "sqlite_internal.h"

/* This file's statements (store_stmt). */
enum erase_stmt { ERASE_SECURE_DELETE, ERASE_COUNTS, ERASE_PEER, ERASE_CHECKPOINT, ERASE_STMTS };
static const char *const erase_sql[ERASE_STMTS] = {
    /* deleted content is overwritten with zeros, not left in free pages */
    [ERASE_SECURE_DELETE] = "PRAGMA secure_delete = ON",
    [ERASE_COUNTS] = "SELECT (SELECT count(*) FROM measure WHERE peer_id = ?1),"
                     " (SELECT count(*) FROM connection WHERE peer_id = ?1),"
                     " (SELECT count(*) FROM peer_choice WHERE peer_id = ?1)"
                     " WHERE EXISTS (SELECT 1 FROM peer WHERE id = ?1 AND cps = ?2)",
    [ERASE_PEER] = "DELETE FROM peer WHERE id = ?1 AND cps = ?2",
    /* the write-ahead log copied into the database and emptied */
    [ERASE_CHECKPOINT] = "PRAGMA wal_checkpoint(TRUNCATE)",
};
const struct store_sql store_sql_erase = {STORE_SQL_ERASE, "sqlite_erase.c", erase_sql, ERASE_STMTS,
                                          NULL};

static sqlite3_stmt *stmt(struct store *s, enum erase_stmt i)
{
    return store_stmt(s, &store_sql_erase, i);
}

int store_peer_erase(struct store *s, const char *cps, int64_t id, struct store_erased *gone)
{
    *gone = (struct store_erased){0};
    int rc = store_query_ints(s, &store_sql_erase, ERASE_SECURE_DELETE, NULL, 0);
    if (rc != BELONG_OK)
        return rc;
    sqlite3_stmt *st = stmt(s, ERASE_COUNTS);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, cps);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        gone->measures = sqlite3_column_int64(st, 0);
        gone->connections = sqlite3_column_int64(st, 1);
        gone->choices = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (step == SQLITE_DONE)
        return BELONG_ENOINPUT;
    if (step != SQLITE_ROW)
        return store_rc(s, step);
    if (!(st = stmt(s, ERASE_PEER)))
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, cps);
    if ((rc = store_step_done(s, st)) != BELONG_OK)
        return rc;
    return sqlite3_changes(s->db) ? BELONG_OK : BELONG_ENOINPUT;
}

int store_erase_flush(struct store *s)
{
    return store_query_ints(s, &store_sql_erase, ERASE_CHECKPOINT, NULL, 0);
}
