#!/usr/bin/env bash
# web-rss.sh — `belong serve`'s peak memory with its whole worker pool busy: the server on DB
# with THREADS workers, ROUNDS rounds of 4 x THREADS concurrent searches of every kind (words and
# a town, a town alone, a category alone, days and cost alone: each needs the listings kept in
# memory, the last two with their occurrences), then its VmHWM (peak RSS) from /proc.
# usage: bench/web-rss.sh BELONG_BINARY DB [THREADS [ROUNDS]]
set -euo pipefail
belong=$1 db=$2 threads=${3:-8} rounds=${4:-3}
out=$(mktemp) log=$(mktemp)
trap 'kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -f "$out" "$log"' EXIT
"$belong" --db "$db" serve --listen 127.0.0.1:0 --threads "$threads" >"$out" 2>"$log" &
pid=$!
for _ in $(seq 600); do grep -q '^listening on ' "$out" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$out")
queries=("q=garden&town=Worcester" "town=Springfield&within=10" "category=music"
  "days=TU,TH&free=yes&after=17:00")
start=$(date +%s.%N)
for _ in $(seq "$rounds"); do
  for i in $(seq $((threads * 4))); do
    curl -s -o /dev/null --max-time 300 "$base/api/v1/activities?${queries[i % 4]}&limit=20" &
  done
  wait $(jobs -p | grep -v "^$pid$")
done
seconds=$(echo "$(date +%s.%N) - $start" | bc)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "threads $threads, $((rounds * threads * 4)) requests in ${seconds%.*} s: RSS $((rss / 1024)) MiB, peak $((hwm / 1024)) MiB"
