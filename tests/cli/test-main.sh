#!/usr/bin/env bash
# test-main.sh — the front of the command line: help, unknown commands, global options.
. "$(dirname "$0")/lib.sh"

run "$BELONG" --help
expect_status 0 "--help exits 0"
expect_out_has "recommend" "--help lists the commands"
run "$BELONG" help search
expect_status 0 "help COMMAND exits 0"
expect_out_has "usage: belong search" "help COMMAND shows that command's own help"
run "$BELONG"
expect_status 64 "no command is a usage error"
run "$BELONG" frobnicate
expect_status 64 "an unknown command is a usage error"
expect_err_has "unknown command 'frobnicate'" "the message names it"
run "$BELONG" search --db
expect_status 64 "--db without a path is a usage error"
run "$BELONG" --version
expect_status 0 "--version exits 0"
expect_out_has "belong " "--version prints the version"
BELONG_NOW=2026-12-1 run "$BELONG" --db "$BELONG_TEST_TMP/main.db" search
expect_status 64 "a malformed BELONG_NOW is refused, not silently ignored"
expect_err_has "BELONG_NOW" "the message names the variable"
for cmd in search show occurrences peer recommend export import activity refresh demo gen; do
  run "$BELONG" "$cmd" --help
  expect_status 0 "$cmd --help exits 0"
  expect_out_has "Example" "$cmd --help shows examples"
done
finish
