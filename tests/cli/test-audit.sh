#!/usr/bin/env bash
# test-audit.sh — `belong audit` and the caseload rules from the command line: a CPS's own
# peer, another caseload's peer answering exactly like a missing one (66), a supervisor
# reading their team's peers but changing none, an admin reading no one's record; every view,
# change and refusal written to the audit trail, which only supervisors (their team's) and
# admins read, and whose rows SQL can neither change nor delete.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/audit"
mkdir -p "$tmp"
export BELONG_DB="$tmp/a.db"
unset BELONG_CPS
add() { printf 'correct horse battery\n' | "$BELONG" user add "$@" >/dev/null 2>&1; }
add lee --role admin --cps lee
add pat --role supervisor --cps lee
add sam --role cps --supervisor pat --cps lee
add jo --role cps --cps lee
"$BELONG" peer add --name Ana --home 01852 --cps sam >/dev/null 2>&1
"$BELONG" peer add --name Ben --home 01852 --cps jo >/dev/null 2>&1

run "$BELONG" peer show 1 --cps sam
expect_status 0 "a CPS reads their own peer"
run "$BELONG" peer edit 1 --max-miles 3 --cps sam
expect_status 0 "... and changes them"
run "$BELONG" peer show 99 --cps sam
missing_status=$status
missing_err=${err//99/N}
run "$BELONG" peer show 2 --cps sam
expect_status 66 "another caseload's peer exits 66"
check "... exactly like a missing one" test "${err//2/N}" = "$missing_err" -a "$missing_status" = 66
run "$BELONG" peer show 1 --cps pat
expect_status 0 "a supervisor reads their team's peer"
run "$BELONG" peer edit 1 --max-miles 5 --cps pat
expect_status 66 "... but changes nothing of it"
run "$BELONG" peer archive 1 --cps pat
expect_status 66 "... nor archives them"
run "$BELONG" peer show 2 --cps pat
expect_status 66 "a supervisor reads nothing of another team"
run "$BELONG" peer show 1 --cps lee
expect_status 66 "an admin reads no one's peer"
"$BELONG" measure add 1 ucla3 --answers 1,1,1 --cps sam >/dev/null 2>&1
run "$BELONG" measure list 1 --json --cps pat
expect_status 0 "a supervisor reads their team's peer's measures"
check "... all of them" test "$(printf '%s' "$out" | jq length)" = 1
run "$BELONG" measure add 1 ucla3 --answers 1,1,1 --cps pat
expect_status 66 "... but records none"
run "$BELONG" measure list 1 --cps jo
expect_status 66 "measures of another caseload's peer: 66"
run "$BELONG" recommend 1 --cps jo
expect_status 66 "suggestions for another caseload's peer: 66"

run "$BELONG" audit --cps sam
expect_status 77 "a CPS cannot read the audit trail"
run "$BELONG" audit --json --cps lee
expect_status 0 "an admin reads it all"
j=$out
q() { printf '%s' "$j" | jq -r "$1"; }
check "the view is written" test "$(q '[.[] | select(.user=="sam" and .operation=="peer.show" and .peer==1 and .outcome=="ok" and .origin=="cli")] | length')" = 1
check "the change is written" test "$(q '[.[] | select(.user=="sam" and .operation=="peer.edit" and .outcome=="ok")] | length')" = 1
check "the refusals are written" test "$(q '[.[] | select(.outcome=="refused")] | length')" = 9
check "the supervisor's refused change is written" test "$(q '[.[] | select(.user=="pat" and .operation=="peer.edit" and .outcome=="refused")] | length')" = 1
run "$BELONG" audit --peer 1 --user jo --json --cps lee
check "--peer and --user narrow it" test "$(printf '%s' "$out" | jq -r 'map(.operation) | join(",")')" = "measure.list,recommend"
run "$BELONG" audit --since 2199-01-01 --cps lee
expect_status 0 "--since a later day: nothing"
expect_err_has "no audit rows" "... saying so"
run "$BELONG" audit --json --cps pat
check "a supervisor reads their team's rows" test "$(printf '%s' "$out" | jq '[.[] | select(.user=="sam")] | length')" -gt 0
check "... and not another team's own" test "$(printf '%s' "$out" | jq '[.[] | select(.user=="jo" and .peer==2)] | length')" = 0

n=$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM audit")
sqlite3 "$BELONG_DB" "UPDATE audit SET outcome = 'ok'" 2>/dev/null
check "an audit row cannot be changed" test $? -ne 0
sqlite3 "$BELONG_DB" "DELETE FROM audit" 2>/dev/null
check "an audit row cannot be deleted" test $? -ne 0
check "... every row still there" test "$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM audit")" = "$n"
check "no statement of belong changes or deletes an audit row" test \
  "$(grep -rniE '(UPDATE|DELETE FROM|DROP TABLE|INSERT OR REPLACE INTO) +audit' "$BELONG_ROOT/src" | wc -l)" = 0
run "$BELONG" audit --peer x --cps lee
expect_status 64 "a bad --peer is a usage error"

# The records' operations go through the same check: a supervisor reads, changes nothing.
"$BELONG" connection add 1 Maria --relationship friend --closeness 3 --cps sam >/dev/null 2>&1
for c in "connection list 1" "plan list 1" "visit list 1" "chart 1 network"; do
  run "$BELONG" $c --cps pat
  expect_status 0 "a supervisor: $c"
  run "$BELONG" $c --cps jo
  expect_status 66 "another caseload: $c"
  expect_err_has "no such peer 1 in caseload jo" "... reading exactly like a missing peer"
done
run "$BELONG" connection add 1 Jo --relationship peer --closeness 2 --cps pat
expect_status 66 "a supervisor adds no connection"
run "$BELONG" peer export 1 --cps pat
expect_status 66 "a supervisor exports nothing"
run "$BELONG" peer delete 1 --yes --cps pat
expect_status 66 "... and deletes nothing"
run "$BELONG" peer delete 1 --yes --cps sam
expect_status 0 "the CPS deletes their peer"
run "$BELONG" audit --peer 1 --json --cps lee
j=$out
check "the supervisor's reads are written" test "$(q '[.[] | select(.user=="pat" and .operation=="chart" and .outcome=="ok")] | length')" = 1
check "... the refused ones too" test "$(q '[.[] | select(.user=="pat" and (.operation=="connection.add" or .operation=="peer.export" or .operation=="peer.delete") and .outcome=="refused")] | length')" = 3
check "the deletion is written, and the rows outlive the peer" test "$(q '[.[] | select(.user=="sam" and .operation=="peer.delete" and .outcome=="ok")] | length')" = 1

# ---- a record taken by its own id in another caseload: answered as missing, audited refused ---
"$BELONG" demo >/dev/null 2>&1 # the demo caseload's records (plans, visits, connections, measures)
row() { sqlite3 "$BELONG_DB" "$1"; }
plan=$(row "SELECT id || ' ' || peer_id FROM plan WHERE status = 'planned' ORDER BY id LIMIT 1")
conn=$(row "SELECT c.id || ' ' || c.peer_id FROM connection c WHERE NOT EXISTS (SELECT 1 FROM
  connection_history h WHERE h.connection_id = c.id AND h.ended) ORDER BY c.id LIMIT 1")
meas=$(row "SELECT id || ' ' || peer_id FROM measure ORDER BY id LIMIT 1")
check "the demo caseload has a plan, a connection and a measure" test -n "$plan" -a -n "$conn" -a -n "$meas"
refused() { # $1 operation, $2 peer: jo's refused rows of it about that peer
  row "SELECT count(*) FROM audit WHERE actor = 'jo' AND operation = '$1' AND peer_id = $2 AND outcome = 'refused'"
}
jo_refused() { row "SELECT count(*) FROM audit WHERE actor = 'jo' AND outcome = 'refused'"; }
audit_n=$(jo_refused)
for c in "plan done ID" "plan skip ID" "plan cancel ID --reason x" "visit add 2 --plan ID --went yes" \
  "connection edit ID --closeness 4" "connection end ID" "measure edit ID --answers 1,1,1" \
  "measure delete ID"; do
  case "$c" in plan* | visit*) set -- $plan ;; connection*) set -- $conn ;; measure*) set -- $meas ;; esac
  id=$1 peer=$2
  run "$BELONG" ${c//ID/999999} --cps jo
  missing_status=$status missing_err=$(printf '%s' "$err" | sed -E 's/(plan|connection|measure) 999999\b/\1 N/g')
  audit_missing=$(jo_refused)
  check "$c: a missing id writes no refused audit row" test "$audit_missing" = "$audit_n"
  run "$BELONG" ${c//ID/$id} --cps jo
  expect_status 66 "$c: another caseload's record exits 66"
  check "... exactly like a missing id ($missing_status: $missing_err)" \
    test "$status" = "$missing_status" -a \
    "$(printf '%s' "$err" | sed -E "s/(plan|connection|measure) $id\\b/\\1 N/g")" = "$missing_err"
  op=$(case "$c" in "plan "*) echo plan.close ;; visit*) echo visit.add ;; "connection edit"*) echo connection.edit ;;
    "connection end"*) echo connection.end ;; "measure edit"*) echo measure.edit ;; *) echo measure.delete ;; esac)
  audit_n=$(jo_refused)
  check "... and is written to the audit trail: $op refused, naming the record's peer" \
    test "$(refused "$op" "$peer")" -ge 1 -a "$audit_n" -ge $((audit_missing + 1))
done
check "... the records are unchanged" \
  test "$(row "SELECT status FROM plan WHERE id = ${plan% *}")" = planned -a \
  "$(row "SELECT count(*) FROM measure WHERE id = ${meas% *}")" = 1

finish
