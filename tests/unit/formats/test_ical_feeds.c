/* test_ical_feeds.c — iCalendar feeds as publishers write them (tests/fixtures/ical/feed-*.ics):
** their zones (Outlook's Windows names, custom VTIMEZONEs, Google's X-WR-TIMEZONE), DST days,
** all-day and zero-length events, RRULE edge cases, exceptions and the shapes of real files.
** Every expected occurrence was worked out by hand from the calendar, not by belong: each is
** written in the listing's own zone (its activity's tzid), with the UTC offset of that day.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/app/app_import.h"
#include "../../src/directory/catalog.h"
#include "../../src/formats/ical.h"
#include "ical_fixture.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"
#include "../../src/util/timeutil.h"

/* Parses a fixture that must import whole, with no problem. */
static void parse_good(const char *name, struct parsed *p)
{
    parse(name, p);
    if (p->rc != BELONG_OK || p->diag.count != 0)
        fail_msg("%s: %s", name, buf_str(&p->diag.text));
}

static bool has(const struct parsed *p, const char *uid)
{
    for (size_t i = 0; i < p->batch.n; i++)
        if (strcmp(p->batch.records[i].activity.source_ref, uid) == 0)
            return true;
    return false;
}

/* The occurrences of a record in [from, to) (dates in directory time, 00:00). OUT: *occ (the
** caller frees). Returns how many. */
static size_t expand_window(const struct import_record *r, const char *from, const char *to,
                            struct occurrence **occ)
{
    struct civil_date f, t;
    assert_true(parse_date(from, &f));
    assert_true(parse_date(to, &t));
    size_t n = 0;
    *occ = NULL;
    assert_int_equal(catalog_expand(r->schedules, r->n_schedules, local_to_instant(&f, 0, 0, NULL),
                                    local_to_instant(&t, 0, 0, NULL), occ, &n),
                     BELONG_OK);
    return n;
}

/* The starts of a record's occurrences in [from, to), in the listing's own zone, as
** "START/LENGTH-IN-SECONDS" joined by spaces (a length of one hour is left out:
** "2026-12-01T18:00:00-05:00"). */
static void expect_starts(const struct import_record *r, const char *from, const char *to,
                          const char *want)
{
    struct occurrence *occ;
    size_t n = expand_window(r, from, to, &occ);
    struct buf got = {0};
    for (size_t i = 0; i < n; i++) {
        char iso[ISO_LOCAL_LEN];
        format_local_iso(occ[i].start, r->activity.tzid, iso);
        buf_printf(&got, "%s%s", i ? " " : "", iso);
        if (occ[i].end - occ[i].start != 3600)
            buf_printf(&got, "/%ld", (long)(occ[i].end - occ[i].start));
    }
    free(occ);
    if (strcmp(buf_str(&got), want) != 0)
        fail_msg("%s, %s to %s:\n  want %s\n  got  %s", r->activity.source_ref, from, to, want,
                 buf_str(&got));
    buf_free(&got);
}

/* That [from, to) holds n_want occurrences of the record, the i-th (from 0) starting at
** want_iso in zone tzid (NULL: directory time). */
static void expect_nth(const struct import_record *r, const char *from, const char *to,
                       size_t n_want, size_t i, const char *tzid, const char *want_iso)
{
    struct occurrence *occ;
    size_t n = expand_window(r, from, to, &occ);
    assert_int_equal(n, n_want);
    assert_true(i < n);
    char iso[ISO_LOCAL_LEN];
    format_local_iso(occ[i].start, tzid, iso);
    free(occ);
    assert_string_equal(iso, want_iso);
}

/* The UTC instant of the first occurrence in the window, which holds n_want. */
#define expect_first_utc(r, from, to, n_want, want) expect_nth(r, from, to, n_want, 0, "UTC", want)

/* A refused fixture: its status, the records kept, the series refused and the one message. */
static void expect_bad(const char *name, size_t kept, long rejected, const char *message)
{
    struct parsed p;
    parse(name, &p);
    assert_int_equal(p.rc, BELONG_EDATA);
    assert_int_equal(p.batch.n, kept);
    if (p.rejected != rejected)
        fail_msg("%s: %ld rejected, not %ld", name, p.rejected, rejected);
    char want[512];
    snprintf(want, sizeof want, "%s%s", FIXTURES, message);
    if (p.diag.count != 1 || !strstr(buf_str(&p.diag.text), want))
        fail_msg("%s: expected \"%s\", got \"%s\"", name, want, buf_str(&p.diag.text));
    parsed_free(&p);
}

/* ---- time zones as publishers write them --------------------------------------------------- */

static void windows_names_and_custom_zones(void **state)
{
    (void)state;
    struct parsed p;
    parse_good("feed-zones.ics", &p);
    assert_int_equal(p.batch.n, 7);
    /* Exchange's "Pacific Standard Time" with its own VTIMEZONE (rules from 1601): a Thursday
    ** 18:00 in Santa Monica, 18:00 PST before the March change and 18:00 PDT after it. */
    const struct import_record *pst = find(&p, "040000008200E00074C5B7101A82E0080000000010F2");
    assert_string_equal(pst->activity.tzid, "America/Los_Angeles");
    expect_starts(pst, "2027-03-08", "2027-03-20",
                  "2027-03-11T18:00:00-08:00/5400 2027-03-18T18:00:00-07:00/5400");
    expect_first_utc(pst, "2027-03-08", "2027-03-20", 2, "2027-03-12T02:00:00+00:00");
    /* Outlook's display name as the TZID (quoted: it holds a colon). */
    const struct import_record *walk = find(&p, "040000008200E00074C5B7101A82E0080000000020F2");
    assert_string_equal(walk->activity.tzid, "America/New_York");
    expect_starts(walk, "2026-12-01", "2027-01-31",
                  "2026-12-10T10:30:00-05:00/5400 2026-12-17T10:30:00-05:00/5400 "
                  "2026-12-24T10:30:00-05:00/5400");
    /* A custom TZID whose rules are US Central time: read by its rules, shown in the zone that
    ** keeps the same offsets. */
    const struct import_record *choir = find(&p, "office-time-choir@example");
    assert_string_equal(choir->activity.tzid, "America/Chicago");
    expect_starts(choir, "2027-03-08", "2027-03-16",
                  "2027-03-08T19:00:00-06:00 2027-03-15T19:00:00-05:00");
    expect_first_utc(choir, "2027-03-08", "2027-03-16", 2, "2027-03-09T01:00:00+00:00");
    /* Olson names with no VTIMEZONE in the file: libical's own zones. */
    const struct import_record *games = find(&p, "olson-no-vtimezone@example");
    assert_string_equal(games->activity.tzid, "America/New_York");
    expect_starts(games, "2026-12-01", "2026-12-31", "2026-12-08T18:00:00-05:00/7200");
    const struct import_record *art = find(&p, "denver-no-vtimezone@example");
    assert_string_equal(art->activity.tzid, "America/Denver");
    expect_starts(art, "2026-12-01", "2026-12-31", "2026-12-09T18:00:00-07:00/7200");
    expect_first_utc(art, "2026-12-01", "2026-12-31", 1, "2026-12-10T01:00:00+00:00");
    /* A Windows name with no VTIMEZONE: the zone it names, for DTSTART, DTEND and EXDATE. */
    const struct import_record *poetry = find(&p, "windows-no-vtimezone@example");
    assert_string_equal(poetry->activity.tzid, "America/Chicago");
    expect_starts(poetry, "2026-12-01", "2026-12-31",
                  "2026-12-10T18:00:00-06:00/5400 2026-12-24T18:00:00-06:00/5400");
    /* A custom zone no Olson zone matches (+05:17 all year): read by its rules, shown in
    ** directory time. 12:00 there is 06:43 UTC. */
    const struct import_record *ship = find(&p, "ship-time@example");
    assert_null(ship->activity.tzid);
    expect_starts(ship, "2026-12-01", "2026-12-31", "2026-12-11T01:43:00-05:00");
    parsed_free(&p);
}

/* Google's X-WR-TIMEZONE: floating times are in the calendar's zone, and it is the listing's
** zone for events written in UTC. */
static void google_calendar_zone(void **state)
{
    (void)state;
    struct parsed p;
    parse_good("feed-google.ics", &p);
    assert_int_equal(p.batch.n, 2);
    const struct import_record *mic = find(&p, "floating-wednesday@google.com");
    assert_string_equal(mic->activity.tzid, "America/Chicago");
    expect_starts(mic, "2026-12-01", "2027-01-31",
                  "2026-12-09T19:00:00-06:00/5400 2026-12-16T19:00:00-06:00/5400");
    expect_first_utc(mic, "2026-12-01", "2027-01-31", 2, "2026-12-10T01:00:00+00:00");
    const struct import_record *yoga = find(&p, "utc-saturday@google.com");
    assert_string_equal(yoga->activity.tzid, "America/Chicago");
    expect_starts(yoga, "2026-12-01", "2026-12-31", "2026-12-12T10:00:00-06:00");
    parsed_free(&p);
}

/* A TZID that is neither a zone libical knows nor defined by a VTIMEZONE is refused (never read
** as UTC or as the directory's zone): the series is named at its DTSTART line. */
static void unknown_zone_is_refused(void **state)
{
    (void)state;
    expect_bad("bad-tzid.ics", 0, 1,
               "bad-tzid.ics:7: DTSTART: TZID \"Mars/Olympus_Mons\" is not a known time zone and "
               "no VTIMEZONE defines it");
}

/* ---- DST ------------------------------------------------------------------------------------ */

static void daylight_saving_days(void **state)
{
    (void)state;
    struct parsed p;
    parse_good("feed-dst.ics", &p);
    /* 02:30 on 14 March 2027 does not exist: read with the offset before the gap (RFC 5545
    ** 3.3.5), 07:30 UTC, which is 03:30 EDT. */
    const struct import_record *gap = find(&p, "spring-gap@example");
    expect_starts(gap, "2027-03-13", "2027-03-16", "2027-03-14T03:30:00-04:00");
    expect_first_utc(gap, "2027-03-13", "2027-03-16", 1, "2027-03-14T07:30:00+00:00");
    /* 01:30 on 7 November 2027 happens twice: the first (EDT). */
    const struct import_record *twice = find(&p, "fall-ambiguous@example");
    expect_starts(twice, "2027-11-06", "2027-11-09", "2027-11-07T01:30:00-04:00/1800");
    expect_first_utc(twice, "2027-11-06", "2027-11-09", 1, "2027-11-07T05:30:00+00:00");
    /* A weekly 9:00 stays 9:00 local across both changes; UNTIL (14:00Z, 9:00 EST on the 14th)
    ** is inclusive. */
    const struct import_record *walk = find(&p, "sunday-nine@example");
    expect_starts(walk, "2027-03-01", "2027-03-22",
                  "2027-03-07T09:00:00-05:00 2027-03-14T09:00:00-04:00 2027-03-21T09:00:00-04:00");
    expect_starts(walk, "2027-10-30", "2027-12-31",
                  "2027-10-31T09:00:00-04:00 2027-11-07T09:00:00-05:00 2027-11-14T09:00:00-05:00");
    /* An all-day event on the spring day lasts that day: 23 hours. */
    expect_starts(find(&p, "spring-all-day@example"), "2027-03-01", "2027-03-31",
                  "2027-03-14T00:00:00-05:00/82800");
    /* A daily 02:30: the gap day's occurrence is at 03:30, the others at 02:30. */
    expect_starts(find(&p, "daily-gap@example"), "2027-03-01", "2027-03-31",
                  "2027-03-12T02:30:00-05:00 2027-03-13T02:30:00-05:00 "
                  "2027-03-14T03:30:00-04:00 2027-03-15T02:30:00-04:00");
    parsed_free(&p);
}

/* ---- all-day events, lengths ---------------------------------------------------------------- */

static void all_day_and_lengths(void **state)
{
    (void)state;
    struct parsed p;
    parse_good("feed-allday.ics", &p);
    assert_int_equal(p.batch.n, 8);
    expect_starts(find(&p, "one-day@example"), "2026-12-01", "2026-12-31",
                  "2026-12-12T00:00:00-05:00/86400");
    expect_starts(find(&p, "three-days@example"), "2026-12-01", "2026-12-31",
                  "2026-12-18T00:00:00-05:00/259200");
    expect_starts(find(&p, "duration@example"), "2026-12-01", "2026-12-31",
                  "2026-12-14T10:00:00-05:00/2700");
    expect_starts(find(&p, "both-agree@example"), "2026-12-01", "2026-12-31",
                  "2026-12-14T14:00:00-05:00");
    /* Zero-length: a DTEND equal to DTSTART, or no DTEND nor DURATION (RFC 5545 3.6.1). */
    expect_starts(find(&p, "zero-length@example"), "2026-12-01", "2026-12-31",
                  "2026-12-15T12:00:00-05:00/0");
    expect_starts(find(&p, "no-end@example"), "2026-12-01", "2026-12-31",
                  "2026-12-15T17:00:00-05:00/0");
    /* DTEND in another zone: 18:00 Chicago is 19:00 in New York, an hour after the start. */
    expect_starts(find(&p, "end-elsewhere@example"), "2026-12-01", "2026-12-31",
                  "2026-12-16T18:00:00-05:00");
    /* A two-day weekend, weekly, three times. */
    expect_starts(find(&p, "weekly-weekend@example"), "2026-12-01", "2027-01-31",
                  "2026-12-04T00:00:00-05:00/172800 2026-12-11T00:00:00-05:00/172800 "
                  "2026-12-18T00:00:00-05:00/172800");
    parsed_free(&p);
    expect_bad("bad-dtend-before.ics", 0, 1,
               "bad-dtend-before.ics:8: DTEND: the event ends before it starts");
    expect_bad("bad-dtend-duration.ics", 0, 1,
               "bad-dtend-duration.ics:9: DURATION: DTEND (line 8) and DURATION give different "
               "ends (3600 s and 7200 s); RFC 5545 allows one of them");
}

/* ---- RRULE ---------------------------------------------------------------------------------- */

static void recurrence_rules(void **state)
{
    (void)state;
    struct parsed p;
    parse_good("feed-rrule.ics", &p);
    assert_int_equal(p.batch.n, 16);
    expect_starts(find(&p, "count@example"), "2026-11-01", "2027-02-01",
                  "2026-12-01T18:00:00-05:00 2026-12-08T18:00:00-05:00 2026-12-15T18:00:00-05:00");
    expect_starts(find(&p, "until-utc@example"), "2026-11-01", "2027-02-01",
                  "2026-12-02T18:00:00-05:00 2026-12-09T18:00:00-05:00 2026-12-16T18:00:00-05:00");
    /* UNTIL as a local date, with a timed DTSTART: that whole day is in. */
    expect_starts(find(&p, "until-date@example"), "2026-11-01", "2027-02-01",
                  "2026-12-03T18:00:00-05:00 2026-12-10T18:00:00-05:00 2026-12-17T18:00:00-05:00");
    expect_starts(find(&p, "last-thursday@example"), "2026-11-01", "2027-03-01",
                  "2026-11-26T18:00:00-05:00 2026-12-31T18:00:00-05:00 "
                  "2027-01-28T18:00:00-05:00 2027-02-25T18:00:00-05:00");
    /* The first weekday: Friday 1 January, Monday 3 May (1 May is a Saturday). */
    expect_starts(find(&p, "first-weekday@example"), "2026-11-01", "2027-06-01",
                  "2026-11-02T10:00:00-05:00 2026-12-01T10:00:00-05:00 "
                  "2027-01-01T10:00:00-05:00 2027-02-01T10:00:00-05:00 "
                  "2027-03-01T10:00:00-05:00 2027-04-01T10:00:00-04:00 "
                  "2027-05-03T10:00:00-04:00");
    expect_starts(find(&p, "month-end@example"), "2026-11-01", "2027-04-01",
                  "2026-11-30T18:00:00-05:00 2026-12-31T18:00:00-05:00 "
                  "2027-01-31T18:00:00-05:00 2027-02-28T18:00:00-05:00 "
                  "2027-03-31T18:00:00-04:00");
    /* INTERVAL=2 with BYDAY=TU,SU: WKST decides which Sunday goes with which Tuesday. */
    const struct import_record *mo = find(&p, "wkst-mo@example");
    const struct import_record *su = find(&p, "wkst-su@example");
    expect_starts(mo, "2026-11-01", "2027-01-05",
                  "2026-12-01T18:00:00-05:00 2026-12-06T18:00:00-05:00 "
                  "2026-12-15T18:00:00-05:00 2026-12-20T18:00:00-05:00 "
                  "2026-12-29T18:00:00-05:00 2027-01-03T18:00:00-05:00");
    expect_starts(su, "2026-11-01", "2027-01-05",
                  "2026-12-01T18:00:00-05:00 2026-12-13T18:00:00-05:00 "
                  "2026-12-15T18:00:00-05:00 2026-12-27T18:00:00-05:00 "
                  "2026-12-29T18:00:00-05:00");
    /* ... and keeps its phase in a window far from DTSTART. */
    expect_starts(mo, "2027-01-10", "2027-02-01",
                  "2027-01-12T18:00:00-05:00 2027-01-17T18:00:00-05:00 "
                  "2027-01-26T18:00:00-05:00 2027-01-31T18:00:00-05:00");
    expect_starts(su, "2027-01-10", "2027-02-01",
                  "2027-01-10T18:00:00-05:00 2027-01-12T18:00:00-05:00 "
                  "2027-01-24T18:00:00-05:00 2027-01-26T18:00:00-05:00");
    expect_starts(find(&p, "yearly@example"), "2026-08-01", "2028-12-31",
                  "2027-07-04T12:00:00-04:00 2028-07-04T12:00:00-04:00");
    expect_starts(find(&p, "yearly-byday@example"), "2026-04-01", "2028-12-31",
                  "2027-03-14T11:00:00-04:00 2028-03-12T11:00:00-04:00");
    expect_starts(find(&p, "first-third-monday@example"), "2026-12-01", "2027-03-01",
                  "2026-12-07T18:00:00-05:00 2026-12-21T18:00:00-05:00 "
                  "2027-01-04T18:00:00-05:00 2027-01-18T18:00:00-05:00 "
                  "2027-02-01T18:00:00-05:00 2027-02-15T18:00:00-05:00");
    /* Begun in 2020, still going: the window's Mondays. */
    expect_starts(find(&p, "long-running@example"), "2026-12-01", "2027-01-01",
                  "2026-12-07T18:00:00-05:00 2026-12-14T18:00:00-05:00 "
                  "2026-12-21T18:00:00-05:00 2026-12-28T18:00:00-05:00");
    /* Ended in 2025, and a COUNT that ran out in 2017: kept, with nothing in the window. */
    expect_starts(find(&p, "ended@example"), "2026-12-01", "2027-12-01", "");
    expect_starts(find(&p, "count-past@example"), "2026-12-01", "2027-12-01", "");
    /* Daily since 1900, no end: only the window's days are produced. */
    const struct import_record *daily = find(&p, "since-1900@example");
    expect_nth(daily, "2026-12-01", "2027-12-01", 365, 0, NULL, "2026-12-01T09:00:00-05:00");
    expect_nth(daily, "2026-12-01", "2027-12-01", 365, 364, NULL, "2027-11-30T09:00:00-05:00");
    /* Every hour since 1900: 24 a day; 23 on the spring-forward day (02:00 does not exist and
    ** is read as 03:00, which is there already); 24 on the fall-back day (01:00 is the first). */
    const struct import_record *hourly = find(&p, "every-hour@example");
    expect_nth(hourly, "2026-12-01", "2027-01-01", 31 * 24, 31 * 24 - 1, NULL,
               "2026-12-31T23:00:00-05:00");
    expect_nth(hourly, "2027-03-14", "2027-03-15", 23, 2, NULL, "2027-03-14T03:00:00-04:00");
    expect_nth(hourly, "2027-11-07", "2027-11-08", 24, 1, NULL, "2027-11-07T01:00:00-04:00");
    expect_nth(hourly, "2027-11-07", "2027-11-08", 24, 2, NULL, "2027-11-07T02:00:00-05:00");
    parsed_free(&p);
}

/* ---- exceptions ----------------------------------------------------------------------------- */

static void exceptions(void **state)
{
    (void)state;
    struct parsed p;
    parse_good("feed-exceptions.ics", &p);
    assert_int_equal(p.batch.n, 6);
    /* EXDATE lists with TZID, one of them in Chicago time (17:00 CST is 18:00 EST). */
    expect_starts(find(&p, "exdate-tzid@example"), "2026-12-01", "2027-01-01",
                  "2026-12-01T18:00:00-05:00 2026-12-29T18:00:00-05:00");
    /* EXDATE as a DATE removes that day; one in UTC removes 18:00 EST on the 23rd. */
    expect_starts(find(&p, "exdate-date@example"), "2026-12-01", "2027-01-01",
                  "2026-12-02T18:00:00-05:00 2026-12-16T18:00:00-05:00 "
                  "2026-12-30T18:00:00-05:00");
    /* RDATE as DATE-TIMEs with TZID and as a PERIOD in UTC (15:00Z is 10:00 EST). */
    expect_starts(find(&p, "rdate@example"), "2026-12-01", "2027-01-01",
                  "2026-12-03T10:00:00-05:00 2026-12-10T10:00:00-05:00 "
                  "2026-12-17T14:00:00-05:00 2026-12-28T10:00:00-05:00");
    /* A moved instance (Thursday the 10th to Friday the 11th at 19:00), a cancelled one (the
    ** 17th) and a private one named by its start in UTC (23:00Z, 18:00 EST on the 24th). */
    expect_starts(find(&p, "moved@example"), "2026-12-01", "2027-01-01",
                  "2026-12-03T18:00:00-05:00/7200 2026-12-11T19:00:00-05:00/7200");
    /* The override came first in the file. */
    expect_starts(find(&p, "before-master@example"), "2026-12-01", "2027-03-01",
                  "2026-12-14T18:00:00-05:00 2027-01-12T18:00:00-05:00 "
                  "2027-02-08T18:00:00-05:00");
    /* An all-day instance moved a day. */
    expect_starts(find(&p, "all-day-moved@example"), "2026-12-01", "2027-01-01",
                  "2026-12-05T00:00:00-05:00/86400 2026-12-13T00:00:00-05:00/86400 "
                  "2026-12-19T00:00:00-05:00/86400");
    parsed_free(&p);
    /* RANGE=THISANDFUTURE changes every later instance: refused with its series, the other
    ** event of the file kept (--lenient). */
    expect_bad("bad-thisandfuture.ics", 1, 1,
               "bad-thisandfuture.ics:13: RECURRENCE-ID: RANGE=THISANDFUTURE (a change to this "
               "and every later instance) is not supported; the series \"series@example\" is "
               "refused");
}

/* An RDATE given as a PERIOD (start/end or start/duration) gives that occurrence the period's
** length, not the series'. Worked out by hand: 14:00-16:30 EST is 9000 s; 15:00Z is 10:00 EST,
** for 3 h; a period of the series' own length changes nothing; 23:00 EDT on 31 October to 03:00
** EST on 1 November 2026 (clocks go back at 02:00 EDT) is 03:00Z to 08:00Z, 5 h, though the
** clock says 4; 22:00 CST on 7 November is 23:00 EST, for 90 minutes. */
static void rdate_periods(void **state)
{
    (void)state;
    struct parsed p;
    parse_good("feed-rdate-periods.ics", &p);
    assert_int_equal(p.batch.n, 6);
    expect_starts(find(&p, "period-end@example"), "2026-12-01", "2027-01-01",
                  "2026-12-03T10:00:00-05:00 2026-12-10T14:00:00-05:00/9000 "
                  "2026-12-17T10:00:00-05:00/10800 2026-12-28T10:00:00-05:00 "
                  "2026-12-30T10:00:00-05:00");
    expect_starts(find(&p, "period-over-dst@example"), "2026-10-20", "2026-11-10",
                  "2026-10-24T23:00:00-04:00/7200 2026-10-31T23:00:00-04:00/18000 "
                  "2026-11-07T23:00:00-05:00/5400");
    /* A period that starts with an occurrence of the rule names that occurrence: it takes the
    ** period's length (the 10th: 3 h, not 2); one on another day (Saturday the 19th) is added. */
    expect_starts(find(&p, "period-on-rule@example"), "2026-12-01", "2027-01-01",
                  "2026-12-03T18:00:00-05:00/7200 2026-12-10T18:00:00-05:00/10800 "
                  "2026-12-17T18:00:00-05:00/7200 2026-12-19T13:00:00-05:00/14400 "
                  "2026-12-24T18:00:00-05:00/7200");
    /* In an all-day series every RDATE stands for its day, a period's too. */
    expect_starts(find(&p, "period-all-day@example"), "2026-12-01", "2027-01-01",
                  "2026-12-05T00:00:00-05:00/86400 2026-12-12T00:00:00-05:00/86400");
    /* A RECURRENCE-ID override of its own length is the same class: one that keeps its start
    ** and only changes its words keeps its occurrence (it was dropped); one that keeps its
    ** start and ends later (09:00-13:00 EST) has its length; one moved (14:00Z on the 19th is
    ** 09:00 EST, moved to Sunday 10:00) has its own 90 minutes. */
    expect_starts(find(&p, "override-words@example"), "2026-12-01", "2027-01-01",
                  "2026-12-04T18:00:00-05:00 2026-12-11T18:00:00-05:00 "
                  "2026-12-18T18:00:00-05:00");
    expect_starts(find(&p, "override-length@example"), "2026-12-01", "2027-01-01",
                  "2026-12-05T09:00:00-05:00/7200 2026-12-12T09:00:00-05:00/14400 "
                  "2026-12-20T10:00:00-05:00/5400");
    parsed_free(&p);
    /* A period that ends before it starts: its series refused, naming the line. */
    expect_bad("bad-rdate-period.ics", 1, 1,
               "bad-rdate-period.ics:16: RDATE: the period ends before it starts (-7200 s)");
    expect_bad("bad-override-length.ics", 1, 1,
               "bad-override-length.ics:22: DTEND: the moved instance ends before it starts "
               "(-3600 s)");
}

/* ---- the shapes of files -------------------------------------------------------------------- */

static void feed_shapes(void **state)
{
    (void)state;
    struct parsed p;
    parse_good("feed-shapes.ics", &p);
    /* A byte order mark, CRLF, METHOD:PUBLISH, two VCALENDARs; private, confidential and
    ** cancelled events left out; a tentative one and a TRANSPARENT one kept. */
    assert_int_equal(p.batch.n, 3);
    assert_false(has(&p, "private@example"));
    assert_false(has(&p, "confidential@example"));
    assert_false(has(&p, "cancelled@example"));
    /* A line folded inside two UTF-8 sequences (é, and the en dash) is joined whole. */
    const struct import_record *cafe = find(&p, "folded-utf8@example");
    assert_string_equal(cafe->activity.name,
                        "Caf\xc3\xa9 Conversation \xe2\x80\x93 Espa\xc3\xb1ol");
    assert_string_equal(cafe->activity.organization, "Lowell Peer Center");
    /* X- properties, a VALARM and attachments (a link and a base64 image) change nothing. */
    expect_starts(cafe, "2026-12-01", "2027-01-01",
                  "2026-12-07T13:00:00-05:00 2026-12-14T13:00:00-05:00");
    expect_starts(find(&p, "public@example"), "2026-12-01", "2027-01-01",
                  "2026-12-09T15:00:00-05:00/7200");
    const struct import_record *second = find(&p, "second-calendar@example");
    assert_string_equal(second->activity.organization, "Lowell Parks");
    expect_starts(second, "2026-12-01", "2027-01-01", "2026-12-19T00:00:00-05:00/86400");
    parsed_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(windows_names_and_custom_zones),
        cmocka_unit_test(google_calendar_zone),
        cmocka_unit_test(unknown_zone_is_refused),
        cmocka_unit_test(daylight_saving_days),
        cmocka_unit_test(all_day_and_lengths),
        cmocka_unit_test(recurrence_rules),
        cmocka_unit_test(exceptions),
        cmocka_unit_test(rdate_periods),
        cmocka_unit_test(feed_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
