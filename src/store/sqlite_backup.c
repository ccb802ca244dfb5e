/* sqlite_backup.c — the SQLite engine's backup and restore: a consistent copy of the open
** database into a new file with SQLite's online backup API (while other connections read and
** write), the checks that a file is a sound belong database, and a restore that replaces the
** database's whole content in one step through the same API, keeping the audit rows written
** since the backup was made.
**
** The SQL is in this file's statement table; the statements on the other file (the backup being
** written or read, a connection of its own for the length of the command) are prepared from the
** same table there, and finalized at once.
*/
#include "sqlite_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/rc.h"

/* PRAGMA application_id of a belong database ("belg"), as sqlite.c sets it. */
#define BELONG_APPLICATION_ID 0x62656c67
/* How long a step of the backup waits before trying again when the other side is locked. */
#define BACKUP_RETRY_MS 20

/* This file's statements (store_stmt on the database; db_int on the backup file's connection). */
enum backup_stmt {
    BACKUP_TABLES,
    BACKUP_APPLICATION_ID,
    BACKUP_USER_VERSION,
    BACKUP_INTEGRITY,
    BACKUP_JOURNAL_DELETE,
    BACKUP_HAS_AUDIT,
    BACKUP_AUDIT_LAST,
    BACKUP_AUDIT_ROW,
    BACKUP_STMTS
};
static const char *const backup_sql[BACKUP_STMTS] = {
    [BACKUP_TABLES] = "SELECT count(*) FROM sqlite_schema",
    [BACKUP_APPLICATION_ID] = "PRAGMA application_id",
    [BACKUP_USER_VERSION] = "PRAGMA user_version",
    /* the first problem found, else "ok" */
    [BACKUP_INTEGRITY] = "PRAGMA integrity_check(1)",
    /* a backup is one self-contained file: no write-ahead log beside it */
    [BACKUP_JOURNAL_DELETE] = "PRAGMA journal_mode = DELETE",
    [BACKUP_HAS_AUDIT] =
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'audit'",
    [BACKUP_AUDIT_LAST] = "SELECT IFNULL(max(id), 0) FROM audit",
    [BACKUP_AUDIT_ROW] = "SELECT at, actor, operation, IFNULL(peer_id, 0), origin, outcome"
                         " FROM audit WHERE id = ?1",
};
const struct store_sql store_sql_backup = {STORE_SQL_BACKUP, "sqlite_backup.c", backup_sql,
                                           BACKUP_STMTS, NULL};

/* Reads one integer from statement i run on db (a connection other than the store's) into *out
** (0 when it returns no row). Returns the SQLite code of the step. */
static int db_int(sqlite3 *db, enum backup_stmt i, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    int rc = sqlite3_prepare_v2(db, backup_sql[i], -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *out = sqlite3_column_int64(st, 0);
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Runs PRAGMA integrity_check on db. Returns 0, or BELONG_EDATA with err naming path and the
** first problem SQLite found (BELONG_EIO when the file could not be read). */
static int integrity_check(sqlite3 *db, const char *path, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, backup_sql[BACKUP_INTEGRITY], -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    int status = BELONG_OK;
    if (rc == SQLITE_ROW) {
        const char *verdict = (const char *)sqlite3_column_text(st, 0);
        if (!verdict || strcmp(verdict, "ok") != 0) {
            snprintf(err, errlen, "%s: damaged: SQLite's integrity check says: %s", path,
                     verdict ? verdict : "?");
            status = BELONG_EDATA;
        }
    } else {
        int code = rc & 0xff;
        snprintf(err, errlen, "%s: %s: %s", path,
                 code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? "damaged" : "cannot be read",
                 sqlite3_errmsg(db));
        status = code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? BELONG_EDATA : BELONG_EIO;
    }
    sqlite3_finalize(st);
    return status;
}

/* Whether path names the same file as the open database (or its log). */
static bool same_file(const struct store *s, const char *path)
{
    struct stat a, b;
    if (stat(path, &a) != 0)
        return false;
    if (stat(s->path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        return true;
    bool same = false;
    char *wal = xmalloc(strlen(s->path) + 5);
    sprintf(wal, "%s-wal", s->path);
    if (stat(wal, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        same = true;
    free(wal);
    return same;
}

/* Copies all of src's main database into dest's in one step of the backup API (one read
** transaction on src: the copy is as of one commit), waiting while either side is locked, up to
** timeout_ms. Returns the SQLite code of the copy (SQLITE_OK when done). */
static int copy_database(sqlite3 *dest, sqlite3 *src, int timeout_ms)
{
    sqlite3_backup *b = sqlite3_backup_init(dest, "main", src, "main");
    if (!b)
        return sqlite3_errcode(dest);
    int rc, waited_ms = 0;
    for (;;) {
        rc = sqlite3_backup_step(b, -1);
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited_ms >= timeout_ms)
            break;
        sqlite3_sleep(BACKUP_RETRY_MS);
        waited_ms += BACKUP_RETRY_MS;
    }
    int finish = sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? finish : rc;
}

/* The message for a failed copy of what: busy, disk full, or what SQLite said (rc). */
static void copy_error(int rc, const char *what, char *err, size_t errlen)
{
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        snprintf(err, errlen,
                 "%s: the database stayed locked by another belong command; nothing was changed. "
                 "Try again when it has finished",
                 what);
    else if ((rc & 0xff) == SQLITE_FULL)
        snprintf(err, errlen, "%s: disk full", what);
    else
        snprintf(err, errlen, "%s: %s", what, sqlite3_errstr(rc));
}

/* Makes a new file beside path for the copy: "PATH.XXXXXX", mode 0600. Returns its name (heap)
** or NULL with err. */
static char *temp_beside(const char *path, char *err, size_t errlen)
{
    char *name = xmalloc(strlen(path) + 8);
    sprintf(name, "%s.XXXXXX", path);
    int fd = mkstemp(name);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create the backup: %s", path, strerror(errno));
        free(name);
        return NULL;
    }
    fchmod(fd, 0600);
    close(fd);
    return name;
}

int store_backup(struct store *s, const char *dest, bool replace, char *err, size_t errlen)
{
    struct stat st;
    if (same_file(s, dest)) {
        snprintf(err, errlen, "%s: is the database itself: give another file for the backup", dest);
        return BELONG_EUSAGE;
    }
    if (lstat(dest, &st) == 0 && !replace) {
        snprintf(err, errlen, "%s: already exists: give a new file, or --force to replace it",
                 dest);
        return BELONG_EUSAGE;
    }
    if (lstat(dest, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file: belong replaces only a file", dest);
        return BELONG_EUSAGE;
    }
    char *temp = temp_beside(dest, err, errlen);
    if (!temp)
        return BELONG_EIO;
    sqlite3 *db = NULL;
    int status = BELONG_OK;
    int rc = sqlite3_open_v2(temp, &db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
        rc = copy_database(db, s->db, s->busy_timeout_ms);
    if (rc != SQLITE_OK) {
        copy_error(rc, dest, err, errlen);
        status =
            (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ? BELONG_EBUSY : BELONG_EIO;
    }
    if (status == BELONG_OK &&
        (rc = sqlite3_exec(db, backup_sql[BACKUP_JOURNAL_DELETE], NULL, NULL, NULL)) != SQLITE_OK) {
        copy_error(rc, dest, err, errlen);
        status = BELONG_EIO;
    }
    if (status == BELONG_OK)
        status = integrity_check(db, dest, err, errlen);
    if (sqlite3_close(db) != SQLITE_OK && status == BELONG_OK) {
        snprintf(err, errlen, "%s: cannot close the backup", dest);
        status = BELONG_EIO;
    }
    /* Put in place: link() refuses an existing file (one made since the check above), rename()
    ** replaces it whole, never leaving a half-written backup under the name. */
    if (status == BELONG_OK && !replace && link(temp, dest) != 0) {
        snprintf(err, errlen, "%s: %s", dest,
                 errno == EEXIST ? "already exists: give a new file, or --force to replace it"
                                 : strerror(errno));
        status = errno == EEXIST ? BELONG_EUSAGE : BELONG_EIO;
    }
    if (status == BELONG_OK && replace && rename(temp, dest) != 0) {
        snprintf(err, errlen, "%s: cannot write the backup: %s", dest, strerror(errno));
        status = BELONG_EIO;
    }
    if (status != BELONG_OK || !replace)
        unlink(temp);
    free(temp);
    return status;
}

/* Opens path read-only and checks it is a sound belong database this belong can read: an
** SQLite file, belong's application id, a schema no newer than store_migration_count, and
** PRAGMA integrity_check ok. Returns 0 (OUT: *out, the connection; OUT: *version, its schema)
** or BELONG_ENOINPUT / BELONG_EDATA / BELONG_EIO with err naming path. */
static int open_checked(const char *path, sqlite3 **out, int64_t *version, char *err, size_t errlen)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? BELONG_ENOINPUT : BELONG_EIO;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        return BELONG_EDATA;
    }
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    int64_t app_id = 0, tables = 0;
    if (rc == SQLITE_OK)
        rc = db_int(db, BACKUP_TABLES, &tables);
    if (rc == SQLITE_OK)
        rc = db_int(db, BACKUP_APPLICATION_ID, &app_id);
    if (rc == SQLITE_OK)
        rc = db_int(db, BACKUP_USER_VERSION, version);
    int status = BELONG_OK;
    if (rc != SQLITE_OK) {
        int code = rc & 0xff;
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
            snprintf(err, errlen, "%s: not a belong database (not a sound SQLite file: %s)", path,
                     sqlite3_errstr(rc));
        else
            snprintf(err, errlen, "%s: cannot be read: %s", path,
                     db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        status = code == SQLITE_NOTADB || code == SQLITE_CORRUPT ? BELONG_EDATA : BELONG_EIO;
    } else if (app_id != BELONG_APPLICATION_ID || *version < 1 || tables == 0) {
        snprintf(err, errlen, "%s: not a belong database (%s)", path,
                 tables == 0 ? "it is empty" : "it holds other data");
        status = BELONG_EDATA;
    } else if (*version > store_migration_count) {
        snprintf(err, errlen,
                 "%s: its schema (%" PRId64 ") is newer than this belong's (%d): restore it "
                 "with the belong that made it",
                 path, *version, store_migration_count);
        status = BELONG_EDATA;
    } else {
        status = integrity_check(db, path, err, errlen);
    }
    if (status != BELONG_OK) {
        sqlite3_close(db);
        return status;
    }
    *out = db;
    return BELONG_OK;
}

/* The audit rows of s written since the backup src was made: those after the backup's last
** row when s holds that same row (the backup is of this database), else all of them (a backup
** of another database). OUT: heap array (free) of *n. */
static int audit_since(struct store *s, sqlite3 *src, struct store_audit **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int64_t has_audit = 0, last_id = 0;
    int rc = db_int(src, BACKUP_HAS_AUDIT, &has_audit);
    if (rc == SQLITE_OK && has_audit)
        rc = db_int(src, BACKUP_AUDIT_LAST, &last_id);
    if (rc != SQLITE_OK)
        return BELONG_EDATA;
    if (last_id > 0) {
        /* The backup's last row must be this database's row of that id, exactly. */
        sqlite3_stmt *theirs = NULL, *ours = store_stmt(s, &store_sql_backup, BACKUP_AUDIT_ROW);
        bool same = ours && sqlite3_prepare_v2(src, backup_sql[BACKUP_AUDIT_ROW], -1, &theirs,
                                               NULL) == SQLITE_OK;
        if (same) {
            sqlite3_bind_int64(theirs, 1, last_id);
            sqlite3_bind_int64(ours, 1, last_id);
            same = sqlite3_step(theirs) == SQLITE_ROW && sqlite3_step(ours) == SQLITE_ROW;
            for (int c = 0; same && c < 6; c++)
                same = sqlite3_column_type(theirs, c) == sqlite3_column_type(ours, c) &&
                       sqlite3_column_bytes(theirs, c) == sqlite3_column_bytes(ours, c) &&
                       memcmp(sqlite3_column_blob(theirs, c), sqlite3_column_blob(ours, c),
                              (size_t)sqlite3_column_bytes(ours, c)) == 0;
        }
        sqlite3_finalize(theirs);
        if (ours)
            sqlite3_reset(ours);
        if (!same)
            last_id = 0;
    }
    struct store_audit_filter since = {.after_id = last_id};
    return store_audit_list(s, &since, out, n);
}

int store_restore(struct store *s, const char *src_path, size_t *audit_kept, char *err,
                  size_t errlen)
{
    *audit_kept = 0;
    if (same_file(s, src_path)) {
        snprintf(err, errlen, "%s: is the database itself: give a backup file", src_path);
        return BELONG_EUSAGE;
    }
    sqlite3 *src = NULL;
    int64_t version = 0;
    int status = open_checked(src_path, &src, &version, err, errlen);
    if (status != BELONG_OK)
        return status;
    struct store_audit *kept = NULL;
    size_t n_kept = 0;
    int64_t directory_before = store_directory_version(s);
    if ((status = audit_since(s, src, &kept, &n_kept)) != BELONG_OK) {
        snprintf(err, errlen, "%s: cannot read the audit trail: %s", src_path, store_errmsg(s));
        goto out;
    }
    int rc = copy_database(s->db, src, s->busy_timeout_ms);
    if (rc != SQLITE_OK) {
        copy_error(rc, s->path, err, errlen);
        status =
            (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ? BELONG_EBUSY : BELONG_EIO;
        goto out;
    }
    /* The content is now the backup's: bring an older schema up to date, put back the audit
    ** rows written since the backup, and move the directory's version past both (so that the
    ** listings other connections keep in memory are read again). */
    if ((status = store_migrate(s, err, errlen)) != BELONG_OK)
        goto out;
    if ((status = store_begin(s)) != BELONG_OK) {
        snprintf(err, errlen, "%s: %s", s->path, store_errmsg(s));
        goto out;
    }
    for (size_t i = 0; status == BELONG_OK && i < n_kept; i++)
        status = store_audit_add(s, &kept[i]);
    int64_t directory_after = store_directory_version(s);
    char value[32];
    snprintf(value, sizeof value, "%" PRId64,
             (directory_before > directory_after ? directory_before : directory_after) + 1);
    if (status == BELONG_OK)
        status = store_meta_set(s, "directory_version", value);
    if (status == BELONG_OK)
        status = store_commit(s);
    if (status != BELONG_OK) {
        snprintf(err, errlen, "%s: restored, but the audit rows since the backup: %s", s->path,
                 store_errmsg(s));
        store_rollback(s);
        goto out;
    }
    *audit_kept = n_kept;
out:
    free(kept);
    sqlite3_close(src);
    return status;
}
