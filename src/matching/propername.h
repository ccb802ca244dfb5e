/* propername.h — telling whether a word of a listing stands in a proper name (an organisation
** or a place: "Elm Park", "Harbor Light Center", "the Riverside Grange") rather than saying
** what people do there, so that a peer's word found only there is no shared interest.
*/
#ifndef BELONG_PROPERNAME_H
#define BELONG_PROPERNAME_H

#include <stdbool.h>
#include <stddef.h>

/* True when word[0..n), which points into text, is part of a proper name:
** - a word of town (the listing's town: "Park" in a listing of Hyde Park), when capitalised;
** - a capitalised word of a run of capitalised words that ends, at or after it, in a place noun
**   with at least one word before it ("Elm Park", "Harbor Light Center", "Forbes Library");
** - in prose (a description: prose true), any capitalised word that does not start a sentence
**   ("... a walk with the Harbor Lights"; "I" excepted).
** A name in title case ("Elm Park Chess Club") is not prose: only the first two rules apply.
** town may be NULL. Cannot fail. */
bool propername_contains(const char *text, const char *word, size_t n, bool prose,
                         const char *town);

#endif
