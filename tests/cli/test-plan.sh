#!/usr/bin/env bash
# test-plan.sh — `belong plan add|list|done|skip|cancel`: a plan on a day its activity meets
# (refused otherwise, naming the nearest dates before and after), its support and status, --json
# shapes, every refusal with the database unchanged, another CPS's and an archived peer, and a
# peer's plans going with the peer. The fixture (tests/fixtures/ical/plans.ics): 1 a garden
# session on Tuesdays 18:00 (none on 2026-12-15), 2 a book club on Thursdays 19:00, 3 an open mic
# once, on 2026-12-10.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/plan"
mkdir -p "$tmp"
export BELONG_DB="$tmp/plans.db" BELONG_CPS=maria BELONG_NOW=2026-12-01T09:00
jsq() { sqlite3 :memory: "SELECT $2 FROM (SELECT CAST(readfile('$1') AS TEXT) AS j)"; }
q() { sqlite3 "$BELONG_DB" "$1"; }

run "$BELONG" plan --help
expect_status 0 "plan --help exits 0"
expect_out_has "belong plan add 3 12 --date 2026-12-08" "plan --help shows examples"
run "$BELONG" plan
expect_status 64 "plan without a subcommand is a usage error"
run "$BELONG" plan make 1 1
expect_status 64 "an unknown subcommand is a usage error"
expect_err_has "unknown subcommand 'make' (expected: add, list, done, skip, cancel)" "naming the subcommands"

run "$BELONG" import ical "$FIXTURES/ical/plans.ics"
expect_status 0 "the plans fixture imports"
run "$BELONG" peer add --name Ann --comfort 2 --home 01610
run "$BELONG" peer add --cps jo --name Bea
run "$BELONG" peer add --name Cal
run "$BELONG" peer archive 3
expect_status 0 "peers: Ann (1), jo's Bea (2), archived Cal (3)"

# ---- add ----------------------------------------------------------------------------------
run "$BELONG" plan add 1 1 --date 2026-12-08 --support along --note 'meet at the gate' --json
expect_status 0 "a plan on a Tuesday the garden meets"
printf '%s\n' "$out" >"$tmp/add.json"
check "plan add --json: id, peer, activity, date, start, support, status, note" \
  test "$(jsq "$tmp/add.json" "printf('%d|%d|%d|%s|%d|%s|%s|%s|%s|%s|%s', j->>'id', j->>'peer_id', j->>'activity_id', j->>'activity', j->>'intensity', j->>'date', j->>'start', j->>'support', j->>'status', j->>'note', json_type(j, '\$.reason'))")" \
  = "1|1|1|Tuesday Garden Session|2|2026-12-08|2026-12-08T18:00:00-05:00|along|planned|meet at the gate|null"
run "$BELONG" plan add 1 2 --date 2026-12-03
expect_status 0 "a plan without --support"
expect_out_has "#2  Thu 2026-12-03 19:00  planned" "text: the day, the time and the status"
expect_out_has "the CPS goes along" "the support defaults to going along, in words"
run "$BELONG" plan add 1 3 --date 2026-12-10 --support rehearse
expect_status 0 "a one-off event on its day"
run "$BELONG" plan add 1 1 --date 2026-12-01 --support meet
expect_status 0 "a plan for today (the garden meets tonight)"

# ---- refusals, nothing written --------------------------------------------------------------
before=$(db_digest "$BELONG_DB")
refuse() { # refuse STATUS DESCRIPTION EXPECTED-STDERR ARGS...
  local want=$1 desc=$2 msg=$3
  shift 3
  run "$BELONG" plan "$@"
  expect_status "$want" "$desc exits $want"
  expect_err_has "$msg" "$desc: says so"
  check "$desc: nothing changed" test "$(db_digest "$BELONG_DB")" = "$before"
}
refuse 65 "a Wednesday the garden does not meet" \
  "does not meet on Wed 2026-12-09 (by its schedule); nearest: Tue 2026-12-08 18:00 before, Tue 2026-12-22 18:00 after" \
  add 1 1 --date 2026-12-09
refuse 65 "a Tuesday left out of the garden's schedule" \
  "does not meet on Tue 2026-12-15 (by its schedule); nearest: Tue 2026-12-08 18:00 before, Tue 2026-12-22 18:00 after" \
  add 1 1 --date 2026-12-15
refuse 65 "a day after a one-off event" "Open Mic Night does not meet on Fri 2026-12-11 (by its schedule); nearest: Thu 2026-12-10 20:00 before" \
  add 1 3 --date 2026-12-11
refuse 65 "a day before the one-off event, none earlier from today" "nearest: Thu 2026-12-10 20:00 after" \
  add 1 3 --date 2026-12-09
run "$BELONG" plan add 1 3 --date 2026-12-09
case "$err" in *before*) _report 1 "no nearest date before today is named" "$err" ;; *) _report 0 "no nearest date before today is named" ;; esac
refuse 65 "a plan in the past" "--date: 2026-11-24 is in the past (today is 2026-12-01)" add 1 1 --date 2026-11-24
refuse 65 "a date that is not real" "--date: '2026-02-30' is not a real date (YYYY-MM-DD)" add 1 1 --date 2026-02-30
refuse 65 "a date in the wrong form" "--date: '12/08/2026' is not a real date" add 1 1 --date 12/08/2026
refuse 65 "a plan years ahead" "is more than 730 days ahead" add 1 1 --date 2030-01-01
refuse 65 "an unknown support" "--support: 'drive' is not one of along, meet, alone, rehearse" \
  add 1 1 --date 2026-12-08 --support drive
refuse 65 "a note with a control character" "--note contains a control character" \
  add 1 1 --date 2026-12-08 --note "$(printf 'a\033[2Jb')"
refuse 65 "a note longer than 500 bytes" "--note is longer than" \
  add 1 1 --date 2026-12-08 --note "$(head -c 501 /dev/zero | tr '\0' x)"
refuse 66 "an activity that does not exist" "no such activity 99" add 1 99 --date 2026-12-08
refuse 66 "another CPS's peer" "plan add: no such peer 2" add 2 1 --date 2026-12-08
refuse 66 "a peer that does not exist" "plan add: no such peer 99" add 99 1 --date 2026-12-08
refuse 66 "an archived peer" "peer 3 is archived" add 3 1 --date 2026-12-08
refuse 64 "plan add without --date" "expected --date YYYY-MM-DD" add 1 1
refuse 64 "plan add with one operand" "expected PEER ACTIVITY" add 1
refuse 64 "a peer ID that is not one" "'x' is not a peer ID" add x 1 --date 2026-12-08
refuse 64 "an activity ID that is not one" "'y' is not an activity ID" add 1 y --date 2026-12-08
refuse 64 "--status with add" "--status is not for plan add" add 1 1 --date 2026-12-08 --status done
refuse 64 "cancel without a reason" "a cancelled plan needs --reason TEXT" cancel 1
refuse 64 "--reason with done" "--reason is for plan skip and plan cancel" done 1 --reason x
refuse 66 "closing another caseload's plan" "no such plan 1" done 1 --cps jo
refuse 66 "closing a plan that does not exist" "no such plan 99" skip 99
refuse 64 "an unknown --status" "--status: 'maybe' is not one of planned, done, skipped, cancelled" list 1 --status maybe
refuse 66 "listing another CPS's peer" "plan list: no such peer 2" list 2

# ---- list and close -----------------------------------------------------------------------
run "$BELONG" plan list 1 --json
expect_status 0 "plan list --json"
printf '%s\n' "$out" >"$tmp/list.json"
check "plan list: by date (today's first), each with its status" \
  test "$(jsq "$tmp/list.json" "(SELECT group_concat((value->>'id') || ':' || (value->>'date'), ' ') FROM json_each(j))")" \
  = "4:2026-12-01 2:2026-12-03 1:2026-12-08 3:2026-12-10"
run "$BELONG" plan done 4
expect_status 0 "plan done"
expect_out_has "done" "the plan is done"
expect_err_has "belong visit add 1 --plan 4 --went yes" "plan done points to visit add --plan"
run "$BELONG" plan skip 2 --reason 'felt unwell' --json
expect_status 0 "plan skip with a reason"
printf '%s\n' "$out" >"$tmp/skip.json"
check "a skipped plan keeps its reason" \
  test "$(jsq "$tmp/skip.json" "(j->>'status') || '|' || (j->>'reason')")" = "skipped|felt unwell"
run "$BELONG" plan cancel 3 --reason 'the peer would rather not'
expect_status 0 "plan cancel with a reason"
expect_out_has "cancelled" "the plan is cancelled"
before=$(db_digest "$BELONG_DB")
refuse 65 "skipping a plan already done" "plan 4 is already done" skip 4
refuse 65 "cancelling a plan already cancelled" "plan 3 is already cancelled" cancel 3 --reason again
run "$BELONG" plan list 1 --status planned
expect_status 0 "plan list --status planned"
expect_out_has "#1  Tue 2026-12-08 18:00  planned" "the planned plan is listed"
case "$out" in *"#2 "*|*"#3 "*|*"#4 "*) _report 1 "only planned plans are listed" "$out" ;; *) _report 0 "only planned plans are listed" ;; esac
run "$BELONG" plan list 1 --status skipped
expect_out_has "#2  Thu 2026-12-03 19:00  skipped" "plan list --status skipped"
run "$BELONG" peer add --name Dee
run "$BELONG" plan list 4
expect_out_has "No plans." "a peer without plans"
run "$BELONG" plan list 4 --status done
expect_out_has "No done plans." "none of a status"
run "$BELONG" plan list 1 --status done --cps jo
expect_status 66 "another CPS sees no plans of Ann"

# ---- recommend --choose makes or joins a plan -------------------------------------------------
n_plans() { q "SELECT count(*) FROM plan WHERE peer_id = 1"; }
run "$BELONG" recommend 1 --choose 1
expect_status 0 "choosing the garden, already planned"
expect_out_has "plan #1  Tue 2026-12-08 18:00  planned" "the choice joins the planned plan"
check "no second plan for the same activity" test "$(n_plans)" = 4
run "$BELONG" recommend 1 --choose 2 --note 'with Sam'
expect_status 0 "choosing the book club, whose plan was skipped"
expect_out_has "plan #5  Thu 2026-12-03 19:00  planned" "the choice makes a plan on its next date"
check "the new plan: along, with the choice's note"   test "$("$BELONG" plan list 1 --json | jq -r '.[] | select(.id == 5) | .support + "|" + .note + "|" + .status')" = "along|with Sam|planned"
run "$BELONG" recommend 1 --decline 3
expect_status 0 "a decline"
check "a decline makes no plan" test "$(n_plans)" = 5
run env BELONG_NOW=2026-12-11T09:00 "$BELONG" recommend 1 --choose 3 --force
expect_status 0 "choosing a one-off event that is over"
expect_out_has "No date in the next 21 days to plan on" "says no plan was made"
check "and makes none" test "$(n_plans)" = 5

# ---- listings whose times are not listed (tests/fixtures/hsds/times-as-written) ----------------
# 2 is open Tuesdays, times not listed; 3 has no schedule at all.
tdb="$tmp/times.db"
run "$BELONG" --db "$tdb" import hsds "$FIXTURES/hsds/times-as-written"
expect_status 0 "the times-as-written package imports"
run "$BELONG" --db "$tdb" peer add --name Zed
run "$BELONG" --db "$tdb" plan add 1 2 --date 2026-12-08 --json
expect_status 0 "a listing open Tuesdays takes a Tuesday"
printf '%s\n' "$out" >"$tmp/untimed.json"
check "without a start time" test "$(jsq "$tmp/untimed.json" "json_type(j, '\$.start') || '|' || (j->>'date')")" = "null|2026-12-08"
run "$BELONG" --db "$tdb" plan list 1
expect_out_has "Tue 2026-12-08 (times not listed: check with them)" "text says to check the time with them"
tbefore=$(db_digest "$tdb")
run "$BELONG" --db "$tdb" plan add 1 2 --date 2026-12-09
expect_status 65 "a day it is not open is refused"
expect_err_has "does not meet on Wed 2026-12-09 (by its open days); nearest: Tue 2026-12-08 before, Tue 2026-12-15 after" \
  "naming the nearest open days"
check "nothing changed" test "$(db_digest "$tdb")" = "$tbefore"
run "$BELONG" --db "$tdb" plan add 1 3 --date 2026-12-09
expect_status 0 "a listing with no days known takes any day"
run "$BELONG" --db "$tdb" recommend 1 --choose 4 --cps maria
expect_status 0 "choosing a listing with dates"
expect_out_has "plan #3  Fri 2026-12-04 18:00  planned" "plans its next date"

# ---- the peer's plans go with the peer --------------------------------------------------------
check "plans are stored with the peer" test "$(q "SELECT count(*) FROM plan WHERE peer_id = 1")" = 5
check "deleting the peer deletes their plans (foreign keys on)" \
  test "$(sqlite3 "$BELONG_DB" "PRAGMA foreign_keys = ON; DELETE FROM peer WHERE id = 1; SELECT count(*) FROM plan;")" = 0
finish
