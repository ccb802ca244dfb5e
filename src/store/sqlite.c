/* sqlite.c — the SQLite engine: opening the file, migrations, transactions, the statement
** tables and small settings. Directory queries live in sqlite_directory.c and
** sqlite_search.c.
*/
#include "sqlite_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/rc.h"

/* When the notice of a long wait for another connection's write lock is given (how long it
** waits: store_options.busy_timeout_s). */
#define BUSY_NOTICE_AFTER_MS 1000
/* PRAGMA application_id of a belong database: "belg" in ASCII. */
#define BELONG_APPLICATION_ID 0x62656c67

static void bulk_indexes_forget(struct store *s);

/* This file's statements (store_stmt). */
enum core_stmt {
    CORE_DIRECTORY_BUMP,
    CORE_DIRECTORY_VERSION,
    CORE_BEGIN_WRITE,
    CORE_BEGIN_READ,
    CORE_COMMIT,
    CORE_ROLLBACK,
    CORE_INDEX_SQL,
    CORE_META_GET,
    CORE_META_SET,
    CORE_HORIZON_ONE,
    CORE_HORIZON_ALL,
    CORE_HORIZON_GET,
    CORE_PART_BEGIN,
    CORE_PART_RELEASE,
    CORE_PART_ROLLBACK,
    CORE_STMTS
};
static const char *const core_sql[CORE_STMTS] = {
    [CORE_DIRECTORY_BUMP] =
        "INSERT INTO meta(key, value) VALUES('directory_version', '1') ON CONFLICT(key)"
        " DO UPDATE SET value = CAST(value AS INTEGER) + 1",
    [CORE_DIRECTORY_VERSION] =
        "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'directory_version'",
    [CORE_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [CORE_BEGIN_READ] = "BEGIN", /* deferred: takes no write lock */
    [CORE_COMMIT] = "COMMIT",
    [CORE_ROLLBACK] = "ROLLBACK",
    [CORE_INDEX_SQL] = "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
    [CORE_META_GET] = "SELECT value FROM meta WHERE key = ?1",
    [CORE_META_SET] =
        "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
    /* Horizons are kept in meta as key "horizon:SOURCE_ID", value "FROM TO" (Unix seconds). */
    [CORE_HORIZON_ONE] = "INSERT INTO meta(key, value) VALUES('horizon:' || ?1, ?2 || ' ' || ?3) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [CORE_HORIZON_ALL] = "INSERT INTO meta(key, value) SELECT 'horizon:' || id, ?2 || "
                         "' ' || ?3 FROM source WHERE ?1 = 0 "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    /* each source's row found by meta's key (a join: IN (SELECT ...) would build a temporary
    ** index of the keys at every call) */
    [CORE_HORIZON_GET] = "SELECT max(CAST(substr(m.value, 1, instr(m.value, ' ') - 1) AS INTEGER)),"
                         " min(CAST(substr(m.value, instr(m.value, ' ') + 1) AS INTEGER)), count(*)"
                         " FROM source s CROSS JOIN meta m ON m.key = 'horizon:' || s.id",
    /* a transaction inside the outer one (store_outer_begin) */
    [CORE_PART_BEGIN] = "SAVEPOINT part",
    [CORE_PART_RELEASE] = "RELEASE part",
    [CORE_PART_ROLLBACK] = "ROLLBACK TO part",
};
const struct store_sql store_sql_core = {STORE_SQL_CORE, "sqlite.c", core_sql, CORE_STMTS, NULL};

const struct store_sql *const store_sql_tables[STORE_SQL_FILES] = {
    [STORE_SQL_ACCOUNTS] = &store_sql_accounts,
    [STORE_SQL_PLANS] = &store_sql_plans,
    [STORE_SQL_CORE] = &store_sql_core,
    [STORE_SQL_DIRECTORY] = &store_sql_directory,
    [STORE_SQL_LISTINGS] = &store_sql_listings,
    [STORE_SQL_MATCH] = &store_sql_match,
    [STORE_SQL_MEASURES] = &store_sql_measures,
    [STORE_SQL_PEERS] = &store_sql_peers,
    [STORE_SQL_RANK] = &store_sql_rank,
    [STORE_SQL_SEARCH] = &store_sql_search,
    [STORE_SQL_CONNECTIONS] = &store_sql_connections,
    [STORE_SQL_ERASE] = &store_sql_erase,
    [STORE_SQL_HISTORY] = &store_sql_history,
    [STORE_SQL_BACKUP] = &store_sql_backup,   // sqlite_backup.c
    [STORE_SQL_RECORDS] = &store_sql_records, // sqlite_records.c
    [STORE_SQL_SEAL] = &store_sql_seal,
    [STORE_SQL_CASELOAD] = &store_sql_caseload,
};

static sqlite3_stmt *stmt(struct store *s, enum core_stmt i)
{
    return store_stmt(s, &store_sql_core, i);
}

static store_busy_notice_fn busy_notice;

void store_on_busy_wait(store_busy_notice_fn fn)
{
    busy_notice = fn;
}

static int64_t monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* SQLite's busy handler: count is 0 at the first retry of each wait. Sleeps in growing steps
** until the lock is free or busy_timeout_ms have passed (then returns 0: SQLITE_BUSY), and
** gives the notice once in each wait that passes BUSY_NOTICE_AFTER_MS. */
static int busy_wait(void *arg, int count)
{
    static const int steps_ms[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    struct store *s = arg;
    int64_t now = monotonic_ms();
    if (count == 0) {
        s->busy_since_ms = now;
        s->busy_noticed = false;
    }
    int64_t waited = now - s->busy_since_ms;
    if (waited >= s->busy_timeout_ms)
        return 0;
    if (waited >= BUSY_NOTICE_AFTER_MS && !s->busy_noticed) {
        s->busy_noticed = true;
        if (busy_notice)
            busy_notice(s->path, s->busy_timeout_ms / 1000);
    }
    int step = count < (int)(sizeof steps_ms / sizeof *steps_ms) ? steps_ms[count] : 100;
    if (step > s->busy_timeout_ms - waited)
        step = (int)(s->busy_timeout_ms - waited);
    sqlite3_sleep(step);
    return 1;
}

/* The wait for a write lock, in ms, from the options. Returns BELONG_EUSAGE, with the reason
** in err, for a value out of range. */
static int busy_timeout_of(const struct store_options *opt, int *timeout_ms, char *err,
                           size_t errlen)
{
    int seconds = opt->busy_timeout_s;
    if (seconds == 0)
        seconds = STORE_BUSY_TIMEOUT_DEFAULT_S;
    else if (seconds == STORE_NO_WAIT)
        seconds = 0;
    if (seconds < 0 || seconds > STORE_BUSY_TIMEOUT_MAX_S) {
        snprintf(err, errlen, "the busy timeout %d s is not from 0 to %d s", opt->busy_timeout_s,
                 STORE_BUSY_TIMEOUT_MAX_S);
        return BELONG_EUSAGE;
    }
    *timeout_ms = seconds * 1000;
    return BELONG_OK;
}

char *store_resolve_path(const char *explicit_path)
{
    if (explicit_path && *explicit_path)
        return xstrdup(explicit_path);
    const char *env = getenv("BELONG_DB");
    if (env && *env)
        return xstrdup(env);
    struct buf path = {0};
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg) {
        buf_printf(&path, "%s/belong/belong.db", xdg);
    } else {
        const char *home = getenv("HOME");
        buf_printf(&path, "%s/.local/share/belong/belong.db", home && *home ? home : ".");
    }
    return buf_detach(&path);
}

int store_make_parent_dirs(const char *path, char *err, size_t errlen)
{
    char *copy = xstrdup(path);
    int rc = BELONG_OK;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "%s: cannot create folder: %s", copy, strerror(errno));
            rc = BELONG_EIO;
            break;
        }
        *p = '/';
    }
    free(copy);
    return rc;
}

/* The folder of path ("." when it has none). Returns a heap string. */
static char *parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

/* Says why path cannot be opened as asked when it does not exist: its folder is missing, or
** (when the command only reads or edits) the database is. Returns BELONG_ENOINPUT with err. */
static int missing(const char *path, enum store_access want, char *err, size_t errlen)
{
    char *dir = parent_dir(path);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        snprintf(err, errlen, "%s: no such folder (for the database %s)", dir, path);
    else if (want != STORE_CREATE)
        snprintf(err, errlen,
                 "%s: no such database (create one with 'belong import' or 'belong demo', or "
                 "give --db PATH)",
                 path);
    free(dir);
    return BELONG_ENOINPUT;
}

/* True when a write to path would be refused: the file's mode has no owner write bit (belong
** honours it even where the system would not, e.g. for root), the system refuses to write it,
** or its folder (where SQLite keeps the write-ahead log) cannot be written. */
static bool read_only(const char *path, const struct stat *st)
{
    if (!(st->st_mode & S_IWUSR) || access(path, W_OK) != 0)
        return true;
    char *dir = parent_dir(path);
    bool ro = access(dir, W_OK) != 0;
    free(dir);
    return ro;
}

/* The message for a database that belong may not write. Returns BELONG_EIO. */
static int read_only_error(const char *path, const struct stat *st, char *err, size_t errlen)
{
    char *dir = parent_dir(path);
    if (!(st->st_mode & S_IWUSR))
        snprintf(err, errlen,
                 "%s: read-only database (mode %04o): belong only reads it; make it writable "
                 "(chmod u+w) to change it",
                 path, (unsigned)(st->st_mode & 07777));
    else if (access(path, W_OK) != 0)
        snprintf(err, errlen, "%s: read-only database: %s", path, strerror(errno));
    else
        snprintf(err, errlen,
                 "%s: read-only database: its folder %s cannot be written (SQLite keeps its "
                 "log beside the file)",
                 path, dir);
    free(dir);
    return BELONG_EIO;
}

/* Makes sure the file is a regular file (not a link), creating it with mode 0600 when access
** allows: SQLite would create it 0644. An existing file loses group and other permissions (a
** database restored from a backup may have any mode) but is never given more: a 0400 file
** stays 0400 and is read-only to belong. Returns 0 or BELONG_ENOINPUT / BELONG_EIO with err.
** OUT: *writable, whether belong may write it.
** An existing file is looked at by its path (lstat, chmod), never opened: closing a descriptor
** of a database file drops every POSIX lock this process holds on it, those of the SQLite
** connections other threads have open too (a server's workers), and another process could then
** checkpoint and reset the log under them. */
static int check_file(const char *path, enum store_access want, bool *writable, char *err,
                      size_t errlen)
{
    struct stat st;
    int rc = lstat(path, &st);
    if (rc != 0 && errno == ENOENT && want == STORE_CREATE) {
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0) /* a new, empty file: no connection has it open yet */
            close(fd);
        rc = fd >= 0 || errno == EEXIST ? lstat(path, &st) : -1; /* another belong made it */
    }
    if (rc != 0 && errno == ENOENT)
        return missing(path, want, err, errlen);
    if (rc != 0) {
        snprintf(err, errlen, "%s: cannot open database: %s", path, strerror(errno));
        return BELONG_EIO;
    }
    if (S_ISLNK(st.st_mode)) {
        snprintf(err, errlen, "%s: cannot open database: it is a symbolic link; give the real path",
                 path);
        return BELONG_EIO;
    }
    rc = BELONG_OK;
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        rc = BELONG_EIO;
    } else if (want != STORE_READ && (st.st_mode & 077) && st.st_uid == geteuid() &&
               chmod(path, st.st_mode & 0700) != 0) {
        snprintf(err, errlen, "%s: cannot make the database private (mode 0600): %s", path,
                 strerror(errno));
        rc = BELONG_EIO;
    }
    *writable = rc == BELONG_OK && !read_only(path, &st);
    if (rc == BELONG_OK && !*writable && want != STORE_READ)
        rc = read_only_error(path, &st, err, errlen);
    return rc;
}

/* Reads one integer from a PRAGMA or query; 0 when it returns nothing. */
static int query_int(struct store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int value = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return value;
}

/* Refuses another program's database before anything is changed in it: a mistyped --db must
** not be turned into ours. A new, empty file is fine. */
static int check_is_ours(struct store *s, char *err, size_t errlen)
{
    int version = query_int(s, "PRAGMA user_version");
    int application_id = query_int(s, "PRAGMA application_id");
    if ((application_id != 0 && application_id != BELONG_APPLICATION_ID) ||
        (application_id == 0 && version == 0 &&
         query_int(s, "SELECT count(*) FROM sqlite_schema") > 0)) {
        snprintf(err, errlen, "%s: not a belong database (it holds other data)", s->path);
        return BELONG_EDATA;
    }
    return BELONG_OK;
}

/* True when the schema is older than this belong's (or the file is new). */
static bool needs_migration(struct store *s)
{
    return query_int(s, "PRAGMA user_version") < store_migration_count ||
           query_int(s, "PRAGMA application_id") != BELONG_APPLICATION_ID;
}

static int migrate(struct store *s, char *err, size_t errlen)
{
    int version = query_int(s, "PRAGMA user_version");
    int application_id = query_int(s, "PRAGMA application_id");
    if (version > store_migration_count) {
        snprintf(err, errlen, "%s: database schema %d is newer than this belong (%d)", s->path,
                 version, store_migration_count);
        return BELONG_EDATA;
    }
    if (version == store_migration_count && application_id == BELONG_APPLICATION_ID)
        return BELONG_OK;

    char *msg = NULL;
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &msg);
    /* Read again under the write lock: another process opening the same new database may
    ** have migrated it while this one waited. */
    if (rc == SQLITE_OK)
        version = query_int(s, "PRAGMA user_version");
    if (rc == SQLITE_OK && version > store_migration_count) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        snprintf(err, errlen, "%s: database schema %d is newer than this belong (%d)", s->path,
                 version, store_migration_count);
        return BELONG_EDATA;
    }
    if (rc == SQLITE_OK) {
        /* Another belong may have migrated while this one waited for the lock (two commands
        ** creating one database at once): the version that counts is the one read inside. */
        if (version >= store_migration_count &&
            query_int(s, "PRAGMA application_id") == BELONG_APPLICATION_ID)
            return store_rc(s, sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL));
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d", BELONG_APPLICATION_ID);
        rc = sqlite3_exec(s->db, pragma, NULL, NULL, &msg);
    }
    for (int i = version; rc == SQLITE_OK && i < store_migration_count; i++) {
        rc = sqlite3_exec(s->db, store_migrations[i], NULL, NULL, &msg);
        if (rc == SQLITE_OK) {
            char pragma[64];
            snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i + 1);
            rc = sqlite3_exec(s->db, pragma, NULL, NULL, &msg);
        }
    }
    /* A migration may rewrite listings: the copies other connections keep must be read again
    ** (store_directory_wrote); meta exists from migration 1 on. */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db, core_sql[CORE_DIRECTORY_BUMP], NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        bool busy = (rc & 0xff) == SQLITE_BUSY;
        snprintf(err, errlen, "%s: schema migration failed: %s", s->path,
                 busy  ? store_errmsg(s)
                 : msg ? msg
                       : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return busy ? BELONG_EBUSY : BELONG_EINTERNAL;
    }
    return BELONG_OK;
}

/* Says what the engine reported when opening or setting up path failed, in the words a CPS
** can act on: a full disk, a read-only file or folder, a file that is not a database. Returns
** the exit status (BELONG_EIO, BELONG_EDATA for a file that is not a database). */
static int open_error(struct store *s, const char *path, int sqlite_rc, const char *detail,
                      char *err, size_t errlen)
{
    int sys = s && s->db ? sqlite3_system_errno(s->db) : 0;
    const char *what = detail ? detail : s && s->db ? sqlite3_errmsg(s->db) : "?";
    switch (sqlite_rc & 0xff) {
    case SQLITE_FULL:
        snprintf(err, errlen, "%s: disk full: %s", path, what);
        return BELONG_EIO;
    case SQLITE_NOTADB:
        snprintf(err, errlen, "%s: not a belong database (not an SQLite database file)", path);
        return BELONG_EDATA;
    case SQLITE_READONLY:
        snprintf(err, errlen, "%s: read-only database: %s", path, what);
        return BELONG_EIO;
    default:
        break;
    }
    if (sys == ENOSPC || sys == EDQUOT)
        snprintf(err, errlen, "%s: disk full: %s", path, strerror(sys));
    else if (sys == EROFS || sys == EACCES || sys == EPERM)
        snprintf(err, errlen, "%s: read-only database: %s", path, strerror(sys));
    else
        snprintf(err, errlen, "%s: cannot open database: %s", path, what);
    return BELONG_EIO;
}

/* True when no write-ahead log with anything in it is beside the file: the file holds all
** that was written. */
static bool no_log(const char *path)
{
    char *wal = xmalloc(strlen(path) + 5);
    sprintf(wal, "%s-wal", path);
    struct stat st;
    bool none = stat(wal, &st) != 0 || st.st_size == 0;
    free(wal);
    return none;
}

/* True when path's folder cannot be written and no write-ahead log is beside the file. */
static bool log_unreachable(const char *path)
{
    char *dir = parent_dir(path);
    bool unreachable = access(dir, W_OK) != 0 && no_log(path);
    free(dir);
    return unreachable;
}

/* "file:PATH?mode=ro&immutable=1", with the characters a URI reserves escaped. Returns heap. */
static char *immutable_uri(const char *path)
{
    struct buf uri = {0};
    buf_puts(&uri, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '?' || *p == '#' || *p == '%' || *p < 0x21 || *p > 0x7e)
            buf_printf(&uri, "%%%02X", *p);
        else
            buf_putc(&uri, (char)*p);
    }
    buf_puts(&uri, "?mode=ro&immutable=1");
    return buf_detach(&uri);
}

/* Puts the database in WAL mode. On a new file (still in rollback mode) this needs an
** exclusive lock, and two processes switching at once can meet in the deadlock SQLite refuses
** without calling the busy handler; the one refused retries while the busy timeout lasts.
** Returns an SQLite code (OUT: *msg, for sqlite3_free). */
static int use_wal(struct store *s, char **msg)
{
    int64_t start = monotonic_ms();
    for (;;) {
        int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, msg);
        if ((rc & 0xff) != SQLITE_BUSY || monotonic_ms() - start >= s->busy_timeout_ms)
            return rc;
        sqlite3_free(*msg);
        *msg = NULL;
        sqlite3_sleep(5);
    }
}

/* Opens path with the engine, read-only or read-write (immutable: read-only, telling SQLite
** the file cannot change); configures the connection. Returns 0 or an open_error status.
** OUT: *out. */
static int connect_to(const char *path, bool writable, bool immutable,
                      const struct store_options *opt, struct store **out, char *err, size_t errlen)
{
    int busy_timeout_ms;
    if (busy_timeout_of(opt, &busy_timeout_ms, err, errlen) != BELONG_OK)
        return BELONG_EUSAGE;
    struct store *s = xcalloc(1, sizeof *s);
    s->busy_timeout_ms = busy_timeout_ms;
    s->bulk_listings = opt->bulk_listings;
    s->path = xstrdup(path);
    s->first_new_activity_id = INT64_MAX;
    s->read_only = !writable;
    int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
    char *uri = NULL;
    if (immutable) {
        uri = immutable_uri(path);
        flags |= SQLITE_OPEN_URI;
    }
    store_sqlite_setup();
    int rc = sqlite3_open_v2(uri ? uri : path, &s->db, flags, NULL);
    free(uri);
    if (rc == SQLITE_OK) {
        sqlite3_busy_handler(s->db, busy_wait, s);
        /* The first read says whether it is a database at all, and whether it can be read. */
        rc = sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            rc = open_error(s, path, rc, NULL, err, errlen);
            store_close(s);
            return rc;
        }
        rc = check_is_ours(s, err, errlen);
        if (rc != BELONG_OK) {
            store_close(s);
            return rc;
        }
        char *msg = NULL;
        rc = writable ? use_wal(s, &msg) : SQLITE_OK;
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(s->db,
                              writable ? "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
                                       : "PRAGMA foreign_keys = ON;",
                              NULL, NULL, &msg);
        /* Sorts and temporary tables in memory, but for a bulk writer: its index builds at a
        ** million listings would hold hundreds of MiB (docs/store.md). */
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(s->db,
                              opt->bulk_listings ? "PRAGMA temp_store = FILE;"
                                                 : "PRAGMA temp_store = MEMORY;",
                              NULL, NULL, &msg);
        if (rc == SQLITE_OK && opt->cache_kib > 0) {
            char pragma[64];
            snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %d", -opt->cache_kib);
            rc = sqlite3_exec(s->db, pragma, NULL, NULL, &msg);
        }
        if (rc != SQLITE_OK) {
            rc = open_error(s, path, rc, msg, err, errlen);
            sqlite3_free(msg);
            store_close(s);
            return rc;
        }
    } else {
        rc = open_error(s, path, rc, NULL, err, errlen);
        store_close(s);
        return rc;
    }
    *out = s;
    return BELONG_OK;
}

/* Opens path as connect_to does. SQLite reads a WAL database only where it can create its
** -shm file, or when told the file cannot change: a read-only connection to a file with no
** log beside it (so no connection writing it) is opened immutable when its folder cannot be
** written, or when the plain open fails (a full disk). */
static int open_connection(const char *path, bool writable, const struct store_options *opt,
                           struct store **out, char *err, size_t errlen)
{
    bool immutable = !writable && log_unreachable(path);
    int rc = connect_to(path, writable, immutable, opt, out, err, errlen);
    if (rc == BELONG_EIO && !writable && !immutable && no_log(path))
        rc = connect_to(path, false, true, opt, out, err, errlen);
    return rc;
}

static void sqlite_setup_once(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* SQLITE_MISUSE once SQLite has started */
}

void store_sqlite_setup(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_setup_once);
}

int store_open_as(const char *path, enum store_access want, const struct store_options *opt,
                  struct store **out, char *err, size_t errlen)
{
    static const struct store_options defaults = {0};
    if (!opt)
        opt = &defaults;
    *out = NULL;
    int timeout_ms;
    if (busy_timeout_of(opt, &timeout_ms, err, errlen) != BELONG_OK)
        return BELONG_EUSAGE; /* before the file is made */
    bool writable = false;
    int rc = check_file(path, want, &writable, err, errlen);
    struct store *s = NULL;
    if (rc == BELONG_OK)
        rc = open_connection(path, writable && want != STORE_READ, opt, &s, err, errlen);
    if (rc == BELONG_OK && s->read_only && needs_migration(s)) {
        /* An older schema is brought up to date even by a command that only reads. */
        int version = query_int(s, "PRAGMA user_version");
        store_close(s);
        s = NULL;
        if (!writable) {
            snprintf(err, errlen,
                     "%s: read-only database with an older schema (%d; this belong needs %d): "
                     "make it writable once so that belong can update it",
                     path, version, store_migration_count);
            return BELONG_EIO;
        }
        rc = open_connection(path, true, opt, &s, err, errlen);
    }
    if (rc == BELONG_OK && !s->read_only)
        rc = migrate(s, err, errlen);
    if (rc == BELONG_OK && store_rank_register(s) != BELONG_OK) {
        snprintf(err, errlen, "%s: this SQLite has no FTS5", path);
        rc = BELONG_EINTERNAL;
    }
    if (rc == BELONG_OK && store_rows_register(s) != BELONG_OK) {
        snprintf(err, errlen, "%s: cannot register belong_occurrences: %s", path,
                 sqlite3_errmsg(s->db));
        rc = BELONG_EINTERNAL;
    }
    if (rc == BELONG_OK)
        rc = store_seal_open(s, err, errlen);
    if (rc != BELONG_OK) {
        store_close(s);
        return rc;
    }
    *out = s;
    return BELONG_OK;
}

int store_open(const char *path, struct store **out, char *err, size_t errlen)
{
    int rc = store_make_parent_dirs(path, err, errlen);
    return rc == BELONG_OK ? store_open_as(path, STORE_CREATE, NULL, out, err, errlen) : rc;
}

bool store_read_only(const struct store *s)
{
    return s->read_only;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    for (int f = 0; f < STORE_SQL_FILES; f++) {
        for (int i = 0; s->stmts[f] && i < store_sql_tables[f]->n; i++)
            sqlite3_finalize(s->stmts[f][i]);
        free(s->stmts[f]);
    }
    bulk_indexes_forget(s);
    store_rank_free(s);
    store_listings_free(s);
    sqlite3_close(s->db);
    keyring_free(&s->ring);
    free(s->key_path);
    free(s->path);
    free(s);
}

const char *store_errmsg(struct store *s)
{
    if (!s || !s->db)
        return "no database";
    if (s->seal_message[0])
        return s->seal_message;
    switch (sqlite3_errcode(s->db) & 0xff) {
    case SQLITE_BUSY:
        snprintf(s->busy_message, sizeof s->busy_message,
                 "the database is busy: another belong command (an import or a refresh, "
                 "perhaps) is writing to it and did not finish within %d s; nothing was "
                 "changed. Try again when it has finished (BELONG_BUSY_TIMEOUT=SECONDS sets "
                 "how long to wait)",
                 s->busy_timeout_ms / 1000);
        return s->busy_message;
    case SQLITE_FULL:
        return "disk full (SQLite: database or disk is full)";
    case SQLITE_READONLY:
        return "read-only database (SQLite: attempt to write a readonly database)";
    default:
        return sqlite3_errmsg(s->db);
    }
}

sqlite3_stmt *store_stmt(struct store *s, const struct store_sql *t, int i)
{
    if (t != &store_sql_core) /* a new statement: an earlier sealing error is told already */
        s->seal_message[0] = '\0';
    sqlite3_stmt **slots = s->stmts[t->file];
    if (!slots)
        slots = s->stmts[t->file] = xcalloc((size_t)t->n, sizeof *slots);
    sqlite3_stmt *st = slots[i];
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    struct buf built = {0};
    if (!t->sql[i] && t->build)
        t->build(i, &built);
    const char *sql = t->sql[i] ? t->sql[i] : built.len ? buf_str(&built) : NULL;
    int rc = sql ? sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)
                 : SQLITE_MISUSE;
    buf_free(&built);
    return rc == SQLITE_OK ? (slots[i] = st) : NULL;
}

int store_sql_check(struct store *s, char *err, size_t errlen)
{
    for (int f = 0; f < STORE_SQL_FILES; f++) {
        const struct store_sql *t = store_sql_tables[f];
        for (int i = 0; i < t->n; i++) {
            if (!t->sql[i] && !t->build) {
                snprintf(err, errlen, "%s: statement %d has no SQL", t->name, i);
                return BELONG_EINTERNAL;
            }
            if (!store_stmt(s, t, i)) {
                snprintf(err, errlen, "%s: statement %d: %s", t->name, i, sqlite3_errmsg(s->db));
                return BELONG_EINTERNAL;
            }
        }
    }
    return BELONG_OK;
}

int store_rc(struct store *s, int sqlite_rc)
{
    bool sealed_value_failed = s && s->seal_failed;
    if (s)
        s->seal_failed = false;
    if (sealed_value_failed && sqlite_rc != SQLITE_OK && sqlite_rc != SQLITE_ROW &&
        sqlite_rc != SQLITE_DONE)
        return BELONG_EDATA; /* a sealed value did not open (sqlite_seal.c) */
    switch (sqlite_rc & 0xff) {
    case SQLITE_BUSY:
        return BELONG_EBUSY;
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return BELONG_OK;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
        return BELONG_EDATA;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_LOCKED:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return BELONG_EIO;
    default:
        return BELONG_EINTERNAL;
    }
}

int store_step_done(struct store *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    int out = rc == SQLITE_DONE ? BELONG_OK : store_rc(s, rc == SQLITE_ROW ? SQLITE_MISUSE : rc);
    sqlite3_reset(st);
    return out;
}

int store_bind_text(sqlite3_stmt *st, int index, const char *text)
{
    return text ? sqlite3_bind_text(st, index, text, -1, SQLITE_TRANSIENT)
                : sqlite3_bind_null(st, index);
}

int store_column_tristate(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? TRI_UNKNOWN
                                                       : sqlite3_column_int(st, col) != 0;
}

int store_query_ints(struct store *s, const struct store_sql *t, int i, int64_t *out, int n)
{
    sqlite3_stmt *st = store_stmt(s, t, i);
    if (!st)
        return BELONG_EINTERNAL;
    int step = sqlite3_step(st);
    for (int i = 0; i < n; i++)
        out[i] = step == SQLITE_ROW ? sqlite3_column_int64(st, i) : 0;
    sqlite3_reset(st);
    return store_rc(s, step);
}

/* Ids are activity ids, dense from 1 (never deleted); a table far sparser than this is not
** copied by id. */
#define MAX_SPARSENESS 8

bool store_ids_dense(int64_t max_id, int64_t count)
{
    return max_id >= 0 && max_id <= MAX_SPARSENESS * (count + 1024);
}

char *store_column_dup(sqlite3_stmt *st, int col)
{
    const unsigned char *text = sqlite3_column_text(st, col);
    return text ? xstrdup((const char *)text) : NULL;
}

void store_column_copy(sqlite3_stmt *st, int col, char *out, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(out, size, "%s", t ? (const char *)t : "");
}

static int exec_simple(struct store *s, enum core_stmt i)
{
    sqlite3_stmt *st = stmt(s, i);
    return st ? store_step_done(s, st) : BELONG_EINTERNAL;
}

static int bulk_begin(struct store *s, size_t n_activities);
static int bulk_end(struct store *s);

int store_begin(struct store *s)
{
    if (s->outer) /* a part of the outer transaction */
        return exec_simple(s, CORE_PART_BEGIN);
    int rc = exec_simple(s, CORE_BEGIN_WRITE);
    if (rc == BELONG_OK && s->bulk_listings) {
        rc = bulk_begin(s, s->bulk_listings);
        if (rc != BELONG_OK)
            store_rollback(s); /* brings back what was dropped */
    }
    return rc;
}

int store_read_begin(struct store *s)
{
    if (s->outer) /* the outer transaction reads as of itself already */
        return BELONG_OK;
    return exec_simple(s, CORE_BEGIN_READ);
}

void store_read_end(struct store *s)
{
    if (!s->outer && !sqlite3_get_autocommit(s->db))
        exec_simple(s, CORE_COMMIT);
}

int store_directory_wrote(struct store *s, int rc)
{
    if (rc != BELONG_OK)
        return rc;
    if (!sqlite3_get_autocommit(s->db)) {
        s->directory_written = true;
        return BELONG_OK;
    }
    return exec_simple(s, CORE_DIRECTORY_BUMP);
}

int64_t store_directory_version(struct store *s)
{
    sqlite3_stmt *st = stmt(s, CORE_DIRECTORY_VERSION);
    if (!st)
        return -1;
    int64_t version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return version;
}

int store_commit(struct store *s)
{
    if (s->outer) /* the directory's version moves at the outer commit */
        return exec_simple(s, CORE_PART_RELEASE);
    int bulk = bulk_end(s); /* before the commit, in the transaction */
    if (bulk != BELONG_OK)
        return bulk;
    if (s->directory_written) {
        int rc = exec_simple(s, CORE_DIRECTORY_BUMP);
        if (rc != BELONG_OK)
            return rc;
        s->directory_written = false;
    }
    return exec_simple(s, CORE_COMMIT);
}

void store_rollback(struct store *s)
{
    if (s->outer) { /* undoes this part only; the caller's failure undoes the rest */
        if (!sqlite3_get_autocommit(s->db) && exec_simple(s, CORE_PART_ROLLBACK) == BELONG_OK)
            exec_simple(s, CORE_PART_RELEASE);
        return;
    }
    if (!sqlite3_get_autocommit(s->db))
        exec_simple(s, CORE_ROLLBACK);
    bulk_indexes_forget(s); /* the rollback brought the indexes back */
    s->directory_written = false;
    s->first_new_activity_id = INT64_MAX;
}

/* Below this many listings, keeping the indexes as rows arrive costs little. */
#define BULK_MIN_ACTIVITIES 10000

/* The indexes a bulk write drops and builds again at its end: each is read by search and
** matching only, never by the statements of an import or a refresh (which still need the
** unique keys, schedule_activity and activity_location), and building one sorted at the end
** costs a fraction of keeping it row by row. */
static const char *const bulk_index_names[STORE_BULK_INDEXES] = {"activity_match",
                                                                 "activity_online"};

static void bulk_indexes_forget(struct store *s)
{
    for (int i = 0; i < STORE_BULK_INDEXES; i++) {
        free(s->bulk_index_sql[i]);
        s->bulk_index_sql[i] = NULL;
    }
    s->bulk_dropped = false;
}

/* Drops the bulk indexes when n_activities (STORE_BULK_ALL: every listing) are many next to
** what the store holds. In the write transaction. */
static int bulk_begin(struct store *s, size_t n_activities)
{
    if (s->bulk_dropped || n_activities < BULK_MIN_ACTIVITIES)
        return BELONG_OK;
    int held = query_int(s, "SELECT count(*) FROM activity");
    if (n_activities == STORE_BULK_ALL)
        n_activities = held > 0 ? (size_t)held : 0;
    if (n_activities < BULK_MIN_ACTIVITIES)
        return BELONG_OK;
    if ((size_t)held > 2 * n_activities)
        return BELONG_OK; /* a small source beside a large directory */
    /* Each index is built again from its own definition, as the migrations left it. */
    s->bulk_dropped = true;
    int rc = BELONG_OK;
    for (int i = 0; rc == BELONG_OK && i < STORE_BULK_INDEXES; i++) {
        sqlite3_stmt *st = stmt(s, CORE_INDEX_SQL);
        if (!st)
            return BELONG_EINTERNAL;
        store_bind_text(st, 1, bulk_index_names[i]);
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW)
            s->bulk_index_sql[i] = store_column_dup(st, 0);
        sqlite3_reset(st);
        rc = store_rc(s, step);
        if (rc == BELONG_OK && s->bulk_index_sql[i]) {
            char drop[96];
            snprintf(drop, sizeof drop, "DROP INDEX %s", bulk_index_names[i]);
            rc = store_rc(s, sqlite3_exec(s->db, drop, NULL, NULL, NULL));
        }
    }
    return rc; /* on an error the caller rolls back, which restores what was dropped */
}

/* Builds the dropped bulk indexes again. In the write transaction. */
static int bulk_end(struct store *s)
{
    if (!s->bulk_dropped)
        return BELONG_OK;
    int rc = BELONG_OK;
    for (int i = 0; rc == BELONG_OK && i < STORE_BULK_INDEXES; i++)
        if (s->bulk_index_sql[i])
            rc = store_rc(s, sqlite3_exec(s->db, s->bulk_index_sql[i], NULL, NULL, NULL));
    if (rc == BELONG_OK)
        bulk_indexes_forget(s);
    return rc;
}

int store_meta_get(struct store *s, const char *key, char **value)
{
    *value = NULL;
    sqlite3_stmt *st = stmt(s, CORE_META_GET);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *value = store_column_dup(st, 0);
    sqlite3_reset(st);
    return store_rc(s, rc);
}

int store_meta_set(struct store *s, const char *key, const char *value)
{
    sqlite3_stmt *st = stmt(s, CORE_META_SET);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, key);
    store_bind_text(st, 2, value);
    return store_step_done(s, st);
}

int store_horizon_record(struct store *s, int64_t source_id, time_t from, time_t to)
{
    sqlite3_stmt *st = stmt(s, source_id ? CORE_HORIZON_ONE : CORE_HORIZON_ALL);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, source_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)from);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)to);
    /* The directory's version moves with it: the horizon is kept with a copy of the listings
    ** (store_search_horizon). */
    return store_directory_wrote(s, store_step_done(s, st));
}

int store_horizon_get(struct store *s, time_t *from, time_t *to, bool *found)
{
    *found = false;
    sqlite3_stmt *st = stmt(s, CORE_HORIZON_GET);
    if (!st)
        return BELONG_EINTERNAL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_int(st, 2) > 0) {
        *from = (time_t)sqlite3_column_int64(st, 0);
        *to = (time_t)sqlite3_column_int64(st, 1);
        *found = true;
    }
    sqlite3_reset(st);
    return store_rc(s, rc);
}

int store_migrate(struct store *s, char *err, size_t errlen)
{
    return migrate(s, err, errlen);
}

int store_outer_begin(struct store *s)
{
    int rc = exec_simple(s, CORE_BEGIN_WRITE);
    s->outer = rc == BELONG_OK;
    return rc;
}

int store_outer_end(struct store *s, bool commit)
{
    s->outer = false;
    if (commit)
        return store_commit(s);
    store_rollback(s);
    return BELONG_OK;
}
