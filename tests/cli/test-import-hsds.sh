#!/usr/bin/env bash
# test-import-hsds.sh — `belong import hsds` on fixtures: a good HSDS 3.0 package, 3.0 JSON, a
# 2.x package with regular_schedules.csv, the official example (latitude 100), re-import
# idempotence, one fixture per bad-input case (tests/fixtures/hsds/bad-*/expected.txt), --lenient,
# the summary on stdout and --rejects, datapackage.json paths and the source's name, and one
# fixture per real-world variant (tests/fixtures/hsds/variant-*: taxonomy_id keys, accessibility,
# fee and language words, an Ohana-era export, HSDS 3.0 service_at_location and organization JSON).
. "$(dirname "$0")/lib.sh"

HSDS="$FIXTURES/hsds"
db="$BELONG_TEST_TMP/hsds.db"
q() { sqlite3 "$db" "$1"; }

# ---- a good 3.0 package -----------------------------------------------------------------------
run "$BELONG" --db "$db" import hsds "$HSDS/ma-3.0"
expect_status 0 "3.0 package imports"
expect_out_has "imported 9 activities" "summary counts the activities (one per service and place)"
expect_out_has "0 rejected in" "summary says nothing was rejected"
check "nine activities stored" [ "$(q 'select count(*) from activity')" = 9 ]
orgloc_counts() { q "select (select count(*) from organization)||' '||(select count(*) from location)"; }
check "one organization row per HSDS organization, one location row per HSDS location" \
  [ "$(orgloc_counts)" = "3 5" ]
check "organizations and locations are keyed by their HSDS ids" \
  [ "$(q "select group_concat(source_ref, ' ') from (select source_ref from organization order by 1)")|$(q "select group_concat(source_ref, ' ') from (select source_ref from location order by 1)")" = "org-greenway org-maplelib org-riverside|loc-elmpark loc-garden loc-maplelib loc-riverside loc-zoom" ]
check "three services at Maple Street Library share its one location row" \
  [ "$(q "select count(DISTINCT a.location_id)||' '||count(*) from activity a join location l on l.id = a.location_id where l.source_ref = 'loc-maplelib'")" = "1 3" ]
check "the activities of one organization share its row" \
  [ "$(q "select count(*) from activity a join organization o on o.id = a.organization_id where o.source_ref = 'org-riverside'")" = 3 ]
check "activity coordinates are the location's" \
  [ "$(q "select count(*) from activity a left join location l on l.id = a.location_id where a.lat is not l.lat or a.lon is not l.lon")" = 0 ]
check "a service at two places is two activities, each with its own schedule" \
  [ "$(q "select group_concat(x, ' ') from (select a.source_ref||'='||a.town||':'||s.rrule as x from $LISTING a join schedule s on s.activity_id = a.id where a.source_ref like 'svc-knit%' order by a.source_ref)")" = "svc-knit=Lowell:FREQ=WEEKLY;BYDAY=MO svc-knit@loc-riverside=Northampton:FREQ=WEEKLY;BYDAY=TH" ]
check "inactive service stored as inactive" \
  [ "$(q "select active from activity where source_ref='svc-closed'")" = 0 ]
check "belong taxonomy: category, intensity, tags, drop-in, group size" \
  [ "$(q "select category||'|'||intensity||'|'||tags||'|'||drop_in||'|'||group_size from activity where source_ref='svc-garden'")" = "gardening-nature|1|plants,outdoors|1|8" ]
check "category guessed from another taxonomy's term" \
  [ "$(q "select category from activity where source_ref='svc-bookclub'")" = books-learning ]
check "ZIP+4 cut to the ZIP, town from the address" \
  [ "$(q "select town||' '||zip from $LISTING where source_ref='svc-garden'")" = "Worcester 01607" ]
check "cost: lowest USD option in cents" [ "$(q "select cost_cents from activity where source_ref='svc-art'")" = 300 ]
check "virtual location has no coordinates" \
  [ "$(q "select is_virtual||'|'||coalesce(lat,'none') from activity where source_ref='svc-online'")" = "1|none" ]
check "languages from languages.csv" \
  [ "$(q "select languages from activity where source_ref='svc-peer'")" = "English,Spanish" ]
peer_id=$(q "select id from activity where source_ref='svc-peer'")
run "$BELONG" --db "$db" occurrences "$peer_id" --from 2026-12-01 --to 2027-01-31 --json
expect_out_has '"start": "2026-12-08T18:30:00-05:00"' "2TU: second Tuesday of December"
expect_out_has '"start": "2027-01-12T18:30:00-05:00"' "2TU: second Tuesday of January"
book_id=$(q "select id from activity where source_ref='svc-bookclub'")
run "$BELONG" --db "$db" occurrences "$book_id" --from 2026-12-01 --to 2027-01-31 --json
expect_out_has '"start": "2026-12-25T14:00:00-05:00"' "-1FR: last Friday of December"
expect_out_has '"start": "2027-01-29T14:00:00-05:00"' "-1FR: last Friday of January"
online_id=$(q "select id from activity where source_ref='svc-online'")
run "$BELONG" --db "$db" occurrences "$online_id" --from 2026-12-01 --to 2026-12-02 --json
expect_out_has '"start": "2026-12-01T09:00:00-05:00"' "opens_at 14:00Z becomes 09:00 in New York"

# ---- re-import: same counts, no duplicates; a removed service becomes inactive --------------------
digest_before=$(q 'select source_ref, name, active from activity order by source_ref' | sha256sum)
run "$BELONG" --db "$db" import hsds "$HSDS/ma-3.0/"
expect_status 0 "re-import succeeds"
check "re-import changes nothing" \
  [ "$(q 'select source_ref, name, active from activity order by source_ref' | sha256sum)" = "$digest_before" ]
check "re-import adds no organization or location rows" [ "$(orgloc_counts)" = "3 5" ]
check "re-import keeps the activities' organization and location rows" \
  [ "$(q 'select count(*) from activity where organization_id is null or location_id is null')" = 0 ]
check "re-import adds no occurrences twice" \
  [ "$(q 'select count(*) from (select activity_id, start_utc from occurrence group by 1, 2 having count(*) > 1)')" = 0 ]
fewer="$BELONG_TEST_TMP/ma-3.0-fewer"
cp -r "$HSDS/ma-3.0" "$fewer"
for f in "$fewer"/*.csv; do grep -v 'svc-walk' "$f" >"$f.tmp" && mv "$f.tmp" "$f"; done
run "$BELONG" --db "$db" import hsds "$fewer"
expect_status 0 "import of the same package from another folder, without one service"
expect_out_has "as source hsds:central-western-ma-community-activities" \
  "the summary names the source by datapackage.json's name"
expect_out_has "1 retired" "summary mentions the retired activity"
check "still nine activities (none deleted)" [ "$(q 'select count(*) from activity')" = 9 ]
check "the removed service is inactive" \
  [ "$(q "select active from activity where source_ref='svc-walk'")" = 0 ]

# ---- places without coordinates: at their ZIP code's centre, else their town's ----------------
nocoords="$BELONG_TEST_TMP/ma-3.0-nocoords"
cp -r "$HSDS/ma-3.0" "$nocoords"
sed -i 's/,42\.2718,-71\.8140$/,,/; s/,42\.2626,-71\.8023$/,,/' "$nocoords/locations.csv"
sed -i 's/,Worcester,,MA,01607-1234,US,/,Worcester,,Massachusetts,,US,/' "$nocoords/addresses.csv"
dbn="$BELONG_TEST_TMP/nocoords.db"
run "$BELONG" --db "$dbn" import hsds "$nocoords"
expect_status 0 "a package with places without coordinates imports"
qn() { sqlite3 "$dbn" "$1"; }
check "Elm Park (ZIP 01609) is at its ZIP code's centre" \
  [ "$(qn "select coords_from || ' ' || lat || ' ' || lon from location where source_ref = 'loc-elmpark'")" = \
    "zip $(grep '^01609,' "$BELONG_ROOT/data/zipcodes/us_zipcodes.csv" | cut -d, -f6,7 | tr , ' ')" ]
check "the garden (Worcester, Massachusetts, no ZIP) is at its town's centre" \
  [ "$(qn "select coords_from from location where source_ref = 'loc-garden'")" = town ]
check "a place with its own coordinates keeps them" \
  [ "$(qn "select coalesce(coords_from, 'source') || ' ' || lat from location where source_ref = 'loc-riverside'")" = "source 42.3251" ]
check "their listings carry the coordinates (searches read them there)" \
  [ "$(qn "select count(*) from activity a join location l on l.id = a.location_id where a.lat is not l.lat or a.lon is not l.lon")" = 0 ]
park=$(qn "select a.name from activity a join location l on l.id = a.location_id where l.source_ref = 'loc-elmpark' order by a.id limit 1")
run "$BELONG" --db "$dbn" search --town Worcester --within 3 --json
expect_out_has "\"name\": \"$park\"" "a search around the town finds the park's listing"
run "$BELONG" --db "$dbn" show "$(qn "select a.id from activity a join location l on l.id = a.location_id where l.source_ref = 'loc-garden' limit 1")"
expect_out_has "the centre of its town" "show says the garden is placed at its town's centre"

# ---- the official HSDS 3.0 example: latitude 100 is reported, nothing stored ------------------
before=$(db_digest "$db")
run "$BELONG" --db "$db" import hsds "$HSDS/hsds-3.0/examples-csv"
expect_status 65 "official example is refused"
expect_err_has "locations.csv:2: latitude: 100 is outside [-90, 90]" "names locations.csv, line and latitude"
check "database unchanged after the refused example" [ "$(db_digest "$db")" = "$before" ]
run "$BELONG" --db "$db" import hsds "$HSDS/hsds-3.0/examples-csv" --lenient
expect_status 0 "--lenient imports the rest of the example"
expect_err_has "locations.csv:2: latitude" "--lenient still lists the reject"
check "the example's service is stored without coordinates" \
  [ "$(q "select count(*) from activity where source_ref='ac148810-d857-441c-9679-408f346de14b' and lat is null")" = 1 ]

# ---- HSDS 3.0 JSON ----------------------------------------------------------------------------
jdb="$BELONG_TEST_TMP/json.db"
run "$BELONG" --db "$jdb" import hsds "$HSDS/hsds-3.0/service_full.json"
expect_status 65 "service_full.json is refused (latitude 100)"
expect_err_has "service_full.json: service_at_locations[0].location.latitude: 100 is outside" \
  "JSON problems are named by path"
check "nothing written for refused JSON" [ "$(db_digest "$jdb")" = absent ]
run "$BELONG" --db "$jdb" import hsds "$HSDS/hsds-3.0/service_full.json" --lenient
expect_status 0 "service_full.json --lenient"
check "its service is stored with organisation and languages (Polish from its interpretation_services)" \
  [ "$(sqlite3 "$jdb" "select organization||'|'||languages from $LISTING")" = "Example Organization Inc.|Urdu,Polish" ]

# ---- HSDS 2.x: regular_schedules.csv and holiday_schedules.csv --------------------------------
db2="$BELONG_TEST_TMP/v2.db"
run "$BELONG" --db "$db2" import hsds "$HSDS/ma-2.x"
expect_status 0 "2.x package imports"
expect_out_has "imported 2 activities" "2.x summary"
lunch=$(sqlite3 "$db2" "select id from activity where source_ref='svc-1'")
run "$BELONG" --db "$db2" occurrences "$lunch" --from 2026-12-21 --to 2026-12-29 --json
expect_out_has '"start": "2026-12-21T11:30:00-05:00"' "weekday 1 is Monday"
expect_out_has '"start": "2026-12-28T11:30:00-05:00"' "next Monday too"
case "$out" in *2026-12-24T*) _report 1 "holiday closes Thursday 24 December" "$out" ;;
  *) _report 0 "holiday closes Thursday 24 December" ;; esac
check "belong terms from a 2.x vocabulary" \
  [ "$(sqlite3 "$db2" "select category||'|'||intensity||'|'||peer_run from activity where source_ref='svc-1'")" = "clubhouse-dropin|3|1" ]
choir=$(sqlite3 "$db2" "select id from activity where source_ref='svc-2'")
run "$BELONG" --db "$db2" occurrences "$choir" --from 2026-12-26 --to 2026-12-27 --json
expect_out_has '"start": "2026-12-26T13:00:00-05:00"' "special holiday hours replace the usual ones"
case "$out" in *T10:00:00*) _report 1 "usual Saturday hours excluded on the holiday" "$out" ;;
  *) _report 0 "usual Saturday hours excluded on the holiday" ;; esac

# HSDS 2.0 names the service-term links service_attributes.csv, keyed by taxonomy_term_id.
v20="$BELONG_TEST_TMP/ma-2.0"
cp -r "$HSDS/ma-2.x" "$v20"
sed '1s/taxonomy_id/taxonomy_term_id/' "$v20/service_taxonomy.csv" >"$v20/service_attributes.csv"
rm "$v20/service_taxonomy.csv"
run "$BELONG" --db "$BELONG_TEST_TMP/v20.db" import hsds "$v20"
expect_status 0 "2.0 package with service_attributes.csv imports"
check "belong terms linked by service_attributes.csv (taxonomy_term_id)" \
  [ "$(sqlite3 "$BELONG_TEST_TMP/v20.db" "select category||'|'||intensity||'|'||peer_run from activity where source_ref='svc-1'")" = "clubhouse-dropin|3|1" ]

# ---- one fixture per bad-input case --------------------------------------------------------------
for dir in "$HSDS"/bad-*/; do
  name=$(basename "$dir")
  path=${dir%/}
  [ -f "$path/services.csv" ] || [ -f "$path/datapackage.json" ] || path=$(ls "$path"/*.json)
  expected=$(cat "$dir/expected.txt")
  before=$(db_digest "$db")
  run "$BELONG" --db "$db" import hsds "$path"
  expect_status 65 "$name: exit status 65"
  expect_err_has "$expected" "$name: message"
  check "$name: database unchanged" [ "$(db_digest "$db")" = "$before" ]
done

# ---- --lenient imports the good rows ---------------------------------------------------------------
ldb="$BELONG_TEST_TMP/lenient.db"
run "$BELONG" --db "$ldb" import hsds "$HSDS/bad-missing-name" --lenient
expect_status 0 "--lenient exits 0"
expect_err_has "services.csv:3: name: missing" "--lenient lists the reject"
expect_out_has "imported 1 activity," "--lenient imports the valid service"
check "only the valid service is stored" [ "$(sqlite3 "$ldb" 'select source_ref from activity')" = svc-1 ]

before=$(db_digest "$ldb")
run "$BELONG" --db "$ldb" import hsds "$HSDS/bad-quote" --lenient
expect_status 65 "--lenient refuses a file that breaks off (it would retire the rest)"
expect_err_has "cannot be read whole" "says why"
check "broken file: database unchanged" [ "$(db_digest "$ldb")" = "$before" ]
run "$BELONG" --db "$ldb" import hsds "$HSDS/bad-json/services.json" --lenient
expect_status 65 "--lenient still refuses a source with nothing valid"
check "nothing valid: database unchanged" [ "$(db_digest "$ldb")" = "$before" ]

# ---- the summary stays in sight: stdout, while the rejected rows go to stderr or --rejects ----
rdb="$BELONG_TEST_TMP/rejects.db"
"$BELONG" --db "$rdb" import hsds "$HSDS/bad-missing-name" --lenient \
  >"$BELONG_TEST_TMP/summary.txt" 2>"$BELONG_TEST_TMP/rejects.txt"
check "--lenient 2>rejects.txt: the summary is still shown (stdout)" \
  grep -q "imported 1 activity, .* rejected in" "$BELONG_TEST_TMP/summary.txt"
check "--lenient 2>rejects.txt: the rejected row is in the file" \
  grep -q "services.csv:3: name: missing" "$BELONG_TEST_TMP/rejects.txt"
rm -f "$rdb"
run "$BELONG" --db "$rdb" import hsds "$HSDS/bad-missing-name" --lenient \
  --rejects "$BELONG_TEST_TMP/rejects-file.txt"
expect_status 0 "--rejects FILE with --lenient"
expect_out_has "rejected rows listed in $BELONG_TEST_TMP/rejects-file.txt" "the summary says where the rejects are"
check "--rejects: nothing on stderr" [ -z "$err" ]
check "--rejects: the file lists the rejected row" \
  grep -q "services.csv:3: name: missing (required)" "$BELONG_TEST_TMP/rejects-file.txt"
before=$(db_digest "$rdb")
run "$BELONG" --db "$rdb" import hsds "$HSDS/bad-missing-name" --rejects "$BELONG_TEST_TMP/rejects-file.txt"
expect_status 65 "--rejects without --lenient still refuses the source"
expect_err_has "listed in $BELONG_TEST_TMP/rejects-file.txt; nothing was imported" "the refusal points at the file"
check "refused with --rejects: database unchanged" [ "$(db_digest "$rdb")" = "$before" ]
run "$BELONG" --db "$rdb" import hsds "$HSDS/ma-3.0" --rejects "$BELONG_TEST_TMP/no-such-dir/r.txt"
expect_status 74 "--rejects into a folder that does not exist: I/O error"
expect_err_has "--rejects $BELONG_TEST_TMP/no-such-dir/r.txt: cannot write" "says which file"
check "nothing imported when --rejects cannot be written" [ "$(db_digest "$rdb")" = "$before" ]

# ---- datapackage.json: its resources' paths, its name names the source -----------------------------
pdb="$BELONG_TEST_TMP/package.db"
run "$BELONG" --db "$pdb" import hsds "$HSDS/variant-datapackage"
expect_status 0 "a package whose datapackage.json lists its CSVs under data/ imports"
expect_out_has "imported 2 activities" "both services of the file its 'service' resource names"
expect_out_has "as source hsds:hampden-county-211" "the summary names the source by the package's name"
check "the source is stored under the package's name" \
  [ "$(sqlite3 "$pdb" 'select name from source')" = "hsds:hampden-county-211" ]
check "data/locations.csv and data/addresses.csv give the place" \
  [ "$(sqlite3 "$pdb" "select group_concat(town || ' ' || zip, '|') from $LISTING")" = "Springfield 01103|Springfield 01103" ]
check "the 'taxonomy' resource is taxonomies.csv (by its path): a belong term is read" \
  [ "$(sqlite3 "$pdb" "select intensity from activity where source_ref = 'svc-woodshop'")" = 1 ]
check "data/schedules.csv gives the times" \
  [ "$(sqlite3 "$pdb" "select s.rrule from schedule s join activity a on a.id = s.activity_id where a.source_ref = 'svc-repair'")" = "FREQ=WEEKLY;BYDAY=SA" ]
moved="$BELONG_TEST_TMP/downloads/export-2026-12"
mkdir -p "$moved" && cp -r "$HSDS/variant-datapackage/." "$moved"
run "$BELONG" --db "$pdb" import hsds "$moved"
expect_status 0 "the same export imported from another folder"
check "it updates the source: no listing duplicated" \
  [ "$(sqlite3 "$pdb" "select count(*) || ' ' || count(DISTINCT source_id) from activity")|$(sqlite3 "$pdb" 'select count(*) from source')" = "2 1|1" ]
run "$BELONG" --db "$pdb" import hsds "$moved" --source hsds:test-override
expect_status 0 "--source still names the source"
check "--source overrides the package's name" \
  [ "$(sqlite3 "$pdb" "select count(*) from source where name = 'hsds:test-override'")" = 1 ]

# A folder without a package name is named by the folder's name (not its path).
folder="$BELONG_TEST_TMP/elsewhere/ma-2.x-export"
mkdir -p "$folder" && cp -r "$HSDS/ma-2.x/." "$folder"
fdb="$BELONG_TEST_TMP/folder.db"
run "$BELONG" --db "$fdb" import hsds "$folder/"
expect_out_has "as source hsds:ma-2.x-export" "without a package name, the folder's name names the source"
# A database whose source was named by the old rule (hsds:ABSOLUTE-PATH) keeps its listings.
ldb2="$BELONG_TEST_TMP/legacy.db"
run "$BELONG" --db "$ldb2" import hsds "$folder" --source "hsds:$folder"
ids_before=$(sqlite3 "$ldb2" 'select group_concat(id) from activity')
run "$BELONG" --db "$ldb2" import hsds "$folder"
expect_status 0 "re-import of a source named by its path under the old rule"
expect_out_has "as source hsds:ma-2.x-export (renamed from hsds:$folder)" "the summary says the source was renamed"
check "the old source's listings are updated, not duplicated" \
  [ "$(sqlite3 "$ldb2" 'select group_concat(id) from activity')|$(sqlite3 "$ldb2" 'select group_concat(name) from source')" = "$ids_before|hsds:ma-2.x-export" ]

# Two different directories downloaded into folders of the same name do not replace each other.
mkdir -p "$BELONG_TEST_TMP/town-a/export" "$BELONG_TEST_TMP/town-b/export"
cp -r "$HSDS/ma-2.x/." "$BELONG_TEST_TMP/town-a/export"
cp -r "$HSDS/variant-taxonomy-id/." "$BELONG_TEST_TMP/town-b/export"
cdb="$BELONG_TEST_TMP/same-folder-name.db"
run "$BELONG" --db "$cdb" import hsds "$BELONG_TEST_TMP/town-a/export"
expect_out_has "as source hsds:export" "the first directory is named by its folder"
before=$(db_digest "$cdb")
run "$BELONG" --db "$cdb" import hsds "$BELONG_TEST_TMP/town-b/export"
expect_status 65 "another directory in a folder of the same name is refused"
expect_err_has "names none of the source's 2 listings and would retire them all" "says why"
expect_err_has "Name it with --source NAME" "says what to do"
check "the first directory's listings are untouched" [ "$(db_digest "$cdb")" = "$before" ]
run "$BELONG" --db "$cdb" import hsds "$BELONG_TEST_TMP/town-b/export" --source hsds:town-b
expect_status 0 "named with --source, it imports beside the first"
check "both directories' listings are active" \
  [ "$(sqlite3 "$cdb" 'select count(*) from activity where active = 1')" = 4 ]

# ---- real-world variants: one fixture each (tests/fixtures/hsds/variant-*) -----------------------
# A 1.x package whose taxonomy.csv is keyed by taxonomy_id, with optional columns (closes_at,
# phones' id) missing: read, not "cannot be read whole".
vdb="$BELONG_TEST_TMP/variant-taxonomy.db"
run "$BELONG" --db "$vdb" import hsds "$HSDS/variant-taxonomy-id"
expect_status 0 "taxonomy.csv keyed by taxonomy_id imports"
expect_out_has "imported 2 activities" "both services"
check "belong terms found through taxonomy_id: category and intensity" \
  [ "$(sqlite3 "$vdb" "select category || '|' || intensity from activity where source_ref = 'svc-drum'")" = "music|2" ]
check "another vocabulary's term found through taxonomy_id guides the category" \
  [ "$(sqlite3 "$vdb" "select category from activity where source_ref = 'svc-read'")" = books-learning ]
check "headers in another case (ID, Name) are read" \
  [ "$(sqlite3 "$vdb" "select group_concat(DISTINCT organization) from $LISTING")" = "Quinsigamond Arts Collective" ]
check "phones.csv without an id column is still read" \
  [ "$(sqlite3 "$vdb" "select phone from activity where source_ref = 'svc-drum'")" = 508-555-0101 ]
run "$BELONG" --db "$vdb" occurrences "$(sqlite3 "$vdb" "select id from activity where source_ref = 'svc-drum'")" \
  --from 2026-12-01 --to 2026-12-02 --json
expect_out_has '"start": "2026-12-01T18:30:00-05:00"' "a schedule without closes_at (optional column absent) is read"
run "$BELONG" --db "$vdb" import hsds "$HSDS/bad-no-id-column" --lenient
expect_status 0 "--lenient: a file without its key column is left out, the rest imported"
expect_err_has "organizations.csv:1: id: no id column" "--lenient says which file was left out, once"
case "$err" in *"cannot be read whole"*) _report 1 "not called a broken download" "$err" ;;
  *) _report 0 "not called a broken download" ;; esac

# Accessibility, cost and language words as directories write them (data/*.tsv).
wdb="$BELONG_TEST_TMP/variant-words.db"
run "$BELONG" --db "$wdb" import hsds "$HSDS/variant-words"
expect_status 0 "accessibility, fee and language words import"
words_of() { sqlite3 "$wdb" "select access || '|' || coalesce(cost_cents, 'unknown') || '|' || coalesce(languages, '') from activity where source_ref = '$1'"; }
check "'Handicap accessible', fees 'None.', languages 'es' and 'English'" \
  [ "$(words_of svc-garden)" = "1|0|Spanish,English" ]
check "'Not wheelchair accessible' is not wheelchair; 'ASL interpreter' is asl; 'Sliding scale' is not free" \
  [ "$(words_of svc-pottery)" = "2|unknown|" ]
check "HSDS 1.1 enumerations (ramp), 'Sensory-friendly'; fees 'Donation' is free" \
  [ "$(words_of svc-mic)" = "5|0|" ]
check "'ADA accessible'; fees '\$5'; 'Español; Kreyol' as two languages by name" \
  [ "$(words_of svc-yoga)" = "1|500|Spanish,Haitian Creole" ]
check "'Free for members; sliding scale for others' is not promised free" \
  [ "$(words_of svc-knit)" = "5|unknown|" ]
check "cost option 'No cost' is free; language 'ASL' gives asl access; an unknown language is kept" \
  [ "$(words_of svc-chess)" = "7|0|American Sign Language,Klingon" ]
run "$BELONG" --db "$wdb" search --near 42.0040,-71.5150 --within 5 --access wheelchair --free --json
expect_out_has '"name": "Garden Work Shift"' "search --access wheelchair --free finds the 'Handicap accessible', 'None.' listing"
case "$out" in *'"name": "Pottery Night"'*) _report 1 "search --access wheelchair leaves out 'Not wheelchair accessible'" "$out" ;;
  *) _report 0 "search --access wheelchair leaves out 'Not wheelchair accessible'" ;; esac

# An Ohana-era export: services.location_id, the address, phones, accessibility and languages
# on the location, the organisation through the location.
odb="$BELONG_TEST_TMP/variant-ohana.db"
run "$BELONG" --db "$odb" import hsds "$HSDS/variant-ohana"
expect_status 65 "Ohana-era export with a service whose location is unknown is refused by default"
expect_err_has "services.csv:4: location_id: unknown location '12'" "the unknown location is named by the service's line"
run "$BELONG" --db "$odb" import hsds "$HSDS/variant-ohana" --lenient
expect_status 0 "Ohana-era export --lenient"
expect_out_has "imported 3 activities" "every service is a listing (the orphan without a place)"
ohana_of() { sqlite3 "$odb" "select coalesce(organization, '') || '|' || coalesce(town, '') || '|' || coalesce(zip, '') || '|' || coalesce(lat, '') || '|' || access || '|' || coalesce(cost_cents, 'unknown') || '|' || coalesce(languages, '') || '|' || coalesce(phone, '') || '|' || coalesce(url, '') from $LISTING where source_ref = '$1'"; }
check "a service gets its location's place, organisation, phone (not its fax), accessibility and languages" \
  [ "$(ohana_of 1)" = "Merrimack Valley Senior Services|Lowell|01854|42.6391|9|0|Spanish,Khmer|978 555-0170|https://example.org/cards" ]
check "the second service is at the other location; its own languages column is read" \
  [ "$(ohana_of 2)" = "Merrimack Valley Senior Services|Lawrence|01840|42.707|0|unknown|English||" ]
check "taxonomy_ids name taxonomy.csv terms (keyed by taxonomy_id) that guide the category" \
  [ "$(sqlite3 "$odb" "select category from activity where source_ref = '2'")" = arts-crafts ]
check "a service whose location is unknown is kept without a place" \
  [ "$(ohana_of 3)" = "||||0|unknown|||" ]

# HSDS 3.0 JSON shapes: an API page of service_at_location objects, an organization with services.
sdb="$BELONG_TEST_TMP/variant-json.db"
run "$BELONG" --db "$sdb" import hsds "$HSDS/variant-json-shapes/service-at-locations-page.json"
expect_status 0 "a page of service_at_location objects imports"
expect_out_has "imported 3 activities" "one listing per service and place"
sal_of() { sqlite3 "$sdb" "select coalesce(organization, '') || '|' || location_name || '|' || coalesce(town, '') || '|' || access || '|' || coalesce(cost_cents, 'unknown') || '|' || (select group_concat(rrule) from schedule s where s.activity_id = a.id) from $LISTING a where source_ref = '$1'"; }
check "a service listed at two places is read once: two listings, each with its place's schedule" \
  [ "$(sal_of svc-walk)/$(sal_of svc-walk@loc-green)" = "Worcester Walkers|Elm Park|Worcester|1|unknown|FREQ=WEEKLY;BYDAY=TU/Worcester Walkers|Green Hill Park||0|unknown|FREQ=WEEKLY;BYDAY=TH" ]
check "the service of a service_at_location brings its cost options and languages (a code alone: its name)" \
  [ "$(sqlite3 "$sdb" "select cost_cents || '|' || languages from activity where source_ref = 'svc-chess'")" = "0|Spanish,English" ]
run "$BELONG" --db "$sdb" import hsds "$HSDS/variant-json-shapes/organization.json"
expect_status 0 "an organization with its services imports"
check "the organization's services are its listings" \
  [ "$(sqlite3 "$sdb" "select organization || '|' || location_name from $LISTING where source_ref = 'svc-choir'")" = "Valley Community Choir|First Church hall" ]

# ---- the same command imports iCalendar ---------------------------------------------------------
idb="$BELONG_TEST_TMP/ical.db"
run "$BELONG" --db "$idb" import ical "$FIXTURES/ical/good-recurring.ics"
expect_status 0 "import ical"
n_ical=$(sqlite3 "$idb" 'select count(*) from activity')
expect_out_has "imported $n_ical activities" "ical summary counts what was stored"
check "ical activities stored" [ "$n_ical" -gt 0 ]
check "ical source named kind:absolute path" \
  [ "$(sqlite3 "$idb" 'select name from source')" = "ical:$FIXTURES/ical/good-recurring.ics" ]
before=$(db_digest "$idb")
run "$BELONG" --db "$idb" import ical "$FIXTURES/ical/bad-rrule.ics"
expect_status 65 "bad iCalendar refused"
expect_err_has "bad-rrule.ics:8: RRULE:" "ical problem named by file:line"
check "bad iCalendar: database unchanged" [ "$(db_digest "$idb")" = "$before" ]

# ---- a package larger than an import holds in memory: its rows and records staged on disk --------
big="$BELONG_TEST_TMP/big-hsds"
"$BELONG" gen --activities 5000 --seed 3 --hsds "$big" >/dev/null 2>&1
bdb="$BELONG_TEST_TMP/big.db"
run "$BELONG" --db "$bdb" import hsds "$big"
expect_status 0 "a 5000-service package imports"
expect_out_has "imported 5000 activities" "every service of the large package is a listing"
check "the large package's listings have their places, organisations and dates" \
  [ "$(sqlite3 "$bdb" "select count(*) from $LISTING where town is not null and organization is not null and times_listed = 1")" = 5000 ]
check "the large package's occurrences are stored" \
  [ "$(sqlite3 "$bdb" 'select count(distinct activity_id) from occurrence')" = 5000 ]
last=$(tail -n 1 "$big/services.csv" | cut -d, -f1)
cp -r "$big" "$BELONG_TEST_TMP/big-bad"
printf 'bad-sched,%s,,,,,2026-11-04,,,,,FORTNIGHTLY,,WE,,,,,19:00,22:00,,,\n' "$last" \
  >>"$BELONG_TEST_TMP/big-bad/schedules.csv"
line=$(wc -l <"$BELONG_TEST_TMP/big-bad/schedules.csv")
before=$(db_digest "$bdb")
run "$BELONG" --db "$bdb" import hsds "$BELONG_TEST_TMP/big-bad" --source hsds:big
expect_status 65 "a bad row at the end of a large package refuses it"
expect_err_has "big-bad/schedules.csv:$line: freq: 'FORTNIGHTLY' is not one of" \
  "the large package's bad row is named by file, line and field"
check "the refused large package wrote nothing" [ "$(db_digest "$bdb")" = "$before" ]
run "$BELONG" --db "$bdb" import hsds "$BELONG_TEST_TMP/big-bad" --source hsds:big --lenient
expect_status 0 "--lenient imports the large package's valid rows"
expect_out_has "imported 5000 activities" "a bad schedule row leaves its service, without those times"
expect_out_has "1 rejected" "--lenient counts the large package's bad row"

# ---- usage and missing input ----------------------------------------------------------------------
run "$BELONG" --db "$db" import hsds "$BELONG_TEST_TMP/no-such-folder"
expect_status 66 "missing path exits 66"
run "$BELONG" --db "$db" import csv "$HSDS/ma-3.0"
expect_status 64 "unknown kind is a usage error"
run "$BELONG" import --help
expect_status 0 "--help"
expect_out_has "belong import hsds ./directory-export/" "--help shows examples"
expect_out_has "belong import PATH" "--help shows the kind may be left out"

# ---- the kind told from the path (formats/format.c's table) --------------------------------------
adb="$BELONG_TEST_TMP/detect.db"
run "$BELONG" --db "$adb" import "$HSDS/ma-3.0"
expect_status 0 "a folder without a kind is read as HSDS"
expect_out_has "as source hsds:central-western-ma-community-activities" "  and named as with hsds"
run "$BELONG" --db "$adb" import "$FIXTURES/ical/good-outlook.ics"
expect_status 0 "a calendar without a kind is read as iCalendar"
expect_out_has "as source ical:" "  and named as with ical"
check "both sources are stored with their kinds" \
  [ "$(sqlite3 "$adb" "select group_concat(kind, ',') from (select kind from source order by kind)")" = "hsds,ical" ]
printf 'id,name\n1,Garden\n' >"$BELONG_TEST_TMP/notes.txt"
before=$(db_digest "$adb")
run "$BELONG" --db "$adb" import "$BELONG_TEST_TMP/notes.txt"
expect_status 65 "a file in no format belong reads is refused"
expect_err_has "notes.txt: not a source belong can read" "  naming the file"
expect_err_has "belong import ical" "  and the formats it can read"
check "  nothing written" [ "$(db_digest "$adb")" = "$before" ]
run "$BELONG" --db "$adb" import "$HSDS/bad-quote"
expect_status 65 "a file that breaks off is refused without --lenient too"
expect_err_has "bad-quote/services.csv cannot be read whole (the message above says why); nothing was imported, even with --lenient (fix or download it again)" \
  "  with the one message, naming the file"

finish
