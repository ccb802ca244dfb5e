/* words.c — accessibility, cost and language words of directories, as data (see words.h). */
#include "words.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../directory/activity.h"
#include "../util/buf.h"
#include "../util/datafile.h"
#include "../util/rc.h"
#include "../util/text.h"

#define MEANING_NOT (-1) /* a negator: cancels the phrase right after it */

/* One line of a data file. */
struct word_rule {
    char *phrase;  /* lower case, heap */
    int meaning;   /* the file's value for it, or MEANING_NOT */
    bool at_start; /* "^phrase": only at the start of the value */
    bool whole;    /* "^phrase$": only as the whole value */
};

/* The meanings a file's second column may name. */
struct meaning_name {
    const char *name;
    int meaning;
};

static const struct meaning_name access_meanings[] = {
    {"wheelchair", ACCESS_WHEELCHAIR},
    {"asl", ACCESS_ASL},
    {"quiet", ACCESS_QUIET},
    {"transit", ACCESS_TRANSIT},
    {"none", 0},
    {"not", MEANING_NOT},
    {NULL, 0},
};

/* A donation asked: free to take part (words_cost), and a price beside it is the donation's. */
#define COST_DONATION (WORDS_COST_VARIES + 1)
static const struct meaning_name cost_meanings[] = {
    {"free", WORDS_COST_FREE},
    {"donation", COST_DONATION},
    {"sliding", WORDS_COST_VARIES},
    {"not", MEANING_NOT},
    {NULL, 0},
};

struct table_load {
    struct word_table *t;
    const struct meaning_name *meanings; /* NULL: the languages file (name, then aliases) */
    struct buf why;                      /* the message of the last bad line */
};

static void table_add(struct word_table *t, const char *phrase, size_t len, int meaning)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->rules = xrealloc(t->rules, t->cap * sizeof *t->rules);
    }
    struct word_rule *r = &t->rules[t->n++];
    memset(r, 0, sizeof *r);
    if (len && phrase[0] == '^') {
        r->at_start = true;
        phrase++, len--;
        if (len && phrase[len - 1] == '$')
            r->whole = true, len--;
    }
    r->phrase = text_trim_lower(phrase, len);
    r->meaning = meaning;
}

/* "phrase<TAB>meaning" (access, cost) or "name<TAB>alias,alias..." (languages). */
static const char *table_line(void *ctx, char *line)
{
    struct table_load *l = ctx;
    char *tab = strchr(line, '\t');
    if (!tab || tab == line)
        return "expected two columns separated by a tab";
    *tab = '\0';
    const char *second = tab + 1;
    if (!l->meanings) {
        /* The language's name is stored as written; it is also a name to look up. */
        size_t i = l->t->n;
        table_add(l->t, line, strlen(line), 0);
        free(l->t->rules[i].phrase);
        l->t->rules[i].phrase = xstrdup(line);
        for (const char *p = second; *p;) {
            size_t n = strcspn(p, ",");
            if (n)
                table_add(l->t, p, n, (int)i + 1); /* meaning: 1 + the index of the name */
            p += n + (p[n] == ',');
        }
        return NULL;
    }
    for (const struct meaning_name *m = l->meanings; m->name; m++)
        if (strcmp(second, m->name) == 0) {
            table_add(l->t, line, strlen(line), m->meaning);
            return NULL;
        }
    buf_reset(&l->why);
    buf_printf(&l->why, "unknown meaning '%s' in the second column", second);
    return buf_str(&l->why);
}

static int table_load(const char *file, struct word_table *t, const struct meaning_name *meanings,
                      struct diag *diag)
{
    struct table_load l = {t, meanings, {0}};
    int rc = datafile_read(NULL, file, table_line, &l, diag);
    buf_free(&l.why);
    return rc;
}

static void table_free(struct word_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->rules[i].phrase);
    free(t->rules);
    memset(t, 0, sizeof *t);
}

int listing_words_load(struct listing_words *w, struct diag *diag)
{
    memset(w, 0, sizeof *w);
    int rc = table_load("access_words.tsv", &w->access, access_meanings, diag);
    int rc2 = table_load("cost_words.tsv", &w->cost, cost_meanings, diag);
    int rc3 = table_load("languages.tsv", &w->languages, NULL, diag);
    return rc ? rc : rc2 ? rc2 : rc3;
}

void listing_words_free(struct listing_words *w)
{
    table_free(&w->access);
    table_free(&w->cost);
    table_free(&w->languages);
}

/* ---- matching ---------------------------------------------------------------------------- */

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* True when text starts with phrase (n bytes): in any case (ASCII), a hyphen and a space
** matching each other ("step-free", "step free"). */
static bool starts_with_phrase(const char *text, const char *phrase, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char a = text[i], b = phrase[i];
        if (a == '-')
            a = ' ';
        if (b == '-')
            b = ' ';
        if (!a || tolower((unsigned char)a) != tolower((unsigned char)b))
            return false;
    }
    return true;
}

/* The next place at or after from where phrase stands as whole words, or NULL. */
static const char *find_phrase(const char *text, const char *from, const char *phrase)
{
    size_t n = strlen(phrase);
    for (const char *p = from; *p; p++) {
        if (p != text && word_char(p[-1])) /* inside a word: no phrase starts here */
            continue;
        if (starts_with_phrase(p, phrase, n) && !word_char(p[n]))
            return p;
    }
    return NULL;
}

bool words_has_phrase(const char *text, const char *phrase)
{
    return text && *phrase && find_phrase(text, text, phrase);
}

/* True when the word just before at (skipping spaces and hyphens) is a negator of t. */
static bool negated(const struct word_table *t, const char *text, const char *at)
{
    const char *end = at;
    while (end > text && (end[-1] == ' ' || end[-1] == '-'))
        end--;
    const char *start = end;
    while (start > text && word_char(start[-1]))
        start--;
    if (start == end)
        return false;
    for (size_t i = 0; i < t->n; i++) {
        const struct word_rule *r = &t->rules[i];
        if (r->meaning == MEANING_NOT && strlen(r->phrase) == (size_t)(end - start) &&
            strncasecmp(r->phrase, start, (size_t)(end - start)) == 0)
            return true;
    }
    return false;
}

/* True when text holds rule r of t: placed as r asks, and not negated. */
static bool rule_holds(const struct word_table *t, const struct word_rule *r, const char *text)
{
    if (r->meaning == MEANING_NOT || !*r->phrase)
        return false;
    while (*text == ' ')
        text++;
    size_t n = strlen(r->phrase);
    if (r->at_start) {
        if (!starts_with_phrase(text, r->phrase, n) || word_char(text[n]))
            return false;
        if (!r->whole)
            return true;
        const char *rest = text + n;
        rest += strspn(rest, " .");
        return !*rest;
    }
    for (const char *p = find_phrase(text, text, r->phrase); p;
         p = find_phrase(text, p + 1, r->phrase))
        if (!negated(t, text, p))
            return true;
    return false;
}

unsigned words_access(const struct listing_words *w, const char *text)
{
    unsigned flags = 0;
    for (size_t i = 0; text && i < w->access.n; i++)
        if (rule_holds(&w->access, &w->access.rules[i], text))
            flags |= (unsigned)w->access.rules[i].meaning;
    return flags;
}

/* Whether text names a price above nothing: a '$' and a number that is not all zeros ("$2",
** "$ 5.50"; not "$0", "$0.00"). */
static bool names_a_price(const char *text)
{
    for (const char *p = strchr(text, '$'); p; p = strchr(p + 1, '$')) {
        const char *q = p + 1 + strspn(p + 1, " ");
        size_t digits = strspn(q, "0123456789.,");
        if (digits && strspn(q, "0.,") < digits && isdigit((unsigned char)*q))
            return true;
    }
    return false;
}

enum words_cost words_cost(const struct listing_words *w, const char *text)
{
    bool free = false, donation = false;
    for (size_t i = 0; text && i < w->cost.n; i++) {
        if (!rule_holds(&w->cost, &w->cost.rules[i], text))
            continue;
        if (w->cost.rules[i].meaning == WORDS_COST_VARIES)
            return WORDS_COST_VARIES;
        free |= w->cost.rules[i].meaning == WORDS_COST_FREE;
        donation |= w->cost.rules[i].meaning == COST_DONATION;
    }
    /* Free for some and a price for others ("$2; members free", "Free, or $5 for materials"):
    ** not promised free. A price beside a donation ("$5 suggested donation") is the donation. */
    if (free && !donation && names_a_price(text))
        return WORDS_COST_VARIES;
    return free || donation ? WORDS_COST_FREE : WORDS_COST_NONE;
}

const char *words_language(const struct listing_words *w, const char *value)
{
    char *key = text_trim_lower(value, strlen(value));
    const char *found = NULL;
    for (int pass = 0; pass < 2 && !found && *key; pass++) {
        if (pass == 1) { /* a language tag such as en-US or zh_Hant: its first part */
            size_t n = strcspn(key, "-_");
            if (!key[n])
                break;
            key[n] = '\0';
        }
        for (size_t i = 0; i < w->languages.n && !found; i++) {
            const struct word_rule *r = &w->languages.rules[i];
            if (r->meaning == 0 && strcasecmp(r->phrase, key) == 0)
                found = r->phrase;
            else if (r->meaning > 0 && strcmp(r->phrase, key) == 0)
                found = w->languages.rules[r->meaning - 1].phrase;
        }
    }
    free(key);
    return found;
}
