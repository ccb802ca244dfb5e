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

finish
