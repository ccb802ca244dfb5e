#!/usr/bin/env bash
# web-answers.sh — saves the answers bench/web.sh measures, to compare two binaries byte for byte
# (`diff -r OUT1 OUT2`) when a change must leave them as they were: the search API's answer to
# each query of bench/web-queries.sh, again with offset=7&limit=5, and its HTML search page; a
# few edge queries; the categories; and the API's answer and the HTML page of each of the first
# 400 activities those searches find. The server runs on a copy of DB with BELONG_NOW pinned
# (2026-12-05T12:00 unless set), so the same binary gives the same bytes run after run.
# usage: bench/web-answers.sh BELONG_BINARY DB OUT_DIR [COUNT]
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
belong=$1 db=$2 out=$3 queries=${4:-240}
export BELONG_NOW=${BELONG_NOW:-2026-12-05T12:00}
dir=$(mktemp -d /tmp/belong-web-answers.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
cp "$db" "$dir/web.db"
[ -f "$db.key" ] && cp "$db.key" "$dir/web.db.key"
"$belong" --db "$dir/web.db" serve --listen 127.0.0.1:0 --threads 2 >"$dir/out" 2>"$dir/log" &
pid=$!
for _ in $(seq 600); do grep -q '^listening on ' "$dir/out" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$dir/out")
[ -n "$base" ] || { echo "web-answers: belong serve did not start:" >&2; cat "$dir/log" >&2; exit 70; }
rm -rf "$out"
mkdir -p "$out"
# get NAME PATH: the answer to PATH in OUT/NAME, its status in OUT/status
get() {
  printf '%s %s\n' "$1" "$(curl -sS -o "$out/$1" -w '%{http_code}' "$base$2")" >>"$out/status"
}
i=0
while read -r p; do
  get "search-$i.json" "/api/v1/activities?$p"
  get "search-$i-page2.json" "/api/v1/activities?$p&offset=7&limit=5"
  get "search-$i.html" "/?$p"
  i=$((i + 1))
done < <(bash "$root/web-queries.sh" "$queries")
i=0
for p in "q=zzzznomatch" "town=Boston&offset=1000&limit=3" "zip=01610&within=5&limit=50" \
  "category=music&limit=100" "q=%C3%A9t%C3%A9" "free=yes&days=SA%2CSU&before=12:00"; do
  get "edge-$i.json" "/api/v1/activities?$p"
  i=$((i + 1))
done
get categories.json /api/v1/categories
jq -r '.items[]?.id' "$out"/search-*.json | sort -un | awk 'NR <= 400' >"$out/ids"
while read -r id; do
  get "activity-$id.json" "/api/v1/activities/$id"
  get "activity-$id.html" "/activities/$id"
done <"$out/ids"
echo "web-answers: $(wc -l <"$out/status") answers in $out"
