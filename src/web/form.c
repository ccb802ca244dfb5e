/* form.c — a form's text (application/x-www-form-urlencoded) decoded into its fields, every
** one in order (repeated names too), and the fields a handler asks for by name. No HTTP here:
** tests/unit/test_web_form.c runs it alone.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/text.h"
#include "web_internal.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes [s, s + n): '+' is a space, %XX a byte. Returns the heap string, or NULL when a %
** is not followed by two hex digits, a byte is NUL, or the text is not UTF-8 (*why says which). */
static char *component_decode(const char *s, size_t n, const char **why)
{
    char *out = xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < n ? hex_value(s[i + 1]) : -1; /* two characters must follow */
            int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *why = "a '%' is not followed by two hexadecimal digits";
                free(out);
                return NULL;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') {
            *why = "it holds a NUL byte";
            free(out);
            return NULL;
        }
        out[k++] = c;
    }
    out[k] = '\0';
    if (!utf8_valid((const unsigned char *)out, k, NULL)) {
        *why = "it is not UTF-8 text";
        free(out);
        return NULL;
    }
    return out;
}

void web_fields_free(struct web_field *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(fields[i].name);
        free(fields[i].value);
    }
    free(fields);
}

const char *web_form_decode(const char *text, size_t len, struct web_field **fields, size_t *n,
                            char bad_field[64])
{
    bad_field[0] = '\0';
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *pair_end = amp ? amp : end;
        if (pair_end > p) { /* "a=1&&b=2": an empty pair is skipped */
            const char *eq = memchr(p, '=', (size_t)(pair_end - p));
            const char *name_end = eq ? eq : pair_end;
            size_t raw = (size_t)(name_end - p);
            snprintf(bad_field, 64, "%.*s", (int)(raw < 63 ? raw : 63), p);
            /* The raw name goes into an error message (a JSON string, a header-free page):
            ** a byte that is not printable ASCII is shown as '?', so that the message stays
            ** UTF-8 text (jansson refuses a string that is not: the message would be lost). */
            for (char *c = bad_field; *c; c++)
                if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
                    *c = '?';
            const char *why = NULL;
            char *name = component_decode(p, raw, &why);
            char *value = name && eq ? component_decode(eq + 1, (size_t)(pair_end - eq - 1), &why)
                          : name     ? xstrdup("")
                                     : NULL;
            if (!name || !value) {
                free(name);
                return why;
            }
            *fields = xrealloc(*fields, (*n + 1) * sizeof **fields);
            (*fields)[(*n)++] = (struct web_field){name, value};
        }
        p = amp ? amp + 1 : end;
    }
    bad_field[0] = '\0';
    return NULL;
}

const char *web_form_get(const struct web_request *req, const char *name)
{
    for (size_t i = 0; i < req->n_fields; i++)
        if (strcmp(req->fields[i].name, name) == 0)
            return req->fields[i].value;
    return NULL;
}

const char **web_form_all(const struct web_request *req, const char *name, size_t *n)
{
    const char **out = xcalloc(req->n_fields + 1, sizeof *out);
    *n = 0;
    for (size_t i = 0; i < req->n_fields; i++)
        if (strcmp(req->fields[i].name, name) == 0)
            out[(*n)++] = req->fields[i].value;
    return out;
}
