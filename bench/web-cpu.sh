#!/usr/bin/env bash
# web-cpu.sh — the server's own CPU time a request (user + system, from /proc/PID/stat) while wrk
# goes round the search API's queries (bench/web-queries.sh) at CONNECTIONS connections, and the
# requests/s wrk saw. CPU a request moves much less with the machine's load than requests/s
# does, so it is the figure to compare two binaries by on a busy machine; requests/s is printed
# beside it. Lists: all, words (q=), plain (no q=), page (the activity pages the searches find).
# usage: bench/web-cpu.sh BELONG_BINARY DB [LIST [SECONDS [CONNECTIONS [THREADS]]]]
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
belong=$1 db=$2 list=${3:-all} seconds=${4:-6} connections=${5:-64} threads=${6:-2}
dir=$(mktemp -d /tmp/belong-web-cpu.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
cp "$db" "$dir/web.db"
[ -f "$db.key" ] && cp "$db.key" "$dir/web.db.key"
"$belong" --db "$dir/web.db" serve --listen 127.0.0.1:0 --threads "$threads" >"$dir/out" 2>"$dir/log" &
pid=$!
for _ in $(seq 600); do grep -q '^listening on ' "$dir/out" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$dir/out")
[ -n "$base" ] || { echo "web-cpu: belong serve did not start" >&2; cat "$dir/log" >&2; exit 70; }
: >"$dir/all.txt"; : >"$dir/words.txt"; : >"$dir/plain.txt"
while read -r p; do
  echo "/api/v1/activities?$p" >>"$dir/all.txt"
  case $p in q=*) echo "/api/v1/activities?$p" >>"$dir/words.txt" ;;
  *) echo "/api/v1/activities?$p" >>"$dir/plain.txt" ;; esac
done < <(bash "$root/web-queries.sh" "${BENCH_WEB_QUERIES:-240}")
: >"$dir/page.txt"
while read -r u; do # warm: every query once; the activity pages they find
  curl -sf "$base$u" | jq -r '.items[].id' >>"$dir/ids"
done <"$dir/all.txt"
sort -un "$dir/ids" | awk "NR <= 240" | sed 's|^|/activities/|' >"$dir/page.txt"
while read -r u; do curl -sf -o /dev/null "$base$u"; done <"$dir/page.txt"
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$root/web-rotate.lua" "$base" -- \
  "$dir/$list.txt" >"$dir/wrk.txt" 2>&1
after=$(ticks)
requests=$(awk '/requests in/ { print $1 }' "$dir/wrk.txt")
rps=$(awk '/^Requests\/sec:/ { print $2 }' "$dir/wrk.txt")
p99=$(awk '$1 == "99%" { print $2 }' "$dir/wrk.txt")
awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" -v rps="$rps" -v p99="$p99" -v l="$list" \
  'BEGIN { printf "%s: %.1f us CPU a request (%d requests), %s req/s, p99 %s\n", l, t / hz * 1e6 / n, n, rps, p99 }'
grep -q 'Non-2xx\|Socket errors' "$dir/wrk.txt" && grep 'Non-2xx\|Socket errors' "$dir/wrk.txt" || true
