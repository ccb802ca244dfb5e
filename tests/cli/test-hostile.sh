#!/usr/bin/env bash
# test-hostile.sh — the hostile-input corpus (tests/fixtures/hostile/expected.tsv) and the big
# or odd inputs made here (tests/hostile/gen.sh, FIFOs, devices, sparse files): each gives its
# exit status and message, and a refusal leaves the database as it was. Nothing here is timed
# (bench/run.sh hostile measures time and memory).
. "$(dirname "$0")/lib.sh"

dir="$FIXTURES/hostile"
gen="$BELONG_ROOT/tests/hostile/gen.sh"
tmp="$BELONG_TEST_TMP/hostile"
mkdir -p "$tmp"
db="$tmp/hostile.db"
run "$BELONG" --db "$db" import ical "$FIXTURES/ical/good-recurring.ics" --source hostile
expect_status 0 "a good calendar imports first"
before=$(db_digest "$db")

# refused KIND PATH STATUS MESSAGE DESC [--lenient]: the import fails so, and changes nothing.
refused() {
  local kind=$1 path=$2 want=$3 msg=$4 desc=$5
  shift 5
  run "$BELONG" --db "$db" import "$kind" "$path" --source hostile "$@"
  expect_status "$want" "$desc${1:+ ($1)}: exit status $want"
  expect_err_has "$msg" "$desc${1:+ ($1)}: says what is wrong, where"
  check "$desc${1:+ ($1)}: the database is unchanged" test "$(db_digest "$db")" = "$before"
}

n_rows=0
while IFS=$'\t' read -r kind file status lenient msg; do
  case $kind in '#'* | '') continue ;; esac
  n_rows=$((n_rows + 1))
  if [ "$status" = 0 ]; then
    fresh="$tmp/accepted-$n_rows.db"
    run "$BELONG" --db "$fresh" import "$kind" "$dir/$file"
    expect_status 0 "$file is accepted"
    expect_out_has "$msg" "$file: $msg (the summary, on stdout)"
    continue
  fi
  refused "$kind" "$dir/$file" "$status" "$msg" "$file"
  [ "$lenient" = refused ] && refused "$kind" "$dir/$file" "$status" "$msg" "$file" --lenient
done <"$dir/expected.tsv"
check "the corpus table has its rows" test "$n_rows" -ge 50
run "$BELONG" --db "$db" import ical "$dir/exdate-lists-bad-last.ics"
expect_err_has "exdate-lists-bad-last.ics:14: CATEGORIES: contains a control character" \
  "a value in the second of two CATEGORIES lists is cited at its own line"

# ---- big inputs, made here -----------------------------------------------------------------
"$gen" long-raw 70000 "$tmp/long-raw.ics"
refused ical "$tmp/long-raw.ics" 65 "long-raw.ics:9: longer than the 65,536-byte limit for one line" \
  "one 70,000-byte line"
"$gen" long-line 70000 "$tmp/long-folded.ics"
refused ical "$tmp/long-folded.ics" 65 "long-folded.ics:9: longer than the 65,536-byte limit" \
  "one 70,000-byte line folded into 75-byte ones"
"$gen" long-line 60000 "$tmp/long-ok.ics"
run "$BELONG" --db "$tmp/long-ok.db" import ical "$tmp/long-ok.ics"
expect_status 0 "a 60,000-byte DESCRIPTION is within the limit"

"$gen" exdate 10001 "$tmp/exdates.ics"
refused ical "$tmp/exdates.ics" 65 "exdates.ics:10: EXDATE: exdate: more than the 10,000-date limit" \
  "10,001 EXDATEs"
"$gen" rdate 10001 "$tmp/rdates.ics"
refused ical "$tmp/rdates.ics" 65 "rdates.ics:10: RDATE: rdate: more than the 10,000-date limit" \
  "10,001 RDATEs"
"$gen" exdate 10000 "$tmp/exdates-ok.ics"
run "$BELONG" --db "$tmp/exdates-ok.db" import ical "$tmp/exdates-ok.ics"
expect_status 0 "10,000 EXDATEs are within the limit"
"$gen" recurrence-id 3000 "$tmp/overrides.ics"
run "$BELONG" --db "$tmp/overrides.db" import ical "$tmp/overrides.ics"
expect_status 0 "3,000 RECURRENCE-ID overrides of one series import"
check "each override moves its occurrence (10:00 becomes 14:00 from January 2027)" \
  test "$(sqlite3 "$tmp/overrides.db" "SELECT count(*) FROM occurrence
    WHERE start_minute = 14 * 60 AND start_utc >= strftime('%s', '2027-01-01')")" -gt 0

# A VTIMEZONE with more RDATE onsets than the limit.
{
  printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//belong//hostile//EN\r\n'
  printf 'BEGIN:VTIMEZONE\r\nTZID:Flood\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n'
  printf 'TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n'
  for i in $(seq 0 2000); do printf 'RDATE:%04d0101T000000\r\n' $((1700 + i % 1200)); done
  printf 'END:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:f\r\nSUMMARY:x\r\n'
  printf 'DTSTART;TZID=Flood:20261201T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'
} >"$tmp/tz-rdates.ics"
refused ical "$tmp/tz-rdates.ics" 65 "tz-rdates.ics:2010: RDATE: STANDARD of VTIMEZONE: more RDATEs than the 2,000-change limit" \
  "a VTIMEZONE with 2,001 RDATEs" --lenient

# CSV: a field, a row and a header past their limits.
mkdir -p "$tmp/wide" "$tmp/long-field"
{ seq -s, 1 1001; seq -s, 1 1001; } >"$tmp/wide/services.csv"
refused hsds "$tmp/wide" 65 "wide/services.csv:1: more than the 1,000-field limit in one row" \
  "a 1,001-column CSV" --lenient
{
  echo "id,name,description"
  printf 'svc-1,Group,'
  head -c 70000 /dev/zero | tr '\0' x
  echo
} >"$tmp/long-field/services.csv"
refused hsds "$tmp/long-field" 65 "long-field/services.csv:2: field 3 is longer than the 65,536-byte limit" \
  "a 70,000-byte CSV field" --lenient

# ---- size and kind of file ----------------------------------------------------------------
truncate -s 65M "$tmp/huge.ics"
refused ical "$tmp/huge.ics" 65 "huge.ics: 68157440 bytes, larger than the 67,108,864-byte limit" \
  "a 65 MiB calendar (sparse)"
mkdir -p "$tmp/huge-pkg"
truncate -s 4097M "$tmp/huge-pkg/services.csv"
refused hsds "$tmp/huge-pkg" 65 "services.csv: 4296015872 bytes, larger than the 4,294,967,296-byte" \
  "a 4 GiB + 1 MiB services.csv (sparse)" --lenient
mkdir -p "$tmp/big-pkg"
{ printf 'id,name\n'; for i in $(seq 1 3); do printf 'svc-%d,Service %d\n' "$i" "$i"; done; } >"$tmp/big-pkg/services.csv"
truncate -s 65M "$tmp/big-pkg/services.csv" # a CSV past the 64 MiB of a whole-parsed file is read
run "$BELONG" --db "$BELONG_TEST_TMP/big-pkg.db" import hsds "$tmp/big-pkg" --lenient
expect_err_lacks_limit() { case "$err" in *"-byte limit for one file"*) _report 1 "$1" "$err" ;; *) _report 0 "$1" ;; esac; }
expect_err_lacks_limit "a 65 MiB CSV file is not refused for its size (CSV files may be up to 4 GiB)"
refused ical /dev/zero 65 "/dev/zero: a character device, not a file" "/dev/zero as a calendar"
refused ical /dev/null 65 "/dev/null: a character device, not a file" "/dev/null as a calendar"
refused ical "$tmp" 65 "a folder, not a file" "a folder as a calendar"
mkfifo "$tmp/fifo.ics"
refused ical "$tmp/fifo.ics" 65 "fifo.ics: a pipe (FIFO), not a file" "a FIFO as a calendar"
mkfifo "$tmp/fifo.json"
refused hsds "$tmp/fifo.json" 65 "fifo.json: a pipe (FIFO), not a file" "a FIFO as HSDS JSON"
mkdir -p "$tmp/fifo-pkg"
mkfifo "$tmp/fifo-pkg/services.csv"
refused hsds "$tmp/fifo-pkg" 65 "services.csv: a pipe (FIFO), not a file" \
  "a FIFO as services.csv" --lenient

# ---- a sub-daily zone stored before this check: refresh and occurrences end, and say so ----
zdb="$tmp/stored-zone.db"
run "$BELONG" --db "$zdb" import ical "$FIXTURES/ical/good-outlook.ics"
expect_status 0 "a calendar with an Outlook VTIMEZONE imports"
sqlite3 "$zdb" "UPDATE schedule SET vtimezone = replace(vtimezone, 'FREQ=YEARLY', 'FREQ=MINUTELY')
  WHERE vtimezone IS NOT NULL"
id=$(sqlite3 "$zdb" "SELECT activity_id FROM schedule WHERE vtimezone IS NOT NULL LIMIT 1")
run "$BELONG" --db "$zdb" occurrences "$id" --from 2027-06-01 --to 2027-07-31 # past the horizon
expect_status 65 "occurrences of it ends at once with an error"
expect_err_has "a schedule is invalid" "and says why"
run "$BELONG" --db "$zdb" refresh
expect_status 0 "refresh goes on with the other listings"
expect_err_has "activity:$id: schedule: cannot be expanded" "and names the one whose stored zone is refused"
finish
