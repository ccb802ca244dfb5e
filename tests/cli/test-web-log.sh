#!/usr/bin/env bash
# test-web-log.sh — the access log written in batches (docs/web.md, server.c): a quiet server's
# line is there once its request is answered; lines of requests answered while another request
# is in flight are written by the watcher within about a second; every line of a busy run is
# there after SIGTERM, before "stopped", one whole line per request.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/web-log"
mkdir -p "$tmp"
db="$tmp/a.db"
export BELONG_NOW=2026-12-01T09:00
"$BELONG" --db "$db" import ical "$FIXTURES/web/matrix.ics" >/dev/null 2>&1
. "$(dirname "$0")/web-lib.sh"
web_start
check "the server started" test -n "$base"

# log_has_within SECONDS PATTERN COUNT: the log holds COUNT lines matching PATTERN by then.
log_has_within() {
  local i
  for i in $(seq $(($1 * 10))); do
    [ "$(grep -cE "$2" "$tmp/log")" -ge "$3" ] && return 0
    sleep 0.1
  done
  return 1
}

fetch "$base/api/v1/categories"
check "a quiet server's line is there once the request is answered" \
  log_has_within 1 '^GET /api/v1/categories 200 [0-9]+ [0-9]+\.[0-9]ms$' 1

# A request in flight (its header not all sent): the lines of the others wait for the watcher.
port=${base##*:}
exec {conn}<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /api/v1/activities/1 HTTP/1.1\r\nHost: test\r\n' >&"$conn"
sleep 0.3
for _ in 1 2 3; do fetch "$base/api/v1/activities?q=club"; done
check "with a request in flight, the others' lines are written within about a second" \
  log_has_within 3 '^GET /api/v1/activities 200 ' 3
printf 'Connection: close\r\n\r\n' >&"$conn"
answer=$(timeout 10 cat <&"$conn" | tr -d '\r')
exec {conn}>&-
check "the request in flight is answered" eval 'case "$answer" in "HTTP/1.1 200"*) true ;; *) false ;; esac'
check "and its line follows" log_has_within 3 '^GET /api/v1/activities/\{id\} 200 ' 1

# A busy run (8 at a time), then SIGTERM at once: every line is written before "stopped".
seq 200 | xargs -P 8 -I{} curl -s -o /dev/null "$base/api/v1/activities?offset={}&limit=2"
web_stop
check "the server exits 0 after SIGTERM" test "$web_status" = 0
check "after SIGTERM the log holds a whole line for each of the 200 requests" \
  test "$(grep -cE '^GET /api/v1/activities 200 [0-9]+ [0-9]+\.[0-9]ms$' "$tmp/log")" = 203
check "written before the server says it stopped" \
  test "$(grep -nE '^GET ' "$tmp/log" | tail -1 | cut -d: -f1)" -lt "$(grep -n 'stopped' "$tmp/log" | cut -d: -f1)"
check "no line is cut or run into another" \
  eval '! grep -vE "^(GET [^ ]+ [0-9]{3} [0-9]+ [0-9]+\.[0-9]ms|belong serve: .*)$" "$tmp/log"'

finish
