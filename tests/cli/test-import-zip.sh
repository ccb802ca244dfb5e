#!/usr/bin/env bash
# test-import-zip.sh — `belong import hsds FILE.zip`: a zipped HSDS package (made at test time by
# make_zips.py from tests/fixtures/hsds) imports as its folder does (the same summary, source
# name, --lenient and --rejects; its files named ARCHIVE/ENTRY), and every hostile archive is
# refused whole with a message naming the archive and the entry: nothing written, nothing left
# in the temporary folder.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/import-zip"
zips="$tmp/zips"
mkdir -p "$tmp/scratch"
python3 "$(dirname "$0")/make_zips.py" "$FIXTURES" "$zips"
export TMPDIR="$tmp/scratch" # where the archives are unpacked: checked empty after each
export BELONG_UNZIP_MAX_MIB=8
db="$tmp/z.db"
leftovers() { find "$tmp/scratch" -mindepth 1 -name 'belong-zip-*' | wc -l; }

# ---- good packages ----------------------------------------------------------------------------
run "$BELONG" --db "$db" import hsds "$zips/hampden-export.zip"
expect_status 0 "a zipped package in one top-level folder, its CSVs under data/, imports"
expect_out_has "imported 2 activities" "... both services its datapackage.json lists"
expect_out_has "as source hsds:hampden-county-211" "... the source named by the package's name"
check "... its places and times read from data/" \
  [ "$(sqlite3 "$db" "select s.rrule from schedule s join activity a on a.id = s.activity_id where a.source_ref = 'svc-repair'")" = "FREQ=WEEKLY;BYDAY=SA" ]
check "... and nothing is left in the temporary folder" test "$(leftovers)" = 0
run "$BELONG" --db "$db" import hsds "$FIXTURES/hsds/variant-datapackage"
check "the same export from its folder updates the same source: nothing duplicated" \
  [ "$(sqlite3 "$db" "select count(*) || ' ' || count(DISTINCT source_id) from activity")|$(sqlite3 "$db" 'select count(*) from source')" = "2 1|1" ]

run "$BELONG" --db "$db" import hsds "$zips/excel-1252.zip"
expect_status 0 "a zipped package saved by Excel as Windows-1252 imports"
expect_out_has "; $zips/excel-1252.zip/excel/organizations.csv read as Windows-1252 (not UTF-8); $zips/excel-1252.zip/excel/services.csv read as Windows-1252 (not UTF-8)" \
  "... the summary names each file read as Windows-1252 by the archive's name"
check "... not by the folder it was unpacked in" eval '! grep -q "belong-zip-" <<<"$out"'

run "$BELONG" --db "$db" import "$zips/ma-3.0.zip"
expect_status 0 "an HSDS 3.0 package zipped flat imports, its kind told from the archive"
expect_out_has "imported 9 activities" "... every service"
expect_out_has "as source hsds:central-western-ma-community-activities" "... named by its package"

run "$BELONG" --db "$db" import hsds "$zips/ma-2.x-export.zip"
expect_status 0 "2.x CSVs without datapackage.json, zipped in a folder, import"
expect_out_has "as source hsds:ma-2.x-export" "... the source named by the zip's name, less .zip"
mkdir -p "$tmp/elsewhere" && cp "$zips/ma-2.x-export.zip" "$tmp/elsewhere/"
run "$BELONG" --db "$db" import hsds "$tmp/elsewhere/ma-2.x-export.zip"
check "the same zip from another folder updates its source" \
  test "$(sqlite3 "$db" "select count(*) from source where name = 'hsds:ma-2.x-export'")|$(sqlite3 "$db" "select count(*) from activity a join source s on s.id = a.source_id where s.name = 'hsds:ma-2.x-export'")" = "1|2"
run "$BELONG" --db "$db" import hsds "$zips/ma-2.x-export.zip" --source hsds:mine
expect_out_has "as source hsds:mine" "--source names it"

run "$BELONG" --db "$db" import hsds "$zips/json-export.zip"
expect_status 0 "HSDS 3.0 JSON zipped alone (with a Mac's __MACOSX/ and .DS_Store) imports"
expect_out_has "imported 3 activities" "... its services"
expect_out_has "as source hsds:json-export" "... named by the zip"

# ---- refused rows -----------------------------------------------------------------------------
before=$(db_digest "$db")
run "$BELONG" --db "$db" import hsds "$zips/bad-holiday.zip"
expect_status 65 "a zipped package with a bad row is refused whole"
expect_err_has "$zips/bad-holiday.zip/pkg/holiday_schedules.csv:2: start_date: 'Christmas Eve' is not a date" \
  "... the row named by the archive and its entry, line and field"
expect_err_has "problem" "... and the summary of the refusal"
check "... nothing written" test "$(db_digest "$db")" = "$before"
check "... no temporary path in any message" eval '! grep -q "belong-zip-" <<<"$err"'
run "$BELONG" --db "$db" import hsds "$zips/bad-holiday.zip" --lenient --rejects "$tmp/rejects.txt"
expect_status 0 "--lenient imports its valid rows"
expect_out_has "imported 1 activity" "... the valid one"
expect_out_has "2 rejected" "... the summary counts the refused"
check "--rejects lists them by archive/entry:line: field" \
  grep -qF "$zips/bad-holiday.zip/pkg/holiday_schedules.csv:2: start_date:" "$tmp/rejects.txt"
run "$BELONG" --db "$db" import hsds "$zips/bad-time.zip"
expect_err_has "bad-time.zip/schedules.csv:3: opens_at: '25:00' is not a time" "a flat zip's rows named ARCHIVE/FILE"

# ---- hostile archives -------------------------------------------------------------------------
before=$(db_digest "$db")
refused() { # NAME EXPECTED-TEXT DESCRIPTION
  run "$BELONG" --db "$db" import hsds "$zips/$1.zip"
  expect_status 65 "$3: refused (65)"
  expect_err_has "$zips/$1.zip: $2" "... naming the archive and saying why"
  check "... nothing written, nothing left unpacked" \
    test "$(db_digest "$db")|$(leftovers)" = "$before|0"
}
refused slip "entry '../../evil.csv' has '..' in its path" "an entry with '..' (zip slip)"
check "... and nothing written outside" test ! -e "$tmp/evil.csv" -a ! -e "$BELONG_TEST_TMP/evil.csv"
refused absolute "entry '/tmp/belong-evil.csv' has an absolute path" "an entry with an absolute path"
check "... and nothing written there" test ! -e /tmp/belong-evil.csv
refused symlink "entry 'data/link.csv' is a symbolic link" "a symbolic link"
refused device "entry 'data/dev' is a device or special file" "a device"
refused many "entry 'f1000.csv': more than 1000 entries" "more than 1000 entries"
refused bomb "entry 'services.csv': the archive unpacks to more than 8 MiB (the limit; BELONG_UNZIP_MAX_MIB" "a zip bomb over the limit"
refused liar "entry 'services.csv' unpacks to more than the 100 bytes it declares" \
  "a zip bomb whose headers lie about its size (the bytes produced are counted)"
refused encrypted "entry 'accessibility.csv' is encrypted" "an encrypted entry"
refused cut "entry 'schedules.csv' cannot be unpacked (the archive is corrupt or cut short)" "an archive cut short"
refused garbage "not a zip archive" "a file that is not a zip"
refused no-package "no package in it" "a zip with no package in it"
refused two-folders "no package in it" "a zip with two top-level folders"
refused empty "no package in it" "an empty zip"
refused duplicate "entry 'services.csv' has the same name as an earlier entry 'services.csv'" \
  "two entries of one name (which is meant cannot be told)"
refused duplicate-dot "entry './services.csv' has the same name as an earlier entry 'services.csv'" \
  "... also when one is spelt ./NAME"
refused file-folder "entry 'services.csv/x.csv': a file and a folder of the same name" \
  "a file with the name of a folder another entry is in"
refused zip-in-zip "entry 'ma-3.0.zip' is a zip inside the zip: unpack it first" \
  "a zip inside the zip (one level is read): bad data, not a missing file"
refused zip-in-zip-folder "entry 'export/ma-3.0.zip' is a zip inside the zip" \
  "... also alone in the zip's one folder"
# Found by fuzz_zip: an entry's name read after the entry was given its target path (a
# use-after-free), and the disk writer's message naming the temporary folder.
for f in "$FIXTURES"/zip/fuzz-*.zip; do
  run "$BELONG" --db "$db" import hsds "$f"
  expect_status 65 "fuzz finding $(basename "$f"): refused"
  check "... its message names the entry, never the temporary folder" \
    eval 'grep -q "entry .pk" <<<"$err" && ! grep -q "belong-zip-" <<<"$err"'
  check "... nothing written, nothing left unpacked" \
    test "$(db_digest "$db")|$(leftovers)" = "$before|0"
done
BELONG_UNZIP_MAX_MIB=64 run "$BELONG" --db "$db" import hsds "$zips/bomb.zip"
expect_err_has "services.csv:1" "with a higher limit the 40 MiB of zeros are unpacked (and refused as CSV)"
BELONG_UNZIP_MAX_MIB=lots run "$BELONG" --db "$db" import hsds "$zips/ma-3.0.zip"
expect_status 64 "a BELONG_UNZIP_MAX_MIB that is not a number is a usage error"
expect_err_has "BELONG_UNZIP_MAX_MIB: 'lots' is not a number" "... saying so"
check "nothing changed through all of it" test "$(db_digest "$db")" = "$before"

# A belong killed while it read a zip (kill -9, Ctrl-C) left its folder: the next unpack removes
# it. A folder is in use while its lock is held (flock, dropped by the kernel when its holder
# ends): no PID is trusted, as PID namespaces that share /tmp may reuse one.
mkdir -p "$tmp/scratch/belong-zip-$$-AbCdEf/pkg" "$tmp/scratch/belong-zip-1-LiVeOn"
echo "id,name" >"$tmp/scratch/belong-zip-$$-AbCdEf/pkg/services.csv"
exec {held}<"$tmp/scratch/belong-zip-1-LiVeOn"
flock -n "$held"
run "$BELONG" --db "$db" import hsds "$zips/ma-3.0.zip"
check "a folder nobody holds is removed by the next unpack, though its PID runs (this shell's)" \
  test ! -e "$tmp/scratch/belong-zip-$$-AbCdEf"
check "... one whose lock is held is not, whatever its PID says" test -d "$tmp/scratch/belong-zip-1-LiVeOn"
exec {held}<&-
run "$BELONG" --db "$db" import hsds "$zips/ma-3.0.zip"
check "... and is once its holder lets go" test ! -e "$tmp/scratch/belong-zip-1-LiVeOn"

# A second import while the first holds its folder (stopped by the test hook once unpacked).
stopped_import() { # starts an import that stops itself once unpacked; sets $pid
  BELONG_TEST_STOP_UNPACKED=1 "$BELONG" --db "$tmp/held.db" import hsds "$zips/ma-3.0.zip" \
    >"$tmp/held.out" 2>&1 &
  pid=$!
  for _ in $(seq 1 500); do
    [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = T ] && return 0
    sleep 0.02
  done
  return 1
}
check "an import that holds its folder stops (the test hook)" stopped_import
first=$(find "$tmp/scratch" -mindepth 1 -maxdepth 1 -name "belong-zip-$pid-*")
run "$BELONG" --db "$db" import hsds "$zips/ma-3.0.zip"
expect_status 0 "a second import meanwhile succeeds"
check "... and leaves the first one's folder, in use, alone" test -n "$first" -a -f "$first/services.csv"
kill -CONT "$pid"
wait "$pid"
check "the first, let go on, imports from its folder" eval 'grep -q "imported 9 activities" "$tmp/held.out"'
check "... and removes it" test "$(leftovers)" = 0
stopped_import
first=$(find "$tmp/scratch" -mindepth 1 -maxdepth 1 -name "belong-zip-$pid-*")
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check "an import killed while it holds its folder leaves it" test -n "$first" -a -d "$first"
run "$BELONG" --db "$db" import hsds "$zips/ma-3.0.zip"
check "... and the next import removes it (the kernel dropped its lock)" test "$(leftovers)" = 0

run "$BELONG" import --help
expect_out_has "A .zip of a package" "--help says how a zip is read"
finish
