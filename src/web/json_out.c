/* json_out.c — JSON written straight into a buffer (json_out.h): the structure here, strings
** with anything to escape and reals encoded by jansson (json_dumpb of one value).
*/
#include "json_out.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_OUT_FLAGS (JSON_ENCODE_ANY | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

void json_out_init(struct json_out *o, struct buf *b)
{
    *o = (struct json_out){.b = b};
}

/* The separator before a value (or a key) at the current depth. */
static void before_value(struct json_out *o)
{
    if (o->after_key) {
        o->after_key = false;
        return;
    }
    if (o->depth > 0) {
        if (o->has_items[o->depth - 1])
            buf_append(o->b, ", ", 2);
        o->has_items[o->depth - 1] = true;
    }
}

static void open(struct json_out *o, char c)
{
    before_value(o);
    if (o->depth >= JSON_OUT_DEPTH)
        abort(); /* a writer nesting deeper than its answers do */
    buf_putc(o->b, c);
    o->has_items[o->depth++] = false;
}

static void close_(struct json_out *o, char c)
{
    if (o->depth == 0 || o->after_key)
        abort();
    o->depth--;
    buf_putc(o->b, c);
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

void json_out_key(struct json_out *o, const char *key)
{
    if (o->after_key || o->depth == 0)
        abort();
    before_value(o);
    char text[64]; /* "key": */
    size_t n = 0;
    text[n++] = '"';
    for (const char *p = key; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_') ||
            n > sizeof text - 4)
            abort(); /* a key from the code that would need escaping, or a long one */
        text[n++] = *p;
    }
    memcpy(text + n, "\": ", 3);
    buf_append(o->b, text, n + 3);
    o->after_key = true;
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

void json_out_string(struct json_out *o, const char *s)
{
    before_value(o);
    if (!s) {
        buf_append(o->b, "null", 4);
        return;
    }
    /* Printable ASCII but for '"' and '\' is written as it is (jansson escapes nothing else
    ** without JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH); anything else goes through jansson. */
    const char *p = s;
    while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
        p++;
    if (!*p) {
        buf_putc(o->b, '"');
        buf_append(o->b, s, (size_t)(p - s));
        buf_putc(o->b, '"');
        return;
    }
    if (!dump(o->b, json_string(s)))
        buf_append(o->b, "null", 4);
}

void json_out_integer(struct json_out *o, long long v)
{
    before_value(o);
    char text[24];
    int n = snprintf(text, sizeof text, "%lld", v); /* jansson's JSON_INTEGER_FORMAT */
    buf_append(o->b, text, (size_t)n);
}

void json_out_real(struct json_out *o, double v)
{
    before_value(o);
    if (!dump(o->b, json_real(v)))
        buf_append(o->b, "null", 4);
}

void json_out_bool(struct json_out *o, bool v)
{
    before_value(o);
    buf_puts(o->b, v ? "true" : "false");
}

void json_out_null(struct json_out *o)
{
    before_value(o);
    buf_append(o->b, "null", 4);
}
