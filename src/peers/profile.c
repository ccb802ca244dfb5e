/* profile.c — the peer profile: lists, field parsing with per-field messages, whole-record
** validation, the known values (data/values.tsv) and street-address refusal.
*/
#include "profile.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../directory/activity.h"
#include "../directory/audience.h"
#include "../directory/places.h"
#include "../util/buf.h"
#include "../util/money.h"
#include "../util/number.h"
#include "../util/text.h"
#include "../util/datadir.h"
#include "../util/rc.h"

#define WORD_MAX 60 /* bytes in one tag, value or language */
#define TOWN_MAX 80

/* ---- text lists ---------------------------------------------------------------------- */

void text_list_add(struct text_list *l, const char *s)
{
    l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
    l->items[l->n++] = xstrdup(s);
}

void text_list_clear(struct text_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

void text_list_copy(struct text_list *dst, const struct text_list *src)
{
    memset(dst, 0, sizeof *dst);
    for (size_t i = 0; i < src->n; i++)
        text_list_add(dst, src->items[i]);
}

bool text_list_has(const struct text_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcasecmp(l->items[i], s) == 0)
            return true;
    return false;
}

char *text_list_join(const struct text_list *l, const char *sep)
{
    struct buf out = {0};
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            buf_puts(&out, sep);
        buf_puts(&out, l->items[i]);
    }
    return buf_detach(&out);
}

/* ---- the record ---------------------------------------------------------------------- */

void peer_init(struct peer *p)
{
    memset(p, 0, sizeof *p);
    p->max_travel_miles = TRAVEL_MILES_UNSTATED;
    p->budget_cents = BUDGET_ANY;
}

void peer_free(struct peer *p)
{
    free(p->cps);
    free(p->name);
    free(p->pronouns);
    free(p->contact);
    free(p->home_zip);
    free(p->home_town);
    free(p->home_label);
    text_list_clear(&p->interests);
    text_list_clear(&p->tags);
    text_list_clear(&p->values);
    text_list_clear(&p->goals);
    text_list_clear(&p->languages);
    availability_free(&p->availability);
    free(p->comfort_history);
    peer_init(p);
}

void peer_copy(struct peer *dst, const struct peer *src)
{
    *dst = *src;
    dst->cps = xstrdup(src->cps);
    dst->name = xstrdup(src->name);
    dst->pronouns = xstrdup(src->pronouns);
    dst->contact = xstrdup(src->contact);
    dst->home_zip = xstrdup(src->home_zip);
    dst->home_town = xstrdup(src->home_town);
    dst->home_label = xstrdup(src->home_label);
    text_list_copy(&dst->interests, &src->interests);
    text_list_copy(&dst->tags, &src->tags);
    text_list_copy(&dst->values, &src->values);
    text_list_copy(&dst->goals, &src->goals);
    text_list_copy(&dst->languages, &src->languages);
    availability_copy(&dst->availability, &src->availability);
    dst->comfort_history = NULL;
    if (src->n_comfort_history) {
        size_t bytes = src->n_comfort_history * sizeof *src->comfort_history;
        dst->comfort_history = xmalloc(bytes);
        memcpy(dst->comfort_history, src->comfort_history, bytes);
    }
}

/* ---- small parsers ------------------------------------------------------------------- */

/* Copies s without leading and trailing blanks into a heap string the caller frees. */
static char *trimmed(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return xstrndup(s, n);
}

/* Why text cannot be stored, or NULL when it is fine: valid UTF-8, no control characters. */
/* Calls fn on each trimmed, non-empty item of a comma list; stops at the first non-zero. */
static int each_item(const char *list, int (*fn)(const char *item, void *ctx), void *ctx)
{
    int rc = BELONG_OK;
    const char *p = list;
    while (rc == BELONG_OK && *p) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        char *raw = xstrndup(p, (size_t)(end - p));
        char *item = trimmed(raw);
        if (*item)
            rc = fn(item, ctx);
        free(item);
        free(raw);
        p = *end ? end + 1 : end;
    }
    return rc;
}

/* ---- field setters ------------------------------------------------------------------- */

int peer_set_text(char **slot, const char *value, bool required, struct diag *diag,
                  const char *file, const char *field)
{
    char *v = trimmed(value);
    const char *why = text_problem(v, PEER_TEXT_MAX, false);
    if (!why && required && !*v)
        why = "is required";
    if (why) {
        diag_add(diag, file, 0, field, "\"%s\": %s", value, why);
        free(v);
        return BELONG_EDATA;
    }
    free(*slot);
    *slot = *v ? v : NULL;
    if (!*slot)
        free(v);
    return BELONG_OK;
}

int peer_set_home(struct peer *p, const char *value, struct diag *diag, const char *file)
{
    char *v = trimmed(value);
    int rc = BELONG_OK;
    const char *why = text_problem(v, TOWN_MAX, false);
    enum place_text kind = PLACE_TEXT_EMPTY;
    if (!why)
        kind = place_text_read(v, &why);
    if (why) {
        diag_add(diag, file, 0, "home", "\"%s\": %s", value, why);
        rc = BELONG_EDATA;
        goto out;
    }
    free(p->home_zip);
    free(p->home_town);
    free(p->home_label);
    p->home_zip = p->home_town = p->home_label = NULL;
    p->has_coords = false;
    p->home_lat = p->home_lon = 0;
    if (kind == PLACE_TEXT_ZIP)
        p->home_zip = xstrndup(v, 5);
    else if (kind == PLACE_TEXT_TOWN)
        p->home_town = xstrdup(v);
out:
    free(v);
    return rc;
}

int peer_set_max_travel_miles(struct peer *p, const char *value, struct diag *diag,
                              const char *file)
{
    double miles;
    if (!parse_decimal(value, &miles) || miles < 0 || miles > TRAVEL_MILES_MAX) {
        diag_add(diag, file, 0, "max_travel_miles", "\"%s\": not a distance from 0 to %.0f miles",
                 value, TRAVEL_MILES_MAX);
        return BELONG_EDATA;
    }
    p->max_travel_miles = miles;
    return BELONG_OK;
}

static const char *const travel_names[TRAVEL_MODE_COUNT] = {"walk", "transit", "car", "ride"};

const char *travel_mode_name(int bit)
{
    return bit >= 0 && bit < TRAVEL_MODE_COUNT ? travel_names[bit] : NULL;
}

void travel_modes_format(unsigned modes, char *out, size_t out_len)
{
    struct buf b = {0};
    for (int i = 0; i < TRAVEL_MODE_COUNT; i++)
        if (modes & (1u << i))
            buf_printf(&b, "%s%s", b.len ? "," : "", travel_names[i]);
    snprintf(out, out_len, "%s", buf_str(&b));
    buf_free(&b);
}

struct list_ctx {
    struct peer *p;
    struct diag *diag, *warnings;
    const char *file;
    const char *field;
    const char *whole;
    unsigned flags;
    struct text_list *list;
    bool lower;
};

static int add_travel_mode(const char *item, void *vctx)
{
    struct list_ctx *ctx = vctx;
    static const struct {
        const char *word;
        unsigned mode;
    } words[] = {
        {"walk", TRAVEL_WALK},     {"walking", TRAVEL_WALK},   {"transit", TRAVEL_TRANSIT},
        {"bus", TRAVEL_TRANSIT},   {"subway", TRAVEL_TRANSIT}, {"train", TRAVEL_TRANSIT},
        {"car", TRAVEL_CAR},       {"drive", TRAVEL_CAR},      {"ride", TRAVEL_RIDE},
        {"cps-ride", TRAVEL_RIDE},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        if (strcasecmp(item, words[i].word) == 0) {
            ctx->flags |= words[i].mode;
            return BELONG_OK;
        }
    }
    diag_add(ctx->diag, ctx->file, 0, "travel_modes",
             "\"%s\": unknown mode '%s' (use walk, transit, car, ride)", ctx->whole, item);
    return BELONG_EDATA;
}

int peer_set_travel_modes(struct peer *p, const char *list, struct diag *diag, const char *file)
{
    struct list_ctx ctx = {.diag = diag, .file = file, .whole = list};
    int rc = each_item(list, add_travel_mode, &ctx);
    if (rc == BELONG_OK)
        p->travel_modes = ctx.flags;
    return rc;
}

int peer_set_audience(struct peer *p, const char *list, struct diag *diag, const char *file)
{
    unsigned audience;
    char err[200];
    if (audience_parse(list, &audience, err, sizeof err) != BELONG_OK) {
        diag_add(diag, file, 0, "audience", "%s", err);
        return BELONG_EDATA;
    }
    p->audience = audience;
    p->audience_known = true;
    return BELONG_OK;
}

int peer_set_budget(struct peer *p, const char *value, struct diag *diag, const char *file)
{
    char *v = trimmed(value);
    int rc = BELONG_OK;
    if (strcasecmp(v, "free") == 0) {
        p->budget_cents = 0;
        goto out;
    }
    if (strcasecmp(v, "any") == 0) {
        p->budget_cents = BUDGET_ANY;
        goto out;
    }
    int cents;
    if (!parse_usd_cents(v, BUDGET_USD_MAX, &cents)) {
        diag_add(diag, file, 0, "budget",
                 "\"%s\": not 'free', 'any' or an amount in US dollars up to %d", value,
                 BUDGET_USD_MAX);
        rc = BELONG_EDATA;
        goto out;
    }
    p->budget_cents = cents;
out:
    free(v);
    return rc;
}

void peer_budget_format(int budget_cents, char *out, size_t out_len)
{
    if (budget_cents == 0)
        snprintf(out, out_len, "free");
    else if (budget_cents < 0)
        snprintf(out, out_len, "any");
    else
        snprintf(out, out_len, "%d.%02d", budget_cents / 100, budget_cents % 100);
}

int peer_set_access(struct peer *p, const char *list, struct diag *diag, const char *file)
{
    /* "transit-only" is how a peer says it: they can reach only places near transit. */
    struct buf words = {0};
    for (const char *c = list; *c; c++) {
        if (strncasecmp(c, "transit-only", 12) == 0) {
            buf_puts(&words, "transit");
            c += 11;
        } else {
            buf_putc(&words, *c);
        }
    }
    unsigned flags = 0;
    char bad[64];
    int rc = BELONG_OK;
    if (!access_parse(buf_str(&words), &flags, bad, sizeof bad)) {
        diag_add(diag, file, 0, "access",
                 "\"%s\": unknown need '%s' (use wheelchair, asl, quiet, transit-only)", list, bad);
        rc = BELONG_EDATA;
    } else {
        p->access_needs = flags;
    }
    buf_free(&words);
    return rc;
}

int peer_set_comfort(struct peer *p, const char *value, struct diag *diag, const char *file)
{
    long level;
    if (!parse_whole(value, COMFORT_MIN, COMFORT_MAX, &level)) {
        diag_add(diag, file, 0, "comfort",
                 "\"%s\": not a whole number from %d (one-on-one, quiet) to %d (large groups)",
                 value, COMFORT_MIN, COMFORT_MAX);
        return BELONG_EDATA;
    }
    p->comfort = (int)level;
    return BELONG_OK;
}

int peer_add_text(struct text_list *l, const char *value, struct diag *diag, const char *file,
                  const char *field)
{
    char *v = trimmed(value);
    const char *why = text_problem(v, PEER_TEXT_MAX, false);
    int rc = BELONG_OK;
    if (!why && !*v)
        why = "is empty";
    if (!why && l->n >= PEER_LIST_MAX)
        why = "one too many (the list is full)";
    if (why) {
        diag_add(diag, file, 0, field, "\"%s\": %s", value, why);
        rc = BELONG_EDATA;
    } else if (!text_list_has(l, v)) {
        text_list_add(l, v);
    }
    free(v);
    return rc;
}

/* Adds one short word (a tag or a language), lower-cased when ctx->lower. */
static int add_word(const char *item, void *vctx)
{
    struct list_ctx *ctx = vctx;
    const char *why = text_problem(item, WORD_MAX, false);
    for (const char *c = item; !why && *c; c++)
        if (!isalnum((unsigned char)*c) && !((unsigned char)*c & 0x80) && !strchr(" -&'", *c))
            why = "may hold only letters, digits, spaces, '-', '&' and apostrophes";
    if (!why && ctx->list->n >= PEER_LIST_MAX)
        why = "one too many (the list is full)";
    if (why) {
        diag_add(ctx->diag, ctx->file, 0, ctx->field, "\"%s\": %s", item, why);
        return BELONG_EDATA;
    }
    char *word = xstrdup(item);
    if (ctx->lower)
        for (char *c = word; *c; c++)
            *c = (char)tolower((unsigned char)*c);
    if (!text_list_has(ctx->list, word))
        text_list_add(ctx->list, word);
    free(word);
    return BELONG_OK;
}

/* Runs an each_item adder on a copy of the list so that a refused item changes nothing. */
static int add_words(struct text_list *l, const char *list, struct list_ctx *ctx,
                     int (*fn)(const char *item, void *ctx))
{
    struct text_list trial;
    text_list_copy(&trial, l);
    ctx->list = &trial;
    int rc = each_item(list, fn, ctx);
    if (rc == BELONG_OK) {
        text_list_clear(l);
        *l = trial;
    } else {
        text_list_clear(&trial);
    }
    return rc;
}

int peer_add_tags(struct peer *p, const char *list, struct diag *diag, const char *file)
{
    struct list_ctx ctx = {.diag = diag, .file = file, .field = "tags", .lower = true};
    return add_words(&p->tags, list, &ctx, add_word);
}

int peer_add_languages(struct peer *p, const char *list, struct diag *diag, const char *file)
{
    struct list_ctx ctx = {.diag = diag, .file = file, .field = "languages"};
    return add_words(&p->languages, list, &ctx, add_word);
}

/* ---- values -------------------------------------------------------------------------- */

struct value_entry {
    char *slug, *label;
    struct text_list words;
};

static struct {
    bool loaded;
    struct value_entry *items;
    size_t n;
} value_table;

/* Loads data/values.tsv once (slug TAB label TAB words). A missing file means no known
** values: every value is then kept as the peer's word, with a warning. */
static void values_load(void)
{
    if (value_table.loaded)
        return;
    value_table.loaded = true;
    char path[1024];
    FILE *f = fopen(data_file_path(VALUES_FILE, path, sizeof path), "r");
    if (!f)
        return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *label = strchr(line, '\t');
        if (!label)
            continue;
        *label++ = '\0';
        char *words = strchr(label, '\t');
        if (words)
            *words++ = '\0';
        value_table.items =
            xrealloc(value_table.items, (value_table.n + 1) * sizeof *value_table.items);
        struct value_entry *e = &value_table.items[value_table.n++];
        e->slug = xstrdup(line);
        e->label = xstrdup(label);
        memset(&e->words, 0, sizeof e->words);
        char *save = NULL;
        for (char *w = words ? strtok_r(words, ",", &save) : NULL; w;
             w = strtok_r(NULL, ",", &save)) {
            char *t = trimmed(w);
            if (*t)
                text_list_add(&e->words, t);
            free(t);
        }
    }
    fclose(f);
}

static const struct value_entry *value_find(const char *word)
{
    values_load();
    for (size_t i = 0; i < value_table.n; i++) {
        const struct value_entry *e = &value_table.items[i];
        if (strcasecmp(word, e->slug) == 0 || strcasecmp(word, e->label) == 0 ||
            text_list_has(&e->words, word))
            return e;
    }
    return NULL;
}

const char *value_label(const char *slug)
{
    values_load();
    for (size_t i = 0; i < value_table.n; i++)
        if (strcmp(slug, value_table.items[i].slug) == 0)
            return value_table.items[i].label;
    return NULL;
}

static int add_value(const char *item, void *vctx)
{
    struct list_ctx *ctx = vctx;
    const struct value_entry *known = value_find(item);
    if (known) {
        if (!text_list_has(ctx->list, known->slug))
            text_list_add(ctx->list, known->slug);
        return BELONG_OK;
    }
    int rc = add_word(item, ctx);
    if (rc == BELONG_OK && ctx->warnings)
        diag_add(ctx->warnings, ctx->file, 0, "values",
                 "\"%s\": not in belong's list of values (data/values.tsv); kept as the "
                 "peer's own word, but matching will not use it",
                 item);
    return rc;
}

int peer_add_values(struct peer *p, const char *list, struct diag *diag, struct diag *warnings,
                    const char *file)
{
    struct list_ctx ctx = {
        .diag = diag, .warnings = warnings, .file = file, .field = "values", .lower = true};
    return add_words(&p->values, list, &ctx, add_value);
}

/* ---- the whole record ---------------------------------------------------------------- */

bool cps_handle_valid(const char *handle)
{
    size_t n = handle ? strlen(handle) : 0;
    if (n == 0 || n > CPS_HANDLE_MAX)
        return false;
    for (const char *c = handle; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("._-@", *c))
            return false;
    return true;
}

int peer_validate(const struct peer *p, struct diag *diag, const char *file)
{
    size_t before = diag->count;
    if (!p->cps || !cps_handle_valid(p->cps))
        diag_add(diag, file, 0, "cps", "\"%s\": not a CPS handle (letters, digits, . _ - @)",
                 p->cps ? p->cps : "");
    if (!p->name || !*p->name)
        diag_add(diag, file, 0, "name", "is required (the name the peer wants to be called)");
    const char *why;
    const struct {
        const char *field, *text;
    } texts[] = {{"name", p->name}, {"pronouns", p->pronouns}, {"contact", p->contact}};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (texts[i].text && (why = text_problem(texts[i].text, PEER_TEXT_MAX, false)))
            diag_add(diag, file, 0, texts[i].field, "%s", why);
    if (p->contact && place_has_house_and_street(p->contact))
        diag_add(diag, file, 0, "contact",
                 "\"%s\": looks like a street address; give a phone number or e-mail", p->contact);
    if (p->home_zip && p->home_town)
        diag_add(diag, file, 0, "home", "give a ZIP code or a town, not both");
    if (p->home_town && place_is_street_address(p->home_town))
        diag_add(diag, file, 0, "home", "\"%s\": looks like a street address", p->home_town);
    if (p->home_zip && !place_is_zip(p->home_zip))
        diag_add(diag, file, 0, "home", "\"%s\": not a 5-digit ZIP code", p->home_zip);
    if (p->has_coords &&
        (p->home_lat < -90 || p->home_lat > 90 || p->home_lon < -180 || p->home_lon > 180))
        diag_add(diag, file, 0, "home", "coordinates out of range");
    if (p->max_travel_miles != TRAVEL_MILES_UNSTATED &&
        !(p->max_travel_miles >= 0 && p->max_travel_miles <= TRAVEL_MILES_MAX))
        diag_add(diag, file, 0, "max_travel_miles", "%g: not from 0 to %.0f", p->max_travel_miles,
                 TRAVEL_MILES_MAX);
    if (p->travel_modes >= (1u << TRAVEL_MODE_COUNT))
        diag_add(diag, file, 0, "travel_modes", "unknown mode bits");
    if (p->budget_cents < BUDGET_ANY || p->budget_cents > BUDGET_USD_MAX * 100)
        diag_add(diag, file, 0, "budget", "%d cents: out of range", p->budget_cents);
    if (p->access_needs >= (1u << 4))
        diag_add(diag, file, 0, "access", "unknown need bits");
    if (p->comfort != 0 && (p->comfort < COMFORT_MIN || p->comfort > COMFORT_MAX))
        diag_add(diag, file, 0, "comfort", "%d: not from %d to %d", p->comfort, COMFORT_MIN,
                 COMFORT_MAX);
    const struct {
        const char *field;
        const struct text_list *list;
    } lists[] = {{"interests", &p->interests},
                 {"tags", &p->tags},
                 {"values", &p->values},
                 {"goals", &p->goals},
                 {"languages", &p->languages}};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        if (lists[i].list->n > PEER_LIST_MAX)
            diag_add(diag, file, 0, lists[i].field, "more than %d items", PEER_LIST_MAX);
        for (size_t j = 0; j < lists[i].list->n; j++)
            if ((why = text_problem(lists[i].list->items[j], PEER_TEXT_MAX, false)) ||
                !*lists[i].list->items[j])
                diag_add(diag, file, 0, lists[i].field, "\"%s\": %s", lists[i].list->items[j],
                         why ? why : "is empty");
    }
    const struct availability *a = &p->availability;
    if (a->n_windows > PEER_LIST_MAX)
        diag_add(diag, file, 0, "availability", "more than %d windows", PEER_LIST_MAX);
    for (size_t i = 0; i < a->n_windows; i++) {
        const struct weekly_window *w = &a->windows[i];
        char text[AVAILABILITY_TEXT_LEN];
        availability_format_window(w, text);
        if (w->weekday < 0 || w->weekday >= DAYS_PER_WEEK || w->start_minute < 0 ||
            w->end_minute > MINUTES_PER_DAY || w->start_minute >= w->end_minute)
            diag_add(diag, file, 0, "availability", "\"%s\": not a window", text);
        else if (i > 0 && a->windows[i - 1].weekday == w->weekday &&
                 a->windows[i - 1].end_minute > w->start_minute)
            diag_add(diag, file, 0, "availability", "\"%s\": overlaps the window before it", text);
    }
    if (a->n_away > PEER_LIST_MAX)
        diag_add(diag, file, 0, "away", "more than %d ranges", PEER_LIST_MAX);
    for (size_t i = 0; i < a->n_away; i++)
        if (a->away[i].last_day < a->away[i].first_day)
            diag_add(diag, file, 0, "away", "a range ends before it starts");
    return diag->count > before ? BELONG_EDATA : BELONG_OK;
}
