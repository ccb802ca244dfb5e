#!/usr/bin/env bash
# test-peer.sh — `belong peer add|edit|show|list|archive`: the round trip by flags and by JSON,
# caseload isolation between two CPS handles, and bad input (exit status, message, and a
# database left exactly as it was).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/peer"
mkdir -p "$tmp"
db="$tmp/peers.db"
export BELONG_DB="$db"
export BELONG_CPS=maria
fx="$FIXTURES/peers"
q() { sqlite3 "$db" "$1"; }
# jsq FILE EXPR: evaluates an SQL expression over the JSON text of FILE, bound as j (sqlite3's
# JSON functions, so the tests need no tool beyond the sqlite3 shell).
jsq() { sqlite3 :memory: "SELECT $2 FROM (SELECT CAST(readfile('$1') AS TEXT) AS j)"; }
jlist() { echo "(SELECT group_concat(value, '$2') FROM json_each(j, '\$.$1'))"; }

# ---- help ---------------------------------------------------------------------------------
run "$BELONG" peer --help
expect_status 0 "peer --help exits 0"
expect_out_has "Examples:" "peer --help shows examples"
run "$BELONG" peer
expect_status 64 "peer without a subcommand is a usage error"

# ---- add by flags, show, list -------------------------------------------------------------
run "$BELONG" peer add --name Sam --pronouns they/them --home 01602 --max-miles 3 \
  --travel walk,bus --virtual yes --interest 'I used to fix bikes' --interest plants \
  --tags bikes,gardening --values 'nature,helping others' --goal 'meet people who like plants' \
  --available 'TU 18:00-21:00' --available 'SA 09:00-13:00' --away 2026-12-24..2027-01-02 \
  --budget free --access wheelchair,quiet --languages English,Spanish --substance-free yes \
  --comfort 2
expect_status 0 "peer add by flags"
expect_out_has "added peer 1: Sam" "peer add names the new id"
check "the home ZIP is resolved to coordinates" \
  test "$(q "SELECT home_lat IS NOT NULL AND home_label LIKE '%Worcester%' FROM peer WHERE id = 1")" = 1

run "$BELONG" peer show 1
expect_status 0 "peer show"
expect_out_has "Peer 1: Sam (they/them)" "show names the peer and pronouns"
expect_out_has "TU 18:00-21:00, SA 09:00-13:00" "show lists the weekly windows"
expect_out_has "2026-12-24..2027-01-02" "show lists dates away"
expect_out_has "Nature, Helping others" "show gives value labels"
expect_out_has "free only" "show gives the budget"
expect_out_has "2 of 5" "show gives comfort with groups"

run "$BELONG" peer list
expect_status 0 "peer list"
expect_out_has "Sam" "list shows the caseload"

# ---- JSON out, then in --------------------------------------------------------------------
run "$BELONG" peer show 1 --json
expect_status 0 "peer show --json"
printf '%s\n' "$out" >"$tmp/sam-out.json"
check "show --json is valid JSON" test "$(jsq "$tmp/sam-out.json" "json_valid(j)")" = 1
check "show --json has the documented fields" \
  test "$(jsq "$tmp/sam-out.json" "printf('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', j->>'id', j->>'cps', j->>'name', j->>'home',
          j->>'max_travel_miles', $(jlist travel_modes ,), j->>'virtual_ok',
          $(jlist availability ';'), $(jlist away ';'), j->>'budget', $(jlist access ,),
          j->>'comfort', json_array_length(j, '\$.comfort_history'), j->>'archived')")" \
  = "1|maria|Sam|01602|3.0|walk,transit|1|TU 18:00-21:00;SA 09:00-13:00|2026-12-24..2027-01-02|free|wheelchair,quiet|2|1|0"

run "$BELONG" peer add --json "$fx/sam.json"
expect_status 0 "peer add --json FILE"
expect_out_has "added peer 2: Sam" "add --json names the new id"
run "$BELONG" peer show 2 --json
printf '%s\n' "$out" >"$tmp/sam-from-json.json"
volatile="'\$.id', '\$.created', '\$.updated', '\$.comfort_history'"
by_flags=$(jsq "$tmp/sam-out.json" "json_set(json_remove(j, $volatile), '\$.contact', '508-555-0100')")
by_json=$(jsq "$tmp/sam-from-json.json" "json_remove(j, $volatile)")
check "a profile added from JSON reads back like the one added by flags" \
  test -n "$by_json" -a "$by_flags" = "$by_json"

# The output of show --json is accepted back by edit --json (read-only fields ignored).
run "$BELONG" peer edit 2 --json "$tmp/sam-out.json"
expect_status 0 "show --json output is accepted by edit --json"

# ---- edit ---------------------------------------------------------------------------------
run "$BELONG" peer edit 1 --comfort 3 --available 'WE 10:00-12:00' --pronouns she/her
expect_status 0 "peer edit by flags"
expect_out_has "updated peer 1" "edit says what it updated"
check "edit replaces the list it was given" \
  test "$(q "SELECT group_concat(weekday || ':' || start_minute) FROM peer_window WHERE peer_id = 1")" = "2:600"
check "edit keeps the lists it was not given" \
  test "$(q "SELECT count(*) FROM peer_item WHERE peer_id = 1 AND kind = 'interest'")" = 2
check "a comfort change is added to the history with its date" \
  test "$(q "SELECT group_concat(comfort) FROM peer_comfort WHERE peer_id = 1 ORDER BY id")" = "2,3"
BELONG_NOW=2027-02-01T10:00 run "$BELONG" peer edit 1 --comfort 4
run "$BELONG" peer show 1
expect_out_has "history: 2026-12-01 2 2026-12-01 3 2027-02-01 4" "show charts the comfort history"
run "$BELONG" peer edit 1 --away ''
expect_status 0 "an empty list option empties the list"
check "dates away emptied" test "$(q "SELECT count(*) FROM peer_away WHERE peer_id = 1")" = 0
run "$BELONG" peer edit 1
expect_status 64 "edit with nothing to change is a usage error"

# ---- caseload isolation -------------------------------------------------------------------
run "$BELONG" peer add --cps bob --name Ana --home "Worcester, MA" --comfort 1
expect_status 0 "bob adds his own peer"
expect_out_has "added peer 3: Ana" "bob's peer gets the next id"
run "$BELONG" peer list --cps bob
expect_out_has "Ana" "bob's list shows his peer"
case "$out" in *Sam*) _report 1 "bob's list does not show maria's peers" "$out" ;;
  *) _report 0 "bob's list does not show maria's peers" ;; esac
names() { # the given field of each element of the JSON array in $out, comma-separated
  printf '%s\n' "$out" >"$tmp/list.json"
  jsq "$tmp/list.json" "(SELECT group_concat(value ->> '$1') FROM json_each(j))"
}
run "$BELONG" peer list --json
check "maria's list does not show bob's peer" test "$(names name)" = "Sam,Sam"
before=$(db_digest "$db")
for sub in "show 3" "edit 3 --comfort 5" "archive 3"; do
  # shellcheck disable=SC2086
  run "$BELONG" peer $sub
  expect_status 66 "maria: peer $sub of bob's peer answers exit 66"
  expect_err_has "no such peer 3" "maria: peer $sub says no such peer"
done
BELONG_CPS=bob run "$BELONG" peer show 1
expect_status 66 "BELONG_CPS=bob cannot show maria's peer"
check "nothing changed by the refused cross-caseload requests" test "$(db_digest "$db")" = "$before"
run "$BELONG" peer show 99
expect_status 66 "a peer that does not exist answers exit 66"

# ---- bad input: exit status, message naming the field, database unchanged -----------------
before=$(db_digest "$db")
bad_json() { # $1: fixture, $2: expected message
  run "$BELONG" peer add --json "$fx/$1"
  expect_status 65 "add --json $1 exits 65"
  expect_err_has "$2" "add --json $1 names file and field"
}
bad_json bad-street-address.json "bad-street-address.json: home: \"12 Elm Street\": looks like a street address"
bad_json bad-window-inverted.json "bad-window-inverted.json: availability: \"TU 21:00-18:00\": end before start"
bad_json bad-window-overlap.json "availability: \"TU 20:00-22:00\": overlaps \"TU 18:00-21:00\""
bad_json bad-window-malformed.json "availability: \"Tues 6pm\": unknown day 'Tues'"
bad_json bad-away-inverted.json "away: \"2027-01-02..2026-12-24\": the last day is before the first"
bad_json bad-comfort.json "bad-comfort.json: comfort: \"6\""
bad_json bad-budget.json "bad-budget.json: budget: \"cheap\""
bad_json bad-access.json "access: \"stairs\": unknown need 'stairs'"
bad_json bad-unknown-field.json "bad-unknown-field.json: nickname: unknown field"
bad_json bad-missing-name.json "bad-missing-name.json: name: is required"
bad_json bad-type.json "travel_modes: expected an array of strings"
bad_json bad-not-json.json "bad-not-json.json:2: not valid JSON"
run "$BELONG" peer edit 1 --json "$fx/bad-window-inverted.json"
expect_status 65 "edit --json with a bad window exits 65"
run "$BELONG" peer add --json "$tmp/missing.json"
expect_status 66 "add --json with a missing file exits 66"

bad_flag() { # $1: expected message, then the arguments
  local expect=$1
  shift
  run "$BELONG" peer "$@"
  expect_status 64 "peer $* exits 64"
  expect_err_has "$expect" "peer $* names the field"
}
bad_flag 'availability: "TU 21:00-18:00": end before start' add --name X --available 'TU 21:00-18:00'
bad_flag 'availability: "FR 22:00-02:00": end before start' add --name X --available 'FR 22:00-02:00'
bad_flag 'overlaps "TU 18:00-21:00"' edit 1 --available 'TU 18:00-21:00' --available 'TU 19:00-20:00'
bad_flag 'home: "12 Elm Street": looks like a street address' add --name X --home '12 Elm Street'
bad_flag 'home: "Main St": looks like a street address' edit 1 --home 'Main St'
bad_flag 'comfort: "0"' edit 1 --comfort 0
bad_flag 'max_travel_miles: "-2"' add --name X --max-miles -2
bad_flag 'travel_modes: "walk,fly"' add --name X --travel walk,fly
bad_flag 'virtual_ok: "maybe"' add --name X --virtual maybe
bad_flag 'name: is required' add --pronouns she/her
bad_flag 'name: "": is required' edit 1 --name ''
bad_flag 'away: "2026-13-01"' add --name X --away 2026-13-01
bad_flag "unknown option '--colour'" add --name X --colour blue
bad_flag "not a peer ID" show abc
bad_flag "is not a CPS handle" list --cps 'no spaces'
check "no bad input changed the database" test "$(db_digest "$db")" = "$before"

# ---- values outside the known list: kept with a warning -----------------------------------
run "$BELONG" peer edit 1 --values nature,anime
expect_status 0 "an unknown value is accepted"
expect_err_has 'warning: belong peer edit: values: "anime": not in belong'"'"'s list' "with a warning"

# ---- a home belong cannot place: refused, with the towns spelt nearest ---------------------
before=$(q "SELECT home_zip || '|' || home_label || '|' || version FROM peer WHERE id = 1")
run "$BELONG" peer edit 1 --home Nowhereville
expect_status 65 "an unknown town is refused (data, 65)"
expect_err_has "home: town 'Nowhereville' is not in the ZIP code list" "naming the field and the value"
check "nothing is written" \
  test "$(q "SELECT home_zip || '|' || home_label || '|' || version FROM peer WHERE id = 1")" = "$before"
run "$BELONG" peer edit 1 --home Wrcester
expect_status 65 "a misspelt town is refused"
expect_err_has 'did you mean "Worcester, MA", "Worcester, NY"' \
  "with the nearest spellings (no listings to say which state: the larger town first)"
run "$BELONG" peer add --name Kim --home "Sprngfield, MA"
expect_status 65 "peer add with a misspelt town and its state is refused"
expect_err_has 'did you mean "Springfield, MA"' "... suggesting the town of that state first"
check "... and nothing is added" test "$(q "SELECT count(*) FROM peer WHERE name = 'Kim'")" = 0
run "$BELONG" peer edit 1 --home 00000
expect_status 65 "a ZIP code not in the list is refused"
expect_err_has "ZIP code 00000 is not in the ZIP code list" "... naming it"
run "$BELONG" peer edit 1 --home "12 Elm Street"
expect_status 64 "a street address is still refused as a bad flag value"
expect_err_has "looks like a street address" "... saying why"
for home in "Hartford, CT" "hartford ct" "Hartford, Connecticut"; do
  run "$BELONG" peer edit 1 --home "$home"
  expect_status 0 "--home '$home' is a town, read as search --town reads it"
  check "... placed in Hartford, CT" test "$(q "SELECT home_label FROM peer WHERE id = 1")" = "Hartford, CT"
done
run "$BELONG" peer edit 1 --home 01610
expect_status 0 "a ZIP code again"

# ---- archive ------------------------------------------------------------------------------
run "$BELONG" peer archive 2
expect_status 0 "peer archive"
expect_out_has "archived peer 2" "archive says so"
run "$BELONG" peer list --json
check "an archived peer is hidden from the list" test "$(names id)" = "1"
run "$BELONG" peer list --archived
expect_out_has "[archived]" "list --archived shows archived peers, marked"
check "archiving keeps the whole record" \
  test "$(q "SELECT archived || ':' || (SELECT count(*) FROM peer_item WHERE peer_id = 2) FROM peer WHERE id = 2")" = "1:9"
run "$BELONG" peer show 2
expect_status 0 "an archived peer can still be shown"
run "$BELONG" peer archive 2 --restore
expect_status 0 "peer archive --restore"
run "$BELONG" peer list --json
check "a restored peer is listed again" test "$(names id)" = "1,2"

# ---- the CPS defaults to the login name ---------------------------------------------------
# A peer's JSON read as every input is: a UTF-8 byte order mark allowed, from a file or stdin,
# and bounded (a device that never ends is refused at the input limit).
printf '\xef\xbb\xbf{"name": "Bom File", "home": "01608"}' >"$tmp/bom.json"
run "$BELONG" --db "$db" peer add --cps bomtest --json "$tmp/bom.json"
expect_status 0 "peer add --json FILE accepts a UTF-8 byte order mark"
run sh -c "printf '\\357\\273\\277{\"name\": \"Bom Stdin\"}' | '$BELONG' --db '$db' peer add --cps bomtest --json -"
expect_status 0 "peer add --json - accepts a byte order mark on stdin"
run "$BELONG" --db "$db" peer list --cps bomtest
expect_out_has "Bom File" "the peer from the file is there"
expect_out_has "Bom Stdin" "the peer from stdin is there"
run "$BELONG" --db "$db" peer add --cps bomtest --json /dev/zero
expect_status 65 "peer add --json /dev/zero is refused"
expect_err_has "larger than the 67,108,864-byte limit" "at the input limit, which it names"
run "$BELONG" --db "$db" peer add --cps bomtest --json "$tmp/no-such.json"
expect_status 66 "a missing JSON file is 'no input'"

unset BELONG_CPS
run "$BELONG" peer list
expect_status 0 "without --cps or BELONG_CPS the login name is the CPS"

finish
