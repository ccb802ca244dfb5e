#!/usr/bin/env bash
# test-horizon.sh — the materialised occurrence window is the one the last import or refresh
# wrote, not "today + 120 days": a CPS who skipped `belong refresh` still gets correct plans
# ahead (recommend expands the schedules), and search says when its dates run out.
. "$(dirname "$0")/lib.sh"

db="$BELONG_TEST_TMP/horizon.db"
BELONG_NOW=2026-12-01T09:00 run "$BELONG" demo --db "$db"
expect_status 0 "demo built on 2026-12-01"

export BELONG_NOW=2027-03-15T09:00 BELONG_CPS=demo
run "$BELONG" --db "$db" recommend 1 --from 2027-04-01 --days 14 --json
expect_status 0 "recommend months later, past the materialised dates"
n=$(sqlite3 :memory: "SELECT json_array_length(json('$(printf '%s' "$out" | sed "s/'/''/g")'))")
check "suggestions are still found (expanded from the schedules)" test "${n:-0}" -gt 0

run "$BELONG" --db "$db" search --town Worcester --from 2027-04-01 --to 2027-04-14 --json
expect_status 0 "search past the materialised dates"
expect_err_has "run 'belong refresh'" "search says its dates run out and how to fix it"

run "$BELONG" --db "$db" refresh
expect_status 0 "refresh on 2027-03-15"
run "$BELONG" --db "$db" search --town Worcester --from 2027-04-01 --to 2027-04-14 --json
expect_status 0 "search after refresh"
check "search finds activities after refresh" test "$out" != "[]"
case "$err" in *refresh*) _report 1 "no warning once the dates are known" "$err" ;;
  *) _report 0 "no warning once the dates are known" ;; esac
finish
