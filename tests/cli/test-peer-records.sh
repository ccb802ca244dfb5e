#!/usr/bin/env bash
# test-peer-records.sh — a peer's rights: `belong peer export ID` (everything held about them as
# one JSON document: profile, choices, measures, connections with their history) and `belong
# peer delete ID --yes` (all of it erased, the deleted bytes found nowhere in the database file
# or its write-ahead log, other peers untouched); refusals with the database unchanged.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/peer-records"
mkdir -p "$tmp"
export BELONG_DB="$tmp/records.db" BELONG_CPS=maria BELONG_NOW=2026-12-04
jsq() { sqlite3 :memory: "SELECT $2 FROM (SELECT CAST(readfile('$1') AS TEXT) AS j)"; }

run "$BELONG" peer export --help
expect_status 0 "peer export --help"
expect_out_has "right of access" "says what it is for"
run "$BELONG" peer delete --help
expect_out_has "cannot be undone" "peer delete --help warns"
run "$BELONG" peer --help
expect_out_has "belong peer delete ID --yes" "peer --help lists both"

"$BELONG" import ical "$FIXTURES/ical/good-night-owls.ics" >/dev/null
"$BELONG" peer add --name "Quillonia" --interest "zitherwork" >/dev/null
"$BELONG" peer add --name "Ann" >/dev/null
"$BELONG" peer add --cps jo --name "Bea" >/dev/null
run "$BELONG" recommend 1 --choose 1 --note "with Maria"
expect_status 0 "a choice for peer 1"
"$BELONG" measure add 1 ucla3 --answers 2,3,1 --date 2026-11-01 >/dev/null
"$BELONG" measure add 1 lsns6 --answers 1,2,3,2,2,1 --date 2026-11-15 >/dev/null
"$BELONG" measure add 2 ucla3 --answers 1,1,1 >/dev/null
"$BELONG" connection add 1 Xanthippa --relationship friend --closeness 3 --met-at 1 --date 2026-10-01 >/dev/null
"$BELONG" connection edit 1 --closeness 4 --date 2026-11-01 >/dev/null
"$BELONG" connection add 1 J.D. --relationship mentor --closeness 2 --met-place "the yarnbombery" >/dev/null
"$BELONG" connection add 2 Al --relationship peer --closeness 2 >/dev/null

# ---- export ---------------------------------------------------------------------------------
run "$BELONG" peer export 1 --out "$tmp/export.json"
expect_status 0 "peer export --out"
check "the export is readable by its owner only" test "$(stat -c %a "$tmp/export.json")" = 600
check "the export holds the profile, the choice, both measures, both connections with history" \
  test "$(jsq "$tmp/export.json" "printf('%d|%s|%s|%d:%s:%s|%d:%s:%d|%d:%s:%d', j->>'belong_export', j->>'exported_by', j->>'\$.peer.name', json_array_length(j, '\$.choices'), j->>'\$.choices[0].choice', j->>'\$.choices[0].note', json_array_length(j, '\$.measures'), j->>'\$.measures[1].instrument', j->>'\$.measures[1].score', json_array_length(j, '\$.connections'), j->>'\$.connections[0].name', json_array_length(j, '\$.connections[0].history'))")" \
  = "1|maria|Quillonia|1:chosen:with Maria|2:lsns6:11|2:Xanthippa:2"
check "the export holds nothing of another peer" sh -c "! grep -q 'Ann\|\"Al\"' '$tmp/export.json'"
run "$BELONG" peer export 1
expect_status 0 "peer export to stdout"
check "stdout and the file say the same" test "$out" = "$(cat "$tmp/export.json")"
run "$BELONG" peer archive 2
run "$BELONG" peer export 2
expect_status 0 "an archived peer's records can be exported"
expect_out_has '"archived": true' "as archived"

before=$(db_digest "$BELONG_DB")
run "$BELONG" peer export 3
expect_status 66 "another CPS's peer cannot be exported"
expect_err_has "no such peer 3" "exactly like a missing one"
run "$BELONG" peer export 9
expect_status 66 "no such peer"
run "$BELONG" peer export x
expect_status 64 "not a peer ID"

# ---- delete ---------------------------------------------------------------------------------
run "$BELONG" peer delete 1
expect_status 64 "delete without --yes is refused"
expect_err_has "give --yes" "saying how to mean it"
run "$BELONG" peer delete 3 --yes
expect_status 66 "another CPS's peer cannot be deleted"
expect_err_has "no such peer 3" "exactly like a missing one"
run "$BELONG" peer delete 1 --yes --out x.json
expect_status 64 "--out is for export"
check "the refusals changed nothing" test "$(db_digest "$BELONG_DB")" = "$before"
check "before: the peer's words are sealed: not in the database file" \
  sh -c "! cat '$BELONG_DB' '$BELONG_DB-wal' 2>/dev/null | grep -aq Xanthippa"
# What the file holds of them instead: their sealed values, which the erasure must remove.
sealed=$(sqlite3 "$BELONG_DB" "SELECT hex(name) FROM peer WHERE id = 1 UNION ALL SELECT hex(name) FROM connection WHERE peer_id = 1")
check "before: the sealed name and connection names are in the database file" \
  test "$(printf '%s\n' "$sealed" | wc -l)" = 3 -a -n "$(cat "$BELONG_DB" "$BELONG_DB-wal" 2>/dev/null | xxd -p | tr -d '\n' | grep -oi "$(printf '%s\n' "$sealed" | head -1)")"

run "$BELONG" peer delete 1 --yes
expect_status 0 "peer delete --yes"
expect_out_has "Erased peer 1: the profile, 2 measures, 2 connections, 1 choice." "says what went"
left=$(sqlite3 "$BELONG_DB" "SELECT (SELECT count(*) FROM peer WHERE id = 1) + (SELECT count(*) FROM peer_item WHERE peer_id = 1) + (SELECT count(*) FROM peer_choice WHERE peer_id = 1) + (SELECT count(*) FROM measure WHERE peer_id = 1) + (SELECT count(*) FROM measure_answer WHERE measure_id NOT IN (SELECT id FROM measure)) + (SELECT count(*) FROM connection WHERE peer_id = 1) + (SELECT count(*) FROM connection_history WHERE connection_id NOT IN (SELECT id FROM connection))")
check "no row about the peer is left" test "$left" = 0
cat "$BELONG_DB" "$BELONG_DB-wal" 2>/dev/null | xxd -p | tr -d '\n' >"$tmp/after.hex"
for blob in $sealed; do
  check "a sealed value of the peer is nowhere in the database file or its log" \
    sh -c "! grep -qi '$blob' '$tmp/after.hex'"
done
for word in Quillonia zitherwork Xanthippa yarnbombery; do
  check "'$word' is nowhere in the database file or its log" \
    sh -c "! cat '$BELONG_DB' '$BELONG_DB-wal' 2>/dev/null | grep -aq '$word'"
done
check "the other peers and their records are untouched" \
  test "$(for c in maria jo; do BELONG_CPS=$c "$BELONG" peer list --archived --json | jq -r '.[].name'; done | paste -sd,)/$(sqlite3 "$BELONG_DB" "SELECT (SELECT count(*) FROM measure) || '/' || (SELECT count(*) FROM connection)")" = "Ann,Bea/1/1"
run "$BELONG" peer delete 2 --yes
expect_status 0 "an archived peer can be erased"
expect_out_has "the profile, 1 measure, 1 connection, 0 choices" "with their records"
run "$BELONG" peer delete 2 --yes
expect_status 66 "erased twice: no such peer"

finish
