/* buf.h — a growable byte buffer, always NUL-terminated, for building strings.
**
** A zeroed struct buf is an empty buffer. Appends abort the process on out-of-memory
** (belong treats OOM as fatal), so they cannot fail. The buffer owns `data`; buf_free
** releases it, buf_detach hands it to the caller.
*/
#ifndef BELONG_BUF_H
#define BELONG_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated once anything was appended; may be NULL when empty */
    size_t len;
    size_t cap;
};

void buf_append(struct buf *b, const char *bytes, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
/* Makes room for extra more bytes (and the NUL) at once, instead of growing as they come. */
void buf_reserve(struct buf *b, size_t extra);
/* Returns the contents ("" when empty); valid until the next append. */
const char *buf_str(const struct buf *b);
/* Returns the heap string (never NULL) and leaves b empty; the caller must free it. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

/* Allocation helpers that abort on out-of-memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s); /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);

#endif
