/* sqlite_rank.c — belong_bm25(), the FTS5 ranking function search and matching order by,
** belong_in_ids(), the test of a row against a list of ids that matching ranks, and the FTS5
** MATCH expression of an engine-neutral text query (store_fts5_match).
**
** It is Okapi BM25 exactly as FTS5's built-in bm25() computes it (k1 = 1.2, b = 0.75, the IDF of
** each phrase floored at 1e-6, one weight per column as arguments, the score negated so that
** smaller is better), and returns the same values. What differs is where a row's length (its
** token count over all columns) comes from: bm25() looks it up in activity_text's docsize table
** with one query per row, which is most of the cost when a common word matches thousands of
** listings. belong_bm25() reads it from an in-memory copy of that table kept by the connection
** (struct store_doc_sizes), reloaded after any commit that wrote the directory, on this
** connection or another (store_directory_wrote). Inside an open transaction, where this
** connection may have written rows the copy does not know, it asks FTS5 for the length as
** bm25() does. Given the query's text as a last argument (belong_bm25(activity_text, 4.0, 1.0,
** 3.0, 2.0, ?1)), it also remembers the query's IDFs for as long as the copy stays current: a
** phrase's IDF needs its count of matching rows, and FTS5 walks the phrase's whole doclist to
** count them.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

#define BM25_K1      1.2
#define BM25_B       0.75
#define BM25_IDF_MIN 1e-6
#define SIZE_UNKNOWN UINT32_MAX

/* This file's statements (store_stmt). */
enum rank_stmt { RANK_DOC_SIZES, RANK_MAX_ID, RANK_FTS5_API, RANK_STMTS };
static const char *const rank_sql[RANK_STMTS] = {
    [RANK_DOC_SIZES] = "SELECT id, sz FROM activity_text_docsize",
    [RANK_MAX_ID] = "SELECT max(id), count(*) FROM activity_text_docsize",
    /* FTS5's API, written through the pointer bound to ?1 (SQLite's fts5.h) */
    [RANK_FTS5_API] = "SELECT fts5(?1)",
};
const struct store_sql store_sql_rank = {STORE_SQL_RANK, "sqlite_rank.c", rank_sql, RANK_STMTS,
                                         NULL};

static sqlite3_stmt *stmt(struct store *s, enum rank_stmt i)
{
    return store_stmt(s, &store_sql_rank, i);
}

char *store_fts5_match(const struct store_text_query *q)
{
    if (!q || q->n_phrases == 0)
        return NULL;
    struct buf out = {0};
    for (size_t i = 0; i < q->n_phrases; i++) {
        if (i)
            buf_puts(&out, q->match_all ? " AND " : " OR ");
        buf_putc(&out, '"');
        for (const char *p = q->phrases[i]; *p; p++) {
            if (*p == '"')
                buf_putc(&out, '"');
            buf_putc(&out, *p);
        }
        buf_putc(&out, '"');
    }
    if (q->last_prefix)
        buf_putc(&out, '*');
    return buf_detach(&out);
}

/* Reads one SQLite/FTS5 varint at p (at most 9 bytes, not past end); returns the bytes used,
** 0 when the varint runs past end. */
static int read_varint(const unsigned char *p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (int i = 0; i < 9 && p + i < end; i++) {
        if (i == 8) {
            *out = (v << 8) | p[i];
            return 9;
        }
        v = (v << 7) | (p[i] & 0x7f);
        if (!(p[i] & 0x80)) {
            *out = v;
            return i + 1;
        }
    }
    return 0;
}

static void idf_forget(struct store_doc_sizes *d)
{
    for (int i = 0; i < STORE_IDF_CACHE; i++) {
        free(d->idf[i].key);
        free(d->idf[i].idf);
    }
    memset(d->idf, 0, sizeof d->idf);
    d->idf_next = 0;
}

/* The IDFs remembered for the query key of n_phrases phrases, or NULL. */
static const struct store_idf *idf_find(const struct store_doc_sizes *d, const char *key,
                                        int n_phrases)
{
    for (int i = 0; i < STORE_IDF_CACHE; i++)
        if (d->idf[i].key && d->idf[i].n_phrases == n_phrases && strcmp(d->idf[i].key, key) == 0)
            return &d->idf[i];
    return NULL;
}

static void idf_remember(struct store_doc_sizes *d, const char *key, int n_phrases,
                         double avg_tokens, const double *idf)
{
    struct store_idf *e = &d->idf[d->idf_next++ % STORE_IDF_CACHE];
    free(e->key);
    free(e->idf);
    e->key = xstrdup(key);
    e->n_phrases = n_phrases;
    e->avg_tokens = avg_tokens;
    e->idf = xmalloc((n_phrases > 0 ? (size_t)n_phrases : 1) * sizeof *e->idf);
    memcpy(e->idf, idf, (size_t)n_phrases * sizeof *e->idf);
}

/* Loads the token count of every row into s->doc_sizes, and forgets the IDFs of the rows that
** were. Returns 0 or a store error; a table too sparse to copy leaves the copy empty (every row
** then asks FTS5). */
static int doc_sizes_load(struct store *s)
{
    struct store_doc_sizes *d = &s->doc_sizes;
    idf_forget(d);
    free(d->tokens);
    d->tokens = NULL;
    d->n = 0;
    int64_t size[2]; /* max id, count */
    int rc = store_query_ints(s, &store_sql_rank, RANK_MAX_ID, size, 2);
    if (rc != BELONG_OK)
        return rc;
    if (size[0] <= 0 || !store_ids_dense(size[0], size[1]))
        return BELONG_OK; /* rows then ask FTS5 */
    d->n = (size_t)size[0] + 1;
    d->tokens = xmalloc(d->n * sizeof *d->tokens);
    for (size_t i = 0; i < d->n; i++)
        d->tokens[i] = SIZE_UNKNOWN;
    sqlite3_stmt *st = stmt(s, RANK_DOC_SIZES);
    if (!st)
        return BELONG_EINTERNAL;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const unsigned char *p = sqlite3_column_blob(st, 1);
        const unsigned char *end = p + sqlite3_column_bytes(st, 1);
        if (id <= 0 || (uint64_t)id >= d->n)
            continue;
        uint64_t total = 0, v;
        int used;
        while (p && p < end && (used = read_varint(p, end, &v)) > 0) {
            total += v;
            p += used;
        }
        d->tokens[id] = total < SIZE_UNKNOWN ? (uint32_t)total : SIZE_UNKNOWN;
    }
    sqlite3_reset(st);
    return store_rc(s, step);
}

/* The copy of the row lengths, brought up to date; NULL when rows must ask FTS5. Called inside
** the ranking query, whose read transaction gives the versions. */
static const struct store_doc_sizes *doc_sizes_current(struct store *s)
{
    if (!sqlite3_get_autocommit(s->db) && sqlite3_txn_state(s->db, "main") == SQLITE_TXN_WRITE)
        return NULL; /* a transaction that writes may hold rows the copy lacks */
    unsigned int commit = 0;
    if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION, &commit) != SQLITE_OK)
        return NULL;
    struct store_doc_sizes *d = &s->doc_sizes;
    /* No commit since it was last found current; else a commit that left the directory be. */
    bool current =
        d->loaded && (d->seen_commit == commit || store_directory_version(s) == d->version);
    if (!current) {
        d->loaded = false;
        d->version = store_directory_version(s);
        if (d->version < 0 || doc_sizes_load(s) != BELONG_OK)
            return NULL;
        d->loaded = true;
    }
    d->seen_commit = commit;
    return d->tokens ? d : NULL;
}

/* What one ranking query computes once: the IDF of each phrase, the average row length, and
** where the row lengths come from. Freed by FTS5 with the query (xSetAuxdata). */
struct bm25_query {
    const struct store_doc_sizes *sizes;
    double avg_tokens;
    int n_phrases;
    double *idf;  /* [n_phrases] */
    double *freq; /* [n_phrases], the weighted hits of the current row */
};

static int count_rows(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
    (void)api;
    (void)fts;
    (*(int64_t *)ctx)++;
    return SQLITE_OK;
}

/* IDF needs each phrase's count of matching rows: FTS5 walks the phrase's whole doclist to
** count them, which is most of the cost of a query over few rows. With a key (the query text,
** as its caller passes it), the IDFs are remembered until the row lengths are read again (a
** directory write); inside an open transaction nothing is remembered. */
static int bm25_query_make(struct store *s, const Fts5ExtensionApi *api, Fts5Context *fts,
                           const char *key, struct bm25_query **out)
{
    *out = api->xGetAuxdata(fts, 0);
    if (*out)
        return SQLITE_OK;
    int n_phrases = api->xPhraseCount(fts);
    struct bm25_query *q =
        sqlite3_malloc64(sizeof *q + 2 * (size_t)(n_phrases > 0 ? n_phrases : 1) * sizeof(double));
    if (!q)
        return SQLITE_NOMEM;
    memset(q, 0, sizeof *q);
    q->n_phrases = n_phrases;
    q->idf = (double *)(q + 1);
    q->freq = q->idf + (n_phrases > 0 ? n_phrases : 1);
    q->sizes = doc_sizes_current(s);
    const struct store_idf *known = q->sizes && key ? idf_find(q->sizes, key, n_phrases) : NULL;
    int rc = SQLITE_OK;
    if (known) {
        q->avg_tokens = known->avg_tokens;
        memcpy(q->idf, known->idf, (size_t)n_phrases * sizeof *q->idf);
    } else {
        sqlite3_int64 n_rows = 0, n_tokens = 0;
        rc = api->xRowCount(fts, &n_rows);
        if (rc == SQLITE_OK)
            rc = api->xColumnTotalSize(fts, -1, &n_tokens);
        q->avg_tokens = n_rows > 0 ? (double)n_tokens / (double)n_rows : 1.0;
        for (int i = 0; rc == SQLITE_OK && i < n_phrases; i++) {
            int64_t hits = 0;
            rc = api->xQueryPhrase(fts, i, &hits, count_rows);
            double idf = log(((double)n_rows - (double)hits + 0.5) / ((double)hits + 0.5));
            q->idf[i] = idf > 0.0 ? idf : BM25_IDF_MIN;
        }
        if (rc == SQLITE_OK && q->sizes && key)
            idf_remember(&s->doc_sizes, key, n_phrases, q->avg_tokens, q->idf);
    }
    if (rc == SQLITE_OK) {
        rc = api->xSetAuxdata(fts, q, sqlite3_free);
        if (rc != SQLITE_OK)
            return rc; /* xSetAuxdata freed q */
    } else {
        sqlite3_free(q);
        return rc;
    }
    *out = q;
    return SQLITE_OK;
}

/* The row's token count over all columns. */
static int row_tokens(const struct bm25_query *q, const Fts5ExtensionApi *api, Fts5Context *fts,
                      double *tokens)
{
    if (q->sizes) {
        int64_t id = api->xRowid(fts);
        if (id > 0 && (uint64_t)id < q->sizes->n && q->sizes->tokens[id] != SIZE_UNKNOWN) {
            *tokens = (double)q->sizes->tokens[id];
            return SQLITE_OK;
        }
    }
    int n = 0;
    int rc = api->xColumnSize(fts, -1, &n);
    *tokens = (double)n;
    return rc;
}

static void belong_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                        int n_args, sqlite3_value **args)
{
    /* belong_bm25(TABLE, WEIGHT..., [KEY]): a text last argument is the query's key. */
    const char *key = NULL;
    if (n_args > 0 && sqlite3_value_type(args[n_args - 1]) == SQLITE_TEXT) {
        key = (const char *)sqlite3_value_text(args[n_args - 1]);
        n_args--;
    }
    struct bm25_query *q;
    int rc = bm25_query_make(api->xUserData(fts), api, fts, key, &q);
    int n_inst = 0;
    if (rc == SQLITE_OK)
        rc = api->xInstCount(fts, &n_inst);
    if (rc == SQLITE_OK)
        memset(q->freq, 0, (size_t)q->n_phrases * sizeof *q->freq);
    for (int i = 0; rc == SQLITE_OK && i < n_inst; i++) {
        int phrase, column, offset;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK)
            q->freq[phrase] += column < n_args ? sqlite3_value_double(args[column]) : 1.0;
    }
    double tokens = 0.0;
    if (rc == SQLITE_OK)
        rc = row_tokens(q, api, fts, &tokens);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double score = 0.0, norm = BM25_K1 * (1.0 - BM25_B + BM25_B * tokens / q->avg_tokens);
    for (int i = 0; i < q->n_phrases; i++)
        score += q->idf[i] * (q->freq[i] * (BM25_K1 + 1.0)) / (q->freq[i] + norm);
    sqlite3_result_double(ctx, -score);
}

/* belong_in_ids(ROWID, IDS): whether ROWID is one of IDS, a struct store_id_list bound with
** sqlite3_bind_pointer (type "belong_ids"): a cheaper test per row than IN (a list), which
** builds an index of the list for every query. */
static void belong_in_ids(sqlite3_context *ctx, int n_args, sqlite3_value **args)
{
    (void)n_args;
    const struct store_id_list *list = sqlite3_value_pointer(args[1], STORE_ID_LIST_TYPE);
    int64_t id = sqlite3_value_int64(args[0]);
    size_t lo = 0, hi = list ? list->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (list->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    sqlite3_result_int(ctx, list && lo < list->n && list->ids[lo] == id);
}

int store_rank_register(struct store *s)
{
    if (sqlite3_create_function(s->db, "belong_in_ids", 2,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                belong_in_ids, NULL, NULL) != SQLITE_OK)
        return BELONG_EINTERNAL;
    fts5_api *api = NULL;
    sqlite3_stmt *st = stmt(s, RANK_FTS5_API);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st); /* &api is not kept past this call */
    if (!api || api->iVersion < 2)
        return BELONG_EINTERNAL;
    if (api->xCreateFunction(api, "belong_bm25", s, belong_bm25, NULL) != SQLITE_OK)
        return BELONG_EINTERNAL;
    return BELONG_OK;
}

void store_rank_free(struct store *s)
{
    idf_forget(&s->doc_sizes);
    free(s->doc_sizes.tokens);
    memset(&s->doc_sizes, 0, sizeof s->doc_sizes);
}
