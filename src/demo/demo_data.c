/* demo_data.c — the seeded PRNG and loading the files of data/demo/ (towns, organisation names,
 *activity
 ** templates, streets, topic words) and the ZIP centroids the towns are placed at.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/csv.h"
#include "../util/buf.h"
#include "../util/datadir.h"
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

/* One open data file, read a line at a time; '#' lines and blank lines are skipped. */
struct tsv {
    FILE *f;
    char path[4096];
    char *line;
    size_t cap;
    long line_no;
    char *fields[MAX_FIELDS];
    size_t n_fields;
};

static int tsv_open(struct tsv *t, const char *name, struct diag *diag)
{
    memset(t, 0, sizeof *t);
    data_file_path(name, t->path, sizeof t->path);
    t->f = fopen(t->path, "r");
    if (!t->f) {
        diag_add(diag, t->path, 0, NULL, "cannot open: %s", strerror(errno));
        return BELONG_ENOINPUT;
    }
    return BELONG_OK;
}

/* Reads the next line and splits it at tabs. Returns true while there is a line. */
static bool tsv_next(struct tsv *t)
{
    ssize_t got;
    while ((got = getline(&t->line, &t->cap, t->f)) >= 0) {
        t->line_no++;
        while (got > 0 && (t->line[got - 1] == '\n' || t->line[got - 1] == '\r'))
            t->line[--got] = '\0';
        if (got == 0 || t->line[0] == '#')
            continue;
        t->n_fields = 0;
        for (char *p = t->line; t->n_fields < MAX_FIELDS;) {
            t->fields[t->n_fields++] = p;
            p = strchr(p, '\t');
            if (!p)
                break;
            *p++ = '\0';
        }
        return true;
    }
    return false;
}

static void tsv_close(struct tsv *t)
{
    if (t->f)
        fclose(t->f);
    free(t->line);
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

/* Resolves a ';'-separated list of template names into town->featured. Returns 0 or
** BELONG_EDATA when a name is unknown or the list is longer than the town's share. */
static int add_featured(const struct demo_data *d, struct demo_town *town, const char *list)
{
    for (const char *p = list; *p; p += strcspn(p, ";"), p += *p == ';') {
        size_t len = strcspn(p, ";"), found = (size_t)-1;
        for (size_t i = 0; i < d->n_templates && found == (size_t)-1; i++)
            if (strlen(d->templates[i].name) == len && strncmp(d->templates[i].name, p, len) == 0)
                found = i;
        if (found == (size_t)-1 || town->n_featured >= (size_t)town->activities)
            return BELONG_EDATA;
        town->featured = xrealloc(town->featured, (town->n_featured + 1) * sizeof *town->featured);
        town->featured[town->n_featured++] = found;
    }
    return BELONG_OK;
}

static int load_towns(struct demo_data *d, struct diag *diag)
{
    struct demo_town *state = NULL;
    size_t n_state = 0;
    struct tsv t;
    int rc = demo_state_towns(DEMO_STATE, &state, &n_state, diag);
    if (rc != BELONG_OK)
        goto out_state;
    rc = tsv_open(&t, "demo/towns.tsv", diag);
    if (rc != BELONG_OK)
        goto out_state;
    while (tsv_next(&t)) {
        long activities = t.n_fields == 5 || t.n_fields == 6 ? strtol(t.fields[1], NULL, 10) : 0;
        if (activities < 1 || activities > 1000) {
            diag_add(diag, t.path, t.line_no, NULL,
                     "expected zip, activities (1-1000), region, languages, places[, featured]");
            rc = BELONG_EDATA;
            continue;
        }
        const struct demo_town *found = NULL;
        for (size_t i = 0; i < n_state && !found; i++)
            if (strcmp(state[i].zip, t.fields[0]) == 0)
                found = &state[i];
        if (!found) {
            diag_add(diag, t.path, t.line_no, "zip", "%s is not a %s ZIP code with coordinates",
                     t.fields[0], DEMO_STATE);
            rc = BELONG_EDATA;
            continue;
        }
        d->towns = xrealloc(d->towns, (d->n_towns + 1) * sizeof *d->towns);
        struct demo_town *town = &d->towns[d->n_towns++];
        memset(town, 0, sizeof *town);
        town->zip = xstrdup(found->zip);
        town->town = xstrdup(found->town);
        town->lat = found->lat;
        town->lon = found->lon;
        town->activities = (int)activities;
        town->region = xstrdup(t.fields[2]);
        town->languages = xstrdup(t.fields[3]);
        split_list(t.fields[4], &town->places, &town->n_places);
        if (town->n_places == 0) {
            diag_add(diag, t.path, t.line_no, "places", "at least one place is needed");
            rc = BELONG_EDATA;
        }
        if (t.n_fields == 6 && add_featured(d, town, t.fields[5]) != BELONG_OK) {
            diag_add(diag, t.path, t.line_no, "featured",
                     "'%s' names a template not in activities.tsv, or more than the town's "
                     "activities",
                     t.fields[5]);
            rc = BELONG_EDATA;
        }
    }
    tsv_close(&t);
out_state:
    demo_towns_free(state, n_state);
    return rc;
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

static int load_orgs(struct demo_data *d, struct diag *diag)
{
    struct tsv t;
    int rc = tsv_open(&t, "demo/organizations.tsv", diag);
    if (rc != BELONG_OK)
        return rc;
    while (tsv_next(&t)) {
        if (t.n_fields != 2 || !*t.fields[0] || !*t.fields[1]) {
            diag_add(diag, t.path, t.line_no, NULL, "expected kind, name pattern");
            rc = BELONG_EDATA;
            continue;
        }
        d->orgs = xrealloc(d->orgs, (d->n_orgs + 1) * sizeof *d->orgs);
        d->orgs[d->n_orgs].kind = kind_index(d, t.fields[0], true);
        d->orgs[d->n_orgs].pattern = xstrdup(t.fields[1]);
        d->n_orgs++;
    }
    tsv_close(&t);
    return rc;
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

/* Checks one activities.tsv line and appends it to d. Returns 0 or BELONG_EDATA. */
static int add_template(struct demo_data *d, struct tsv *t, struct diag *diag)
{
    char **f = t->fields;
    if (t->n_fields != 13) {
        diag_add(diag, t->path, t->line_no, NULL, "expected 13 tab-separated fields, found %zu",
                 t->n_fields);
        return BELONG_EDATA;
    }
    struct demo_template tpl = {0};
    int rc = BELONG_OK;
    char bad[32];
    int minutes = 0, sec = 0;
    const char *rest = NULL;
    long intensity = strtol(f[2], NULL, 10), length = strtol(f[7], NULL, 10);
    long group = strtol(f[10], NULL, 10);
    tpl.kind = kind_index(d, f[0], false);
    tpl.line = t->line_no;
    if (tpl.kind == (size_t)-1) {
        diag_add(diag, t->path, t->line_no, "org_kind", "'%s' is not in organizations.tsv", f[0]);
        rc = BELONG_EDATA;
    }
    if (!category_find(&d->categories, f[1])) {
        diag_add(diag, t->path, t->line_no, "category", "'%s' is not in categories.tsv", f[1]);
        rc = BELONG_EDATA;
    }
    if (intensity < INTENSITY_MIN || intensity > INTENSITY_MAX) {
        diag_add(diag, t->path, t->line_no, "intensity", "'%s' is not 1-5", f[2]);
        rc = BELONG_EDATA;
    }
    if (!parse_recurrence(f[5], &tpl)) {
        diag_add(diag, t->path, t->line_no, "recurrence", "'%s' is not understood", f[5]);
        rc = BELONG_EDATA;
    }
    if (!parse_clock(f[6], &minutes, &sec, &rest) || *rest) {
        diag_add(diag, t->path, t->line_no, "time", "'%s' is not HH:MM", f[6]);
        rc = BELONG_EDATA;
    }
    if (length < 15 || length > 720) {
        diag_add(diag, t->path, t->line_no, "minutes", "'%s' is not 15-720", f[7]);
        rc = BELONG_EDATA;
    }
    if (!parse_cost(f[8], &tpl.cost_min_usd, &tpl.cost_max_usd)) {
        diag_add(diag, t->path, t->line_no, "cost", "'%s' is not N or N-M dollars", f[8]);
        rc = BELONG_EDATA;
    }
    if (strcmp(f[9], "-") != 0 && !access_parse(f[9], &tpl.access, bad, sizeof bad)) {
        diag_add(diag, t->path, t->line_no, "access", "'%s' is not a known feature", bad);
        rc = BELONG_EDATA;
    }
    if (group < 1 || group > 500) {
        diag_add(diag, t->path, t->line_no, "group", "'%s' is not 1-500", f[10]);
        rc = BELONG_EDATA;
    }
    if (strcmp(f[11], "-") != 0 && strspn(f[11], "PSDRV") != strlen(f[11])) {
        diag_add(diag, t->path, t->line_no, "flags", "'%s' has letters other than PSDRV", f[11]);
        rc = BELONG_EDATA;
    }
    if (rc != BELONG_OK) {
        free(tpl.days);
        return rc;
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
    return BELONG_OK;
}

static int load_templates(struct demo_data *d, struct diag *diag)
{
    struct tsv t;
    int rc = tsv_open(&t, "demo/activities.tsv", diag);
    if (rc != BELONG_OK)
        return rc;
    while (tsv_next(&t)) {
        int line_rc = add_template(d, &t, diag);
        if (line_rc != BELONG_OK)
            rc = line_rc;
    }
    if (rc == BELONG_OK && d->n_templates == 0) {
        diag_add(diag, t.path, 0, NULL, "no activity templates");
        rc = BELONG_EDATA;
    }
    tsv_close(&t);
    return rc;
}

/* Loads a file of one word or phrase a line. */
static int load_lines(const char *name, char ***items, size_t *n, struct diag *diag)
{
    struct tsv t;
    int rc = tsv_open(&t, name, diag);
    if (rc != BELONG_OK)
        return rc;
    while (tsv_next(&t)) {
        *items = xrealloc(*items, (*n + 1) * sizeof **items);
        (*items)[(*n)++] = xstrdup(t.fields[0]);
    }
    if (*n == 0) {
        diag_add(diag, t.path, 0, NULL, "the file is empty");
        rc = BELONG_EDATA;
    }
    tsv_close(&t);
    return rc;
}

int demo_data_load(struct demo_data *d, struct diag *diag)
{
    memset(d, 0, sizeof *d);
    int rc = categories_load(NULL, &d->categories, diag);
    if (rc == BELONG_OK)
        rc = load_orgs(d, diag);
    if (rc == BELONG_OK)
        rc = load_templates(d, diag);
    if (rc == BELONG_OK)
        rc = load_towns(d, diag);
    if (rc == BELONG_OK)
        rc = load_lines("demo/streets.txt", &d->streets, &d->n_streets, diag);
    if (rc == BELONG_OK)
        rc = load_lines("demo/words.txt", &d->words, &d->n_words, diag);
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
