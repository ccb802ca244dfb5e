#!/usr/bin/env bash
# test-infer.sh — an import infers a plain listing's category, tags and intensity from what people
# do there (src/directory/infer.c), `show` and `show --json` say which and from what, what the
# directory gave or a CPS set by hand wins; and the hand-judged listings hold their floors.
. "$(dirname "$0")/lib.sh"

fixture="$BELONG_ROOT/tests/fixtures/hsds/plain-infer"
db="$BELONG_TEST_TMP/infer.db"
run "$BELONG" --db "$db" import hsds "$fixture"
expect_status 0 "a plain HSDS package imports"

id_of() { sqlite3 "$db" "SELECT id FROM activity WHERE source_ref = '$1'"; }
json_of() { "$BELONG" --db "$db" show "$(id_of "$1")" --json; }
field() { sqlite3 :memory: "SELECT json_extract(json('$(printf '%s' "$1" | sed "s/'/''/g")'), '$2')"; }

j=$(json_of s-chess)
check "a chess club meeting in a parish hall is games, not faith" test "$(field "$j" '$.category')" = social-games
check "its category is shown as inferred, with its evidence" \
  test "$(field "$j" '$.inferred.category.from')" != ""
check "the evidence names the listing's own words" \
  grep -q "name 'chess club'" <<<"$(field "$j" '$.inferred.category.from')"
check "a confidence between 0 and 1" \
  awk -v c="$(field "$j" '$.inferred.category.confidence')" 'BEGIN { exit !(c > 0 && c <= 1) }'
check "tags are inferred too" test "$(field "$j" '$.tags[0]')" = chess
check "intensity is inferred" test -n "$(field "$j" '$.intensity')"
check "the existing keys stay (category, intensity, tags)" \
  test "$(field "$j" '$.category')" = social-games

j=$(json_of s-choir)
check "a choir rehearsing at a library is music" test "$(field "$j" '$.category')" = music
j=$(json_of s-quiet)
check "a reading hour with no talking is intensity 1" test "$(field "$j" '$.intensity')" = 1
j=$(json_of s-group)
check "an AIRS support-group code makes a plain 'Thursday Group' peer support" \
  test "$(field "$j" '$.category')" = peer-support
grep -q "PN-8100.5000" <<<"$(field "$j" '$.inferred.category.from')"
check "the evidence names the taxonomy code" test $? -eq 0

j=$(json_of s-set)
check "an intensity the directory gave is kept" test "$(field "$j" '$.intensity')" = 1
check "and is not said to be inferred" test "$(field "$j" '$.inferred.intensity')" = ""
check "its category is still inferred" test "$(field "$j" '$.inferred.category.from')" != ""

run "$BELONG" --db "$db" show "$(id_of s-chess)"
expect_status 0 "show in text"
expect_out_has "inferred        category (confidence" "show says the category was inferred"
expect_out_has "name 'chess club'" "and from what"

run "$BELONG" --db "$db" activity set "$(id_of s-chess)" --category faith-spiritual --intensity 3
expect_status 0 "a CPS sets category and intensity by hand"
j=$(json_of s-chess)
check "the hand-set category is shown" test "$(field "$j" '$.category')" = faith-spiritual
check "and no longer said to be inferred" test "$(field "$j" '$.inferred.category')" = ""
check "nor the intensity" test "$(field "$j" '$.inferred.intensity')" = ""
check "the tags are still inferred" test "$(field "$j" '$.inferred.tags.from')" != ""
run "$BELONG" --db "$db" import hsds "$fixture"
expect_status 0 "the same package again"
j=$(json_of s-chess)
check "hand-set values win over a new inference" test "$(field "$j" '$.category')" = faith-spiritual
check "hand-set intensity kept" test "$(field "$j" '$.intensity')" = 3
check "and are still not said to be inferred" test "$(field "$j" '$.inferred.category')" = ""

demo="$BELONG_TEST_TMP/infer-demo.db"
"$BELONG" --db "$demo" demo >/dev/null 2>&1
j=$("$BELONG" --db "$demo" show 1 --json)
check "a listing whose attributes its source gave has an empty inferred object" \
  test "$(field "$j" '$.inferred')" = "{}"

# The hand-judged listings (tests/infer/labelled.tsv): floors just under what the rules reach
# (95.4 % and 99.5 % on 371 listings), so that a regression fails.
run "$(dirname "$BELONG")/infer_eval" --floor 95 99 "$BELONG_ROOT/tests/infer/labelled.tsv"
expect_status 0 "labelled listings: category right >= 95 %, intensity within one level >= 99 %"
expect_out_has "held" "the held-out quarter is measured too"
finish
