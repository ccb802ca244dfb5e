#!/usr/bin/env bash
# test-import-published.sh — `belong import hsds` on directories as they are published and
# re-saved by the tools a CPS has: a CSV saved by Excel as Windows-1252 or as "Unicode text"
# (UTF-16, tabs), byte order marks, ';' separators and headers as people title them, HSDS 1.x's
# singular file names and postal addresses, coordinates and ZIP codes as spreadsheets write them.
# One fixture per class (tests/fixtures/hsds/excel-*, hsds-1x-names, places-as-written), each
# with its expected result here; the refusals are bad-* fixtures checked by test-import-hsds.
. "$(dirname "$0")/lib.sh"

HSDS="$FIXTURES/hsds"

# ---- encodings ----------------------------------------------------------------------------------
# Excel's "CSV" in a western locale: Windows-1252 (é, ’, “ ”, –, € as single bytes), CRLF, the
# last line without a line break; locations.csv saved by another tool as UTF-8 with a BOM.
db="$BELONG_TEST_TMP/w1252.db"
q() { sqlite3 "$db" "$1"; }
run "$BELONG" --db "$db" import hsds "$HSDS/excel-windows-1252"
expect_status 0 "a package saved by Excel as Windows-1252 imports"
expect_out_has "excel-windows-1252/services.csv read as Windows-1252 (not UTF-8)" \
  "the summary says which files were read as Windows-1252"
expect_out_has "excel-windows-1252/organizations.csv read as Windows-1252" "  each of them"
case "$out" in *"regular_schedules.csv read as"*) _report 1 "  a file of ASCII alone is not named" "$out" ;;
  *) _report 0 "  a file of ASCII alone is not named" ;; esac
check "Windows-1252 letters and punctuation stored as UTF-8" \
  [ "$(q "select name || '|' || description from activity where source_ref = 'svc-1'")" = \
    "Tertulia en Español|Conversation in Spanish – all levels, “no pressure”; bring a friend’s recipe" ]
check "the euro sign (0x80) and ê" \
  [ "$(q "select name || '|' || description from activity where source_ref = 'svc-2'")" = \
    "Crêpe Night|Cook crêpes together: sweet or savoury, €0 – it’s free" ]
check "the organisation's name from a Windows-1252 file without a final line break" \
  [ "$(q "select name from organization")" = "Café Nuevo Centro" ]
check "a UTF-8 file with a byte order mark beside them: its first column is read (id)" \
  [ "$(q "select name || '|' || lat from location")" = "Café Nuevo Centro|42.6334" ]
run "$BELONG" --db "$db" occurrences "$(q "select id from activity where source_ref = 'svc-1'")" \
  --from 2026-12-01 --to 2026-12-02 --json
expect_out_has '"start": "2026-12-01T18:30:00-05:00"' "CRLF rows: the schedule's 12-hour times are read"
listed() { q "select source_ref, name, description, active from activity order by 1" | sha256sum; }
before=$(listed)
run "$BELONG" --db "$db" import hsds "$HSDS/excel-windows-1252"
check "importing it again changes no listing" [ "$(listed)" = "$before" ]

# Excel's "Unicode text": UTF-16LE with its byte order mark, tab-separated, CRLF.
udb="$BELONG_TEST_TMP/utf16.db"
run "$BELONG" --db "$udb" import hsds "$HSDS/excel-unicode-text"
expect_status 0 "a package saved as UTF-16 text (tabs) imports"
expect_out_has "excel-unicode-text/services.csv read as UTF-16 (not UTF-8)" "the summary says so"
check "letters past Latin-1, a dash and an emoji (a surrogate pair) stored as UTF-8" \
  [ "$(sqlite3 "$udb" "select name || '|' || description from activity where source_ref = 'svc-1'")" = \
    "Łódź Pierogi Club|Make pierogi together — dough, fillings, stories 🥟" ]
check "a quoted field with ';' in a tab-separated file" \
  [ "$(sqlite3 "$udb" "select description from activity where source_ref = 'svc-2'")" = \
    "Hula for beginners; no experience, no partner needed" ]
check "the organisation from the second UTF-16 file" \
  [ "$(sqlite3 "$udb" "select group_concat(DISTINCT o.name) from activity a join organization o on o.id = a.organization_id")" = \
    "Merrimack Valley Neighbours" ]

# UTF-16 without a byte order mark, known by the NUL bytes of its first line: services.csv
# little-endian (commas, CRLF), organizations.csv big-endian (tabs, LF). A file with NUL bytes
# in another pattern (UTF-32) is not taken for it: bad-utf32, checked by test-import-hsds.
bdb="$BELONG_TEST_TMP/utf16-bare.db"
run "$BELONG" --db "$bdb" import hsds "$HSDS/utf16-no-bom"
expect_status 0 "a package saved as UTF-16 without a byte order mark imports"
expect_out_has "utf16-no-bom/services.csv read as UTF-16LE (not UTF-8)" "the summary names little-endian"
expect_out_has "utf16-no-bom/organizations.csv read as UTF-16BE (not UTF-8)" "  and big-endian"
check "letters past Latin-1, a dash and an emoji stored as UTF-8 from UTF-16LE without a mark" \
  [ "$(sqlite3 "$bdb" "select name || '|' || description from activity where source_ref = 'svc-1'")" = \
    "Łódź Pierogi Club|Make pierogi together — dough, fillings, stories 🥟" ]
check "the organisation from UTF-16BE without a mark" \
  [ "$(sqlite3 "$bdb" "select group_concat(DISTINCT o.name) from activity a join organization o on o.id = a.organization_id")" = \
    "Merrimack Valley Neighbours — Łowell" ]
cut="$BELONG_TEST_TMP/utf16-bare-cut"
cp -r "$HSDS/utf16-no-bom" "$cut"
head -c -1 "$HSDS/utf16-no-bom/services.csv" >"$cut/services.csv"
run "$BELONG" --db "$bdb" import hsds "$cut"
expect_status 65 "UTF-16LE without a mark cut inside a character is refused"
expect_err_has "services.csv:3: the file ends inside a UTF-16LE character (cut off?)" "  naming the line"

# A datapackage.json saved with a UTF-8 byte order mark is read (jansson alone refuses it).
bom="$BELONG_TEST_TMP/bom-package"
cp -r "$HSDS/variant-datapackage" "$bom"
printf '\357\273\277' | cat - "$HSDS/variant-datapackage/datapackage.json" >"$bom/datapackage.json"
run "$BELONG" --db "$BELONG_TEST_TMP/bom.db" import hsds "$bom"
expect_status 0 "a datapackage.json with a byte order mark imports"
expect_out_has "as source hsds:hampden-county-211" "  its name is read"

# ---- CSV dialects -------------------------------------------------------------------------------
sdb="$BELONG_TEST_TMP/semicolon.db"
run "$BELONG" --db "$sdb" import hsds "$HSDS/excel-semicolon"
expect_status 0 "';'-separated files with titled headers import"
expect_out_has "imported 2 activities" "both services"
semi_of() { sqlite3 "$sdb" "select name || '|' || replace(replace(description, char(13), ''), char(10), '/') || '|' || coalesce(cost_cents, 'unknown') || '|' || lat || ',' || lon || '|' || (select name from organization o where o.id = a.organization_id) from activity a where source_ref = '$1'"; }
check "'Service Name', 'Organization ID': headers named with their table, spaces and case; a quoted value over two lines with blanks around it; a decimal comma in coordinates; fees 'None'" \
  [ "$(semi_of svc-1)" = "Garden Work Shift|Weed, water and harvest together;/no experience needed|0|42.642,-71.312|Lowell Community Garden Network" ]
check "blanks around unquoted values and ids; fees '\$2; members free' is not promised free" \
  [ "$(semi_of svc-2)" = "Seed Swap|Bring seeds, take seeds|unknown|42.642,-71.312|Lowell Community Garden Network" ]
run "$BELONG" --db "$sdb" occurrences "$(sqlite3 "$sdb" "select id from activity where source_ref = 'svc-1'")" \
  --from 2026-12-05 --to 2026-12-06 --json
expect_out_has '"start": "2026-12-05T09:00:00-05:00"' "'Opens At' read as opens_at, ' 9:00 AM ' as 09:00"

# ---- HSDS 1.x file names --------------------------------------------------------------------------
odb="$BELONG_TEST_TMP/names-1x.db"
run "$BELONG" --db "$odb" import hsds "$HSDS/hsds-1x-names"
expect_status 0 "a 1.x package with singular file names (service.csv, regular_schedule.csv...) imports"
expect_out_has "imported 3 activities" "every service"
one_x() { sqlite3 "$odb" "select a.active || '|' || coalesce(a.cost_cents, 'unknown') || '|' || a.access || '|' || coalesce(a.languages, '') || '|' || coalesce(a.category, '') || '|' || coalesce(a.phone, '') || '|' || l.address || '|' || l.town || '|' || l.zip from activity a join location l on l.id = a.location_id where a.source_ref = '$1'"; }
check "physical_address.csv (not the postal PO box in Boston), ZIP+4 without a hyphen, phone.csv, language.csv and interpretation_services' languages and ASL, service_taxonomy.csv, accessibility_for_disabilities.csv (elevator, ramp)" \
  [ "$(one_x svc-art)" = "1|0|11|Portuguese,Spanish,Haitian Creole|arts-crafts|978-555-0144|21 Main St, Suite 2|Ayer|01432" ]
check "status 'Temporarily Closed' is not active; fees '\$5 suggested donation' is free to take part; interpreters for a service that lists no language leave it open to everyone" \
  [ "$(one_x svc-yoga | cut -d'|' -f1-4)" = "0|0|9|" ]
check "status 'defunct' is not active" [ "$(one_x svc-coffee | cut -d'|' -f1)" = 0 ]
art=$(sqlite3 "$odb" "select id from activity where source_ref = 'svc-art'")
run "$BELONG" --db "$odb" occurrences "$art" --from 2026-12-16 --to 2026-12-31 --json
expect_out_has '"start": "2026-12-16T13:00:00-05:00"' "regular_schedule.csv: Wednesdays at 1:00 PM"
expect_out_has '"start": "2026-12-18T10:00:00-05:00"' "a time kept as a date-time (1899-12-30 10:00:00, Excel's day 0) is its time of day"
expect_out_has '"start": "2026-12-17T18:00:00-05:00"' "weekday 'Thurs.' (an abbreviation with its point) is Thursday"
case "$out" in *2026-12-23T*) _report 1 "holiday_schedule.csv closes Wednesday 23 December (12/23/2026, as Excel writes dates)" "$out" ;;
  *) _report 0 "holiday_schedule.csv closes Wednesday 23 December (12/23/2026, as Excel writes dates)" ;; esac
check "the place without coordinates is at its ZIP code's centre (01432), not the PO box's" \
  [ "$(sqlite3 "$odb" "select coords_from || ' ' || lat from location")" = \
    "zip $(grep '^01432,' "$BELONG_ROOT/data/zipcodes/us_zipcodes.csv" | cut -d, -f6)" ]

# ---- places as spreadsheets write them ----------------------------------------------------------
pdb="$BELONG_TEST_TMP/places.db"
run "$BELONG" --db "$pdb" import hsds "$HSDS/places-as-written"
expect_status 65 "swapped coordinates and a lost minus sign are refused by default"
expect_err_has "places-as-written/locations.csv:5: latitude: -71.3162, 42.6334 is not in the United States, but its address is in MA, where 42.6334, -71.3162 is: latitude and longitude look swapped" \
  "swapped latitude and longitude: named, with the swap that fits its address"
expect_err_has "places-as-written/locations.csv:6: longitude: 42.6704, 71.3020 is not in the United States, but its address is in MA, where 42.6704, -71.3020 is: the longitude's minus sign looks lost" \
  "a longitude without its minus sign: named"
check "refused: nothing written" [ "$(db_digest "$pdb")" = absent ]
run "$BELONG" --db "$pdb" import hsds "$HSDS/places-as-written" --lenient
expect_status 0 "--lenient imports every place"
place_of() { sqlite3 "$pdb" "select coalesce(coords_from, 'source') || '|' || zip || '|' || printf('%.4f,%.4f', lat, lon) from location where source_ref = '$1'"; }
zip_point() { grep "^$1," "$BELONG_ROOT/data/zipcodes/us_zipcodes.csv" | awk -F, '{ printf "%.4f,%.4f", $6, $7 }'; }
check "blanks around quoted coordinates" [ "$(place_of loc-blanks)" = "source|01852|42.6459,-71.3085" ]
check "a degree sign and hemisphere letters (W is negative); ZIP '1840' is 01840" \
  [ "$(place_of loc-letters)" = "source|01840|42.7070,-71.1631" ]
check "decimal commas; ZIP+4 '1852-4321' is 01852" [ "$(place_of loc-comma)" = "source|01852|42.6291,-71.2977" ]
check "swapped coordinates are not used: the place is at its ZIP code's centre (018521234: 01852)" \
  [ "$(place_of loc-swapped)" = "zip|01852|$(zip_point 01852)" ]
check "a lost minus sign is not used: the place is at its ZIP code's centre" \
  [ "$(place_of loc-sign)" = "zip|01826|$(zip_point 01826)" ]
check "0, 0 (null island) is no place: at its ZIP code's centre ('1824': 01824)" \
  [ "$(place_of loc-null)" = "zip|01824|$(zip_point 01824)" ]
run "$BELONG" --db "$pdb" search --zip 01852 --within 3 --json
expect_out_has '"name": "Heritage Walk"' "the swapped place's listing is found near Lowell"

finish
