#!/usr/bin/env bash
# test-readme-tour.sh — README.md's "A five-minute tour" runs as written: its ```sh blocks,
# taken from the README itself, run in order in a fresh folder (build/belong is the binary under
# test) at a terminal (the tour's interactive `peer add` answers tests/fixtures/tour/answers.txt),
# with today's date; each command must exit with the status its comment gives (`# exit N`),
# else 0. The files the tour imports or reads are stand-ins from tests/fixtures. Then what the
# tour says of its examples is checked against the demo: the listing it enriches is a garden
# one, the one it asks about is the one its comment names, the decline "too loud" is on
# something loud.
. "$(dirname "$0")/lib.sh"
unset BELONG_NOW BELONG_DB BELONG_CPS # the tour runs today, as a newcomer would

tmp="$BELONG_TEST_TMP/tour"
mkdir -p "$tmp/build"
ln -s "$BELONG" "$tmp/build/belong"
cp "$FIXTURES/peers/sam.json" "$tmp/sam.json"
cp -r "$FIXTURES/hsds/ma-3.0" "$tmp/export"
python3 -c 'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2])' "$tmp/export" "$tmp/export"
cp "$FIXTURES/hsds/times-as-written-json/services.json" "$tmp/services.json"
cp "$FIXTURES/ical/good-recurring.ics" "$tmp/library-events.ics"

# The tour's commands, one a line (continuations joined), each with its expected status.
awk '
  /^## A five-minute tour/ { in_tour = 1; next }
  in_tour && /^## / { exit }
  in_tour && /^ *```sh/ { in_sh = 1; next }
  in_sh && /^ *```/ { in_sh = 0; next }
  in_sh {
    line = $0; sub(/^ +/, "", line)
    if (line ~ /^#/ || line == "") next
    if (sub(/\\$/, "", line)) { pending = pending line; next }
    line = pending line; pending = ""
    status = 0
    if (match(line, /# exit [0-9]+/)) status = substr(line, RSTART + 7, RLENGTH - 7)
    print status "\t" line
  }
' "$BELONG_ROOT/README.md" >"$tmp/commands.tsv"
n=$(wc -l <"$tmp/commands.tsv")
check "the tour has its commands ($n)" test "$n" -ge 20

# One script, so that `export` carries over, run at a terminal; each status goes to a file.
{
  echo 'cd "$(dirname "$0")"'
  i=0
  while IFS=$'\t' read -r want line; do
    i=$((i + 1))
    printf '%s\necho "%d\t%s\t$?" >>statuses.tsv\n' "$line" "$i" "$want"
  done <"$tmp/commands.tsv"
} >"$tmp/tour.sh"
script -qec "bash $tmp/tour.sh" /dev/null <"$FIXTURES/tour/answers.txt" >"$tmp/tour.log" 2>&1
i=0
while IFS=$'\t' read -r want line; do
  i=$((i + 1))
  got=$(awk -F'\t' -v i="$i" '$1 == i { print $3 }' "$tmp/statuses.tsv" 2>/dev/null)
  check "tour step $i exits ${want}: $line" test "${got:-none}" = "$want"
done <"$tmp/commands.tsv"

db="$tmp/build/demo.db"
"$BELONG" demo --db "$BELONG_TEST_TMP/tour-fresh.db" >/dev/null 2>&1
check "the tour's interactive peer add added the peer of its answers to the caseload maria" \
  test "$("$BELONG" --db "$db" peer list --cps maria 2>/dev/null | grep -c Ana)" -ge 1
check "the tour's choice and decline are on the demo peer" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM peer_choice")" -ge 2
check "the calendar of her choices was written" grep -q "BEGIN:VCALENDAR" "$tmp/rosa.ics"
check "the tour's activity set is undone by its --reset: the listing is as the demo has it" \
  test "$(sqlite3 "$db" "SELECT hand_set, intensity, access, tags FROM activity WHERE id = 1")" = \
  "$(sqlite3 "$BELONG_TEST_TMP/tour-fresh.db" "SELECT hand_set, intensity, access, tags FROM activity WHERE id = 1")"

# What the tour says of its examples is true of the demo.
id_after() { sed -n "s/.*$1 \([0-9][0-9]*\).*/\1/p" "$tmp/commands.tsv" | head -n 1; }
field() { sqlite3 "$db" "SELECT lower(name || ' ' || tags || ' ' || category) FROM activity WHERE id = $1"; }
set_id=$(id_after "activity set")
check "the listing the tour enriches with plants is a gardening one" \
  test "$(sqlite3 "$db" "SELECT category FROM activity WHERE id = ${set_id:-0}")" = gardening-nature
explain_line=$(grep -- "--explain" "$tmp/commands.tsv")
explain_id=$(id_after "--explain")
asked=$(printf '%s' "$explain_line" | sed -n "s/.*why didn't the \([a-z-]*\).*/\1/p")
check "the listing the tour asks about ($explain_id) is the '$asked' its comment names" \
  sh -c "printf '%s' '$(field "${explain_id:-0}")' | grep -q -- '${asked:-nothing}'"
loud_id=$(id_after "--decline")
check "the decline 'too loud' is on something loud ($(field "${loud_id:-0}"))" \
  sh -c "printf '%s' '$(field "${loud_id:-0}")' | grep -qE 'drum|karaoke|jam|open mic|dance|band|concert'"
choose_id=$(id_after "--choose")
chosen=$(printf '%s' "$(grep -- "--choose" "$tmp/commands.tsv")" | sed -n 's/.*try the \([a-z-]*\).*/\1/p')
check "the listing she chooses ($choose_id) is the '$chosen' its comment names" \
  sh -c "printf '%s' '$(field "${choose_id:-0}")' | grep -q -- '${chosen:-nothing}'"

# `make run` and the tour use one demo database.
check "make run uses the tour's database, build/demo.db" \
  grep -qE '^DB +\?= \$\(BUILD\)/demo.db' "$BELONG_ROOT/Makefile"
check "the tour creates build/demo.db" grep -q -- "demo --db build/demo.db" "$tmp/commands.tsv"
if [ "$_tap_failed" -gt 0 ]; then sed 's/^/# /' "$tmp/tour.log" | tail -n 60; fi
finish
