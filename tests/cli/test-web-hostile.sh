#!/usr/bin/env bash
# test-web-hostile.sh — a hostile client against `belong serve` (issue 13's review): session
# fixation and stale cookies at login, cookie flags on every Set-Cookie, CSRF tricks, bodies and
# paths libmicrohttpd lets through, ids out of range, open redirects and header injection, one
# answer for another caseload's peer and a missing one, and slow or many connections. Each
# finding fixed has a check here that fails without its fix. Servers are always killed (trap).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/web-hostile"
rm -rf "$tmp"
mkdir -p "$tmp"
db="$tmp/demo.db"
. "$(dirname "$0")/web-lib.sh"
web_demo_db
raw() { python3 "$BELONG_ROOT/tests/cli/raw_http.py" "$@"; }
jar_session() { awk '$6 == "belong_session" { print $7 }' "${1:-$tmp/jar}"; }
port_of() { sed 's|.*:||' <<<"$base"; }
# Every response's header is kept, to check each Set-Cookie at the end.
eval "$(declare -f fetch | sed '1s/fetch/fetch_one/')"
fetch() { fetch_one "$@"; tr -d '\r' <"$tmp/headers" >>"$tmp/all-headers"; }

web_start BELONG_WEB_REQUEST_SECONDS=3
check "the server starts" test -n "$base"

# ---- session fixation and stale cookies -------------------------------------------------------
# A login from a browser holding a stale (or planted) belong_session: the stale cookie is
# cleared by the authentication and the new one set by the login in the same response; both
# used to be sent, the clearing one last, and the login came back to the login page.
fetch -c "$tmp/jar" "$base/login"
t=$(form_csrf)
fetch -b "$tmp/jar" -b "belong_session=$(printf 'a%.0s' {1..64})" -c "$tmp/jar" \
  --data-urlencode "csrf=$t" --data-urlencode name=demo --data-urlencode "password=$PW" "$base/login"
check "a login with a planted session cookie answers 303 with one belong_session" \
  eval 'test "$code" = 303 && test "$(cookie_line belong_session | wc -l)" = 1'
check "that cookie is a new 256-bit token, not the planted one" \
  eval 'cookie_line belong_session | grep -qE "^Set-Cookie: belong_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/"'
fetch -b "$tmp/jar" "$base/dashboard"
check "and the dashboard is reached after it" eval 'test "$code" = 200 && body_has "<h1>My peers</h1>"'
old=$(jar_session)
web_login demo "$PW" "$tmp/jar2" -b "belong_session=$old"
new=$(jar_session "$tmp/jar2")
check "a login over a live session gives a new token" eval 'test -n "$new" -a "$new" != "$old"'
fetch -b "belong_session=$old" "$base/api/v1/me"
check "and the session the browser held ends (no fixation)" test "$code" = 401
fetch "$base/dashboard?belong_session=$new"
check "a session token in the URL is not a login" eval 'test "$code" = 303 && header_has "Location: /login"'
fetch -H "Cookie: belong_session=$new; belong_session=x" "$base/api/v1/me"
check "a duplicate cookie name is not a way around the session" eval 'test "$code" = 200 -o "$code" = 401'
fetch -b "belong_session=$old" -X POST "$base/logout"
check "logout with a stale token: 303 to /login, the cookie cleared" \
  eval 'test "$code" = 303 && cookie_line belong_session | grep -q "Max-Age=0"'
fetch -b "belong_session=$new" "$base/api/v1/me"
check "and it ends no one else's session" test "$code" = 200

# ---- a disabled user's session and API token --------------------------------------------------
web_user_add gone --role cps --cps root
web_login gone "$PW" "$tmp/jar3"
gone_session=$(jar_session "$tmp/jar3")
gone_token=$("$BELONG" --db "$db" user token gone --cps root 2>/dev/null | grep -oE '[0-9a-f]{64}' | head -1)
"$BELONG" --db "$db" user disable gone --cps root >/dev/null
fetch -b "belong_session=$gone_session" "$base/api/v1/me"
check "a disabled user's open session ends at once" test "$code" = 401
if [ -n "$gone_token" ]; then
  fetch -H "Authorization: Bearer $gone_token" "$base/api/v1/me"
  check "a disabled user's API token is refused" test "$code" = 401
fi

# ---- CSRF -------------------------------------------------------------------------------------
web_login demo "$PW"
fetch -b "$tmp/jar" "$base/dashboard"
csrf=$(form_csrf)
web_login demo2 "$PW" "$tmp/jar4"
fetch -b "$tmp/jar4" "$base/dashboard"
csrf_other=$(form_csrf)
fetch -b "$tmp/jar" -X POST "$base/logout"
check "logout without its CSRF token: 403" test "$code" = 403
fetch -b "$tmp/jar" --data-urlencode "csrf=$csrf_other" "$base/logout"
check "logout with another session's token: 403" test "$code" = 403
fetch -b "$tmp/jar" -H "Origin: http://evil.example" --data-urlencode "csrf=$csrf" "$base/logout"
check "the right token from another Origin: 403" test "$code" = 403
fetch -b "$tmp/jar" -H "Sec-Fetch-Site: cross-site" --data-urlencode "csrf=$csrf" "$base/logout"
check "the right token with Sec-Fetch-Site: cross-site: 403" test "$code" = 403
fetch -b "$tmp/jar" -H "Origin: http://evil.example@127.0.0.1:$(port_of)" --data-urlencode "csrf=$csrf" "$base/logout"
check "an Origin with the host in its user part: 403" test "$code" = 403
fetch -b "$tmp/jar" -X GET "$base/logout"
check "GET /logout changes nothing (405)" test "$code" = 405
fetch -b "$tmp/jar" -H "X-HTTP-Method-Override: POST" "$base/logout?csrf=$csrf"
check "a method override header is no POST" test "$code" = 405
fetch -b "$tmp/jar" --data-urlencode "csrf=$csrf" --data-urlencode "_method=GET" "$base/api/v1/me"
check "a form POST to an API route: 405" test "$code" = 405
fetch -b "$tmp/jar" "$base/api/v1/me"
check "the session still stands after every refused change" test "$code" = 200

# ---- bodies ----------------------------------------------------------------------------------
printf 'a=1&%.0s' $(seq 15000) >"$tmp/fields"
fetch -b "$tmp/jar" --data-binary "@$tmp/fields" "$base/logout"
check "a form of 15,000 fields is read (and the change needs its token: 403 without)" \
  test "$code" = 403
head -c 61440 /dev/zero | tr '\0' 'n' >"$tmp/name"
printf '=1' >>"$tmp/name"
fetch -b "$tmp/jar" --data-binary "@$tmp/name" "$base/login"
check "a field name of 60 KiB is not a crash" eval 'test "$code" = 403 -o "$code" = 400'
fetch -b "$tmp/jar" --data-binary 'csrf=x&name=%ff%fe' "$base/login"
check "invalid UTF-8 in a form value: 400 naming the field" eval 'test "$code" = 400 && body_has "name"'
fetch -b "$tmp/jar" --data-binary 'name=a%00b' "$base/login"
check "a NUL in a form value: 400" test "$code" = 400
fetch -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  --data-binary '{"a":"\u0000"}' "$base/logout"
check "a NUL in a JSON string: 400" test "$code" = 400
printf '{"a":"\xff"}' >"$tmp/bad.json"
fetch -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  --data-binary "@$tmp/bad.json" "$base/logout"
check "invalid UTF-8 in a JSON string: 400" test "$code" = 400
python3 -c 'print("[" * 100000 + "]" * 100000, end="")' >"$tmp/deep.json"
fetch -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  --data-binary "@$tmp/deep.json" "$base/logout"
check "JSON nested 100,000 deep: 413 (past the cap), the server alive" test "$code" = 413
python3 -c 'print("[" * 30000 + "]" * 30000, end="")' >"$tmp/deep.json"
fetch -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  --data-binary "@$tmp/deep.json" "$base/logout"
check "JSON nested 30,000 deep: 400" test "$code" = 400
printf 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 500\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nname=' >"$tmp/req"
check "two Content-Length headers that differ: 400" eval 'test "$(raw send "$base" "$tmp/req")" = 400'
printf 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n5\r\nname=\r\n0\r\n\r\n' >"$tmp/req"
check "Content-Length with Transfer-Encoding: 400" eval 'test "$(raw send "$base" "$tmp/req")" = 400'
{
  printf 'POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n'
  for _ in $(seq 80); do printf '400\r\n%s\r\n' "$(head -c 1024 /dev/zero | tr '\0' a)"; done
  printf '0\r\n\r\n'
} >"$tmp/req"
check "a chunked body past the cap: 413" eval 'test "$(raw send "$base" "$tmp/req")" = 413'
fetch -X GET --data-binary 'name=x' "$base/"
check "a body on a GET is ignored" test "$code" = 200

# ---- ids and paths ----------------------------------------------------------------------------
for p in /peers/99999999999999999999 /peers/1e3 /peers/0x10 /peers/-1 /peers/0 /peers/01 \
  /peers/1.0 /peers/%2e%2e /dashboard/ //dashboard /static/../login \
  /static/%2e%2e/login /static/..%2flogin /api/v1/activities/99999999999999999999; do
  fetch -b "$tmp/jar" --path-as-is "$base$p"
  check "$p: 404" test "$code" = 404
done
for p in "/peers/1%00" "/static/style.css%00.html" "/?q=a%00b"; do
  fetch -b "$tmp/jar" --path-as-is "$base$p"
  check "$p: 400 (a NUL would cut the decoded URL short)" test "$code" = 400
done
fetch -b "$tmp/jar" --path-as-is "$base/peers/%31"
check "/peers/%31 is /peers/1 (a decoded path), no error" eval 'test "$code" = 200 -o "$code" = 404'

# ---- another caseload's peers: one answer ------------------------------------------------------
# A peer of demo's, seen by demo2, and an id no peer has, of as many digits: the answers must
# be the same bytes but for the id the message repeats.
mine=$(sqlite3 "$db" "SELECT max(id) FROM peer WHERE cps = 'demo'")
missing=$(sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT $mine + 1 UNION ALL SELECT i + 1 FROM n
  WHERE i < 10 * $mine) SELECT min(i) FROM n WHERE length(i) = length($mine) AND i NOT IN (SELECT id FROM peer)")
check "a missing id of as many digits as a peer's" test -n "$missing"
for route in /peers/ID /peers/ID/why "/peers/ID/why?activity=1"; do
  fetch -b "$tmp/jar4" "$base${route/ID/$mine}"
  sed "s/peer $mine /peer ID /" "$tmp/body" >"$tmp/theirs"
  a=$code
  fetch -b "$tmp/jar4" "$base${route/ID/$missing}"
  sed "s/peer $missing /peer ID /" "$tmp/body" >"$tmp/missing"
  check "$route: another caseload's peer and a missing one: 404, byte for byte alike but the id" \
    eval 'test "$a" = 404 -a "$code" = 404 && cmp -s "$tmp/missing" "$tmp/theirs" && grep -q "peer ID " "$tmp/missing"'
done

# ---- redirects and header injection ------------------------------------------------------------
for next in //evil.example '/\evil.example' 'https:evil.example' 'https://evil.example' \
  '/%0d%0aSet-Cookie:x=1' $'/\r\nSet-Cookie: x=1' '/	/evil.example' '\/evil.example'; do
  web_login demo "$PW" "$tmp/jar5" --data-urlencode "next=$next"
  check "next=$(printf %q "$next"): the login goes home, nowhere else" \
    eval 'test "$code" = 303 && { header_has "Location: /dashboard" || header_has "Location: /%0d%0aSet-Cookie:x=1"; } && ! grep -qi "^Set-Cookie: x=" <<<"$headers"'
done
fetch "$base/login?next=%22%3E%3Cscript%3E"
check "next= is written escaped into the login form" eval '! body_has "\"><script>"'

# ---- enumeration ------------------------------------------------------------------------------
web_login nosuchuser "$PW" "$tmp/jar6"
m1=$(grep -o 'role="alert">[^<]*' "$tmp/body")
web_login demo "wrong password" "$tmp/jar6"
m2=$(grep -o 'role="alert">[^<]*' "$tmp/body")
check "an unknown name and a wrong password get one message" eval 'test -n "$m1" && test "$m1" = "$m2"'

# ---- slow and many connections ----------------------------------------------------------------
printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: %s\r\n\r\n' "$(head -c 60 /dev/zero | tr '\0' a)" >"$tmp/slow"
r=$(raw drip "$base" "$tmp/slow" 0.5)
check "a header sent a byte every half second is cut off (BELONG_WEB_REQUEST_SECONDS=3)" \
  eval '[[ "$r" == closed* ]] && test "${r#closed }" -lt 40'
printf 'POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\n%s' "$(head -c 190 /dev/zero | tr '\0' a)" >"$tmp/slow"
r=$(raw drip "$base" "$tmp/slow" 0.05)
check "a body that never ends is cut off" eval '[[ "$r" == closed* ]]'
fetch "$base/"
check "the server answers after them" test "$code" = 200
check "64 idle connections from one address: the 65th is turned away" \
  eval 'test "$(raw hold "$base" 64)" = closed'
fetch "$base/"
check "and it answers again once they are gone" test "$code" = 200
BELONG_WEB_REQUEST_SECONDS=0 run "$BELONG" --db "$db" serve --listen 127.0.0.1:0
check "a bad BELONG_WEB_REQUEST_SECONDS is a usage error" eval 'test "$status" = 64 && grep -q BELONG_WEB_REQUEST_SECONDS <<<"$err"'

check "every response carried the security headers" test -z "$missing_headers"
bad=$(grep -i '^Set-Cookie:' "$tmp/all-headers" | grep -v 'HttpOnly; SameSite=Strict; Path=/' || true)
check "every Set-Cookie of every response carries HttpOnly; SameSite=Strict; Path=/" \
  eval 'test -z "$bad" && test "$(grep -ci "^Set-Cookie:" "$tmp/all-headers")" -gt 10'

web_stop
check "the server stops cleanly after all that" test "$web_status" = 0
finish
