#!/usr/bin/env bash
# test-web-issue13.sh — issue 13's requirements that hold for every route at once, checked
# mechanically against `belong serve` on an ephemeral loopback port (docs/web.md, "Issue 13
# checklist"): every GET route of the route table, as each role and as nobody, changes nothing
# but the audit trail and the session's last-seen time; every answer carries the security
# headers (a CSP without inline script, nosniff, frame-ancestors 'none', no-referrer, no-store
# on all but the style sheet); no page or style sheet fetches anything from elsewhere; the
# search page has a control for every filter the search reads; no id twice on a page; a refused
# report period or connection change keeps what was typed, in the form's words; at most 256
# connections; a backup while the server writes; the access log holds no id,
# query or peer's words; no route and no command changes or deletes an audit row, and the
# audit trail is refused to a CPS; a peer erased through the API leaves no row in any table
# that holds a peer_id (read from the schema); a write in flight at SIGTERM is finished and
# committed; login throttling over HTTP: increasing Retry-After, then a 15-minute lockout, per
# account and per address. Servers are always killed (trap).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/web-issue13"
rm -rf "$tmp"
mkdir -p "$tmp"
db="$tmp/demo.db"
. "$(dirname "$0")/web-lib.sh"
web_demo_db
audit_rows() { sqlite3 "$db" 'SELECT * FROM audit ORDER BY id'; }
audit_rows >"$tmp/audit-start"
# The database's contents, less what any request may write (the audit trail, sessions seen).
digest() { sqlite3 "$db" .dump | grep -vE '^INSERT INTO "?(audit|session|login_failure)"? '; }
peer=$(sqlite3 "$db" "SELECT min(id) FROM peer WHERE cps = 'demo' AND archived = 0")
plan=$(sqlite3 "$db" "SELECT min(id) FROM plan WHERE peer_id = $peer")
check "demo's caseload has a peer with a plan" test -n "$peer" -a -n "$plan"
# Argon2id at least libsodium's INTERACTIVE limits (64 MiB, 2 passes) for every account.
weak=$(sqlite3 "$db" "SELECT name, password_hash FROM user_account" | while IFS='|' read -r n h; do
  [[ "$h" =~ ^\$argon2id\$v=19\$m=([0-9]+),t=([0-9]+),p=[0-9]+\$ ]] &&
    [ "${BASH_REMATCH[1]}" -ge 65536 ] && [ "${BASH_REMATCH[2]}" -ge 2 ] || echo "$n"
done)
check "every password is hashed with Argon2id, at least 64 MiB and 2 passes" test -z "$weak"

web_start
check "the server starts" test -n "$base"
for who in demo boss root; do web_login "$who" "$PW" "$tmp/jar-$who"; done
check "demo, boss and root log in" eval 'test -s "$tmp/jar-demo" -a -s "$tmp/jar-boss" -a -s "$tmp/jar-root"'

# ---- every GET route, as every role: nothing changes ----------------------------------------
# Each route of the table is asked for with its {id} and {name} filled in, and for the routes
# that read a query, a query that makes them do their work; a GET route added later is asked
# for too (with {id} a peer's id under /peers/, else 1).
query_of() {
  case $1 in
  /) echo "?q=garden&town=Worcester&within=10" ;;
  /peers/{id}/why) echo "?activity=1" ;;
  /peers/{id}/measures/new) echo "?instrument=ucla3" ;;
  /peers/{id}/plans/new) echo "?activity=1" ;;
  /plans/new) echo "?peer=$peer&activity=1" ;;
  /peers/{id}/visits/new) echo "?plan=$plan" ;;
  /reports/caseload) echo "?from=2026-01-01&to=2026-12-31" ;;
  /admin/audit) echo "?peer=$peer" ;;
  /api/v1/activities) echo "?town=Worcester&limit=5" ;;
  /api/v1/peers/{id}/suggestions) echo "?why_not=yes" ;;
  esac
}
path_of() {
  local p=$1
  case $p in
  /static/*) p=${p//\{name\}/style.css} ;;
  */charts/*) p=${p//\{name\}/ucla3} ;;
  esac
  case $p in
  */peers/*) p=${p//\{id\}/$peer} ;;
  *) p=${p//\{id\}/1} ;;
  esac
  echo "$p$(query_of "$1")"
}
get_routes=$("$BELONG" serve --routes | sed -n 's/^GET //p')
check "the route table has GET routes" test "$(wc -l <<<"$get_routes")" -ge 30
bad_headers=""
fetched_elsewhere=""
inline_script=""
duplicate_ids=""
seen_ok=""
for who in nobody demo boss root; do
  before=$(digest)
  for route in $get_routes; do
    url="$base$(path_of "$route")"
    jar=()
    [ "$who" != nobody ] && jar=(-b "$tmp/jar-$who")
    fetch "${jar[@]}" "$url"
    [ "$code" = 200 ] && seen_ok+="$route"$'\n'
    # The headers every answer carries: a CSP with frame-ancestors 'none' that allows no
    # inline script, nosniff, no-referrer, and no-store on everything but the style sheet.
    csp=$(sed -n 's/^Content-Security-Policy: //Ip' <<<"$headers")
    problems=""
    grep -q "frame-ancestors 'none'" <<<"$csp" || problems+=" frame-ancestors"
    grep -qE "default-src '(self|none)'" <<<"$csp" || problems+=" default-src"
    grep -qiE "unsafe-inline|unsafe-eval|script-src [^;]*('self'|\*|http)" <<<"$csp" && problems+=" script"
    header_has "X-Content-Type-Options: nosniff" || problems+=" nosniff"
    header_has "Referrer-Policy: no-referrer" || problems+=" referrer"
    case $route in /static/*) ;; *) header_has "Cache-Control: no-store" || problems+=" no-store" ;; esac
    [ -n "$problems" ] && bad_headers+="$who GET $route ($code):$problems"$'\n'
    # Nothing fetched from elsewhere: no address with a host in a src, a <link>, a form's action,
    # an SVG reference or a CSS url (a link the user may follow, <a href>, is no fetch).
    if grep -qiE "(src|action|xlink:href)=\"(https?:)?//|<link[^>]* href=\"(https?:)?//|url\(['\"]?(https?:)?//|@import" "$tmp/body"; then
      fetched_elsewhere+="$who GET $route"$'\n'
    fi
    # An id is the target of a label, a field's message and the error summary's link: one each.
    dup=$(grep -oE ' id="[^"]*"' "$tmp/body" | sort | uniq -d | tr '\n' ' ')
    [ -n "$dup" ] && duplicate_ids+="$who GET $route:$dup"$'\n'
    if grep -qiE "<script| on[a-z]+=\"|javascript:" "$tmp/body" && ! header_has "application/json"; then
      inline_script+="$who GET $route"$'\n'
    fi
  done
  after=$(digest)
  check "every GET route asked for as $who changes nothing (but the audit and sessions)" \
    test "$before" = "$after"
  [ "$before" != "$after" ] && diff <(echo "$before") <(echo "$after") | head -20 | sed 's/^/#   /'
done
missing_ok=$(for route in $get_routes; do grep -qxF "$route" <<<"$seen_ok" || echo "$route"; done)
check "every GET route was answered 200 to someone (so each did its work)" test -z "$missing_ok"
[ -n "$missing_ok" ] && printf '#   never 200: %s\n' $missing_ok
check "every answer carried the security headers (CSP without inline script, nosniff, frame-ancestors 'none', no-referrer, no-store)" \
  test -z "$bad_headers"
[ -n "$bad_headers" ] && printf '#   %s\n' "$bad_headers" | head -20
check "no page, chart or style sheet fetches anything from another host" test -z "$fetched_elsewhere"
[ -n "$fetched_elsewhere" ] && printf '#   %s\n' "$fetched_elsewhere" | head -20
check "no page has an id twice" test -z "$duplicate_ids"
[ -n "$duplicate_ids" ] && printf '#   %s\n' "$duplicate_ids" | head -20
check "no page has a script, an event handler or a javascript: URL" test -z "$inline_script"
[ -n "$inline_script" ] && printf '#   %s\n' "$inline_script" | head -20
fetch "$base/static/style.css"
check "the style sheet is the file compiled in: src/web/static/style.css, byte for byte" \
  cmp -s "$tmp/body" "$BELONG_ROOT/src/web/static/style.css"

# One HTML writer: outside src/web/html.c no markup is written but through html_printf.
check "no file of src/web/ but html.c writes markup with buf_printf or buf_append" \
  eval '! grep -nE "buf_(printf|append)[^;]*<[a-zA-Z/!]" $(ls "$BELONG_ROOT"/src/web/*.c | grep -v "/html.c$")'

# ---- the search page has every filter the search reads -------------------------------------
fetch "$base/api/v1/activities?bogus=1"
known=$(jq -r .error.message "$tmp/body" | sed -n 's/.*(known: \(.*\)).*/\1/p' | tr -d ' ' | tr ',' '\n')
check "the search names the parameters it reads" test "$(wc -l <<<"$known")" -ge 10
fetch "$base/"
missing=""
for field in $known; do
  case $field in limit | offset) continue ;; esac # paging, not a filter: the result links carry them
  grep -qE "name=\"$field\"" "$tmp/body" || missing+=" $field"
done
check "the search page's form has a control for every filter (of: $(echo $known))" test -z "$missing"
[ -n "$missing" ] && echo "#   missing:$missing"

# ---- another caseload's peer: 404 like a missing one, on every peer route and verb -------------
# Every route of the table under /peers/{id}, asked for by another CPS (demo2) with the peer's id
# and with an id no peer has: both 404, the same answer but for the id; and every change asked
# for by demo's supervisor (boss, who reads their team but changes nothing): 404. Nothing is
# written.
web_login demo2 "$PW" "$tmp/jar-demo2"
missing_id=999999
peer_routes=$("$BELONG" serve --routes | grep -E '^(GET|POST) /peers/\{id\}')
check "the route table has peer routes to try" test "$(wc -l <<<"$peer_routes")" -ge 20
before=$(digest)
bad=""
while read -r method route; do
  for who in demo2 boss; do
    [ "$method:$who" = GET:boss ] && continue # a supervisor reads their team's peers
    csrf_who=$(curl -s -b "$tmp/jar-$who" "$base/dashboard" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
    args=(-b "$tmp/jar-$who")
    [ "$method" = POST ] && args+=(--data-urlencode "csrf=$csrf_who" --data-urlencode "name=Taken"
      --data-urlencode "plan=$plan" --data-urlencode "status=done" --data-urlencode "confirm=yes"
      --data-urlencode "instrument=ucla3" --data-urlencode "activity=1" --data-urlencode "went=no"
      --data-urlencode "relationship=friend" --data-urlencode "closeness=2")
    path=$(path_of "$route")
    fetch "${args[@]}" "$base$path"
    theirs="$code $(sed "s#/peers/$peer\b#/peers/ID#g; s/peer $peer\b/peer ID/g" "$tmp/body")"
    fetch "${args[@]}" "$base${path/\/peers\/$peer/\/peers\/$missing_id}"
    missing="$code $(sed "s#/peers/$missing_id\b#/peers/ID#g; s/peer $missing_id\b/peer ID/g" "$tmp/body")"
    # boss may read the peer: a change is refused as not theirs (404), its words may differ.
    [ "${theirs%% *}" = 404 ] && { [ "$who" = boss ] || [ "$theirs" = "$missing" ]; } ||
      bad+=" $who:$method:$route:${theirs%% *}"
  done
done <<<"$peer_routes"
check "every peer route and verb answers another caseload's peer 404, as a missing one" test -z "$bad"
[ -n "$bad" ] && echo "#   answered:$bad"
check "... and nothing was written" test "$(digest)" = "$before"

# ---- a refused report period keeps what was typed -----------------------------------------------
fetch -b "$tmp/jar-demo" "$base/reports/caseload?from=2026-13-01&to=2026-12-31"
check "a caseload report over a bad period is 400 with the period's form, the field marked" \
  eval 'test "$code" = 400 && body_has "<form method=\"get\" action=\"/reports/caseload\">" && body_has "aria-describedby=\"from-error\"" && body_has "not a date"'
check "... the dates as typed kept" eval 'body_has "value=\"2026-13-01\"" && body_has "value=\"2026-12-31\""'
check "... the message in the form's words, not the CLI's option (--from)" eval '! body_has "--from"'
conn=$(sqlite3 "$db" "SELECT min(id) FROM connection WHERE peer_id = $peer AND ended_on IS NULL")
fetch -b "$tmp/jar-demo" "$base/peers/$peer/connections"
fetch -b "$tmp/jar-demo" --data-urlencode "csrf=$(form_csrf)" --data-urlencode "connection=$conn" \
  --data-urlencode "relationship-$conn=friend" --data-urlencode "closeness-$conn=9" \
  "$base/peers/$peer/connections/edit"
check "a refused change of a connection names its control and says why in the form's words" \
  eval 'test "$code" = 400 && body_has "<a href=\"#closeness-$conn\">" && body_has "<p class=\"error\" id=\"closeness-$conn-error\">&#39;9&#39; is not a whole number" && ! body_has "--closeness"'

# ---- the audit trail: read by supervisors and admins, changed by no one -------------------------
fetch -b "$tmp/jar-demo" "$base/admin/audit"
check "a CPS may not read the audit page (403)" test "$code" = 403
run env BELONG_CPS=demo "$BELONG" --db "$db" audit
check "nor the audit with the CLI (77, nothing shown)" eval 'test "$status" = 77 -a -z "$out"'
for who in boss root; do
  fetch -b "$tmp/jar-$who" "$base/admin/audit"
  check "a $who reads the audit page" test "$code" = 200
done
csrf_root=$(curl -s -b "$tmp/jar-root" "$base/admin/users" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
token_root=$("$BELONG" --db "$db" user token root --cps root 2>/dev/null | grep -oE '[0-9a-f]{64}')
for method in POST PUT PATCH DELETE; do
  fetch -b "$tmp/jar-root" -H "X-CSRF-Token: $csrf_root" -X "$method" "$base/admin/audit?peer=$peer"
  check "$method /admin/audit is 405 (the page only reads)" eval 'test "$code" = 405 && header_has "Allow: GET, HEAD"'
  for path in /api/v1/audit /api/v1/audit/1 /admin/audit/1; do
    fetch -H "Authorization: Bearer $token_root" -X "$method" "$base$path"
    check "$method $path: no such route (404)" test "$code" = 404
  done
done
run "$BELONG" --db "$db" audit --help
check "belong audit only reads (no option to change or remove a row)" \
  eval '! grep -qiE -- "--(delete|remove|purge|clear|edit|set|prune)" <<<"$out$err"'
check "an audit row holds who, when, what, which peer, from where and the outcome: no peer data" \
  test "$(sqlite3 "$db" "SELECT group_concat(name, ',') FROM pragma_table_info('audit')")" = "id,at,actor,operation,peer_id,origin,outcome"

# ---- the access log holds no peer data --------------------------------------------------------
names=$(BELONG_CPS=demo "$BELONG" --db "$db" peer list --json | jq -r '.[].name')
check "the log has a line per request, by route pattern" grep -qE '^GET /peers/\{id\}/plans/new 200 [0-9]+ [0-9.]+ms$' "$tmp/log"
check "the log holds no id of a path (peer pages included) and no query" \
  eval '! grep -qE "^[A-Z]+ [^ ]*(/[0-9]|\?)" "$tmp/log"'
leaked=$(while read -r n; do [ -n "$n" ] && grep -qF "$n" "$tmp/log" && echo "$n"; done <<<"$names")
check "the log holds no peer's name ($(wc -l <<<"$names") names looked for)" test -z "$leaked"

# ---- at most 256 connections in all ------------------------------------------------------------
# 256 idle connections, 60 from each of five loopback addresses (each under the 64 of one
# address): a request from a sixth waits for a place, and is answered once they are gone.
r=$(python3 "$BELONG_ROOT/tests/cli/raw_http.py" spread "$base" 256 2 | tr '\n' ' ')
check "with 256 connections open, the 257th is not served until one closes ($r)" test "$r" = "waiting 200 "
fetch "$base/"
check "the server answers as before after them" test "$code" = 200

# ---- a write in flight at SIGTERM is finished and committed ---------------------------------
token=$("$BELONG" --db "$db" user token demo --cps root 2>/dev/null | grep -oE '[0-9a-f]{64}')
body='{"name": "Zephyrine Inflight", "interests": ["kite flying"], "comfort": 2}'
port=${base##*:}
exec {conn}<>"/dev/tcp/127.0.0.1/$port"
printf 'POST /api/v1/peers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
  "$token" "${#body}" "${body:0:20}" >&"$conn"
sleep 0.5
kill -TERM "$server_pid"
sleep 0.5
check "after SIGTERM the server waits for the POST whose body is still arriving" kill -0 "$server_pid"
printf '%s' "${body:20}" >&"$conn"
answer=$(timeout 20 cat <&"$conn" | tr -d '\r')
exec {conn}>&-
case "$answer" in "HTTP/1.1 201"*'"Zephyrine Inflight"'*) _report 0 "the POST in flight is answered 201 in full" ;;
  *) _report 1 "the POST in flight is answered 201 in full" "answer: ${answer:0:300}" ;; esac
wait "$server_pid"
web_status=$?
server_pid=""
check "the server exits 0 after it" test "$web_status" = 0
check "the peer it added is committed (read by the CLI after the stop)" \
  eval 'BELONG_CPS=demo "$BELONG" --db "$db" peer list --json | jq -e "any(.[]; .name == \"Zephyrine Inflight\")" >/dev/null'
check "the database is whole" test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok

# ---- erasure through the API: no row about the peer in any table that holds a peer_id ---------
web_start
# A backup taken while the server writes: SQLite's online backup, a whole and consistent copy.
for i in $(seq 30); do
  curl -s -o /dev/null -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
    --data-binary "{\"name\": \"Backup Writer $i\"}" "$base/api/v1/peers"
done &
writer=$!
sleep 0.3
run "$BELONG" --db "$db" backup "$tmp/during.db"
wait "$writer"
check "belong backup while the server writes exits 0" test "$status" = 0
check "... the copy is whole" test "$(sqlite3 "$tmp/during.db" 'PRAGMA integrity_check')" = ok
copied=$(cp "$db.key" "$tmp/during.db.key" && BELONG_CPS=demo "$BELONG" --db "$tmp/during.db" peer list --json | jq '[.[] | select(.name | startswith("Backup Writer"))] | length')
check "... and holds the peers written before it, every one whole ($copied of 30)" \
  eval 'test -n "$copied" && test "$copied" -le 30 && test "$(BELONG_CPS=demo "$BELONG" --db "$db" peer list --json | jq "[.[] | select(.name | startswith(\"Backup Writer\"))] | length")" = 30'
victim=$(sqlite3 "$db" "SELECT p.id FROM peer p WHERE p.cps = 'demo' AND archived = 0 AND
  EXISTS (SELECT 1 FROM plan WHERE peer_id = p.id) AND EXISTS (SELECT 1 FROM visit WHERE peer_id = p.id) AND
  EXISTS (SELECT 1 FROM measure WHERE peer_id = p.id) AND EXISTS (SELECT 1 FROM connection WHERE peer_id = p.id)
  ORDER BY p.id DESC LIMIT 1")
check "a peer with plans, visits, measures and connections to erase" test -n "$victim"
peer_tables=$(sqlite3 "$db" "SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'peer_id' AND m.name <> 'audit' ORDER BY 1")
# rows_about ID: "TABLE N" for each table holding rows about the peer: a peer_id column, or a
# foreign key to a table that has one (a measure's answers, a connection's history).
rows_about() {
  local t
  for t in $peer_tables; do echo "$t $(sqlite3 "$db" "SELECT count(*) FROM \"$t\" WHERE peer_id = $1")"; done
  echo "peer $(sqlite3 "$db" "SELECT count(*) FROM peer WHERE id = $1")"
  sqlite3 "$db" "SELECT m.name || ' ' || f.\"from\" || ' ' || f.\"table\" || ' ' || f.\"to\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND (f.\"table\" = 'peer' OR f.\"table\" IN (SELECT m2.name FROM sqlite_schema m2, pragma_table_info(m2.name) c WHERE m2.type = 'table' AND c.name = 'peer_id')) AND NOT EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'peer_id')" |
    while read -r t from parent to; do
      if [ "$parent" = peer ]; then
        echo "$t $(sqlite3 "$db" "SELECT count(*) FROM \"$t\" WHERE \"$from\" = $1")"
      else
        echo "$t $(sqlite3 "$db" "SELECT count(*) FROM \"$t\" WHERE \"$from\" IN (SELECT \"$to\" FROM \"$parent\" WHERE peer_id = $1)")"
      fi
    done
}
before_rows=$(rows_about "$victim")
check "before: the peer's rows are in at least 6 tables" test "$(grep -cv ' 0$' <<<"$before_rows")" -ge 6
fetch -H "Authorization: Bearer $token" -X DELETE "$base/api/v1/peers/$victim"
check "DELETE /api/v1/peers/ID erases the peer" eval 'test "$code" = 200 && json_is .erased true'
left=$(rows_about "$victim" | grep -v ' 0$')
check "after: no table holds a row about the peer (of: $(echo $(cut -d' ' -f1 <<<"$before_rows")))" test -z "$left"
[ -n "$left" ] && printf '#   left: %s\n' "$left"
check "the audit trail says the deletion happened, by whom, from where" \
  test "$(sqlite3 "$db" "SELECT actor || ' ' || operation || ' ' || origin || ' ' || outcome FROM audit WHERE peer_id = $victim ORDER BY id DESC LIMIT 1")" = "demo peer.delete 127.0.0.1 ok"

# ---- login throttling over HTTP: increasing delays, a lockout, per account and per address ------
# Each try at a later minute (BELONG_NOW), past the wait before it, through a trusted proxy
# saying which address it came from.
try_login() { # MINUTE ADDRESS NAME PASSWORD: $code, $retry (Retry-After)
  web_start "BELONG_NOW=2026-12-02T$1" -- --trust-proxy
  web_login "$3" "$4" "$tmp/jar" -H "X-Forwarded-For: $2"
  retry=$(sed -n 's/^Retry-After: //Ip' <<<"$headers")
}
waits=""
for i in 1 2 3 4 5; do try_login 10:00 198.51.100.1 demo2 "wrong password $i"; waits+="$code:$retry "; done
for m in 01 02 03 04 05; do try_login "10:$m" 198.51.100.1 demo2 "wrong password $m"; waits+="$code:$retry "; done
check "failures 1-4 are 401; from the 5th a wait doubling from 1 s; the 10th locks for 15 minutes" \
  test "$waits" = "401: 401: 401: 401: 429:1 429:2 429:4 429:8 429:16 429:900 "
[ "$waits" != "401: 401: 401: 401: 429:1 429:2 429:4 429:8 429:16 429:900 " ] && echo "#   got: $waits"
try_login 10:06 192.0.2.50 demo2 "$PW"
check "locked per account: the right password from another address is refused (429)" \
  eval 'test "$code" = 429 && ! cookie_line belong_session >/dev/null'
try_login 10:19 192.0.2.50 demo2 "$PW"
check "... still 14 minutes after" test "$code" = 429
try_login 10:21 192.0.2.50 demo2 "$PW"
check "... and heard again after the 15 minutes" test "$code" = 303
for i in 1 2 3 4 5; do try_login 11:00 198.51.100.2 "nobody$i" "wrong password"; done
for m in 01 02 03 04 05; do try_login "11:$m" 198.51.100.2 "nobody$m" "wrong password"; done
check "ten names tried from one address lock the address" eval 'test "$code" = 429 && test "$retry" = 900'
try_login 11:06 198.51.100.2 demo "$PW"
check "locked per address: another account's right password from it is refused (429)" test "$code" = 429
try_login 11:06 198.51.100.3 demo "$PW"
check "... while that account logs in from another address" test "$code" = 303
check "the failures are kept in the database, per account and per address" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM login_failure WHERE kind = 'address' AND key = '198.51.100.2'")" = 1
web_stop

# ---- after all of it: no audit row changed or deleted --------------------------------------------
key_out=$("$BELONG" --db "$db" key rotate 2>&1)
check "the key is rotated (every sealed row rewritten)" test $? = 0
"$BELONG" --db "$db" user passwd demo2 --cps root <<<"another long password" >/dev/null 2>&1
"$BELONG" --db "$db" user disable demo2 --cps root >/dev/null 2>&1
BELONG_CPS=demo "$BELONG" --db "$db" peer delete "$peer" --yes >/dev/null
audit_rows >"$tmp/audit-end"
check "every audit row of the start is still there, unchanged, after GETs, erasures, logins, a key rotation" \
  test "$(head -n "$(wc -l <"$tmp/audit-start")" "$tmp/audit-end")" = "$(cat "$tmp/audit-start")"
check "... and the trail only grew" test "$(wc -l <"$tmp/audit-end")" -gt "$(wc -l <"$tmp/audit-start")"
finish
