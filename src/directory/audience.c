/* audience.c — who an activity is for: names, parsing, reading a listing's words and terms,
** and the matching rule (see audience.h). */
#include "audience.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/rc.h"

static const char *const names[AUDIENCE_COUNT] = {"deaf",  "women", "men",         "veterans",
                                                  "lgbtq", "youth", "older-adults"};
/* How explain says each: "It is for ..." */
static const char *const plain[AUDIENCE_COUNT] = {"Deaf and hard of hearing people",
                                                  "women",
                                                  "men",
                                                  "veterans",
                                                  "LGBTQ+ people",
                                                  "youth",
                                                  "older adults (55+)"};

const char *audience_name(int bit)
{
    return bit >= 0 && bit < AUDIENCE_COUNT ? names[bit] : NULL;
}

int audience_parse(const char *list, unsigned *out, char *err, size_t errlen)
{
    *out = 0;
    for (const char *p = list ? list : ""; *p;) {
        size_t n = strcspn(p, ",");
        const char *item = p;
        size_t len = n;
        while (len && isspace((unsigned char)*item)) {
            item++;
            len--;
        }
        while (len && isspace((unsigned char)item[len - 1]))
            len--;
        p += n;
        if (*p == ',')
            p++;
        if (!len)
            continue;
        int found = -1;
        for (int i = 0; i < AUDIENCE_COUNT && found < 0; i++)
            if (strlen(names[i]) == len && strncasecmp(names[i], item, len) == 0)
                found = i;
        if (found < 0) {
            snprintf(err, errlen,
                     "unknown audience '%.*s' (known: deaf, women, men, veterans, lgbtq, youth, "
                     "older-adults)",
                     (int)(len > 40 ? 40 : len), item);
            return BELONG_EUSAGE;
        }
        *out |= 1u << found;
    }
    return BELONG_OK;
}

void audience_format(unsigned audience, struct buf *b)
{
    bool first = true;
    for (int i = 0; i < AUDIENCE_COUNT; i++) {
        if (!(audience & (1u << i)))
            continue;
        if (!first)
            buf_putc(b, ',');
        buf_puts(b, names[i]);
        first = false;
    }
}

/* ---- reading a listing ------------------------------------------------------------------- */

#define WORDS_MAX 256
#define WORD_MAX  24

struct words {
    char w[WORDS_MAX][WORD_MAX];
    size_t n;
};

/* Lower-case words: letters, digits, '+' and apostrophes ("women's", "55+", "lgbtq+"); a
** possessive "'s" is dropped (women's → women). */
static void split(const char *text, struct words *out)
{
    out->n = 0;
    for (const char *p = text ? text : ""; *p && out->n < WORDS_MAX;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        size_t k = 0;
        char *w = out->w[out->n];
        while (*p && (isalnum((unsigned char)*p) || *p == '+' || *p == '\'')) {
            if (k + 1 < WORD_MAX)
                w[k++] = (char)tolower((unsigned char)*p);
            p++;
        }
        w[k] = '\0';
        if (k >= 2 && w[k - 2] == '\'' && w[k - 1] == 's')
            w[k - 2] = '\0';
        else if (k >= 1 && w[k - 1] == '\'')
            w[k - 1] = '\0';
        if (w[0])
            out->n++;
    }
}

/* The words (one to three) that name an audience. */
static const struct {
    const char *words;
    unsigned audience;
} markers[] = {
    {"deaf", AUDIENCE_DEAF},          {"hard of hearing", AUDIENCE_DEAF},
    {"hoh", AUDIENCE_DEAF},           {"women", AUDIENCE_WOMEN},
    {"womens", AUDIENCE_WOMEN},       {"woman", AUDIENCE_WOMEN},
    {"ladies", AUDIENCE_WOMEN},       {"moms", AUDIENCE_WOMEN},
    {"mothers", AUDIENCE_WOMEN},      {"men", AUDIENCE_MEN},
    {"mens", AUDIENCE_MEN},           {"guys", AUDIENCE_MEN},
    {"dads", AUDIENCE_MEN},           {"fathers", AUDIENCE_MEN},
    {"veteran", AUDIENCE_VETERANS},   {"veterans", AUDIENCE_VETERANS},
    {"vets", AUDIENCE_VETERANS},      {"lgbtq", AUDIENCE_LGBTQ},
    {"lgbtq+", AUDIENCE_LGBTQ},       {"lgbt", AUDIENCE_LGBTQ},
    {"lgbtqia", AUDIENCE_LGBTQ},      {"lgbtqia+", AUDIENCE_LGBTQ},
    {"queer", AUDIENCE_LGBTQ},        {"transgender", AUDIENCE_LGBTQ},
    {"youth", AUDIENCE_YOUTH},        {"teen", AUDIENCE_YOUTH},
    {"teens", AUDIENCE_YOUTH},        {"teenagers", AUDIENCE_YOUTH},
    {"young adults", AUDIENCE_YOUTH}, {"seniors", AUDIENCE_OLDER},
    {"senior", AUDIENCE_OLDER},       {"older adults", AUDIENCE_OLDER},
    {"elders", AUDIENCE_OLDER},       {"retirees", AUDIENCE_OLDER},
    {"50+", AUDIENCE_OLDER},          {"55+", AUDIENCE_OLDER},
    {"60+", AUDIENCE_OLDER},          {"65+", AUDIENCE_OLDER},
};

/* The audience named by the words starting at i, and how many words name it (*len), or 0. */
static unsigned marker_at(const struct words *w, size_t i, size_t *len)
{
    if (i >= w->n)
        return 0;
    for (size_t m = 0; m < sizeof markers / sizeof *markers; m++) {
        const char *p = markers[m].words;
        if (w->w[i][0] != p[0]) /* most words start no marker: one byte tells */
            continue;
        size_t k = 0;
        while (*p && i + k < w->n) {
            size_t n = strcspn(p, " ");
            if (strlen(w->w[i + k]) != n || strncmp(w->w[i + k], p, n) != 0)
                break;
            p += n;
            k++;
            if (*p == ' ')
                p++;
        }
        if (!*p) {
            *len = k;
            return markers[m].audience;
        }
    }
    return 0;
}

static bool word_is(const struct words *w, size_t i, const char *s)
{
    return i < w->n && strcmp(w->w[i], s) == 0;
}

/* "women and men", "men and women": both, so neither. */
static unsigned drop_both_genders(unsigned a)
{
    if ((a & AUDIENCE_WOMEN) && (a & AUDIENCE_MEN))
        a &= ~(unsigned)(AUDIENCE_WOMEN | AUDIENCE_MEN);
    return a;
}

/* Every audience named anywhere (a name, a taxonomy term: short and explicit). */
static unsigned read_all(const char *text)
{
    struct words w;
    split(text, &w);
    unsigned a = 0;
    for (size_t i = 0; i < w.n; i++) {
        size_t len = 0;
        unsigned m = marker_at(&w, i, &len);
        /* "Deaf-friendly", "senior-friendly": open to all, made easy for them */
        if (m && word_is(&w, i + len, "friendly"))
            m = 0;
        a |= m;
    }
    return drop_both_genders(a);
}

/* Audiences a description says the listing is for: "for X", "open to X", "serving X", "X
** only", "ages 55 and up" / "55 and older"; "open to all", "all ages", "everyone welcome"
** say it is for everyone. */
static unsigned read_description(const char *text)
{
    struct words w;
    split(text, &w);
    unsigned a = 0;
    for (size_t i = 0; i < w.n; i++) {
        if ((word_is(&w, i, "all") && word_is(&w, i + 1, "ages")) ||
            (word_is(&w, i, "open") && word_is(&w, i + 1, "to") &&
             (word_is(&w, i + 2, "all") || word_is(&w, i + 2, "everyone"))) ||
            (word_is(&w, i, "everyone") && word_is(&w, i + 1, "welcome")) ||
            (word_is(&w, i, "all") && word_is(&w, i + 1, "are") && word_is(&w, i + 2, "welcome")))
            return 0;
        bool lead = word_is(&w, i, "for") || word_is(&w, i, "serving") ||
                    (word_is(&w, i, "open") && word_is(&w, i + 1, "to"));
        size_t start = word_is(&w, i, "open") ? i + 2 : i + 1;
        for (size_t k = start; lead && k < start + 3 && k < w.n; k++) {
            size_t len = 0;
            unsigned m = marker_at(&w, k, &len);
            if (m && !word_is(&w, k + len, "friendly"))
                a |= m;
            if (!m && !word_is(&w, k, "and") && !word_is(&w, k, "local") &&
                !word_is(&w, k, "adult") && !word_is(&w, k, "adults") && k > start)
                break;
        }
        size_t len = 0;
        unsigned m = marker_at(&w, i, &len);
        if (m && word_is(&w, i + len, "only"))
            a |= m;
        /* "ages 55 and up", "55 and older", "adults 60 and over" */
        if (isdigit((unsigned char)w.w[i][0]) && word_is(&w, i + 1, "and") &&
            (word_is(&w, i + 2, "up") || word_is(&w, i + 2, "older") ||
             word_is(&w, i + 2, "over"))) {
            int age = 0;
            sscanf(w.w[i], "%d", &age);
            if (age >= 50)
                a |= AUDIENCE_OLDER;
        }
    }
    return drop_both_genders(a);
}

unsigned audience_infer(const char *name, const char *description, const char *terms)
{
    return read_all(name) | read_description(description) | read_all(terms);
}

/* ---- eligibility -------------------------------------------------------------------------- */

#define AGE_YOUTH_MAX 25 /* a top age up to this: youth (audience.h) */
#define AGE_OLDER_MIN 50 /* a lowest age from this: older adults */

/* The number word i is, or -1 ("55", "55+": *plus set). At most three digits. */
static int age_at(const struct words *w, size_t i, bool *plus)
{
    const char *s = w->w[i];
    int v = 0, k = 0;
    for (; isdigit((unsigned char)s[k]) && k < 3; k++)
        v = v * 10 + (s[k] - '0');
    if (k == 0 || (s[k] && strcmp(s + k, "+") != 0))
        return -1;
    *plus = s[k] == '+';
    return v;
}

/* Skips "years", "years old", "of age", "yrs" after an age. */
static size_t after_age(const struct words *w, size_t i)
{
    while (word_is(w, i, "years") || word_is(w, i, "year") || word_is(w, i, "yrs") ||
           word_is(w, i, "old") || (word_is(w, i, "of") && word_is(w, i + 1, "age")))
        i += word_is(w, i, "of") ? 2 : 1;
    return i;
}

static bool word_in(const struct words *w, size_t i, const char *const *set)
{
    for (; *set; set++)
        if (word_is(w, i, *set))
            return true;
    return false;
}

/* The ages an eligibility text gives, narrowing *lo and *hi (0: not given): "55+", "55 and up",
** "55 or older", "over 54", "at least 55", "13-18", "13 to 18", "between 13 and 18", "under 18",
** "18 and under", "up to 24", "younger than 25". */
static void read_ages(const struct words *w, int *lo, int *hi)
{
    static const char *const upward[] = {"up", "older", "over", "above", "beyond", NULL};
    static const char *const downward[] = {"under", "younger", "below", "less", NULL};
    for (size_t i = 0; i < w->n; i++) {
        bool plus = false;
        int age = age_at(w, i, &plus);
        if (age < 0)
            continue;
        size_t j = after_age(w, i + 1);
        bool after_older_than = i > 1 && word_is(w, i - 1, "than") && word_is(w, i - 2, "older");
        bool after_younger_than =
            i > 1 && word_is(w, i - 1, "than") && word_is(w, i - 2, "younger");
        bool after_up_to = i > 1 && word_is(w, i - 1, "to") && word_is(w, i - 2, "up");
        bool prev_over =
            i > 0 && (word_is(w, i - 1, "over") || word_is(w, i - 1, "least") || after_older_than);
        bool prev_under =
            i > 0 && (word_is(w, i - 1, "under") || after_up_to || after_younger_than);
        bool hi_next = false;
        int to = -1;
        bool plus2 = false;
        /* "13-18" (split as two numbers), "13 to 18", "13 through 18", "between 13 and 18" */
        if (j < w->n && (to = age_at(w, j, &plus2)) >= 0)
            hi_next = true;
        else if ((word_is(w, j, "to") || word_is(w, j, "through") || word_is(w, j, "thru") ||
                  (word_is(w, j, "and") && i > 0 && word_is(w, i - 1, "between"))) &&
                 j + 1 < w->n && (to = age_at(w, j + 1, &plus2)) >= 0)
            hi_next = true;
        if (hi_next && to >= age) {
            *lo = age > *lo ? age : *lo;
            *hi = !*hi || to < *hi ? to : *hi;
            i = j;
            continue;
        }
        bool up = plus || prev_over ||
                  ((word_is(w, j, "and") || word_is(w, j, "or")) && word_in(w, j + 1, upward));
        bool down = !up && (prev_under || ((word_is(w, j, "and") || word_is(w, j, "or")) &&
                                           word_in(w, j + 1, downward)));
        if (up) {
            int from = (i > 0 && word_is(w, i - 1, "over")) || after_older_than ? age + 1 : age;
            *lo = from > *lo ? from : *lo;
        } else if (down) {
            int top = (i > 0 && word_is(w, i - 1, "under")) || after_younger_than ? age - 1 : age;
            *hi = !*hi || top < *hi ? top : *hi;
        }
    }
}

unsigned audience_eligibility(const char *text, int min_age, int max_age, bool *open_to_all)
{
    struct words w;
    split(text, &w);
    unsigned a = 0;
    bool open = false;
    for (size_t i = 0; i < w.n; i++) {
        if (word_is(&w, i, "anyone") || word_is(&w, i, "everyone") ||
            (word_is(&w, i, "open") && word_is(&w, i + 1, "to") &&
             (word_is(&w, i + 2, "all") || word_is(&w, i + 2, "the"))) ||
            (word_is(&w, i, "all") && (word_is(&w, i + 1, "ages") || word_is(&w, i + 1, "are"))) ||
            (word_is(&w, i, "no") &&
             (word_is(&w, i + 1, "requirements") || word_is(&w, i + 1, "restrictions") ||
              word_is(&w, i + 1, "eligibility"))) ||
            (w.n == 1 && (word_is(&w, i, "none") || word_is(&w, i, "all"))))
            open = true;
        size_t len = 0;
        unsigned m = marker_at(&w, i, &len);
        if (!m || word_is(&w, i + len, "friendly"))
            continue;
        /* welcome rather than required: "veterans encouraged", "including seniors" */
        bool welcome = word_is(&w, i + len, "encouraged") || word_is(&w, i + len, "welcome") ||
                       (i > 0 && (word_is(&w, i - 1, "including") ||
                                  word_is(&w, i - 1, "especially") || word_is(&w, i - 1, "also")));
        if (!welcome)
            a |= m;
        i += len - 1;
    }
    int lo = min_age > 0 ? min_age : 0, hi = max_age > 0 ? max_age : 0;
    read_ages(&w, &lo, &hi);
    if (hi > 0 && hi <= AGE_YOUTH_MAX)
        a |= AUDIENCE_YOUTH;
    else if (lo >= AGE_OLDER_MIN)
        a |= AUDIENCE_OLDER;
    a = drop_both_genders(a);
    if (open_to_all)
        *open_to_all = open && !a;
    return a;
}

/* ---- the matching rule ------------------------------------------------------------------ */

enum audience_fit audience_match(unsigned activity, unsigned peer, bool peer_known,
                                 unsigned *missing)
{
    unsigned lacking = peer_known ? activity & ~peer : activity;
    if (missing)
        *missing = lacking;
    if (!activity)
        return AUDIENCE_OPEN;
    return lacking ? AUDIENCE_NOT_THEIRS : AUDIENCE_THEIRS;
}

void audience_explain(unsigned missing, bool peer_known, struct buf *b)
{
    buf_puts(b, "It is for ");
    bool first = true;
    for (int i = 0; i < AUDIENCE_COUNT; i++) {
        if (!(missing & (1u << i)))
            continue;
        if (!first)
            buf_puts(b, " and ");
        buf_puts(b, plain[i]);
        first = false;
    }
    buf_puts(b, peer_known ? ", and your profile does not say you are."
                           : ", and your profile does not say who you are: a listing for a "
                             "particular group is left out until it does (peer edit --audience).");
}
