# web-lib.sh — helpers for the tests that talk to `belong serve` over HTTP. Source it after
# lib.sh, with $tmp (a scratch folder) and $db (the database) set; it kills its server on exit.
#   web_start [ENV=VALUE...] [-- SERVE OPTIONS...]  (re)starts a server on 127.0.0.1:0 over $db,
#                          its log appended to $tmp/log; sets $base (http://127.0.0.1:PORT)
#   web_stop               SIGTERM, and waits for it to exit (its status in $web_status)
#   fetch [CURL ARGS...] URL   one request: $code, $headers, the body in $tmp/body; a response
#                          without the security headers is noted in $missing_headers
#   header_has TEXT / body_has TEXT / json_is JQ VALUE / cookie_line NAME / form_csrf
#   web_login NAME PASSWORD [JAR [CURL ARGS...]]   the login form, then its POST (with the
#                          extra curl arguments, e.g. --data-urlencode next=/x), as a browser does
#   web_demo_db            the demo database in $db with the accounts root (admin), boss
#                          (supervisor), demo (cps, in boss's team) and demo2 (cps), password $PW
server_pid=""
responses=0
missing_headers=""
web_cleanup() { [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; wait 2>/dev/null; }
trap web_cleanup EXIT

web_stop() {
  web_status=""
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid"
  wait "$server_pid"
  web_status=$?
  server_pid=""
}

web_start() {
  local envs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
  [ "${1-}" = "--" ] && shift
  web_stop
  : >"$tmp/listening"
  env "${envs[@]}" "$BELONG" --db "$db" serve --listen 127.0.0.1:0 --threads 2 "$@" \
    >"$tmp/listening" 2>>"$tmp/log" &
  server_pid=$!
  for _ in $(seq 300); do
    grep -q '^listening on ' "$tmp/listening" && break
    sleep 0.1
  done
  base=$(sed -n 's/^listening on //p' "$tmp/listening")
}

fetch() {
  code=$(curl -s -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' "$@")
  headers=$(tr -d '\r' <"$tmp/headers")
  responses=$((responses + 1))
  local h
  for h in "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'" \
    "X-Content-Type-Options: nosniff" "Referrer-Policy: no-referrer" "Cache-Control: no-store"; do
    grep -qiF "$h" <<<"$headers" || missing_headers+="$* lacks $h"$'\n'
  done
}
header_has() { grep -qiF "$1" <<<"$headers"; }
body_has() { grep -qF -- "$1" "$tmp/body"; }
json_is() { test "$(jq -r "$1" "$tmp/body")" = "$2"; }
cookie_line() { grep -i "^Set-Cookie: $1=" <<<"$headers"; }
form_csrf() { grep -o 'name="csrf" value="[0-9a-f]*"' "$tmp/body" | head -1 | sed 's/.*value="//; s/"//'; }

web_login() {
  local name=$1 password=$2 jar=${3:-$tmp/jar} t
  shift 2
  [ $# -gt 0 ] && shift
  rm -f "$jar"
  fetch -c "$jar" "$base/login"
  t=$(form_csrf)
  fetch -b "$jar" -c "$jar" --data-urlencode "csrf=$t" --data-urlencode "name=$name" \
    --data-urlencode "password=$password" "$@" "$base/login"
}

PW="correct horse battery"
web_user_add() { printf '%s\n' "$PW" | "$BELONG" --db "$db" user add "$@" >/dev/null; }
web_demo_db() { # the accounts first: `belong demo` makes its own login demo only when none is
  web_user_add root --role admin
  web_user_add boss --role supervisor --cps root
  web_user_add demo --role cps --supervisor boss --cps root
  web_user_add demo2 --role cps --cps root
  "$BELONG" demo --db "$db" >/dev/null 2>&1
}
