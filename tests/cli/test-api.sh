#!/usr/bin/env bash
# test-api.sh — the peer API over real HTTP (a server on an ephemeral loopback port, killed by a
# trap): peers added, paged, read, changed with only the keys given, erased; suggestions,
# export, plans, visits, connections and measures, each answered in the CLI's --json shape; and
# every refusal: a bad body or parameter (400, the key named), an unknown key, a body that is
# not JSON (415) or too large (413), a state change the record refuses (409), a method the
# route does not take (405 with Allow).
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/api"
mkdir -p "$tmp"
export BELONG_DB="$tmp/a.db"
unset BELONG_CPS

"$BELONG" import ical "$FIXTURES/web/matrix.ics" >/dev/null 2>&1
printf 'correct horse battery\n' | "$BELONG" user add root --role admin --cps root >/dev/null 2>&1
printf 'correct horse battery\n' | "$BELONG" user add kim --role cps --cps root >/dev/null 2>&1
tok=$("$BELONG" user token kim --cps kim 2>/dev/null)

serve_start "$tmp/log"

# api METHOD PATH [BODY [CONTENT-TYPE]]: as kim; sets $code, $headers and $tmp/body.
api() {
  local args=(-s -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' -X "$1"
    -H "Authorization: Bearer $tok")
  [ -n "${3:-}" ] && args+=(-H "Content-Type: ${4:-application/json}" --data-binary "$3")
  code=$(curl "${args[@]}" "$base$2")
  headers=$(tr -d '\r' <"$tmp/headers")
}
j() { jq -r "$1" "$tmp/body"; }
# refused STATUS FIELD DESCRIPTION: the last answer was STATUS with error.field FIELD.
refused() {
  if [ "$code" = "$1" ] && [ "$(j .error.field)" = "$2" ] && [ -n "$(j .error.message)" ]; then
    _report 0 "$3"
  else
    _report 1 "$3" "$code $(head -c 400 "$tmp/body"), expected $1 naming $2"
  fi
}

# ---- peers ----------------------------------------------------------------------------------
api POST /api/v1/peers '{"name":"Rosa Diaz","home":"01610","interests":["gardening"],"comfort":2}'
check "POST /peers adds a peer: 201" test "$code" = 201
peer=$(j .id)
check "... answered in peer show --json's shape" \
  test "$(j .name)" = "Rosa Diaz" -a "$(j .cps)" = kim -a "$(j .comfort)" = 2
api GET "/api/v1/peers/$peer"
check "GET /peers/ID is the peer with its history and step" \
  eval 'test "$code" = 200 && test "$(j .name)" = "Rosa Diaz" && test "$(j ".history | type")" = array && j "has(\"step\")" | grep -q true'
api GET "/api/v1/peers/$peer"
cp "$tmp/body" "$tmp/web.json"
"$BELONG" peer show "$peer" --json --cps kim >"$tmp/cli.json" 2>/dev/null
check "... exactly as peer show --json writes it" \
  test "$(jq -S . "$tmp/web.json")" = "$(jq -S . "$tmp/cli.json")"

api PATCH "/api/v1/peers/$peer" '{"pronouns":"she/her"}'
check "PATCH changes only the keys given" \
  test "$code" = 200 -a "$(j .pronouns)" = she/her -a "$(j .name)" = "Rosa Diaz" -a "$(j '.interests[0]')" = gardening
version=$(j .version)
api PATCH "/api/v1/peers/$peer" "{\"comfort\":3,\"version\":$version}"
check "PATCH with the version read is taken" test "$code" = 200
api PATCH "/api/v1/peers/$peer" "{\"comfort\":4,\"version\":$version}"
refused 409 version "PATCH with a stale version is a conflict: 409, naming version"
check "... with the code conflict" test "$(j .error.code)" = conflict
api PATCH "/api/v1/peers/$peer" '{"nickname":"Ro"}'
refused 400 nickname "an unknown key is refused, named"
api PATCH "/api/v1/peers/$peer" '{"comfort":9}'
refused 400 comfort "a bad value is refused, named"
api PATCH "/api/v1/peers/$peer" '{"home":"12 Elm Street"}'
refused 400 home "a street address is refused as a home"
api GET "/api/v1/peers/$peer"
check "... and the refused changes changed nothing" test "$(j .comfort)" = 3 -a "$(j .home)" = 01610
api POST /api/v1/peers '{"pronouns":"he/him"}'
refused 400 name "a peer without a name is refused, naming name"
api POST /api/v1/peers '["not", "an object"]'
check "a body that is not an object is 400" test "$code" = 400
api POST /api/v1/peers '{"name": "Rosa"'
check "a body that is not JSON is 400" test "$code" = 400
api POST /api/v1/peers 'name=Rosa' application/x-www-form-urlencoded
check "a body that is not application/json is 415" test "$code" = 415
head -c 70000 /dev/zero | tr '\0' 'a' | sed 's/^/{"name":"/; s/$/"}/' >"$tmp/big.json"
code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $tok" \
  -H 'Content-Type: application/json' --data-binary @"$tmp/big.json" "$base/api/v1/peers")
check "a body over the cap is 413" test "$code" = 413
api PUT "/api/v1/peers/$peer" '{"name":"X"}'
check "PUT is 405 with Allow" eval 'test "$code" = 405 && grep -qi "^Allow: GET, HEAD, PATCH, DELETE" <<<"$headers"'

# Paging: 12 peers, 5 a page.
for i in $(seq 11); do api POST /api/v1/peers "{\"name\":\"Peer $i\"}"; done
api GET "/api/v1/peers?limit=5&offset=10"
check "GET /peers pages: total, offset, limit, next_offset" \
  test "$(j .total)" = 12 -a "$(j .offset)" = 10 -a "$(j .limit)" = 5 -a "$(j .next_offset)" = null -a "$(j '.items | length')" = 2
api GET "/api/v1/peers?limit=5"
check "... the first page points to the next" test "$(j .next_offset)" = 5 -a "$(j '.items[0].name')" = "Rosa Diaz"
api GET "/api/v1/peers?limit=0"
refused 400 limit "limit 0 is refused, named"
api GET "/api/v1/peers?offset=-1"
refused 400 offset "a negative offset is refused, named"
api GET "/api/v1/peers?colour=blue"
refused 400 parameter "an unknown parameter is refused"

# ---- suggestions and export -----------------------------------------------------------------
api GET "/api/v1/peers/$peer/suggestions?limit=3"
"$BELONG" recommend "$peer" --limit 3 --json --cps kim >"$tmp/cli.json" 2>/dev/null
check "suggestions are recommend --json, with their reasons" \
  eval 'test "$code" = 200 && test "$(jq -S . "$tmp/body")" = "$(jq -S . "$tmp/cli.json")" && test "$(j ".[0].reasons | length")" -ge 1'
api GET "/api/v1/peers/$peer/suggestions?why_not=yes"
check "why_not=yes adds the diagnosis" test "$code" = 200 -a "$(j '.suggestions | type')" = array
api GET "/api/v1/peers/$peer/suggestions?days=400"
refused 400 days "a window over 366 days is refused, named"
api GET "/api/v1/peers/$peer/export"
check "export is peer export's document" \
  test "$code" = 200 -a "$(j .belong_export)" = 2 -a "$(j .peer.name)" = "Rosa Diaz" -a "$(j .exported_by)" = kim -a "$(j ".audit | length")" -ge 1

# ---- plans ----------------------------------------------------------------------------------
api POST "/api/v1/peers/$peer/plans" '{"activity_id":1,"date":"2026-12-09","note":"bring gloves"}'
check "POST plans adds one: 201 in plan --json's shape" \
  test "$code" = 201 -a "$(j .status)" = planned -a "$(j .date)" = 2026-12-09 -a "$(j .note)" = "bring gloves"
plan=$(j .id)
api POST "/api/v1/peers/$peer/plans" '{"activity_id":1,"date":"2026-12-10"}'
refused 400 date "a day the activity does not meet is refused, naming date"
api POST "/api/v1/peers/$peer/plans" '{"activity_id":999,"date":"2026-12-09"}'
refused 400 activity_id "an activity that is not there is a bad value: 400, naming activity_id"
api POST "/api/v1/peers/$peer/plans" '{"date":"2026-12-09"}'
refused 400 activity_id "a missing required key is named"
api POST "/api/v1/peers/$peer/plans" '{"activity_id":"one","date":"2026-12-09"}'
refused 400 activity_id "a key of the wrong type is named"
api POST "/api/v1/peers/$peer/plans" '{"activity_id":1,"date":"2026-12-09","support":"carry"}'
refused 400 support "an unknown support is named"
api GET "/api/v1/peers/$peer/plans"
check "GET plans lists it" test "$code" = 200 -a "$(j .total)" = 1 -a "$(j '.items[0].id')" = "$plan"
api GET "/api/v1/peers/$peer/plans?status=done"
check "... filtered by status" test "$(j .total)" = 0
api GET "/api/v1/peers/$peer/plans?status=finished"
refused 400 status "an unknown status is named"
api PATCH "/api/v1/plans/$plan" '{"status":"cancelled"}'
refused 400 reason "cancelling without a reason is refused, naming reason"
api PATCH "/api/v1/plans/$plan" '{"status":"skipped","reason":"rain"}'
check "PATCH /plans/ID closes it" test "$code" = 200 -a "$(j .status)" = skipped -a "$(j .reason)" = rain
api PATCH "/api/v1/plans/$plan" '{"status":"done"}'
refused 409 null "closing a closed plan is a conflict: 409"

# ---- visits ---------------------------------------------------------------------------------
api POST "/api/v1/peers/$peer/visits" '{"activity_id":1,"date":"2026-11-25","went":true,"comfort_before":2,"comfort_after":4,"conversations":3,"felt":"lighter"}'
check "POST visits records one: 201 in visit --json's shape" \
  test "$code" = 201 -a "$(j .went)" = true -a "$(j .comfort_after)" = 4 -a "$(j .felt)" = lighter
api POST "/api/v1/peers/$peer/visits" '{"activity_id":1,"date":"2026-11-25","went":true,"comfort_before":7}'
refused 400 comfort_before "a comfort out of 1-5 is named"
api POST "/api/v1/peers/$peer/visits" '{"activity_id":1,"date":"2026-11-25","went":true,"comfort_after":0}'
refused 400 comfort_after "a comfort of 0 is refused, not taken as not said"
api POST "/api/v1/peers/$peer/visits" '{"activity_id":1,"date":"2026-11-25","went":true,"conversations":-1}'
refused 400 conversations "a negative count of conversations is refused"
api POST "/api/v1/peers/$peer/visits" '{"activity_id":1,"date":"2026-12-25","went":true}'
refused 400 date "a visit in the future is refused, naming date"
api POST "/api/v1/peers/$peer/visits" '{"activity_id":1}'
refused 400 went "went is required"
api GET "/api/v1/peers/$peer/visits"
check "GET visits lists it" test "$code" = 200 -a "$(j .total)" = 1

# ---- connections ----------------------------------------------------------------------------
api POST "/api/v1/peers/$peer/connections" '{"name":"Jo","relationship":"friend","closeness":3,"met_activity_id":1,"date":"2026-11-25"}'
check "POST connections adds one: 201 in connection --json's shape" \
  test "$code" = 201 -a "$(j .name)" = Jo -a "$(j .closeness)" = 3
conn=$(j .id)
api POST "/api/v1/peers/$peer/connections" '{"name":"Joanna Smith-Jones","relationship":"friend","closeness":3}'
refused 400 name "a full name is refused (a first name or initials), naming name"
api POST "/api/v1/peers/$peer/connections" '{"name":"Al","relationship":"pal","closeness":3}'
refused 400 relationship "an unknown relationship is named"
api PATCH "/api/v1/connections/$conn" '{"closeness":5,"date":"2026-11-30"}'
check "PATCH /connections/ID appends a change" \
  test "$code" = 200 -a "$(j .closeness)" = 5 -a "$(j '.history | length')" = 2
api POST "/api/v1/connections/$conn/end" '{"date":"2026-12-01"}'
check "POST /connections/ID/end ends it" test "$code" = 200 -a "$(j .ended_on)" = 2026-12-01
api POST "/api/v1/connections/$conn/end" '{}'
refused 409 null "ending it again is a conflict: 409"
api GET "/api/v1/peers/$peer/connections?as_of=2026-11-26"
check "GET connections as of a day" \
  test "$code" = 200 -a "$(j .as_of)" = 2026-11-26 -a "$(j '.items[0].closeness')" = 3

# ---- measures -------------------------------------------------------------------------------
api POST "/api/v1/peers/$peer/measures" '{"instrument":"ucla3","answers":[1,2,3],"date":"2026-11-30"}'
check "POST measures records one, scored: 201" test "$code" = 201 -a "$(j .score)" = 6 -a "$(j .date)" = 2026-11-30
measure=$(j .id)
api POST "/api/v1/peers/$peer/measures" '{"instrument":"ucla3","answers":"hardly ever, some of the time, often"}'
check "answers may be the labels, as one text" test "$code" = 201 -a "$(j .score)" = 6
api POST "/api/v1/peers/$peer/measures" '{"instrument":"ucla3","answers":[1,2,7]}'
refused 400 answers "an answer out of range is refused, naming answers"
api POST "/api/v1/peers/$peer/measures" '{"instrument":"ucla9","answers":[1,2,3]}'
refused 400 instrument "an unknown instrument is named"
api PATCH "/api/v1/measures/$measure" '{"answers":[3,3,3]}'
check "PATCH /measures/ID rescoring the corrected answers" test "$code" = 200 -a "$(j .score)" = 9
api GET "/api/v1/peers/$peer/measures?instrument=ucla3"
check "GET measures lists them" test "$code" = 200 -a "$(j .total)" = 2
api DELETE "/api/v1/measures/$measure"
check "DELETE /measures/ID deletes it" test "$code" = 200 -a "$(j .id)" = "$measure"
api DELETE "/api/v1/measures/$measure"
check "... and then it is not there: 404" test "$code" = 404

# ---- erasure --------------------------------------------------------------------------------
api DELETE "/api/v1/peers/$peer"
check "DELETE /peers/ID erases the peer and their records" \
  test "$code" = 200 -a "$(j .erased)" = true -a "$(j .measures)" = 1 -a "$(j .connections)" = 1
api GET "/api/v1/peers/$peer"
check "... and then the peer is not there: 404" test "$code" = 404
api GET "/api/v1/peers/$peer/plans"
check "... nor their plans" test "$code" = 404

check "the access log names routes, never a path with an id" eval '! grep -qE "/peers/[0-9]|Rosa" "$tmp/log"'
finish
