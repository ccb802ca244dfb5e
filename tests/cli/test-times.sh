#!/usr/bin/env bash
# test-times.sh — times as directories write them, and listings whose times are not listed:
# the import of 12-hour times and empty weekday rows (tests/fixtures/hsds/times-as-written),
# search (text, place, day and time filters, --json), show, recommend --explain and
# recommend --ask-about-times.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/times"
mkdir -p "$tmp"
db="$tmp/times.db"
fixture="$BELONG_ROOT/tests/fixtures/hsds/times-as-written"
export BELONG_NOW=2026-12-07T08:00 BELONG_CPS=maria
b() { run "$BELONG" --db "$db" "$@"; }
jq_ok() { # jq_ok "description" FILTER: the filter, run on $out, must print true
  local desc=$1 got
  got=$(printf '%s' "$out" | jq -e "$2" 2>&1)
  if [ "$got" = "true" ]; then _report 0 "$desc"; else
    _report 1 "$desc" "jq '$2' gave: ${got:0:500}; stdout: ${out:0:1000}"; fi
}

# ---- import ------------------------------------------------------------------------------
b import hsds "$fixture/bad-times"
expect_status 65 "an ambiguous or impossible time refuses the package"
expect_err_has "bad-times/regular_schedules.csv:2: opens_at: '5:00' is ambiguous" \
  "'5:00' is refused as ambiguous, with its file, line and field"
expect_err_has "bad-times/regular_schedules.csv:3: closes_at: '13pm' is not a time of day" \
  "'13pm' is refused with its file, line and field"
check "a refused package writes no listing" \
  test "$(sqlite3 "$db" 'SELECT count(*) FROM activity' 2>/dev/null || echo 0)" = 0

b import hsds "$fixture"
expect_status 0 "12-hour times, noon, midnight and empty weekday rows import"

b occurrences 1 --from 2026-12-07 --to 2026-12-10 --json
jq_ok "'9:00am'-'4:00 PM' on Mondays and 'noon'-'12:30 p.m.' on Wednesdays" \
  '[.[] | [.start, .end]] == [["2026-12-07T09:00:00-05:00","2026-12-07T16:00:00-05:00"],
                              ["2026-12-09T12:00:00-05:00","2026-12-09T12:30:00-05:00"]]'
b occurrences 4 --from 2026-12-11 --to 2026-12-12 --json
jq_ok "'6pm' until 'midnight' ends at the end of the day" \
  '[.[] | [.start, .end]] == [["2026-12-11T18:00:00-05:00","2026-12-12T00:00:00-05:00"]]'
b occurrences 2 --from 2026-12-07 --to 2027-01-07 --json
jq_ok "a Tuesday row without times makes no whole-day events" 'length == 0'

jdb="$tmp/json.db"
run "$BELONG" --db "$jdb" import hsds "$fixture-json/services.json"
expect_status 0 "HSDS 3.0 JSON with 12-hour and UTC times imports"
run "$BELONG" --db "$jdb" occurrences 1 --from 2026-12-07 --to 2026-12-13 --json
jq_ok "JSON: '6:30 PM'-'8:00pm' Thursdays, and '15:00Z'-'17:00Z' Saturdays in local time" \
  '[.[] | [.start, .end]] == [["2026-12-10T18:30:00-05:00","2026-12-10T20:00:00-05:00"],
                              ["2026-12-12T10:00:00-05:00","2026-12-12T12:00:00-05:00"]]'
run "$BELONG" --db "$jdb" search studio --json
jq_ok "JSON: a rule without times and a service without schedule are times not listed" \
  '[.[] | [.id, .times_not_listed, .open_days]] == [[2,true,["MO","WE"]],[3,true,[]]]'

# An iCalendar all-day event (DTSTART as a DATE) is a real all-day event, not times not listed.
idb="$tmp/ical.db"
BELONG_NOW=2026-04-01T08:00 run "$BELONG" --db "$idb" import ical "$BELONG_ROOT/tests/fixtures/ical/good-allday.ics"
expect_status 0 "an iCalendar feed of all-day events imports"
BELONG_NOW=2026-04-01T08:00 run "$BELONG" --db "$idb" search garden --json
jq_ok "an all-day event has its dates, not 'times not listed'" \
  'length == 1 and .[0].times_not_listed == false and (.[0].next | length) > 0 and .[0].next[0] == "2026-04-04T00:00:00-04:00"'
BELONG_NOW=2026-04-01T08:00 run "$BELONG" --db "$idb" search garden --after 10:00 --json
jq_ok "an all-day event (starting at midnight) does not pass --after 10:00" 'length == 0'

# ---- show --------------------------------------------------------------------------------
b show 2
expect_out_has "open Tuesdays, times not listed" "show says the days it is open, times not listed"
b show 3 --json
jq_ok "show --json: times_listed false and no open days for a service without schedule" \
  '.times_listed == false and .open_days == [] and .schedules == []'

# ---- search ------------------------------------------------------------------------------
b search "hearing voices" --json
jq_ok "search by text: the listing with dates first" \
  '.[0].id == 1 and .[0].times_not_listed == false and (.[0].next | length) > 0'
jq_ok "then those whose times are not listed, anywhere" '[.[1:][].id] | sort == [2,3,5]'
jq_ok "they carry next [] and times_not_listed" \
  'all(.[1:][]; .next == [] and .times_not_listed == true)'
jq_ok "open_days lists the days open without times" \
  '[.[] | select(.id == 2) | .open_days] == [["TU"]]'
b search --town Worcester --within 10 --json
jq_ok "around a place: those with a fitting date first, then times not listed" \
  '[.[].id] == [1,4,2,3] and ([.[].times_not_listed] == [false,false,true,true])'
b search --town Worcester --within 10
expect_out_has "next: open Tuesdays, times not listed" "text output says 'times not listed' with its days"
expect_out_has "next: times not listed" "text output says 'times not listed' without days"
b search hearing --days TU --json
jq_ok "a Tuesday filter finds the listing open Tuesdays (times not listed) only" '[.[].id] == [2]'
b search hearing --days WE --json
jq_ok "a Wednesday filter does not find it (only the Wednesday lunch)" '[.[].id] == [1]'
b search hearing --after 17:00 --json
jq_ok "a time-of-day filter never finds listings whose times are not listed" 'length == 0'
b search hearing --before 17:00 --json
jq_ok "and keeps those with a fitting date" '[.[].id] == [1] and .[0].times_not_listed == false'
b search --town Worcester --within 10 --days MO --before 12:00 --json
jq_ok "a time filter keeps the listings with a fitting date" '[.[].id] == [1]'

# ---- recommend ---------------------------------------------------------------------------
b peer add --name Sam --home 01602 --max-miles 10 --interest "hearing voices" \
  --available 'TU 17:00-21:00' --available 'WE 11:00-13:00'
expect_status 0 "a peer free Tuesday evenings and Wednesday lunchtimes"
b recommend 1 --json
jq_ok "recommend lists only listings with a fitting date" '[.[].id] == [1]'
dated=$(printf '%s' "$out" | jq -c '.[0] | [.id, .score, .reasons]')
b recommend 1 --explain 2
expect_out_has "No dates listed (open Tuesdays, times not listed)" "--explain says no dates listed, and the days"
expect_out_has "--ask-about-times" "--explain names the option that lists it"
b recommend 1 --explain 5
expect_out_has "No dates listed (times not listed)" "--explain of a listing without schedule"
expect_out_has "miles away; you said up to 10.0 miles" "--explain also says which other limit it breaks"
b recommend 1 --ask-about-times --json
jq_ok "--ask-about-times: dated suggestions, then listings to ask about, within every limit" \
  '[.[].id] == [1,3,2] and [.[].ask_about_times] == [false,true,true]'
jq_ok "the suggestions themselves are as without --ask-about-times" \
  "(.[0] | [.id, .score, .reasons]) == $dated"
jq_ok "each listing to ask about has no dates and a reason to call" \
  'all(.[] | select(.ask_about_times); .next == [] and (.reasons[0] | test("call or write to ask")))'
b recommend 1 --ask-about-times --from 2027-06-01 --json
jq_ok "--ask-about-times past the materialised horizon (schedules expanded) gives the same" \
  '[.[].id] == [1,3,2] and [.[].ask_about_times] == [false,true,true]'
b recommend 1 --ask-about-times
expect_out_has "then 2 to ask about times" "the text says how many are to ask about"
expect_out_has "Open Tuesdays, times not listed: call or write to ask when it meets." \
  "the reason names the days it is open"
b peer add --name Lee --home 01602 --max-miles 10 --available 'TH 09:00-12:00'
b recommend 2 --ask-about-times --json
jq_ok "a listing open Tuesdays is not suggested to a peer never free on Tuesdays" \
  '[.[].id] == [3]'
b recommend --help
expect_out_has "--ask-about-times" "--help names --ask-about-times"

finish
