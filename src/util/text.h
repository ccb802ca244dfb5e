/* text.h — checks on text that comes from outside (imported listings, notes, profile fields):
** valid UTF-8, no control characters that could rewrite a terminal, a sane length.
*/
#ifndef BELONG_TEXT_H
#define BELONG_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when bytes[0..len) is valid UTF-8 (no overlongs, surrogates or values past U+10FFFF).
** OUT: *bad_offset, the offset of the first bad byte, when not NULL and invalid. */
bool utf8_valid(const unsigned char *bytes, size_t len, size_t *bad_offset);

/* NULL when s is fine to store and show: at most max_bytes, valid UTF-8, and no control
** characters (with multiline, tab, line feed and carriage return are allowed). Otherwise a short
** phrase saying what is wrong, e.g. "is not valid UTF-8" or "is longer than the 65,536-byte
** limit" (static, or thread-local and valid until the next call). */
const char *text_problem(const char *s, size_t max_bytes, bool multiline);

/* A heap copy of s[0..n) without leading and trailing white space, in lower case (ASCII).
** The caller frees it. Cannot fail. */
char *text_trim_lower(const char *s, size_t n);

/* A heap copy of s with every run of white space made one space, none at either end, in lower
** case (ASCII): the key of a text that people write in many ways (an iCalendar LOCATION).
** The caller frees it. Cannot fail. */
char *text_fold(const char *s);

/* belong's one comma-list splitter: moves *p past the next item of a comma list ("a, b,,c"),
** skipping empty ones. OUT: *item and *len, the item without the blanks around it. Returns
** false at the end of the list. */
bool comma_list_next(const char **p, const char **item, size_t *len);

/* Parses yes/no as people type it and directories write it (also y/n, true/false, 1/0; any
** case): belong's one yes/no rule. Returns false otherwise. */
bool parse_yes_no(const char *s, bool *out);

#endif
