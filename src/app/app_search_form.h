/* app_search_form.h — a directory search asked as named text fields, as the web's search form
** and the API's query string give it: each field parsed and checked as it comes (the first bad
** one named in the app_error), then checked together, run, and cut into one page of results.
** The value parsers the CLI's search options share are here too.
*/
#ifndef BELONG_APP_SEARCH_FORM_H
#define BELONG_APP_SEARCH_FORM_H

#include "../directory/places.h"
#include "app_directory.h"

/* The fields, by their names in a URL (docs/web.md). */
enum search_field {
    SF_Q,             /* words; or a category's slug or name */
    SF_CATEGORY,      /* category slugs (repeat or comma-separate) */
    SF_NEAR,          /* LAT,LON */
    SF_ZIP,           /* a ZIP code */
    SF_TOWN,          /* a town, "Town, ST" */
    SF_WITHIN,        /* miles, with a place */
    SF_FROM,          /* YYYY-MM-DD */
    SF_TO,            /* YYYY-MM-DD, included */
    SF_DAYS,          /* MO,TU,... weekdays, weekend (repeat or comma-separate) */
    SF_AFTER,         /* HH:MM */
    SF_BEFORE,        /* HH:MM */
    SF_FREE,          /* yes / on / true / 1 */
    SF_MAX_COST,      /* dollars */
    SF_ACCESS,        /* wheelchair, asl, quiet, transit (repeat or comma-separate) */
    SF_INTENSITY_MAX, /* 1-5 */
    SF_LIMIT,         /* results on a page: 1-SEARCH_FORM_LIMIT_MAX */
    SF_OFFSET,        /* results skipped: 0-SEARCH_LIMIT_MAX */
    SF_COUNT
};

#define SEARCH_FORM_LIMIT_DEFAULT 20
#define SEARCH_FORM_LIMIT_MAX     100
#define SEARCH_FORM_VALUE_MAX     512 /* bytes of one field's value */

/* The name of a field in a URL ("intensity_max"). */
const char *search_field_name(enum search_field f);

/* A search being read. Zero it and call app_search_form_init; free with app_search_form_free. */
struct app_search_form {
    char *typed[SF_COUNT]; /* each field as typed (lists joined by ","), or NULL: heap */
    struct search_query q; /* its strings point into this form */
    char *categories[SEARCH_CATEGORIES_MAX]; /* the category slugs q points to: heap */
    size_t n_categories;
    bool free_only, has_max_cost, has_place;
    int limit, offset;
    char place_label[PLACE_LABEL_LEN];    /* the place searched around, as found */
    struct category_table category_table; /* for names and text that names a category */
    const struct category *text_category; /* q's text taken as this category, or NULL */
};

void app_search_form_init(struct app_search_form *f);
void app_search_form_free(struct app_search_form *f);

/* Reads field name = value into f. An empty value is as if the field were not given (an empty
** box of a form); a list field (category, days, access) adds to what it has. Returns 0, or
** BELONG_EUSAGE with err->field the field's name (a name not in the table: that name, said
** unknown) and a message saying what is wrong with the value and what is expected. */
int app_search_form_set(struct app_search_form *f, const char *name, const char *value,
                        struct app_error *err);

/* Checks the fields together (free and max_cost, within without a place, after before before,
** the window), resolves a ZIP or town (the directory's own state first), and takes a q that
** names a category as that category. Returns 0 or a status with err naming the field. */
int app_search_form_finish(struct app *app, struct app_search_form *f, struct app_error *err);

/* One page of a search: the results from f->offset, at most f->limit of them, of total. */
struct app_search_page {
    struct app_search_result found;    /* the page's results; owned */
    const struct search_result *items; /* the page: into found */
    size_t n;
    size_t total; /* how many match in all */
};

/* Runs the search of a finished form. Returns 0 or a status with err. OUT: *page
** (app_search_page_free, whatever the result). */
int app_search_form_run(struct app *app, struct app_search_form *f, struct app_search_page *page,
                        struct app_error *err);
void app_search_page_free(struct app_search_page *page);

/* app_search_form_finish then app_search_form_run, in one read transaction of app's store:
** the place's look-up, the search and its page read the database as of one state (the newest
** committed when it begins), and take its locks once instead of once a look-up. Returns and
** OUT: as app_search_form_run. */
int app_search_form_search(struct app *app, struct app_search_form *f, struct app_search_page *page,
                           struct app_error *err);

/* ---- the value parsers the CLI's options share ---------------------------------------- */

/* "MO,TU" (two or three letters or full names, any case; "weekdays", "weekend") into a mask
** with bit 0 = Monday. On error copies the bad word into bad and returns false. */
bool search_days_parse(const char *s, unsigned *mask, char *bad, size_t bad_len);
/* A distance in miles, more than 0 and at most SEARCH_WITHIN_MAX_MILES. */
bool search_miles_parse(const char *s, double *out);
/* "LAT,LON" with |LAT| <= 90 and |LON| <= 180. */
bool search_near_parse(const char *s, double *lat, double *lon);

#endif
