# lib.sh — shared helpers for the CLI tests (tests/cli/test-*.sh). Source it; it prints TAP.
#   run CMD...            runs a command, keeping its status in $status, stdout in $out, stderr in $err
#   ok COND_DESC          after a check: `check "description" test-expression...`
#   expect_status N desc  compares $status
#   expect_out_has TEXT desc / expect_err_has TEXT desc
#   peer_id DB CPS NAME   the id of a peer by name (names are sealed: not found by SQL)
#   db_digest PATH        a digest of a database's contents, to prove nothing changed (the
#                         audit trail's rows left out: a refused access is meant to add one)
#   $LISTING              SQL: each activity row with its organisation's and place's fields
#                         (organization, location_name, address, town, zip), for FROM
# Environment (set by tests/run.sh): BELONG (the binary), BELONG_TEST_TMP, BELONG_ROOT.
set -u
: "${BELONG:?run through tests/run.sh}"
FIXTURES="$BELONG_ROOT/tests/fixtures"
LISTING="(SELECT a.*, o.name AS organization, l.name AS location_name, l.address AS address,
  l.town AS town, l.zip AS zip FROM activity a
  LEFT JOIN organization o ON o.id = a.organization_id
  LEFT JOIN location l ON l.id = a.location_id)"
export BELONG_NOW="${BELONG_NOW:-2026-12-01T09:00}"
_tap_n=0
_tap_failed=0
status=0
out=""
err=""

run() {
  local o e
  o=$(mktemp "$BELONG_TEST_TMP/out.XXXXXX")
  e=$(mktemp "$BELONG_TEST_TMP/err.XXXXXX")
  "$@" >"$o" 2>"$e"
  status=$?
  out=$(cat "$o")
  err=$(cat "$e")
  rm -f "$o" "$e"
}

_report() { # $1: 0 pass / 1 fail, $2: description, $3: detail on failure
  _tap_n=$((_tap_n + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $_tap_n - $2"
  else
    echo "not ok $_tap_n - $2"
    [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
    _tap_failed=$((_tap_failed + 1))
  fi
}

check() { # check "description" test-args...
  local desc=$1
  shift
  if "$@"; then _report 0 "$desc"; else _report 1 "$desc" "failed: $*"; fi
}

expect_status() {
  if [ "$status" -eq "$1" ]; then _report 0 "$2"; else
    _report 1 "$2" "exit status $status, expected $1; stderr: $err"; fi
}

expect_out_has() {
  case "$out" in *"$1"*) _report 0 "$2" ;; *) _report 1 "$2" "stdout lacks '$1'; stdout: ${out:0:2000}" ;; esac
}

expect_err_has() {
  case "$err" in *"$1"*) _report 0 "$2" ;; *) _report 1 "$2" "stderr lacks '$1'; stderr: ${err:0:2000}" ;; esac
}

# A digest of every table's rows (schema included), so a test can prove a failed import wrote
# nothing. Uses the sqlite3 shell.
db_digest() {
  [ -f "$1" ] || { echo "absent"; return; }
  sqlite3 "$1" .dump | grep -v -e '^PRAGMA' -e '^INSERT INTO audit ' | sha256sum | cut -d' ' -f1
}

# The id of the peer named $3 in caseload $2 of database $1, read through belong: a peer's name is
# sealed in the file (docs/privacy.md), so SQL cannot find it.
peer_id() {
  BELONG_CPS=$2 "$BELONG" --db "$1" peer list --archived --json |
    jq -r --arg n "$3" '[.[] | select(.name == $n)][0].id // empty'
}

finish() {
  echo "1..$_tap_n"
  [ "$_tap_failed" -eq 0 ]
}

# serve_start LOG [SERVE OPTIONS...]: starts `belong serve` (on $BELONG_DB) on an ephemeral
# loopback port with 2 workers, its stderr in LOG, killed by an EXIT trap; waits until it
# listens. Sets $server_pid and $base (http://127.0.0.1:PORT).
serve_start() {
  local log=$1
  shift
  : >"$log.listening"
  "$BELONG" serve --listen 127.0.0.1:0 --threads 2 "$@" >"$log.listening" 2>"$log" &
  server_pid=$!
  trap '[ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; wait 2>/dev/null' EXIT
  for _ in $(seq 300); do
    grep -q '^listening on ' "$log.listening" && break
    sleep 0.1
  done
  base=$(sed -n 's/^listening on //p' "$log.listening")
}

# browser_ready: whether tests/browser's npm packages are installed; reports and exits 1 if not.
browser_ready() {
  local dir="$BELONG_ROOT/tests/browser/node_modules"
  if [ ! -d "$dir/playwright-core" ] || [ ! -d "$dir/axe-core" ]; then
    _report 1 "playwright-core and axe-core are installed" "run scripts/deps.sh (make test does)"
    exit 1
  fi
}

# run_browser SCRIPT ARGS...: runs tests/browser/SCRIPT under node (its TAP lines count as this
# test's) in its own process group, so that the EXIT trap ends the server it started too should
# node die; checks that it exits 0.
run_browser() {
  local script=$1 node_pid status
  shift
  set -m
  node "$BELONG_ROOT/tests/browser/$script" "$@" &
  node_pid=$!
  set +m
  trap "kill -9 -- -$node_pid 2>/dev/null" EXIT
  wait "$node_pid"
  status=$?
  trap - EXIT
  check "the browser run exits 0" test "$status" -eq 0
}
