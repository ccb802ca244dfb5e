#!/usr/bin/env bash
# test-api-order.sh — the order of the server's checks (docs/web.md): who is asking and whether
# the route is theirs (401, 403, the login page) come before anything is read of the body, so a
# malformed, oversized or chunked-past-the-cap body from nobody is 401, not 400 or 413; a
# caller the route is theirs gets 400/413 for such a body as before; the audit trail of a
# change the API refused for its input holds no "ok" row for it (an "invalid" one); and an
# archived peer of one's own is 409 "archived" on a change, as the CLI says, on the API and the
# web's forms alike, while another caseload's archived peer stays 404.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/api-order"
mkdir -p "$tmp"
export BELONG_DB="$tmp/a.db" BELONG_NOW=2026-12-01T09:00
unset BELONG_CPS
raw() { python3 "$BELONG_ROOT/tests/cli/raw_http.py" "$@"; }

"$BELONG" import ical "$FIXTURES/web/matrix.ics" >/dev/null 2>&1
printf 'correct horse battery\n' | "$BELONG" user add root --role admin --cps root >/dev/null 2>&1
printf 'correct horse battery\n' | "$BELONG" user add kim --role cps --cps root >/dev/null 2>&1
tok=$("$BELONG" user token kim --cps kim 2>/dev/null)
peer=$("$BELONG" peer add --name Rosa --home 01610 --cps kim 2>/dev/null |
  sed -n 's/^added peer \([0-9]*\):.*/\1/p')
check "kim has a peer and a token" test -n "$peer" -a -n "$tok"

serve_start "$tmp/log"

# call AUTH METHOD PATH BODY [CONTENT-TYPE]: AUTH "-" none, "bad" a wrong token, else kim's.
# Sets $code and $tmp/body.
call() {
  local args=(-s -o "$tmp/body" -w '%{http_code}' -X "$2")
  case $1 in
    -) ;;
    bad) args+=(-H "Authorization: Bearer $(printf '%064d' 0)") ;;
    *) args+=(-H "Authorization: Bearer $tok") ;;
  esac
  [ -n "${4:-}" ] && args+=(-H "Content-Type: ${5:-application/json}" --data-binary "$4")
  code=$(curl "${args[@]}" "$base$3")
}
head -c 70000 /dev/zero | tr '\0' 'a' | sed 's/^/{"name":"/; s/$/"}/' >"$tmp/big.json"

# ---- nobody: 401 whatever the body ------------------------------------------------------------
for route in /api/v1/peers "/api/v1/peers/$peer/plans" /api/v1/plans/1 /api/v1/me; do
  method=POST
  case $route in /api/v1/plans/*) method=PATCH ;; /api/v1/me) method=GET ;; esac
  call - "$method" "$route" '{"name": "Ro'
  check "$method $route, a body that is not JSON, no credentials: 401" test "$code" = 401
  call bad "$method" "$route" '{"name": "Ro'
  check "... with a wrong token: 401" test "$code" = 401
  call - "$method" "$route" 'name=%zz' application/x-www-form-urlencoded
  check "... a malformed form: 401" test "$code" = 401
  call - "$method" "$route" 'x' text/plain
  check "... a type the API does not read: 401, not 415" test "$code" = 401
  call - "$method" "$route" "@$tmp/big.json"
  check "... a body over the cap: 401, not 413" test "$code" = 401
  check "... answered as JSON naming no field" test "$(jq -r .error.code "$tmp/body")" = unauthorized
done
{
  printf 'POST /api/v1/peers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n'
  for _ in $(seq 80); do printf '400\r\n%s\r\n' "$(head -c 1024 /dev/zero | tr '\0' a)"; done
  printf '0\r\n\r\n'
} >"$tmp/req"
check "a chunked body past the cap, no credentials: 401" eval 'test "$(raw send "$base" "$tmp/req")" = 401'
printf 'POST /api/v1/peers HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nContent-Type: application/json\r\n\r\n{' >"$tmp/req"
check "a Content-Length past the cap, no credentials: 401 before the body is sent" \
  eval 'test "$(raw send "$base" "$tmp/req")" = 401'
# Within the cap too: nothing of a body from nobody is read or held (the upload route's cap is
# 64 MiB: a body held before the 401 would let anyone fill the server's memory).
printf 'POST /api/v1/peers HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\nContent-Type: application/json\r\n\r\n{' >"$tmp/req"
check "a Content-Length within the cap, no credentials: 401 before the body is sent" \
  eval 'test "$(raw send "$base" "$tmp/req")" = 401'
printf 'POST /admin/imports HTTP/1.1\r\nHost: x\r\nContent-Length: 60000000\r\nContent-Type: multipart/form-data; boundary=b\r\n\r\n--b' >"$tmp/req"
check "an upload of 60 MB to the imports page, no login: the login page (303) before the body is sent" \
  eval 'test "$(raw send "$base" "$tmp/req")" = 303'
printf 'POST /admin/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 60000000\r\nContent-Type: multipart/form-data; boundary=b\r\n\r\n--b' "$tok" >"$tmp/req"
check "... with a CPS's token: 403 before the body is sent" \
  eval 'test "$(raw send "$base" "$tmp/req")" = 403'
{
  printf 'POST /admin/imports HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: multipart/form-data; boundary=b\r\n\r\n'
  printf '400\r\n%s\r\n' "$(head -c 1024 /dev/zero | tr '\0' a)"
} >"$tmp/req"
check "... chunked, no login: the login page (303) before the rest is sent" \
  eval 'test "$(raw send "$base" "$tmp/req")" = 303'
{
  printf 'POST /api/v1/peers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nAuthorization: Bearer %s\r\n\r\n' "$tok"
  for _ in $(seq 80); do printf '400\r\n%s\r\n' "$(head -c 1024 /dev/zero | tr '\0' a)"; done
  printf '0\r\n\r\n'
} >"$tmp/req"
check "... the same with kim's token: 413" eval 'test "$(raw send "$base" "$tmp/req")" = 413'

# A page for another role: 403 before the body (a CPS's token on an admin's form).
call kim POST /admin/users 'name=%zz' application/x-www-form-urlencoded
check "a malformed form to an admin's page, as a CPS: 403, not 400" test "$code" = 403
call kim POST /admin/users "@$tmp/big.json"
check "... a body over the cap: 403, not 413" test "$code" = 403
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-binary 'name=%zz' "$base/admin/users")
check "... and as nobody: the login page (303), not 400" test "$code" = 303

# ---- a caller the route is theirs: the body's own answers --------------------------------------
call kim POST /api/v1/peers '{"name": "Ro'
check "kim, a body that is not JSON: 400" test "$code" = 400
call kim POST /api/v1/peers "@$tmp/big.json"
check "kim, a body over the cap: 413, code body_too_large" \
  test "$code" = 413 -a "$(jq -r .error.code "$tmp/body")" = body_too_large
call kim POST /api/v1/peers 'x' text/plain
check "kim, another type: 415" test "$code" = 415

# ---- the audit trail of a change the API refused for its input --------------------------------
q() { sqlite3 "$BELONG_DB" "$1"; }
rows() { q "SELECT count(*) FROM audit WHERE actor = 'kim' AND operation = '$1' AND peer_id = $peer AND outcome = '$2'"; }
call kim POST "/api/v1/peers/$peer/visits" '{"activity_id":1,"date":"2026-12-08","went":true}'
check "a visit dated in the future: 400" test "$code" = 400 -a "$(jq -r .error.field "$tmp/body")" = date
check "... no \"ok\" row for visit.add" test "$(rows visit.add ok)" = 0
check "... an \"invalid\" one, from the client's address" \
  test "$(q "SELECT count(*) FROM audit WHERE operation = 'visit.add' AND outcome = 'invalid' AND origin = '127.0.0.1'")" = 1
call kim PATCH "/api/v1/peers/$peer" '{"comfort":9}'
check "a peer's bad value: 400, and no \"ok\" row for peer.edit" test "$code" = 400 -a "$(rows peer.edit ok)" = 0
call kim POST "/api/v1/peers/$peer/plans" '{"activity_id":1,"date":"2026-11-20"}'
check "a plan in the past: 400, and no \"ok\" row for plan.add" test "$code" = 400 -a "$(rows plan.add ok)" = 0
call kim POST "/api/v1/peers/$peer/measures" '{"instrument":"ucla3","answers":[1,1,9]}'
check "a measure's answer out of range: 400, and no \"ok\" row" test "$code" = 400 -a "$(rows measure.add ok)" = 0
call kim POST "/api/v1/peers/$peer/measures" '{"instrument":"ucla3","answers":[1,1,1]}'
check "the same measure, right: 201, and its \"ok\" row" test "$code" = 201 -a "$(rows measure.add ok)" = 1

# ---- an archived peer of one's own: 409 "archived", as the command line says it ----------------
"$BELONG" peer archive "$peer" --cps kim >/dev/null 2>&1
cli_err=$("$BELONG" plan add "$peer" 1 --date 2026-12-08 --cps kim 2>&1 >/dev/null)
call kim POST "/api/v1/peers/$peer/plans" '{"activity_id":1,"date":"2026-12-08"}'
check "a plan for kim's archived peer: 409" test "$code" = 409
check "... code archived, field peer" test "$(jq -r .error.code "$tmp/body")/$(jq -r .error.field "$tmp/body")" = archived/peer
check "... saying what the command line says" test "belong plan add: $(jq -r .error.message "$tmp/body")" = "$cli_err"
call kim POST "/api/v1/peers/$peer/measures" '{"instrument":"ucla3","answers":[1,1,1]}'
check "a measure for them: 409 archived" test "$code" = 409 -a "$(jq -r .error.code "$tmp/body")" = archived
check "... audited as invalid, not ok" test "$(rows measure.add ok)/$(rows measure.add invalid)" = 1/2
call kim GET "/api/v1/peers/$peer"
check "the archived peer still reads: 200, archived" test "$code" = 200 -a "$(jq -r .archived "$tmp/body")" = true
code=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Authorization: Bearer $tok" \
  --data-urlencode activity=1 --data-urlencode date=2026-12-08 "$base/peers/$peer/plans")
check "the web's plan form for them: 409, naming the peer" \
  eval 'test "$code" = 409 && grep -q "peer $peer is archived" "$tmp/body"'
printf 'correct horse battery\n' | "$BELONG" user add lou --role cps --cps root >/dev/null 2>&1
other=$("$BELONG" peer add --name Ola --cps lou 2>/dev/null | sed -n 's/^added peer \([0-9]*\):.*/\1/p')
"$BELONG" peer archive "$other" --cps lou >/dev/null 2>&1
call kim POST "/api/v1/peers/$other/plans" '{"activity_id":1,"date":"2026-12-08"}'
cp "$tmp/body" "$tmp/other"
call kim POST "/api/v1/peers/999999/plans" '{"activity_id":1,"date":"2026-12-08"}'
check "another caseload's archived peer: 404, the body of a missing one" \
  eval 'test "$code" = 404 && cmp -s "$tmp/body" "$tmp/other"'
"$BELONG" peer archive "$peer" --restore --cps kim >/dev/null 2>&1
call kim POST "/api/v1/peers/$peer/plans" '{"activity_id":1,"date":"2026-12-09"}'
check "restored, the plan is taken: 201" test "$code" = 201

finish
