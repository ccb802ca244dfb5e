/* reasons.c — turning a candidate's strongest factors into 2-4 plain-language reasons
** (see reasons.h).
*/
#include "reasons.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../directory/activity.h"
#include "../util/buf.h"

#define REASON_HITS_MAX      16
#define INTEREST_MENTION_MIN 0.3 /* interest fit needed to say so */
#define TEXT_MENTION_MIN     0.5 /* text fit needed to mention the description alone */
#define INTEREST_HIT_MIN     0.5 /* a word match worth naming: own words, specific concepts */
#define VALUES_MENTION_MIN   0.5
#define DISTANCE_MENTION_MIN 0.5
#define HISTORY_MENTION_MIN  0.7
#define NOVELTY_MENTION_MIN  0.99
#define SMALL_GROUP_MAX      8 /* docs/practice.md: a small group is 8 or fewer */

static const char *const weekday_plural[7] = {"Mondays", "Tuesdays",  "Wednesdays", "Thursdays",
                                              "Fridays", "Saturdays", "Sundays"};
static const char *const weekday_single[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                              "Friday", "Saturday", "Sunday"};

/* What each social intensity level feels like (docs/practice.md), as a CPS would say it. */
static const char *const intensity_words[6] = {
    "",
    "quiet and side by side, no talk expected, and you can leave any time",
    "a small group with a task to share, talking optional",
    "a small group where people chat",
    "a medium-sized group where people join in",
    "a big, open gathering",
};

const char *match_intensity_words(int level)
{
    return level >= INTENSITY_MIN && level <= INTENSITY_MAX ? intensity_words[level] : NULL;
}

/* One reason candidate before selection. */
struct draft {
    double strength; /* the factor's weighted contribution (weight × value) */
    struct buf text;
};

static void put_clock(struct buf *b, int hour12, int minute)
{
    if (minute)
        buf_printf(b, "%d:%02d", hour12, minute);
    else
        buf_printf(b, "%d", hour12);
}

void reasons_format_time_range(struct buf *b, int start_minute, int end_minute)
{
    int sh = start_minute / 60 % 24, sm = start_minute % 60;
    bool s_pm = sh >= 12;
    put_clock(b, sh % 12 == 0 ? 12 : sh % 12, sm);
    if (end_minute < 0) {
        buf_puts(b, s_pm ? " pm" : " am");
        return;
    }
    int eh = end_minute / 60 % 24, em = end_minute % 60;
    bool e_pm = eh >= 12;
    if (s_pm != e_pm)
        buf_puts(b, s_pm ? " pm" : " am");
    buf_puts(b, "\xe2\x80\x93"); /* en dash */
    put_clock(b, eh % 12 == 0 ? 12 : eh % 12, em);
    buf_puts(b, e_pm ? " pm" : " am");
}

/* Appends a category's name in lower case ("gardening & nature"). */
static void put_category(struct buf *b, const struct match_candidate *c)
{
    const char *label = c->category_label ? c->category_label : c->category;
    for (const char *p = label ? label : "activities"; *p; p++)
        buf_putc(b, *p == '-' ? ' ' : (char)tolower((unsigned char)*p));
}

/* Appends a value slug as words ("helping-others" → "helping others"). */
static void put_value(struct buf *b, const char *value)
{
    for (const char *p = value; *p; p++)
        buf_putc(b, *p == '-' || *p == '_' ? ' ' : *p);
}

static bool same_key(const char *a, size_t a_len, const char *b, size_t b_len)
{
    char ka[CONCEPT_WORD_MAX], kb[CONCEPT_WORD_MAX];
    concepts_phrase_key(a, a_len, ka);
    concepts_phrase_key(b, b_len, kb);
    return strcmp(ka, kb) == 0;
}

static bool is_tag(const struct match_context *ctx, const char *word)
{
    for (size_t i = 0; i < ctx->n_tags; i++) {
        if (strcmp(ctx->tag_text[i], word) == 0)
            return true;
    }
    return false;
}

static double hit_weight(const struct match_context *ctx, const struct match_hit *h)
{
    (void)ctx;
    return h->weight;
}

/* Appends text[0..n) in lower case. */
static void put_lower(struct buf *b, const char *text, size_t n)
{
    for (size_t k = 0; k < n; k++)
        buf_putc(b, (char)tolower((unsigned char)text[k]));
}

/* "You said “sing” and “church” — this is about gospel and choir": the peer's own words behind
** the strongest hits (at most two), and the listing's words they reached, other than the peer's
** words themselves (at most two). A hit through a general word (weight below
** INTEREST_HIT_MIN, e.g. "volunteer" for "goats") is not worth saying. */
static bool interest_reason(const struct match_context *ctx, const struct match_candidate *c,
                            const struct match_factors *f, struct buf *b)
{
    if (f->f.interest < INTEREST_MENTION_MIN)
        return false;
    struct match_hit hits[REASON_HITS_MAX];
    size_t n = match_hits(ctx, c, hits, REASON_HITS_MAX);
    if (n == 0 || hit_weight(ctx, &hits[0]) < INTEREST_HIT_MIN) {
        /* Only the text matched: name the peer's word and the listing's, or say nothing. */
        if (f->text_fit < TEXT_MENTION_MIN || c->text_term < 0 ||
            (size_t)c->text_term >= ctx->terms.n || !c->text_word[0])
            return false;
        const char *origin = ctx->terms.items[c->text_term].origin;
        buf_printf(b, "You said \xe2\x80\x9c%s\xe2\x80\x9d \xe2\x80\x94 ", origin);
        buf_puts(b, "the listing talks about \xe2\x80\x9c");
        put_lower(b, c->text_word, strlen(c->text_word));
        buf_puts(b, "\xe2\x80\x9d");
        return true;
    }
    if (hits[0].term < 0 || is_tag(ctx, ctx->terms.items[hits[0].term].origin)) {
        /* A tag, or a tag's concept words: the tag is what the CPS recorded. */
        const char *tag =
            hits[0].term < 0 ? ctx->tag_text[hits[0].tag] : ctx->terms.items[hits[0].term].origin;
        buf_printf(b, "Matches your interest in %s", tag);
        return true;
    }
    const char *origins[2];
    size_t n_origins = 0;
    for (size_t i = 0; i < n && n_origins < 2; i++) {
        if (hits[i].term < 0 || hit_weight(ctx, &hits[i]) < INTEREST_HIT_MIN)
            continue;
        const char *o = ctx->terms.items[hits[i].term].origin;
        if (is_tag(ctx, o) || (n_origins == 1 && strcmp(origins[0], o) == 0))
            continue;
        origins[n_origins++] = o;
    }
    const struct match_hit *shown[2];
    size_t n_shown = 0;
    for (size_t i = 0; i < n && n_shown < 2; i++) {
        if (hits[i].term < 0 || hit_weight(ctx, &hits[i]) < INTEREST_HIT_MIN)
            continue;
        const char *o = ctx->terms.items[hits[i].term].origin;
        bool from_origin = false, is_origin = false;
        for (size_t k = 0; k < n_origins; k++) {
            from_origin |= strcmp(origins[k], o) == 0;
            is_origin |= same_key(hits[i].text, hits[i].text_len, origins[k], strlen(origins[k]));
        }
        if (!from_origin || is_origin ||
            (n_shown == 1 &&
             same_key(shown[0]->text, shown[0]->text_len, hits[i].text, hits[i].text_len)))
            continue;
        shown[n_shown++] = &hits[i];
    }
    buf_puts(b, "You said ");
    for (size_t k = 0; k < n_origins; k++)
        buf_printf(b, "%s\xe2\x80\x9c%s\xe2\x80\x9d", k ? " and " : "", origins[k]);
    buf_puts(b, " \xe2\x80\x94 ");
    if (n_shown == 0) {
        buf_printf(b, "%s is all about that", c->name ? c->name : "this one");
        return true;
    }
    buf_puts(b, "this is about ");
    for (size_t i = 0; i < n_shown; i++) {
        if (i)
            buf_puts(b, " and ");
        put_lower(b, shown[i]->text, shown[i]->text_len);
    }
    return true;
}

static bool values_reason(const struct match_context *ctx, const struct match_candidate *c,
                          const struct match_factors *f, struct buf *b)
{
    if (f->f.values < VALUES_MENTION_MIN || !c->category)
        return false;
    for (size_t i = 0; i < ctx->n_value_categories; i++) {
        if (strcmp(ctx->value_categories[i].category, c->category) != 0 ||
            ctx->value_categories[i].weight < VALUES_MENTION_MIN)
            continue;
        buf_puts(b, "Fits what matters to you: ");
        put_value(b, ctx->value_categories[i].value);
        return true;
    }
    return false;
}

static bool exposure_reason(const struct match_context *ctx, const struct match_candidate *c,
                            struct buf *b)
{
    if (c->intensity < INTENSITY_MIN || c->intensity > INTENSITY_MAX)
        return false;
    int comfort = ctx->peer->comfort;
    if (comfort < INTENSITY_MIN || comfort > INTENSITY_MAX)
        comfort = MATCH_COMFORT_DEFAULT;
    int d = c->intensity - comfort;
    if (d > 1 || d < -1)
        return false;
    if (c->intensity <= 2 && d <= 0)
        buf_printf(b, "A gentle first step: %s", intensity_words[c->intensity]);
    else if (d == 1)
        buf_printf(b, "One small step up from what feels comfortable now: %s",
                   intensity_words[c->intensity]);
    else if (d == 0)
        buf_printf(b, "Right at your comfort level: %s", intensity_words[c->intensity]);
    else
        buf_printf(b, "An easy pace for you: %s", intensity_words[c->intensity]);
    if (c->intensity <= 3 && c->group_size > 0 && c->group_size <= SMALL_GROUP_MAX)
        buf_printf(b, " (about %d people)", c->group_size);
    return true;
}

static bool schedule_reason(const struct match_context *ctx, const struct match_candidate *c,
                            struct buf *b)
{
    if (c->n_fitting_occurrences <= 0)
        return false;
    if (c->when_weekday >= 0 && c->when_weekday < 7 && c->when_start_minute >= 0) {
        buf_printf(b, "%s ",
                   c->when_weekly ? weekday_plural[c->when_weekday]
                                  : weekday_single[c->when_weekday]);
        reasons_format_time_range(b, c->when_start_minute, c->when_end_minute);
        buf_puts(b, ", when you're free");
        return true;
    }
    int days = ctx->peer->window_days > 0 ? ctx->peer->window_days : MATCH_WINDOW_DAYS_DEFAULT;
    if (c->n_fitting_occurrences == 1)
        buf_printf(b, "Once in the next %d days, at a time you're free", days);
    else
        buf_printf(b, "%d times in the next %d days when you're free", c->n_fitting_occurrences,
                   days);
    return true;
}

static bool distance_reason(const struct match_context *ctx, const struct match_candidate *c,
                            struct buf *b)
{
    if (c->is_virtual) {
        if (!ctx->peer->accepts_virtual)
            return false;
        buf_puts(b, "Online \xe2\x80\x94 no travel needed");
        return true;
    }
    if (!c->has_distance)
        return false;
    if (c->distance_approximate && c->distance_miles < 1.5) /* its ZIP code's or town's centre */
        buf_puts(b, "Within about a mile");
    else if (c->distance_approximate)
        buf_printf(b, "About %.0f miles away", round(c->distance_miles));
    else if (c->distance_miles < 0.25)
        buf_puts(b, "Just around the corner");
    else
        buf_printf(b, "%.1f miles away", c->distance_miles);
    if (c->access & ACCESS_TRANSIT)
        buf_puts(b, ", near the bus");
    return true;
}

static bool history_reason(const struct match_context *ctx, const struct match_candidate *c,
                           const struct match_factors *f, struct buf *b)
{
    const struct match_peer_view *p = ctx->peer;
    if (f->f.history < HISTORY_MENTION_MIN || !c->category)
        return false;
    for (size_t i = 0; i < p->n_history; i++) {
        const struct match_history_item *it = &p->history[i];
        if (it->went && it->rating >= 4 && it->category && strcmp(it->category, c->category) == 0) {
            buf_puts(b, "You enjoyed ");
            put_category(b, c);
            buf_puts(b, " before");
            return true;
        }
    }
    return false;
}

static bool novelty_reason(const struct match_context *ctx, const struct match_candidate *c,
                           const struct match_factors *f, struct buf *b)
{
    /* Only worth saying once the peer has been somewhere: for a newcomer everything is new. */
    if (f->f.novelty < NOVELTY_MENTION_MIN || ctx->peer->n_history == 0 || !c->category)
        return false;
    buf_puts(b, "Something new: you haven't tried ");
    put_category(b, c);
    buf_puts(b, " yet");
    return true;
}

/* "Free, peer-run and substance-free": the plain facts a peer often asks first. */
static bool facts_reason(const struct match_context *ctx, const struct match_candidate *c,
                         struct buf *b)
{
    const char *facts[3];
    size_t n = 0;
    if (c->cost_cents == 0)
        facts[n++] = "free";
    if (c->peer_run == TRI_YES)
        facts[n++] = "peer-run";
    if (c->substance_free == TRI_YES && ctx->peer->prefers_substance_free)
        facts[n++] = "substance-free";
    for (size_t i = 0; i < n; i++) {
        if (i == 0) {
            buf_putc(b, (char)toupper((unsigned char)facts[0][0]));
            buf_puts(b, facts[0] + 1);
        } else {
            buf_printf(b, "%s%s", i + 1 == n ? " and " : ", ", facts[i]);
        }
    }
    return n > 0;
}

static void keep(struct match_reasons *out, struct buf *b)
{
    if (out->n < MATCH_REASONS_MAX && b->len > 0)
        out->items[out->n++] = buf_detach(b);
    else
        buf_free(b);
}

enum { D_INTEREST, D_VALUES, D_EXPOSURE, D_SCHEDULE, D_DISTANCE, D_HISTORY, D_NOVELTY, D_COUNT };

void match_reasons(const struct match_context *ctx, const struct match_candidate *c,
                   const struct match_factors *f, struct match_reasons *out)
{
    const struct match_weights *w = &MATCH_WEIGHTS;
    memset(out, 0, sizeof *out);
    struct draft d[D_COUNT];
    memset(d, 0, sizeof d);
    bool have[D_COUNT];
    have[D_INTEREST] = interest_reason(ctx, c, f, &d[D_INTEREST].text);
    d[D_INTEREST].strength = w->interest * f->f.interest;
    have[D_VALUES] = values_reason(ctx, c, f, &d[D_VALUES].text);
    d[D_VALUES].strength = w->values * f->f.values;
    have[D_EXPOSURE] = exposure_reason(ctx, c, &d[D_EXPOSURE].text);
    d[D_EXPOSURE].strength = w->exposure * f->f.exposure;
    have[D_SCHEDULE] = schedule_reason(ctx, c, &d[D_SCHEDULE].text);
    d[D_SCHEDULE].strength = w->schedule * f->f.schedule;
    have[D_DISTANCE] = distance_reason(ctx, c, &d[D_DISTANCE].text);
    d[D_DISTANCE].strength = w->distance * f->f.distance;
    have[D_HISTORY] = history_reason(ctx, c, f, &d[D_HISTORY].text);
    d[D_HISTORY].strength = w->history * f->f.history;
    have[D_NOVELTY] = novelty_reason(ctx, c, f, &d[D_NOVELTY].text);
    d[D_NOVELTY].strength = w->novelty * f->f.novelty;

    /* A far trip is a fact, not a reason for; mention it only as a fallback. */
    bool distance_is_reason = have[D_DISTANCE] && f->f.distance >= DISTANCE_MENTION_MIN;

    /* Up to three factor reasons, strongest first (ties: the order above). */
    bool used[D_COUNT] = {false};
    for (int round = 0; round < MATCH_REASONS_MAX - 1; round++) {
        int best = -1;
        for (int i = 0; i < D_COUNT; i++) {
            if (!have[i] || used[i] || (i == D_DISTANCE && !distance_is_reason))
                continue;
            if (best < 0 || d[i].strength > d[best].strength)
                best = i;
        }
        if (best < 0)
            break;
        used[best] = true;
        keep(out, &d[best].text);
    }
    struct buf facts = {0};
    if (facts_reason(ctx, c, &facts))
        keep(out, &facts);
    else
        buf_free(&facts);
    /* Too few: say when and where, plainly. */
    static const int fallback[] = {D_SCHEDULE, D_DISTANCE};
    for (size_t k = 0; k < 2 && out->n < MATCH_REASONS_MIN; k++) {
        int i = fallback[k];
        if (have[i] && !used[i]) {
            used[i] = true;
            keep(out, &d[i].text);
        }
    }
    for (int i = 0; i < D_COUNT; i++) {
        if (!used[i])
            buf_free(&d[i].text);
    }
}

void match_reasons_free(struct match_reasons *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i]);
    r->n = 0;
}

void reasons_ask_about_times(struct match_reasons *r, unsigned open_days)
{
    char times[TIMES_TEXT_LEN];
    times_not_listed_text(open_days, times);
    struct buf b = {0};
    buf_printf(&b, "%c%s: call or write to ask when it meets.", toupper((unsigned char)times[0]),
               times + 1);
    if (r->n == MATCH_REASONS_MAX)
        free(r->items[--r->n]);
    memmove(r->items + 1, r->items, r->n * sizeof *r->items);
    r->items[0] = buf_detach(&b);
    r->n++;
}

bool reasons_step(struct match_reasons *r, bool up, int to_level, int intensity)
{
    if (intensity <= 0 || (up ? intensity != to_level : intensity > to_level))
        return false;
    struct buf b = {0};
    if (up)
        buf_printf(&b,
                   "A step up, as the recent visits suggest: level %d (%s); talk it over first.",
                   to_level, match_intensity_words(to_level));
    else
        buf_printf(&b,
                   "A gentler step, as the recent visits suggest: level %d or below for now "
                   "(this is %d).",
                   to_level, intensity);
    if (r->n == MATCH_REASONS_MAX)
        free(r->items[--r->n]);
    memmove(r->items + 1, r->items, r->n * sizeof *r->items);
    r->items[0] = buf_detach(&b);
    r->n++;
    return true;
}

void reasons_no_dates_listed(struct buf *b, unsigned open_days, bool ask_eligible)
{
    char times[TIMES_TEXT_LEN];
    times_not_listed_text(open_days, times);
    buf_printf(b, "No dates listed (%s), so it is not in the list.", times);
    if (ask_eligible)
        buf_puts(b, " It meets every other limit: call or write to ask when it meets"
                    " (recommend --ask-about-times lists it at the end).");
}
