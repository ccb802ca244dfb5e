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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(creates_private_file_in_new_directory),
        cmocka_unit_test(meta_round_trips_and_survives_reopen),
        cmocka_unit_test(rejects_a_file_that_is_not_a_database),
        cmocka_unit_test(refuses_another_programs_database_untouched),
        cmocka_unit_test(makes_an_existing_database_private_and_refuses_links),
        cmocka_unit_test(path_resolution_order),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
