#!/usr/bin/env bash
# test-web-auth.sh — the web's login, sessions, CSRF and who may reach what, over real HTTP
# against `belong serve` on an ephemeral loopback port: login right, wrong and unknown (one
# message), the cookie's flags (Secure with --secure-cookies and behind a trusted proxy), a new
# token at each login, logout ending the session, idle and absolute expiry, throttling (429 with
# Retry-After, audited), login CSRF, CSRF on every change with the session cookie (403, nothing
# changed), Bearer tokens for the API, request bodies (form, JSON, 413, 415, 400), and the
# security headers on every response. Servers are always killed (trap).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/web-auth"
rm -rf "$tmp"
mkdir -p "$tmp"
db="$tmp/demo.db"
. "$(dirname "$0")/web-lib.sh"
web_demo_db
web_user_add gone --role cps --cps root
"$BELONG" --db "$db" user disable gone --cps root >/dev/null
check "the accounts are made" test "$(sqlite3 "$db" 'SELECT count(*) FROM user_account')" = 5

cookie_value() { cookie_line "$1" | sed "s/^[^=]*=//; s/;.*//"; }
sessions() { sqlite3 "$db" 'SELECT count(*) FROM session'; }
login() { web_login "$@"; }
jar_session() { awk '$6 == "belong_session" { print $7 }' "${1:-$tmp/jar}"; }

web_start
check "the server starts" test -n "$base"

# ---- the login form ---------------------------------------------------------------------------
fetch "$base/login"
check "GET /login is the form" eval 'test "$code" = 200 && body_has "<form method=\"post\" action=\"/login\">" && body_has "type=\"password\""'
check "every field has a label" eval 'body_has "<label for=\"name\">" && body_has "<label for=\"password\">"'
check "the form carries a login token, also set as a cookie (login CSRF)" \
  eval 'test -n "$(form_csrf)" && test "$(form_csrf)" = "$(cookie_value belong_login)"'
check "that cookie is HttpOnly, SameSite=Strict, Path=/" \
  eval 'cookie_line belong_login | grep -q "HttpOnly; SameSite=Strict; Path=/"'

# ---- a good login -----------------------------------------------------------------------------
login demo "$PW"
check "a good login answers 303 to the dashboard" eval 'test "$code" = 303 && header_has "Location: /dashboard"'
check "it sets belong_session: HttpOnly; SameSite=Strict; Path=/, no Secure over plain HTTP" \
  eval 'cookie_line belong_session | grep -q "HttpOnly; SameSite=Strict; Path=/" && ! cookie_line belong_session | grep -qi secure'
token1=$(jar_session)
check "the session token is 256 random bits (64 hex)" eval '[[ "$token1" =~ ^[0-9a-f]{64}$ ]]'
check "the database keeps only its hash" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM session WHERE instr(lower(hex(token_hash)), '$token1') > 0 OR instr(CAST(token_hash AS TEXT), '$token1') > 0")" = 0
check "the login is audited with the client's address" \
  test "$(sqlite3 "$db" "SELECT actor || ' ' || operation || ' ' || origin || ' ' || outcome FROM audit WHERE operation = 'login' ORDER BY id DESC LIMIT 1")" = "demo login 127.0.0.1 ok"
fetch -b "$tmp/jar" "$base/dashboard"
check "the dashboard is reached with the cookie" eval 'test "$code" = 200 && body_has "<h1>My peers</h1>"'
check "the navigation shows the user and a logout button that posts with a CSRF token" \
  eval 'body_has "Signed in as <strong>demo</strong>" && body_has "<form method=\"post\" action=\"/logout\">" && test -n "$(form_csrf)"'
csrf1=$(form_csrf)
fetch -b "$tmp/jar" "$base/api/v1/me"
check "the API knows the session's user" eval 'test "$code" = 200 && json_is .name demo && json_is .role cps && json_is .supervisor boss && json_is .auth session'
login demo "$PW"
token2=$(jar_session)
check "each login gives a new token" eval 'test -n "$token2" -a "$token2" != "$token1"'
fetch -b "belong_session=$token1" "$base/api/v1/me"
check "the first session still works beside it (another browser)" test "$code" = 200
fetch -b "belong_session=$token2" "$base/login"
logged_in_token=$(form_csrf)
fetch -b "belong_session=$token2; belong_login=$logged_in_token" --data-urlencode "csrf=$logged_in_token" \
  --data-urlencode "name=demo" --data-urlencode "password=$PW" "$base/login"
check "logging in again from a browser with a session ends that session" \
  eval 'test "$code" = 303 && test "$(curl -s -o /dev/null -w "%{http_code}" -b "belong_session=$token2" "$base/api/v1/me")" = 401'

# While the server runs, another process sees each of its commits at once, whichever worker
# made it (a worker that opened the database must not drop the locks of the others).
logins() { sqlite3 "$db" "SELECT count(*) FROM audit WHERE operation = 'login'"; }
seen=""
for i in 1 2 3 4; do
  n0=$(logins)
  login demo "$PW"
  seen+="$(($(logins) - n0))"
done
check "each of 4 logins is in the audit trail as soon as it is answered" test "$seen" = 1111

# ---- refused logins: one message for every cause -----------------------------------------------
for who in "demo|wrong password here" "nobody|$PW" "gone|$PW" "demo|"; do
  name=${who%%|*} pw=${who#*|}
  login "$name" "$pw"
  check "login as '$name' with a bad password, unknown name or disabled account is 401" test "$code" = 401
  check "... with the one message, the name kept as typed, no session cookie" \
    eval 'body_has "the name or password is wrong, or the account cannot log in now" && body_has "value=\"$name\"" && ! cookie_line belong_session >/dev/null'
  check "... and the password never shown again" eval '! body_has "value=\"$pw\"" || test -z "$pw"'
done
check "a refused login is audited as a failure" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE operation = 'login' AND outcome != 'ok' AND actor = 'nobody'")" -ge 1

# ---- login CSRF ------------------------------------------------------------------------------
before=$(sessions)
fetch --data-urlencode "name=demo" --data-urlencode "password=$PW" "$base/login"
check "a login POST without the form's token is 403" eval 'test "$code" = 403 && body_has "did not come from belong"'
fetch -b "belong_login=$(printf 'a%.0s' $(seq 64))" --data-urlencode "csrf=$(printf 'b%.0s' $(seq 64))" \
  --data-urlencode "name=demo" --data-urlencode "password=$PW" "$base/login"
check "a login POST whose token is not its cookie's is 403" test "$code" = 403
t64=$(printf 'c%.0s' $(seq 64))
login_with_token() { # [CURL ARGS...]: demo's login with a login token the cookie matches
  fetch -b "belong_login=$t64" --data-urlencode "csrf=$t64" --data-urlencode "name=demo" \
    --data-urlencode "password=$PW" "$@" "$base/login"
}
login_with_token -H "Origin: http://evil.example"
check "a login POST from another site's page (Origin) is 403" test "$code" = 403
login_with_token -H "Sec-Fetch-Site: cross-site"
check "a login POST the browser marks cross-site is 403" test "$code" = 403
login_with_token -H "Sec-Fetch-Site: same-site"
check "... or same-site (another host of the domain)" test "$code" = 403
check "none of them made a session" test "$(sessions)" = "$before"
login_with_token -H "Origin: ${base}" -H "Sec-Fetch-Site: same-origin"
check "the same login from this site's own page (Origin, same-origin) is 303" test "$code" = 303

# ---- where a login takes you, and pages that need one ----------------------------------------
fetch "$base/dashboard"
check "a page that needs a login redirects to /login, coming back after" \
  eval 'test "$code" = 303 && header_has "Location: /login?next=%2Fdashboard"'
fetch "$base/api/v1/me"
check "an API route that needs a login is 401 JSON with WWW-Authenticate" \
  eval 'test "$code" = 401 && json_is .error.code unauthorized && header_has "WWW-Authenticate: Bearer"'
web_login demo "$PW" "$tmp/jar" --data-urlencode "next=/api/v1/me"
check "after the login it goes to next" header_has "Location: /api/v1/me"
for next in "//evil.example/" "https://evil.example/" "/\\evil.example" "javascript:alert(1)"; do
  web_login demo "$PW" "$tmp/jar" --data-urlencode "next=$next"
  check "next=$next never leaves the site: the dashboard" header_has "Location: /dashboard"
done

# ---- CSRF on changes made with the session cookie -------------------------------------------
login demo "$PW"
fetch -b "$tmp/jar" "$base/dashboard"
csrf=$(form_csrf)
fetch -b "$tmp/jar" -X POST "$base/logout"
check "logout without the CSRF token is 403" eval 'test "$code" = 403 && body_has "nothing was changed"'
fetch -b "$tmp/jar" --data-urlencode "csrf=$csrf1" "$base/logout"
check "logout with another session's CSRF token is 403" test "$code" = 403
fetch -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H "Origin: http://evil.example" -X POST "$base/logout"
check "logout with the token but from another site (Origin) is 403" test "$code" = 403
fetch -b "$tmp/jar" "$base/api/v1/me"
check "... and the session is still open after each refusal: nothing changed" test "$code" = 200
fetch -b "$tmp/jar" -c "$tmp/jar" --data-urlencode "csrf=$csrf" "$base/logout"
check "logout with the token answers 303 to /login and clears the cookie" \
  eval 'test "$code" = 303 && header_has "Location: /login" && cookie_line belong_session | grep -q "Max-Age=0"'
fetch -b "belong_session=$csrf" "$base/api/v1/me"
check "a made-up session token is 401" test "$code" = 401
fetch -b "belong_session=$csrf" "$base/"
check "a page with an ended session's cookie is served as to nobody, and the cookie cleared" \
  eval 'test "$code" = 200 && body_has "href=\"/login\"" && cookie_line belong_session | grep -q "Max-Age=0"'
check "the style sheet (cacheable) never sets a cookie" \
  eval '! curl -s -D - -o /dev/null -b "belong_session=$csrf" "$base/static/style.css" | grep -qi "^Set-Cookie"' 
login demo "$PW"
token=$(jar_session)
fetch -b "$tmp/jar" "$base/dashboard"
csrf=$(form_csrf)
fetch -b "belong_session=$token" -H "X-CSRF-Token: $csrf" -X POST "$base/logout"
check "logout with the X-CSRF-Token header is 303" test "$code" = 303
fetch -b "belong_session=$token" "$base/dashboard"
check "after logout the old cookie opens nothing (and is cleared)" \
  eval 'test "$code" = 303 && header_has "Location: /login" && cookie_line belong_session | grep -q "Max-Age=0"'

# ---- API tokens ------------------------------------------------------------------------------
api_token=$("$BELONG" --db "$db" user token demo2 --cps root 2>/dev/null | grep -oE '[0-9a-f]{64}')
check "an API token is made for demo2" test -n "$api_token"
fetch -H "Authorization: Bearer $api_token" "$base/api/v1/me"
check "Authorization: Bearer TOKEN works for the API" eval 'test "$code" = 200 && json_is .name demo2 && json_is .auth token'
fetch -H "Authorization: Bearer $(printf 'd%.0s' $(seq 64))" "$base/api/v1/me"
check "a wrong Bearer token is 401 JSON" eval 'test "$code" = 401 && json_is .error.code unauthorized && json_is .error.message "the token is not valid"'
fetch -H "Authorization: Basic ZGVtbzpwdw==" "$base/api/v1/me"
check "another scheme is 401, saying what is wanted" eval 'test "$code" = 401 && body_has "Bearer TOKEN"'
fetch -H "Authorization: Bearer $api_token" -X POST "$base/logout"
check "a change made with a Bearer token needs no CSRF token" test "$code" = 303

# ---- request bodies --------------------------------------------------------------------------
fetch -H "Content-Type: text/plain" --data-binary "hello" "$base/logout"
check "a body of another type is 415" eval 'test "$code" = 415'
fetch -H "Authorization: Bearer $api_token" -H "Content-Type: application/json" \
  --data-binary '{"a": ' -X POST "$base/logout"
check "a JSON body that is not JSON is 400, saying where" eval 'test "$code" = 400 && body_has "line 1"'
fetch --data-binary 'csrf=%zz&name=x' "$base/logout"
check "a form with a bad %-escape is 400, naming the field" eval 'test "$code" = 400 && body_has "csrf"'
fetch --data-binary 'name=a%00b' "$base/logout"
check "a form field with a NUL is 400" test "$code" = 400
head -c 70000 /dev/zero | tr '\0' a >"$tmp/big"
fetch --data-binary "@$tmp/big" "$base/login"
check "a form over 64 KiB is 413" test "$code" = 413
fetch -X PUT "$base/login"
check "a method a route does not answer is 405 with its Allow" \
  eval 'test "$code" = 405 && header_has "Allow: GET, HEAD, POST"'
fetch -X GET "$base/logout"
check "GET /logout is 405: no GET changes anything" eval 'test "$code" = 405 && header_has "Allow: POST"'

# ---- throttling and lockout ------------------------------------------------------------------
for i in 1 2 3 4; do login demo "not the password $i"; done
check "four failures are 401" test "$code" = 401
login demo "not the password 5"
check "at the fifth the server asks to wait: 429 with Retry-After" \
  eval 'test "$code" = 429 && header_has "Retry-After: " && body_has "Try again in"'
login demo "$PW"
check "even the right password is not heard while throttled (429, same message)" \
  eval 'test "$code" = 429 && body_has "the name or password is wrong" && ! cookie_line belong_session >/dev/null'
check "the failures are audited" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE operation = 'login' AND actor = 'demo' AND outcome != 'ok'")" -ge 5
check "the failures are counted in the database" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM login_failure")" -ge 1
# Throttling is per address too: another account from the same address is throttled.
login boss "$PW"
check "another account from the same address waits too (per address)" test "$code" = 429
sqlite3 "$db" 'DELETE FROM login_failure'

# ---- session expiry ------------------------------------------------------------------------
login boss "$PW"
token=$(jar_session)
web_start BELONG_NOW=2026-12-01T09:10
fetch -b "belong_session=$token" "$base/api/v1/me"
check "10 minutes idle: the session is open (default 15)" test "$code" = 200
web_start BELONG_NOW=2026-12-01T09:30
fetch -b "belong_session=$token" "$base/api/v1/me"
check "20 minutes idle: the session has ended (401)" test "$code" = 401
web_start BELONG_NOW=2026-12-01T09:30
login boss "$PW"
token=$(jar_session)
web_start BELONG_NOW=2026-12-01T09:40 BELONG_SESSION_IDLE_MINUTES=5
fetch -b "belong_session=$token" "$base/dashboard"
check "BELONG_SESSION_IDLE_MINUTES=5: 10 minutes idle has ended it (to /login)" \
  eval 'test "$code" = 303 && header_has "Location: /login"'
web_start BELONG_NOW=2026-12-01T09:40
login boss "$PW"
token=$(jar_session)
for t in 09:50 10:00 10:10; do
  web_start BELONG_NOW=2026-12-01T$t BELONG_SESSION_MAX_HOURS=1
  fetch -b "belong_session=$token" "$base/api/v1/me"
done
check "kept busy, it still works within BELONG_SESSION_MAX_HOURS=1" test "$code" = 200
web_start BELONG_NOW=2026-12-01T10:45 BELONG_SESSION_MAX_HOURS=1 BELONG_SESSION_IDLE_MINUTES=60
fetch -b "belong_session=$token" "$base/api/v1/me"
check "after the absolute limit it has ended, however busy" test "$code" = 401
web_start BELONG_NOW=2026-12-01T10:45 BELONG_SESSION_IDLE_MINUTES=abc
login boss "$PW"
fetch -b "$tmp/jar" "$base/api/v1/me"
check "a bad BELONG_SESSION_IDLE_MINUTES is the server's error (500), not a login" test "$code" = 500

# ---- Secure cookies --------------------------------------------------------------------------
web_start -- --secure-cookies
login demo2 "$PW"
check "--secure-cookies: the session cookie is Secure" eval 'cookie_line belong_session | grep -q "; Secure"'
web_start -- --trust-proxy
rm -f "$tmp/jar"
fetch -c "$tmp/jar" -H "X-Forwarded-Proto: https" "$base/login"
check "--trust-proxy and X-Forwarded-Proto: https: Secure" eval 'cookie_line belong_login | grep -q "; Secure"'
fetch -c "$tmp/jar" -H "X-Forwarded-For: 203.0.113.9" -H "X-Forwarded-Proto: https" "$base/login"
t=$(form_csrf)
fetch -b "belong_login=$t" -H "X-Forwarded-For: 10.0.0.1, 203.0.113.9" -H "X-Forwarded-Proto: https" \
  --data-urlencode "csrf=$t" --data-urlencode "name=demo2" --data-urlencode "password=$PW" "$base/login"
check "... the session cookie too" eval 'test "$code" = 303 && cookie_line belong_session | grep -q "; Secure"'
check "... and the audit has the address the proxy saw" \
  test "$(sqlite3 "$db" "SELECT origin FROM audit WHERE operation = 'login' ORDER BY id DESC LIMIT 1")" = 203.0.113.9
web_start
fetch -c "$tmp/jar" -H "X-Forwarded-Proto: https" -H "X-Forwarded-For: 203.0.113.9" "$base/login"
check "without --trust-proxy those headers are not believed" eval '! cookie_line belong_login | grep -q "Secure"'

# A database belong may not write (0400) still serves the directory; a login cannot be kept.
web_stop
cp "$db" "$tmp/ro.db"
cp "$db.key" "$tmp/ro.db.key" # the key file beside it (encryption at rest)
chmod 0400 "$tmp/ro.db"
db_rw=$db db="$tmp/ro.db"
web_start
fetch "$base/api/v1/activities?town=Worcester&limit=1"
check "a read-only database still serves the directory" test "$code" = 200
login demo "$PW"
check "... and refuses a login it cannot keep (5xx, no cookie)" \
  eval 'test "${code:0:1}" = 5 && ! cookie_line belong_session >/dev/null'
db=$db_rw
web_stop
check "every response carried the security headers ($responses responses)" test -z "$missing_headers"
[ -n "$missing_headers" ] && printf '#   %s\n' "$missing_headers"
check "the log has no token, password or name" \
  eval '! grep -qE "correct horse|[0-9a-f]{64}|demo2|boss" "$tmp/log"'
finish
