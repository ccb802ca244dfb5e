/* number.h — plain decimal numbers as people type them (miles, coordinates, ids, counts). */
#ifndef BELONG_NUMBER_H
#define BELONG_NUMBER_H

#include <stdbool.h>

/* Parses an optional '-', digits, and an optional '.' followed by digits ("12", "-71.8", "0.5")
** into *out. Refuses everything strtod would also take: blanks, '+', exponents, hex, inf, nan.
** Returns true on success. */
bool parse_decimal(const char *s, double *out);

/* Parses an optional '-' and digits ("12", "-3") in [min, max] into *out; refuses the rest as
** parse_decimal does (blanks, '+', a fraction, hex). Returns true on success. */
bool parse_whole(const char *s, long min, long max, long *out);

#endif
