/* test_rank.c — belong_bm25 (src/store/sqlite_rank.c) gives exactly FTS5's bm25 on the demo
** catalogue: from its copy of the row lengths, inside a transaction that changed rows, and after
** another connection changed listings.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/demo/demo.h"
#include "../../src/store/sqlite_internal.h"
#include "../../src/util/timeutil.h"
#include "store_fixture.h"

static const char *const queries[] = {
    "\"garden\"",   "\"music\" OR \"choir\" OR \"sing\"",  "\"peer\" \"support\"", "\"art\"*",
    "\"walk\"",     "\"book\" OR \"read\" OR \"library\"", "\"cook\" OR \"food\"", "\"zzzz\"",
    "\"recovery\"",
};

/* Compares bm25 and belong_bm25 (keyed: given the query as its key, so that it remembers the
** IDFs) over every match of every query. Returns the rows compared. */
static int compare(struct store *s, bool keyed)
{
    static const char plain[] = "SELECT rowid, bm25(activity_text, 4.0, 1.0, 3.0, 2.0),"
                                " belong_bm25(activity_text, 4.0, 1.0, 3.0, 2.0)"
                                " FROM activity_text WHERE activity_text MATCH ?1";
    static const char with_key[] = "SELECT rowid, bm25(activity_text, 4.0, 1.0, 3.0, 2.0),"
                                   " belong_bm25(activity_text, 4.0, 1.0, 3.0, 2.0, ?1)"
                                   " FROM activity_text WHERE activity_text MATCH ?1";
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db, keyed ? with_key : plain, -1, &st, NULL), SQLITE_OK);
    int rows = 0;
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        sqlite3_bind_text(st, 1, queries[q], -1, SQLITE_STATIC);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            double builtin = sqlite3_column_double(st, 1), ours = sqlite3_column_double(st, 2);
            if (fabs(builtin - ours) > 1e-9 * fabs(builtin) + 1e-12)
                fail_msg("%s, row %lld: bm25 %.17g, belong_bm25%s %.17g", queries[q],
                         (long long)sqlite3_column_int64(st, 0), builtin,
                         keyed ? " with its key" : "", ours);
            rows++;
        }
        assert_int_equal(step, SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rows;
}

static int compare_all(struct store *s)
{
    int rows = compare(s, false);
    assert_int_equal(compare(s, true), rows);
    assert_int_equal(compare(s, true), rows); /* with the IDFs remembered, when they may be */
    return rows;
}

static int exec(struct store *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

static void belong_bm25_is_bm25(void **state)
{
    (void)state;
    char path[] = "/tmp/belong-test-rank-XXXXXX";
    struct store *s = NULL, *other = NULL;
    assert_int_equal(fixture_store_open(path, &s), BELONG_OK);
    struct import_batch b = {0};
    struct diag d = {0};
    assert_int_equal(demo_build(&b, belong_now(), &d), BELONG_OK);
    assert_int_equal(catalog_import(s, &b, NULL, &d, NULL), BELONG_OK);
    import_batch_free(&b);
    diag_free(&d);

    /* From the connection's copy of the row lengths, and the IDFs it kept. */
    assert_true(compare_all(s) > 100);
    assert_true(s->doc_sizes.loaded);
    assert_non_null(s->doc_sizes.idf[0].key);

    /* Inside a transaction that made a row much longer: the copy is not used. */
    assert_int_equal(exec(s, "BEGIN"), SQLITE_OK);
    assert_int_equal(exec(s, "UPDATE activity_text SET description = description ||"
                             " ' garden garden music art walk and a great many more words'"
                             " WHERE rowid = (SELECT min(rowid) FROM activity_text"
                             " WHERE activity_text MATCH 'garden')"),
                     SQLITE_OK);
    assert_true(compare_all(s) > 100);
    assert_int_equal(exec(s, "ROLLBACK"), SQLITE_OK);
    assert_true(compare_all(s) > 100);

    /* Another connection changes listings (their tags, so their text): the copy is reloaded. */
    char err[256];
    assert_int_equal(store_open(path, &other, err, sizeof err), BELONG_OK);
    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(store_activity_ids(other, &ids, &n), BELONG_OK);
    struct activity longer = {.tags = "walk,walking group,garden walk,music walk,art walk"};
    assert_int_equal(store_begin(other), BELONG_OK);
    for (size_t i = 0; i < n; i += 3)
        assert_int_equal(store_activity_set_attrs(other, ids[i], &longer, ATTR_TAGS), BELONG_OK);
    assert_int_equal(store_commit(other), BELONG_OK);
    free(ids);
    store_close(other);
    assert_true(compare_all(s) > 100);
    fixture_store_remove(s, path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(belong_bm25_is_bm25),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
