/* test_brief.c — a search result's fields from the copy of the listings (store_listing_brief)
** against the row SQLite gives (store_activity_brief, the oracle): every listing of the demo,
** with listings edited to hold what a row can (no organisation, no place, no category, unknown
** cost and intensity, every access flag, online, open days, text that is not ASCII), from the
** shared copy, from a connection's own copy with and without its words, inside a transaction,
** and after a write moved the directory; the horizon kept with the copy (store_search_horizon)
** against store_horizon_get.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/sqlite_internal.h"
#include "app_fixture.h"
#include "store_fixture.h"

static char path[] = "/tmp/belong-test-brief-XXXXXX";
static struct app writer;

static void exec(struct store *s, const char *sql)
{
    assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static int setup(void **state)
{
    (void)state;
    if (fixture_demo_app(path, &writer) != 0)
        return -1;
    /* Rows unlike the demo's: every kind of field a row can hold, NULL where it can be. */
    exec(writer.store,
         "UPDATE activity SET organization_id = NULL, category = NULL, intensity = NULL,"
         " cost_cents = NULL WHERE id = 2;"
         "UPDATE activity SET location_id = NULL, tzid = NULL, access = 15, is_virtual = 1,"
         " open_days = 127, name = 'Caf\xc3\xa9 \"quoted\" \\ tab\there \xf0\x9f\x8c\xb1'"
         " WHERE id = 3;"
         "UPDATE activity SET cost_cents = 1999, access = 5, intensity = 1, open_days = 21"
         " WHERE id = 4;"
         "UPDATE location SET coords_from = 'town', town = '\xc3\x89vry' WHERE id ="
         " (SELECT location_id FROM activity WHERE id = 5);"
         "UPDATE location SET coords_from = 'zip' WHERE id ="
         " (SELECT location_id FROM activity WHERE id = 6);"
         "UPDATE organization SET name = '' WHERE id = (SELECT organization_id FROM activity"
         " WHERE id = 7);"
         "UPDATE activity SET active = 0 WHERE id = 8;");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct store *s = writer.store;
    writer.store = NULL;
    fixture_store_remove(s, path);
    return 0;
}

static struct store *open_reader(void)
{
    struct store *s = fixture_store_reader(path);
    assert_non_null(s);
    return s;
}

static void same_string(const char *got, const char *want)
{
    if (!want)
        assert_null(got);
    else
        assert_string_equal(got, want);
}

/* The brief of id from the copy is the row's, field by field (coords_from as whether the
** place is a centre). */
static void same_brief(struct store *s, int64_t id)
{
    struct activity got, want;
    int rc_want = store_activity_brief(s, id, &want);
    int rc_got = store_listing_brief(s, id, &got);
    assert_int_equal(rc_got, rc_want);
    if (rc_want == BELONG_OK) {
        assert_int_equal(got.id, want.id);
        same_string(got.name, want.name);
        same_string(got.organization, want.organization);
        same_string(got.category, want.category);
        same_string(got.town, want.town);
        same_string(got.tzid, want.tzid);
        assert_int_equal(got.coords_from != COORDS_FROM_SOURCE,
                         want.coords_from != COORDS_FROM_SOURCE);
        assert_int_equal(got.cost_cents, want.cost_cents);
        assert_int_equal(got.access, want.access);
        assert_int_equal(got.intensity, want.intensity);
        assert_int_equal(got.is_virtual, want.is_virtual);
        assert_int_equal(got.open_days, want.open_days);
    }
    activity_free(&got);
    activity_free(&want);
}

/* Every id of the copy, and ids on either side of it. */
static void every_listing(struct store *s, const struct store_listings *l)
{
    assert_non_null(l);
    assert_ptr_equal(s->last_copy, l);
    assert_true(l->n > 100);
    for (int64_t id = -1; id <= (int64_t)l->n + 1; id++)
        same_brief(s, id);
}

static void the_shared_copy_gives_the_rows_fields(void **state)
{
    (void)state;
    store_listings_share(true);
    struct store *s = open_reader();
    const struct store_listings *l = store_listings_get(s);
    assert_true(l->has_texts);
    every_listing(s, l);
    /* The fields the copy has, not SQLite's: a row read from SQLite would cost a look-up. */
    struct activity a;
    assert_int_equal(store_listing_brief(s, 3, &a), BELONG_OK);
    assert_true(a.is_virtual);
    assert_int_equal(a.access, 15);
    assert_null(a.town);
    activity_free(&a);

    /* A write moves the directory: the next copy has the new field. */
    struct activity set = {.intensity = 4};
    struct app_error err;
    assert_int_equal(app_activity_set(&writer, 4, &set, ATTR_INTENSITY, &err), BELONG_OK);
    const struct store_listings *l2 = store_listings_get(s);
    assert_ptr_not_equal(l2, l);
    assert_int_equal(store_listing_brief(s, 4, &a), BELONG_OK);
    assert_int_equal(a.intensity, 4);
    activity_free(&a);
    every_listing(s, l2);
    store_close(s);
    store_listings_share(false);
}

static void a_connections_own_copy_with_and_without_words(void **state)
{
    (void)state;
    struct store *s = open_reader();
    /* Without words the copy cannot answer: SQLite does. */
    const struct store_listings *l = store_listings_with_occurrences(s);
    assert_false(l->has_texts);
    every_listing(s, l);
    l = store_listings_for_matching(s);
    assert_true(l->has_texts);
    every_listing(s, l);
    store_close(s);
}

static void inside_a_transaction(void **state)
{
    (void)state;
    struct store *s = writer.store;
    exec(s, "BEGIN");
    exec(s, "UPDATE activity SET name = 'Renamed in the transaction' WHERE id = 9");
    const struct store_listings *l = store_listings_for_matching(s);
    every_listing(s, l);
    struct activity a;
    assert_int_equal(store_listing_brief(s, 9, &a), BELONG_OK);
    assert_string_equal(a.name, "Renamed in the transaction");
    activity_free(&a);
    exec(s, "ROLLBACK");
}

static void no_copy_yet(void **state)
{
    (void)state;
    struct store *s = open_reader();
    assert_null(s->last_copy);
    for (int64_t id = 0; id < 50; id++)
        same_brief(s, id);
    store_close(s);
}

static void same_horizon(struct store *s)
{
    time_t from, to, want_from, want_to;
    bool found, want_found;
    assert_int_equal(store_search_horizon(s, &from, &to, &found), BELONG_OK);
    assert_int_equal(store_horizon_get(s, &want_from, &want_to, &want_found), BELONG_OK);
    assert_int_equal(found, want_found);
    if (found) {
        assert_int_equal(from, want_from);
        assert_int_equal(to, want_to);
    }
}

static void the_horizon_is_kept_with_the_copy(void **state)
{
    (void)state;
    store_listings_share(true);
    struct store *s = open_reader();
    same_horizon(s); /* no copy yet: read */
    const struct store_listings *l = store_listings_get(s);
    assert_non_null(l);
    same_horizon(s);
    same_horizon(s); /* kept */
    time_t from, to;
    bool found;
    assert_int_equal(store_horizon_get(s, &from, &to, &found), BELONG_OK);
    assert_true(found);

    /* A horizon written through the store moves the directory: the next copy has it. */
    assert_int_equal(store_horizon_record(writer.store, 0, from + 3600, to - 3600), BELONG_OK);
    assert_ptr_not_equal(store_listings_get(s), l);
    time_t got_from, got_to;
    assert_int_equal(store_search_horizon(s, &got_from, &got_to, &found), BELONG_OK);
    assert_int_equal(got_from, from + 3600);
    assert_int_equal(got_to, to - 3600);
    same_horizon(s);

    /* Kept, not read again: a value written behind the store's back (the version left as it
    ** was) is seen once the directory moves. */
    exec(writer.store, "UPDATE meta SET value = '1 2' WHERE key LIKE 'horizon:%'");
    assert_int_equal(store_search_horizon(s, &got_from, &got_to, &found), BELONG_OK);
    assert_int_equal(got_from, from + 3600);
    assert_int_equal(store_horizon_record(writer.store, 0, from, to), BELONG_OK);
    store_listings_get(s);
    assert_int_equal(store_search_horizon(s, &got_from, &got_to, &found), BELONG_OK);
    assert_int_equal(got_from, from);
    assert_int_equal(got_to, to);
    store_close(s);
    store_listings_share(false);

    /* Inside a transaction it is read. */
    struct store *w = writer.store;
    exec(w, "BEGIN");
    exec(w, "UPDATE meta SET value = '5 6' WHERE key LIKE 'horizon:%'");
    store_listings_get(w);
    assert_int_equal(store_search_horizon(w, &got_from, &got_to, &found), BELONG_OK);
    assert_int_equal(got_from, 5);
    assert_int_equal(got_to, 6);
    exec(w, "ROLLBACK");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_shared_copy_gives_the_rows_fields),
        cmocka_unit_test(a_connections_own_copy_with_and_without_words),
        cmocka_unit_test(inside_a_transaction),
        cmocka_unit_test(no_copy_yet),
        cmocka_unit_test(the_horizon_is_kept_with_the_copy),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
