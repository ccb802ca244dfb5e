/* fuzz_fts_query.c — libFuzzer harness for search_text_init (src/directory/search.c) and the
** SQLite engine's store_fts5_match: the user's words become a text query and then an FTS5
** query, which must always be one SQLite accepts. The query runs
** against an in-memory FTS5 table made like the store's activity_text (porter unicode61), with
** one row, so a query SQLite refuses (a syntax error from user text) aborts.
*/
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/directory/search.h"
#include "../src/store/sqlite_internal.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *match;

static void open_db(void)
{
    if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE activity_text USING fts5("
                     "name, description, tags, organization, tokenize = 'porter unicode61');"
                     "INSERT INTO activity_text VALUES('Community garden', 'Weeding and "
                     "planting together', 'gardening plants', 'Worcester Roots');",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT rowid FROM activity_text WHERE activity_text MATCH ?1", -1,
                           &match, NULL) != SQLITE_OK) {
        fprintf(stderr, "fuzz: sqlite setup: %s\n", sqlite3_errmsg(db));
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db)
        open_db();
    char *text = fuzz_strndup(data, size);
    struct search_text words;
    char *query = search_text_init(&words, text) ? store_fts5_match(&words.query) : NULL;
    search_text_free(&words);
    if (query) {
        sqlite3_bind_text(match, 1, query, -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(match)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE) {
            fprintf(stderr, "fuzz: FTS5 refused the query '%s' made from '%s': %s\n", query, text,
                    sqlite3_errmsg(db));
            abort();
        }
        sqlite3_reset(match);
        sqlite3_clear_bindings(match);
    }
    free(query);
    free(text);
    return 0;
}
