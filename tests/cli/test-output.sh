#!/usr/bin/env bash
# test-output.sh — output written for people: schedules in words in `show`, one way to write
# distances and costs, aligned columns past item 9, search's "N of M" header on stdout, and
# --color following the terminal and NO_COLOR (never in JSON); a peer stored with a home belong
# cannot place, marked in `peer show` and named as the problem by `recommend --explain`.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/output"
mkdir -p "$tmp"
db="$tmp/demo.db"
"$BELONG" demo --db "$db" >/dev/null 2>&1
esc=$(printf '\033')
has_esc() { case "$1" in *"$esc"*) return 0 ;; *) return 1 ;; esac; }

# ---- show: schedules in words, never the raw rule ------------------------------------------
biweekly=$(sqlite3 "$db" "SELECT activity_id FROM schedule WHERE rrule LIKE '%INTERVAL=2%BYDAY=WE%' LIMIT 1")
monthly=$(sqlite3 "$db" "SELECT activity_id FROM schedule WHERE rrule LIKE 'FREQ=MONTHLY;BYDAY=2%' LIMIT 1")
once=$(sqlite3 "$db" "SELECT activity_id FROM schedule WHERE rrule IS NULL AND dtstart LIKE '%T%' LIMIT 1")
check "the demo has an every-other-Wednesday, a second-weekday-monthly and a one-off listing" \
  test -n "$biweekly" -a -n "$monthly" -a -n "$once"
run "$BELONG" --db "$db" show "$biweekly"
expect_status 0 "show of an every-other-Wednesday listing"
check "... says 'Every other Wednesday, H:MM am/pm to H:MM am/pm'" \
  grep -qE '^    Every other Wednesday, [0-9]{1,2}:[0-9]{2} [ap]m to [0-9]{1,2}:[0-9]{2} [ap]m' <<<"$out"
check "... and never the raw rule" bash -c '! grep -qE "FREQ=|INTERVAL=|BYDAY=" <<<"$1"' _ "$out"
run "$BELONG" --db "$db" show "$monthly"
check "a monthly listing: 'The second <weekday> of the month'" \
  grep -qE '^    The second [A-Z][a-z]+day of the month, ' <<<"$out"
run "$BELONG" --db "$db" show "$once"
check "a one-off: 'Once, on <weekday>, <Month> <day>, <year>'" \
  grep -qE '^    Once, on [A-Z][a-z]+day, [A-Z][a-z]+ [0-9]{1,2}, 20[0-9]{2}, ' <<<"$out"
run "$BELONG" --db "$db" show "$biweekly" --json
check "show --json keeps the rule for programs" \
  test "$(printf '%s' "$out" | jq -r '.schedules[0].rrule | test("INTERVAL=2")')" = true

# ---- distances and costs: one way to write them --------------------------------------------
lat=$(sqlite3 "$db" "SELECT l.lat FROM activity a JOIN location l ON l.id = a.location_id WHERE a.id = 1")
lon=$(sqlite3 "$db" "SELECT l.lon FROM activity a JOIN location l ON l.id = a.location_id WHERE a.id = 1")
run "$BELONG" --db "$db" search --near "$lat,$lon" --limit 3
expect_status 0 "search at a listing's own point"
expect_out_has "Worcester, under 0.1 mi" "a distance under a tenth of a mile is 'under 0.1 mi', not '0.0 mi'"
run "$BELONG" --db "$db" search --town Worcester --limit 50
check "every distance is written 'N.N mi' or 'under 0.1 mi'" \
  bash -c '! grep -E "[0-9] mi" <<<"$1" | grep -vqE "(, |^)(under 0\.1|about [0-9]+\.[0-9]|[0-9]+\.[0-9]) mi"' _ "$out"
check "... never '0.0 mi'" bash -c '! grep -q "0\.0 mi" <<<"$1"' _ "$out"

ical="$tmp/lowell.db"
"$BELONG" --db "$ical" import ical "$FIXTURES/ical/places-lowell.ics" >/dev/null 2>&1
run "$BELONG" --db "$ical" search --zip 01852 --within 5
expect_status 0 "search around a ZIP code whose listings sit at its centre"
expect_out_has "within about 0.1 mi" "a distance to a ZIP centre under a tenth of a mile: 'within about 0.1 mi'"
check "... never 'about 0.0 mi'" bash -c '! grep -q "about 0\.0" <<<"$1"' _ "$out"
expect_out_has "cost not listed" "a cost the directory does not give: 'cost not listed'"
check "... never 'cost unknown'" bash -c '! grep -q "cost unknown" <<<"$1"' _ "$out"
id=$(sqlite3 "$ical" "SELECT id FROM activity LIMIT 1")
run "$BELONG" --db "$ical" show "$id"
check "show: 'cost            not listed' (not 'cost  cost ...')" \
  grep -qE '^  cost +not listed$' <<<"$out"
run "$BELONG" --db "$db" show 1
check "show: a free listing's cost is 'free'" grep -qE '^  cost +free$' <<<"$out"

# ---- search: aligned columns past item 9, "N of M" on stdout -------------------------------
run "$BELONG" --db "$db" search --town Worcester --limit 12
expect_status 0 "search --limit 12"
check "numbers are right-aligned: ' 1. ' and '10. '" \
  bash -c 'grep -q "^ 1\. " <<<"$1" && grep -q "^10\. " <<<"$1" && grep -q "^12\. " <<<"$1"' _ "$out"
check "every result's other lines start in the same column as its name (4 spaces)" \
  bash -c '! grep -vE "^( [1-9]|1[0-2])\. |^    [^ ]|^$|^12 of " <<<"$1" | grep -q .' _ "$out"
all=$("$BELONG" --db "$db" search --town Worcester --limit 1000 --json | jq length)
run "$BELONG" --db "$db" search --town Worcester --limit 3
check "the header on stdout (first line, in a pipe): '3 of M activities; distances from ...'" \
  test "$(head -1 <<<"$out")" = "3 of $all activities; distances from Worcester, MA"
check "... and nothing on stderr" test -z "$err"
run "$BELONG" --db "$db" search garden --limit 2
glen=$("$BELONG" --db "$db" search garden --limit 1000 --json | jq length)
check "with TEXT, M counts every match ($glen)" test "$(head -1 <<<"$out")" = "2 of $glen activities"
run "$BELONG" --db "$db" search garden --town Worcester --within 3 --days TU --limit 1
gtu=$("$BELONG" --db "$db" search garden --town Worcester --within 3 --days TU --limit 1000 --json | jq length)
check "with TEXT, a place, --within and --days, M counts what they all let through ($gtu)" \
  grep -q "^1 of $gtu activit" <<<"$out"
run "$BELONG" --db "$db" search --town Worcester --limit 3 --json
check "--json has no header" test "$(printf '%s' "$out" | jq length)" = 3

# ---- --color ------------------------------------------------------------------------------
run "$BELONG" --db "$db" --color=always search --town Worcester --limit 2
check "--color=always colours text output" has_esc "$out"
run "$BELONG" --db "$db" search --town Worcester --limit 2 --color always
check "--color WHEN may come after the command" has_esc "$out"
run "$BELONG" --db "$db" show 1 --color=always
check "show is coloured too" has_esc "$out"
run "$BELONG" --db "$db" search --town Worcester --limit 2
check "auto (the default) in a pipe: no colour" bash -c '! case "$1" in *$(printf "\033")*) true ;; *) false ;; esac' _ "$out"
run "$BELONG" --db "$db" --color=always search --town Worcester --limit 2 --json
check "--json is never coloured" bash -c '! case "$1" in *$(printf "\033")*) true ;; *) false ;; esac' _ "$out"
run "$BELONG" --db "$db" --color=never search --town Worcester --limit 2
check "--color=never: none" bash -c '! case "$1" in *$(printf "\033")*) true ;; *) false ;; esac' _ "$out"
run "$BELONG" --db "$db" --color=sometimes search
expect_status 64 "--color=sometimes is a usage error"
expect_err_has "--color: 'sometimes' is not auto, always or never" "... naming the value"
# At a terminal (script gives the command one): colour, unless NO_COLOR is set and not empty.
tty_out() { script -qec "$*" /dev/null </dev/null; }
if command -v script >/dev/null; then
  o=$(env -u NO_COLOR bash -c "$(declare -f tty_out); tty_out \"$BELONG\" --db \"$db\" search --town Worcester --limit 1")
  check "auto at a terminal: colour" has_esc "$o"
  o=$(NO_COLOR=1 bash -c "$(declare -f tty_out); tty_out \"$BELONG\" --db \"$db\" search --town Worcester --limit 1")
  check "NO_COLOR=1 at a terminal: none" bash -c '! case "$1" in *$(printf "\033")*) true ;; *) false ;; esac' _ "$o"
  o=$(NO_COLOR= bash -c "$(declare -f tty_out); tty_out \"$BELONG\" --db \"$db\" search --town Worcester --limit 1")
  check "NO_COLOR set but empty: colour (no-color.org)" has_esc "$o"
  o=$(NO_COLOR=1 bash -c "$(declare -f tty_out); tty_out \"$BELONG\" --db \"$db\" --color=always search --town Worcester --limit 1")
  check "--color=always wins over NO_COLOR" has_esc "$o"
fi

# ---- a peer stored with a home belong cannot place ------------------------------------------
sqlite3 "$db" "UPDATE peer SET home_zip = NULL, home_town = 'Wrcester', home_label = NULL,
  home_lat = NULL, home_lon = NULL WHERE id = 1 AND cps = 'demo'"
export BELONG_CPS=demo
run "$BELONG" --db "$db" peer show 1
expect_status 0 "peer show of a peer stored unplaced (by an older belong)"
expect_out_has "Wrcester (not placed:" "... marks the home as not placed"
expect_out_has "peer edit 1 --home" "... and says how to fix it"
run "$BELONG" --db "$db" peer list
check "peer list marks it too" grep -qE '^1 +Rosa .*Wrcester \(not placed\)' <<<"$out"
run "$BELONG" --db "$db" recommend 1 --explain 1
expect_status 0 "recommend --explain for that peer"
expect_out_has "Your home area (Wrcester) is not a place belong can find" "... names the peer's home as the problem"
check "... not the listing" bash -c '! grep -q "does not say where it meets" <<<"$1"' _ "$out"
run "$BELONG" --db "$db" peer edit 1 --comfort 3
expect_status 65 "editing that peer asks for a home that can be placed first"
expect_err_has "did you mean \"Worcester, MA\"" "... suggesting Worcester, MA"
printf '{"name": "Lee", "home": "Sprngfield"}' >"$tmp/lee.json"
run "$BELONG" --db "$db" peer add --json "$tmp/lee.json"
expect_status 65 "peer add --json with a home belong cannot place is refused"
expect_err_has "lee.json: home: town 'Sprngfield' is not in the ZIP code list; did you mean \"Springfield, MA\"" \
  "... naming the file, the field and the nearest spellings (the directory's state first)"
run "$BELONG" --db "$db" peer edit 1 --home "Worcester, MA"
expect_status 0 "peer edit --home fixes it"
run "$BELONG" --db "$db" recommend 1 --explain 1
check "... and --explain no longer blames the home" bash -c '! grep -q "Your home area" <<<"$1"' _ "$out"

finish
