#!/usr/bin/env bash
# test-parsing.sh — small command-line parsing rules: an unknown option is named as typed (a
# short-option cluster such as "-garden" or "-1" included, with no undefined shift), numbers
# are plain decimals (no hex, exponents or '+'), search text must be UTF-8, and date options
# stay within the years belong expands (1970-2199). Each is a usage error (64).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/parsing"
mkdir -p "$tmp"
db="$tmp/p.db"
export BELONG_CPS=parsing
"$BELONG" --db "$db" import ical "$FIXTURES/ical/places-lowell.ics" >/dev/null 2>&1
"$BELONG" --db "$db" peer add --name Ana --home 01852 >/dev/null 2>&1

# ---- unknown options, named as typed ---------------------------------------------------------
for cmd in "peer show -1" "peer list -1" "peer archive -1" "peer edit -1 --name X"; do
  run "$BELONG" --db "$db" $cmd
  expect_status 64 "'$cmd': 64"
  expect_err_has "unknown option '-1'" "... names '-1'"
done
for cmd in "search -garden" "search --json -garden" "show -garden 1" "occurrences -garden 1" \
  "recommend -garden 1" "activity set -garden 1" "refresh -garden" "export -garden ical" \
  "import -garden ical x" "peer add -garden" "demo -garden"; do
  run "$BELONG" --db "$db" $cmd
  expect_status 64 "'$cmd': 64"
  expect_err_has "unknown option '-garden' (long options start with '--')" "... names '-garden'"
done
run "$BELONG" --db "$db" search -x
expect_err_has "unknown option '-x'" "'search -x' names '-x'"
run "$BELONG" --db "$db" search --garden
expect_err_has "unknown option '--garden'" "'search --garden' names '--garden'"
run "$BELONG" --db "$db" search --town
expect_status 64 "'search --town' without a value: 64"
expect_err_has "--town needs a value" "... says so"
run "$BELONG" --db "$db" peer add --name
expect_err_has "--name needs a value" "'peer add --name' without a value says so"

# ---- plain decimal numbers -----------------------------------------------------------------
for bad in "--near 0x1p5,-71" "--near 4.2e1,-71" "--near +42,-71" "--within 0x10 --zip 01852" \
  "--within 1e1 --zip 01852" "--limit 0x10" "--limit +5" "--limit ' 5'" "--limit 5.0" \
  "--intensity-max 0x2"; do
  eval "run \"\$BELONG\" --db \"\$db\" search $bad"
  expect_status 64 "search $bad: 64"
done
run "$BELONG" --db "$db" peer edit 1 --comfort 0x2
expect_status 64 "a comfort of 0x2 is not a whole number"
run "$BELONG" --db "$db" peer edit 1 --comfort +2
expect_status 64 "a comfort of +2 is not a whole number"
run "$BELONG" --db "$db" show 0x1
expect_status 64 "an id of 0x1 is refused"

# ---- search text must be UTF-8 ---------------------------------------------------------------
run "$BELONG" --db "$db" search $'caf\xe9'
expect_status 64 "search text in Latin-1 (invalid UTF-8): 64, not 'No activities found'"
expect_err_has "not valid UTF-8 (byte 4)" "... naming the byte"
run "$BELONG" --db "$db" search $'\xff\xfe' --json
expect_status 64 "... with --json too"
run "$BELONG" --db "$db" search café
expect_status 0 "valid UTF-8 text is searched"

# ---- dates within 1970-2199 ------------------------------------------------------------------
run "$BELONG" --db "$db" occurrences 1 --to 9999-12-31
expect_status 64 "occurrences --to 9999-12-31: 64"
expect_err_has "--to: '9999-12-31' is outside the dates belong works with (1970-01-01 to 2199-12-31)" \
  "... naming the range"
run "$BELONG" --db "$db" occurrences 1 --from 2199-12-01 --to 2199-12-31 --json
expect_status 0 "the last month of the range is expanded"
check "... into proper dates" test "$(printf '%s' "$out" | jq -r '.[-1].start')" = "2199-12-26T10:00:00-05:00"
run "$BELONG" --db "$db" search --from 1969-12-31
expect_status 64 "search --from before 1970: 64"
run "$BELONG" --db "$db" search --to 2200-01-01
expect_status 64 "search --to after 2199: 64"
run "$BELONG" --db "$db" recommend 1 --from 3000-01-01
expect_status 64 "recommend --from 3000-01-01: 64"
expect_err_has "outside the dates belong works with" "... says why"
finish
