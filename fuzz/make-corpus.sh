#!/usr/bin/env bash
# make-corpus.sh — rebuilds the seed corpora in fuzz/corpus/NAME/ from tests/fixtures, one
# folder per harness. HSDS CSV packages are joined into one input, a NUL byte between files,
# in the order fuzz_hsds_csv.c reads them; a schedule seed is its fields joined the same way.
# usage: bash fuzz/make-corpus.sh   (from anywhere; rewrites fuzz/corpus)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fx="$root/tests/fixtures"
out="$root/fuzz/corpus"
rm -rf "$out"
mkdir -p "$out"/{csv,csv_published,hsds_csv,hsds_json,ical,schedule,peer_json,fields,fts_query,places,measures,zip}

# The files of a package, in fuzz_hsds_csv.c's order.
files=(services.csv organizations.csv locations.csv service_at_location.csv schedules.csv
  addresses.csv regular_schedules.csv holiday_schedules.csv cost_options.csv accessibility.csv
  languages.csv phones.csv taxonomy_terms.csv taxonomies.csv attributes.csv)

join_package() { # $1: folder; writes the joined package to stdout
  local dir=$1 first=1 f
  for f in "${files[@]}"; do
    [ $first -eq 1 ] || printf '\0'
    first=0
    case $f in
      service_at_location.csv) [ -f "$dir/$f" ] || f=services_at_location.csv ;;
      addresses.csv) [ -f "$dir/$f" ] || f=physical_addresses.csv ;;
      accessibility.csv) [ -f "$dir/$f" ] || f=accessibility_for_disabilities.csv ;;
      taxonomy_terms.csv) [ -f "$dir/$f" ] || f=taxonomy.csv ;;
      attributes.csv) [ -f "$dir/$f" ] || f=service_taxonomy.csv ;;
    esac
    if [ -f "$dir/$f" ]; then cat "$dir/$f"; fi
  done
}

for d in "$fx"/hsds/*/; do
  name=$(basename "$d")
  if compgen -G "$d*.csv" >/dev/null; then
    join_package "$d" >"$out/hsds_csv/$name"
    case $name in ma-* | bad-quote | bad-utf8)
      for f in "$d"*.csv; do
        cp "$f" "$out/csv/$name-$(basename "$f")"
      done ;;
    esac
    # Files as published and saved again: encodings, separators, titled headers.
    case $name in excel-* | utf16-* | bad-utf* | bad-nul | places-as-written | hsds-1x-names | ma-3.0)
      for f in "$d"*.csv; do
        cp "$f" "$out/csv_published/$name-$(basename "$f")"
      done ;;
    esac
  fi
  for f in "$d"*.json; do
    if [ -f "$f" ] && [ "$(basename "$f")" != datapackage.json ]; then
      cp "$f" "$out/hsds_json/$name.json"
    fi
  done
done
cp "$fx"/ical/*.ics "$out/ical/"
# The hostile corpus: VTIMEZONEs with sub-daily and runaway rules, floods, cut-off files.
for f in "$fx"/hostile/*.ics; do cp "$f" "$out/ical/hostile-$(basename "$f")"; done
cp "$fx"/peers/*.json "$out/peer_json/"
# Zipped packages, good and hostile, as the zip tests make them (tests/cli/make_zips.py).
zips=$(mktemp -d)
python3 "$root/tests/cli/make_zips.py" "$fx" "$zips"
for z in ma-3.0 json-export bad-holiday slip absolute symlink device encrypted liar cut empty; do
  cp "$zips/$z.zip" "$out/zip/$z"
done
rm -rf "$zips"
# Findings kept as seeds: their regression cases are in tests/cli/test-import-zip.sh.
for f in "$fx"/zip/*.zip; do cp "$f" "$out/zip/$(basename "$f" .zip)"; done

seed() { # $1: corpus, $2: name, rest: parts joined with NUL bytes
  local corpus=$1 name=$2 first=1 part
  shift 2
  for part in "$@"; do
    [ $first -eq 1 ] || printf '\0'
    first=0
    printf '%s' "$part"
  done >"$out/$corpus/$name"
}
# schedule: DTSTART, RRULE, RDATE, EXDATE, valid_from, valid_to, TZID, duration, VTIMEZONE
seed schedule weekly 20261103T180000 'FREQ=WEEKLY;BYDAY=TU' '' '' '' '' America/New_York 5400
seed schedule monthly 20261110T100000 'FREQ=MONTHLY;BYDAY=2TU;COUNT=12' 20261201T100000 \
  20261208T100000 2026-11-01 2027-06-30 '' 3600
seed schedule allday 20261225 'FREQ=YEARLY' '' '' '' '' '' 86400
seed schedule rdate-periods 20261203T100000 '' '20261210T140000/PT2H30M,20261217T100000/P1DT3H' \
  '' '' '' America/New_York 3600
seed schedule last-friday 20261127T190000 'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T235959Z' \
  '' 20261225T190000 '' '' America/Chicago 7200
vtz=$(awk '/BEGIN:VTIMEZONE/,/END:VTIMEZONE/' "$fx/ical/good-outlook.ics")
seed schedule outlook 20261105T183000 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH' '' '' '' '' \
  'Eastern Standard Time' 3600 "$vtz"

seed fields window 'TU 18:00-21:00' 'MO,WE 09:30-24:00' '2026-12-24..2027-01-02' America/New_York
seed fields peer '01602' 'walk,transit' '$7.50' 'wheelchair,asl' Europe/London
seed fields clock '18:30:15+01:00' '2026-02-28' '-0500' UTC
seed fields address '12 Elm Street' 'Worcester, MA' 'nature,helping others' '3'

# Findings kept as seeds (their regression tests are in tests/unit; docs/fuzzing.md).
seed schedule never-9th 20261105T180000 'FREQ=MONTHLY;BYDAY=9TH'
printf 'id,name,status\ns1,Test,active\n\0\0\0\0%s\n%s\n' \
  id,service_id,freq,byday,dtstart,opens_at,closes_at,timezone \
  sc1,s1,WEEKLY,TU,2026-11-03,18:00,19:00,nan >"$out/hsds_csv/timezone-nan"

# csv_published: UTF-16BE with its mark, titled headers and ';'; tabs in UTF-16LE without one.
{ printf '\376\377'; printf 'Service ID;Service Name\r\n1; "Caf\303\251, \342\202\254" \r\n' |
  iconv -f UTF-8 -t UTF-16BE; } >"$out/csv_published/utf16be-bom-titled"
printf 'id\tname\n1\t\360\237\245\237\n' | iconv -f UTF-8 -t UTF-16LE >"$out/csv_published/utf16le-tabs"

printf 'garden' >"$out/fts_query/word"
printf 'arts & crafts "knitting" OR NOT NEAR(a b) -x* col:val' >"$out/fts_query/operators"
printf 'caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d' >"$out/fts_query/utf8"

printf '01602' >"$out/places/zip"
printf '01602-1234' >"$out/places/zip4"
printf 'Worcester' >"$out/places/town"
printf 'springfield  il' >"$out/places/town-state"
printf 'Worcester, MA' >"$out/places/town-comma"
# measures: the first byte picks the instrument (0 ucla3, 1 lsns6, 2 djg6, 3 ons4, 4 checkin)
printf '\0002,3,1' >"$out/measures/ucla3-ok"
printf '\0001,4,1' >"$out/measures/ucla3-bad"
printf '\0012,2,1,2,2,2' >"$out/measures/lsns6-ok"
printf '\002yes,more or less,no,-,,yes' >"$out/measures/djg6-missing"
printf '\002-,no,no,yes,-,yes' >"$out/measures/djg6-two-missing"
printf '\003not at all,Completely,4,10' >"$out/measures/ons4-labels"
printf '\004very connected' >"$out/measures/checkin"
printf '\000<script>&"'"'"'\033' >"$out/measures/hostile"
echo "seed corpora written to $out"
