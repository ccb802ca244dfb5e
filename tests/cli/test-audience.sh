#!/usr/bin/env bash
# test-audience.sh — who an activity is for (issue 11): read at import from its words,
# `activity set --audience`, shown by `show`; a peer's self-description (`peer add/edit
# --audience`, JSON "audience"); recommend leaves out an activity for an audience the peer is
# not part of, and --explain says so.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/audience"
mkdir -p "$tmp"
db="$tmp/a.db"
export BELONG_DB="$db" BELONG_CPS=maria BELONG_NOW=2026-12-01T08:00
rm -f "$db"
q() { sqlite3 "$db" "$1"; }
# jx PATH: json_extract of the last command's stdout (as compact JSON text)
jx() { printf '%s' "$out" >"$tmp/out.json"; sqlite3 :memory: "SELECT json_extract(CAST(readfile('$tmp/out.json') AS TEXT), '$1')"; }
# has_id ID: whether the last recommend --json lists activity ID
has_id() { printf '%s' "$out" >"$tmp/out.json"; sqlite3 :memory: "SELECT count(*) FROM json_each(CAST(readfile('$tmp/out.json') AS TEXT)) WHERE json_extract(value, '\$.id') = $1"; }

run "$BELONG" import ical "$BELONG_ROOT/tests/fixtures/ical/good-audiences.ics"
expect_status 0 "import a calendar with a veterans' coffee hour, a chess morning and a 55+ stretch"
vets=$(q "SELECT id FROM activity WHERE name = 'Veterans Coffee Hour'")
chess=$(q "SELECT id FROM activity WHERE name = 'Chess Morning'")
stretch=$(q "SELECT id FROM activity WHERE name = 'Gentle Stretch'")

run "$BELONG" show "$vets"
expect_out_has "veterans" "show: the coffee hour is for veterans (read from its name)"
run "$BELONG" show "$stretch" --json
check "show --json: the stretch class is for older adults (its description)" test "$(jx '$.audience')" = '["older-adults"]'
run "$BELONG" show "$chess" --json
check "show --json: 'for all ages' is for everyone" test "$(jx '$.audience')" = '[]'

run "$BELONG" activity set "$chess" --audience elders
expect_status 64 "activity set --audience with an unknown audience is a usage error"
expect_err_has "unknown audience 'elders'" "... naming it"
run "$BELONG" activity set "$chess" --audience women
expect_status 0 "activity set --audience women"
run "$BELONG" show "$chess" --json
check "show --json says it" test "$(jx '$.audience')" = '["women"]'
run "$BELONG" import ical "$BELONG_ROOT/tests/fixtures/ical/good-audiences.ics"
run "$BELONG" show "$chess" --json
check "a re-import keeps the hand-set audience" test "$(jx '$.audience')" = '["women"]'
run "$BELONG" activity set "$chess" --reset audience
expect_status 0 "activity set --reset audience"
run "$BELONG" show "$chess" --json
check "--reset gives the audience back to the listing's own (everyone)" test "$(jx '$.audience')" = '[]'
run "$BELONG" activity set "$chess" --audience women
run "$BELONG" activity set "$chess" --audience ''
run "$BELONG" show "$chess" --json
check "--audience '' says it is for everyone" test "$(jx '$.audience')" = '[]'

run "$BELONG" peer add --name Al --home 01608 --max-miles 5 --interest chess --interest coffee \
  --available 'TU 09:00-12:00' --comfort 3
expect_status 0 "add a peer who has not said who they are"
al=$(peer_id "$db" maria Al)
run "$BELONG" recommend "$al" --json
check "not said: the veterans' coffee hour is left out" \
  test "$(has_id "$vets")" = 0
check "... the chess morning is suggested" \
  test "$(has_id "$chess")" = 1
run "$BELONG" recommend "$al" --explain "$vets"
expect_out_has "It is for veterans, and your profile does not say who you are: a listing for a particular group is left out until it does (peer edit --audience)." "--explain says why, and which rule (not said: left out)"

run "$BELONG" peer edit "$al" --audience veterans,men
expect_status 0 "peer edit --audience veterans,men"
run "$BELONG" peer show "$al"
expect_out_has "veterans" "peer show lists the audience"
run "$BELONG" recommend "$al" --json
check "a veteran: the coffee hour is suggested" \
  test "$(has_id "$vets")" = 1
check "... still not the 55+ stretch" \
  test "$(has_id "$stretch")" = 0
run "$BELONG" peer show "$al" --json
check "peer show --json has the audience" test "$(jx '$.audience')" = '["men","veterans"]'

run "$BELONG" peer edit "$al" --audience vets
expect_status 64 "peer edit --audience with an unknown audience is a usage error (64), as every bad flag value"
expect_err_has "unknown audience 'vets'" "... naming it"
# HSDS eligibility fields feed the audience: 1.x/2.x eligibility.csv, 3.0 eligibility_description,
# minimum_age/maximum_age and JSON eligibility objects; an age range that leaves most adults in
# ("18+", "Adults 21 and over") is no audience, an "open to all" eligibility wins over the name.
hdb="$tmp/h.db"
hq() { sqlite3 "$hdb" "$1"; }
aud() { hq "SELECT audience FROM activity WHERE name = '$1'"; }
run "$BELONG" --db "$hdb" import hsds "$BELONG_ROOT/tests/fixtures/hsds/eligibility-2.x"
expect_status 0 "import an HSDS 2.x package with eligibility.csv"
check "'Veterans and their families' is for veterans" test "$(aud 'Coffee and Conversation')" = 8
check "'Women 18+' is for women (18+ is no audience)" test "$(aud 'Walking Group')" = 2
check "'Ages 55 and up' is for older adults" test "$(aud 'Chair Yoga')" = 64
check "'Youth 13-18' is for youth" test "$(aud 'Open Studio')" = 32
check "'Adults 18+' is for everyone" test "$(aud 'Book Club')" = 0
check "'Open to all ages' wins over 'Seniors' in the name" test "$(aud 'Seniors Game Night')" = 0
run "$BELONG" --db "$hdb" import hsds "$BELONG_ROOT/tests/fixtures/hsds/eligibility-3.0"
expect_status 0 "import an HSDS 3.0 CSV package with eligibility_description and ages"
check "eligibility_description 'Women' with minimum_age 18: women" test "$(aud 'Knitting Circle')" = 2
check "minimum_age 60: older adults" test "$(aud 'Tai Chi')" = 64
check "ages 13-18: youth" test "$(aud 'Robotics Night')" = 32
check "adults 18-99: everyone" test "$(aud 'Pottery')" = 0
run "$BELONG" --db "$hdb" import hsds "$BELONG_ROOT/tests/fixtures/hsds/eligibility-3.0.json"
expect_status 0 "import HSDS 3.0 JSON with eligibility_description, minimum_age and eligibility objects"
check "JSON eligibility_description: veterans" test "$(aud 'Fishing Trip')" = 8
check "JSON minimum_age 55: older adults" test "$(aud 'Walking Club')" = 64
check "JSON eligibility object 'Teens ages 13 to 18': youth" test "$(aud 'Open Gym')" = 32
check "JSON 'Adults 21 and over', minimum_age 21: everyone" test "$(aud 'Board Games')" = 0
run "$BELONG" --db "$hdb" show "$(hq "SELECT id FROM activity WHERE name = 'Fishing Trip'")"
expect_out_has "veterans" "show says who the fishing trip is for"
before=$(db_digest "$hdb")
run "$BELONG" --db "$hdb" import hsds "$BELONG_ROOT/tests/fixtures/hsds/bad-age"
expect_status 65 "an age that is not a whole number from 0 to 130 is bad data (65)"
expect_err_has "bad-age/services.csv:2: minimum_age: 'sixty' is not an age" "... naming the file, line and field"
expect_err_has "bad-age/services.csv:3: maximum_age: '200' is not an age" "... every one"
check "... and nothing changed" test "$(db_digest "$hdb")" = "$before"
# A language as an audience: HSDS languages rows (a code, a name), a listing's words ("en
# español", a description written in Portuguese); a peer who lists no language speaks English; a
# listing only in languages the peer does not speak is left out (--explain says so), one in their
# language other than English counts in their favour; no language, or one belong does not know
# ("Interpreters on request"), is open to everyone.
ldb="$tmp/l.db"
lq() { sqlite3 "$ldb" "$1"; }
run "$BELONG" --db "$ldb" import hsds "$BELONG_ROOT/tests/fixtures/hsds/languages-2.x"
expect_status 0 "import listings held in Spanish, Portuguese, English, ASL and none"
lid() { lq "SELECT id FROM activity WHERE name = '$1'"; }
check "languages.csv 'es' is Spanish" test "$(lq "SELECT languages FROM activity WHERE name = 'Coffee Social'")" = Spanish
check "'en español' in the name: Spanish" test "$(lq "SELECT languages FROM activity WHERE name = 'Grupo de apoyo en español'")" = Spanish
check "a description written in Portuguese: Portuguese" test "$(lq "SELECT languages FROM activity WHERE name = 'Encontro de Vizinhos'")" = Portuguese
check "no language said: none" test -z "$(lq "SELECT languages FROM activity WHERE name = 'Walking Group'")"
for who in "Ann:" "Bea:español" "Cy:English,Spanish"; do
  name=${who%%:*} langs=${who#*:}
  run "$BELONG" --db "$ldb" peer add --name "$name" --home 01852 --max-miles 5 --interest coffee \
    --available 'TU 08:00-12:00' --comfort 3 ${langs:+--languages "$langs"}
  expect_status 0 "add $name (languages: ${langs:-none})"
done
ann=$(peer_id "$ldb" maria Ann)
bea=$(peer_id "$ldb" maria Bea)
cy=$(peer_id "$ldb" maria Cy)
score() { printf '%s' "$out" >"$tmp/out.json"; sqlite3 :memory: "SELECT json_extract(value, '\$.score') FROM json_each(CAST(readfile('$tmp/out.json') AS TEXT)) WHERE json_extract(value, '\$.id') = $1"; }
run "$BELONG" --db "$ldb" recommend "$ann" --json
check "no language listed (English): the Spanish coffee social is left out" test "$(has_id "$(lid 'Coffee Social')")" = 0
check "... and the Portuguese meeting" test "$(has_id "$(lid 'Encontro de Vizinhos')")" = 0
check "... and the ASL-only chat" test "$(has_id "$(lid 'Deaf Coffee Chat')")" = 0
check "... the English and Spanish card games are suggested" test "$(has_id "$(lid 'Card Games')")" = 1
check "... the walk that names no language too" test "$(has_id "$(lid 'Walking Group')")" = 1
check "... and the movie night whose language is only a note" test "$(has_id "$(lid 'Movie Night')")" = 1
ann_cards=$(score "$(lid 'Card Games')")
run "$BELONG" --db "$ldb" recommend "$ann" --explain "$(lid 'Coffee Social')"
expect_out_has $'Not suggested (language):\n  - It is held in Spanish, and your profile lists no language, so it is taken to be English' "--explain says the language, and that English was assumed"
run "$BELONG" --db "$ldb" recommend "$bea" --explain "$(lid 'Chess Club')"
expect_out_has $'Not suggested (language):\n  - It is held in English, and your profile does not say you speak it.' "--explain for a peer who lists only Spanish"
run "$BELONG" --db "$ldb" recommend "$bea" --json
check "'español' only: the Spanish coffee social is suggested" test "$(has_id "$(lid 'Coffee Social')")" = 1
check "... and the group 'en español'" test "$(has_id "$(lid 'Grupo de apoyo en español')")" = 1
check "... not the English-only chess club" test "$(has_id "$(lid 'Chess Club')")" = 0
run "$BELONG" --db "$ldb" recommend "$cy" --json
check "English and Spanish: the chess club is suggested" test "$(has_id "$(lid 'Chess Club')")" = 1
check "... and the card games, held in Spanish too, count in their favour" \
  awk -v a="$(score "$(lid 'Card Games')")" -v b="$ann_cards" 'BEGIN { exit !(a > b) }'
run "$BELONG" --db "$ldb" peer edit "$ann" --access asl
run "$BELONG" --db "$ldb" recommend "$ann" --explain "$(lid 'Deaf Coffee Chat')"
expect_out_has "It is for Deaf and hard of hearing people" "a peer who signs but has not said they are Deaf: the Deaf chat is left out for its audience"
finish
