/* xml.c — escaping text for XML, SVG and HTML (see xml.h). */
#include "xml.h"

#include <string.h>

#include "text.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD, in UTF-8 */

/* The length of the UTF-8 sequence a lead byte starts (1 for bytes that start none). */
static size_t sequence_length(unsigned char lead)
{
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 1;
}

void buf_put_xml(struct buf *out, const char *s)
{
    if (!s)
        return;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
            case '&':
                buf_puts(out, "&amp;");
                break;
            case '<':
                buf_puts(out, "&lt;");
                break;
            case '>':
                buf_puts(out, "&gt;");
                break;
            case '"':
                buf_puts(out, "&quot;");
                break;
            case '\'':
                buf_puts(out, "&#39;");
                break;
            default:
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
                    buf_puts(out, REPLACEMENT);
                else
                    buf_putc(out, (char)c);
            }
            i++;
            continue;
        }
        size_t n = sequence_length(c);
        bool ok = n > 1 && i + n <= len && utf8_valid((const unsigned char *)s + i, n, NULL);
        /* U+FFFE and U+FFFF are well-formed UTF-8 but not characters XML allows */
        bool allowed =
            !(ok && n == 3 &&
              (memcmp(s + i, "\xEF\xBF\xBE", 3) == 0 || memcmp(s + i, "\xEF\xBF\xBF", 3) == 0));
        if (ok && allowed)
            buf_append(out, s + i, n);
        else
            buf_puts(out, REPLACEMENT);
        i += ok ? n : 1;
    }
}
