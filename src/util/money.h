/* money.h — amounts of US dollars as the CLI and data files write them, read exactly. */
#ifndef BELONG_MONEY_H
#define BELONG_MONEY_H

#include <stdbool.h>
#include <stddef.h>

#define USD_TEXT_LEN 24 /* room for "$21474836.47" and NUL, with margin */

/* Parses "12", "7.5", "7.50" or "$7.50" (at most two decimals, no sign, no exponent) into
** cents, exactly (no floating point). Returns false for anything else or more than max_dollars.
** OUT: *cents. */
bool parse_usd_cents(const char *s, long max_dollars, int *cents);

/* Writes cents (>= 0) as belong shows dollars everywhere: "$12" when whole, else "$12.50".
** Cannot fail. */
void format_usd(int cents, char *out, size_t len);

#endif
