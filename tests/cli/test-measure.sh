#!/usr/bin/env bash
# test-measure.sh — `belong measure items`: the list of instruments, the exact words to read
# with their answers and scoring, --json, and the refusals (unknown instrument, bad usage).
# The instruments are data: no database is opened or created.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/measure"
mkdir -p "$tmp"
export BELONG_DB="$tmp/never-created.db"
jsq() { sqlite3 :memory: "SELECT $2 FROM (SELECT CAST(readfile('$1') AS TEXT) AS j)"; }

# ---- help ---------------------------------------------------------------------------------
run "$BELONG" measure --help
expect_status 0 "measure --help exits 0"
expect_out_has "Examples:" "measure --help shows examples"
expect_out_has "belong measure items UCLA-3" "measure --help shows an instrument example"
run "$BELONG" help measure
expect_status 0 "help measure is measure --help"
run "$BELONG" --help
expect_out_has "measure " "the command table lists measure"

# ---- the list -----------------------------------------------------------------------------
run "$BELONG" measure items
expect_status 0 "measure items lists the instruments"
for id in ucla3 lsns6 djg6 ons4 checkin; do
  expect_out_has "$id" "the list names $id"
done
expect_out_has "De Jong Gierveld 6-item Loneliness Scale" "the list gives titles"
run "$BELONG" measure items --json
expect_status 0 "measure items --json"
printf '%s\n' "$out" >"$tmp/list.json"
check "the list as JSON: five instruments with ids and item counts" \
  test "$(jsq "$tmp/list.json" "(SELECT group_concat(value->>'id' || ':' || (value->>'items'), ' ') FROM json_each(j))")" \
  = "ucla3:3 lsns6:6 djg6:6 ons4:4 checkin:1"

# ---- one instrument: the exact words ------------------------------------------------------
run "$BELONG" measure items UCLA-3
expect_status 0 "measure items UCLA-3 (written as people write it)"
expect_out_has "1. How often do you feel that you lack companionship?" "UCLA-3 item 1, exact"
expect_out_has "2. How often do you feel left out?" "UCLA-3 item 2, exact"
expect_out_has "3. How often do you feel isolated from others?" "UCLA-3 item 3, exact"
expect_out_has "1 (hardly ever), 2 (some of the time), 3 (often)" "UCLA-3 answers with their codes"
expect_out_has "6-9: lonely" "UCLA-3's cut-off"
expect_out_has "Every item is needed." "UCLA-3 needs every item"

run "$BELONG" measure items lsns6
expect_status 0 "measure items lsns6"
expect_out_has "related by birth, marriage," "LSNS-6 reads the family lead"
expect_out_has "including those who live in" "LSNS-6 reads the friends lead"
expect_out_has "0-11: at risk of social isolation" "LSNS-6's cut-off in words"
expect_out_has "Family subscale (items 1-3) [family]" "LSNS-6's family subscale"
expect_out_has "Friends subscale (items 4-6) [friends]" "LSNS-6's friends subscale"

run "$BELONG" measure items djg6
expect_status 0 "measure items djg6"
expect_out_has "Answers: yes, more or less, no" "DJG-6 answers in words"
expect_out_has "Write - or leave the place empty for an item not answered." "DJG-6 says how to skip an item"
expect_out_has "Points, items 1, 5, 6: yes = 1, more or less = 1, no = 0." "DJG-6 emotional items' points"
expect_out_has "Points, items 2-4: yes = 0, more or less = 1, no = 1." "DJG-6 social items' points"
expect_out_has "more than 1 of its items is not answered" "DJG-6's missing-data rule for the total"

run "$BELONG" measure items ons4
expect_status 0 "measure items ons4"
expect_out_has "The items are never summed" "ONS4 is never summed"
expect_out_has "6-10: high anxiety" "ONS4 anxiety bands"

run "$BELONG" measure items checkin
expect_out_has "How connected did you feel this week?" "the weekly check-in's question"

run "$BELONG" measure items djg6 --json
expect_status 0 "measure items djg6 --json"
printf '%s\n' "$out" >"$tmp/djg6.json"
check "DJG-6 as JSON: six items, three scales, the total allows one missing item" \
  test "$(jsq "$tmp/djg6.json" "printf('%d|%d|%s|%d|%s', json_array_length(j, '\$.items'), json_array_length(j, '\$.scales'), j->>'\$.scales[0].name', j->>'\$.scales[0].missing_allowed', j->>'\$.items[4].text')")" \
  = "6|3|total|1|I miss having people around."
check "DJG-6 as JSON: a social item scores 'no'" \
  test "$(jsq "$tmp/djg6.json" "j->>'\$.items[1].answers[2].answer' || '=' || (j->>'\$.items[1].answers[2].score')")" = "no=1"
check "no database was created" test ! -e "$BELONG_DB"

# ---- refusals -----------------------------------------------------------------------------
run "$BELONG" measure items phq9
expect_status 65 "an unknown instrument exits 65"
expect_err_has "unknown instrument 'phq9'; known: ucla3, lsns6, djg6, ons4, checkin" "and lists the known ones"
run "$BELONG" measure
expect_status 64 "measure without a subcommand is a usage error"
run "$BELONG" measure add 1 ucla3 --answers 1,2,3
expect_status 64 "measure add is not a command yet"
expect_err_has "unknown subcommand 'add'" "and says so"
run "$BELONG" measure items ucla3 lsns6
expect_status 64 "one instrument at a time"
run "$BELONG" measure items --bogus
expect_status 64 "an unknown option is a usage error"
expect_err_has "unknown option '--bogus'" "naming the option"

finish
