#!/usr/bin/env bash
# test-connection.sh — `belong connection add|edit|end|list`: the people a peer met, a first name
# or initials only (a full name refused, saying why), where met (a listed activity or a place),
# every change appended to the history, losing touch as a dated state, the list as of a day,
# --json; every refusal with the database unchanged; another CPS's and an archived peer.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/connection"
mkdir -p "$tmp"
export BELONG_DB="$tmp/connections.db" BELONG_CPS=maria BELONG_NOW=2026-12-04
jsq() { sqlite3 :memory: "SELECT $2 FROM (SELECT CAST(readfile('$1') AS TEXT) AS j)"; }

run "$BELONG" connection --help
expect_status 0 "connection --help exits 0"
expect_out_has "belong connection add 1 Maria --relationship friend" "--help shows examples"
run "$BELONG" --help
expect_out_has "connection " "the command table lists connection"

run "$BELONG" import ical "$FIXTURES/ical/good-night-owls.ics"
expect_status 0 "a directory with one activity (id 1)"
run "$BELONG" peer add --name "Ann"
run "$BELONG" peer add --cps jo --name "Bea"
run "$BELONG" peer add --name "Cal"
expect_status 0 "three peers: Ann (1), jo's Bea (2), Cal (3)"

# ---- add ------------------------------------------------------------------------------------
run "$BELONG" connection add 1 Maria --relationship friend --closeness 3 --met-at 1 \
  --date 2026-10-01 --json
expect_status 0 "add, met at a listed activity"
printf '%s\n' "$out" >"$tmp/add.json"
check "add --json: id, name, where met (the activity by id and name), state, one history entry" \
  test "$(jsq "$tmp/add.json" "printf('%d|%s|%d|%s|%s|%s|%d|%s|%s|%d', j->>'id', j->>'name', j->>'\$.met_at.activity', j->>'\$.met_at.name', j->>'met_on', j->>'relationship', j->>'closeness', j->>'last_contact', coalesce(j->>'ended_on', 'null'), json_array_length(j, '\$.history'))")" \
  = "1|Maria|1|Night Owls Peer Support|2026-10-01|friend|3|2026-10-01|null|1"
run "$BELONG" connection add 1 "J.D." --relationship MENTOR --closeness 2 \
  --met-place "the library steps" --date 2026-10-15 --last-contact 2026-10-20
expect_status 0 "add with initials, a free-text place and a last contact"
expect_out_has "#2  J.D.  mentor, closeness 2 of 5, met at the library steps on 2026-10-15; last contact 2026-10-20" \
  "add shows the connection in words (relationship in any case)"
run "$BELONG" connection add 1 "Maria G." --relationship peer --closeness 5 --date 2026-11-01
expect_status 0 "a first name and an initial are fine"
expect_out_has "#3  Maria G.  peer, closeness 5 of 5, met on 2026-11-01" "with no place recorded"
run "$BELONG" connection add 1 Jo-Anne --relationship acquaintance --closeness 1
expect_status 0 "a hyphenated first name, met today by default"
expect_out_has "met on 2026-12-04" "the date defaults to today"
check "the store keeps the activity id, the place (sealed), no visit yet" \
  test "$(sqlite3 "$BELONG_DB" "SELECT group_concat(coalesce(met_activity_id, '-') || '/' || coalesce(typeof(met_place), '-') || '/' || coalesce(met_visit_id, '-'), ' ') FROM connection")" \
  = "1/null/- -/blob/- -/null/- -/null/-"
check "and reads the place back" \
  test "$("$BELONG" connection list 1 --json | jq -r '[.connections[] | .met_place // "-"] | join("/")')" = "-/the library steps/-/-"

# ---- edit and end: history appended --------------------------------------------------------
run "$BELONG" connection edit 1 --closeness 4 --last-contact 2026-11-09 --date 2026-11-10
expect_status 0 "edit: closer"
expect_out_has "#1  Maria  friend, closeness 4 of 5" "edit shows the new state"
run "$BELONG" connection edit 1 --relationship family --date 2026-11-20 --json
expect_status 0 "edit: another relationship, the rest kept"
printf '%s\n' "$out" >"$tmp/edit.json"
check "edit --json: three history entries, each change on its day, the rest carried over" \
  test "$(jsq "$tmp/edit.json" "(SELECT group_concat((value->>'date') || ':' || (value->>'relationship') || ':' || (value->>'closeness') || ':' || (value->>'last_contact'), ' ') FROM json_each(j, '\$.history'))")" \
  = "2026-10-01:friend:3:2026-10-01 2026-11-10:friend:4:2026-11-09 2026-11-20:family:4:2026-11-09"
run "$BELONG" connection end 2 --date 2026-11-25
expect_status 0 "end: lost touch"
expect_out_has "#2  J.D.  lost touch on 2026-11-25 (was mentor, closeness 2 of 5)" "end says so"
check "ending keeps the connection and its history (a state, not a deletion)" \
  test "$(sqlite3 "$BELONG_DB" "SELECT ended_on || '/' || (SELECT count(*) || '/' || max(ended) FROM connection_history WHERE connection_id = 2) FROM connection WHERE id = 2")" \
  = "2026-11-25/2/1"

# ---- list, as of a day ---------------------------------------------------------------------
run "$BELONG" connection list 1
expect_status 0 "list"
expect_out_has "Connections as of 2026-12-04: 3 current, 1 lost touch" "list counts the current and the ended"
expect_out_has "#1  Maria  family, closeness 4 of 5" "list: the latest state"
run "$BELONG" connection list 1 --as-of 2026-10-20 --json
expect_status 0 "list --as-of --json"
printf '%s\n' "$out" >"$tmp/asof.json"
check "as of 2026-10-20: two people met by then, as they were, history up to that day" \
  test "$(jsq "$tmp/asof.json" "j->>'as_of' || ' ' || (SELECT group_concat((value->>'name') || ':' || (value->>'relationship') || ':' || (value->>'closeness') || ':' || coalesce(value->>'ended_on', '-') || ':' || json_array_length(value->'history'), ' ') FROM json_each(j, '\$.connections'))")" \
  = "2026-10-20 Maria:friend:3:-:1 J.D.:mentor:2:-:1"
run "$BELONG" connection list 1 --as-of 2026-11-30 --json
printf '%s\n' "$out" >"$tmp/asof2.json"
check "as of 2026-11-30: J.D. ended, Maria family" \
  test "$(jsq "$tmp/asof2.json" "(SELECT group_concat((value->>'name') || ':' || (value->>'relationship') || ':' || coalesce(value->>'ended_on', '-'), ' ') FROM json_each(j, '\$.connections'))")" \
  = "Maria:family:- J.D.:mentor:2026-11-25 Maria G.:peer:-"

# ---- refusals: nothing written --------------------------------------------------------------
before=$(db_digest "$BELONG_DB")
refuse() { # refuse STATUS "description" "stderr text" args...
  local status=$1 what=$2 msg=$3
  shift 3
  run "$BELONG" connection "$@"
  expect_status "$status" "$what exits $status"
  expect_err_has "$msg" "$what: the message"
  check "$what: the database is unchanged" test "$(db_digest "$BELONG_DB")" = "$before"
}
refuse 65 "a full name" "looks like a full name: record a first name or initials only" \
  add 1 "Maria Gonzalez" --relationship friend --closeness 3
refuse 65 "a full name: the reason" "privacy of someone who never agreed to be recorded" \
  add 1 "Dana Lee Smith" --relationship friend --closeness 3
refuse 65 "a name with digits" "NAME '555-1234' holds a digit" add 1 555-1234 --relationship friend --closeness 3
refuse 65 "an e-mail as a name" "looks like an e-mail address" add 1 "jo@example.org" --relationship friend --closeness 3
refuse 65 "an empty name" "is empty" add 1 "  " --relationship friend --closeness 3
refuse 65 "a name too long" "NAME" add 1 "Bartholomewbartholomewbartholomewbartholomew" --relationship friend --closeness 3
refuse 65 "an unknown relationship" "--relationship: 'pal' is not one of: acquaintance, friend, mentor, peer, family, professional" \
  add 1 Al --relationship pal --closeness 3
refuse 65 "closeness out of range" "--closeness: '6' is not a whole number from 1" add 1 Al --relationship friend --closeness 6
refuse 65 "closeness not a number" "--closeness: 'close'" add 1 Al --relationship friend --closeness close
refuse 65 "an activity not in the directory" "--met-at: no activity 99 in the directory" \
  add 1 Al --relationship friend --closeness 3 --met-at 99
refuse 65 "a place with control characters" "--met-place" \
  add 1 Al --relationship friend --closeness 3 --met-place "$(printf 'the\033[2Jpark')"
refuse 65 "a date in the future" "--date: 2026-12-05 is in the future" add 1 Al --relationship friend --closeness 3 --date 2026-12-05
refuse 65 "a date not real" "--date: '2026-02-30' is not a real date" add 1 Al --relationship friend --closeness 3 --date 2026-02-30
refuse 65 "a last contact before they met" "--last-contact: 2026-11-01 is before the day they met (2026-11-02)" \
  add 1 Al --relationship friend --closeness 3 --date 2026-11-02 --last-contact 2026-11-01
refuse 64 "both an activity and a place" "not both" add 1 Al --relationship friend --closeness 3 --met-at 1 --met-place park
refuse 64 "add without --closeness" "expected --closeness" add 1 Al --relationship friend
refuse 64 "add without --relationship" "expected --relationship" add 1 Al --closeness 2
refuse 66 "add to no such peer" "no such peer 9" add 9 Al --relationship friend --closeness 3
refuse 66 "add to another CPS's peer" "no such peer 2" add 2 Al --relationship friend --closeness 3
run "$BELONG" connection add 3 Di --relationship friend --closeness 3 --date 2026-11-01
expect_status 0 "Cal gets a connection (id 5) before being archived"
run "$BELONG" connection add 2 Ed --relationship friend --closeness 3 --cps jo
expect_status 0 "jo's peer gets a connection (id 6)"
run "$BELONG" peer archive 3
before=$(db_digest "$BELONG_DB")
refuse 66 "add to an archived peer" "peer 3 is archived" add 3 Al --relationship friend --closeness 3
refuse 66 "edit an archived peer's connection" "peer 3 is archived" edit 5 --closeness 4
refuse 66 "edit another CPS's connection" "no such connection 6" edit 6 --closeness 4
refuse 66 "end another CPS's connection" "no such connection 6" end 6
refuse 66 "edit no such connection" "no such connection 99" edit 99 --closeness 4
refuse 65 "edit an ended connection" "ended on 2026-11-25 (lost touch)" edit 2 --closeness 3
refuse 65 "end twice" "ended on 2026-11-25" end 2
refuse 65 "a change dated before the last one" "--date: 2026-11-15 is before the connection's last change (2026-11-20)" \
  edit 1 --closeness 2 --date 2026-11-15
refuse 65 "edit: closeness out of range" "--closeness: '0'" edit 1 --closeness 0
refuse 65 "edit: a last contact before they met" "is before the day they met" edit 1 --last-contact 2026-09-01
refuse 64 "edit with nothing to change" "nothing to change" edit 1
refuse 64 "edit where they met" "where they met is kept as recorded" edit 1 --met-place park
refuse 64 "end with a closeness" "end takes only --date" end 1 --closeness 2
refuse 64 "not a connection ID" "'x' is not a connection ID" edit x --closeness 2
refuse 65 "list as of a day in the future" "--as-of: 2026-12-05 is in the future" list 1 --as-of 2026-12-05
run "$BELONG" connection list 2
expect_status 66 "another CPS's peer's connections cannot be listed"
expect_err_has "no such peer 2" "exactly like a missing peer"
run "$BELONG" connection list 3
expect_status 0 "an archived peer's connections can still be read"
expect_out_has "#5  Di" "with their connection"

run "$BELONG" peer add --name "Fay"
run "$BELONG" connection list 4
expect_out_has "Connections as of 2026-12-04: 0 current, 0 lost touch" "a peer with no connections"

finish
