#!/usr/bin/env bash
# test-measure.sh — `belong measure items`: the list of instruments, the exact words to read
# with their answers and scoring, --json, and the refusals (unknown instrument, bad usage).
# The instruments are data: no database is opened or created by `measure items`.
# `measure add|list`: a peer's answers stored for each instrument and listed scored, DJG-6 with
# an item not answered, every refusal with the database unchanged, another CPS's peer.
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
run "$BELONG" measure record 1 ucla3 --answers 1,2,3
expect_status 64 "an unknown subcommand is a usage error"
expect_err_has "unknown subcommand 'record'" "and says so"
run "$BELONG" measure items ucla3 lsns6
expect_status 64 "one instrument at a time"
run "$BELONG" measure items --bogus
expect_status 64 "an unknown option is a usage error"
expect_err_has "unknown option '--bogus'" "naming the option"

# ---- measure add / list -------------------------------------------------------------------
export BELONG_DB="$tmp/measures.db" BELONG_CPS=maria BELONG_NOW=2026-12-04
rm -f "$BELONG_DB"
run "$BELONG" peer add --name "Ann"
expect_status 0 "a peer to measure"
run "$BELONG" peer add --cps jo --name "Bea"
expect_status 0 "another CPS's peer (id 2)"
run "$BELONG" peer add --name "Cal"
run "$BELONG" peer archive 3
expect_status 0 "an archived peer (id 3)"

run "$BELONG" measure add 1 UCLA-3 --answers "2,3,1" --date 2026-11-01 --json
expect_status 0 "measure add ucla3"
printf '%s\n' "$out" >"$tmp/add.json"
check "ucla3 added: id, date, answers, score 6 and its band" \
  test "$(jsq "$tmp/add.json" "printf('%d|%s|%s|%s|%d|%s', j->>'id', j->>'date', j->>'instrument', j->'answers', j->>'score', j->>'\$.band.band')")" \
  = '1|2026-11-01|ucla3|["2","3","1"]|6|lonely'
run "$BELONG" measure add 1 lsns6 --answers 1,2,3,2,2,1 --date 2026-11-15
expect_status 0 "measure add lsns6"
expect_out_has "score 11, at risk of social isolation" "LSNS-6 total and band in words"
expect_out_has "family 6" "LSNS-6 family subscale"
expect_out_has "friends 5" "LSNS-6 friends subscale"
run "$BELONG" measure add 1 djg6 --answers "yes,more or less,no,no,-,YES" --json
expect_status 0 "measure add djg6 with item 5 not answered"
printf '%s\n' "$out" >"$tmp/djg6-add.json"
check "DJG-6: the missing item is null, the total computed, the emotional subscale missing" \
  test "$(jsq "$tmp/djg6-add.json" "printf('%s|%d|%s|%s', j->'answers', j->>'score', j->>'\$.subscales.emotional.missing', j->>'date')")" \
  = '["yes","more or less","no","no",null,"yes"]|5|1|2026-12-04'
check "DJG-6: the missing item is stored as NULL with its date" \
  test "$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM measure_answer WHERE measure_id = 3 AND item = 5 AND code IS NULL AND taken_on = '2026-12-04'")" = 1
run "$BELONG" measure add 1 ons4 --answers 7,8,9,3 --date 2026-12-01
expect_status 0 "measure add ons4"
expect_out_has "life-satisfaction 7, high" "ONS4 items each with its band"
expect_out_has "anxiety 3, low anxiety" "ONS4 anxiety band"
run "$BELONG" measure add 1 checkin --answers 4
expect_status 0 "measure add checkin"
check "every item answer is stored with its date (3+6+6+4+1 rows)" \
  test "$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM measure_answer a JOIN measure m ON m.id = a.measure_id AND m.taken_on = a.taken_on")" = 20

run "$BELONG" measure list 1
expect_status 0 "measure list"
check "one line per administration, oldest first" \
  test "$(printf '%s\n' "$out" | awk '{print $2 "/" $3}' | tr '\n' ' ')" \
  = "2026-11-01/ucla3 2026-11-15/lsns6 2026-12-01/ons4 2026-12-04/djg6 2026-12-04/checkin "
expect_out_has "score 6, lonely" "the list gives the score and band in words"
run "$BELONG" measure list 1 --instrument lsns6 --json
expect_status 0 "measure list --instrument --json"
printf '%s\n' "$out" >"$tmp/list-lsns6.json"
check "the list filtered to LSNS-6, scored again from the stored answers" \
  test "$(jsq "$tmp/list-lsns6.json" "printf('%d|%d|%d|%d', json_array_length(j), j->>'\$[0].score', j->>'\$[0].subscales.family.score', j->>'\$[0].subscales.friends.score')")" = "1|11|6|5"

# ---- refusals: nothing stored -------------------------------------------------------------
before=$(db_digest "$BELONG_DB")
refuse() { # refuse STATUS "description" "stderr text" args...
  local status=$1 what=$2 msg=$3
  shift 3
  run "$BELONG" measure "$@"
  expect_status "$status" "$what exits $status"
  expect_err_has "$msg" "$what: the message"
  check "$what: the database is unchanged" test "$(db_digest "$BELONG_DB")" = "$before"
}
refuse 65 "an answer out of range" 'item 2 (left out): "4" is not an answer' add 1 ucla3 --answers 2,4,1
refuse 65 "a missing UCLA-3 item" "item 2 (left out): not answered" add 1 ucla3 --answers 2,,1
refuse 65 "two missing DJG-6 items" "too many items not answered" add 1 djg6 --answers "yes,-,no,no,-,yes"
refuse 65 "a wrong number of answers" "answers" add 1 lsns6 --answers 1,2,3
refuse 65 "an unknown instrument" "unknown instrument 'phq9'" add 1 phq9 --answers 1
refuse 65 "a date in the future" "2026-12-05 is in the future" add 1 ucla3 --answers 1,1,1 --date 2026-12-05
refuse 65 "a date that is not real" "'2026-02-30' is not a real date" add 1 ucla3 --answers 1,1,1 --date 2026-02-30
refuse 65 "a date not in YYYY-MM-DD" "is not a real date" add 1 ucla3 --answers 1,1,1 --date 12/01/2026
refuse 66 "no such peer" "no such peer 9" add 9 ucla3 --answers 1,1,1
refuse 66 "another CPS's peer" "no such peer 2" add 2 ucla3 --answers 1,1,1
refuse 66 "an archived peer" "peer 3 is archived" add 3 ucla3 --answers 1,1,1
refuse 64 "add without --answers" "expected --answers" add 1 ucla3
run "$BELONG" measure list 2
expect_status 66 "another CPS's peer cannot be listed"
expect_err_has "no such peer 2" "exactly like a missing one"
run "$BELONG" measure list 2 --cps jo
expect_status 0 "its own CPS lists it"
expect_out_has "No measures recorded." "with nothing recorded"

# ---- edit and delete ------------------------------------------------------------------------
run "$BELONG" measure add 2 ucla3 --answers 1,1,1 --date 2026-11-02 --cps jo
expect_status 0 "jo's peer gets a measure (id 6)"
run "$BELONG" peer archive 3 --restore
run "$BELONG" measure add 3 ucla3 --answers 3,3,3 --date 2026-11-03
expect_status 0 "the restored peer gets a measure (id 7)"
run "$BELONG" peer archive 3
run "$BELONG" measure edit 1 --answers 1,1,2 --json
expect_status 0 "measure edit replaces the answers"
printf '%s\n' "$out" >"$tmp/edit.json"
check "edit: rescored (4, not lonely), its date kept" \
  test "$(jsq "$tmp/edit.json" "printf('%d|%s|%d|%s', j->>'id', j->>'date', j->>'score', j->>'\$.band.band')")" = "1|2026-11-01|4|not-lonely"
check "edit: the old answers are gone, the new ones stored with the date" \
  test "$(sqlite3 "$BELONG_DB" "SELECT group_concat(item || '=' || typeof(code) || '@' || taken_on, ' ') FROM (SELECT * FROM measure_answer WHERE measure_id = 1 ORDER BY item)")" \
  = "1=blob@2026-11-01 2=blob@2026-11-01 3=blob@2026-11-01"
run "$BELONG" measure edit '#1' --answers 3,3,3 --date 2026-10-20
expect_status 0 "measure edit with --date"
expect_out_has "#1  2026-10-20  ucla3    score 9, lonely" "edit: the new date and score shown"
check "edit: the measure and its answers carry the new date" \
  test "$(sqlite3 "$BELONG_DB" "SELECT taken_on || '/' || (SELECT group_concat(DISTINCT taken_on) FROM measure_answer WHERE measure_id = 1) FROM measure WHERE id = 1")" = "2026-10-20/2026-10-20"
run "$BELONG" measure edit 3 --answers "no,no,-,yes,yes,no"
expect_status 0 "measure edit of a DJG-6 with an item not answered"
before=$(db_digest "$BELONG_DB")
refuse 65 "edit: an answer out of range" 'item 2 (left out): "4" is not an answer' edit 1 --answers 2,4,1
refuse 65 "edit: answers of another instrument's length" "answers" edit 1 --answers 1,1,1,1,1,1
refuse 65 "edit: a date in the future" "is in the future" edit 1 --answers 1,1,1 --date 2026-12-05
refuse 66 "edit: no such measure" "no such measure 99" edit 99 --answers 1,1,1
refuse 66 "edit: another CPS's peer's measure" "no such measure 6" edit 6 --answers 1,1,1
refuse 66 "edit: an archived peer's measure" "peer 3 is archived" edit 7 --answers 1,1,1
refuse 64 "edit without --answers" "expected --answers" edit 1
refuse 64 "edit: not a measure ID" "'x1' is not a measure ID" edit x1 --answers 1,1,1
refuse 66 "delete: no such measure" "no such measure 99" delete 99
refuse 66 "delete: another CPS's peer's measure" "no such measure 6" delete 6
refuse 66 "delete: an archived peer's measure" "peer 3 is archived" delete 7
refuse 64 "delete with --answers" "--answers is for measure add and edit" delete 1 --answers 1,1,1
run "$BELONG" measure delete 2 --json
expect_status 0 "measure delete"
printf '%s\n' "$out" >"$tmp/delete.json"
check "delete: says what was deleted" \
  test "$(jsq "$tmp/delete.json" "printf('%d|%s|%s', j->>'id', j->>'instrument', j->>'date')")" = "2|lsns6|2026-11-15"
check "delete: the measure and its answers are gone, the others kept" \
  test "$(sqlite3 "$BELONG_DB" "SELECT (SELECT count(*) FROM measure WHERE id = 2) || '/' || (SELECT count(*) FROM measure_answer WHERE measure_id = 2) || '/' || (SELECT count(*) FROM measure)")" = "0/0/6"
run "$BELONG" measure list 1 --instrument lsns6
expect_out_has "No measures recorded." "delete: the list no longer has it"
run "$BELONG" measure delete 2
expect_status 66 "delete twice: the second finds nothing"

finish
