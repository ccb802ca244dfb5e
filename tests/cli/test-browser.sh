#!/usr/bin/env bash
# test-browser.sh — the web face end to end in real headless Chromium: runs tests/browser/e2e.mjs
# (playwright-core and axe-core, installed by scripts/deps.sh) against `belong serve` on an
# ephemeral loopback port over the demo database, at 390 px and 1280 px. Its TAP lines are this
# test's; screenshots are kept under BUILD/screenshots/. The node script stops its server; the
# trap here kills it should node itself die.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/browser"
mkdir -p "$tmp"
db="$tmp/demo.db"
shots="$(dirname "$BELONG")/screenshots"

browser_ready
"$BELONG" demo --db "$db" >/dev/null 2>&1
check "the demo database is made" test -s "$db"
# The demo caseload's CPS, with a password made for this run only.
export BELONG_E2E_USER=demo BELONG_E2E_PASSWORD="e2e $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# `belong demo` made the login 'demo' with a password it printed once: the CPS sets their own.
printf '%s\n' "$BELONG_E2E_PASSWORD" | "$BELONG" --db "$db" user passwd demo --cps demo >/dev/null
check "the demo CPS has an account" test "$(sqlite3 "$db" "SELECT count(*) FROM user_account WHERE name = 'demo'")" = 1

run_browser e2e.mjs "$BELONG" "$db" "$shots"
check "the screenshots are kept under $(basename "$(dirname "$shots")")/screenshots" \
  eval 'ls "$shots"/phone-*.png "$shots"/desktop-*.png >/dev/null'
