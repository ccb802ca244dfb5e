/* home_state.c — the state a bare town name means (see home_state.h): the setting, else the
** state most of the directory's listings are in.
*/
#include "home_state.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/rc.h"

#define PLACE_GROUPS_MAX 2000 /* ZIP codes and cells read; the largest groups decide */

bool home_state_setting(char code[3])
{
    const char *env = getenv(HOME_STATE_ENV);
    code[0] = '\0';
    return !env || !*env || place_state_code(env, code);
}

/* Listings counted per state, while the store hands over its groups. */
struct state_tally {
    const struct zip_index *zips;
    struct {
        char code[3];
        int64_t count;
    } states[64];
    int n;
};

static void tally_group(void *ctx, const char *zip, double lat, double lon, int64_t count)
{
    struct state_tally *t = ctx;
    char code[3];
    if (!(zip ? zip_index_state(t->zips, zip, code)
              : zip_index_nearest_state(t->zips, lat, lon, code)))
        return;
    int i = 0;
    while (i < t->n && strcmp(t->states[i].code, code) != 0)
        i++;
    if (i == t->n) {
        if (t->n == (int)(sizeof t->states / sizeof t->states[0]))
            return;
        memcpy(t->states[t->n].code, code, 3);
        t->states[t->n++].count = 0;
    }
    t->states[i].count += count;
}

bool home_state_of_directory(struct store *s, const struct zip_index *zips, char code[3])
{
    char err[256];
    struct state_tally t = {.zips = zips};
    struct zip_index *loaded = NULL;
    if (!zips && zip_index_load(&loaded, err, sizeof err) != BELONG_OK)
        return false;
    if (loaded)
        t.zips = loaded;
    int rc = store_listing_places(s, PLACE_GROUPS_MAX, tally_group, &t);
    zip_index_free(loaded);
    int best = -1;
    for (int i = 0; rc == BELONG_OK && i < t.n; i++)
        if (best < 0 || t.states[i].count > t.states[best].count ||
            (t.states[i].count == t.states[best].count &&
             strcmp(t.states[i].code, t.states[best].code) < 0))
            best = i;
    if (best < 0)
        return false;
    memcpy(code, t.states[best].code, 3);
    return true;
}

static bool prefer_state(void *ctx, const struct zip_index *zips, char code[3])
{
    struct home_state *h = ctx;
    if (!h->tried) {
        h->tried = true;
        h->found = home_state_setting(h->code) && h->code[0];
        if (!h->found && h->suggested[0]) {
            memcpy(h->code, h->suggested, 3);
            h->found = true;
        }
        if (!h->found && h->store)
            h->found = home_state_of_directory(h->store, zips, h->code);
    }
    if (h->found)
        memcpy(code, h->code, 3);
    return h->found;
}

void home_state_suggest(struct home_state *h, const char code[3])
{
    memcpy(h->suggested, code, 2);
    h->suggested[2] = '\0';
}

struct place_prefer home_state_prefer(struct home_state *h, struct store *s)
{
    memset(h, 0, sizeof *h);
    h->store = s;
    return (struct place_prefer){.state = prefer_state, .ctx = h};
}
