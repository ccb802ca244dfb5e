/* test_concurrency.c — writes that meet one another: a write that finds the write lock held
** waits up to BELONG_BUSY_TIMEOUT seconds and then fails with BELONG_EBUSY and a message that
** says so; peer_update reads the profile under the write lock and refuses a stale copy; a
** refresh that expanded the schedules before it got the lock expands them again when the
** directory changed meanwhile.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "../../src/app/app.h"
#include "../../src/directory/catalog.h"
#include "../../src/peers/caseload.h"
#include "../../src/peers/profile_json.h"
#include "../../src/store/store.h"
#include "../../src/util/rc.h"

#include "store_fixture.h"

#define DB_TEMPLATE "/tmp/belong-test-concurrency-XXXXXX"

static int setup(void **state)
{
    (void)state;
    setenv("BELONG_DATA_DIR", BELONG_DATA_DIR, 0);
    return 0;
}

/* A new database at path (DB_TEMPLATE, rewritten), with the busy timeout of timeout_s (its
** store_options; "0" waits not at all). */
static struct store *open_store(char *path, const char *timeout_s)
{
    struct store *s = NULL;
    struct store_options opt = {.busy_timeout_s =
                                    atoi(timeout_s) ? atoi(timeout_s) : STORE_NO_WAIT};
    setenv("BELONG_NOW", FIXTURE_NOW, 1);
    int fd = mkstemp(path);
    if (fd < 0)
        fail_msg("cannot create %s", path);
    close(fd);
    char err[256];
    if (store_open_as(path, STORE_CREATE, &opt, &s, err, sizeof err) != BELONG_OK)
        fail_msg("cannot open %s: %s", path, err);
    return s;
}

/* Another connection that takes the write lock and keeps it until released. */
static sqlite3 *hold_write_lock(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    return db;
}

static void release_write_lock(sqlite3 *db)
{
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
}

static int notices;
static int notice_timeout_s;
static void count_notice(const char *path, int timeout_s)
{
    (void)path;
    notices++;
    notice_timeout_s = timeout_s;
}

static void a_write_that_cannot_get_the_lock_says_the_database_is_busy(void **state)
{
    (void)state;
    char path[] = DB_TEMPLATE;
    struct store *s = open_store(path, "0");
    sqlite3 *holder = hold_write_lock(path);
    assert_int_equal(store_begin(s), BELONG_EBUSY);
    assert_non_null(strstr(store_errmsg(s), "the database is busy: another belong command"));
    assert_non_null(strstr(store_errmsg(s), "nothing was changed. Try again"));
    assert_null(strstr(store_errmsg(s), "locked"));
    /* an autocommit write too */
    assert_int_equal(store_meta_set(s, "k", "v"), BELONG_EBUSY);
    /* reading does not wait (WAL) */
    char *value = NULL;
    assert_int_equal(store_meta_get(s, "k", &value), BELONG_OK);
    assert_null(value);
    release_write_lock(holder);
    assert_int_equal(store_meta_set(s, "k", "v"), BELONG_OK);
    fixture_store_remove(s, path);
    unsetenv("BELONG_BUSY_TIMEOUT");
}

static void a_long_wait_is_announced_once_and_bounded(void **state)
{
    (void)state;
    char path[] = DB_TEMPLATE;
    store_on_busy_wait(count_notice);
    notices = 0;
    struct store *s = open_store(path, "2");
    sqlite3 *holder = hold_write_lock(path);
    assert_int_equal(store_begin(s), BELONG_EBUSY);
    assert_int_equal(notices, 1);
    assert_int_equal(notice_timeout_s, 2);
    assert_non_null(strstr(store_errmsg(s), "did not finish within 2 s"));
    release_write_lock(holder);
    fixture_store_remove(s, path);
    store_on_busy_wait(NULL);
    unsetenv("BELONG_BUSY_TIMEOUT");
}

static void a_bad_busy_timeout_is_refused(void **state)
{
    (void)state;
    const char *bad[] = {"soon", "-1", "86401", "1.5", " 3", "+3", "99999999999999999999"};
    unlink("/tmp/belong-test-concurrency-never.db");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        setenv("BELONG_BUSY_TIMEOUT", bad[i], 1);
        struct app app = {0};
        struct app_error err;
        assert_int_equal(
            app_open(&app, "/tmp/belong-test-concurrency-never.db", APP_CREATE, NULL, &err),
            BELONG_EUSAGE);
        assert_null(app.store);
        assert_non_null(strstr(err.message, "BELONG_BUSY_TIMEOUT"));
        assert_non_null(strstr(err.message, "is not a whole number of seconds from 0 to 86400"));
        assert_int_equal(access("/tmp/belong-test-concurrency-never.db", F_OK), -1);
    }
    unsetenv("BELONG_BUSY_TIMEOUT");
    /* The store refuses a timeout out of range given as an option. */
    struct store_options opt = {.busy_timeout_s = STORE_BUSY_TIMEOUT_MAX_S + 1};
    char err[512];
    struct store *s = NULL;
    assert_int_equal(store_open_as("/tmp/belong-test-concurrency-never.db", STORE_CREATE, &opt, &s,
                                   err, sizeof err),
                     BELONG_EUSAGE);
    assert_null(s);
    assert_int_equal(access("/tmp/belong-test-concurrency-never.db", F_OK), -1);
}

/* peer_update's change callbacks. */
struct probe {
    const char *path;
    int other_writer_rc; /* what another connection's BEGIN IMMEDIATE got during the change */
    json_t *json;
    int comfort;
};

static void change_under_probe(void *ctx, struct peer *p, struct diag *diag, struct diag *warnings)
{
    struct probe *probe = ctx;
    sqlite3 *other = NULL;
    sqlite3_open(probe->path, &other);
    probe->other_writer_rc = sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    if (probe->json)
        peer_from_json(probe->json, p, diag, warnings, "sam.json");
    if (probe->comfort)
        p->comfort = probe->comfort;
}

static void peer_update_reads_under_the_write_lock_and_refuses_stale_copies(void **state)
{
    (void)state;
    char path[] = DB_TEMPLATE;
    struct store *s = open_store(path, "0");
    struct peer p;
    peer_init(&p);
    p.cps = strdup("maria");
    p.name = strdup("Sam");
    struct diag d = {0}, w = {0};
    assert_int_equal(peer_save(s, &p, &d, &w, NULL), BELONG_OK);
    assert_int_equal(p.version, 1);
    json_t *copy = peer_to_json(&p, NULL); /* a copy read at version 1 */
    int64_t id = p.id;
    peer_free(&p);

    /* A field edit: read and written while no other writer can come in between. */
    struct probe probe = {.path = path, .comfort = 3};
    assert_int_equal(peer_update(s, "maria", id, change_under_probe, &probe, &p, &d, &w, NULL),
                     BELONG_OK);
    assert_int_equal(probe.other_writer_rc, SQLITE_BUSY);
    assert_int_equal(p.version, 2);
    peer_free(&p);
    assert_int_equal(peer_load(s, "maria", id, &p), BELONG_OK);
    assert_int_equal(p.comfort, 3);
    assert_int_equal(p.version, 2);
    peer_free(&p);

    /* The copy read at version 1, written back whole: refused, nothing written. */
    json_object_set_new(copy, "pronouns", json_string("he/him"));
    probe = (struct probe){.path = path, .json = copy};
    assert_int_equal(peer_update(s, "maria", id, change_under_probe, &probe, &p, &d, &w, NULL),
                     BELONG_EDATA);
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(buf_str(&d.text),
                           "sam.json: version: this copy of peer 1 is version 1, but the "
                           "profile has been changed since (it is now version 2)"));
    peer_free(&p);
    assert_int_equal(peer_load(s, "maria", id, &p), BELONG_OK);
    assert_null(p.pronouns);
    assert_int_equal(p.comfort, 3); /* the other edit stays */
    assert_int_equal(p.version, 2);
    peer_free(&p);
    diag_free(&d);

    /* The same copy at the current version is taken. */
    json_object_set_new(copy, "version", json_integer(2));
    json_object_set_new(copy, "comfort", json_integer(3));
    assert_int_equal(peer_update(s, "maria", id, change_under_probe, &probe, &p, &d, &w, NULL),
                     BELONG_OK);
    assert_string_equal(p.pronouns, "he/him");
    assert_int_equal(p.version, 3);
    peer_free(&p);

    /* Another caseload's peer is not there; archive moves the version on. */
    assert_int_equal(peer_update(s, "bob", id, change_under_probe, &probe, &p, &d, &w, NULL),
                     BELONG_ENOINPUT);
    peer_free(&p);
    assert_int_equal(peer_archive(s, "maria", id, true), BELONG_OK);
    assert_int_equal(peer_load(s, "maria", id, &p), BELONG_OK);
    assert_int_equal(p.version, 4);
    peer_free(&p);

    /* With the lock held elsewhere the edit fails as busy and writes nothing. */
    sqlite3 *holder = hold_write_lock(path);
    probe = (struct probe){.path = path, .comfort = 5};
    assert_int_equal(peer_update(s, "maria", id, change_under_probe, &probe, &p, &d, &w, NULL),
                     BELONG_EBUSY);
    peer_free(&p);
    release_write_lock(holder);
    assert_int_equal(peer_load(s, "maria", id, &p), BELONG_OK);
    assert_int_equal(p.comfort, 3);
    peer_free(&p);

    json_decref(copy);
    diag_free(&d);
    diag_free(&w);
    fixture_store_remove(s, path);
    unsetenv("BELONG_BUSY_TIMEOUT");
}

/* The other writer of the refresh test: while the refresh waits for the lock (the notice comes
** after a second), it removes activity 1's schedules, or changes nothing, and lets go. */
static sqlite3 *refresh_rival;
static bool rival_changes_schedules;
static void rival_writes_and_lets_go(const char *path, int timeout_s)
{
    (void)path;
    (void)timeout_s;
    if (rival_changes_schedules)
        assert_int_equal(
            sqlite3_exec(refresh_rival,
                         "DELETE FROM schedule WHERE activity_id = 1;"
                         "INSERT INTO meta(key, value) VALUES('directory_version', '1')"
                         " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1;"
                         "COMMIT",
                         NULL, NULL, NULL),
            SQLITE_OK);
    release_write_lock(refresh_rival);
    refresh_rival = NULL;
}

static long occurrences_of(const char *path, int64_t id)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    sqlite3_open(path, &db);
    sqlite3_prepare_v2(db, "SELECT count(*) FROM occurrence WHERE activity_id = ?1", -1, &st, NULL);
    sqlite3_bind_int64(st, 1, id);
    long n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void a_refresh_expands_again_when_the_directory_changed_while_it_waited(void **state)
{
    (void)state;
    char path[] = DB_TEMPLATE;
    struct store *s = open_store(path, "30");
    struct import_batch b = {.source = xstrdup("test:refresh"), .kind = xstrdup("test")};
    struct import_record *r = import_batch_add(&b);
    r->activity.source_ref = xstrdup("a1");
    r->activity.name = xstrdup("Garden shift");
    struct schedule sched = {.dtstart = xstrdup("20261103T180000"),
                             .tzid = xstrdup("America/New_York"),
                             .duration_s = 7200,
                             .rrule = xstrdup("FREQ=WEEKLY;BYDAY=TU")};
    import_record_add_schedule(r, &sched);
    struct diag d = {0};
    struct import_stats stats;
    assert_int_equal(catalog_import(s, &b, NULL, &d, &stats), BELONG_OK);
    import_batch_free(&b);
    assert_int_equal(occurrences_of(path, 1), 18); /* Tuesdays from 2026-12-01, 120 days */

    store_on_busy_wait(rival_writes_and_lets_go);
    /* Nothing changed while it waited: the dates expanded before are written. The schedules
    ** went while it waited: it expands again, and writes no dates. */
    for (int changes = 0; changes <= 1; changes++) {
        rival_changes_schedules = changes;
        refresh_rival = hold_write_lock(path);
        assert_int_equal(catalog_refresh(s, 0, &d, &stats), BELONG_OK);
        assert_null(refresh_rival);
        assert_int_equal(stats.occurrences, changes ? 0 : 18);
        assert_int_equal(occurrences_of(path, 1), changes ? 0 : 18);
    }
    assert_int_equal(d.count, 0);
    store_on_busy_wait(NULL);
    fixture_store_remove(s, path);
    unsetenv("BELONG_BUSY_TIMEOUT");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_write_that_cannot_get_the_lock_says_the_database_is_busy),
        cmocka_unit_test(a_long_wait_is_announced_once_and_bounded),
        cmocka_unit_test(a_bad_busy_timeout_is_refused),
        cmocka_unit_test(peer_update_reads_under_the_write_lock_and_refuses_stale_copies),
        cmocka_unit_test(a_refresh_expands_again_when_the_directory_changed_while_it_waited),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
