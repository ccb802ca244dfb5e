#!/usr/bin/env bash
# test-web-peer.sh — the dashboard and a peer's page over real HTTP (`belong serve` on an
# ephemeral loopback port, the demo database): what a CPS sees of their own peer (profile,
# suggestions with reasons, "why not this one?", plans, visits, connections with the ecomap,
# measures with their charts inline), that another CPS and an admin get 404 exactly as for a
# missing peer on every peer route (the refusal audited), that a supervisor sees their team's
# peers and a dashboard listing the team, a hostile name escaped, the navigation with the user
# and a logout form, and the dashboard's "planned this week" and "at risk with nothing planned".
# The server is always killed (trap).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/web-peer"
rm -rf "$tmp"
mkdir -p "$tmp"
db="$tmp/demo.db"
. "$(dirname "$0")/web-lib.sh"
web_demo_db
# A peer with a hostile name, at risk (UCLA-3 9) and with nothing planned.
hostile='<script>alert("x")</script> O'"'"'Neil & <b>Co</b>'
jq -n --arg name "$hostile" '{name: $name, home: "Worcester", interests: ["chess"]}' >"$tmp/hostile.json"
hostile_id=$("$BELONG" --db "$db" peer add --cps demo --json "$tmp/hostile.json" 2>/dev/null | grep -oE '[0-9]+' | head -1)
check "a peer with a hostile name is added" test -n "$hostile_id"
"$BELONG" --db "$db" measure add "$hostile_id" ucla3 --answers 3,3,3 --cps demo >/dev/null
demo2_peer=$(sqlite3 "$db" "SELECT min(id) FROM peer WHERE cps = 'demo2'")

web_start
check "the server starts" test -n "$base"

login() { web_login "$1" "$PW" "$tmp/$1.jar"; } # NAME: logs in with the cookie jar $tmp/NAME.jar
as() { local who=$1; shift; fetch -b "$tmp/$who.jar" "$@"; }
no_inline() { ! grep -qiE "<script|<style| style=| on[a-z]+=" "$tmp/body"; }

fetch "$base/peers/1"
check "a peer's page without a login goes to /login, coming back after" \
  eval 'test "$code" = 303 && header_has "Location: /login?next=%2Fpeers%2F1"'

# ---- a CPS and their own peer ------------------------------------------------------------
login demo
check "demo logs in" test "$code" = 303
as demo "$base/peers/1"
check "demo's peer 1 is 200 HTML, no-store" \
  eval 'test "$code" = 200 && header_has "Content-Type: text/html" && header_has "Cache-Control: no-store"'
check "it has the name and the profile in the peer's words" \
  eval 'body_has "<h1>Rosa</h1>" && body_has "<dt>Interests, in their words</dt><dd>my mother grew tomatoes, plants</dd>" && body_has "<dt>Pronouns</dt><dd>she/her</dd>"'
check "suggestions with their reasons, each linked to its activity and to why" \
  eval 'body_has "<ol class=\"suggestions\">" && body_has "<ul class=\"reasons\">" && body_has "<a href=\"/activities/1\">Winter Greenhouse Volunteers</a>" && body_has "href=\"/peers/1/why?activity=1\""'
check "the step suggestion is said" body_has "Suggested: a step up"
check "plans, visits (their words) and connections" \
  eval 'body_has "<h2 id=\"plans\">Plans</h2>" && body_has "<td>planned</td>" && body_has "In their words: “Mostly I watched." && body_has "<strong>Carmen</strong>: friend"'
check "the ecomap and the measures' charts are inline SVG with their text alternatives" \
  eval 'for c in ecomap ucla3-chart lsns6-chart comfort-chart network-chart; do grep -q "<svg [^>]*role=\"img\" aria-labelledby=\"$c-title $c-desc\"" "$tmp/body" || exit 1; grep -q "<desc id=\"$c-desc\">." "$tmp/body" || exit 1; done'
check "the measures are listed with their scores and bands" \
  grep -qE "<td>[0-9-]{10}</td><td>UCLA 3-item Loneliness Scale</td><td>Loneliness \(sum of the three items\): [3-9] \((not )?lonely" "$tmp/body"
check "no script and no inline style anywhere (the CSP allows none)" no_inline
check "the navigation shows the user and a logout button posting with the CSRF token" \
  eval 'body_has "Signed in as <strong>demo</strong> (cps)" && body_has "<form method=\"post\" action=\"/logout\">" && test -n "$(form_csrf)"'
check "the view is audited" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE actor = 'demo' AND peer_id = 1 AND operation = 'peer.show' AND outcome = 'ok' AND origin = '127.0.0.1'")" -ge 1

# "why (not) this one?"
as demo "$base/peers/1/why?activity=1"
check "why this one: it fits, with its rank and reasons" \
  eval 'test "$code" = 200 && body_has "Winter Greenhouse Volunteers for Rosa?" && body_has "It fits: number" && body_has "<ul class=\"reasons\">"'
as demo "$base/peers/1/why?activity=5"
check "why not this one: every blocker in words" \
  eval 'test "$code" = 200 && body_has "It is not suggested:" && body_has "<ul class=\"blockers\">"'
as demo "$base/peers/1/why?activity=abc"
check "a number that is not one is 400, the field marked and what was typed kept" \
  eval 'test "$code" = 400 && body_has "value=\"abc\" aria-invalid=\"true\" aria-describedby=\"activity-error\"" && body_has "&#39;abc&#39; is not an activity&#39;s number"'
as demo "$base/peers/1/why?activity=999999"
check "an activity that does not exist is 404, saying so" eval 'test "$code" = 404 && body_has "no such activity 999999"'
as demo "$base/peers/1/why"
check "without a number: the form" eval 'test "$code" = 200 && body_has "<form method=\"get\" action=\"/peers/1/why\""'

# A hostile name.
as demo "$base/peers/$hostile_id"
check "the hostile peer's page is 200" test "$code" = 200
check "its name is escaped, never markup" \
  eval 'body_has "<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Neil &amp; &lt;b&gt;Co&lt;/b&gt;</h1>" && ! grep -qE "<script|<b>Co" "$tmp/body"'
check "... in its charts' text too" eval '! grep -q "<title id=\"ucla3-chart-title\"><script" "$tmp/body"'

# ---- the dashboard -----------------------------------------------------------------------
as demo "$base/dashboard"
check "the dashboard is 200" test "$code" = 200
check "it lists who has something planned this week (today to 6 days on)" \
  eval 'body_has "<h2 id=\"week\">Planned this week</h2>" && body_has "<a href=\"/peers/12\">Jamal</a>: Pickup Basketball on 2026-12-05" && ! grep -q "on 2026-12-10</li>" "$tmp/body"'
check "it lists who is at risk with nothing planned, and why" \
  eval 'sed -n "/id=\"risk\"/,/<\/section>/p" "$tmp/body" | grep -q "href=\"/peers/$hostile_id\">&lt;script&gt;.*: UCLA-3 9 on 2026-12-01"'
check "... and not those at risk who have a plan" \
  eval '! sed -n "/id=\"risk\"/,/<\/section>/p" "$tmp/body" | grep -q "href=\"/peers/1\""'
check "every peer of the caseload, linked" eval 'for i in $(seq 12); do body_has "<a href=\"/peers/$i\">" || exit 1; done'
check "no peer of another caseload" eval '! body_has "<a href=\"/peers/$demo2_peer\">"'
check "the dashboard has no inline script or style" no_inline

# ---- another caseload: 404, exactly as a missing peer ------------------------------------
login demo2
for path in "/peers/1" "/peers/1/why" "/peers/1/why?activity=1"; do
  as demo2 "$base$path"
  sed "s#/peers/1\b#/peers/N#g; s/peer 1 /peer N /g" "$tmp/body" >"$tmp/other"
  other_code=$code
  missing_path=${path//\/peers\/1/\/peers\/999999}
  as demo2 "$base$missing_path"
  sed "s#/peers/999999\b#/peers/N#g; s/peer 999999 /peer N /g" "$tmp/body" >"$tmp/missing"
  check "demo2 gets $path as 404" test "$other_code" = 404
  check "... with the same body as a peer that does not exist" cmp -s "$tmp/other" "$tmp/missing"
done
check "the refused access is audited" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE actor = 'demo2' AND peer_id = 1 AND outcome = 'refused'")" -ge 3
as demo2 "$base/peers/$demo2_peer"
check "demo2 sees their own peer" test "$code" = 200
login root
as root "$base/peers/1"
check "an admin reads no peer record that is not theirs: 404" test "$code" = 404

# ---- a supervisor and their team ---------------------------------------------------------
login boss
as boss "$base/peers/1"
check "a supervisor sees their team's peer, with the caseload named" \
  eval 'test "$code" = 200 && body_has "<h1>Rosa</h1>" && body_has "<dt>Caseload</dt><dd>demo</dd>"'
as boss "$base/peers/$demo2_peer"
check "... not another team's: 404" test "$code" = 404
check "the supervisor's view is audited as theirs" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE actor = 'boss' AND peer_id = 1 AND outcome = 'ok'")" -ge 1
audit_rows() { sqlite3 "$db" "SELECT count(*) FROM audit WHERE actor = 'boss'"; }
rows_before=$(audit_rows)
as boss "$base/dashboard"
rows_after=$(audit_rows)
check "a supervisor's dashboard lists their team's peers (the caseload report's rows)" \
  eval 'test "$code" = 200 && for i in $(seq 12) "$hostile_id"; do body_has "<a href=\"/peers/$i\">" || exit 1; done'
check "... with their team's at risk with nothing planned" \
  eval 'sed -n "/id=\"risk\"/,/<\/section>/p" "$tmp/body" | grep -q "href=\"/peers/$hostile_id\">"'
check "... and no peer of another team" eval '! body_has "<a href=\"/peers/$demo2_peer\">"'
check "the team's dashboard is audited as one caseload view of the supervisor's, naming no peer" \
  test "$((rows_after - rows_before))" = 1 -a \
  "$(sqlite3 "$db" "SELECT operation || ',' || IFNULL(peer_id, 0) || ',' || outcome FROM audit WHERE actor = 'boss' ORDER BY id DESC LIMIT 1")" = "dashboard,0,ok"

web_stop
check "every response carried the security headers ($responses responses)" test -z "$missing_headers"
check "the access log has no peer id or name" \
  eval '! grep -qE "/peers/[0-9]|Rosa|script" "$tmp/log"'
finish
