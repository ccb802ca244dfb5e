#!/usr/bin/env bash
# test-why.sh — why few or no listings fit (issue 14): the blocker counts and the one change that
# lets the most in, checked by making that change; nearly fits, each with the one limit --explain
# names; every blocker in --explain; the caseload named in "no such peer" and in the headers;
# the history on `peer show` (text and --json), --unchoose, and --force refused and accepted.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/why"
mkdir -p "$tmp"
db="$tmp/why.db"
export BELONG_DB="$db"
export BELONG_CPS=maria
q() { sqlite3 "$db" "$1"; }
jsq() { sqlite3 :memory: "SELECT $2 FROM (SELECT CAST(readfile('$1') AS TEXT) AS j)"; }

"$BELONG" demo >/dev/null 2>&1
run "$BELONG" peer add --name Ana --home 01602 --max-miles 1 --budget free \
  --available 'TU 17:00-20:00' --virtual no --interest gardening
expect_status 0 "a peer with narrow limits in maria's caseload"
peer=$(peer_id "$BELONG_DB" maria Ana)

# ---- the caseload named ------------------------------------------------------------------------
for cmd in "recommend 1" "recommend 1 --explain 1" "peer show 1" "measure list 1" \
  "export ical --peer 1 -o $tmp/x.ics" "recommend 1 --choose 1"; do
  run "$BELONG" $cmd
  expect_status 66 "'$cmd' for a peer of another caseload: 66"
  expect_err_has "no such peer 1 in caseload maria" "'$cmd' names the caseload used"
done
run "$BELONG" recommend "$peer"
expect_status 0 "recommend as text"
expect_out_has "Suggestions for Ana (peer $peer, caseload maria), 2026-12-01 to 2026-12-21: 1 of 1 that fit" \
  "the header, on stdout, names the caseload and says shown of matched"

# ---- the counts and the change, checked by making it -------------------------------------------
expect_out_has "Why not more: 1 of the" "fewer than --limit fit: it says why"
expect_out_has "distance" "the distance blocker is counted"
expect_out_has "The one change that would let the most in:" "and names the one change"
"$BELONG" recommend "$peer" --why-not --json >"$tmp/w.json"
check "--why-not --json: shown 1, matched 1, as many fit" \
  test "$(jsq "$tmp/w.json" "json_extract(j, '\$.shown') || ',' || json_extract(j, '\$.matched')")" = "1,1"
considered=$(jsq "$tmp/w.json" "json_extract(j, '\$.considered')")
active_meeting=$(q "SELECT count(DISTINCT a.id) FROM activity a WHERE a.active = 1 AND (a.times_listed = 0
  OR a.open_days <> 0 OR EXISTS (SELECT 1 FROM occurrence o WHERE o.activity_id = a.id
    AND o.start_utc >= strftime('%s', '2026-12-01 14:00') AND o.start_utc < strftime('%s', '2026-12-22 05:00')))")
check "considered: every active listing meeting in the window, or with times not listed ($considered)" \
  test "$considered" = "$active_meeting"
check "each blocker counts at least those it alone blocks, at most those considered" \
  test "$(jsq "$tmp/w.json" "(SELECT count(*) FROM json_each(j, '\$.blockers') b WHERE
    json_extract(b.value, '\$.alone') > json_extract(b.value, '\$.listings')
    OR json_extract(b.value, '\$.listings') > $considered)")" = 0
far_alone=$(jsq "$tmp/w.json" "(SELECT json_extract(b.value, '\$.alone') FROM json_each(j, '\$.blockers') b
  WHERE json_extract(b.value, '\$.blocker') = 'too-far')")
check "distance left out some listings on its own" test "${far_alone:-0}" -gt 0
miles=$(jsq "$tmp/w.json" "(SELECT json_extract(c.value, '\$.miles') FROM json_each(j, '\$.changes') c
  WHERE json_extract(c.value, '\$.kind') = 'distance')")
gain=$(jsq "$tmp/w.json" "(SELECT json_extract(c.value, '\$.gain') FROM json_each(j, '\$.changes') c
  WHERE json_extract(c.value, '\$.kind') = 'distance')")
check "a distance change is proposed, with its gain" test -n "$miles" -a "${gain:-0}" -gt 0
"$BELONG" peer edit "$peer" --max-miles "$miles" >/dev/null
"$BELONG" recommend "$peer" --json --limit 100 >"$tmp/after.json"
check "travelling ${miles} miles lets exactly $gain more in" \
  test "$(jsq "$tmp/after.json" "json_array_length(j)")" = $((1 + gain))
"$BELONG" peer edit "$peer" --max-miles 1 >/dev/null
time_change=$(jsq "$tmp/w.json" "(SELECT json_extract(c.value, '\$.weekday') || ' ' || json_extract(c.value, '\$.part')
  || ' ' || json_extract(c.value, '\$.gain') FROM json_each(j, '\$.changes') c WHERE json_extract(c.value, '\$.kind') = 'time')")
if [ -n "$time_change" ]; then
  set -- $time_change
  case $2 in morning) span="06:00-12:00" ;; afternoon) span="12:00-17:00" ;; *) span="17:00-22:00" ;; esac
  "$BELONG" peer edit "$peer" --available 'TU 17:00-20:00' --available "$1 $span" >/dev/null 2>&1 ||
    "$BELONG" peer edit "$peer" --available "$1 17:00-22:00" >/dev/null
  "$BELONG" recommend "$peer" --json --limit 100 >"$tmp/after-time.json"
  check "being free on $1 $2 too lets exactly $3 more in" \
    test "$(jsq "$tmp/after-time.json" "json_array_length(j)")" = $((1 + $3))
  "$BELONG" peer edit "$peer" --available 'TU 17:00-20:00' >/dev/null
fi
check "the first change is the one with the most gain" test "$(jsq "$tmp/w.json" "json_extract(j, '\$.change.gain')
  = (SELECT max(json_extract(c.value, '\$.gain')) FROM json_each(j, '\$.changes') c)")" = 1

# ---- nearly fits: one limit each, the one --explain names ---------------------------------------
n_nearly=$(jsq "$tmp/w.json" "json_array_length(j, '\$.nearly_fits')")
check "some listings nearly fit" test "$n_nearly" -gt 0
bad=0
for i in $(seq 0 $((n_nearly - 1))); do
  id=$(jsq "$tmp/w.json" "json_extract(j, '\$.nearly_fits[$i].id')")
  blocker=$(jsq "$tmp/w.json" "json_extract(j, '\$.nearly_fits[$i].blocker')")
  "$BELONG" recommend "$peer" --explain "$id" --json >"$tmp/e.json"
  [ "$(jsq "$tmp/e.json" "json_array_length(j, '\$.blockers') || json_extract(j, '\$.blockers[0].blocker')")" = "1$blocker" ] ||
    bad=$((bad + 1))
done
check "each nearly fit breaks exactly the one limit named (--explain agrees)" test "$bad" = 0
check "nearest first" test "$(jsq "$tmp/w.json" "(SELECT count(*) FROM json_each(j, '\$.nearly_fits') a,
  json_each(j, '\$.nearly_fits') b WHERE a.key < b.key AND json_extract(a.value, '\$.distance_miles') >
  json_extract(b.value, '\$.distance_miles'))")" = 0
run "$BELONG" recommend "$peer"
expect_out_has "Nearly fits (one limit each, nearest first):" "the text has a nearly-fits section"

# ---- every blocker in --explain, the strongest first ---------------------------------------------
far_busy=$(q "SELECT id FROM activity WHERE active = 1 AND is_virtual = 0 AND cost_cents = 0 AND audience = 0
  AND lat < 42.0 AND id IN (SELECT activity_id FROM occurrence WHERE weekday = 5)
  AND id NOT IN (SELECT activity_id FROM occurrence WHERE weekday <> 5) ORDER BY id LIMIT 1")
run "$BELONG" recommend "$peer" --explain "$far_busy"
expect_status 0 "explain a far listing at a busy time"
expect_out_has "Not suggested (too-far, no-time):" "both blockers, the distance first"
expect_out_has "miles away; you said up to 1.0 miles" "the distance with its figure"
expect_out_has "at a time you are free" "and the time"
"$BELONG" recommend "$peer" --explain "$far_busy" --json >"$tmp/fb.json"
check "--explain --json: excluded_by the strongest, blockers every one" \
  test "$(jsq "$tmp/fb.json" "json_extract(j, '\$.excluded_by') || ':' || json_array_length(j, '\$.blockers')")" = "too-far:2"

# ---- columns past item 9 -------------------------------------------------------------------------
"$BELONG" peer edit "$peer" --max-miles 60 --budget any --available 'MO 00:00-24:00' --available 'TU 00:00-24:00' \
  --available 'WE 00:00-24:00' --available 'TH 00:00-24:00' --available 'FR 00:00-24:00' >/dev/null
run "$BELONG" recommend "$peer" --limit 12
check "items 9 and 10 line up" test "$(printf '%s\n' "$out" | grep -cE '^ (9)\. |^10\. ')" = 2
check "their details line up under them" test "$(printf '%s\n' "$out" | grep -cE '^     - ')" -gt 10
"$BELONG" peer edit "$peer" --max-miles 1 --budget free --available 'TU 17:00-20:00' >/dev/null

# ---- --force: refused, then accepted and remembered ----------------------------------------------
before=$(db_digest "$db")
run "$BELONG" recommend "$peer" --choose "$far_busy" --note 'she asked for it'
expect_status 65 "choosing a listing beyond the peer's limits is refused"
expect_err_has "breaks Ana's limits (too-far,no-time)" "naming each limit"
expect_err_has "--force" "and saying how to record it anyway"
check "the refusal wrote nothing" test "$(db_digest "$db")" = "$before"
run "$BELONG" recommend "$peer" --choose "$far_busy" --force --note 'she asked for it'
expect_status 0 "--force records it"
expect_out_has "(forced past: too-far,no-time)" "and says it was forced"
fits=$(jsq "$tmp/w.json" "json_extract(j, '\$.suggestions[0].id')")
run "$BELONG" recommend "$peer" --choose "$fits" --note 'with Maria'
expect_status 0 "a choice within the limits needs no --force"
run "$BELONG" recommend "$peer" --decline "$far_busy" --note 'too far after all'
expect_status 0 "a decline is never refused"
run "$BELONG" recommend "$peer" --force
expect_status 64 "--force without --choose is a usage error"

# ---- --unchoose ----------------------------------------------------------------------------------
run "$BELONG" recommend "$peer" --unchoose "$fits" --note 'the bus stopped'
expect_status 0 "--unchoose withdraws a choice"
check "it is no longer chosen" test "$(q "SELECT count(*) FROM peer_choice WHERE peer_id = $peer AND activity_id = $fits")" = 0
run "$BELONG" recommend "$peer" --unchoose "$fits"
expect_status 66 "withdrawing it again: no such choice"
expect_err_has "has not chosen activity $fits" "saying so"
run "$BELONG" recommend "$peer" --json
check "a withdrawn choice is suggested again (not declined)" \
  test "$(printf '%s' "$out" | grep -c "\"id\": $fits,")" = 1

# ---- the history on peer show --------------------------------------------------------------------
run "$BELONG" peer show "$peer"
expect_out_has "history:" "peer show has a history"
expect_out_has "2026-12-01  chosen     activity $far_busy" "the forced choice with its date"
expect_out_has "\"she asked for it\" (forced past the peer's limits: too-far,no-time)" "its note, and that it was forced"
expect_out_has "declined   activity $far_busy" "the decline"
expect_out_has "\"too far after all\"" "with its note"
expect_out_has "withdrawn  activity $fits" "the withdrawal, kept"
"$BELONG" peer show "$peer" --json >"$tmp/show.json"
check "show --json: the history in order, with choices, notes and what was forced" \
  test "$(jsq "$tmp/show.json" "(SELECT group_concat(json_extract(h.value, '\$.choice') || '/' ||
    ifnull(json_extract(h.value, '\$.note'), '') || '/' || ifnull(json_extract(h.value, '\$.forced'), ''), ';')
    FROM json_each(j, '\$.history') h)")" = 'chosen/she asked for it/["too-far","no-time"];chosen/with Maria/;declined/too far after all/;withdrawn/the bus stopped/'
run "$BELONG" peer edit "$peer" --json "$tmp/show.json"
expect_status 0 "a shown copy with its history is accepted back by peer edit --json"

finish
