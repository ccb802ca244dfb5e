/* record.h — what a reader of a directory format produces: one record per listing (an activity
** with its schedules and where it came from) and a batch of them. Knows nothing of the store:
** the formats (src/formats/) fill records, the import (catalog.h) writes them. The functions
** are in catalog.c, with the batch's spool.
*/
#ifndef BELONG_RECORD_H
#define BELONG_RECORD_H

#include <stdbool.h>
#include <stddef.h>

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

struct staging; /* the spool: store/staging.h, opaque here */

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

/* Sets *r to an empty record: active, cost and yes/no attributes unknown. Cannot fail. */
void import_record_init(struct import_record *r);
/* Appends an empty record (import_record_init) to the batch and returns it (owned by the
** batch). The pointer is valid until the next import_batch_add. Cannot fail. */
struct import_record *import_batch_add(struct import_batch *b);
/* Appends a schedule, taking ownership of its strings (*s is zeroed). Cannot fail. */
void import_record_add_schedule(struct import_record *r, struct schedule *s);
void import_batch_free(struct import_batch *b);
void import_record_free(struct import_record *r);
/* The records of the batch, spooled or in memory. */
size_t import_batch_count(const struct import_batch *b);

#endif
