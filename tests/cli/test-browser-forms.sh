#!/usr/bin/env bash
# test-browser-forms.sh — a CPS's day on the web end to end in real headless Chromium: runs
# tests/browser/peer-forms.mjs (log in, add a peer, suggestions, a plan, a visit, UCLA-3 and its
# chart, the printable plan as PDF, log out; axe-core on every page) against `belong serve` on an
# ephemeral loopback port over the demo database, at 390 px and 1280 px. Screenshots and the PDF
# are kept under BUILD/screenshots/. The trap kills the node process group should node die.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/browser-forms"
rm -rf "$tmp"
mkdir -p "$tmp"
db="$tmp/demo.db"
shots="$(dirname "$BELONG")/screenshots"

browser_ready
"$BELONG" demo --db "$db" >/dev/null 2>&1
export BELONG_E2E_USER=cps1 BELONG_E2E_PASSWORD="a long browser password"
printf '%s\n' "$BELONG_E2E_PASSWORD" | "$BELONG" --db "$db" user add cps1 --role cps >/dev/null
check "the demo database and the account are made" test -s "$db"

run_browser peer-forms.mjs "$BELONG" "$db" "$shots"
check "the screenshots and the printed plan are kept under $(basename "$(dirname "$shots")")/screenshots" \
  eval 'ls "$shots"/forms-phone-*.png "$shots"/forms-desktop-*.png "$shots"/forms-desktop-my-connection-plan.pdf >/dev/null'

finish
