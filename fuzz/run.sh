#!/usr/bin/env bash
# run.sh — runs each libFuzzer harness of a fuzz build in turn (one at a time, one core), each
# for SECONDS, from a working corpus seeded by fuzz/corpus/NAME. Crashes, leaks, UB reports and
# hangs (over 10 s) are kept as BUILD/fuzz-artifacts/NAME/crash-* (or leak-*, timeout-*), and the
# run goes on; inputs taking over 2 s are kept as slow-unit-*. A summary line per harness ends
# the output. Harnesses of text formats get a dictionary of their keywords (fuzz/dict/).
# usage: bash fuzz/run.sh BUILD SECONDS [NAME...]
set -u
build=${1:?usage: fuzz/run.sh BUILD SECONDS [NAME...]}
seconds=${2:-60}
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$build"/fuzz_*; do
    [ -x "$f" ] && [ -f "$f" ] && names+=("$(basename "$f" | sed 's/^fuzz_//')")
  done
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export BELONG_DATA_DIR="$root/data"
for name in "${names[@]}"; do
  work="$build/fuzz-corpus/$name"
  art="$build/fuzz-artifacts/$name"
  log="$build/fuzz-logs/$name.log"
  mkdir -p "$work" "$art" "$(dirname "$log")"
  dict=()
  case $name in
    hsds_* | csv_published) dict=(-dict="$root/fuzz/dict/hsds.dict") ;;
    ical | schedule) dict=(-dict="$root/fuzz/dict/ical.dict") ;;
  esac
  "$build/fuzz_$name" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -report_slow_units=2 \
    -max_len=65536 "${dict[@]}" \
    -artifact_prefix="$art/" "$work" "$root/fuzz/corpus/$name" >"$log" 2>&1
  stats=$(grep -E '^#[0-9]+: cov' "$log" | tail -1)
  found=$(find "$art" -type f | wc -l)
  printf '%-10s %s; %d artifacts in %s\n' "$name" "${stats:-no statistics (see $log)}" "$found" "$art"
done
