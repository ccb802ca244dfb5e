/* hsds_internal.h — the HSDS importer's private model: every table of a source as rows of
** strings, whichever shape (3.0 CSV, 3.0 JSON, 1.x/2.x CSV) they came from, so that one
** validator and one assembler (hsds.c) serve all three. The rows live in a staging file
** (the scratch rows the caller gives, format.h); a few are in memory at a time (hsds_model.c).
*/
#ifndef BELONG_HSDS_INTERNAL_H
#define BELONG_HSDS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../directory/schedule.h"
#include "../util/diag.h"
#include "../util/timeutil.h" /* struct civil_date */
#include "format.h"

enum hsds_table {
    HT_ORG,
    HT_LOC,
    HT_SVC,
    HT_SAL,
    HT_ADDR,
    HT_SCHED,
    HT_HOLIDAY,
    HT_COST,
    HT_ACCESS,
    HT_LANG,
    HT_PHONE,
    HT_TERM,
    HT_TAXONOMY,
    HT_ATTR,
    HT_ELIG, /* HSDS 1.x/2.x eligibility.csv, 3.0 JSON eligibility objects */
    HT_COUNT
};

/* Field indexes per table; the names are the HSDS column (or JSON member) names in
** hsds_fields[] (hsds_model.c). Index 0 is always "id". */
enum { ORG_ID, ORG_NAME, ORG_N };
enum {
    LOC_ID,
    LOC_ORG,
    LOC_NAME,
    LOC_TYPE,
    LOC_LAT,
    LOC_LON,
    LOC_TRANSPORT,
    LOC_ACCESSIBILITY, /* Ohana-era locations.csv: a comma list of HSDS 1.1 enumerations */
    LOC_LANGUAGES,     /* Ohana-era locations.csv: a comma list of languages */
    LOC_N
};
enum {
    SVC_ID,
    SVC_ORG,
    SVC_NAME,
    SVC_ALT_NAME,
    SVC_DESC,
    SVC_URL,
    SVC_EMAIL,
    SVC_STATUS,
    SVC_FEES_DESC,
    SVC_FEES,
    SVC_LOC,            /* Ohana-era services.csv: the one location of the service */
    SVC_LANGUAGES,      /* Ohana-era services.csv: a comma list of languages */
    SVC_TAXONOMY_IDS,   /* Ohana-era services.csv: a comma list of taxonomy.csv ids */
    SVC_ELIG_DESC,      /* eligibility_description (2.x, 3.0; alias eligibility): who may come */
    SVC_MIN_AGE,        /* HSDS 3.0 minimum_age */
    SVC_MAX_AGE,        /* HSDS 3.0 maximum_age */
    SVC_INTERPRETATION, /* HSDS 1.x interpretation_services: interpretation offered, free text */
    SVC_N
};
enum { SAL_ID, SAL_SVC, SAL_LOC, SAL_N };
enum { ADDR_ID, ADDR_LOC, ADDR_1, ADDR_2, ADDR_CITY, ADDR_STATE, ADDR_ZIP, ADDR_TYPE, ADDR_N };
enum {
    SCH_ID,
    SCH_SVC,
    SCH_LOC,
    SCH_SAL,
    SCH_VALID_FROM,
    SCH_VALID_TO,
    SCH_DTSTART,
    SCH_TIMEZONE,
    SCH_UNTIL,
    SCH_COUNT,
    SCH_WKST,
    SCH_FREQ,
    SCH_INTERVAL,
    SCH_BYDAY,
    SCH_BYWEEKNO,
    SCH_BYMONTHDAY,
    SCH_BYYEARDAY,
    SCH_DESC,
    SCH_OPENS,
    SCH_CLOSES,
    SCH_WEEKDAY,
    SCH_N
};
enum {
    HOL_ID,
    HOL_SVC,
    HOL_LOC,
    HOL_SAL,
    HOL_CLOSED,
    HOL_OPENS,
    HOL_CLOSES,
    HOL_START,
    HOL_END,
    HOL_N
};
enum { COST_ID, COST_SVC, COST_OPTION, COST_CURRENCY, COST_AMOUNT, COST_AMOUNT_DESC, COST_N };
enum { ACC_ID, ACC_LOC, ACC_DESC, ACC_DETAILS, ACC_ACCESSIBILITY, ACC_N };
enum { LANG_ID, LANG_SVC, LANG_LOC, LANG_NAME, LANG_LANGUAGE, LANG_N };
enum { PHONE_ID, PHONE_SVC, PHONE_LOC, PHONE_NUMBER, PHONE_TYPE, PHONE_N };
enum { TERM_ID, TERM_CODE, TERM_NAME, TERM_TAXONOMY, TERM_TAXONOMY_ID, TERM_VOCABULARY, TERM_N };
enum { TAX_ID, TAX_NAME, TAX_N };
enum {
    ATTR_ID_,
    ATTR_LINK_ID,
    ATTR_LINK_ENTITY,
    ATTR_TERM_ID,
    ATTR_VALUE,
    ATTR_SVC,    /* HSDS 2.x service_taxonomy.csv */
    ATTR_TAX_ID, /* HSDS 2.x service_taxonomy.csv: the term's id */
    ATTR_N
};

enum { ELIG_ID, ELIG_SVC, ELIG_TEXT, ELIG_DESC, ELIG_N };

/* One row: its values ("" when absent, never NULL) and where it came from. A row is read from
** the model's staging file when asked for, and stays in memory, at one address, at least until
** the next hsds_model_step, which writes back what was changed (values, problems, rejected). */
struct hsds_row {
    char **v;
    const char *file; /* owned by the model */
    long line;        /* CSV line, or 0 for JSON */
    char *path;       /* JSON path such as "services[3].schedules[0]", or NULL */
    int problems;     /* problems reported against this row */
    bool rejected;    /* refused as a whole */
};

struct hsds_step; /* the rows in memory since the last step (hsds_model.c) */
struct staging;   /* the rows themselves (opened through rows) */

/* The rows of a source: in a staging file (so that memory does not grow with the source), the
** number of rows per table, the files read and what broke. */
struct hsds_model {
    struct {
        size_t n; /* rows, numbered 0..n-1 */
    } t[HT_COUNT];
    const struct format_rows *rows; /* the caller's scratch store (format.h) */
    struct staging *staging;
    struct hsds_step *step;
    char **files; /* interned file labels */
    size_t n_files;
    long broken_files;        /* files that could not be read to the end */
    const char *first_broken; /* the label of the first of them (owned by the model) */
    long unusable_files;      /* whole files left out (no id column), reported once each */
    bool broken[HT_COUNT];    /* a table whose file could not be read to the end */
    struct found *found;      /* ids found lately (hsds_model.c) */
    uint64_t *ids_staged;     /* a Bloom filter of every id staged (hsds_model.c) */
    int failed;               /* BELONG_EIO once the staging file failed; then rows read as empty */
    char error[256];          /* what failed */
    long skipped_rows;        /* records left out as they were read (a header repeated), each
                              ** reported */
    char notes[512];          /* how files were read, for the summary (format_counts.notes) */
};

extern const char *const *const hsds_fields[HT_COUNT];
extern const int hsds_field_count[HT_COUNT];

/* Other names directories give a column, read when the HSDS name is absent (e.g. an Ohana-era
** taxonomy.csv keyed by taxonomy_id). Ends with a NULL name. */
struct hsds_alias {
    enum hsds_table table;
    int field;
    const char *name;
};
extern const struct hsds_alias hsds_aliases[];

/* Opens the model's staging file through rows. Returns 0, or BELONG_EIO (the reason in
** m->error). */
int hsds_model_init(struct hsds_model *m, const struct format_rows *rows);
void hsds_model_free(struct hsds_model *m);
/* Ends a step: rows changed in it are written to the staging file; after it, every row
** pointer (and hsds_model_scratch memory) from before may be let go. Returns m->failed. */
int hsds_model_step(struct hsds_model *m);
/* n bytes that live until the next step. Cannot fail. */
void *hsds_model_scratch(struct hsds_model *m, size_t n);
/* Notes that the file labelled file (a label from hsds_model_file) breaks off. */
void hsds_model_broken(struct hsds_model *m, const char *file);
/* Returns a stable copy of a file label owned by the model. */
const char *hsds_model_file(struct hsds_model *m, const char *label);
/* Appends a row with all values "" and returns its index. path is copied (may be NULL). */
size_t hsds_row_add(struct hsds_model *m, enum hsds_table t, const char *file, long line,
                    const char *path);
/* Row i of table t, valid until the next step. Cannot fail (see m->failed). */
struct hsds_row *hsds_row_at(struct hsds_model *m, enum hsds_table t, size_t i);
/* Sets value f of a row: a copy, trimmed of surrounding blanks. */
void hsds_row_set(struct hsds_model *m, enum hsds_table t, size_t i, int f, const char *value);
/* Adds a row's id to its table's index after its values are set. Returns false when the id
** is already there (the row is not indexed). Rows with an empty id are not indexed. */
bool hsds_row_index(struct hsds_model *m, enum hsds_table t, size_t i);
/* The row of table t with this id, or (size_t)-1. */
size_t hsds_find(struct hsds_model *m, enum hsds_table t, const char *id);
#define HSDS_NONE ((size_t)-1)
/* hsds_find, and whether that row is refused (as of now). OUT: *rejected */
size_t hsds_find_valid(struct hsds_model *m, enum hsds_table t, const char *id, bool *rejected);
/* Links row child to row parent under kind (enum hsds_link, hsds.c), and calls each(ctx, child)
** for the children of a parent, in row order. */
void hsds_link(struct hsds_model *m, int kind, size_t parent, size_t child);
void hsds_children(struct hsds_model *m, int kind, size_t parent,
                   void (*each)(void *ctx, size_t child), void *ctx);
/* The rows of table t found wrong (problems or rejected). */
long hsds_count_flagged(struct hsds_model *m, enum hsds_table t);

/* Reports a problem against a row: FILE:LINE: FIELD (prefixed with the row's JSON path). */
void hsds_row_diag(struct hsds_row *r, struct diag *d, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Loaders: fill the model from a source; every problem goes to diag. They return 0, or
** BELONG_ENOINPUT/BELONG_EIO when the source cannot be read at all. */
/* hsds_load_csv_dir reads the files datapackage.json lists (else the known file names beside
** it). OUT: package_name, the package's "name" ("" when none; at most FORMAT_PACKAGE_NAME_MAX). */
int hsds_load_csv_dir(const char *dir, struct hsds_model *m, struct diag *diag, char *package_name);
int hsds_load_json(const char *path, struct hsds_model *m, struct diag *diag);

/* ---- schedules (hsds_schedule.c) -------------------------------------------------------- */

/* The fields of one HSDS schedule row (regular or 3.0), each "" when absent. */
struct hsds_sched_in {
    const char *freq, *interval, *byday, *bymonthday, *byweekno, *byyearday, *wkst;
    const char *dtstart, *until, *count, *opens_at, *closes_at, *valid_from, *valid_to;
    const char *timezone, *weekday, *description;
    bool checked; /* built before without a problem: the rule is not checked again */
};

/* Parses a date as directories and spreadsheets write it: "YYYY-MM-DD", the date of
** "YYYY-MM-DDTHH:MM..." or "YYYY-MM-DD HH:MM", and "M/D/YYYY" (Excel's US short date:
** "12/24/2026"), a real calendar date. Returns false otherwise. */
bool hsds_date(const char *s, struct civil_date *d);

/* dtstart when a schedule gives neither dtstart nor valid_from: a Monday, so that INTERVAL
** rules have a fixed phase. */
#define HSDS_DEFAULT_DTSTART "2024-01-01"
/* The length of an occurrence when closes_at is absent. */
#define HSDS_DEFAULT_DURATION_MIN 60

/* Builds a belong schedule (RRULE, DTSTART, duration, validity) from an HSDS schedule row,
** in zone tzid (NULL = the default zone), and checks it with schedule_check. Each bad field is
** reported against row r. Returns 0 (OUT: *out filled, or *empty set when the row carries no
** times to expand: a description only, or days without opens_at, whose weekdays go to
** *open_days, bit 0 = Monday), or BELONG_EDATA. The caller frees *out with schedule_free. */
int hsds_schedule_build(const struct hsds_sched_in *in, const char *tzid, struct hsds_row *r,
                        struct diag *diag, struct schedule *out, bool *empty, unsigned *open_days);

#endif
