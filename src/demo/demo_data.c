/* demo_data.c — the seeded PRNG and loading the files of data/demo/ (towns, organisation names,
 *activity
 ** templates, streets, topic words) and the ZIP centroids the towns are placed at.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/csv.h"
#include "../util/buf.h"
#include "../util/datadir.h"
#include "../util/datafile.h"
#include "../util/rc.h"
#include "../util/timeutil.h"
#include "demo_internal.h"

#define ZIP_FILE   "zipcodes/us_zipcodes.csv"
#define MAX_FIELDS 16

void rng_seed(struct rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)((rng_next(r) >> 32) * n >> 32);
}

bool rng_percent(struct rng *r, unsigned percent)
{
    return rng_below(r, 100) < percent;
}

/* ---- tab-separated files ------------------------------------------------------------ */

/* What the line handlers of datafile_read share: the tables being filled, the current line's
** fields, and the line's problems as "field: what is wrong", joined by "; ". */
struct line_ctx {
    struct demo_data *d;
    const struct demo_town *state; /* ZIP centroids, for towns.tsv */
    size_t n_state;
    char ***items; /* for one-column files */
    size_t *n_items;
    char *f[MAX_FIELDS];
    size_t n;
    struct buf why;
};

/* Splits line at tabs into c->f, and forgets the previous line's problems. */
static void split_fields(struct line_ctx *c, char *line)
{
    buf_reset(&c->why);
    c->n = 0;
    for (char *p = line; c->n < MAX_FIELDS;) {
        c->f[c->n++] = p;
        p = strchr(p, '\t');
        if (!p)
            break;
        *p++ = '\0';
    }
}

static void problem(struct line_ctx *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(struct line_ctx *c, const char *field, const char *fmt, ...)
{
    va_list ap;
    if (c->why.len)
        buf_puts(&c->why, "; ");
    if (field)
        buf_printf(&c->why, "%s: ", field);
    va_start(ap, fmt);
    buf_vprintf(&c->why, fmt, ap);
    va_end(ap);
}

/* What a line handler returns: NULL when the line was fine, else its problems. */
static const char *verdict(const struct line_ctx *c)
{
    return c->why.len ? buf_str(&c->why) : NULL;
}

/* Reads data file `name` (under the data directory) with fn. Returns as datafile_read. */
static int read_file(const char *name, datafile_line_fn fn, struct line_ctx *c, struct diag *diag)
{
    int rc = datafile_read(NULL, name, fn, c, diag);
    buf_free(&c->why);
    return rc;
}

/* Splits a comma list into trimmed heap strings. OUT: *items (heap array), *n. */
static void split_list(const char *list, char ***items, size_t *n)
{
    *items = NULL;
    *n = 0;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        const char *s = p;
        size_t k = len;
        while (k > 0 && isspace((unsigned char)*s)) {
            s++;
            k--;
        }
        while (k > 0 && isspace((unsigned char)s[k - 1]))
            k--;
        if (k > 0) {
            *items = xrealloc(*items, (*n + 1) * sizeof **items);
            (*items)[(*n)++] = xstrndup(s, k);
        }
        p += len;
        if (*p == ',')
            p++;
    }
}

static void free_list(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

/* ---- ZIP centroids ------------------------------------------------------------------ */

/* "WORCESTER" -> "Worcester County"; "NEW YORK" -> "New York County". Caller frees. */
static char *county_region(const char *county)
{
    struct buf b = {0};
    bool word_start = true;
    for (const char *p = county; *p; p++) {
        char c = *p;
        buf_putc(&b,
                 word_start ? (char)toupper((unsigned char)c) : (char)tolower((unsigned char)c));
        word_start = c == ' ' || c == '-';
    }
    buf_puts(&b, " County");
    return buf_detach(&b);
}

int demo_state_towns(const char *state, struct demo_town **towns, size_t *n, struct diag *diag)
{
    char path[4096];
    struct csv_reader *r = NULL;
    *towns = NULL;
    *n = 0;
    data_file_path(ZIP_FILE, path, sizeof path);
    int rc = csv_open(path, NULL, &r, diag);
    if (rc == BELONG_OK)
        rc = csv_read_header(r);
    if (rc != BELONG_OK)
        goto out;
    int c_code = csv_column(r, "code"), c_city = csv_column(r, "city");
    int c_state = csv_column(r, "state"), c_county = csv_column(r, "county");
    int c_lat = csv_column(r, "lat"), c_lon = csv_column(r, "lon");
    if (c_code < 0 || c_city < 0 || c_state < 0 || c_lat < 0 || c_lon < 0) {
        diag_add(diag, path, 1, NULL, "expected the columns code, city, state, county, lat, lon");
        rc = BELONG_EDATA;
        goto out;
    }
    size_t cap = 0;
    bool got;
    while ((rc = csv_next(r, &got)) == BELONG_OK && got) {
        if (strcmp(csv_get(r, c_state), state) != 0 || !*csv_get(r, c_lat))
            continue;
        char *end_lat, *end_lon;
        double lat = strtod(csv_get(r, c_lat), &end_lat);
        double lon = strtod(csv_get(r, c_lon), &end_lon);
        if (*end_lat || *end_lon || lat < -90 || lat > 90 || lon < -180 || lon > 180)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *towns = xrealloc(*towns, cap * sizeof **towns);
        }
        struct demo_town *t = &(*towns)[(*n)++];
        memset(t, 0, sizeof *t);
        t->zip = xstrdup(csv_get(r, c_code));
        t->town = xstrdup(csv_get(r, c_city));
        t->region = county_region(csv_get(r, c_county));
        t->languages = xstrdup("English");
        t->lat = lat;
        t->lon = lon;
    }
    if (rc == BELONG_OK && *n == 0) {
        diag_add(diag, path, 0, NULL, "no ZIP codes with coordinates in state %s", state);
        rc = BELONG_EDATA;
    }
out:
    csv_close(r);
    return rc;
}

void demo_towns_free_one(struct demo_town *t)
{
    free(t->zip);
    free(t->town);
    free(t->region);
    free(t->languages);
    free_list(t->places, t->n_places);
    free(t->featured);
    memset(t, 0, sizeof *t);
}

void demo_towns_free(struct demo_town *towns, size_t n)
{
    for (size_t i = 0; i < n; i++)
        demo_towns_free_one(&towns[i]);
    free(towns);
}

/* ---- the demo data files ------------------------------------------------------------ */

/* Resolves a ';'-separated list of template names into town->featured. Returns false when a
** name is unknown or the list is longer than the town's share. */
static bool add_featured(const struct demo_data *d, struct demo_town *town, const char *list)
{
    for (const char *p = list; *p; p += strcspn(p, ";"), p += *p == ';') {
        size_t len = strcspn(p, ";"), found = (size_t)-1;
        for (size_t i = 0; i < d->n_templates && found == (size_t)-1; i++)
            if (strlen(d->templates[i].name) == len && strncmp(d->templates[i].name, p, len) == 0)
                found = i;
        if (found == (size_t)-1 || town->n_featured >= (size_t)town->activities)
            return false;
        town->featured = xrealloc(town->featured, (town->n_featured + 1) * sizeof *town->featured);
        town->featured[town->n_featured++] = found;
    }
    return true;
}

/* One towns.tsv line: zip, activities, region, languages, places[, featured]. */
static const char *town_line(void *ctx, char *line)
{
    struct line_ctx *c = ctx;
    struct demo_data *d = c->d;
    split_fields(c, line);
    long activities = c->n == 5 || c->n == 6 ? strtol(c->f[1], NULL, 10) : 0;
    if (activities < 1 || activities > 1000) {
        problem(c, NULL,
                "expected zip, activities (1-1000), region, languages, places[, featured]");
        return verdict(c);
    }
    const struct demo_town *found = NULL;
    for (size_t i = 0; i < c->n_state && !found; i++)
        if (strcmp(c->state[i].zip, c->f[0]) == 0)
            found = &c->state[i];
    if (!found) {
        problem(c, "zip", "%s is not a %s ZIP code with coordinates", c->f[0], DEMO_STATE);
        return verdict(c);
    }
    d->towns = xrealloc(d->towns, (d->n_towns + 1) * sizeof *d->towns);
    struct demo_town *town = &d->towns[d->n_towns++];
    memset(town, 0, sizeof *town);
    town->zip = xstrdup(found->zip);
    town->town = xstrdup(found->town);
    town->lat = found->lat;
    town->lon = found->lon;
    town->activities = (int)activities;
    town->region = xstrdup(c->f[2]);
    town->languages = xstrdup(c->f[3]);
    split_list(c->f[4], &town->places, &town->n_places);
    if (town->n_places == 0)
        problem(c, "places", "at least one place is needed");
    if (c->n == 6 && !add_featured(d, town, c->f[5]))
        problem(c, "featured",
                "'%s' names a template not in activities.tsv, or more than the town's activities",
                c->f[5]);
    return verdict(c);
}

static size_t kind_index(struct demo_data *d, const char *kind, bool add)
{
    for (size_t i = 0; i < d->n_kinds; i++)
        if (strcmp(d->kinds[i], kind) == 0)
            return i;
    if (!add)
        return (size_t)-1;
    d->kinds = xrealloc(d->kinds, (d->n_kinds + 1) * sizeof *d->kinds);
    d->kinds[d->n_kinds] = xstrdup(kind);
    return d->n_kinds++;
}

/* One organizations.tsv line: kind, name pattern. */
static const char *org_line(void *ctx, char *line)
{
    struct line_ctx *c = ctx;
    struct demo_data *d = c->d;
    split_fields(c, line);
    if (c->n != 2 || !*c->f[0] || !*c->f[1]) {
        problem(c, NULL, "expected kind, name pattern");
        return verdict(c);
    }
    d->orgs = xrealloc(d->orgs, (d->n_orgs + 1) * sizeof *d->orgs);
    d->orgs[d->n_orgs].kind = kind_index(d, c->f[0], true);
    d->orgs[d->n_orgs].pattern = xstrdup(c->f[1]);
    d->n_orgs++;
    return NULL;
}

static const struct {
    const char *word;
    enum recur_kind kind;
} recur_words[] = {
    {"weekly", RECUR_WEEKLY},
    {"biweekly", RECUR_BIWEEKLY},
    {"monthly", RECUR_MONTHLY},
    {"seasonal", RECUR_SEASONAL},
    {"weekly-except", RECUR_WEEKLY_EXCEPT},
    {"once", RECUR_ONCE},
};

static bool is_day_code(const char *s, size_t n)
{
    static const char codes[] = "MO TU WE TH FR SA SU";
    if (n != 2)
        return false;
    for (const char *c = codes; *c; c += 3)
        if (strncmp(s, c, 2) == 0)
            return true;
    return false;
}

/* Days of a weekly rule: "*" or a comma list of day codes ("MO,WE"). */
static bool valid_weekly_days(const char *days)
{
    if (strcmp(days, "*") == 0)
        return true;
    for (const char *p = days;; p += 3) {
        size_t n = strcspn(p, ",");
        if (!is_day_code(p, n))
            return false;
        if (!p[n])
            return true;
    }
}

/* The day of a monthly rule: an ordinal 1-4 or -1 and a day code ("2TU", "-1FR"). */
static bool valid_monthly_day(const char *days)
{
    char *end;
    long n = strtol(days, &end, 10);
    return (n == -1 || (n >= 1 && n <= 4)) && is_day_code(end, strlen(end));
}

/* Parses "weekly TU", "monthly -1FR", "once"... into t. Returns false when malformed. */
static bool parse_recurrence(const char *text, struct demo_template *t)
{
    size_t word_len = strcspn(text, " ");
    const char *days = text[word_len] ? text + word_len + 1 : "";
    for (size_t i = 0; i < sizeof recur_words / sizeof recur_words[0]; i++) {
        if (strlen(recur_words[i].word) != word_len ||
            strncmp(recur_words[i].word, text, word_len) != 0)
            continue;
        t->recur = recur_words[i].kind;
        if (t->recur == RECUR_ONCE)
            return *days == '\0';
        if (t->recur == RECUR_MONTHLY ? !valid_monthly_day(days) : !valid_weekly_days(days))
            return false;
        t->days = xstrdup(days);
        return true;
    }
    return false;
}

/* Parses "0", "5" or "5-40" (whole dollars). */
static bool parse_cost(const char *text, int *min, int *max)
{
    char *end;
    long lo = strtol(text, &end, 10), hi = lo;
    if (end == text)
        return false;
    if (*end == '-')
        hi = strtol(end + 1, &end, 10);
    if (*end || lo < 0 || hi < lo || hi > 1000)
        return false;
    *min = (int)lo;
    *max = (int)hi;
    return true;
}

/* One activities.tsv line (see the file's header), checked and appended to the templates. */
static const char *template_line(void *ctx, char *line)
{
    struct line_ctx *c = ctx;
    struct demo_data *d = c->d;
    split_fields(c, line);
    char **f = c->f;
    if (c->n != 13) {
        problem(c, NULL, "expected 13 tab-separated fields, found %zu", c->n);
        return verdict(c);
    }
    struct demo_template tpl = {0};
    char bad[32];
    int minutes = 0, sec = 0;
    const char *rest = NULL;
    long intensity = strtol(f[2], NULL, 10), length = strtol(f[7], NULL, 10);
    long group = strtol(f[10], NULL, 10);
    tpl.kind = kind_index(d, f[0], false);
    if (tpl.kind == (size_t)-1)
        problem(c, "org_kind", "'%s' is not in organizations.tsv", f[0]);
    if (!category_find(&d->categories, f[1]))
        problem(c, "category", "'%s' is not in categories.tsv", f[1]);
    if (intensity < INTENSITY_MIN || intensity > INTENSITY_MAX)
        problem(c, "intensity", "'%s' is not 1-5", f[2]);
    if (!parse_recurrence(f[5], &tpl))
        problem(c, "recurrence", "'%s' is not understood", f[5]);
    if (!parse_clock(f[6], &minutes, &sec, &rest) || *rest)
        problem(c, "time", "'%s' is not HH:MM", f[6]);
    if (length < 15 || length > 720)
        problem(c, "minutes", "'%s' is not 15-720", f[7]);
    if (!parse_cost(f[8], &tpl.cost_min_usd, &tpl.cost_max_usd))
        problem(c, "cost", "'%s' is not N or N-M dollars", f[8]);
    if (strcmp(f[9], "-") != 0 && !access_parse(f[9], &tpl.access, bad, sizeof bad))
        problem(c, "access", "'%s' is not a known feature", bad);
    if (group < 1 || group > 500)
        problem(c, "group", "'%s' is not 1-500", f[10]);
    if (strcmp(f[11], "-") != 0 && strspn(f[11], "PSDRV") != strlen(f[11]))
        problem(c, "flags", "'%s' has letters other than PSDRV", f[11]);
    if (c->why.len) {
        free(tpl.days);
        return verdict(c);
    }
    tpl.category = xstrdup(f[1]);
    tpl.intensity = (int)intensity;
    tpl.name = xstrdup(f[3]);
    tpl.tags = xstrdup(f[4]);
    tpl.start_minute = minutes;
    tpl.minutes = (int)length;
    tpl.group_size = (int)group;
    tpl.peer_run = strchr(f[11], 'P') != NULL;
    tpl.substance_free = strchr(f[11], 'S') != NULL;
    tpl.drop_in = strchr(f[11], 'D') != NULL;
    tpl.registration = strchr(f[11], 'R') != NULL;
    tpl.is_virtual = strchr(f[11], 'V') != NULL;
    tpl.description = xstrdup(f[12]);
    d->templates = xrealloc(d->templates, (d->n_templates + 1) * sizeof *d->templates);
    d->templates[d->n_templates++] = tpl;
    return NULL;
}

/* One line of a one-column file (a word or phrase). */
static const char *item_line(void *ctx, char *line)
{
    struct line_ctx *c = ctx;
    *c->items = xrealloc(*c->items, (*c->n_items + 1) * sizeof **c->items);
    (*c->items)[(*c->n_items)++] = xstrdup(line);
    return NULL;
}

/* Reads a file with fn and refuses it when it gave nothing (*count stays 0). */
static int load_nonempty(const char *name, datafile_line_fn fn, struct line_ctx *c,
                         const size_t *count, struct diag *diag)
{
    int rc = read_file(name, fn, c, diag);
    if (rc == BELONG_OK && *count == 0) {
        char path[4096];
        diag_add(diag, data_file_path(name, path, sizeof path), 0, NULL, "the file has no entries");
        rc = BELONG_EDATA;
    }
    return rc;
}

int demo_data_load(struct demo_data *d, struct diag *diag)
{
    memset(d, 0, sizeof *d);
    struct line_ctx c = {.d = d};
    int rc = categories_load(NULL, &d->categories, diag);
    if (rc == BELONG_OK)
        rc = load_nonempty("demo/organizations.tsv", org_line, &c, &d->n_orgs, diag);
    if (rc == BELONG_OK)
        rc = load_nonempty("demo/activities.tsv", template_line, &c, &d->n_templates, diag);
    struct demo_town *state = NULL;
    size_t n_state = 0;
    if (rc == BELONG_OK)
        rc = demo_state_towns(DEMO_STATE, &state, &n_state, diag);
    c.state = state;
    c.n_state = n_state;
    if (rc == BELONG_OK)
        rc = load_nonempty("demo/towns.tsv", town_line, &c, &d->n_towns, diag);
    demo_towns_free(state, n_state);
    c.items = &d->streets;
    c.n_items = &d->n_streets;
    if (rc == BELONG_OK)
        rc = load_nonempty("demo/streets.txt", item_line, &c, &d->n_streets, diag);
    c.items = &d->words;
    c.n_items = &d->n_words;
    if (rc == BELONG_OK)
        rc = load_nonempty("demo/words.txt", item_line, &c, &d->n_words, diag);
    return rc;
}

void demo_data_free(struct demo_data *d)
{
    demo_towns_free(d->towns, d->n_towns);
    free_list(d->kinds, d->n_kinds);
    for (size_t i = 0; i < d->n_orgs; i++)
        free(d->orgs[i].pattern);
    free(d->orgs);
    for (size_t i = 0; i < d->n_templates; i++) {
        struct demo_template *t = &d->templates[i];
        free(t->category);
        free(t->name);
        free(t->tags);
        free(t->description);
        free(t->days);
    }
    free(d->templates);
    free_list(d->streets, d->n_streets);
    free_list(d->words, d->n_words);
    categories_free(&d->categories);
    memset(d, 0, sizeof *d);
}
