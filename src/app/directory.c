/* directory.c — the directory's operations (app_directory.h): each checks its request, calls the
** directory module and the store, and turns a failure into an app_error.
*/
#include "app_directory.h"

#include <stdlib.h>
#include <string.h>

#include "../directory/categories.h"
#include "../directory/home_state.h"
#include "../directory/occurrences.h"
#include "../directory/places.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../util/text.h"
#include "../util/timeutil.h"

int app_categories(struct category_table *t, struct app_error *err)
{
    struct diag diag = {0};
    int rc = categories_shared(t, &diag);
    if (rc != BELONG_OK) {
        /* diag holds one line per problem, each ending in '\n': the message is them all. */
        struct buf text = {0};
        buf_printf(&text, "%s", buf_str(&diag.text));
        if (text.len && text.data[text.len - 1] == '\n')
            text.data[--text.len] = '\0';
        app_fail(err, rc, NULL, "%s", buf_str(&text));
        buf_free(&text);
    }
    diag_free(&diag);
    return rc;
}

/* The key a category's name is compared by: folded (text_fold), '&' read as "and". Heap. */
static char *category_name_key(const char *s)
{
    struct buf b = {0};
    for (const char *p = s; *p; p++) {
        if (*p == '&')
            buf_puts(&b, " and ");
        else
            buf_putc(&b, *p);
    }
    char *key = text_fold(buf_str(&b));
    buf_free(&b);
    return key;
}

const struct category *app_category_named(const struct category_table *t, const char *text)
{
    if (!text)
        return NULL;
    char *key = category_name_key(text);
    const struct category *found = NULL;
    for (size_t i = 0; i < t->n && !found; i++) {
        char *label = category_name_key(t->items[i].label);
        if (strcmp(key, t->items[i].slug) == 0 || strcmp(key, label) == 0)
            found = &t->items[i];
        free(label);
    }
    free(key);
    return found;
}

int app_category_check(const char *slug, struct app_error *err)
{
    struct category_table table = {0};
    int rc = app_categories(&table, err);
    if (rc == BELONG_OK && !category_find(&table, slug)) {
        struct buf known = {0};
        for (size_t i = 0; i < table.n; i++)
            buf_printf(&known, "%s%s", i ? ", " : "", table.items[i].slug);
        rc = app_fail(err, BELONG_EUSAGE, "--category",
                      "--category: unknown category '%s' (known: %s)", slug, buf_str(&known));
        buf_free(&known);
    }
    categories_free(&table);
    return rc;
}

/* Sets the attributes in which to a's values, or gives those in reset back to the directory,
** in one transaction: the row and its text and place index entries change together, or not
** at all. */
static int change_attrs(struct app *app, int64_t id, const struct activity *a, unsigned which,
                        unsigned reset, struct app_error *err)
{
    struct store *s = app->store;
    int rc = store_begin(s);
    if (rc == BELONG_OK)
        rc = reset ? store_activity_reset_attrs(s, id, reset)
                   : store_activity_set_attrs(s, id, a, which);
    if (rc == BELONG_OK)
        rc = store_commit(s);
    if (rc != BELONG_OK)
        store_rollback(s);
    if (rc == BELONG_ENOINPUT)
        return app_fail(err, rc, "ID", "no activity with ID %lld", (long long)id);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    return BELONG_OK;
}

int app_activity_set(struct app *app, int64_t id, const struct activity *a, unsigned which,
                     struct app_error *err)
{
    if (!which)
        return app_fail(err, BELONG_EUSAGE, NULL, "nothing to set");
    int rc = BELONG_OK;
    if ((which & ATTR_CATEGORY) && a->category &&
        (rc = app_category_check(a->category, err)) != BELONG_OK)
        return rc;
    return change_attrs(app, id, a, which, 0, err);
}

int app_activity_reset(struct app *app, int64_t id, unsigned which, struct app_error *err)
{
    if (!which)
        return app_fail(err, BELONG_EUSAGE, NULL, "nothing to reset");
    return change_attrs(app, id, NULL, 0, which, err);
}

int app_refresh(struct app *app, int horizon_days, struct diag *diag, struct import_stats *stats,
                struct app_error *err)
{
    int rc = catalog_refresh(app->store, horizon_days, diag, stats);
    return rc == BELONG_OK ? rc : app_store_fail(app, err, rc);
}

int app_import(struct app *app, struct import_batch *b, const struct import_options *opt,
               struct diag *diag, struct import_stats *stats, struct app_error *err)
{
    int rc = catalog_import(app->store, b, opt, diag, stats);
    if (rc == BELONG_EDATA)
        return app_fail(err, rc, NULL, "nothing was imported");
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    return BELONG_OK;
}

int app_place_resolve(struct app *app, const char *flag, const char *value, bool zip,
                      struct search_query *q, char *label, size_t label_len, struct app_error *err)
{
    struct place place;
    char msg[512];
    int64_t version = app->store ? store_directory_version(app->store) : -1;
    if (!app->home_prefer.state || app->home.store != app->store || app->home_version != version ||
        !app->store) { /* no database yet: the setting only, asked again next time */
        app->home_prefer = home_state_prefer(&app->home, app->store);
        app->home_version = version;
    }
    int rc = zip ? place_from_zip(value, &place, msg, sizeof msg)
                 : place_resolve(value, &app->home_prefer, &place, msg, sizeof msg);
    if (rc == BELONG_EIO)
        return app_fail(err, rc, flag, "%s", msg);
    if (rc != BELONG_OK)
        return app_fail(err, BELONG_EUSAGE, flag, "%s: %s", flag, msg);
    q->has_center = true;
    q->center_lat = place.lat;
    q->center_lon = place.lon;
    snprintf(label, label_len, "%s", place.label);
    return BELONG_OK;
}

int app_search(struct app *app, struct search_query *q, struct app_search_result *out,
               struct app_error *err)
{
    memset(out, 0, sizeof *out);
    if (!q->from)
        q->from = app->now;
    if (!q->to)
        q->to = q->from + (time_t)SEARCH_WINDOW_DAYS_DEFAULT * SECONDS_PER_DAY;
    char msg[512];
    int rc = search_run(app->store, q, &out->results, msg, sizeof msg);
    if (rc != BELONG_OK)
        return app_fail(err, rc, NULL, "%s", msg);
    /* Search reads the materialised occurrences only: say when the window reaches past them.
    ** The horizon as of the listings searched (kept with them); before any import, the one an
    ** import would write. */
    bool stored, found;
    time_t first, last;
    if (store_search_horizon(app->store, &first, &last, &found) == BELONG_OK && found) {
        out->horizon_from = first;
        out->horizon_to = last;
        out->past_horizon = !(q->from >= first && q->to <= last);
    } else if (occurrences_window_stored(app->store, q->from, q->to, &stored, &out->horizon_from,
                                         &out->horizon_to) == BELONG_OK) {
        out->past_horizon = !stored;
    }
    return BELONG_OK;
}

void app_search_result_free(struct app_search_result *r)
{
    search_results_free(&r->results);
}

int app_activity_get(struct app *app, int64_t id, struct activity *a, struct app_error *err)
{
    int rc = store_activity_get(app->store, id, a);
    if (rc == BELONG_ENOINPUT)
        return app_fail(err, rc, "ID", "no activity with id %lld", (long long)id);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    return BELONG_OK;
}

int app_activity_occurrences(struct app *app, int64_t id, time_t from, time_t to,
                             struct occurrence **occ, size_t *n, struct app_error *err)
{
    *occ = NULL;
    *n = 0;
    int rc = occurrences_in_window(app->store, id, from, to, occ, n);
    if (rc != BELONG_OK)
        return app_fail(err, rc, NULL, "cannot list occurrences of %lld: %s", (long long)id,
                        rc == BELONG_EDATA ? "a schedule is invalid" : store_errmsg(app->store));
    return BELONG_OK;
}

int app_show(struct app *app, int64_t id, size_t next_max, struct app_listing *out,
             struct app_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = app_activity_get(app, id, &out->activity, err);
    if (rc != BELONG_OK)
        return rc;
    time_t now = app->now;
    rc = store_schedules_get(app->store, id, &out->scheds, &out->n_scheds);
    if (rc == BELONG_OK)
        rc = occurrences_in_window(app->store, id, now,
                                   now + (time_t)SEARCH_WINDOW_DAYS_DEFAULT * SECONDS_PER_DAY,
                                   &out->occ, &out->n_occ);
    if (rc != BELONG_OK)
        return app_store_fail(app, err, rc);
    if (out->n_occ > next_max)
        out->n_occ = next_max;
    return BELONG_OK;
}

void app_listing_free(struct app_listing *l)
{
    for (size_t i = 0; i < l->n_scheds; i++)
        schedule_free(&l->scheds[i]);
    free(l->scheds);
    free(l->occ);
    activity_free(&l->activity);
    memset(l, 0, sizeof *l);
}
