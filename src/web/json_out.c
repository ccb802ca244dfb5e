/* json_out.c — JSON written straight into a buffer (json_out.h): the structure, plain strings,
** integers and the decimals a value rounded to a few places gives here; strings with anything
** to escape and other reals encoded by jansson (json_dumpb of one value).
*/
#include "json_out.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_OUT_FLAGS (JSON_ENCODE_ANY | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

void json_out_init(struct json_out *o, struct buf *b)
{
    *o = (struct json_out){.b = b};
}

/* Appends n bytes, in place when they fit (the common case), else through buf_append. */
static inline void put(struct buf *b, const char *bytes, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        buf_append(b, bytes, n);
        return;
    }
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* The separator before a value (or a key) at the current depth. */
static inline void before_value(struct json_out *o)
{
    if (o->after_key) {
        o->after_key = false;
        return;
    }
    if (o->depth > 0) {
        if (o->has_items[o->depth - 1])
            put(o->b, ", ", 2);
        o->has_items[o->depth - 1] = true;
    }
}

static void open(struct json_out *o, char c)
{
    before_value(o);
    if (o->depth >= JSON_OUT_DEPTH)
        abort(); /* a writer nesting deeper than its answers do */
    put(o->b, &c, 1);
    o->has_items[o->depth++] = false;
}

static void close_(struct json_out *o, char c)
{
    if (o->depth == 0 || o->after_key)
        abort();
    o->depth--;
    put(o->b, &c, 1);
}

void json_out_object_begin(struct json_out *o)
{
    open(o, '{');
}

void json_out_object_end(struct json_out *o)
{
    close_(o, '}');
}

void json_out_array_begin(struct json_out *o)
{
    open(o, '[');
}

void json_out_array_end(struct json_out *o)
{
    close_(o, ']');
}

/* Appends v (released here) as jansson encodes it; false when v is NULL. */
static bool dump(struct buf *b, json_t *v)
{
    if (!v)
        return false;
    char small[256];
    size_t n = json_dumpb(v, small, sizeof small, JSON_OUT_FLAGS);
    if (n > sizeof small) {
        char *big = xmalloc(n);
        n = json_dumpb(v, big, n, JSON_OUT_FLAGS);
        buf_append(b, big, n);
        free(big);
    } else {
        buf_append(b, small, n);
    }
    json_decref(v);
    return n > 0;
}

/* Whether s[0..n) holds a byte jansson writes otherwise than as it is: printable ASCII but
** for '"' and '\' is written as it is (jansson escapes nothing else without JSON_ENSURE_ASCII
** or JSON_ESCAPE_SLASH). Eight bytes at a time: a byte at 0x80 or above sets its high bit, one
** below 0x20 or equal to '"', '\' or DEL borrows into it (a borrow starts only at such a byte,
** so a word without one shows none). */
static inline bool word_needs_escaping(const char *eight)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t x, quote, backslash, del;
    memcpy(&x, eight, sizeof x);
    quote = x ^ (ones * '"');
    backslash = x ^ (ones * '\\');
    del = x ^ (ones * 0x7f);
    uint64_t hit = x | ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
                   ((backslash - ones) & ~backslash) | ((del - ones) & ~del);
    return (hit & high) != 0;
}

static bool needs_escaping(const char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        if (word_needs_escaping(s + i))
            return true;
    if (i == n)
        return false;
    if (n >= 8) /* the last bytes as the last eight, some of them looked at already */
        return word_needs_escaping(s + n - 8);
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
            return true;
    }
    return false;
}

void json_out_string(struct json_out *o, const char *s)
{
    before_value(o);
    if (!s) {
        put(o->b, "null", 4);
        return;
    }
    size_t n = strlen(s);
    if (needs_escaping(s, n)) { /* and NULL for text that is not UTF-8 */
        if (!dump(o->b, json_string(s)))
            put(o->b, "null", 4);
        return;
    }
    if (o->b->len + n + 3 > o->b->cap) {
        buf_putc(o->b, '"');
        buf_append(o->b, s, n);
        buf_putc(o->b, '"');
        return;
    }
    char *at = o->b->data + o->b->len;
    at[0] = '"';
    memcpy(at + 1, s, n);
    at[n + 1] = '"';
    at[n + 2] = '\0';
    o->b->len += n + 2;
}

/* The decimal digits of v, as "%lld" writes them, ending at end; returns where they begin. */
static char *digits_of(long long v, char *end)
{
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        *--end = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--end = '-';
    return end;
}

void json_out_integer(struct json_out *o, long long v)
{
    before_value(o); /* written as jansson's JSON_INTEGER_FORMAT, "%lld", writes it */
    char text[24], *end = text + sizeof text;
    char *begin = digits_of(v, end);
    put(o->b, begin, (size_t)(end - begin));
}

void json_out_real(struct json_out *o, double v)
{
    before_value(o);
    if (!dump(o->b, json_real(v)))
        buf_append(o->b, "null", 4);
}

/* Writes k / 10^decimals as jansson writes the nearest double to it with 12 significant digits
** ("%.12g", then ".0" when that has neither '.' nor 'e'); false (nothing written) when that is
** not the plain decimal: more than 12 digits, or under 1e-4 (printf's exponent form). Exact:
** the double is within a part in 2^53 of the decimal, which has at most 12 significant digits,
** so rounding it to 12 gives the decimal back. */
static bool put_decimal(struct buf *b, double k, int decimals, bool negative_zero)
{
    if (!(fabs(k) < 1e12) || decimals > 15)
        return false;
    long long digits = (long long)k;
    if (digits == 0) {
        put(b, negative_zero ? "-0.0" : "0.0", negative_zero ? 4 : 3);
        return true;
    }
    static const long long tens[] = {1,
                                     10,
                                     100,
                                     1000,
                                     10000,
                                     100000,
                                     1000000,
                                     10000000,
                                     100000000,
                                     1000000000,
                                     10000000000,
                                     100000000000,
                                     1000000000000,
                                     10000000000000,
                                     100000000000000,
                                     1000000000000000};
    unsigned long long u =
        digits < 0 ? 0ULL - (unsigned long long)digits : (unsigned long long)digits;
    if (decimals > 4 && u < (unsigned long long)tens[decimals - 4])
        return false;                     /* under 1e-4 */
    while (decimals > 0 && u % 10 == 0) { /* %g's trailing zeros dropped */
        u /= 10;
        decimals--;
    }
    char text[48], *end = text + sizeof text, *p = end;
    if (decimals == 0) {
        *--p = '0';
        *--p = '.';
    }
    for (int place = 0; u || place <= decimals; place++) {
        if (place == decimals && decimals > 0)
            *--p = '.';
        *--p = (char)('0' + u % 10);
        u /= 10;
    }
    if (digits < 0)
        *--p = '-';
    put(b, p, (size_t)(end - p));
    return true;
}

void json_out_decimal(struct json_out *o, double v, int decimals)
{
    static const double scales[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double scale = decimals >= 0 && decimals <= 15 ? scales[decimals] : pow(10, decimals);
    double k = round(v * scale), rounded = k / scale;
    before_value(o);
    if (isfinite(rounded) && put_decimal(o->b, k, decimals, signbit(rounded) != 0))
        return;
    if (!dump(o->b, json_real(rounded)))
        put(o->b, "null", 4);
}

void json_out_bool(struct json_out *o, bool v)
{
    before_value(o);
    if (v)
        put(o->b, "true", 4);
    else
        put(o->b, "false", 5);
}

void json_out_null(struct json_out *o)
{
    before_value(o);
    put(o->b, "null", 4);
}
