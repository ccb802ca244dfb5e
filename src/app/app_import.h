/* app_import.h — the import operation's reading half: a path to a batch that may be written,
** through the format table (formats/format.h). Which format a path is in, the scratch store a
** format stages its rows in, where its records go, and the rules that decide whether what was
** read may be written: all or nothing unless lenient, nothing written for a source with nothing
** valid, and a file that breaks off refused whole, even with lenient. app_import
** (app_directory.h) then writes the batch in one transaction.
*/
#ifndef BELONG_APP_IMPORT_H
#define BELONG_APP_IMPORT_H

#include <stdbool.h>

#include "../directory/record.h"
#include "../formats/format.h"
#include "../util/diag.h"
#include "app.h"

/* What to read. */
struct app_import_request {
    const struct format *format; /* a row of format_table, or NULL: the one the path is in */
    const char *path;            /* a file or folder, or a .zip of one (formats/zip.h) */
    const char *name;            /* what the user calls path (an upload's file name) in
                                 ** messages and the source's default name, or NULL: path */
    const char *source;          /* the source's stable name, or NULL for the default */
    bool lenient;                /* keep the valid records when some are refused */
};

/* Why a read source may not be written. */
enum app_import_refusal {
    IMPORT_ACCEPTED,      /* it may be written */
    IMPORT_PROBLEMS,      /* problems found, and not lenient */
    IMPORT_NOTHING_VALID, /* problems found, and no record was valid */
    IMPORT_BROKEN,        /* a file breaks off: what follows the break is missing */
    IMPORT_UNKNOWN,       /* the path is in no format belong reads */
    IMPORT_ARCHIVE,       /* a zip archive refused: hostile, corrupt, or no package in it */
};

/* What app_import_read found. */
struct app_import_read {
    const struct format *format; /* the format read, or NULL when none was found */
    struct format_counts counts; /* what the format refused, and the source's own name */
    enum app_import_refusal refusal;
    bool name_guessed; /* the source's name is a guess (a folder's name): import_options */
};

/* Gives sink the batch b to take records into (spooled to disk past a few thousand) and the
** scratch store (store/staging.h) to stage rows in, for a format's parse. Cannot fail. */
void app_import_sink(struct import_batch *b, struct format_sink *sink);

/* Reads the source req names into batch (which must be empty): its records, and, when it may
** be written, its source name (req->source, else FORMAT:PACKAGE when the source names itself,
** else FORMAT:LAST-PART-OF-PATH or FORMAT:ABSOLUTE-PATH as the format says, with the absolute
** path as the former name; FORMAT:NAME when req->name is given) and kind. A zip archive is
** unpacked into a private temporary folder (removed before this returns) and the package in it
** read; its files are named ARCHIVE/ENTRY in messages, and the source by the archive's name
** without .zip unless the package names itself. Every problem goes to diag.
** Returns 0 when the batch may be written (out->counts.rejected says what was left out, with
** lenient); BELONG_EDATA when it may not (out->refusal says why; for IMPORT_BROKEN,
** IMPORT_UNKNOWN and IMPORT_ARCHIVE err says it in one line, and the batch is emptied);
** an archive that cannot be unpacked gives BELONG_EIO (no room: err) or BELONG_EUSAGE (a bad
** $BELONG_UNZIP_MAX_MIB: err), with IMPORT_ARCHIVE; BELONG_ENOINPUT when the
** path does not exist (err) or the format finds no source there (diag); BELONG_EIO when reading
** fails (diag). The database is not touched: it need not be open. OUT: *out. */
int app_import_read(const struct app_import_request *req, struct import_batch *batch,
                    struct diag *diag, struct app_import_read *out, struct app_error *err);

#endif
