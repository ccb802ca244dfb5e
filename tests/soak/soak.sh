#!/usr/bin/env bash
# soak.sh — the crash-and-concurrency soak test. Round after round, eight belong processes run
# at once on one database: an HSDS import and an iCalendar import (each of one of two versions
# of its source, picked at random), a refresh, then (after a random pause) three edits of
# different fields of one peer, a new peer and a choice. After another random pause one of
# those still running is killed with kill -9. When all have ended, the database is checked:
#   - PRAGMA integrity_check is ok and no foreign key is broken;
#   - every acknowledged write (a command that exited 0) is there: the peer's fields hold the
#     value of the last acknowledged edit, or of an unacknowledged later one (a killed command
#     may have committed before it died), every acknowledged new peer exists once, and so on;
#   - nothing half-imported or half-refreshed is visible: each source's active listings, with
#     each one's number of occurrences, are exactly those of one whole version of it.
# Every command but a killed one must exit 0. The checks are deterministic; only the timing is
# random. Prints TAP ("ok N - ...") and a summary; exits non-zero on any failure.
#
# usage: tests/soak/soak.sh BUILD_DIR [KILLS [LISTINGS]]
#   KILLS     how many processes to kill (default 200); LISTINGS: size of the HSDS source
#             (default 3000; the iCalendar source has a fifth of it). SOAK_SEED fixes the
#             random choices (not the timing).
set -u
build=$(cd "${1:?usage: soak.sh BUILD_DIR [KILLS [LISTINGS]]}" && pwd)
kills_wanted=${2:-200}
listings=${3:-3000}
root=$(cd "$(dirname "$0")/../.." && pwd)
BELONG="$build/belong"
export BELONG_DATA_DIR="$root/data"
export BELONG_NOW=2026-12-01T09:00 # imports and refreshes then write the same occurrences
export BELONG_CPS=soak
export BELONG_BUSY_TIMEOUT=300     # a loaded machine must not turn waiting into failing
RANDOM=${SOAK_SEED:-$$}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/belong-soak.XXXXXX")
db="$tmp/soak.db"
declare -a pids=() kinds=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# TAP lines through the CLI tests' helpers: _report 0|1 DESCRIPTION [DETAIL].
export BELONG BELONG_ROOT="$root" BELONG_TEST_TMP="$tmp"
. "$root/tests/cli/lib.sh"
die() {
  _report 1 "$1" "${2:-$(cat "$tmp/setup.err" 2>/dev/null)}"
  finish
  exit 1
}

# ---- the two versions of each source ------------------------------------------------------
# HSDS: generated packages; the second has other names and a fifth fewer listings (so an import
# of it retires some). iCalendar: weekly events, likewise.
"$BELONG" gen --activities "$listings" --seed 1 --hsds "$tmp/hsds-a" >/dev/null 2>>"$tmp/setup.err" ||
  die "gen writes version a of the HSDS source"
"$BELONG" gen --activities $((listings * 4 / 5)) --seed 2 --hsds "$tmp/hsds-b" >/dev/null 2>>"$tmp/setup.err" ||
  die "gen writes version b of the HSDS source"
write_ics() { # write_ics FILE EVENTS LABEL
  awk -v n="$2" -v label="$3" 'BEGIN {
    printf "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//belong soak//EN\r\n"
    for (i = 1; i <= n; i++) {
      printf "BEGIN:VEVENT\r\nUID:soak-%d@belong.example\r\nDTSTAMP:20261101T120000Z\r\n", i
      printf "DTSTART:202612%02dT%02d0000Z\r\nDURATION:PT1H\r\n", 1 + i % 28, 12 + i % 10
      printf "RRULE:FREQ=WEEKLY;COUNT=%d\r\n", 2 + i % 12
      printf "SUMMARY:%s group %d\r\nLOCATION:Worcester\\, MA 01608\r\nEND:VEVENT\r\n", label, i
    }
    printf "END:VCALENDAR\r\n" }' >"$1"
}
ical_events=$((listings / 5 > 10 ? listings / 5 : 10))
write_ics "$tmp/ical-a.ics" "$ical_events" "Knitting"
write_ics "$tmp/ical-b.ics" $((ical_events * 4 / 5)) "Chess"

# fingerprint DB SOURCE: the source's active listings with their occurrence counts, hashed.
fingerprint_sql() {
  echo "SELECT ifnull(hex(sha3(group_concat(line, char(10)))), 'none') FROM (SELECT a.source_ref
    || '|' || a.name || '|' || (SELECT count(*) FROM occurrence o WHERE o.activity_id = a.id)
    AS line FROM activity a JOIN source s ON s.id = a.source_id
    WHERE s.name = '$1' AND a.active ORDER BY a.source_ref);"
}
for v in a b; do
  ref="$tmp/ref-$v.db"
  "$BELONG" --db "$ref" import hsds "$tmp/hsds-$v" --source soak-hsds >/dev/null 2>>"$tmp/setup.err" &&
    "$BELONG" --db "$ref" import ical "$tmp/ical-$v.ics" --source soak-ical >/dev/null 2>>"$tmp/setup.err" ||
    die "version $v of the sources imports"
  declare "fp_hsds_$v=$(sqlite3 "$ref" "$(fingerprint_sql soak-hsds)")"
  declare "fp_ical_$v=$(sqlite3 "$ref" "$(fingerprint_sql soak-ical)")"
done
[ "$fp_hsds_a" != "$fp_hsds_b" ] && [ "$fp_ical_a" != "$fp_ical_b" ] ||
  die "the two versions of each source can be told apart"

# The starting state, written without kills: version a of both sources and peer 1.
"$BELONG" --db "$db" import hsds "$tmp/hsds-a" --source soak-hsds >/dev/null 2>>"$tmp/setup.err" &&
  "$BELONG" --db "$db" import ical "$tmp/ical-a.ics" --source soak-ical >/dev/null 2>>"$tmp/setup.err" &&
  "$BELONG" --db "$db" peer add --name Sam --pronouns start --contact start \
    --goal start >/dev/null 2>>"$tmp/setup.err" || die "the starting state is written"

# What each checked value may be: the last acknowledged write, or any unacknowledged later one.
declare -A may=([pronouns]=start [contact]=start [goal]=start [hsds]=$fp_hsds_a
  [ical]=$fp_ical_a)
CHOICE_ACTIVITIES=5
for ((a = 1; a <= CHOICE_ACTIVITIES; a++)); do may[choice$a]=none; done
acked_peers="'Sam'"
n_acked_peers=1

# ---- the rounds ---------------------------------------------------------------------------
launch() { # launch KIND CMD...
  kinds+=("$1")
  shift
  "$@" >"$tmp/out.${#pids[@]}" 2>"$tmp/err.${#pids[@]}" &
  pids+=($!)
}
alive() { # a started process that has not ended (not a zombie)
  local state
  state=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) && [ "$state" != Z ]
}
in_list() { # in_list WORD LIST
  case " $2 " in *" $1 "*) return 0 ;; esac
  return 1
}

# The shell's own notes on killed jobs ("Killed ...") go to a file, not between the TAP lines.
exec 3>&2 2>"$tmp/driver.err"

round=0
kills=0
checks=0
verified=0
declare -A killed_kind=()
max_rounds=$((kills_wanted * 10 + 10))
while [ "$kills" -lt "$kills_wanted" ] && [ "$round" -lt "$max_rounds" ]; do
  round=$((round + 1))
  hv=$([ $((RANDOM % 2)) -eq 0 ] && echo a || echo b)
  iv=$([ $((RANDOM % 2)) -eq 0 ] && echo a || echo b)
  act=$((1 + RANDOM % CHOICE_ACTIVITIES))
  pids=()
  kinds=()
  launch import-hsds "$BELONG" --db "$db" import hsds "$tmp/hsds-$hv" --source soak-hsds
  launch import-ical "$BELONG" --db "$db" import ical "$tmp/ical-$iv.ics" --source soak-ical
  launch refresh "$BELONG" --db "$db" refresh
  # The small writes start a little later, so that they often meet a bulk write holding the
  # lock, or go before it: both must keep every acknowledged write.
  sleep "$(printf '0.%03d' $((RANDOM % 100)))"
  launch edit-pronouns "$BELONG" --db "$db" peer edit 1 --pronouns "r$round"
  launch edit-contact "$BELONG" --db "$db" peer edit 1 --contact "r$round"
  launch edit-goal "$BELONG" --db "$db" peer edit 1 --goal "r$round"
  launch add-peer "$BELONG" --db "$db" peer add --name "soak-r$round"
  launch choose "$BELONG" --db "$db" recommend 1 --choose "$act" --force --note "r$round"
  delay_ms=$((RANDOM % 150))
  sleep "$(printf '0.%03d' "$delay_ms")"
  running=()
  for i in "${!pids[@]}"; do alive "${pids[$i]}" && running+=("$i"); done
  victim=-1
  if [ ${#running[@]} -gt 0 ]; then
    victim=${running[$((RANDOM % ${#running[@]}))]}
    kill -9 "${pids[$victim]}" 2>/dev/null
  fi
  unexpected=""
  declare -a status=()
  for i in "${!pids[@]}"; do
    { wait "${pids[$i]}"; } 2>/dev/null # without the shell's "Killed" line
    status[$i]=$?
    if [ "${status[$i]}" -eq 137 ] && [ "$i" -eq "$victim" ]; then
      kills=$((kills + 1))
      killed_kind[${kinds[$i]}]=$((${killed_kind[${kinds[$i]}]:-0} + 1))
    elif [ "${status[$i]}" -ne 0 ]; then
      unexpected="$unexpected${kinds[$i]} exited ${status[$i]}: $(cat "$tmp/err.$i")"$'\n'
    fi
  done
  pids=()
  [ -z "$unexpected" ] || die "round $round: every command not killed exits 0" "$unexpected"

  # What may be there now: an acknowledged write replaces the choices, an unacknowledged one
  # (the killed command) adds itself to them.
  acked=0
  note() { # note KEY VALUE INDEX
    if [ "${status[$3]}" -eq 0 ]; then
      may[$1]=$2
      acked=$((acked + 1))
    else
      may[$1]="${may[$1]} $2"
    fi
  }
  hsds_fp_var="fp_hsds_$hv"
  ical_fp_var="fp_ical_$iv"
  note hsds "${!hsds_fp_var}" 0
  note ical "${!ical_fp_var}" 1
  [ "${status[2]}" -eq 0 ] && acked=$((acked + 1)) # the refresh: checked by the fingerprints
  note pronouns "r$round" 3
  note contact "r$round" 4
  note goal "r$round" 5
  if [ "${status[6]}" -eq 0 ]; then
    acked_peers="$acked_peers,'soak-r$round'"
    n_acked_peers=$((n_acked_peers + 1))
    acked=$((acked + 1))
  fi
  note "choice$act" "r$round" 7

  # ---- the checks ----
  # The peer's fields are sealed in the file (docs/privacy.md): they are read through belong.
  names=$("$BELONG" --db "$db" peer list --archived --json 2>&1 | jq -r '.[].name' 2>&1)
  acked_present=0
  acked_distinct=0
  for name in ${acked_peers//[\',]/ }; do
    n=$(grep -cxF -- "$name" <<<"$names")
    acked_present=$((acked_present + n))
    [ "$n" -gt 0 ] && acked_distinct=$((acked_distinct + 1))
  done
  state=$(sqlite3 -separator $'\t' "$db" "PRAGMA integrity_check;
    SELECT count(*) FROM pragma_foreign_key_check;" 2>&1
    "$BELONG" --db "$db" peer show 1 --json 2>&1 | jq -r '[(.pronouns // "null"),
      (.contact // "null"), (if (.goals | length) > 0 then (.goals | join(",")) else "none" end)]
      | @tsv' 2>&1
    printf '%s\t%s\n' "$acked_present" "$acked_distinct"
    sort <<<"$names" | uniq -d | wc -l
    sqlite3 "$db" "$(fingerprint_sql soak-hsds)
    $(fingerprint_sql soak-ical)" 2>&1
    "$BELONG" --db "$db" peer export 1 2>&1 | jq -r --argjson n "$CHOICE_ACTIVITIES" \
      '. as $e | range(1; $n + 1) | . as $a | ([$e.choices[] | select(.activity == $a)
      | .note // "none"] | first // "none")' 2>&1)
  mapfile -t lines <<<"$state"
  problems=""
  [ "${lines[0]}" = ok ] || problems="${problems}integrity_check: ${lines[0]}"$'\n'
  [ "${lines[1]}" = 0 ] || problems="${problems}foreign_key_check: ${lines[1]} broken"$'\n'
  IFS=$'\t' read -r pronouns contact goal <<<"${lines[2]}"
  in_list "$pronouns" "${may[pronouns]}" || problems="${problems}pronouns '$pronouns', expected one of: ${may[pronouns]}"$'\n'
  in_list "$contact" "${may[contact]}" || problems="${problems}contact '$contact', expected one of: ${may[contact]}"$'\n'
  in_list "$goal" "${may[goal]}" || problems="${problems}goal '$goal', expected one of: ${may[goal]}"$'\n'
  [ "${lines[3]}" = "$n_acked_peers"$'\t'"$n_acked_peers" ] ||
    problems="${problems}acknowledged new peers: ${lines[3]} present, expected $n_acked_peers once each"$'\n'
  [ "${lines[4]}" = 0 ] || problems="${problems}${lines[4]} peer names written twice"$'\n'
  in_list "${lines[5]}" "${may[hsds]}" ||
    problems="${problems}the HSDS source is neither version it may be (half-imported?)"$'\n'
  in_list "${lines[6]}" "${may[ical]}" ||
    problems="${problems}the iCalendar source is neither version it may be (half-imported?)"$'\n'
  for ((a = 1; a <= CHOICE_ACTIVITIES; a++)); do
    got=${lines[$((6 + a))]}
    in_list "$got" "${may[choice$a]}" ||
      problems="${problems}choice of activity $a: '$got', expected one of: ${may[choice$a]}"$'\n'
    may[choice$a]=$got
  done
  checks=$((checks + 10 + CHOICE_ACTIVITIES))
  # What is there now is committed: it is what later rounds build on.
  may[pronouns]=$pronouns
  may[contact]=$contact
  may[goal]=$goal
  may[hsds]=${lines[5]}
  may[ical]=${lines[6]}
  verified=$((verified + acked))
  if [ "$victim" -ge 0 ] && [ "${status[$victim]}" -eq 137 ]; then
    what="killed ${kinds[$victim]} after $delay_ms ms"
  else
    what="all had ended at $delay_ms ms, none killed"
  fi
  if [ -z "$problems" ]; then
    _report 0 "round $round ($what): sound, $acked acknowledged writes present, nothing half-written"
  else
    _report 1 "round $round ($what): sound, acknowledged writes present, nothing half-written" \
      "$problems"
  fi
done

if [ "$kills" -ge "$kills_wanted" ]; then
  _report 0 "$kills kills in $round rounds"
else
  _report 1 "$kills_wanted kills" "only $kills kills in $round rounds (most processes ended first)"
fi
by_kind=""
for k in "${!killed_kind[@]}"; do by_kind="$by_kind, $k ${killed_kind[$k]}"; done
lost=$_tap_failed
echo "# soak: $kills kills in $round rounds (${by_kind#, }), $checks checks," \
  "$verified acknowledged writes verified, $lost lost or half-written"
finish
