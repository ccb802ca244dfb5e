/* test_catalog.c — importing batches into the store: one transaction, idempotent re-import,
** retiring vanished listings, hand-set attributes surviving, refresh of the horizon. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/directory/catalog.h"
#include "../../src/directory/catalog_spool.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"
#include "store_fixture.h"

static char path[] = "/tmp/belong-test-catalog-XXXXXX";
static struct store *store;

static int open_store(void **state)
{
    (void)state;
    return fixture_store_open(path, &store);
}

static int close_store(void **state)
{
    (void)state;
    fixture_store_remove(store, path);
    return 0;
}

/* Adds a weekly Tuesday 18:00-20:00 activity to the batch. */
static struct import_record *add_weekly(struct import_batch *b, const char *ref, const char *name)
{
    struct import_record *r = import_batch_add(b);
    r->activity.source_ref = xstrdup(ref);
    r->activity.name = xstrdup(name);
    r->activity.category = xstrdup("gardening-nature");
    r->activity.intensity = 2;
    r->activity.has_coords = true;
    r->activity.lat = 42.2626;
    r->activity.lon = -71.8023;
    r->file = xstrdup("test.csv");
    r->line = (long)import_batch_count(b) + 1;
    struct schedule s = {0};
    s.dtstart = xstrdup("20261103T180000");
    s.tzid = xstrdup("America/New_York");
    s.duration_s = 7200;
    s.rrule = xstrdup("FREQ=WEEKLY;BYDAY=TU");
    import_record_add_schedule(r, &s);
    return r;
}

static void new_batch(struct import_batch *b)
{
    memset(b, 0, sizeof *b);
    b->source = xstrdup("test:catalog");
    b->kind = xstrdup("test");
}

static void import_writes_activities_and_occurrences(void **state)
{
    (void)state;
    struct import_batch b;
    new_batch(&b);
    add_weekly(&b, "a1", "Elm Park garden shift");
    add_weekly(&b, "a2", "Seed library sorting");
    struct diag d = {0};
    struct import_stats stats;
    assert_int_equal(catalog_import(store, &b, NULL, &d, &stats), BELONG_OK);
    assert_int_equal(d.count, 0);
    assert_int_equal(stats.activities, 2);
    assert_int_equal(stats.created, 2);
    /* 2026-12-01 .. +120 days holds 18 Tuesdays (12-01 .. 2027-03-30). */
    assert_int_equal(stats.occurrences, 2 * 18);
    import_batch_free(&b);

    int64_t *ids;
    size_t n;
    assert_int_equal(store_activity_ids(store, &ids, &n), BELONG_OK);
    assert_int_equal(n, 2);
    struct occurrence *occ;
    size_t n_occ;
    assert_int_equal(store_occurrences_get(store, ids[0], 0, INT32_MAX, &occ, &n_occ), BELONG_OK);
    assert_int_equal(n_occ, 18);
    assert_int_equal(occ[0].weekday, 1);
    assert_int_equal(occ[0].start_minute, 18 * 60);
    assert_int_equal(occ[0].end - occ[0].start, 7200);
    free(occ);
    free(ids);
    diag_free(&d);
}

static void reimport_updates_in_place_and_retires_missing(void **state)
{
    (void)state;
    struct import_batch b;
    new_batch(&b);
    add_weekly(&b, "a1", "Elm Park garden shift (renamed)");
    struct diag d = {0};
    struct import_stats stats;
    assert_int_equal(catalog_import(store, &b, NULL, &d, &stats), BELONG_OK);
    assert_int_equal(stats.created, 0);
    assert_int_equal(stats.retired, 1);
    import_batch_free(&b);

    int64_t *ids;
    size_t n;
    assert_int_equal(store_activity_ids(store, &ids, &n), BELONG_OK);
    assert_int_equal(n, 1); /* only active ones */
    struct activity a;
    assert_int_equal(store_activity_get(store, ids[0], &a), BELONG_OK);
    assert_string_equal(a.name, "Elm Park garden shift (renamed)");
    assert_true(a.active);
    activity_free(&a);
    free(ids);
    diag_free(&d);
}

static void hand_set_attributes_survive_reimport(void **state)
{
    (void)state;
    int64_t *ids;
    size_t n;
    assert_int_equal(store_activity_ids(store, &ids, &n), BELONG_OK);
    struct activity patch = {0};
    patch.intensity = 1;
    patch.tags = xstrdup("plants,outdoors");
    assert_int_equal(store_activity_set_attrs(store, ids[0], &patch, ATTR_INTENSITY | ATTR_TAGS),
                     BELONG_OK);
    activity_free(&patch);

    struct import_batch b;
    new_batch(&b);
    add_weekly(&b, "a1", "Elm Park garden shift");
    struct diag d = {0};
    assert_int_equal(catalog_import(store, &b, NULL, &d, NULL), BELONG_OK);
    import_batch_free(&b);
    struct activity a;
    assert_int_equal(store_activity_get(store, ids[0], &a), BELONG_OK);
    assert_int_equal(a.intensity, 1);
    assert_string_equal(a.tags, "plants,outdoors");
    assert_string_equal(a.category, "gardening-nature"); /* not hand-set: from the import */
    activity_free(&a);
    free(ids);
    diag_free(&d);
    assert_int_equal(store_activity_set_attrs(store, 99999, &(struct activity){0}, ATTR_TAGS),
                     BELONG_ENOINPUT);
}

static void invalid_record_writes_nothing_unless_lenient(void **state)
{
    (void)state;
    struct import_batch b;
    new_batch(&b);
    b.source[0] = 'x'; /* another source, so nothing is retired by accident */
    add_weekly(&b, "b1", "Book club");
    struct import_record *bad = add_weekly(&b, "b2", "Choir");
    bad->activity.lat = 100;
    struct diag d = {0};
    struct import_stats stats;
    assert_int_equal(catalog_import(store, &b, NULL, &d, &stats), BELONG_EDATA);
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(buf_str(&d.text), "test.csv:3: latitude: 100 is outside [-90, 90]"));
    int64_t *ids;
    size_t n;
    assert_int_equal(store_activity_ids(store, &ids, &n), BELONG_OK);
    assert_int_equal(n, 1); /* unchanged */
    free(ids);

    struct import_options lenient = {.lenient = true};
    diag_free(&d);
    assert_int_equal(catalog_import(store, &b, &lenient, &d, &stats), BELONG_OK);
    assert_int_equal(stats.activities, 1);
    assert_int_equal(stats.rejected, 1);
    assert_int_equal(store_activity_ids(store, &ids, &n), BELONG_OK);
    assert_int_equal(n, 2);
    free(ids);
    import_batch_free(&b);
    diag_free(&d);
}

static void text_with_control_characters_or_bad_utf8_is_refused(void **state)
{
    (void)state;
    struct import_batch b;
    new_batch(&b);
    b.source[0] = 'y';
    struct import_record *r = add_weekly(&b, "t1", "Caf\xe9 night");
    r->activity.description = xstrdup("Line one\nline two\twith a tab");
    r = add_weekly(&b, "t2", "Open mic \x1b[2J\x1b[31m");
    struct diag d = {0};
    assert_int_equal(catalog_import(store, &b, NULL, &d, NULL), BELONG_EDATA);
    assert_int_equal(d.count, 2);
    assert_non_null(strstr(buf_str(&d.text), "test.csv:2: name: is not valid UTF-8"));
    assert_non_null(strstr(buf_str(&d.text), "test.csv:3: name: contains a control character"));
    import_batch_free(&b);
    diag_free(&d);
}

static void refresh_reexpands_for_a_new_horizon(void **state)
{
    (void)state;
    struct import_stats stats;
    assert_int_equal(catalog_refresh(store, 30, NULL, &stats), BELONG_OK);
    assert_int_equal(stats.activities, 2);
    /* 2026-12-01 .. 12-31: Tuesdays 1, 8, 15, 22, 29. */
    assert_int_equal(stats.occurrences, 2 * 5);
    time_t from, to;
    assert_int_equal(catalog_horizon(store, &from, &to), BELONG_OK);
    assert_int_equal(to - from, 30 * 86400);
}

/* Two records with one id would be one listing written twice: the second is refused. */
static void a_repeated_id_is_refused(void **state)
{
    (void)state;
    struct import_batch b;
    new_batch(&b);
    b.source[0] = 'z';
    add_weekly(&b, "r1", "Seed swap");
    add_weekly(&b, "r2", "Knitting circle");
    add_weekly(&b, "r1", "Seed swap, again");
    add_weekly(&b, "r1", "Seed swap, a third time");
    int64_t *ids;
    size_t before, after;
    assert_int_equal(store_activity_ids(store, &ids, &before), BELONG_OK);
    free(ids);
    struct diag d = {0};
    struct import_stats stats;
    assert_int_equal(catalog_import(store, &b, NULL, &d, &stats), BELONG_EDATA);
    assert_int_equal(d.count, 2);
    assert_non_null(
        strstr(buf_str(&d.text), "test.csv:4: id: 'r1' is listed twice (first at test.csv:2)"));
    assert_non_null(
        strstr(buf_str(&d.text), "test.csv:5: id: 'r1' is listed twice (first at test.csv:2)"));
    assert_int_equal(store_activity_ids(store, &ids, &after), BELONG_OK);
    free(ids);
    assert_int_equal(after, before); /* nothing written */

    struct import_options lenient = {.lenient = true};
    diag_free(&d);
    assert_int_equal(catalog_import(store, &b, &lenient, &d, &stats), BELONG_OK);
    assert_int_equal(stats.activities, 2);
    assert_int_equal(stats.rejected, 2);
    assert_int_equal(store_activity_ids(store, &ids, &after), BELONG_OK);
    free(ids);
    assert_int_equal(after, before + 2);
    import_batch_free(&b);
    diag_free(&d);
}

/* A tool that deleted the last listing behind the store's back left its schedules,
** occurrences and index entries: the listing that takes its id next gets none of them. */
static void a_reused_id_starts_clean(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    assert_int_equal(sqlite3_exec(db,
                                  "DELETE FROM activity WHERE id = (SELECT max(id) FROM activity)",
                                  NULL, NULL, NULL),
                     SQLITE_OK); /* foreign keys off: nothing cascades */
    sqlite3_close(db);
    struct import_batch b;
    new_batch(&b);
    b.source[0] = 'w';
    add_weekly(&b, "n1", "Harmonica circle");
    struct diag d = {0};
    struct import_stats stats;
    assert_int_equal(catalog_import(store, &b, NULL, &d, &stats), BELONG_OK);
    assert_true(stats.occurrences > 0);
    import_batch_free(&b);
    diag_free(&d);
    int64_t *ids;
    size_t n;
    assert_int_equal(store_activity_ids(store, &ids, &n), BELONG_OK);
    int64_t id = ids[n - 1];
    free(ids);
    struct occurrence *occ;
    size_t n_occ;
    assert_int_equal(store_occurrences_get(store, id, 0, INT32_MAX, &occ, &n_occ), BELONG_OK);
    assert_int_equal(n_occ, stats.occurrences); /* its own Tuesdays only */
    free(occ);
    struct schedule *scheds;
    size_t n_scheds;
    assert_int_equal(store_schedules_get(store, id, &scheds, &n_scheds), BELONG_OK);
    assert_int_equal(n_scheds, 1);
    for (size_t i = 0; i < n_scheds; i++)
        schedule_free(&scheds[i]);
    free(scheds);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT group_concat(name) FROM activity_text"
                                        " WHERE rowid = ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "Harmonica circle");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Imports one listing of source test:times, with a Tuesday schedule or without any, open on
** open_days without times. Returns its id. */
static int64_t import_times(bool with_schedule, unsigned open_days)
{
    struct import_batch b;
    new_batch(&b);
    free(b.source);
    b.source = xstrdup("test:times");
    struct import_record *r = add_weekly(&b, "t1", "Hearing voices group");
    if (!with_schedule) {
        schedule_free(&r->schedules[0]);
        r->n_schedules = 0;
    }
    r->activity.open_days = open_days;
    struct diag d = {0};
    assert_int_equal(catalog_import(store, &b, NULL, &d, NULL), BELONG_OK);
    import_batch_free(&b);
    diag_free(&d);
    int64_t *ids, id = 0;
    size_t n;
    assert_int_equal(store_activity_ids(store, &ids, &n), BELONG_OK);
    for (size_t i = 0; i < n; i++) {
        struct activity a;
        assert_int_equal(store_activity_get(store, ids[i], &a), BELONG_OK);
        if (strcmp(a.source, "test:times") == 0)
            id = ids[i];
        activity_free(&a);
    }
    free(ids);
    return id;
}

static void times_listed_and_open_days_follow_each_import(void **state)
{
    (void)state;
    struct activity a;
    int64_t id = import_times(false, 1u << 1 | 1u << 3); /* new, no schedule, TU and TH */
    assert_int_equal(store_activity_get(store, id, &a), BELONG_OK);
    assert_false(a.times_listed);
    assert_int_equal(a.open_days, 1u << 1 | 1u << 3);
    activity_free(&a);
    assert_int_equal(import_times(true, 0), id); /* times listed now */
    assert_int_equal(store_activity_get(store, id, &a), BELONG_OK);
    assert_true(a.times_listed);
    assert_int_equal(a.open_days, 0);
    activity_free(&a);
    assert_int_equal(import_times(false, 0), id); /* and gone again */
    assert_int_equal(store_activity_get(store, id, &a), BELONG_OK);
    assert_false(a.times_listed);
    activity_free(&a);
    struct occurrence *occ;
    size_t n_occ;
    assert_int_equal(store_occurrences_get(store, id, 0, INT32_MAX, &occ, &n_occ), BELONG_OK);
    free(occ);
    assert_int_equal(n_occ, 0); /* its dates went with its schedule */
}

/* A record read back from the spool is the record written: every string, number and schedule,
** and its occurrences. */
static void a_spooled_record_reads_back_whole(void **state)
{
    (void)state;
    struct import_batch b;
    new_batch(&b);
    struct import_record *r = add_weekly(&b, "s1", "Seed swap");
    struct activity *a = &r->activity;
    a->description = xstrdup("Bring seeds\nor take some");
    a->organization = xstrdup("Worcester Seed Library");
    a->organization_ref = xstrdup("org-1");
    a->url = xstrdup("https://example.org/");
    a->email = xstrdup("seeds@example.org");
    a->phone = xstrdup("508-555-0100");
    a->tags = xstrdup("seeds,plants");
    a->languages = xstrdup("English,Spanish");
    a->location_ref = xstrdup("loc-1");
    a->location_name = xstrdup("Main library");
    a->address = xstrdup("3 Salem Sq");
    a->town = xstrdup("Worcester");
    a->zip = xstrdup("01608");
    a->tzid = xstrdup("America/New_York");
    a->access = ACCESS_WHEELCHAIR | ACCESS_TRANSIT;
    a->cost_cents = 250;
    a->group_size = 12;
    a->drop_in = TRI_YES;
    memcpy(a->state, "MA", 3);
    a->open_days = 5;
    r->terms = xstrdup("PH-1\tSeeds\n");
    r->eligibility = xstrdup("Adults 18+\nVeterans\n");
    r->min_age = 18;
    r->max_age = 64;
    r->schedules[0].exdates = xstrdup("20261110T180000");
    r->schedules[0].valid_to = xstrdup("2027-06-30");
    struct occurrence occ[2] = {{1796425768, 1796432968, 1, 1080},
                                {1797030568, 1797037768, 1, 1080}};
    struct buf bytes = {0};
    catalog_spool_encode(r, occ, 2, &bytes);

    struct import_record back;
    struct occurrence *occ_back = NULL;
    size_t n_occ = 0;
    assert_int_equal(catalog_spool_decode(bytes.data, bytes.len, &back, &occ_back, &n_occ),
                     BELONG_OK);
    const struct activity *c = &back.activity;
    assert_string_equal(c->source_ref, "s1");
    assert_string_equal(c->name, "Seed swap");
    assert_string_equal(c->description, "Bring seeds\nor take some");
    assert_string_equal(c->organization, "Worcester Seed Library");
    assert_string_equal(c->organization_ref, "org-1");
    assert_string_equal(c->url, "https://example.org/");
    assert_string_equal(c->email, "seeds@example.org");
    assert_string_equal(c->phone, "508-555-0100");
    assert_string_equal(c->category, "gardening-nature");
    assert_string_equal(c->tags, "seeds,plants");
    assert_string_equal(c->languages, "English,Spanish");
    assert_string_equal(c->location_ref, "loc-1");
    assert_string_equal(c->location_name, "Main library");
    assert_string_equal(c->address, "3 Salem Sq");
    assert_string_equal(c->town, "Worcester");
    assert_string_equal(c->zip, "01608");
    assert_string_equal(c->tzid, "America/New_York");
    assert_null(c->inference);
    assert_int_equal(c->access, ACCESS_WHEELCHAIR | ACCESS_TRANSIT);
    assert_int_equal(c->cost_cents, 250);
    assert_int_equal(c->group_size, 12);
    assert_int_equal(c->drop_in, TRI_YES);
    assert_int_equal(c->intensity, 2);
    assert_true(c->has_coords);
    assert_true(c->lat == 42.2626 && c->lon == -71.8023);
    assert_string_equal(c->state, "MA");
    assert_int_equal(c->open_days, 5);
    assert_string_equal(back.file, "test.csv");
    assert_int_equal(back.line, r->line);
    assert_string_equal(back.terms, "PH-1\tSeeds\n");
    assert_string_equal(back.eligibility, "Adults 18+\nVeterans\n");
    assert_int_equal(back.min_age, 18);
    assert_int_equal(back.max_age, 64);
    assert_int_equal(back.n_schedules, 1);
    assert_string_equal(back.schedules[0].dtstart, "20261103T180000");
    assert_string_equal(back.schedules[0].rrule, "FREQ=WEEKLY;BYDAY=TU");
    assert_string_equal(back.schedules[0].exdates, "20261110T180000");
    assert_string_equal(back.schedules[0].valid_to, "2027-06-30");
    assert_null(back.schedules[0].rdates);
    assert_int_equal(back.schedules[0].duration_s, 7200);
    assert_int_equal(n_occ, 2);
    assert_memory_equal(occ_back, occ, sizeof occ);
    import_record_free(&back);
    free(occ_back);
    /* Cut short, it is refused, not read. */
    struct import_record cut;
    assert_int_equal(catalog_spool_decode(bytes.data, bytes.len / 2, &cut, &occ_back, &n_occ),
                     BELONG_EINTERNAL);
    buf_free(&bytes);
    import_batch_free(&b);
}

/* A batch whose records went to disk (a large source) imports as one held in memory: the same
** checks, messages and rows. */
static void a_spooled_batch_imports_as_in_memory(void **state)
{
    (void)state;
    struct import_batch b;
    new_batch(&b);
    b.source[0] = 'y';
    add_weekly(&b, "p1", "Seed swap");
    add_weekly(&b, "p2", "Knitting circle");
    char err[200];
    assert_int_equal(import_batch_spool(&b, err, sizeof err), BELONG_OK);
    assert_int_equal(b.n, 0); /* on disk now */
    add_weekly(&b, "p3", "Chess club");
    add_weekly(&b, "p1", "Seed swap, again");
    assert_int_equal(import_batch_spill(&b, err, sizeof err), BELONG_OK);
    add_weekly(&b, "p4", "Walking group"); /* this one stays in memory */
    assert_int_equal(import_batch_count(&b), 5);

    struct diag d = {0};
    struct import_stats stats;
    assert_int_equal(catalog_import(store, &b, NULL, &d, &stats), BELONG_EDATA);
    assert_int_equal(d.count, 1);
    assert_non_null(
        strstr(buf_str(&d.text), "test.csv:5: id: 'p1' is listed twice (first at test.csv:2)"));
    diag_free(&d);
    struct import_options lenient = {.lenient = true};
    assert_int_equal(catalog_import(store, &b, &lenient, &d, &stats), BELONG_OK);
    assert_int_equal(stats.activities, 4);
    assert_int_equal(stats.rejected, 1);
    long spooled_occurrences = stats.occurrences;
    import_batch_free(&b);
    diag_free(&d);
    /* Each has the dates one weekly record held in memory gets. */
    new_batch(&b);
    b.source[0] = 'x';
    add_weekly(&b, "m1", "Seed swap");
    assert_int_equal(catalog_import(store, &b, NULL, &d, &stats), BELONG_OK);
    assert_true(stats.occurrences > 0);
    assert_int_equal(spooled_occurrences, 4 * stats.occurrences);
    import_batch_free(&b);
    diag_free(&d);
}

/* Ids listed twice among many (found by their hashes, compared as they are): each copy is
** reported against the first, in the order of the ids, whether on disk or in memory, and ids
** that only look alike (a prefix, another case) are not repeats. */
static void repeated_ids_among_many_are_reported_in_id_order(void **state)
{
    (void)state;
    struct import_batch b;
    new_batch(&b);
    b.source[0] = 'w';
    char err[200], ref[32];
    assert_int_equal(import_batch_spool(&b, err, sizeof err), BELONG_OK);
    for (int i = 0; i < 300; i++) { /* lines 2..301 */
        snprintf(ref, sizeof ref, "svc-%d", i);
        add_weekly(&b, ref, "Seed swap");
        if (b.n >= 64)
            assert_int_equal(import_batch_spill(&b, err, sizeof err), BELONG_OK);
    }
    add_weekly(&b, "svc-7", "Seed swap, again");   /* line 302 */
    add_weekly(&b, "SVC-7", "Another case");       /* line 303: not a repeat */
    add_weekly(&b, "svc-2", "Seed swap, again");   /* line 304 */
    add_weekly(&b, "svc-7", "Seed swap, a third"); /* line 305 */
    add_weekly(&b, "svc-29", "Seed swap, again");  /* line 306 */
    add_weekly(&b, "svc-2999", "A longer id");     /* line 307: not a repeat */
    struct diag d = {0};
    struct import_stats stats;
    assert_int_equal(catalog_import(store, &b, NULL, &d, &stats), BELONG_EDATA);
    assert_int_equal(d.count, 4);
    const char *text = buf_str(&d.text);
    const char *two =
        strstr(text, "test.csv:304: id: 'svc-2' is listed twice (first at test.csv:4)");
    const char *twenty_nine =
        strstr(text, "test.csv:306: id: 'svc-29' is listed twice (first at test.csv:31)");
    const char *seven =
        strstr(text, "test.csv:302: id: 'svc-7' is listed twice (first at test.csv:9)");
    const char *seven_again =
        strstr(text, "test.csv:305: id: 'svc-7' is listed twice (first at test.csv:9)");
    assert_non_null(two);
    assert_non_null(twenty_nine);
    assert_non_null(seven);
    assert_non_null(seven_again);
    assert_true(two < twenty_nine && twenty_nine < seven && seven < seven_again);
    diag_free(&d);
    struct import_options lenient = {.lenient = true};
    assert_int_equal(catalog_import(store, &b, &lenient, &d, &stats), BELONG_OK);
    assert_int_equal(stats.activities, 302);
    assert_int_equal(stats.rejected, 4);
    import_batch_free(&b);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(import_writes_activities_and_occurrences),
        cmocka_unit_test(reimport_updates_in_place_and_retires_missing),
        cmocka_unit_test(hand_set_attributes_survive_reimport),
        cmocka_unit_test(invalid_record_writes_nothing_unless_lenient),
        cmocka_unit_test(text_with_control_characters_or_bad_utf8_is_refused),
        cmocka_unit_test(refresh_reexpands_for_a_new_horizon),
        cmocka_unit_test(a_repeated_id_is_refused),
        cmocka_unit_test(a_reused_id_starts_clean),
        cmocka_unit_test(times_listed_and_open_days_follow_each_import),
        cmocka_unit_test(a_spooled_record_reads_back_whole),
        cmocka_unit_test(a_spooled_batch_imports_as_in_memory),
        cmocka_unit_test(repeated_ids_among_many_are_reported_in_id_order),
    };
    return cmocka_run_group_tests(tests, open_store, close_store);
}
