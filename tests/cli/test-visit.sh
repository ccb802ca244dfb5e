#!/usr/bin/env bash
# test-visit.sh — `belong visit add|list`: a visit to a plan (closing it: done or skipped) or to
# an activity, comfort before and after, conversations and the peer's own words, --json shapes,
# every refusal with the database unchanged, another CPS's and an archived peer; and the
# step-up / step-down suggestion on `peer show` (text and --json) from the visits.
# Fixture: tests/fixtures/ical/plans.ics (1 garden, intensity 2, Tuesdays; 2 book club,
# intensity 3, Thursdays; 3 open mic on 2026-12-10).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/visit"
mkdir -p "$tmp"
export BELONG_DB="$tmp/visits.db" BELONG_CPS=maria BELONG_NOW=2026-11-01T09:00
jsq() { sqlite3 :memory: "SELECT $2 FROM (SELECT CAST(readfile('$1') AS TEXT) AS j)"; }
q() { sqlite3 "$BELONG_DB" "$1"; }

run "$BELONG" visit --help
expect_status 0 "visit --help exits 0"
expect_out_has "belong visit add 3 --plan 5 --went yes" "visit --help shows examples"

run "$BELONG" import ical "$FIXTURES/ical/plans.ics"
expect_status 0 "the plans fixture imports"
run "$BELONG" peer add --name Ann --comfort 2 --home 01610
run "$BELONG" peer add --cps jo --name Bea
run "$BELONG" peer add --name Cal --comfort 2
run "$BELONG" peer archive 3
expect_status 0 "peers: Ann (1, comfort 2), jo's Bea (2), archived Cal (3)"
run "$BELONG" peer add --name Dee
expect_status 0 "another of maria's peers (4)"
export BELONG_NOW=2026-12-01T09:00
run "$BELONG" plan add 4 1 --date 2026-12-01
expect_status 0 "Dee's plan (1)"
run "$BELONG" plan add 1 1 --date 2026-12-01
expect_status 0 "plan 2: Ann at the garden tonight"
run "$BELONG" plan add 1 2 --date 2026-12-03
expect_status 0 "plan 3: the book club on Thursday"

# ---- refusals, nothing written --------------------------------------------------------------
before=$(db_digest "$BELONG_DB")
refuse() { # refuse STATUS DESCRIPTION EXPECTED-STDERR ARGS...
  local want=$1 desc=$2 msg=$3
  shift 3
  run "$BELONG" visit "$@"
  expect_status "$want" "$desc exits $want"
  expect_err_has "$msg" "$desc: says so"
  check "$desc: nothing changed" test "$(db_digest "$BELONG_DB")" = "$before"
}
refuse 65 "a visit in the future" "--date: 2026-12-08 is in the future (today is 2026-12-01)" \
  add 1 --activity 1 --date 2026-12-08 --went yes
refuse 65 "a visit to a plan dated in the future" "--date: 2026-12-03 is in the future" \
  add 1 --plan 3 --went yes
refuse 66 "a plan of another peer" "peer 1 has no plan 1" add 1 --plan 1 --went yes
refuse 65 "a date that is not real" "--date: '2026-11-31' is not a real date" \
  add 1 --activity 1 --date 2026-11-31 --went yes
refuse 65 "--went neither yes nor no" "--went: 'maybe' is not yes or no" \
  add 1 --activity 1 --date 2026-11-24 --went maybe
refuse 65 "comfort above 5" "--comfort-after: '6' is not a whole number from 1 to 5" \
  add 1 --activity 1 --date 2026-11-24 --went yes --comfort-after 6
refuse 65 "comfort 0" "--comfort-before: '0' is not a whole number from 1 to 5" \
  add 1 --activity 1 --date 2026-11-24 --went yes --comfort-before 0
refuse 65 "a negative count" "--conversations: '-1' is not a whole number" \
  add 1 --activity 1 --date 2026-11-24 --went yes --conversations -1
refuse 65 "comfort after a visit not made" "--comfort-after: the peer did not go (--went no)" \
  add 1 --activity 1 --date 2026-11-24 --went no --comfort-after 3
refuse 65 "conversations at a visit not made" "--conversations: the peer did not go" \
  add 1 --activity 1 --date 2026-11-24 --went no --conversations 2
refuse 65 "words that are not UTF-8" "--felt is not valid UTF-8" \
  add 1 --activity 1 --date 2026-11-24 --went yes --felt "$(printf 'ok\377')"
refuse 66 "another CPS's peer" "visit add: no such peer 2" add 2 --activity 1 --date 2026-11-24 --went yes
refuse 66 "a peer that does not exist" "visit add: no such peer 99" add 99 --activity 1 --date 2026-11-24 --went yes
refuse 66 "an archived peer" "peer 3 is archived" add 3 --activity 1 --date 2026-11-24 --went yes
refuse 66 "a plan that does not exist" "peer 1 has no plan 99" add 1 --plan 99 --went yes
refuse 66 "an activity that does not exist" "no such activity 99" add 1 --activity 99 --date 2026-11-24 --went yes
refuse 64 "neither --plan nor --activity" "expected one of --plan PLAN and --activity ACTIVITY" \
  add 1 --date 2026-11-24 --went yes
refuse 64 "both --plan and --activity" "expected one of --plan PLAN and --activity ACTIVITY" \
  add 1 --plan 2 --activity 1 --went yes
refuse 64 "without --went" "expected --went yes|no" add 1 --activity 1 --date 2026-11-24
refuse 64 "--activity without --date" "expected --date YYYY-MM-DD" add 1 --activity 1 --went yes
refuse 64 "visit list with an option of add" "only --cps and --json apply to visit list" list 1 --went yes
refuse 66 "listing another CPS's peer" "visit list: no such peer 2" list 2

# ---- add and list -------------------------------------------------------------------------
run "$BELONG" visit add 1 --plan 2 --went yes --with 'Sam, a volunteer' --comfort-before 2 \
  --comfort-after 4 --conversations 2 --felt 'nervous at first, then fine' --next 'go again' --json
expect_status 0 "a visit to plan 2, on its day"
printf '%s\n' "$out" >"$tmp/add.json"
check "visit add --json: every field" \
  test "$(jsq "$tmp/add.json" "printf('%d|%d|%d|%d|%s|%s|%s|%s|%d|%d|%d|%s|%s', j->>'id', j->>'peer_id', j->>'plan_id', j->>'activity_id', j->>'activity', j->>'date', j->>'went', j->>'with', j->>'comfort_before', j->>'comfort_after', j->>'conversations', j->>'felt', j->>'next')")" \
  = "1|1|2|1|Tuesday Garden Session|2026-12-01|1|Sam, a volunteer|2|4|2|nervous at first, then fine|go again"
check "the planned plan became done" test "$(q "SELECT status FROM plan WHERE id = 2")" = done
check "Dee's plan is untouched" test "$(q "SELECT status FROM plan WHERE id = 1")" = planned
export BELONG_NOW=2026-12-03T21:00
run "$BELONG" visit add 1 --activity 2 --date 2026-12-02 --went no
expect_status 0 "a visit without a plan that the peer did not go to"
expect_out_has "did not go" "text: did not go"
run "$BELONG" visit add 1 --plan 3 --went no --json
expect_status 0 "a plan the peer did not go to"
printf '%s\n' "$out" >"$tmp/no.json"
check "not said is null in JSON" \
  test "$(jsq "$tmp/no.json" "printf('%s|%s|%s|%s', json_type(j, '\$.comfort_after'), json_type(j, '\$.conversations'), json_type(j, '\$.with'), j->>'went')")" = "null|null|null|0"
check "the planned plan became skipped" test "$(q "SELECT status FROM plan WHERE id = 3")" = skipped
run "$BELONG" visit list 1 --json
printf '%s\n' "$out" >"$tmp/list.json"
check "visit list: by date" \
  test "$(jsq "$tmp/list.json" "(SELECT group_concat((value->>'id') || ':' || (value->>'date'), ' ') FROM json_each(j))")" \
  = "1:2026-12-01 2:2026-12-02 3:2026-12-03"
run "$BELONG" visit list 1
expect_out_has "comfort before 2, after 4; 2 conversations" "text: comfort and conversations"
expect_out_has "felt:  nervous at first, then fine" "text: the peer's words"
run "$BELONG" visit list 1 --cps jo
expect_status 66 "another CPS cannot list Ann's visits"

# ---- step up / step down on peer show -------------------------------------------------------
run "$BELONG" peer show 1 --json
printf '%s\n' "$out" >"$tmp/show.json"
check "two missed in a row: a step down suggested in JSON" \
  test "$(jsq "$tmp/show.json" "printf('%s|%d|%d', j->>'\$.step.direction', j->>'\$.step.from', j->>'\$.step.to')")" = "down|2|1"
run "$BELONG" peer show 1
expect_out_has "step down to 1" "peer show says step down"
expect_out_has "belong peer edit 1 --comfort 1" "and how to confirm it"
# Three good visits at level 2 or above, after a newer comfort setting of 2.
export BELONG_NOW=2026-12-10T21:00
run "$BELONG" peer edit 1 --comfort 3
run "$BELONG" peer edit 1 --comfort 2
expect_status 0 "the CPS sets comfort again (a fresh record from now)"
run "$BELONG" peer show 1 --json
printf '%s\n' "$out" >"$tmp/show2.json"
check "events before the level was set do not count" test "$(jsq "$tmp/show2.json" "j->>'\$.step.direction'")" = none
run "$BELONG" visit add 1 --activity 1 --date 2026-12-08 --went yes --comfort-after 4
run "$BELONG" visit add 1 --activity 2 --date 2026-12-10 --went yes --comfort-after 5
run "$BELONG" peer show 1 --json
printf '%s\n' "$out" >"$tmp/show3.json"
check "two good visits are not enough" test "$(jsq "$tmp/show3.json" "j->>'\$.step.direction'")" = none
run "$BELONG" visit add 1 --activity 3 --date 2026-12-10 --went yes --comfort-after 4 --comfort-before 3
run "$BELONG" peer show 1 --json
printf '%s\n' "$out" >"$tmp/show4.json"
check "three good visits at or above the level: step up to 3" \
  test "$(jsq "$tmp/show4.json" "printf('%s|%d|%d', j->>'\$.step.direction', j->>'\$.step.from', j->>'\$.step.to')")" = "up|2|3"
run "$BELONG" peer show 1
expect_out_has "step up to 3" "peer show says step up"
expect_out_has "2026-12-08, 2026-12-10, 2026-12-10" "with the dates it rests on"
run "$BELONG" recommend 1
expect_status 0 "recommend after the visits"
expect_out_has "Step: the record suggests a step up to comfort 3" "recommend repeats the suggestion"
expect_out_has "- A step up, as the recent visits suggest: level 3" "... and says it in the reasons of those at level 3"
run "$BELONG" recommend 1 --json --limit 30
printf '%s\n' "$out" >"$tmp/rec-step.json"
fits=0 wrong=""
for id in $(jq '.[].id' "$tmp/rec-step.json"); do
  level=$(q "SELECT IFNULL(intensity, 0) FROM activity WHERE id = $id")
  step=$(jq -r --argjson id "$id" '.[] | select(.id == $id) | .step' "$tmp/rec-step.json")
  first=$(jq -r --argjson id "$id" '.[] | select(.id == $id) | .reasons[0]' "$tmp/rec-step.json")
  if [ "$level" = 3 ]; then
    fits=$((fits + 1))
    [ "$step" = up ] && case "$first" in "A step up"*) ;; *) wrong="$wrong $id" ;; esac || wrong="$wrong $id"
  else
    [ "$step" = null ] && case "$first" in "A step up"*) wrong="$wrong $id" ;; esac || wrong="$wrong $id"
  fi
done
check "recommend --json: suggestions at level 3 say the step up first (step: up; $fits of them)" \
  test "$fits" -ge 1
check "... and only those${wrong:+ (wrong:$wrong)}" test -z "$wrong"
expect_out_has "You enjoyed gardening & nature before" "a good visit is history recommend's reasons use"
check "nothing changed the level by itself" test "$(q "SELECT comfort FROM peer WHERE id = 1")" = 2
# The round trip of peer show --json into peer edit --json still works with the step in it.
run "$BELONG" peer edit 1 --json "$tmp/show4.json"
expect_status 0 "peer show --json (with its step) is accepted back by peer edit --json"

check "deleting the peer deletes their visits (foreign keys on)" \
  test "$(sqlite3 "$BELONG_DB" "PRAGMA foreign_keys = ON; DELETE FROM peer WHERE id = 1; SELECT count(*) FROM visit;")" = 0
finish
