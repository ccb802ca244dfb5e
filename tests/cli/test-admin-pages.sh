#!/usr/bin/env bash
# test-admin-pages.sh — the admin pages over real HTTP (a server on an ephemeral loopback port,
# killed by a trap), logged in through the login form as a browser is: the users page (list,
# add with a password of 12 characters or more, set a password, disable; every form with the
# session's CSRF field; a refused field marked and named, what was typed kept but never a
# password), the audit page with its filters, who may see each (403 for the others, the login
# page for nobody), and the peer API called with a session cookie (its X-CSRF-Token header).
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

serve_start "$tmp/log"

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
