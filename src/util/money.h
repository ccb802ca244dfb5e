/* money.h — amounts of US dollars as the CLI and data files write them, read exactly. */
#ifndef BELONG_MONEY_H
#define BELONG_MONEY_H

#include <stdbool.h>

/* Parses "12", "7.5", "7.50" or "$7.50" (at most two decimals, no sign, no exponent) into
** cents, exactly (no floating point). Returns false for anything else or more than max_dollars.
** OUT: *cents. */
bool parse_usd_cents(const char *s, long max_dollars, int *cents);

#endif
