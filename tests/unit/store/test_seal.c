/* test_seal.c — sealing the sensitive peer fields at the store boundary (store/sqlite_seal.c,
** store/keyfile.c): a round trip through the store, no field in clear in the file, and each
** way a sealed value must fail to open (copied to another row, a changed byte, another key, a
** key version the file no longer holds), the key file's checks, and key rotation. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/peers/profile.h"
#include "../../src/util/timeutil.h"
#include "store_fixture.h"

static char path[32];
static char key_path[64];

/* Runs one SQL statement on the file behind belong's back (a thief, or a careless tool). */
static void raw_exec(const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "raw_exec: %s\n", msg);
    sqlite3_free(msg);
    sqlite3_close(db);
    assert_int_equal(rc, SQLITE_OK);
}

/* Changes byte at of peer 1's sealed contact. */
static void raw_flip_byte(int64_t at)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT contact FROM peer WHERE id = 1", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_bytes(st, 0);
    unsigned char *b = xmalloc((size_t)n);
    memcpy(b, sqlite3_column_blob(st, 0), (size_t)n);
    sqlite3_finalize(st);
    b[at] ^= 0x01;
    assert_int_equal(
        sqlite3_prepare_v2(db, "UPDATE peer SET contact = ?1 WHERE id = 1", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_blob(st, 1, b, n, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(b);
}

/* An integer from a query run on the file directly. */
static int64_t raw_int(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int64_t n = -1;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* Whether the bytes of file contain text. */
static bool file_has(const char *file, const char *text)
{
    FILE *f = fopen(file, "rb");
    if (!f)
        return false;
    static char data[1 << 22];
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    return memmem(data, n, text, strlen(text)) != NULL;
}

static int64_t add_peer(struct store *s, const char *name, const char *contact,
                        const char *interest)
{
    struct peer p;
    peer_init(&p);
    p.cps = xstrdup("maria");
    p.name = xstrdup(name);
    p.contact = xstrdup(contact);
    text_list_add(&p.interests, interest);
    text_list_add(&p.goals, "say hello to one new person");
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_peer_put(s, &p, belong_now()), 0);
    assert_int_equal(store_commit(s), 0);
    int64_t id = p.id;
    peer_free(&p);
    return id;
}

static struct store *reopen(struct store *s, int want_rc)
{
    store_close(s);
    char err[512] = "";
    struct store *out = NULL;
    int rc = store_open_as(path, STORE_WRITE, NULL, &out, err, sizeof err);
    if (rc != want_rc)
        fprintf(stderr, "reopen: %d: %s\n", rc, err);
    assert_int_equal(rc, want_rc);
    return out;
}

static int setup(void **state)
{
    (void)state;
    unsetenv("BELONG_KEY_FILE");
    store_key_file_set(NULL);
    strcpy(path, "/tmp/belong-seal-XXXXXX");
    struct store *s;
    if (fixture_store_open(path, &s) != 0)
        return -1;
    snprintf(key_path, sizeof key_path, "%s.key", path);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    fixture_store_remove(*state, path);
    unlink(key_path);
    return 0;
}

static void round_trip_and_nothing_in_clear(void **state)
{
    struct store *s = *state;
    struct stat st;
    assert_int_not_equal(stat(key_path, &st), 0); /* no key before anything is sealed */
    int64_t id =
        add_peer(s, "Quillonia Zarathustrine", "qz-7731@example.org", "restoring antique zithers");
    assert_int_equal(stat(key_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    struct peer p;
    assert_int_equal(store_peer_get(s, "maria", id, &p), 0);
    assert_string_equal(p.name, "Quillonia Zarathustrine");
    assert_string_equal(p.contact, "qz-7731@example.org");
    assert_string_equal(p.interests.items[0], "restoring antique zithers");
    peer_free(&p);
    s = reopen(s, 0);
    *state = s;
    assert_int_equal(raw_int("SELECT count(*) FROM peer WHERE typeof(name) = 'blob'"
                             " AND typeof(contact) = 'blob'"),
                     1);
    assert_int_equal(raw_int("SELECT count(*) FROM peer_item WHERE typeof(text) <> 'blob'"), 0);
    store_close(s);
    *state = NULL;
    assert_false(file_has(path, "Zarathustrine"));
    assert_false(file_has(path, "qz-7731"));
    assert_false(file_has(path, "antique zithers"));
    *state = reopen(NULL, 0);
}

/* A value copied to another row, or to another column of its row, does not open: the error
** names the table, column and row. */
static void copied_value_does_not_open(void **state)
{
    struct store *s = *state;
    add_peer(s, "Ann", "ann@example.org", "knitting");
    int64_t bea = add_peer(s, "Bea", "bea@example.org", "chess");
    raw_exec("UPDATE peer SET name = (SELECT name FROM peer WHERE id = 1) WHERE id = 2");
    struct peer p;
    assert_int_equal(store_peer_get(s, "maria", bea, &p), BELONG_EDATA);
    assert_non_null(strstr(store_errmsg(s), "peer.name of row 2"));
    assert_non_null(strstr(store_errmsg(s), "does not open"));
    raw_exec("UPDATE peer SET name = contact WHERE id = 1");
    assert_int_equal(store_peer_get(s, "maria", 1, &p), BELONG_EDATA);
    assert_non_null(strstr(store_errmsg(s), "peer.name of row 1"));
}

/* One changed byte anywhere in a sealed value (its version, nonce, text or tag) and it does
** not open. */
static void changed_byte_does_not_open(void **state)
{
    struct store *s = *state;
    int64_t id = add_peer(s, "Cal", "cal@example.org", "birding");
    int64_t len = raw_int("SELECT length(contact) FROM peer WHERE id = 1");
    assert_true(len > 40);
    for (int64_t at = 0; at < len; at += 7) {
        raw_exec("CREATE TABLE IF NOT EXISTS saved AS SELECT contact FROM peer WHERE id = 1");
        raw_flip_byte(at);
        struct peer p;
        assert_int_equal(raw_int("SELECT typeof(contact) = 'blob' FROM peer WHERE id = 1"), 1);
        assert_int_equal(store_peer_get(s, "maria", id, &p), BELONG_EDATA);
        assert_non_null(strstr(store_errmsg(s), "peer.contact of row 1"));
        raw_exec("UPDATE peer SET contact = (SELECT contact FROM saved) WHERE id = 1");
        raw_exec("DROP TABLE saved");
        assert_int_equal(store_peer_get(s, "maria", id, &p), 0);
        peer_free(&p);
    }
}

/* A value written in clear into a sealed database is refused, never shown as if sealed. */
static void clear_value_in_sealed_database_refused(void **state)
{
    struct store *s = *state;
    int64_t id = add_peer(s, "Dee", "dee@example.org", "pottery");
    raw_exec("UPDATE peer SET name = 'Mallory' WHERE id = 1");
    struct peer p;
    assert_int_equal(store_peer_get(s, "maria", id, &p), BELONG_EDATA);
    assert_non_null(strstr(store_errmsg(s), "stored in clear"));
}

/* Another key file (the same version, another key) does not open the database; a key file
** others may read, a symbolic link and a missing one are refused; none is replaced. */
static void wrong_or_unsafe_key_file_refused(void **state)
{
    struct store *s = *state;
    add_peer(s, "Eve", "eve@example.org", "running");
    store_close(s);
    *state = NULL;
    char saved[80];
    snprintf(saved, sizeof saved, "%s.saved", key_path);
    assert_int_equal(rename(key_path, saved), 0);
    char err[512];
    struct store *t = NULL;
    assert_int_equal(store_open_as(path, STORE_WRITE, NULL, &t, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "is missing"));
    struct stat st;
    assert_int_not_equal(stat(key_path, &st), 0); /* no new key made */
    FILE *f = fopen(key_path, "w");
    fputs("1 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", f);
    fclose(f);
    chmod(key_path, 0600);
    assert_int_equal(store_open_as(path, STORE_WRITE, NULL, &t, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "does not open this database"));
    assert_int_equal(rename(saved, key_path), 0);
    chmod(key_path, 0640);
    assert_int_equal(store_open_as(path, STORE_READ, NULL, &t, err, sizeof err), BELONG_ENOPERM);
    assert_non_null(strstr(err, "can be read or written by others"));
    chmod(key_path, 0600);
    assert_int_equal(rename(key_path, saved), 0);
    assert_int_equal(symlink(saved, key_path), 0);
    assert_int_equal(store_open_as(path, STORE_WRITE, NULL, &t, err, sizeof err), BELONG_ENOPERM);
    assert_non_null(strstr(err, "symbolic link"));
    unlink(key_path);
    /* --key FILE names it elsewhere */
    store_key_file_set(saved);
    assert_int_equal(store_open_as(path, STORE_WRITE, NULL, &t, err, sizeof err), 0);
    store_close(t);
    store_key_file_set(NULL);
    assert_int_equal(rename(saved, key_path), 0);
    *state = reopen(NULL, 0);
}

/* Rotation: every value sealed again with a new version, the file left holding only it, the
** old key file no longer opening the database. */
static void rotation_reseals_everything(void **state)
{
    struct store *s = *state;
    int64_t id = add_peer(s, "Fay", "fay@example.org", "tai chi");
    char old_key[80];
    snprintf(old_key, sizeof old_key, "%s.old", key_path);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cp -p %s %s", key_path, old_key);
    assert_int_equal(system(cmd), 0);
    uint32_t version = 0;
    assert_int_equal(store_key_rotate(s, &version), 0);
    assert_int_equal(version, 2);
    assert_int_equal(raw_int("SELECT count(*) FROM peer_item WHERE hex(substr(text, 1, 4))"
                             " <> '00000002'"),
                     0);
    assert_int_equal(raw_int("SELECT count(*) FROM peer WHERE hex(substr(name, 1, 4))"
                             " <> '00000002'"),
                     0);
    struct peer p;
    assert_int_equal(store_peer_get(s, "maria", id, &p), 0);
    assert_string_equal(p.name, "Fay");
    peer_free(&p);
    assert_false(file_has(key_path, "\n1 "));
    assert_true(file_has(key_path, "\n2 "));
    /* a new value after the rotation takes version 2 */
    add_peer(s, "Gus", "gus@example.org", "soup kitchen");
    assert_int_equal(raw_int("SELECT count(*) FROM peer WHERE hex(substr(name, 1, 4))"
                             " <> '00000002'"),
                     0);
    assert_int_equal(store_key_rotate(s, &version), 0);
    assert_int_equal(version, 3);
    store_close(s);
    *state = NULL;
    store_key_file_set(old_key);
    char err[512];
    struct store *t = NULL;
    assert_int_equal(store_open_as(path, STORE_WRITE, NULL, &t, err, sizeof err), BELONG_EDATA);
    store_key_file_set(NULL);
    unlink(old_key);
    *state = reopen(NULL, 0);
}

/* A crash between the steps of a rotation loses nothing: the file holding the old and new
** versions opens the database whether the re-sealing committed or not. */
static void rotation_crash_states_open(void **state)
{
    struct store *s = *state;
    int64_t id = add_peer(s, "Hal", "hal@example.org", "woodwork");
    /* before the commit: the new version added to the file, the values still version 1 */
    FILE *f = fopen(key_path, "a");
    fputs("2 ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\n", f);
    fclose(f);
    s = reopen(s, 0);
    struct peer p;
    assert_int_equal(store_peer_get(s, "maria", id, &p), 0);
    peer_free(&p);
    /* the next rotation goes past every version in the file */
    uint32_t version = 0;
    assert_int_equal(store_key_rotate(s, &version), 0);
    assert_int_equal(version, 3);
    assert_int_equal(store_peer_get(s, "maria", id, &p), 0);
    assert_string_equal(p.contact, "hal@example.org");
    peer_free(&p);
    *state = s;
}

/* A database from before sealing: its values in clear are sealed at the first open that can
** write, in one transaction, and read the same. */
static void plain_database_sealed_on_open(void **state)
{
    struct store *s = *state;
    store_close(s);
    *state = NULL;
    raw_exec("INSERT INTO peer(id, cps, name, contact, created_at, updated_at)"
             " VALUES(1, 'maria', 'Ivo Plainname', 'ivo@example.org', 0, 0);"
             "INSERT INTO peer_item(peer_id, kind, position, text)"
             " VALUES(1, 'interest', 0, 'growing peppers')");
    struct stat st;
    assert_int_not_equal(stat(key_path, &st), 0);
    char err[512];
    struct store *t = NULL;
    assert_int_equal(store_open_as(path, STORE_READ, NULL, &t, err, sizeof err), 0);
    struct peer p; /* read-only: read as it is, nothing made */
    assert_int_equal(store_peer_get(t, "maria", 1, &p), 0);
    assert_string_equal(p.name, "Ivo Plainname");
    peer_free(&p);
    store_close(t);
    assert_int_not_equal(stat(key_path, &st), 0);
    s = reopen(NULL, 0);
    *state = s;
    assert_int_equal(stat(key_path, &st), 0);
    assert_int_equal(raw_int("SELECT count(*) FROM peer WHERE typeof(name) = 'blob'"), 1);
    assert_int_equal(raw_int("SELECT count(*) FROM peer_item WHERE typeof(text) = 'blob'"), 1);
    assert_int_equal(store_peer_get(s, "maria", 1, &p), 0);
    assert_string_equal(p.name, "Ivo Plainname");
    assert_string_equal(p.interests.items[0], "growing peppers");
    peer_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(round_trip_and_nothing_in_clear, setup, teardown),
        cmocka_unit_test_setup_teardown(copied_value_does_not_open, setup, teardown),
        cmocka_unit_test_setup_teardown(changed_byte_does_not_open, setup, teardown),
        cmocka_unit_test_setup_teardown(clear_value_in_sealed_database_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_or_unsafe_key_file_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(rotation_reseals_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(rotation_crash_states_open, setup, teardown),
        cmocka_unit_test_setup_teardown(plain_database_sealed_on_open, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
