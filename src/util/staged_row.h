/* staged_row.h — one row of strings as a reader stages it while it checks a source: the row
** the scratch store keeps (store/staging.h) and a format reads and writes through the rows
** its caller gives it (formats/format.h), so that neither includes the other.
*/
#ifndef BELONG_STAGED_ROW_H
#define BELONG_STAGED_ROW_H

#include <stdbool.h>

/* One row as staged: values v[0..n_values) (never NULL; "" when absent), where it came from
** and what was found wrong with it so far. */
struct staging_row {
    const char *const *v;
    int n_values;
    long file; /* the reader's number for its file */
    long line;
    const char *path; /* may be NULL */
    int problems;
    bool rejected;
};

#endif
