#!/usr/bin/env bash
# test-places.sh — places as a CPS uses them: ZIP codes at their Census 2020 points, a listing
# found around its own town, PO-box codes at their town rather than their county, and a bare
# town name that means the directory's own state ($BELONG_STATE when set).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/places"
mkdir -p "$tmp"
ICAL="$FIXTURES/ical"
unset BELONG_STATE
names() { printf '%s' "$out" | jq -r '[.[].name] | sort | join("|")'; }

ma="$tmp/ma.db"
run "$BELONG" --db "$ma" import ical "$ICAL/places-lowell.ics"
expect_status 0 "a calendar of Lowell and Maynard listings imports"
run "$BELONG" --db "$ma" search --zip 01852 --within 10 --json
expect_status 0 "search around 01852 (Lowell)"
check "the Lowell listings (a ZIP, a PO-box ZIP, the town alone) are within 10 miles of 01852" \
  test "$(names)" = "Lowell Canal Cleanup|Lowell Letter Writing Circle|Lowell Mill Walk"
check "... and Maynard, 16 miles off, is not (the old list gave 01852 and 01754 one point)" \
  test "$(printf '%s' "$out" | jq '[.[] | select(.name | test("Maynard"))] | length')" = 0
box=$(sqlite3 "$ma" "select id from activity where name = 'Lowell Letter Writing Circle'")
run "$BELONG" --db "$ma" show "$box" --json
lat=$(printf '%s' "$out" | jq '.location.lat')
check "a PO-box ZIP (01853, at Middlesex County's centre in the list) is put in Lowell" \
  awk -v lat="$lat" 'BEGIN { exit !(lat > 42.62 && lat < 42.66) }'
run "$BELONG" --db "$ma" search --zip 01608 --json
expect_status 0 "01608 (Worcester) is a known ZIP code"
run "$BELONG" --db "$ma" search --town Worcester --within 60 --json
expect_status 0 "a bare 'Worcester' means Massachusetts: the directory's listings are there"
check "... and finds the Lowell listings 30-odd miles away" test "$(printf '%s' "$out" | jq length)" = 4

run "$BELONG" --db "$ma" search --town Miami
expect_status 64 "'Miami' is in no state of the directory: refused as ambiguous"
expect_err_has "several states (FL, OK," "... listing the states, the largest town first"
expect_err_has "e.g. 'Miami, FL'" "... and suggesting Miami, FL, not Miami, WV"
BELONG_STATE=WV run "$BELONG" --db "$ma" search --town Miami --within 5
expect_status 0 "BELONG_STATE=WV: 'Miami' is the town in West Virginia"
BELONG_STATE=Nowhere run "$BELONG" --db "$ma" search --town Miami
expect_status 64 "BELONG_STATE that is not a state is a usage error"
expect_err_has "BELONG_STATE" "... naming the variable"

il="$tmp/il.db"
run "$BELONG" --db "$il" import ical "$ICAL/places-illinois.ics"
expect_status 0 "a calendar of Illinois listings imports"
run "$BELONG" --db "$il" search --town Springfield --within 5 --json
expect_status 0 "'Springfield' in an Illinois directory"
check "... is Springfield, IL: both of its listings, not Peoria's" \
  test "$(names)" = "Capitol Walking Club|Lincoln Library Book Talk"
BELONG_STATE=MA run "$BELONG" --db "$il" search --town Springfield --within 5 --json
check "BELONG_STATE=MA outranks the directory: nothing within 5 miles of Springfield, MA" \
  test "$(printf '%s' "$out" | jq length)" = 0

oh="$tmp/oh.db"
run "$BELONG" --db "$oh" import ical "$ICAL/places-ohio-geo.ics"
expect_status 0 "a calendar of Ohio places given only as coordinates imports"
run "$BELONG" --db "$oh" search --town Springfield --within 5
expect_status 0 "'Springfield' where the listings have coordinates but no ZIP code"
expect_out_has "distances from Springfield, OH" "... is Springfield, OH: the state nearest their points"
expect_out_has "Snyder Park Birding" "... and finds the listing there"

BELONG_CPS=places run "$BELONG" --db "$il" peer add --name Pat --home Springfield --max-miles 5
expect_status 0 "a peer whose home is a bare 'Springfield', in the Illinois directory"
BELONG_CPS=places run "$BELONG" --db "$il" peer show 1 --json
expect_out_has '"home_label": "Springfield, IL"' "... lives in Springfield, IL"

# An import: a place that gives a town but no state, no ZIP code and no coordinates is put at
# its town in the state the directory's other places are in.
hsds="$tmp/hsds.db"
run "$BELONG" --db "$hsds" import hsds "$FIXTURES/hsds/places-town-without-state"
expect_status 0 "an HSDS folder with a town given without its state imports"
run "$BELONG" --db "$hsds" search --zip 62701 --within 3 --json
check "'Springfield' without a state is put in Springfield, IL, where its neighbour is" \
  test "$(names)" = "Capitol Walking Club"
BELONG_STATE=MA run "$BELONG" --db "$tmp/hsds-ma.db" import hsds \
  "$FIXTURES/hsds/places-town-without-state"
run "$BELONG" --db "$tmp/hsds-ma.db" search --zip 01103 --within 5 --json
check "... and with BELONG_STATE=MA in Springfield, MA" test "$(names)" = "Capitol Walking Club"

empty="$tmp/empty.db"
BELONG_CPS=places run "$BELONG" --db "$empty" peer add --name Lee --home Springfield
expect_status 65 "a bare 'Springfield' with an empty directory and no setting is refused"
expect_err_has "home: town 'Springfield' is in several states" "... naming the field and the ambiguity"
BELONG_CPS=places run "$BELONG" --db "$empty" peer add --name Lee --home "Springfield, MA"
expect_status 0 "... and with its state it is placed"

# Towns as people type them: misspelt ones get the nearest spellings, ranked by how far they are,
# then by the directory's state.
run "$BELONG" --db "$ma" search --town Wrcester
expect_status 64 "a misspelt town is refused"
expect_err_has 'did you mean "Worcester, MA", ' "... suggesting Worcester, MA (the directory's state) first, and others"
run "$BELONG" --db "$il" search --town Sprngfield
expect_err_has 'did you mean "Springfield, IL", ' "... in an Illinois directory, Springfield, IL first"
run "$BELONG" --db "$ma" search --town "Hartfrod, CT"
expect_err_has 'did you mean "Hartford, CT"' "... a town of another state, with its state typed"
run "$BELONG" --db "$ma" search --town "Lowel"
expect_err_has 'did you mean "Lowell, MA"' "... one letter short"
run "$BELONG" --db "$ma" search --town "Qqqxxzz"
expect_err_has "check the spelling" "nothing close: no suggestion, a hint"
run "$BELONG" --db "$ma" search --town "Hartford, CT" --json
expect_status 0 "--town 'Hartford, CT' (CT is not read as 'court')"
run "$BELONG" --db "$ma" search --town "01852" --within 10 --json
expect_status 0 "--town reads a ZIP code as --home does"
run "$BELONG" --db "$ma" search --town "12 Elm St"
expect_status 64 "--town refuses a street address"
expect_err_has "looks like a street address" "... as --home does"
finish
