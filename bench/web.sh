#!/usr/bin/env bash
# web.sh — `belong serve` under load, against nginx serving the same bytes: wrk on loopback at
# CONNECTIONS connections going round many varied searches of the API (BENCH_WEB_QUERIES, 240 by
# default: towns, radii, categories, words, days and times, free, combined) and the activity
# pages they find, and against nginx (started here on a free loopback port with its own
# temporary config, stopped at the end) going round the same answers saved as static files, in
# the same run. Prints requests/s and p99 of each and the ratio to nginx's, and the server's
# peak RSS (VmHWM) after the whole worker pool has been busy. Then a peer page: the demo's CPS
# and peers added (`belong demo`), a login with curl, and wrk with its session cookie on the
# page of a peer in that caseload. The server runs on a copy of DB (the demo is added to the
# copy). Run by bench/run.sh (bench_web).
# usage: bench/web.sh BELONG_BINARY DB [SECONDS [CONNECTIONS [THREADS]]]
# needs: wrk and nginx (Debian); bench/run.sh installs them when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
belong=$1 db=$2 seconds=${3:-10} connections=${4:-64} threads=${5:-}
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || PATH=$PATH:/usr/sbin command -v "$tool" >/dev/null ||
    { echo "web: $tool is needed (apt-get install wrk nginx)" >&2; exit 69; }
done
export PATH=$PATH:/usr/sbin
dir=$(mktemp -d /tmp/belong-web-bench.XXXXXX)
chmod 0755 "$dir" # nginx's workers, as root, drop to an unprivileged user that must read www/
pid="" nginx_pid=""
stop() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$dir"
}
trap stop EXIT
cp "$db" "$dir/web.db"
[ -f "$db.key" ] && cp "$db.key" "$dir/web.db.key"
db=$dir/web.db

"$belong" --db "$db" serve --listen 127.0.0.1:0 ${threads:+--threads "$threads"} >"$dir/out" 2>"$dir/log" &
pid=$!
for _ in $(seq 600); do grep -q '^listening on ' "$dir/out" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$dir/out")
[ -n "$base" ] || { echo "web: belong serve did not start:" >&2; cat "$dir/log" >&2; exit 70; }

# The answers under test: QUERIES varied searches a CPS makes (a town, a town and a radius, a
# category, words, days and times, free, and their combinations, drawn from lists of towns,
# categories and words with a fixed seed), and the activity pages of the activities they find.
# Each answer is saved as the static file nginx serves in its place, and wrk goes round the
# list (bench/web-rotate.lua), so that no one URL's answer is asked for again and again.
queries=${BENCH_WEB_QUERIES:-240}
mkdir -p "$dir/www/search" "$dir/www/activity"
: >"$dir/search-all.txt"
: >"$dir/search-words.txt"
: >"$dir/search-plain.txt"
i=0
while read -r p; do
  curl -sf -o "$dir/www/search/$i.json" "$base/api/v1/activities?$p" ||
    { echo "web: /api/v1/activities?$p failed" >&2; exit 70; }
  echo "/api/v1/activities?$p" >>"$dir/search-all.txt"
  case $p in q=*) list=words ;; *) list=plain ;; esac
  echo "/api/v1/activities?$p" >>"$dir/search-$list.txt"
  echo "/search/$i.json" >>"$dir/static-all.txt"
  echo "/search/$i.json" >>"$dir/static-$list.txt"
  i=$((i + 1))
done < <(bash "$root/web-queries.sh" "$queries")
jq -r '.items[].id' "$dir"/www/search/*.json | sort -un | awk -v n="$queries" 'NR <= n' >"$dir/ids.txt"
: >"$dir/page-all.txt"
while read -r id; do
  curl -sf -o "$dir/www/activity/$id.html" "$base/activities/$id"
  echo "/activities/$id" >>"$dir/page-all.txt"
  echo "/activity/$id.html" >>"$dir/static-page.txt"
done <"$dir/ids.txt"
# what: label, the list of belong's paths, the list of nginx's
runs=("search API, every kind of query|search-all|static-all"
  "search API, with words (q=)|search-words|static-words"
  "search API, without words|search-plain|static-plain"
  "activity page|page-all|static-page")
# mean_bytes LIST: the mean size of the static files of a list
mean_bytes() {
  sed "s|^|$dir/www|" "$dir/$1.txt" | xargs stat -c %s | awk '{ s += $1 } END { printf "%d", s / NR }'
}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  default_type application/octet-stream;
  server { listen 127.0.0.1:$port; root $dir/www; }
}
CONF
mkdir -p "$dir/tmp"
nginx -c "$dir/nginx.conf" -p "$dir" -g 'daemon off;' 2>>"$dir/nginx-error.log" &
nginx_pid=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/search/0.json" && break; sleep 0.1; done

# run_wrk BASE LIST: wrk going round LIST's paths on BASE; sets $rps and $p99 (milliseconds).
run_wrk() {
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$root/web-rotate.lua" "$1" -- \
    "$dir/$2.txt" >"$dir/wrk.txt" 2>&1
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$dir/wrk.txt")
  p99=$(awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
    printf "%.2f", v * (u == "us" ? 0.001 : u == "s" ? 1000 : u == "m" ? 60000 : 1) }' "$dir/wrk.txt")
  if grep -q 'Non-2xx\|Socket errors' "$dir/wrk.txt"; then
    echo "    ($2: $(grep 'Non-2xx\|Socket errors' "$dir/wrk.txt" | tr -s ' ' | tr '\n' ' '))"
  fi
}

echo "  $connections connections, ${seconds} s each, wrk -t2; belong serve --threads ${threads:-(its default)};" \
  "$(wc -l <"$dir/search-all.txt") queries, $(wc -l <"$dir/page-all.txt") activity pages;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-40s %6s %6s %9s %9s %10s %9s %7s\n' "what" "paths" "bytes" "req/s" "p99 ms" \
  "nginx r/s" "nginx p99" "ratio"
for run in "${runs[@]}"; do
  IFS='|' read -r what mine theirs <<<"$run"
  run_wrk "$base" "$mine"
  b_rps=$rps b_p99=$p99
  run_wrk "http://127.0.0.1:$port" "$theirs"
  ratio=$(awk -v a="$b_rps" -v b="$rps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  printf '  %-40s %6s %6s %9s %9s %10s %9s %7s\n' "$what" "$(wc -l <"$dir/$mine.txt")" \
    "$(mean_bytes "$theirs")" "$b_rps" "$b_p99" "$rps" "$p99" "$ratio"
done
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")

# A peer page, as the demo's CPS sees it: the demo (its peers, its login) added only now, so that
# the runs above saw the generated catalogue alone; its login's password is printed once.
login=$("$belong" --db "$db" demo 2>&1 | sed -n 's/^demo: web login: user \([^,]*\), password \([^ ]*\) .*/\1 \2/p')
read -r user password <<<"$login"
[ -n "${password:-}" ] || { echo "web: belong demo made no web login" >&2; exit 70; }
jar=$dir/jar
csrf=$(curl -sf -c "$jar" "$base/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 |
  sed 's/.*value="//; s/"//')
curl -sf -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "name=$user" --data-urlencode "password=$password" "$base/login"
session=$(awk '$0 !~ /^# / && NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
peer=$(curl -sf -H "Cookie: $session" "$base/dashboard" | grep -o 'href="/peers/[0-9]*"' | head -1 |
  grep -o '[0-9]*')
[ -n "$peer" ] || { echo "web: no peer of $user's caseload on the dashboard" >&2; exit 70; }
echo "/peers/$peer" >"$dir/peer-page.txt"
peer_bytes=$(curl -sf -H "Cookie: $session" "$base/peers/$peer" | wc -c)
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$root/web-rotate.lua" \
  -H "Cookie: $session" "$base" -- "$dir/peer-page.txt" >"$dir/wrk.txt" 2>&1
rps=$(awk '/^Requests\/sec:/ {print $2}' "$dir/wrk.txt")
p99=$(awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
  printf "%.2f", v * (u == "us" ? 0.001 : u == "s" ? 1000 : u == "m" ? 60000 : 1) }' "$dir/wrk.txt")
grep -q 'Non-2xx\|Socket errors' "$dir/wrk.txt" &&
  echo "    (peer page: $(grep 'Non-2xx\|Socket errors' "$dir/wrk.txt" | tr -s ' ' | tr '\n' ' '))"
printf '  %-40s %6s %6s %9s %9s %10s %9s %7s\n' "peer page (the demo CPS, logged in)" 1 \
  "$peer_bytes" "$rps" "$p99" "-" "-" "-"
echo "  belong serve peak RSS after the runs (VmHWM): $((hwm / 1024)) MiB" \
  "(goals: search ≥ 0.25× nginx, p99 ≤ 20 ms, peak RSS ≤ 96 MiB)"
