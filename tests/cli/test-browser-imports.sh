#!/usr/bin/env bash
# test-browser-imports.sh — the admin's imports page in real headless Chromium: runs
# tests/browser/imports.mjs (a zipped HSDS package uploaded and imported, one with a refused
# row, a hostile archive; axe-core on every page) against `belong serve` on an ephemeral
# loopback port, at 390 px and 1280 px. The zips are made by make_zips.py; screenshots are kept
# under BUILD/screenshots/. The trap kills the node process group should node die.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/browser-imports"
rm -rf "$tmp"
mkdir -p "$tmp"
db="$tmp/imports.db"
shots="$(dirname "$BELONG")/screenshots"

browser_ready
python3 "$(dirname "$0")/make_zips.py" "$FIXTURES" "$tmp/zips"
export BELONG_E2E_USER=root BELONG_E2E_PASSWORD="a long browser password"
printf '%s\n' "$BELONG_E2E_PASSWORD" | "$BELONG" --db "$db" user add root --role admin >/dev/null
check "the database, the admin and the zips are made" test -s "$db" -a -s "$tmp/zips/slip.zip"

run_browser imports.mjs "$BELONG" "$db" "$shots" "$tmp/zips"
check "the screenshots are kept under $(basename "$(dirname "$shots")")/screenshots" \
  eval 'ls "$shots"/imports-phone-*.png "$shots"/imports-desktop-*.png >/dev/null'

finish
