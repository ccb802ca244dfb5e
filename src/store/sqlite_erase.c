/* sqlite_erase.c — the SQLite engine's erasure of a peer (right of erasure): the peer's row and,
** through ON DELETE CASCADE, every record about them (profile lists, comfort history, choices,
** measures and their answers, connections and their history), with the freed content
** overwritten and the write-ahead log emptied, so that the deleted bytes do not stay in the
** file.
*/
#include "../util/rc.h"
#include "sqlite_internal.h"

static const char SQL_PEER_ERASE[] = "DELETE FROM peer WHERE id = ?1 AND cps = ?2";
static const char SQL_ERASE_COUNTS[] =
    "SELECT (SELECT count(*) FROM measure WHERE peer_id = ?1),"
    " (SELECT count(*) FROM connection WHERE peer_id = ?1),"
    " (SELECT count(*) FROM peer_choice WHERE peer_id = ?1)"
    " WHERE EXISTS (SELECT 1 FROM peer WHERE id = ?1 AND cps = ?2)";

int store_peer_erase(struct store *s, const char *cps, int64_t id, struct store_erased *gone)
{
    *gone = (struct store_erased){0};
    /* deleted content is overwritten with zeros, not left in free pages */
    int rc = sqlite3_exec(s->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_rc(s, rc);
    sqlite3_stmt *st = store_stmt(s, SQL_ERASE_COUNTS);
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
    if (!(st = store_stmt(s, SQL_PEER_ERASE)))
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, cps);
    if ((rc = store_step_done(s, st)) != BELONG_OK)
        return rc;
    return sqlite3_changes(s->db) ? BELONG_OK : BELONG_ENOINPUT;
}

int store_erase_flush(struct store *s)
{
    int rc = sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    return rc == SQLITE_OK ? BELONG_OK : store_rc(s, rc);
}
