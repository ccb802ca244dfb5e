#!/usr/bin/env bash
# test-chart.sh — `belong chart PEER ucla3|lsns6|network|ecomap`: each chart drawn from the
# records (measures, the connections' history) checked structurally — the number of points,
# the cut-off lines and their labels, the people and the legend, well-formed XML (xmllint) —
# records after --as-of left out, an empty chart for a peer without records, the refusals;
# then each chart rendered once to PNG by headless Chromium, kept in BUILD/screenshots/ for a
# person to look at, and checked to be a real image (size, dimensions, more than one colour).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/chart"
mkdir -p "$tmp"
export BELONG_DB="$tmp/charts.db" BELONG_CPS=maria BELONG_NOW=2026-12-04
shots="$(dirname "$BELONG")/screenshots"
count() { grep -o "$1" "$2" | wc -l | tr -d ' '; }

run "$BELONG" chart --help
expect_status 0 "chart --help exits 0"
expect_out_has "belong chart 1 ucla3 --out sam-ucla3.svg" "--help shows examples"

"$BELONG" import ical "$FIXTURES/ical/good-night-owls.ics" >/dev/null
"$BELONG" peer add --name "Sam" >/dev/null
"$BELONG" peer add --name "Ann" >/dev/null
for a in "ucla3 3,3,2 2026-09-01" "ucla3 2,2,2 2026-10-01" "ucla3 1,2,1 2026-11-15" \
  "lsns6 1,1,1,2,1,1 2026-09-01" "lsns6 2,2,2,3,3,2 2026-11-15"; do
  set -- $a
  "$BELONG" measure add 1 "$1" --answers "$2" --date "$3" >/dev/null
done
"$BELONG" connection add 1 Maria --relationship friend --closeness 3 --met-at 1 --date 2026-10-01 >/dev/null
"$BELONG" connection add 1 J.D. --relationship mentor --closeness 2 --met-place "the library" --date 2026-10-15 >/dev/null
"$BELONG" connection add 1 Bo --relationship peer --closeness 5 --date 2026-11-01 >/dev/null
"$BELONG" connection edit 1 --closeness 4 --date 2026-11-10 >/dev/null
"$BELONG" connection end 2 --date 2026-11-25 >/dev/null
check "the records are in" test "$(sqlite3 "$BELONG_DB" "SELECT (SELECT count(*) FROM measure) || '/' || (SELECT count(*) FROM connection_history)")" = "5/5"

for c in ucla3 lsns6 network ecomap; do
  run "$BELONG" chart 1 "$c" --out "$tmp/$c.svg"
  expect_status 0 "chart $c --out"
  check "$c: well-formed XML (xmllint)" xmllint --noout "$tmp/$c.svg"
  check "$c: a standalone SVG document" test "$(head -c 38 "$tmp/$c.svg")" = '<?xml version="1.0" encoding="UTF-8"?>'
  check "$c: the file is readable by its owner only" test "$(stat -c %a "$tmp/$c.svg")" = 600
done

f="$tmp/ucla3.svg"
check "ucla3: one point per UCLA-3 measure" test "$(count '<g class="point"' "$f")" = 3
check "ucla3: the points carry their dates and scores" \
  grep -q '<title>Loneliness, 2026-11-15: 4 (not lonely' "$f"
check "ucla3: one cut-off line" test "$(count '<g class="cutoff">' "$f")" = 1
check "ucla3: the cut-off at 6, labelled" grep -q 'cut-off 6: lonely<' "$f"
check "ucla3: the scale 3 to 9" grep -q 'on a scale from 3 to 9' "$f"
f="$tmp/lsns6.svg"
check "lsns6: one point per LSNS-6 measure" test "$(count '<g class="point"' "$f")" = 2
check "lsns6: the cut-off at 12, labelled" grep -q 'cut-off 12: not at risk of social isolation<' "$f"
check "lsns6: the scale 0 to 30" grep -q 'on a scale from 0 to 30' "$f"
f="$tmp/network.svg"
# changes on 10-01, 10-15, 11-01, 11-10, 11-25, and today: 6 points in each of two series
check "network: two series of six points (each change, and today)" test "$(count '<g class="point"' "$f")" = 12
check "network: people in touch over time, from the history" \
  test "$(grep -o '<title>people in touch, [0-9-]*: [0-9]*' "$f" | sed 's/.*, //' | tr '\n' ' ')" \
  = "2026-10-01: 1 2026-10-15: 2 2026-11-01: 3 2026-11-10: 3 2026-11-25: 2 2026-12-04: 2 "
check "network: the close ones over time" \
  test "$(grep -o '<title>close (closeness 4 or 5), [0-9-]*: [0-9]*' "$f" | sed 's/.*: //' | tr '\n' ' ')" = "0 0 1 2 2 2 "
check "network: a legend naming both series" test "$(count 'class="legend-entry"' "$f")" = 2
f="$tmp/ecomap.svg"
check "ecomap: the peer in the centre" grep -q '<g class="peer">' "$f"
check "ecomap: the two people in touch (J.D. lost touch)" test "$(count '<g class="person"' "$f")" = 2
check "ecomap: a line to each" test "$(count '<line class="tie"' "$f")" = 2
check "ecomap: each person with relationship, closeness and where met" \
  grep -q '<title>Maria, friend, closeness 4 of 5, met at Night Owls Peer Support' "$f"
check "ecomap: a legend of the places met" test "$(count 'class="legend-entry"' "$f")" = 2
check "ecomap: a legend of line weights" test "$(count 'class="legend-weight"' "$f")" = 3
check "ecomap: J.D. is not drawn" test "$(count 'J\.D\.' "$f")" = 0

run "$BELONG" chart 1 ecomap --as-of 2026-10-20
expect_status 0 "ecomap --as-of to stdout"
printf '%s\n' "$out" >"$tmp/ecomap-oct.svg"
check "ecomap as of 2026-10-20: Maria and J.D., as they were" \
  test "$(grep -o '<title>[^<]*closeness [0-9]' "$tmp/ecomap-oct.svg" | tr '\n' ' ')" \
  = "<title>Maria, friend, closeness 3 <title>J.D., mentor, closeness 2 "
run "$BELONG" chart 1 ucla3 --as-of 2026-10-01
printf '%s\n' "$out" >"$tmp/ucla3-oct.svg"
check "ucla3 as of 2026-10-01: the two measures by then" test "$(count '<g class="point"' "$tmp/ucla3-oct.svg")" = 2

for c in ucla3 network ecomap; do
  run "$BELONG" chart 2 "$c"
  expect_status 0 "$c for a peer without records"
  printf '%s\n' "$out" >"$tmp/empty-$c.svg"
  check "$c without records: well-formed, nothing drawn" \
    sh -c "xmllint --noout '$tmp/empty-$c.svg' && ! grep -q 'class=\"point\"\|class=\"person\"' '$tmp/empty-$c.svg'"
done

run "$BELONG" peer archive 1
run "$BELONG" chart 1 ucla3
expect_status 0 "an archived peer's chart is still drawn"
printf '%s\n' "$out" >"$tmp/archived.svg"
check "from the same records" test "$(count '<g class="point"' "$tmp/archived.svg")" = 3
run "$BELONG" peer archive 1 --restore

run "$BELONG" chart 1 phq9
expect_status 64 "an unknown chart is a usage error"
expect_err_has "unknown chart 'phq9' (expected: ucla3, lsns6, network, ecomap)" "naming the charts"
run "$BELONG" chart 1 ucla3 --as-of 2026-12-05
expect_status 65 "--as-of in the future"
expect_err_has "--as-of: 2026-12-05 is in the future" "says so"
run "$BELONG" chart 1 ucla3 --cps jo
expect_status 66 "another CPS's peer"
expect_err_has "no such peer 1" "as a missing one"
run "$BELONG" chart 1
expect_status 64 "no chart named"

# ---- rendered by headless Chromium ---------------------------------------------------------
mkdir -p "$shots"
chromium=$(command -v chromium || command -v chromium-browser || true)
check "chromium is installed (scripts/deps.sh)" test -n "$chromium"
for c in ucla3 lsns6 network ecomap; do
  png="$shots/$c.png"
  height=480 # a line chart's viewBox is 480 x 278: 800 wide, it fits
  [ "$c" = ecomap ] && height=800
  rm -f "$png"
  [ -n "$chromium" ] && timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
    --hide-scrollbars --user-data-dir="$tmp/chromium" --screenshot="$png" \
    --window-size=800,$height "file://$tmp/$c.svg" >/dev/null 2>&1
  check "$c: Chromium wrote $png" test -s "$png"
  read -r w h colours < <(python3 "$BELONG_ROOT/tests/cli/png_check.py" "$png" 2>/dev/null || echo 0 0 0)
  check "$c: the PNG is 800x$height (from its header)" test "$w x $h" = "800 x $height"
  check "$c: a real image (more than 10 kB)" test "$(stat -c %s "$png" 2>/dev/null || echo 0)" -gt 10000
  check "$c: not blank (more than one colour: $colours)" test "$colours" -gt 1
done

finish
