/* search_form.c — a directory search read from named text fields (app_search_form.h): the
** table of fields, each field's parser with the message a person needs, the checks across
** fields, and the page of results.
*/
#include "app_search_form.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../directory/activity.h"
#include "../store/store.h"
#include "../util/money.h"
#include "../util/number.h"
#include "../util/text.h"
#include "../util/timeutil.h"

#define MAX_COST_USD 100000 /* a max_cost above this is a typo */
#define YEAR_MIN     1970   /* the dates belong expands schedules between */
#define YEAR_MAX     2199

static const char *const field_names[SF_COUNT] = {
    [SF_Q] = "q",
    [SF_CATEGORY] = "category",
    [SF_NEAR] = "near",
    [SF_ZIP] = "zip",
    [SF_TOWN] = "town",
    [SF_WITHIN] = "within",
    [SF_FROM] = "from",
    [SF_TO] = "to",
    [SF_DAYS] = "days",
    [SF_AFTER] = "after",
    [SF_BEFORE] = "before",
    [SF_FREE] = "free",
    [SF_MAX_COST] = "max_cost",
    [SF_ACCESS] = "access",
    [SF_INTENSITY_MAX] = "intensity_max",
    [SF_LIMIT] = "limit",
    [SF_OFFSET] = "offset",
};

const char *search_field_name(enum search_field f)
{
    return f < SF_COUNT ? field_names[f] : NULL;
}

bool search_days_parse(const char *s, unsigned *mask, char *bad, size_t bad_len)
{
    unsigned out = 0;
    const char *p = s;
    while (*p) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        const char *end = p;
        while (*end && *end != ',' && !isspace((unsigned char)*end))
            end++;
        size_t n = (size_t)(end - p);
        if (n == 0)
            break;
        unsigned found = 0;
        if (n == 8 && strncasecmp(p, "weekdays", n) == 0)
            found = 0x1f;
        else if ((n == 7 || n == 8) && strncasecmp(p, "weekends", n) == 0)
            found = 0x60;
        for (int d = 0; d < 7 && !found; d++) {
            const char *name = weekday_name(d);
            if (n >= 2 && n <= strlen(name) && strncasecmp(p, name, n) == 0 &&
                (n <= 3 || n == strlen(name)))
                found = 1u << d;
        }
        if (!found) {
            snprintf(bad, bad_len, "%.*s", (int)n, p);
            return false;
        }
        out |= found;
        p = end;
    }
    if (!out) {
        snprintf(bad, bad_len, "%s", s);
        return false;
    }
    *mask = out;
    return true;
}

bool search_miles_parse(const char *s, double *out)
{
    double v;
    if (!parse_decimal(s, &v) || !(v > 0) || v > SEARCH_WITHIN_MAX_MILES)
        return false;
    *out = v;
    return true;
}

bool search_near_parse(const char *s, double *lat, double *lon)
{
    const char *comma = strchr(s, ',');
    if (!comma)
        return false;
    char *lat_text = xstrndup(s, (size_t)(comma - s));
    bool ok = parse_decimal(lat_text, lat) && parse_decimal(comma + 1, lon) && fabs(*lat) <= 90 &&
              fabs(*lon) <= 180;
    free(lat_text);
    return ok;
}

void app_search_form_init(struct app_search_form *f)
{
    memset(f, 0, sizeof *f);
    search_query_init(&f->q);
    f->limit = SEARCH_FORM_LIMIT_DEFAULT;
}

void app_search_form_free(struct app_search_form *f)
{
    for (int i = 0; i < SF_COUNT; i++)
        free(f->typed[i]);
    for (size_t i = 0; i < f->n_categories; i++)
        free(f->categories[i]);
    categories_free(&f->category_table);
    memset(f, 0, sizeof *f);
}

/* Keeps value as typed for field: a list field adds it after a comma. */
static void keep_typed(struct app_search_form *f, enum search_field field, const char *value,
                       bool list)
{
    struct buf b = {0};
    if (list && f->typed[field])
        buf_printf(&b, "%s,", f->typed[field]);
    buf_puts(&b, value);
    free(f->typed[field]);
    f->typed[field] = buf_detach(&b);
}

/* Adds each slug of a comma list, checked against the category table. */
static int add_categories(struct app_search_form *f, const char *list, struct app_error *err)
{
    const char *name = field_names[SF_CATEGORY], *p = list, *item;
    size_t n;
    if (!f->category_table.n) {
        int rc = app_categories(&f->category_table, err);
        if (rc != BELONG_OK)
            return rc;
    }
    while (comma_list_next(&p, &item, &n)) {
        char *slug = text_trim_lower(item, n);
        const struct category *c = category_find(&f->category_table, slug);
        if (!c) {
            struct buf known = {0};
            for (size_t i = 0; i < f->category_table.n; i++)
                buf_printf(&known, "%s%s", i ? ", " : "", f->category_table.items[i].slug);
            app_fail(err, BELONG_EUSAGE, name, "%s: unknown category '%.64s' (known: %s)", name,
                     slug, buf_str(&known));
            buf_free(&known);
            free(slug);
            return BELONG_EUSAGE;
        }
        free(slug);
        if (f->n_categories == SEARCH_CATEGORIES_MAX)
            return app_fail(err, BELONG_EUSAGE, name, "%s: at most %d categories", name,
                            SEARCH_CATEGORIES_MAX);
        f->categories[f->n_categories] = xstrdup(c->slug);
        f->q.categories[f->q.n_categories++] = f->categories[f->n_categories++];
    }
    return BELONG_OK;
}

/* The start of the local day value names (YYYY-MM-DD), plus add_days. */
static int parse_day(const char *name, const char *value, int add_days, time_t *out,
                     struct app_error *err)
{
    struct civil_date d;
    if (!parse_date(value, &d))
        return app_fail(err, BELONG_EUSAGE, name, "%s: '%s' is not a date (YYYY-MM-DD)", name,
                        value);
    if (d.year < YEAR_MIN || d.year > YEAR_MAX)
        return app_fail(err, BELONG_EUSAGE, name,
                        "%s: '%s' is outside the dates belong works with (%d-01-01 to "
                        "%d-12-31)",
                        name, value, YEAR_MIN, YEAR_MAX);
    if (add_days)
        d = civil_from_days(days_from_civil(&d) + add_days);
    *out = local_to_instant(&d, 0, 0, NULL);
    return BELONG_OK;
}

/* A place field: only one of near, zip and town. */
static int set_place(struct app_search_form *f, enum search_field field, const char *value,
                     struct app_error *err)
{
    const char *name = field_names[field];
    if (f->has_place)
        return app_fail(err, BELONG_EUSAGE, name, "%s: give only one of near, zip and town", name);
    f->has_place = true;
    if (field == SF_NEAR) {
        if (!search_near_parse(value, &f->q.center_lat, &f->q.center_lon))
            return app_fail(err, BELONG_EUSAGE, name, "%s: '%s' is not LAT,LON (e.g. 42.26,-71.80)",
                            name, value);
        f->q.has_center = true;
        snprintf(f->place_label, sizeof f->place_label, "%.5f,%.5f", f->q.center_lat,
                 f->q.center_lon);
    }
    return BELONG_OK; /* a ZIP or town is looked up by app_search_form_finish */
}

/* Parses value (not empty) into field. */
static int set_field(struct app_search_form *f, enum search_field field, const char *value,
                     struct app_error *err)
{
    const char *name = field_names[field];
    struct search_query *q = &f->q;
    char bad[64];
    long number;
    switch (field) {
    case SF_Q:
        return BELONG_OK; /* kept as typed; read by app_search_form_finish */
    case SF_CATEGORY:
        return add_categories(f, value, err);
    case SF_NEAR:
    case SF_ZIP:
    case SF_TOWN:
        return set_place(f, field, value, err);
    case SF_WITHIN:
        if (!search_miles_parse(value, &q->within_miles))
            return app_fail(err, BELONG_EUSAGE, name,
                            "%s: '%s' is not a distance in miles (more than 0, at most %.0f)", name,
                            value, SEARCH_WITHIN_MAX_MILES);
        return BELONG_OK;
    case SF_FROM:
        return parse_day(name, value, 0, &q->from, err);
    case SF_TO:
        return parse_day(name, value, 1, &q->to, err);
    case SF_DAYS: {
        unsigned mask;
        if (!search_days_parse(value, &mask, bad, sizeof bad))
            return app_fail(err, BELONG_EUSAGE, name,
                            "%s: '%s' is not a day (use MO,TU,WE,TH,FR,SA,SU)", name, bad);
        q->weekday_mask |= mask;
        return BELONG_OK;
    }
    case SF_AFTER:
    case SF_BEFORE: {
        int minutes;
        const char *rest = NULL;
        if (!parse_clock(value, &minutes, NULL, &rest) || (rest && *rest))
            return app_fail(err, BELONG_EUSAGE, name, "%s: '%s' is not a time (HH:MM)", name,
                            value);
        *(field == SF_AFTER ? &q->after_minute : &q->before_minute) = minutes;
        return BELONG_OK;
    }
    case SF_FREE: {
        bool yes = strcasecmp(value, "on") == 0; /* what a checked box sends */
        if (!yes && !parse_yes_no(value, &yes))
            return app_fail(err, BELONG_EUSAGE, name, "%s: '%s' is not yes or no", name, value);
        f->free_only = yes;
        if (yes)
            q->max_cost_cents = 0;
        return BELONG_OK;
    }
    case SF_MAX_COST:
        f->has_max_cost = true;
        if (!parse_usd_cents(value, MAX_COST_USD, &q->max_cost_cents))
            return app_fail(err, BELONG_EUSAGE, name, "%s: '%s' is not an amount in dollars", name,
                            value);
        return BELONG_OK;
    case SF_ACCESS: {
        unsigned flags;
        if (!access_parse(value, &flags, bad, (int)sizeof bad))
            return app_fail(err, BELONG_EUSAGE, name,
                            "%s: unknown feature '%s' (known: wheelchair, asl, quiet, transit)",
                            name, bad);
        q->access_required |= flags;
        return BELONG_OK;
    }
    case SF_INTENSITY_MAX:
        if (!parse_whole(value, INTENSITY_MIN, INTENSITY_MAX, &number))
            return app_fail(err, BELONG_EUSAGE, name, "%s: '%s' is not a level from %d to %d", name,
                            value, INTENSITY_MIN, INTENSITY_MAX);
        q->intensity_max = (int)number;
        return BELONG_OK;
    case SF_LIMIT:
        if (!parse_whole(value, 1, SEARCH_FORM_LIMIT_MAX, &number))
            return app_fail(err, BELONG_EUSAGE, name, "%s: '%s' is not a number from 1 to %d", name,
                            value, SEARCH_FORM_LIMIT_MAX);
        f->limit = (int)number;
        return BELONG_OK;
    case SF_OFFSET:
        if (!parse_whole(value, 0, SEARCH_OFFSET_MAX, &number))
            return app_fail(err, BELONG_EUSAGE, name, "%s: '%s' is not a number from 0 to %d", name,
                            value, SEARCH_OFFSET_MAX);
        f->offset = (int)number;
        return BELONG_OK;
    case SF_COUNT:
        break;
    }
    return app_fail(err, BELONG_EINTERNAL, name, "%s: not a field", name);
}

int app_search_form_set(struct app_search_form *f, const char *name, const char *value,
                        struct app_error *err)
{
    int field = 0;
    while (field < SF_COUNT && strcmp(field_names[field], name) != 0)
        field++;
    if (field == SF_COUNT) {
        /* err->field must be static text: an unknown name is said in the message. */
        return app_fail(err, BELONG_EUSAGE, "parameter",
                        "unknown parameter '%.64s' (known: q, category, near, zip, town, within, "
                        "from, to, days, after, before, free, max_cost, access, intensity_max, "
                        "limit, offset)",
                        name);
    }
    const char *problem = text_problem(value, SEARCH_FORM_VALUE_MAX, false);
    if (problem)
        return app_fail(err, BELONG_EUSAGE, field_names[field], "%s: %s", field_names[field],
                        problem);
    bool list = field == SF_CATEGORY || field == SF_DAYS || field == SF_ACCESS;
    if (!*value)
        return BELONG_OK; /* an empty box */
    if (!list && f->typed[field])
        /* Which one is meant cannot be told (and a cache or proxy in front may read the
        ** other): a field that takes one value is refused when it comes twice. */
        return app_fail(err, BELONG_EUSAGE, field_names[field],
                        "%s: given twice ('%.40s' and '%.40s'): give it once", field_names[field],
                        f->typed[field], value);
    keep_typed(f, (enum search_field)field, value, list);
    return set_field(f, (enum search_field)field, value, err);
}

int app_search_form_finish(struct app *app, struct app_search_form *f, struct app_error *err)
{
    struct search_query *q = &f->q;
    if (f->free_only && f->has_max_cost)
        return app_fail(err, BELONG_EUSAGE, field_names[SF_MAX_COST],
                        "max_cost: give it or free, not both");
    if (q->within_miles > 0 && !f->has_place)
        return app_fail(err, BELONG_EUSAGE, field_names[SF_WITHIN],
                        "within: give a place to measure from (near, zip or town)");
    if (q->after_minute >= 0 && q->before_minute >= 0 && q->after_minute >= q->before_minute)
        return app_fail(err, BELONG_EUSAGE, field_names[SF_BEFORE],
                        "before: %s is not later than after %s", f->typed[SF_BEFORE],
                        f->typed[SF_AFTER]);
    if (!q->from)
        q->from = app->now;
    if (!q->to)
        q->to = q->from + (time_t)SEARCH_WINDOW_DAYS_DEFAULT * SECONDS_PER_DAY;
    if (q->to <= q->from)
        return app_fail(err, BELONG_EUSAGE, field_names[SF_TO],
                        "to: the window ends before it starts (from %s)",
                        f->typed[SF_FROM] ? f->typed[SF_FROM] : "today");
    int rc = BELONG_OK;
    for (enum search_field field = SF_ZIP; field <= SF_TOWN && rc == BELONG_OK; field++)
        if (f->typed[field])
            rc = app_place_resolve(app, field_names[field], f->typed[field], field == SF_ZIP, q,
                                   f->place_label, sizeof f->place_label, err);
    if (rc != BELONG_OK)
        return rc;
    if (!f->category_table.n && (rc = app_categories(&f->category_table, err)) != BELONG_OK)
        return rc;
    q->text = f->typed[SF_Q];
    /* q that is a category's slug or name, and no category field: that category, not words. */
    f->text_category = q->n_categories ? NULL : app_category_named(&f->category_table, q->text);
    if (f->text_category) {
        q->categories[q->n_categories++] = f->text_category->slug;
        q->text = NULL;
    }
    return BELONG_OK;
}

int app_search_form_run(struct app *app, struct app_search_form *f, struct app_search_page *page,
                        struct app_error *err)
{
    memset(page, 0, sizeof *page);
    /* The search ranks the best offset + limit, returns the last limit, and counts them all. */
    f->q.limit = f->limit;
    f->q.offset = f->offset;
    f->q.count_matched = true;
    int rc = app_search(app, &f->q, &page->found, err);
    if (rc != BELONG_OK)
        return rc;
    const struct search_results *found = &page->found.results;
    page->total = found->matched;
    page->items = found->items;
    page->n = found->n;
    return BELONG_OK;
}

int app_search_form_search(struct app *app, struct app_search_form *f, struct app_search_page *page,
                           struct app_error *err)
{
    memset(page, 0, sizeof *page);
    /* Without it (a transaction already open) each look-up reads in its own: the same answer. */
    bool reading = app->store && store_read_begin(app->store) == BELONG_OK;
    int rc = app_search_form_finish(app, f, err);
    if (rc == BELONG_OK)
        rc = app_search_form_run(app, f, page, err);
    if (reading)
        store_read_end(app->store);
    return rc;
}

void app_search_page_free(struct app_search_page *page)
{
    app_search_result_free(&page->found);
    memset(page, 0, sizeof *page);
}
