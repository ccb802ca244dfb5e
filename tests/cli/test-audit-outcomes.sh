#!/usr/bin/env bash
# test-audit-outcomes.sh — the audit trail tells the truth about every write operation on a peer
# (docs/privacy.md): a change refused for its input leaves no "ok" row for it, but an "invalid"
# one naming no more than who, what, which peer, from where; an access refused for the caseload
# stays "refused"; "ok" only for what was done, written with the change; a supervisor's rows
# read through `belong audit`, with the outcome. Fixture: tests/fixtures/ical/plans.ics (1 garden,
# Tuesdays; 2 book club, Thursdays; 3 open mic on 2026-12-10).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/audit-outcomes"
mkdir -p "$tmp"
export BELONG_DB="$tmp/a.db" BELONG_CPS=maria BELONG_NOW=2026-12-01T09:00
q() { sqlite3 "$BELONG_DB" "$1"; }
# rows OPERATION PEER OUTCOME: how many audit rows say maria did OPERATION on PEER with OUTCOME.
rows() {
  q "SELECT count(*) FROM audit WHERE actor = 'maria' AND operation = '$1' AND
     IFNULL(peer_id, 0) = $2 AND outcome = '$3'"
}

"$BELONG" import ical "$FIXTURES/ical/plans.ics" >/dev/null 2>&1
"$BELONG" peer add --name Ann --home 01610 --comfort 2 >/dev/null 2>&1
"$BELONG" peer add --name Bea --cps jo >/dev/null 2>&1
"$BELONG" peer add --name Cal >/dev/null 2>&1
"$BELONG" plan add 3 1 --date 2026-12-01 >/dev/null 2>&1
"$BELONG" peer archive 3 >/dev/null 2>&1
"$BELONG" plan add 1 1 --date 2026-12-01 >/dev/null 2>&1
"$BELONG" measure add 1 ucla3 --answers 1,1,1 >/dev/null 2>&1
"$BELONG" connection add 1 Maria --relationship friend --closeness 2 >/dev/null 2>&1
check "the setup: peers 1 (maria's), 2 (jo's), 3 (maria's, archived, with plan 1); Ann's plan 2, measure 1, connection 1" \
  test "$(q "SELECT count(*) FROM plan") $(q "SELECT count(*) FROM measure") $(q "SELECT count(*) FROM connection")" = "2 1 1"

# refused STATUS OPERATION PEER DESCRIPTION ARGS...: runs belong ARGS, expects STATUS, no new
# "ok" row of OPERATION on PEER, one new "invalid" row, and the database otherwise unchanged.
refused() {
  local want=$1 op=$2 peer=$3 desc=$4
  shift 4
  local ok_before invalid_before digest
  ok_before=$(rows "$op" "$peer" ok)
  invalid_before=$(rows "$op" "$peer" invalid)
  digest=$(db_digest "$BELONG_DB")
  run "$BELONG" "$@"
  expect_status "$want" "$desc: exit $want"
  check "... no \"ok\" row for $op" test "$(rows "$op" "$peer" ok)" = "$ok_before"
  check "... an \"invalid\" row for it" test "$(rows "$op" "$peer" invalid)" = $((invalid_before + 1))
  check "... and nothing else changed" test "$(db_digest "$BELONG_DB")" = "$digest"
}

refused 64 peer.add 0 "peer add with a bad value" peer add --name Dee --max-miles -4
refused 64 peer.edit 1 "peer edit with a bad value" peer edit 1 --comfort 9
refused 65 plan.add 1 "plan add in the past" plan add 1 1 --date 2026-11-24
refused 65 plan.add 1 "plan add on a day the activity does not meet" plan add 1 1 --date 2026-12-02
refused 66 plan.add 3 "plan add for an archived peer" plan add 3 1 --date 2026-12-08
refused 65 visit.add 1 "visit add with a future date" visit add 1 --activity 1 --went yes --date 2026-12-08
refused 66 visit.add 1 "visit add to a plan the peer lacks" visit add 1 --plan 99 --went yes
refused 65 connection.add 1 "connection add met at no such activity" connection add 1 Tom --relationship friend --closeness 2 --met-at 99
refused 65 connection.edit 1 "connection edit dated before its last change" connection edit 1 --closeness 3 --date 2026-11-01
refused 65 connection.end 1 "connection end dated before its last change" connection end 1 --date 2026-11-01
refused 65 measure.add 1 "measure add with answers out of range" measure add 1 ucla3 --answers 1,1,9
refused 65 measure.add 1 "measure add dated in the future" measure add 1 ucla3 --answers 1,1,1 --date 2026-12-09
refused 65 measure.edit 1 "measure edit with answers out of range" measure edit 1 --answers 1,9,1
refused 66 recommend.choose 1 "a choice of no such activity" recommend 1 --choose 99
refused 66 recommend.unchoose 1 "withdrawing a choice never made" recommend 1 --unchoose 2
refused 66 recommend.decline 3 "declining for an archived peer" recommend 3 --decline 1
refused 66 plan.close 3 "closing a plan of an archived peer" plan done 1
"$BELONG" plan done 2 >/dev/null 2>&1
refused 65 plan.close 1 "closing a plan already done" plan done 2
check "the invalid rows hold no field of the peer: only who, when, what, which peer, where" \
  test "$(q "SELECT count(*) FROM audit WHERE outcome = 'invalid' AND (origin <> 'cli' OR actor <> 'maria')")" = 0

# An access refused for the caseload stays "refused", with no "ok" and no "invalid".
run "$BELONG" visit add 2 --activity 1 --went yes --date 2026-12-08
expect_status 66 "another caseload's peer with a bad date: no such peer"
check "... audited as refused" test "$(rows visit.add 2 refused)" = 1
check "... and nothing else" test "$(rows visit.add 2 ok)$(rows visit.add 2 invalid)" = 00

# An export whose file cannot be written is refused before it is made: no "ok" row for records
# that never left belong, and no file.
for dest in "$tmp/no-such-folder/export.json" "$tmp/read-only.json"; do
  [ "$dest" = "$tmp/read-only.json" ] && { : >"$dest"; chmod 0400 "$dest"; }
  before=$(rows peer.export 1 ok)
  digest=$(db_digest "$BELONG_DB")
  run "$BELONG" peer export 1 --out "$dest"
  expect_status 74 "peer export to an unwritable $(basename "$(dirname "$dest")")/$(basename "$dest"): exit 74"
  expect_err_has "$dest" "... the message names the file"
  check "... no \"ok\" row for peer.export" test "$(rows peer.export 1 ok)" = "$before"
  check "... and nothing changed" test "$(db_digest "$BELONG_DB")" = "$digest"
done
run "$BELONG" peer export 1 --out "$tmp/export-ok.json" --report "$tmp/no-such-folder/report.html"
expect_status 74 "peer export with an unwritable --report: exit 74"
check "... and the JSON is not written either" test ! -e "$tmp/export-ok.json"

# What was done is "ok", once, and only then.
for op in peer.add:4 peer.edit:1 plan.add:1 visit.add:1 measure.add:1 measure.edit:1 \
  measure.delete:1 connection.add:1 connection.edit:1 connection.end:1 recommend.choose:1 \
  recommend.unchoose:1 peer.archive:4 peer.export:1 peer.delete:4; do
  before=$(rows "${op%%:*}" "${op##*:}" ok)
  case $op in
    peer.add:*) run "$BELONG" peer add --name Eve ;;
    peer.edit:*) run "$BELONG" peer edit 1 --comfort 3 ;;
    plan.add:*) run "$BELONG" plan add 1 2 --date 2026-12-03 ;;
    visit.add:*) run "$BELONG" visit add 1 --activity 1 --went yes --date 2026-12-01 ;;
    measure.add:*) run "$BELONG" measure add 1 ucla3 --answers 2,2,2 ;;
    measure.edit:*) run "$BELONG" measure edit 1 --answers 3,3,3 ;;
    measure.delete:*) run "$BELONG" measure delete 2 ;;
    connection.add:*) run "$BELONG" connection add 1 Jo --relationship friend --closeness 1 ;;
    connection.edit:*) run "$BELONG" connection edit 1 --closeness 3 ;;
    connection.end:*) run "$BELONG" connection end 2 ;;
    recommend.choose:*) run "$BELONG" recommend 1 --choose 2 --force ;;
    recommend.unchoose:*) run "$BELONG" recommend 1 --unchoose 2 ;;
    peer.archive:*) run "$BELONG" peer archive 4 ;;
    peer.export:*) run "$BELONG" peer export 1 --out "$tmp/export.json" ;;
    peer.delete:*) run "$BELONG" peer delete 4 --yes ;;
  esac
  expect_status 0 "${op%%:*} done"
  check "... one \"ok\" row" test "$(rows "${op%%:*}" "${op##*:}" ok)" = $((before + 1))
done

# `belong audit` shows the outcomes.
printf 'correct horse battery\n' | "$BELONG" user add lee --role admin >/dev/null 2>&1
run "$BELONG" audit --json --cps lee
expect_status 0 "an admin reads the trail"
check "... with its invalid rows" test "$(printf '%s' "$out" | jq '[.[] | select(.outcome == "invalid")] | length')" -ge 17
run "$BELONG" audit --peer 1 --cps lee
expect_out_has "invalid" "... in text too"
run "$BELONG" audit --help
expect_out_has "invalid   a change of one's own peer refused" "audit --help says what the outcomes mean"

finish
