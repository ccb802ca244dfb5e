#!/usr/bin/env bash
# test-web-gate.sh — the server's gate (docs/web.md, "The order of the checks"): it runs once a
# request, at the header when a body is announced, and its verdict is kept for the body: a
# session that ends between the header and the body does not undo a request already let in
# (its change is made, as for any request in flight when a session ends); and a change to a
# peer the caller may not change is 404 before any of its body is read or parsed, exactly as
# for a peer that does not exist: the same body, the same audit row.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/web-gate"
db="$tmp/g.db"
mkdir -p "$tmp"
. "$(dirname "$0")/web-lib.sh"
"$BELONG" --db "$db" import ical "$FIXTURES/web/matrix.ics" >/dev/null 2>&1
web_user_add root --role admin --cps root
web_user_add kim --role cps --cps root
web_user_add lee --role cps --cps root
add_peer() { "$BELONG" --db "$db" peer add --name "$1" --home 01610 --cps "$2" 2>/dev/null |
  sed -n 's/^added peer \([0-9]*\):.*/\1/p'; }
mine=$(add_peer Rosa kim)
theirs=$(add_peer Omar lee)
missing=$((theirs + 100))
tok=$("$BELONG" --db "$db" user token kim --cps kim 2>/dev/null)
check "kim and lee each have a peer; kim a token" test -n "$mine" -a -n "$theirs" -a -n "$tok"
web_start
q() { sqlite3 "$db" "$1"; }

# ---- a session that ends between the header and the body --------------------------------------
# The header is sent, the session is ended (its row deleted, as a logout in another tab or an
# admin's disabling does), then the body: the gate's verdict at the header stands.
web_login kim "$PW" "$tmp/kim"
fetch -b "$tmp/kim" "$base/peers/new"
csrf=$(form_csrf)
token=$(awk '$6 == "belong_session" {print $7}' "$tmp/kim")
split_post() { # PATH BODY: the header, then the session ended, then the body; prints the answer
  python3 - "$base" "$1" "$2" "$token" "$db" <<'PY'
import socket, sqlite3, sys, time
from urllib.parse import urlparse
base, path, body, token, db = sys.argv[1:6]
u = urlparse(base)
s = socket.create_connection((u.hostname, u.port), timeout=30)
s.sendall(("POST %s HTTP/1.1\r\nHost: %s:%d\r\nCookie: belong_session=%s\r\n"
           "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n"
           "Connection: close\r\n\r\n" % (path, u.hostname, u.port, token, len(body))).encode())
time.sleep(1)  # the server reads the header and runs the gate
c = sqlite3.connect(db, timeout=10)
c.execute("DELETE FROM session")
c.commit()
c.close()
s.sendall(body.encode())
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
head = data.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
loc = [h.split(":", 1)[1].strip() for h in head if h.lower().startswith("location:")]
print(head[0].split(" ")[1], loc[0] if loc else "-")
PY
}
answer=$(split_post /peers/new "csrf=$csrf&name=Nadia&home=01610")
check "a session ended between the header and the body: the request let in at the header is made (303 to the new peer)" \
  eval 'case "$answer" in "303 /peers/"[0-9]*) true ;; *) false ;; esac'
check "... the peer is in kim's caseload" \
  test "$(BELONG_CPS=kim "$BELONG" --db "$db" peer list --json | jq '[.[] | select(.name == "Nadia")] | length')" = 1
check "... and its audit row says ok (from the client's address)" \
  test "$(q "SELECT count(*) FROM audit WHERE actor = 'kim' AND operation = 'peer.add' AND outcome = 'ok' AND origin = '127.0.0.1'")" = 1
fetch -b "$tmp/kim" "$base/peers/new"
check "... the next request with that session is nobody's (the login page)" \
  eval 'test "$code" = 303 && grep -qi "^Location: /login" <<<"$headers"'
web_login kim "$PW" "$tmp/kim"
fetch -b "$tmp/kim" "$base/peers/new"
csrf=$(form_csrf)
token=$(awk '$6 == "belong_session" {print $7}' "$tmp/kim")
fetch -b "$tmp/kim" --data "csrf=$csrf&name=Ines&home=01610" "$base/peers/new"
check "a session still open: the same form is made as ever" test "$code" = 303

# ---- another caseload's peer: 404 before the body ----------------------------------------------
call() { # METHOD PATH BODY [CONTENT-TYPE]: as kim's token; $code and $tmp/body
  code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $tok" \
    -H "Content-Type: ${4:-application/json}" --data-binary "$3" "$base$2")
}
refusals() { q "SELECT count(*) FROM audit WHERE actor = 'kim' AND peer_id = $1 AND operation = '$2' AND outcome = 'refused'"; }
before=$(db_digest "$db")
for route in "POST plans plan.add" "POST visits visit.add" "POST connections connection.add" \
  "POST measures measure.add" "PATCH - peer.edit" "DELETE - peer.delete"; do
  set -- $route
  suffix=$([ "$2" = - ] && echo "" || echo "/$2")
  call "$1" "/api/v1/peers/$missing$suffix" '{"activity_id": 1, "date": "2026-12-08"}'
  gone=$(cat "$tmp/body")
  call "$1" "/api/v1/peers/$theirs$suffix" '{"activity_id": 1, "date": "2026-12-08"}'
  check "$1 /api/v1/peers/{another's}$suffix, a well-formed body: 404, the bytes of a missing peer's" \
    eval 'test "$code" = 404 && test "$(cat "$tmp/body")" = "$gone"'
  check "... its audit row: $3 refused" test "$(refusals "$theirs" "$3")" = 1
  call "$1" "/api/v1/peers/$theirs$suffix" '{"activity_id": 1, "da'
  check "... a malformed body: 404 too (nothing of it parsed), not 400" \
    eval 'test "$code" = 404 && test "$(cat "$tmp/body")" = "$gone"'
  call "$1" "/api/v1/peers/$theirs$suffix" 'x' text/plain
  check "... a type the API does not read: 404, not 415" test "$code" = 404
  call "$1" "/api/v1/peers/$mine$suffix" '{"activity_id": 1, "da'
  [ "$1" = DELETE ] || check "... to kim's own peer, the malformed body is 400 as before" test "$code" = 400
done
check "nothing of lee's peer changed" test "$(db_digest "$db")" = "$before"
printf 'POST /api/v1/peers/%s/plans HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 60000\r\nContent-Type: application/json\r\n\r\n{' \
  "$theirs" "$tok" >"$tmp/req"
check "a body announced to another's peer is answered 404 before it is sent" \
  eval 'test "$(python3 "$BELONG_ROOT/tests/cli/raw_http.py" send "$base" "$tmp/req")" = 404'
printf 'POST /api/v1/peers/%s/plans HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 60000\r\nContent-Type: application/json\r\n\r\n{' \
  "$missing" "$tok" >"$tmp/req"
check "... as to a peer that does not exist" \
  eval 'test "$(python3 "$BELONG_ROOT/tests/cli/raw_http.py" send "$base" "$tmp/req")" = 404'

# The forms: the same 404 as a missing peer's, before the form is decoded.
for form in edit measures plans plans/close visits connections connections/edit connections/end delete; do
  fetch -b "$tmp/kim" --data "csrf=$csrf&name=%zz" "$base/peers/$missing/$form"
  gone_code=$code
  cp "$tmp/body" "$tmp/gone.html"
  fetch -b "$tmp/kim" --data "csrf=$csrf&name=%zz" "$base/peers/$theirs/$form"
  check "POST /peers/{another's}/$form, a malformed form: 404, as for a missing peer" \
    eval 'test "$code" = 404 -a "$gone_code" = 404 && test "$(sed "s/peer $theirs /peer N /g" "$tmp/body")" = "$(sed "s/peer $missing /peer N /g" "$tmp/gone.html")"'
done
fetch -b "$tmp/kim" --data "csrf=$csrf&name=%zz" "$base/peers/$mine/edit"
check "... kim's own peer's malformed form: 400 as before" test "$code" = 400
check "nothing changed by any of it" test "$(db_digest "$db")" = "$before"
web_stop
finish
