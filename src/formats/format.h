/* format.h — the directory formats belong reads, as one table {name, detect, parse}: each
** turns a file or folder into records and diagnostics and writes nothing. What a format makes
** goes to a sink its caller gives (the import operation, app/import.c, keeps the records in a
** batch and gives the scratch store the rows are staged in). A new format is a parser file and
** a row of format_table (format.c).
*/
#ifndef BELONG_FORMAT_H
#define BELONG_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "../directory/record.h"
#include "../util/diag.h"
#include "../util/staged_row.h"

#define FORMAT_PACKAGE_NAME_MAX 128
#define FORMAT_FILE_MAX         4096

/* What a parse refused, and what it learnt of the source. */
struct format_counts {
    long records;      /* valid records handed to the sink */
    long rejected;     /* rows or series refused in whole or part (a broken file counts once) */
    long broken_files; /* files that could not be read to the end (a quote never closed, bad
                       ** UTF-8, JSON or a calendar cut short): what follows the break is
                       ** missing, so the source is incomplete */
    char broken_file[FORMAT_FILE_MAX];          /* the first of them, as messages name it */
    char package_name[FORMAT_PACKAGE_NAME_MAX]; /* the source's own name (an HSDS package's
                                                 ** datapackage.json "name"), or "" */
    char notes[512]; /* how the source was read where not as written, for the summary (files
                     ** read as Windows-1252 or UTF-16), or "" */
};

struct staging; /* a scratch store of rows, opaque to the formats */

/* A scratch store of string rows for a format that checks a large source without holding it in
** memory (HSDS): numbered rows per table, an index by id, parent -> child links. The functions
** behave as store/staging.h documents them; the caller chooses the implementation. */
struct format_rows {
    int (*open)(struct staging **out, int n_tables, const int *n_values, const bool *indexed,
                int cache_kib, char *err, size_t errlen);
    void (*close)(struct staging *st);
    const char *(*errmsg)(const struct staging *st);
    int (*put)(struct staging *st, int t, size_t n, const struct staging_row *row);
    int (*get)(struct staging *st, int t, size_t n, struct staging_row *row);
    int (*find)(struct staging *st, int t, const char *id, bool *found, size_t *n);
    int (*count_flagged)(struct staging *st, int t, long *count);
    int (*link)(struct staging *st, int kind, size_t parent, size_t child);
    int (*children)(struct staging *st, int kind, size_t parent,
                    void (*each)(void *ctx, size_t child), void *ctx);
};

/* Where a parse puts what it makes. */
struct format_sink {
    /* Takes a valid record: its memory passes to the sink (*r is zeroed, whatever the result).
    ** Returns 0, or BELONG_EIO with the reason in err (the parse then stops with it). */
    int (*record)(void *ctx, struct import_record *r, char *err, size_t errlen);
    void *ctx;
    const struct format_rows *rows; /* the scratch rows a format may stage its source in */
};

/* Reads the source at path, handing each valid record to sink and every problem to diag as
** FILE:LINE: field: what is wrong. Returns 0 when nothing was wrong; BELONG_EDATA when problems
** were found (see *counts: what was refused, and whether a file breaks off); BELONG_ENOINPUT
** when path does not exist or is not of this format; BELONG_EIO when reading fails. OUT:
** *counts (zeroed first). */
typedef int (*format_parse_fn)(const char *path, const struct format_sink *sink, struct diag *diag,
                               struct format_counts *counts);

enum { FORMAT_BY_NAME = 1, FORMAT_BY_CONTENT = 2 };

struct format {
    const char *name; /* "hsds", "ical": `belong import NAME PATH`, and the source's kind */
    const char *what; /* what it reads, for help and messages */
    /* How surely path (which exists) is of this format: FORMAT_BY_CONTENT (its kind or first
    ** bytes say so), FORMAT_BY_NAME (only its name does), else 0. Cannot fail. */
    int (*detect)(const char *path);
    format_parse_fn parse;
    /* A source is named NAME:LAST-PART-OF-PATH by default (else NAME:ABSOLUTE-PATH) */
    bool named_by_last_part;
};

/* The formats, ending with a row whose name is NULL. */
extern const struct format format_table[];

/* The format named name, or NULL. */
const struct format *format_find(const char *name);
/* The format path is in: the first that its content says, else the first its name says; NULL
** when none. */
const struct format *format_detect(const char *path);

/* For detect: up to n-1 bytes of the regular file at path from its first that is not a byte
** order mark or blank space, NUL-terminated in out. Returns how many; 0 for a folder, an empty
** file or one that cannot be read. */
size_t format_peek(const char *path, char *out, size_t n);
/* Whether name ends in suffix, in any case. */
bool format_name_ends(const char *name, const char *suffix);

#endif
