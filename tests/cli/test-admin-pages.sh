#!/usr/bin/env bash
# test-admin-pages.sh — the admin pages over real HTTP (a server on an ephemeral loopback port,
# killed by a trap), logged in through the login form as a browser is: the users page (list,
# add with a password of 12 characters or more, set a password, disable; every form with the
# session's CSRF field; a refused field marked and named, what was typed kept but never a
# password), the audit page with its filters, the imports page (an iCalendar upload larger
# than other routes take, imported whole or its valid rows, the refused ones listed), who may
# see each (403 for the others, the login page for nobody), and the peer API called with a
# session cookie (its X-CSRF-Token header).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/admin-pages"
mkdir -p "$tmp"
export BELONG_DB="$tmp/a.db"
unset BELONG_CPS
PW="correct horse battery"
add() { printf '%s\n' "$PW" | "$BELONG" user add "$@" --cps root >/dev/null 2>&1; }
add root --role admin
add pat --role supervisor
add sam --role cps --supervisor pat
add jo --role cps
"$BELONG" peer add --name "Ana Sousa" --home 01610 --cps sam >/dev/null 2>&1
"$BELONG" peer add --name "Ben Ortiz" --home 01610 --cps jo >/dev/null 2>&1
"$BELONG" peer show 1 --cps sam >/dev/null 2>&1
"$BELONG" peer show 2 --cps sam >/dev/null 2>&1 # refused: another caseload's

serve_start "$tmp/log" --upload-max 16

# fetch [CURL ARGS...] URL: sets $code and $tmp/body, $headers.
fetch() {
  code=$(curl -s -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' "$@")
  headers=$(tr -d '\r' <"$tmp/headers")
}
body_has() { grep -qF -- "$1" "$tmp/body"; }
form_csrf() { grep -o 'name="csrf" value="[0-9a-f]*"' "$tmp/body" | head -1 | sed 's/.*value="//; s/"//'; }
login() { # NAME JAR: logs in through the login form
  rm -f "$2"
  fetch -c "$2" "$base/login"
  local t
  t=$(form_csrf)
  fetch -b "$2" -c "$2" --data-urlencode "csrf=$t" --data-urlencode "name=$1" \
    --data-urlencode "password=$PW" "$base/login"
}
login root "$tmp/root"
check "the admin logs in" test "$code" = 303

# ---- users ----------------------------------------------------------------------------------
fetch -b "$tmp/root" "$base/admin/users"
check "GET /admin/users lists every account" \
  eval 'test "$code" = 200 && body_has "<th scope=\"row\">sam</th>" && body_has "<th scope=\"row\">pat</th>" && body_has "4 accounts"'
check "every form on it carries the session's CSRF field" \
  test "$(grep -c '<form method="post"' "$tmp/body")" = "$(grep -c 'name="csrf" value="[0-9a-f]\{64\}"' "$tmp/body")"
csrf=$(form_csrf)
check "... and there are forms" test -n "$csrf"
fetch -b "$tmp/root" --data-urlencode "csrf=$csrf" --data-urlencode "name=lee" \
  --data-urlencode "role=cps" --data-urlencode "supervisor=pat" \
  --data-urlencode "password=too short" "$base/admin/users"
check "a password under 12 characters is refused: 400" test "$code" = 400
check "... the password field marked and described" \
  body_has 'id="password" name="password" autocomplete="new-password" minlength="12" required aria-invalid="true" aria-describedby="password-error"'
check "... what was typed kept, but not the password" \
  eval 'body_has "value=\"lee\"" && body_has "value=\"pat\"" && body_has "<option value=\"cps\" selected>" && ! body_has "too short"'
run "$BELONG" user list --json --cps root
check "... and no user was added" test "$(printf '%s' "$out" | jq length)" = 4
fetch -b "$tmp/root" --data-urlencode "csrf=$csrf" --data-urlencode "name=lee" \
  --data-urlencode "role=cps" --data-urlencode "supervisor=nobody" \
  --data-urlencode "password=$PW" "$base/admin/users"
check "an unknown supervisor is refused, the field named" \
  eval 'test "$code" = 400 && body_has "id=\"supervisor\"" && body_has "aria-describedby=\"supervisor-error\""'
fetch -b "$tmp/root" --data-urlencode "name=lee" --data-urlencode "role=cps" \
  --data-urlencode "password=$PW" "$base/admin/users"
check "a form without the CSRF field is refused: 403" test "$code" = 403
fetch -b "$tmp/root" --data-urlencode "csrf=$csrf" --data-urlencode "name=lee" \
  --data-urlencode "role=cps" --data-urlencode "supervisor=pat" \
  --data-urlencode "password=$PW" "$base/admin/users"
check "a user is added" eval 'test "$code" = 200 && body_has "Added lee." && body_has "<th scope=\"row\">lee</th>"'
run "$BELONG" user list --json --cps root
check "... in pat's team" \
  test "$(printf '%s' "$out" | jq -r '.[] | select(.name=="lee") | .supervisor')" = pat
fetch -b "$tmp/root" --data-urlencode "csrf=$csrf" --data-urlencode "name=lee" \
  --data-urlencode "password=short" "$base/admin/users/password"
check "setting a short password is refused, its field marked" \
  eval 'test "$code" = 400 && grep -q "aria-invalid=\"true\" aria-describedby=\"pw-[0-9]*-error\"" "$tmp/body"'
fetch -b "$tmp/root" --data-urlencode "csrf=$csrf" --data-urlencode "name=lee" \
  --data-urlencode "password=another long passphrase" "$base/admin/users/password"
check "a password is set" eval 'test "$code" = 200 && body_has "Set a new password for lee"'
PW="another long passphrase" login lee "$tmp/lee"
check "... which lee logs in with" test "$code" = 303
fetch -b "$tmp/root" --data-urlencode "csrf=$csrf" --data-urlencode "name=lee" \
  "$base/admin/users/disable"
check "a user is disabled" eval 'test "$code" = 200 && body_has "Disabled lee"'
check "... and shown so" eval 'grep -q "<th scope=\"row\">lee</th><td>cps</td><td>pat</td><td>disabled</td>" "$tmp/body"'
fetch -b "$tmp/lee" "$base/dashboard"
check "... whose session has ended" test "$code" != 200

login sam "$tmp/sam"
fetch -b "$tmp/sam" "$base/admin/users"
check "a CPS may not see the users page: 403" test "$code" = 403
login pat "$tmp/pat"
fetch -b "$tmp/pat" "$base/admin/users"
check "nor may a supervisor: 403" test "$code" = 403
fetch "$base/admin/users"
check "nobody is sent to the login page" \
  eval 'test "$code" = 303 && grep -qi "^Location: /login" <<<"$headers"'

fetch -b "$tmp/root" "$base/dashboard"
check "an admin's navigation links the users, imports and audit pages" \
  eval 'body_has "href=\"/admin/users\"" && body_has "href=\"/admin/imports\"" && body_has "href=\"/admin/audit\""'
fetch -b "$tmp/pat" "$base/dashboard"
check "a supervisor's, the audit page only" \
  eval 'body_has "href=\"/admin/audit\"" && ! body_has "href=\"/admin/users\""'
fetch -b "$tmp/sam" "$base/dashboard"
check "a CPS's, none of them" eval '! body_has "href=\"/admin/"'

# ---- the audit trail ------------------------------------------------------------------------
fetch -b "$tmp/root" "$base/admin/audit"
check "the admin reads the audit trail" \
  eval 'test "$code" = 200 && body_has "<td>peer.show</td>" && body_has "refused"'
fetch -b "$tmp/root" "$base/admin/audit?peer=2&user=sam"
check "... filtered by peer and user" \
  eval 'test "$code" = 200 && body_has "1 row matches" && body_has "<td>sam</td><td>peer.show</td><td>2</td><td>cli</td><td>refused</td>"'
fetch -b "$tmp/root" "$base/admin/audit?since=2999-01-01"
check "... and by day" eval 'test "$code" = 200 && body_has "0 rows match"'
fetch -b "$tmp/root" "$base/admin/audit?since=yesterday"
check "a bad day is 400, the field marked and named" \
  eval 'test "$code" = 400 && body_has "aria-describedby=\"since-error\"" && body_has "value=\"yesterday\""'
fetch -b "$tmp/root" "$base/admin/audit?colour=red"
check "an unknown parameter is 400" test "$code" = 400
fetch -b "$tmp/pat" "$base/admin/audit"
check "a supervisor reads their team's rows" \
  eval 'test "$code" = 200 && body_has "<td>sam</td>" && ! body_has "<td>jo</td>"'
fetch -b "$tmp/sam" "$base/admin/audit"
check "a CPS may not read it: 403" test "$code" = 403
check "the page escapes what it shows" eval '! grep -q "<script" "$tmp/body"'

# ---- imports ---------------------------------------------------------------------------------
fetch -b "$tmp/root" "$base/admin/imports"
check "GET /admin/imports is an upload form with the CSRF field" \
  eval 'test "$code" = 200 && body_has "enctype=\"multipart/form-data\"" && body_has "type=\"file\" id=\"file\" name=\"file\""'
csrf=$(form_csrf)
count() { "$BELONG" search --json --limit 100 2>/dev/null | jq length; }
before=$(count)
fetch -b "$tmp/root" -F "csrf=$csrf" -F "file=@$FIXTURES/web/import-mixed.ics" "$base/admin/imports"
check "a file with a refused row is refused whole: 400, the row listed by the file's name" \
  eval 'test "$code" = 400 && body_has "<li>import-mixed.ics:13: DTSTART: missing: the event has no start</li>"'
check "... nothing imported" test "$(count)" = "$before"
fetch -b "$tmp/root" -F "csrf=$csrf" -F "lenient=on" -F "file=@$FIXTURES/web/import-mixed.ics" \
  "$base/admin/imports"
check "with 'import the valid rows' the valid one is imported, the refused one listed" \
  eval 'test "$code" = 200 && grep -qE "Imported ical:import-mixed.ics: 1 activity \(1 new\), [0-9]+ occurrences, 1 refused" "$tmp/body" && body_has "DTSTART: missing"'
check "... and found by the search" test "$(count)" = $((before + 1))
check "the refused row's text is escaped" eval '! body_has "<b>No start</b>"'
fetch -b "$tmp/root" -F "csrf=$csrf" -F "source=" "$base/admin/imports"
check "no file is 400, the file field marked" \
  eval 'test "$code" = 400 && body_has "aria-describedby=\"file-error\""'
printf 'PK\003\004 not really a zip' >"$tmp/package.zip"
fetch -b "$tmp/root" -F "csrf=$csrf" -F "file=@$tmp/package.zip" "$base/admin/imports"
check "a zip that is not one is refused at the file field, saying so (test-admin-zip: zips)" \
  eval 'test "$code" = 400 && body_has "package.zip: not a zip archive" && body_has "aria-describedby=\"file-error\""'
{
  head -n 3 "$FIXTURES/web/matrix.ics"
  for i in $(seq 400); do
    printf 'BEGIN:VEVENT\nUID:big-%d@example\nSUMMARY:Drop-in art table %d\nGEO:42.27;-71.81\n' "$i" "$i"
    printf 'DTSTART;TZID=America/New_York:20261105T130000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;BYDAY=TH\n'
    printf 'DESCRIPTION:%s\nEND:VEVENT\n' "$(head -c 200 /dev/zero | tr '\0' x)"
  done
  echo 'END:VCALENDAR'
} >"$tmp/big.ics"
check "the big file is over the 64 KiB of other routes" test "$(wc -c <"$tmp/big.ics")" -gt 65536
fetch -b "$tmp/root" -F "csrf=$csrf" -F "file=@$tmp/big.ics" "$base/admin/imports"
check "this route takes it: 400 activities imported" \
  eval 'test "$code" = 200 && body_has "400 activities (400 new)"'
fetch -b "$tmp/root" -F "csrf=$csrf" -F "name=x" -F "file=@$tmp/big.ics" "$base/admin/users"
check "another route refuses the same body: 413" test "$code" = 413
fetch -b "$tmp/root" -F "csrf=$csrf" -F "name=x" -F "role=cps" "$base/admin/users"
check "a multipart body on another route is 415" test "$code" = 415
head -c 17000000 /dev/zero >"$tmp/huge.ics"
fetch -b "$tmp/root" -F "csrf=$csrf" -F "file=@$tmp/huge.ics" "$base/admin/imports"
check "over 16 MiB (--upload-max 16) even here: 413" test "$code" = 413
fetch -b "$tmp/root" -F "file=@$FIXTURES/web/matrix.ics" "$base/admin/imports"
check "an upload without the CSRF field is 403" test "$code" = 403
fetch -b "$tmp/sam" -F "csrf=$csrf" -F "file=@$FIXTURES/web/matrix.ics" "$base/admin/imports"
check "a CPS may not import: 403" test "$code" = 403

# ---- the peer API with a session cookie -----------------------------------------------------
fetch -b "$tmp/sam" "$base/dashboard" # the session's secret is in the page's forms
sam_csrf=$(form_csrf)
fetch -b "$tmp/sam" -X PATCH -H 'Content-Type: application/json' --data-binary '{"pronouns":"she/her"}' \
  "$base/api/v1/peers/1"
check "an API change with the session cookie and no X-CSRF-Token is 403" test "$code" = 403
run "$BELONG" peer show 1 --json --cps sam
check "... and changes nothing" test "$(printf '%s' "$out" | jq -r .pronouns)" = null
fetch -b "$tmp/sam" -X PATCH -H 'Content-Type: application/json' -H "X-CSRF-Token: $sam_csrf" \
  --data-binary '{"pronouns":"she/her"}' "$base/api/v1/peers/1"
check "with the session's X-CSRF-Token it is made" \
  test "$code" = 200 -a "$(jq -r .pronouns "$tmp/body")" = she/her
fetch -b "$tmp/sam" "$base/api/v1/peers"
check "GET needs no CSRF header" test "$code" = 200 -a "$(jq .total "$tmp/body")" = 1
finish
