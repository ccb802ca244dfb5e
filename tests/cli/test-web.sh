#!/usr/bin/env bash
# test-web.sh — `belong serve` over real HTTP on an ephemeral loopback port, on the demo
# catalogue plus one hostile listing: every route and every validation error, the security
# headers on every response, HTML escaping, limits (414, 431, 413), 405 with Allow, the access
# log without peer data or query values, 50 requests at once, SIGTERM with requests in flight,
# and the route table against docs/openapi.json. The server is always killed (trap).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/web"
mkdir -p "$tmp"
db="$tmp/demo.db"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT

# ---- the command line -----------------------------------------------------------------------
run "$BELONG" serve --help
expect_status 0 "serve --help exits 0"
expect_out_has "Examples:" "serve --help shows examples"
run "$BELONG" --help
expect_out_has "serve" "belong --help lists serve"
run "$BELONG" --db "$tmp/none.db" serve --listen 127.0.0.1:0
expect_status 66 "serve without a database exits 66"
check "serve does not create a database" test ! -e "$tmp/none.db"
"$BELONG" demo --db "$db" >/dev/null 2>&1
"$BELONG" --db "$db" import ical "$FIXTURES/web/hostile.ics" >/dev/null 2>&1
hostile_id=$("$BELONG" --db "$db" search pwned --json | jq '.[0].id')
check "the hostile listing is imported" test "$hostile_id" -gt 0
for bad in "localhost" "127.0.0.1:99999" "300.1.1.1:80" "127.0.0.1:x"; do
  run "$BELONG" --db "$db" serve --listen "$bad"
  expect_status 64 "--listen $bad is a usage error"
  expect_err_has "--listen" "--listen $bad: the error names the option"
done
run "$BELONG" --db "$db" serve --threads 0
expect_status 64 "--threads 0 is a usage error"
run "$BELONG" --db "$db" serve --threads 65
expect_status 64 "--threads 65 is a usage error"

# The route table and docs/openapi.json list the same API paths and methods.
routes=$("$BELONG" serve --routes | grep ' /api/' | sort)
documented=$(jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | ascii_upcase + " " + $p' \
  "$BELONG_ROOT/docs/openapi.json" | sort)
check "the server's API routes are docs/openapi.json's paths and methods" \
  test -n "$routes" -a "$routes" = "$documented"

# The web is a face: it calls operations, never the store (docs/architecture.md).
check "src/web/ makes no store call and holds no SQL" \
  eval '! grep -rnE "store_[a-z]|store\.h|sqlite3|SELECT |INSERT " "$BELONG_ROOT/src/web"'

# ---- a running server -----------------------------------------------------------------------
start_server() { # $1: the log file
  : >"$tmp/listening"
  "$BELONG" --db "$db" serve --listen 127.0.0.1:0 --threads 4 >"$tmp/listening" 2>"$1" &
  server_pid=$!
  for _ in $(seq 300); do
    grep -q '^listening on ' "$tmp/listening" && break
    sleep 0.1
  done
  base=$(sed -n 's/^listening on //p' "$tmp/listening")
  port=${base##*:}
}
start_server "$tmp/log"
check "the server says where it listens" test -n "$base"
case "$base" in http://127.0.0.1:[0-9]*) _report 0 "it listens on an ephemeral loopback port" ;;
  *) _report 1 "it listens on an ephemeral loopback port" "said: $base" ;; esac

responses=0
missing_headers=""
# fetch [CURL ARGS...] URL: sets $code, $body (file $tmp/body) and $headers (file $tmp/headers),
# and checks the security headers of the response.
fetch() {
  code=$(curl -s -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' "$@")
  body=$(cat "$tmp/body")
  headers=$(tr -d '\r' <"$tmp/headers")
  responses=$((responses + 1))
  local h
  for h in "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'" \
    "X-Content-Type-Options: nosniff" "Referrer-Policy: no-referrer"; do
    grep -qiF "$h" <<<"$headers" || missing_headers+="$* lacks $h"$'\n'
  done
}
header_has() { grep -qiF "$1" <<<"$headers"; }
body_has() { grep -qF -- "$1" "$tmp/body"; }
json_is() { test "$(jq -r "$1" "$tmp/body")" = "$2"; }

# Pages.
fetch "$base/"
check "GET / is 200" test "$code" = 200
check "GET / is HTML" header_has "Content-Type: text/html; charset=utf-8"
check "pages are no-store" header_has "Cache-Control: no-store"
check "the page has a language, a skip link and a main landmark" \
  eval 'body_has "<html lang=\"en\">" && body_has "href=\"#main\"" && body_has "<main id=\"main\">"'
check "every input of the form has a label" \
  test "$(grep -o '<input type="[a-z]*" id="[a-z_]*"' "$tmp/body" | sed 's/.*id="//; s/"//' | while read -r id; do grep -q "<label for=\"$id\">" "$tmp/body" || echo "$id"; done)" = ""
check "the page uses no inline script or style" \
  eval '! grep -qiE "<script|<style| style=| on[a-z]+=" "$tmp/body"'
fetch "$base/static/style.css"
check "the style sheet is served from the binary" \
  eval 'test "$code" = 200 && header_has "Content-Type: text/css" && body_has "@media"'
fetch "$base/static/nope.css"
check "an unknown static file is 404" test "$code" = 404

fetch "$base/?q=garden&town=Worcester&within=25"
check "a search page is 200 with its count" eval 'test "$code" = 200 && grep -qE "[0-9]+–[0-9]+ of [0-9]+ activities" "$tmp/body"'
check "results link to their activity pages" body_has 'href="/activities/'
check "the form keeps what was typed" eval 'body_has "value=\"garden\"" && body_has "value=\"Worcester\"" && body_has "value=\"25\""'
fetch "$base/?town=Worcester&limit=5&offset=5"
check "page 2: results 6-10, links to the pages before and after" \
  eval 'body_has "6–10 of" && body_has "rel=\"prev\" href=\"/?town=Worcester&amp;limit=5&amp;offset=0\"" && body_has "rel=\"next\" href=\"/?town=Worcester&amp;limit=5&amp;offset=10\""'
fetch "$base/?q=Gardening+and+nature"
check "q that names a category searches it" body_has "is the category Gardening &amp; nature"
fetch "$base/?town=Worcester&within=abc&days=TU"
check "a bad value is 400 and the page says which field and why" \
  eval 'test "$code" = 400 && body_has "within: &#39;abc&#39; is not a distance in miles" || body_has "within: &apos;abc&apos;"'
check "the bad field is marked and described, what was typed kept" \
  eval 'body_has "id=\"within\" name=\"within\" value=\"abc\" aria-invalid=\"true\" aria-describedby=\"within-error\"" && body_has "value=\"Worcester\"" && body_has "value=\"TU\" checked"'
fetch "$base/?town=Nowhereville+Zzz"
check "an unknown town is 400, named" eval 'test "$code" = 400 && body_has "id=\"town-error\""'

fetch "$base/activities/1"
check "an activity's page is 200" test "$code" = 200
check "it has the name, category and intensity in words, the schedule in words, next dates" \
  eval 'body_has "<h1>Winter Greenhouse Volunteers</h1>" && body_has "Gardening &amp; nature" && body_has "a small group with a task to share" && body_has "Every Thursday at 17:30, 90 minutes" && body_has "<time>"'
fetch "$base/activities/999999"
check "an activity that does not exist is 404 HTML" eval 'test "$code" = 404 && header_has "text/html"'
for path in /activities/abc /activities/0 /activities/-1 /activities/ /nowhere /api /api/v1/nope; do
  fetch "$base$path"
  check "GET $path is 404" test "$code" = 404
done
fetch "$base/api/v1/nope"
check "an unknown API path answers JSON" json_is .error.code not_found

# The API.
fetch "$base/api/v1/activities?town=Worcester&limit=3"
check "GET /api/v1/activities is 200 JSON" eval 'test "$code" = 200 && header_has "Content-Type: application/json"'
check "the API is no-store" header_has "Cache-Control: no-store"
check "a page of 3 with the total and the next offset" \
  eval 'json_is ".items | length" 3 && json_is .offset 0 && json_is .limit 3 && json_is .next_offset 3 && test "$(jq .total "$tmp/body")" -gt 3'
first_page_ids=$(jq -c '[.items[].id]' "$tmp/body")
fetch "$base/api/v1/activities?town=Worcester&limit=3&offset=3"
check "offset 3 is the next 3" eval 'test "$(jq -c "[.items[].id]" "$tmp/body")" != "$first_page_ids" && json_is .offset 3'
all_ids=$(curl -s "$base/api/v1/activities?town=Worcester&limit=6" | jq -c '[.items[].id]')
check "two pages are the first six, in order" \
  test "$(jq -c '[.items[].id]' "$tmp/body" | jq -c --argjson a "$first_page_ids" '$a + .')" = "$all_ids"
fetch "$base/api/v1/activities?q=garden&days=TU,TH&after=09:00&before=21:00&free=yes&access=wheelchair&intensity_max=3&from=2026-12-01&to=2026-12-20&category=gardening-nature&zip=01610&within=30"
check "every filter at once is 200" test "$code" = 200
check "each result meets the filters" \
  json_is '[.items[] | select(.cost != 0 or (.access | index("wheelchair") | not) or .intensity > 3 or .category != "gardening-nature")] | length' 0
fetch "$base/api/v1/activities?max_cost=5&near=42.26,-71.80"
check "max_cost and near are 200" test "$code" = 200

# Every validation error: 400, the field named.
while IFS='|' read -r query field; do
  fetch "$base/api/v1/activities?$query"
  check "?$query is 400 naming $field" eval 'test "$code" = 400 && json_is .error.field "$field" && json_is .error.code bad_request && test -n "$(jq -r .error.message "$tmp/body")"'
done <<'CASES'
q=%01x|q
category=nope|category
category=music,nope|category
near=abc|near
near=91,0|near
zip=00000|zip
town=Nowhereville%20Zzz|town
zip=01610&town=Worcester|town
within=-1|within
within=abc|within
within=5|within
from=2026-13-01|from
from=1900-01-01|from
to=tomorrow|to
from=2026-12-10&to=2026-12-01|to
days=XX|days
days=MO,XX|days
after=25:00|after
before=noon|before
after=18:00&before=17:00|before
free=maybe|free
max_cost=abc|max_cost
free=1&max_cost=5|max_cost
access=stairs|access
intensity_max=9|intensity_max
intensity_max=0|intensity_max
limit=0|limit
limit=101|limit
limit=abc|limit
offset=-1|offset
offset=1000001|offset
bogus=1|parameter
CASES

fetch "$base/api/v1/activities/1"
check "GET /api/v1/activities/1 is the activity" \
  eval 'test "$code" = 200 && json_is .id 1 && json_is .category gardening-nature && json_is ".schedule[0]" "Every Thursday at 17:30, 90 minutes" && test "$(jq ".next | length" "$tmp/body")" -gt 0'
fetch "$base/api/v1/activities/999999"
check "an unknown id is 404 not_found" eval 'test "$code" = 404 && json_is .error.code not_found'
fetch "$base/api/v1/categories"
check "GET /api/v1/categories lists every category with slug and name" \
  eval 'test "$code" = 200 && test "$(jq length "$tmp/body")" = "$(grep -vc "^#" "$BELONG_ROOT/data/categories.tsv")" && json_is "all(.[]; keys == [\"name\",\"slug\"])" true'
fetch -I "$base/api/v1/categories"
check "HEAD is answered" test "$code" = 200

# Methods.
for method in POST PUT PATCH DELETE; do
  fetch -X "$method" "$base/api/v1/activities"
  check "$method /api/v1/activities is 405 with Allow: GET, HEAD" \
    eval 'test "$code" = 405 && header_has "Allow: GET, HEAD" && json_is .error.code method_not_allowed'
done
fetch -X DELETE "$base/activities/1"
check "DELETE on a page is 405 HTML" eval 'test "$code" = 405 && header_has "text/html"'

# Limits.
long=$(head -c 10000 /dev/zero | tr '\0' a)
fetch "$base/api/v1/activities?q=$long"
check "a URL over 8 KiB is 414" eval 'test "$code" = 414 && json_is .error.code url_too_long'
fetch -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' b)" "$base/api/v1/categories"
check "header fields over 16 KiB are 431" eval 'test "$code" = 431 && json_is .error.code headers_too_large'
head -c 100000 /dev/zero | tr '\0' c >"$tmp/big-body"
fetch -X POST --data-binary "@$tmp/big-body" "$base/login"
check "a body over 64 KiB is 413" test "$code" = 413
fetch -X POST -H "Transfer-Encoding: chunked" --data-binary "@$tmp/big-body" "$base/login"
check "a chunked body over 64 KiB is 413" test "$code" = 413
fetch -X POST --data-binary "@$tmp/big-body" "$base/api/v1/activities"
check "... but to a route that takes no POST, the route's answer first: 405" \
  eval 'test "$code" = 405 && json_is .error.code method_not_allowed'
fetch "$base/api/v1/categories"
check "the server answers after refusing them" test "$code" = 200

# Escaping: the hostile listing's name, description, place and javascript: URL.
fetch "$base/activities/$hostile_id"
check "the hostile listing's page is 200" test "$code" = 200
check "its markup is text: no script, img or handler from the data" \
  eval '! grep -qiE "<script|<img|<b>|<a href=\"javascript|\" onmouseover" "$tmp/body"'
check "its name is shown escaped" body_has '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; O&#39;Brien &amp; &quot;Friends&quot;'
check "its javascript: URL is shown, not linked" eval 'body_has "javascript:alert(4)" && ! grep -q "href=\"javascript" "$tmp/body"'
fetch "$base/?q=pwned"
check "search results escape it too" eval 'body_has "&lt;script&gt;" && ! grep -qiE "<script|<img" "$tmp/body"'
fetch "$base/api/v1/activities/$hostile_id"
check "the API gives the name exactly" \
  test "$(jq -r .name "$tmp/body")" = '<script>alert("pwned")</script> O'"'"'Brien & "Friends" <img src=x onerror=alert(1)>'
fetch "$base/?q=%3Cscript%3Ex%3C%2Fscript%3E%22%27%3E&town=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"
check "typed values are escaped where they are shown again" \
  eval '! grep -qiE "<script" "$tmp/body" && body_has "value=\"&lt;script&gt;x&lt;/script&gt;&quot;&#39;&gt;\""'

# 50 requests at once.
for i in $(seq 50); do
  case $((i % 3)) in
  0) url="$base/api/v1/activities?town=Worcester&limit=5&offset=$i" ;;
  1) url="$base/activities/$(((i % 40) + 1))" ;;
  *) url="$base/?q=music&town=Lowell" ;;
  esac
  curl -s -o /dev/null -w '%{http_code}\n' --max-time 60 "$url" >"$tmp/c$i" &
done
wait_for_curls() { local p; for p in $(jobs -p); do [ "$p" != "$server_pid" ] && wait "$p"; done; }
wait_for_curls
check "50 concurrent requests are all answered 200" \
  test "$(cat "$tmp"/c[0-9]* | grep -c '^200$')" = 50
if ! kill -0 "$server_pid" 2>/dev/null; then # say why the server died (sanitizer reports and all)
  echo "#   the server is gone; its log without the access lines:"
  grep -vE '^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) ' "$tmp/log" | head -80 | sed 's/^/#   /'
fi
rm -f "$tmp"/c[0-9]*

check "every response carried the security headers ($responses responses)" test -z "$missing_headers"
[ -n "$missing_headers" ] && printf '#   %s\n' "$missing_headers"

# The access log: one line per request by route, never a path's value or a query.
log=$(cat "$tmp/log")
check "the log has method, route, status, bytes and milliseconds" \
  grep -qE '^GET /api/v1/activities/\{id\} 200 [0-9]+ [0-9.]+ms$' "$tmp/log"
check "the log has no query values, ids or names" \
  eval '! grep -qE "Worcester|pwned|garden|town=|\?|/activities/[0-9]" "$tmp/log"'

# SIGTERM with requests in flight: a request whose header is still arriving, and searches.
exec {conn}<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /api/v1/categories HTTP/1.1\r\nHost: test\r\n' >&"$conn"
sleep 0.5
for i in 1 2 3 4 5; do
  (curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$base/?town=Worcester&q=club" >"$tmp/t$i"
    echo " $?" >>"$tmp/t$i") &
done
sleep 0.2
kill -TERM "$server_pid"
sleep 0.5
check "after SIGTERM the server waits for the request in flight" kill -0 "$server_pid"
printf 'Accept: application/json\r\n\r\n' >&"$conn"
answer=$(timeout 20 cat <&"$conn" | tr -d '\r')
exec {conn}>&-
case "$answer" in "HTTP/1.1 200"*'"slug"'*) _report 0 "the request in flight is answered in full" ;;
  *) _report 1 "the request in flight is answered in full" "answer: ${answer:0:300}" ;; esac
wait_for_curls
# A search whose connection was accepted is answered whole (200, curl status 0); one that came
# after the stop began is refused before anything is sent (curl 7, 52 or 56), never cut short.
check "the searches sent around SIGTERM are answered whole, or refused before they began" \
  eval '! grep -qvE "^(200 0|000 (7|52|56))$" "$tmp"/t[1-5]'
wait "$server_pid"
status=$?
server_pid=""
check "the server exits 0 after SIGTERM" test "$status" = 0
check "its log says it stopped" grep -q "stopped" "$tmp/log"

# SIGINT stops it too.
start_server "$tmp/log2"
kill -INT "$server_pid"
wait "$server_pid"
status=$?
server_pid=""
check "SIGINT stops the server with status 0" test "$status" = 0

finish
