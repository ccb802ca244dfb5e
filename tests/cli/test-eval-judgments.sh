#!/usr/bin/env bash
# test-eval-judgments.sh — the matching evaluation set still describes the demo catalogue: every
# judgment resolves to the same activity, good fits pass every hard constraint, and each
# hard-constraint bad fit really breaks its constraint (tests/eval/evaluate.sh --check).
. "$(dirname "$0")/lib.sh"

run bash "$BELONG_ROOT/tests/eval/evaluate.sh" --check "$(dirname "$BELONG")"
expect_status 0 "evaluation judgments hold against the demo catalogue"
finish
