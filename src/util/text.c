/* text.c — UTF-8 validation and text checks (see text.h). */
#include "text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"    /* xstrndup */
#include "limits.h" /* limit_text */

bool utf8_valid(const unsigned char *s, size_t len, size_t *bad_offset)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            /* Mostly ASCII: skip eight bytes at a time while no high bit is set. */
            uint64_t word;
            while (i + 8 <= len && (memcpy(&word, s + i, 8), !(word & 0x8080808080808080ull)))
                i += 8;
            if (i < len && s[i] < 0x80)
                i++;
            continue;
        }
        size_t need;
        unsigned long cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            goto bad;
        }
        if (i + need >= len)
            goto bad;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += need + 1;
    }
    return true;
bad:
    if (bad_offset)
        *bad_offset = i;
    return false;
}

const char *text_problem(const char *s, size_t max_bytes, bool multiline)
{
    static _Thread_local char too_long[64];
    size_t n = strlen(s);
    if (n > max_bytes) {
        char limit[32];
        snprintf(too_long, sizeof too_long, "is longer than the %s-byte limit",
                 limit_text((long)max_bytes, limit, sizeof limit));
        return too_long;
    }
    if (!utf8_valid((const unsigned char *)s, n, NULL))
        return "is not valid UTF-8";
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (multiline && (*c == '\t' || *c == '\n' || *c == '\r'))
            continue;
        if (*c < 0x20 || *c == 0x7f)
            return "contains a control character";
    }
    return NULL;
}

bool comma_list_next(const char **p, const char **item, size_t *len)
{
    const char *s = *p;
    for (;;) {
        while (*s == ',' || isspace((unsigned char)*s))
            s++;
        if (!*s) {
            *p = s;
            return false;
        }
        const char *end = s;
        while (*end && *end != ',')
            end++;
        const char *last = end;
        while (last > s && isspace((unsigned char)last[-1]))
            last--;
        *p = end;
        if (last > s) {
            *item = s;
            *len = (size_t)(last - s);
            return true;
        }
        s = end;
    }
}

bool parse_yes_no(const char *s, bool *out)
{
    static const char *const yes[] = {"yes", "y", "true", "1"};
    static const char *const no[] = {"no", "n", "false", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

char *text_fold(const char *s)
{
    char *out = xstrdup(s), *w = out;
    bool space = false;
    for (const char *p = s; *p; p++) {
        if (isspace((unsigned char)*p)) {
            space = w > out;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = false;
        *w++ = (char)tolower((unsigned char)*p);
    }
    *w = '\0';
    return out;
}

char *text_trim_lower(const char *s, size_t n)
{
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    char *out = xstrndup(s, n);
    for (char *p = out; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}
