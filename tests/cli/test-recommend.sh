#!/usr/bin/env bash
# test-recommend.sh — `belong recommend`: the JSON contract, hard constraints re-checked in SQL,
# determinism, --explain (excluded and included), --choose / --decline / --include-declined,
# a window past the materialised horizon, `belong export ical` read back by the iCalendar
# importer, the demo peers, and the 64 / 66 exit statuses.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/recommend"
mkdir -p "$tmp"
db="$tmp/rec.db"
export BELONG_DB="$db"
export BELONG_CPS=maria
q() { sqlite3 "$db" "$1"; }
jsq() { sqlite3 :memory: "SELECT $2 FROM (SELECT CAST(readfile('$1') AS TEXT) AS j)"; }

run "$BELONG" demo
expect_status 0 "belong demo builds the catalogue and the demo peers"
expect_out_has "14 demo peers added" "belong demo adds the demo peers"
check "twelve demo peers in the demo caseload" test "$(q "SELECT count(*) FROM peer WHERE cps = 'demo'")" = 12
check "two in demo2" test "$(q "SELECT count(*) FROM peer WHERE cps = 'demo2'")" = 2
run "$BELONG" demo
expect_out_has "0 demo peers added, 14 updated" "running belong demo again updates the demo peers in place"

run "$BELONG" peer add --name Rosa --home 01602 --max-miles 6 --interest 'my mother grew tomatoes' \
  --interest plants --tags gardening --values nature,family --budget free --comfort 2 \
  --available 'MO 09:00-17:00' --available 'TU 09:00-12:00' --available 'TU 17:00-20:30' \
  --available 'WE 09:00-17:00' --available 'TH 17:00-20:00' --available 'SA 09:00-13:00' \
  --away 2026-12-09
expect_status 0 "add a peer to maria's caseload"
peer=$(peer_id "$db" maria Rosa)

run "$BELONG" recommend --help
expect_status 0 "recommend --help exits 0"
expect_out_has "Examples:" "recommend --help shows examples"

# ---- JSON contract and hard constraints ------------------------------------------------------
"$BELONG" recommend "$peer" --json >"$tmp/r1.json" 2>"$tmp/r1.err"
status=$?
check "recommend --json exits 0" test "$status" = 0
check "the output is a JSON array of 1-10 items" \
  test "$(jsq "$tmp/r1.json" "json_type(j) = 'array' AND json_array_length(j) BETWEEN 1 AND 10")" = 1
check "every item has the documented keys" test "$(jsq "$tmp/r1.json" "(SELECT count(*) FROM json_each(j) e
  WHERE json_type(e.value, '\$.id') = 'integer' AND json_type(e.value, '\$.name') = 'text'
    AND json_type(e.value, '\$.score') IN ('real', 'integer') AND json_type(e.value, '\$.reasons') = 'array'
    AND json_type(e.value, '\$.factors') = 'object' AND json_type(e.value, '\$.next') = 'array'
    AND json_type(e.value, '\$.distance_miles') IN ('real', 'integer', 'null'))
  = json_array_length(j)")" = 1
check "2 to 4 reasons each" test "$(jsq "$tmp/r1.json" "(SELECT count(*) FROM json_each(j) e
  WHERE json_array_length(e.value, '\$.reasons') NOT BETWEEN 2 AND 4)")" = 0
check "seven factors each, all in [0, 1]" test "$(jsq "$tmp/r1.json" "(SELECT count(*) FROM json_each(j) e,
  json_each(e.value, '\$.factors') f WHERE f.key IN ('interest', 'values', 'exposure', 'distance',
  'schedule', 'history', 'novelty') AND f.value BETWEEN 0 AND 1)
  = 7 * json_array_length(j)")" = 1
check "next dates are local ISO-8601 with an offset" test "$(jsq "$tmp/r1.json" "(SELECT count(*)
  FROM json_each(j) e, json_each(e.value, '\$.next') n
  WHERE n.value NOT GLOB '2026-12-[0-2][0-9]T[0-2][0-9]:[0-5][0-9]:00-05:00')")" = 0
ids=$(jsq "$tmp/r1.json" "(SELECT group_concat(json_extract(value, '\$.id')) FROM json_each(j))")
check "free only: every suggestion is free" \
  test "$(q "SELECT count(*) FROM activity WHERE id IN ($ids) AND coalesce(cost_cents, -1) <> 0")" = 0
check "within 6 miles" test "$(jsq "$tmp/r1.json" "(SELECT count(*) FROM json_each(j) e
  WHERE json_extract(e.value, '\$.distance_miles') > 6)")" = 0
check "no next date on the day away (9 Dec)" test "$(jsq "$tmp/r1.json" "(SELECT count(*)
  FROM json_each(j) e, json_each(e.value, '\$.next') n WHERE n.value GLOB '2026-12-09*')")" = 0
"$BELONG" recommend "$peer" --json >"$tmp/r2.json"
check "two runs give the same output" cmp -s "$tmp/r1.json" "$tmp/r2.json"

run "$BELONG" recommend "$peer"
expect_status 0 "recommend as text"
expect_out_has "Suggestions for Rosa" "the text names the peer"
expect_out_has "next:" "the text lists next dates"
expect_out_has "miles" "the text gives the distance"

# ---- explain ---------------------------------------------------------------------------------
first=$(jsq "$tmp/r1.json" "json_extract(j, '\$[0].id')")
second=$(jsq "$tmp/r1.json" "json_extract(j, '\$[1].id')")
run "$BELONG" recommend "$peer" --explain "$first"
expect_status 0 "explain an included activity"
expect_out_has "It fits every need" "explain says it fits"
expect_out_has "shown as number 1 of the top 10" "explain gives its place"
far=$(q "SELECT id FROM $LISTING WHERE town = 'Pittsfield' AND cost_cents = 0 ORDER BY id LIMIT 1")
run "$BELONG" recommend "$peer" --explain "$far"
expect_status 0 "explain an excluded activity"
expect_out_has "Not suggested" "explain says it was left out"
"$BELONG" recommend "$peer" --explain "$far" --json >"$tmp/x.json"
check "explain --json names the constraint" \
  test "$(jsq "$tmp/x.json" "json_extract(j, '\$.fits') = 0 AND json_extract(j, '\$.excluded_by') IN ('too-far', 'no-time')")" = 1
paid=$(q "SELECT id FROM $LISTING WHERE town = 'Worcester' AND cost_cents > 0 ORDER BY id LIMIT 1")
run "$BELONG" recommend "$peer" --explain "$paid" --json
expect_out_has '"excluded_by"' "explain of a paid activity for a free-only peer"

# ---- choices ---------------------------------------------------------------------------------
run "$BELONG" recommend "$peer" --decline "$first" --note 'not in winter'
expect_status 0 "--decline records the choice"
check "the decline is stored with its note" \
  test "$(BELONG_CPS=maria "$BELONG" --db "$db" peer export "$peer" |
    jq -r --argjson a "$first" '.choices[] | select(.activity == $a) | .choice + ":" + .note')" = "declined:not in winter"
"$BELONG" recommend "$peer" --json >"$tmp/r3.json"
check "a declined activity is left out" \
  test "$(jsq "$tmp/r3.json" "(SELECT count(*) FROM json_each(j) WHERE json_extract(value, '\$.id') = $first)")" = 0
run "$BELONG" recommend "$peer" --explain "$first"
expect_out_has "You said no to it before" "explain says it was declined"
"$BELONG" recommend "$peer" --json --include-declined >"$tmp/r4.json"
check "--include-declined brings it back" \
  test "$(jsq "$tmp/r4.json" "(SELECT count(*) FROM json_each(j) WHERE json_extract(value, '\$.id') = $first)")" = 1
check "the decline lowers its history factor" test "$(jsq "$tmp/r4.json" "(SELECT json_extract(value,
  '\$.factors.history') < 0.5 FROM json_each(j) WHERE json_extract(value, '\$.id') = $first)")" = 1
before=$(db_digest "$db")
run "$BELONG" recommend "$peer" --choose "$second" --note $'ok\x1b[2J\x1b[31mred'
expect_status 64 "a note with terminal control characters is refused"
expect_err_has "control character" "the message says why"
run "$BELONG" recommend "$peer" --choose "$second" --note $'caf\xe9'
expect_status 64 "a note that is not UTF-8 is refused"
check "refused notes changed nothing" test "$(db_digest "$db")" = "$before"
run "$BELONG" recommend "$peer" --choose "$second"
expect_status 0 "--choose records the choice"

# ---- export ical -----------------------------------------------------------------------------
run "$BELONG" export ical --peer "$peer" -o "$tmp/rosa.ics"
expect_status 0 "export ical writes the file"
check "one VEVENT per schedule of the chosen activity" \
  test "$(grep -c '^BEGIN:VEVENT' "$tmp/rosa.ics")" = "$(q "SELECT count(*) FROM schedule WHERE activity_id = $second")"
name=$(q "SELECT name FROM activity WHERE id = $second")
check "the event carries the activity's name" grep -q "^SUMMARY:$name" "$tmp/rosa.ics"
check "the file has a VTIMEZONE for its zone" grep -q '^TZID:America/New_York' "$tmp/rosa.ics"
check "the file is private (0600)" test "$(stat -c %a "$tmp/rosa.ics")" = 600
run "$BELONG" import ical "$tmp/rosa.ics" --db "$tmp/back.db"
expect_status 0 "the exported file reads back through the iCalendar importer (libical)"
check "read back: the same occurrences in the next weeks" test \
  "$(sqlite3 "$tmp/back.db" "SELECT count(*) FROM occurrence WHERE start_utc < strftime('%s', '2026-12-22')")" = \
  "$(q "SELECT count(*) FROM occurrence WHERE activity_id = $second AND start_utc >= strftime('%s', '2026-12-01 05:00') AND start_utc < strftime('%s', '2026-12-22')")"
printf 'old\n' >"$tmp/shared.ics"
chmod 644 "$tmp/shared.ics"
ln -s "$tmp/shared.ics" "$tmp/link.ics"
run "$BELONG" export ical --peer "$peer" -o "$tmp/link.ics"
expect_status 0 "export onto a symbolic link"
check "the link is replaced, its target is not written through" \
  test "$(cat "$tmp/shared.ics")" = old -a ! -L "$tmp/link.ics"
check "the replacement is private (0600)" test "$(stat -c %a "$tmp/link.ics")" = 600
run "$BELONG" export ical --peer "$peer" -o "$tmp/no-such-dir/x.ics"
expect_status 74 "export into a missing folder is an I/O error"
run "$BELONG" export ical --peer 1
expect_status 66 "export for a peer of another caseload is 66"
run "$BELONG" export ical
expect_status 64 "export without --peer is 64"
expect_err_has "--peer" "the message names --peer"

# ---- a window past the horizon ---------------------------------------------------------------
"$BELONG" recommend "$peer" --from 2027-06-01 --days 14 --json >"$tmp/late.json"
check "--from past the materialised horizon works from the schedules" \
  test "$(jsq "$tmp/late.json" "json_array_length(j) > 0 AND (SELECT count(*) FROM json_each(j) e,
    json_each(e.value, '\$.next') n WHERE n.value NOT GLOB '2027-06-*') = 0")" = 1

# ---- exit statuses ---------------------------------------------------------------------------
run "$BELONG" recommend "$peer" --days 0
expect_status 64 "--days 0 is 64"
expect_err_has "--days" "the message names --days"
run "$BELONG" recommend "$peer" --limit many
expect_status 64 "--limit many is 64"
expect_err_has "--limit" "the message names --limit"
run "$BELONG" recommend "$peer" --from 2026-13-01
expect_status 64 "a bad --from is 64"
expect_err_has "--from" "the message names --from"
run "$BELONG" recommend "$peer" --note hello
expect_status 64 "--note alone is 64"
run "$BELONG" recommend "$peer" --bogus
expect_status 64 "an unknown option is 64"
run "$BELONG" recommend
expect_status 64 "no peer is 64"
run "$BELONG" recommend 1
expect_status 66 "a peer of another caseload is 66"
expect_err_has "no such peer 1" "and says no such peer"
run "$BELONG" recommend 9999
expect_status 66 "an unknown peer is 66"
run "$BELONG" recommend "$peer" --explain 999999
expect_status 66 "explain of an unknown activity is 66"
run "$BELONG" recommend "$peer" --choose 999999
expect_status 66 "choose of an unknown activity is 66"
run "$BELONG" recommend 1 --cps demo --json
expect_status 0 "a demo peer gets suggestions under --cps demo"

# ---- an archived peer ------------------------------------------------------------------------
run "$BELONG" peer archive "$peer"
expect_status 0 "archive the peer"
for action in "" "--explain $second" "--choose $second" "--decline $second"; do
  # shellcheck disable=SC2086
  run "$BELONG" recommend "$peer" $action
  expect_status 66 "recommend $action for an archived peer is refused"
  expect_err_has "archived" "the message says the peer is archived"
done
run "$BELONG" peer archive "$peer" --restore
expect_status 0 "restore the peer"

run "$BELONG" recommend "$peer" --from 2026-11-01
expect_status 64 "--from in the past is refused (BELONG_NOW is 2026-12-01)"
expect_err_has "in the past" "the message says why"
run "$BELONG" recommend "$peer" --from 2026-12-01
expect_status 0 "--from today is fine"

# ---- the wall clock across DST changes -------------------------------------------------------
# Sundays from 00:30, two hours exactly (DTEND: RFC 5545's exact duration for every instance),
# so 00:30-02:30 on the clock; but 00:30-03:30 on 2027-03-14 (clocks forward) and 00:30-01:30
# on 2027-11-07 (clocks back). Sam is free on Sundays until 03:00, Kim until 01:45.
owls="$tmp/owls.db"
run "$BELONG" --db "$owls" import ical "$FIXTURES/ical/good-night-owls.ics"
expect_status 0 "import the night owls calendar"
for who in "Sam SU 00:00-03:00" "Kim SU 00:00-01:45"; do
  set -- $who
  run "$BELONG" --db "$owls" peer add --name "$1" --home 01608 --max-miles 10 \
    --interest 'peer support' --available "$2 $3"
  expect_status 0 "add $1"
done
owl=$(sqlite3 "$owls" "SELECT id FROM activity WHERE source_ref = 'owls@owls.example'")
owl_fits() { # PEER_NAME FROM: 1 when the night owls fit that Sunday, else 0
  local id
  id=$(peer_id "$owls" maria "$1")
  "$BELONG" --db "$owls" recommend "$id" --from "$2" --days 1 --explain "$owl" --json >"$tmp/owl.json"
  jsq "$tmp/owl.json" "json_extract(j, '\$.fits')"
}
check "on 2027-03-07 the group ends at 02:30, inside Sam's window" test "$(owl_fits Sam 2027-03-07)" = 1
check "on 2027-03-14 it ends at 03:30 on the clock, past Sam's window" \
  test "$(owl_fits Sam 2027-03-14)" = 0
check "on 2027-10-31 it ends at 02:30, past Kim's window" test "$(owl_fits Kim 2027-10-31)" = 0
check "on 2027-11-07 it ends at 01:30 on the clock, inside Kim's window" \
  test "$(owl_fits Kim 2027-11-07)" = 1

finish
