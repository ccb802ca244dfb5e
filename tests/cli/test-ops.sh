#!/usr/bin/env bash
# test-ops.sh — issue 10 on the binary: the CLI is a thin face over the operations (it reaches
# no store), every peer field set by its CLI option comes back from the store in --json, an
# unknown JSON key is refused by name with nothing written, and activity attributes follow one
# rule (group size 1-10000, yes/no words).
. "$(dirname "$0")/lib.sh"

root="$(cd "$(dirname "$0")/../.." && pwd)"
found=$(grep -rnE '#include "\.\./store/|\bstore_[a-z_]+\(|struct store\b' "$root/src/cli" "$root/src/main.c")
check "src/cli and src/main.c include no store header and call no store function" test -z "$found"

db="$BELONG_TEST_TMP/ops.db"
export BELONG_CPS=maria
run "$BELONG" --db "$db" peer add --name Sam --pronouns they/them --contact sam@example.org \
  --home 01610 --max-miles 7.5 --travel walk,transit --virtual yes --interest 'growing tomatoes' \
  --tags plants,outdoors --values creativity --goal 'meet one new person' \
  --available 'TU 18:00-20:00' --away 2026-12-24..2027-01-02 --budget 12.50 \
  --access wheelchair,quiet --languages Spanish --substance-free yes --peer-run 1 --comfort 3
expect_status 0 "peer add with every field's option"
id=$(echo "$out" | sed -n 's/^added peer \([0-9]*\):.*/\1/p')
run "$BELONG" --db "$db" peer show "$id" --json
expect_status 0 "peer show --json"
json=$out
field() { printf '%s' "$json" | python3 -c "import json,sys; print(json.dumps(json.load(sys.stdin)['$1']))"; }
while IFS='|' read -r key want; do
  got=$(field "$key")
  check "$key set by its option comes back as $want" test "$got" = "$want"
done <<'EOT'
name|"Sam"
pronouns|"they/them"
contact|"sam@example.org"
home|"01610"
max_travel_miles|7.5
travel_modes|["walk", "transit"]
virtual_ok|true
interests|["growing tomatoes"]
tags|["plants", "outdoors"]
values|["creativity"]
goals|["meet one new person"]
availability|["TU 18:00-20:00"]
away|["2026-12-24..2027-01-02"]
budget|12.5
access|["wheelchair", "quiet"]
languages|["Spanish"]
prefers_substance_free|true
prefers_peer_run|true
comfort|3
EOT

# An unknown key, of each JSON shape, is refused by its name; nothing is written.
before=$(db_digest "$db")
printf '{"version": 1, "nickname": "Sammy", "prefers_quiet": true, "hobbies": ["chess"]}' \
  > "$BELONG_TEST_TMP/unknown.json"
run "$BELONG" --db "$db" peer edit "$id" --json "$BELONG_TEST_TMP/unknown.json"
expect_status 65 "unknown JSON keys are a data error"
expect_err_has "nickname: unknown field" "the unknown text key is named"
expect_err_has "prefers_quiet: unknown field" "the unknown yes/no key is named"
expect_err_has "hobbies: unknown field" "the unknown list key is named"
check "nothing written for unknown keys" test "$(db_digest "$db")" = "$before"

# Activity attributes: one rule for the CLI and the HSDS terms (docs/taxonomy.md).
run "$BELONG" --db "$db" import hsds "$FIXTURES/hsds/ma-3.0"
expect_status 0 "import a fixture"
aid=$(sqlite3 "$db" "SELECT min(id) FROM activity")
run "$BELONG" --db "$db" activity set "$aid" --group-size 10000 --peer-run 1 --drop-in n
expect_status 0 "group size 10000 and yes/no as 1 or n"
row=$(sqlite3 "$db" "SELECT group_size, peer_run, drop_in FROM activity WHERE id = $aid")
check "stored as given" test "$row" = "10000|1|0"
before=$(db_digest "$db")
run "$BELONG" --db "$db" activity set "$aid" --group-size 10001
expect_status 64 "group size over 10000 is refused, as in an HSDS import"
expect_err_has "--group-size: '10001' is not a whole number from 1 to 10000" "the range is named"
run "$BELONG" --db "$db" activity set "$aid" --peer-run maybe
expect_status 64 "a yes/no attribute refuses other words"
check "nothing written when refused" test "$(db_digest "$db")" = "$before"

finish
