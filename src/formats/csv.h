/* csv.h — an RFC 4180 CSV reader: quoted fields with commas, quotes and newlines, CRLF or LF,
** a UTF-8 byte order mark skipped, invalid UTF-8 refused; each record knows its first line.
**
** A file's bytes are checked whole first (UTF-8, no NUL byte, its size), so that a file refused
** for them gives no record; then it is read in parts of a mebibyte, one record at a time: memory
** does not grow with the file (a record is at most CSV_MAX_COLUMNS fields of INPUT_FIELD_MAX
** bytes). A record's fields stay valid until the next csv_next. Problems go to a struct diag as
** `FILE:LINE: what is wrong`.
*/
#ifndef BELONG_CSV_H
#define BELONG_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"
#include "../util/text.h" /* utf8_valid */

struct csv_reader;

/* Opens path (a regular file within CSV_MAX_BYTES: util/infile.h) and checks it is UTF-8
** text, reading it through once. Returns 0; BELONG_ENOINPUT if it cannot be opened, BELONG_EIO if
*reading fails,
** BELONG_EDATA for bad UTF-8, a NUL byte, a file too large or not a file (reported to diag).
** OUT: *out, freed with csv_close. `label` names the file in messages (NULL = path). */
int csv_open(const char *path, const char *label, struct csv_reader **out, struct diag *diag);
/* The same over bytes in memory (copied). label names them in messages. */
int csv_open_bytes(const char *bytes, size_t len, const char *label, struct csv_reader **out,
                   struct diag *diag);
/* csv_open for a file as a directory publishes it, saved by whatever tool: besides UTF-8 (with
** or without a byte order mark), a file in Windows-1252 (Excel's "CSV" in western locales:
** every byte a Windows-1252 character and none part of a UTF-8 one; a file mixing the two is
** refused as invalid UTF-8) and UTF-16 with its byte order mark (Excel's "Unicode text") or
** without one (known by the NUL bytes of its first line, little- or big-endian) are
** read as UTF-8; csv_read_header takes the separator the header uses (',', ';' or a tab); blanks
** around a quoted field are not part of it; and a row may leave out the header's trailing
** unnamed columns. Returns as csv_open. */
int csv_open_published(const char *path, const char *label, struct csv_reader **out,
                       struct diag *diag);
/* The encoding a published file was read from when not UTF-8 ("Windows-1252", "UTF-16"; without
** a byte order mark "UTF-16LE" or "UTF-16BE"), else
** NULL. Static. */
const char *csv_encoding(const struct csv_reader *r);
void csv_close(struct csv_reader *r);

/* Reads the next record. Returns 0 and sets *got (false at the end of the file), or
** BELONG_EDATA for a broken record, reported to diag with its line: an unterminated quote,
** text after a closing quote, after the header a field count other than the header's, a
** field, row or file past its limit (util/limits.h). The reader then stops (*got false on
** later calls): nothing after a broken record can be trusted. Empty lines are skipped. */
int csv_next(struct csv_reader *r, bool *got);
/* Reads the first record as the header, so that csv_column can find columns by name.
** Returns as csv_next; BELONG_EDATA with a message when the file is empty or a column name
** is given twice (unnamed columns may repeat). */
int csv_read_header(struct csv_reader *r);

/* Whether the current record (after the header) repeats the header: each field its column's
** name, in any case (two exports joined into one file). */
bool csv_is_header(const struct csv_reader *r);
size_t csv_field_count(const struct csv_reader *r);
/* Field i of the current record, or "" when the record has fewer fields. Never NULL. */
const char *csv_field(const struct csv_reader *r, size_t i);
/* The index of header column `name` (exact, surrounding spaces ignored), or -1. */
int csv_column(const struct csv_reader *r, const char *name);
/* Field in column col (from csv_column), or "" when col < 0 or the record is short. */
const char *csv_get(const struct csv_reader *r, int col);
/* The physical line (from 1) where the current record starts. */
long csv_line(const struct csv_reader *r);
/* The name used in messages. */
const char *csv_label(const struct csv_reader *r);

#endif
