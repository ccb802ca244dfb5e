#!/usr/bin/env bash
# test-import-ical.sh — `belong import ical` on fixtures: a recurring calendar with VTIMEZONE,
# EXDATE/RDATE and a moved instance, all-day events, an Outlook zone; re-import idempotence;
# a cancelled series retired; bad files refused whole (database unchanged) or --lenient.
. "$(dirname "$0")/lib.sh"

ICAL="$FIXTURES/ical"
db="$BELONG_TEST_TMP/ical.db"
q() { sqlite3 "$db" "$1"; }

# ---- a recurring calendar ----------------------------------------------------------------------
run "$BELONG" --db "$db" import ical "$ICAL/good-recurring.ics"
expect_status 0 "recurring calendar imports"
expect_out_has "imported 2 activities" "one activity per series; the cancelled one left out"
expect_out_has "0 rejected in" "nothing rejected"
check "UID is the source reference" \
  [ "$(q "select group_concat(source_ref, ' ') from (select source_ref from activity order by 1)")" = "knitting-circle@worcester.example peer-support@worcester.example" ]
check "LOCATION gives town and ZIP, CATEGORIES the tags and category" \
  [ "$(q "select town||'|'||zip||'|'||tags||'|'||category from $LISTING where source_ref like 'knitting%'")" = "Worcester|01608|knitting,crafts|arts-crafts" ]
check "imported activities are active" [ "$(q 'select min(active) from activity')" = 1 ]
check "the organisation is ORGANIZER CN, else X-WR-CALNAME, each one row keyed by its name" \
  [ "$(q "select group_concat(x, '|') from (select o.source_ref||'='||o.name as x from organization o order by 1)")" = "Worcester Community Calendar=Worcester Community Calendar|Worcester Public Library=Worcester Public Library" ]
check "the location is keyed by the LOCATION text, folded, and GEO" \
  [ "$(q "select l.source_ref from activity a join location l on l.id = a.location_id where a.source_ref like 'knitting%'")" = "main library, 3 salem sq, worcester, ma 01608 geo:42.2626000,-71.8023000" ]

knit=$(q "select id from activity where source_ref like 'knitting%'")
peer=$(q "select id from activity where source_ref like 'peer-support%'")
run "$BELONG" --db "$db" occurrences "$knit" --from 2026-12-20 --to 2026-12-31 --json
expect_status 0 "occurrences --json"
expect_out_has '"start": "2026-12-22T18:00:00-05:00"' "weekly Tuesday at 18:00 local"
expect_out_has '"end": "2026-12-22T19:30:00-05:00"' "DTEND gives the length"
expect_out_has '"start": "2026-12-30T18:00:00-05:00"' "RDATE adds an occurrence"
check "EXDATE removes the 29th" [ "${out/2026-12-29T/}" = "$out" ]
run "$BELONG" --db "$db" occurrences "$knit" --from 2027-03-09 --to 2027-03-17 --json
expect_out_has '"start": "2027-03-09T18:00:00-05:00"' "18:00 EST before the March change"
expect_out_has '"start": "2027-03-16T18:00:00-04:00"' "18:00 EDT after the March change"
run "$BELONG" --db "$db" occurrences "$peer" --from 2026-12-01 --to 2026-12-31 --json
expect_out_has '"start": "2026-12-10T18:00:00-05:00"' "RECURRENCE-ID: the moved instance is on its new day"
check "RECURRENCE-ID: the original second Tuesday is gone" [ "${out/2026-12-08T/}" = "$out" ]

# ---- re-import: same ids, nothing twice --------------------------------------------------------
before=$(q 'select id, source_ref, name, active from activity order by id' | sha256sum)
occ_before=$(q 'select count(*) from occurrence')
run "$BELONG" --db "$db" import ical "$ICAL/good-recurring.ics"
expect_status 0 "re-import succeeds"
check "re-import keeps the same ids and records" \
  [ "$(q 'select id, source_ref, name, active from activity order by id' | sha256sum)" = "$before" ]
check "re-import keeps the same occurrences" [ "$(q 'select count(*) from occurrence')" = "$occ_before" ]
check "re-import adds no organization or location rows" \
  [ "$(q "select (select count(*) from organization)||' '||(select count(*) from location)")" = "2 2" ]
check "no activity twice" \
  [ "$(q 'select count(*) from (select source_ref from activity group by 1 having count(*) > 1)')" = 0 ]

# ---- a series cancelled in a later version of the calendar is retired --------------------------
cancelled="$BELONG_TEST_TMP/cancelled.ics"
sed '/^UID:knitting-circle/a STATUS:CANCELLED' "$ICAL/good-recurring.ics" >"$cancelled"
run "$BELONG" --db "$db" import ical "$cancelled" --source "ical:$ICAL/good-recurring.ics"
expect_status 0 "import of the calendar with the series cancelled"
expect_out_has "1 retired" "summary mentions the retired series"
check "the cancelled series is inactive, not deleted" \
  [ "$(q "select active from activity where id=$knit")" = 0 ]

# ---- all-day events and an Outlook time zone ---------------------------------------------------
db2="$BELONG_TEST_TMP/ical2.db"
run "$BELONG" --db "$db2" import ical "$ICAL/good-allday.ics"
expect_status 0 "all-day calendar imports"
run "$BELONG" --db "$db2" import ical "$ICAL/good-outlook.ics"
expect_status 0 "Outlook calendar imports"
expect_out_has "imported 4 activities" "custom VTIMEZONE, UTC, floating and mozilla.org TZIDs"
book=$(sqlite3 "$db2" "select id from activity where name='Book Club'")
run "$BELONG" --db "$db2" occurrences "$book" --from 2026-12-01 --to 2026-12-31 --json
expect_out_has '"start": "2026-12-01T18:00:00-05:00"' "Eastern Standard Time VTIMEZONE: 18:00 local"
expect_out_has '"start": "2026-12-15T18:00:00-05:00"' "INTERVAL=2: every other Tuesday"

# ---- places without GEO: at the centre of their ZIP code ---------------------------------------
db3="$BELONG_TEST_TMP/ical3.db"
run "$BELONG" --db "$db3" import ical "$ICAL/good-elsewhere.ics"
expect_status 0 "a calendar without GEO imports"
run "$BELONG" --db "$db3" search --zip 05401 --within 3 --json
expect_out_has '"name": "Waterfront Walking Group"' "a place without GEO is found around its ZIP code"
walk=$(sqlite3 "$db3" "select id from activity where name='Waterfront Walking Group'")
run "$BELONG" --db "$db3" show "$walk" --json
expect_out_has '"coordinates_from": "zip"' "show --json says the coordinates are the ZIP's centre"
expect_out_has '"lat": 44.475181' "... and gives them (05401: Burlington, VT, its Census point)"
run "$BELONG" --db "$db3" show "$walk"
expect_out_has "the centre of its ZIP code" "show says the distance is approximate"
mic=$(sqlite3 "$db3" "select id from activity where name='Open Mic'")
run "$BELONG" --db "$db3" show "$mic" --json
expect_out_has '"coordinates_from": "town"' "a place with a town and state but no ZIP code: its town's centre"
run "$BELONG" --db "$db3" search --town Worcester --within 2 --json
expect_out_has '"name": "Open Mic"' "... so a search around the town finds it"
run "$BELONG" --db "$db3" show "$mic"
expect_out_has "the centre of its town" "show says so"
run "$BELONG" --db "$db3" search --zip 01608 --within 10
expect_out_has "about " "search shows a distance to such a place as approximate"
BELONG_CPS=t run "$BELONG" --db "$db3" peer add --name Sam --home 01608 --max-miles 5 \
  --travel walk --interest "drop in" --available 'MO 17:00-21:00' --comfort 3
BELONG_CPS=t run "$BELONG" --db "$db3" recommend 1
expect_out_has "Within about a mile" "recommend's reason does not make the ZIP code's centre exact"
BELONG_CPS=t run "$BELONG" --db "$db3" recommend 1 --json
expect_out_has '"distance_approximate": true' "recommend --json says the distance is approximate"
BELONG_CPS=t run "$BELONG" --db "$db3" peer archive 1
run "$BELONG" --db "$db3" import ical "$ICAL/good-elsewhere.ics"
expect_status 0 "the same calendar again"
check "re-importing it changes no place" \
  [ "$(sqlite3 "$db3" "select count(*) || ' ' || group_concat(coords_from) from (select coords_from from location order by id)")" = "4 zip,zip,zip,town" ]
run "$BELONG" --db "$db" show "$(sqlite3 "$db" "select a.id from activity a join location l on l.id = a.location_id where l.lat is not null and l.coords_from is null limit 1")" --json
expect_out_has '"coordinates_from": "source"' "a place with GEO keeps its own coordinates"
run "$BELONG" --db "$db2" show "$(sqlite3 "$db2" "select id from activity where name='Book Club'")" --json
expect_out_has '"coordinates_from": null' "a place with neither GEO, a ZIP code nor a town and state has no coordinates"

# ---- bad files: refused whole, nothing written -------------------------------------------------
digest=$(db_digest "$db")
for case in "bad-rrule.ics:8: RRULE: libical cannot parse" \
  "bad-no-uid.ics:4: UID: missing" \
  "bad-geo.ics:8: GEO: latitude 100 is outside [-90, 90]" \
  "bad-tzid.ics:7: DTSTART: TZID \"Mars/Olympus_Mons\" is not a known time zone" \
  "bad-nesting.ics:8: END: END:VTODO does not close BEGIN:VEVENT (line 4)" \
  "bad-truncated.ics:9: VEVENT: BEGIN:VEVENT is never closed" \
  "bad-utf8.ics:7: SUMMARY: invalid UTF-8 (byte 0xE9)"; do
  file=${case%%:*}
  run "$BELONG" --db "$db" import ical "$ICAL/$file"
  expect_status 65 "$file is refused"
  expect_err_has "$case" "$file: the message names line and property"
  check "$file: the database did not change" [ "$(db_digest "$db")" = "$digest" ]
done
run "$BELONG" --db "$db" import ical "$ICAL/bad-truncated.ics" --lenient
expect_status 65 "a file that breaks off is refused even with --lenient"
expect_err_has "cannot be read whole" "the message says the file cannot be read whole"
check "bad-truncated.ics --lenient: the database did not change" [ "$(db_digest "$db")" = "$digest" ]
run "$BELONG" --db "$db" import ical "$ICAL/no-such-file.ics"
expect_status 66 "a missing file is EX_NOINPUT"

finish
