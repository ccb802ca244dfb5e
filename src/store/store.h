/* store.h — the only way to belong's data. Callers never see SQL or the engine behind it.
**
** The default engine is SQLite (sqlite.c and sqlite_*.c); another engine (PostgreSQL) would
** implement this same interface. Every function returns 0 or a BELONG_E* code (util/rc.h);
** store_errmsg says what the engine reported. Out-parameters filled with heap memory are
** owned by the caller and freed with the matching *_free function named beside them.
*/
#ifndef BELONG_STORE_H
#define BELONG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../directory/activity.h"
#include "../directory/location.h"
#include "../directory/organization.h"
#include "../directory/schedule.h"
#include "../engagement/connection.h"
#include "../engagement/engagement.h"
#include "../directory/week_slots.h"
#include "../peers/profile.h"

struct store;

/* ---- opening, transactions ---------------------------------------------------------- */

/* The database path: explicit_path if given, else $BELONG_DB, else
** $XDG_DATA_HOME/belong/belong.db (~/.local/share when XDG_DATA_HOME is unset).
** Returns a heap string the caller frees. */
char *store_resolve_path(const char *explicit_path);

/* How a command uses the database. */
enum store_access {
    STORE_READ,   /* only reads: the file must exist; opened read-only, its mode left alone */
    STORE_WRITE,  /* changes an existing database */
    STORE_CREATE, /* may create the file (mode 0600), never its folder */
};

/* How a connection works, chosen when it is opened. A zeroed struct (or NULL) is the default:
** a write waits up to STORE_BUSY_TIMEOUT_DEFAULT_S for another connection's write lock, the
** engine's own page cache, ordinary writes. */
struct store_options {
    int busy_timeout_s; /* how long a write waits for another connection's write lock before it
                        ** fails with BELONG_EBUSY (store_errmsg: busy, retry): 0 to
                        ** STORE_BUSY_TIMEOUT_MAX_S; 0 is the default (STORE_NO_WAIT: none) */
    int cache_kib;      /* the pages the engine may keep in memory, KiB; 0: its default. Bulk
                        ** writes set it high, so that a large transaction is not spilled to
                        ** disk page by page */
    /* About how many listings each write transaction of this connection writes (an import:
    ** its records; a refresh: STORE_BULK_ALL); 0 for ordinary work. When they are many next to
    ** what the store holds, the engine may drop what only search and matching read (SQLite:
    ** the listings' covering indexes) when the transaction begins and build it again before
    ** it commits; a rollback restores it. Search and matching must not run inside such a
    ** transaction. Its sorts and temporary tables go to temporary files, not memory. */
    size_t bulk_listings;
};
#define STORE_BUSY_TIMEOUT_DEFAULT_S 60
#define STORE_BUSY_TIMEOUT_MAX_S     86400
#define STORE_NO_WAIT                (-1)         /* busy_timeout_s: fail at once */
#define STORE_BULK_ALL               ((size_t)-1) /* bulk_listings: every listing (a refresh) */

/* Opens and migrates (even for STORE_READ: an older schema is updated when the file can be
** written) the database at path. A database whose mode has no owner write bit, or whose
** folder cannot be written, is read-only: STORE_READ opens it, the others refuse it. An
** existing file loses group and other permissions when opened to write; it never gains any.
** Returns 0 (OUT: *out); BELONG_ENOINPUT when the folder, or (not STORE_CREATE) the file, does
** not exist; BELONG_EDATA when the file is not a belong database; BELONG_EIO when it is
** read-only, the disk is full or the file cannot be read; BELONG_EINTERNAL. err says which,
** naming the path ("read-only database", "disk full", "not a belong database", "no such
** folder", "no such database"); BELONG_EUSAGE for options out of range. opt may be NULL. */
int store_open_as(const char *path, enum store_access access, const struct store_options *opt,
                  struct store **out, char *err, size_t errlen);
/* Creates every missing folder on the way to the file at path, with mode 0700 (for belong's
** own default location). Returns 0 or BELONG_EIO with err. */
int store_make_parent_dirs(const char *path, char *err, size_t errlen);
/* store_make_parent_dirs, then store_open_as(STORE_CREATE) with the default options. */
int store_open(const char *path, struct store **out, char *err, size_t errlen);
/* True when s was opened read-only. */
bool store_read_only(const struct store *s);
void store_close(struct store *s);
/* Called once in each wait for the write lock that passes a second: the database path and the
** most seconds it will wait. For every connection; NULL: none. */
typedef void (*store_busy_notice_fn)(const char *path, int timeout_s);
void store_on_busy_wait(store_busy_notice_fn fn);
/* The engine's last error message (never NULL). */
const char *store_errmsg(struct store *s);

/* One write transaction; nested calls are not supported. store_rollback cannot fail. It holds
** the write lock from store_begin on (BEGIN IMMEDIATE), so what it reads no other write can
** change before it commits: read-modify-write belongs inside it. */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);
/* One read transaction: everything read until store_read_end sees the database as of one
** commit, and no write lock is taken (writers go on). Not inside a write transaction.
** store_read_end cannot fail. */
int store_read_begin(struct store *s);
void store_read_end(struct store *s);
/* One write transaction around many operations (the demo's stories): until store_outer_end, each
** store_begin .. store_commit inside is a part of it (a savepoint; a store_rollback undoes that
** part only), and store_read_begin/_end read within it. store_outer_end commits all (commit) or
** undoes all; once it returns, nothing of the parts is left but what it committed. */
int store_outer_begin(struct store *s);
int store_outer_end(struct store *s, bool commit);

/* The directory's version (0 before any write): it moves on at every commit that wrote
** listings, places, schedules or occurrences (imports, refreshes, activity set), so that work
** done from a read of the directory outside a write transaction can tell, once the write lock
** is taken, whether it is still current. As of the open transaction, else of the last commit;
** -1 on a store error. */
int64_t store_directory_version(struct store *s);

/* Key/value settings kept in the database (e.g. the occurrence horizon).
** store_meta_get: OUT *value is heap (caller frees) or NULL when the key is absent. */
int store_meta_get(struct store *s, const char *key, char **value);
int store_meta_set(struct store *s, const char *key, const char *value);

/* The window of materialised occurrences, recorded per source when an import or a refresh
** writes them. store_horizon_record: source_id 0 records it for every source.
** store_horizon_get: the window covered for every source (latest start, earliest end);
** *found is false when nothing was recorded yet. */
int store_horizon_record(struct store *s, int64_t source_id, time_t from, time_t to);
int store_horizon_get(struct store *s, time_t *from, time_t *to, bool *found);

/* ---- directory: import ---------------------------------------------------------------- */

/* Starts a new import generation for a source (created if new). OUT: its id and generation. */
int store_source_begin(struct store *s, const char *name, const char *kind, int64_t *source_id,
                       int64_t *generation);
/* Renames the source named former to name when no source is named name yet, so that a source
** named by an older rule keeps its listings under its new name. OUT: *renamed. */
int store_source_rename(struct store *s, const char *former, const char *name, bool *renamed);
/* Inserts or updates the organisation keyed by (source, o->source_ref); o->name must be set.
** OUT: *id. */
int store_organization_upsert(struct store *s, int64_t source_id, const struct organization *o,
                              int64_t *id);
/* Inserts or updates the place keyed by (source, l->source_ref). When the coordinates of a
** stored place change, the copies on the activities at it (activity.lat/lon) and their R*Tree
** entries are rewritten with it: call it inside a transaction. OUT: *id. */
int store_location_upsert(struct store *s, int64_t source_id, const struct location *l,
                          int64_t *id);
/* Inserts or updates the activity keyed by (source, a->source_ref) and marks it seen in this
** generation and active. Attributes a CPS set by hand (store_activity_set_attrs) are kept.
** a->organization_id and a->location_id name its rows (0 = none; they must be of the same
** source); its coordinates are copied from the location, and a's own organisation and venue
** fields are not read. Its text and place indexes are refreshed by store_source_reindex, once
** per import. OUT: *id, *created (may be NULL). */
int store_activity_upsert(struct store *s, int64_t source_id, int64_t generation,
                          const struct activity *a, int64_t *id, bool *created);
/* Rebuilds the text and place index entries of every activity of the source seen in this
** generation, in one pass (much faster than one by one). */
int store_source_reindex(struct store *s, int64_t source_id, int64_t generation);
/* Marks activities of the source not seen in this generation inactive. OUT: *retired. */
int store_source_retire_unseen(struct store *s, int64_t source_id, int64_t generation,
                               long *retired);
/* Removes the source's organisations and places that no activity names (all of its
** activities, retired ones too, are kept: only rows left behind by changed listings go).
** OUT: *removed (may be NULL). */
int store_source_prune(struct store *s, int64_t source_id, long *removed);
/* Replaces all schedules of an activity. */
int store_schedules_replace(struct store *s, int64_t activity_id, const struct schedule *scheds,
                            size_t n);
/* Replaces the materialised occurrences of an activity that start at or after `from` (earlier
** ones are history and stay) with occ[0..n), and refreshes the activity's weekly time
** signature (struct week_slots) from all of its stored occurrences. occ's starts are
** distinct and at or after `from`, as catalog_expand gives them (else BELONG_EDATA: a start
** written twice). */
int store_occurrences_replace(struct store *s, int64_t activity_id, time_t from,
                              const struct occurrence *occ, size_t n);

/* ---- directory: reading --------------------------------------------------------------- */

/* OUT: *a filled, with its organisation's and place's fields and ids (free with
** activity_free). BELONG_ENOINPUT when there is no such id. */
int store_activity_get(struct store *s, int64_t id, struct activity *a);
/* What a search result shows of activity id, as store_activity_get reads it: name,
** organization, category, town, tzid, coords_from, cost_cents, access, intensity, is_virtual,
** open_days; the rest zero. OUT: *a (activity_free). BELONG_ENOINPUT when there is no such id. */
int store_activity_brief(struct store *s, int64_t id, struct activity *a);
/* OUT: *o filled (free with organization_free). BELONG_ENOINPUT when there is no such id. */
int store_organization_get(struct store *s, int64_t id, struct organization *o);
/* OUT: *l filled (free with location_free). BELONG_ENOINPUT when there is no such id. */
int store_location_get(struct store *s, int64_t id, struct location *l);
/* Where the active listings are, for the state most of them are in: calls fn once per ZIP
** code (zip set, the first five characters) and once per cell of a tenth of a degree for
** listings with coordinates but no ZIP code (zip NULL, lat and lon the cell's), with how many
** listings are there; at most limit calls, the largest groups first. */
int store_listing_places(struct store *s, int limit,
                         void (*fn)(void *ctx, const char *zip, double lat, double lon,
                                    int64_t count),
                         void *ctx);
/* OUT: heap array of n schedules; free each with schedule_free, then the array. */
int store_schedules_get(struct store *s, int64_t activity_id, struct schedule **scheds, size_t *n);
/* Occurrences of one activity starting in [from, to), in order. OUT: heap array (free()). */
int store_occurrences_get(struct store *s, int64_t activity_id, time_t from, time_t to,
                          struct occurrence **occ, size_t *n);
/* Ids of all active activities, ascending. OUT: heap array (free()). */
int store_activity_ids(struct store *s, int64_t **ids, size_t *n);

/* Which hand-set attributes store_activity_set_attrs should write. */
enum activity_attr {
    ATTR_CATEGORY = 1u << 0,
    ATTR_TAGS = 1u << 1,
    ATTR_INTENSITY = 1u << 2,
    ATTR_ACCESS = 1u << 3,
    ATTR_COST = 1u << 4,
    ATTR_GROUP_SIZE = 1u << 5,
    ATTR_PEER_RUN = 1u << 6,
    ATTR_SUBSTANCE_FREE = 1u << 7,
    ATTR_VIRTUAL = 1u << 8,
    ATTR_DROP_IN = 1u << 9,
    ATTR_LANGUAGES = 1u << 10,
    ATTR_AUDIENCE = 1u << 11,
};
/* Writes the attributes named in `which` from a, and remembers them as set by hand so that a
** re-import does not overwrite them. Several statements: call it inside a transaction.
** BELONG_ENOINPUT when there is no such id. */
int store_activity_set_attrs(struct store *s, int64_t id, const struct activity *a, unsigned which);
/* Undoes store_activity_set_attrs for the attributes named in `which`: each set by hand gets back
** the value (and inferred mark) it had before it was first set, and is no longer kept across
** re-imports, so the next import writes the directory's own. Attributes not set by hand are
** left as they are. Several statements: call it inside a transaction. BELONG_ENOINPUT when there
** is no such id. */
int store_activity_reset_attrs(struct store *s, int64_t id, unsigned which);

/* ---- directory: search (sqlite_search.c) ---------------------------------------------- */

/* Text to look for, as every engine takes it: phrases (each one or more words, matched as a
** run of words in a listing's name, description, tags or organisation), all of which must
** match (match_all) or any one; the last matched as the start of a word when last_prefix.
** Phrases are plain text: no character in them is an operator of the engine's query language.
** Borrowed: the query owns nothing. Empty phrases are not allowed; n_phrases > 0. */
struct store_text_query {
    const char *const *phrases; /* [n_phrases] */
    size_t n_phrases;
    bool match_all;   /* true: every phrase; false: any one */
    bool last_prefix; /* the last phrase matches words it begins ("garden" finds "gardening") */
};

/* What search asks of the store, already validated by directory/search.c. */
struct store_search_filter {
    const struct store_text_query *text; /* NULL for no text */
    const char *const *category_list;    /* category slugs, or none for any */
    size_t n_category_list;
    bool has_box; /* only activities whose coordinates fall in the box */
    double min_lat, max_lat, min_lon, max_lon;
    time_t from, to;                 /* an occurrence must start in [from, to), */
    unsigned weekday_mask;           /* on one of these local weekdays (bit 0 = Monday), */
    int after_minute, before_minute; /* at a local minute in [after, before) (0, 1440 = any) */
    int max_cost_cents;              /* -1 = any; else cost known and at most this */
    unsigned access_required;        /* enum access_flag bits that must all be set */
    int intensity_max;               /* 0 = any; else intensity known and at most this */
    bool coords_only;                /* only activities with coordinates */
};

/* One active activity passing every filter. */
struct store_search_hit {
    int64_t id;
    double relevance; /* how well it matches the text: > 0, higher is better; 0 without text.
                      ** The engine's own measure (docs/store.md), comparable within a query */
    bool has_coords;
    double lat, lon;
    /* next_known (store_search): next_start is its first occurrence passing the window and
    ** day/time filters. Otherwise (store_search_ranked) the hit passed every other filter, and
    ** its weekly time signature fits the day/time filters, but it may have no such occurrence:
    ** the caller asks store_search_next, only for hits that could rank (most cannot). */
    bool next_known;
    time_t next_start;
    /* Times not listed (docs/cli.md): untimed_fit, the listing fits the day/time filters without
    ** an occurrence (it has no schedule, or is open on a day asked for with times not listed,
    ** and no time of day is asked for); slots_fit, its weekly time signature fits them, so it
    ** may have a fitting occurrence (store_search_ranked). A hit of store_search with
    ** untimed_fit has none (next_known is false): those come after every hit with one, by id. */
    bool untimed_fit, slots_fit;
};

/* Without text or a box: calls fn once for each active activity passing f that has an
** occurrence passing its window and day/time filters (next_known), soonest next_start first,
** then lowest id, and then once for each that has none but fits them as "times not listed"
** (untimed_fit), lowest id first; fn returns false to stop early. fn must not call store_search
*itself
** (store_search_next is fine). The filters are applied to the listings and occurrences kept in
** memory (store_listings_with_occurrences), day by day from the window's start through the
** sets of listings meeting each day, so that the first hits cost only the listings meeting
** on the first days. */
typedef bool (*store_search_fn)(void *ctx, const struct store_search_hit *hit);
int store_search(struct store *s, const struct store_search_filter *f, store_search_fn fn,
                 void *ctx);
/* How many active activities pass f (its text and box too, when it has them) with an occurrence
** passing its window and day/time filters, or fitting them with times not listed: the hits
** store_search would hand over, in no order. With fn, only those for which fn returns true
** count (each handed over once, next_known false). The filters are applied to the sets of ids
** kept with the listings in memory, so this costs a few operations a 64 listings, and a look
** at the listings an occurrence decides (day or time filters, a window cutting a day).
** OUT: *n. */
typedef bool (*store_hit_test_fn)(void *ctx, const struct store_search_hit *hit);
/* What fn answers for every point of the box [min_lat, max_lat] x [min_lon, max_lon]: 1 true
** for each, -1 false for each, 0 not the same for all, or not known. */
typedef int (*store_box_test_fn)(void *ctx, double min_lat, double max_lat, double min_lon,
                                 double max_lon);
/* With f's box and fn, box_fn (or NULL) lets the count take a whole grid cell at once: the
** listings of a cell box_fn answers for are not handed to fn. */
int store_search_count(struct store *s, const struct store_search_filter *f, store_hit_test_fn fn,
                       store_box_test_fn box_fn, void *ctx, size_t *n);
/* Every active activity whose text matches f->text (with text) or that lies in f's box
** (without), and that passes f's category, cost, access and intensity filters and whose weekly
** time signature fits its day/time filters (slots_fit), or that fits them with times not
** listed (untimed_fit) — but may have no occurrence in the window: the
** caller asks store_search_next for the hits that could rank. In no set order. The filters are
** applied to the listings kept in memory, so this costs one pass over the text matches (or the
** listings) whatever the filters. OUT: heap array (free()) and its length. */
int store_search_ranked(struct store *s, const struct store_search_filter *f,
                        struct store_search_hit **hits, size_t *n);
/* With a box: calls fn with the hits store_search_ranked would give, nearest places first by
** rings of the grid's cells around (lat, lon) (the online ones with coordinates, in no cell,
** before them), and ring_fn after each ring with where the listings not handed over yet lie,
** until either returns false or nothing is left (ring_fn is then called with left->done).
** So that a search near a place costs the listings near it, not all those of its box. */
/* What is left after a ring: listings beyond the latitudes north and south, the longitudes
** east and west (degrees; NAN on a side where none is left), none at all when done. */
struct store_ring_left {
    double north, south, east, west;
    double lat_min, lat_max; /* every listing left lies between these latitudes */
    double max_relevance;    /* with text: the highest relevance of any (1 without) */
    bool done;
};
typedef bool (*store_outward_fn)(void *ctx, const struct store_ring_left *left);
int store_search_outward(struct store *s, const struct store_search_filter *f, double lat,
                         double lon, store_search_fn fn, store_outward_fn ring_fn, void *ctx);
/* With text and without a box: calls fn with the hits store_search_ranked would give, best
** relevance first, then lowest id, until fn returns false (the matches are kept sorted so, so
** that a page costs the matches looked at before it is full, not all of them). fn may call
** store_search_next. */
int store_search_by_relevance(struct store *s, const struct store_search_filter *f,
                              store_search_fn fn, void *ctx);
/* The starts of an activity's occurrences passing f's window and day/time filters, soonest
** first, at most max. Read from the copy of the occurrences the last store_search* call used
** when it holds them (the same state of the directory as its hits; no SQL), else from the
** table. OUT: starts[0..*n). */
int store_search_next(struct store *s, const struct store_search_filter *f, int64_t activity_id,
                      time_t *starts, size_t max, size_t *n);

/* ---- peers ---------------------------------------------------------------------------- */
/* Every call names the CPS whose caseload holds the peer: a peer outside it answers
** BELONG_ENOINPUT, exactly as an id that does not exist (need-to-know). */

/* Inserts p (p->id == 0; sets p->id and p->created_at) or replaces the stored profile p->id
** of p->cps; lists, windows and dates away are replaced whole. Appends to the comfort history
** when p->comfort is set and differs from the stored one. Sets p->version to the stored one:
** 1 for a new profile, one more than before for a replaced one (p->version is not checked:
** read and compare it in the same transaction). Several writes: call it between store_begin
** and store_commit. BELONG_ENOINPUT when p->id is not in p->cps's caseload. */
int store_peer_put(struct store *s, struct peer *p, time_t now);
/* Reads peer id of cps's caseload (archived ones too) with its lists, availability and
** comfort history. OUT: *p (free with peer_free). BELONG_ENOINPUT when not there. */
int store_peer_get(struct store *s, const char *cps, int64_t id, struct peer *p);
/* The ids of cps's caseload, ascending; archived peers only when include_archived.
** OUT: heap array (free()). */
int store_peer_ids(struct store *s, const char *cps, bool include_archived, int64_t **ids,
                   size_t *n);
/* The peers of cps's caseload as store_peer_ids lists them, each with only its id, caseload and
** name (the one field opened; the rest as peer_init leaves it). OUT: heap array of *n (each
** peer_free, then free()). */
int store_peer_names(struct store *s, const char *cps, bool include_archived, struct peer **out,
                     size_t *n);
/* Archives (hides from lists and matching, keeps everything) or restores a peer; its version
** moves on. BELONG_ENOINPUT when id is not in cps's caseload. */
int store_peer_set_archived(struct store *s, const char *cps, int64_t id, bool archived,
                            time_t now);

/* ---- matching (sqlite_match.c) -------------------------------------------------------- */

/* Which activities recommend considers: hard constraints that are cheap to test in the store
** (active, cost, access, an occurrence in the window on a weekday the peer is ever free) are
** applied here; the caller checks every constraint again exactly. */
struct store_match_filter {
    int64_t only_id; /* > 0: only this activity, active or not, no other filter (--explain) */
    bool in_person;  /* in-person activities: in the box when has_box, else all of them */
    bool has_box;    /* coordinates in [min_lat, max_lat] x [min_lon, max_lon], */
    double min_lat, max_lat, min_lon, max_lon;
    /* and (with the box) within the ellipse around (center_lat, center_lon) where
    ** dlat² + lon_scale² · dlon² <= radius_deg², in degrees: a cheap superset of a circle */
    double center_lat, center_lon, lon_scale, radius_deg;
    bool online;           /* online (virtual) activities, wherever they are listed */
    time_t from, to;       /* the window: occurrences starting in [from, to) */
    bool occurrences;      /* read materialised occurrences (and keep only activities with one);
                           ** false: read the stored schedules instead, for the caller to expand */
    unsigned weekday_mask; /* occurrences on these local weekdays (bit 0 = Monday) */
    /* With occurrences: only activities whose signature shares a slot with this one (a
    ** superset of those with a fitting occurrence); all zero = any time */
    struct week_slots week_slots;
    int max_cost_cents;       /* -1 = any; else the cost is known and at most this */
    unsigned access_required; /* enum access_flag bits; online ones have wheelchair, transit */
    /* Also the activities whose times are not listed, for "ask about times": with occurrences,
    ** those without one that are open on one of weekday_mask's days without times (or have no
    ** days known and no schedule); with schedules, those without any schedule too */
    bool untimed;
};

/* One candidate with the facts the hard constraints need. occ and scheds are borrowed: valid
** only during the callback. The rest of the listing comes from store_match_details, for the
** candidates that pass (most do not: reading every listing whole would dominate the cost). */
struct store_match_row {
    int64_t id;
    unsigned access;
    int cost_cents; /* COST_UNKNOWN or cents */
    bool is_virtual, active, has_coords;
    double lat, lon;
    const struct occurrence *occ; /* in the window, soonest first (filter.occurrences) */
    size_t n_occ;
    const struct schedule *scheds; /* every stored schedule (!filter.occurrences) */
    size_t n_scheds;
    bool times_listed;  /* it has a schedule (activity.h) */
    unsigned open_days; /* open these weekdays without times (bit 0 = Monday) */
};

/* Calls fn once per activity passing f, in no set order; fn returns false to stop. fn must
** not call the store. */
typedef bool (*store_match_fn)(void *ctx, const struct store_match_row *row);
int store_match_candidates(struct store *s, const struct store_match_filter *f, store_match_fn fn,
                           void *ctx);

/* The rest of a candidate's listing. Strings are borrowed: valid only during the callback. */
struct store_match_details {
    int64_t id;
    const char *name, *category, *organization, *tags, *town, *tzid;
    int intensity;                /* 0 = unknown */
    int group_size;               /* 0 = unknown */
    int peer_run, substance_free; /* enum tristate */
    bool approximate_place;       /* at its ZIP code's or town's centre (location.h) */
    unsigned audience;            /* who it is for: enum audience_flag bits; 0 = everyone */
    const char *languages;        /* held in: a comma list, NULL = not said (language.h) */
};
/* Calls fn once for each of ids[0..n) that exists, in that order; fn must not call the store.
** Read from the listings kept in memory (store_listings_for_matching). */
typedef void (*store_match_details_fn)(void *ctx, const struct store_match_details *d);
int store_match_details(struct store *s, const int64_t *ids, size_t n, store_match_details_fn fn,
                        void *ctx);

/* Calls fn(ctx, id, description) for each of ids[0..n) that exists, in that order (description
** NULL when the listing has none; borrowed: valid only during the callback); fn must not call
** the store. For checking a text match against what the listing really says. */
typedef void (*store_match_description_fn)(void *ctx, int64_t id, const char *description);
int store_match_descriptions(struct store *s, const int64_t *ids, size_t n,
                             store_match_description_fn fn, void *ctx);

/* The relevance of q (as store_search_hit.relevance: > 0, higher is better) to each of
** ids[0..n), which must be ascending. OUT: relevance[i] for ids[i], 0 when it does not match. */
int store_match_relevance(struct store *s, const struct store_text_query *q, const int64_t *ids,
                          size_t n, double *relevance);

/* A peer's choice on a suggestion (until the engagement records bring plans). */
enum store_choice_kind { STORE_CHOICE_CHOSEN, STORE_CHOICE_DECLINED };
struct store_choice {
    int64_t activity_id;
    enum store_choice_kind choice;
    char *note; /* or NULL */
    time_t at;
    char *name, *category, *organization; /* of the activity, for history; may be NULL */
};
/* Records (or replaces) peer_id's choice on activity_id. BELONG_ENOINPUT when the peer is not
** in cps's caseload or the activity does not exist. */
int store_choice_put(struct store *s, const char *cps, int64_t peer_id, int64_t activity_id,
                     enum store_choice_kind choice, const char *note, time_t at);
/* The peer's choices, by activity id ascending. OUT: heap array; free with
** store_choices_free. An unknown peer (or one outside cps's caseload) has none. */
int store_choices_get(struct store *s, const char *cps, int64_t peer_id, struct store_choice **out,
                      size_t *n);
void store_choices_free(struct store_choice *c, size_t n);

/* ---- the history of a peer's choices (sqlite_history.c) ------------------------------------- */
/* Appends an entry to peer_id's history (the caller checked the peer and the activity, in the
** same transaction as the choice it records). forced may be NULL. Returns 0 or a store error. */
int store_history_add(struct store *s, int64_t peer_id, int64_t activity_id,
                      enum choice_event_kind kind, const char *note, const char *forced, time_t at);
/* Withdraws peer_id's current choice of activity_id (cps's caseload): the current choice goes,
** its history stays. BELONG_ENOINPUT when the peer has no current choice of it. */
int store_choice_withdraw(struct store *s, const char *cps, int64_t peer_id, int64_t activity_id);
/* peer_id's history (cps's caseload), oldest first. OUT: heap array (store_history_free). */
int store_history_get(struct store *s, const char *cps, int64_t peer_id, struct choice_event **out,
                      size_t *n);
void store_history_free(struct choice_event *h, size_t n);

/* ---- measures (sqlite_measures.c) ------------------------------------------------------------ */
#define STORE_MEASURE_ITEMS_MAX 8 /* answers one administration holds (>= MEASURE_ITEMS_MAX) */
/* One administration of an instrument to a peer: the answers as stored (the option codes, -1
** for an item not answered), never the scores. */
struct store_measure {
    int64_t id;
    int64_t peer_id;
    char instrument[16]; /* "ucla3" */
    char date[11];       /* YYYY-MM-DD, the day it was given */
    time_t created_at;
    int codes[STORE_MEASURE_ITEMS_MAX];
    size_t n_codes;
};
/* Records m (its instrument, date and codes[0..n_codes)) for peer_id, who must be in cps's
** caseload and not archived, else BELONG_ENOINPUT and nothing written. Each answer is stored
** with m->date. Several writes: call it between store_begin and store_commit. OUT: m->id. */
int store_measure_add(struct store *s, const char *cps, int64_t peer_id, struct store_measure *m,
                      time_t now);
/* The administrations of peer_id (of cps's caseload), of instrument only when not NULL, oldest
** first (by date, then as recorded). OUT: heap array (free) of *n; none for a peer outside the
** caseload. */
int store_measures_get(struct store *s, const char *cps, int64_t peer_id, const char *instrument,
                       struct store_measure **out, size_t *n);
/* The administration id of a peer of cps's caseload (archived ones too). OUT: *m.
** BELONG_ENOINPUT when not there. */
int store_measure_get(struct store *s, const char *cps, int64_t id, struct store_measure *m);
/* Replaces the date and every answer of administration m->id (its instrument is kept) with m's,
** each answer stored with m->date. BELONG_ENOINPUT, nothing written, when it is not of a
** current (not archived) peer of cps. Several writes: call it inside a transaction. */
int store_measure_replace(struct store *s, const char *cps, const struct store_measure *m);
/* Deletes administration id and its answers. BELONG_ENOINPUT when it is not of a current (not
** archived) peer of cps. */
int store_measure_delete(struct store *s, const char *cps, int64_t id);

/* ---- connections (sqlite_connections.c) ------------------------------------------------------ */
/* The people a peer met (engagement/connection.h). Every call names the CPS: a connection of a
** peer outside the caseload answers BELONG_ENOINPUT, as one that does not exist. */

/* Records c (name, where met, history[0]: its first state; c->n_history must be 1) for peer_id,
** who must be a current (not archived) peer of cps, else BELONG_ENOINPUT and nothing written.
** Several writes: call it inside a transaction. OUT: c->id, c->peer_id, c->met_on. */
int store_connection_add(struct store *s, const char *cps, int64_t peer_id, struct connection *c,
                         time_t now);
/* Appends ch to connection id's history (and, when ch->ended, records the day it ended).
** BELONG_ENOINPUT when id is not a connection of a current peer of cps. Several writes: call it
** inside a transaction. */
int store_connection_append(struct store *s, const char *cps, int64_t id,
                            const struct connection_change *ch, time_t now);
/* Connection id (of a peer of cps, archived ones too) with its whole history. OUT: *c
** (connection_free). BELONG_ENOINPUT when not there. */
int store_connection_get(struct store *s, const char *cps, int64_t id, struct connection *c);
/* Every connection of peer_id (of cps's caseload), in the order met, with its history.
** OUT: heap array (connections_free) of *n; none for a peer outside the caseload. */
int store_connections_get(struct store *s, const char *cps, int64_t peer_id,
                          struct connection **out, size_t *n);

/* ---- erasure (sqlite_erase.c) ------------------------------------------------------------------
 */
/* What an erasure deleted besides the profile. */
struct store_erased {
    int64_t measures, connections, choices;
};
/* Deletes peer id of cps's caseload (archived too) and every record about them, with deleted
** content overwritten. BELONG_ENOINPUT when not there. Several writes: call it inside a
** transaction, and store_erase_flush after the commit. OUT: *gone. */
int store_peer_erase(struct store *s, const char *cps, int64_t id, struct store_erased *gone);
/* Moves every committed change into the database file and empties the write-ahead log, so
** that erased content is left nowhere (a reader holding an old snapshot may keep part of it
** until it ends). */
int store_erase_flush(struct store *s);

/* ---- one copy of the listings for the whole process (sqlite_listings.c) -------------------- */
/* With on, the connections of this process to one database file share one in-memory copy of
** the listings (with their occurrences and words) instead of one each (docs/store.md, "What a
** connection keeps in memory"): the first that needs it after the directory version moves
** builds the new copy, once, while the others wait; a connection keeps the copy it last got
** until its next store call, so the readers of an old copy finish on it, and the last to let go
** frees it. Inside a write transaction a connection still reads its own. Call it before the
** connections start and after they are closed (off frees the newest copy). Cannot fail. */
void store_listings_share(bool on);

/* ---- plans and visits (sqlite_plans.c) ------------------------------------------------------ */
/* Every call works in cps's caseload: a plan or visit of a peer outside it answers exactly as
** one that does not exist. The read ones fill the activity's name and intensity (and, for
** visits, category and organisation); the free text is kept behind these functions only. */

/* Inserts p (its peer_id, activity_id, date, start, support, note; status planned) when its
** peer is in cps's caseload and not archived, else BELONG_ENOINPUT and nothing written.
** OUT: p->id, p->created_at, p->updated_at. */
int store_plan_add(struct store *s, const char *cps, struct plan *p, time_t now);
/* Reads plan id. OUT: *p (plan_free). BELONG_ENOINPUT when not there. */
int store_plan_get(struct store *s, const char *cps, int64_t id, struct plan *p);
/* The plans of peer_id, by date then id; only those with status only_status when it is >= 0.
** OUT: heap array (plans_free) of *n. */
int store_plans_get(struct store *s, const char *cps, int64_t peer_id, int only_status,
                    struct plan **out, size_t *n);
/* The earliest planned plan of peer_id for activity_id dated on or after from_date
** (YYYY-MM-DD). OUT: *found, and *p (plan_free) when found. */
int store_plan_find_planned(struct store *s, const char *cps, int64_t peer_id, int64_t activity_id,
                            const char *from_date, struct plan *p, bool *found);
/* Sets plan id's status and reason (may be NULL). BELONG_ENOINPUT when not there. */
int store_plan_set_status(struct store *s, const char *cps, int64_t id, enum plan_status status,
                          const char *reason, time_t now);
/* Inserts v when its peer is in cps's caseload and not archived (and v->plan_id, when not 0,
** is that peer's), else BELONG_ENOINPUT and nothing written. OUT: v->id, v->created_at. */
int store_visit_add(struct store *s, const char *cps, struct visit *v, time_t now);
/* The visits of peer_id, by date then id. OUT: heap array (visits_free) of *n. */
int store_visits_get(struct store *s, const char *cps, int64_t peer_id, struct visit **out,
                     size_t *n);

/* ---- accounts, sessions, throttling, audit (sqlite_accounts.c) ------------------------------- */
#define STORE_USER_NAME_MAX 64  /* = CPS_HANDLE_MAX: a user's name is their caseload handle */
#define STORE_PWHASH_MAX    128 /* >= crypto_pwhash_STRBYTES */
#define STORE_TOKEN_HASH    32  /* bytes of a session's or API token's stored hash */
/* One user account. role: "cps", "supervisor" or "admin"; supervisor: "" when none. */
struct store_user {
    char name[STORE_USER_NAME_MAX + 1];
    char role[16];
    char supervisor[STORE_USER_NAME_MAX + 1];
    char password_hash[STORE_PWHASH_MAX];
    bool disabled;
    time_t created_at;
};
/* Adds u. BELONG_EDATA when the name is taken (store_errmsg says so). */
int store_user_add(struct store *s, const struct store_user *u);
/* Reads user name. OUT: *u. BELONG_ENOINPUT when there is none. */
int store_user_get(struct store *s, const char *name, struct store_user *u);
/* Replaces name's password hash. BELONG_ENOINPUT when there is no such user. */
int store_user_set_password(struct store *s, const char *name, const char *password_hash);
/* Disables name (or enables it again). BELONG_ENOINPUT when there is no such user. */
int store_user_set_disabled(struct store *s, const char *name, bool disabled);
/* Every user, by name. OUT: heap array (free) of *n. */
int store_users_list(struct store *s, struct store_user **out, size_t *n);
/* How many enabled users have role. OUT: *n. */
int store_users_count(struct store *s, const char *role, int64_t *n);
/* The caseload handle peer id belongs to, into owner (size bytes). BELONG_ENOINPUT when no
** peer has the id. */
int store_peer_owner(struct store *s, int64_t id, char *owner, size_t size);

/* A web session: its token's hash, the user, the CSRF secret (hex), where from, and when. */
struct store_session {
    unsigned char token_hash[STORE_TOKEN_HASH];
    char user[STORE_USER_NAME_MAX + 1];
    char csrf[65];
    char address[64];
    time_t created_at, last_seen;
};
int store_session_add(struct store *s, const struct store_session *sn);
/* Reads the session whose token hashes to token_hash. BELONG_ENOINPUT when none. */
int store_session_get(struct store *s, const unsigned char *token_hash, struct store_session *sn);
/* Moves a session's last_seen (and address). */
int store_session_touch(struct store *s, const unsigned char *token_hash, const char *address,
                        time_t now);
/* Deletes one session (logout, expiry); none there is not an error. */
int store_session_delete(struct store *s, const unsigned char *token_hash);
/* Deletes every session of user (disable, new password). */
int store_sessions_delete_user(struct store *s, const char *user);

/* Replaces user's API token by the one hashing to token_hash. */
int store_token_set(struct store *s, const char *user, const unsigned char *token_hash, time_t now);
/* The user whose API token hashes to token_hash, into user (size bytes). BELONG_ENOINPUT when
** none. */
int store_token_user(struct store *s, const unsigned char *token_hash, char *user, size_t size);

/* Login failures of one key ("account" or "address" kind): how many, the last one's time
** (0 failures, 0 when none). */
int store_login_failures(struct store *s, const char *kind, const char *key, int64_t *failures,
                         time_t *last_at);
/* Counts one more failure at now; failures_reset: start the count again from 1 (the earlier
** ones are too old to count). */
int store_login_failure_add(struct store *s, const char *kind, const char *key, bool reset,
                            time_t now);
/* Forgets key's failures (a successful login). */
int store_login_failures_clear(struct store *s, const char *kind, const char *key);

/* One audit row. peer_id 0: none (a list, a refused login). outcome: "ok", "refused" (for the
** caseload), "invalid" (a change refused for its input) or "failed" (a change the store or
** the disk failed). */
struct store_audit {
    int64_t id;
    time_t at;
    char actor[STORE_USER_NAME_MAX + 1];
    char operation[32];
    int64_t peer_id;
    char origin[64];
    char outcome[8];
};
/* Appends a (its id is set). Rows are never changed nor deleted (triggers refuse both). */
int store_audit_add(struct store *s, struct store_audit *a);
/* Which rows store_audit_list returns: team (not NULL) keeps those by the team's members (the
** users whose supervisor is team, and team) or about their peers; peer_id (not 0), actor (not
** NULL), since (not 0) and after_id (not 0: the rows written after that one) narrow further. */
struct store_audit_filter {
    const char *team;
    int64_t peer_id;
    const char *actor;
    time_t since;
    int64_t after_id;
};
/* The matching rows, oldest first. OUT: heap array (free) of *n. */
int store_audit_list(struct store *s, const struct store_audit_filter *f, struct store_audit **out,
                     size_t *n);

/* ---- backup and restore (sqlite_backup.c) ---------------------------------------------------- */
/* Copies the database, as of one commit, into a new file dest (mode 0600) with the engine's
** online backup: other connections go on reading and writing meanwhile. The copy is one
** self-contained file, checked sound before it is put in place under its name whole (never a
** half-written file under dest). An existing dest is refused unless replace; the database itself
** always. Returns 0, or BELONG_EUSAGE (dest exists, or is the database), BELONG_EBUSY,
** BELONG_EDATA (the copy failed its check) or BELONG_EIO with err naming dest. */
int store_backup(struct store *s, const char *dest, bool replace, char *err, size_t errlen);
/* Replaces the whole content of the database with the backup at src_path (checked first: an
** SQLite file with belong's application id, a schema no newer than this build's, an integrity
** check that passes; a file refused changes nothing), in one step that readers see whole, then
** brings an older schema up to date and appends again the audit rows written since the backup
** was made (OUT: *audit_kept, how many). Not inside a transaction. Returns 0, or with err:
** BELONG_ENOINPUT or BELONG_EDATA (the file refused), BELONG_EUSAGE (src_path is the
** database), BELONG_EBUSY, BELONG_EIO. */
int store_restore(struct store *s, const char *src_path, size_t *audit_kept, char *err,
                  size_t errlen);

/* ---- whose record (sqlite_records.c) ------------------------------------------------------- */
/* The kinds of peer record taken by their own id. */
enum store_record_kind {
    STORE_RECORD_PLAN,
    STORE_RECORD_VISIT,
    STORE_RECORD_CONNECTION,
    STORE_RECORD_MEASURE,
    STORE_RECORD_KINDS
};
/* The peer that record id of kind belongs to, in whatever caseload: for the audit trail of a
** refused access only, never to answer the caller with. OUT: *peer_id. BELONG_ENOINPUT when no
** record of that kind has the id. */
int store_record_peer(struct store *s, enum store_record_kind kind, int64_t id, int64_t *peer_id);
/* ---- sealing the sensitive peer fields (sqlite_seal.c, keyfile.c; docs/privacy.md) ---- */

/* The key file of every database opened from now on (--key FILE); NULL: $BELONG_KEY_FILE, else
** the database's path followed by ".key". The string is copied. */
void store_key_file_set(const char *path);
/* Rotates the database's key: a new key version added to the key file, every sealed value
** sealed again with it in one transaction, then the older versions dropped from the file
** (each write of the file atomic). A crash at any point loses nothing: the old versions stay
** in the file until the commit. OUT: *version, the new version. 0 or an error (store_errmsg). */
int store_key_rotate(struct store *s, uint32_t *version);

/* ---- a whole caseload's records at once, for the caseload report (sqlite_caseload.c) ---- */
struct store_caseload_peer {
    int64_t id;
    char cps[STORE_USER_NAME_MAX + 1];
    char *name; /* owned; NULL unless asked for (with_names) */
};
struct store_caseload_plan {
    int64_t id, peer_id;
    char date[11]; /* YYYY-MM-DD */
    enum plan_status status;
};
struct store_caseload_visit {
    int64_t id, peer_id, activity_id;
    char date[11]; /* YYYY-MM-DD */
    bool went;
};
/* Each array ordered by peer id, then (records) by date, then id. */
struct store_caseload {
    struct store_caseload_peer *peers;
    size_t n_peers;
    struct store_caseload_plan *plans;
    size_t n_plans;
    struct store_caseload_visit *visits;
    size_t n_visits;
    struct store_measure *measures; /* of the instruments asked for; answers: n_codes 0 until
                                       store_caseload_answers reads them */
    size_t n_measures;
};
/* The current (not archived) peers of caseloads[0..n_caseloads) with every plan, visit and
** administration of instruments[0..n_instruments) (every instrument when instruments is NULL;
** their answers not read): one query per kind of record and caseload, whatever the number of
** peers. The peers' names are opened only when with_names; no other sealed column is read. Call
** it inside store_read_begin/_end to read one state. OUT: *out (store_caseload_free), empty on
** an error. */
int store_caseload_read(struct store *s, const char *const *caseloads, size_t n_caseloads,
                        bool with_names, const char *const *instruments, size_t n_instruments,
                        struct store_caseload *out);
/* Opens the answers of c->measures[which[0..n)] (c from store_caseload_read, in the same read
** transaction), in one query: sets their codes and n_codes. An administration that is no
** longer there keeps n_codes 0. */
int store_caseload_answers(struct store *s, struct store_caseload *c, const size_t *which,
                           size_t n);
void store_caseload_free(struct store_caseload *c);

/* ---- the dashboard: a caseload's engagement at once (sqlite_caseload.c) -------------------- */

/* A current peer's comfort level (0: not assessed) and when it was last set (0: never). */
struct store_engaged_peer {
    int64_t id;
    int comfort;
    time_t comfort_set_at;
};
/* A planned plan, from the day asked for on. */
struct store_next_plan {
    int64_t id, peer_id;
    char date[11];       /* YYYY-MM-DD */
    char *activity_name; /* owned; NULL when the activity is gone */
};
/* An event of the step suggestion (engagement/step.h): a visit (missed when the peer did not
** go), or a skipped plan that has no visit. */
struct store_step_row {
    int64_t id, peer_id; /* id: the visit's or the plan's */
    char date[11];
    time_t recorded_at; /* the visit's created_at, the plan's updated_at */
    bool missed;
    int intensity;     /* the activity's, 0 unknown */
    int comfort_after; /* a visit's, 0 not said */
};
/* Each array ordered by peer id, then (plans, steps) by date, then id. */
struct store_engagement {
    struct store_engaged_peer *peers;
    size_t n_peers;
    struct store_next_plan *plans;
    size_t n_plans;
    struct store_step_row *steps;
    size_t n_steps;
};
/* The current peers of caseloads[0..n_caseloads) with their planned plans from from_day
** (YYYY-MM-DD) on and their step events: one query per kind and caseload, whatever the number
** of peers; nothing sealed is opened. Call it inside store_read_begin/_end (with
** store_caseload_read, to read one state). OUT: *out (store_engagement_free), empty on an
** error. */
int store_caseload_engagement(struct store *s, const char *const *caseloads, size_t n_caseloads,
                              const char *from_day, struct store_engagement *out);
void store_engagement_free(struct store_engagement *e);

/* ---- a search result's fields from the copy (sqlite_brief.c) ------------------------------ */
/* What a search result shows of listing id, as store_activity_brief fills it, but read from the
** copy of the listings the last store_listings_* call returned (the one the search ranked from)
** when that copy holds the listing's words (a shared copy always does); else by
** store_activity_brief. coords_from tells only whether the place is a centre: COORDS_FROM_ZIP
** stands for a ZIP code's or a town's. OUT: *a (free with activity_free). BELONG_ENOINPUT when
** there is no such id. */
int store_listing_brief(struct store *s, int64_t id, struct activity *a);
/* The strings a search result shows, borrowed from the copy: valid until the next call on s. */
struct store_brief_strings {
    const char *name, *organization, *category, *town, *tzid; /* NULL: none */
};
/* store_listing_brief without a copy of its strings: when the copy holds listing id's words,
** fills a with its fields but the strings (NULL; nothing to free) and *strings with them, and
** returns true; else returns false, nothing set (store_listing_brief reads the row). */
bool store_listing_brief_borrow(struct store *s, int64_t id, struct activity *a,
                                struct store_brief_strings *strings);
/* The horizon of the stored occurrences as store_horizon_get reads it, as of the copy of the
** listings the last store_listings_* call returned (the one a search just ranked from): read
** once per connection and version of the directory, then kept (the directory's version moves
** when a horizon is written). Inside a transaction that writes, or with no copy, it is read. */
int store_search_horizon(struct store *s, time_t *from, time_t *to, bool *found);

#endif
