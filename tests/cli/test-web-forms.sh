#!/usr/bin/env bash
# test-web-forms.sh — the web's peer forms, records and reports over real HTTP against
# `belong serve` on an ephemeral loopback port: the intake and edit forms (every profile field,
# a refused field named with everything typed kept, a stale copy refused), every instrument's
# form with its exact items, plans (add, done / skipped / cancel), visits, connections (add,
# change, end), the reports and the printable plan, the export download (audited) and the
# erasure behind its confirmation; each refusal names its field and keeps what was typed; a POST
# without its CSRF field is 403 and writes nothing; another caseload's peer is 404 on every one
# of these routes and verbs and writes nothing; a hostile name is escaped everywhere. The server
# is always killed (trap).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/web-forms"
rm -rf "$tmp"
mkdir -p "$tmp"
db="$tmp/demo.db"
PW="correct horse battery"
user_add() { printf '%s\n' "$PW" | "$BELONG" --db "$db" user add "$@" >/dev/null; }
# The admin first: on a database with an admin, `belong demo` makes no demo login of its own.
user_add root --role admin
"$BELONG" demo --db "$db" >/dev/null 2>&1
user_add demo --role cps --cps root
user_add other --role cps --cps root
. "$(dirname "$0")/web-lib.sh"
web_start
check "the server starts" test -n "$base"

# A self-contained report or chart carries its own policy: not the site's (checked by its test).
own_policy() { missing_headers=$(grep -vF "$1 lacks Content-Security-Policy" <<<"$missing_headers"); }
body_lacks() { ! grep -qF -- "$1" "$tmp/body"; }
location() { sed -n 's/^Location: //Ip' <<<"$headers"; }
# login NAME JAR: logs in as a browser does; sets $csrf, the session's CSRF field.
login() {
  web_login "$1" "$PW" "$2"
  fetch -b "$2" "$base/peers/new"
  csrf=$(form_csrf)
}
jar="$tmp/jar"
login demo "$jar"
check "demo logs in" test -n "$csrf"
# post PATH FIELD=VALUE...: a form posted with demo's session and CSRF field.
post() {
  local path=$1 args=()
  shift
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  fetch -b "$jar" --data-urlencode "csrf=$csrf" "${args[@]}" "$base$path"
}
peers_json() { BELONG_CPS=demo "$BELONG" --db "$db" peer list --json 2>/dev/null; }
# The database's contents, less what any request may write (the audit trail, sessions seen).
digest() { sqlite3 "$db" .dump | grep -v -E '^INSERT INTO "?(audit|session|login_failure)"? ' | sha256sum; }

# ---- the intake form ------------------------------------------------------------------------
fetch -b "$jar" "$base/peers/new"
check "GET /peers/new is the intake form, posting with a CSRF field" \
  eval 'test "$code" = 200 && body_has "<form method=\"post\" action=\"/peers/new\">" && test -n "$(form_csrf)"'
check "the fields are grouped in fieldsets with legends" \
  eval 'test "$(grep -c "<fieldset class=\"wide group\"><legend>" "$tmp/body")" -ge 4'
# Every field a face may set (the JSON of a profile, less what belong writes itself) has its
# control and label on the form: a new field of the table appears without a new form.
settable=$(BELONG_CPS=demo "$BELONG" --db "$db" peer show 1 --json | jq -r 'keys[]' |
  grep -vxE 'id|cps|home_label|home_lat|home_lon|comfort_history|archived|created|updated|version|history|step')
missing=""
for key in $settable; do
  grep -qE "name=\"$key\"" "$tmp/body" || missing+=" $key"
  grep -qE "<label[^>]* for=\"$key\"|<fieldset class=\"wide choices\" id=\"$key\"" "$tmp/body" || missing+=" label:$key"
done
check "every profile field has a labelled control on the form" test -z "$missing"
[ -n "$missing" ] && echo "# missing:$missing"

hostile='<script>alert(1)</script> Sam "O'"'"'Neil" & co'
before=$(peers_json | jq length)
post /peers/new "name=" "home=01610" "budget=lots" "interests=growing tomatoes
painting, watercolour" "travel_modes=walk" "travel_modes=transit" "comfort=2"
check "a refused intake answers 400" test "$code" = 400
check "... naming the name (required) and the budget, with why" \
  eval 'body_has "<a href=\"#name\">name</a>" && body_has "<a href=\"#budget\">budget</a>" && body_has "is required" && body_has "not &#39;free&#39;, &#39;any&#39; or an amount"'
check "... each marked aria-invalid and tied to its message" \
  eval 'body_has "id=\"budget\" name=\"budget\" value=\"lots\" aria-invalid=\"true\" aria-describedby=\"budget-error\"" && body_has "<p class=\"error\" id=\"budget-error\">" && body_has "id=\"name\" name=\"name\" value=\"\" aria-invalid=\"true\" aria-describedby=\"name-error\""'
check "... everything typed kept: the home, the lines of interests, the boxes ticked, the choice" \
  eval 'body_has "name=\"home\" value=\"01610\"" && body_has "growing tomatoes
painting, watercolour</textarea>" && body_has "value=\"walk\" checked" && body_has "value=\"transit\" checked" && body_has "<option value=\"2\" selected>"'
check "... and nothing written" test "$(peers_json | jq length)" = "$before"

before_digest=$(digest)
fetch -b "$jar" --data-urlencode "name=Nobody" "$base/peers/new"
check "an intake without its CSRF field is 403" test "$code" = 403
check "... and writes nothing" test "$(digest)" = "$before_digest"

post /peers/new "name=$hostile" "pronouns=they/them" "contact=sam@example.org" "home=01610" \
  "interests=growing tomatoes
painting, watercolour" "goals=meet one new person" "availability=TU 18:00-20:00
SA 10:00-14:00" "budget=5" "access=quiet" "travel_modes=walk" "travel_modes=transit" \
  "virtual_ok=yes" "comfort=2" "max_travel_miles=5" "audience=veterans" "audience=women"
check "a good intake answers 303 to the peer's page" eval 'test "$code" = 303 && [[ "$(location)" =~ ^/peers/[0-9]+$ ]]'
new_id=$(location | sed 's#.*/##')
shown=$(BELONG_CPS=demo "$BELONG" --db "$db" peer show "$new_id" --json)
check "the peer is stored as typed: each line one interest, the boxes, the words" \
  test "$(jq -c '[.name, .interests, .availability, .travel_modes, .access, .virtual_ok, .comfort, .budget, .home, .audience]' <<<"$shown")" \
  = "$(jq -cn --arg n "$hostile" '[$n, ["growing tomatoes", "painting, watercolour"], ["TU 18:00-20:00", "SA 10:00-14:00"], ["walk", "transit"], ["quiet"], true, 2, 5, "01610", ["women", "veterans"]]')"

fetch -b "$jar" "$base/peers/$new_id/edit"
check "the edit form is filled from the profile" \
  eval 'test "$code" = 200 && body_has "name=\"pronouns\" value=\"they/them\"" && body_has "value=\"quiet\" checked" && body_has "growing tomatoes
painting, watercolour</textarea>"'
check "the hostile name is escaped on the form and in the navigation" \
  eval 'body_lacks "<script>alert" && body_has "&lt;script&gt;alert(1)&lt;/script&gt; Sam &quot;O&#39;Neil&quot; &amp; co"'
version=$(jq .version <<<"$shown")
post "/peers/$new_id/edit" "version=$version" "name=$hostile" "home=01610" "pronouns=she/her" \
  "interests=growing tomatoes" "comfort=3" "budget=5" "max_travel_miles=5" "audience=none"
check "an edit answers 303 to the peer's page" eval 'test "$code" = 303 && test "$(location)" = "/peers/$new_id"'
check "... and is saved: a field emptied is emptied, 'none of these' is said" \
  test "$(BELONG_CPS=demo "$BELONG" --db "$db" peer show "$new_id" --json | jq -c '[.pronouns, .comfort, .contact, .audience, .travel_modes]')" = '["she/her",3,null,[],[]]'
fetch -b "$jar" "$base/peers/$new_id/edit"
check "... and shown so on the form" eval 'body_has "value=\"none\" checked" && body_lacks "value=\"walk\" checked"'
post "/peers/$new_id/edit" "version=$version" "name=Sam" "home=01610"
check "an edit from a stale copy is refused (400) and says why" \
  eval 'test "$code" = 400 && body_has "changed by someone else since this form was opened"'
check "... nothing saved" test "$(BELONG_CPS=demo "$BELONG" --db "$db" peer show "$new_id" --json | jq -r .name)" = "$hostile"
version=$(BELONG_CPS=demo "$BELONG" --db "$db" peer show "$new_id" --json | jq .version)
post "/peers/$new_id/edit" "version=$version" "name=Sam" "home=Nowhere Town, ZZ"
check "a home that cannot be placed is refused naming home" \
  eval 'test "$code" = 400 && body_has "aria-describedby=\"home-error\"" && body_has "value=\"Nowhere Town, ZZ\""'

# ---- measures -------------------------------------------------------------------------------
for instrument in ucla3 lsns6 djg6 ons4 checkin; do
  fetch -b "$jar" "$base/peers/$new_id/measures/new?instrument=$instrument"
  "$BELONG" measure items "$instrument" --json >"$tmp/items.json"
  check "the $instrument form has every item and answer of the instrument's table, as radio buttons" \
    python3 - "$tmp/items.json" "$tmp/body" <<'EOF'
import html, json, sys
items = json.load(open(sys.argv[1]))["items"]
page = open(sys.argv[2]).read()
for i, item in enumerate(items, 1):
    if html.escape(item["text"], quote=True) not in page:
        sys.exit(f"item {i} text missing")
    for a in item["answers"]:
        radio = f'type="radio" name="item{i}"'
        if radio not in page or f'value="{html.escape(a["answer"], quote=True)}"' not in page:
            sys.exit(f"item {i} answer {a['answer']} missing")
        if html.escape(a["label"] or a["answer"], quote=True) not in page:
            sys.exit(f"item {i} label missing")
if f'name="item{len(items) + 1}"' in page:
    sys.exit("an item too many")
EOF
done
post "/peers/$new_id/measures" "instrument=ucla3" "item1=3" "item3=2"
check "a UCLA-3 with an item unanswered is 400, the item named and marked" \
  eval 'test "$code" = 400 && body_has "<a href=\"#item2\">item2</a>" && body_has "aria-describedby=\"item2-error\""'
check "... the answers given kept checked" \
  eval 'body_has "name=\"item1\" id=\"item1-option-2\" value=\"3\" checked" && body_has "name=\"item3\" id=\"item3-option-1\" value=\"2\" checked"'
post "/peers/$new_id/measures" "instrument=ucla3" "item1=3" "item2=2" "item3=2" "date=2026-11-30"
check "a UCLA-3 answered answers 303 to the results" \
  eval 'test "$code" = 303 && [[ "$(location)" =~ ^/peers/$new_id/measures#measure-[0-9]+$ ]]'
fetch -b "$jar" "$base/peers/$new_id/measures"
check "the result shows the score, its range and the band in words" \
  eval 'test "$code" = 200 && body_has "7 (of 3 to 9): lonely" && body_has "<time>2026-11-30</time>"'
check "... and the chart" eval 'body_has "<img src=\"/peers/$new_id/charts/ucla3\""'
post "/peers/$new_id/measures" "instrument=lsns6" "item1=1" "item2=1" "item3=1" "item4=1" \
  "item5=1" "item6=1" "date=2099-01-01"
check "a measure dated in the future is refused naming the date, the answers kept" \
  eval 'test "$code" = 400 && body_has "aria-describedby=\"date-error\"" && body_has "value=\"2099-01-01\"" && body_has "name=\"item6\" id=\"item6-option-1\" value=\"1\" checked"'
fetch -b "$jar" "$base/peers/$new_id/charts/ucla3"
own_policy "$base/peers/$new_id/charts/ucla3"
check "a chart is SVG with its own policy: nothing fetched, no script" \
  eval 'test "$code" = 200 && header_has "Content-Type: image/svg+xml" && header_has "Content-Security-Policy: default-src '"'"'none'"'"'; style-src" && ! header_has "script-src" && body_has "<svg"'

# ---- suggestions, plans and visits (demo peer 1) ---------------------------------------------
fetch -b "$jar" "$base/peers/1/suggestions"
check "the suggestions page lists suggestions with their reasons and 'add to plan'" \
  eval 'test "$code" = 200 && body_has "<ul class=\"reasons\">" && body_has "/peers/1/plans/new?activity="'
activity=$(grep -o '/peers/1/plans/new?activity=[0-9]*' "$tmp/body" | head -1 | sed 's/.*=//')
fetch -b "$jar" "$base/peers/1"
check "the peer's page offers 'add to the plan' beside its suggestions, and links the forms" \
  eval 'body_has "href=\"/peers/1/plans/new?activity=" && body_has "href=\"/peers/1/edit\"" && body_has "href=\"/peers/1/measures\""'
fetch -b "$jar" "$base/peers/1/plans/new?activity=$activity"
check "the plan form offers the next dates and the ways to support it" \
  eval 'test "$code" = 200 && body_has "type=\"radio\" name=\"date\"" && body_has "value=\"along\"" && body_has "value=\"rehearse\""'
date=$(grep -o 'name="date" id="date-option-0" value="[0-9-]*"' "$tmp/body" | sed 's/.*value="//; s/"//')
fetch -b "$jar" "$base/activities/$activity"
check "the activity page offers 'add to a peer's plan' with the caseload's peers" \
  eval 'body_has "<form method=\"get\" action=\"/plans/new\">" && body_has "<option value=\"1\">"'
fetch -b "$jar" "$base/plans/new?peer=1&activity=$activity"
check "... which opens the same plan form" eval 'test "$code" = 200 && body_has "action=\"/peers/1/plans\""'
post /peers/1/plans "activity=$activity" "date=2026-12-02" "support=along" "note=bring gloves"
if [ "$date" != 2026-12-02 ]; then
  check "a plan on a day the activity does not meet is 400, naming the date, the note kept" \
    eval 'test "$code" = 400 && body_has "aria-describedby=\"date-error\"" && body_has "bring gloves</textarea>"'
fi
post /peers/1/plans "activity=$activity" "date=$date" "support=teleport"
check "an unknown support is 400 naming it" eval 'test "$code" = 400 && body_has "<a href=\"#support\">support</a>"'
post /peers/1/plans "activity=$activity" "date=$date" "support=meet" "note=bring gloves"
check "a plan answers 303 to the plans" eval 'test "$code" = 303 && test "$(location)" = /peers/1/plans'
plan=$(BELONG_CPS=demo "$BELONG" --db "$db" plan list 1 --json | jq '[.[] | select(.status == "planned")] | last | .id')
fetch -b "$jar" "$base/peers/1/plans"
check "the plans page shows it with done, skipped and cancel buttons that post" \
  eval 'body_has "id=\"plan-$plan\"" && body_has "name=\"status\" value=\"done\"" && body_has "name=\"status\" value=\"cancelled\"" && body_has "bring gloves"'
post /peers/1/plans/close "plan=$plan" "status=cancelled"
check "cancelling without a reason is 400, naming the plan's reason field" \
  eval 'test "$code" = 400 && body_has "aria-describedby=\"reason-$plan-error\""'
fetch -b "$jar" "$base/peers/1/visits/new?plan=$plan"
check "the visit form asks went, with whom, comfort before and after, conversations, words, next" \
  eval 'test "$code" = 200 && body_has "name=\"went\"" && body_has "name=\"with\"" && body_has "name=\"comfort-before\"" && body_has "name=\"comfort-after\"" && body_has "name=\"conversations\"" && body_has "name=\"felt\"" && body_has "name=\"next\""'
post /peers/1/visits "plan=$plan" "went=yes" "comfort-before=2" "comfort-after=4" "conversations=-3" \
  "felt=it was ok" "with=Jo"
check "a visit with a bad count is 400 naming conversations, the words kept" \
  eval 'test "$code" = 400 && body_has "aria-describedby=\"conversations-error\"" && body_has "it was ok</textarea>" && body_has "value=\"Jo\""'
post /peers/1/visits "plan=$plan" "went=yes" "comfort-before=2" "comfort-after=4" "conversations=3" \
  "felt=$hostile" "with=Jo" "next=go again" "date=$(date -d "$BELONG_NOW" +%F)"
check "a visit answers 303 to the plans" eval 'test "$code" = 303 && test "$(location)" = /peers/1/plans'
fetch -b "$jar" "$base/peers/1/plans"
check "the visit is shown, the peer's words escaped" \
  eval 'body_has "comfort before 2, after 4 · 3 conversations" && body_lacks "<script>alert" && body_has "&lt;script&gt;alert(1)"'
check "... and the plan it followed is done" \
  test "$(BELONG_CPS=demo "$BELONG" --db "$db" plan list 1 --json | jq -r ".[] | select(.id == $plan) | .status")" = done
post /peers/1/plans "activity=$activity" "date=$date" "support=alone"
second=$(BELONG_CPS=demo "$BELONG" --db "$db" plan list 1 --json | jq '[.[] | select(.status == "planned")] | last | .id')
post /peers/1/plans/close "plan=$second" "status=skipped" "reason-$second=rain"
check "skipped with a reason answers 303" eval 'test "$code" = 303'
check "... and the plan is skipped, with the reason" \
  test "$(BELONG_CPS=demo "$BELONG" --db "$db" plan list 1 --json | jq -r ".[] | select(.id == $second) | .status + \" \" + .reason")" = "skipped rain"
post /peers/1/plans/close "plan=$second" "status=done"
check "a plan no longer planned cannot be closed again (400, saying why)" test "$code" = 400

# ---- connections ------------------------------------------------------------------------------
post /peers/1/connections "name=Maria Gonzalez" "relationship=friend" "closeness=3"
check "a full name is refused (400), naming the field and why" \
  eval 'test "$code" = 400 && body_has "aria-describedby=\"name-error\"" && body_has "value=\"Maria Gonzalez\"" && body_has "agree"'
post /peers/1/connections "name=Maria" "relationship=friend" "closeness=3" "met-place=the garden"
check "a connection answers 303 to the list" eval 'test "$code" = 303 && [[ "$(location)" =~ ^/peers/1/connections#connection-[0-9]+$ ]]'
conn=$(location | sed 's/.*-//')
post /peers/1/connections/edit "connection=$conn" "relationship-$conn=friend" "closeness-$conn=9"
check "a closeness out of range is 400, naming that connection's field" \
  eval 'test "$code" = 400 && body_has "aria-describedby=\"closeness-$conn-error\""'
post /peers/1/connections/edit "connection=$conn" "relationship-$conn=friend" "closeness-$conn=4"
check "a change answers 303" test "$code" = 303
post /peers/1/connections/end "connection=$conn"
check "ending it answers 303" test "$code" = 303
fetch -b "$jar" "$base/peers/1/connections"
check "the list shows the change and the end" \
  eval 'body_has "Maria</h3>" && body_has "friend · closeness 4" && body_has "lost touch since" && body_has "charts/ecomap"'

# ---- reports and records ----------------------------------------------------------------------
fetch -b "$jar" "$base/peers/1/records"
check "the records page links the printable plan, the report, the export and the erasure" \
  eval 'body_has "href=\"/peers/1/plan\"" && body_has "href=\"/peers/1/report\"" && body_has "href=\"/peers/1/export\" download" && body_has "href=\"/peers/1/delete\""'
fetch -b "$jar" "$base/peers/1/plan"
own_policy "$base/peers/1/plan"
check "the printable plan is served whole, its style allowed by hash, no script" \
  eval 'test "$code" = 200 && body_has "@media print" && header_has "style-src" && header_has "'"'"'sha256-" && ! header_has "script-src" && body_lacks "<script"'
fetch -b "$jar" "$base/peers/$new_id/report"
own_policy "$base/peers/$new_id/report"
check "the peer report is served, the hostile name escaped" \
  eval 'test "$code" = 200 && body_lacks "<script>alert" && body_has "&lt;script&gt;"'
fetch -b "$jar" "$base/reports/caseload"
own_policy "$base/reports/caseload"
check "the caseload report is served" eval 'test "$code" = 200 && body_has "<h1>"'
fetch -b "$jar" "$base/reports/caseload?from=2026-13-01"
check "a bad period is 400 naming it" eval 'test "$code" = 400 && body_has "from"'
exports=$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE operation LIKE '%export%' AND peer_id = 1")
fetch -b "$jar" "$base/peers/1/export"
check "the export is a JSON download" \
  eval 'test "$code" = 200 && header_has "Content-Disposition: attachment; filename=\"peer-1-records.json\"" && test "$(jq .peer.id "$tmp/body")" = 1 && test "$(jq ".connections | length" "$tmp/body")" -ge 1'
check "... recorded in the audit trail" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE operation LIKE '%export%' AND peer_id = 1")" -gt "$exports"
fetch -b "$jar" "$base/peers/$new_id/delete"
check "the erasure asks first, in a form that posts" \
  eval 'test "$code" = 200 && body_has "action=\"/peers/$new_id/delete\"" && body_has "name=\"confirm\""'
post "/peers/$new_id/delete"
check "an erasure not confirmed is 400 and erases nothing" \
  eval 'test "$code" = 400 && body_has "aria-describedby=\"confirm-error\"" && BELONG_CPS=demo "$BELONG" --db "$db" peer show "$new_id" >/dev/null 2>&1'
post "/peers/$new_id/delete" "confirm=yes"
check "a confirmed erasure answers 303 to /" eval 'test "$code" = 303 && test "$(location)" = /'
fetch -b "$jar" "$base/peers/$new_id/edit"
check "... and the peer is gone (404)" test "$code" = 404

# ---- CSRF and another caseload, on every route and verb ---------------------------------------
routes_get="/peers/1/edit /peers/1/measures /peers/1/measures/new?instrument=ucla3 /peers/1/suggestions
/peers/1/plans /peers/1/plans/new?activity=$activity /plans/new?peer=1&activity=$activity
/peers/1/visits/new?plan=$plan /peers/1/connections /peers/1/records /peers/1/report /peers/1/plan
/peers/1/charts/ucla3 /peers/1/export /peers/1/delete"
routes_post="/peers/1/edit /peers/1/measures /peers/1/plans /peers/1/plans/close /peers/1/visits
/peers/1/connections /peers/1/connections/edit /peers/1/connections/end /peers/1/delete"
fields=(--data-urlencode "name=Taken" --data-urlencode "instrument=ucla3" --data-urlencode "item1=1"
  --data-urlencode "item2=1" --data-urlencode "item3=1" --data-urlencode "activity=$activity"
  --data-urlencode "date=$date" --data-urlencode "plan=$plan" --data-urlencode "status=done"
  --data-urlencode "went=no" --data-urlencode "connection=$conn" --data-urlencode "relationship=friend"
  --data-urlencode "closeness=2" --data-urlencode "confirm=yes" --data-urlencode "version=1")
before_digest=$(digest)
bad=""
for r in $routes_post /peers/new; do
  fetch -b "$jar" "${fields[@]}" "$base$r"
  [ "$code" = 403 ] || bad+=" $r:$code"
done
check "every POST without its CSRF field is 403" test -z "$bad"
[ -n "$bad" ] && echo "# answered:$bad"
check "... and wrote nothing" test "$(digest)" = "$before_digest"

other_jar="$tmp/other"
login other "$other_jar"
before_digest=$(digest)
bad=""
for r in $routes_get; do
  fetch -b "$other_jar" "$base$r"
  own_policy "$base$r"
  [ "$code" = 404 ] || bad+=" GET $r:$code"
  body_lacks "Taken" || true
done
for r in $routes_post; do
  fetch -b "$other_jar" --data-urlencode "csrf=$csrf" "${fields[@]}" "$base$r"
  [ "$code" = 404 ] || bad+=" POST $r:$code"
done
check "another caseload's peer is 404 on every one of these routes and verbs" test -z "$bad"
[ -n "$bad" ] && echo "# answered:$bad"
check "... and nothing about the peer was written" test "$(digest)" = "$before_digest"
fetch -b "$other_jar" "$base/peers/999999/edit"
check "a peer that does not exist is the same 404" test "$code" = 404

fetch "$base/peers/new"
check "without a login a form page sends to /login" eval 'test "$code" = 303 && [[ "$(location)" == /login* ]]'

check "every answer carries the security headers and no-store" test -z "$missing_headers"
[ -n "$missing_headers" ] && printf '# %s\n' "$missing_headers" | head -5
check "the access log holds no peer's name or words" \
  eval '! grep -qE "Sam|Maria|tomatoes|gloves|script" "$tmp/log"'
web_stop
check "the server stops on SIGTERM with status 0 (under the sanitizers: nothing leaked)" \
  test "$web_status" = 0

finish
