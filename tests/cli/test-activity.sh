#!/usr/bin/env bash
# test-activity.sh — `belong activity set` (hand-set attributes, kept across re-import) and
# `belong refresh` (horizon re-expansion), on a small HSDS fixture.
. "$(dirname "$0")/lib.sh"

db="$BELONG_TEST_TMP/activity.db"
pkg="$FIXTURES/hsds/ma-3.0"
run "$BELONG" --db "$db" import hsds "$pkg"
expect_status 0 "import the fixture"
id=$(sqlite3 "$db" "SELECT min(id) FROM activity")

run "$BELONG" --db "$db" activity set "$id" --intensity 1 --tags 'Plants, outdoors' \
  --category gardening-nature --access quiet,wheelchair --cost 7.50 --group-size 6 \
  --peer-run yes --substance-free no --virtual no --drop-in yes --languages English,Spanish
expect_status 0 "activity set with every attribute"
row=$(sqlite3 "$db" "SELECT intensity, tags, category, access, cost_cents, group_size, peer_run,
  substance_free, is_virtual, drop_in, languages FROM activity WHERE id = $id")
check "attributes stored as given (tags lower-cased and trimmed)" \
  test "$row" = "1|plants,outdoors|gardening-nature|5|750|6|1|0|0|1|English,Spanish"
fts=$(sqlite3 "$db" "SELECT count(*) FROM activity_text WHERE activity_text MATCH 'outdoors' AND rowid = $id")
check "hand-set tags are searchable" test "$fts" = "1"

run "$BELONG" --db "$db" import hsds "$pkg"
expect_status 0 "re-import the same source"
row2=$(sqlite3 "$db" "SELECT intensity, tags, category, access, cost_cents FROM activity WHERE id = $id")
check "hand-set attributes survive re-import" test "$row2" = "1|plants,outdoors|gardening-nature|5|750"

before=$(db_digest "$db")
run "$BELONG" --db "$db" activity set "$id" --intensity 9
expect_status 64 "intensity outside 1-5 is a usage error"
expect_err_has "--intensity: '9'" "the message names the flag and the value"
run "$BELONG" --db "$db" activity set "$id" --category knitting-at-sea
expect_status 64 "unknown category refused"
expect_err_has "unknown category 'knitting-at-sea'" "the message names the category"
run "$BELONG" --db "$db" activity set "$id" --access wheelchair,jetpack
expect_status 64 "unknown access need refused"
expect_err_has "jetpack" "the message names the bad need"
run "$BELONG" --db "$db" activity set "$id" --peer-run maybe
expect_status 64 "yes/no flag refuses other words"
run "$BELONG" --db "$db" activity set 999999 --intensity 2
expect_status 66 "unknown activity id is 'not found'"
run "$BELONG" --db "$db" activity set "$id"
expect_status 64 "nothing to set is a usage error"
check "refused commands changed nothing" test "$(db_digest "$db")" = "$before"

run "$BELONG" --db "$db" refresh --horizon 30
expect_status 0 "refresh with a 30-day horizon"
expect_err_has "refreshed" "refresh prints a summary"
late=$(sqlite3 "$db" "SELECT count(*) FROM occurrence WHERE start_utc > strftime('%s', '2027-01-01')")
check "no occurrence beyond the new horizon" test "$late" = "0"
run "$BELONG" --db "$db" refresh --horizon 200
expect_status 0 "refresh with a 200-day horizon"
late=$(sqlite3 "$db" "SELECT count(*) FROM occurrence WHERE start_utc > strftime('%s', '2027-03-01')")
check "occurrences reach further with a longer horizon" test "$late" -gt 0
run "$BELONG" --db "$db" refresh --horizon 0
expect_status 64 "horizon 0 refused"

# ---- activity set --reset: what was set by hand goes back to the directory ---------------------
rdb="$BELONG_TEST_TMP/reset.db"
run "$BELONG" --db "$rdb" import hsds "$pkg"
rid=$(sqlite3 "$rdb" "SELECT min(id) FROM activity")
attrs="SELECT intensity, tags, category, access, cost_cents, group_size, peer_run, substance_free,
  is_virtual, drop_in, languages, inferred FROM activity WHERE id = $rid"
original=$(sqlite3 "$rdb" "$attrs")
original_digest=$(db_digest "$rdb")
run "$BELONG" --db "$rdb" activity set "$rid" --intensity 1 --tags zither,kazoo --access quiet
run "$BELONG" --db "$rdb" activity set "$rid" --intensity 5 # a second change keeps the first's "before"
run "$BELONG" --db "$rdb" import hsds "$pkg"
check "hand-set values are kept by a re-import before the reset" \
  test "$(sqlite3 "$rdb" "SELECT intensity, tags FROM activity WHERE id = $rid")" = "5|zither,kazoo"
run "$BELONG" --db "$rdb" activity set "$rid" --reset intensity
expect_status 0 "activity set --reset intensity"
check "--reset intensity gives back the directory's intensity, and only it" \
  test "$(sqlite3 "$rdb" "SELECT intensity = (SELECT ${original%%|*}), tags FROM activity
                          WHERE id = $rid")" = "1|zither,kazoo"
run "$BELONG" --db "$rdb" activity set "$rid" --reset all
expect_status 0 "activity set --reset all"
check "--reset all gives back every attribute as the directory had it" \
  test "$(sqlite3 "$rdb" "$attrs")" = "$original"
check "nothing is left marked as set by hand" \
  test "$(sqlite3 "$rdb" "SELECT hand_set, before_hand IS NULL FROM activity WHERE id = $rid")" = "0|1"
fts=$(sqlite3 "$rdb" "SELECT count(*) FROM activity_text WHERE activity_text MATCH 'zither' AND rowid = $rid")
check "the search text no longer has the reset tags" test "$fts" = "0"
run "$BELONG" --db "$rdb" activity set "$rid" --reset all
expect_status 0 "resetting what was not set by hand changes nothing and is fine"
# An inferred attribute set by hand and reset is inferred again (show says so).
idb="$BELONG_TEST_TMP/reset-infer.db"
run "$BELONG" --db "$idb" import hsds "$FIXTURES/hsds/plain-infer"
iid=$(sqlite3 "$idb" "SELECT min(id) FROM activity WHERE inferred & 1")
check "the fixture has a listing with an inferred category" test -n "$iid"
inferred_before=$(sqlite3 "$idb" "SELECT category, inferred FROM activity WHERE id = $iid")
run "$BELONG" --db "$idb" activity set "$iid" --category music
run "$BELONG" --db "$idb" activity set "$iid" --reset category
check "an inferred category set by hand and reset is the inferred one again, marked inferred" \
  test "$(sqlite3 "$idb" "SELECT category, inferred FROM activity WHERE id = $iid")" = "$inferred_before"
before=$(db_digest "$rdb")
run "$BELONG" --db "$rdb" activity set "$rid" --reset loudness
expect_status 64 "--reset of an unknown field is a usage error"
expect_err_has "--reset: unknown field 'loudness'" "the message names the field"
run "$BELONG" --db "$rdb" activity set "$rid" --reset tags --intensity 2
expect_status 64 "--reset with a value to set is a usage error"
check "refused resets change nothing" test "$(db_digest "$rdb")" = "$before"
run "$BELONG" --db "$rdb" activity set 999999 --reset all
expect_status 66 "--reset of an unknown activity exits 66"

finish
