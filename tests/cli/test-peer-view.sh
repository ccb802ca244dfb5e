#!/usr/bin/env bash
# test-peer-view.sh — a peer's page and its "why not this one?" page are each one view of the
# peer over real HTTP (`belong serve`, the demo database): one "peer.show" audit row a view (the
# reads the page is made of, its suggestions, plans, visits, charts..., add none of their own),
# the supervisor's view of a team's peer audited once as theirs, another caseload's peer refused
# and audited as before; an activity's page, whose box to add it to a plan lists the names of
# the caseload's active peers (a supervisor's: their team's), each audited as peer.list; and
# matching's data files, read once by the server, read again when one
# changes while it runs (a broken concepts.tsv: 500 with the problem in the log; mended: 200).
# The server is always killed (trap).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/peer-view"
rm -rf "$tmp"
mkdir -p "$tmp"
db="$tmp/demo.db"
. "$(dirname "$0")/web-lib.sh"
web_demo_db
cp -r "$BELONG_DATA_DIR" "$tmp/data"
web_start BELONG_DATA_DIR="$tmp/data"
check "the server starts" test -n "$base"

as() { local who=$1; shift; fetch -b "$tmp/$who.jar" "$@"; }
last_id() { sqlite3 "$db" "SELECT IFNULL(max(id), 0) FROM audit"; }
# rows_since ID: the web's audit rows after ID, one "actor operation peer outcome" a line
rows_since() { sqlite3 "$db" "SELECT actor || ' ' || operation || ' ' || IFNULL(peer_id, '-') || ' ' || outcome FROM audit WHERE id > $1 AND origin <> 'cli' ORDER BY id"; }

web_login demo "$PW" "$tmp/demo.jar"
check "demo logs in" test "$code" = 303
before=$(last_id)
as demo "$base/peers/1"
check "demo's peer page is 200 with its suggestions and charts" \
  eval 'test "$code" = 200 && body_has "<ol class=\"suggestions\">" && body_has "lsns6-chart"'
check "the page is one view, audited as one peer.show row" test "$(rows_since "$before")" = "demo peer.show 1 ok"
before=$(last_id)
as demo "$base/peers/1/why?activity=1"
check "the why page is 200" eval 'test "$code" = 200 && body_has "for Rosa?"'
check "the why page is one view, audited as one peer.show row" test "$(rows_since "$before")" = "demo peer.show 1 ok"
before=$(last_id)
as demo "$base/peers/1"
as demo "$base/peers/1"
check "each view has its row" test "$(rows_since "$before" | wc -l)" = 2

demo2_peer=$(sqlite3 "$db" "SELECT min(id) FROM peer WHERE cps = 'demo2'")
before=$(last_id)
as demo "$base/peers/$demo2_peer"
check "another caseload's peer is 404, its refusal audited once" \
  eval 'test "$code" = 404 && test "$(rows_since "$before")" = "demo peer.show $demo2_peer refused"'
before=$(last_id)
as demo "$base/peers/$demo2_peer/why?activity=1"
check "and its why page the same" \
  eval 'test "$code" = 404 && test "$(rows_since "$before")" = "demo peer.show $demo2_peer refused"'

web_login boss "$PW" "$tmp/boss.jar"
before=$(last_id)
as boss "$base/peers/1"
check "the supervisor sees their team's peer, audited once as theirs" \
  eval 'test "$code" = 200 && test "$(rows_since "$before")" = "boss peer.show 1 ok"'

# ---- an activity's page: the box to add it to a peer's plan lists the caseload's names --------
names() { # CPS: the caseload's active peers, "id name" a line, as `peer list` has them
  "$BELONG" --db "$db" peer list --cps "$1" --json | jq -r '.[] | "\(.id) \(.name)"'
}
listed() { grep -o '<option value="[0-9]*">[^<]*</option>' "$tmp/body" | sed 's/<option value="\([0-9]*\)">\(.*\)<\/option>/\1 \2/'; }
archived=$("$BELONG" --db "$db" peer list --cps demo --json | jq '.[-1].id')
"$BELONG" --db "$db" peer archive "$archived" --cps demo >/dev/null
before=$(last_id)
as demo "$base/activities/1"
check "the activity page's plan box lists demo's active peers by name, by id" \
  eval 'test "$code" = 200 && test -n "$(listed)" && test "$(listed)" = "$(names demo)"'
check "not the archived one, nor another caseload's" \
  eval '! listed | grep -q "^$archived " && ! listed | grep -q "^$demo2_peer "'
check "each peer listed has its peer.list row, and nothing else is audited" \
  test "$(rows_since "$before")" = "$(names demo | awk '{ print "demo peer.list " $1 " ok" }')"
before=$(last_id)
as boss "$base/activities/1"
check "a supervisor's box lists their team's peers (demo's), each audited as theirs" \
  eval 'test "$(listed)" = "$(names demo)" && test "$(rows_since "$before")" = "$(names demo | awk '"'"'{ print "boss peer.list " $1 " ok" }'"'"')"'
fetch "$base/activities/1"
check "without a login there is no box" eval 'test "$code" = 200 && ! body_has "plan-peer"'

# ---- matching's data files, changed while the server runs -----------------------------------
cp "$tmp/data/concepts.tsv" "$tmp/concepts.tsv"
printf 'a line without its organiser words\n' >>"$tmp/data/concepts.tsv"
as demo "$base/peers/1"
check "a concepts.tsv broken while the server runs is read again: the page is 500" test "$code" = 500
check "the problem, with its file and line, is in the server's log" \
  grep -qF "$tmp/data/concepts.tsv:" "$tmp/log"
cp "$tmp/concepts.tsv" "$tmp/data/concepts.tsv"
as demo "$base/peers/1"
check "mended, it is read again: the page is 200 with its suggestions" \
  eval 'test "$code" = 200 && body_has "<ol class=\"suggestions\">"'
check "every answer carried the security headers" test -z "$missing_headers"
web_stop
finish
