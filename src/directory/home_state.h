/* home_state.h — the state a bare town name means when several states have a town of that
** name (and the state of a town an import gives without one): $BELONG_STATE when set, else the
** state an import's own places are mostly in (home_state_suggest), else the state most of the
** directory's listings are in.
*/
#ifndef BELONG_HOME_STATE_H
#define BELONG_HOME_STATE_H

#include <stdbool.h>

#include "../store/store.h"
#include "places.h"

/* The environment variable that names the state (a two-letter code or a state's name). */
#define HOME_STATE_ENV "BELONG_STATE"

/* Worked out once, when a town name first needs it. Plain data: nothing to free. */
struct home_state {
    struct store *store; /* borrowed; NULL: the setting only */
    bool tried, found;
    char code[3];
    char suggested[3]; /* home_state_suggest's, or "" */
};

/* A place_prefer (places.h) that asks h; h must outlive it. */
struct place_prefer home_state_prefer(struct home_state *h, struct store *s);

/* Gives h the state to use when $BELONG_STATE is not set, before the directory's (an import
** knows the state its own places are in). */
void home_state_suggest(struct home_state *h, const char code[3]);

/* Checks $BELONG_STATE: true when it is unset, empty or a state. OUT: code (3 bytes, "" when
** unset). */
bool home_state_setting(char code[3]);

/* The state most of the directory's active listings are in (by their ZIP codes, else by the
** nearest ZIP point to their coordinates), with the ZIP points zips (NULL: read them).
** Returns false when the directory has no placed listings or the ZIP list cannot be read.
** OUT: code (3 bytes). */
bool home_state_of_directory(struct store *s, const struct zip_index *zips, char code[3]);

#endif
