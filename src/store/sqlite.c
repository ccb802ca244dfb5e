/* sqlite.c — the SQLite engine: opening the file, migrations, transactions, the statement
** cache and small settings. Directory queries live in sqlite_directory.c and
** sqlite_search.c.
*/
#include "sqlite_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/rc.h"

/* How long a write waits for another connection's write lock (an import, a refresh), unless
** $BELONG_BUSY_TIMEOUT gives another number of seconds; and when its notice is given. */
#define BUSY_TIMEOUT_DEFAULT_S 60
#define BUSY_TIMEOUT_MAX_S     86400
#define BUSY_NOTICE_AFTER_MS   1000
/* PRAGMA application_id of a belong database: "belg" in ASCII. */
#define BELONG_APPLICATION_ID 0x62656c67

static void bulk_indexes_forget(struct store *s);

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

/* The wait for a write lock: $BELONG_BUSY_TIMEOUT seconds (0 to BUSY_TIMEOUT_MAX_S), else
** BUSY_TIMEOUT_DEFAULT_S. Returns BELONG_EUSAGE, with the reason in err, for another value. */
static int busy_timeout_from_env(int *timeout_ms, char *err, size_t errlen)
{
    const char *env = getenv("BELONG_BUSY_TIMEOUT");
    *timeout_ms = BUSY_TIMEOUT_DEFAULT_S * 1000;
    if (!env || !*env)
        return BELONG_OK;
    char *end;
    errno = 0;
    long seconds = strtol(env, &end, 10);
    if (errno || *end || end == env || seconds < 0 || seconds > BUSY_TIMEOUT_MAX_S ||
        env[0] == '-' || env[0] == '+' || env[0] == ' ') {
        snprintf(err, errlen,
                 "BELONG_BUSY_TIMEOUT: '%.40s' is not a whole number of seconds from 0 to %d", env,
                 BUSY_TIMEOUT_MAX_S);
        return BELONG_EUSAGE;
    }
    *timeout_ms = (int)seconds * 1000;
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

/* Creates every missing directory on the way to the file at path, with mode 0700. */
static int make_parent_dirs(const char *path, char *err, size_t errlen)
{
    char *copy = xstrdup(path);
    int rc = BELONG_OK;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "%s: cannot create directory: %s", copy, strerror(errno));
            rc = BELONG_EIO;
            break;
        }
        *p = '/';
    }
    free(copy);
    return rc;
}

/* Makes sure the file exists, is a regular file (not a link) and has mode 0600: SQLite would
** create it 0644, and a database restored from a backup may have any mode. */
static int create_private_file(const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open database: %s", path,
                 errno == ELOOP ? "it is a symbolic link; give the real path" : strerror(errno));
        return BELONG_EIO;
    }
    struct stat st;
    int rc = BELONG_OK;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        rc = BELONG_EIO;
    } else if ((st.st_mode & 0777) != 0600 && fchmod(fd, 0600) != 0) {
        snprintf(err, errlen, "%s: cannot make the database private (mode 0600): %s", path,
                 strerror(errno));
        rc = BELONG_EIO;
    }
    close(fd);
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

static const char SQL_DIRECTORY_BUMP[] =
    "INSERT INTO meta(key, value) VALUES('directory_version', '1') ON CONFLICT(key)"
    " DO UPDATE SET value = CAST(value AS INTEGER) + 1";

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
        rc = sqlite3_exec(s->db, SQL_DIRECTORY_BUMP, NULL, NULL, &msg);
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

int store_open(const char *path, struct store **out, char *err, size_t errlen)
{
    *out = NULL;
    int busy_timeout_ms;
    int rc = busy_timeout_from_env(&busy_timeout_ms, err, errlen);
    if (rc == BELONG_OK)
        rc = make_parent_dirs(path, err, errlen);
    if (rc == BELONG_OK)
        rc = create_private_file(path, err, errlen);
    if (rc != BELONG_OK)
        return rc;

    struct store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->first_new_activity_id = INT64_MAX;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open database: %s", path, sqlite3_errmsg(s->db));
        store_close(s);
        return BELONG_EIO;
    }
    s->busy_timeout_ms = busy_timeout_ms;
    sqlite3_busy_handler(s->db, busy_wait, s);
    rc = check_is_ours(s, err, errlen);
    if (rc != BELONG_OK) {
        store_close(s);
        return rc;
    }
    char *msg = NULL;
    if (sqlite3_exec(s->db,
                     "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
                     "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: not a belong database: %s", path, msg ? msg : "?");
        sqlite3_free(msg);
        store_close(s);
        return BELONG_EIO;
    }
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
    if (rc != BELONG_OK) {
        store_close(s);
        return rc;
    }
    *out = s;
    return BELONG_OK;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    for (int i = 0; i < STMT_CACHE_SIZE; i++)
        sqlite3_finalize(s->cache[i].stmt);
    bulk_indexes_forget(s);
    store_rank_free(s);
    store_listings_free(s);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

const char *store_errmsg(struct store *s)
{
    if (!s || !s->db)
        return "no database";
    if ((sqlite3_errcode(s->db) & 0xff) == SQLITE_BUSY) {
        snprintf(s->busy_message, sizeof s->busy_message,
                 "the database is busy: another belong command (an import or a refresh, "
                 "perhaps) is writing to it and did not finish within %d s; nothing was "
                 "changed. Try again when it has finished (BELONG_BUSY_TIMEOUT=SECONDS sets "
                 "how long to wait)",
                 s->busy_timeout_ms / 1000);
        return s->busy_message;
    }
    return sqlite3_errmsg(s->db);
}

sqlite3_stmt *store_stmt(struct store *s, const char *sql)
{
    /* Open addressing on the SQL text's address. */
    size_t slot = ((uintptr_t)sql >> 3) % STMT_CACHE_SIZE;
    for (int probe = 0; probe < STMT_CACHE_SIZE; probe++, slot = (slot + 1) % STMT_CACHE_SIZE) {
        if (s->cache[slot].sql == sql) {
            sqlite3_reset(s->cache[slot].stmt);
            sqlite3_clear_bindings(s->cache[slot].stmt);
            return s->cache[slot].stmt;
        }
        if (s->cache[slot].sql == NULL) {
            sqlite3_stmt *st = NULL;
            if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
                SQLITE_OK)
                return NULL;
            s->cache[slot].sql = sql;
            s->cache[slot].stmt = st;
            return st;
        }
    }
    fputs("belong: statement cache full (raise STMT_CACHE_SIZE)\n", stderr);
    abort();
}

int store_rc(struct store *s, int sqlite_rc)
{
    (void)s;
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

int store_query_ints(struct store *s, const char *sql, int64_t *out, int n)
{
    sqlite3_stmt *st = store_stmt(s, sql);
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

static int exec_simple(struct store *s, const char *sql)
{
    sqlite3_stmt *st = store_stmt(s, sql);
    return st ? store_step_done(s, st) : BELONG_EINTERNAL;
}

int store_set_cache_kib(struct store *s, int cache_kib)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %d", -cache_kib);
    return store_rc(s, sqlite3_exec(s->db, pragma, NULL, NULL, NULL));
}

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";

int store_begin(struct store *s)
{
    return exec_simple(s, SQL_BEGIN);
}

static const char SQL_SNAPSHOT_BEGIN[] = "BEGIN"; /* deferred: takes no write lock */
static const char SQL_SNAPSHOT_END[] = "COMMIT";

int store_read_begin(struct store *s)
{
    return exec_simple(s, SQL_SNAPSHOT_BEGIN);
}

void store_read_end(struct store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        exec_simple(s, SQL_SNAPSHOT_END);
}

static const char SQL_DIRECTORY_VERSION[] =
    "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'directory_version'";

int store_directory_wrote(struct store *s, int rc)
{
    if (rc != BELONG_OK)
        return rc;
    if (!sqlite3_get_autocommit(s->db)) {
        s->directory_written = true;
        return BELONG_OK;
    }
    return exec_simple(s, SQL_DIRECTORY_BUMP);
}

int64_t store_directory_version(struct store *s)
{
    sqlite3_stmt *st = store_stmt(s, SQL_DIRECTORY_VERSION);
    if (!st)
        return -1;
    int64_t version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return version;
}

int store_commit(struct store *s)
{
    if (s->directory_written) {
        int rc = exec_simple(s, SQL_DIRECTORY_BUMP);
        if (rc != BELONG_OK)
            return rc;
        s->directory_written = false;
    }
    return exec_simple(s, SQL_COMMIT);
}

void store_rollback(struct store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        exec_simple(s, SQL_ROLLBACK);
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

static const char SQL_INDEX_SQL[] =
    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1";

static void bulk_indexes_forget(struct store *s)
{
    for (int i = 0; i < STORE_BULK_INDEXES; i++) {
        free(s->bulk_index_sql[i]);
        s->bulk_index_sql[i] = NULL;
    }
    s->bulk_dropped = false;
}

int store_bulk_begin(struct store *s, size_t n_activities)
{
    if (s->bulk_dropped || n_activities < BULK_MIN_ACTIVITIES)
        return BELONG_OK;
    int held = query_int(s, "SELECT count(*) FROM activity");
    if ((size_t)held > 2 * n_activities)
        return BELONG_OK; /* a small source beside a large directory */
    /* Each index is built again from its own definition, as the migrations left it. */
    s->bulk_dropped = true;
    int rc = BELONG_OK;
    for (int i = 0; rc == BELONG_OK && i < STORE_BULK_INDEXES; i++) {
        sqlite3_stmt *st = store_stmt(s, SQL_INDEX_SQL);
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

int store_bulk_end(struct store *s)
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

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?1";
static const char SQL_META_SET[] =
    "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2";

int store_meta_get(struct store *s, const char *key, char **value)
{
    *value = NULL;
    sqlite3_stmt *st = store_stmt(s, SQL_META_GET);
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
    sqlite3_stmt *st = store_stmt(s, SQL_META_SET);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, key);
    store_bind_text(st, 2, value);
    return store_step_done(s, st);
}

/* Horizons are kept in meta as key "horizon:SOURCE_ID", value "FROM TO" (Unix seconds). */
static const char SQL_HORIZON_ONE[] =
    "INSERT INTO meta(key, value) VALUES('horizon:' || ?1, ?2 || ' ' || ?3) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
static const char SQL_HORIZON_ALL[] = "INSERT INTO meta(key, value) SELECT 'horizon:' || id, ?2 || "
                                      "' ' || ?3 FROM source WHERE ?1 = 0 "
                                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
static const char SQL_HORIZON_GET[] =
    "SELECT max(CAST(substr(value, 1, instr(value, ' ') - 1) AS INTEGER)),"
    " min(CAST(substr(value, instr(value, ' ') + 1) AS INTEGER)), count(*) "
    "FROM meta WHERE key IN (SELECT 'horizon:' || id FROM source)";

int store_horizon_record(struct store *s, int64_t source_id, time_t from, time_t to)
{
    sqlite3_stmt *st = store_stmt(s, source_id ? SQL_HORIZON_ONE : SQL_HORIZON_ALL);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, source_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)from);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)to);
    return store_step_done(s, st);
}

int store_horizon_get(struct store *s, time_t *from, time_t *to, bool *found)
{
    *found = false;
    sqlite3_stmt *st = store_stmt(s, SQL_HORIZON_GET);
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
