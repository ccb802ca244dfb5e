#!/usr/bin/env bash
# web-cg.sh — callgrind instructions of each search API request alone: the server under callgrind
# (`serve --threads 1`, BELONG_NOW pinned), a warm pass over the queries, the counters zeroed,
# then each query once with a dump after it; prints one line a query (instructions, its number,
# its kind as bench/web-queries.sh draws it, the query), the most expensive first.
# usage: bench/web-cg.sh BELONG_BINARY DB OUT_DIR [QUERIES_FILE]  (bench/web-queries.sh's 240 unless given)
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
belong=$1 db=$2 out=$3
mkdir -p "$out"
queries="$out/queries"
if [ $# -ge 4 ]; then cp "$4" "$queries"; else "$root/web-queries.sh" >"$queries"; fi
export BELONG_NOW=${BELONG_NOW:-2026-12-05T09:00}
cp "$db" "$out/web.db"
[ -f "$db.key" ] && cp "$db.key" "$out/web.db.key"
rm -f "$out"/cg.*
valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$belong" --db "$out/web.db" serve \
  --listen 127.0.0.1:0 --threads 1 >"$out/out" 2>"$out/log" &
vp=$!
trap 'kill "$vp" 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 1200); do grep -q '^listening on ' "$out/out" 2>/dev/null && break; sleep 0.25; done
base=$(sed -n 's/^listening on //p' "$out/out")
while read -r q; do curl -s -o /dev/null "$base/api/v1/activities?$q"; done <"$queries"
callgrind_control -z "$vp" >/dev/null 2>&1
while read -r q; do
  curl -s -o /dev/null "$base/api/v1/activities?$q"
  callgrind_control -d "$vp" >/dev/null 2>&1
done <"$queries"
kinds=(town town+within category category+town+within words+town words days+after+town
  free+town+within free+category words+category+free)
i=0
while read -r q; do
  i=$((i + 1))
  n=$(awk '/^summary:/ {print $2; exit}' "$out/cg.$i")
  printf '%d\t%d\t%s\t%s\n' "$n" "$i" "${kinds[$(((i - 1) % 10))]}" "$q"
done <"$queries" | sort -nr >"$out/per-query"
awk -F'\t' '{s += $1} END {printf "%d queries, %.3fM instructions a request\n", NR, s / NR / 1e6}' "$out/per-query"
cat "$out/per-query"
