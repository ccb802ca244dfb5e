#!/usr/bin/env bash
# test-report.sh — `belong report peer|plan|caseload`: the caseload report checked against a small
# caseload whose figures are computed by hand below (not by belong); the de-identified CSV (no
# name, no free text, dates to the month, a fresh pseudonym per export); the HTML pages (no
# error from `xmllint --html` but its not knowing inline SVG, every SVG well-formed XML, nothing
# fetched, no script, text escaped); `chart PEER comfort`; the refusals.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/report"
rm -rf "$tmp" && mkdir -p "$tmp"
export BELONG_DB="$tmp/report.db" BELONG_CPS=maria
jq_is() { test "$(jq -c "$2" "$1")" = "$3"; }

run "$BELONG" report --help
expect_status 0 "report --help exits 0"
expect_out_has "belong report caseload --from 2026-09-01" "report --help shows examples"

# ---- the fixture caseload ------------------------------------------------------------------
# plans.ics: 1 garden (Tuesdays from 11-03), 2 book club (Thursdays from 11-05), 3 open mic.
# Plans are made on 2026-11-01 (a plan is for today or later); the rest happens by 2026-12-04.
export BELONG_NOW=2026-11-01T09:00
"$BELONG" import ical "$FIXTURES/ical/plans.ics" >/dev/null
for p in "Ann <b>&amp;" Ben Cat Dan Eve; do "$BELONG" peer add --name "$p" --comfort 2 >/dev/null; done
"$BELONG" peer add --cps jo --name Fay >/dev/null
"$BELONG" peer edit 1 --interest 'growing tomatoes & "herbs"' >/dev/null
P() { "$BELONG" plan add "$@" >/dev/null || echo "plan add $* failed" >&2; }
P 1 1 --date 2026-11-03 --note 'SECRETNOTE bring gloves'  # plan 1: Ann garden
P 1 1 --date 2026-11-10                                   # plan 2: Ann garden
P 1 2 --date 2026-11-12                                   # plan 3: Ann book club
P 1 1 --date 2026-12-08 --support meet                    # plan 4: Ann garden, after the period
P 2 2 --date 2026-11-05                                   # plan 5: Ben book club
P 2 2 --date 2026-11-19                                   # plan 6: Ben, cancelled
P 2 1 --date 2026-11-24                                   # plan 7: Ben garden
P 3 1 --date 2026-11-17                                   # plan 8: Cat garden
P 4 2 --date 2026-11-26                                   # plan 9: Dan, cancelled
P 5 1 --date 2026-11-03                                   # plan 10: Eve (archived later)
export BELONG_NOW=2026-12-04T12:00
V() { "$BELONG" visit add "$@" >/dev/null || echo "visit add $* failed" >&2; }
V 1 --plan 1 --went yes --comfort-before 2 --comfort-after 3 --felt 'SECRETFELT nervous'
V 1 --plan 2 --went yes --comfort-before 3 --comfort-after 4 --with 'SECRETWHO Joe'
V 1 --plan 3 --went no
V 1 --activity 1 --date 2026-11-17 --went yes --comfort-before 3 --comfort-after 5
V 2 --plan 5 --went yes --comfort-before 2 --comfort-after 2
V 2 --plan 7 --went yes
V 2 --activity 2 --date 2026-10-22 --went yes
V 3 --plan 8 --went no
V 5 --plan 10 --went yes
"$BELONG" plan cancel 6 --reason 'SECRETREASON unwell' >/dev/null
"$BELONG" plan cancel 9 --reason 'SECRETREASON away' >/dev/null
M() { "$BELONG" measure add "$1" "$2" --answers "$3" --date "$4" >/dev/null || echo "measure $* failed" >&2; }
M 1 ucla3 3,3,2 2026-10-15        # 8, before the period
M 1 ucla3 2,2,2 2026-11-02        # 6  first in the period
M 1 ucla3 2,1,1 2026-11-28        # 4  latest: change -2
M 1 lsns6 1,1,1,1,1,1 2026-11-02  # 6
M 1 lsns6 2,2,2,2,2,2 2026-11-28  # 12: change +6; last 12, not at risk
M 2 ucla3 3,3,3 2026-11-03        # 9
M 2 ucla3 2,3,2 2026-11-25        # 7: change -2; last 7, at risk (>= 6) but planned (11-05, 11-24)
M 3 ucla3 1,1,1 2026-11-10        # 3
M 3 ucla3 1,2,1 2026-11-20        # 4: change +1
M 3 lsns6 3,3,3,3,3,3 2026-11-10  # 18
M 3 lsns6 1,1,1,1,1,0 2026-11-20  # 5: change -13; at risk, but planned 11-17
M 4 lsns6 2,2,1,1,1,1 2026-11-15  # 8: one only (no change); at risk; Dan's one plan cancelled
M 4 ucla3 3,3,3 2026-12-02        # after --to: not Dan's "last" for the period
M 5 ucla3 3,3,3 2026-11-05
"$BELONG" connection add 1 Maria --relationship friend --closeness 4 --met-at 1 --date 2026-11-03 >/dev/null
"$BELONG" connection add 1 Lee --relationship acquaintance --closeness 2 --date 2026-11-10 >/dev/null
"$BELONG" peer archive 5 >/dev/null

# ---- the caseload report against the hand-computed figures --------------------------------
# Period 2026-11-01..2026-11-30, today 12-04. Active peers of maria: Ann, Ben, Cat, Dan = 4
# (Eve archived, Fay is jo's).
# Plans due (dated in the period, up to today, not cancelled): Ann 1,2,3 (4 is 12-08); Ben 5,7
# (6 cancelled); Cat 8; Dan none (9 cancelled) = 6.
# Visits went in the period: Ann 11-03, 11-10, 11-17 (11-12 not went); Ben 11-05, 11-24 (10-22
# before) = 5. Activities tried (distinct per peer): Ann garden = 1; Ben book club, garden = 2;
# = 3. Attendance rate 5 / 6 = 0.8333.
# UCLA-3 change (peers measured twice in the period): Ann 6->4 = -2, Ben 9->7 = -2, Cat 3->4 =
# +1: n 3, mean -3/3 = -1; deviations -1,-1,2, squares 1+1+4 = 6, / (3-1) = 3, SD sqrt(3) =
# 1.7321; median -2.
# LSNS-6 change: Ann 6->12 = +6, Cat 18->5 = -13: n 2, mean -3.5; deviations +9.5, -9.5, squares
# 90.25 * 2 = 180.5, / 1, SD sqrt(180.5) = 13.4350; median (-13 + 6) / 2 = -3.5.
# At risk on the latest up to 11-30: Ben (UCLA-3 7), Cat (LSNS-6 5), Dan (LSNS-6 8); with a plan
# (not cancelled) dated from 2026-10-31 on: Ben, Cat. Flagged: Dan only.
run "$BELONG" report caseload --from 2026-11-01 --to 2026-11-30 --json
expect_status 0 "report caseload --json"
printf '%s\n' "$out" >"$tmp/caseload.json"
f="$tmp/caseload.json"
check "caseload: the period" jq_is "$f" '[.cps, .from, .to]' '["maria","2026-11-01","2026-11-30"]'
check "caseload: 4 active peers" jq_is "$f" .active_peers 4
check "caseload: 6 plans due" jq_is "$f" .plans_due 6
check "caseload: 5 visits went" jq_is "$f" .visits_went 5
check "caseload: 3 activities tried" jq_is "$f" .activities_tried 3
check "caseload: attendance 5/6" jq_is "$f" '.attendance_rate * 10000 | round' 8333
check "caseload: UCLA-3 change n 3, mean -1, SD sqrt 3, median -2" \
  jq_is "$f" '.change.ucla3 | [.n, .mean_change, (.sd * 10000 | round), .median_change]' '[3,-1,17321,-2]'
check "caseload: LSNS-6 change n 2, mean -3.5, SD sqrt 180.5, median -3.5" \
  jq_is "$f" '.change.lsns6 | [.n, .mean_change, (.sd * 10000 | round), .median_change]' '[2,-3.5,134350,-3.5]'
check "caseload: at risk with no plan in 30 days: Dan only" \
  jq_is "$f" '[.at_risk_without_plan[].name]' '["Dan"]'
check "caseload: per peer plans due / went / tried" \
  jq_is "$f" '[.peers[] | [.plans_due, .visits_went, .activities_tried]]' '[[3,3,1],[2,2,2],[1,0,0],[0,0,0]]'
check "caseload: Dan's UCLA-3 after --to is left out" jq_is "$f" '.peers[3].ucla3.last' null

run "$BELONG" report caseload --from 2026-12-01 --to 2026-11-30
expect_status 65 "--from after --to exits 65"
expect_err_has "--from 2026-12-01 is after --to 2026-11-30" "naming both"
run "$BELONG" report caseload --from 2026-02-30
expect_status 65 "an impossible --from exits 65"
run "$BELONG" report caseload --csv --json
expect_status 64 "two forms are a usage error"

# ---- the de-identified CSV ----------------------------------------------------------------
"$BELONG" report caseload --from 2026-11-01 --to 2026-11-30 --csv --out "$tmp/a.csv"
"$BELONG" report caseload --from 2026-11-01 --to 2026-11-30 --csv >"$tmp/b.csv"
check "csv: a header and one row per active peer" test "$(wc -l <"$tmp/a.csv")" = 5
check "csv: no names" sh -c "! grep -q -i -e Ann -e Ben -e Cat -e Dan -e Eve -e Fay -e maria -e Maria -e Lee '$tmp/a.csv'"
check "csv: no free text" sh -c "! grep -q -e SECRET -e tomatoes -e Garden -e Book '$tmp/a.csv'"
check "csv: no day, months only" sh -c "! grep -q -E '[0-9]{4}-[0-9]{2}-[0-9]{2}' '$tmp/a.csv' && grep -q ',2026-11,' '$tmp/a.csv'"
check "csv: no peer id column" sh -c "! head -1 '$tmp/a.csv' | grep -q id"
pa=$(tail -n +2 "$tmp/a.csv" | cut -d, -f1 | sort | tr '\n' ' ')
pb=$(tail -n +2 "$tmp/b.csv" | cut -d, -f1 | sort | tr '\n' ' ')
check "csv: four distinct pseudonyms" test "$(echo $pa | tr ' ' '\n' | sort -u | wc -l)" = 4
check "csv: pseudonyms differ between two exports" sh -c "for p in $pa; do case ' $pb' in *\" \$p \"*) exit 1;; esac; done"
check "csv: the same figures under the pseudonyms" \
  test "$(tail -n +2 "$tmp/a.csv" | cut -d, -f2- | sort)" = "$(tail -n +2 "$tmp/b.csv" | cut -d, -f2- | sort)"
check "csv: Dan's row (no plans, LSNS-6 8 in 2026-11, flagged)" \
  grep -q ',2026-11,2026-11,0,0,0,,,,,8,2026-11,8,2026-11,yes,yes' "$tmp/a.csv"

# ---- the HTML pages -------------------------------------------------------------------------
# libxml2's HTML parser predates inline SVG: its "Tag svg invalid" (and the SVG elements) are
# the only complaints allowed; each SVG is then checked as XML.
html_ok() {
  local errs
  errs=$(xmllint --html --noout "$1" 2>&1 | grep 'error' | grep -v -E 'Tag (svg|g|line|path|polyline|circle|text|title|desc|rect|tspan|defs|marker|use|style) invalid')
  [ -z "$errs" ] || { echo "$errs" >&2; return 1; }
  python3 - "$1" "$1.svgs" <<'PY'
import re, sys, xml.dom.minidom
page = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
for s in svgs:
    xml.dom.minidom.parseString(s)
print(len(svgs), file=open(sys.argv[2], "w"))
PY
}
# nothing fetched: no script, link, src, url() or @import; no URL but SVG's namespace name
self_contained() { ! sed 's|xmlns="http://www.w3.org/2000/svg"||g' "$1" | grep -q -i -E '<script|<link|src=|url\(|@import|https?://'; }

run "$BELONG" report caseload --from 2026-11-01 --to 2026-11-30 --html --out "$tmp/caseload.html"
expect_status 0 "report caseload --html"
check "caseload html: well-formed" html_ok "$tmp/caseload.html"
check "caseload html: self-contained" self_contained "$tmp/caseload.html"
check "caseload html: the name escaped" grep -q 'Ann &lt;b&gt;&amp;amp;' "$tmp/caseload.html"
check "caseload html: attendance" grep -q '83%' "$tmp/caseload.html"

run "$BELONG" report peer 1 --html --out "$tmp/peer.html"
expect_status 0 "report peer --html"
check "peer html: well-formed, every SVG well-formed" html_ok "$tmp/peer.html"
check "peer html: the five charts" test "$(cat "$tmp/peer.html.svgs")" = 5
check "peer html: self-contained" self_contained "$tmp/peer.html"
check "peer html: print rules" grep -q '@media print' "$tmp/peer.html"
check "peer html: phone width" grep -q 'name="viewport"' "$tmp/peer.html"
check "peer html: the timeline has every plan, visit, connection and measure" \
  test "$(grep -c '<li><span class="when">' "$tmp/peer.html")" = $((4 + 4 + 2 + 5))
check "peer html: the peer's words escaped" grep -q 'SECRETFELT nervous' "$tmp/peer.html"
check "peer html: the name escaped, never markup" sh -c "grep -q 'Ann &lt;b&gt;&amp;amp;' '$tmp/peer.html' && ! grep -q 'Ann <b>' '$tmp/peer.html'"

run "$BELONG" report plan 1 --html --out "$tmp/plan.html"
expect_status 0 "report plan --html"
check "plan html: well-formed" html_ok "$tmp/plan.html"
check "plan html: interests in the peer's words" grep -q 'growing tomatoes &amp; &quot;herbs&quot;' "$tmp/plan.html"
check "plan html: the next step with its date, time and support" \
  sh -c "grep -q 'Tue 2026-12-08: Tuesday Garden Session' '$tmp/plan.html' && grep -q 'Starts at 18:00' '$tmp/plan.html' && grep -q 'meets' '$tmp/plan.html'"
check "plan html: the place" grep -q '20 Lafayette St' "$tmp/plan.html"
check "plan html: who to call: the CPS and the friend, not the acquaintance" \
  sh -c "grep -q 'My peer specialist, maria' '$tmp/plan.html' && grep -q 'Maria, my friend' '$tmp/plan.html' && ! grep -q 'Lee' '$tmp/plan.html'"

run "$BELONG" report peer 5 --html
expect_status 66 "an archived peer's report: no such peer (exit 66)"
run "$BELONG" report peer 6 --html
expect_status 66 "another CPS's peer: no such peer"
run "$BELONG" report peer 1 --csv
expect_status 64 "report peer --csv is a usage error"
run "$BELONG" report peer
expect_status 64 "report peer without PEER is a usage error"

# ---- the comfort chart ----------------------------------------------------------------------
run "$BELONG" chart 1 comfort --out "$tmp/comfort.svg"
expect_status 0 "chart PEER comfort"
check "comfort: well-formed XML" xmllint --noout "$tmp/comfort.svg"
# Ann went three times, each with comfort before and after: 3 + 3 points
check "comfort: a point before and after each visit went" test "$(grep -o '<g class="point"' "$tmp/comfort.svg" | wc -l)" = 6
check "comfort: the values" grep -q '<title>comfort after, 2026-11-17: 5' "$tmp/comfort.svg"

# ---- rendered once by headless Chromium, at phone and page width, kept for a person to see ----
shots="$(dirname "$BELONG")/screenshots"
mkdir -p "$shots"
chromium=$(command -v chromium || command -v chromium-browser || true)
check "chromium is installed (scripts/deps.sh)" test -n "$chromium"
for size in 390,2400 1000,3000; do
  png="$shots/report-peer-${size%%,*}.png"
  rm -f "$png"
  [ -n "$chromium" ] && timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
    --hide-scrollbars --user-data-dir="$tmp/chromium" --screenshot="$png" \
    --window-size="$size" "file://$tmp/peer.html" >/dev/null 2>&1
  read -r w h colours < <(python3 "$BELONG_ROOT/tests/cli/png_check.py" "$png" 2>/dev/null || echo 0 0 0)
  check "peer report at ${size%%,*} px wide: Chromium drew $png" test "$w,$h" = "$size"
  check "peer report at ${size%%,*} px: not blank ($colours colours)" test "$colours" -gt 1
done

# ---- a supervisor's team: peer list and the caseload report cover it -----------------------
# sue supervises maria (Ann, Ben, Cat, Dan; Eve archived) and jo (Fay). Fay's records, added
# here: a book-club plan on 11-05 she went to; UCLA-3 9 on 11-02, 6 on 11-26.
pw() { printf 'correct horse battery\n'; }
pw | "$BELONG" user add sue --role supervisor >/dev/null
pw | "$BELONG" user add maria --role cps --supervisor sue >/dev/null
pw | "$BELONG" user add jo --role cps --supervisor sue >/dev/null
fay_plan=$(BELONG_NOW=2026-11-01T09:00 "$BELONG" plan add 6 2 --date 2026-11-05 --cps jo --json | jq .id)
check "Fay's plan is made" test -n "$fay_plan"
"$BELONG" visit add 6 --plan "$fay_plan" --went yes --cps jo >/dev/null
"$BELONG" measure add 6 ucla3 --answers 3,3,3 --date 2026-11-02 --cps jo >/dev/null
"$BELONG" measure add 6 ucla3 --answers 2,2,2 --date 2026-11-26 --cps jo >/dev/null

run "$BELONG" peer list --cps sue --json
expect_status 0 "a supervisor's peer list"
check "... lists their team's peers, each with its CPS" \
  test "$(printf '%s' "$out" | jq -c '[.[] | [.id, .name, .cps]]')" = \
  '[[1,"Ann <b>&amp;","maria"],[2,"Ben","maria"],[3,"Cat","maria"],[4,"Dan","maria"],[6,"Fay","jo"]]'
run "$BELONG" peer list --cps sue
expect_out_has "CPS" "... with a CPS column in text"
check "... Fay's row names jo" sh -c "printf '%s\n' \"\$1\" | grep -q -E '^6 +Fay .* jo\$'" _ "$out"
run "$BELONG" peer list --cps maria --json
check "a CPS of the team still lists only their own" \
  test "$(printf '%s' "$out" | jq -c '[.[].name]')" = '["Ann <b>&amp;","Ben","Cat","Dan"]'
check "the supervisor's reads are audited, one per peer listed (two lists of 5)" \
  test "$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM audit WHERE actor = 'sue' AND operation = 'peer.list' AND outcome = 'ok'")" = 10

# The team's figures by hand (period 11-01..11-30, today 12-04): maria's above plus Fay's.
# Active peers 4 + 1 = 5; plans due 6 + 1 = 7; visits went 5 + 1 = 6; activities tried 3 + 1 = 4;
# attendance 6 / 7 = 0.8571. UCLA-3 change: Ann -2, Ben -2, Cat +1, Fay 9->6 = -3: n 4, mean
# -6/4 = -1.5; deviations -0.5, -0.5, 2.5, -1.5, squares 0.25+0.25+6.25+2.25 = 9, / 3 = 3, SD
# sqrt(3) = 1.7321; median of -3,-2,-2,1 = -2. LSNS-6 as maria's (Fay has none). Fay is at risk
# (UCLA-3 6) but planned 11-05 (from 10-31 on): flagged, Dan only. Three caseloads: sue, maria, jo.
run "$BELONG" report caseload --from 2026-11-01 --to 2026-11-30 --json --cps sue
expect_status 0 "a supervisor's caseload report"
printf '%s\n' "$out" >"$tmp/team.json"
f="$tmp/team.json"
check "team: sue's, over 3 caseloads" jq_is "$f" '[.cps, .caseloads]' '["sue",3]'
check "team: 5 active peers" jq_is "$f" .active_peers 5
check "team: 7 plans due, 6 went, 4 activities tried" \
  jq_is "$f" '[.plans_due, .visits_went, .activities_tried]' '[7,6,4]'
check "team: attendance 6/7" jq_is "$f" '.attendance_rate * 10000 | round' 8571
check "team: UCLA-3 change n 4, mean -1.5, SD sqrt 3, median -2" \
  jq_is "$f" '.change.ucla3 | [.n, .mean_change, (.sd * 10000 | round), .median_change]' '[4,-1.5,17321,-2]'
check "team: LSNS-6 change as maria's" \
  jq_is "$f" '.change.lsns6 | [.n, .mean_change]' '[2,-3.5]'
check "team: at risk with no plan in 30 days: Dan only" jq_is "$f" '[.at_risk_without_plan[].name]' '["Dan"]'
check "team: each peer with its CPS" \
  jq_is "$f" '[.peers[] | [.name, .cps, .plans_due, .visits_went]]' \
  '[["Ann <b>&amp;","maria",3,3],["Ben","maria",2,2],["Cat","maria",1,0],["Dan","maria",0,0],["Fay","jo",1,1]]'
run "$BELONG" report caseload --from 2026-11-01 --to 2026-11-30 --html --cps sue
expect_out_has "sue and their team (3 caseloads)" "team: the page says it covers the team"
expect_out_has "<th>CPS</th>" "team: the page's peers have a CPS column"
expect_out_has "<td>jo</td>" "team: ... naming jo for Fay"
run "$BELONG" report caseload --from 2026-11-01 --to 2026-11-30 --csv --cps sue
check "team: csv, a header and one row per active peer of the team" test "$(printf '%s\n' "$out" | wc -l)" = 6
check "team: csv, still no names, not even the CPS's" sh -c "! printf '%s' \"\$1\" | grep -q -i -e Fay -e maria -e jo -e sue" _ "$out"
run "$BELONG" report caseload --from 2026-11-01 --to 2026-11-30 --json --cps maria
check "a CPS of the team: their own caseload only" test "$(printf '%s' "$out" | jq -c '[.active_peers, .caseloads]')" = '[4,1]'
check "each report's views are audited as the supervisor's: one row a peer, three reports of 5" \
  test "$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM audit WHERE actor = 'sue' AND operation = 'peer.list' AND outcome = 'ok'")" = 25
check "... each peer of the team as often as the others" \
  test "$(sqlite3 "$BELONG_DB" "SELECT group_concat(peer_id || ':' || n) FROM (SELECT peer_id, count(*) AS n FROM audit WHERE actor = 'sue' AND operation = 'peer.list' GROUP BY peer_id ORDER BY peer_id)")" = "1:5,2:5,3:5,4:5,6:5"

# The de-identified CSV never opens a name: with Fay's sealed name unreadable (another row's
# sealed value copied over it, in a copy of the database), the named reports fail and the CSV
# is written whole.
cp "$BELONG_DB" "$tmp/broken.db" && cp "$BELONG_DB.key" "$tmp/broken.db.key"
sqlite3 "$tmp/broken.db" "UPDATE peer SET name = (SELECT name FROM peer WHERE id = 1) WHERE id = 6"
run "$BELONG" --db "$tmp/broken.db" report caseload --from 2026-11-01 --to 2026-11-30 --json --cps sue
check "a name that cannot be opened fails the named report" test "$status" != 0
run "$BELONG" --db "$tmp/broken.db" report caseload --from 2026-11-01 --to 2026-11-30 --csv --cps sue
expect_status 0 "... not the CSV, which opens no name"
check "... a header and the 5 peers' rows" test "$(printf '%s\n' "$out" | wc -l)" = 6

finish
