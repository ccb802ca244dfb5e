/* json_out.h — JSON written straight into a buffer, for an answer too frequent to build as a
** tree of jansson values first (the search API's: docs/web.md). The structure (braces,
** brackets, keys, ", " and ": ") is written here, the strings and reals that need it are
** encoded by jansson, so that the bytes are those json_dumps writes with JSON_PRESERVE_ORDER |
** JSON_REAL_PRECISION(12) and no indent. Appends cannot fail (struct buf aborts on OOM).
*/
#ifndef BELONG_WEB_JSON_OUT_H
#define BELONG_WEB_JSON_OUT_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

#define JSON_OUT_DEPTH 8 /* nesting of objects and arrays */

struct json_out {
    struct buf *b; /* not owned */
    int depth;
    bool has_items[JSON_OUT_DEPTH]; /* the open object or array holds something already */
    bool after_key;                 /* a key was written: its value comes next */
};

/* Writes into b (appended to what it holds). */
void json_out_init(struct json_out *o, struct buf *b);
void json_out_object_begin(struct json_out *o);
void json_out_object_end(struct json_out *o);
void json_out_array_begin(struct json_out *o);
void json_out_array_end(struct json_out *o);
/* A key of the open object: a string literal of the code (the macro takes nothing else),
** written as it is, so one that JSON would escape must not be used (test_json_out compares
** every key the API writes with jansson's). */
#define json_out_key(o, key) json_out_key_text((o), "\"" key "\": ", sizeof(key) + 3)
/* json_out_key's work, inline so that the length of the key's text is known where it is
** written (the most frequent thing an answer writes). */
static inline void json_out_key_text(struct json_out *o, const char *text, size_t len)
{
    if (o->after_key || o->depth == 0)
        abort(); /* a key where a value is due, or outside an object */
    bool more = o->has_items[o->depth - 1];
    o->has_items[o->depth - 1] = true;
    o->after_key = true;
    struct buf *b = o->b;
    if (b->len + len + 3 > b->cap) {
        if (more)
            buf_append(b, ", ", 2);
        buf_append(b, text, len);
        return;
    }
    char *at = b->data + b->len;
    if (more) {
        memcpy(at, ", ", 2);
        at += 2;
    }
    memcpy(at, text, len);
    at[len] = '\0';
    b->len = (size_t)(at + len - b->data);
}
/* s as a JSON string; NULL, or text that is not valid UTF-8 (jansson refuses it), as null. */
void json_out_string(struct json_out *o, const char *s);
void json_out_integer(struct json_out *o, long long v);
/* v as jansson writes a real with 12 significant digits; NaN and infinities as null. */
void json_out_real(struct json_out *o, double v);
/* v rounded to `decimals` places (round(v * 10^decimals) / 10^decimals, as cli_rounded does),
** written as json_out_real writes the rounded value, without printf for most values. */
void json_out_decimal(struct json_out *o, double v, int decimals);
void json_out_bool(struct json_out *o, bool v);
void json_out_null(struct json_out *o);

#endif
