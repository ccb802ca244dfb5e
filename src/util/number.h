/* number.h — plain decimal numbers as people type them (miles, coordinates). */
#ifndef BELONG_NUMBER_H
#define BELONG_NUMBER_H

#include <stdbool.h>

/* Parses an optional '-', digits, and an optional '.' followed by digits ("12", "-71.8", "0.5")
** into *out. Refuses everything strtod would also take: blanks, '+', exponents, hex, inf, nan.
** Returns true on success. */
bool parse_decimal(const char *s, double *out);

#endif
