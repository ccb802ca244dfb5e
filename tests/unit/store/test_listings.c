/* test_listings.c — the listings a connection keeps in memory (src/store/sqlite_listings.c)
** agree with the tables, and follow every change: made on the same connection, by another
** connection, and inside an open transaction. Also the bulk writes that drop and rebuild the
** listings' covering indexes (store_options.bulk_listings).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/demo/demo.h"
#include "../../src/directory/search.h"
#include "../../src/peers/profile.h"
#include "../../src/store/sqlite_internal.h"
#include "../../src/util/buf.h"
#include "../../src/util/timeutil.h"
#include "store_fixture.h"

static char path[] = "/tmp/belong-test-listings-XXXXXX";
static struct store *store;

static int setup(void **state)
{
    (void)state;
    if (fixture_store_open(path, &store) != BELONG_OK)
        return -1;
    struct import_batch b = {0};
    struct diag d = {0};
    int rc = demo_build(&b, belong_now(), &d);
    if (rc == BELONG_OK)
        rc = catalog_import(store, &b, NULL, &d, NULL);
    import_batch_free(&b);
    diag_free(&d);
    return rc == BELONG_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fixture_store_remove(store, path);
    return 0;
}

/* Every listing and every stored occurrence in memory matches its row. */
static void copy_matches_the_tables(void **state)
{
    (void)state;
    const struct store_listings *l = store_listings_for_matching(store);
    assert_non_null(l);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store->db,
                                        "SELECT id, active, is_virtual, coalesce(cost_cents, -1),"
                                        " access, lat, lon, coalesce(intensity, 0), category,"
                                        " week_slots_0, week_slots_1, week_slots_2 FROM activity",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int listings = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        assert_true((uint64_t)id < l->n);
        const struct store_listing *x = &l->by_id[id];
        assert_true(x->flags & STORE_LISTING_PRESENT);
        assert_int_equal(!!(x->flags & STORE_LISTING_ACTIVE), sqlite3_column_int(st, 1));
        assert_int_equal(!!(x->flags & STORE_LISTING_VIRTUAL), sqlite3_column_int(st, 2));
        assert_int_equal(x->cost_cents, sqlite3_column_int(st, 3));
        assert_int_equal(x->access, sqlite3_column_int(st, 4));
        if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
            assert_true(x->flags & STORE_LISTING_COORDS);
            assert_true(x->lat == sqlite3_column_double(st, 5));
            assert_true(x->lon == sqlite3_column_double(st, 6));
        }
        assert_int_equal(x->intensity, sqlite3_column_int(st, 7));
        const char *category = (const char *)sqlite3_column_text(st, 8);
        if (category)
            assert_string_equal(l->categories[x->category], category);
        else
            assert_int_equal(x->category, 0);
        for (int w = 0; w < WEEK_SLOT_WORDS; w++)
            assert_true(x->slots[w] == (uint64_t)sqlite3_column_int64(st, 9 + w));
        listings++;
    }
    sqlite3_finalize(st);
    assert_true(listings >= 300);

    assert_int_equal(sqlite3_prepare_v2(store->db,
                                        "SELECT activity_id, start_utc, end_utc, weekday,"
                                        " start_minute FROM occurrence"
                                        " ORDER BY activity_id, start_utc",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int64_t previous = 0;
    size_t at = 0;
    int occurrences = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id != previous) {
            assert_int_equal(at, previous ? l->occ_first[previous + 1] : at);
            at = l->occ_first[id];
            previous = id;
        }
        const struct store_listing_occ *o = &l->occ[at++];
        int64_t start = sqlite3_column_int64(st, 1), end = sqlite3_column_int64(st, 2);
        assert_true(l->occ_base + o->start == start);
        assert_int_equal(o->duration_min, (end - start + 59) / 60);
        assert_int_equal(o->week_minute,
                         sqlite3_column_int(st, 3) * 1440 + sqlite3_column_int(st, 4));
        occurrences++;
    }
    sqlite3_finalize(st);
    assert_int_equal(at, l->occ_first[previous + 1]);
    assert_int_equal(l->occ_first[l->n], occurrences);

    /* The words matching scores by. */
    assert_int_equal(sqlite3_prepare_v2(store->db,
                                        "SELECT a.id, a.name, a.tags, o.name, l.town, a.tzid,"
                                        " coalesce(a.group_size, 0), coalesce(a.peer_run, -1),"
                                        " coalesce(a.substance_free, -1) FROM activity a"
                                        " LEFT JOIN organization o ON o.id = a.organization_id"
                                        " LEFT JOIN location l ON l.id = a.location_id",
                                        -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const struct store_listing_text *t = &l->texts[sqlite3_column_int64(st, 0)];
        const uint32_t offsets[5] = {t->name, t->tags, t->organization, t->town, t->tzid};
        for (int c = 0; c < 5; c++) {
            const char *want = (const char *)sqlite3_column_text(st, 1 + c);
            const char *got = store_listings_string(l, offsets[c]);
            if (want)
                assert_string_equal(got, want);
            else
                assert_null(got);
        }
        assert_int_equal(t->group_size, sqlite3_column_int(st, 6));
        assert_int_equal(t->peer_run, sqlite3_column_int(st, 7));
        assert_int_equal(t->substance_free, sqlite3_column_int(st, 8));
    }
    sqlite3_finalize(st);
}

/* Every in-person listing with coordinates is in its grid cell once; every online one is
** listed once. */
static void grid_holds_every_place(void **state)
{
    (void)state;
    const struct store_listings *l = store_listings_get(store);
    assert_non_null(l);
    int *seen = calloc(l->n, sizeof *seen);
    size_t cells = (size_t)l->grid_rows * (size_t)l->grid_cols;
    for (size_t c = 0; c < cells; c++) {
        for (uint32_t k = l->grid_first[c]; k < l->grid_first[c + 1]; k++) {
            uint32_t id = l->grid_ids[k];
            const struct store_listing *x = &l->by_id[id];
            assert_int_equal(store_listings_cell(l, x->lat, x->lon), c);
            seen[id]++;
        }
    }
    for (size_t k = 0; k < l->n_online; k++)
        seen[l->online_ids[k]]++;
    int placed = 0, online = 0;
    for (size_t id = 1; id < l->n; id++) {
        const struct store_listing *x = &l->by_id[id];
        bool is_virtual = x->flags & STORE_LISTING_VIRTUAL;
        int expected = is_virtual || (x->flags & STORE_LISTING_COORDS) ? 1 : 0;
        assert_int_equal(seen[id], expected);
        placed += !is_virtual && expected;
        online += is_virtual;
    }
    free(seen);
    assert_true(placed >= 300);
    assert_true(online > 0);
    assert_true(cells > 1);
}

/* Whether a search for free activities near Worcester lists id. */
static bool free_search_lists(int64_t id)
{
    struct search_query q;
    search_query_init(&q);
    q.has_center = true;
    q.center_lat = 42.2626;
    q.center_lon = -71.8023;
    q.max_cost_cents = 0;
    q.limit = SEARCH_LIMIT_MAX;
    struct search_results r;
    char err[256];
    assert_int_equal(search_run(store, &q, &r, err, sizeof err), BELONG_OK);
    bool found = false;
    for (size_t i = 0; i < r.n; i++)
        found = found || r.items[i].id == id;
    search_results_free(&r);
    return found;
}

static void set_cost(struct store *s, int64_t id, int cents)
{
    struct activity a = {.cost_cents = cents};
    assert_int_equal(store_begin(s), BELONG_OK);
    assert_int_equal(store_activity_set_attrs(s, id, &a, ATTR_COST), BELONG_OK);
    assert_int_equal(store_commit(s), BELONG_OK);
}

/* Each kind of query loads only what it reads; a current copy gains the occurrences, then the
** words, without being read again, and a directory write drops them all. */
static void copy_loads_what_is_asked(void **state)
{
    (void)state;
    set_cost(store, 1, 0); /* a directory write: the next query reads the copy afresh */
    const struct store_listings *l = store_listings_get(store);
    assert_non_null(l);
    unsigned loads = store->listings.loads;
    assert_false(l->has_occurrences);
    assert_false(l->has_texts);
    l = store_listings_with_occurrences(store);
    assert_true(l->has_occurrences);
    assert_false(l->has_texts);
    l = store_listings_for_matching(store);
    assert_true(l->has_occurrences && l->has_texts);
    assert_int_equal(store->listings.loads, loads);
    l = store_listings_get(store); /* still current: keeps what it has */
    assert_true(l->has_occurrences && l->has_texts);
    set_cost(store, 1, 0);
    l = store_listings_get(store);
    assert_false(l->has_occurrences || l->has_texts);
    assert_int_equal(store->listings.loads, loads + 1);
}

static void copy_follows_changes(void **state)
{
    (void)state;
    struct search_query q;
    search_query_init(&q);
    q.has_center = true;
    q.center_lat = 42.2626;
    q.center_lon = -71.8023;
    q.max_cost_cents = 0;
    struct search_results r;
    char err[256];
    assert_int_equal(search_run(store, &q, &r, err, sizeof err), BELONG_OK);
    assert_true(r.n > 0);
    int64_t id = r.items[0].id;
    search_results_free(&r);

    /* This connection's own change. */
    set_cost(store, id, 1500);
    assert_false(free_search_lists(id));

    /* Another connection's change. */
    struct store *other = NULL;
    assert_int_equal(store_open(path, &other, err, sizeof err), BELONG_OK);
    set_cost(other, id, 0);
    store_close(other);
    assert_true(free_search_lists(id));

    /* A write outside the directory (a peer) leaves the copy be; a listing's change does not. */
    unsigned loads = store->listings.loads;
    struct peer p;
    peer_init(&p);
    p.cps = xstrdup("test");
    p.name = xstrdup("Robin");
    assert_int_equal(store_begin(store), BELONG_OK);
    assert_int_equal(store_peer_put(store, &p, belong_now()), BELONG_OK);
    assert_int_equal(store_commit(store), BELONG_OK);
    peer_free(&p);
    assert_true(free_search_lists(id));
    assert_int_equal(store->listings.loads, loads);
    set_cost(store, id, 1500);
    assert_false(free_search_lists(id));
    assert_int_equal(store->listings.loads, loads + 1);
    set_cost(store, id, 0);

    /* Inside a transaction, what it wrote; after a rollback, what was committed. */
    struct activity a = {.cost_cents = 900};
    assert_int_equal(store_begin(store), BELONG_OK);
    assert_int_equal(store_activity_set_attrs(store, id, &a, ATTR_COST), BELONG_OK);
    assert_false(free_search_lists(id));
    store_rollback(store);
    assert_true(free_search_lists(id));
}

/* The definitions of the indexes a bulk write drops, joined in name order ("" for none). */
static char *bulk_indexes(struct store *s)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db,
                                        "SELECT coalesce(group_concat(sql, ';'), '') FROM"
                                        " (SELECT sql FROM sqlite_master WHERE type = 'index' AND"
                                        " name IN ("
                                        " 'activity_match', 'activity_online')"
                                        " ORDER BY name)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *sql = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return sql;
}

/* Whether the indexes are those the migrations made. */
static bool bulk_indexes_are(struct store *s, const char *want)
{
    char *got = bulk_indexes(s);
    bool same = strcmp(got, want) == 0;
    free(got);
    return same;
}

static void assert_integrity(struct store *s)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
}

/* A connection opened for bulk writes (store_options.bulk_listings: a large import or refresh)
** drops the indexes only search and matching read when a write transaction begins and builds
** them again, as the migrations defined them, before the commit; a rollback brings them back. */
static void bulk_writes_rebuild_the_covering_indexes(void **state)
{
    (void)state;
    char big_path[] = "/tmp/belong-test-bulk-XXXXXX";
    struct store *s = NULL;
    assert_int_equal(fixture_store_open(big_path, &s), BELONG_OK);
    char *migrated = bulk_indexes(s);
    assert_non_null(strstr(migrated, "CREATE INDEX activity_match"));
    assert_non_null(strstr(migrated, "CREATE INDEX activity_online"));
    assert_non_null(strstr(migrated, "WHERE is_virtual = 1")); /* a partial index stays one */
    struct import_batch b = {0};
    struct diag d = {0};
    assert_int_equal(gen_build(&b, 12000, 7, belong_now(), &d), BELONG_OK);
    struct import_stats stats;
    assert_int_equal(catalog_import(s, &b, NULL, &d, &stats), BELONG_OK);
    import_batch_free(&b);
    assert_int_equal(stats.activities, 12000);
    assert_true(bulk_indexes_are(s, migrated));
    assert_integrity(s);
    assert_int_equal(catalog_refresh(s, 0, &d, &stats), BELONG_OK);
    assert_true(bulk_indexes_are(s, migrated));
    assert_integrity(s);

    char err[256];
    struct store *bulk = NULL;
    struct store_options opt = {.bulk_listings = 20000, .cache_kib = 4096};
    assert_int_equal(store_open_as(big_path, STORE_WRITE, &opt, &bulk, err, sizeof err), BELONG_OK);
    assert_int_equal(store_begin(bulk), BELONG_OK);
    assert_true(bulk_indexes_are(bulk, ""));
    store_rollback(bulk);
    assert_true(bulk_indexes_are(bulk, migrated));
    assert_false(bulk->bulk_dropped);
    assert_int_equal(store_begin(bulk), BELONG_OK);
    assert_true(bulk->bulk_dropped);
    assert_int_equal(store_commit(bulk), BELONG_OK);
    assert_false(bulk->bulk_dropped);
    assert_true(bulk_indexes_are(bulk, migrated));
    assert_integrity(bulk);
    store_close(bulk);
    /* A refresh rewrites every listing: 12000 are many. */
    opt.bulk_listings = STORE_BULK_ALL;
    assert_int_equal(store_open_as(big_path, STORE_WRITE, &opt, &bulk, err, sizeof err), BELONG_OK);
    assert_int_equal(store_begin(bulk), BELONG_OK);
    assert_true(bulk_indexes_are(bulk, ""));
    store_rollback(bulk);
    store_close(bulk);
    /* A few listings beside many keep them, and so does an ordinary connection. */
    opt.bulk_listings = 10000 / 2;
    assert_int_equal(store_open_as(big_path, STORE_WRITE, &opt, &bulk, err, sizeof err), BELONG_OK);
    assert_int_equal(store_begin(bulk), BELONG_OK);
    assert_true(bulk_indexes_are(bulk, migrated));
    store_rollback(bulk);
    store_close(bulk);
    assert_int_equal(store_begin(s), BELONG_OK);
    assert_true(bulk_indexes_are(s, migrated));
    store_rollback(s);
    free(migrated);
    diag_free(&d);
    fixture_store_remove(s, big_path);
}

/* Listing id's first occurrence starting at or after start, by a plain pass over them. */
static struct store_listing_next first_occ_by_pass(const struct store_listings *l, size_t id,
                                                   int64_t start)
{
    uint32_t i = l->occ_first[id];
    while (i < l->occ_first[id + 1] && (int64_t)l->occ[i].start < start)
        i++;
    return (struct store_listing_next){i < l->occ_first[id + 1] ? l->occ[i].start : UINT32_MAX, i};
}

/* The soonest page of every listing, soonest first, and of those meeting Tuesday evenings:
** each result's id and next starts, in one string. The caller frees it. */
static char *soonest_pages(void)
{
    struct buf out = {0};
    for (int evenings = 0; evenings < 2; evenings++) {
        struct search_query q;
        search_query_init(&q);
        q.limit = SEARCH_LIMIT_MAX;
        if (evenings) {
            q.weekday_mask = 1u << 1;
            q.after_minute = 17 * 60;
        }
        struct search_results r;
        char err[256];
        assert_int_equal(search_run(store, &q, &r, err, sizeof err), BELONG_OK);
        assert_true(r.n > 0);
        for (size_t i = 0; i < r.n; i++) {
            buf_printf(&out, "%lld:", (long long)r.items[i].id);
            for (size_t k = 0; k < r.items[i].n_next; k++)
                buf_printf(&out, " %lld", (long long)r.items[i].next[k]);
            buf_putc(&out, '\n');
        }
        search_results_free(&r);
    }
    return buf_detach(&out);
}

/* The hint of each listing's first occurrence at or after the time the copy was loaded
** (sqlite_next_occ.c) gives what a pass over its occurrences gives, from before that time,
** at it, and after it by an hour to a year (a hint the clock has passed: stepped over, then
** bisected), and from each of the listing's own starts; and the soonest-first searches from
** now answer the same with a hint made for now, months before, or days to a year after. */
static void next_occurrence_hint_is_exact(void **state)
{
    (void)state;
    const struct store_listings *l = store_listings_with_occurrences(store);
    assert_non_null(l);
    assert_non_null(l->next_occ);
    char *fresh = soonest_pages();
    struct store_listings *mutable_l = (struct store_listings *)l;
    time_t now = belong_now();
    const int64_t day = 86400;
    const int64_t hint_days[] = {0, -90, 1, 14, 400};
    for (size_t h = 0; h < sizeof hint_days / sizeof *hint_days; h++) {
        store_listing_next_build(mutable_l, now + (time_t)(hint_days[h] * day));
        int64_t hint = l->next_occ_from;
        const int64_t after[] = {-7 * day, -1,      0,       1,        3600,
                                 day,      3 * day, 8 * day, 30 * day, 400 * day};
        size_t checked = 0;
        for (size_t id = 0; id < l->n; id++) {
            for (size_t k = 0; k < sizeof after / sizeof *after; k++) {
                struct store_listing_next want = first_occ_by_pass(l, id, hint + after[k]);
                struct store_listing_next got = store_listing_next_occ(l, id, hint + after[k]);
                assert_int_equal(got.at, want.at);
                assert_int_equal(got.start, want.start);
                assert_int_equal(store_listing_first_occ(l, id, hint + after[k]), want.at);
            }
            for (uint32_t i = l->occ_first[id]; i < l->occ_first[id + 1]; i++)
                for (int64_t d = -1; d <= 1; d++) {
                    int64_t start = (int64_t)l->occ[i].start + d;
                    struct store_listing_next want = first_occ_by_pass(l, id, start);
                    struct store_listing_next got = store_listing_next_occ(l, id, start);
                    assert_int_equal(got.at, want.at);
                    assert_int_equal(got.start, want.start);
                    checked++;
                }
        }
        assert_true(checked > 1000);
        char *pages = soonest_pages(); /* from now: after the hint's time, at it or before */
        assert_string_equal(pages, fresh);
        free(pages);
    }
    store_listing_next_build(mutable_l, now);
    free(fresh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copy_matches_the_tables),
        cmocka_unit_test(grid_holds_every_place),
        cmocka_unit_test(copy_loads_what_is_asked),
        cmocka_unit_test(copy_follows_changes),
        cmocka_unit_test(bulk_writes_rebuild_the_covering_indexes),
        cmocka_unit_test(next_occurrence_hint_is_exact),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
