#!/usr/bin/env bash
# test-ical-feeds.sh — iCalendar feeds as published (tests/fixtures/ical/feed-*.ics), seen as a
# CPS sees them: a listing's times in its own zone on `occurrences` and `show`, search by day
# and time across DST changes, recommend on a series begun years ago; private and cancelled
# events not listed; series refused with FILE:LINE: PROPERTY and the database unchanged.
# The expected times were worked out by hand (tests/unit/formats/test_ical_feeds.c has them
# all).
. "$(dirname "$0")/lib.sh"

ICAL="$FIXTURES/ical"
db="$BELONG_TEST_TMP/feeds.db"
q() { sqlite3 "$db" "$1"; }
id_of() { q "select id from activity where source_ref = '$1'"; }

# ---- zones as publishers write them ------------------------------------------------------------
run "$BELONG" --db "$db" import ical "$ICAL/feed-zones.ics"
expect_status 0 "an Exchange feed with Windows zone names imports"
expect_out_has "imported 7 activities" "every series of it"
pst=$(id_of 040000008200E00074C5B7101A82E0080000000010F2)
check "\"Pacific Standard Time\" is shown as America/Los_Angeles" \
  [ "$(q "select tzid from activity where id = $pst")" = "America/Los_Angeles" ]
run "$BELONG" --db "$db" occurrences "$pst" --from 2027-03-08 --to 2027-03-20 --json
expect_out_has '"start": "2027-03-11T18:00:00-08:00"' "18:00 PST before the March change, in the listing's zone"
expect_out_has '"start": "2027-03-18T18:00:00-07:00"' "18:00 PDT after it"
run "$BELONG" --db "$db" occurrences "$pst" --from 2027-03-08 --to 2027-03-20
expect_out_has "Thu 11 Mar 2027 18:00-19:30" "the text shows the listing's own clock time"
expect_out_has "(times in America/Los_Angeles)" "... and says which zone that is"
run "$BELONG" --db "$db" show "$pst"
expect_out_has "next (times in America/Los_Angeles):" "show names the zone of its next dates too"
run "$BELONG" --db "$db" occurrences "$(id_of olson-no-vtimezone@example)" --from 2026-12-01 --to 2026-12-31
check "a listing in the directory's own zone needs no such note" [ "${out/times in/}" = "$out" ]
choir=$(id_of office-time-choir@example)
run "$BELONG" --db "$db" occurrences "$choir" --from 2027-03-08 --to 2027-03-16 --json
expect_out_has '"start": "2027-03-08T19:00:00-06:00"' "a custom TZID read by its own rules (US Central)"
expect_out_has '"start": "2027-03-15T19:00:00-05:00"' "... across its March change"

google="$BELONG_TEST_TMP/google.db"
run "$BELONG" --db "$google" import ical "$ICAL/feed-google.ics"
expect_status 0 "a Google feed with X-WR-TIMEZONE imports"
mic=$(sqlite3 "$google" "select id from activity where source_ref = 'floating-wednesday@google.com'")
run "$BELONG" --db "$google" occurrences "$mic" --from 2026-12-01 --to 2026-12-31 --json
expect_out_has '"start": "2026-12-09T19:00:00-06:00"' "a floating time is in the calendar's X-WR-TIMEZONE"

# ---- DST, in search by day and time ------------------------------------------------------------
# Search reads the stored horizon, which starts today: the calendar is written for the next two
# changes of America/New_York, found (with the expected days) by Python's zoneinfo, not belong.
dst="$BELONG_TEST_TMP/dst-next.ics"
eval "$(python3 - "$dst" <<'PY'
import datetime, sys, zoneinfo
tz = zoneinfo.ZoneInfo("America/New_York")
today = datetime.date.today()
def offset(d):
    return datetime.datetime(d.year, d.month, d.day, 12, tzinfo=tz).utcoffset()
changes = {}
d = today + datetime.timedelta(days=1)
while len(changes) < 2:
    if offset(d) != offset(d - datetime.timedelta(days=1)):
        changes.setdefault("spring" if offset(d) > offset(d - datetime.timedelta(days=1)) else "fall", d)
    d += datetime.timedelta(days=1)
first = min(changes.values()) - datetime.timedelta(days=14)
ymd = lambda d: d.strftime("%Y%m%d")
open(sys.argv[1], "w").write("\r\n".join([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//belong tests//EN",
    "BEGIN:VEVENT", "UID:nine@example", "SUMMARY:Sunday Morning Walk",
    "DTSTART;TZID=America/New_York:%sT090000" % ymd(first), "DURATION:PT1H",
    "RRULE:FREQ=WEEKLY;BYDAY=SU", "END:VEVENT",
    "BEGIN:VEVENT", "UID:gap@example", "SUMMARY:Early Birds Breakfast",
    "DTSTART;TZID=America/New_York:%sT023000" % ymd(changes["spring"]), "DURATION:PT1H", "END:VEVENT",
    "BEGIN:VEVENT", "UID:twice@example", "SUMMARY:Night Owls Chat",
    "DTSTART;TZID=America/New_York:%sT013000" % ymd(changes["fall"]), "DURATION:PT30M", "END:VEVENT",
    "END:VCALENDAR", ""]))
for name, day in changes.items():
    lo = max(day - datetime.timedelta(days=7), today + datetime.timedelta(days=1))
    hi = day + datetime.timedelta(days=7)
    sundays = [lo + datetime.timedelta(days=i) for i in range((hi - lo).days + 1)]
    sundays = [s for s in sundays if s.weekday() == 6 and s >= first]
    listed = ", ".join("%s %d %s 09:00" % (s.strftime("%a"), s.day, s.strftime("%b")) for s in sundays)
    print('%s_day=%s %s_from=%s %s_to=%s %s_listed="%s"' % (name, day, name, lo, name, hi, name, listed))
PY
)"
run "$BELONG" --db "$db" import ical "$dst"
expect_status 0 "a calendar around the next two DST changes imports"
run "$BELONG" --db "$db" refresh --horizon 400
expect_status 0 "the horizon covers both changes"
run "$BELONG" --db "$db" search --from "$spring_from" --to "$spring_to" --days SU --after 08:30 --before 09:30
expect_out_has "Sunday Morning Walk" "a weekly 9:00 is found at 9:00 around the spring change ($spring_day)"
expect_out_has "$spring_listed" "... and listed at 9:00 each week"
run "$BELONG" --db "$db" search --from "$fall_from" --to "$fall_to" --days SU --after 08:30 --before 09:30
expect_out_has "$fall_listed" "... and around the fall change ($fall_day)"
run "$BELONG" --db "$db" search --from "$spring_day" --to "$spring_day" --after 03:00 --before 04:00
expect_out_has "Early Birds Breakfast" "02:30 on the spring-forward day is found at 03:30"
run "$BELONG" --db "$db" search --from "$spring_day" --to "$spring_day" --after 02:00 --before 03:00
check "... and not at 02:30, a time that day does not have" [ "${out/Early Birds/}" = "$out" ]
run "$BELONG" --db "$db" search --from "$fall_day" --to "$fall_day" --after 01:00 --before 02:00
expect_out_has "Night Owls Chat" "01:30 on the fall-back day is found at 01:30 (the first one)"

run "$BELONG" --db "$db" import ical "$ICAL/feed-dst.ics"
expect_status 0 "the fixed DST calendar imports"
gap=$(id_of spring-gap@example)
run "$BELONG" --db "$db" occurrences "$gap" --from 2027-03-14 --to 2027-03-15 --json
expect_out_has '"start": "2027-03-14T03:30:00-04:00"' "02:30 that does not exist is 03:30 EDT"
walk=$(id_of sunday-nine@example)
run "$BELONG" --db "$db" occurrences "$walk" --from 2027-11-01 --to 2027-11-30 --json
expect_out_has '"start": "2027-11-07T09:00:00-05:00"' "a weekly 9:00 is 9:00 EST after the fall change"
expect_out_has '"start": "2027-11-14T09:00:00-05:00"' "... up to its UNTIL, inclusive"
check "... and not after it" [ "${out/2027-11-21/}" = "$out" ]

# ---- rules, and recommend on a series begun in 2020 --------------------------------------------
run "$BELONG" --db "$db" import ical "$ICAL/feed-rrule.ics"
expect_status 0 "the rules calendar imports"
expect_out_has "imported 16 activities" "every rule, including those with no date in the horizon"
last=$(id_of last-thursday@example)
run "$BELONG" --db "$db" occurrences "$last" --from 2026-12-01 --to 2027-01-31 --json
expect_out_has '"start": "2026-12-31T18:00:00-05:00"' "BYSETPOS=-1: the last Thursday of December"
expect_out_has '"start": "2027-01-28T18:00:00-05:00"' "... and of January"
BELONG_CPS=t run "$BELONG" --db "$db" peer add --name Sam --home 01609 --max-miles 5 \
  --travel walk --interest "drop in" --available 'MO 17:00-21:00' --comfort 3
expect_status 0 "a peer free on Monday evenings"
BELONG_CPS=t run "$BELONG" --db "$db" recommend 1
expect_out_has "Monday Drop-In" "recommend finds a weekly series begun in 2020"
expect_out_has "Mondays 6–7 pm, when you're free" "... at its local time"

# ---- the shapes of real files ------------------------------------------------------------------
run "$BELONG" --db "$db" import ical "$ICAL/feed-shapes.ics"
expect_status 0 "a BOM, CRLF, two VCALENDARs, VALARM, ATTACH and X- properties import"
expect_out_has "imported 3 activities" "private, confidential and cancelled events are not listed"
check "CLASS:PRIVATE is not stored at all" [ "$(q "select count(*) from activity where source_ref in ('private@example', 'confidential@example')")" = 0 ]
run "$BELONG" --db "$db" search "Café Conversation" --from 2026-12-01 --to 2026-12-31
expect_out_has "Café Conversation – Español" "a line folded inside UTF-8 characters is joined whole"

# ---- refused: named, and nothing written -------------------------------------------------------
digest=$(db_digest "$db")
for case in "bad-thisandfuture.ics:13: RECURRENCE-ID: RANGE=THISANDFUTURE" \
  "bad-rdate-period.ics:16: RDATE: the period ends before it starts (-7200 s)" \
  "bad-override-length.ics:22: DTEND: the moved instance ends before it starts (-3600 s)" \
  "bad-dtend-duration.ics:9: DURATION: DTEND (line 8) and DURATION give different ends" \
  "bad-dtend-before.ics:8: DTEND: the event ends before it starts"; do
  file=${case%%:*}
  run "$BELONG" --db "$db" import ical "$ICAL/$file"
  expect_status 65 "$file is refused"
  expect_err_has "$case" "$file: the message names the line and property"
  check "$file: the database did not change" [ "$(db_digest "$db")" = "$digest" ]
done
run "$BELONG" --db "$db" import ical "$ICAL/bad-thisandfuture.ics" --lenient
expect_status 0 "--lenient keeps the file's other event"
expect_out_has "imported 1 activit" "... only it"
expect_out_has "1 rejected" "... the series with the THISANDFUTURE change counted as rejected"

# ---- an RDATE given as a PERIOD: that occurrence lasts as long as its period ------------------------
pdb="$BELONG_TEST_TMP/periods.db"
run "$BELONG" --db "$pdb" import ical "$ICAL/feed-rdate-periods.ics"
expect_status 0 "a feed with RDATE PERIODs imports"
table=$(sqlite3 "$pdb" "select id from activity where source_ref = 'period-end@example'")
run "$BELONG" --db "$pdb" occurrences "$table" --from 2026-12-01 --to 2027-01-01
expect_out_has "Thu 10 Dec 2026 14:00-16:30" "a period with an end: 14:00 to 16:30, not the series' hour"
expect_out_has "Thu 17 Dec 2026 10:00-13:00" "a period of a start in UTC and a duration (PT3H)"
expect_out_has "Mon 28 Dec 2026 10:00-11:00" "a period of the series' own length"
owls=$(sqlite3 "$pdb" "select id from activity where source_ref = 'period-over-dst@example'")
run "$BELONG" --db "$pdb" occurrences "$owls" --from 2026-10-31 --to 2026-11-02 --json
expect_out_has '"end": "2026-11-01T03:00:00-05:00"' "a period over the fall change ends at 03:00 EST (5 hours)"
rm -f "$BELONG_TEST_TMP/periods.ics"
BELONG_CPS=maria "$BELONG" --db "$pdb" peer add --name Ana --home 01852 >/dev/null 2>&1
BELONG_CPS=maria "$BELONG" --db "$pdb" recommend 1 --choose "$table" >/dev/null 2>&1
run env BELONG_CPS=maria "$BELONG" --db "$pdb" export ical --peer 1 -o "$BELONG_TEST_TMP/periods.ics"
expect_status 0 "the activity exports"
check "... its periods written as RDATE;VALUE=PERIOD" \
  grep -q '^RDATE;VALUE=PERIOD;TZID=America/New_York:20261210T140000/PT2H30M' "$BELONG_TEST_TMP/periods.ics"
run "$BELONG" --db "$BELONG_TEST_TMP/periods-back.db" import ical "$BELONG_TEST_TMP/periods.ics"
check "... and read back as they were" \
  [ "$(sqlite3 "$BELONG_TEST_TMP/periods-back.db" "select rdates from schedule")" = \
    "$(sqlite3 "$pdb" "select rdates from schedule s join activity a on a.id = s.activity_id where a.id = $table")" ]

finish
