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

/* What ASCII byte c is written as: NULL when it is written as it is. */
static const char *ascii_escape(unsigned char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    default:
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            return REPLACEMENT;
        return NULL;
    }
}

void buf_put_xml(struct buf *out, const char *s)
{
    if (!s)
        return;
    size_t len = strlen(s);
    size_t kept = 0; /* s[kept..i) is written as it is, in one piece, before anything else */
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        const char *instead;
        size_t step;
        if (c < 0x80) {
            instead = ascii_escape(c);
            step = 1;
        } else {
            size_t n = sequence_length(c);
            bool ok = n > 1 && i + n <= len && utf8_valid((const unsigned char *)s + i, n, NULL);
            /* U+FFFE and U+FFFF are well-formed UTF-8 but not characters XML allows */
            bool allowed =
                !(ok && n == 3 &&
                  (memcmp(s + i, "\xEF\xBF\xBE", 3) == 0 || memcmp(s + i, "\xEF\xBF\xBF", 3) == 0));
            instead = ok && allowed ? NULL : REPLACEMENT;
            step = ok ? n : 1;
        }
        if (instead) {
            if (i > kept)
                buf_append(out, s + kept, i - kept);
            buf_puts(out, instead);
            kept = i + step;
        }
        i += step;
    }
    if (len > kept)
        buf_append(out, s + kept, len - kept);
}
