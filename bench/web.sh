#!/usr/bin/env bash
# web.sh — `belong serve` under load, against nginx serving the same bytes: wrk on loopback at
# CONNECTIONS connections against the search API (a town; words and a town) and an activity
# page, and against nginx (started here on a free loopback port with its own temporary config,
# stopped at the end) serving each of those answers as a static file of the same size, in the
# same run. Prints requests/s and p99 of each and the ratio to nginx's, and the server's peak
# RSS (VmHWM) after the whole worker pool has been busy. Run by bench/run.sh (bench_web).
# usage: bench/web.sh BELONG_BINARY DB [SECONDS [CONNECTIONS [THREADS]]]
# needs: wrk and nginx (Debian); bench/run.sh installs them when missing.
set -euo pipefail
belong=$1 db=$2 seconds=${3:-10} connections=${4:-64} threads=${5:-4}
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

"$belong" --db "$db" serve --listen 127.0.0.1:0 --threads "$threads" >"$dir/out" 2>"$dir/log" &
pid=$!
for _ in $(seq 600); do grep -q '^listening on ' "$dir/out" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$dir/out")
[ -n "$base" ] || { echo "web: belong serve did not start:" >&2; cat "$dir/log" >&2; exit 70; }

# The answers under test, each saved as the static file nginx serves in its place.
mkdir -p "$dir/www"
paths=("/api/v1/activities?town=Worcester&limit=20" "/api/v1/activities?q=group&town=Worcester&limit=20")
curl -sf -o "$dir/www/search-town.json" "$base${paths[0]}"
curl -sf -o "$dir/www/search-words.json" "$base${paths[1]}"
id=$(jq '.items[0].id' "$dir/www/search-town.json")
paths+=("/activities/$id")
curl -sf -o "$dir/www/activity.html" "$base${paths[2]}"
files=(search-town.json search-words.json activity.html)

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
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/activity.html" && break; sleep 0.1; done

# run_wrk URL: sets $rps and $p99 (milliseconds).
run_wrk() {
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$1" >"$dir/wrk.txt" 2>&1
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$dir/wrk.txt")
  p99=$(awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
    printf "%.2f", v * (u == "us" ? 0.001 : u == "s" ? 1000 : u == "m" ? 60000 : 1) }' "$dir/wrk.txt")
  if grep -q 'Non-2xx\|Socket errors' "$dir/wrk.txt"; then
    echo "    ($1: $(grep 'Non-2xx\|Socket errors' "$dir/wrk.txt" | tr -s ' ' | tr '\n' ' '))"
  fi
}

echo "  $connections connections, ${seconds} s each, wrk -t2; belong serve --threads $threads"
printf '  %-52s %8s %10s %9s %10s %7s\n' "what" "bytes" "req/s" "p99 ms" "nginx r/s" "ratio"
for i in "${!paths[@]}"; do
  bytes=$(stat -c %s "$dir/www/${files[i]}")
  run_wrk "$base${paths[i]}"
  b_rps=$rps b_p99=$p99
  run_wrk "http://127.0.0.1:$port/${files[i]}"
  ratio=$(awk -v a="$b_rps" -v b="$rps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  printf '  %-52s %8s %10s %9s %10s %7s\n' "${paths[i]}" "$bytes" "$b_rps" "$b_p99" "$rps" "$ratio"
  printf '  %-52s %8s %10s %9s\n' "  nginx: the same bytes as a static file" "$bytes" "$rps" "$p99"
done
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "  belong serve peak RSS after the runs (VmHWM): $((hwm / 1024)) MiB" \
  "(goals: search ≥ 0.25× nginx, p99 ≤ 20 ms, peak RSS ≤ 96 MiB)"
