/* sqlite_rows.c — belong_occurrences(LIST), a table-valued function over an array of
** occurrences bound with sqlite3_bind_pointer (type STORE_OCCURRENCE_LIST_TYPE), so that one
** statement writes all of an activity's occurrences:
**
**   INSERT INTO occurrence SELECT ?1, start_utc, end_utc, weekday, start_minute
**   FROM belong_occurrences(?2)
**
** An import writes a million of them; one statement per row cost more in starting and ending
** statements than in writing the rows. The list is borrowed for the statement's run.
*/
#include <stdlib.h>
#include <string.h>

#include "../util/rc.h"
#include "sqlite_internal.h"

enum { COL_START, COL_END, COL_WEEKDAY, COL_MINUTE, COL_LIST };

struct occ_cursor {
    sqlite3_vtab_cursor base;
    const struct store_occurrence_list *list; /* borrowed; NULL: no rows */
    size_t i;
};

static int occ_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                       sqlite3_vtab **out, char **err)
{
    (void)aux, (void)argc, (void)argv, (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(start_utc INTEGER, end_utc INTEGER,"
                                      " weekday INTEGER, start_minute INTEGER, list HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    *out = sqlite3_malloc(sizeof **out);
    if (!*out)
        return SQLITE_NOMEM;
    memset(*out, 0, sizeof **out);
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    return SQLITE_OK;
}

static int occ_disconnect(sqlite3_vtab *vtab)
{
    sqlite3_free(vtab);
    return SQLITE_OK;
}

/* The list must be given (belong_occurrences(?)): a plan without it is refused. */
static int occ_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
    (void)vtab;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn == COL_LIST && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
            if (!c->usable)
                return SQLITE_CONSTRAINT;
            info->aConstraintUsage[i].argvIndex = 1;
            info->aConstraintUsage[i].omit = 1;
            info->estimatedCost = 10;
            info->estimatedRows = 10;
            return SQLITE_OK;
        }
    }
    return SQLITE_CONSTRAINT;
}

static int occ_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
    (void)vtab;
    struct occ_cursor *c = sqlite3_malloc(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *out = &c->base;
    return SQLITE_OK;
}

static int occ_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int occ_filter(sqlite3_vtab_cursor *cur, int plan, const char *plan_name, int argc,
                      sqlite3_value **argv)
{
    (void)plan, (void)plan_name;
    struct occ_cursor *c = (struct occ_cursor *)cur;
    c->list = argc > 0 ? sqlite3_value_pointer(argv[0], STORE_OCCURRENCE_LIST_TYPE) : NULL;
    c->i = 0;
    return SQLITE_OK;
}

static int occ_next(sqlite3_vtab_cursor *cur)
{
    ((struct occ_cursor *)cur)->i++;
    return SQLITE_OK;
}

static int occ_eof(sqlite3_vtab_cursor *cur)
{
    const struct occ_cursor *c = (const struct occ_cursor *)cur;
    return !c->list || c->i >= c->list->n;
}

static int occ_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    const struct occ_cursor *c = (const struct occ_cursor *)cur;
    const struct occurrence *o = &c->list->items[c->i];
    switch (col) {
    case COL_START:
        sqlite3_result_int64(ctx, (sqlite3_int64)o->start);
        break;
    case COL_END:
        sqlite3_result_int64(ctx, (sqlite3_int64)o->end);
        break;
    case COL_WEEKDAY:
        sqlite3_result_int(ctx, o->weekday);
        break;
    case COL_MINUTE:
        sqlite3_result_int(ctx, o->start_minute);
        break;
    default:
        sqlite3_result_null(ctx);
        break;
    }
    return SQLITE_OK;
}

static int occ_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = (sqlite3_int64)((const struct occ_cursor *)cur)->i + 1;
    return SQLITE_OK;
}

static const sqlite3_module occurrences_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous only: used as a function, never created as a table */
    .xConnect = occ_connect,
    .xBestIndex = occ_best_index,
    .xDisconnect = occ_disconnect,
    .xOpen = occ_open,
    .xClose = occ_close,
    .xFilter = occ_filter,
    .xNext = occ_next,
    .xEof = occ_eof,
    .xColumn = occ_column,
    .xRowid = occ_rowid,
};

int store_rows_register(struct store *s)
{
    return sqlite3_create_module(s->db, "belong_occurrences", &occurrences_module, NULL) ==
                   SQLITE_OK
               ? BELONG_OK
               : BELONG_EINTERNAL;
}
