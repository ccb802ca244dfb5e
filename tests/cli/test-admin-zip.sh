#!/usr/bin/env bash
# test-admin-zip.sh — a zipped HSDS package uploaded on the admin's imports page, over real HTTP
# (a server on an ephemeral loopback port, logged in through the login form, the form's CSRF
# field): imported as `belong import hsds FILE.zip` imports it, the page saying what was added,
# updated and refused, how many listings were read and how long it took, and listing the
# refused rows by ARCHIVE/ENTRY:LINE: field; every hostile archive refused at the file field
# with nothing written and nothing left in the temporary folder; the upload limit an option
# (`serve --upload-max`); the iCalendar upload as before; admins only, with the CSRF field.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/admin-zip"
db="$tmp/z.db"
mkdir -p "$tmp/scratch"
. "$(dirname "$0")/web-lib.sh"
zips="$tmp/zips"
python3 "$(dirname "$0")/make_zips.py" "$FIXTURES" "$zips"
web_user_add root --role admin --cps root
web_user_add sam --role cps --cps root
run "$BELONG" --db "$db" serve --upload-max 0
expect_status 64 "--upload-max 0 is a usage error"
run "$BELONG" serve --help
expect_out_has "--upload-max MIB" "serve --help documents --upload-max"
web_start TMPDIR="$tmp/scratch" BELONG_UNZIP_MAX_MIB=8 -- --upload-max 2
web_login root "$PW" "$tmp/root"
check "the admin logs in" test "$code" = 303
fetch -b "$tmp/root" "$base/admin/imports"
check "the imports page takes a .zip as well as an .ics" \
  eval 'test "$code" = 200 && body_has "accept=\".ics,.zip,text/calendar,application/zip\"" && body_has "at most 2 MiB"'
csrf=$(form_csrf)
upload() { # FILE [CURL ARGS...]: POSTs FILE with the CSRF field
  local f=$1
  shift
  fetch -b "$tmp/root" -F "csrf=$csrf" -F "file=@$f" "$@" "$base/admin/imports"
}
activities() { sqlite3 "$db" "SELECT count(*) || '/' || (SELECT count(*) FROM source) FROM activity"; }
leftovers() { find "$tmp/scratch" -mindepth 1 | wc -l; }

# ---- good packages ----------------------------------------------------------------------------
upload "$zips/hampden-export.zip"
check "a zipped package (its CSVs under data/, in one top-level folder) is imported: 200" \
  eval 'test "$code" = 200 && body_has "Imported hsds:hampden-county-211: 2 activities (2 new)"'
check "... the page says how many listings were read from the upload, and how long it took" \
  eval 'grep -qE "Read 2 valid listings from hampden-export.zip in [0-9.]+ s; written in one transaction in [0-9.]+ s" "$tmp/body"'
check "... found by the search" \
  test "$("$BELONG" --db "$db" search --json --limit 100 2>/dev/null | jq length)" = 2
check "... and nothing is left in the temporary folder" test "$(leftovers)" = 0
upload "$zips/hampden-export.zip"
check "the same package again updates its listings: none new, both updated" \
  eval 'test "$code" = 200 && body_has "2 activities (0 new)" && body_has "Of them, 2 were listed already and are updated"'
check "... nothing duplicated" test "$(activities)" = "2/1"
upload "$zips/ma-3.0.zip"
check "an HSDS 3.0 package zipped flat is imported under its package's name" \
  eval 'test "$code" = 200 && body_has "Imported hsds:central-western-ma-community-activities: 9 activities"'
upload "$zips/ma-2.x-export.zip"
check "a package without a name is named by the upload's name, less .zip" \
  eval 'test "$code" = 200 && body_has "Imported hsds:ma-2.x-export:"'
upload "$zips/json-export.zip" -F "source=hsds:typed"
check "the source typed names it (HSDS 3.0 JSON in a zip)" \
  eval 'test "$code" = 200 && body_has "Imported hsds:typed: 3 activities"'

# ---- refused rows -----------------------------------------------------------------------------
before=$(activities)
upload "$zips/bad-holiday.zip"
check "a package with a bad row is refused whole: 400" test "$code" = 400
check "... the row listed by archive/entry, line, field and why" \
  body_has "<li>bad-holiday.zip/pkg/holiday_schedules.csv:2: start_date: &#39;Christmas Eve&#39; is not a date (YYYY-MM-DD)</li>"
check "... no temporary path shown" eval '! body_has "belong-zip-" && ! body_has "belong-upload-"'
check "... nothing imported" test "$(activities)" = "$before"
upload "$zips/bad-holiday.zip" -F "lenient=on"
check "with 'import the valid rows' the valid one is imported and the refused ones listed" \
  eval 'test "$code" = 200 && body_has "Imported hsds:bad-holiday: 1 activity (1 new)" && body_has "2 refused" && body_has "Refused rows (2)"'

# ---- how the files were read (the notes the CLI's summary ends with) -------------------------------
upload "$zips/excel-1252.zip"
check "a package saved by Excel as Windows-1252 is imported, the page saying so beside its counts" \
  eval 'test "$code" = 200 && body_has "Imported hsds:excel-1252: 2 activities (2 new)" && body_has "<p class=\"notes\">How the files were read: excel-1252.zip/excel/organizations.csv read as Windows-1252 (not UTF-8); excel-1252.zip/excel/services.csv read as Windows-1252 (not UTF-8).</p>"'
check "... naming each file by the archive's name, not the folder it was unpacked in" \
  eval '! body_has "belong-zip-" && ! body_has "belong-upload-"'
before=$(activities)
upload "$zips/excel-1252-bad-row.zip"
check "refused for a row: the notes shown beside the refused rows" \
  eval 'test "$code" = 400 && body_has "How the files were read: excel-1252-bad-row.zip/organizations.csv read as Windows-1252" && body_has "<li>excel-1252-bad-row.zip/services.csv:4: name: missing (required)</li>"'
check "... nothing imported" test "$(activities)" = "$before"
upload "$zips/ma-3.0.zip"
check "a package in UTF-8 has no notes" eval 'test "$code" = 200 && ! body_has "How the files were read"'

# ---- hostile archives -------------------------------------------------------------------------
before=$(activities)
refused() { # NAME TEXT DESCRIPTION
  upload "$zips/$1.zip"
  said="$1.zip: $2"
  check "$3: 400 at the file field, saying why" \
    eval 'test "$code" = 400 && body_has "aria-describedby=\"file-error\"" && body_has "$said"'
  check "... nothing written, nothing left unpacked" test "$(activities)|$(leftovers)" = "$before|0"
}
refused slip "entry &#39;../../evil.csv&#39; has &#39;..&#39; in its path" "an entry with '..'"
check "... nothing written outside" test ! -e "$tmp/evil.csv" -a ! -e "$BELONG_TEST_TMP/evil.csv"
refused absolute "entry &#39;/tmp/belong-evil.csv&#39; has an absolute path" "an absolute entry"
refused symlink "entry &#39;data/link.csv&#39; is a symbolic link" "a symbolic link"
refused device "entry &#39;data/dev&#39; is a device or special file" "a device"
refused many "entry &#39;f1000.csv&#39;: more than 1000 entries" "more than 1000 entries"
refused bomb "entry &#39;services.csv&#39;: the archive unpacks to more than 8 MiB" "a zip bomb"
refused liar "entry &#39;services.csv&#39; unpacks to more than the 100 bytes it declares" "a zip bomb whose headers lie"
refused encrypted "entry &#39;accessibility.csv&#39; is encrypted" "an encrypted entry"
refused cut "entry &#39;schedules.csv&#39; cannot be unpacked (the archive is corrupt or cut short" "an archive cut short"
refused garbage "not a zip archive" "a file that starts as a zip and is not one"
refused no-package "no package in it" "a zip with no package"
refused empty "no package in it" "an empty zip"

# The file's name from the multipart header is the user's text too: one with control characters
# (a terminal's escape, a bell) or that is not UTF-8 is refused at the file field, nothing
# imported (the package has no name of its own: the upload's would name its source).
raw_upload() { # FILENAME-BYTES (printf escapes): POSTs ma-2.x-export.zip under that name
  python3 - "$1" "$csrf" "$zips/ma-2.x-export.zip" >"$tmp/multipart" <<'PY'
import sys
name = sys.argv[1].encode().decode("unicode_escape").encode("latin-1")
head = b'--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n' + sys.argv[2].encode()
head += b'\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="' + name + b'"\r\n'
head += b"Content-Type: application/zip\r\n\r\n"
sys.stdout.buffer.write(head + open(sys.argv[3], "rb").read() + b"\r\n--XyZ--\r\n")
PY
  fetch -b "$tmp/root" -H "Content-Type: multipart/form-data; boundary=XyZ" \
    --data-binary "@$tmp/multipart" "$base/admin/imports"
}
before=$(activities)
for name in '\x1b[31mred.zip' 'bell\x07.zip' 'tab\there.zip' 'latin\xe9.zip'; do
  raw_upload "$name"
  check "an upload named $name is refused at the file field: 400" \
    eval 'test "$code" = 400 && body_has "aria-describedby=\"file-error\"" && body_has "the file&#39;s name"'
  check "... nothing imported, no source under that name" test "$(activities)|$(leftovers)" = "$before|0"
done
raw_upload 'caf\xc3\xa9 export.zip'
check "a UTF-8 name is fine: imported under it" \
  eval 'test "$code" = 200 && body_has "Imported hsds:café export:"'

# ---- the file field, the file on disk as it arrives ----------------------------------------
# Only the form's file field is the upload: a file in any other part is refused, named.
before=$(activities)
fetch -b "$tmp/root" -F "csrf=$csrf" -F "source=@$zips/ma-3.0.zip" "$base/admin/imports"
check "a file sent in another field than 'file' is refused: 400, the field named" \
  eval 'test "$code" = 400 && body_has "the form field &#39;source&#39; holds a file: send the file as &#39;file&#39;"'
check "... nothing imported, nothing left" test "$(activities)|$(leftovers)" = "$before|0"
fetch -b "$tmp/root" -F "csrf=$csrf" -F "file=@$zips/ma-3.0.zip" -F "extra=@$zips/ma-2.x-export.zip" \
  "$base/admin/imports"
check "... also beside a file in the file field" \
  eval 'test "$code" = 400 && body_has "the form field &#39;extra&#39; holds a file" && test "$(activities)|$(leftovers)" = "$before|0"'
fetch -b "$tmp/root" -F "csrf=$csrf" -F "file=@$zips/ma-3.0.zip" -F "file=@$zips/ma-2.x-export.zip" \
  "$base/admin/imports"
check "two files in the file field: 400, one at a time" \
  eval 'test "$code" = 400 && body_has "send one file at a time" && test "$(activities)|$(leftovers)" = "$before|0"'
# A part without a field name (a file or a field): refused, and the server goes on (it read
# the missing name as a string, and stopped).
for part in 'form-data; filename="a.ics"' 'form-data' ''; do
  printf -- '--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n--XyZ\r\n%s\r\n\r\nBEGIN:VCALENDAR\r\n--XyZ--\r\n' \
    "$csrf" "${part:+Content-Disposition: $part}" >"$tmp/nameless"
  fetch -b "$tmp/root" -H "Content-Type: multipart/form-data; boundary=XyZ" --data-binary "@$tmp/nameless" \
    "$base/admin/imports"
  check "a part without a field name (${part:-no Content-Disposition}): 400" \
    eval 'test "$code" = 400 && test "$(activities)|$(leftovers)" = "$before|0"'
  fetch "$base/"
  check "... and the server answers after it" test "$code" = 200
done
head -c 70000 /dev/zero | tr '\0' x >"$tmp/long-source"
fetch -b "$tmp/root" -F "csrf=$csrf" -F "source=<$tmp/long-source" -F "file=@$zips/ma-3.0.zip" \
  "$base/admin/imports"
check "the form's other fields past 64 KiB: 413, nothing left" \
  eval 'test "$code" = 413 && test "$(activities)|$(leftovers)" = "$before|0"'
# The file is written to a private temporary file as it arrives (not held in memory), and
# removed when the client goes away mid-upload.
python3 - "$base" "$csrf" "$(grep -o 'belong_session[[:space:]]*[0-9a-f]*' "$tmp/root" | awk '{print $2}')" \
  "$tmp/scratch" >"$tmp/partial" <<'PY'
import os, stat, sys, time
sys.path.insert(0, os.path.join(os.environ["BELONG_ROOT"], "tests", "cli"))
from raw_http import partial_upload
base, csrf, token, scratch = sys.argv[1:5]
s = partial_upload(base, csrf, token, "big.ics", b"BEGIN:VCALENDAR\r\n" + b"x" * 600000)
found = []
for _ in range(250):
    found = [f for f in os.listdir(scratch) if f.startswith("belong-upload-")]
    if found and os.stat(os.path.join(scratch, found[0])).st_size >= 500000:
        break
    time.sleep(0.02)
st = os.stat(os.path.join(scratch, found[0])) if found else None
print("file" if st else "none", oct(stat.S_IMODE(st.st_mode)) if st else "-",
      "big" if st and st.st_size >= 500000 else "small")
s.close()
for _ in range(1500):  # up to 30 s: a loaded machine (the sanitizer build) can take seconds
    if not [f for f in os.listdir(scratch) if f.startswith("belong-upload-")]:
        print("removed")
        break
    time.sleep(0.02)
else:
    print("left")
PY
check "an upload in progress is on disk as it arrives, in a 0600 temporary file" \
  test "$(head -1 "$tmp/partial")" = "file 0o600 big"
check "... removed when the client disconnects mid-upload" test "$(sed -n 2p "$tmp/partial")" = removed

# ---- the limit, the iCalendar upload, who may ---------------------------------------------
head -c $((2 * 1048576 + 100000)) /dev/urandom >"$tmp/big.zip"
upload "$tmp/big.zip"
check "an upload over --upload-max is 413" test "$code" = 413
check "... nothing of it left on disk" test "$(leftovers)" = 0
upload "$FIXTURES/web/import-mixed.ics" -F "lenient=on"
check "an iCalendar file still imports, the refused row named by the file's name" \
  eval 'test "$code" = 200 && body_has "Imported ical:import-mixed.ics: 1 activity (1 new)" && body_has "<li>import-mixed.ics:13: DTSTART: missing"'
fetch -b "$tmp/root" -F "file=@$zips/ma-3.0.zip" "$base/admin/imports"
check "an upload without the CSRF field is 403" test "$code" = 403
web_login sam "$PW" "$tmp/sam"
fetch -b "$tmp/sam" -F "csrf=$csrf" -F "file=@$zips/ma-3.0.zip" "$base/admin/imports"
check "a CPS may not import: 403" test "$code" = 403
check "every response had the security headers" test -z "$missing_headers"
web_stop
check "the server stops cleanly" test "$web_status" = 0
check "and leaves nothing in the temporary folder" test "$(leftovers)" = 0

# ---- an upload left by a server killed with -9 -----------------------------------------------
# Each upload's file is locked (flock) while it is kept: the next `serve` removes, at its start,
# the ones whose lock no live server holds, and leaves a live server's upload in progress alone.
hold_upload() { # OUT: starts a partial upload held open (by $holder) for 20 s; its file's name in OUT
  : >"$1"
  python3 - "$base" "$csrf" "$(grep -o 'belong_session[[:space:]]*[0-9a-f]*' "$tmp/root" | awk '{print $2}')" \
    "$tmp/scratch" "$(ls "$tmp/scratch")" >"$1" 2>/dev/null <<'PY' &
import os, sys, time
sys.path.insert(0, os.path.join(os.environ["BELONG_ROOT"], "tests", "cli"))
from raw_http import partial_upload
base, csrf, token, scratch, before = sys.argv[1:6]
s = partial_upload(base, csrf, token, "big.zip", b"PK\x03\x04" + b"x" * 300000)
for _ in range(500):
    new = [f for f in os.listdir(scratch) if f.startswith("belong-upload-") and f not in before.split()]
    if new:
        print(new[0], flush=True)
        break
    time.sleep(0.02)
time.sleep(20)
PY
  holder=$!
  for _ in $(seq 200); do [ -s "$1" ] && break; sleep 0.05; done
}
web_start TMPDIR="$tmp/scratch" -- --upload-max 2
hold_upload "$tmp/killed-name"
killed=$(cat "$tmp/killed-name")
check "an upload in progress has its file" test -n "$killed" -a -f "$tmp/scratch/$killed"
{ kill -9 "$server_pid" && wait "$server_pid"; } 2>/dev/null # no "Killed" line from the shell
server_pid=""
kill "$holder"
wait "$holder" 2>/dev/null
check "... a server killed with -9 leaves it behind" test -f "$tmp/scratch/$killed"
web_start TMPDIR="$tmp/scratch" -- --upload-max 2
hold_upload "$tmp/live-name"
live=$(cat "$tmp/live-name")
ln -s "$tmp/killed-name" "$tmp/scratch/belong-upload-link"
: >"$tmp/scratch/not-belong-upload-x"
check "... the next server's start removed it" test ! -e "$tmp/scratch/$killed"
check "... and said so on its log" grep -q "removed 1 upload left in the temporary folder" "$tmp/log"
TMPDIR="$tmp/scratch" "$BELONG" --db "$db" serve --listen 127.0.0.1:0 --threads 1 >"$tmp/second-listening" 2>"$tmp/second-log" &
second=$!
for _ in $(seq 300); do grep -q '^listening on ' "$tmp/second-listening" && break; sleep 0.1; done
kill -TERM "$second"
wait "$second"
check "a second server started meanwhile leaves the first one's upload in progress (locked)" \
  test -n "$live" -a -f "$tmp/scratch/$live"
check "... and a link or a file of another name with it" \
  test -L "$tmp/scratch/belong-upload-link" -a -f "$tmp/scratch/not-belong-upload-x"
check "... removing nothing" eval '! grep -q "removed" "$tmp/second-log"'
kill "$holder"
wait "$holder" 2>/dev/null
web_stop
check "the server stops cleanly, its upload in progress removed" test ! -e "$tmp/scratch/$live"
rm -f "$tmp/scratch/belong-upload-link" "$tmp/scratch/not-belong-upload-x"
finish
