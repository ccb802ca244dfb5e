/* language.c — a listing's language as an audience: reading the languages a listing's words say
** it is held in, and the matching rule (see language.h).
*/
#include "language.h"

#include "../util/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WORDS_MAX    512
#define WORD_MAX     32
#define NAME_MIN_LEN 4 /* a language named in words: "Thai", not a code such as "es" or "it" */

struct lwords {
    char w[WORDS_MAX][WORD_MAX];
    size_t n;
};

/* Lower-case words: ASCII letters and digits and every byte of a UTF-8 sequence (español,
** kreyòl, português stay whole); anything else separates ("Portuguese-speaking" is two). */
static void split(const char *text, struct lwords *out)
{
    out->n = 0;
    for (const unsigned char *p = (const unsigned char *)(text ? text : "");
         *p && out->n < WORDS_MAX;) {
        while (*p && !isalnum(*p) && *p < 0x80)
            p++;
        size_t k = 0;
        char *w = out->w[out->n];
        while (*p && (isalnum(*p) || *p >= 0x80)) {
            if (k + 1 < WORD_MAX)
                w[k++] = (char)tolower(*p);
            p++;
        }
        w[k] = '\0';
        if (k)
            out->n++;
    }
}

static bool is(const struct lwords *w, size_t i, const char *s)
{
    return i < w->n && strcmp(w->w[i], s) == 0;
}

static bool is_any(const struct lwords *w, size_t i, const char *const *set)
{
    for (; *set; set++)
        if (is(w, i, *set))
            return true;
    return false;
}

/* The language the k words at i name ("american sign language", "haitian creole", "español"),
** by its languages.tsv name, or NULL. */
static const char *name_of(const struct listing_words *lw, const struct lwords *w, size_t i,
                           size_t k)
{
    if (i + k > w->n)
        return NULL;
    char phrase[3 * WORD_MAX + 3] = "";
    for (size_t j = 0; j < k; j++) {
        if (j)
            strcat(phrase, " ");
        strcat(phrase, w->w[i + j]);
    }
    return strlen(phrase) >= NAME_MIN_LEN ? words_language(lw, phrase) : NULL;
}

/* The language named by the words starting at i (three, two or one of them); *len words. */
static const char *name_at(const struct listing_words *lw, const struct lwords *w, size_t i,
                           size_t *len)
{
    for (size_t k = 3; k >= 1; k--) {
        const char *name = name_of(lw, w, i, k);
        if (name) {
            *len = k;
            return name;
        }
    }
    return NULL;
}

/* Appends name to the comma list out unless it is there. */
static void add_name(struct buf *out, const char *name)
{
    size_t n = strlen(name), len;
    const char *item;
    for (const char *p = out->len ? buf_str(out) : ""; comma_list_next(&p, &item, &len);)
        if (len == n && strncasecmp(item, name, n) == 0)
            return;
    if (out->len)
        buf_putc(out, ',');
    buf_puts(out, name);
}

/* Function words of the languages listings are written in besides English, sorted (strcmp) for
** bsearch: a text with at least FUNCTION_MIN of one language's words, and twice as many as of
** English's, is written in it. Words that are also common English words ("do", "a", "as", "no")
** are left out. */
#define FUNCTION_MIN 3
enum {
    FW_ENGLISH = 1,
    FW_SPANISH = 2,
    FW_PORTUGUESE = 4,
    FW_FRENCH = 8,
    FW_HAITIAN = 16,
};
static const char *const fw_language[] = {"English", "Spanish", "Portuguese", "French",
                                          "Haitian Creole"};
#define N_FW_LANGUAGES 5
static const struct function_word {
    const char *word;
    unsigned languages;
} function_words[] = {
    {"ak", FW_HAITIAN},
    {"and", FW_ENGLISH},
    {"ao", FW_PORTUGUESE},
    {"apoio", FW_PORTUGUESE},
    {"apoyo", FW_SPANISH},
    {"are", FW_ENGLISH},
    {"at", FW_ENGLISH},
    {"au", FW_FRENCH},
    {"aux", FW_FRENCH},
    {"avec", FW_FRENCH},
    {"be", FW_ENGLISH},
    {"bem", FW_PORTUGUESE},
    {"bienvenidos", FW_SPANISH},
    {"bienvenue", FW_FRENCH},
    {"byenvini", FW_HAITIAN},
    {"cada", FW_SPANISH | FW_PORTUGUESE},
    {"chak", FW_HAITIAN},
    {"chaque", FW_FRENCH},
    {"com", FW_PORTUGUESE},
    {"con", FW_SPANISH},
    {"da", FW_PORTUGUESE},
    {"dans", FW_FRENCH},
    {"das", FW_PORTUGUESE},
    {"de", FW_SPANISH | FW_PORTUGUESE},
    {"del", FW_SPANISH},
    {"des", FW_FRENCH},
    {"dos", FW_PORTUGUESE},
    {"du", FW_FRENCH},
    {"el", FW_SPANISH},
    {"em", FW_PORTUGUESE},
    {"es", FW_SPANISH},
    {"est", FW_FRENCH},
    {"et", FW_FRENCH},
    {"for", FW_ENGLISH},
    {"gen", FW_HAITIAN},
    {"grupo", FW_SPANISH | FW_PORTUGUESE},
    {"gwoup", FW_HAITIAN},
    {"is", FW_ENGLISH},
    {"ki", FW_HAITIAN},
    {"la", FW_SPANISH},
    {"las", FW_SPANISH},
    {"le", FW_FRENCH},
    {"les", FW_FRENCH},
    {"los", FW_SPANISH},
    {"moun", FW_HAITIAN},
    {"nan", FW_HAITIAN},
    {"nossa", FW_PORTUGUESE},
    {"nosso", FW_PORTUGUESE},
    {"nou", FW_HAITIAN},
    {"nous", FW_FRENCH},
    {"nuestra", FW_SPANISH},
    {"nuestro", FW_SPANISH},
    {"não", FW_PORTUGUESE},
    {"of", FW_ENGLISH},
    {"on", FW_ENGLISH},
    {"os", FW_PORTUGUESE},
    {"our", FW_ENGLISH},
    {"pa", FW_HAITIAN},
    {"para", FW_SPANISH | FW_PORTUGUESE},
    {"por", FW_SPANISH},
    {"pou", FW_HAITIAN},
    {"pour", FW_FRENCH},
    {"que", FW_SPANISH | FW_PORTUGUESE},
    {"sipò", FW_HAITIAN},
    {"sou", FW_HAITIAN},
    {"sur", FW_FRENCH},
    {"the", FW_ENGLISH},
    {"this", FW_ENGLISH},
    {"to", FW_ENGLISH},
    {"todos", FW_SPANISH | FW_PORTUGUESE},
    {"tout", FW_HAITIAN},
    {"uma", FW_PORTUGUESE},
    {"una", FW_SPANISH},
    {"une", FW_FRENCH},
    {"vindos", FW_PORTUGUESE},
    {"vous", FW_FRENCH},
    {"we", FW_ENGLISH},
    {"will", FW_ENGLISH},
    {"with", FW_ENGLISH},
    {"y", FW_SPANISH},
    {"you", FW_ENGLISH},
    {"your", FW_ENGLISH},
};

static int by_word(const void *key, const void *entry)
{
    return strcmp(key, ((const struct function_word *)entry)->word);
}

static const char *written_in(const struct lwords *w)
{
    int hits[N_FW_LANGUAGES] = {0};
    for (size_t i = 0; i < w->n; i++) {
        const struct function_word *f =
            bsearch(w->w[i], function_words, sizeof function_words / sizeof *function_words,
                    sizeof *function_words, by_word);
        for (int l = 0; f && l < N_FW_LANGUAGES; l++)
            hits[l] += (f->languages >> l) & 1;
    }
    int best = 0; /* 0: none (English is no audience) */
    for (int l = 1; l < N_FW_LANGUAGES; l++)
        if (hits[l] > (best ? hits[best] : 0))
            best = l;
    if (best == 0 || hits[best] < FUNCTION_MIN || hits[best] < 2 * hits[0])
        return NULL;
    return fw_language[best];
}

void language_from_words(const struct listing_words *lw, const char *text, struct buf *out)
{
    static const char *const learning[] = {
        "lesson",   "lessons",   "class",       "classes",        "course",
        "courses",  "learn",     "learning",    "tutoring",       "literacy",
        "fluent",   "fluency",   "proficient",  "interested",     "interest",
        "practice", "immersion", "instruction", "conversational", NULL};
    static const char *const joiners[] = {"and", "or", "y", "e", "et", "ou", "o", NULL};
    struct lwords w;
    split(text, &w);
    /* Names are looked up at a cue only: a lookup walks languages.tsv. */
    for (size_t i = 0; i < w.n; i++) {
        size_t len = 0;
        const char *name = NULL;
        size_t end = i; /* the word after the name */
        if (is(&w, i, "en") || is(&w, i, "em") ||
            (is(&w, i, "in") && !(i > 0 && is_any(&w, i - 1, learning)))) {
            name = name_at(lw, &w, i + 1, &len);
            end = i + 1 + len;
        } else if (is(&w, i, "speaking") || is(&w, i, "speakers") || is(&w, i, "speaker")) {
            for (size_t k = 3; k >= 1 && !name; k--)
                if (i >= k)
                    name = name_of(lw, &w, i - k, k);
            end = i + 1;
        }
        if (!name)
            continue;
        add_name(out, name);
        /* "en español y en inglés", "in Spanish and English" */
        for (size_t j = end; j < w.n && is_any(&w, j, joiners);) {
            size_t at = j + 1 + (is(&w, j + 1, "en") || is(&w, j + 1, "in")), more = 0;
            const char *next = name_at(lw, &w, at, &more);
            if (!next)
                break;
            add_name(out, next);
            j = at + more;
        }
    }
    const char *written = written_in(&w);
    if (written)
        add_name(out, written);
}

/* ---- the matching rule ------------------------------------------------------------------ */

/* Whether the peer speaks language `name` (a languages.tsv name). */
static bool speaks(const struct listing_words *lw, const char *name, const char *const *spoken,
                   size_t n, bool asl)
{
    if (n == 0 && strcasecmp(name, LANGUAGE_ASSUMED) == 0)
        return true;
    if (asl && strcasecmp(name, "American Sign Language") == 0)
        return true;
    for (size_t i = 0; i < n; i++) {
        const char *theirs = words_language(lw, spoken[i]);
        if (strcasecmp(theirs ? theirs : spoken[i], name) == 0)
            return true;
    }
    return false;
}

/* Calls fn for each language of the list that languages.tsv knows, by its name. */
static void each_known(const struct listing_words *lw, const char *languages,
                       void (*fn)(void *ctx, const char *name), void *ctx)
{
    const char *item;
    size_t len;
    for (const char *p = languages ? languages : ""; comma_list_next(&p, &item, &len);) {
        char one[96];
        size_t n = len < sizeof one - 1 ? len : sizeof one - 1;
        memcpy(one, item, n);
        one[n] = '\0';
        const char *name = words_language(lw, one);
        if (name)
            fn(ctx, name);
    }
}

struct fit {
    const struct listing_words *lw;
    const char *const *spoken;
    size_t n;
    bool asl;
    bool named, shared, shared_other; /* a known language; one the peer speaks; not English */
};

static void fit_one(void *ctx, const char *name)
{
    struct fit *f = ctx;
    f->named = true;
    if (speaks(f->lw, name, f->spoken, f->n, f->asl)) {
        f->shared = true;
        f->shared_other |= strcasecmp(name, "English") != 0;
    }
}

enum audience_fit language_match(const struct listing_words *w, const char *languages,
                                 const char *const *spoken, size_t n, bool asl)
{
    struct fit f = {.lw = w, .spoken = spoken, .n = n, .asl = asl};
    each_known(w, languages, fit_one, &f);
    if (!f.named)
        return AUDIENCE_OPEN;
    if (!f.shared)
        return AUDIENCE_NOT_THEIRS;
    return f.shared_other ? AUDIENCE_THEIRS : AUDIENCE_OPEN;
}

void language_fits_init(struct language_fits *f, const struct listing_words *w,
                        const char *const *spoken, size_t n, bool asl)
{
    memset(f, 0, sizeof *f);
    f->words = w;
    f->spoken = spoken;
    f->n = n;
    f->asl = asl;
}

enum audience_fit language_fits_get(struct language_fits *f, const char *languages)
{
    if (!languages || !*languages)
        return AUDIENCE_OPEN;
    for (size_t i = 0; i < f->n_cached; i++)
        if (strcmp(f->cached[i].languages, languages) == 0)
            return f->cached[i].fit;
    enum audience_fit fit = language_match(f->words, languages, f->spoken, f->n, f->asl);
    if (f->n_cached < LANGUAGE_FITS_CACHED && strlen(languages) < LANGUAGE_FITS_KEY) {
        strcpy(f->cached[f->n_cached].languages, languages);
        f->cached[f->n_cached++].fit = fit;
    }
    return fit;
}

struct names {
    struct buf *b;
    int n;
};

static void count_one(void *ctx, const char *name)
{
    (void)name;
    ((struct names *)ctx)->n++;
}

static void say_one(void *ctx, const char *name)
{
    struct names *s = ctx;
    s->n--;
    buf_puts(s->b, name);
    buf_puts(s->b, s->n > 1 ? ", " : s->n == 1 ? " or " : "");
}

void language_explain(const struct listing_words *w, const char *languages, size_t n_spoken,
                      struct buf *b)
{
    struct names s = {b, 0};
    each_known(w, languages, count_one, &s);
    bool several = s.n > 1;
    buf_puts(b, "It is held in ");
    each_known(w, languages, say_one, &s);
    if (n_spoken == 0)
        buf_puts(b, ", and your profile lists no language, so it is taken to be " LANGUAGE_ASSUMED
                    " (peer edit --languages).");
    else
        buf_puts(b, several ? ", and your profile does not say you speak any of them."
                            : ", and your profile does not say you speak it.");
}
