/* propername.c — which words of a listing stand in a proper name (see propername.h). */
#include "propername.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "concepts.h"

/* Nouns that end the name of a place or an organisation's building ("Elm Park", "Grace
** Church", "Harbor Light Center"). Words for what people do (garden, kitchen, studio) are not
** here: "Community Garden" is an activity's place, not a proper name. Sorted. */
static const char *const place_nouns[] = {
    "academy",   "ave",    "avenue",  "blvd",       "boulevard", "building", "center",  "centre",
    "chapel",    "church", "college", "commons",    "heights",   "hospital", "hotel",   "house",
    "institute", "lane",   "library", "lodge",      "mall",      "mosque",   "parish",  "park",
    "plaza",     "rd",     "road",    "school",     "square",    "st",       "station", "street",
    "synagogue", "temple", "tower",   "university", "village",   "ymca",     "ywca",
};

static bool is_place_noun(const char *w, size_t n)
{
    char low[16];
    if (n == 0 || n >= sizeof low)
        return false;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)w[i]);
    low[n] = '\0';
    return concepts_in_sorted(place_nouns, sizeof place_nouns / sizeof *place_nouns, low, n);
}

static bool is_word_byte(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '\'' || c >= 0x80;
}

static bool capitalised(const char *w)
{
    return isupper((unsigned char)*w) != 0;
}

/* The word before the one at w in text (its start, length), across spaces and characters that
** keep a name together ("&", "-", "'"), or NULL at the start or past other punctuation. */
static const char *word_before(const char *text, const char *w, size_t *n)
{
    const char *p = w;
    while (p > text && (p[-1] == ' ' || p[-1] == '&'))
        p--;
    if (p == w || p == text || !is_word_byte((unsigned char)p[-1]))
        return NULL;
    const char *end = p;
    while (p > text && is_word_byte((unsigned char)p[-1]))
        p--;
    *n = (size_t)(end - p);
    return p;
}

/* The word after w[0..n) in text, across spaces and "&", or NULL. */
static const char *word_after(const char *w, size_t n, size_t *out_n)
{
    const char *p = w + n;
    const char *gap = p;
    while (*p == ' ' || *p == '&')
        p++;
    if (p == gap || !is_word_byte((unsigned char)*p))
        return NULL;
    const char *start = p;
    while (is_word_byte((unsigned char)*p))
        p++;
    *out_n = (size_t)(p - start);
    return start;
}

/* True when w[0..n) is one of the words of town (case-insensitive). */
static bool in_town(const char *town, const char *w, size_t n)
{
    for (const char *p = town; *p;) {
        while (*p && !is_word_byte((unsigned char)*p))
            p++;
        const char *start = p;
        while (is_word_byte((unsigned char)*p))
            p++;
        if ((size_t)(p - start) == n && n > 0 && strncasecmp(start, w, n) == 0)
            return true;
    }
    return false;
}

/* True when w starts a sentence of prose: at the text's start or after . ! ? : or a line. */
static bool starts_sentence(const char *text, const char *w)
{
    const char *p = w;
    while (p > text && (p[-1] == ' ' || p[-1] == '"' || p[-1] == '(' || p[-1] == '\t' ||
                        (unsigned char)p[-1] >= 0x80))
        p--;
    return p == text || strchr(".!?:\n\r;", p[-1]) != NULL;
}

bool propername_contains(const char *text, const char *word, size_t n, bool prose, const char *town)
{
    if (!capitalised(word))
        return false;
    if (town && in_town(town, word, n))
        return true;
    /* The run of capitalised words from word on: does it reach a place noun with a word
    ** before it? */
    size_t bn;
    const char *before = word_before(text, word, &bn);
    bool has_before = before && capitalised(before);
    const char *w = word;
    size_t wn = n;
    for (int k = 0; k < 8 && w; k++) {
        if (is_place_noun(w, wn) && (w != word || has_before))
            return true;
        size_t an;
        const char *next = word_after(w, wn, &an);
        if (!next || !capitalised(next))
            break;
        w = next;
        wn = an;
    }
    if (!prose)
        return false;
    if (n == 1 && word[0] == 'I')
        return false;
    return !starts_sentence(text, word);
}
