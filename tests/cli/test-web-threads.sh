#!/usr/bin/env bash
# test-web-threads.sh — `belong serve`'s worker pool (docs/web.md): without --threads, one worker
# per CPU online, from 2 to 4; --threads N gives N (each worker a thread, beside the main thread
# and the watcher's); the searches are answered either way.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/web-threads"
mkdir -p "$tmp"
db="$tmp/a.db"
"$BELONG" --db "$db" import ical "$FIXTURES/web/matrix.ics" >/dev/null 2>&1
. "$(dirname "$0")/web-lib.sh"

cpus=$(getconf _NPROCESSORS_ONLN)
want=$((cpus < 2 ? 2 : cpus > 4 ? 4 : cpus))
# Started here, not by web_start (which asks for 2 workers).
"$BELONG" --db "$db" serve --listen 127.0.0.1:0 >"$tmp/listening" 2>>"$tmp/log" &
server_pid=$!
for _ in $(seq 300); do grep -q '^listening on ' "$tmp/listening" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$tmp/listening")
fetch "$base/api/v1/activities?q=club"
check "without --threads the search is answered" test "$code" = 200
tasks=$(ls "/proc/$server_pid/task" | wc -l)
check "without --threads: $want workers for $cpus CPUs (threads: $tasks, less main and watcher)" \
  test "$((tasks - 2))" = "$want"
web_start -- --threads 3
fetch "$base/api/v1/activities?q=club"
check "with --threads 3 the search is answered" test "$code" = 200
check "with --threads 3: 3 workers" test "$(($(ls "/proc/$server_pid/task" | wc -l) - 2))" = 3
web_stop
check "the server exits 0 after SIGTERM" test "$web_status" = 0

finish
