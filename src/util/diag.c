/* diag.c — problem collector for input validation (see diag.h). */
#include "diag.h"

#include <stdarg.h>

void diag_add(struct diag *d, const char *file, long line, const char *field, const char *fmt, ...)
{
    buf_puts(&d->text, file ? file : "-");
    if (line > 0)
        buf_printf(&d->text, ":%ld", line);
    buf_puts(&d->text, ": ");
    if (field && *field)
        buf_printf(&d->text, "%s: ", field);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&d->text, fmt, ap);
    va_end(ap);
    buf_putc(&d->text, '\n');
    d->count++;
}

void diag_print(const struct diag *d, FILE *out)
{
    if (d->text.len)
        fwrite(d->text.data, 1, d->text.len, out);
}

void diag_free(struct diag *d)
{
    buf_free(&d->text);
    d->count = 0;
}
