#!/usr/bin/env bash
# test-web-inputs.sh — every route of `belong serve --routes` against inputs nobody sends by
# accident: HEAD and OPTIONS on each, a CSRF secret of another session on each change, hostile
# JSON (duplicate keys, deep nesting, huge numbers, NUL, overlong UTF-8) on each POST and
# PATCH of the API, repeated query parameters, %00 and overlong UTF-8 in paths, query values and
# form fields, path traversal on the static assets, and session and API tokens in each other's
# places. None answers 500, none changes anything it should not (the database's digest).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/web-inputs"
mkdir -p "$tmp"
db="$tmp/demo.db"
. "$(dirname "$0")/web-lib.sh"
web_demo_db
peer=$(BELONG_CPS=demo "$BELONG" --db "$db" peer list --json | jq '.[0].id')
tok=$("$BELONG" --db "$db" user token demo --cps demo 2>/dev/null)
check "demo has a peer and a token" test -n "$peer" -a "$peer" != null -a -n "$tok"
web_start
web_login demo "$PW" "$tmp/demo"
fetch -b "$tmp/demo" "$base/peers/new"
csrf_demo=$(form_csrf)
web_login root "$PW" "$tmp/root"
web_login demo2 "$PW" "$tmp/demo2"
fetch -b "$tmp/demo2" "$base/peers/new"
csrf_other=$(form_csrf)
check "two sessions, two CSRF secrets" test -n "$csrf_demo" -a -n "$csrf_other" -a "$csrf_demo" != "$csrf_other"
"$BELONG" serve --routes >"$tmp/routes"
check "the route table is listed" test "$(wc -l <"$tmp/routes")" -gt 50
path_of() { # PATTERN: a path for it, on demo's peer
  sed "s|/peers/{id}|/peers/$peer|; s|{id}|1|; s|/static/{name}|/static/style.css|; s|{name}|ucla3|" <<<"$1"
}
jar_for() { case $1 in /admin/*) echo "$tmp/root" ;; *) echo "$tmp/demo" ;; esac; }

# ---- HEAD and OPTIONS on every route ----------------------------------------------------------
bad=""
while read -r method pattern; do
  [ "$method" = GET ] || continue
  p=$(path_of "$pattern")
  fetch -b "$(jar_for "$p")" "$base$p"
  get_code=$code get_type=$(grep -i '^Content-Type:' <<<"$headers")
  fetch -b "$(jar_for "$p")" -I "$base$p" # curl -I writes the header where the body would go
  [ "$code" = "$get_code" ] && [ "$(grep -i '^Content-Type:' <<<"$headers")" = "$get_type" ] &&
    cmp -s "$tmp/body" "$tmp/headers" || bad+="HEAD $p: $code ($get_code for GET) "
done <"$tmp/routes"
check "HEAD on every GET route answers as GET does (status, type), without a body" test -z "$bad"
bad=""
for pattern in $(awk '{print $2}' "$tmp/routes" | sort -u); do
  p=$(path_of "$pattern")
  allowed=$(awk -v p="$pattern" '$2 == p {print $1}' "$tmp/routes" | tr '\n' ' ')
  fetch -b "$(jar_for "$p")" -X OPTIONS "$base$p"
  allow=$(sed -n 's/^Allow: //Ip' <<<"$headers")
  [ "$code" = 405 ] || bad+="OPTIONS $p: $code "
  for m in $allowed; do grep -qw "$m" <<<"$allow" || bad+="OPTIONS $p: Allow '$allow' lacks $m "; done
  if ! grep -qx "GET $pattern" "$tmp/routes"; then
    fetch -b "$(jar_for "$p")" -I "$base$p"
    [ "$code" = 405 ] || bad+="HEAD $p (no GET): $code "
  fi
done
check "OPTIONS on every route is 405 with an Allow header naming its methods; HEAD without GET 405" test -z "$bad"

# ---- a CSRF secret of another session on every change ------------------------------------------
before=$(db_digest "$db")
bad=""
while read -r method pattern; do
  case $method in GET | HEAD) continue ;; esac
  [ "$pattern" = /login ] && continue # its own token, before any session
  p=$(path_of "$pattern")
  case $p in
    /api/*)
      fetch -b "$(jar_for "$p")" -X "$method" -H "X-CSRF-Token: $csrf_other" \
        -H 'Content-Type: application/json' --data-binary '{}' "$base$p" ;;
    *)
      fetch -b "$(jar_for "$p")" -X "$method" --data "csrf=$csrf_other&name=Zed" "$base$p" ;;
  esac
  [ "$code" = 403 ] || bad+="$method $p: $code "
done <"$tmp/routes"
check "every POST, PATCH and DELETE with another session's CSRF secret is 403" test -z "$bad"
check "... and changed nothing" test "$(db_digest "$db")" = "$before"

# ---- hostile JSON on every POST and PATCH of the API -------------------------------------------
deep=$(printf '%.0s[' {1..3000})$(printf '%.0s]' {1..3000})
deep_value='{"name": '$(printf '%.0s[' {1..1500})$(printf '%.0s]' {1..1500})'}'
printf '{"name": "A", "date": "2026-12-08", "name": "B"}' >"$tmp/j-duplicate"
printf '%s' "$deep" >"$tmp/j-deep"
printf '%s' "$deep_value" >"$tmp/j-deep-value"
printf '{"name": "A", "activity_id": 1e999}' >"$tmp/j-huge-real"
printf '{"name": "A", "activity_id": 123456789012345678901234567890}' >"$tmp/j-huge-int"
printf '{"name": "A", "activity_id": 9223372036854775807, "comfort": -9223372036854775808}' >"$tmp/j-int64"
printf '{"name": "A\\u0000B"}' >"$tmp/j-nul"
printf '{"name": "\xc0\xae\xc0\xae"}' >"$tmp/j-overlong"
printf '{"name": "\\ud800"}' >"$tmp/j-surrogate"
bad=""
while read -r method pattern; do
  case $method in POST | PATCH) ;; *) continue ;; esac
  case $pattern in /api/*) ;; *) continue ;; esac
  p=$(path_of "$pattern")
  for f in duplicate deep deep-value huge-real huge-int int64 nul overlong surrogate; do
    code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $tok" \
      -H 'Content-Type: application/json' --data-binary "@$tmp/j-$f" "$base$p")
    case $code in 400 | 404) ;; *) bad+="$method $p $f: $code " ;; esac
    jq -e '.error.code' "$tmp/body" >/dev/null 2>&1 || bad+="$method $p $f: not a JSON error "
  done
done <"$tmp/routes"
check "duplicate keys, deep nesting, huge numbers, NUL, overlong UTF-8 and lone surrogates in JSON: 400 (404 for a missing record) on every POST and PATCH, as a JSON error" \
  test -z "$bad"
check "... nothing changed" test "$(db_digest "$db")" = "$before"

for body in '{"instrument": "ucla3", "answers": [1, 1, 9]}' '{"instrument": "ucla3", "answers": [1, 1, 1], "date": "someday"}'; do
  code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $tok" \
    -H 'Content-Type: application/json' --data-binary "$body" "$base/api/v1/peers/$peer/measures")
  field=$(jq -r .error.field "$tmp/body")
  check "a bad value's message names the API's key ($field), not the command line's option" \
    eval 'test "$code" = 400 && jq -e --arg f "$field" ".error.message | startswith(\$f + \": \") and (contains(\"--\") | not)" "$tmp/body" >/dev/null'
done

# ---- repeated query parameters ------------------------------------------------------------------
api() { code=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Authorization: Bearer $tok" "$base$1"); }
api "/api/v1/activities?limit=2&limit=50"
check "a repeated limit on the search API: 400 naming it (which one is meant cannot be told)" \
  eval 'test "$code" = 400 && json_is .error.field limit && grep -q "given twice" "$tmp/body"'
api "/api/v1/activities?q=garden&q=book"
check "... a repeated q too" eval 'test "$code" = 400 && json_is .error.field q'
api "/api/v1/activities?category=music&category=faith-spiritual&limit=1"
check "... a list (category) takes each" test "$code" = 200
api "/api/v1/activities?q=&q=garden&limit=1"
check "... an empty box beside a value is no repeat" test "$code" = 200
api "/api/v1/peers?limit=1&limit=100"
check "a repeated limit on a list of the peer API: 400 naming the parameter" \
  eval 'test "$code" = 400 && json_is .error.field parameter && grep -q "given twice" "$tmp/body"'
api "/api/v1/peers/$peer/plans?status=open&status=done"
check "... a repeated filter too" eval 'test "$code" = 400 && grep -q "given twice" "$tmp/body"'
fetch "$base/?town=Worcester&town=Worcester"
check "the search page: 400, said at the field" eval 'test "$code" = 400 && body_has "given twice"'

# ---- %00 and overlong UTF-8 in paths, query values and form fields -----------------------------
bad=""
for p in "/peers/$peer%00" "/api/v1/activities?q=a%00b" "/static/style.css%00.png" "/api/v1/activities/1%00"; do
  fetch -b "$tmp/demo" "$base$p"
  [ "$code" = 400 ] || bad+="$p: $code "
done
check "%00 anywhere in the URL: 400" test -z "$bad"
bad=""
for p in "/api/v1/activities?q=%c0%ae" "/api/v1/activities?town=%ed%a0%80" "/?q=%e0%80%af" "/api/v1/activities?q=%ff"; do
  fetch "$base$p"
  [ "$code" = 400 ] || bad+="$p: $code "
done
check "overlong UTF-8, a surrogate, a stray byte in a query value: 400" test -z "$bad"
bad=""
for p in "/activities/%c0%b1" "/peers/%c0%ae%c0%ae" "/api/v1/peers/%c0%b1" "/%c0%ae%c0%ae/"; do
  fetch -b "$tmp/demo" "$base$p"
  [ "$code" = 404 ] || bad+="$p: $code "
done
check "overlong UTF-8 in a path: no such page (404)" test -z "$bad"
for v in 'Zed%00' 'Z%c0%aeed' 'Z%ed%a0%80' '%ff'; do
  fetch -b "$tmp/demo" --data "csrf=$csrf_demo&name=$v" "$base/peers/new"
  check "a form field '$v': 400, nothing added" eval 'test "$code" = 400 && test "$(db_digest "$db")" = "$before"'
done

# ---- path traversal on the static assets --------------------------------------------------------
bad=""
for p in "/static/../../etc/passwd" "/static/..%2f..%2fetc%2fpasswd" "/static/%2e%2e/%2e%2e/etc/passwd" \
  "/static/%c0%ae%c0%ae%c0%afetc%c0%afpasswd" "/static/..%5c..%5cetc%5cpasswd" "/static//etc/passwd" \
  "/static/style.css/.." "/static/./style.css" "/static/STYLE.CSS" "/static/"; do
  code=$(curl -s --path-as-is -o "$tmp/body" -w '%{http_code}' "$base$p")
  case $code in 400 | 404) ;; *) bad+="$p: $code " ;; esac
  ! grep -q "root:" "$tmp/body" || bad+="$p: a system file "
done
check "path traversal on /static/: 404 (or 400), never a file off the asset table" test -z "$bad"

# ---- tokens in each other's places --------------------------------------------------------------
session=$(awk '$6 == "belong_session" {print $7}' "$tmp/demo")
code=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Authorization: Bearer $session" "$base/api/v1/me")
check "a session's token sent as an API token: 401" test "$code" = 401
code=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Cookie: belong_session=$tok" "$base/api/v1/me")
check "an API token sent as the session cookie: nobody's (401)" test "$code" = 401
code=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Cookie: belong_login=$session" "$base/api/v1/me")
check "a session's token as the login form's cookie: nobody's (401)" test "$code" = 401
for t in "$(printf 'g%.0s' {1..64})" "../../etc/passwd" "${session}00" "$(printf 'a%.0s' {1..9000})"; do
  code=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Cookie: belong_session=$t" "$base/api/v1/me")
  check "a session cookie of another shape (${t:0:20}...): 401" test "$code" = 401
done
code=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Cookie: belong_session=$(printf 'a%.0s' {1..17000})" "$base/api/v1/me")
check "a cookie past the header limit: 431" test "$code" = 431

# ---- the answers libmicrohttpd sends itself ----------------------------------------------------
# belong answers every request it is given with its security headers; libmicrohttpd answers a
# few itself, before belong sees them, with its own fixed text and none of the headers (it has
# no option to add any: docs/web.md lists them and says why). Each request carries the marker
# Zq7 where it can, to show no answer echoes it.
answer() { # NAME: sends $tmp/raw-NAME, prints what raw_http.py answer says
  python3 "$BELONG_ROOT/tests/cli/raw_http.py" answer "$base" "$tmp/raw-$1"
}
raw() { # NAME PYTHON-BYTES-EXPRESSION: writes the request $tmp/raw-NAME
  python3 -c "import sys; sys.stdout.buffer.write($2)" >"$tmp/raw-$1"
}
head_="b'Host: x\\r\\nConnection: close\\r\\n'"
raw own-431 "b'GET /?q=Zq7 HTTP/1.1\\r\\n' + $head_ + b'X-Zq7: ' + b'a' * 17000 + b'\\r\\n\\r\\n'"
check "belong's own 431 (header fields over 16 KiB in one field) has the security headers" \
  test "$(answer own-431)" = "431 headers fixed"
raw own-800 "b'GET / HTTP/1.1\\r\\n' + $head_ + b''.join(b'X-%d: Zq7\\r\\n' % i for i in range(800)) + b'\\r\\n'"
check "800 header fields (9 KiB) are answered by belong, with the headers" \
  test "$(answer own-800)" = "200 headers fixed"
raw own-414 "b'GET /Zq7' + b'a' * 9000 + b' HTTP/1.1\\r\\n' + $head_ + b'\\r\\n'"
check "belong's own 414 (a URL of 9 KiB) has them" test "$(answer own-414)" = "414 headers fixed"
for case in \
  "fields-1200|431|1,200 header fields (13 KiB, within belong's 16 KiB: each takes a record of its 64 KiB pool)|b'GET / HTTP/1.1\\r\\n' + $head_ + b''.join(b'X%d: Zq7\\r\\n' % i for i in range(1200)) + b'\\r\\n'" \
  "header-70k|431|a header of 70 KiB (over its pool)|b'GET / HTTP/1.1\\r\\n' + $head_ + b'X-Zq7: ' + b'a' * 70000 + b'\\r\\n\\r\\n'" \
  "url-70k|414|a request line of 70 KiB|b'GET /Zq7' + b'a' * 70000 + b' HTTP/1.1\\r\\n' + $head_ + b'\\r\\n'" \
  "http2|505|HTTP/2.0 on the request line|b'GET /Zq7 HTTP/2.0\\r\\n' + $head_ + b'\\r\\n'" \
  "http09|400|a request line without a version (HTTP/0.9)|b'GET /Zq7\\r\\n\\r\\n'" \
  "no-colon|400|a header line without a colon|b'GET / HTTP/1.1\\r\\n' + $head_ + b'Zq7\\r\\n\\r\\n'" \
  "length-word|400|a Content-Length that is not a number|b'POST /login HTTP/1.1\\r\\n' + $head_ + b'Content-Type: application/x-www-form-urlencoded\\r\\nContent-Length: Zq7\\r\\n\\r\\n'" \
  "length-huge|413|a Content-Length past 64 bits|b'POST /login HTTP/1.1\\r\\n' + $head_ + b'Content-Type: application/x-www-form-urlencoded\\r\\nContent-Length: 99999999999999999999999\\r\\n\\r\\n'" \
  "chunk-word|400|a chunk size that is not hexadecimal|b'POST /login HTTP/1.1\\r\\n' + $head_ + b'Content-Type: application/x-www-form-urlencoded\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nZq7\\r\\nabc\\r\\n0\\r\\n\\r\\n'" \
  "chunk-huge|413|a chunk size past 64 bits|b'POST /login HTTP/1.1\\r\\n' + $head_ + b'Content-Type: application/x-www-form-urlencoded\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nFFFFFFFFFFFFFFFFFF\\r\\nZq7\\r\\n0\\r\\n\\r\\n'"; do
  IFS='|' read -r name status what bytes <<<"$case"
  raw "$name" "$bytes"
  check "libmicrohttpd answers $what itself: $status, its fixed text, without the security headers (docs/web.md)" \
    test "$(answer "$name")" = "$status bare fixed"
done
fetch "$base/"
check "... and the server answers after them" test "$code" = 200

web_stop
check "the server stops cleanly" test "$web_status" = 0
check "no request was answered 500" eval '! grep -q " 500 " "$tmp/log"'
finish
