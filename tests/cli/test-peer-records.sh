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
# The rest of what belong keeps about a peer: lists, availability, days away, comfort changes,
# plans (one skipped, with its reason), a visit with the peer's reflections.
"$BELONG" peer edit 1 --comfort 2 --tag quiet --value nature --goal "meet people" --language en \
  --available 'SA 00:00-03:00' --away 2026-12-24..2027-01-02 >/dev/null
"$BELONG" peer edit 1 --comfort 3 >/dev/null
skipped=$("$BELONG" plan add 1 1 --date 2026-12-20 --support rehearse --json | jq -r .id)
"$BELONG" plan skip "$skipped" --reason "felt unwell" >/dev/null
run "$BELONG" visit add 1 --activity 1 --date 2026-11-29 --went yes --comfort-before 2 \
  --comfort-after 4 --with "Tam" --felt "Wintergreenish and seen" --next "go again"
expect_status 0 "a visit with reflections for peer 1"

# ---- export ---------------------------------------------------------------------------------
audit_rows() { sqlite3 "$BELONG_DB" "SELECT count(*) FROM audit"; }
audit_before=$(audit_rows)
run "$BELONG" peer export 1 --out "$tmp/export.json"
expect_status 0 "peer export --out"
check "the export is readable by its owner only" test "$(stat -c %a "$tmp/export.json")" = 600
check "the export holds the profile, the choice, both measures, both connections with history" \
  test "$(jsq "$tmp/export.json" "printf('%d|%s|%s|%d:%s:%s|%d:%s:%d|%d:%s:%d', j->>'belong_export', j->>'exported_by', j->>'\$.peer.name', json_array_length(j, '\$.choices'), j->>'\$.choices[0].choice', j->>'\$.choices[0].note', json_array_length(j, '\$.measures'), j->>'\$.measures[1].instrument', j->>'\$.measures[1].score', json_array_length(j, '\$.connections'), j->>'\$.connections[0].name', json_array_length(j, '\$.connections[0].history'))")" \
  = "2|maria|Quillonia|1:chosen:with Maria|2:lsns6:11|2:Xanthippa:2"
check "the export holds the plans with their status and reason, the visit's reflections opened" \
  test "$(jq -r '[(.plans[] | select(.status == "skipped") | .reason), .visits[0].felt, .visits[0].with, .visits[0].comfort_after, (.peer.comfort_history | map(.comfort) | join(">")), (.choice_history[0] | .choice + ":" + .note)] | join("|")' "$tmp/export.json")" \
  = "felt unwell|Wintergreenish and seen|Tam|4|2>3|chosen:with Maria"
check "the export holds the audit trail about the peer, ending with this export, audited once" \
  test "$(jq -r '[.audit[-1] | .by, .operation, .from, .outcome] | join("|")' "$tmp/export.json")/$(($(audit_rows) - audit_before))/$(jq '[.audit[] | select(.operation == "peer.export")] | length' "$tmp/export.json")" \
  = "maria|peer.export|cli|ok/1/1"

# Every table with a peer_id column, read from the schema itself: each holds rows about peer 1
# (put there by belong's own commands above), and the export holds as many records of each. A
# table added later that the export does not carry fails here until it does.
export_count() { # TABLE: how many of its rows the export holds, or "unknown"
  case $1 in
  peer_item) jq '.peer | [.interests, .tags, .values, .goals, .languages] | map(length) | add' "$tmp/export.json" ;;
  peer_window) jq '.peer.availability | length' "$tmp/export.json" ;;
  peer_away) jq '.peer.away | length' "$tmp/export.json" ;;
  peer_comfort) jq '.peer.comfort_history | length' "$tmp/export.json" ;;
  peer_choice) jq '.choices | length' "$tmp/export.json" ;;
  peer_choice_history) jq '.choice_history | length' "$tmp/export.json" ;;
  measure) jq '.measures | length' "$tmp/export.json" ;;
  connection) jq '.connections | length' "$tmp/export.json" ;;
  plan) jq '.plans | length' "$tmp/export.json" ;;
  visit) jq '.visits | length' "$tmp/export.json" ;;
  audit) jq '.audit | length' "$tmp/export.json" ;;
  *) echo unknown ;;
  esac
}
peer_tables=$(sqlite3 "$BELONG_DB" "SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'peer_id' ORDER BY 1")
check "the schema has tables with a peer_id column" test "$(printf '%s\n' "$peer_tables" | wc -l)" -ge 10
for table in $peer_tables; do
  rows=$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM \"$table\" WHERE peer_id = 1")
  check "$table: the test put rows about peer 1 in it ($rows)" test "$rows" -ge 1
  check "$table: the export holds its $rows rows about peer 1 (it holds $(export_count "$table"))" \
    test "$(export_count "$table")" = "$rows"
done
# The tables whose rows hang off those (a measure's answers, a connection's history), found by
# their foreign keys: every row about peer 1 is in the export.
children=$(sqlite3 "$BELONG_DB" "SELECT m.name || ' ' || f.\"from\" || ' ' || f.\"table\" || ' ' || f.\"to\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" IN (SELECT m2.name FROM sqlite_schema m2, pragma_table_info(m2.name) c WHERE m2.type = 'table' AND c.name = 'peer_id') AND f.\"table\" <> m.name AND NOT EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'peer_id') ORDER BY 1")
while read -r table from parent to; do
  [ -n "$table" ] || continue
  rows=$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM \"$table\" WHERE \"$from\" IN (SELECT \"$to\" FROM \"$parent\" WHERE peer_id = 1)")
  case $table in
  measure_answer) held=$(jq '[.measures[].answers | length] | add' "$tmp/export.json") ;;
  connection_history) held=$(jq '[.connections[].history | length] | add' "$tmp/export.json") ;;
  *) held=unknown ;;
  esac
  check "$table (rows of $parent): the export holds its $rows rows about peer 1 (it holds $held)" \
    test "$rows" -ge 1 -a "$held" = "$rows"
done <<<"$children"
check "the export holds nothing of another peer" sh -c "! grep -q 'Ann\|\"Al\"' '$tmp/export.json'"
run "$BELONG" peer export 1
expect_status 0 "peer export to stdout"
check "stdout and the file say the same, the audit trail one export longer" \
  test "$(jq -c 'del(.audit)' <<<"$out")/$(jq '.audit | length' <<<"$out")" \
  = "$(jq -c 'del(.audit)' "$tmp/export.json")/$(($(jq '.audit | length' "$tmp/export.json") + 1))"

# ---- the printable report beside the JSON ---------------------------------------------------------
audit_before=$(audit_rows)
run "$BELONG" peer export 1 --out "$tmp/with-report.json" --report "$tmp/report.html"
expect_status 0 "peer export --report"
check "the report is readable by its owner only" test "$(stat -c %a "$tmp/report.html")" = 600
check "the report is the peer's progress report: their name, the charts, the timeline" \
  sh -c "grep -q 'Quillonia: progress report' '$tmp/report.html' && test \$(grep -c '<svg' '$tmp/report.html') -ge 5 && grep -q 'Timeline' '$tmp/report.html'"
check "the report is self-contained: nothing fetched from elsewhere" \
  sh -c "! grep -Eq '(src|href)=\"(https?:)?//' '$tmp/report.html'"
check "the JSON beside it is the whole export" test "$(jq -c 'del(.audit)' "$tmp/with-report.json")" = "$(jq -c 'del(.audit)' "$tmp/export.json")"
check "the export with its report is audited once, as peer.export" \
  test "$(($(audit_rows) - audit_before))/$(sqlite3 "$BELONG_DB" "SELECT operation FROM audit ORDER BY id DESC LIMIT 1")" = "1/peer.export"
run "$BELONG" peer export 1 --out "$tmp/same" --report "$tmp/same"
expect_status 64 "--out and --report naming one file"
check "nothing written" test ! -e "$tmp/same"
run "$BELONG" peer delete 1 --yes --report x.html
expect_status 64 "--report is for export"

run "$BELONG" peer archive 2
run "$BELONG" peer export 2 --out "$tmp/archived.json" --report "$tmp/archived.html"
expect_status 66 "an archived peer has no progress report"
expect_err_has "peer 2 is archived" "saying why"
check "and neither file is written" test ! -e "$tmp/archived.json" -a ! -e "$tmp/archived.html"
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
left=$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM peer WHERE id = 1")
check "the peer's row is gone" test "$left" = 0
# Every table with a peer_id column (read from the schema above, so a table added later is
# checked too) holds no row about peer 1 but the audit trail's, and no row of the tables that
# hang off them (found by their foreign keys) is left without its parent.
for table in $peer_tables; do
  [ "$table" = audit ] && continue
  check "$table: no row about the erased peer is left" \
    test "$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM \"$table\" WHERE peer_id = 1")" = 0
done
while read -r table from parent to; do
  [ -n "$table" ] || continue
  check "$table: no row of an erased $parent is left" \
    test "$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM \"$table\" WHERE \"$from\" NOT IN (SELECT \"$to\" FROM \"$parent\")")" = 0
done <<<"$children"
check "the audit keeps that the deletion happened (who, what, from where), and no words of the peer" \
  test "$(sqlite3 "$BELONG_DB" "SELECT actor || ' ' || operation || ' ' || origin || ' ' || outcome FROM audit WHERE peer_id = 1 ORDER BY id DESC LIMIT 1")/$(sqlite3 "$BELONG_DB" "SELECT group_concat(name, ',') FROM pragma_table_info('audit')")" \
  = "maria peer.delete cli ok/id,at,actor,operation,peer_id,origin,outcome"
cat "$BELONG_DB" "$BELONG_DB-wal" 2>/dev/null | xxd -p | tr -d '\n' >"$tmp/after.hex"
for blob in $sealed; do
  check "a sealed value of the peer is nowhere in the database file or its log" \
    sh -c "! grep -qi '$blob' '$tmp/after.hex'"
done
for word in Quillonia zitherwork Xanthippa yarnbombery Wintergreenish; do
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
