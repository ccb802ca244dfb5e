/* sqlite_internal.h — what the SQLite engine's files share: the connection and each file's
** table of statements. Only src/store/sqlite*.c include this file.
*/
#ifndef BELONG_SQLITE_INTERNAL_H
#define BELONG_SQLITE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "keyfile.h"
#include "store.h"

struct buf;

#define STORE_BULK_INDEXES 2 /* the indexes a bulk write builds at its end (sqlite.c) */

/* What a ranking query's IDF came to, kept with the row lengths it is as current as: the
** query text (the key its caller gives belong_bm25), the average row length and each phrase's
** IDF (sqlite_rank.c). */
#define STORE_IDF_CACHE 32
struct store_idf {
    char *key; /* owned; NULL: empty slot */
    int n_phrases;
    double avg_tokens;
    double *idf; /* [n_phrases]; owned */
};

/* The token count of every activity_text row, by rowid, as of one data version
** (sqlite_rank.c), and the IDFs of recent queries as of the same. */
struct store_doc_sizes {
    uint32_t *tokens; /* [n], UINT32_MAX where unknown; owned */
    size_t n;
    struct store_idf idf[STORE_IDF_CACHE];
    unsigned idf_next;        /* the slot the next new query takes */
    int64_t version;          /* store_directory_version when loaded */
    unsigned int seen_commit; /* SQLITE_FCNTL_DATA_VERSION when last found current */
    bool loaded;
};

/* What search and matching filter a listing on, by activity id (sqlite_listings.c). */
enum store_listing_flag {
    STORE_LISTING_PRESENT = 1, /* an activity has this id */
    STORE_LISTING_ACTIVE = 2,
    STORE_LISTING_VIRTUAL = 4,
    STORE_LISTING_COORDS = 8, /* lat and lon are set */
    STORE_LISTING_TIMES = 16, /* it has a schedule (activity.times_listed, migration 10) */
};
struct store_listing {
    double lat, lon;
    uint64_t slots[WEEK_SLOT_WORDS]; /* the weekly time signature (migration 6) */
    int32_t cost_cents;              /* -1: unknown */
    uint16_t category;               /* index in store_listings.categories; 0: none */
    uint8_t access;                  /* enum access_flag bits */
    uint8_t intensity;               /* 0: unknown */
    uint8_t flags;                   /* enum store_listing_flag */
    uint8_t open_days; /* open these weekdays, times not listed (bit 0 = Monday; migration 10) */
};
/* Listing id's first occurrence at or after a time (store_listing_next_occ): its start, in
** seconds after store_listings.occ_base, and its index in store_listings.occ; start UINT32_MAX
** (then `at` is occ_first[id + 1]) when it has none. */
struct store_listing_next {
    uint32_t start;
    uint32_t at;
};
/* One stored occurrence, packed (store_listings_with_occurrences). */
struct store_listing_occ {
    uint32_t start;        /* seconds after store_listings.occ_base */
    uint16_t duration_min; /* rounded up, at most UINT16_MAX */
    uint16_t week_minute;  /* local weekday x 1440 + local start minute */
};
/* A listing's words and facts matching scores by (store_listings_for_matching). */
struct store_listing_text {
    uint32_t name, tags, organization, town, tzid; /* 1 + offset in store_listings.text; 0: NULL */
    uint16_t group_size;                           /* 0: unknown */
    int8_t peer_run, substance_free;               /* enum tristate */
    bool approximate_place; /* its coordinates are its ZIP code's or town's centre */
    uint8_t audience;       /* who it is for: enum audience_flag bits (migration 13) */
    uint32_t languages;     /* 1 + offset in store_listings.text; 0: NULL (language.h) */
};
/* Sets of listing ids kept with the copy (sqlite_listing_index.c), so that a search reaches its
** candidates without a pass over every listing: each set is `words` 64-bit words, bit id % 64 of
** word id / 64 for listing id. Every set holds present, active listings only. All owned. */
struct store_listing_index {
    size_t words;
    uint64_t *live;                            /* present and active */
    uint64_t *coords;                          /* ... with coordinates */
    uint64_t *slotted;                         /* ... whose weekly time signature is not empty */
    uint64_t *no_times;                        /* ... with no schedule (times not listed) */
    uint64_t *free_of_cost;                    /* ... that cost nothing */
    uint64_t *access[8];                       /* [bit]: ... with access flag 1 << bit */
    uint64_t *intensity_le[INTENSITY_MAX + 1]; /* [k]: ... with intensity known, at most k */
    uint64_t *open_day[7]; /* [day]: ... open on weekday day without times (bit 0 = Monday) */
    uint64_t *untimed_any; /* no_times, or open on some day without times */
    uint64_t *category;    /* [n_categories * words]: ... of category i (store_listings) */
    /* With occurrences: */
    uint64_t *occ_day[7]; /* [day]: ... with an occurrence on local weekday day */
    /* ... with an occurrence starting in bucket b, [bucket_origin + b * bucket_seconds,
    ** + bucket_seconds): buckets[b * words ..]; a bucket is a whole number of days */
    int64_t bucket_origin, bucket_seconds;
    size_t n_buckets;
    uint64_t *buckets;
};
/* The text matches of recent queries as of the copy's directory version (sqlite_search.c):
** each query's FTS5 MATCH expression, its matches' ids and relevances, best first (higher
** relevance, then lower id: store_search_by_relevance hands them over in that order).
** Shared by the threads reading the copy: entries change under lock, and one in use (refs) is
** freed by its last user. */
struct store_text_matches {
    char *key; /* the MATCH expression; owned */
    int64_t *ids;
    double *relevance;
    uint32_t *by_id; /* [n]: the matches' places in ids, by id ascending */
    size_t n;
    int refs;           /* its users, plus one while in the cache */
    unsigned long used; /* when it was last asked for (the cache's clock) */
    /* The matches as a set of the copy's ids (its index's words), for "N of M" (sqlite_search.c);
    ** NULL without a phrase. */
    uint64_t *set;
    size_t set_words;
};
struct store_text_cache;
struct store_window_sets;
/* A grid point's place (struct store_listings' grid points). */
struct store_grid_point {
    double lat, lon;
};
struct store_listings {
    struct store_listing *by_id; /* [n]; flags 0 where no activity has the id; owned */
    size_t n;
    /* Where they are: the in-person listings with coordinates by grid cell (cell row r, column
    ** c holds grid_ids[grid_first[r * grid_cols + c] .. grid_first[r * grid_cols + c + 1]),
    ** cells grid_cell degrees wide from (grid_lat0, grid_lon0)), and the online ones; owned */
    uint32_t *grid_ids, *grid_first;
    int grid_rows, grid_cols;
    double grid_lat0, grid_lon0, grid_cell;
    uint32_t *online_ids;
    size_t n_online;
    uint32_t *online_placed; /* the online ones with coordinates, ascending; owned */
    size_t n_online_placed;
    /* With occurrences: listing id's occurrences are occ[occ_first[id] .. occ_first[id + 1]),
    ** by start; owned */
    bool has_occurrences;
    int64_t occ_base;
    uint32_t *occ_first; /* [n + 1] */
    struct store_listing_occ *occ;
    /* With texts: texts[id], whose strings live in text; owned */
    bool has_texts;
    struct store_listing_text *texts; /* [n] */
    char *text;
    size_t text_len, text_cap;
    char **categories; /* [n_categories] slugs; [0] is NULL (none); owned */
    size_t n_categories, cap_categories;
    struct store_listing_index index;      /* sets of ids (sqlite_listing_index.c) */
    struct store_text_cache *text_cache;   /* owned; NULL until a text query (sqlite_search.c) */
    struct store_window_sets *window_sets; /* owned; the last count's window (sqlite_search.c) */
    int64_t version;                       /* store_directory_version when loaded */
    unsigned int seen_commit;              /* SQLITE_FCNTL_DATA_VERSION when last found current */
    unsigned int loads;                    /* how many times it was (re)loaded: for tests */
    bool loaded;
    /* The grid's points in one order (sqlite_listing_index.c): the in-person listings with
    ** coordinates cell by cell as in grid_ids (position k is grid_ids[k]), then the online ones
    ** with coordinates as in online_placed. Each point's place beside it, and the attribute
    ** sets by position, so that "N of M" within a box reads a cell's points in sequence and
    ** counts a cell wholly inside by its bits (sqlite_search.c). All owned. */
    struct store_grid_point *grid_points; /* [n_grid_points] */
    size_t n_grid_points;
    uint32_t *grid_position;               /* [n]: a listing's position; UINT32_MAX: none */
    struct store_listing_index grid_index; /* bit k: the point at position k (no time sets) */
    /* Where each listing's occurrences stand at the time the copy was loaded (sqlite_next_occ.c):
    ** next_occ[id] is its first occurrence starting at or after next_occ_from (seconds after
    ** occ_base), so that a search from then on starts there without a bisection; owned, NULL
    ** without occurrences. */
    int64_t next_occ_from;
    struct store_listing_next *next_occ; /* [n] */
};

/* The engine files that keep SQL: each has one table of statements (below). */
enum store_sql_file {
    STORE_SQL_CORE, /* sqlite.c */
    STORE_SQL_DIRECTORY,
    STORE_SQL_LISTINGS,
    STORE_SQL_MATCH,
    STORE_SQL_MEASURES,
    STORE_SQL_PEERS,
    STORE_SQL_RANK,
    STORE_SQL_SEARCH,
    STORE_SQL_CONNECTIONS,
    STORE_SQL_ERASE,
    STORE_SQL_HISTORY,
    STORE_SQL_PLANS,
    STORE_SQL_ACCOUNTS,
    STORE_SQL_BACKUP,   /* sqlite_backup.c */
    STORE_SQL_RECORDS,  /* sqlite_records.c */
    STORE_SQL_SEAL,     /* sqlite_seal.c */
    STORE_SQL_CASELOAD, /* sqlite_caseload.c */
    STORE_SQL_FILES
};
/* One engine file's SQL, as SQLite's own fts5_storage.c keeps it: statement i of the file is
** sql[i], indexed by the file's own enum, prepared on first use and kept for the connection. */
struct store_sql {
    enum store_sql_file file;
    const char *name;       /* the file, for messages */
    const char *const *sql; /* [n]; NULL for a statement build makes */
    int n;
    /* Writes the SQL of statement i when sql[i] is NULL (one generated from a table of the
    ** domain, such as the activity attributes); NULL when every statement is in sql. */
    void (*build)(int i, struct buf *out);
};
extern const struct store_sql store_sql_core, store_sql_directory, store_sql_listings,
    store_sql_match, store_sql_measures, store_sql_peers, store_sql_rank, store_sql_search,
    store_sql_connections, store_sql_erase, store_sql_history, store_sql_plans, store_sql_accounts,
    store_sql_seal;
extern const struct store_sql store_sql_backup, store_sql_records;
extern const struct store_sql store_sql_caseload;
/* Every table, by enum store_sql_file. */
extern const struct store_sql *const store_sql_tables[STORE_SQL_FILES];

struct store {
    sqlite3 *db;
    char *path;
    bool read_only; /* opened read-only (store_open_as) */
    /* Each file's statements, prepared on first use: stmts[file][i] for its sql[i]; owned */
    sqlite3_stmt **stmts[STORE_SQL_FILES];
    bool bulk_dropped; /* store_begin dropped the indexes below until store_commit (bulk) */
    char *bulk_index_sql[STORE_BULK_INDEXES]; /* their CREATE INDEX statements; owned */
    bool directory_written; /* the open transaction wrote the directory (store_directory_wrote) */
    bool outer; /* store_outer_begin's transaction is open: store_begin makes a savepoint */
    int64_t
        first_new_activity_id; /* store_source_begin: ids from here on are new; else INT64_MAX */
    struct store_doc_sizes doc_sizes;
    struct store_listings listings;
    struct store_shared_listings *shared; /* the shared copy held (store_listings_share) */
    unsigned int shared_seen_commit;      /* SQLITE_FCNTL_DATA_VERSION when it was current */
    /* The copy the last store_listings_* call returned (listings or shared's), NULL after an
    ** error: what store_search_next reads the occurrences of the hits just found from. */
    const struct store_listings *last_copy;
    /* Waiting for another connection's write lock (busy_wait in sqlite.c). */
    int busy_timeout_ms;
    size_t bulk_listings;   /* store_options.bulk_listings */
    int64_t busy_since_ms;  /* when the current wait began (CLOCK_MONOTONIC) */
    bool busy_noticed;      /* the notice of the current wait was given */
    char busy_message[320]; /* store_errmsg's text after SQLITE_BUSY */
    /* Sealing (sqlite_seal.c): the key file's path and keys, the version new values take (the
    ** database's key check's; 0: nothing sealed yet) */
    char *key_path; /* owned */
    struct keyring ring;
    uint32_t seal_version;
    bool sealing_plain;     /* the first pass: values in clear are sealed, not refused */
    bool seal_failed;       /* a value did not open: store_rc gives BELONG_EDATA */
    char seal_message[640]; /* store_errmsg's text after a sealing error; "" */
    /* The horizon as of a copy of the listings (store_search_horizon, sqlite_brief.c): the
    ** copy and its directory version it was read at; NULL: none kept. */
    const struct store_listings *horizon_copy;
    int64_t horizon_version;
    time_t horizon_from, horizon_to;
    bool horizon_found;
};

/* Returns statement i of table t, reset with its bindings cleared, preparing it on first use;
** NULL on error (see store_errmsg). The statement stays owned by the connection. */
sqlite3_stmt *store_stmt(struct store *s, const struct store_sql *t, int i);
/* Prepares every statement of every table (a test's check for typos in the SQL). Returns 0, or
** BELONG_EINTERNAL with err naming the file, the statement's index and SQLite's message. */
int store_sql_check(struct store *s, char *err, size_t errlen);
/* Maps the result of sqlite3_step/exec to a BELONG_* code (SQLITE_DONE/ROW/OK -> 0). */
int store_rc(struct store *s, int sqlite_rc);
/* Steps a statement that returns no rows, then resets it. */
int store_step_done(struct store *s, sqlite3_stmt *st);
/* Sets SQLite up for this process before its first connection: no memory statistics (belong
** reads none; keeping them takes a global mutex at every allocation). Called before each open;
** once is enough, and a call after SQLite started changes nothing. Cannot fail. */
void store_sqlite_setup(void);
/* Binds a string or NULL. */
int store_bind_text(sqlite3_stmt *st, int index, const char *text);
/* A yes/no column that may be NULL, as enum tristate (activity.h). */
int store_column_tristate(sqlite3_stmt *st, int col);
/* Runs statement i of t, a one-row query (an aggregate), and reads its first n integer columns
** into out (0 for NULL). Returns 0 or a store error. */
int store_query_ints(struct store *s, const struct store_sql *t, int i, int64_t *out, int n);
/* Whether ids up to max_id for count rows are dense enough to index an array by id: the copies
** kept in memory (sqlite_listings.c, sqlite_rank.c) refuse a table much sparser. */
bool store_ids_dense(int64_t max_id, int64_t count);
/* Column text as a heap copy, or NULL for SQL NULL. */
char *store_column_dup(sqlite3_stmt *st, int col);
/* Copies column col's text into out (size bytes, cut if longer), "" when NULL. */
void store_column_copy(sqlite3_stmt *st, int col, char *out, size_t size);

/* A sorted list of ids bound to belong_in_ids() with sqlite3_bind_pointer; borrowed. */
#define STORE_ID_LIST_TYPE "belong_ids"
struct store_id_list {
    const int64_t *ids; /* ascending */
    size_t n;
};

/* An array of occurrences bound to belong_occurrences() with sqlite3_bind_pointer; borrowed. */
#define STORE_OCCURRENCE_LIST_TYPE "belong_occurrences"
struct store_occurrence_list {
    const struct occurrence *items;
    size_t n;
};
/* Registers the table-valued function belong_occurrences(LIST) (sqlite_rows.c). */
int store_rows_register(struct store *s);

/* A listing's relevance to the text query whose FTS5 MATCH expression is bound to ?1, as
** store_search_hit.relevance: FTS5's bm25 over name, description, tags and organisation with
** weights 4, 1, 3 and 2, negated so that higher is better. The one place the weights are. */
#define STORE_RELEVANCE_SQL "-belong_bm25(activity_text, 4.0, 1.0, 3.0, 2.0, ?1)"
/* The FTS5 MATCH expression of q (sqlite_rank.c): each phrase in double quotes (a quote inside
** doubled, so nothing in it is an operator), joined by AND (match_all) or OR, the last followed
** by * when last_prefix. Returns a heap string (caller frees); NULL when q has no phrase. */
char *store_fts5_match(const struct store_text_query *q);

/* Registers belong_bm25() with the connection's FTS5, and belong_in_ids() (sqlite_rank.c);
** store_rank_free frees the copy of the row lengths. */
int store_rank_register(struct store *s);
void store_rank_free(struct store *s);

/* The listings as of now, loaded or reloaded as needed; valid until the next store call.
** NULL on a store error (see store_errmsg). */
const struct store_listings *store_listings_get(struct store *s);
/* The same, with every stored occurrence (about 8 bytes each) as well (search without text or a
** place). */
const struct store_listings *store_listings_with_occurrences(struct store *s);
/* The same, with every stored occurrence and the words and facts matching scores by (about 100
** bytes a listing) as well. */
const struct store_listings *store_listings_for_matching(struct store *s);
/* The grid cell (row x grid_cols + column) of a place, clamped to the grid. */
size_t store_listings_cell(const struct store_listings *l, double lat, double lon);
/* Calls fn with each in-person listing with coordinates in the grid cells the box touches (a
** superset of those inside it), cell by cell. */
typedef void (*store_listing_fn)(void *ctx, uint32_t id, const struct store_listing *x);
void store_listings_in_box(const struct store_listings *l, double min_lat, double max_lat,
                           double min_lon, double max_lon, store_listing_fn fn, void *ctx);
/* Calls fn with each grid cell the box touches that holds listings: bounds every listing of
** the cell lies within (the cell's, a hair wider), and the cell's ids (in-person listings with
** coordinates; l->grid_ids). */
typedef void (*store_cell_fn)(void *ctx, double min_lat, double max_lat, double min_lon,
                              double max_lon, const uint32_t *ids, size_t n);
void store_listings_cells(const struct store_listings *l, double min_lat, double max_lat,
                          double min_lon, double max_lon, store_cell_fn fn, void *ctx);
/* The positions [*first, *end) of the grid's order (grid_ids) holding every in-person listing
** of the grid cells the box touches (whole rows of cells: a superset). */
void store_listings_box_span(const struct store_listings *l, double min_lat, double max_lat,
                             double min_lon, double max_lon, size_t *first, size_t *end);
typedef bool (*store_ring_done_fn)(void *ctx, const struct store_ring_left *left);
/* Walks the grid cells of the box ring by ring outward from the cell of (lat, lon) (the
** nearest in the box): cell_fn with each cell that holds listings, as store_listings_cells,
** then ring_fn after each ring, until it returns false or nothing is left. */
void store_listings_rings(const struct store_listings *l, double min_lat, double max_lat,
                          double min_lon, double max_lon, double lat, double lon,
                          store_cell_fn cell_fn, store_ring_done_fn ring_fn, void *ctx);
/* The index in l->occ of listing id's first occurrence starting at or after start (seconds
** after l->occ_base), occ_first[id + 1] when none does (sqlite_next_occ.c). */
uint32_t store_listing_first_occ(const struct store_listings *l, size_t id, int64_t start);
/* Listing id's first occurrence starting at or after start (seconds after l->occ_base): from
** l->next_occ when start is at or after the time it was made for, by bisection otherwise.
** Start UINT32_MAX when none does (or when the one that does starts at UINT32_MAX: then
** `at` tells them apart). Cannot fail. */
struct store_listing_next store_listing_next_occ(const struct store_listings *l, size_t id,
                                                 int64_t start);
/* Fills l->next_occ for the time now (l's occurrences loaded). Cannot fail. */
void store_listing_next_build(struct store_listings *l, time_t now);
/* A string of l's text (an offset from struct store_listing_text), or NULL. */
const char *store_listings_string(const struct store_listings *l, uint32_t offset);
/* The index of a category slug in l, or -1 when no listing has it. */
int store_listings_category(const struct store_listings *l, const char *category);
void store_listings_free(struct store *s);

/* Frees a copy's text cache (its entries in use go with their last user). */
void store_text_cache_free(struct store_text_cache *c);
/* Lets go of a copy's window sets (freed with their last user). NULL is fine. */
void store_window_sets_release(struct store_window_sets *w);

/* ---- sets of listing ids (sqlite_listing_index.c) ------------------------------------------ */
/* Builds l->index's sets of what the listings say (after the listings are read), and of when
** they meet (after the occurrences are). Cannot fail (aborts when out of memory). */
void store_listing_index_attrs(struct store_listings *l);
void store_listing_index_times(struct store_listings *l);
void store_listing_index_free(struct store_listing_index *x);
/* Builds l->grid_points, grid_position and grid_index (after the grid and the attribute sets).
** Cannot fail (aborts when out of memory). */
void store_listing_index_grid(struct store_listings *l);
/* The listing id at position k of the grid's order (k < l->n_grid_points). */
static inline uint32_t store_grid_id(const struct store_listings *l, size_t k)
{
    size_t in_person = l->n_grid_points - l->n_online_placed;
    return k < in_person ? l->grid_ids[k] : l->online_placed[k - in_person];
}
/* A set of l's listing ids, all clear (xcalloc: free()). */
uint64_t *store_id_set_new(const struct store_listings *l);
static inline bool store_id_set_has(const uint64_t *set, size_t id)
{
    return (set[id / 64] >> (id % 64)) & 1;
}
static inline void store_id_set_add(uint64_t *set, size_t id)
{
    set[id / 64] |= (uint64_t)1 << (id % 64);
}
/* The buckets [*first, *end) that hold the starts in [from, to): those from *full_first to
** *full_end lie wholly inside it (*full_first == *full_end: none). */
void store_listing_buckets(const struct store_listings *l, time_t from, time_t to, size_t *first,
                           size_t *end, size_t *full_first, size_t *full_end);

/* Every function that writes the directory (listings, places, schedules, occurrences) returns
** through this: when rc is 0 the directory's version (meta "directory_version") is moved on, at
** the commit of the open transaction or at once outside one, so that the copies connections keep
** in memory (store_listings_get, belong_bm25's row lengths) are read again, and only then:
** other writes (peers, choices) leave them be. Returns rc. */
int store_directory_wrote(struct store *s, int rc);

/* Sealing (sqlite_seal.c). Whether table.column holds sealed values. */
bool store_column_sealed(const char *table, const char *column);
/* Registers belong_seal and belong_open, reads the key file of a database that has sealed
** values (refusing it when missing or not the database's), and seals the values of a database
** from before sealing when opened to write. 0 or an error with err. */
int store_seal_open(struct store *s, char *err, size_t errlen);
/* Called inside a write transaction before writing a sealed value: the key file read (made on
** the database's first sealed value) and the version to seal with current. 0 or an error
** (store_errmsg). */
int store_seal_ready(struct store *s);

/* The schema migrations, in order; migration i brings user_version from i to i + 1. */
extern const char *const store_migrations[];
extern const int store_migration_count;

/* Brings the schema of s (opened to write) up to this belong's, as opening it does: for a
** database whose content was replaced under the connection (a restore). Returns 0 or a status
** with err (sqlite.c). */
int store_migrate(struct store *s, char *err, size_t errlen);

#endif
