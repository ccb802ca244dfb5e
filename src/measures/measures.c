/* measures.c — the one engine for every measure: finds an instrument, reads typed answers into
** item codes, and scores codes into scales and bands by the instrument's tables (instruments.c).
*/
#include "measures.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/rc.h"
#include "../util/text.h"

/* True when a and b are the same name once case, '-', '_' and spaces are ignored. */
static bool same_id(const char *a, const char *b)
{
    for (;;) {
        while (*a == '-' || *a == '_' || *a == ' ')
            a++;
        while (*b == '-' || *b == '_' || *b == ' ')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        a++;
        b++;
    }
}

const struct measure_instrument *measure_find(const char *id)
{
    if (!id || !*id)
        return NULL;
    for (size_t i = 0; i < measure_instrument_count; i++)
        if (same_id(id, measure_instruments[i]->id))
            return measure_instruments[i];
    return NULL;
}

void measure_scale_range(const struct measure_instrument *in, const struct measure_scale *scale,
                         int *min, int *max)
{
    *min = *max = 0;
    for (size_t i = 0; i < in->n_items; i++) {
        if (!(scale->items & (1u << i)))
            continue;
        const struct measure_options *o = in->items[i].answers;
        int lo = o->options[0].score, hi = lo;
        for (size_t k = 1; k < o->n; k++) {
            if (o->options[k].score < lo)
                lo = o->options[k].score;
            if (o->options[k].score > hi)
                hi = o->options[k].score;
        }
        *min += lo;
        *max += hi;
    }
}

const struct measure_option *measure_option_of(const struct measure_item *item, int code)
{
    for (size_t k = 0; k < item->answers->n; k++)
        if (item->answers->options[k].code == code)
            return &item->answers->options[k];
    return NULL;
}

void measure_describe_answers(const struct measure_instrument *in, const struct measure_item *item,
                              struct buf *out)
{
    for (size_t k = 0; k < item->answers->n; k++) {
        const struct measure_option *o = &item->answers->options[k];
        buf_printf(out, "%s%s", k ? ", " : "", o->key);
        if (o->label)
            buf_printf(out, " (%s)", o->label);
    }
    if (in->missing_allowed)
        buf_puts(out, ", or - or nothing when not answered");
}

/* Reports a problem with item i (0-based) as "item N (name)". */
static void item_problem(struct diag *diag, const char *source, const struct measure_instrument *in,
                         size_t i, const char *what)
{
    struct buf field = {0}, allowed = {0};
    buf_printf(&field, "item %zu (%s)", i + 1, in->items[i].name);
    measure_describe_answers(in, &in->items[i], &allowed);
    diag_add(diag, source, 0, buf_str(&field), "%s; %s takes %s", what, in->id, buf_str(&allowed));
    buf_free(&field);
    buf_free(&allowed);
}

/* Reads one answer s[0..n) for item i. OUT: *code. Returns false (reported) when it is none of
** the item's answers. */
static bool parse_one(const struct measure_instrument *in, size_t i, const char *s, size_t n,
                      int *code, struct diag *diag, const char *source)
{
    char *raw = xstrndup(s, n);
    char *folded = text_fold(raw);
    bool ok = false;
    if (!*folded || strcmp(folded, "-") == 0) {
        *code = MEASURE_ANSWER_MISSING;
        ok = true;
    } else if (strlen(folded) <= MEASURE_ANSWER_TEXT_MAX) {
        const struct measure_options *o = in->items[i].answers;
        for (size_t k = 0; k < o->n && !ok; k++) {
            const struct measure_option *opt = &o->options[k];
            if (strcmp(folded, opt->key) == 0 || (opt->label && strcmp(folded, opt->label) == 0)) {
                *code = opt->code;
                ok = true;
            }
        }
    }
    if (!ok) {
        struct buf what = {0};
        if (strlen(folded) > MEASURE_ANSWER_TEXT_MAX)
            buf_printf(&what, "an answer of %zu bytes is not an answer", n);
        else
            buf_printf(&what, "\"%s\" is not an answer", folded);
        item_problem(diag, source, in, i, buf_str(&what));
        buf_free(&what);
    }
    free(folded);
    free(raw);
    return ok;
}

int measure_parse_answers(const struct measure_instrument *in, const char *text, int *codes,
                          struct diag *diag, const char *source)
{
    size_t fields = 1;
    for (const char *p = text; *p; p++)
        fields += *p == ',';
    if (fields != in->n_items) {
        diag_add(diag, source, 0, "answers",
                 "%s has %zu item%s: give %zu answer%s separated by commas, not %zu", in->id,
                 in->n_items, in->n_items == 1 ? "" : "s", in->n_items, in->n_items == 1 ? "" : "s",
                 fields);
        return BELONG_EDATA;
    }
    int rc = BELONG_OK;
    const char *start = text;
    for (size_t i = 0; i < in->n_items; i++) {
        const char *end = strchr(start, ',');
        size_t n = end ? (size_t)(end - start) : strlen(start);
        if (!parse_one(in, i, start, n, &codes[i], diag, source))
            rc = BELONG_EDATA;
        start += n + 1;
    }
    return rc;
}

/* The band of scale holding score, or NULL. */
static const struct measure_band *band_of(const struct measure_scale *scale, int score)
{
    for (size_t b = 0; b < scale->n_bands; b++)
        if (score >= scale->bands[b].min && score <= scale->bands[b].max)
            return &scale->bands[b];
    return NULL;
}

int measure_score(const struct measure_instrument *in, const int *codes, size_t n_codes,
                  struct measure_result *result, struct diag *diag, const char *source)
{
    if (n_codes != in->n_items) {
        diag_add(diag, source, 0, "answers", "%s has %zu item%s, not %zu", in->id, in->n_items,
                 in->n_items == 1 ? "" : "s", n_codes);
        return BELONG_EDATA;
    }
    int rc = BELONG_OK;
    int points[MEASURE_ITEMS_MAX] = {0};
    for (size_t i = 0; i < in->n_items; i++) {
        if (codes[i] == MEASURE_ANSWER_MISSING) {
            if (!in->missing_allowed) {
                item_problem(diag, source, in, i, "not answered: every item is needed");
                rc = BELONG_EDATA;
            }
            continue;
        }
        const struct measure_option *o = measure_option_of(&in->items[i], codes[i]);
        if (!o) {
            struct buf what = {0};
            buf_printf(&what, "code %d is not an answer", codes[i]);
            item_problem(diag, source, in, i, buf_str(&what));
            buf_free(&what);
            rc = BELONG_EDATA;
            continue;
        }
        points[i] = o->score;
    }
    if (rc != BELONG_OK)
        return rc;

    struct measure_result r = {.instrument = in, .n_scales = in->n_scales};
    bool any_score = false;
    for (size_t i = 0; i < MEASURE_ITEMS_MAX; i++)
        r.codes[i] = i < in->n_items ? codes[i] : MEASURE_ANSWER_MISSING;
    for (size_t s = 0; s < in->n_scales; s++) {
        struct measure_scale_result *sr = &r.scales[s];
        sr->scale = &in->scales[s];
        for (size_t i = 0; i < in->n_items; i++) {
            if (!(sr->scale->items & (1u << i)))
                continue;
            if (codes[i] == MEASURE_ANSWER_MISSING)
                sr->n_missing++;
            else
                sr->score += points[i]; /* the published count: unanswered items add nothing */
        }
        sr->missing = sr->n_missing > sr->scale->missing_allowed;
        if (sr->missing)
            sr->score = 0;
        else
            sr->band = band_of(sr->scale, sr->score);
        any_score |= !sr->missing;
    }
    if (!any_score) {
        diag_add(diag, source, 0, "answers",
                 "too many items not answered: no %s score can be computed", in->id);
        return BELONG_EDATA;
    }
    *result = r;
    return BELONG_OK;
}

const struct measure_scale_result *measure_total(const struct measure_result *r)
{
    if (r->instrument->total_scale < 0)
        return NULL;
    return &r->scales[r->instrument->total_scale];
}
