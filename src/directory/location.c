/* location.c — lifetime and keys of struct location. */
#include "location.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

void location_free(struct location *l)
{
    if (!l)
        return;
    free(l->source_ref);
    free(l->name);
    free(l->address);
    free(l->town);
    free(l->zip);
    memset(l, 0, sizeof *l);
}

bool location_is_known(const struct location *l)
{
    return l->name || l->address || l->town || l->zip || l->has_coords;
}

char *location_default_ref(const struct location *l)
{
    struct buf key = {0};
    const char *parts[] = {l->name, l->address, l->town, l->zip};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        buf_puts(&key, parts[i] ? parts[i] : "");
        buf_putc(&key, '\x1f');
    }
    if (l->has_coords)
        buf_printf(&key, "%.7f,%.7f", l->lat, l->lon);
    return buf_detach(&key);
}
