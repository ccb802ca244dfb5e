#!/usr/bin/env bash
# test-browser.sh — the web face end to end in real headless Chromium: runs tests/browser/e2e.mjs
# (playwright-core and axe-core, installed by scripts/deps.sh) against `belong serve` on an
# ephemeral loopback port over the demo database, at 390 px and 1280 px. Its TAP lines are this
# test's; screenshots are kept under BUILD/screenshots/. The node script stops its server; the
# trap here kills it should node itself die.
. "$(dirname "$0")/lib.sh"

browser_dir="$BELONG_ROOT/tests/browser"
tmp="$BELONG_TEST_TMP/browser"
mkdir -p "$tmp"
db="$tmp/demo.db"
shots="$(dirname "$BELONG")/screenshots"

if [ ! -d "$browser_dir/node_modules/playwright-core" ] || [ ! -d "$browser_dir/node_modules/axe-core" ]; then
  _report 1 "playwright-core and axe-core are installed" "run scripts/deps.sh (make test does)"
  exit 1
fi
# The demo caseload's CPS, with a password made for this run only (before `belong demo`, which
# makes its own login demo only when there is none).
export BELONG_E2E_USER=demo BELONG_E2E_PASSWORD="e2e $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$BELONG_E2E_PASSWORD" | "$BELONG" --db "$db" user add demo --role cps >/dev/null
"$BELONG" demo --db "$db" >/dev/null 2>&1
check "the demo database is made" test -s "$db"
check "the demo CPS has an account" test "$(sqlite3 "$db" "SELECT count(*) FROM user_account WHERE name = 'demo'")" = 1

# node runs in its own process group, so the trap can end the server it started too.
set -m
node "$browser_dir/e2e.mjs" "$BELONG" "$db" "$shots" &
node_pid=$!
set +m
trap 'kill -9 -- -"$node_pid" 2>/dev/null' EXIT
wait "$node_pid"
status=$?
trap - EXIT
check "the browser run exits 0" test "$status" -eq 0
check "the screenshots are kept under $(basename "$(dirname "$shots")")/screenshots" \
  eval 'ls "$shots"/phone-*.png "$shots"/desktop-*.png >/dev/null'
