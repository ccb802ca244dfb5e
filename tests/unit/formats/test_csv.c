/* test_csv.c — the RFC 4180 reader: quoting, line endings, BOM, line numbers, broken input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/formats/csv.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"

static struct csv_reader *open_text(const char *text, struct diag *d)
{
    struct csv_reader *r = NULL;
    assert_int_equal(csv_open_bytes(text, strlen(text), "t.csv", &r, d), BELONG_OK);
    return r;
}

static void next_ok(struct csv_reader *r)
{
    bool got = false;
    assert_int_equal(csv_next(r, &got), BELONG_OK);
    assert_true(got);
}

static void at_end(struct csv_reader *r)
{
    bool got = true;
    assert_int_equal(csv_next(r, &got), BELONG_OK);
    assert_false(got);
}

static void quoted_fields_commas_and_doubled_quotes(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = open_text("a,\"b,c\",\"say \"\"hi\"\"\",\n", &d);
    next_ok(r);
    assert_int_equal(csv_field_count(r), 4);
    assert_string_equal(csv_field(r, 0), "a");
    assert_string_equal(csv_field(r, 1), "b,c");
    assert_string_equal(csv_field(r, 2), "say \"hi\"");
    assert_string_equal(csv_field(r, 3), "");
    assert_string_equal(csv_field(r, 9), "");
    at_end(r);
    csv_close(r);
    assert_int_equal(d.count, 0);
}

static void crlf_and_lf_and_missing_final_newline(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = open_text("x,y\r\n1,2\n3,4", &d);
    next_ok(r);
    assert_string_equal(csv_field(r, 1), "y");
    next_ok(r);
    assert_string_equal(csv_field(r, 0), "1");
    assert_string_equal(csv_field(r, 1), "2");
    assert_int_equal(csv_line(r), 2);
    next_ok(r);
    assert_string_equal(csv_field(r, 1), "4");
    assert_int_equal(csv_line(r), 3);
    at_end(r);
    csv_close(r);
}

static void bom_is_skipped_and_header_lookup(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = open_text("\xEF\xBB\xBFid, name ,city\r\n7,Garden,Worcester\r\n", &d);
    assert_int_equal(csv_read_header(r), BELONG_OK);
    assert_int_equal(csv_column(r, "id"), 0);
    assert_int_equal(csv_column(r, "name"), 1);
    assert_int_equal(csv_column(r, "zip"), -1);
    next_ok(r);
    assert_string_equal(csv_get(r, csv_column(r, "city")), "Worcester");
    assert_string_equal(csv_get(r, -1), "");
    csv_close(r);
}

static void embedded_newlines_keep_line_numbers(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r =
        open_text("id,text\n1,\"two\nlines\"\n2,\"three\r\nline\r\nfield\"\n\n3,last\n", &d);
    assert_int_equal(csv_read_header(r), BELONG_OK);
    next_ok(r);
    assert_int_equal(csv_line(r), 2);
    assert_string_equal(csv_field(r, 1), "two\nlines");
    next_ok(r);
    assert_int_equal(csv_line(r), 4);
    assert_string_equal(csv_field(r, 1), "three\r\nline\r\nfield");
    next_ok(r);
    assert_int_equal(csv_line(r), 8); /* an empty line 7 is skipped */
    assert_string_equal(csv_field(r, 1), "last");
    at_end(r);
    csv_close(r);
}

static void invalid_utf8_is_refused_with_its_line(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = NULL;
    const char text[] = "id,name\n1,ok\n2,caf\xE9\n";
    assert_int_equal(csv_open_bytes(text, strlen(text), "bad.csv", &r, &d), BELONG_EDATA);
    assert_null(r);
    assert_non_null(strstr(buf_str(&d.text), "bad.csv:3: invalid UTF-8"));
    diag_free(&d);
}

/* A NUL byte used to end its field without a word ("Gar\0den" read as "Gar"): the file is
** refused instead, with the line of the NUL. */
static void nul_byte_is_refused_with_its_line(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = NULL;
    const char text[] = "id,name\n1,ok\n2,Gar\0den\n";
    assert_int_equal(csv_open_bytes(text, sizeof text - 1, "nul.csv", &r, &d), BELONG_EDATA);
    assert_null(r);
    assert_non_null(strstr(buf_str(&d.text), "nul.csv:3: a NUL byte (0x00) at byte 18"));
    diag_free(&d);
}

static void utf8_validator_cases(void **state)
{
    (void)state;
    const char *good = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8C\xB1";
    assert_true(utf8_valid((const unsigned char *)good, strlen(good), NULL));
    size_t off = 0;
    assert_false(utf8_valid((const unsigned char *)"ab\xC0\xAF", 4, &off)); /* overlong */
    assert_int_equal(off, 2);
    assert_false(utf8_valid((const unsigned char *)"\xED\xA0\x80", 3, NULL)); /* surrogate */
    assert_false(utf8_valid((const unsigned char *)"x\xE2\x82", 3, NULL));    /* truncated */
    assert_false(utf8_valid((const unsigned char *)"\xF5\x80\x80\x80", 4, NULL));
}

static void unterminated_quote_names_the_line(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = open_text("id,name\n1,ok\n2,\"never closed\n3,more\n", &d);
    assert_int_equal(csv_read_header(r), BELONG_OK);
    next_ok(r);
    bool got = true;
    assert_int_equal(csv_next(r, &got), BELONG_EDATA);
    assert_false(got);
    assert_non_null(strstr(buf_str(&d.text), "t.csv:3: unterminated quoted field"));
    assert_int_equal(csv_next(r, &got), BELONG_OK); /* the reader stays stopped */
    assert_false(got);
    csv_close(r);
    diag_free(&d);
}

static void text_after_closing_quote_is_an_error(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = open_text("\"a\"b,c\n", &d);
    bool got;
    assert_int_equal(csv_next(r, &got), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "t.csv:1: text after a closing quote"));
    csv_close(r);
    diag_free(&d);
}

static void empty_file_has_no_header(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = open_text("", &d);
    assert_int_equal(csv_read_header(r), BELONG_EDATA);
    assert_int_equal(d.count, 1);
    csv_close(r);
    diag_free(&d);
}

static void missing_file_is_noinput(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = NULL;
    assert_int_equal(csv_open("/nonexistent/belong.csv", NULL, &r, &d), BELONG_ENOINPUT);
    assert_null(r);
    diag_free(&d);
}

static void many_rows_are_read(void **state)
{
    (void)state;
    struct buf b = {0};
    buf_puts(&b, "id,name,description\n");
    for (int i = 0; i < 20000; i++)
        buf_printf(&b, "%d,\"Name %d\",\"line one\nline two, with comma\"\n", i, i);
    struct diag d = {0};
    struct csv_reader *r = NULL;
    assert_int_equal(csv_open_bytes(b.data, b.len, "big.csv", &r, &d), BELONG_OK);
    assert_int_equal(csv_read_header(r), BELONG_OK);
    bool got;
    long rows = 0;
    while (csv_next(r, &got) == BELONG_OK && got) {
        rows++;
        if (rows == 20000)
            assert_int_equal(csv_line(r), 2 + 2 * 19999);
    }
    assert_int_equal(rows, 20000);
    csv_close(r);
    buf_free(&b);
}

/* Every row has the header's field count: a short or long row stops the reader, named. */
static void rows_must_have_the_header_field_count(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"a,b,c\n1,2,3\n4,5\n6,7,8\n", "t.csv:3: 2 fields, but the header has 3"},
        {"a,b,c\n1,2,3\n1,2,3,4\n", "t.csv:3: 4 fields, but the header has 3 (a comma outside"},
        {"a,b,c\n1,2,3\n4,\"5", "t.csv:3: unterminated quoted field"},
        {"a,b,c\n1,2,3\n4,5", "t.csv:3: 2 fields, but the header has 3 (the file ends mid-row"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct diag d = {0};
        struct csv_reader *r = open_text(cases[i][0], &d);
        assert_int_equal(csv_read_header(r), BELONG_OK);
        next_ok(r);
        bool got = true;
        assert_int_equal(csv_next(r, &got), BELONG_EDATA);
        assert_false(got);
        assert_int_equal(csv_field_count(r), 0);
        assert_non_null(strstr(buf_str(&d.text), cases[i][1]));
        at_end(r); /* the reader stays stopped */
        csv_close(r);
        diag_free(&d);
    }
}

static void duplicate_header_names_are_refused(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = open_text("id,name, id\n1,x,2\n", &d);
    assert_int_equal(csv_read_header(r), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "t.csv:1: id: the header names this column twice "
                                             "(columns 1 and 3)"));
    csv_close(r);
    diag_free(&d);
    /* Unnamed columns (trailing commas of a spreadsheet) may repeat. */
    struct diag d2 = {0};
    r = open_text("id,name,,\n1,x,,\n", &d2);
    assert_int_equal(csv_read_header(r), BELONG_OK);
    next_ok(r);
    csv_close(r);
    diag_free(&d2);
}

static void a_field_past_the_limit_is_refused(void **state)
{
    (void)state;
    struct buf text = {0};
    buf_puts(&text, "a,b\n1,");
    for (int i = 0; i < 65537; i++)
        buf_putc(&text, 'x');
    buf_puts(&text, "\n");
    struct diag d = {0};
    struct csv_reader *r = open_text(buf_str(&text), &d);
    assert_int_equal(csv_read_header(r), BELONG_OK);
    bool got;
    assert_int_equal(csv_next(r, &got), BELONG_EDATA);
    assert_non_null(
        strstr(buf_str(&d.text), "t.csv:2: field 2 is longer than the 65,536-byte limit"));
    csv_close(r);
    diag_free(&d);
    buf_free(&text);
}

static void a_folder_or_fifo_is_not_read(void **state)
{
    (void)state;
    struct diag d = {0};
    struct csv_reader *r = NULL;
    assert_int_equal(csv_open("/", NULL, &r, &d), BELONG_EDATA);
    assert_null(r);
    assert_non_null(strstr(buf_str(&d.text), "/: a folder, not a file"));
    diag_free(&d);
    struct diag d2 = {0};
    assert_int_equal(csv_open("/dev/zero", NULL, &r, &d2), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d2.text), "a character device, not a file"));
    diag_free(&d2);
}

/* ---- files read in parts: the same records as the bytes read whole ---------------------- */

static char *write_temp(const char *data, size_t len)
{
    char *path = strdup("/tmp/belong-test-csv.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

/* Reads every record of two readers and checks they give the same fields on the same lines.
** Returns the records read. */
static long same_fields(struct csv_reader *file, struct csv_reader *whole)
{
    bool got1, got2;
    long records = 0;
    for (;;) {
        assert_int_equal(csv_next(file, &got1), BELONG_OK);
        assert_int_equal(csv_next(whole, &got2), BELONG_OK);
        assert_int_equal(got1, got2);
        if (!got1)
            return records;
        records++;
        assert_int_equal(csv_line(file), csv_line(whole));
        assert_int_equal(csv_field_count(file), csv_field_count(whole));
        for (size_t i = 0; i < csv_field_count(file); i++)
            assert_string_equal(csv_field(file, i), csv_field(whole, i));
    }
}

/* Reads every record of a file with csv_open and of the same bytes with csv_open_bytes, and
** checks both give the same fields on the same lines. Returns the records read. */
static long same_records(const struct buf *text)
{
    char *path = write_temp(text->data, text->len);
    struct diag d1 = {0}, d2 = {0};
    struct csv_reader *file = NULL, *whole = NULL;
    assert_int_equal(csv_open(path, "f.csv", &file, &d1), BELONG_OK);
    assert_int_equal(csv_open_bytes(text->data, text->len, "f.csv", &whole, &d2), BELONG_OK);
    long records = same_fields(file, whole);
    assert_int_equal(d1.count, 0);
    csv_close(file);
    csv_close(whole);
    diag_free(&d1);
    diag_free(&d2);
    unlink(path);
    free(path);
    return records;
}

/* A file is read in parts of a mebibyte: records, quotes (doubled or holding line breaks),
** CRLF pairs and multi-byte characters cut by the end of a part read as when read whole, with
** every part boundary moved across the first bytes of the rows. */
static void a_file_read_in_parts_gives_the_records_of_the_whole(void **state)
{
    (void)state;
    for (int shift = 0; shift < 6; shift++) {
        struct buf b = {0};
        buf_puts(&b, "\xEF\xBB\xBFid,name,description\r\n");
        for (int k = 0; k < shift; k++)
            buf_puts(&b, "\n");
        for (int i = 0; i < 50000; i++)
            buf_printf(
                &b,
                "%d,\"Caf\xC3\xA9 \"\"%d\"\" \xF0\x9F\x98\x80\",\"one\r\ntwo, \xE2\x82\xAC%d\"\r\n",
                i, i, i % 7);
        assert_true(b.len > 2u << 20);
        assert_int_equal(same_records(&b), 50001);
        buf_free(&b);
    }
}

/* A file's bytes are checked whole before any record is read: a bad byte after the first part
** still refuses the file, with its line, and gives no rows. */
static void a_bad_byte_late_in_a_file_refuses_it_whole(void **state)
{
    (void)state;
    const char *bad[] = {"caf\xE9", "Gar\0den"};
    const size_t bad_len[] = {4, 7};
    const char *said[] = {"f.csv:50002: invalid UTF-8 (byte 0xE9)", "f.csv:50002: a NUL byte"};
    for (int k = 0; k < 2; k++) {
        struct buf b = {0};
        buf_puts(&b, "id,name\n");
        for (int i = 0; i < 50000; i++)
            buf_printf(&b, "%d,\"name number %d\"\n", i, i);
        buf_puts(&b, "x,");
        buf_append(&b, bad[k], bad_len[k]);
        buf_puts(&b, "\n");
        assert_true(b.len > 1u << 20);
        char *path = write_temp(b.data, b.len);
        struct diag d = {0};
        struct csv_reader *r = NULL;
        assert_int_equal(csv_open(path, "f.csv", &r, &d), BELONG_EDATA);
        assert_null(r);
        assert_non_null(strstr(buf_str(&d.text), said[k]));
        diag_free(&d);
        unlink(path);
        free(path);
        buf_free(&b);
    }
}

/* A quote left open near the end of a large file is named by the line it begins on. */
static void an_open_quote_in_a_large_file_names_its_line(void **state)
{
    (void)state;
    struct buf b = {0};
    buf_puts(&b, "id,name\n");
    for (int i = 0; i < 50000; i++)
        buf_printf(&b, "%d,plain name %d\n", i, i);
    buf_puts(&b, "x,\"never closed\nmore\n");
    char *path = write_temp(b.data, b.len);
    struct diag d = {0};
    struct csv_reader *r = NULL;
    assert_int_equal(csv_open(path, "f.csv", &r, &d), BELONG_OK);
    assert_int_equal(csv_read_header(r), BELONG_OK);
    bool got;
    long rows = 0;
    int rc;
    while ((rc = csv_next(r, &got)) == BELONG_OK && got)
        rows++;
    assert_int_equal(rc, BELONG_EDATA);
    assert_int_equal(rows, 50000);
    assert_non_null(strstr(buf_str(&d.text), "f.csv:50002: unterminated quoted field"));
    csv_close(r);
    diag_free(&d);
    unlink(path);
    free(path);
    buf_free(&b);
}

/* ---- files as directories publish them (csv_open_published) ---------------------------------- */

/* Reads the file at path with csv_open_published and utf8 (the same text in UTF-8) with
** csv_open_bytes, and checks both give the same fields on the same lines, the published one
** said to be read from `encoding`. Returns the records read. */
static long published_as_utf8(const char *path, const struct buf *utf8, const char *encoding)
{
    struct diag d1 = {0}, d2 = {0};
    struct csv_reader *file = NULL, *whole = NULL;
    assert_int_equal(csv_open_published(path, "f.csv", &file, &d1), BELONG_OK);
    assert_int_equal(csv_open_bytes(utf8->data, utf8->len, "f.csv", &whole, &d2), BELONG_OK);
    if (encoding)
        assert_string_equal(csv_encoding(file), encoding);
    else
        assert_null(csv_encoding(file));
    assert_int_equal(csv_read_header(file), BELONG_OK);
    assert_int_equal(csv_read_header(whole), BELONG_OK);
    long records = same_fields(file, whole);
    assert_int_equal(d1.count, 0);
    csv_close(file);
    csv_close(whole);
    diag_free(&d1);
    diag_free(&d2);
    return records;
}

/* out = the UTF-8 text utf8 in UTF-16 (big- or little-endian, with or without its byte order
** mark), each code point past U+FFFF as a surrogate pair. */
static void utf16_of(const struct buf *utf8, bool big, bool bom, struct buf *out)
{
    buf_reset(out);
    if (bom)
        buf_append(out, big ? "\xFE\xFF" : "\xFF\xFE", 2);
    const unsigned char *p = (const unsigned char *)utf8->data, *end = p + utf8->len;
    while (p < end) {
        unsigned long cpt;
        int n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        cpt = n == 1 ? *p : (unsigned long)(*p & (0x7F >> n));
        for (int k = 1; k < n; k++)
            cpt = cpt << 6 | (p[k] & 0x3F);
        p += n;
        unsigned units[2] = {(unsigned)cpt, 0};
        int n_units = 1;
        if (cpt > 0xFFFF) {
            units[0] = 0xD800 | (unsigned)((cpt - 0x10000) >> 10);
            units[1] = 0xDC00 | (unsigned)((cpt - 0x10000) & 0x3FF);
            n_units = 2;
        }
        for (int k = 0; k < n_units; k++) {
            char lo = (char)(units[k] & 0xFF), hi = (char)(units[k] >> 8);
            char two[2] = {big ? hi : lo, big ? lo : hi};
            buf_append(out, two, 2);
        }
    }
}

/* A file Excel saved as Windows-1252 (each of é, ’, €, – one byte) and the same text saved as
** UTF-16 with its byte order mark (Excel's "Unicode text"; an emoji as a surrogate pair) or
** without one, in either byte order, read as their UTF-8 text, in parts: every character cut by the
*end of a part, with rows shifted
** across the part boundaries. */
static void windows_1252_and_utf16_read_as_their_utf8(void **state)
{
    (void)state;
    for (int shift = 0; shift < 3; shift++) {
        struct buf cp = {0}, utf8 = {0}, u16 = {0};
        buf_puts(&cp, "id,name,description\r\n");
        buf_puts(&utf8, "id,name,description\r\n");
        for (int k = 0; k < shift; k++) {
            buf_puts(&cp, "\n");
            buf_puts(&utf8, "\n");
        }
        for (int i = 0; i < 40000; i++) {
            buf_printf(&cp, "%d,\"Caf\xE9 \x92%d\x92\",\"one\r\ntwo \x80%d \x96 end\"\r\n", i, i,
                       i % 7);
            buf_printf(&utf8,
                       "%d,\"Caf\xC3\xA9 \xE2\x80\x99%d\xE2\x80\x99\",\"one\r\ntwo \xE2\x82\xAC%d "
                       "\xE2\x80\x93 end\"\r\n",
                       i, i, i % 7);
        }
        assert_true(cp.len > 1u << 20);
        char *path = write_temp(cp.data, cp.len);
        assert_int_equal(published_as_utf8(path, &utf8, "Windows-1252"), 40000);
        unlink(path);
        free(path);

        /* The same text in UTF-16, an emoji as a surrogate pair: little-endian with its byte
        ** order mark (Excel's "Unicode text"), and without one in either byte order, found by
        ** the NUL bytes of its first line. */
        buf_puts(&utf8, "x,\xF0\x9F\xA5\x9F,y\r\n");
        const struct {
            bool big, bom;
            const char *said;
        } forms[] = {
            {false, true, "UTF-16"}, {false, false, "UTF-16LE"}, {true, false, "UTF-16BE"}};
        for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
            utf16_of(&utf8, forms[f].big, forms[f].bom, &u16);
            path = write_temp(u16.data, u16.len);
            assert_int_equal(published_as_utf8(path, &utf8, forms[f].said), 40001);
            unlink(path);
            free(path);
        }
        buf_free(&cp);
        buf_free(&utf8);
        buf_free(&u16);
    }
}

/* Refused: a file with UTF-8 in one place and another encoding in another (either reading is
** wrong somewhere), a byte no Windows-1252 character has, and UTF-16 cut inside a character;
** a UTF-8 file is read as it is, its byte order mark skipped. */
static void published_encodings_refused_and_utf8_kept(void **state)
{
    (void)state;
    const char *texts[] = {"id,name\n1,caf\xC3\xA9\n2,caf\xE9\n",
                           "id,name\n1,ok\n2,caf\x81\n",
                           "\xFF\xFEi\0d\0\n\0x",
                           "\xFE\xFF\0i\0d\0\n\xDC\0\0\n",
                           "i\0d\0\n\0x",
                           "\0i\0d\0\n\xDC\0\0\n",
                           "i\0\0\0d\0\0\0\n\0\0\0",
                           "id,\0name\n1,x\n",
                           "\0\nid,name\n"};
    const size_t lens[] = {strlen(texts[0]), strlen(texts[1]), 9, 12, 7, 10, 12, 13, 10};
    const char *said[] = {
        "f.csv:3: invalid UTF-8 (byte 0xE9); save the file as UTF-8",
        "f.csv:3: invalid UTF-8 (byte 0x81)",
        "f.csv:2: the file ends inside a UTF-16 character (cut off?)",
        "f.csv:2: not UTF-16 text at byte 8 (0xDC00: half of a surrogate pair without its other "
        "half)",
        /* Without a byte order mark, found by the NUL bytes of the first line. */
        "f.csv:2: the file ends inside a UTF-16LE character (cut off?)",
        "f.csv:2: not UTF-16BE text at byte 6 (0xDC00: half of a surrogate pair without its other "
        "half)",
        /* Neither: UTF-32 (a code unit of two NULs), a NUL in UTF-8 text, and a first line too
        ** short to tell (a line break alone). */
        "f.csv:1: a NUL byte (0x00) at byte 1: not a text file",
        "f.csv:1: a NUL byte (0x00) at byte 3: not a text file",
        "f.csv:1: a NUL byte (0x00) at byte 0: not a text file"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        char *path = write_temp(texts[k], lens[k]);
        struct diag d = {0};
        struct csv_reader *r = NULL;
        assert_int_equal(csv_open_published(path, "f.csv", &r, &d), BELONG_EDATA);
        assert_null(r);
        assert_non_null(strstr(buf_str(&d.text), said[k]));
        diag_free(&d);
        unlink(path);
        free(path);
    }
    struct buf utf8 = {0};
    buf_puts(&utf8, "id,name\n1,Caf\xC3\xA9\n");
    const char with_bom[] = "\xEF\xBB\xBFid,name\n1,Caf\xC3\xA9\n";
    char *path = write_temp(with_bom, strlen(with_bom));
    assert_int_equal(published_as_utf8(path, &utf8, NULL), 1);
    unlink(path);
    free(path);
    buf_free(&utf8);
}

/* Opens text (UTF-8) as a published file and reads its header. */
static struct csv_reader *open_published(const char *text, struct diag *d, char **path)
{
    struct csv_reader *r = NULL;
    *path = write_temp(text, strlen(text));
    assert_int_equal(csv_open_published(*path, "p.csv", &r, d), BELONG_OK);
    assert_int_equal(csv_read_header(r), BELONG_OK);
    return r;
}

static void close_published(struct csv_reader *r, char *path)
{
    csv_close(r);
    unlink(path);
    free(path);
}

/* The separator is the header's: ';' (commas inside values are text), a tab, else a comma. */
static void published_separator_is_the_headers(void **state)
{
    (void)state;
    struct diag d = {0};
    char *path;
    struct csv_reader *r = open_published("id;\"a;b\";name\n1;2,5;x, y\n", &d, &path);
    assert_int_equal(csv_column(r, "a;b"), 1);
    next_ok(r);
    assert_int_equal(csv_field_count(r), 3);
    assert_string_equal(csv_field(r, 1), "2,5");
    assert_string_equal(csv_field(r, 2), "x, y");
    close_published(r, path);
    r = open_published("id\tname\tnote;x\n1\ta;b\tc,d\n", &d, &path);
    next_ok(r);
    assert_string_equal(csv_field(r, 1), "a;b");
    assert_string_equal(csv_field(r, 2), "c,d");
    close_published(r, path);
    r = open_published("id,name;x\n1,a;b\n", &d, &path);
    next_ok(r);
    assert_string_equal(csv_field(r, 1), "a;b");
    close_published(r, path);
    assert_int_equal(d.count, 0);
}

/* Blanks around a quoted field are not part of it; blanks inside the quotes are. */
static void published_blanks_around_quotes(void **state)
{
    (void)state;
    struct diag d = {0};
    char *path;
    struct csv_reader *r = open_published("id,name,x\n1 , \"a, b\" ,\" c \"\t\n", &d, &path);
    next_ok(r);
    assert_string_equal(csv_field(r, 0), "1 ");
    assert_string_equal(csv_field(r, 1), "a, b");
    assert_string_equal(csv_field(r, 2), " c ");
    close_published(r, path);
    assert_int_equal(d.count, 0);
}

/* A row may leave out the header's trailing unnamed columns, not a named one; a row that repeats
** the header (in any case) is told apart. */
static void published_short_rows_and_repeated_header(void **state)
{
    (void)state;
    struct diag d = {0};
    char *path;
    struct csv_reader *r = open_published("id,name,,\n1,a\n2,b,,\nID, Name ,,\n3,c\n", &d, &path);
    next_ok(r);
    assert_int_equal(csv_field_count(r), 4);
    assert_string_equal(csv_field(r, 1), "a");
    assert_false(csv_is_header(r));
    next_ok(r);
    assert_false(csv_is_header(r));
    next_ok(r);
    assert_true(csv_is_header(r));
    next_ok(r);
    assert_string_equal(csv_field(r, 0), "3");
    at_end(r);
    close_published(r, path);
    assert_int_equal(d.count, 0);
    r = open_published("id,name,town\n1,a\n", &d, &path);
    bool got;
    assert_int_equal(csv_next(r, &got), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "p.csv:2: 2 fields, but the header has 3"));
    close_published(r, path);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoted_fields_commas_and_doubled_quotes),
        cmocka_unit_test(crlf_and_lf_and_missing_final_newline),
        cmocka_unit_test(bom_is_skipped_and_header_lookup),
        cmocka_unit_test(embedded_newlines_keep_line_numbers),
        cmocka_unit_test(invalid_utf8_is_refused_with_its_line),
        cmocka_unit_test(nul_byte_is_refused_with_its_line),
        cmocka_unit_test(utf8_validator_cases),
        cmocka_unit_test(unterminated_quote_names_the_line),
        cmocka_unit_test(text_after_closing_quote_is_an_error),
        cmocka_unit_test(empty_file_has_no_header),
        cmocka_unit_test(missing_file_is_noinput),
        cmocka_unit_test(many_rows_are_read),
        cmocka_unit_test(rows_must_have_the_header_field_count),
        cmocka_unit_test(duplicate_header_names_are_refused),
        cmocka_unit_test(a_field_past_the_limit_is_refused),
        cmocka_unit_test(a_folder_or_fifo_is_not_read),
        cmocka_unit_test(a_file_read_in_parts_gives_the_records_of_the_whole),
        cmocka_unit_test(a_bad_byte_late_in_a_file_refuses_it_whole),
        cmocka_unit_test(an_open_quote_in_a_large_file_names_its_line),
        cmocka_unit_test(windows_1252_and_utf16_read_as_their_utf8),
        cmocka_unit_test(published_encodings_refused_and_utf8_kept),
        cmocka_unit_test(published_separator_is_the_headers),
        cmocka_unit_test(published_blanks_around_quotes),
        cmocka_unit_test(published_short_rows_and_repeated_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
