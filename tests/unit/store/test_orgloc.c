/* test_orgloc.c — organisations and places in the store: upserts keyed by (source, id), the
** activity's copy of its place's coordinates, pruning, and migration 7 of a version-6 database.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/directory/location.h"
#include "../../src/directory/organization.h"
#include "../../src/store/sqlite_internal.h"
#include "../../src/util/text.h"
#include "store_fixture.h"

/* One integer from a query on a second connection to the database at path. */
static long long query_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long value = -1;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

/* A source and an activity of it at place location_id (0 = none) run by organization_id. */
static int64_t put_activity(struct store *s, int64_t source_id, const char *ref,
                            int64_t organization_id, int64_t location_id)
{
    struct activity a = {.source_ref = (char *)ref,
                         .name = (char *)"Walk",
                         .active = true,
                         .cost_cents = COST_UNKNOWN,
                         .peer_run = TRI_UNKNOWN,
                         .substance_free = TRI_UNKNOWN,
                         .drop_in = TRI_UNKNOWN,
                         .organization_id = organization_id,
                         .location_id = location_id};
    int64_t id = 0;
    assert_int_equal(store_activity_upsert(s, source_id, 1, &a, &id, NULL), BELONG_OK);
    return id;
}

static void organization_upsert_is_keyed_by_source_and_ref(void **state)
{
    (void)state;
    char path[] = "/tmp/belong-test-orgloc-XXXXXX";
    struct store *s = NULL;
    assert_int_equal(fixture_store_open(path, &s), BELONG_OK);
    int64_t src = 0, other = 0, gen = 0;
    assert_int_equal(store_source_begin(s, "hsds:a", "hsds", &src, &gen), BELONG_OK);
    assert_int_equal(store_source_begin(s, "hsds:b", "hsds", &other, &gen), BELONG_OK);

    struct organization o = {.source_ref = "org-1", .name = "Greenway"};
    int64_t id1 = 0, id2 = 0, id3 = 0;
    assert_int_equal(store_organization_upsert(s, src, &o, &id1), BELONG_OK);
    assert_int_equal(store_organization_upsert(s, src, &o, &id2), BELONG_OK);
    assert_true(id1 > 0);
    assert_int_equal(id1, id2);
    o.name = "Greenway Collective"; /* renamed in the source: the same row */
    assert_int_equal(store_organization_upsert(s, src, &o, &id2), BELONG_OK);
    assert_int_equal(id1, id2);
    assert_int_equal(store_organization_upsert(s, other, &o, &id3), BELONG_OK);
    assert_true(id3 != id1); /* another source's org-1 is another organisation */

    struct organization got;
    assert_int_equal(store_organization_get(s, id1, &got), BELONG_OK);
    assert_string_equal(got.source_ref, "org-1");
    assert_string_equal(got.name, "Greenway Collective");
    organization_free(&got);
    assert_int_equal(store_organization_get(s, 999, &got), BELONG_ENOINPUT);
    assert_int_equal(query_int(path, "SELECT count(*) FROM organization"), 2);
    fixture_store_remove(s, path);
}

static void activity_copies_its_locations_coordinates(void **state)
{
    (void)state;
    char path[] = "/tmp/belong-test-orgloc-XXXXXX";
    struct store *s = NULL;
    assert_int_equal(fixture_store_open(path, &s), BELONG_OK);
    int64_t src = 0, gen = 0, org = 0, loc = 0, again = 0;
    assert_int_equal(store_begin(s), BELONG_OK);
    assert_int_equal(store_source_begin(s, "hsds:a", "hsds", &src, &gen), BELONG_OK);
    struct organization o = {.source_ref = "org-1", .name = "Greenway"};
    assert_int_equal(store_organization_upsert(s, src, &o, &org), BELONG_OK);
    struct location l = {.source_ref = "loc-1",
                         .name = "Elm Park",
                         .town = "Worcester",
                         .zip = "01609",
                         .has_coords = true,
                         .lat = 42.27,
                         .lon = -71.81};
    assert_int_equal(store_location_upsert(s, src, &l, &loc), BELONG_OK);
    assert_int_equal(store_location_upsert(s, src, &l, &again), BELONG_OK);
    assert_int_equal(loc, again);
    /* two services at one place: one location row */
    int64_t walk = put_activity(s, src, "svc-walk", org, loc);
    int64_t run = put_activity(s, src, "svc-run", org, loc);
    int64_t online = put_activity(s, src, "svc-online", 0, 0);
    assert_int_equal(store_source_reindex(s, src, gen), BELONG_OK);
    assert_int_equal(store_commit(s), BELONG_OK);
    assert_int_equal(query_int(path, "SELECT count(*) FROM location"), 1);
    assert_int_equal(query_int(path, "SELECT count(DISTINCT location_id) FROM activity"
                                     " WHERE location_id IS NOT NULL"),
                     1);

    struct activity a;
    assert_int_equal(store_activity_get(s, walk, &a), BELONG_OK);
    assert_int_equal(a.organization_id, org);
    assert_int_equal(a.location_id, loc);
    assert_string_equal(a.organization, "Greenway");
    assert_string_equal(a.location_name, "Elm Park");
    assert_string_equal(a.town, "Worcester");
    assert_string_equal(a.zip, "01609");
    assert_null(a.address);
    assert_true(a.has_coords);
    assert_true(a.lat == 42.27 && a.lon == -71.81);
    activity_free(&a);
    assert_int_equal(store_activity_get(s, online, &a), BELONG_OK);
    assert_int_equal(a.organization_id, 0);
    assert_int_equal(a.location_id, 0);
    assert_null(a.organization);
    assert_null(a.town);
    assert_false(a.has_coords);
    activity_free(&a);

    /* the place moves: both activities' copies and their R*Tree entries follow */
    l.lat = 42.30;
    l.lon = -71.70;
    assert_int_equal(store_begin(s), BELONG_OK);
    assert_int_equal(store_location_upsert(s, src, &l, &again), BELONG_OK);
    assert_int_equal(store_commit(s), BELONG_OK);
    assert_int_equal(loc, again);
    assert_int_equal(store_activity_get(s, run, &a), BELONG_OK);
    assert_true(a.lat == 42.30 && a.lon == -71.70);
    activity_free(&a);
    assert_int_equal(query_int(path, "SELECT count(*) FROM activity a JOIN location l"
                                     " ON l.id = a.location_id"
                                     " WHERE a.lat IS NOT l.lat OR a.lon IS NOT l.lon"),
                     0);
    assert_int_equal(query_int(path, "SELECT count(*) FROM activity_place"
                                     " WHERE min_lat > 42.29 AND max_lon > -71.71"),
                     2);
    /* and loses its coordinates */
    l.has_coords = false;
    assert_int_equal(store_begin(s), BELONG_OK);
    assert_int_equal(store_location_upsert(s, src, &l, &again), BELONG_OK);
    assert_int_equal(store_commit(s), BELONG_OK);
    assert_int_equal(query_int(path, "SELECT count(*) FROM activity WHERE lat IS NOT NULL"), 0);
    assert_int_equal(query_int(path, "SELECT count(*) FROM activity_place"), 0);

    struct location got;
    assert_int_equal(store_location_get(s, loc, &got), BELONG_OK);
    assert_string_equal(got.source_ref, "loc-1");
    assert_string_equal(got.name, "Elm Park");
    assert_false(got.has_coords);
    location_free(&got);
    assert_int_equal(store_location_get(s, 999, &got), BELONG_ENOINPUT);
    fixture_store_remove(s, path);
}

static void prune_removes_only_rows_no_activity_names(void **state)
{
    (void)state;
    char path[] = "/tmp/belong-test-orgloc-XXXXXX";
    struct store *s = NULL;
    assert_int_equal(fixture_store_open(path, &s), BELONG_OK);
    int64_t src = 0, gen = 0, used_org = 0, old_org = 0, used_loc = 0, old_loc = 0;
    assert_int_equal(store_source_begin(s, "ical:x", "ical", &src, &gen), BELONG_OK);
    struct organization o = {.source_ref = "Library", .name = "Library"};
    assert_int_equal(store_organization_upsert(s, src, &o, &used_org), BELONG_OK);
    o.source_ref = o.name = "Old Library";
    assert_int_equal(store_organization_upsert(s, src, &o, &old_org), BELONG_OK);
    struct location l = {.source_ref = "main st", .name = "Main St"};
    assert_int_equal(store_location_upsert(s, src, &l, &used_loc), BELONG_OK);
    l.source_ref = l.name = "Elm St";
    assert_int_equal(store_location_upsert(s, src, &l, &old_loc), BELONG_OK);
    put_activity(s, src, "uid-1", used_org, used_loc);
    long removed = 0;
    assert_int_equal(store_source_prune(s, src, &removed), BELONG_OK);
    assert_int_equal(removed, 2);
    struct organization og;
    struct location lg;
    assert_int_equal(store_organization_get(s, old_org, &og), BELONG_ENOINPUT);
    assert_int_equal(store_location_get(s, old_loc, &lg), BELONG_ENOINPUT);
    assert_int_equal(store_organization_get(s, used_org, &og), BELONG_OK);
    assert_int_equal(store_location_get(s, used_loc, &lg), BELONG_OK);
    organization_free(&og);
    location_free(&lg);
    fixture_store_remove(s, path);
}

static void default_refs_are_the_fields(void **state)
{
    (void)state;
    char *ref = organization_default_ref("Friends of Elm Park");
    assert_string_equal(ref, "Friends of Elm Park");
    free(ref);
    struct location l = {.name = "Elm Park", .town = "Worcester"};
    ref = location_default_ref(&l);
    assert_string_equal(ref, "Elm Park\x1f\x1fWorcester\x1f\x1f");
    free(ref);
    l.has_coords = true;
    l.lat = 42.5;
    l.lon = -71.25;
    ref = location_default_ref(&l);
    assert_string_equal(ref, "Elm Park\x1f\x1fWorcester\x1f\x1f"
                             "42.5000000,-71.2500000");
    free(ref);
    ref = text_fold("  Main \t Library,\n3 Salem SQ ");
    assert_string_equal(ref, "main library, 3 salem sq");
    free(ref);
    struct location none = {0};
    assert_false(location_is_known(&none));
    assert_true(location_is_known(&l));
}

/* A database as belong left it at schema 6, with listings of two sources. */
static void make_version_6(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    for (int i = 0; i < 6; i++)
        assert_int_equal(sqlite3_exec(db, store_migrations[i], NULL, NULL, NULL), SQLITE_OK);
    static const char data[] =
        "PRAGMA application_id = 1650814055; PRAGMA user_version = 6;"
        "INSERT INTO source(id, name, kind) VALUES(1, 'demo', 'demo'), (2, 'ical:x', 'ical');"
        "INSERT INTO activity(id, source_id, source_ref, name, organization, location_name,"
        " address, town, zip, lat, lon, tzid, updated_at) VALUES"
        " (1, 1, 'a', 'Walk', 'Greenway', 'Elm Park', '1 Elm St', 'Worcester', '01609', 42.27,"
        "  -71.81, NULL, 0),"
        " (2, 1, 'b', 'Run', 'Greenway', 'Elm Park', '1 Elm St', 'Worcester', '01609', 42.27,"
        "  -71.81, NULL, 0),"
        " (3, 1, 'c', 'Read', 'Library', 'Main Library', NULL, 'Lowell', NULL, NULL, NULL,"
        "  'America/New_York', 0),"
        " (4, 1, 'd', 'Online', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0),"
        " (5, 2, 'e', 'Walk', 'Greenway', 'Elm Park', '1 Elm St', 'Worcester', '01609', 42.27,"
        "  -71.81, NULL, 0);"
        "INSERT INTO activity_text(rowid, name, description, tags, organization)"
        " SELECT id, name, '', '', coalesce(organization, '') FROM activity;"
        "INSERT INTO activity_place SELECT id, lat, lat, lon, lon FROM activity"
        " WHERE lat IS NOT NULL;"
        "COMMIT;";
    char *msg = NULL;
    int rc = sqlite3_exec(db, data, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "make_version_6: %s\n", msg);
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_close(db);
}

static void migration_7_moves_organisations_and_venues(void **state)
{
    (void)state;
    char path[] = "/tmp/belong-test-orgloc-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    make_version_6(path);
    struct store *s = NULL;
    char err[256];
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    assert_int_equal(query_int(path, "PRAGMA user_version"), store_migration_count);
    /* one organisation per distinct name, one place per distinct venue, of each source */
    assert_int_equal(query_int(path, "SELECT count(*) FROM organization"), 3);
    assert_int_equal(query_int(path, "SELECT count(*) FROM location"), 3);
    assert_int_equal(query_int(path, "SELECT count(*) FROM organization WHERE source_id = 1"), 2);
    assert_int_equal(query_int(path, "SELECT count(*) FROM location WHERE source_id = 1"), 2);
    /* the foreign keys: shared within a source, never across sources, none for online */
    assert_int_equal(query_int(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_int_equal(query_int(path, "SELECT count(*) FROM activity a"
                                     " JOIN location l ON l.id = a.location_id"
                                     " JOIN organization o ON o.id = a.organization_id"
                                     " WHERE l.source_id <> a.source_id"
                                     " OR o.source_id <> a.source_id"),
                     0);
    assert_int_equal(query_int(path, "SELECT (SELECT location_id FROM activity WHERE id = 1) ="
                                     " (SELECT location_id FROM activity WHERE id = 2)"),
                     1);
    assert_int_equal(query_int(path, "SELECT (SELECT location_id FROM activity WHERE id = 1) ="
                                     " (SELECT location_id FROM activity WHERE id = 5)"),
                     0);
    assert_int_equal(query_int(path, "SELECT count(*) FROM activity WHERE id = 4"
                                     " AND organization_id IS NULL AND location_id IS NULL"),
                     1);
    /* the keys are those of sources without ids, so a re-import finds these rows */
    struct location l = {.name = "Elm Park",
                         .address = "1 Elm St",
                         .town = "Worcester",
                         .zip = "01609",
                         .has_coords = true,
                         .lat = 42.27,
                         .lon = -71.81};
    char *ref = location_default_ref(&l);
    l.source_ref = ref;
    int64_t loc = 0;
    assert_int_equal(store_location_upsert(s, 1, &l, &loc), BELONG_OK);
    free(ref);
    assert_int_equal(query_int(path, "SELECT location_id FROM activity WHERE id = 1"), loc);
    assert_int_equal(query_int(path, "SELECT count(*) FROM location"), 3);
    /* the columns moved out of activity */
    assert_int_equal(query_int(path, "SELECT count(*) FROM pragma_table_info('activity')"
                                     " WHERE name IN ('organization', 'location_name', 'address',"
                                     " 'town', 'zip')"),
                     0);

    /* what is read back is what was there */
    struct activity a;
    assert_int_equal(store_activity_get(s, 3, &a), BELONG_OK);
    assert_string_equal(a.organization, "Library");
    assert_string_equal(a.location_name, "Main Library");
    assert_string_equal(a.town, "Lowell");
    assert_null(a.address);
    assert_null(a.zip);
    assert_false(a.has_coords);
    assert_string_equal(a.tzid, "America/New_York");
    activity_free(&a);
    assert_int_equal(store_activity_get(s, 2, &a), BELONG_OK);
    assert_string_equal(a.organization, "Greenway");
    assert_string_equal(a.address, "1 Elm St");
    assert_string_equal(a.zip, "01609");
    assert_true(a.has_coords && a.lat == 42.27 && a.lon == -71.81);
    activity_free(&a);
    fixture_store_remove(s, path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(organization_upsert_is_keyed_by_source_and_ref),
        cmocka_unit_test(activity_copies_its_locations_coordinates),
        cmocka_unit_test(prune_removes_only_rows_no_activity_names),
        cmocka_unit_test(default_refs_are_the_fields),
        cmocka_unit_test(migration_7_moves_organisations_and_venues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
