/* number.c — strict decimal number parsing (see number.h). */
#include "number.h"

#include <ctype.h>
#include <stdlib.h>

bool parse_decimal(const char *s, double *out)
{
    if (!s)
        return false;
    const char *p = s;
    if (*p == '-')
        p++;
    int digits = 0, fraction_digits = 0;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            fraction_digits++;
        }
        if (fraction_digits == 0)
            return false;
    }
    if (digits == 0 || *p != '\0' || digits > 15)
        return false;
    *out = strtod(s, NULL); /* the text is now known to be a plain decimal */
    return true;
}

bool parse_whole(const char *s, long min, long max, long *out)
{
    if (!s)
        return false;
    const char *p = s + (*s == '-');
    size_t digits = 0;
    while (isdigit((unsigned char)p[digits]))
        digits++;
    if (digits == 0 || p[digits] != '\0' || digits > 18)
        return false;
    long v = strtol(s, NULL, 10); /* plain digits that fit: no error is possible */
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}
