/* organization.c — lifetime and keys of struct organization. */
#include "organization.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

void organization_free(struct organization *o)
{
    if (!o)
        return;
    free(o->source_ref);
    free(o->name);
    memset(o, 0, sizeof *o);
}

char *organization_default_ref(const char *name)
{
    return xstrdup(name);
}
