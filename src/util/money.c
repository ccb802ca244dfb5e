/* money.c — reading dollar amounts exactly (see money.h). */
#include "money.h"

#include <ctype.h>
#include <stdio.h>

#define INTEGER_DIGITS_MAX 7

bool parse_usd_cents(const char *s, long max_dollars, int *cents)
{
    if (!s)
        return false;
    if (*s == '$')
        s++;
    long dollars = 0, fraction = 0;
    int int_digits = 0, frac_digits = 0;
    while (isdigit((unsigned char)*s)) {
        if (++int_digits > INTEGER_DIGITS_MAX)
            return false;
        dollars = dollars * 10 + (*s++ - '0');
    }
    if (*s == '.') {
        s++;
        while (isdigit((unsigned char)*s)) {
            if (++frac_digits > 2)
                return false;
            fraction = fraction * 10 + (*s++ - '0');
        }
        if (frac_digits == 0)
            return false;
        if (frac_digits == 1)
            fraction *= 10;
    }
    if (int_digits == 0 || *s || dollars > max_dollars || (dollars == max_dollars && fraction > 0))
        return false;
    *cents = (int)(dollars * 100 + fraction);
    return true;
}

void format_usd(int cents, char *out, size_t len)
{
    if (cents % 100)
        snprintf(out, len, "$%d.%02d", cents / 100, cents % 100);
    else
        snprintf(out, len, "$%d", cents / 100);
}
