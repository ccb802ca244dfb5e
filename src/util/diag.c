/* diag.c — problem collector for input validation (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

/* Appends s with control characters made visible ("\n", "\r", "\t", "\xNN"), so that text
** quoted from the input (a field with line breaks, a terminal escape) can neither split one
** problem over several lines nor reach the terminal. Cannot fail. */
static void put_visible(struct buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            buf_puts(b, "\\n");
        else if (c == '\r')
            buf_puts(b, "\\r");
        else if (c == '\t')
            buf_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7F)
            buf_printf(b, "\\x%02X", c);
        else
            buf_putc(b, (char)c);
    }
}

void diag_add(struct diag *d, const char *file, long line, const char *field, const char *fmt, ...)
{
    const char *name = file ? file : "-";
    put_visible(&d->text, name, strlen(name));
    if (line > 0)
        buf_printf(&d->text, ":%ld", line);
    buf_puts(&d->text, ": ");
    if (field && *field) {
        put_visible(&d->text, field, strlen(field));
        buf_puts(&d->text, ": ");
    }
    struct buf message = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&message, fmt, ap);
    va_end(ap);
    put_visible(&d->text, message.data ? message.data : "", message.len);
    buf_free(&message);
    buf_putc(&d->text, '\n');
    d->count++;
}

void diag_print(const struct diag *d, FILE *out)
{
    if (d->text.len)
        fwrite(d->text.data, 1, d->text.len, out);
}

void diag_rename(struct diag *d, size_t from, const char *prefix, const char *label)
{
    size_t n = strlen(prefix);
    if (from >= d->text.len || n == 0)
        return;
    struct buf out = {0};
    buf_append(&out, d->text.data, from);
    const char *line = d->text.data + from;
    const char *end = d->text.data + d->text.len;
    while (line < end) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        size_t len = eol ? (size_t)(eol - line) + 1 : (size_t)(end - line);
        if (len >= n && memcmp(line, prefix, n) == 0) {
            put_visible(&out, label, strlen(label));
            buf_append(&out, line + n, len - n);
        } else {
            buf_append(&out, line, len);
        }
        line += len;
    }
    buf_free(&d->text);
    d->text = out;
}

void diag_free(struct diag *d)
{
    buf_free(&d->text);
    d->count = 0;
}
