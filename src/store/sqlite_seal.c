/* sqlite_seal.c — sealing the sensitive peer fields at the store boundary (docs/privacy.md).
**
** A sealed value is a BLOB: the key version (4 bytes, big-endian), a random 24-byte nonce, then
** XChaCha20-Poly1305 (IETF) over a type byte ('t' text, 'i' integer) and the value, with
** associated data binding the table, the column, the row's key and the key version, so a value
** copied to another row or column does not open. The engine's SQL seals and opens through two
** functions this file registers on every connection:
**   belong_seal(TABLE, COLUMN, VALUE, KEY...)  the sealed BLOB of VALUE (NULL stays NULL),
**   belong_open(TABLE, COLUMN, VALUE, KEY...)  the value again, or an error naming the table,
**                                              column and row when it does not open;
** KEY... being the row's key columns (its id; or peer_id, kind, position...). The domain and
** the faces only ever see plain values. A database holds a key check (meta 'key_check': a
** sealed constant) once anything was sealed: its version is the version new values take, and a
** key file that does not open it is refused. Also here: sealing a database's plain values at
** the first open that can write, and key rotation (store_key_rotate).
*/
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

#define SEAL_HEADER    (4 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
#define SEAL_TAG       crypto_aead_xchacha20poly1305_ietf_ABYTES
#define KEY_CHECK_TEXT "belong key check"

/* Every column that holds a sealed value, with the columns that key its row. Dates, ids,
** scores' inputs the SQL filters on, and the CPS handle stay clear (docs/privacy.md). */
static const struct sealed_column {
    const char *table, *column, *keys;
} sealed_columns[] = {
    {"peer", "name", "id"},
    {"peer", "pronouns", "id"},
    {"peer", "contact", "id"},
    {"peer_item", "text", "peer_id, kind, position"},
    {"peer_choice", "note", "peer_id, activity_id"},
    {"peer_choice_history", "note", "id"},
    {"plan", "reason", "id"},
    {"plan", "note", "id"},
    {"visit", "with_whom", "id"},
    {"visit", "felt", "id"},
    {"visit", "next_step", "id"},
    {"connection", "name", "id"},
    {"connection", "met_place", "id"},
    {"measure_answer", "code", "measure_id, item"},
};
#define SEALED_COLUMNS (int)(sizeof sealed_columns / sizeof *sealed_columns)

bool store_column_sealed(const char *table, const char *column)
{
    for (int i = 0; i < SEALED_COLUMNS; i++)
        if (strcmp(sealed_columns[i].table, table) == 0 &&
            strcmp(sealed_columns[i].column, column) == 0)
            return true;
    return false;
}

/* This file's statements: the key check, whether there are peers, then one statement per
** sealed column that seals its values again with the current version (generated). */
enum seal_stmt {
    SEAL_CHECK_GET,
    SEAL_CHECK_OPEN,
    SEAL_CHECK_PUT,
    SEAL_ANY_PEER,
    SEAL_RESEAL_FIRST
};
#define SEAL_STMTS (SEAL_RESEAL_FIRST + SEALED_COLUMNS)
static const char *const seal_sql[SEAL_STMTS] = {
    [SEAL_CHECK_GET] = "SELECT value FROM meta WHERE key = 'key_check'",
    [SEAL_CHECK_OPEN] = "SELECT belong_open('meta', 'value', value, 'key_check') = ?1"
                        " FROM meta WHERE key = 'key_check'",
    [SEAL_CHECK_PUT] = "INSERT INTO meta(key, value) VALUES('key_check',"
                       " belong_seal('meta', 'value', ?1, 'key_check'))"
                       " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [SEAL_ANY_PEER] = "SELECT EXISTS (SELECT 1 FROM peer)",
};
static void build_reseal_sql(int i, struct buf *out);
const struct store_sql store_sql_seal = {STORE_SQL_SEAL, "sqlite_seal.c", seal_sql, SEAL_STMTS,
                                         build_reseal_sql};

/* UPDATE t SET c = belong_seal('t', 'c', belong_open('t', 'c', c, KEYS), KEYS)
**   WHERE c IS NOT NULL */
static void build_reseal_sql(int i, struct buf *out)
{
    const struct sealed_column *c = &sealed_columns[i - SEAL_RESEAL_FIRST];
    buf_printf(out,
               "UPDATE %s SET %s = belong_seal('%s', '%s', belong_open('%s', '%s', %s, %s), %s)"
               " WHERE %s IS NOT NULL",
               c->table, c->column, c->table, c->column, c->table, c->column, c->column, c->keys,
               c->keys, c->column);
}

static sqlite3_stmt *stmt(struct store *s, int i)
{
    return store_stmt(s, &store_sql_seal, i);
}

/* Records an error for store_errmsg. Returns rc. */
static int seal_fail(struct store *s, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int seal_fail(struct store *s, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->seal_message, sizeof s->seal_message, fmt, ap);
    va_end(ap);
    return rc;
}

/* The associated data of a value: "belong", table, column, the row's key values joined by '/',
** and the version, separated by U+001F, written into out (AD_MAX bytes; memcpy, not printf:
** it is built for every value read). Returns its length, 0 when it would not fit. */
#define AD_MAX 512
static size_t associated_data(sqlite3_value **argv, int argc, uint32_t version,
                              unsigned char out[AD_MAX])
{
    size_t n = 0;
    char digits[12];
    int nd = snprintf(digits, sizeof digits, "%u", (unsigned)version);
    for (int i = -1; i <= argc; i++) {
        const char *part = i == -1     ? "belong"
                           : i == argc ? digits
                           : i == 2    ? NULL /* the value itself */
                                       : (const char *)sqlite3_value_text(argv[i]);
        if (i == 2)
            continue;
        size_t len = i == argc ? (size_t)nd : part ? strlen(part) : 0;
        if (n + len + 1 > AD_MAX)
            return 0;
        if (i > -1) /* between parts U+001F, between the row's key values '/' */
            out[n++] = i > 3 && i < argc ? '/' : 0x1f;
        memcpy(out + n, part ? part : "", len);
        n += len;
    }
    return n;
}

/* A value's error, "TABLE.COLUMN of row KEY: " then the message, and the flag store_rc turns
** into BELONG_EDATA. */
static void value_error(sqlite3_context *ctx, sqlite3_value **argv, int argc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void value_error(sqlite3_context *ctx, sqlite3_value **argv, int argc, const char *fmt, ...)
{
    struct store *s = sqlite3_user_data(ctx);
    struct buf b = {0};
    buf_printf(&b, "%s.%s of row ", (const char *)sqlite3_value_text(argv[0]),
               (const char *)sqlite3_value_text(argv[1]));
    for (int i = 3; i < argc; i++) {
        const unsigned char *k = sqlite3_value_text(argv[i]);
        buf_printf(&b, "%s%s", i > 3 ? "/" : "", k ? (const char *)k : "");
    }
    buf_puts(&b, ": ");
    va_list ap;
    va_start(ap, fmt);
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    buf_puts(&b, msg);
    s->seal_failed = true;
    sqlite3_result_error(ctx, buf_str(&b), -1);
    buf_free(&b);
}

/* Reads the key file into s->ring (again). 0 or an error for store_errmsg. */
static int load_ring(struct store *s)
{
    char err[512];
    keyring_free(&s->ring);
    int rc = keyfile_read(s->key_path, &s->ring, err, sizeof err);
    if (rc == BELONG_ENOINPUT)
        return seal_fail(s, rc,
                         "%s: the database holds sealed peer fields and its key file %s is "
                         "missing: give it with --key FILE or $BELONG_KEY_FILE (a new key would "
                         "not open them)",
                         s->path, s->key_path);
    return rc == BELONG_OK ? rc : seal_fail(s, rc, "%s", err);
}

/* A value's plain bytes live on the stack up to this size (sodium_malloc's guard pages cost
** system calls a value), else on the heap; either is zeroed when done (plain_free). */
#define PLAIN_SMALL 1024

static void plain_free(unsigned char *plain, unsigned char *small, size_t len)
{
    if (plain)
        sodium_memzero(plain, len);
    if (plain != small)
        free(plain);
}

static void sql_seal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct store *s = sqlite3_user_data(ctx);
    int type = sqlite3_value_type(argv[2]);
    if (type == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const struct keyfile_key *key = keyring_find(&s->ring, s->seal_version);
    if (!key || (type != SQLITE_TEXT && type != SQLITE_INTEGER)) {
        value_error(ctx, argv, argc, "cannot be sealed (%s)",
                    key ? "neither text nor an integer" : "no key loaded");
        return;
    }
    const unsigned char *text = sqlite3_value_text(argv[2]);
    size_t len = (size_t)sqlite3_value_bytes(argv[2]);
    unsigned char small[PLAIN_SMALL];
    unsigned char *plain = len + 1 <= sizeof small ? small : malloc(len + 1);
    size_t sealed_len = SEAL_HEADER + 1 + len + SEAL_TAG;
    unsigned char *sealed = sqlite3_malloc64(sealed_len);
    if (!plain || !sealed) {
        plain_free(plain, small, 0);
        sqlite3_free(sealed);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    plain[0] = type == SQLITE_TEXT ? 't' : 'i';
    memcpy(plain + 1, text, len);
    for (int i = 0; i < 4; i++)
        sealed[i] = (unsigned char)(key->version >> (24 - 8 * i));
    randombytes_buf(sealed + 4, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned char ad[AD_MAX];
    size_t ad_len = associated_data(argv, argc, key->version, ad);
    unsigned long long out_len;
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed + SEAL_HEADER, &out_len, plain, len + 1, ad,
                                               ad_len, NULL, sealed + 4, key->key);
    plain_free(plain, small, len + 1);
    if (!ad_len) {
        sqlite3_free(sealed);
        value_error(ctx, argv, argc, "its row's key is too long to seal it");
        return;
    }
    sqlite3_result_blob64(ctx, sealed, sealed_len, sqlite3_free);
}

static void sql_open(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct store *s = sqlite3_user_data(ctx);
    int type = sqlite3_value_type(argv[2]);
    if (type == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    if (type != SQLITE_BLOB) {
        /* A value still in clear: only in a database never sealed, or in the pass sealing it. */
        if (s->seal_version && !s->sealing_plain)
            value_error(ctx, argv, argc,
                        "stored in clear in a sealed database (changed outside belong?)");
        else
            sqlite3_result_value(ctx, argv[2]);
        return;
    }
    const unsigned char *sealed = sqlite3_value_blob(argv[2]);
    size_t sealed_len = (size_t)sqlite3_value_bytes(argv[2]);
    if (sealed_len < SEAL_HEADER + 1 + SEAL_TAG) {
        value_error(ctx, argv, argc, "not a sealed value (%zu bytes)", sealed_len);
        return;
    }
    uint32_t version = (uint32_t)sealed[0] << 24 | (uint32_t)sealed[1] << 16 |
                       (uint32_t)sealed[2] << 8 | sealed[3];
    if (!keyring_find(&s->ring, version)) /* rotated by another process since: read it again */
        load_ring(s);
    const struct keyfile_key *key = keyring_find(&s->ring, version);
    if (!key) {
        value_error(ctx, argv, argc,
                    "sealed with key version %u, which the key file %s does not hold",
                    (unsigned)version, s->key_path);
        return;
    }
    size_t plain_len = sealed_len - SEAL_HEADER - SEAL_TAG;
    unsigned char small[PLAIN_SMALL];
    unsigned char *plain = plain_len <= sizeof small ? small : malloc(plain_len);
    if (!plain) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    unsigned char ad[AD_MAX];
    size_t ad_len = associated_data(argv, argc, version, ad);
    unsigned long long got;
    int bad = crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &got, NULL, sealed + SEAL_HEADER,
                                                         sealed_len - SEAL_HEADER, ad, ad_len,
                                                         sealed + 4, key->key);
    if (bad || got < 1 || (plain[0] != 't' && plain[0] != 'i')) {
        value_error(ctx, argv, argc,
                    "the sealed value does not open with key version %u of %s (the wrong key "
                    "file, or the value was changed or copied from another row)",
                    (unsigned)version, s->key_path);
    } else if (plain[0] == 't') {
        sqlite3_result_text64(ctx, (const char *)plain + 1, got - 1, SQLITE_TRANSIENT, SQLITE_UTF8);
    } else {
        char digits[24];
        size_t n = got - 1 < sizeof digits - 1 ? got - 1 : sizeof digits - 1;
        memcpy(digits, plain + 1, n);
        digits[n] = '\0';
        sqlite3_result_int64(ctx, strtoll(digits, NULL, 10));
    }
    plain_free(plain, small, plain_len);
}

/* The version of the database's key check, 0 when there is none. OUT: *version. */
static int check_version(struct store *s, uint32_t *version)
{
    *version = 0;
    sqlite3_stmt *st = stmt(s, SEAL_CHECK_GET);
    if (!st)
        return BELONG_EINTERNAL;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const unsigned char *b = sqlite3_column_blob(st, 0);
        if (sqlite3_column_type(st, 0) == SQLITE_BLOB && sqlite3_column_bytes(st, 0) >= 4)
            *version = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
        else
            *version = UINT32_MAX; /* not sealed: refused below */
    }
    sqlite3_reset(st);
    return store_rc(s, step);
}

/* Opens the key check with the ring: the key file is the database's. */
static int verify_check(struct store *s)
{
    sqlite3_stmt *st = stmt(s, SEAL_CHECK_OPEN);
    int rc = BELONG_OK;
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_text(st, 1, KEY_CHECK_TEXT, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW || sqlite3_column_int(st, 0) != 1)
        rc = seal_fail(s, BELONG_EDATA,
                       "%s: the key file %s does not open this database (the key file of "
                       "another database?): %s",
                       s->path, s->key_path,
                       step == SQLITE_ROW ? "its key check differs" : sqlite3_errmsg(s->db));
    sqlite3_reset(st);
    s->seal_failed = false;
    return rc;
}

/* Writes the key check with s->seal_version. */
static int put_check(struct store *s)
{
    sqlite3_stmt *st = stmt(s, SEAL_CHECK_PUT);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_text(st, 1, KEY_CHECK_TEXT, -1, SQLITE_STATIC);
    return store_step_done(s, st);
}

/* Seals every sealed column again with s->seal_version (plain values too when
** s->sealing_plain). Inside the caller's write transaction. */
static int reseal_all(struct store *s)
{
    int rc = BELONG_OK;
    for (int i = SEAL_RESEAL_FIRST; rc == BELONG_OK && i < SEAL_STMTS; i++) {
        sqlite3_stmt *st = stmt(s, i);
        rc = st ? store_step_done(s, st) : BELONG_EINTERNAL;
        if (rc != BELONG_OK && !s->seal_message[0])
            seal_fail(s, rc, "%s: sealing %s.%s: %s", s->path,
                      sealed_columns[i - SEAL_RESEAL_FIRST].table,
                      sealed_columns[i - SEAL_RESEAL_FIRST].column, sqlite3_errmsg(s->db));
    }
    return rc;
}

int store_seal_ready(struct store *s)
{
    uint32_t version;
    int rc = check_version(s, &version);
    if (rc != BELONG_OK)
        return rc;
    if (version == UINT32_MAX)
        return seal_fail(s, BELONG_EDATA, "%s: the key check in meta is not sealed", s->path);
    if (version && version == s->seal_version && keyring_find(&s->ring, version))
        return BELONG_OK;
    if (version) { /* sealed by another connection, or rotated since: the file holds it */
        rc = load_ring(s);
        if (rc == BELONG_OK && !keyring_find(&s->ring, version))
            rc = seal_fail(s, BELONG_EDATA, "%s: the key file %s holds no key version %u", s->path,
                           s->key_path, (unsigned)version);
        if (rc == BELONG_OK)
            s->seal_version = version;
        return rc;
    }
    /* The first value to seal: the key file, made now if there is none, and the check. */
    char err[512];
    keyring_free(&s->ring);
    rc = keyfile_read(s->key_path, &s->ring, err, sizeof err);
    if (rc == BELONG_ENOINPUT)
        rc = keyfile_create(s->key_path, &s->ring, err, sizeof err);
    if (rc != BELONG_OK)
        return seal_fail(s, rc, "%s", err);
    s->seal_version = keyring_newest(&s->ring);
    return put_check(s);
}

/* Seals the values of a database still in clear, in one transaction (the first open that
** can write a database with peers from before sealing). */
static int seal_plain(struct store *s)
{
    int64_t any = 0;
    int rc = store_query_ints(s, &store_sql_seal, SEAL_ANY_PEER, &any, 1);
    if (rc != BELONG_OK || !any) /* nothing to seal: no write lock taken */
        return rc;
    rc = store_begin(s);
    uint32_t version = 0;
    if (rc == BELONG_OK)
        rc = check_version(s, &version);
    if (rc == BELONG_OK && !version)
        rc = store_query_ints(s, &store_sql_seal, SEAL_ANY_PEER, &any, 1);
    if (rc == BELONG_OK && !version && any) {
        rc = store_seal_ready(s);
        s->sealing_plain = true;
        if (rc == BELONG_OK)
            rc = reseal_all(s);
        s->sealing_plain = false;
    }
    if (rc == BELONG_OK)
        rc = store_commit(s);
    if (rc != BELONG_OK) {
        store_rollback(s);
        s->seal_version = 0;
    }
    return rc;
}

int store_seal_open(struct store *s, char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium cannot start");
        return BELONG_EINTERNAL;
    }
    s->key_path = keyfile_path(s->path);
    int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
    if (sqlite3_create_function(s->db, "belong_seal", -1, flags, s, sql_seal, NULL, NULL) !=
            SQLITE_OK ||
        sqlite3_create_function(s->db, "belong_open", -1, flags, s, sql_open, NULL, NULL) !=
            SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot register the sealing functions: %s", s->path,
                 sqlite3_errmsg(s->db));
        return BELONG_EINTERNAL;
    }
    uint32_t version;
    int rc = check_version(s, &version);
    if (rc == BELONG_OK && !version && !s->read_only) { /* values from before sealing */
        rc = seal_plain(s);
        if (rc == BELONG_OK)
            rc = check_version(s, &version);
    }
    if (rc == BELONG_OK && version == UINT32_MAX)
        rc = seal_fail(s, BELONG_EDATA, "%s: the key check in meta is not sealed", s->path);
    if (rc == BELONG_OK && version) { /* the key file must be there, and be this database's */
        rc = load_ring(s);
        if (rc == BELONG_OK) {
            s->seal_version = version;
            rc = verify_check(s);
        }
    }
    if (rc != BELONG_OK)
        snprintf(err, errlen, "%s", s->seal_message[0] ? s->seal_message : store_errmsg(s));
    s->seal_message[0] = '\0';
    return rc;
}

int store_key_rotate(struct store *s, uint32_t *version)
{
    /* One rotation at a time: the key file is rewritten twice around the commit, and a second
    ** rotation in between would drop the first one's key. An flock on the key file's folder
    ** keeps them in turn (never a descriptor of the database: closing one would drop the
    ** process's SQLite locks on it). */
    char *dir = xstrdup(s->key_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        if (fd >= 0)
            close(fd);
        return seal_fail(s, BELONG_EIO, "%s: cannot lock its folder for the rotation: %s",
                         s->key_path, strerror(errno));
    }
    char err[512];
    int rc = store_begin(s);
    if (rc == BELONG_OK)
        rc = store_seal_ready(s); /* the check, the current version and every key of the file */
    if (rc == BELONG_OK)
        rc = load_ring(s);
    if (rc == BELONG_OK && (rc = verify_check(s)) == BELONG_OK) {
        /* 1. the new key is added to the file beside the old ones, before any value takes it */
        const struct keyfile_key *k = keyring_add_new(&s->ring);
        *version = k->version;
        rc = keyfile_write(s->key_path, &s->ring, err, sizeof err);
        if (rc != BELONG_OK)
            seal_fail(s, rc, "%s", err);
    }
    /* 2. every value sealed again with it, and the check, in this one transaction */
    uint32_t old_version = s->seal_version;
    if (rc == BELONG_OK) {
        s->seal_version = *version;
        rc = reseal_all(s);
    }
    if (rc == BELONG_OK)
        rc = put_check(s);
    if (rc == BELONG_OK)
        rc = store_commit(s);
    if (rc != BELONG_OK) {
        store_rollback(s);
        s->seal_version = old_version;
    } else {
        /* 3. committed: the old versions leave the file, and the old values the log */
        keyring_keep_only(&s->ring, *version);
        rc = keyfile_write(s->key_path, &s->ring, err, sizeof err);
        if (rc != BELONG_OK)
            seal_fail(s, rc,
                      "%s (the values are sealed with version %u; the old versions stay "
                      "in the file until the next rotation)",
                      err, (unsigned)*version);
        sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    }
    flock(fd, LOCK_UN);
    close(fd);
    return rc;
}
