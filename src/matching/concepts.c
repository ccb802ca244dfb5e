/* concepts.c — light stemming, stop words, loading the concept map and expanding a peer's words
** into weighted search terms (see concepts.h).
*/
#include "concepts.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/datafile.h"
#include "../util/rc.h"
#include "../util/text.h"

/* Words that say nothing about what a peer enjoys: function words, the verbs people wrap an
** interest in ("I used to love...", "I kept..."), relatives ("my mother grew tomatoes": the
** tomatoes matter) and vague nouns. Checked on the word as written and on its stemmed form. */
static const char *const stop_words[] = {
    /* sorted: see concepts_is_stop_word; "online", "virtual" and "zoom" say how, not what
    ** (the distance factor and the virtual constraint handle online activities) */
    "a",         "about",       "after",      "again",       "ago",        "all",       "also",
    "always",    "am",          "an",         "and",         "any",        "anything",  "are",
    "around",    "as",          "at",         "aunt",        "back",       "be",        "because",
    "been",      "before",      "being",      "best",        "better",     "big",       "boyfriend",
    "brother",   "but",         "by",         "can",         "could",      "cousin",    "dad",
    "daughter",  "day",         "days",       "did",         "do",         "does",      "doing",
    "done",      "down",        "during",     "each",        "enjoy",      "enjoyed",   "enjoying",
    "enjoys",    "even",        "ever",       "every",       "everything", "father",    "favorite",
    "favourite", "feel",        "felt",       "few",         "for",        "from",      "get",
    "gets",      "getting",     "girlfriend", "go",          "goes",       "going",     "good",
    "got",       "grandfather", "grandma",    "grandmother", "grandpa",    "great",     "guess",
    "had",       "has",         "have",       "having",      "he",         "her",       "here",
    "him",       "his",         "hobbies",    "hobby",       "home",       "house",     "how",
    "husband",   "i",           "i'd",        "i'm",         "i've",       "if",        "in",
    "interest",  "interested",  "interests",  "into",        "is",         "it",        "it's",
    "its",       "just",        "keep",       "keeping",     "keeps",      "kept",      "kind",
    "know",      "last",        "like",       "liked",       "likes",      "little",    "lot",
    "lots",      "love",        "loved",      "loves",       "loving",     "made",      "make",
    "makes",     "making",      "many",       "maybe",       "me",         "might",     "mine",
    "miss",      "missed",      "mom",        "more",        "most",       "mother",    "much",
    "must",      "my",          "myself",     "never",       "new",        "nice",      "no",
    "not",       "now",         "of",         "off",         "old",        "on",        "once",
    "one",       "online",      "only",       "or",          "other",      "our",       "out",
    "over",      "own",         "partner",    "place",       "play",       "played",    "playing",
    "plays",     "pretty",      "quite",      "really",      "same",       "she",       "should",
    "since",     "sister",      "so",         "some",        "something",  "sometimes", "son",
    "start",     "started",     "starting",   "still",       "stuff",      "such",      "than",
    "that",      "the",         "their",      "them",        "then",       "there",     "these",
    "they",      "thing",       "things",     "think",       "this",       "those",     "though",
    "time",      "times",       "to",         "too",         "tried",      "try",       "trying",
    "uncle",     "under",       "until",      "up",          "use",        "used",      "uses",
    "using",     "very",        "virtual",    "want",        "wanted",     "wants",     "was",
    "watch",     "watched",     "watching",   "way",         "we",         "week",      "weekend",
    "weeks",     "well",        "went",       "were",        "what",       "when",      "where",
    "which",     "while",       "who",        "wife",        "will",       "with",      "would",
    "year",      "years",       "yes",        "yet",         "you",        "young",     "your",
    "zoom",
};

/* Compares word[0..n) with the NUL-terminated s, as strcmp would. */
static int word_cmp(const char *word, size_t n, const char *s)
{
    int c = strncmp(word, s, n);
    if (c)
        return c;
    return s[n] == '\0' ? 0 : -1;
}

/* Words so common in listings that finding one says almost nothing about a shared interest
** ("group", "community", "people"): a peer's own word among them counts at
** CONCEPT_COMMON_WEIGHT. Sorted (strcmp order). */
static const char *const common_words[] = {
    "activities", "activity", "area",      "bring",    "center",  "centre",    "city",
    "class",      "classes",  "club",      "clubs",    "come",    "community", "event",
    "events",     "everyone", "everybody", "folks",    "free",    "fun",       "group",
    "groups",     "join",     "local",     "meet",     "meeting", "meetings",  "member",
    "members",    "open",     "others",    "people",   "person",  "program",   "programs",
    "public",     "session",  "sessions",  "together", "town",    "welcome",   "work",
};

/* Words that name other people ("people", "friends"): a peer wants a social group only where
** the sentence says so (see wished_company). Sorted. */
static const char *const company_words[] = {
    "buddies", "buddy",  "companion", "companions", "company",  "folks",   "friend",
    "friends", "others", "people",    "person",     "somebody", "someone",
};

/* Words that say the peer wants the company that follows ("make a friend", "be around people",
** "meet new people"). Sorted. */
static const char *const wish_cues[] = {
    "among", "around", "connect", "find",   "join",  "like", "love",
    "make",  "meet",   "miss",    "more",   "need",  "new",  "see",
    "spend", "talk",   "want",    "wanted", "wants", "wish", "with",
};

/* Words that turn the wish around ("can't stand people", "afraid of people"). Sorted. */
static const char *const aversion_cues[] = {
    "afraid", "anxious", "avoid",   "can't",   "cannot",  "don't", "dread",
    "fear",   "hate",    "nervous", "never",   "no",      "not",   "scared",
    "stand",  "trust",   "won't",   "without", "worried",
};

/* Words after which, in the same clause, the next few words are what the peer does not want
** ("music without drinking", "I can't stand crowds", "no more meetings"). Sorted. */
static const char *const negations[] = {
    "avoid", "can't", "cannot", "didn't", "doesn't", "don't",   "hate",    "never",
    "no",    "not",   "nor",    "quit",   "stop",    "stopped", "without", "won't",
};
#define NEGATION_SCOPE_WORDS 3 /* words a negation reaches */

bool concepts_in_sorted(const char *const *list, size_t n_list, const char *word, size_t n)
{
    size_t lo = 0, hi = n_list;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = word_cmp(word, n, list[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}
#define IN_LIST(list, word, n)                                                                     \
    concepts_in_sorted((list), sizeof(list) / sizeof *(list), (word), (n))

bool concepts_is_stop_word(const char *word, size_t n)
{
    return IN_LIST(stop_words, word, n);
}

bool concepts_is_common_word(const char *word, size_t n)
{
    return IN_LIST(common_words, word, n);
}

static bool is_word_byte(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '\'' || c >= 0x80;
}

void concepts_words(const char *text, concepts_word_fn fn, void *ctx)
{
    const char *p = text ? text : "";
    while (*p) {
        while (*p && !is_word_byte((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && is_word_byte((unsigned char)*p))
            p++;
        const char *end = p;
        while (start < end && (*start == '-' || *start == '\''))
            start++;
        while (end > start && (end[-1] == '-' || end[-1] == '\''))
            end--;
        if (end > start && !fn(ctx, start, (size_t)(end - start)))
            return;
    }
}

static bool is_vowel_at(const char *w, size_t i)
{
    switch (w[i]) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
        return true;
    case 'y':
        return i > 0 && !is_vowel_at(w, i - 1);
    default:
        return false;
    }
}

static bool is_consonant_at(const char *w, size_t i)
{
    return isalpha((unsigned char)w[i]) && !is_vowel_at(w, i);
}

static bool has_vowel(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (is_vowel_at(w, i))
            return true;
    }
    return false;
}

/* Porter's measure m: the number of vowel-consonant sequences in w[0..n). */
static int measure(const char *w, size_t n)
{
    int m = 0;
    size_t i = 0;
    while (i < n && is_consonant_at(w, i))
        i++;
    while (i < n) {
        while (i < n && !is_consonant_at(w, i))
            i++;
        if (i >= n)
            break;
        while (i < n && is_consonant_at(w, i))
            i++;
        m++;
    }
    return m;
}

/* True when w[0..n) ends with the k bytes of suffix (a short literal: no library call). */
static inline bool ends_with_n(const char *w, size_t n, const char *suffix, size_t k)
{
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        if (w[n - k + i] != suffix[i])
            return false;
    }
    return true;
}
#define ends_with(w, n, lit) ends_with_n((w), (n), (lit), sizeof(lit) - 1)

/* After removing -ing/-ed: undouble (runn → run) or restore a silent e (bak → bake,
** danc → dance, serv → serve: English words do not end in a bare c or v). */
static size_t repair_stem(char *w, size_t n)
{
    if (n >= 3 && n + 1 < CONCEPT_WORD_MAX && (w[n - 1] == 'c' || w[n - 1] == 'v') &&
        w[n - 2] != w[n - 1]) {
        w[n] = 'e';
        return n + 1;
    }
    if (n >= 2 && w[n - 1] == w[n - 2] && is_consonant_at(w, n - 1) && w[n - 1] != 'l' &&
        w[n - 1] != 's' && w[n - 1] != 'z')
        return n - 1;
    if (n >= 3 && n + 1 < CONCEPT_WORD_MAX && measure(w, n) == 1 && is_consonant_at(w, n - 3) &&
        is_vowel_at(w, n - 2) && is_consonant_at(w, n - 1) && w[n - 1] != 'w' && w[n - 1] != 'x' &&
        w[n - 1] != 'y') {
        w[n] = 'e';
        return n + 1;
    }
    return n;
}

void concepts_word_form(const char *word, size_t n, char out[CONCEPT_WORD_MAX])
{
    if (n >= CONCEPT_WORD_MAX)
        n = CONCEPT_WORD_MAX - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)word[i]);
    /* Possessives: "mother's", "mother’s" (U+2019), "peers'". */
    if (ends_with(out, n, "'s"))
        n -= 2;
    else if (ends_with(out, n, "\xe2\x80\x99s"))
        n -= 4;
    else if (n > 1 && out[n - 1] == '\'')
        n -= 1;
    /* Plurals. */
    if (n >= 5 && ends_with(out, n, "sses")) {
        n -= 2;
    } else if (n >= 5 && ends_with(out, n, "ies")) {
        n -= 2;
        out[n - 1] = 'y';
    } else if (n >= 5 && (ends_with(out, n, "xes") || ends_with(out, n, "ches") ||
                          ends_with(out, n, "shes") || (n >= 7 && ends_with(out, n, "oes")))) {
        n -= 2;
    } else if (n >= 4 && out[n - 1] == 's' && !ends_with(out, n, "ss") &&
               !ends_with(out, n, "us") && !ends_with(out, n, "is")) {
        n -= 1;
    }
    /* -ing and -ed, when a real stem with a vowel is left ("sing", "bring" and "need" stay). */
    if (n >= 6 && ends_with(out, n, "ing") && has_vowel(out, n - 3)) {
        n = repair_stem(out, n - 3);
    } else if (n >= 5 && ends_with(out, n, "ied")) {
        n -= 2;
        out[n - 1] = 'y';
    } else if (n >= 5 && ends_with(out, n, "ed") && has_vowel(out, n - 2)) {
        n = repair_stem(out, n - 2);
    }
    out[n] = '\0';
}

void concepts_word_key(const char *word, size_t n, char out[CONCEPT_WORD_MAX])
{
    concepts_word_form(word, n, out);
    size_t len = strlen(out);
    if (len > 3 && out[len - 1] == 'e')
        out[len - 1] = '\0';
}

struct phrase_ctx {
    char *out;
    size_t len;
};

static bool phrase_word(void *vctx, const char *word, size_t n)
{
    struct phrase_ctx *pc = vctx;
    char key[CONCEPT_WORD_MAX];
    concepts_word_key(word, n, key);
    size_t k = strlen(key);
    size_t need = k + (pc->len ? 1 : 0);
    if (k == 0 || pc->len + need >= CONCEPT_WORD_MAX)
        return pc->len + need < CONCEPT_WORD_MAX;
    if (pc->len)
        pc->out[pc->len++] = ' ';
    memcpy(pc->out + pc->len, key, k);
    pc->len += k;
    pc->out[pc->len] = '\0';
    return true;
}

void concepts_phrase_key(const char *phrase, size_t n, char out[CONCEPT_WORD_MAX])
{
    char copy[256];
    if (n >= sizeof copy)
        n = sizeof copy - 1;
    memcpy(copy, phrase, n);
    copy[n] = '\0';
    struct phrase_ctx pc = {out, 0};
    out[0] = '\0';
    concepts_words(copy, phrase_word, &pc);
}

/* ---- the map ---------------------------------------------------------------------------- */

/* Splits a comma list into trimmed lower-case heap strings (empty items skipped).
** OUT: *items (caller frees each and the array), returns the count. */
static size_t split_list(const char *list, char ***items)
{
    size_t n = 0;
    *items = NULL;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        char *item = text_trim_lower(p, len);
        if (*item) {
            *items = xrealloc(*items, (n + 1) * sizeof **items);
            (*items)[n++] = item;
        } else {
            free(item);
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return n;
}

static void free_list(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

/* Adds one entry per peer word of a "words<TAB>terms[<TAB>weight]" line. Returns false (with
** why) when the line is malformed. */
static bool parse_concept_line(char *line, struct concept_map *m, const char **why)
{
    char *tab1 = strchr(line, '\t');
    if (!tab1) {
        *why = "expected peer words, a tab, then organiser words";
        return false;
    }
    *tab1 = '\0';
    char *terms_col = tab1 + 1;
    char *tab2 = strchr(terms_col, '\t');
    double weight = CONCEPT_DEFAULT_WEIGHT;
    if (tab2) {
        *tab2 = '\0';
        char *end;
        errno = 0;
        weight = strtod(tab2 + 1, &end);
        while (isspace((unsigned char)*end))
            end++;
        if (errno || end == tab2 + 1 || *end || !(weight > 0.0 && weight <= 1.0)) {
            *why = "the weight must be a number in (0, 1]";
            return false;
        }
    }
    char **words, **terms;
    size_t n_words = split_list(line, &words);
    size_t n_terms = split_list(terms_col, &terms);
    bool ok = n_words > 0 && n_terms > 0;
    if (!ok)
        *why = n_words ? "no organiser words" : "no peer words";
    /* "word:0.3" gives one organiser word its own weight (a general word such as "volunteer"
    ** says less about "goats" than "farm" does). */
    double *term_weights = xcalloc(n_terms ? n_terms : 1, sizeof *term_weights);
    for (size_t t = 0; ok && t < n_terms; t++) {
        term_weights[t] = weight;
        char *colon = strrchr(terms[t], ':');
        if (!colon)
            continue;
        char *end;
        errno = 0;
        double w = strtod(colon + 1, &end);
        if (errno || end == colon + 1 || *end || !(w > 0.0 && w <= 1.0) || colon == terms[t]) {
            *why = "an organiser word's weight (word:weight) must be a number in (0, 1]";
            ok = false;
            break;
        }
        *colon = '\0';
        term_weights[t] = w;
    }
    size_t first_entry = m->n;
    for (size_t i = 0; ok && i < n_words; i++) {
        char key[CONCEPT_WORD_MAX];
        concepts_phrase_key(words[i], strlen(words[i]), key);
        bool seen = !*key;
        for (size_t k = first_entry; !seen && k < m->n; k++)
            seen = strcmp(m->entries[k].key, key) == 0; /* bikes, biking: one entry */
        if (seen)
            continue;
        struct concept_entry *e;
        m->entries = xrealloc(m->entries, (m->n + 1) * sizeof *m->entries);
        e = &m->entries[m->n++];
        e->key = xstrdup(key);
        e->n_terms = n_terms;
        e->weight = weight;
        e->terms = xcalloc(n_terms, sizeof *e->terms);
        e->term_weights = xcalloc(n_terms, sizeof *e->term_weights);
        for (size_t t = 0; t < n_terms; t++) {
            e->terms[t] = xstrdup(terms[t]);
            e->term_weights[t] = term_weights[t];
        }
    }
    free(term_weights);
    free_list(words, n_words);
    free_list(terms, n_terms);
    return ok;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct concept_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    /* A key on several lines: the stronger line first, then by its first organiser word. */
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return strcmp(x->terms[0], y->terms[0]);
}

/* Adds one line of concepts.tsv to the map (ctx). */
static const char *add_concept_line(void *ctx, char *line)
{
    const char *why = NULL;
    return parse_concept_line(line, ctx, &why) ? NULL : why;
}

int concepts_load(const char *path, struct concept_map *m, struct diag *diag)
{
    memset(m, 0, sizeof *m);
    int rc = datafile_read(path, "concepts.tsv", add_concept_line, m, diag);
    if (rc != BELONG_OK) {
        concepts_free(m);
        return rc;
    }
    qsort(m->entries, m->n, sizeof *m->entries, entry_cmp);
    return BELONG_OK;
}

void concepts_free(struct concept_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->entries[i].key);
        free_list(m->entries[i].terms, m->entries[i].n_terms);
        free(m->entries[i].term_weights);
    }
    free(m->entries);
    m->entries = NULL;
    m->n = 0;
}

/* The first entry with this key, or m->n. */
static size_t lower_bound(const struct concept_map *m, const char *key)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(m->entries[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- terms ------------------------------------------------------------------------------ */

static void copy_cut(char dst[CONCEPT_WORD_MAX], const char *src)
{
    snprintf(dst, CONCEPT_WORD_MAX, "%s", src);
}

bool concepts_add_term(struct concept_terms *out, const char *term, const char *origin,
                       double weight)
{
    char key[CONCEPT_WORD_MAX];
    concepts_phrase_key(term, strlen(term), key);
    if (!*key || !(weight > 0.0))
        return false;
    for (size_t i = 0; i < out->n; i++) {
        struct concept_term *t = &out->items[i];
        if (strcmp(t->key, key) != 0)
            continue;
        /* At equal weight the later word wins the origin: in "grew tomatoes" or "fix bikes"
        ** the object, said last, is what the peer is talking about. */
        if (weight < t->weight || strcmp(t->origin, origin) == 0)
            return false;
        t->weight = weight;
        copy_cut(t->origin, origin);
        return true;
    }
    struct concept_term *slot = NULL;
    if (out->n < CONCEPT_TERMS_MAX) {
        slot = &out->items[out->n++];
    } else {
        size_t weakest = 0;
        for (size_t i = 1; i < out->n; i++) {
            if (out->items[i].weight <= out->items[weakest].weight)
                weakest = i;
        }
        if (out->items[weakest].weight >= weight)
            return false;
        slot = &out->items[weakest];
    }
    copy_cut(slot->term, term);
    copy_cut(slot->key, key);
    copy_cut(slot->origin, origin);
    slot->weight = weight;
    return true;
}

#define EXPAND_WORDS_MAX 256

struct word_span {
    const char *p;
    size_t n;
};

struct collect_ctx {
    struct word_span words[EXPAND_WORDS_MAX];
    size_t n;
};

static bool collect_word(void *vctx, const char *word, size_t n)
{
    struct collect_ctx *c = vctx;
    c->words[c->n].p = word;
    c->words[c->n].n = n;
    return ++c->n < EXPAND_WORDS_MAX;
}

static void add_expansions(const struct concept_map *m, const char *key, const char *origin,
                           double own_weight, struct concept_terms *out)
{
    if (!m)
        return;
    for (size_t i = lower_bound(m, key); i < m->n && strcmp(m->entries[i].key, key) == 0; i++) {
        const struct concept_entry *e = &m->entries[i];
        for (size_t t = 0; t < e->n_terms; t++)
            concepts_add_term(out, e->terms[t], origin, e->term_weights[t] * own_weight);
    }
}

static void lower_copy(char dst[CONCEPT_WORD_MAX], const char *src, size_t n)
{
    if (n >= CONCEPT_WORD_MAX)
        n = CONCEPT_WORD_MAX - 1;
    for (size_t i = 0; i < n; i++)
        dst[i] = (char)tolower((unsigned char)src[i]);
    dst[n] = '\0';
}

/* True when a clause ends between words i and i + 1 (. , ; : ! ? between them). */
static bool clause_ends_after(const struct collect_ctx *c, size_t i)
{
    const struct word_span *w = &c->words[i], *next = &c->words[i + 1];
    return strcspn(w->p + w->n, ".,;:!?") < (size_t)(next->p - (w->p + w->n));
}

#define WISH_WINDOW_WORDS 4 /* a wish cue this many words before the company word, at most */

/* True when the sentence around word i ("I want to meet people") says the peer wants the
** company word i names: a wish cue among the WISH_WINDOW_WORDS words before it, in the same
** clause, and no aversion cue between ("I can't stand how people look at me": no). */
static bool wished_company(const struct collect_ctx *c, size_t i)
{
    bool wished = false;
    for (size_t back = 1; back <= WISH_WINDOW_WORDS && back <= i; back++) {
        if (clause_ends_after(c, i - back))
            break;
        const struct word_span *w = &c->words[i - back];
        char raw[CONCEPT_WORD_MAX];
        lower_copy(raw, w->p, w->n);
        if (IN_LIST(aversion_cues, raw, strlen(raw)) ||
            (strlen(raw) > 3 && ends_with(raw, strlen(raw), "n't")))
            return false;
        wished |= IN_LIST(wish_cues, raw, strlen(raw));
    }
    return wished;
}

/* True when word i is in the scope of a negation: one of the NEGATION_SCOPE_WORDS words
** before it, in the same clause, is a negation ("without drinking"). */
static bool negated(const struct collect_ctx *c, size_t i)
{
    for (size_t back = 1; back <= NEGATION_SCOPE_WORDS && back <= i; back++) {
        if (clause_ends_after(c, i - back))
            return false;
        const struct word_span *w = &c->words[i - back];
        char raw[CONCEPT_WORD_MAX];
        lower_copy(raw, w->p, w->n);
        if (IN_LIST(negations, raw, strlen(raw)))
            return true;
    }
    return false;
}

void concepts_expand(const struct concept_map *m, const char *text, double own_weight,
                     struct concept_terms *out)
{
    struct collect_ctx c;
    c.n = 0;
    concepts_words(text, collect_word, &c);
    for (size_t i = 0; i < c.n; i++) {
        char raw[CONCEPT_WORD_MAX], form[CONCEPT_WORD_MAX], key[CONCEPT_WORD_MAX];
        lower_copy(raw, c.words[i].p, c.words[i].n);
        concepts_word_form(raw, strlen(raw), form);
        concepts_word_key(raw, strlen(raw), key);
        bool stop = concepts_is_stop_word(raw, strlen(raw)) ||
                    concepts_is_stop_word(form, strlen(form)) || strlen(form) < 2;
        if (!stop && IN_LIST(company_words, raw, strlen(raw)) && !wished_company(&c, i))
            stop = true; /* "people" said, but not wanted */
        if (!stop && (IN_LIST(negations, raw, strlen(raw)) || negated(&c, i)))
            stop = true; /* "without drinking": not an interest */
        if (!stop) {
            bool common = concepts_is_common_word(raw, strlen(raw)) ||
                          concepts_is_common_word(form, strlen(form));
            concepts_add_term(out, form, raw,
                              common ? own_weight * CONCEPT_COMMON_WEIGHT : own_weight);
            add_expansions(m, key, raw, own_weight, out);
        }
        if (i + 1 < c.n) {
            /* Two-word phrases from the map ("hang out", "board game"), stop words included. */
            char pair[2 * CONCEPT_WORD_MAX], pair_key[CONCEPT_WORD_MAX];
            size_t span = (size_t)(c.words[i + 1].p + c.words[i + 1].n - c.words[i].p);
            lower_copy(pair, c.words[i].p, span < CONCEPT_WORD_MAX ? span : CONCEPT_WORD_MAX - 1);
            concepts_phrase_key(pair, strlen(pair), pair_key);
            add_expansions(m, pair_key, pair, own_weight, out);
        }
    }
}

size_t concepts_text_query(const struct concept_terms *t, double min_weight,
                           struct concept_query *q)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->items[i].weight >= min_weight)
            q->phrases[n++] = t->items[i].term;
    q->query = (struct store_text_query){
        .phrases = q->phrases, .n_phrases = n, .match_all = false, .last_prefix = false};
    return n;
}

static int term_cmp(const void *a, const void *b)
{
    const struct concept_term *x = a, *y = b;
    return strcmp(x->key, y->key);
}

void concepts_sort(struct concept_terms *t)
{
    qsort(t->items, t->n, sizeof *t->items, term_cmp);
}

int concepts_find(const struct concept_terms *t, const char *key)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(t->items[mid].key, key);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}
