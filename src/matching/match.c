/* match.c — preparing a peer for matching and scoring candidates (see match.h). */
#include "match.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../directory/activity.h"
#include "../util/rc.h"
#include "propername.h"

int match_data_load(struct match_data *d, struct diag *diag)
{
    memset(d, 0, sizeof *d);
    int rc = concepts_load(NULL, &d->concepts, diag);
    if (rc == BELONG_OK)
        rc = value_map_load(NULL, &d->values, diag);
    if (rc == BELONG_OK)
        rc = senses_load(NULL, &d->senses, diag);
    if (rc != BELONG_OK)
        match_data_free(d);
    return rc;
}

void match_data_free(struct match_data *d)
{
    concepts_free(&d->concepts);
    value_map_free(&d->values);
    senses_free(&d->senses);
}

/* The filter hash of a word's first two bytes (lower case). */
static unsigned prefix_hash(const char *w)
{
    unsigned a = (unsigned)tolower((unsigned char)w[0]);
    unsigned b = (unsigned)tolower((unsigned char)w[1]);
    return (a * 31u + b) % MATCH_PREFIX_BITS;
}

static void prefix_add(struct match_context *ctx, const char *key)
{
    if (!key[0] || !key[1]) {
        ctx->prefix_filter_off = true;
        return;
    }
    unsigned h = prefix_hash(key);
    ctx->prefix_bits[h / 8] |= (uint8_t)(1u << (h % 8));
}

/* False when no term or tag key can start like word[0..n): a word of 4 bytes or more that
** starts with two letters or digits keeps them through concepts_word_form (suffixes go, stems
** stay 3+ bytes long). */
static bool prefix_may_match(const struct match_context *ctx, const char *word, size_t n)
{
    if (ctx->prefix_filter_off || n < 4 || !isalnum((unsigned char)word[0]) ||
        !isalnum((unsigned char)word[1]))
        return true;
    unsigned h = prefix_hash(word);
    return (ctx->prefix_bits[h / 8] >> (h % 8)) & 1u;
}

void match_context_init(struct match_context *ctx, const struct match_peer_view *peer,
                        const struct concept_map *concepts, const struct value_map *values)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->peer = peer;
    for (size_t i = 0; i < peer->n_interests; i++)
        concepts_expand(concepts, peer->interests[i], CONCEPT_OWN_WEIGHT, &ctx->terms);
    for (size_t i = 0; i < peer->n_goals; i++) /* "learn to cook": words as interests are */
        if (peer->goals[i])
            concepts_expand(concepts, peer->goals[i], CONCEPT_OWN_WEIGHT, &ctx->terms);
    ctx->goals = goals_read(peer->goals, peer->n_goals);
    for (size_t i = 0; i < peer->n_tags && ctx->n_tags < MATCH_TAGS_MAX; i++) {
        const char *tag = peer->tags[i];
        if (!tag || !*tag || concepts_is_stop_word(tag, strlen(tag)))
            continue; /* e.g. "online": a way of taking part, not an interest */
        concepts_phrase_key(tag, strlen(tag), ctx->tag_keys[ctx->n_tags]);
        if (!ctx->tag_keys[ctx->n_tags][0])
            continue;
        ctx->tag_text[ctx->n_tags++] = tag;
        concepts_add_term(&ctx->terms, tag, tag, CONCEPT_OWN_WEIGHT);
        concepts_expand(concepts, tag, CONCEPT_OWN_WEIGHT, &ctx->terms);
    }
    concepts_sort(&ctx->terms);
    for (size_t i = 0; i < ctx->terms.n; i++)
        prefix_add(ctx, ctx->terms.items[i].key);
    ctx->tags_in_terms = true;
    for (size_t i = 0; i < ctx->n_tags; i++) {
        prefix_add(ctx, ctx->tag_keys[i]);
        if (concepts_find(&ctx->terms, ctx->tag_keys[i]) < 0)
            ctx->tags_in_terms = false;
    }

    for (size_t i = 0; values && i < peer->n_values; i++) {
        const struct value_map_entry *e = value_map_find(values, peer->values[i]);
        if (!e)
            continue;
        for (size_t k = 0; k < e->n_categories; k++) {
            const struct value_category *vc = &e->categories[k];
            size_t j = 0;
            while (j < ctx->n_value_categories &&
                   strcmp(ctx->value_categories[j].category, vc->category) != 0)
                j++;
            if (j == ctx->n_value_categories) {
                if (j == MATCH_VALUE_CATEGORIES_MAX)
                    continue;
                ctx->n_value_categories++;
                ctx->value_categories[j].category = vc->category;
                ctx->value_categories[j].weight = 0.0;
                ctx->value_categories[j].value = NULL;
                ctx->value_categories[j].value_weight = 0.0;
            }
            double both[2] = {ctx->value_categories[j].weight, vc->weight};
            ctx->value_categories[j].weight = factor_value_weight(both, 2);
            /* The value named in reasons is the one that honours the category most. */
            if (vc->weight > ctx->value_categories[j].value_weight) {
                ctx->value_categories[j].value = peer->values[i];
                ctx->value_categories[j].value_weight = vc->weight;
            }
        }
    }
}

/* True when needle occurs in text, ignoring case. */
static bool contains_nocase(const char *text, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return true;
    return n == 0;
}

/* The sense the peer's sentence that holds origin gives key: the first of their interests,
** goals and tags that holds origin and tells a sense. */
static const char *peer_sense(const struct match_peer_view *peer, const struct sense_map *senses,
                              const char *key, const char *origin)
{
    const char *const *lists[3] = {peer->interests, peer->goals, peer->tags};
    size_t counts[3] = {peer->n_interests, peer->n_goals, peer->n_tags};
    for (int l = 0; l < 3; l++) {
        for (size_t i = 0; i < counts[l]; i++) {
            const char *text = lists[l][i];
            if (!text || !contains_nocase(text, origin))
                continue;
            const char *sense = senses_read(senses, key, &text, 1);
            if (sense)
                return sense;
        }
    }
    return NULL;
}

void match_context_init_data(struct match_context *ctx, const struct match_peer_view *peer,
                             const struct match_data *data)
{
    match_context_init(ctx, peer, data ? &data->concepts : NULL, data ? &data->values : NULL);
    ctx->senses = data ? &data->senses : NULL;
    /* An ambiguous word's concept words follow its sense: "bass" said of fishing does not
    ** reach "guitar". Each expansion is weighed by the agreement of the sense its own words
    ** give the peer's word and the sense the peer's sentence gives it; one in another sense
    ** is dropped (the order stays sorted). */
    size_t kept = 0;
    for (size_t t = 0; t < ctx->terms.n; t++) {
        struct concept_term term = ctx->terms.items[t];
        char origin_key[CONCEPT_WORD_MAX];
        concepts_phrase_key(term.origin, strlen(term.origin), origin_key);
        if (strcmp(origin_key, term.key) != 0 && senses_ambiguous(ctx->senses, origin_key)) {
            const char *text = term.term;
            const char *expansion = senses_read(ctx->senses, origin_key, &text, 1);
            const char *own = peer_sense(peer, ctx->senses, origin_key, term.origin);
            term.weight *= senses_agreement(ctx->senses, origin_key, own, expansion);
        }
        if (term.weight > 0.0)
            ctx->terms.items[kept++] = term;
    }
    ctx->terms.n = kept;
    for (size_t t = 0; t < ctx->terms.n; t++) {
        const struct concept_term *term = &ctx->terms.items[t];
        if (senses_ambiguous(ctx->senses, term->key))
            ctx->term_sense[t] = peer_sense(peer, ctx->senses, term->key, term->origin);
    }
}

void match_context_note_bm25(struct match_context *ctx, double bm25)
{
    if (bm25 < ctx->bm25_best)
        ctx->bm25_best = bm25;
}

/* ---- finding the peer's words in a candidate ------------------------------------------ */

struct scan {
    const struct match_context *ctx;
    const struct match_candidate *c;
    const char *description;        /* read for senses too when not NULL */
    uint64_t terms_seen, tags_seen; /* bit i: term i / tag i already found */
    double term_weights[CONCEPT_TERMS_MAX];
    size_t n_terms;
    int n_tags;
    struct match_hit *hits; /* NULL when only scoring */
    size_t n_hits, max_hits;
};

static void add_hit(struct scan *s, int term, int tag, double weight, const char *text, size_t len)
{
    if (!s->hits || s->n_hits >= s->max_hits)
        return;
    struct match_hit *h = &s->hits[s->n_hits++];
    h->term = term;
    h->tag = tag;
    h->weight = weight;
    h->text = text;
    h->text_len = len;
}

/* What a match on term t counts in the candidate: its weight times the agreement of the
** peer's sense and the candidate's (its name, tags, category and description). */
static double term_weight_in(const struct scan *s, int t)
{
    const struct match_context *ctx = s->ctx;
    double w = ctx->terms.items[t].weight;
    const char *key = ctx->terms.items[t].key;
    if (!senses_ambiguous(ctx->senses, key))
        return w;
    const struct match_candidate *c = s->c;
    const char *texts[4] = {c->name, c->tags, c->category, s->description};
    const char *listing = senses_read(ctx->senses, key, texts, 4);
    return w * senses_agreement(ctx->senses, key, ctx->term_sense[t], listing);
}

/* Records the peer term and tags whose key is key, found in the candidate as text[0..len). */
static void try_key(struct scan *s, const char *key, const char *text, size_t len)
{
    if (!*key)
        return;
    const struct match_context *ctx = s->ctx;
    int t = concepts_find(&ctx->terms, key);
    if (t >= 0 && !(s->terms_seen & (UINT64_C(1) << t))) {
        double w = term_weight_in(s, t);
        if (w > 0.0) { /* a word in another sense is no match at all */
            s->terms_seen |= UINT64_C(1) << t;
            s->term_weights[s->n_terms++] = w;
            add_hit(s, t, -1, w, text, len);
        }
    }
    if (t < 0 && ctx->tags_in_terms)
        return;
    for (size_t i = 0; i < ctx->n_tags; i++) {
        if ((s->tags_seen & (UINT64_C(1) << i)) || strcmp(ctx->tag_keys[i], key) != 0)
            continue;
        s->tags_seen |= UINT64_C(1) << i;
        s->n_tags++;
        add_hit(s, -1, (int)i, CONCEPT_OWN_WEIGHT, text, len);
    }
}

struct word_scan {
    struct scan *s;
    const char *text; /* what a hit shows: the whole tag or label, or NULL for the word itself */
    size_t text_len;
    const char *whole; /* a name or description: its words in a proper name do not count */
    bool prose;        /* whole is a description (propername.h) */
};

/* True when key is the key of one of the context's terms or tags. */
static bool key_known(const struct match_context *ctx, const char *key)
{
    if (concepts_find(&ctx->terms, key) >= 0)
        return true;
    for (size_t i = 0; !ctx->tags_in_terms && i < ctx->n_tags; i++)
        if (strcmp(ctx->tag_keys[i], key) == 0)
            return true;
    return false;
}

static bool scan_word(void *vctx, const char *word, size_t n)
{
    struct word_scan *ws = vctx;
    if (!prefix_may_match(ws->s->ctx, word, n))
        return true;
    char key[CONCEPT_WORD_MAX];
    concepts_word_key(word, n, key);
    if (ws->whole && isupper((unsigned char)word[0]) && key_known(ws->s->ctx, key) &&
        propername_contains(ws->whole, word, n, ws->prose, ws->s->c->town))
        return true; /* "Elm Park", "Harbor Light Center": a name, not an interest */
    if (ws->text)
        try_key(ws->s, key, ws->text, ws->text_len);
    else
        try_key(ws->s, key, word, n);
    return true;
}

/* Scans each word of a multi-word tag tag[0..len); a hit shows the whole tag. */
static void scan_tag_words(struct scan *s, const char *tag, size_t len)
{
    char copy[256];
    if (len >= sizeof copy)
        len = sizeof copy - 1;
    memcpy(copy, tag, len);
    copy[len] = '\0';
    struct word_scan ws = {s, tag, len, NULL, false};
    concepts_words(copy, scan_word, &ws);
}

/* Scans the words of a name (prose false) or a description; a hit shows the word itself. */
static void scan_text(struct scan *s, const char *text, bool prose)
{
    struct word_scan ws = {s, NULL, 0, text, prose};
    concepts_words(text, scan_word, &ws);
}

static void scan_candidate(struct scan *s, const struct match_candidate *c)
{
    char key[CONCEPT_WORD_MAX];
    for (const char *p = c->tags ? c->tags : ""; *p;) {
        size_t n = strcspn(p, ",");
        const char *start = p;
        size_t len = n;
        while (len > 0 && *start == ' ') {
            start++;
            len--;
        }
        while (len > 0 && start[len - 1] == ' ')
            len--;
        bool phrase = len > 0 && (memchr(start, ' ', len) || memchr(start, '-', len));
        if (phrase) {
            concepts_phrase_key(start, len, key);
            try_key(s, key, start, len);
            scan_tag_words(s, start, len);
        } else if (len > 0 && prefix_may_match(s->ctx, start, len)) {
            concepts_word_key(start, len, key);
            try_key(s, key, start, len);
        }
        p += n;
        if (*p == ',')
            p++;
    }
    if (c->category && *c->category) {
        const char *shown = c->category_label ? c->category_label : c->category;
        size_t n = strlen(c->category);
        concepts_phrase_key(c->category, n, key);
        try_key(s, key, shown, strlen(shown));
        for (const char *p = c->category; *p;) {
            size_t part = strcspn(p, "-");
            if (part > 0) {
                concepts_word_key(p, part, key);
                try_key(s, key, shown, strlen(shown));
            }
            p += part;
            if (*p == '-')
                p++;
        }
    }
    if (c->name)
        scan_text(s, c->name, false);
}

static void sort_hits(const struct match_context *ctx, struct match_hit *hits, size_t n)
{
    /* Insertion sort: stable, and n is small. Peer tags count as own words (weight 1) and come
    ** first among equals: the CPS chose them. */
    (void)ctx;
    for (size_t i = 1; i < n; i++) {
        struct match_hit h = hits[i];
        double w = h.weight;
        size_t j = i;
        while (j > 0) {
            const struct match_hit *prev = &hits[j - 1];
            double pw = prev->weight;
            if (pw > w || (pw == w && (prev->term < 0 || h.term >= 0)))
                break;
            hits[j] = hits[j - 1];
            j--;
        }
        hits[j] = h;
    }
}

size_t match_hits(const struct match_context *ctx, const struct match_candidate *c,
                  struct match_hit *hits, size_t max)
{
    struct scan s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.c = c;
    s.hits = hits;
    s.max_hits = max;
    scan_candidate(&s, c);
    sort_hits(ctx, hits, s.n_hits);
    return s.n_hits;
}

bool match_text_evidence(const struct match_context *ctx, struct match_candidate *c,
                         const char *description)
{
    c->text_term = -1;
    c->text_word[0] = '\0';
    struct match_hit hits[CONCEPT_TERMS_MAX];
    struct scan s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.c = c;
    s.description = description;
    s.hits = hits;
    s.max_hits = CONCEPT_TERMS_MAX;
    scan_candidate(&s, c);
    if (description)
        scan_text(&s, description, true);
    const struct match_hit *best = NULL;
    for (size_t i = 0; i < s.n_hits; i++) {
        const struct match_hit *h = &hits[i];
        /* Only the words of the bm25 query (the peer's own) vouch for the text match. */
        if (h->term < 0 || ctx->terms.items[h->term].weight < CONCEPT_OWN_WEIGHT ||
            h->weight < CONCEPT_OWN_WEIGHT * SENSE_UNSURE_WEIGHT)
            continue;
        if (!best || h->weight > best->weight)
            best = h;
    }
    if (!best)
        return false;
    c->text_term = best->term;
    size_t n = best->text_len < CONCEPT_WORD_MAX ? best->text_len : CONCEPT_WORD_MAX - 1;
    memcpy(c->text_word, best->text, n);
    c->text_word[n] = '\0';
    return true;
}

/* ---- scoring ---------------------------------------------------------------------------- */

static double value_weight_for(const struct match_context *ctx, const char *category)
{
    if (!category)
        return 0.0;
    for (size_t i = 0; i < ctx->n_value_categories; i++) {
        if (strcmp(ctx->value_categories[i].category, category) == 0)
            return ctx->value_categories[i].weight;
    }
    return 0.0;
}

double match_score(const struct match_context *ctx, const struct match_candidate *c,
                   struct match_factors *out)
{
    const struct match_peer_view *p = ctx->peer;
    struct scan s;
    s.ctx = ctx;
    s.c = c;
    s.description = NULL;
    s.terms_seen = s.tags_seen = 0;
    s.n_terms = 0;
    s.n_tags = 0;
    s.hits = NULL;
    s.n_hits = s.max_hits = 0;
    scan_candidate(&s, c);

    memset(out, 0, sizeof *out);
    out->tag_fit = factor_tag_fit(s.n_tags);
    out->term_fit = factor_term_fit(s.term_weights, s.n_terms);
    out->text_fit = factor_text_fit(c->bm25, ctx->bm25_best);
    out->f.interest = factor_interest(out->tag_fit, out->term_fit, out->text_fit);
    out->f.values = factor_values(value_weight_for(ctx, c->category), p->prefers_peer_run,
                                  c->peer_run, p->prefers_substance_free, c->substance_free);
    /* for them (their audience, their language): in their favour */
    if ((c->audience && (c->audience & ~p->audience) == 0) || c->language_theirs)
        out->f.values = factor_audience_theirs(out->f.values);
    if (ctx->goals & GOAL_FRIEND)
        out->f.values = factor_friend_goal(out->f.values, c->n_fitting_occurrences, c->when_weekly,
                                           c->group_size, c->intensity);
    out->f.exposure =
        factor_exposure(factor_goal_comfort(p->comfort, ctx->goals & GOAL_QUIETER), c->intensity);
    out->f.distance = factor_distance(c->has_distance, c->distance_miles, p->max_travel_miles,
                                      c->is_virtual, p->accepts_virtual);
    if (c->is_virtual && (ctx->goals & GOAL_GET_OUT))
        out->f.distance = 0.0; /* they want to get out: online is the last resort */
    else if (c->is_virtual)
        out->f.distance = factor_online_fit(out->f.distance, out->f.interest, out->f.values);
    else if (!c->is_virtual && p->uses_transit && (c->access & ACCESS_TRANSIT))
        out->f.distance = factor_transit_bonus(out->f.distance);
    out->f.schedule = factor_schedule(c->n_fitting_occurrences, p->window_days);
    out->f.history = factor_history(p->history, p->n_history, c->category, c->organization);
    out->f.novelty =
        factor_novelty(history_tried_category(p->history, p->n_history, c->category),
                       history_tried_organization(p->history, p->n_history, c->organization));
    out->score = factor_combine(&out->f);
    return out->score;
}
