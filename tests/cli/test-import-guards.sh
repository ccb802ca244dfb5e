#!/usr/bin/env bash
# test-import-guards.sh — imports that would silently retire a whole source are refused: an
# empty feed (a likely broken download) needs --allow-empty.
. "$(dirname "$0")/lib.sh"

db="$BELONG_TEST_TMP/guards.db"
run "$BELONG" --db "$db" import ical "$FIXTURES/ical/good-recurring.ics" --source library
expect_status 0 "a calendar imports"
active=$(sqlite3 "$db" "SELECT count(*) FROM activity WHERE active")
check "it lists activities" test "$active" -gt 0

before=$(db_digest "$db")
run "$BELONG" --db "$db" import ical "$FIXTURES/ical/empty.ics" --source library
expect_status 65 "an empty feed for a source with listings is refused"
expect_err_has "--allow-empty" "the message says how to accept it"
check "nothing changed" test "$(db_digest "$db")" = "$before"

run "$BELONG" --db "$db" import ical "$FIXTURES/ical/empty.ics" --source library --allow-empty
expect_status 0 "--allow-empty accepts it"
check "every listing of the source is now inactive" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM activity WHERE active")" = 0
# A first import that lists nothing is refused too (README: "an import that lists nothing at
# all is refused"): to a CPS an empty file is a broken download or the wrong file.
before=$(db_digest "$db")
run "$BELONG" --db "$db" import ical "$FIXTURES/ical/empty.ics" --source other
expect_status 65 "an empty feed for a new source is refused"
expect_err_has "no activities in this import" "the message says the import lists nothing"
expect_err_has "--allow-empty" "and how to accept it"
check "nothing changed: no source 'other'" test "$(db_digest "$db")" = "$before"
run "$BELONG" --db "$db" import ical "$FIXTURES/ical/empty.ics" --source other --allow-empty
expect_status 0 "--allow-empty accepts an empty first import"
empty_pkg="$BELONG_TEST_TMP/empty-pkg"
mkdir -p "$empty_pkg"
printf 'id,organization_id,name,status\n' >"$empty_pkg/services.csv"
printf 'id,name\n' >"$empty_pkg/organizations.csv"
run "$BELONG" --db "$BELONG_TEST_TMP/empty-first.db" import hsds "$empty_pkg"
expect_status 65 "an HSDS folder with no services is refused on its first import"
# A closure (holiday) row that cannot be read leaves its service out, even with --lenient:
# imported without it, the service would be suggested on a day it is closed.
db2="$BELONG_TEST_TMP/holiday.db"
run "$BELONG" --db "$db2" import hsds "$FIXTURES/hsds/lenient-bad-holiday" --lenient
expect_status 0 "--lenient import with a bad holiday row"
expect_err_has "holiday_schedules.csv:2: start_date" "the bad row is named"
expect_err_has "left out: one of its holiday schedule rows is invalid" "its service is said to be left out"
check "the service with the bad closure row is not imported" \
  test "$(sqlite3 "$db2" "SELECT count(*) FROM activity WHERE source_ref = 'svc-1'")" = 0
check "the other service is" \
  test "$(sqlite3 "$db2" "SELECT count(*) FROM activity WHERE source_ref = 'svc-2'")" = 1
finish
