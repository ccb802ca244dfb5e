/* csv.c — RFC 4180 CSV reader (see csv.h): whole file in memory, records split in place. */
#include "csv.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/infile.h"
#include "../util/limits.h"
#include "../util/rc.h"

struct csv_reader {
    char *label;   /* name in messages (heap) */
    char *data;    /* the file's bytes plus a NUL sentinel (heap); split in place */
    size_t len;    /* bytes of data, not counting the sentinel */
    size_t pos;    /* where the next record starts */
    long line;     /* physical line at pos, from 1 */
    long rec_line; /* line where the current record starts */
    bool failed;   /* a broken record stopped the reader */
    char **fields; /* the current record's fields, pointers into data (array heap) */
    size_t n, cap; /* fields in use, allocated */
    char **header; /* column names (heap copies), after csv_read_header */
    size_t n_header;
    long records; /* records read so far, the header included */
    struct diag *diag;
};

/* Takes ownership of data (len bytes plus room for a sentinel). */
static int reader_make(char *data, size_t len, const char *label, struct csv_reader **out,
                       struct diag *diag)
{
    data[len] = '\0';
    size_t bad;
    if (!utf8_valid((const unsigned char *)data, len, &bad)) {
        long line = 1;
        for (size_t i = 0; i < bad; i++)
            line += data[i] == '\n';
        diag_add(diag, label, line, NULL, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
                 (unsigned char)data[bad]);
        free(data);
        return BELONG_EDATA;
    }
    /* A NUL would end a field early without a word: text files have none. */
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        long line = 1;
        for (const char *c = data; c < nul; c++)
            line += *c == '\n';
        diag_add(diag, label, line, NULL, "a NUL byte (0x00) at byte %zu: not a text file",
                 (size_t)(nul - data));
        free(data);
        return BELONG_EDATA;
    }
    struct csv_reader *r = xcalloc(1, sizeof *r);
    r->label = xstrdup(label);
    r->data = data;
    r->len = len;
    r->line = 1;
    r->diag = diag;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    *out = r;
    return BELONG_OK;
}

int csv_open(const char *path, const char *label, struct csv_reader **out, struct diag *diag)
{
    *out = NULL;
    if (!label)
        label = path;
    char *data;
    size_t len;
    int rc = infile_read_max(path, label, CSV_MAX_BYTES, &data, &len, diag);
    if (rc != BELONG_OK)
        return rc;
    return reader_make(data, len, label, out, diag);
}

int csv_open_bytes(const char *bytes, size_t len, const char *label, struct csv_reader **out,
                   struct diag *diag)
{
    *out = NULL;
    char *data = xmalloc(len + 1);
    memcpy(data, bytes, len);
    return reader_make(data, len, label ? label : "-", out, diag);
}

void csv_close(struct csv_reader *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_header; i++)
        free(r->header[i]);
    free(r->header);
    free(r->fields);
    free(r->data);
    free(r->label);
    free(r);
}

static void push_field(struct csv_reader *r, char *f)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
    }
    r->fields[r->n++] = f;
}

static int broken(struct csv_reader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports a record that breaks the file's structure and stops the reader: nothing after it
** can be trusted to be where it belongs. Returns BELONG_EDATA. */
static int broken(struct csv_reader *r, long line, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_add(r->diag, r->label, line, NULL, "%s", msg);
    r->failed = true;
    r->pos = r->len;
    r->n = 0;
    return BELONG_EDATA;
}

int csv_next(struct csv_reader *r, bool *got)
{
    char limit[32];
    *got = false;
    r->n = 0;
    if (r->failed)
        return BELONG_OK;
    char *d = r->data;
    size_t pos = r->pos, len = r->len;
    /* Skip empty lines. */
    while (pos < len && (d[pos] == '\n' || d[pos] == '\r')) {
        if (d[pos] == '\r' && pos + 1 < len && d[pos + 1] == '\n')
            pos++;
        pos++;
        r->line++;
    }
    if (pos >= len) {
        r->pos = pos;
        return BELONG_OK;
    }
    r->rec_line = r->line;
    bool cut_after_comma = false; /* the file ends right after a comma */
    for (;;) {
        char *field = d + pos, *w;
        cut_after_comma = pos >= len && r->n > 0;
        if (d[pos] == '"') {
            long quote_line = r->line;
            pos++;
            w = field;
            for (;;) {
                if (pos >= len)
                    return broken(r, quote_line,
                                  "unterminated quoted field: the file ends inside the quote "
                                  "begun here (a '\"' is never closed; cut off?)");
                char c = d[pos];
                if (c == '"') {
                    if (d[pos + 1] == '"') {
                        *w++ = '"';
                        pos += 2;
                        continue;
                    }
                    pos++;
                    break;
                }
                if (c == '\n' || (c == '\r' && d[pos + 1] != '\n'))
                    r->line++;
                *w++ = c;
                pos++;
            }
            char after = d[pos];
            if (pos < len && after != ',' && after != '\n' && after != '\r')
                return broken(r, r->line,
                              "text after a closing quote (a quote inside a quoted field must be "
                              "doubled)");
        } else {
            while (pos < len && d[pos] != ',' && d[pos] != '\n' && d[pos] != '\r')
                pos++;
            w = d + pos;
        }
        char delim = pos < len ? d[pos] : '\0';
        *w = '\0';
        if ((size_t)(w - field) > INPUT_FIELD_MAX)
            return broken(r, r->rec_line, "field %zu is longer than the %s-byte limit", r->n + 1,
                          limit_text(INPUT_FIELD_MAX, limit, sizeof limit));
        if (r->n == CSV_MAX_COLUMNS)
            return broken(r, r->rec_line, "more than the %s-field limit in one row",
                          limit_text(CSV_MAX_COLUMNS, limit, sizeof limit));
        push_field(r, field);
        if (delim == ',') {
            pos++;
            continue;
        }
        if (delim == '\r') {
            pos++;
            if (pos < len && d[pos] == '\n')
                pos++;
            r->line++;
        } else if (delim == '\n') {
            pos++;
            r->line++;
        }
        break;
    }
    r->pos = pos;
    if (++r->records > CSV_MAX_RECORDS)
        return broken(r, r->rec_line, "more than the %s-row limit for one file",
                      limit_text(CSV_MAX_RECORDS, limit, sizeof limit));
    /* Every row has the header's fields: one more or fewer shifts every value after it into
    ** the wrong column, and a short last row is a file that was cut off. */
    if (r->n_header && r->n == r->n_header && cut_after_comma)
        return broken(r, r->rec_line,
                      "the file ends right after a comma, mid-row (cut off?): a last row ends "
                      "with a line break");
    if (r->n_header && r->n != r->n_header)
        return broken(r, r->rec_line, "%zu field%s, but the header has %zu%s", r->n,
                      r->n == 1 ? "" : "s", r->n_header,
                      r->n < r->n_header && pos >= len ? " (the file ends mid-row: cut off?)"
                      : r->n < r->n_header ? " (a missing comma or a line break outside quotes?)"
                                           : " (a comma outside quotes?)");
    *got = true;
    return BELONG_OK;
}

static char *trimmed_copy(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return xstrndup(s, n);
}

int csv_read_header(struct csv_reader *r)
{
    bool got;
    int rc = csv_next(r, &got);
    if (rc != BELONG_OK)
        return rc;
    if (!got) {
        diag_add(r->diag, r->label, 1, NULL, "empty file: a header row is expected");
        return BELONG_EDATA;
    }
    r->header = xcalloc(r->n, sizeof *r->header);
    r->n_header = r->n;
    for (size_t i = 0; i < r->n; i++)
        r->header[i] = trimmed_copy(r->fields[i]);
    /* A name given twice would let one column silently win. Unnamed columns (a spreadsheet's
    ** trailing commas) are looked up by nobody. Columns are few (CSV_MAX_COLUMNS). */
    rc = BELONG_OK;
    for (size_t i = 0; i < r->n_header; i++)
        for (size_t j = 0; *r->header[i] && j < i; j++)
            if (strcmp(r->header[i], r->header[j]) == 0) {
                diag_add(r->diag, r->label, r->rec_line, r->header[i],
                         "the header names this column twice (columns %zu and %zu)", j + 1, i + 1);
                rc = BELONG_EDATA;
                break;
            }
    if (rc != BELONG_OK)
        r->failed = true;
    return rc;
}

size_t csv_field_count(const struct csv_reader *r)
{
    return r->n;
}

const char *csv_field(const struct csv_reader *r, size_t i)
{
    return i < r->n ? r->fields[i] : "";
}

int csv_column(const struct csv_reader *r, const char *name)
{
    for (size_t i = 0; i < r->n_header; i++)
        if (strcmp(r->header[i], name) == 0)
            return (int)i;
    return -1;
}

const char *csv_get(const struct csv_reader *r, int col)
{
    return col < 0 ? "" : csv_field(r, (size_t)col);
}

long csv_line(const struct csv_reader *r)
{
    return r->rec_line;
}

const char *csv_label(const struct csv_reader *r)
{
    return r->label;
}
