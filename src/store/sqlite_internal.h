/* sqlite_internal.h — what the SQLite engine's files share: the connection and a cache of
** prepared statements. Only src/store/sqlite*.c include this file.
*/
#ifndef BELONG_SQLITE_INTERNAL_H
#define BELONG_SQLITE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "store.h"

#define STMT_CACHE_SIZE 128

/* The token count of every activity_text row, by rowid, as of one data version
** (sqlite_rank.c). */
struct store_doc_sizes {
    uint32_t *tokens; /* [n], UINT32_MAX where unknown; owned */
    size_t n;
    unsigned int version; /* SQLITE_FCNTL_DATA_VERSION when loaded */
    bool loaded;
};

struct store {
    sqlite3 *db;
    char *path;
    /* Statements prepared once per connection, keyed by the address of their SQL text (each
    ** sqlite_*.c file keeps its SQL in static const strings). */
    struct {
        const char *sql;
        sqlite3_stmt *stmt;
    } cache[STMT_CACHE_SIZE];
    struct store_doc_sizes doc_sizes;
};

/* Returns the prepared, reset statement for sql (a static string), preparing it on first use;
** NULL on error (see store_errmsg). The statement stays owned by the cache. */
sqlite3_stmt *store_stmt(struct store *s, const char *sql);
/* Maps the result of sqlite3_step/exec to a BELONG_* code (SQLITE_DONE/ROW/OK -> 0). */
int store_rc(struct store *s, int sqlite_rc);
/* Steps a statement that returns no rows, then resets it. */
int store_step_done(struct store *s, sqlite3_stmt *st);
/* Binds a string or NULL. */
int store_bind_text(sqlite3_stmt *st, int index, const char *text);
/* Binds the three words of a weekly time signature to parameters first, first + 1, first + 2
** (sqlite_search.c). */
void store_bind_week_slots(sqlite3_stmt *st, int first, const struct store_week_slots *w);
/* A yes/no column that may be NULL, as enum tristate (activity.h). */
int store_column_tristate(sqlite3_stmt *st, int col);
/* Column text as a heap copy, or NULL for SQL NULL. */
char *store_column_dup(sqlite3_stmt *st, int col);

/* Registers belong_bm25() with the connection's FTS5 (sqlite_rank.c); store_rank_free frees
** its copy of the row lengths. */
int store_rank_register(struct store *s);
void store_rank_free(struct store *s);

/* The schema migrations, in order; migration i brings user_version from i to i + 1. */
extern const char *const store_migrations[];
extern const int store_migration_count;

#endif
