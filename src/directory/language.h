/* language.h — a listing's language as an audience (issue 11): the languages a listing says
** it is held in ("en español", "held in Haitian Creole", "Portuguese-speaking", a description
** written in Spanish), and the rule: a listing held only in languages the peer does not speak is
** left out; one in the peer's language other than English counts in their favour; a listing
** that names no language, or only languages data/languages.tsv does not know, is open to
** everyone. A peer who lists no language is taken to speak English. docs/matching.md.
*/
#ifndef BELONG_LANGUAGE_H
#define BELONG_LANGUAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "../formats/words.h"
#include "../util/buf.h"
#include "audience.h"

/* The language a peer who lists none is taken to speak. */
#define LANGUAGE_ASSUMED "English"

/* Appends to out (a comma list, as activity.languages) the languages text says the listing is
** held in, by their names in languages.tsv: a language named after "en", "em", "in" (not after
** "lessons", "classes", "learn"...: "Spanish classes in English" is English), "held in",
** "conducted in", or before "speaking"/"speakers" ("Portuguese-speaking", "for Haitian Creole
** speakers"); and a text written in a language other than English, read by its function words
** (data/language_words.tsv: "Grupo de apoyo para mujeres, los martes" is Spanish). A language
** is appended once. text may be NULL. Cannot fail. */
void language_from_words(const struct listing_words *w, const char *text, struct buf *out);

/* How a listing held in `languages` (a comma list as activity.languages; NULL or "" = none
** named) fits a peer who speaks spoken[0..n) (as the peer wrote them: names, codes, other
** names; none: LANGUAGE_ASSUMED), who signs when asl is set (an ASL access need). Languages are
** compared by their languages.tsv names; a listing's language that file does not know is left
** aside. AUDIENCE_THEIRS when they share a language other than English. Cannot fail. */
enum audience_fit language_match(const struct listing_words *w, const char *languages,
                                 const char *const *spoken, size_t n, bool asl);

/* One peer's language_match, remembered for the listings' few distinct language lists (a
** recommendation asks for thousands of listings). Borrows w and spoken. */
#define LANGUAGE_FITS_CACHED 16
#define LANGUAGE_FITS_KEY    64
struct language_fits {
    const struct listing_words *words;
    const char *const *spoken;
    size_t n;
    bool asl;
    struct {
        char languages[LANGUAGE_FITS_KEY];
        enum audience_fit fit;
    } cached[LANGUAGE_FITS_CACHED];
    size_t n_cached;
};
void language_fits_init(struct language_fits *f, const struct listing_words *w,
                        const char *const *spoken, size_t n, bool asl);
/* language_match(f's peer, languages), from the cache when it was asked before. */
enum audience_fit language_fits_get(struct language_fits *f, const char *languages);

/* Appends why a listing held in `languages` is left out, as --explain speaks to the peer ("It
** is held in Spanish, and your profile does not say you speak it."); for a peer who lists no
** language (n_spoken 0), that English is assumed. */
void language_explain(const struct listing_words *w, const char *languages, size_t n_spoken,
                      struct buf *b);

#endif
