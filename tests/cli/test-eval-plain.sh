#!/usr/bin/env bash
# test-eval-plain.sh — the evaluation set with the catalogue imported plain (tests/eval/README.md:
# category, tags and intensity inferred from each listing's words, none set by hand): its own
# floors, no hard-constraint bad fit in any top 10, and within 0.03 of the hand-set mode in
# precision@5 and nDCG@10 (issue 11).
# Measured 2026-12-04: plain 0.69 / 0.95, hand-set 0.70 / 0.96, hard@10 0 in both.
# Floors: measured - 0.05. Raise them when matching improves; never lower them to pass.
. "$(dirname "$0")/lib.sh"

P5_FLOOR=0.64
NDCG_FLOOR=0.90
MAX_GAP=0.03

build=$(dirname "$BELONG")
run bash "$BELONG_ROOT/tests/eval/evaluate.sh" --plain --min-precision "$P5_FLOOR" \
  --min-ndcg "$NDCG_FLOOR" --max-hard-bad 0 "$build"
expect_status 0 "plain import: precision@5 >= $P5_FLOOR, ndcg@10 >= $NDCG_FLOOR, no hard bad fit in a top 5"
plain=$out
check "plain import: no hard-constraint bad fit in any top 10" \
  test -n "$(printf '%s\n' "$plain" | grep -E '^bad@5 .* hard@10 0$')"

run bash "$BELONG_ROOT/tests/eval/evaluate.sh" "$build"
expect_status 0 "hand-set mode runs"
hand=$out
check "hand-set: no hard-constraint bad fit in any top 10" \
  test -n "$(printf '%s\n' "$hand" | grep -E '^bad@5 .* hard@10 0$')"

metric() { printf '%s\n' "$1" | sed -n "s/^$2 \([0-9.]*\)$/\1/p"; }
for m in precision@5 ndcg@10; do
  p=$(metric "$plain" "$m")
  h=$(metric "$hand" "$m")
  check "plain import within $MAX_GAP of hand-set in $m (plain $p, hand-set $h)" \
    test -n "$(awk -v p="$p" -v h="$h" -v g="$MAX_GAP" 'BEGIN { if (p != "" && h != "" && h - p <= g + 1e-9) print "ok" }')"
  printf '# %s plain %s hand-set %s\n' "$m" "$p" "$h"
done
finish
