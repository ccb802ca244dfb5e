#!/usr/bin/env bash
# test-soak.sh — a short run of the crash-and-concurrency soak (tests/soak/soak.sh): 15 kill -9s
# among imports, refreshes, peer edits and choices running at once, the database checked after
# each. `make soak` runs the long one.
set -u
: "${BELONG:?run through tests/run.sh}"
exec bash "$BELONG_ROOT/tests/soak/soak.sh" "$(dirname "$BELONG")" 15 600
