/* app_directory.h — the directory's operations: import, refresh, correct a listing, search,
** show one listing and list when it meets. The one place that decides "stored occurrences, or
** expand the schedules" for a window (app_activity_occurrences).
*/
#ifndef BELONG_APP_DIRECTORY_H
#define BELONG_APP_DIRECTORY_H

#include "../directory/catalog.h"
#include "../directory/categories.h"
#include "../directory/search.h"
#include "../util/diag.h"
#include "app.h"

/* Reads belong's categories (data/categories.tsv), in file order: the process's copy, read once
** per version of the file (categories_shared). Returns 0; BELONG_ENOINPUT or BELONG_EDATA (err
** names the file and line) when the table cannot be read. OUT: *t (categories_free, whatever the
** result). */
int app_categories(struct category_table *t, struct app_error *err);

/* The category that text names: its slug or its name, in any case, with runs of white space
** as one and "and" for "&" ("gardening and nature" is "Gardening & nature"); NULL when text
** names none (words that merely contain a category's word name none). Borrowed from t. */
const struct category *app_category_named(const struct category_table *t, const char *text);

/* Refuses (BELONG_EUSAGE, field "--category") a slug that names no category of
** data/categories.tsv, listing the known ones; BELONG_EIO/EDATA when the table cannot be read. */
int app_category_check(const char *slug, struct app_error *err);

/* Sets the attributes of activity id named by which (ATTR_* bits) to a's values, the row and its
** text and place index entries in one transaction. The category, when set, is checked first.
** Returns 0; BELONG_ENOINPUT when there is no such activity; another status with err. */
int app_activity_set(struct app *app, int64_t id, const struct activity *a, unsigned which,
                     struct app_error *err);
/* Gives the attributes in which (enum activity_attr bits) that a CPS set by hand back to the
** directory: each gets the value it had before it was first set, and the next import writes
** the directory's own. One transaction. Returns 0, or BELONG_ENOINPUT (no such activity). */
int app_activity_reset(struct app *app, int64_t id, unsigned which, struct app_error *err);

/* Re-expands every active activity's schedules from today for the horizon (horizon_days > 0
** changes it first), in one transaction. Problems with single activities go to diag. OUT:
** *stats. */
int app_refresh(struct app *app, int horizon_days, struct diag *diag, struct import_stats *stats,
                struct app_error *err);

/* Imports batch b (catalog_import: one transaction). Rejected records go to diag. Returns 0;
** BELONG_EDATA when nothing could be imported (problems in diag; err says "nothing was
** imported"); another status with err (the database's own message). OUT: *stats. */
int app_import(struct app *app, struct import_batch *b, const struct import_options *opt,
               struct diag *diag, struct import_stats *stats, struct app_error *err);

/* Resolves a ZIP (zip true) or a town (place_resolve: a ZIP code, "Town" or "Town, ST"; a
** misspelt town is refused with the nearest spellings) into q's centre; a bare town found in
*several states means
** $BELONG_STATE, else the directory's own state (app's store when open). flag names the
** request field in errors. OUT: label (the place as found), q->center_*. */
int app_place_resolve(struct app *app, const char *flag, const char *value, bool zip,
                      struct search_query *q, char *label, size_t label_len, struct app_error *err);

/* The result of app_search: the results, and whether the window reaches outside the dates the
** directory holds occurrences for (then horizon_from/to say which dates it does). */
struct app_search_result {
    struct search_results results; /* search_results_free via app_search_result_free */
    bool past_horizon;
    time_t horizon_from, horizon_to;
};

/* Runs query q (its window defaulted from app->now). Returns 0, BELONG_EUSAGE for a query the
** search refuses, or another status with err. OUT: *out (app_search_result_free, whatever the
** result). */
int app_search(struct app *app, struct search_query *q, struct app_search_result *out,
               struct app_error *err);
void app_search_result_free(struct app_search_result *r);

/* Reads activity id. BELONG_ENOINPUT ("no activity with id N") when there is none. OUT: *a
** (activity_free) on success. */
int app_activity_get(struct app *app, int64_t id, struct activity *a, struct app_error *err);

/* The occurrences of activity id starting in [from, to): the stored ones when the window lies
** inside the materialised horizon, else expanded from its schedules. OUT: *occ, heap array the
** caller frees; *n. BELONG_EDATA when a schedule cannot be expanded. */
int app_activity_occurrences(struct app *app, int64_t id, time_t from, time_t to,
                             struct occurrence **occ, size_t *n, struct app_error *err);

/* One listing as `show` presents it: the activity, its schedules and its next occurrences. */
struct app_listing {
    struct activity activity;
    struct schedule *scheds;
    size_t n_scheds;
    struct occurrence *occ; /* the next ones in the default window, at most next_max */
    size_t n_occ;
};

/* Reads listing id and its next occurrences (at most next_max) in the default search window
** from app->now. OUT: *out (app_listing_free, whatever the result). */
int app_show(struct app *app, int64_t id, size_t next_max, struct app_listing *out,
             struct app_error *err);
void app_listing_free(struct app_listing *l);

#endif
