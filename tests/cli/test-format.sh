#!/usr/bin/env bash
# test-format.sh — every C source follows the project's .clang-format (as `make format` writes it).
. "$(dirname "$0")/lib.sh"

cd "$BELONG_ROOT" || exit 1
if ! command -v clang-format >/dev/null; then
  _report 1 "clang-format is installed (scripts/deps.sh)"
  finish
  exit
fi
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find src tests bench -name '*.[ch]')
run clang-format --dry-run --Werror $files
expect_status 0 "C sources are clang-formatted (run 'make format')"
finish
