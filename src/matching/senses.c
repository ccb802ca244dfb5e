/* senses.c — loading the senses map and reading which sense a text gives a word (see
** senses.h). */
#include "senses.h"

#include <stdlib.h>
#include <string.h>

#include "../util/datafile.h"
#include "../util/rc.h"
#include "../util/text.h"

struct load_ctx {
    struct sense_map *m;
};

/* "word <TAB> sense <TAB> cue,cue,..." */
static const char *parse_line(void *vctx, char *line)
{
    struct load_ctx *ctx = vctx;
    char *tab1 = strchr(line, '\t');
    char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
    if (!tab1 || !tab2 || strchr(tab2 + 1, '\t'))
        return "expected 3 tab-separated fields: word, sense, cue words";
    *tab1 = *tab2 = '\0';
    struct sense_entry e;
    memset(&e, 0, sizeof e);
    concepts_phrase_key(line, strlen(line), e.key);
    if (!e.key[0] || strchr(e.key, ' '))
        return "the word must be one word";
    e.sense = text_trim_lower(tab1 + 1, strlen(tab1 + 1));
    if (!*e.sense) {
        free(e.sense);
        return "the sense is empty";
    }
    for (const char *p = tab2 + 1; *p;) {
        size_t n = strcspn(p, ",");
        char key[CONCEPT_WORD_MAX];
        concepts_phrase_key(p, n, key);
        if (key[0]) {
            e.cues = xrealloc(e.cues, (e.n_cues + 1) * sizeof *e.cues);
            e.cues[e.n_cues++] = xstrdup(key);
        }
        p += n;
        if (*p == ',')
            p++;
    }
    if (e.n_cues == 0) {
        free(e.sense);
        return "a sense needs at least one cue word";
    }
    struct sense_map *m = ctx->m;
    m->entries = xrealloc(m->entries, (m->n + 1) * sizeof *m->entries);
    m->entries[m->n++] = e;
    return NULL;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct sense_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return strcmp(x->sense, y->sense);
}

int senses_load(const char *path, struct sense_map *m, struct diag *diag)
{
    memset(m, 0, sizeof *m);
    struct load_ctx ctx = {m};
    int rc = datafile_read(path, "senses.tsv", parse_line, &ctx, diag);
    if (rc != BELONG_OK) {
        senses_free(m);
        return rc;
    }
    if (m->n > 1)
        qsort(m->entries, m->n, sizeof *m->entries, entry_cmp);
    return BELONG_OK;
}

void senses_free(struct sense_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->entries[i].sense);
        for (size_t k = 0; k < m->entries[i].n_cues; k++)
            free(m->entries[i].cues[k]);
        free(m->entries[i].cues);
    }
    free(m->entries);
    memset(m, 0, sizeof *m);
}

/* The first entry whose key is key, or m->n. */
static size_t first_of(const struct sense_map *m, const char *key)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(m->entries[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->n && strcmp(m->entries[lo].key, key) == 0 ? lo : m->n;
}

bool senses_ambiguous(const struct sense_map *m, const char *key)
{
    return m && m->n && first_of(m, key) < m->n;
}

#define SENSES_PER_WORD_MAX 8

struct read_ctx {
    const struct sense_map *m;
    size_t first, n;                /* the word's entries */
    int votes[SENSES_PER_WORD_MAX]; /* cue words found, per sense */
};

static bool vote_word(void *vctx, const char *word, size_t n)
{
    struct read_ctx *r = vctx;
    char key[CONCEPT_WORD_MAX];
    concepts_word_key(word, n, key);
    for (size_t i = 0; i < r->n; i++) {
        const struct sense_entry *e = &r->m->entries[r->first + i];
        for (size_t k = 0; k < e->n_cues; k++) {
            if (strcmp(e->cues[k], key) == 0) {
                r->votes[i]++;
                break;
            }
        }
    }
    return true;
}

const char *senses_read(const struct sense_map *m, const char *key, const char *const *texts,
                        size_t n)
{
    if (!m || !m->n)
        return NULL;
    struct read_ctx r;
    memset(&r, 0, sizeof r);
    r.m = m;
    r.first = first_of(m, key);
    while (r.first + r.n < m->n && r.n < SENSES_PER_WORD_MAX &&
           strcmp(m->entries[r.first + r.n].key, key) == 0)
        r.n++;
    if (r.n == 0)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (texts[i])
            concepts_words(texts[i], vote_word, &r);
    int best = 0;
    const char *sense = NULL;
    for (size_t i = 0; i < r.n; i++) {
        if (r.votes[i] > best) {
            best = r.votes[i];
            sense = m->entries[r.first + i].sense;
        } else if (r.votes[i] == best && best > 0) {
            sense = NULL; /* a tie: cannot tell */
        }
    }
    return sense;
}

double senses_agreement(const struct sense_map *m, const char *key, const char *peer_sense,
                        const char *listing_sense)
{
    if (!senses_ambiguous(m, key))
        return 1.0;
    if (!peer_sense || !listing_sense)
        return SENSE_UNSURE_WEIGHT;
    return strcmp(peer_sense, listing_sense) == 0 ? 1.0 : 0.0;
}
