#!/usr/bin/env bash
# test-api-matrix.sh — the peer API's role x route x verb matrix against a real server on an
# ephemeral loopback port (killed by a trap): every route and method of
# tests/fixtures/web/api-matrix.tsv as nobody, a CPS on their own peer and on another caseload's,
# a supervisor on their team's peer and on another team's, and an admin, each answered with the
# status the table says; ID guessing (another caseload's ids, missing, huge, 0, negative) all
# 404 with one body, byte for byte; and the audit trail holding the refused accesses.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/api-matrix"
mkdir -p "$tmp"
export BELONG_DB="$tmp/m.db"
unset BELONG_CPS

# ---- the accounts, the directory, and each caseload's records -------------------------------
"$BELONG" import ical "$FIXTURES/web/matrix.ics" >/dev/null 2>&1
add() { printf 'correct horse battery\n' | "$BELONG" user add "$@" --cps root >/dev/null 2>&1; }
add root --role admin
add supa --role supervisor
add supb --role supervisor
add alice --role cps --supervisor supa
add bob --role cps --supervisor supb
declare -A token
for u in root supa supb alice bob; do
  token[$u]=$("$BELONG" user token "$u" --cps root 2>/dev/null)
done
check "every user has an API token" test -n "${token[root]}" -a -n "${token[bob]}"

# make_records OWNER: a new peer of OWNER's caseload with a plan, a visit, a connection and a
# measure. OUT: $r_peer $r_plan $r_conn $r_measure.
make_records() {
  r_peer=$("$BELONG" peer add --name "Pat $1" --home 01610 --cps "$1" 2>/dev/null |
    sed -n 's/^added peer \([0-9]*\):.*/\1/p')
  r_plan=$("$BELONG" plan add "$r_peer" 1 --date 2026-12-02 --json --cps "$1" 2>/dev/null | jq .id)
  "$BELONG" visit add "$r_peer" --activity 1 --date 2026-11-25 --went yes --cps "$1" >/dev/null 2>&1
  r_conn=$("$BELONG" connection add "$r_peer" Jo --relationship friend --closeness 3 --json \
    --cps "$1" 2>/dev/null | jq .id)
  r_measure=$("$BELONG" measure add "$r_peer" ucla3 --answers 1,2,3 --json --cps "$1" 2>/dev/null |
    jq .id)
}
# make_archived OWNER: the same, then the peer archived. OUT: $x_peer $x_plan $x_conn $x_measure.
make_archived() {
  make_records "$1"
  "$BELONG" peer archive "$r_peer" --cps "$1" >/dev/null 2>&1
  x_peer=$r_peer x_plan=$r_plan x_conn=$r_conn x_measure=$r_measure
}
make_archived alice
ax_peer=$x_peer ax_plan=$x_plan ax_conn=$x_conn ax_measure=$x_measure
make_archived bob
bx_peer=$x_peer bx_plan=$x_plan bx_conn=$x_conn bx_measure=$x_measure
make_records alice
a_peer=$r_peer a_plan=$r_plan a_conn=$r_conn a_measure=$r_measure
make_records bob
b_peer=$r_peer b_plan=$r_plan b_conn=$r_conn b_measure=$r_measure
check "each caseload has a peer with a plan, a connection and a measure" \
  test "$a_peer" -gt 0 -a "$a_plan" -gt 0 -a "$a_conn" -gt 0 -a "$b_measure" -gt 0

# ---- the server -----------------------------------------------------------------------------
serve_start "$tmp/log"
check "the server listens on a loopback port" test -n "$base"

# call USER METHOD PATH [BODY]: sets $code and $tmp/body. USER "-" sends no credentials.
call() {
  local args=(-s -o "$tmp/body" -w '%{http_code}' -X "$2")
  [ "$2" = HEAD ] && args=(-s -I -o "$tmp/body" -w '%{http_code}')
  [ "$1" != - ] && args+=(-H "Authorization: Bearer ${token[$1]}")
  [ -n "${4:-}" ] && [ "$4" != - ] && args+=(-H 'Content-Type: application/json' --data-binary "$4")
  code=$(curl "${args[@]}" "$base$3")
}

# ---- the matrix -----------------------------------------------------------------------------
columns=(nobody cps_own cps_other sup_team sup_other admin)
callers=(- alice alice supa supa root)
owners=(alice alice bob alice bob alice)
rows=0
while IFS=$'\t' read -r method path body e0 e1 e2 e3 e4 e5; do
  case "$method" in '#'* | method | '') continue ;; esac
  expected=("$e0" "$e1" "$e2" "$e3" "$e4" "$e5")
  wrong=""
  for i in 0 1 2 3 4 5; do
    owner=${owners[$i]}
    if [ "$owner" = alice ]; then
      r_peer=$a_peer r_plan=$a_plan r_conn=$a_conn r_measure=$a_measure
      x_peer=$ax_peer x_plan=$ax_plan x_conn=$ax_conn x_measure=$ax_measure
    else
      r_peer=$b_peer r_plan=$b_plan r_conn=$b_conn r_measure=$b_measure
      x_peer=$bx_peer x_plan=$bx_plan x_conn=$bx_conn x_measure=$bx_measure
    fi
    # A change that is meant to succeed gets records of its own, so that no row depends on
    # another's order.
    case "$method:${expected[$i]}:$path" in
      GET:* | HEAD:*) ;;
      *:2*:*'{archived}'*) make_archived "$owner" ;;
      *:2*) make_records "$owner" ;;
    esac
    url=${path//\{peer\}/$r_peer}
    url=${url//\{plan\}/$r_plan}
    url=${url//\{conn\}/$r_conn}
    url=${url//\{measure\}/$r_measure}
    url=${url//\{archived\}/$x_peer}
    url=${url//\{aplan\}/$x_plan}
    url=${url//\{aconn\}/$x_conn}
    url=${url//\{ameasure\}/$x_measure}
    call "${callers[$i]}" "$method" "$url" "$body"
    [ "$code" = "${expected[$i]}" ] ||
      wrong+="${columns[$i]}: $code, expected ${expected[$i]} ($(head -c 300 "$tmp/body"))"$'\n'
  done
  rows=$((rows + 1))
  if [ -z "$wrong" ]; then _report 0 "$method $path: each caller gets the status of the table"; else
    _report 1 "$method $path: each caller gets the status of the table" "$wrong"; fi
done <"$FIXTURES/web/api-matrix.tsv"
check "the matrix has every route of the peer API" test "$rows" -ge 20

# Every API route and method of the server is in the table (GET stands for HEAD too).
"$BELONG" serve --routes | grep ' /api/v1/\(peers\|plans\|connections\|measures\)' |
  awk '{ for (i = 1; i < NF; i++) print $i " " $NF }' | sort >"$tmp/routes"
awk -F'\t' '!/^#/ && $1 != "method" && $1 != "HEAD" { print $1 " " $2 }' \
  "$FIXTURES/web/api-matrix.tsv" |
  sed -E 's#/peers/\{(peer|archived)\}#/peers/{id}#; s#/(plans|connections|measures)/\{[a-z]+\}#/\1/{id}#' |
  sort -u >"$tmp/table"
missing=$(comm -23 "$tmp/routes" "$tmp/table")
check "every peer route and method of the server is in the matrix" test -z "$missing"
[ -n "$missing" ] && printf '#   not in the matrix: %s\n' "$missing"

# ---- ID guessing: all 404, one body ---------------------------------------------------------
call alice GET "/api/v1/peers/999999"
first_body=$(cat "$tmp/body")
guess() { # METHOD PATH [BODY]
  call alice "$1" "$2" "${3:-}"
  if [ "$code" = 404 ] && [ "$(cat "$tmp/body")" = "$first_body" ]; then
    _report 0 "$1 $2 as alice: 404 with the one body"
  else
    _report 1 "$1 $2 as alice: 404 with the one body" "$code: $(cat "$tmp/body")"
  fi
}
check "a missing peer is 404 with an error body" test "$code" = 404 -a -n "$first_body"
for p in "$b_peer" 2147483647 99999999999999999999 0 -1 007 "$b_peer.0"; do
  guess GET "/api/v1/peers/$p"
done
guess PATCH "/api/v1/peers/$b_peer" '{"pronouns":"she/her"}'
guess DELETE "/api/v1/peers/$b_peer"
for sub in suggestions export plans visits connections measures; do
  guess GET "/api/v1/peers/$b_peer/$sub"
done
guess POST "/api/v1/peers/$b_peer/measures" '{"instrument":"ucla3","answers":[1,1,1]}'
guess PATCH "/api/v1/plans/$b_plan" '{"status":"done"}'
guess PATCH "/api/v1/plans/999999" '{"status":"done"}'
guess PATCH "/api/v1/plans/0" '{"status":"done"}'
guess PATCH "/api/v1/connections/$b_conn" '{"closeness":1}'
guess POST "/api/v1/connections/$b_conn/end" '{}'
guess POST "/api/v1/connections/-3/end" '{}'
guess DELETE "/api/v1/measures/$b_measure"
guess DELETE "/api/v1/measures/99999999999"
call alice GET "/api/v1/peers/$b_peer"
check "the 404 says nothing of whose the record is" \
  eval '! grep -qE "bob|supb|$b_peer" "$tmp/body"'

# Nothing of bob's changed: his records read as they did.
call bob GET "/api/v1/peers/$b_peer/measures"
check "bob's measures are all still there" test "$code" = 200 -a "$(jq .total "$tmp/body")" = 1
call bob GET "/api/v1/peers/$b_peer/connections"
check "bob's connection did not end" test "$(jq -r '.items[0].ended_on' "$tmp/body")" = null
call bob GET "/api/v1/peers/$b_peer/plans"
check "bob's plan is still planned" test "$(jq -r '.items[0].status' "$tmp/body")" = planned

# ---- the audit trail holds the refusals -----------------------------------------------------
kill -TERM "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=""
run "$BELONG" audit --json --peer "$b_peer" --cps root
expect_status 0 "the admin reads the audit trail of bob's peer"
refused() { printf '%s' "$out" | jq "[.[] | select(.user==\"$1\" and .outcome==\"refused\")] | length"; }
check "alice's refused accesses to bob's peer are in it" test "$(refused alice)" -ge 10
check "supa's refused accesses to another team's peer are in it" test "$(refused supa)" -ge 5
check "... from the web client's address" \
  test "$(printf '%s' "$out" | jq -r '[.[] | select(.user=="alice")][0].origin')" = 127.0.0.1
check "bob's own reads are in it, allowed" \
  test "$(printf '%s' "$out" | jq '[.[] | select(.user=="bob" and .outcome=="ok")] | length')" -ge 3
check "the log holds no peer's name, token or id" \
  eval '! grep -qE "Pat (alice|bob)|${token[alice]}|/peers/[0-9]" "$tmp/log"'

finish
