/* test_hsds.c — HSDS import: schedule rows into RRULEs (2TU, -1FR, offsets, UNTIL), belong's
** taxonomy, accessibility words, and whole fixtures parsed into a batch.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/app/app_import.h"
#include "../../src/formats/hsds.h"
#include "infer_check.h"
#include "../../src/formats/hsds_internal.h"
#include "../../src/util/rc.h"

/* hsds_parse into batch b, with the import's scratch store and batch (app_import_sink). */
static int parse_into(const char *path, struct import_batch *b, struct diag *d,
                      struct format_counts *counts)
{
    struct format_sink sink;
    app_import_sink(b, &sink);
    int rc = hsds_parse(path, &sink, d, counts);
    assert_int_equal(counts->records, (long)import_batch_count(b));
    return rc;
}

/* A schedule row with every field empty. */
static struct hsds_sched_in blank(void)
{
    struct hsds_sched_in in = {"", "", "", "", "", "", "", "", "",
                               "", "", "", "", "", "", "", "", false};
    return in;
}

/* Builds in; returns the status, the schedule in *out (free with schedule_free). */
static int build(const struct hsds_sched_in *in, struct schedule *out, struct diag *d)
{
    struct hsds_row row = {.file = "schedules.csv", .line = 2};
    bool empty = false;
    unsigned days;
    return hsds_schedule_build(in, NULL, &row, d, out, &empty, &days);
}

static void weekly_from_a_2x_weekday(void **state)
{
    (void)state;
    struct hsds_sched_in in = blank();
    in.weekday = "1";
    in.opens_at = "11:30";
    in.closes_at = "14:00";
    struct schedule s;
    struct diag d = {0};
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.rrule, "FREQ=WEEKLY;BYDAY=MO");
    assert_string_equal(s.dtstart, "20240101T113000"); /* the documented default */
    assert_int_equal(s.duration_s, 150 * 60);
    schedule_free(&s);
    in.weekday = "Thursday";
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.rrule, "FREQ=WEEKLY;BYDAY=TH");
    schedule_free(&s);
    assert_int_equal(d.count, 0);
}

static void monthly_ordinal_days(void **state)
{
    (void)state;
    struct hsds_sched_in in = blank();
    in.freq = "monthly";
    in.byday = "2TU";
    in.dtstart = "2026-01-13";
    in.opens_at = "18:30";
    in.closes_at = "20:00";
    struct schedule s;
    struct diag d = {0};
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.rrule, "FREQ=MONTHLY;BYDAY=2TU");
    assert_string_equal(s.dtstart, "20260113T183000");
    schedule_free(&s);
    in.byday = " -1FR ";
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.rrule, "FREQ=MONTHLY;BYDAY=-1FR");
    schedule_free(&s);
    in.byday = "+1MO,-1FR";
    in.interval = "2";
    in.count = "6";
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.rrule, "FREQ=MONTHLY;INTERVAL=2;COUNT=6;BYDAY=1MO,-1FR");
    schedule_free(&s);
    assert_int_equal(d.count, 0);
}

static void ordinal_needs_monthly(void **state)
{
    (void)state;
    struct hsds_sched_in in = blank();
    in.freq = "WEEKLY";
    in.byday = "2TU";
    in.opens_at = "10:00";
    struct schedule s;
    struct diag d = {0};
    assert_int_equal(build(&in, &s, &d), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "schedules.csv:2: byday: '2TU': an ordinal day"));
    diag_free(&d);
}

static void offsets_become_local_wall_time(void **state)
{
    (void)state;
    struct hsds_sched_in in = blank();
    in.freq = "WEEKLY";
    in.byday = "MO";
    in.dtstart = "2026-01-05";
    in.opens_at = "14:00Z"; /* 09:00 in New York in January */
    in.closes_at = "15:30Z";
    struct schedule s;
    struct diag d = {0};
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.dtstart, "20260105T090000");
    assert_int_equal(s.duration_s, 90 * 60);
    schedule_free(&s);
    /* An offset New York uses (EDT) is read as New York wall time, whatever the season. */
    in.opens_at = "18:00-04:00";
    in.closes_at = "19:00-04:00";
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.dtstart, "20260105T180000");
    schedule_free(&s);
    /* 02:00Z on a Tuesday is 21:00 on Monday in New York: the weekday moves with it. */
    in.byday = "TU";
    in.dtstart = "2026-01-06";
    in.opens_at = "02:00Z";
    in.closes_at = "03:00Z";
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.rrule, "FREQ=WEEKLY;BYDAY=MO");
    assert_string_equal(s.dtstart, "20260105T210000");
    schedule_free(&s);
    /* The HSDS timezone column (hours) applies to times without an offset. */
    in = blank();
    in.freq = "WEEKLY";
    in.byday = "MO";
    in.dtstart = "2026-01-05";
    in.timezone = "1";
    in.opens_at = "16:00";
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.dtstart, "20260105T100000");
    assert_int_equal(s.duration_s, HSDS_DEFAULT_DURATION_MIN * 60);
    schedule_free(&s);
    assert_int_equal(d.count, 0);
}

static void until_is_the_end_of_the_local_day_in_utc(void **state)
{
    (void)state;
    struct hsds_sched_in in = blank();
    in.freq = "WEEKLY";
    in.byday = "SA";
    in.dtstart = "2026-04-04";
    in.until = "2026-10-31";
    in.opens_at = "09:00";
    in.closes_at = "11:00";
    in.valid_from = "2026-04-01";
    in.valid_to = "2026-10-31";
    struct schedule s;
    struct diag d = {0};
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.rrule, "FREQ=WEEKLY;UNTIL=20261101T035959Z;BYDAY=SA");
    assert_string_equal(s.valid_from, "2026-04-01");
    assert_string_equal(s.valid_to, "2026-10-31");
    schedule_free(&s);
}

static void overnight_and_all_day(void **state)
{
    (void)state;
    struct hsds_sched_in in = blank();
    in.freq = "WEEKLY";
    in.byday = "FR";
    in.opens_at = "22:00";
    in.closes_at = "01:00";
    struct schedule s;
    struct diag d = {0};
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_int_equal(s.duration_s, 3 * 3600);
    schedule_free(&s);
}

/* Builds in; OUT: *empty and *days. */
static int build_days(const struct hsds_sched_in *in, struct schedule *out, struct diag *d,
                      bool *empty, unsigned *days)
{
    struct hsds_row row = {.file = "schedules.csv", .line = 2};
    return hsds_schedule_build(in, NULL, &row, d, out, empty, days);
}

static void days_without_times_are_days_not_whole_day_events(void **state)
{
    (void)state;
    struct schedule s;
    struct diag d = {0};
    bool empty;
    unsigned days;
    struct hsds_sched_in in = blank();
    in.weekday = "Tuesday"; /* 1.x/2.x: a weekday row with empty opens_at and closes_at */
    assert_int_equal(build_days(&in, &s, &d, &empty, &days), BELONG_OK);
    assert_true(empty);
    assert_null(s.dtstart);
    assert_int_equal(days, 1u << 1);
    in = blank();
    in.freq = "WEEKLY";
    in.byday = "MO,WE,FR";
    assert_int_equal(build_days(&in, &s, &d, &empty, &days), BELONG_OK);
    assert_true(empty);
    assert_int_equal(days, 1u << 0 | 1u << 2 | 1u << 4);
    in.freq = "MONTHLY"; /* the second Thursday: open some Thursdays */
    in.byday = "2TH";
    assert_int_equal(build_days(&in, &s, &d, &empty, &days), BELONG_OK);
    assert_int_equal(days, 1u << 3);
    in = blank();
    in.freq = "DAILY";
    assert_int_equal(build_days(&in, &s, &d, &empty, &days), BELONG_OK);
    assert_int_equal(days, 127);
    in = blank();
    in.freq = "WEEKLY";
    in.dtstart = "2026-12-05"; /* a Saturday */
    assert_int_equal(build_days(&in, &s, &d, &empty, &days), BELONG_OK);
    assert_int_equal(days, 1u << 5);
    in.dtstart = ""; /* no start, no day: none known */
    assert_int_equal(build_days(&in, &s, &d, &empty, &days), BELONG_OK);
    assert_true(empty);
    assert_int_equal(days, 0);
    in = blank();
    in.freq = "MONTHLY";
    in.bymonthday = "15";
    assert_int_equal(build_days(&in, &s, &d, &empty, &days), BELONG_OK);
    assert_true(empty);
    assert_int_equal(days, 0);
    assert_int_equal(d.count, 0);
    /* still checked as a rule: a bad day is refused with its field */
    in = blank();
    in.weekday = "Tuesdy";
    assert_int_equal(build_days(&in, &s, &d, &empty, &days), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "schedules.csv:2: weekday: 'Tuesdy'"));
    assert_int_equal(days, 0);
    diag_free(&d);
}

static void times_as_directories_write_them(void **state)
{
    (void)state;
    struct hsds_sched_in in = blank();
    in.weekday = "3";
    in.opens_at = "9:00am";
    in.closes_at = "4:00 PM";
    struct schedule s;
    struct diag d = {0};
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.rrule, "FREQ=WEEKLY;BYDAY=WE");
    assert_string_equal(s.dtstart, "20240101T090000");
    assert_int_equal(s.duration_s, 7 * 3600);
    schedule_free(&s);
    in.opens_at = "noon";
    in.closes_at = "12:30 p.m.";
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.dtstart, "20240101T120000");
    assert_int_equal(s.duration_s, 30 * 60);
    schedule_free(&s);
    in.opens_at = "6pm";
    in.closes_at = "midnight"; /* until the end of the day */
    assert_int_equal(build(&in, &s, &d), BELONG_OK);
    assert_string_equal(s.dtstart, "20240101T180000");
    assert_int_equal(s.duration_s, 6 * 3600);
    schedule_free(&s);
    assert_int_equal(d.count, 0);
    in.opens_at = "5:00"; /* morning or evening? */
    in.closes_at = "13pm";
    assert_int_equal(build(&in, &s, &d), BELONG_EDATA);
    const char *text = buf_str(&d.text);
    assert_non_null(strstr(text, "schedules.csv:2: opens_at: '5:00' is ambiguous"));
    assert_non_null(strstr(text, "schedules.csv:2: closes_at: '13pm' is not a time"));
    diag_free(&d);
}

static void bad_rows_name_their_fields(void **state)
{
    (void)state;
    struct hsds_sched_in in = blank();
    in.freq = "FORTNIGHTLY";
    in.opens_at = "9 o'clock";
    in.valid_to = "2026-02-30";
    in.until = "2026-01-01";
    in.count = "3";
    struct schedule s;
    struct diag d = {0};
    assert_int_equal(build(&in, &s, &d), BELONG_EDATA);
    const char *text = buf_str(&d.text);
    assert_non_null(strstr(text, "schedules.csv:2: freq: 'FORTNIGHTLY'"));
    assert_non_null(strstr(text, "schedules.csv:2: opens_at: '9 o\'clock' is not a time"));
    assert_non_null(strstr(text, "schedules.csv:2: valid_to: '2026-02-30' is not a date"));
    assert_non_null(strstr(text, "schedules.csv:2: count: both until and count"));
    assert_null(s.rrule);
    diag_free(&d);
    /* A rule libical refuses (BYMONTHDAY under WEEKLY). */
    in = blank();
    in.freq = "WEEKLY";
    in.byday = "MO";
    in.bymonthday = "15";
    in.opens_at = "10:00";
    assert_int_equal(build(&in, &s, &d), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "schedules.csv:2: rrule: "));
    diag_free(&d);
    /* Found by fuzzing: "nan" passed the -14..14 test and its conversion to int was undefined. */
    static const char *const bad_zones[] = {"nan", "NaN", "-nan", "inf", "15", "+", "5h"};
    for (size_t i = 0; i < sizeof bad_zones / sizeof bad_zones[0]; i++) {
        in = blank();
        in.freq = "WEEKLY";
        in.byday = "MO";
        in.opens_at = "10:00";
        in.timezone = bad_zones[i];
        assert_int_equal(build(&in, &s, &d), BELONG_EDATA);
        char want[64];
        snprintf(want, sizeof want, "schedules.csv:2: timezone: '%s' is not a UTC offset",
                 bad_zones[i]);
        assert_non_null(strstr(buf_str(&d.text), want));
        diag_free(&d);
    }
}

static void description_only_is_empty(void **state)
{
    (void)state;
    struct hsds_sched_in in = blank();
    in.description = "Call for hours";
    struct schedule s;
    struct diag d = {0};
    struct hsds_row row = {.file = "schedules.csv", .line = 2};
    bool empty = false;
    unsigned days = 99;
    assert_int_equal(hsds_schedule_build(&in, NULL, &row, &d, &s, &empty, &days), BELONG_OK);
    assert_true(empty);
    assert_int_equal(days, 0);
    assert_null(s.dtstart);
}

static void belong_terms(void **state)
{
    (void)state;
    struct category_table cats;
    struct diag d = {0};
    assert_int_equal(categories_load(NULL, &cats, &d), BELONG_OK);
    struct activity a = {0};
    char err[200];
    assert_int_equal(hsds_belong_term(&a, "category:gardening-nature", "", &cats, err, sizeof err),
                     BELONG_OK);
    assert_string_equal(a.category, "gardening-nature");
    assert_int_equal(hsds_belong_term(&a, "intensity", "2", &cats, err, sizeof err), BELONG_OK);
    assert_int_equal(a.intensity, 2);
    assert_int_equal(hsds_belong_term(&a, "access:wheelchair,quiet", "", &cats, err, sizeof err),
                     BELONG_OK);
    assert_int_equal(a.access, ACCESS_WHEELCHAIR | ACCESS_QUIET);
    assert_int_equal(hsds_belong_term(&a, "tag:Plants", "", &cats, err, sizeof err), BELONG_OK);
    assert_int_equal(hsds_belong_term(&a, "tag:plants", "", &cats, err, sizeof err), BELONG_OK);
    assert_int_equal(hsds_belong_term(&a, "tag:compost", "", &cats, err, sizeof err), BELONG_OK);
    assert_string_equal(a.tags, "plants,compost");
    assert_int_equal(hsds_belong_term(&a, "peer-run:yes", "", &cats, err, sizeof err), BELONG_OK);
    assert_int_equal(a.peer_run, TRI_YES);
    assert_int_equal(hsds_belong_term(&a, "substance-free:no", "", &cats, err, sizeof err),
                     BELONG_OK);
    assert_int_equal(a.substance_free, TRI_NO);
    assert_int_equal(hsds_belong_term(&a, "group-size:8", "", &cats, err, sizeof err), BELONG_OK);
    assert_int_equal(a.group_size, 8);
    assert_int_equal(hsds_belong_term(&a, "intensity:9", "", &cats, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "not 1-5"));
    assert_int_equal(hsds_belong_term(&a, "category:pottery", "", &cats, err, sizeof err),
                     BELONG_EDATA);
    assert_non_null(strstr(err, "unknown category 'pottery'"));
    assert_int_equal(hsds_belong_term(&a, "mood:happy", "", &cats, err, sizeof err), BELONG_EDATA);
    assert_int_equal(hsds_belong_term(&a, "drop-in", "", &cats, err, sizeof err), BELONG_EDATA);
    activity_free(&a);
    categories_free(&cats);
}

/* Path of a fixture under tests/fixtures/hsds. */
static const char *fixture(const char *name, char *out, size_t len)
{
    const char *root = getenv("BELONG_ROOT");
    snprintf(out, len, "%s/tests/fixtures/hsds/%s", root ? root : "..", name);
    return out;
}

static const struct import_record *find(const struct import_batch *b, const char *ref)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->records[i].activity.source_ref, ref) == 0)
            return &b->records[i];
    return NULL;
}

static void good_package_into_a_batch(void **state)
{
    (void)state;
    char path[1024];
    struct import_batch b = {0};
    struct diag d = {0};
    struct format_counts counts = {0};
    assert_int_equal(parse_into(fixture("ma-3.0", path, sizeof path), &b, &d, &counts), BELONG_OK);
    assert_string_equal(counts.package_name, "central-western-ma-community-activities");
    assert_int_equal(d.count, 0);
    assert_int_equal(counts.rejected, 0);
    assert_int_equal(b.n, 9); /* 8 services, one of them at two places */
    const struct import_record *r = find(&b, "svc-garden");
    assert_non_null(r);
    assert_string_equal(r->activity.name, "Community Garden Work Shift");
    assert_string_equal(r->activity.organization, "Greenway Neighbors Collective");
    assert_string_equal(r->activity.description,
                        "Weed, water and harvest side by side in the raised beds.\n"
                        "No experience needed; gloves provided.");
    assert_int_equal(r->activity.cost_cents, 0);
    assert_true(r->activity.has_coords);
    assert_int_equal(r->n_schedules, 1);
    assert_string_equal(r->schedules[0].rrule, "FREQ=WEEKLY;BYDAY=SA");
    r = find(&b, "svc-peer");
    assert_int_equal(r->activity.access, ACCESS_WHEELCHAIR | ACCESS_ASL | ACCESS_TRANSIT);
    assert_int_equal(r->activity.peer_run, TRI_YES);
    assert_string_equal(r->activity.phone, "413-555-0142");
    assert_string_equal(r->schedules[0].rrule, "FREQ=MONTHLY;BYDAY=2TU"); /* via sal-peer */
    r = find(&b, "svc-closed");
    assert_false(r->activity.active);
    assert_int_equal(r->line, 9); /* the garden's description spans two lines */
    r = find(&b, "svc-knit@loc-riverside");
    assert_non_null(r);
    assert_string_equal(r->activity.town, "Northampton");
    assert_int_equal(r->n_schedules, 1); /* only the schedule linked to its location */
    assert_string_equal(r->schedules[0].rrule, "FREQ=WEEKLY;BYDAY=TH");
    import_batch_free(&b);
}

static void example_package_reports_latitude(void **state)
{
    (void)state;
    char path[1024];
    fixture("hsds-3.0/examples-csv", path, sizeof path);
    struct import_batch b = {0};
    struct diag d = {0};
    struct format_counts counts = {0};
    assert_int_equal(parse_into(path, &b, &d, &counts), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "locations.csv:2: latitude: 100 is outside"));
    assert_true(counts.rejected >= 1);
    assert_int_equal(counts.broken_files, 0);
    assert_int_equal(b.n, 1); /* the service itself is kept for --lenient, without coordinates */
    assert_false(b.records[0].activity.has_coords);
    import_batch_free(&b);
    diag_free(&d);
}

static void json_list_into_a_batch(void **state)
{
    (void)state;
    char path[1024];
    struct import_batch b = {0};
    struct diag d = {0};
    struct format_counts counts = {0};
    assert_int_equal(
        parse_into(fixture("bad-json-latitude/services.json", path, sizeof path), &b, &d, &counts),
        BELONG_EDATA);
    assert_int_equal(b.n, 2);
    assert_string_equal(b.records[0].activity.organization, "Harbor Arts Collective");
    assert_true(b.records[0].activity.has_coords);
    assert_false(b.records[1].activity.has_coords);
    assert_string_equal(b.records[1].schedules[0].rrule, "FREQ=WEEKLY;BYDAY=MO");
    import_batch_free(&b);
    diag_free(&d);
}

static void json_api_page_with_items(void **state)
{
    (void)state;
    char path[] = "/tmp/belong-test-hsds-XXXXXX.json";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"total_items\": 1, \"items\": [{\"id\": \"svc-9\", \"name\": \"Drum Circle\",\n"
          " \"description\": \"Hand drums provided.\", \"status\": \"temporarily closed\",\n"
          " \"cost_options\": [{\"id\": \"c1\", \"option\": \"Free for everyone\"}],\n"
          " \"service_at_locations\": [\n"
          "   {\"id\": \"sal-a\", \"location\": {\"id\": \"loc-a\", \"name\": \"Town Hall\",\n"
          "     \"latitude\": 42.45, \"longitude\": -73.25,\n"
          "     \"addresses\": [{\"address_1\": \"70 Allen St\", \"city\": \"Pittsfield\",\n"
          "                    \"postal_code\": \"01201\"}]},\n"
          "    \"schedules\": [{\"id\": \"s1\", \"freq\": \"WEEKLY\", \"byday\": \"WE\",\n"
          "                   \"opens_at\": \"19:00\", \"closes_at\": \"20:30\"}]}]}]}\n",
          f);
    fclose(f);
    struct import_batch b = {0};
    struct diag d = {0};
    struct format_counts counts = {0};
    assert_int_equal(parse_into(path, &b, &d, &counts), BELONG_OK);
    assert_int_equal(b.n, 1);
    const struct activity *a = &b.records[0].activity;
    assert_inferred(&b.records[0], "music");
    assert_false(a->active); /* temporarily closed */
    assert_int_equal(a->cost_cents, 0);
    assert_string_equal(a->town, "Pittsfield");
    assert_true(a->has_coords);
    assert_int_equal(b.records[0].n_schedules, 1);
    assert_string_equal(b.records[0].schedules[0].rrule, "FREQ=WEEKLY;BYDAY=WE");
    import_batch_free(&b);
    unlink(path);
}

static void missing_source(void **state)
{
    (void)state;
    struct import_batch b = {0};
    struct diag d = {0};
    struct format_counts counts = {0};
    assert_int_equal(parse_into("/nonexistent/hsds", &b, &d, &counts), BELONG_ENOINPUT);
    diag_free(&d);
}

/* Dates as directories and spreadsheets write them: ISO, the date of a date-time, Excel's US
** M/D/YYYY; nothing else, and nothing read past the end of a value. */
static void dates_as_written(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int year, month, day; /* 0: refused */
    } cases[] = {
        {"2026-12-24", 2026, 12, 24},
        {"2026-12-24T09:00:00Z", 2026, 12, 24},
        {"12/24/2026", 2026, 12, 24},
        {"1/2/2027", 2027, 1, 2},
        {"2/30/2026", 0, 0, 0},
        {"24/12/2026", 0, 0, 0},
        {"12/24/26", 0, 0, 0},
        {"12/24", 0, 0, 0},
        {"/", 0, 0, 0},
        {"2026-02-30", 0, 0, 0},
        {"", 0, 0, 0},
        {"12/24/2026x", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct civil_date d = {0};
        bool ok = hsds_date(cases[i].text, &d);
        assert_int_equal(ok, cases[i].year != 0);
        if (ok) {
            assert_int_equal(d.year, cases[i].year);
            assert_int_equal(d.month, cases[i].month);
            assert_int_equal(d.day, cases[i].day);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekly_from_a_2x_weekday),
        cmocka_unit_test(monthly_ordinal_days),
        cmocka_unit_test(ordinal_needs_monthly),
        cmocka_unit_test(offsets_become_local_wall_time),
        cmocka_unit_test(until_is_the_end_of_the_local_day_in_utc),
        cmocka_unit_test(overnight_and_all_day),
        cmocka_unit_test(days_without_times_are_days_not_whole_day_events),
        cmocka_unit_test(times_as_directories_write_them),
        cmocka_unit_test(bad_rows_name_their_fields),
        cmocka_unit_test(dates_as_written),
        cmocka_unit_test(description_only_is_empty),
        cmocka_unit_test(belong_terms),
        cmocka_unit_test(good_package_into_a_batch),
        cmocka_unit_test(example_package_reports_latitude),
        cmocka_unit_test(json_list_into_a_batch),
        cmocka_unit_test(json_api_page_with_items),
        cmocka_unit_test(missing_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
