#!/usr/bin/env bash
# Runs every test against one build directory and ends with `N passed, N failed`.
#   unit tests: BUILD/test_* (cmocka, TAP output), one binary per module;
#   CLI tests:  tests/cli/test-*.sh, each printing TAP lines ("ok N - what", "not ok N - what").
# usage: tests/run.sh BUILD_DIR
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
export BELONG="$build/belong"
export BELONG_ROOT="$root"
export BELONG_DATA_DIR="$root/data"
export CMOCKA_MESSAGE_OUTPUT=TAP
unset BELONG_STATE # a bare town name must mean the test directory's state, not the tester's
export BELONG_TEST_TMP=$(mktemp -d /tmp/belong-tests.XXXXXX)
trap 'rm -rf "$BELONG_TEST_TMP"' EXIT

passed=0
failed=0
log="$BELONG_TEST_TMP/run.log"

count_tap() { # $1: name, $2: output file, $3: exit status
  local ok not_ok
  ok=$(grep -cE '^ok [0-9]+' "$2")
  not_ok=$(grep -cE '^not ok [0-9]+' "$2")
  if [ "$3" -ne 0 ] && [ "$not_ok" -eq 0 ]; then
    not_ok=1 # crashed or exited non-zero without saying which test failed
    echo "not ok - $1 exited with status $3"
  fi
  passed=$((passed + ok))
  failed=$((failed + not_ok))
  printf '%-28s %3d passed, %d failed\n' "$1" "$ok" "$not_ok"
  if [ "$not_ok" -ne 0 ]; then
    grep -vE '^ok [0-9]+' "$2" | sed 's/^/    /'
  fi
}

for t in "$build"/test_*; do
  [ -f "$t" ] && [ -x "$t" ] || continue
  name=$(basename "$t")
  (cd "$BELONG_TEST_TMP" && "$t") >"$log" 2>&1
  count_tap "$name" "$log" $?
done

for t in "$root"/tests/cli/test-*.sh; do
  [ -f "$t" ] || continue
  name=$(basename "$t" .sh)
  bash "$t" >"$log" 2>&1
  count_tap "$name" "$log" $?
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
