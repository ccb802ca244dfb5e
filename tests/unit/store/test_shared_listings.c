/* test_shared_listings.c — one in-memory copy of the listings for the process
** (store_listings_share): two connections get the same copy, with its occurrences and words; a
** write to the directory makes one new copy that both then get, while the old one stays whole
** for the connection still holding it; without sharing each has its own; inside a read
** transaction (store_read_begin: a search request's) the copy is the one of the transaction's
** state, found current without a reload, and a commit made before the next transaction begins
** is seen by it; closing frees them (AddressSanitizer's leak check in make test-sanitize).
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

static char path[] = "/tmp/belong-test-shared-XXXXXX";
static struct app writer;

static int setup(void **state)
{
    (void)state;
    return fixture_demo_app(path, &writer);
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

static void readers_share_one_copy_until_the_directory_moves(void **state)
{
    (void)state;
    store_listings_share(true);
    struct store *a = open_reader(), *b = open_reader();
    const struct store_listings *la = store_listings_get(a);
    assert_non_null(la);
    assert_true(la->n > 100);
    assert_ptr_equal(store_listings_get(b), la);
    /* The shared copy holds every part: matching and search without text need them. */
    assert_ptr_equal(store_listings_for_matching(b), la);
    assert_true(la->has_occurrences && la->has_texts);
    uint8_t before = la->by_id[1].intensity;
    uint8_t want = before == 5 ? 1 : 5;

    struct activity set = {.intensity = want};
    struct app_error err;
    assert_int_equal(app_activity_set(&writer, 1, &set, ATTR_INTENSITY, &err), BELONG_OK);

    /* a sees the write in a new copy; b still holds the old one, whole, until its next call. */
    const struct store_listings *la2 = store_listings_get(a);
    assert_non_null(la2);
    assert_int_equal(la2->by_id[1].intensity, want);
    assert_int_equal(la->by_id[1].intensity, before);
    assert_true(la->n > 100 && la->has_texts);
    assert_ptr_equal(store_listings_get(b), la2);
    assert_int_equal(la2->loads, 1);

    store_close(a);
    store_close(b);
    store_listings_share(false);
}

static void without_sharing_each_has_its_own(void **state)
{
    (void)state;
    struct store *a = open_reader(), *b = open_reader();
    const struct store_listings *la = store_listings_get(a), *lb = store_listings_get(b);
    assert_non_null(la);
    assert_non_null(lb);
    assert_ptr_not_equal(la, lb);
    assert_int_equal(la->n, lb->n);
    store_close(a);
    store_close(b);
}

/* Sets listing 1's intensity by the writer to one it does not have; returns it. */
static uint8_t write_intensity(const struct store_listings *l)
{
    uint8_t want = l->by_id[1].intensity == 5 ? 1 : 5;
    struct activity set = {.intensity = want};
    struct app_error err;
    assert_int_equal(app_activity_set(&writer, 1, &set, ATTR_INTENSITY, &err), BELONG_OK);
    return want;
}

static void a_read_transaction_sees_one_state_and_the_next_sees_a_commit(void **state)
{
    (void)state;
    for (int share = 1; share >= 0; share--) {
        store_listings_share(share);
        struct store *a = open_reader();
        assert_int_equal(store_read_begin(a), BELONG_OK);
        const struct store_listings *l = store_listings_with_occurrences(a);
        assert_non_null(l);
        unsigned loads = l->loads;
        uint8_t before = l->by_id[1].intensity;
        /* The transaction's own copy, not read again for each look-up inside it. */
        assert_ptr_equal(store_listings_get(a), l);
        assert_ptr_equal(store_listings_with_occurrences(a), l);
        assert_int_equal(l->loads, loads);
        /* A commit while it reads: its state stays the one it began with. */
        uint8_t want = write_intensity(l);
        const struct store_listings *same = store_listings_get(a);
        assert_non_null(same);
        assert_int_equal(same->by_id[1].intensity, before);
        store_read_end(a);
        /* The next transaction (the next request) sees the commit. */
        assert_int_equal(store_read_begin(a), BELONG_OK);
        const struct store_listings *after = store_listings_get(a);
        assert_non_null(after);
        assert_int_equal(after->by_id[1].intensity, want);
        store_read_end(a);
        /* And so does a look-up outside any. */
        write_intensity(after);
        const struct store_listings *outside = store_listings_get(a);
        assert_non_null(outside);
        assert_int_not_equal(outside->by_id[1].intensity, want);
        store_close(a);
        store_listings_share(false);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(readers_share_one_copy_until_the_directory_moves),
        cmocka_unit_test(without_sharing_each_has_its_own),
        cmocka_unit_test(a_read_transaction_sees_one_state_and_the_next_sees_a_commit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
