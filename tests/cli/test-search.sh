#!/usr/bin/env bash
# test-search.sh — `belong search`, `belong show` and `belong occurrences` on the demo
# catalogue: the JSON contracts of docs/cli.md, filters seen from the command line, town and
# ZIP lookups, and the exit statuses (64 for a bad flag value, naming it; 66 for an unknown id).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/search"
mkdir -p "$tmp"
db="$tmp/demo.db"
"$BELONG" demo --db "$db" >/dev/null 2>&1
search() { run "$BELONG" --db "$db" search "$@"; }
jq_ok() { # jq_ok "description" FILTER: the filter, run on $out, must print true
  local desc=$1 got
  got=$(printf '%s' "$out" | jq -e "$2" 2>&1)
  if [ "$got" = "true" ]; then _report 0 "$desc"; else
    _report 1 "$desc" "jq '$2' gave: ${got:0:500}; stdout: ${out:0:1000}"; fi
}

# ---- help ------------------------------------------------------------------------------
for cmd in search show occurrences; do
  run "$BELONG" "$cmd" --help
  expect_status 0 "$cmd --help exits 0"
  expect_out_has "Examples:" "$cmd --help shows examples"
done

# ---- search: JSON contract ---------------------------------------------------------------
search --town Worcester --json
expect_status 0 "search --town Worcester (a bare town name) works"
jq_ok "search --json is an array of results" 'type == "array" and length > 0'
jq_ok "each result has exactly the documented keys" \
  'all(.[]; keys == (["access","category","cost","distance_miles","id","intensity","name",
                      "next","open_days","organization","score","text_as_category",
                      "times_not_listed","town"]))'
jq_ok "text_as_category is null when TEXT is not a category" 'all(.[]; .text_as_category == null)'
jq_ok "id is an integer, name a string, score a number" \
  'all(.[]; (.id | type) == "number" and (.name | type) == "string" and (.score | type) == "number")'
jq_ok "next holds local ISO-8601 starts with an offset" \
  'all(.[]; all(.next[]; test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:00[-+][0-9]{2}:[0-9]{2}$")))'
jq_ok "access is an array of known features" \
  'all(.[]; all(.access[]; IN("wheelchair","asl","quiet","transit")))'
jq_ok "with a place, results come nearest first" \
  '[.[].distance_miles] == ([.[].distance_miles] | sort)'
jq_ok "the default limit is 20" 'length <= 20'

search --town "worcester ma" --within 3 --json
jq_ok "'worcester ma' resolves, --within keeps results within 3 miles" \
  'length > 0 and all(.[]; .distance_miles <= 3)'
search --zip 01609 --within 5 --json
jq_ok "--zip 01609 resolves to Worcester" 'length > 0 and all(.[]; .distance_miles <= 5)'
search --near 42.2626,-71.8023 --limit 2 --json
jq_ok "--near and --limit" 'length == 2'

# ---- search: filters from the command line -------------------------------------------------
search --free --json
jq_ok "--free lists only free activities" 'length > 0 and all(.[]; .cost == 0)'
search --category gardening-nature --json
jq_ok "--category keeps one category" 'length > 0 and all(.[]; .category == "gardening-nature")'
search --access wheelchair --access quiet --json
jq_ok "--access twice requires both features" \
  'length > 0 and all(.[]; (.access | index("wheelchair")) and (.access | index("quiet")))'
search --intensity-max 2 --json
jq_ok "--intensity-max 2" 'length > 0 and all(.[]; .intensity <= 2)'
search --days SA,SU --json
jq_ok "--days SA,SU: every next date is a weekend (2026-12-05/06, 12/13, ...)" \
  'length > 0 and all(.[]; all(.next[]; (.[0:10] | strptime("%Y-%m-%d") | mktime | strftime("%u") | tonumber) >= 6))'
search --after 18:00 --json
jq_ok "--after 18:00: every next start is 18:00 or later" \
  'length > 0 and all(.[]; all(.next[]; .[11:16] >= "18:00"))'
search --before 12:00 --json
jq_ok "--before 12:00: every next start is before noon" \
  'length > 0 and all(.[]; all(.next[]; .[11:16] < "12:00"))'
search --from 2026-12-24 --to 2026-12-24 --json
jq_ok "--from/--to one day: every next date is that day" \
  'all(.[]; all(.next[]; startswith("2026-12-24")))'
search garden --json
jq_ok "TEXT finds gardening activities" 'length > 0'
search 'garden" OR "x' --json
expect_status 0 "quotes and operators in TEXT are only words"
search --town Worcester
expect_status 0 "human output"
expect_out_has "next:" "human output lists next dates"
expect_out_has " mi" "human output shows distances"

# ---- search: usage errors name the flag and value -----------------------------------------------
search --days XY
expect_status 64 "a bad --days value exits 64"
expect_err_has "--days: 'XY'" "the message names the flag and the value"
search --town Wrcester
expect_status 64 "an unknown town exits 64"
expect_err_has "Wrcester" "the message names the town"
search --zip 123
expect_status 64 "a malformed ZIP exits 64"
expect_err_has "--zip" "the message names --zip"
search --within 5
expect_status 64 "--within without a place exits 64"
search --near 100,5
expect_status 64 "--near out of range exits 64"
expect_err_has "--near: '100,5'" "the message names --near and its value"
search --after 25:00
expect_status 64 "a bad --after exits 64"
expect_err_has "--after" "the message names --after"
search --after 18:00 --before 09:00
expect_status 64 "--after later than --before exits 64"
search --max-cost lots
expect_status 64 "a bad --max-cost exits 64"
search --free --max-cost 5
expect_status 64 "--free with --max-cost exits 64"
search --access stairs
expect_status 64 "an unknown --access feature exits 64"
expect_err_has "stairs" "the message names the feature"
search --category knitting-club
expect_status 64 "an unknown --category exits 64"
expect_err_has "knitting-club" "the message names the category"
search --intensity-max 9
expect_status 64 "--intensity-max out of range exits 64"
search --limit 0
expect_status 64 "--limit 0 exits 64"
search --from 2026-02-30
expect_status 64 "an impossible --from date exits 64"
search --to 2026-11-01
expect_status 64 "a window ending before it starts exits 64"
search --bogus
expect_status 64 "an unknown option exits 64"
expect_err_has "--bogus" "the message names the option"

# ---- show ------------------------------------------------------------------------------------
search --town Worcester --limit 1 --json
id=$(printf '%s' "$out" | jq '.[0].id')
run "$BELONG" --db "$db" show "$id" --json
expect_status 0 "show ID --json"
jq_ok "show has the activity's fields, schedules and next occurrences" \
  "(.id == $id) and (.name | type) == \"string\" and (.schedules | type) == \"array\"
   and (.schedules | length) > 0 and (.schedules[0].dtstart | type) == \"string\"
   and (.next | type) == \"array\" and (.location | has(\"lat\")) and has(\"access\")
   and has(\"intensity\") and has(\"cost\") and has(\"tags\")"
jq_ok "show names its organization and location rows" \
  "(.organization_id | type) == \"number\" and (.location.id | type) == \"number\"
   and (.organization | type) == \"string\" and (.location.town | type) == \"string\""
run "$BELONG" --db "$db" show "$id"
expect_status 0 "show ID (text)"
expect_out_has "schedules:" "show lists the schedules"
run "$BELONG" --db "$db" show 999999
expect_status 66 "show of an unknown id exits 66"
expect_err_has "999999" "the message names the id"
run "$BELONG" --db "$db" show abc
expect_status 64 "show with a non-numeric id exits 64"
run "$BELONG" --db "$db" show
expect_status 64 "show without an id exits 64"

# ---- occurrences ---------------------------------------------------------------------------------
run "$BELONG" --db "$db" occurrences "$id" --json
expect_status 0 "occurrences ID --json"
jq_ok "occurrences is an array of {start, end} with offsets" \
  'length > 0 and all(.[]; keys == ["end","start"] and (.start | test("[-+][0-9]{2}:[0-9]{2}$")) and .end > .start)'
run "$BELONG" --db "$db" occurrences "$id" --from 2027-07-01 --to 2027-07-31 --json
expect_status 0 "occurrences beyond the stored horizon"
jq_ok "dates beyond the horizon are computed from the schedules (EDT offset in July)" \
  'length > 0 and all(.[]; .start | startswith("2027-07") and endswith("-04:00"))'
run "$BELONG" --db "$db" occurrences "$id" --from 2027-07-01 --to 2027-07-31
expect_status 0 "occurrences (text)"
expect_out_has "2027" "text output shows the dates"
run "$BELONG" --db "$db" occurrences 999999
expect_status 66 "occurrences of an unknown id exits 66"
run "$BELONG" --db "$db" occurrences "$id" --to 2026-13-01
expect_status 64 "a bad --to exits 64"
expect_err_has "--to" "the message names --to"

# ---- cost in JSON as docs/cli.md writes it: 0, 15, 7.5 ------------------------------------
search --town Worcester --free --json --limit 1
expect_out_has '"cost": 0,' "a free listing's cost is 0 in --json, not 0.0"
cp "$db" "$tmp/cost.db"
cp -p "$db.key" "$tmp/cost.db.key" # its peers' fields are sealed: a copy needs its key
"$BELONG" --db "$tmp/cost.db" activity set 1 --cost 15 >/dev/null
run "$BELONG" --db "$tmp/cost.db" show 1 --json
expect_out_has '"cost": 15,' "whole dollars are an integer in --json (15)"
"$BELONG" --db "$tmp/cost.db" activity set 1 --cost 7.50 >/dev/null
run "$BELONG" --db "$tmp/cost.db" show 1 --json
expect_out_has '"cost": 7.5,' "dollars and cents keep their cents in --json (7.5)"

# ---- a category typed as TEXT (issue 14) -------------------------------------------------
search --category gardening-nature --limit 1000 --json
by_flag=$(printf '%s' "$out" | jq -c '[.[].id]')
for typed in gardening-nature GARDENING-NATURE "Gardening & nature" "gardening and nature" \
             "  Gardening   AND  Nature "; do
  search "$typed" --limit 1000 --json
  check "'$typed' finds what --category gardening-nature finds" \
    test "$(printf '%s' "$out" | jq -c '[.[].id]')" = "$by_flag"
  jq_ok "'$typed' says it was taken as the category" \
    'length > 0 and all(.[]; .text_as_category == "gardening-nature")'
done
search "Books and learning" --limit 1000 --json
jq_ok "another category's name is taken as that category" \
  'length > 0 and all(.[]; .category == "books-learning" and .text_as_category == "books-learning")'
search "Gardening and nature" --limit 3
expect_status 0 "a category name as text exits 0"
expect_out_has "Category: Gardening & nature" "the text output's header names the category taken"
search garden nature --json
jq_ok "words that merely contain a category's words stay a text search" \
  'all(.[]; .text_as_category == null)'
search gardening --json
jq_ok "a category word alone (not its slug or name) stays a text search" \
  'length > 0 and all(.[]; .text_as_category == null)'
search "gardening-nature club" --json
jq_ok "a slug with more words stays a text search" 'all(.[]; .text_as_category == null)'
search music --category books-learning --limit 1000 --json
jq_ok "with --category given, TEXT stays words (music within books-learning)" \
  'all(.[]; .category == "books-learning" and .text_as_category == null)'

# ---- names and intensity in words in text output (issue 14) ------------------------------
search --category gardening-nature --intensity-max 2 --limit 1
expect_out_has "| Gardening & nature |" "search shows the category's name, not its slug"
expect_out_has "intensity 2 of 5: a small group with a task to share, talking optional" \
  "search gives the intensity in words"
check "search text output has no slug" sh -c "! printf '%s' \"\$1\" | grep -q gardening-nature" _ "$out"
gid=$("$BELONG" --db "$db" search --category gardening-nature --json | jq '.[0].id')
run "$BELONG" --db "$db" show "$gid"
expect_out_has "Gardening & nature" "show gives the category's name"
check "show's text output has no slug" sh -c "! printf '%s' \"\$1\" | grep -q gardening-nature" _ "$out"
expect_out_has "of 5: " "show gives the intensity in words"
run "$BELONG" --db "$db" show "$gid" --json
expect_out_has '"category": "gardening-nature"' "show --json keeps the slug"

# ---- circles across the antimeridian and around a pole -------------------------------
# A circle that crosses longitude 180 holds places on both sides, and one that reaches a pole
# holds every longitude: a box clamped at ±180 lost the far side.
edge="$tmp/edge.db"
event() { # UID NAME GEO
  printf 'BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20261101T120000Z\r\nDTSTART:20261201T100000Z\r\nDTEND:20261201T110000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\nSUMMARY:%s\r\nGEO:%s\r\nEND:VEVENT\r\n' "$1" "$2" "$3"
}
{
  printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//belong tests//EN\r\n'
  event east@edge.example "East of the line" "0;179.99"
  event west@edge.example "West of the line" "0;-179.99"
  event far@edge.example "Far from the line" "0;170"
  event pole@edge.example "Across the pole" "89.9;180"
  printf 'END:VCALENDAR\r\n'
} >"$tmp/edge.ics"
run "$BELONG" --db "$edge" import ical "$tmp/edge.ics"
expect_status 0 "a feed of places by the antimeridian and the pole imports"
run "$BELONG" --db "$edge" search --near 0,179.99 --within 10 --json
jq_ok "within 10 miles of 0,179.99: both sides of the antimeridian, not 170E" \
  '[.[].name] | sort == ["East of the line", "West of the line"]'
run "$BELONG" --db "$edge" search --near 0,-179.995 --within 5 --json
jq_ok "... and from the west side, the east side 1 mile off" \
  '[.[].name] | sort == ["East of the line", "West of the line"]'
run "$BELONG" --db "$edge" search --near 89.9,0 --within 20 --json
jq_ok "within 20 miles of 89.9,0: a place at 89.9,180 (about 14 miles across the pole)" \
  '[.[].name] == ["Across the pole"]'

finish
