/* csv.c — RFC 4180 CSV reader (see csv.h): the file checked whole (UTF-8, no NUL, its size)
** in a first pass, then read in parts, one record at a time, in bounded memory. */
#include "csv.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/infile.h"
#include "../util/limits.h"
#include "../util/rc.h"

#define CHUNK_BYTES (1u << 20) /* read at a time */
#define RAW_BYTES   (1u << 18) /* read at a time from a file that is transcoded */
/* At most this many UTF-8 bytes come from one byte of a file transcoded: a Windows-1252 byte
** gives up to 3 (the euro sign), two bytes of UTF-16 up to 3. */
#define UTF8_PER_RAW_BYTE 3

/* What a file is read from. A published file (csv_open_published) may be other than UTF-8:
** UTF-16 with its byte order mark, or without one (named by its byte order then). */
enum encoding {
    ENC_UTF8,
    ENC_WINDOWS_1252,
    ENC_UTF16LE,
    ENC_UTF16BE,
    ENC_UTF16LE_BARE,
    ENC_UTF16BE_BARE
};
static const char *const encoding_iconv[] = {"UTF-8",    "WINDOWS-1252", "UTF-16LE",
                                             "UTF-16BE", "UTF-16LE",     "UTF-16BE"};
static const char *const encoding_shown[] = {"UTF-8",  "Windows-1252", "UTF-16",
                                             "UTF-16", "UTF-16LE",     "UTF-16BE"};
#define ENC_IS_UTF16(e) ((e) >= ENC_UTF16LE)

struct csv_reader {
    char *label; /* name in messages (heap) */
    int fd;      /* the file, or -1 for bytes in memory */
    /* The input window: bytes [head, tail) of in are read and not yet parsed. */
    char *in;
    size_t in_cap, head, tail;
    unsigned long long in_left; /* bytes of the checked file still to read */
    bool eof;                   /* nothing more to read */
    bool io_failed;             /* reading failed (reported) */
    long line;                  /* physical line at head, from 1 */
    long rec_line;              /* line where the current record starts */
    bool failed;                /* a broken record stopped the reader */
    /* The current record: its fields unescaped, each ending with a NUL, in rec (heap). */
    char *rec;
    size_t rec_len, rec_cap;
    size_t *offs;  /* start of each field in rec (heap) */
    char **fields; /* the current record's fields, pointers into rec (array heap) */
    size_t n, cap; /* fields in use, allocated */
    char **header; /* column names (heap copies), after csv_read_header */
    size_t n_header;
    long records; /* records read so far, the header included */
    struct diag *diag;
    /* A published file (csv_open_published): its encoding, the separator its header uses, and
    ** blanks around a quoted field allowed. A file not in UTF-8 is transcoded as it is read:
    ** its bytes go through raw (heap, raw_len of them not yet transcoded) and cd. */
    bool published;
    char sep;
    enum encoding enc;
    iconv_t cd;
    char *raw;
    size_t raw_len;
};

static long lines_in(const char *p, size_t n)
{
    long lines = 0;
    for (const char *end = p + n; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        lines++;
    return lines;
}

/* Where a file's first byte that is not UTF-8 is, kept for a message. */
struct not_utf8 {
    unsigned char byte;
    long line;
};

static void report_not_utf8(const char *label, const struct not_utf8 *nu, struct diag *diag)
{
    diag_add(diag, label, nu->line, NULL, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
             nu->byte);
}

/* Checks one stretch of text (file offset `at`, `lines` line breaks before it): valid UTF-8
** and, for the first NUL found, where it is (*nul_at, *nul_line; *nul_at is -1 until one is
** found). Reports bad UTF-8, or only notes where it is in *nu when nu is not NULL; returns false
** then. */
static bool check_text(const char *label, const char *p, size_t n, unsigned long long at,
                       long lines, long long *nul_at, long *nul_line, struct not_utf8 *nu,
                       struct diag *diag)
{
    size_t bad;
    if (!utf8_valid((const unsigned char *)p, n, &bad)) {
        struct not_utf8 here = {(unsigned char)p[bad], 1 + lines + lines_in(p, bad)};
        if (nu)
            *nu = here;
        else
            report_not_utf8(label, &here, diag);
        return false;
    }
    const char *nul = *nul_at < 0 ? memchr(p, '\0', n) : NULL;
    if (nul) {
        *nul_at = (long long)(at + (size_t)(nul - p));
        *nul_line = 1 + lines + lines_in(p, (size_t)(nul - p));
    }
    return true;
}

static int report_nul(const char *label, long long nul_at, long nul_line, struct diag *diag)
{
    /* A NUL would end a field early without a word: text files have none. */
    diag_add(diag, label, nul_line, NULL, "a NUL byte (0x00) at byte %zu: not a text file",
             (size_t)nul_at);
    return BELONG_EDATA;
}

/* The first pass over a file: the whole of it is UTF-8 text without NUL bytes, within
** max_bytes, before any record is read, as when it was read whole (a file refused for its
** bytes gives no rows). Reads in parts; a character cut by the end of a part is checked with
** the next. OUT: *checked, the bytes the records are read from. */
static int check_file(int fd, const char *label, long max_bytes, unsigned long long *checked,
                      struct not_utf8 *nu, struct diag *diag)
{
    char *buf = xmalloc(CHUNK_BYTES + 4);
    size_t carry = 0;
    unsigned long long total = 0;
    long lines = 0, nul_line = 0;
    long long nul_at = -1;
    int rc = BELONG_OK;
    for (;;) {
        ssize_t got = infile_read_some(fd, label, buf + carry, CHUNK_BYTES, diag);
        if (got < 0) {
            rc = BELONG_EIO;
            break;
        }
        size_t n = carry + (size_t)got, cut = n;
        if (total + n > (unsigned long long)max_bytes) {
            infile_too_large(label, max_bytes, diag);
            rc = BELONG_EDATA;
            break;
        }
        if (got > 0) { /* leave a character the part cuts for the next part */
            size_t j = n;
            while (j > 0 && n - j < 3 && ((unsigned char)buf[j - 1] & 0xC0) == 0x80)
                j--;
            unsigned char lead = j > 0 ? (unsigned char)buf[j - 1] : 0;
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
            if (need && j - 1 + need > n)
                cut = j - 1;
        }
        if (!check_text(label, buf, cut, total, lines, &nul_at, &nul_line, nu, diag)) {
            rc = BELONG_EDATA;
            break;
        }
        lines += lines_in(buf, cut);
        total += cut;
        carry = n - cut;
        memmove(buf, buf + cut, carry);
        if (got == 0)
            break;
    }
    free(buf);
    if (rc == BELONG_OK && nul_at >= 0)
        rc = report_nul(label, nul_at, nul_line, diag);
    *checked = total;
    return rc;
}

static struct csv_reader *reader_new(const char *label, int fd, struct diag *diag)
{
    struct csv_reader *r = xcalloc(1, sizeof *r);
    r->label = xstrdup(label);
    r->fd = fd;
    r->line = 1;
    r->diag = diag;
    r->sep = ',';
    r->cd = (iconv_t)-1;
    return r;
}

/* fill for a file not in UTF-8: reads a part of it and transcodes it into the window (which
** has room for it). A character cut by the end of the part waits in raw for the next. Returns
** false at the end (or on a read error, reported, with io_failed set). */
static bool fill_transcoded(struct csv_reader *r)
{
    for (;;) {
        size_t room = (r->in_cap - r->tail) / UTF8_PER_RAW_BYTE;
        size_t want = RAW_BYTES - r->raw_len;
        if (want > room - r->raw_len)
            want = room - r->raw_len;
        if (want > r->in_left)
            want = (size_t)r->in_left;
        ssize_t got =
            want ? infile_read_some(r->fd, r->label, r->raw + r->raw_len, want, r->diag) : 0;
        if (got < 0 || (got == 0 && r->raw_len == 0)) {
            r->eof = true;
            r->io_failed = got < 0;
            return false;
        }
        r->raw_len += (size_t)got;
        r->in_left -= (size_t)got;
        char *from = r->raw, *to = r->in + r->tail;
        size_t from_left = r->raw_len, to_left = r->in_cap - r->tail;
        size_t done = iconv(r->cd, &from, &from_left, &to, &to_left);
        if (done == (size_t)-1 && (errno != EINVAL || got == 0)) {
            /* The first pass transcoded it whole: the file changed since. */
            diag_add(r->diag, r->label, r->line, NULL, "cannot read: the file changed while read");
            r->eof = r->io_failed = true;
            return false;
        }
        memmove(r->raw, from, from_left);
        r->raw_len = from_left;
        size_t made = (size_t)(to - (r->in + r->tail));
        r->tail += made;
        if (made)
            return true;
    }
}

/* Reads more of the file into the window. Returns false at the end (or on a read error,
** reported, with io_failed set). */
static bool fill(struct csv_reader *r)
{
    if (r->eof)
        return false;
    if (r->head > 0) {
        memmove(r->in, r->in + r->head, r->tail - r->head);
        r->tail -= r->head;
        r->head = 0;
    }
    size_t least = r->enc == ENC_UTF8 ? 1 : UTF8_PER_RAW_BYTE * RAW_BYTES;
    if (r->in_cap - r->tail < least) {
        while (r->in_cap - r->tail < least)
            r->in_cap = r->in_cap ? r->in_cap * 2 : CHUNK_BYTES;
        r->in = xrealloc(r->in, r->in_cap + 1);
    }
    if (r->enc != ENC_UTF8)
        return fill_transcoded(r);
    size_t want = r->in_cap - r->tail;
    if (want > r->in_left)
        want = (size_t)r->in_left;
    ssize_t got = want ? infile_read_some(r->fd, r->label, r->in + r->tail, want, r->diag) : 0;
    if (got <= 0) {
        r->eof = true;
        r->io_failed = got < 0;
        return false;
    }
    r->tail += (size_t)got;
    r->in_left -= (size_t)got;
    return true;
}

/* The byte k (0 or 1) after head, or -1 at the end of the file. */
static inline int peek(struct csv_reader *r, size_t k)
{
    while (r->tail - r->head <= k)
        if (!fill(r))
            return -1;
    return (unsigned char)r->in[r->head + k];
}

/* Whether a file that is not UTF-8 reads as Windows-1252 (Excel's "CSV" in western locales):
** every byte is a Windows-1252 character, and none of its bytes past ASCII is part of a UTF-8
** character (a file with both was written in two encodings, and either reading of it would be
** wrong somewhere). Reads fd from where it is to its end; false when reading fails. */
static bool reads_as_windows_1252(int fd, const char *label, struct diag *diag)
{
    unsigned char *buf = xmalloc(CHUNK_BYTES + 4);
    size_t carry = 0;
    bool ok = true;
    for (;;) {
        ssize_t got = infile_read_some(fd, label, (char *)buf + carry, CHUNK_BYTES, diag);
        if (got < 0) {
            ok = false;
            break;
        }
        size_t n = carry + (size_t)got, i = 0;
        for (; ok && i < n; i++) {
            unsigned char b = buf[i];
            if (b < 0x80)
                continue;
            /* The five bytes Windows-1252 leaves undefined. */
            if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D)
                ok = false;
            size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (len > 1 && i + len > n && got > 0)
                break; /* cut by the end of the part: looked at with the next */
            if (len > 1 && i + len <= n && utf8_valid(buf + i, len, NULL))
                ok = false;
        }
        carry = n - i;
        memmove(buf, buf + i, carry);
        if (!ok || got == 0)
            break;
    }
    free(buf);
    return ok;
}

/* The first pass over a file that is not UTF-8: the whole of it transcodes from enc (cd) to
** UTF-8 text without NUL bytes. A byte that is not of enc is reported with its line (counted
** in the text it gives); so is a file that ends inside a character. */
static int check_transcoded(int fd, const char *label, enum encoding enc, iconv_t cd,
                            struct diag *diag)
{
    char *raw = xmalloc(RAW_BYTES), *text = xmalloc(UTF8_PER_RAW_BYTE * RAW_BYTES);
    size_t raw_len = 0;
    unsigned long long at = 0, total = 0;
    long lines = 0, nul_line = 0;
    long long nul_at = -1;
    int rc = BELONG_OK;
    for (;;) {
        ssize_t got = infile_read_some(fd, label, raw + raw_len, RAW_BYTES - raw_len, diag);
        if (got < 0) {
            rc = BELONG_EIO;
            break;
        }
        raw_len += (size_t)got;
        char *from = raw, *to = text;
        size_t from_left = raw_len, to_left = UTF8_PER_RAW_BYTE * RAW_BYTES;
        size_t done = iconv(cd, &from, &from_left, &to, &to_left);
        size_t made = (size_t)(to - text);
        check_text(label, text, made, total, lines, &nul_at, &nul_line, NULL, diag);
        lines += lines_in(text, made);
        total += made;
        at += (size_t)(from - raw);
        if (done == (size_t)-1 && (errno == EILSEQ || got == 0)) {
            const unsigned char *u = (const unsigned char *)from;
            if (errno != EILSEQ)
                diag_add(diag, label, 1 + lines, NULL,
                         "the file ends inside a %s character (cut off?)", encoding_shown[enc]);
            else if (from_left >= 2 && ENC_IS_UTF16(enc))
                diag_add(diag, label, 1 + lines, NULL,
                         "not %s text at byte %llu (0x%04X: half of a surrogate pair without "
                         "its other half); save the file as UTF-8",
                         encoding_shown[enc], at,
                         enc == ENC_UTF16LE || enc == ENC_UTF16LE_BARE ? u[0] | u[1] << 8
                                                                       : u[0] << 8 | u[1]);
            else
                diag_add(diag, label, 1 + lines, NULL,
                         "not %s text at byte %llu (0x%02X); save the file as UTF-8",
                         encoding_shown[enc], at, u[0]);
            rc = BELONG_EDATA;
            break;
        }
        memmove(raw, from, from_left);
        raw_len = from_left;
        if (got == 0)
            break;
    }
    free(raw);
    free(text);
    if (rc == BELONG_OK && nul_at >= 0)
        rc = report_nul(label, nul_at, nul_line, diag);
    return rc;
}

#define BARE_SNIFF_BYTES 4096 /* of a file's start, looked at for UTF-16 without a mark */

/* Whether a file's first line (within its first n bytes) is UTF-16 without a byte order mark,
** by the pattern of its NUL bytes: text in a header is mostly ASCII, and an ASCII character in
** UTF-16 is its byte beside a NUL, after it (little-endian) or before it (big-endian). The
** line (up to its line feed, or the n bytes) must have at least two code units, none of them
** U+0000, and in at least half of them the high byte is NUL and the low byte is not, on the
** same side every time. UTF-8 text has no NUL byte at all, and UTF-32 has a code unit of two
** NULs, so neither is taken for it; the file is then checked whole as UTF-16. OUT: *enc. */
static bool bare_utf16(const unsigned char *p, size_t n, enum encoding *enc)
{
    for (int le = 1; le >= 0; le--) {
        size_t units = 0, narrow = 0;
        for (size_t i = 0; i + 1 < n; i += 2) {
            unsigned lo = p[i + !le], hi = p[i + le];
            if (lo == 0 && hi == 0)
                return false;
            units++;
            if (hi == 0 && lo == '\n')
                break;
            narrow += hi == 0;
        }
        if (units >= 2 && narrow * 2 >= units) {
            *enc = le ? ENC_UTF16LE_BARE : ENC_UTF16BE_BARE;
            return true;
        }
    }
    return false;
}

/* The encoding of a published file, found from its first bytes and, for one that is not UTF-8,
** all of them; fd is left at its start. Returns 0 (OUT: *enc, *checked: the bytes to read), or
** an error reported to diag. */
static int published_encoding(int fd, const char *label, enum encoding *enc,
                              unsigned long long *checked, struct diag *diag)
{
    unsigned char head[BARE_SNIFF_BYTES];
    size_t have = 0;
    *enc = ENC_UTF8;
    for (ssize_t got = 1; got > 0 && have < sizeof head; have += (size_t)got) {
        got = infile_read_some(fd, label, (char *)head + have, sizeof head - have, diag);
        if (got < 0)
            return BELONG_EIO;
    }
    if (have >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        *enc = ENC_UTF16LE; /* Excel's "Unicode text": UTF-16 with its byte order mark */
    else if (have >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        *enc = ENC_UTF16BE;
    else if (memchr(head, '\0', have))
        bare_utf16(head, have, enc); /* else refused below for its NUL byte */
    int rc = BELONG_OK;
    if (lseek(fd, 0, SEEK_SET) != 0)
        goto seek_failed;
    if (*enc == ENC_UTF8) {
        struct not_utf8 nu = {0};
        rc = check_file(fd, label, CSV_MAX_BYTES, checked, &nu, diag);
        if (rc != BELONG_EDATA || nu.line == 0) /* UTF-8, or refused for another reason (said) */
            return rc == BELONG_OK && lseek(fd, 0, SEEK_SET) != 0 ? BELONG_EIO : rc;
        if (lseek(fd, 0, SEEK_SET) != 0)
            goto seek_failed;
        if (!reads_as_windows_1252(fd, label, diag)) {
            report_not_utf8(label, &nu, diag);
            return BELONG_EDATA;
        }
        *enc = ENC_WINDOWS_1252;
        if (lseek(fd, 0, SEEK_SET) != 0)
            goto seek_failed;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size > CSV_MAX_BYTES) {
        infile_too_large(label, CSV_MAX_BYTES, diag);
        return BELONG_EDATA;
    }
    *checked = (unsigned long long)st.st_size;
    iconv_t cd = iconv_open("UTF-8", encoding_iconv[*enc]);
    if (cd == (iconv_t)-1) {
        diag_add(diag, label, 0, NULL, "cannot read %s text here (%s); save the file as UTF-8",
                 encoding_shown[*enc], strerror(errno));
        return BELONG_EDATA;
    }
    rc = check_transcoded(fd, label, *enc, cd, diag);
    iconv_close(cd);
    if (rc != BELONG_OK || lseek(fd, 0, SEEK_SET) == 0)
        return rc;
seek_failed:
    diag_add(diag, label, 0, NULL, "cannot read: %s", strerror(errno));
    return BELONG_EIO;
}

/* Opens path as csv_open does; a published file as csv_open_published says. */
static int open_file(const char *path, const char *label, bool published, struct csv_reader **out,
                     struct diag *diag)
{
    *out = NULL;
    if (!label)
        label = path;
    int fd;
    long long size;
    int rc = infile_open_max(path, label, CSV_MAX_BYTES, &fd, &size, diag);
    if (rc != BELONG_OK)
        return rc;
    enum encoding enc = ENC_UTF8;
    unsigned long long checked = 0;
    iconv_t cd = (iconv_t)-1;
    if (published) {
        rc = published_encoding(fd, label, &enc, &checked, diag);
    } else {
        rc = check_file(fd, label, CSV_MAX_BYTES, &checked, NULL, diag);
        if (rc == BELONG_OK && lseek(fd, 0, SEEK_SET) != 0) {
            diag_add(diag, label, 0, NULL, "cannot read: %s", strerror(errno));
            rc = BELONG_EIO;
        }
    }
    if (rc == BELONG_OK && enc != ENC_UTF8 &&
        (cd = iconv_open("UTF-8", encoding_iconv[enc])) == (iconv_t)-1) {
        diag_add(diag, label, 0, NULL, "cannot read: %s", strerror(errno));
        rc = BELONG_EIO;
    }
    if (rc != BELONG_OK) {
        close(fd);
        return rc;
    }
    struct csv_reader *r = reader_new(label, fd, diag);
    r->in_left = checked;
    r->published = published;
    r->enc = enc;
    r->cd = cd;
    if (enc != ENC_UTF8)
        r->raw = xmalloc(RAW_BYTES);
    /* A byte order mark is skipped (UTF-16's comes through as UTF-8's). */
    if (peek(r, 2) >= 0 && memcmp(r->in + r->head, "\xEF\xBB\xBF", 3) == 0)
        r->head = 3;
    *out = r;
    return BELONG_OK;
}

int csv_open(const char *path, const char *label, struct csv_reader **out, struct diag *diag)
{
    return open_file(path, label, false, out, diag);
}

int csv_open_published(const char *path, const char *label, struct csv_reader **out,
                       struct diag *diag)
{
    return open_file(path, label, true, out, diag);
}

const char *csv_encoding(const struct csv_reader *r)
{
    return r->enc == ENC_UTF8 ? NULL : encoding_shown[r->enc];
}

int csv_open_bytes(const char *bytes, size_t len, const char *label, struct csv_reader **out,
                   struct diag *diag)
{
    *out = NULL;
    if (!label)
        label = "-";
    long long nul_at = -1;
    long nul_line = 0;
    if (!check_text(label, bytes, len, 0, 0, &nul_at, &nul_line, NULL, diag))
        return BELONG_EDATA;
    if (nul_at >= 0)
        return report_nul(label, nul_at, nul_line, diag);
    struct csv_reader *r = reader_new(label, -1, diag);
    r->in = xmalloc(len + 1);
    memcpy(r->in, bytes, len);
    r->in_cap = r->tail = len;
    r->eof = true;
    r->head = infile_bom(bytes, len);
    *out = r;
    return BELONG_OK;
}

void csv_close(struct csv_reader *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_header; i++)
        free(r->header[i]);
    free(r->header);
    free(r->fields);
    free(r->offs);
    free(r->rec);
    free(r->in);
    free(r->label);
    if (r->fd >= 0)
        close(r->fd);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    free(r->raw);
    free(r);
}

/* Appends n bytes to the current field, which is `*flen` bytes long so far: bytes past the
** field limit are counted, not kept (the record is refused for it). */
static void field_append(struct csv_reader *r, const char *p, size_t n, size_t *flen)
{
    size_t keep = *flen > INPUT_FIELD_MAX ? 0 : n;
    if (keep > INPUT_FIELD_MAX + 1 - *flen)
        keep = INPUT_FIELD_MAX + 1 - *flen;
    *flen += n;
    if (!keep)
        return;
    if (r->rec_len + keep + 1 > r->rec_cap) {
        while (r->rec_len + keep + 1 > r->rec_cap)
            r->rec_cap = r->rec_cap ? r->rec_cap * 2 : 4096;
        r->rec = xrealloc(r->rec, r->rec_cap);
    }
    memcpy(r->rec + r->rec_len, p, keep);
    r->rec_len += keep;
}

static void push_field(struct csv_reader *r, size_t start)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->offs = xrealloc(r->offs, r->cap * sizeof *r->offs);
        r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
    }
    r->offs[r->n++] = start;
    char nul = '\0';
    size_t ignored = 0;
    field_append(r, &nul, 1, &ignored);
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
    r->n = 0;
    return BELONG_EDATA;
}

/* Appends the bytes of the window from head up to the next `stop` or line break to the current
** field. Returns true when it stopped at one (head is there), false at the end of the window. */
static bool take_until(struct csv_reader *r, char stop, size_t *flen)
{
    size_t i = r->head;
    while (i < r->tail && r->in[i] != stop && r->in[i] != '\n' && r->in[i] != '\r')
        i++;
    field_append(r, r->in + r->head, i - r->head, flen);
    r->head = i;
    return i < r->tail;
}

/* Reads a quoted field from just after its opening quote (begun on line quote_line) to its
** closing quote. Returns 0, or -1 at the end of the file inside the quote. */
static int quoted_field(struct csv_reader *r, size_t *flen)
{
    for (;;) {
        /* The bytes up to the next quote or line break are the field's as they are. */
        take_until(r, '"', flen);
        int c = peek(r, 0);
        if (c < 0)
            return -1;
        if (c == '"') {
            if (peek(r, 1) == '"') {
                field_append(r, "\"", 1, flen);
                r->head += 2;
                continue;
            }
            r->head++;
            return 0;
        }
        if (c == '\n' || (c == '\r' && peek(r, 1) != '\n'))
            r->line++;
        field_append(r, r->in + r->head, 1, flen);
        r->head++;
    }
}

/* Reads an unquoted field up to the next separator or line break (not included). */
static void plain_field(struct csv_reader *r, size_t *flen)
{
    while (!take_until(r, r->sep, flen) && peek(r, 0) >= 0)
        ;
}

static bool is_blank(const struct csv_reader *r, int c)
{
    return c == ' ' || (c == '\t' && r->sep != '\t');
}

/* Skips the blanks at head (spaces, and tabs when they do not separate). Returns the byte after
** them, or -1 at the end. */
static int skip_blanks(struct csv_reader *r)
{
    int c;
    while (is_blank(r, c = peek(r, 0)))
        r->head++;
    return c;
}

/* In a published file, blanks before a quoted field (`a, "b, c"`, as some exports write) are
** not part of it: skips them when a quote follows. Returns the byte at head then (c when
** nothing was skipped). */
static int skip_blanks_before_quote(struct csv_reader *r, int c)
{
    size_t k = 0;
    while (is_blank(r, c))
        c = peek(r, ++k);
    if (c != '"')
        return peek(r, 0);
    r->head += k;
    return c;
}

int csv_next(struct csv_reader *r, bool *got)
{
    char limit[32];
    *got = false;
    r->n = 0;
    r->rec_len = 0;
    if (r->failed)
        return BELONG_OK;
    /* Skip empty lines. */
    int c;
    while ((c = peek(r, 0)) == '\n' || c == '\r') {
        if (c == '\r' && peek(r, 1) == '\n')
            r->head++;
        r->head++;
        r->line++;
    }
    if (c < 0)
        goto end;
    r->rec_line = r->line;
    bool cut_after_comma = false; /* the file ends right after a comma */
    for (;;) {
        size_t start = r->rec_len, flen = 0;
        c = peek(r, 0);
        cut_after_comma = c < 0 && r->n > 0;
        if (r->published && is_blank(r, c))
            c = skip_blanks_before_quote(r, c);
        if (c == '"') {
            long quote_line = r->line;
            r->head++;
            if (quoted_field(r, &flen) != 0) {
                if (r->io_failed)
                    goto end;
                return broken(r, quote_line,
                              "unterminated quoted field: the file ends inside the quote "
                              "begun here (a '\"' is never closed; cut off?)");
            }
            int after = r->published ? skip_blanks(r) : peek(r, 0);
            if (after >= 0 && after != r->sep && after != '\n' && after != '\r')
                return broken(r, r->line,
                              "text after a closing quote (a quote inside a quoted field must be "
                              "doubled)");
        } else if (c >= 0) {
            plain_field(r, &flen);
        }
        int delim = peek(r, 0);
        if (flen > INPUT_FIELD_MAX)
            return broken(r, r->rec_line, "field %zu is longer than the %s-byte limit", r->n + 1,
                          limit_text(INPUT_FIELD_MAX, limit, sizeof limit));
        if (r->n == CSV_MAX_COLUMNS)
            return broken(r, r->rec_line, "more than the %s-field limit in one row",
                          limit_text(CSV_MAX_COLUMNS, limit, sizeof limit));
        push_field(r, start);
        if (delim == r->sep) {
            r->head++;
            continue;
        }
        if (delim == '\r') {
            r->head++;
            if (peek(r, 0) == '\n')
                r->head++;
            r->line++;
        } else if (delim == '\n') {
            r->head++;
            r->line++;
        }
        break;
    }
    if (r->io_failed)
        goto end;
    if (++r->records > CSV_MAX_RECORDS)
        return broken(r, r->rec_line, "more than the %s-row limit for one file",
                      limit_text(CSV_MAX_RECORDS, limit, sizeof limit));
    /* Every row has the header's fields: one more or fewer shifts every value after it into
    ** the wrong column, and a short last row is a file that was cut off. */
    if (r->n_header && r->n == r->n_header && cut_after_comma)
        return broken(r, r->rec_line,
                      "the file ends right after a comma, mid-row (cut off?): a last row ends "
                      "with a line break");
    bool at_end = peek(r, 0) < 0;
    /* A published row without the header's trailing unnamed columns (a spreadsheet's trailing
    ** separators on the header line alone) misses nothing anyone reads. */
    size_t unnamed_tail = r->n_header;
    while (unnamed_tail > 0 && !*r->header[unnamed_tail - 1])
        unnamed_tail--;
    if (r->published && r->n_header && r->n < r->n_header && r->n >= unnamed_tail &&
        !cut_after_comma)
        while (r->n < r->n_header)
            push_field(r, r->rec_len);
    for (size_t i = 0; i < r->n; i++)
        r->fields[i] = r->rec + r->offs[i];
    if (r->n_header && r->n != r->n_header)
        return broken(r, r->rec_line, "%zu field%s, but the header has %zu%s", r->n,
                      r->n == 1 ? "" : "s", r->n_header,
                      r->n < r->n_header && at_end ? " (the file ends mid-row: cut off?)"
                      : r->n < r->n_header ? " (a missing comma or a line break outside quotes?)"
                                           : " (a comma outside quotes?)");
    *got = true;
    return BELONG_OK;
end:
    if (r->io_failed) { /* reported by fill */
        r->failed = true;
        r->n = 0;
        return BELONG_EIO;
    }
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

/* The separator a published file's header uses: of ',', ';' and tab (Excel writes ';' where a
** comma is the decimal mark, and tabs in its "Unicode text"), the one found most often outside
** quotes in the first line; a comma when none is found more often than it. */
static char header_separator(struct csv_reader *r)
{
    size_t count[3] = {0, 0, 0};
    static const char seps[3] = {',', ';', '\t'};
    bool quoted = false;
    int c;
    for (size_t k = 0; k < INPUT_FIELD_MAX && (c = peek(r, k)) >= 0; k++) {
        if (c == '"')
            quoted = !quoted;
        if (!quoted && (c == '\n' || c == '\r'))
            break;
        for (int i = 0; i < 3; i++)
            count[i] += !quoted && c == seps[i];
    }
    int best = 0;
    for (int i = 1; i < 3; i++)
        if (count[i] > count[best])
            best = i;
    return seps[best];
}

int csv_read_header(struct csv_reader *r)
{
    bool got;
    if (r->published)
        r->sep = header_separator(r);
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

bool csv_is_header(const struct csv_reader *r)
{
    if (!r->n_header || r->n != r->n_header || r->records <= 1 ||
        tolower((unsigned char)r->fields[0][strspn(r->fields[0], " \t")]) !=
            tolower((unsigned char)r->header[0][0]))
        return false; /* the first field tells most rows apart */
    bool named = false;
    for (size_t i = 0; i < r->n; i++) {
        const char *f = r->fields[i];
        size_t len = strlen(r->header[i]);
        f += strspn(f, " \t");
        if (strncasecmp(f, r->header[i], len) != 0 || f[len + strspn(f + len, " \t")])
            return false;
        named |= len > 0;
    }
    return named;
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
