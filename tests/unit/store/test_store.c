/* test_store.c — opening, migrating and settings of the SQLite store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../src/store/sqlite_internal.h"
#include "../../src/store/store.h"
#include "../../src/util/rc.h"

static char dir[] = "/tmp/belong-test-store-XXXXXX";

static int make_dir(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static void creates_private_file_in_new_directory(void **state)
{
    (void)state;
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/nested/belong.db", dir);
    struct store *s = NULL;
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    store_close(s);
}

static void meta_round_trips_and_survives_reopen(void **state)
{
    (void)state;
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/meta.db", dir);
    struct store *s = NULL;
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    char *value = NULL;
    assert_int_equal(store_meta_get(s, "horizon_days", &value), BELONG_OK);
    assert_null(value);
    assert_int_equal(store_meta_set(s, "horizon_days", "120"), BELONG_OK);
    store_close(s);
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    assert_int_equal(store_meta_get(s, "horizon_days", &value), BELONG_OK);
    assert_string_equal(value, "120");
    free(value);
    store_close(s);
}

static void rejects_a_file_that_is_not_a_database(void **state)
{
    (void)state;
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/junk.db", dir);
    FILE *f = fopen(path, "w");
    fputs("this is not an SQLite database, just some text that is long enough\n", f);
    fclose(f);
    struct store *s = NULL;
    assert_int_not_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    assert_null(s);
    assert_non_null(strstr(err, "junk.db"));
    assert_int_equal(store_open_as(path, STORE_READ, NULL, &s, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "not a belong database (not an SQLite database file)"));
}

static void refuses_another_programs_database_untouched(void **state)
{
    (void)state;
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/other.db", dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    struct store *s = NULL;
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_EDATA);
    assert_null(s);
    assert_non_null(strstr(err, "not a belong database"));
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(after.st_size, before.st_size);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK); /* still one table, not migrated */
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void makes_an_existing_database_private_and_refuses_links(void **state)
{
    (void)state;
    char path[256], link[256], err[256];
    snprintf(path, sizeof path, "%s/shared.db", dir);
    snprintf(link, sizeof link, "%s/link.db", dir);
    struct store *s = NULL;
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    store_close(s);
    assert_int_equal(chmod(path, 0644), 0);
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    store_close(s);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(symlink(path, link), 0);
    assert_int_equal(store_open(link, &s, err, sizeof err), BELONG_EIO);
    assert_non_null(strstr(err, "symbolic link"));
}

/* A command that only reads never creates a database or its folder, and says which is
** missing; one that creates makes the file but not a missing folder. */
static void missing_database_or_folder_is_named_and_never_created(void **state)
{
    (void)state;
    char path[256], nested[256], err[256];
    snprintf(path, sizeof path, "%s/absent.db", dir);
    snprintf(nested, sizeof nested, "%s/no/such/absent.db", dir);
    struct store *s = NULL;
    struct stat st;
    assert_int_equal(store_open_as(path, STORE_READ, NULL, &s, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "absent.db: no such database"));
    assert_int_equal(store_open_as(path, STORE_WRITE, NULL, &s, err, sizeof err), BELONG_ENOINPUT);
    assert_int_not_equal(stat(path, &st), 0);
    const enum store_access all[] = {STORE_READ, STORE_WRITE, STORE_CREATE};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(store_open_as(nested, all[i], NULL, &s, err, sizeof err), BELONG_ENOINPUT);
        assert_non_null(strstr(err, "/no/such: no such folder"));
        assert_null(s);
    }
    snprintf(nested, sizeof nested, "%s/no", dir);
    assert_int_not_equal(stat(nested, &st), 0);
    assert_int_equal(store_open_as(path, STORE_CREATE, NULL, &s, err, sizeof err), BELONG_OK);
    assert_false(store_read_only(s));
    store_close(s);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

/* A 0400 database is read, stays 0400, and refuses writes by name. */
static void read_only_database_is_read_and_never_widened(void **state)
{
    (void)state;
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/ro.db", dir);
    struct store *s = NULL;
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    assert_int_equal(store_meta_set(s, "greeting", "hello"), BELONG_OK);
    store_close(s);
    assert_int_equal(chmod(path, 0400), 0);
    assert_int_equal(store_open_as(path, STORE_READ, NULL, &s, err, sizeof err), BELONG_OK);
    assert_true(store_read_only(s));
    char *value = NULL;
    assert_int_equal(store_meta_get(s, "greeting", &value), BELONG_OK);
    assert_string_equal(value, "hello");
    free(value);
    assert_int_equal(store_meta_set(s, "greeting", "changed"), BELONG_EIO);
    store_close(s);
    const enum store_access writes[] = {STORE_WRITE, STORE_CREATE};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(store_open_as(path, writes[i], NULL, &s, err, sizeof err), BELONG_EIO);
        assert_non_null(strstr(err, "read-only database (mode 0400)"));
        assert_null(s);
    }
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_EIO);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0400);
    assert_int_equal(chmod(path, 0600), 0);
}

/* A full disk, simulated by capping the database's pages (PRAGMA max_page_count): a write
** that does not fit fails as an I/O error saying the disk is full, and its transaction leaves
** nothing behind. */
static void full_disk_fails_the_write_and_keeps_the_data(void **state)
{
    (void)state;
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/full.db", dir);
    struct store *s = NULL;
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    assert_int_equal(store_meta_set(s, "kept", "yes"), BELONG_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(s->db, "PRAGMA page_count", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int pages = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA max_page_count = %d", pages + 2);
    assert_int_equal(sqlite3_exec(s->db, pragma, NULL, NULL, NULL), SQLITE_OK);
    char big[4000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(store_begin(s), BELONG_OK);
    int rc = BELONG_OK;
    for (int i = 0; rc == BELONG_OK && i < 100; i++) {
        char key[32];
        snprintf(key, sizeof key, "filler-%d", i);
        rc = store_meta_set(s, key, big);
    }
    assert_int_equal(rc, BELONG_EIO);
    assert_non_null(strstr(store_errmsg(s), "disk full"));
    store_rollback(s);
    store_close(s);
    assert_int_equal(store_open_as(path, STORE_READ, NULL, &s, err, sizeof err), BELONG_OK);
    char *value = NULL;
    assert_int_equal(store_meta_get(s, "filler-0", &value), BELONG_OK);
    assert_null(value);
    assert_int_equal(store_meta_get(s, "kept", &value), BELONG_OK);
    assert_string_equal(value, "yes");
    free(value);
    store_close(s);
}

static void path_resolution_order(void **state)
{
    (void)state;
    setenv("BELONG_DB", "/tmp/from-env.db", 1);
    char *p = store_resolve_path("/tmp/explicit.db");
    assert_string_equal(p, "/tmp/explicit.db");
    free(p);
    p = store_resolve_path(NULL);
    assert_string_equal(p, "/tmp/from-env.db");
    free(p);
    unsetenv("BELONG_DB");
    setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
    p = store_resolve_path(NULL);
    assert_string_equal(p, "/tmp/xdg/belong/belong.db");
    free(p);
}

/* Every statement of every engine file's table prepares on a freshly migrated database: a typo
** in the SQL, a column a migration renamed or a table entry left empty fails here rather than
** on the first user who reaches that statement. Each table's entries are all filled, and a
** statement asked for twice is the one prepared the first time. */
static void every_statement_prepares_on_a_fresh_database(void **state)
{
    (void)state;
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/statements.db", dir);
    struct store *s = NULL;
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    int total = 0;
    for (int f = 0; f < STORE_SQL_FILES; f++) {
        const struct store_sql *t = store_sql_tables[f];
        assert_non_null(t);
        assert_int_equal(t->file, f);
        assert_true(t->n > 0);
        total += t->n;
    }
    err[0] = '\0';
    int rc = store_sql_check(s, err, sizeof err);
    if (rc != BELONG_OK)
        fail_msg("%s", err);
    for (int f = 0; f < STORE_SQL_FILES; f++) {
        const struct store_sql *t = store_sql_tables[f];
        for (int i = 0; i < t->n; i++) {
            assert_non_null(s->stmts[f][i]);
            assert_ptr_equal(store_stmt(s, t, i), s->stmts[f][i]);
            if (t->sql[i])
                assert_string_equal(sqlite3_sql(s->stmts[f][i]), t->sql[i]);
            else
                assert_non_null(t->build); /* generated from a table: prepared above */
        }
    }
    assert_true(total > 90);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(creates_private_file_in_new_directory),
        cmocka_unit_test(meta_round_trips_and_survives_reopen),
        cmocka_unit_test(rejects_a_file_that_is_not_a_database),
        cmocka_unit_test(refuses_another_programs_database_untouched),
        cmocka_unit_test(makes_an_existing_database_private_and_refuses_links),
        cmocka_unit_test(missing_database_or_folder_is_named_and_never_created),
        cmocka_unit_test(read_only_database_is_read_and_never_widened),
        cmocka_unit_test(full_disk_fails_the_write_and_keeps_the_data),
        cmocka_unit_test(path_resolution_order),
        cmocka_unit_test(every_statement_prepares_on_a_fresh_database),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
