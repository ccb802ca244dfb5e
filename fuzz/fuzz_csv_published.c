/* fuzz_csv_published.c — libFuzzer harness for csv_open_published (src/formats/csv.c): any bytes
** are read as a CSV file a directory published, saved by whatever tool (UTF-8 with or without a
** byte order mark, Windows-1252, UTF-16 with or without one; ',', ';' or tab as the separator the
** header uses; titled header names). Beyond "no crash, leak, UB or hang": a refusal leaves a
** message; every field read is UTF-8 without a NUL; records start on real lines, in order; and
** a file read as another encoding reads exactly as its own UTF-8 text does (iconv here, the
** same records, lines and messages).
*/
#include <iconv.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/formats/csv.h"
#include "../src/util/buf.h"
#include "../src/util/rc.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the file at path as a published CSV file, writing what it reads into out (the status,
** the encoding, each record's line and fields, the messages), so two reads compare by their
** text. Aborts on a broken invariant. OUT: *encoding, the encoding named (static, or NULL). */
static void read_published(const char *path, struct buf *out, const char **encoding)
{
    struct diag diag = {0};
    struct csv_reader *r = NULL;
    *encoding = NULL;
    int rc = csv_open_published(path, "f.csv", &r, &diag);
    buf_printf(out, "open %d\n", rc);
    if (rc == BELONG_OK) {
        *encoding = csv_encoding(r);
        rc = csv_read_header(r);
        int cols[] = {csv_column(r, "id"), csv_column(r, "name"), csv_column(r, "Service ID")};
        buf_printf(out, "header %d: %d %d %d\n", rc, cols[0], cols[1], cols[2]);
        bool got = true;
        long last_line = 0;
        while (rc == BELONG_OK && (rc = csv_next(r, &got)) == BELONG_OK && got) {
            long line = csv_line(r);
            if (line < 1 || line < last_line)
                abort(); /* a record starts on a real line, after the one before */
            last_line = line;
            buf_printf(out, "%ld %zu %d:", line, csv_field_count(r), csv_is_header(r));
            for (size_t i = 0; i <= csv_field_count(r); i++) {
                const char *f = csv_field(r, i);
                if (!utf8_valid((const unsigned char *)f, strlen(f), NULL))
                    abort(); /* whatever the file's encoding, fields come out as UTF-8 */
                buf_putc(out, '\x1F');
                buf_puts(out, f);
            }
            for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
                buf_puts(out, csv_get(r, cols[k]));
            buf_putc(out, '\n');
        }
        if (rc != BELONG_OK && diag.count == 0)
            abort(); /* a refusal always says why */
        buf_printf(out, "end %d\n", rc);
    } else if (diag.count == 0 || r != NULL) {
        abort();
    }
    buf_puts(out, buf_str(&diag.text));
    csv_close(r);
    diag_free(&diag);
}

/* The input's own UTF-8 text, by iconv from the encoding the reader named, its byte order mark
** (if any) transcoded with it. Returns false when iconv cannot (the reader said it could). */
static bool to_utf8(const uint8_t *data, size_t size, const char *encoding, struct buf *out)
{
    const char *from = encoding;
    if (strcmp(encoding, "UTF-16") == 0)
        from = data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE"; /* the mark kept, as the reader does */
    else if (strcmp(encoding, "Windows-1252") == 0)
        from = "WINDOWS-1252";
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        abort();
    size_t cap = size * 3 + 4;
    char *text = malloc(cap), *in = (char *)data, *to = text;
    size_t in_left = size, to_left = cap;
    if (!text)
        abort();
    bool ok = iconv(cd, &in, &in_left, &to, &to_left) != (size_t)-1 && in_left == 0;
    iconv_close(cd);
    if (ok)
        buf_append(out, text, (size_t)(to - text));
    free(text);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    struct buf read = {0}, utf8 = {0}, reread = {0};
    const char *encoding = NULL, *again = NULL;
    fuzz_write_file("published.csv", data, size, path, sizeof path);
    read_published(path, &read, &encoding);
    if (encoding) {
        if (!to_utf8(data, size, encoding, &utf8))
            abort(); /* the reader accepted bytes of an encoding iconv refuses */
        fuzz_write_file("published-utf8.csv", (const uint8_t *)utf8.data, utf8.len, path,
                        sizeof path);
        read_published(path, &reread, &again);
        if (again != NULL || strcmp(buf_str(&read), buf_str(&reread)) != 0) {
            fprintf(stderr, "read as %s:\n%s\nits UTF-8 text read:\n%s\n", encoding, buf_str(&read),
                    buf_str(&reread));
            abort(); /* the file reads as its own UTF-8 text does */
        }
    }
    buf_free(&read);
    buf_free(&utf8);
    buf_free(&reread);
    return 0;
}
