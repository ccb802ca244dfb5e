/* test_ical.c — iCalendar import on the fixtures in tests/fixtures/ical: good calendars become
** records with the right schedules; each bad one gives its FILE:LINE: PROPERTY: message.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../src/app/app_import.h"
#include "../../src/formats/ical.h"
#include "ical_fixture.h"
#include "infer_check.h"
#include "../../src/util/rc.h"
#include "../../src/util/timeutil.h"

#define MAX_OCC 64
struct starts {
    char iso[MAX_OCC][ISO_LOCAL_LEN];
    time_t end[MAX_OCC];
    size_t n;
};

static int collect(void *ctx, const struct occurrence *occ)
{
    struct starts *s = ctx;
    assert_true(s->n < MAX_OCC);
    format_local_iso(occ->start, NULL, s->iso[s->n]);
    s->end[s->n++] = occ->end - occ->start;
    return 0;
}

/* Local starts (America/New_York) of a record's first schedule in [from, to) (local dates). */
static void starts_between(const struct import_record *r, const char *from, const char *to,
                           struct starts *out)
{
    struct civil_date f, t;
    assert_true(parse_date(from, &f));
    assert_true(parse_date(to, &t));
    out->n = 0;
    assert_true(r->n_schedules >= 1);
    int rc = schedule_expand(&r->schedules[0], local_to_instant(&f, 0, 0, NULL),
                             local_to_instant(&t, 0, 0, NULL), collect, out);
    assert_int_equal(rc, BELONG_OK);
}

static void recurring_calendar_with_vtimezone(void **state)
{
    (void)state;
    struct parsed p;
    parse("good-recurring.ics", &p);
    assert_int_equal(p.rc, BELONG_OK);
    assert_int_equal(p.diag.count, 0);
    /* The cancelled choir is left out; the override folds into its series. */
    assert_int_equal(p.batch.n, 2);

    const struct import_record *knit = find(&p, "knitting-circle@worcester.example");
    const struct activity *a = &knit->activity;
    assert_int_equal(knit->line, 23);
    assert_string_equal(a->name, "Knitting Circle");
    assert_string_equal(a->description,
                        "Bring a project or learn from scratch. Wheelchair accessible, quiet "
                        "room; yarn provided.");
    assert_string_equal(a->location_name, "Main Library");
    assert_string_equal(a->address, "3 Salem Sq, Worcester, MA 01608");
    assert_string_equal(a->town, "Worcester");
    assert_string_equal(a->zip, "01608");
    assert_true(a->has_coords);
    assert_true(a->lat > 42.26 && a->lat < 42.27);
    assert_true(a->lon < -71.80 && a->lon > -71.81);
    assert_string_equal(a->url, "https://worcester.example/knitting");
    assert_string_equal(a->tags, "knitting,crafts");
    assert_string_equal(a->organization, "Worcester Public Library");
    assert_string_equal(a->tzid, "America/New_York");
    assert_null(a->category); /* the import infers it (catalog_infer), not the parser */
    assert_inferred(knit, "arts-crafts");
    assert_true(a->active);
    assert_int_equal(a->cost_cents, COST_UNKNOWN); /* iCalendar says nothing about cost */
    assert_int_equal(a->peer_run, TRI_UNKNOWN);
    assert_true(a->access & ACCESS_WHEELCHAIR);
    assert_true(a->access & ACCESS_QUIET);

    assert_int_equal(knit->n_schedules, 1);
    const struct schedule *s = &knit->schedules[0];
    assert_string_equal(s->dtstart, "20261006T180000");
    assert_string_equal(s->tzid, "America/New_York");
    assert_null(s->vtimezone);
    assert_int_equal(s->duration_s, 90 * 60);
    assert_string_equal(s->rrule, "FREQ=WEEKLY;BYDAY=TU");
    assert_string_equal(s->exdates, "20261229T180000,20270105T180000"); /* two EXDATE lines */
    assert_string_equal(s->rdates, "20261230T180000,20261231T100000");

    struct starts st;
    starts_between(knit, "2026-12-20", "2027-01-01", &st);
    assert_int_equal(st.n, 3); /* the 22nd; the 29th excluded; the 30th and 31st added */
    assert_string_equal(st.iso[0], "2026-12-22T18:00:00-05:00");
    assert_string_equal(st.iso[1], "2026-12-30T18:00:00-05:00");
    assert_string_equal(st.iso[2], "2026-12-31T10:00:00-05:00");
    starts_between(knit, "2026-10-27", "2026-11-04", &st);
    assert_int_equal(st.n, 2); /* 18:00 on both sides of the November change */
    assert_string_equal(st.iso[0], "2026-10-27T18:00:00-04:00");
    assert_string_equal(st.iso[1], "2026-11-03T18:00:00-05:00");
    starts_between(knit, "2027-01-01", "2027-01-13", &st);
    assert_int_equal(st.n, 1); /* the 5th excluded by the second EXDATE line */
    assert_string_equal(st.iso[0], "2027-01-12T18:00:00-05:00");

    const struct import_record *peer = find(&p, "peer-support@worcester.example");
    assert_int_equal(peer->line, 46);
    assert_string_equal(peer->activity.town, "Worcester");
    assert_string_equal(peer->activity.zip, "01608");
    /* No ORGANIZER: the calendar's name stands for the organisation. */
    assert_string_equal(peer->activity.organization, "Worcester Community Calendar");
    assert_inferred(peer, "peer-support");
    assert_int_equal(peer->schedules[0].duration_s, 7200);
    starts_between(peer, "2026-11-01", "2027-06-01", &st);
    /* Nov 10, (Dec 8 moved to Thu Dec 10), Jan 12, Feb 9, Mar 9 (UNTIL, 00:00Z on the 10th, is
     * inclusive). */
    assert_int_equal(st.n, 5);
    assert_string_equal(st.iso[0], "2026-11-10T19:00:00-05:00");
    assert_string_equal(st.iso[1], "2026-12-10T18:00:00-05:00");
    assert_string_equal(st.iso[2], "2027-01-12T19:00:00-05:00");
    assert_string_equal(st.iso[4], "2027-03-09T19:00:00-05:00");
    parsed_free(&p);
}

static void all_day_events(void **state)
{
    (void)state;
    struct parsed p;
    parse("good-allday.ics", &p);
    assert_int_equal(p.rc, BELONG_OK);
    assert_int_equal(p.batch.n, 2);
    const struct import_record *garden = find(&p, "garden-workday@garden.example");
    assert_string_equal(garden->schedules[0].dtstart, "20260404");
    assert_int_equal(garden->schedules[0].duration_s, 86400);
    assert_string_equal(garden->activity.location_name, "Elm Park Community Garden");
    assert_string_equal(garden->activity.town, "Worcester");
    assert_null(garden->activity.zip);
    assert_inferred(garden, "gardening-nature");
    struct starts st;
    starts_between(garden, "2026-10-20", "2026-12-01", &st);
    assert_int_equal(st.n, 2); /* the 24th and the 31st, the UNTIL date */
    assert_string_equal(st.iso[0], "2026-10-24T00:00:00-04:00");
    assert_string_equal(st.iso[1], "2026-10-31T00:00:00-04:00");
    assert_int_equal(st.end[0], 86400);

    const struct import_record *fair = find(&p, "harvest-fair@garden.example");
    assert_null(fair->schedules[0].rrule);
    assert_int_equal(fair->schedules[0].duration_s, 2 * 86400);
    parsed_free(&p);
}

static void outlook_zone_utc_and_floating_times(void **state)
{
    (void)state;
    struct parsed p;
    parse("good-outlook.ics", &p);
    assert_int_equal(p.rc, BELONG_OK);
    assert_int_equal(p.batch.n, 4);

    const struct import_record *book = find(&p, "040000008200E00074C5B7101A82E00800000000D0E1");
    assert_int_equal(book->line, 19);
    const struct schedule *s = &book->schedules[0];
    assert_string_equal(s->tzid, "Eastern Standard Time");
    assert_non_null(s->vtimezone);
    assert_non_null(strstr(s->vtimezone, "BEGIN:VTIMEZONE"));
    assert_int_equal(s->duration_s, 5400);
    struct starts st;
    starts_between(book, "2026-11-01", "2026-12-01", &st);
    assert_int_equal(st.n, 2); /* every other Tuesday */
    assert_string_equal(st.iso[0], "2026-11-03T18:00:00-05:00");
    assert_string_equal(st.iso[1], "2026-11-17T18:00:00-05:00");

    const struct import_record *walk = find(&p, "utc-walk@example");
    assert_string_equal(walk->schedules[0].tzid, "UTC");
    starts_between(walk, "2026-11-01", "2027-01-01", &st);
    assert_int_equal(st.n, 3); /* COUNT=3 */
    assert_string_equal(st.iso[0], "2026-12-01T09:00:00-05:00");

    const struct import_record *games = find(&p, "floating-games@example");
    assert_null(games->schedules[0].tzid); /* floating: read in the default zone */
    assert_int_equal(games->schedules[0].duration_s, 3 * 3600);
    starts_between(games, "2026-12-01", "2026-12-31", &st);
    assert_int_equal(st.n, 1);
    assert_string_equal(st.iso[0], "2026-12-04T19:00:00-05:00");

    const struct import_record *studio = find(&p, "mozilla-zone@example");
    assert_string_equal(studio->schedules[0].tzid, "America/New_York");
    parsed_free(&p);
}

/* A bad fixture: its status, how many records survive, and the one expected message; one series
** (or the file, whole) is counted as rejected. */
static void expect_bad(const char *name, size_t records_kept, const char *message)
{
    struct parsed p;
    parse(name, &p);
    assert_int_equal(p.rc, BELONG_EDATA);
    assert_int_equal(p.batch.n, records_kept);
    if (p.rejected != 1)
        fail_msg("%s: %ld rejected, not 1", name, p.rejected);
    assert_int_equal(p.diag.count, 1);
    char want[512];
    snprintf(want, sizeof want, "%s%s", FIXTURES, message);
    if (!strstr(buf_str(&p.diag.text), want))
        fail_msg("%s: expected \"%s\", got \"%s\"", name, want, buf_str(&p.diag.text));
    parsed_free(&p);
}

static void bad_files_name_the_line_and_property(void **state)
{
    (void)state;
    expect_bad("bad-no-uid.ics", 0, "bad-no-uid.ics:4: UID: missing");
    expect_bad("bad-no-dtstart.ics", 0, "bad-no-dtstart.ics:4: DTSTART: missing");
    expect_bad("bad-dtstart-value.ics", 0,
               "bad-dtstart-value.ics:7: DTSTART: libical cannot parse \"2026-12-01 18:00\" as a "
               "DATE-TIME value");
    expect_bad("bad-rrule.ics", 0,
               "bad-rrule.ics:8: RRULE: libical cannot parse \"FREQ=WEEKLY;BYDAY=XX\" as a RECUR "
               "value");
    expect_bad("bad-rrule-combo.ics", 0,
               "bad-rrule-combo.ics:8: RRULE: rrule \"FREQ=MONTHLY;BYYEARDAY=3\" is rejected by "
               "libical");
    expect_bad("bad-tzid.ics", 0,
               "bad-tzid.ics:7: DTSTART: TZID \"Mars/Olympus_Mons\" is not a known time zone and "
               "no VTIMEZONE defines it");
    expect_bad("bad-geo.ics", 0, "bad-geo.ics:8: GEO: latitude 100 is outside [-90, 90]");
    expect_bad("bad-dtend.ics", 0, "bad-dtend.ics:8: DTEND: the event ends before it starts");
    expect_bad("bad-duplicate-uid.ics", 1,
               "bad-duplicate-uid.ics:10: UID: \"dup@example\" is used by another VEVENT (line 4)");
    expect_bad("bad-not-ical.ics", 0,
               "bad-not-ical.ics:1: VCALENDAR: not an iCalendar file: it must begin with "
               "BEGIN:VCALENDAR");
    expect_bad("bad-nesting.ics", 0,
               "bad-nesting.ics:8: END: END:VTODO does not close BEGIN:VEVENT (line 4)");
    /* Found while writing fuzz/fuzz_ical.c: text that is not UTF-8 was stored as is, and JSON
    ** output then left the activity's name out. */
    expect_bad("bad-utf8.ics", 0,
               "bad-utf8.ics:7: SUMMARY: invalid UTF-8 (byte 0xE9); save the file as UTF-8");
    /* A file that breaks off keeps nothing, even for --lenient: the events after the cut would
    ** be retired as if the calendar had dropped them. The format says it breaks off; the
    ** import refuses it (app_import_read, for every format: test_import.c). */
    struct parsed p;
    parse("bad-truncated.ics", &p);
    assert_int_equal(p.rc, BELONG_EDATA);
    assert_int_equal(p.diag.count, 1);
    assert_non_null(strstr(buf_str(&p.diag.text),
                           "bad-truncated.ics:9: VEVENT: BEGIN:VEVENT is never closed: the file "
                           "ends before END:VEVENT (truncated?)"));
    parsed_free(&p);
    char path[512];
    snprintf(path, sizeof path, "%s%s", FIXTURES, "bad-truncated.ics");
    struct app_import_request req = {.path = path, .lenient = true};
    struct import_batch batch = {0};
    struct diag d = {0};
    struct app_import_read read;
    struct app_error err;
    assert_int_equal(app_import_read(&req, &batch, &d, &read, &err), BELONG_EDATA);
    assert_int_equal(read.refusal, IMPORT_BROKEN);
    assert_int_equal(import_batch_count(&batch), 0);
    assert_int_equal(read.counts.rejected, 2); /* both series */
    assert_non_null(strstr(err.message, "bad-truncated.ics cannot be read whole (the message "
                                        "above says why); nothing was imported, even with "
                                        "--lenient (fix or download it again)"));
    import_batch_free(&batch);
    diag_free(&d);
}

static void missing_file_is_no_input(void **state)
{
    (void)state;
    struct parsed p;
    parse("no-such-file.ics", &p);
    assert_int_equal(p.rc, BELONG_ENOINPUT);
    assert_int_equal(p.batch.n, 0);
    parsed_free(&p);
}

static void reparsing_gives_the_same_records(void **state)
{
    (void)state;
    struct parsed a, b;
    parse("good-recurring.ics", &a);
    parse("good-recurring.ics", &b);
    assert_int_equal(a.batch.n, b.batch.n);
    for (size_t i = 0; i < a.batch.n; i++) {
        assert_string_equal(a.batch.records[i].activity.source_ref,
                            b.batch.records[i].activity.source_ref);
        assert_string_equal(a.batch.records[i].schedules[0].dtstart,
                            b.batch.records[i].schedules[0].dtstart);
    }
    parsed_free(&a);
    parsed_free(&b);
}

/* LOCATION outside Massachusetts: any state's code and ZIP; a ZIP without a state. */
static void locations_in_other_states(void **state)
{
    (void)state;
    struct parsed p;
    parse("good-elsewhere.ics", &p);
    assert_int_equal(p.rc, BELONG_OK);
    assert_int_equal(p.batch.n, 4);
    const struct activity *walk = &find(&p, "burlington-walk@peers.example")->activity;
    assert_string_equal(walk->location_name, "Community Boathouse");
    assert_string_equal(walk->town, "Burlington");
    assert_string_equal(walk->zip, "05401");
    assert_false(walk->has_coords); /* no GEO: a place, not a point */
    const struct activity *cafe = &find(&p, "nashua-cafe@peers.example")->activity;
    assert_string_equal(cafe->town, "Nashua");
    assert_string_equal(cafe->zip, "03060");
    const struct activity *drop = &find(&p, "drop-in@peers.example")->activity;
    assert_string_equal(drop->zip, "01608");
    assert_null(drop->town);
    /* Found by fuzz/fuzz_ical.c: a capital pair that is no state code ("YW") read past the end
    ** of the list of codes. */
    const struct activity *hall = &find(&p, "ywca-hall@peers.example")->activity;
    assert_string_equal(hall->town, "Worcester");
    assert_null(hall->zip);
    parsed_free(&p);
}

/* A file of two VCALENDARs: each event is read against its own calendar (its name, its
** VTIMEZONE), and an override in the second moves an instance of a series of the first. */
static void two_calendars_in_one_file(void **state)
{
    (void)state;
    struct parsed p;
    parse("good-two-calendars.ics", &p);
    assert_int_equal(p.rc, BELONG_OK);
    assert_int_equal(p.batch.n, 2);
    const struct import_record *club = find(&p, "book-club@library");
    const struct import_record *walk = find(&p, "walk@parks");
    assert_string_equal(club->activity.organization, "Worcester Public Library");
    assert_string_equal(walk->activity.organization, "Worcester Parks");
    assert_int_equal(club->line, 21);
    assert_int_equal(walk->line, 33);
    struct starts s;
    starts_between(club, "2026-12-01", "2026-12-16", &s);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.iso[0], "2026-12-01T18:00:00-05:00");
    assert_string_equal(s.iso[1], "2026-12-09T18:00:00-05:00"); /* moved from the 8th */
    assert_string_equal(s.iso[2], "2026-12-15T18:00:00-05:00");
    parsed_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(locations_in_other_states),
        cmocka_unit_test(recurring_calendar_with_vtimezone),
        cmocka_unit_test(all_day_events),
        cmocka_unit_test(outlook_zone_utc_and_floating_times),
        cmocka_unit_test(bad_files_name_the_line_and_property),
        cmocka_unit_test(missing_file_is_no_input),
        cmocka_unit_test(reparsing_gives_the_same_records),
        cmocka_unit_test(two_calendars_in_one_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
