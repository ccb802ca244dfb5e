#!/bin/bash
# compare-outputs.sh OLD NEW [DIR] — runs two belong binaries on the demo catalogue and compares
# stdout, stderr and exit status: show --json of every listing, occurrences, every demo peer's
# recommend (text and --json), explain, peer show/list, 300 searches with varied options, refusals,
# then write commands (activity set, peer add/edit/archive, choices, export, refresh) on two
# copies of the database. Prints "N compared, M differ" for each part (issue 10's proof).
set -u
OLD=$(realpath "$1") NEW=$(realpath "$2") DIR=${3:-$(mktemp -d)}
mkdir -p "$DIR" && cd "$DIR" || exit 66
export BELONG_NOW=2026-12-01T09:00 BELONG_CPS=demo
rm -f demo.db*; $OLD demo --db demo.db >/dev/null 2>&1 || exit 1
export BELONG_DB=$PWD/demo.db
n=0; bad=0
run() {
  n=$((n+1))
  o=$("$OLD" "$@" 2>./e1; echo "rc=$?"); e1=$(cat ./e1)
  w=$("$NEW" "$@" 2>./e2; echo "rc=$?"); e2=$(cat ./e2)
  if [ "$o" != "$w" ] || [ "$e1" != "$e2" ]; then bad=$((bad+1)); echo "DIFF: $*"; fi
}
ids=$($OLD search --limit 500 --from 2026-12-01 --to 2027-03-01 --json | grep '"id"' | grep -o '[0-9]*')
for id in $ids; do run show $id --json; done
for id in $(echo $ids | tr ' ' '\n' | head -40); do run show $id; run occurrences $id --from 2026-12-01 --to 2027-06-30 --json; run occurrences $id; done
for cps in demo demo2; do
  pids=$(BELONG_CPS=$cps $OLD peer list --json | grep '"id"' | grep -o '[0-9]*')
  for p in $pids; do
    run recommend $p --json --cps $cps; run recommend $p --cps $cps; run peer show $p --json --cps $cps; run peer show $p --cps $cps
    run recommend $p --explain 5 --json --cps $cps
  done
  run peer list --cps $cps; run peer list --json --archived --cps $cps
done
words=(garden book music art walk yoga support group "book club" cook knit chess church library park run)
towns=(Worcester Lowell Springfield Boston Cambridge Salem Quincy "Springfield, MA" Nowhere)
zips=(01610 01608 02139 01852 99999)
i=0
while [ $i -lt 300 ]; do
  w=${words[$((i % ${#words[@]}))]}; t=${towns[$((i % ${#towns[@]}))]}; z=${zips[$((i % ${#zips[@]}))]}
  case $((i % 10)) in
    0) run search "$w" --json;;
    1) run search --town "$t" --within $((i % 25 + 1)) --json;;
    2) run search "$w" --zip $z --days TU,TH --after 17:00 --json;;
    3) run search --town "$t" --free --access wheelchair --intensity-max $((i % 5 + 1)) --json;;
    4) run search --category gardening-nature --zip $z --limit $((i % 30 + 1)) --json;;
    5) run search "$w" --from 2026-12-0$((i % 9 + 1)) --to 2027-01-15 --json;;
    6) run search --near 42.26,-71.80 --within 5 --before 12:00 --max-cost $((i % 20)) --json;;
    7) run search "$w" --town "$t";;
    8) run search --days weekend --json --from 2027-06-01 --to 2027-06-30;;
    9) run search "${w:0:3}" --category books-learning,arts-crafts --json;;
  esac
  i=$((i+1))
done
# Errors and refusals
run search --category nope; run search --zip 00000; run show 999999; run occurrences 999999
run recommend 999 --cps demo; run peer show 999; run export ical --peer 999; run search --town Nowhere
run export ical --peer 1 --cps demo
echo "$n compared, $bad differ"
n=0; bad=0
cp demo.db w1.db; cp demo.db w2.db; rm -f w1.db-* w2.db-*
both() {
  n=$((n+1))
  o=$("$OLD" --db w1.db "$@" 2>&1; echo "rc=$?")
  w=$("$NEW" --db w2.db "$@" 2>&1; echo "rc=$?")
  if [ "$o" != "$w" ]; then bad=$((bad+1)); echo "DIFF: $*"; diff <(echo "$o") <(echo "$w") | head -6; fi
}
both activity set 3 --intensity 2 --access wheelchair,quiet --cost 7.50 --peer-run yes --tags "Plants, outdoors"
both activity set 3 --category nope
both activity set 3 --intensity 9
both activity set 999999 --intensity 2
both activity set 3
both activity set 4 --group-size 12 --drop-in no --virtual yes --languages English,Spanish --substance-free no
both show 3 --json
both show 4 --json
both peer add --name "Test Person" --home 01610 --interest "chess" --available "TU 18:00-20:00" --budget 10 --virtual yes
both peer add --name "Bad" --home "12 Elm Street"
both peer add --name "Other" --cps other
both peer edit 1 --comfort 2 --tags music,art
both peer edit 1 --comfort 9
both peer edit 999 --comfort 2
both peer show 1 --json
both recommend 1 --choose 3 --note "with Maria"
both recommend 1 --decline 4
both recommend 1 --choose 999999
both recommend 999 --choose 3
both export ical --peer 1
both peer archive 2
both recommend 2 --choose 3
both peer archive 2 --restore
both peer list --json --archived
both refresh --horizon 90
both search garden --json
echo '{"name":"J","pronouns":"she/her","nickname":"x"}' > ./bad.json
both peer add --json ./bad.json
echo '{"name":"J","languages":["Spanish"],"prefers_peer_run":true}' > ./good.json
both peer add --json ./good.json
both peer list --json
echo "$n compared, $bad differ"
