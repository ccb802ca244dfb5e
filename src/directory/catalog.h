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
#include "record.h"
#include "schedule.h"

/* Fills the category, tags and intensity the record's source left empty with what its own words
** say (infer.h), and notes them in activity.inferred and .inference with their evidence; what
** the source gave stays (a CPS's hand-set values are kept by the store). catalog_import calls it
** for every valid record. Cannot fail. */
struct infer_rules;
void catalog_infer(const struct infer_rules *rules, struct import_record *r);

/* Keeps the batch's records on disk from now on, for a source too large to hold in memory:
** import_batch_spill moves the records in memory there (call it every few records). Both return
** 0, or BELONG_EIO with the reason in err. */
int import_batch_spool(struct import_batch *b, char *err, size_t errlen);
int import_batch_spill(struct import_batch *b, char *err, size_t errlen);
/* Takes record r into the batch (its memory passes to the batch; *r is zeroed). Past a few
** thousand records the batch is spooled, and records go to disk every few dozen, so that memory
** does not grow with the source. Returns 0, or BELONG_EIO with the reason in err (the record
** is freed; every later call fails too). */
int import_batch_take(struct import_batch *b, struct import_record *r, char *err, size_t errlen);

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
