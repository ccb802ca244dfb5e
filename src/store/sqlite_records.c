/* sqlite_records.c — the SQLite engine's answer to "whose record is this?": the peer a plan, a
** visit, a connection or a measure taken by its own id belongs to, in any caseload, so that a
** refused access to another caseload's record can be written to the audit trail.
*/
#include "../util/rc.h"
#include "sqlite_internal.h"

/* This file's statements (store_stmt), one per enum store_record_kind. */
static const char *const records_sql[STORE_RECORD_KINDS] = {
    [STORE_RECORD_PLAN] = "SELECT peer_id FROM plan WHERE id = ?1",
    [STORE_RECORD_VISIT] = "SELECT peer_id FROM visit WHERE id = ?1",
    [STORE_RECORD_CONNECTION] = "SELECT peer_id FROM connection WHERE id = ?1",
    [STORE_RECORD_MEASURE] = "SELECT peer_id FROM measure WHERE id = ?1",
};
const struct store_sql store_sql_records = {STORE_SQL_RECORDS, "sqlite_records.c", records_sql,
                                            STORE_RECORD_KINDS, NULL};

int store_record_peer(struct store *s, enum store_record_kind kind, int64_t id, int64_t *peer_id)
{
    *peer_id = 0;
    sqlite3_stmt *st = store_stmt(s, &store_sql_records, (int)kind);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *peer_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return BELONG_ENOINPUT;
    return rc == SQLITE_ROW ? BELONG_OK : store_rc(s, rc);
}
