/* test_search_form.c — a search read from named fields (src/app/search_form.c): each field's
** refusal names the field and says why, empty values are not given, list fields add up, the
** checks across fields, a category named by q, and the page cut from the results (offset,
** limit, total) on the demo catalogue.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/app/app_search_form.h"
#include "app_fixture.h"
#include "store_fixture.h"

static char path[] = "/tmp/belong-test-search-form-XXXXXX";
static struct app app;

static int setup(void **state)
{
    (void)state;
    return fixture_demo_app(path, &app);
}

static int teardown(void **state)
{
    (void)state;
    fixture_app_remove(&app, path);
    return 0;
}

/* Reads "name=value&..." (no escapes) into f and finishes it; returns the first failure. */
static int read_form(struct app_search_form *f, const char *query, struct app_error *err)
{
    app_search_form_init(f);
    char *copy = strdup(query), *save = NULL;
    int rc = BELONG_OK;
    for (char *pair = strtok_r(copy, "&", &save); pair && rc == BELONG_OK;
         pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        if (eq)
            *eq = '\0';
        rc = app_search_form_set(f, pair, eq ? eq + 1 : "", err);
    }
    free(copy);
    return rc == BELONG_OK ? app_search_form_finish(&app, f, err) : rc;
}

static void refused(const char *query, const char *field, const char *says)
{
    struct app_search_form f;
    struct app_error err;
    int rc = read_form(&f, query, &err);
    if (rc != BELONG_EUSAGE || !err.field || strcmp(err.field, field) != 0 ||
        !strstr(err.message, says))
        fail_msg("%s: status %d, field %s, message '%s'; wanted field %s saying '%s'", query, rc,
                 err.field ? err.field : "(none)", err.message, field, says);
    app_search_form_free(&f);
}

static void each_bad_field_is_named(void **state)
{
    (void)state;
    refused("category=nope", "category", "unknown category 'nope'");
    refused("near=91,0", "near", "is not LAT,LON");
    refused("zip=00000", "zip", "00000");
    refused("town=Nowhereville Zzz", "town", "Nowhereville");
    refused("near=42,-71&zip=01610", "zip", "only one of near, zip and town");
    refused("within=0", "within", "not a distance in miles");
    refused("within=5", "within", "give a place");
    refused("from=2026-02-30", "from", "not a date");
    refused("to=2300-01-01", "to", "outside the dates");
    refused("from=2026-12-10&to=2026-12-01", "to", "ends before it starts");
    refused("days=TU,Funday", "days", "'Funday' is not a day");
    refused("after=7pm", "after", "not a time");
    refused("after=18:00&before=09:00", "before", "is not later than after 18:00");
    refused("free=perhaps", "free", "not yes or no");
    refused("max_cost=-2", "max_cost", "not an amount");
    refused("free=on&max_cost=5", "max_cost", "not both");
    refused("access=stairs", "access", "unknown feature 'stairs'");
    refused("intensity_max=6", "intensity_max", "from 1 to 5");
    refused("limit=101", "limit", "from 1 to 100");
    refused("offset=1000001", "offset", "from 0 to 1000000");
    refused("colour=red", "parameter", "unknown parameter 'colour'");
    refused("q=a\x01z", "q", "");
}

static void empty_values_are_not_given_and_lists_add_up(void **state)
{
    (void)state;
    struct app_search_form f;
    struct app_error err;
    assert_int_equal(read_form(&f,
                               "q=&zip=&within=&days=MO&days=FR,SA&access=quiet&access="
                               "wheelchair&category=music&category=arts-crafts",
                               &err),
                     BELONG_OK);
    assert_null(f.typed[SF_ZIP]);
    assert_null(f.q.text);
    assert_false(f.q.has_center);
    assert_int_equal(f.q.weekday_mask, 0x1 | 0x10 | 0x20);
    assert_string_equal(f.typed[SF_DAYS], "MO,FR,SA");
    assert_int_equal(f.q.access_required, ACCESS_QUIET | ACCESS_WHEELCHAIR);
    assert_int_equal(f.q.n_categories, 2);
    assert_string_equal(f.q.categories[1], "arts-crafts");
    app_search_form_free(&f);
}

static void q_naming_a_category_searches_it(void **state)
{
    (void)state;
    struct app_search_form f;
    struct app_error err;
    assert_int_equal(read_form(&f, "q=Gardening and nature", &err), BELONG_OK);
    assert_non_null(f.text_category);
    assert_string_equal(f.text_category->slug, "gardening-nature");
    assert_null(f.q.text);
    assert_string_equal(f.typed[SF_Q], "Gardening and nature");
    app_search_form_free(&f);
}

static void pages_are_cut_from_the_results(void **state)
{
    (void)state;
    struct app_search_form f;
    struct app_search_page all = {0}, page = {0};
    struct app_error err;
    assert_int_equal(read_form(&f, "town=Worcester&limit=100", &err), BELONG_OK);
    assert_int_equal(app_search_form_run(&app, &f, &all, &err), BELONG_OK);
    assert_true(all.total > 30);
    assert_int_equal(all.n, all.total < 100 ? all.total : 100);
    app_search_form_free(&f);
    assert_int_equal(read_form(&f, "town=Worcester&limit=10&offset=20", &err), BELONG_OK);
    assert_int_equal(app_search_form_run(&app, &f, &page, &err), BELONG_OK);
    assert_int_equal(page.total, all.total);
    assert_int_equal(page.n, 10);
    for (size_t i = 0; i < page.n; i++)
        assert_int_equal(page.items[i].id, all.items[20 + i].id);
    assert_string_equal(f.place_label, "Worcester, MA");
    app_search_page_free(&page);
    app_search_form_free(&f);
    char beyond[64];
    snprintf(beyond, sizeof beyond, "town=Worcester&offset=%zu", all.total);
    assert_int_equal(read_form(&f, beyond, &err), BELONG_OK);
    assert_int_equal(app_search_form_run(&app, &f, &page, &err), BELONG_OK);
    assert_int_equal(page.n, 0);
    assert_int_equal(page.total, all.total);
    app_search_page_free(&page);
    app_search_page_free(&all);
    app_search_form_free(&f);
    /* Far past the 1000 results the search once kept: still the exact count, no results. */
    assert_int_equal(read_form(&f, "town=Worcester&offset=5000", &err), BELONG_OK);
    assert_int_equal(app_search_form_run(&app, &f, &page, &err), BELONG_OK);
    assert_int_equal(page.n, 0);
    assert_true(page.total > 30);
    app_search_page_free(&page);
    app_search_form_free(&f);
}

/* Words rank by relevance: a page at an offset is that slice of the whole ranking. */
static void text_pages_are_slices_of_the_ranking(void **state)
{
    (void)state;
    struct app_search_form f;
    struct app_search_page all = {0}, page = {0};
    struct app_error err;
    assert_int_equal(read_form(&f, "q=group&limit=100", &err), BELONG_OK);
    assert_int_equal(app_search_form_run(&app, &f, &all, &err), BELONG_OK);
    app_search_form_free(&f);
    assert_true(all.total > 8);
    assert_int_equal(all.n, all.total < 100 ? all.total : 100);
    assert_int_equal(read_form(&f, "q=group&limit=5&offset=3", &err), BELONG_OK);
    assert_int_equal(app_search_form_run(&app, &f, &page, &err), BELONG_OK);
    assert_int_equal(page.total, all.total);
    assert_int_equal(page.n, 5);
    for (size_t i = 0; i < page.n; i++)
        assert_int_equal(page.items[i].id, all.items[3 + i].id);
    app_search_page_free(&page);
    app_search_page_free(&all);
    app_search_form_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_bad_field_is_named),
        cmocka_unit_test(empty_values_are_not_given_and_lists_add_up),
        cmocka_unit_test(q_naming_a_category_searches_it),
        cmocka_unit_test(pages_are_cut_from_the_results),
        cmocka_unit_test(text_pages_are_slices_of_the_ranking),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
