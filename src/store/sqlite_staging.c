/* sqlite_staging.c — the scratch store of staging.h: one private temporary SQLite file per
** staging (SQLite deletes it when closed), its tables of string rows, their id indexes and the
** link tables (one a kind, so that a kind's links, added parent after parent, are appended
** at the end of its own b-tree), with every statement prepared once. Rows and children asked
** for in order are read by open scans rather than a lookup each. Nothing here is durable: no
*journal, no sync,
** one transaction from open to close. A row is stored as its number, its flags (problems,
** rejected), its first value (the id, indexed where asked) and one blob packing the rest
** (where it came from, then each value with its NUL), so that writing or reading a row binds
** or reads five columns, not one per value. A table without an index (the rows no other row
** names by id: attributes, schedules, phones...) keeps its rows BLOCK_ROWS to an SQLite row
** instead (see struct block): most of a package's rows are those, and a statement a row cost
** more than the row itself.
*/
#include "staging.h"
#include "sqlite_internal.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"

/* The columns of a staged row: n, problems, rejected, v0, packed (see pack_row). */
enum { COL_N, COL_PROBLEMS, COL_REJECTED, COL_V0, COL_PACKED };

enum { ST_PUT, ST_PUT_BATCH, ST_GET, ST_FIND, ST_COUNT, ST_SCAN, ST_PER_TABLE };
/* The statements of a table kept in blocks, in the same slots. */
enum { ST_BLOCK_PUT = ST_PUT, ST_BLOCK_GET = ST_GET, ST_BLOCK_COUNT = ST_COUNT };

/* The rows of a table kept until there are this many, then written by one statement (a
** statement a row cost about as much as the insert itself); those kept are written before the
** table is read. */
#define PUT_BATCH 32
struct put_row {
    sqlite3_int64 n;
    int problems, rejected;
    size_t v0, v0_len, packed, packed_len; /* offsets into the batch's bytes */
};
struct put_batch {
    struct put_row rows[PUT_BATCH];
    int n_rows;
    struct buf bytes; /* each row's id and packed rest */
};

/* The rows of an unindexed table, BLOCK_ROWS numbers to a block: block k holds the rows
** numbered k * BLOCK_ROWS on that were staged, in order, each as a struct block_row and its
** packed bytes (pack_row), in one SQLite row (k, flagged rows, bytes). A table keeps one block
** in memory, where rows are put and read; it is written when another block is wanted (or the
** table's rows are counted), so that rows staged in order are written BLOCK_ROWS at a time and
** read by one lookup a block. */
#define BLOCK_ROWS 32
struct block_row {
    uint32_t n_in_block, len; /* its number within the block; the packed bytes after this */
    int32_t problems;
    int32_t rejected;
};
struct block {
    long long k; /* the block in memory, or -1 */
    bool dirty;  /* changed since read or written */
    struct buf bytes;
};

/* A scan of the links of one kind, parent by parent: the children of parents asked for in
** order are stepped to, not looked up one parent at a time. The kinds below SCAN_KINDS have a
** table and a scan of their own; links of a larger kind share one table and are looked up. */
#define SCAN_KINDS 32
#define SCAN_SKIP  8 /* links stepped over to reach a parent before it is looked up instead */
/* The links of a kind kept until there are this many, then inserted by one statement (a
** statement a link cost more than the insert itself); those kept are inserted before the kind's
** children are read. */
#define LINK_BATCH 64
struct link_scan {
    sqlite3_stmt *add, *add_batch;        /* INSERT INTO link_KIND: one link, LINK_BATCH links */
    sqlite3_int64 pending[LINK_BATCH][2]; /* (parent, child) not inserted yet */
    int n_pending;
    sqlite3_stmt *q;
    bool active, on_row;     /* q started and not reset since a link was added; q stands on a row */
    long long asked;         /* the parent asked for last */
    long long parent, child; /* the row q stands on */
};

struct staging {
    sqlite3 *db;
    int n_tables;
    int *n_values;           /* [n_tables] */
    sqlite3_stmt **stmt;     /* [n_tables * ST_PER_TABLE], prepared on first use */
    sqlite3_stmt *link_add;  /* INSERT INTO link, the kinds from SCAN_KINDS on */
    sqlite3_stmt *link_kids; /* SELECT child FROM link */
    sqlite3_stmt *blob_put, *blob_get;
    struct link_scan scans[SCAN_KINDS];
    const char **values; /* the row staging_get returned: [max n_values] */
    struct buf packed;   /* pack_row's output, reused */
    /* Per table: the row number ST_SCAN stands on (its last row read), or -1 when it is reset,
    ** and the row staging_get was asked for last. Rows read in order are stepped to, not
    ** looked up one by one. */
    long long *scan_at, *last_get;
    struct put_batch *puts; /* [n_tables] */
    struct block *blocks;   /* [n_tables]: for the unindexed tables (blocked[t]) */
    bool *blocked;          /* [n_tables] */
    char err[256];
};

static int block_put(struct staging *st, int t, size_t n, const struct staging_row *row);
static int block_get(struct staging *st, int t, size_t n, struct staging_row *row);

static int fail(struct staging *st, const char *what)
{
    snprintf(st->err, sizeof st->err, "%s: %s", what, st->db ? sqlite3_errmsg(st->db) : "?");
    return BELONG_EIO;
}

const char *staging_errmsg(const struct staging *st)
{
    return st->err;
}

static int exec(struct staging *st, const char *sql)
{
    return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? BELONG_OK
                                                                    : fail(st, "staging");
}

static int prepare(struct staging *st, sqlite3_stmt **stmt, const char *sql)
{
    if (*stmt)
        return BELONG_OK;
    return sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) == SQLITE_OK
               ? BELONG_OK
               : fail(st, "staging");
}

/* The statement `which` of table t, prepared on first use. */
static int table_stmt(struct staging *st, int t, int which, sqlite3_stmt **out)
{
    sqlite3_stmt **slot = &st->stmt[t * ST_PER_TABLE + which];
    struct buf sql = {0};
    if (!*slot && st->blocked[t]) {
        if (which == ST_BLOCK_PUT)
            buf_printf(&sql, "INSERT OR REPLACE INTO t%d VALUES (?, ?, ?)", t);
        else if (which == ST_BLOCK_GET)
            buf_printf(&sql, "SELECT flagged, bytes FROM t%d WHERE k = ?", t);
        else
            buf_printf(&sql, "SELECT coalesce(sum(flagged), 0) FROM t%d", t);
    } else if (!*slot) {
        switch (which) {
        case ST_PUT:
            buf_printf(&sql, "INSERT OR REPLACE INTO t%d VALUES (?, ?, ?, ?, ?)", t);
            break;
        case ST_PUT_BATCH:
            buf_printf(&sql, "INSERT OR REPLACE INTO t%d VALUES (?, ?, ?, ?, ?)", t);
            for (int k = 1; k < PUT_BATCH; k++)
                buf_puts(&sql, ", (?, ?, ?, ?, ?)");
            break;
        case ST_GET:
            buf_printf(&sql, "SELECT * FROM t%d WHERE n = ?", t);
            break;
        case ST_SCAN:
            buf_printf(&sql, "SELECT * FROM t%d WHERE n >= ? ORDER BY n", t);
            break;
        case ST_FIND:
            buf_printf(&sql, "SELECT n FROM t%d WHERE v0 = ? ORDER BY n LIMIT 1", t);
            break;
        default:
            buf_printf(&sql, "SELECT count(*) FROM t%d WHERE problems > 0 OR rejected", t);
            break;
        }
    }
    int rc = prepare(st, slot, sql.data);
    buf_free(&sql);
    *out = *slot;
    return rc;
}

int staging_open(struct staging **out, int n_tables, const int *n_values, const bool *indexed,
                 int cache_kib, char *err, size_t errlen)
{
    struct staging *st = xcalloc(1, sizeof *st);
    *out = NULL;
    int max_values = 1;
    st->n_tables = n_tables;
    st->n_values = xmalloc((size_t)n_tables * sizeof *st->n_values);
    st->stmt = xcalloc((size_t)n_tables * ST_PER_TABLE, sizeof *st->stmt);
    st->scan_at = xmalloc((size_t)n_tables * sizeof *st->scan_at);
    st->last_get = xmalloc((size_t)n_tables * sizeof *st->last_get);
    st->puts = xcalloc((size_t)n_tables, sizeof *st->puts);
    st->blocks = xcalloc((size_t)n_tables, sizeof *st->blocks);
    st->blocked = xcalloc((size_t)n_tables, sizeof *st->blocked);
    for (int t = 0; t < n_tables; t++) {
        st->scan_at[t] = st->last_get[t] = -1;
        st->blocks[t].k = -1;
        st->blocked[t] = !indexed[t];
    }
    int rc = BELONG_OK;
    /* "": a private temporary file, spilled to disk beyond the page cache, deleted at close. */
    store_sqlite_setup();
    if (sqlite3_open_v2("", &st->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        rc = fail(st, "cannot open a scratch file");
    if (rc == BELONG_OK)
        rc = exec(st,
                  "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                  "PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = FILE");
    if (rc == BELONG_OK) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%d", cache_kib);
        rc = exec(st, pragma);
    }
    for (int t = 0; rc == BELONG_OK && t < n_tables; t++) {
        st->n_values[t] = n_values[t];
        if (n_values[t] > max_values)
            max_values = n_values[t];
        struct buf sql = {0};
        if (st->blocked[t])
            buf_printf(&sql, "CREATE TABLE t%d(k INTEGER PRIMARY KEY, flagged INTEGER, bytes BLOB)",
                       t);
        else
            buf_printf(&sql,
                       "CREATE TABLE t%d(n INTEGER PRIMARY KEY, problems INTEGER, "
                       "rejected INTEGER, v0 TEXT, packed BLOB)",
                       t);
        if (indexed[t])
            buf_printf(&sql, "; CREATE INDEX t%d_id ON t%d(v0, n)", t, t);
        rc = exec(st, sql.data);
        buf_free(&sql);
    }
    /* Made here, not on a kind's first link: a table made while scans run would expire them. */
    for (int k = 0; rc == BELONG_OK && k < SCAN_KINDS; k++) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "CREATE TABLE link_%d(parent INTEGER, child INTEGER, "
                 "PRIMARY KEY(parent, child)) WITHOUT ROWID",
                 k);
        rc = exec(st, sql);
    }
    if (rc == BELONG_OK)
        rc = exec(st, "CREATE TABLE link(kind INTEGER, parent INTEGER, child INTEGER, "
                      "PRIMARY KEY(kind, parent, child)) WITHOUT ROWID; "
                      "CREATE TABLE blob(k INTEGER PRIMARY KEY, data BLOB); BEGIN");
    if (rc == BELONG_OK)
        rc = prepare(st, &st->link_add, "INSERT OR IGNORE INTO link VALUES (?, ?, ?)");
    if (rc == BELONG_OK)
        rc = prepare(st, &st->link_kids,
                     "SELECT child FROM link WHERE kind = ? AND parent = ? ORDER BY child");
    if (rc == BELONG_OK)
        rc = prepare(st, &st->blob_put, "INSERT OR REPLACE INTO blob VALUES (?, ?)");
    if (rc == BELONG_OK)
        rc = prepare(st, &st->blob_get, "SELECT data FROM blob WHERE k = ?");
    st->values = xcalloc((size_t)max_values, sizeof *st->values);
    if (rc != BELONG_OK) {
        snprintf(err, errlen, "%s", st->err);
        staging_close(st);
        return rc;
    }
    *out = st;
    return BELONG_OK;
}

void staging_close(struct staging *st)
{
    if (!st)
        return;
    for (int i = 0; st->stmt && i < st->n_tables * ST_PER_TABLE; i++)
        sqlite3_finalize(st->stmt[i]);
    sqlite3_finalize(st->link_add);
    sqlite3_finalize(st->link_kids);
    sqlite3_finalize(st->blob_put);
    sqlite3_finalize(st->blob_get);
    for (int k = 0; k < SCAN_KINDS; k++) {
        sqlite3_finalize(st->scans[k].add);
        sqlite3_finalize(st->scans[k].add_batch);
        sqlite3_finalize(st->scans[k].q);
    }
    sqlite3_close(st->db);
    free(st->stmt);
    free(st->n_values);
    free(st->scan_at);
    free(st->last_get);
    for (int t = 0; st->puts && t < st->n_tables; t++)
        buf_free(&st->puts[t].bytes);
    free(st->puts);
    for (int t = 0; st->blocks && t < st->n_tables; t++)
        buf_free(&st->blocks[t].bytes);
    free(st->blocks);
    free(st->blocked);
    free(st->values);
    buf_free(&st->packed);
    free(st);
}

/* What a row packs into one blob, appended to out: its file and line (8 bytes each, as in
** memory), a byte saying whether a path follows, the path and each value after the first, each
** ending with its NUL. */
static void pack_row(struct buf *out, int n_values, const struct staging_row *row)
{
    int64_t where[2] = {row->file, row->line};
    buf_append(out, (const char *)where, sizeof where);
    buf_append(out, row->path ? "\1" : "\0", 1);
    if (row->path)
        buf_append(out, row->path, strlen(row->path) + 1);
    for (int f = 1; f < n_values; f++) {
        const char *v = f < row->n_values ? row->v[f] : "";
        buf_append(out, v, strlen(v) + 1);
    }
}

/* Writes the rows of table t kept so far: by one statement when they are a whole batch, else
** one a row. Returns 0 or BELONG_EIO (the rows kept are let go either way). */
static int put_flush(struct staging *st, int t)
{
    struct put_batch *pb = &st->puts[t];
    int n = pb->n_rows;
    pb->n_rows = 0;
    if (!n)
        return BELONG_OK;
    bool batch = n == PUT_BATCH;
    sqlite3_stmt *q;
    int rc = table_stmt(st, t, batch ? ST_PUT_BATCH : ST_PUT, &q);
    int step = SQLITE_DONE;
    for (int k = 0; rc == BELONG_OK && k < n && step == SQLITE_DONE; k++) {
        const struct put_row *r = &pb->rows[k];
        int at = batch ? 5 * k + 1 : 1;
        sqlite3_bind_int64(q, at + COL_N, r->n);
        sqlite3_bind_int(q, at + COL_PROBLEMS, r->problems);
        sqlite3_bind_int(q, at + COL_REJECTED, r->rejected);
        sqlite3_bind_text(q, at + COL_V0, pb->bytes.data + r->v0, (int)r->v0_len, SQLITE_STATIC);
        sqlite3_bind_blob(q, at + COL_PACKED, pb->bytes.data + r->packed, (int)r->packed_len,
                          SQLITE_STATIC);
        if (!batch || k == n - 1) {
            step = sqlite3_step(q);
            sqlite3_reset(q);
            sqlite3_clear_bindings(q);
        }
    }
    buf_reset(&pb->bytes);
    if (rc != BELONG_OK)
        return rc;
    return step == SQLITE_DONE ? BELONG_OK : fail(st, "cannot stage a row");
}

int staging_put(struct staging *st, int t, size_t n, const struct staging_row *row)
{
    if (st->blocked[t])
        return block_put(st, t, n, row);
    struct put_batch *pb = &st->puts[t];
    struct put_row *r = &pb->rows[pb->n_rows++];
    const char *v0 = row->n_values > 0 ? row->v[0] : "";
    *r = (struct put_row){.n = (sqlite3_int64)n,
                          .problems = row->problems,
                          .rejected = row->rejected,
                          .v0 = pb->bytes.len,
                          .v0_len = strlen(v0)};
    buf_append(&pb->bytes, v0, r->v0_len);
    r->packed = pb->bytes.len;
    pack_row(&pb->bytes, st->n_values[t], row);
    r->packed_len = pb->bytes.len - r->packed;
    return pb->n_rows == PUT_BATCH ? put_flush(st, t) : BELONG_OK;
}

/* The next NUL-ended string of a packed row at *p (before end), or "" when the blob ends
** first (it cannot, unless the scratch file was damaged). */
static const char *unpack_string(const char **p, const char *end)
{
    const char *nul = *p < end ? memchr(*p, '\0', (size_t)(end - *p)) : NULL;
    if (!nul)
        return "";
    const char *s = *p;
    *p = nul + 1;
    return s;
}

/* Reads a row packed by pack_row (the bytes [p, end)), whose first value is v0, into *row. */
static void unpack_row(struct staging *st, int t, const char *v0, const char *p, const char *end,
                       struct staging_row *row)
{
    int64_t where[2] = {-1, 0};
    if (p && end - p >= (ptrdiff_t)(sizeof where + 1)) {
        memcpy(where, p, sizeof where);
        p += sizeof where;
        bool has_path = *p++ != 0;
        row->path = has_path ? unpack_string(&p, end) : NULL;
    } else {
        p = end;
        row->path = NULL;
    }
    row->file = (long)where[0];
    row->line = (long)where[1];
    st->values[0] = v0 ? v0 : "";
    for (int f = 1; f < st->n_values[t]; f++)
        st->values[f] = unpack_string(&p, end);
    row->v = st->values;
    row->n_values = st->n_values[t];
}

/* Reads the row q stands on into *row. */
static void read_row(struct staging *st, int t, sqlite3_stmt *q, struct staging_row *row)
{
    const char *p = sqlite3_column_blob(q, COL_PACKED);
    const char *end = p ? p + sqlite3_column_bytes(q, COL_PACKED) : NULL;
    unpack_row(st, t, (const char *)sqlite3_column_text(q, COL_V0), p, end, row);
    row->problems = sqlite3_column_int(q, COL_PROBLEMS);
    row->rejected = sqlite3_column_int(q, COL_REJECTED) != 0;
}

/* ---- the unindexed tables, in blocks (struct block) ---------------------------------------- */

/* The row of the block in memory whose number in it is j: its offset in the block's bytes,
** found (*found) or where it would go. */
static size_t block_seek(const struct block *b, uint32_t j, bool *found)
{
    size_t o = 0;
    *found = false;
    while (o + sizeof(struct block_row) <= b->bytes.len) {
        struct block_row h;
        memcpy(&h, b->bytes.data + o, sizeof h);
        if (h.n_in_block >= j) {
            *found = h.n_in_block == j;
            return o;
        }
        o += sizeof h + h.len;
    }
    return o;
}

/* Writes table t's block in memory when it changed. Returns 0 or BELONG_EIO. */
static int block_write(struct staging *st, int t)
{
    struct block *b = &st->blocks[t];
    if (!b->dirty)
        return BELONG_OK;
    long flagged = 0;
    for (size_t o = 0; o + sizeof(struct block_row) <= b->bytes.len;) {
        struct block_row h;
        memcpy(&h, b->bytes.data + o, sizeof h);
        flagged += h.problems > 0 || h.rejected;
        o += sizeof h + h.len;
    }
    sqlite3_stmt *q;
    int rc = table_stmt(st, t, ST_BLOCK_PUT, &q);
    if (rc != BELONG_OK)
        return rc;
    sqlite3_bind_int64(q, 1, b->k);
    sqlite3_bind_int64(q, 2, flagged);
    sqlite3_bind_blob(q, 3, b->bytes.len ? b->bytes.data : "", (int)b->bytes.len, SQLITE_STATIC);
    int step = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    b->dirty = false;
    return step == SQLITE_DONE ? BELONG_OK : fail(st, "cannot stage a row");
}

/* Brings block k of table t into memory, writing the one there first. Returns 0 or
** BELONG_EIO (then no block is in memory). */
static int block_load(struct staging *st, int t, long long k)
{
    struct block *b = &st->blocks[t];
    if (b->k == k)
        return BELONG_OK;
    int rc = block_write(st, t);
    sqlite3_stmt *q;
    if (rc == BELONG_OK)
        rc = table_stmt(st, t, ST_BLOCK_GET, &q);
    b->k = -1;
    buf_reset(&b->bytes);
    if (rc != BELONG_OK)
        return rc;
    sqlite3_bind_int64(q, 1, k);
    int step = sqlite3_step(q);
    if (step == SQLITE_ROW)
        buf_append(&b->bytes, sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1));
    sqlite3_reset(q);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return fail(st, "cannot read a staged row");
    b->k = k;
    return BELONG_OK;
}

/* staging_put for a table kept in blocks: the row put in its place in its block. */
static int block_put(struct staging *st, int t, size_t n, const struct staging_row *row)
{
    struct block *b = &st->blocks[t];
    int rc = block_load(st, t, (long long)(n / BLOCK_ROWS));
    if (rc != BELONG_OK)
        return rc;
    /* The row's bytes: its header, its first value and the rest as pack_row packs it. */
    const char *v0 = row->n_values > 0 ? row->v[0] : "";
    struct buf *packed = &st->packed;
    buf_reset(packed);
    struct block_row h = {.n_in_block = (uint32_t)(n % BLOCK_ROWS),
                          .problems = row->problems,
                          .rejected = row->rejected};
    buf_append(packed, (const char *)&h, sizeof h);
    buf_append(packed, v0, strlen(v0) + 1);
    pack_row(packed, st->n_values[t], row);
    h.len = (uint32_t)(packed->len - sizeof h);
    memcpy(packed->data, &h, sizeof h);
    bool found;
    size_t at = block_seek(b, h.n_in_block, &found);
    size_t old_len = 0;
    if (found) {
        struct block_row old;
        memcpy(&old, b->bytes.data + at, sizeof old);
        old_len = sizeof old + old.len;
    }
    size_t tail = b->bytes.len - at - old_len;
    if (packed->len > old_len) { /* room for it */
        buf_append(&b->bytes, packed->data, packed->len - old_len);
    }
    memmove(b->bytes.data + at + packed->len, b->bytes.data + at + old_len, tail);
    memcpy(b->bytes.data + at, packed->data, packed->len);
    b->bytes.len = at + packed->len + tail;
    b->dirty = true;
    return BELONG_OK;
}

/* staging_get for a table kept in blocks. */
static int block_get(struct staging *st, int t, size_t n, struct staging_row *row)
{
    struct block *b = &st->blocks[t];
    int rc = block_load(st, t, (long long)(n / BLOCK_ROWS));
    if (rc != BELONG_OK)
        return rc;
    bool found;
    size_t at = block_seek(b, (uint32_t)(n % BLOCK_ROWS), &found);
    if (!found)
        return BELONG_ENOINPUT;
    struct block_row h;
    memcpy(&h, b->bytes.data + at, sizeof h);
    const char *p = b->bytes.data + at + sizeof h, *end = p + h.len;
    const char *v0 = unpack_string(&p, end);
    unpack_row(st, t, v0, p, end, row);
    row->problems = h.problems;
    row->rejected = h.rejected != 0;
    return BELONG_OK;
}

/* Row n of table t read by stepping the table's scan on from the row it stands on, when rows
** are asked for in order (the checks and the assembly read each table so). Returns SQLITE_ROW
** with the row read, or SQLITE_DONE when n is not the next row (the caller looks it up). A row
** staged since the scan started is read as staged now (SQLite reads the pages as they are):
** the scan only saves the lookups. */
static int scan_next(struct staging *st, int t, size_t n, struct staging_row *row)
{
    bool in_order = st->last_get[t] >= 0 && (size_t)st->last_get[t] + 1 == n;
    st->last_get[t] = (long long)n;
    if (!in_order)
        return SQLITE_DONE;
    sqlite3_stmt *q;
    if (table_stmt(st, t, ST_SCAN, &q) != BELONG_OK)
        return SQLITE_DONE;
    if (st->scan_at[t] < 0 || (size_t)st->scan_at[t] + 1 != n) { /* start it at n */
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, (sqlite3_int64)n);
    }
    st->scan_at[t] = -1;
    if (sqlite3_step(q) != SQLITE_ROW || sqlite3_column_int64(q, 0) != (sqlite3_int64)n) {
        sqlite3_reset(q);
        return SQLITE_DONE;
    }
    st->scan_at[t] = (long long)n;
    read_row(st, t, q, row);
    return SQLITE_ROW;
}

int staging_get(struct staging *st, int t, size_t n, struct staging_row *row)
{
    if (st->blocked[t])
        return block_get(st, t, n, row);
    int rc = put_flush(st, t);
    if (rc != BELONG_OK)
        return rc;
    if (scan_next(st, t, n, row) == SQLITE_ROW)
        return BELONG_OK;
    sqlite3_stmt *q;
    rc = table_stmt(st, t, ST_GET, &q);
    if (rc != BELONG_OK)
        return rc;
    sqlite3_reset(q); /* the row read last of this table is let go only now */
    sqlite3_bind_int64(q, 1, (sqlite3_int64)n);
    int step = sqlite3_step(q);
    if (step == SQLITE_DONE)
        return BELONG_ENOINPUT;
    if (step != SQLITE_ROW)
        return fail(st, "cannot read a staged row");
    read_row(st, t, q, row);
    return BELONG_OK;
}

int staging_find(struct staging *st, int t, const char *id, bool *found, size_t *n)
{
    sqlite3_stmt *q;
    int rc = put_flush(st, t);
    if (rc == BELONG_OK)
        rc = table_stmt(st, t, ST_FIND, &q);
    if (rc != BELONG_OK)
        return rc;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int step = sqlite3_step(q);
    *found = step == SQLITE_ROW;
    if (*found)
        *n = (size_t)sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return step == SQLITE_ROW || step == SQLITE_DONE ? BELONG_OK : fail(st, "cannot find a row");
}

int staging_count_flagged(struct staging *st, int t, long *count)
{
    sqlite3_stmt *q;
    int rc = st->blocked[t] ? block_write(st, t) : put_flush(st, t);
    if (rc == BELONG_OK)
        rc = table_stmt(st, t, ST_COUNT, &q);
    if (rc != BELONG_OK)
        return rc;
    int step = sqlite3_step(q);
    *count = step == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    return step == SQLITE_ROW ? BELONG_OK : fail(st, "cannot count rows");
}

/* The inserts into the links of kind (below SCAN_KINDS), prepared on its first link. Returns
** 0 or BELONG_EIO. */
static int kind_insert(struct staging *st, int kind)
{
    struct link_scan *l = &st->scans[kind];
    if (l->add)
        return BELONG_OK;
    struct buf sql = {0};
    buf_printf(&sql, "INSERT OR IGNORE INTO link_%d VALUES (?, ?)", kind);
    for (int k = 1; k < LINK_BATCH; k++)
        buf_puts(&sql, ", (?, ?)");
    int rc = prepare(st, &l->add_batch, sql.data);
    buf_reset(&sql);
    buf_printf(&sql, "INSERT OR IGNORE INTO link_%d VALUES (?, ?)", kind);
    if (rc == BELONG_OK)
        rc = prepare(st, &l->add, sql.data);
    buf_free(&sql);
    return rc;
}

/* Inserts the links of a kind kept so far: by one statement when they are a whole batch, else
** one a link. Returns 0 or BELONG_EIO (the links kept are let go either way). */
static int kind_flush(struct staging *st, struct link_scan *l)
{
    int n = l->n_pending;
    l->n_pending = 0;
    if (!n)
        return BELONG_OK;
    l->active = false; /* its scan might step past the new links */
    bool batch = n == LINK_BATCH;
    sqlite3_stmt *q = batch ? l->add_batch : l->add;
    int step = SQLITE_DONE;
    for (int k = 0; k < n && step == SQLITE_DONE; k++) {
        int at = batch ? 2 * k + 1 : 1;
        sqlite3_bind_int64(q, at, l->pending[k][0]);
        sqlite3_bind_int64(q, at + 1, l->pending[k][1]);
        if (!batch || k == n - 1) {
            step = sqlite3_step(q);
            sqlite3_reset(q);
        }
    }
    return step == SQLITE_DONE ? BELONG_OK : fail(st, "cannot link rows");
}

int staging_link(struct staging *st, int kind, size_t parent, size_t child)
{
    if (kind >= 0 && kind < SCAN_KINDS) {
        int rc = kind_insert(st, kind);
        struct link_scan *l = &st->scans[kind];
        if (rc == BELONG_OK) {
            l->pending[l->n_pending][0] = (sqlite3_int64)parent;
            l->pending[l->n_pending][1] = (sqlite3_int64)child;
            if (++l->n_pending == LINK_BATCH)
                rc = kind_flush(st, l);
        }
        return rc;
    }
    sqlite3_stmt *q = st->link_add;
    sqlite3_bind_int(q, 1, kind);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)parent);
    sqlite3_bind_int64(q, 3, (sqlite3_int64)child);
    int step = sqlite3_step(q);
    sqlite3_reset(q);
    return step == SQLITE_DONE ? BELONG_OK : fail(st, "cannot link rows");
}

/* Steps scan l to its next link. Returns 0 or BELONG_EIO. */
static int scan_step(struct staging *st, struct link_scan *l)
{
    int step = sqlite3_step(l->q);
    l->on_row = step == SQLITE_ROW;
    if (l->on_row) {
        l->parent = sqlite3_column_int64(l->q, 0);
        l->child = sqlite3_column_int64(l->q, 1);
    }
    if (step == SQLITE_ROW || step == SQLITE_DONE)
        return BELONG_OK;
    l->active = false;
    return fail(st, "cannot read links");
}

/* The children of parent under kind from the kind's scan, started (again) at parent unless it
** stands a few links before it. */
static int scan_children(struct staging *st, int kind, long long parent,
                         void (*each)(void *ctx, size_t child), void *ctx)
{
    struct link_scan *l = &st->scans[kind];
    if (!l->add) /* no link of this kind yet */
        return BELONG_OK;
    int rc = kind_flush(st, l);
    if (rc == BELONG_OK && !l->q) {
        struct buf sql = {0};
        buf_printf(&sql,
                   "SELECT parent, child FROM link_%d WHERE parent >= ? "
                   "ORDER BY parent, child",
                   kind);
        rc = prepare(st, &l->q, sql.data);
        buf_free(&sql);
    }
    bool near = l->active && parent > l->asked;
    for (int k = 0; rc == BELONG_OK && near && l->on_row && l->parent < parent; k++) {
        if (k == SCAN_SKIP)
            near = false;
        else
            rc = scan_step(st, l);
    }
    if (rc == BELONG_OK && !near) {
        sqlite3_reset(l->q);
        sqlite3_bind_int64(l->q, 1, parent);
        l->active = true;
        rc = scan_step(st, l);
    }
    while (rc == BELONG_OK && l->on_row && l->parent == parent) {
        each(ctx, (size_t)l->child);
        rc = scan_step(st, l);
    }
    l->asked = parent;
    return rc;
}

int staging_children(struct staging *st, int kind, size_t parent,
                     void (*each)(void *ctx, size_t child), void *ctx)
{
    if (kind >= 0 && kind < SCAN_KINDS)
        return scan_children(st, kind, (long long)parent, each, ctx);
    sqlite3_stmt *q = st->link_kids;
    sqlite3_bind_int(q, 1, kind);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)parent);
    int step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW)
        each(ctx, (size_t)sqlite3_column_int64(q, 0));
    sqlite3_reset(q);
    return step == SQLITE_DONE ? BELONG_OK : fail(st, "cannot read links");
}

int staging_blob_put(struct staging *st, size_t key, const void *data, size_t len)
{
    sqlite3_stmt *q = st->blob_put;
    sqlite3_bind_int64(q, 1, (sqlite3_int64)key);
    sqlite3_bind_blob64(q, 2, len ? data : "", len, SQLITE_STATIC);
    int step = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return step == SQLITE_DONE ? BELONG_OK : fail(st, "cannot keep a record");
}

int staging_blob_get(struct staging *st, size_t key, const void **data, size_t *len)
{
    sqlite3_stmt *q = st->blob_get;
    sqlite3_reset(q); /* the blob read last is let go only now */
    sqlite3_bind_int64(q, 1, (sqlite3_int64)key);
    int step = sqlite3_step(q);
    if (step == SQLITE_DONE)
        return BELONG_ENOINPUT;
    if (step != SQLITE_ROW)
        return fail(st, "cannot read a record");
    *data = sqlite3_column_blob(q, 0);
    *len = (size_t)sqlite3_column_bytes(q, 0);
    return BELONG_OK;
}
