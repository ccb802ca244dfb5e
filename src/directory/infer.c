/* infer.c — inferring a listing's category, tags and social intensity (see infer.h): loading the
** word rules and taxonomy maps, matching a listing's words against them, and weighing the cues.
*/
#include "infer.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../formats/words.h"
#include "../matching/concepts.h"
#include "../util/datafile.h"
#include "../util/number.h"
#include "../util/rc.h"
#include "../util/text.h"
#include "activity.h"
#include "categories.h"

#define PHRASE_WORDS_MAX 5   /* words in one phrase of words.tsv */
#define FIELD_WORDS_MAX  600 /* words of one field looked at (a longer description is cut) */
#define HITS_MAX         96  /* phrase matches kept per listing */
#define EVIDENCE_ITEMS   4   /* cues named in an attribute's evidence */
#define TAGS_MAX         5
#define TAXONOMY_WEIGHT  6.0 /* a mapped taxonomy term, against a phrase's own weight */
#define CATEGORY_MIN     0.5 /* the least score that names a category */

/* Where a word was found. What people do (the name, the terms, the description) counts; who runs
** it and where it meets count little. */
enum field { F_NAME, F_TERMS, F_DESC, F_ORG, F_PLACE, F_COUNT };
static const char *const field_label[F_COUNT] = {"name", "taxonomy", "description", "organisation",
                                                 "place"};
static const double field_category_weight[F_COUNT] = {2.0, 2.0, 1.0, 0.25, 0.15};
static const double field_intensity_weight[F_COUNT] = {2.0, 1.0, 1.0, 0.0, 0.0};

/* One phrase of words.tsv and what it says. */
struct phrase {
    char keys[PHRASE_WORDS_MAX][CONCEPT_WORD_MAX]; /* concepts_word_key of each word */
    int n_words;
    char text[CONCEPT_WORD_MAX]; /* as written in the file, for evidence */
    int category;                /* index into cats, -1 = none */
    double category_weight;
    int level; /* intensity 1-5, 0 = none */
    double level_weight;
    char tag[CONCEPT_WORD_MAX]; /* "" = none */
    bool acronym; /* written in capitals in the file (WRAP, AA, NAMI): matches only that word in
                  ** capitals, never a word it stems like ("wrapping", "aa" in a name) */
};

struct first_word {
    const char *key;
    size_t phrase;
};

struct code_map {
    char *code; /* AIRS code (upper case) or Open Eligibility name (folded) */
    int category;
};

struct infer_rules {
    struct category_table cats;
    int *category_level; /* per category: its usual intensity, 0 = none */
    struct phrase *phrases;
    size_t n_phrases;
    size_t *acronyms; /* the phrases that are acronyms (kept out of the index) */
    size_t n_acronyms;
    struct first_word *index; /* by key, then phrase */
    size_t n_index;
    size_t *slots;  /* open addressing by key hash: the first index entry of a key, SIZE_MAX */
    size_t n_slots; /* a power of two, at least twice the number of keys */
    struct code_map *airs, *oe;
    size_t n_airs, n_oe;
    struct listing_words languages; /* data/languages.tsv (and the access and cost words) */
    const char *loading;            /* file being read, for messages */
};

/* ---- loading ------------------------------------------------------------------------------ */

static int category_index(const struct infer_rules *r, const char *slug)
{
    const struct category *c = category_find(&r->cats, slug);
    return c ? (int)(c - r->cats.items) : -1;
}

#define ACRONYM_MAX 12 /* bytes of the longest acronym, NUL included */

/* One word of a text: its match key, and the word itself when written in capitals. */
struct token {
    char key[CONCEPT_WORD_MAX];
    char caps[ACRONYM_MAX]; /* "" unless the word is 2-11 capitals or digits, e.g. "WRAP" */
};

static void capitals_of(const char *word, size_t n, char caps[ACRONYM_MAX])
{
    size_t letters = 0;
    caps[0] = '\0';
    if (n < 2 || n >= ACRONYM_MAX)
        return;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)word[i];
        if (!(isupper(c) || isdigit(c)))
            return;
        letters += isupper(c) != 0;
    }
    if (letters) {
        memcpy(caps, word, n);
        caps[n] = '\0';
    }
}

/* Splits text into words. OUT: tokens (at most max). Returns the count. */
static size_t tokenize(const char *text, size_t len, struct token *tokens, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < max;) {
        unsigned char ch = (unsigned char)text[i];
        if (!(isalnum(ch) || ch >= 0x80)) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < len) {
            unsigned char c = (unsigned char)text[i];
            bool inner_apostrophe = c == '\'' && i + 1 < len && isalpha((unsigned char)text[i + 1]);
            if (!(isalnum(c) || c >= 0x80 || inner_apostrophe))
                break;
            i++;
        }
        concepts_word_key(text + start, i - start, tokens[n].key);
        capitals_of(text + start, i - start, tokens[n].caps);
        n++;
    }
    return n;
}

/* Reads "category=SLUG:W intensity=N:W tag=WORD" into p. Returns NULL or what is wrong. */
static const char *parse_effects(struct infer_rules *r, char *effects, struct phrase *p)
{
    p->category = -1;
    for (char *save = NULL, *e = strtok_r(effects, " ", &save); e; e = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(e, '=');
        if (!eq)
            return "expected KEY=VALUE (category=SLUG:WEIGHT, intensity=N:WEIGHT, tag=WORD)";
        *eq = '\0';
        char *value = eq + 1, *colon = strchr(value, ':');
        if (strcmp(e, "tag") == 0) {
            if (!*value || strlen(value) >= sizeof p->tag)
                return "tag: empty or too long";
            strcpy(p->tag, value);
            continue;
        }
        double weight = 1.0;
        if (colon) {
            *colon = '\0';
            if (!parse_decimal(colon + 1, &weight) || weight <= 0 || weight > 10)
                return "weight: expected a number in (0, 10]";
        }
        if (strcmp(e, "category") == 0) {
            p->category = category_index(r, value);
            if (p->category < 0)
                return "category: not a slug of data/categories.tsv";
            p->category_weight = weight;
        } else if (strcmp(e, "intensity") == 0) {
            if (strlen(value) != 1 || value[0] < '1' || value[0] > '5')
                return "intensity: expected 1-5";
            p->level = value[0] - '0';
            p->level_weight = weight;
        } else {
            return "unknown key (category, intensity, tag)";
        }
    }
    return NULL;
}

/* One line of words.tsv: "phrase,phrase<TAB>effects". */
static const char *add_words_line(void *ctx, char *line)
{
    struct infer_rules *r = ctx;
    char *tab = strchr(line, '\t');
    if (!tab || tab == line)
        return "expected phrases<TAB>effects";
    *tab = '\0';
    struct phrase proto = {0};
    const char *why = parse_effects(r, tab + 1, &proto);
    if (why)
        return why;
    if (proto.category < 0 && !proto.level && !proto.tag[0])
        return "no effect given";
    for (char *save = NULL, *ph = strtok_r(line, ",", &save); ph; ph = strtok_r(NULL, ",", &save)) {
        struct phrase p = proto;
        while (*ph == ' ')
            ph++;
        size_t len = strlen(ph);
        while (len && ph[len - 1] == ' ')
            len--;
        if (!len || len >= sizeof p.text)
            return "a phrase is empty or too long";
        memcpy(p.text, ph, len);
        p.text[len] = '\0';
        struct token words[PHRASE_WORDS_MAX + 1];
        size_t n = tokenize(ph, len, words, PHRASE_WORDS_MAX + 1);
        if (n == 0 || n > PHRASE_WORDS_MAX)
            return "a phrase has no words or more than 5";
        for (size_t w = 0; w < n; w++)
            memcpy(p.keys[w], words[w].key, sizeof p.keys[w]);
        p.n_words = (int)n;
        p.acronym = n == 1 && strcmp(words[0].caps, p.text) == 0;
        if (p.acronym)
            snprintf(p.keys[0], sizeof p.keys[0], "%s", p.text);
        r->phrases = xrealloc(r->phrases, (r->n_phrases + 1) * sizeof *r->phrases);
        r->phrases[r->n_phrases++] = p;
    }
    return NULL;
}

/* One line of category_intensity.tsv: "slug<TAB>level". */
static const char *add_level_line(void *ctx, char *line)
{
    struct infer_rules *r = ctx;
    char *tab = strchr(line, '\t');
    if (!tab)
        return "expected slug<TAB>level";
    *tab = '\0';
    int c = category_index(r, line);
    if (c < 0)
        return "not a slug of data/categories.tsv";
    if (strlen(tab + 1) != 1 || tab[1] < '1' || tab[1] > '5')
        return "level: expected 1-5";
    r->category_level[c] = tab[1] - '0';
    return NULL;
}

static const char *add_code(struct code_map **map, size_t *n, char *key, int category)
{
    if (category < 0) {
        free(key);
        return "not a slug of data/categories.tsv";
    }
    *map = xrealloc(*map, (*n + 1) * sizeof **map);
    (*map)[(*n)++] = (struct code_map){key, category};
    return NULL;
}

/* One line of taxonomy/airs.tsv: "CODE<TAB>slug<TAB>label". */
static const char *add_airs_line(void *ctx, char *line)
{
    struct infer_rules *r = ctx;
    char *tab = strchr(line, '\t');
    if (!tab || tab == line)
        return "expected CODE<TAB>slug<TAB>label";
    *tab = '\0';
    char *slug = tab + 1, *tab2 = strchr(slug, '\t');
    if (tab2)
        *tab2 = '\0';
    char *code = xstrdup(line);
    for (char *p = code; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return add_code(&r->airs, &r->n_airs, code, category_index(r, slug));
}

/* One line of taxonomy/open_eligibility.tsv: "term name<TAB>slug". */
static const char *add_oe_line(void *ctx, char *line)
{
    struct infer_rules *r = ctx;
    char *tab = strchr(line, '\t');
    if (!tab || tab == line)
        return "expected term name<TAB>slug";
    *tab = '\0';
    return add_code(&r->oe, &r->n_oe, text_fold(line), category_index(r, tab + 1));
}

/* FNV-1a of a word key. */
static size_t key_hash(const char *key)
{
    uint64_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)h;
}

static int by_first_word(const void *a, const void *b)
{
    const struct first_word *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->phrase > y->phrase) - (x->phrase < y->phrase);
}

int infer_rules_load(struct infer_rules **out, struct diag *diag)
{
    struct infer_rules *r = xcalloc(1, sizeof *r);
    int rc = categories_load(NULL, &r->cats, diag);
    if (rc == BELONG_OK) {
        r->category_level = xcalloc(r->cats.n ? r->cats.n : 1, sizeof *r->category_level);
        rc = datafile_read(NULL, "infer/words.tsv", add_words_line, r, diag);
    }
    if (rc == BELONG_OK)
        rc = datafile_read(NULL, "infer/category_intensity.tsv", add_level_line, r, diag);
    if (rc == BELONG_OK)
        rc = datafile_read(NULL, "taxonomy/airs.tsv", add_airs_line, r, diag);
    if (rc == BELONG_OK)
        rc = datafile_read(NULL, "taxonomy/open_eligibility.tsv", add_oe_line, r, diag);
    if (rc == BELONG_OK)
        rc = listing_words_load(&r->languages, diag);
    if (rc != BELONG_OK) {
        infer_rules_free(r);
        *out = NULL;
        return rc;
    }
    r->index = xmalloc((r->n_phrases ? r->n_phrases : 1) * sizeof *r->index);
    r->acronyms = xmalloc((r->n_phrases ? r->n_phrases : 1) * sizeof *r->acronyms);
    for (size_t i = 0; i < r->n_phrases; i++)
        if (r->phrases[i].acronym)
            r->acronyms[r->n_acronyms++] = i;
        else
            r->index[r->n_index++] = (struct first_word){r->phrases[i].keys[0], i};
    qsort(r->index, r->n_index, sizeof *r->index, by_first_word);
    r->n_slots = 16;
    while (r->n_slots < 2 * r->n_index)
        r->n_slots *= 2;
    r->slots = xmalloc(r->n_slots * sizeof *r->slots);
    for (size_t i = 0; i < r->n_slots; i++)
        r->slots[i] = SIZE_MAX;
    for (size_t i = 0; i < r->n_index; i++) {
        if (i > 0 && strcmp(r->index[i - 1].key, r->index[i].key) == 0)
            continue;
        size_t slot = key_hash(r->index[i].key) & (r->n_slots - 1);
        while (r->slots[slot] != SIZE_MAX)
            slot = (slot + 1) & (r->n_slots - 1);
        r->slots[slot] = i;
    }
    *out = r;
    return BELONG_OK;
}

const struct listing_words *infer_rules_languages(const struct infer_rules *r)
{
    return &r->languages;
}

void infer_rules_free(struct infer_rules *r)
{
    if (!r)
        return;
    listing_words_free(&r->languages);
    for (size_t i = 0; i < r->n_airs; i++)
        free(r->airs[i].code);
    for (size_t i = 0; i < r->n_oe; i++)
        free(r->oe[i].code);
    free(r->airs);
    free(r->oe);
    free(r->index);
    free(r->slots);
    free(r->acronyms);
    free(r->phrases);
    free(r->category_level);
    categories_free(&r->cats);
    free(r);
}

/* ---- matching ----------------------------------------------------------------------------- */

/* A cue found in the listing: a phrase in a field, or a taxonomy term (phrase SIZE_MAX). */
struct hit {
    size_t phrase;
    enum field field;
    int category;     /* for taxonomy terms */
    const char *term; /* for taxonomy terms: the line of infer_input.terms, term_len bytes */
    int term_len;
};

struct hits {
    struct hit items[HITS_MAX];
    size_t n;
};

static void add_hit(struct hits *h, size_t phrase, enum field f)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->items[i].phrase == phrase && h->items[i].field == f)
            return; /* said twice in one field counts once */
    if (h->n < HITS_MAX)
        h->items[h->n++] = (struct hit){.phrase = phrase, .field = f, .category = -1};
}

/* The first index entry whose key is key, or n_index. */
static size_t first_with_key(const struct infer_rules *r, const char *key)
{
    for (size_t slot = key_hash(key) & (r->n_slots - 1); r->slots[slot] != SIZE_MAX;
         slot = (slot + 1) & (r->n_slots - 1))
        if (strcmp(r->index[r->slots[slot]].key, key) == 0)
            return r->slots[slot];
    return r->n_index;
}

/* The acronym phrase written as this word in capitals, or SIZE_MAX. */
static size_t acronym_phrase(const struct infer_rules *r, const char *caps)
{
    for (size_t i = 0; caps[0] && i < r->n_acronyms; i++)
        if (strcmp(r->phrases[r->acronyms[i]].keys[0], caps) == 0)
            return r->acronyms[i];
    return SIZE_MAX;
}

/* Finds the phrases in text, the longest one at each word ("food bank" before "bank"). */
static void match_field(const struct infer_rules *r, const char *text, size_t len, enum field f,
                        struct hits *h)
{
    static _Thread_local struct token tokens[FIELD_WORDS_MAX];
    size_t n = tokenize(text, len, tokens, FIELD_WORDS_MAX);
    for (size_t i = 0; i < n; i++) {
        size_t best = acronym_phrase(r, tokens[i].caps);
        int best_len = best == SIZE_MAX ? 0 : 1;
        for (size_t k = first_with_key(r, tokens[i].key);
             k < r->n_index && strcmp(r->index[k].key, tokens[i].key) == 0; k++) {
            const struct phrase *p = &r->phrases[r->index[k].phrase];
            if (p->n_words <= best_len || i + (size_t)p->n_words > n)
                continue;
            int w = 1;
            while (w < p->n_words && strcmp(p->keys[w], tokens[i + (size_t)w].key) == 0)
                w++;
            if (w == p->n_words) {
                best = r->index[k].phrase;
                best_len = w;
            }
        }
        if (best != SIZE_MAX) {
            add_hit(h, best, f);
            i += (size_t)best_len - 1;
        }
    }
}

/* The category an AIRS code maps to (its longest listed prefix that ends at a level of the code:
** PL-6400.6500-150 falls under PL-6400.6500, PL-6400 and PL), or -1. */
static int airs_category(const struct infer_rules *r, const char *code, size_t len)
{
    int found = -1;
    size_t found_len = 0;
    for (size_t i = 0; i < r->n_airs; i++) {
        size_t n = strlen(r->airs[i].code);
        if (n > len || n <= found_len || strncasecmp(code, r->airs[i].code, n) != 0)
            continue;
        if (n == len || code[n] == '.' || code[n] == '-') {
            found = r->airs[i].category;
            found_len = n;
        }
    }
    return found;
}

static int oe_category(const struct infer_rules *r, const char *name, size_t len)
{
    char *copy = xstrndup(name, len);
    char *folded = text_fold(copy);
    int found = -1;
    for (size_t i = 0; found < 0 && i < r->n_oe; i++)
        if (strcmp(folded, r->oe[i].code) == 0)
            found = r->oe[i].category;
    free(folded);
    free(copy);
    return found;
}

/* Each term line: its code or name mapped to a category, and its name's words as cues. */
static void match_terms(const struct infer_rules *r, const char *terms, struct hits *h)
{
    for (const char *line = terms; line && *line;) {
        size_t n = strcspn(line, "\n");
        const char *tab = memchr(line, '\t', n);
        const char *code = tab ? line : "", *name = tab ? tab + 1 : line;
        size_t code_len = tab ? (size_t)(tab - line) : 0, name_len = n - (size_t)(name - line);
        int c = code_len ? airs_category(r, code, code_len) : -1;
        if (c < 0 && name_len)
            c = oe_category(r, name, name_len);
        if (c < 0 && code_len)
            c = oe_category(r, code, code_len); /* Open Eligibility terms coded by name */
        if (c >= 0 && h->n < HITS_MAX) {
            h->items[h->n++] = (struct hit){.phrase = SIZE_MAX,
                                            .field = F_TERMS,
                                            .category = c,
                                            .term = line,
                                            .term_len = (int)(n < 78 ? n : 78)};
        }
        match_field(r, name, name_len, F_TERMS, h);
        line += n + (line[n] == '\n');
    }
}

/* ---- weighing ----------------------------------------------------------------------------- */

/* One contribution to an attribute, for its evidence. */
struct cue {
    double weight;
    char text[INFER_EVIDENCE_LEN / 2];
};

static int by_weight_desc(const void *a, const void *b)
{
    const struct cue *x = a, *y = b;
    return (x->weight < y->weight) - (x->weight > y->weight);
}

/* Writes the strongest cues, "; "-separated, into out. */
static void write_evidence(struct cue *cues, size_t n, char out[INFER_EVIDENCE_LEN])
{
    qsort(cues, n, sizeof *cues, by_weight_desc);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && i < EVIDENCE_ITEMS; i++) {
        int w =
            snprintf(out + used, INFER_EVIDENCE_LEN - used, "%s%s", i ? "; " : "", cues[i].text);
        if (w < 0 || used + (size_t)w >= INFER_EVIDENCE_LEN) {
            out[used] = '\0'; /* no cut-off cue */
            break;
        }
        used += (size_t)w;
    }
}

static void describe_hit(const struct infer_rules *r, const struct hit *h, char *out, size_t len)
{
    if (h->phrase == SIZE_MAX) {
        int w = snprintf(out, len, "taxonomy term '%.*s'", h->term_len, h->term);
        for (int i = 0; w > 0 && i < w && (size_t)i < len && out[i]; i++)
            if ((unsigned char)out[i] < 0x20)
                out[i] = ' '; /* the tab between code and name, and any control byte */
    } else
        snprintf(out, len, "%s '%s'", field_label[h->field], r->phrases[h->phrase].text);
}

static void infer_category(const struct infer_rules *r, const struct hits *h,
                           struct infer_result *out)
{
    double *score = xcalloc(r->cats.n ? r->cats.n : 1, sizeof *score);
    double total = 0;
    for (size_t i = 0; i < h->n; i++) {
        const struct hit *t = &h->items[i];
        int c = t->phrase == SIZE_MAX ? t->category : r->phrases[t->phrase].category;
        if (c < 0)
            continue;
        double w = t->phrase == SIZE_MAX
                       ? TAXONOMY_WEIGHT
                       : field_category_weight[t->field] * r->phrases[t->phrase].category_weight;
        score[c] += w;
        total += w;
    }
    int best = -1;
    for (size_t c = 0; c < r->cats.n; c++)
        if (score[c] >= CATEGORY_MIN && (best < 0 || score[c] > score[best]))
            best = (int)c;
    if (best >= 0) {
        snprintf(out->category, sizeof out->category, "%s", r->cats.items[best].slug);
        double share = score[best] / total;
        out->category_why.confidence = share * (1 - exp(-score[best] / 2));
        struct cue cues[HITS_MAX];
        size_t n = 0;
        for (size_t i = 0; i < h->n; i++) {
            const struct hit *t = &h->items[i];
            int c = t->phrase == SIZE_MAX ? t->category : r->phrases[t->phrase].category;
            if (c != best)
                continue;
            cues[n].weight = t->phrase == SIZE_MAX ? TAXONOMY_WEIGHT
                                                   : field_category_weight[t->field] *
                                                         r->phrases[t->phrase].category_weight;
            describe_hit(r, t, cues[n].text, sizeof cues[n].text);
            n++;
        }
        write_evidence(cues, n, out->category_why.evidence);
    }
    free(score);
}

/* A level from group size: small groups talk less than large ones mingle. */
static int level_of_group(int size)
{
    return size <= 8 ? 2 : size <= 15 ? 3 : size <= 30 ? 4 : 5;
}

static void infer_intensity(const struct infer_rules *r, const struct infer_input *in,
                            const struct hits *h, const char *category, struct infer_result *out)
{
    struct cue cues[HITS_MAX + 4];
    double level[HITS_MAX + 4];
    size_t n = 0;
    for (size_t i = 0; i < h->n; i++) {
        const struct hit *t = &h->items[i];
        if (t->phrase == SIZE_MAX || !r->phrases[t->phrase].level)
            continue;
        const struct phrase *p = &r->phrases[t->phrase];
        double w = field_intensity_weight[t->field] * p->level_weight;
        if (w <= 0)
            continue;
        cues[n].weight = w;
        level[n] = p->level;
        snprintf(cues[n].text, sizeof cues[n].text, "%s '%s' (%d)", field_label[t->field], p->text,
                 p->level);
        n++;
    }
    int c = category ? category_index(r, category) : -1;
    if (c >= 0 && r->category_level[c]) {
        cues[n].weight = 1.0;
        level[n] = r->category_level[c];
        snprintf(cues[n].text, sizeof cues[n].text, "category %s (%d)", category,
                 r->category_level[c]);
        n++;
    }
    if (in->group_size > 0) {
        cues[n].weight = in->group_size > 30 ? 0.7 : 1.0;
        level[n] = level_of_group(in->group_size);
        snprintf(cues[n].text, sizeof cues[n].text, "group of %d (%d)", in->group_size,
                 level_of_group(in->group_size));
        n++;
    }
    if (in->duration_minutes >= 180) {
        cues[n].weight = 0.4;
        level[n] = 2;
        snprintf(cues[n].text, sizeof cues[n].text, "long open session (2)");
        n++;
    }
    if (in->drop_in == TRI_YES) {
        cues[n].weight = 0.3;
        level[n] = 2;
        snprintf(cues[n].text, sizeof cues[n].text, "drop-in (2)");
        n++;
    }
    double sum_w = 0, sum_wl = 0;
    for (size_t i = 0; i < n; i++) {
        sum_w += cues[i].weight;
        sum_wl += cues[i].weight * level[i];
    }
    if (sum_w <= 0)
        return;
    double mean = sum_wl / sum_w, var = 0;
    for (size_t i = 0; i < n; i++)
        var += cues[i].weight * (level[i] - mean) * (level[i] - mean);
    int rounded = (int)floor(mean + 0.5);
    out->intensity = rounded < INTENSITY_MIN   ? INTENSITY_MIN
                     : rounded > INTENSITY_MAX ? INTENSITY_MAX
                                               : rounded;
    double spread = sqrt(var / sum_w);
    out->intensity_why.confidence = sum_w / (sum_w + 2) * (1 - fmin(1, spread / 2));
    write_evidence(cues, n, out->intensity_why.evidence);
}

static void infer_tags(const struct infer_rules *r, const struct hits *h, struct infer_result *out)
{
    struct buf tags = {0};
    struct cue cues[TAGS_MAX];
    const char *chosen[TAGS_MAX];
    size_t n = 0;
    double best = 0;
    for (size_t i = 0; i < h->n && n < TAGS_MAX; i++) {
        const struct hit *t = &h->items[i];
        if (t->phrase == SIZE_MAX || t->field > F_DESC || !r->phrases[t->phrase].tag[0])
            continue;
        const char *tag = r->phrases[t->phrase].tag;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = strcmp(chosen[k], tag) == 0;
        if (seen || tags.len + strlen(tag) + 2 >= INFER_TAGS_LEN)
            continue;
        buf_printf(&tags, "%s%s", tags.len ? "," : "", tag);
        chosen[n] = tag;
        cues[n].weight = field_category_weight[t->field];
        snprintf(cues[n].text, sizeof cues[n].text, "%s '%s' -> %s", field_label[t->field],
                 r->phrases[t->phrase].text, tag);
        best = fmax(best, cues[n].weight);
        n++;
    }
    if (n) {
        snprintf(out->tags, sizeof out->tags, "%s", buf_str(&tags));
        out->tags_why.confidence = best >= 2 ? 0.8 : 0.5;
        write_evidence(cues, n, out->tags_why.evidence);
    }
    buf_free(&tags);
}

void infer_listing(const struct infer_rules *r, const struct infer_input *in,
                   struct infer_result *out)
{
    memset(out, 0, sizeof *out);
    struct hits hits;
    struct hits *h = &hits;
    h->n = 0;
    const char *fields[F_COUNT] = {in->name, NULL, in->description, in->organization,
                                   in->location_name};
    for (int f = 0; f < F_COUNT; f++)
        if (f == F_TERMS)
            match_terms(r, in->terms, h);
        else if (fields[f])
            match_field(r, fields[f], strlen(fields[f]), (enum field)f, h);
    const char *category = in->category;
    if (!category || !*category) {
        infer_category(r, h, out);
        category = out->category[0] ? out->category : NULL;
    }
    infer_intensity(r, in, h, category, out);
    infer_tags(r, h, out);
}

/* ---- evidence as stored ------------------------------------------------------------------- */

static const struct {
    unsigned bit;
    const char *name;
} evidence_attrs[] = {
    {INFER_ATTR_CATEGORY, "category"},
    {INFER_ATTR_TAGS, "tags"},
    {INFER_ATTR_INTENSITY, "intensity"},
};

void infer_evidence_format(const struct infer_result *r, unsigned which, struct buf *out)
{
    const struct infer_why *why[] = {&r->category_why, &r->tags_why, &r->intensity_why};
    for (size_t i = 0; i < sizeof evidence_attrs / sizeof evidence_attrs[0]; i++)
        if (which & evidence_attrs[i].bit)
            buf_printf(out, "%s\t%.2f\t%s\n", evidence_attrs[i].name, why[i]->confidence,
                       why[i]->evidence);
}

void infer_evidence_each(const char *text, infer_evidence_fn fn, void *ctx)
{
    for (const char *line = text; line && *line;) {
        size_t n = strcspn(line, "\n");
        char *copy = xstrndup(line, n);
        char *tab1 = strchr(copy, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        double confidence;
        if (tab2) {
            *tab1 = *tab2 = '\0';
            if (parse_decimal(tab1 + 1, &confidence))
                for (size_t i = 0; i < sizeof evidence_attrs / sizeof evidence_attrs[0]; i++)
                    if (strcmp(copy, evidence_attrs[i].name) == 0)
                        fn(ctx, evidence_attrs[i].bit, copy, confidence, tab2 + 1);
        }
        free(copy);
        line += n + (line[n] == '\n');
    }
}
