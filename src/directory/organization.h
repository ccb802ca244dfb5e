/* organization.h — an organisation that offers activities, as belong stores it: one row per
** (source, the organisation's id in that source).
**
** Strings are heap-owned by the struct; organization_free releases them.
*/
#ifndef BELONG_ORGANIZATION_H
#define BELONG_ORGANIZATION_H

#include <stdint.h>

struct organization {
    int64_t id;       /* store id; 0 before it is stored */
    char *source_ref; /* its id within the source: the HSDS organization id, else the name */
    char *name;       /* never NULL or empty in a stored row */
};

void organization_free(struct organization *o);

/* The source_ref of an organisation its source gives no id for (iCalendar, the demo): its name
** exactly, so that one name is one row and a row never shows another spelling. Migration 7
** keys the organisations it builds the same way. A heap copy; the caller frees it. */
char *organization_default_ref(const char *name);

#endif
