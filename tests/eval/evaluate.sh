#!/usr/bin/env bash
# evaluate.sh — scores `belong recommend` against the evaluation set (tests/eval/README.md).
#
# usage: tests/eval/evaluate.sh [OPTIONS] BUILD_DIR
#   (default)           fresh demo db, load every peer of tests/eval/peers/, run
#                       `belong recommend ID --json --days 21 --limit 10` for each, print one line per
#                       peer and the means; the last two lines are `precision@5 X` and `ndcg@10 X`.
#   --check             no recommend needed: check that every judgment still resolves to the same
#                       activity of the demo catalogue and that each judgment's class still holds
#                       (a good fit passes every hard constraint; a hard:* bad fit fails that one).
#   --baseline          no recommend needed: score a topic-blind baseline instead (every activity that
#                       passes the hard constraints, nearest intensity to comfort + 0.5 first, then
#                       nearest): what recommend must beat for interests and values to count.
#   --facts PEER        authoring aid: for one peer (file stem, e.g. 01-rosa-tomatoes) list every
#                       activity with its distance, cost, access, fitting occurrences and verdict.
#   --min-precision X   exit 1 when mean precision@5 < X     (for a floor test)
#   --min-ndcg X        exit 1 when mean nDCG@10 < X
#   --max-hard-bad N    exit 1 when more than N hard-constraint bad fits appear in any top 5
#   --keep DIR          keep the work files (db, recommend output) in DIR instead of a temp dir
#   --plain             the "plain import" mode: the same catalogue imported without the category,
#                       tags and intensity the demo sets by hand, so that they are inferred from each
#                       listing's words (BUILD_DIR/eval_demo_plain); the judgments apply unchanged
# Exit status: 0 done (and floors met), 1 below a floor / check failed, 2 usage or setup error,
# 3 `belong recommend` does not exist in this build, failed, or printed no JSON array.
# Needs bash, awk and the sqlite3 shell (JSON functions, math functions, readfile) — all in
# scripts/deps.sh. "Today" is pinned: BELONG_NOW=2026-12-01T09:00, a 21-day window.
set -u
set -o pipefail

EVAL_NOW=2026-12-01T09:00
EVAL_DAYS=21
EVAL_CPS=eval
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
judgments="$here/judgments.tsv"

mode=eval
facts_peer=""
min_p5=""
min_ndcg=""
max_hard_bad=""
keep=""
plain=""
build=""
while [ $# -gt 0 ]; do
  case "$1" in
    --check) mode=check ;;
    --baseline) mode=baseline ;;
    --facts) mode=facts; facts_peer=${2:?--facts needs a peer}; shift ;;
    --min-precision) min_p5=${2:?}; shift ;;
    --min-ndcg) min_ndcg=${2:?}; shift ;;
    --max-hard-bad) max_hard_bad=${2:?}; shift ;;
    --keep) keep=${2:?}; shift ;;
    --plain) plain=1 ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "evaluate.sh: unknown option $1" >&2; exit 2 ;;
    *) build=$1 ;;
  esac
  shift
done
if [ -z "$build" ]; then
  echo "usage: tests/eval/evaluate.sh [--check | --baseline | --facts PEER] [--plain] [--min-precision X] [--min-ndcg X] [--max-hard-bad N] BUILD_DIR" >&2
  exit 2
fi
belong="$(cd "$build" 2>/dev/null && pwd)/belong"
if [ ! -x "$belong" ]; then
  echo "evaluate.sh: no belong binary in $build (build it first: ninja -C $build)" >&2
  exit 2
fi
command -v sqlite3 >/dev/null || { echo "evaluate.sh: needs the sqlite3 shell (scripts/deps.sh)" >&2; exit 2; }

export BELONG_NOW="$EVAL_NOW"
export BELONG_CPS="$EVAL_CPS"
export BELONG_DATA_DIR="${BELONG_DATA_DIR:-$root/data}"
if [ -n "$keep" ]; then
  mkdir -p "$keep" && work=$(cd "$keep" && pwd)
  rm -f "$work/eval.db" "$work"/recommend-*.json "$work"/recommend-*.err
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/belong-eval.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
db="$work/eval.db"

# ---- the catalogue and the peers ---------------------------------------------------------------
if [ -n "$plain" ]; then
  catalogue=("$(dirname "$belong")/eval_demo_plain" "$db")
else
  catalogue=("$belong" --db "$db" demo)
fi
if ! "${catalogue[@]}" >"$work/demo.out" 2>&1; then
  echo "evaluate.sh: ${catalogue[*]} failed:" >&2
  cat "$work/demo.out" >&2
  exit 2
fi
sqlite3 "$db" "CREATE TABLE eval_peer(stem TEXT PRIMARY KEY, peer_id INTEGER NOT NULL);
  CREATE TABLE eval_judgment(line INTEGER, stem TEXT, verdict TEXT, class TEXT, ref TEXT, name TEXT,
    reason TEXT, activity_id INTEGER);
  CREATE TABLE eval_rank(stem TEXT, rank INTEGER, activity_id INTEGER);" || exit 2

peer_files=("$here"/peers/*.json)
if [ ! -e "${peer_files[0]}" ]; then
  echo "evaluate.sh: no peers in $here/peers" >&2
  exit 2
fi
for f in "${peer_files[@]}"; do
  stem=$(basename "$f" .json)
  if [ "$mode" = facts ] && [ "$stem" != "$facts_peer" ]; then continue; fi
  if ! out=$("$belong" --db "$db" peer add --json "$f" --cps "$EVAL_CPS" 2>"$work/peer-add.err"); then
    echo "evaluate.sh: $stem: belong peer add failed:" >&2
    cat "$work/peer-add.err" >&2
    exit 2
  fi
  id=$(printf '%s\n' "$out" | sed -n 's/^added peer \([0-9][0-9]*\):.*/\1/p')
  if [ -z "$id" ]; then
    echo "evaluate.sh: $stem: cannot read the peer id from: $out" >&2
    exit 2
  fi
  sqlite3 "$db" "INSERT INTO eval_peer VALUES('$stem', $id)" || exit 2
done
if [ "$mode" = facts ] && [ "$(sqlite3 "$db" 'SELECT count(*) FROM eval_peer')" = 0 ]; then
  echo "evaluate.sh: no peer file $here/peers/$facts_peer.json" >&2
  exit 2
fi

# ---- judgments: peer <TAB> verdict <TAB> class <TAB> source_ref <TAB> name <TAB> reason ------------
awk -F'\t' -v OFS='\037' -v ORS='\036' '
  /^#/ || /^[[:space:]]*$/ { next }
  $1 == "peer" && $2 == "verdict" { next }
  NF != 6 { printf "judgments.tsv:%d: expected 6 tab-separated fields, found %d\n", NR, NF > "/dev/stderr"; bad = 1; next }
  $2 != "good" && $2 != "bad" { printf "judgments.tsv:%d: verdict must be good or bad: %s\n", NR, $2 > "/dev/stderr"; bad = 1; next }
  $2 == "good" && $3 != "fit" { printf "judgments.tsv:%d: a good judgment has class fit: %s\n", NR, $3 > "/dev/stderr"; bad = 1; next }
  $2 == "bad" && $3 !~ /^(hard:(time|distance|cost|access|virtual)|soft:(intensity|topic|setting))$/ {
    printf "judgments.tsv:%d: unknown class for a bad fit: %s\n", NR, $3 > "/dev/stderr"; bad = 1; next }
  { print NR, $1, $2, $3, $4, $5, $6 }
  END { exit bad }' "$judgments" >"$work/judgments.rows" || exit 2
sqlite3 "$db" "CREATE TABLE eval_judgment_raw(line, stem, verdict, class, ref, name, reason)" ".mode ascii" ".import $work/judgments.rows eval_judgment_raw" \
  "INSERT INTO eval_judgment(line, stem, verdict, class, ref, name, reason)
     SELECT * FROM eval_judgment_raw;" || exit 2
# Resolve by source_ref, and insist that the name still matches: refs are stable for the same
# data/demo files, but an edit of those files can deal templates differently.
sqlite3 "$db" "UPDATE eval_judgment SET activity_id =
  (SELECT a.id FROM activity a WHERE a.source_ref = eval_judgment.ref AND a.name = eval_judgment.name)" || exit 2

unresolved=$(sqlite3 -separator ' ' "$db" "SELECT 'judgments.tsv:' || line || ': ' || ref || ' is no longer \"' || name || '\" (now: ' ||
    coalesce((SELECT '\"' || a.name || '\"' FROM activity a WHERE a.source_ref = j.ref), 'absent') || ')' ||
    coalesce('; \"' || name || '\" in that town is now ' || (SELECT group_concat(a.source_ref, ' or ') FROM activity a
      WHERE a.name = j.name AND a.source_ref LIKE substr(j.ref, 1, 11) || '%'), '')
  FROM eval_judgment j WHERE activity_id IS NULL AND stem IN (SELECT stem FROM eval_peer)")
unknown_peers=$(sqlite3 "$db" "SELECT DISTINCT 'judgments.tsv: no peer file for ' || stem FROM eval_judgment
  WHERE stem NOT IN (SELECT stem FROM eval_peer)")
[ "$mode" = facts ] && unknown_peers=""
dupes=$(sqlite3 "$db" "SELECT 'judgments.tsv: ' || stem || ' judges ' || ref || ' twice' FROM eval_judgment
  GROUP BY stem, ref HAVING count(*) > 1")

# ---- hard-constraint facts (used by --check and --facts) ----------------------------------------
# The window: the 21 days from today. Strict = [today 09:00, day 21 00:00) local, loose =
# [today 00:00, day 21 09:00): a good fit must fit the strict window, a hard:time bad fit must
# miss even the loose one, so judgments do not hinge on where exactly the window starts.
# December 2026 is EST (UTC-5) throughout the window.
# An online activity meets wheelchair (1) and transit (8) needs: there is no venue to reach
# (src/matching/constraints.c, ACCESS_MET_ONLINE); quiet and ASL it must list.
facts_sql="
CREATE TEMP VIEW facts AS
WITH win AS (SELECT
    strftime('%s', '2026-12-01 14:00') AS s_strict, strftime('%s', '2026-12-22 05:00') AS e_strict,
    strftime('%s', '2026-12-01 05:00') AS s_loose, strftime('%s', '2026-12-22 14:00') AS e_loose),
fit AS (
  SELECT ep.stem, o.activity_id,
    sum(o.start_utc >= win.s_strict AND o.start_utc < win.e_strict) AS n_strict,
    count(*) AS n_loose
  FROM eval_peer ep JOIN peer p ON p.id = ep.peer_id, win
  JOIN occurrence o ON o.start_utc >= win.s_loose AND o.start_utc < win.e_loose
  WHERE (NOT EXISTS (SELECT 1 FROM peer_window w WHERE w.peer_id = p.id)
         OR EXISTS (SELECT 1 FROM peer_window w WHERE w.peer_id = p.id AND w.weekday = o.weekday
                    AND w.start_minute <= o.start_minute
                    AND o.start_minute + (o.end_utc - o.start_utc) / 60 <= w.end_minute))
    AND NOT EXISTS (SELECT 1 FROM peer_away x WHERE x.peer_id = p.id
                    AND date(o.start_utc, 'unixepoch', '-5 hours') BETWEEN x.first_day AND x.last_day)
  GROUP BY ep.stem, o.activity_id)
SELECT ep.stem, a.id AS activity_id, a.source_ref AS ref, a.name, a.category, a.intensity,
  p.comfort, a.cost_cents, p.budget_cents, a.access, p.access_needs, a.is_virtual, p.virtual_ok,
  a.peer_run, a.substance_free,
  CASE WHEN a.is_virtual OR a.lat IS NULL OR p.home_lat IS NULL THEN NULL
       ELSE 3958.8 * acos(min(1.0, sin(radians(p.home_lat)) * sin(radians(a.lat)) +
            cos(radians(p.home_lat)) * cos(radians(a.lat)) * cos(radians(a.lon - p.home_lon)))) END AS miles,
  p.max_travel_miles AS max_miles,
  coalesce(f.n_strict, 0) AS n_strict, coalesce(f.n_loose, 0) AS n_loose
FROM eval_peer ep JOIN peer p ON p.id = ep.peer_id CROSS JOIN activity a
LEFT JOIN fit f ON f.stem = ep.stem AND f.activity_id = a.id
WHERE a.active;
CREATE TEMP VIEW verdicts AS
SELECT *,
  (n_strict > 0) AS time_ok, (n_loose = 0) AS time_bad,
  CASE WHEN is_virtual THEN virtual_ok ELSE (max_miles IS NULL OR miles <= max_miles - 0.25) END AS distance_ok,
  CASE WHEN is_virtual THEN NOT virtual_ok ELSE (max_miles IS NOT NULL AND miles > max_miles + 0.25) END AS distance_bad,
  (budget_cents IS NULL OR cost_cents <= budget_cents) AS cost_ok,
  ((access | CASE WHEN is_virtual THEN 9 ELSE 0 END) & access_needs) = access_needs AS access_ok
FROM facts;"

if [ "$mode" = facts ]; then
  sqlite3 -header -column "$db" "$facts_sql" "
    SELECT v.ref, substr(v.name, 1, 34) AS name, v.category AS cat, v.intensity AS int,
      printf('%.1f', v.miles) AS mi, v.cost_cents / 100 AS usd, v.access AS acc,
      v.is_virtual AS virt, v.n_strict AS fits,
      CASE WHEN v.time_ok AND v.distance_ok AND v.cost_ok AND v.access_ok THEN 'OK'
        ELSE trim(CASE WHEN NOT v.time_ok THEN 'time ' ELSE '' END ||
          CASE WHEN NOT v.distance_ok THEN 'dist ' ELSE '' END ||
          CASE WHEN NOT v.cost_ok THEN 'cost ' ELSE '' END ||
          CASE WHEN NOT v.access_ok THEN 'access' ELSE '' END) END AS hard,
      coalesce(j.verdict || ' ' || j.class, '') AS judged
    FROM verdicts v LEFT JOIN eval_judgment j ON j.stem = v.stem AND j.activity_id = v.activity_id
    WHERE v.stem = '$facts_peer'
    ORDER BY (v.time_ok AND v.distance_ok AND v.cost_ok AND v.access_ok) DESC, v.miles IS NULL, v.miles, v.ref"
  exit 0
fi

problems=$(printf '%s\n%s\n%s\n' "$unresolved" "$unknown_peers" "$dupes" | sed '/^$/d')

if [ "$mode" = check ]; then
  problems2=$(sqlite3 -separator ' ' "$db" "$facts_sql" "
    SELECT 'judgments.tsv:' || j.line || ': ' || j.stem || ' ' || j.ref || ' (' || j.name || '): judged ' ||
      j.verdict || ' ' || j.class || ' but ' ||
      CASE
        WHEN j.verdict = 'good' THEN 'it fails a hard constraint:' ||
          CASE WHEN NOT v.time_ok THEN ' no fitting occurrence in the window' ELSE '' END ||
          CASE WHEN NOT v.distance_ok THEN ' too far (' || printf('%.1f', v.miles) || ' mi) or virtual' ELSE '' END ||
          CASE WHEN NOT v.cost_ok THEN ' over budget' ELSE '' END ||
          CASE WHEN NOT v.access_ok THEN ' access need not met' ELSE '' END
        WHEN j.class LIKE 'soft:%' THEN 'it fails a hard constraint (make it hard:*)'
        ELSE 'that constraint is met (or too close to call)' END
    FROM eval_judgment j JOIN verdicts v ON v.stem = j.stem AND v.activity_id = j.activity_id
    WHERE (j.verdict = 'good' AND NOT (v.time_ok AND v.distance_ok AND v.cost_ok AND v.access_ok))
       OR (j.class LIKE 'soft:%' AND NOT (v.time_ok AND v.distance_ok AND v.cost_ok AND v.access_ok))
       OR (j.class = 'hard:time' AND NOT v.time_bad)
       OR (j.class = 'hard:distance' AND NOT v.distance_bad)
       OR (j.class = 'hard:virtual' AND NOT (v.is_virtual AND NOT v.virtual_ok))
       OR (j.class = 'hard:cost' AND v.cost_ok)
       OR (j.class = 'hard:access' AND v.access_ok)
    ORDER BY j.line")
  few=$(sqlite3 -separator ' ' "$db" "SELECT 'judgments: ' || ep.stem || ' has ' ||
      sum(j.verdict = 'good') || ' good and ' || sum(j.verdict = 'bad') || ' bad (need 3 of each)'
    FROM eval_peer ep LEFT JOIN eval_judgment j ON j.stem = ep.stem GROUP BY ep.stem
    HAVING sum(j.verdict = 'good') < 3 OR sum(j.verdict = 'bad') < 3 OR count(j.stem) = 0")
  all=$(printf '%s\n%s\n%s\n' "$problems" "$problems2" "$few" | sed '/^$/d')
  sqlite3 -separator ' ' "$db" "SELECT 'peers ' || (SELECT count(*) FROM eval_peer) ||
    ', judgments ' || count(*) || ' (good ' || sum(verdict = 'good') || ', bad ' || sum(verdict = 'bad') ||
    ': hard ' || sum(class LIKE 'hard:%') || ', soft ' || sum(class LIKE 'soft:%') || ')' FROM eval_judgment"
  if [ -n "$all" ]; then
    printf '%s\n' "$all"
    echo "check: $(printf '%s\n' "$all" | wc -l) problem(s)"
    exit 1
  fi
  echo "check: every judgment resolves and holds"
  exit 0
fi

if [ -n "$problems" ]; then
  printf '%s\n' "$problems" >&2
  echo "evaluate.sh: the judgments do not match the demo catalogue (run --check; see tests/eval/README.md)" >&2
  exit 2
fi

# ---- recommend (or the baseline) ----------------------------------------------------------------
if [ "$mode" = baseline ]; then
  sqlite3 "$db" "$facts_sql" "
    INSERT INTO eval_rank SELECT stem, rn, activity_id FROM (
      SELECT stem, activity_id, row_number() OVER (PARTITION BY stem
        ORDER BY abs(coalesce(intensity, 3) - coalesce(comfort, 2) - 0.5), coalesce(miles, 0), activity_id) AS rn
      FROM verdicts WHERE time_ok AND distance_ok AND cost_ok AND access_ok) WHERE rn <= 10" || exit 2
else
  "$belong" --db "$db" recommend --help >"$work/help.out" 2>&1
  if grep -qi "unknown command 'recommend'" "$work/help.out"; then
    echo "evaluate.sh: this belong has no 'recommend' command yet; nothing to evaluate" >&2
    exit 3
  fi
  while IFS='|' read -r stem id; do
    out="$work/recommend-$stem.json"
    "$belong" --db "$db" recommend "$id" --json --days "$EVAL_DAYS" --limit 10 </dev/null >"$out" 2>"$work/recommend-$stem.err"
    status=$?
    if [ $status -ne 0 ]; then
      echo "evaluate.sh: $stem: belong recommend $id --json --days $EVAL_DAYS --limit 10 failed (status $status):" >&2
      head -5 "$work/recommend-$stem.err" >&2
      exit 3
    fi
    # The output is a JSON array of objects with an integer "id" (the activity id), best first.
    if [ "$(sqlite3 "$db" "SELECT json_type(readfile('$out'))" 2>/dev/null)" != array ] ||
      ! sqlite3 "$db" "INSERT INTO eval_rank SELECT '$stem', key + 1, json_extract(value, '\$.id')
          FROM json_each(readfile('$out'))" 2>"$work/recommend-$stem.err"; then
      echo "evaluate.sh: $stem: recommend output is not a JSON array: $(head -c 200 "$out")" >&2
      exit 3
    fi
  done < <(sqlite3 "$db" "SELECT stem, peer_id FROM eval_peer ORDER BY stem")
fi

# ---- metrics ------------------------------------------------------------------------------------
# precision@5 = good in the top 5 / 5 (unjudged and bad count as not good; fewer than 5 results
# still divide by 5). nDCG@10 with gain 1 for good, 0 otherwise: DCG = sum gain_i / log2(i + 1);
# the ideal DCG puts min(#good, 10) goods first. bad@5 counts judged-bad activities in the top 5.
metrics_sql="
CREATE TEMP VIEW r AS
  SELECT e.stem, e.rank, e.activity_id, j.verdict, j.class, a.source_ref
  FROM eval_rank e LEFT JOIN eval_judgment j ON j.stem = e.stem AND j.activity_id = e.activity_id
  LEFT JOIN activity a ON a.id = e.activity_id WHERE e.rank <= 10;
CREATE TEMP VIEW per AS
  SELECT ep.stem,
    (SELECT count(*) FROM r WHERE r.stem = ep.stem AND r.rank <= 5 AND r.verdict = 'good') / 5.0 AS p5,
    (SELECT coalesce(sum(1.0 / log2(r.rank + 1)), 0) FROM r WHERE r.stem = ep.stem AND r.verdict = 'good') AS dcg,
    (SELECT count(*) FROM eval_judgment j WHERE j.stem = ep.stem AND j.verdict = 'good') AS n_good,
    (SELECT count(*) FROM r WHERE r.stem = ep.stem) AS n_ret,
    (SELECT count(*) FROM r WHERE r.stem = ep.stem AND r.rank <= 5 AND r.class LIKE 'hard:%') AS hard5,
    (SELECT count(*) FROM r WHERE r.stem = ep.stem AND r.rank <= 5 AND r.class LIKE 'soft:%') AS soft5,
    (SELECT group_concat(CASE r.verdict WHEN 'good' THEN '+' WHEN 'bad' THEN '!' ELSE '.' END, '')
       FROM (SELECT * FROM r WHERE r.stem = ep.stem ORDER BY r.rank) r) AS marks,
    (SELECT group_concat(coalesce(r.source_ref, '#' || r.activity_id), ',')
       FROM (SELECT * FROM r WHERE r.stem = ep.stem AND r.rank <= 5 ORDER BY r.rank) r) AS top5
  FROM eval_peer ep;
CREATE TEMP VIEW scored AS
  SELECT per.*, CASE WHEN idcg > 0 THEN dcg / idcg ELSE 0 END AS ndcg, min(n_good, 5) / 5.0 AS p5_ceiling
  FROM per JOIN (SELECT stem, (SELECT sum(1.0 / log2(k.value + 1))
                 FROM generate_series(1, min(n_good, 10)) k) AS idcg FROM per) USING (stem);"
sqlite3 -separator ' ' "$db" "$metrics_sql" "
SELECT printf('%-28s p@5 %.2f  ndcg@10 %.2f  bad@5 %d%s  returned %2d  %-10s %s', stem, p5, ndcg,
    hard5 + soft5, CASE WHEN hard5 > 0 THEN ' (HARD ' || hard5 || ')' ELSE '' END, n_ret,
    coalesce(marks, ''), coalesce(top5, ''))
FROM scored ORDER BY stem;" >"$work/per-peer.txt" 2>"$work/metrics.err" || { cat "$work/metrics.err" >&2; exit 2; }
cat "$work/per-peer.txt"
echo "# marks: rank 1..10, + judged good, ! judged bad, . unjudged; top 5 by source_ref"

sqlite3 -separator ' ' "$db" "$metrics_sql" "
SELECT 'peers ' || count(*) FROM scored;
SELECT 'bad@5 ' || (SELECT count(*) FROM r WHERE rank <= 5 AND verdict = 'bad') ||
  ' hard@5 ' || (SELECT count(*) FROM r WHERE rank <= 5 AND class LIKE 'hard:%') ||
  ' soft@5 ' || (SELECT count(*) FROM r WHERE rank <= 5 AND class LIKE 'soft:%') ||
  ' hard@10 ' || (SELECT count(*) FROM r WHERE class LIKE 'hard:%');
SELECT printf('precision@5 ceiling %.2f (the best possible with these judgments)', avg(p5_ceiling)) FROM scored;
SELECT printf('precision@5 %.2f', avg(p5)) FROM scored;
SELECT printf('ndcg@10 %.2f', avg(ndcg)) FROM scored;
" >"$work/summary.txt" 2>"$work/metrics.err" || { cat "$work/metrics.err" >&2; exit 2; }
cat "$work/summary.txt"

# ---- floors -------------------------------------------------------------------------------------
p5=$(sed -n 's/^precision@5 //p' "$work/summary.txt")
ndcg=$(sed -n 's/^ndcg@10 //p' "$work/summary.txt")
hard=$(sed -n 's/^bad@5 .* hard@5 \([0-9]*\) .*/\1/p' "$work/summary.txt")
rc=0
if [ -n "$min_p5" ] && awk -v a="$p5" -v b="$min_p5" 'BEGIN { exit !(a < b) }'; then
  echo "evaluate.sh: precision@5 $p5 is below the floor $min_p5" >&2; rc=1
fi
if [ -n "$min_ndcg" ] && awk -v a="$ndcg" -v b="$min_ndcg" 'BEGIN { exit !(a < b) }'; then
  echo "evaluate.sh: ndcg@10 $ndcg is below the floor $min_ndcg" >&2; rc=1
fi
if [ -n "$max_hard_bad" ] && [ "$hard" -gt "$max_hard_bad" ]; then
  echo "evaluate.sh: $hard hard-constraint bad fit(s) in a top 5 (at most $max_hard_bad allowed)" >&2; rc=1
fi
exit $rc
