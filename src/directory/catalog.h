/* catalog.h — keeping the directory: turning parsed records (from HSDS, iCalendar, the demo
** generator) into stored activities with schedules and materialised occurrences, and
** re-expanding schedules for a moving horizon. Every import is one transaction.
*/
#ifndef BELONG_CATALOG_H
#define BELONG_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "../store/store.h"
#include "../util/diag.h"
#include "activity.h"
#include "schedule.h"

/* One activity as a parser produced it, with its schedules and where it came from. */
struct import_record {
    struct activity activity;   /* activity.source_ref must be set; activity.source is ignored */
    struct schedule *schedules; /* heap array owned by the record */
    size_t n_schedules, cap_schedules;
    char *file; /* file and line of the record, for messages (heap, may be NULL) */
    long line;
    char *terms; /* the listing's terms from other taxonomies than belong's, lines "CODE<TAB>NAME"
                 ** (heap, may be NULL): read by the inference (infer.h), not stored */
    char *eligibility;    /* who may come, as the directory words it, one a line (heap, may be
                          ** NULL): read by the audience rules (audience_eligibility), not stored */
    int min_age, max_age; /* the directory's ages; 0 when not given */
};

struct staging; /* store/staging.h */

/* Everything one import brings: a source name, its kind, and the records. Owns all memory. */
struct import_batch {
    char *source;        /* stable name of the source, e.g. "hsds:/abs/path/to/dir" (heap) */
    char *kind;          /* "hsds", "ical", "demo", "gen" (heap) */
    char *former_source; /* the name an older rule gave this source, or NULL (heap): a source
                         ** stored under it is renamed to source when none has that name */
    struct import_record *records;
    size_t n, cap;
    /* When spooled (import_batch_spool): records 0..n_spooled-1 are in the spool, on disk, and
    ** records[0..n) follow them. */
    struct staging *spool;
    size_t n_spooled;
    bool spool_failed; /* a record could not be kept: every later spill fails */
};

/* Fills the category, tags and intensity the record's source left empty with what its own words
** say (infer.h), and notes them in activity.inferred and .inference with their evidence; what
** the source gave stays (a CPS's hand-set values are kept by the store). catalog_import calls it
** for every valid record. Cannot fail. */
struct infer_rules;
void catalog_infer(const struct infer_rules *rules, struct import_record *r);

/* Appends a zeroed record to the batch and returns it (owned by the batch). The pointer is
** valid until the next import_batch_add. Cannot fail. */
struct import_record *import_batch_add(struct import_batch *b);
/* Appends a schedule, taking ownership of its strings (*s is zeroed). Cannot fail. */
void import_record_add_schedule(struct import_record *r, struct schedule *s);
void import_batch_free(struct import_batch *b);
void import_record_free(struct import_record *r);
/* Keeps the batch's records on disk from now on, for a source too large to hold in memory:
** import_batch_spill moves the records in memory there (call it every few records). Both return
** 0, or BELONG_EIO with the reason in err. */
int import_batch_spool(struct import_batch *b, char *err, size_t errlen);
int import_batch_spill(struct import_batch *b, char *err, size_t errlen);
/* The records of the batch, spooled or in memory. */
size_t import_batch_count(const struct import_batch *b);

struct import_stats {
    long activities;  /* records written */
    long created;     /* of which new */
    long retired;     /* activities of the source no longer listed, marked inactive */
    long occurrences; /* occurrences materialised */
    long rejected;    /* records refused (only with lenient) */
    bool renamed;     /* the source was found under b->former_source and renamed */
};

/* Called now and then during a long import: done of total records written. */
typedef void (*import_progress_fn)(void *ctx, size_t done, size_t total);

struct import_options {
    bool lenient;                /* import the valid records; default is all-or-nothing */
    bool allow_empty;            /* let an import with no records retire the whole source */
    bool name_guessed;           /* the source's name is a guess (a folder's name): refuse an
                                 ** import that would retire all of a stored source's listings
                                 ** while naming none of them (likely another directory) */
    import_progress_fn progress; /* may be NULL */
    void *progress_ctx;
};

/* Checks every record (its fields, its schedules, and that no earlier record of the batch has
** its source_ref) and expands its schedules for the horizon, all before the write lock is
** taken, then writes the batch in one transaction: each record's
** organisation and place upserted by (source, activity.organization_ref / location_ref; when
** NULL, organization_default_ref / location_default_ref of its fields), activities upserted by
** (source, source_ref) naming them, schedules replaced, occurrences materialised for the
** horizon, activities of the source missing from this batch marked inactive, and the source's
** organisations and places no activity names any more removed.
** Problems go to diag as FILE:LINE: field: message. Returns 0; BELONG_EDATA when a record is
** invalid and not lenient (nothing is written); another code if the store fails (rolled
** back). OUT: *stats (may be NULL). */
int catalog_import(struct store *s, struct import_batch *b, const struct import_options *opt,
                   struct diag *diag, struct import_stats *stats);

/* The window whose occurrences are materialised for every source (recorded by the last import
** of each source and by refresh): inside it the occurrence table is complete; outside it,
** expand the schedules (catalog_expand). Before any import: today for the stored horizon
** (meta "horizon_days", default HORIZON_DAYS_DEFAULT). OUT: *from, *to. */
int catalog_horizon(struct store *s, time_t *from, time_t *to);

/* Re-expands every active activity's schedules from today for the horizon (horizon_days > 0
** changes the stored horizon first), in one transaction. An activity whose schedules no longer
** expand gets no dates, is counted in stats->rejected and reported to diag (may be NULL) as
** "activity:ID"; the others are refreshed. OUT: *stats. */
int catalog_refresh(struct store *s, int horizon_days, struct diag *diag,
                    struct import_stats *stats);

/* Expands schedules into occurrences starting in [from, to), sorted, duplicates removed.
** OUT: heap array (caller frees) and its length. Returns 0 or BELONG_EDATA. */
int catalog_expand(const struct schedule *scheds, size_t n, time_t from, time_t to,
                   struct occurrence **occ, size_t *n_occ);

#endif
