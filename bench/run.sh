#!/usr/bin/env bash
# bench/run.sh — belong's benchmarks, run by `make bench`: prints figures, is not a test.
# Record the figures in bench/RESULTS.md. To add a benchmark, write a function bench_NAME
# below and add NAME to BENCHES; each may use the shared catalogue files made by prepare.
#
# usage: bench/run.sh BUILD_DIR [NAME...]      (default: every benchmark in BENCHES)
# environment: BENCH_ACTIVITIES (default 100000), BENCH_SEED (1), BENCH_QUERIES (1000),
#              BENCH_IMPORT_LARGE (services of the large import case; default 1000000, 0 skips),
#              BENCH_DIR (scratch folder; default a fresh one under /tmp, removed at the end),
#              BENCH_WEB_SECONDS (each wrk run of bench_web; default 10), BENCH_WEB_QUERIES
#              (the varied searches bench_web goes round; default 240)
set -euo pipefail

build=$(cd "${1:-build}" && pwd)
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
belong="$build/belong"
activities=${BENCH_ACTIVITIES:-100000}
seed=${BENCH_SEED:-1}
queries=${BENCH_QUERIES:-1000}
BENCHES=(gen import search recommend eval hostile infer web reports)

if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d /tmp/belong-bench.XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
for tool in "$belong" "$build/bench_search" "$build/infer_eval"; do
  [ -x "$tool" ] || { echo "bench: $tool is missing; build first (make build)" >&2; exit 70; }
done
command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 shell is needed" >&2; exit 69; }

# Runs a command with its output in $work/NAME.log; prints nothing, sets $elapsed (seconds).
timed() {
  local name=$1 start end
  shift
  start=$(date +%s%N)
  if ! "$@" >"$work/$name.log" 2>&1; then
    echo "bench: '$*' failed:" >&2
    sed 's/^/  /' "$work/$name.log" >&2
    exit 70
  fi
  end=$(date +%s%N)
  elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
}

# The generated catalogue in both forms, made once: $work/gen.db and the HSDS package.
prepared=""
prepare() {
  [ -z "$prepared" ] || return 0
  timed gen-hsds "$belong" gen --activities "$activities" --seed "$seed" --hsds "$work/hsds"
  echo "  HSDS package of $activities services written in ${elapsed} s" \
    "($(du -sh "$work/hsds" | cut -f1))"
  prepared=yes
}

# 100k activities (about 1M occurrences) generated and written through catalog_import.
bench_gen() {
  echo "gen: $activities activities through catalog_import, one transaction"
  rm -f "$work/gen.db"*
  timed gen "$belong" gen --activities "$activities" --seed "$seed" --db "$work/gen.db"
  local occurrences
  occurrences=$(sqlite3 "$work/gen.db" "SELECT count(*) FROM occurrence")
  echo "  $activities activities, $occurrences occurrences written in ${elapsed} s" \
    "(goal: well under 60 s)"
  sed -n 's/^/  | /p' "$work/gen.log"
}

# The floor for a package: the least SQL any import doing what issue 2 asks must run, by the
# sqlite3 shell itself, with no reading of the other files, no checking and no expansion. One
# transaction into a WAL file: services.csv imported as rows, an FTS5 index of their names and
# descriptions (contentless, the cheapest kind), and as many occurrence rows as belong wrote.
# usage: import_floor PACKAGE_DIR OCCURRENCES NAME; sets $elapsed (wall) and $cpu_s (user + system).
import_floor() {
  local dir=$1 occurrences=$2 name=$3
  rm -f "$work/$name.db"*
  timed "$name" /usr/bin/time -f 'cpu-s %U %S' sqlite3 "$work/$name.db" "PRAGMA journal_mode = WAL" \
    "PRAGMA cache_size = -262144" "BEGIN" ".import --csv $dir/services.csv services" \
    "CREATE VIRTUAL TABLE t USING fts5(name, description, content = '')" \
    "INSERT INTO t(rowid, name, description) SELECT rowid, name, description FROM services" \
    "CREATE TABLE occurrence(activity_id INTEGER NOT NULL, start_utc INTEGER NOT NULL,
       end_utc INTEGER NOT NULL, weekday INTEGER NOT NULL, start_minute INTEGER NOT NULL,
       PRIMARY KEY(activity_id, start_utc)) WITHOUT ROWID" \
    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $occurrences - 1)
       INSERT INTO occurrence SELECT i / 11 + 1, 1790000000 + (i % 11) * 604800,
       1790003600 + (i % 11) * 604800, i % 7, 600 FROM n" "COMMIT"
  cpu_s=$(awk '/^cpu-s/ { printf "%.2f", $2 + $3 }' "$work/$name.log")
  rm -f "$work/$name.db"*
}

# The least any import writing belong's database can take: the rows belong's import wrote to DB
# (every table it fills, the FTS5 and R*Tree rows) copied by SQLite alone from DB, attached, into
# an emptied copy of its schema (its indexes, FTS5 and R*Tree), one transaction, with the import
# connection's settings: no file read, no value parsed or checked, no schedule expanded.
# usage: import_write_only DB NAME; sets $cpu_s (user + system).
import_write_only() {
  local db=$1 name=$2 t cols
  local script=("PRAGMA journal_mode = WAL" "PRAGMA foreign_keys = ON"
    "PRAGMA synchronous = NORMAL" "PRAGMA cache_size = -65536" "PRAGMA temp_store = MEMORY"
    "ATTACH '$db' AS src" "BEGIN")
  rm -f "$work/$name.db"*
  sqlite3 "$db" ".backup '$work/$name.db'"
  sqlite3 "$work/$name.db" "PRAGMA foreign_keys = OFF" \
    "$(for t in activity_text activity_place occurrence schedule activity location organization source; do
      printf 'DELETE FROM %s; ' "$t"; done)" "VACUUM"
  for t in source organization location activity schedule occurrence; do
    cols=$(sqlite3 "$db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
    script+=("INSERT INTO main.$t($cols) SELECT $cols FROM src.$t")
  done
  script+=("INSERT INTO activity_text(rowid, name, description, tags, organization)
      SELECT rowid, name, description, tags, organization FROM src.activity_text"
    "INSERT INTO activity_place SELECT * FROM src.activity_place" "COMMIT")
  timed "$name" /usr/bin/time -f 'cpu-s %U %S' sqlite3 "$work/$name.db" "${script[@]}"
  cpu_s=$(awk '/^cpu-s/ { printf "%.2f", $2 + $3 }' "$work/$name.log")
  rm -f "$work/$name.db"*
}

# The same database by sqlite3 alone: the rows belong's import wrote to DB (every table it fills,
# the FTS5 and R*Tree rows), dumped to CSV beforehand (untimed; a NULL written as \N), then loaded
# by the sqlite3 shell into a copy of belong's schema whose tables are empty (its indexes, FTS5 and
# R*Tree included), in one transaction, with the settings of belong's import connection (WAL,
# foreign keys, synchronous NORMAL, a 64 MiB page cache). What belong takes beyond it is its own
# reading, checking, staging and assembling. usage: import_sqlite_alone DB NAME; sets $elapsed
# (wall) and $cpu_s (user + system).
import_sqlite_alone() {
  local db=$1 name=$2 dir="$work/$name-csv" t cols sel
  local tables=(source organization location activity schedule occurrence)
  rm -rf "$dir" "$work/$name.db"*
  mkdir -p "$dir"
  sqlite3 "$db" ".backup '$work/$name.db'"
  local script=("PRAGMA journal_mode = WAL" "PRAGMA foreign_keys = ON"
    "PRAGMA synchronous = NORMAL" "PRAGMA cache_size = -65536" "PRAGMA temp_store = MEMORY"
    "BEGIN")
  for t in "${tables[@]}"; do
    sqlite3 -csv -header -nullvalue '\N' "$db" "SELECT * FROM $t" >"$dir/$t.csv"
    cols=$(sqlite3 "$db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
    sel=$(sqlite3 "$db" "SELECT group_concat(printf('nullif(%s, ''\N'')', name), ', ')
      FROM pragma_table_info('$t')")
    script+=(".import --csv --schema temp $dir/$t.csv ${t}_in"
      "INSERT INTO main.$t($cols) SELECT $sel FROM temp.${t}_in")
  done
  sqlite3 -csv -header "$db" "SELECT rowid AS id, name, description, tags, organization
    FROM activity_text" >"$dir/activity_text.csv"
  sqlite3 -csv -header "$db" "SELECT * FROM activity_place" >"$dir/activity_place.csv"
  script+=(".import --csv --schema temp $dir/activity_text.csv activity_text_in"
    "INSERT INTO activity_text(rowid, name, description, tags, organization)
       SELECT id, name, description, tags, organization FROM temp.activity_text_in"
    ".import --csv --skip 1 $dir/activity_place.csv activity_place" "COMMIT")
  # The copy of the schema, emptied (untimed).
  sqlite3 "$work/$name.db" "PRAGMA foreign_keys = OFF" \
    "$(for t in activity_text activity_place occurrence schedule activity location organization source; do
      printf 'DELETE FROM %s; ' "$t"; done)" "VACUUM"
  timed "$name" /usr/bin/time -f 'cpu-s %U %S' sqlite3 "$work/$name.db" "${script[@]}"
  cpu_s=$(awk '/^cpu-s/ { printf "%.2f", $2 + $3 }' "$work/$name.log")
  local want got
  local counts="SELECT (SELECT count(*) FROM activity), (SELECT count(*) FROM occurrence),
    (SELECT count(*) FROM activity_text), (SELECT count(*) FROM activity_place),
    (SELECT count(*) FROM activity WHERE lat IS NULL)"
  want=$(sqlite3 "$db" "$counts")
  got=$(sqlite3 "$work/$name.db" "$counts")
  [ "$want" = "$got" ] || { echo "bench: sqlite3 alone loaded $got rows, not $want" >&2; exit 70; }
  rm -rf "$dir" "$work/$name.db"*
}

# belong import hsds of PACKAGE_DIR into a fresh NAME.db under GNU time: sets $elapsed,
# $peak_mib (peak resident memory) and $cpu_s (user + system).
# usage: timed_import PACKAGE_DIR NAME
timed_import() {
  local dir=$1 name=$2
  rm -f "$work/$name.db"*
  timed "$name" /usr/bin/time -f 'peak-kib %M cpu-s %U %S' "$belong" import hsds "$dir" \
    --db "$work/$name.db"
  peak_mib=$(awk '/^peak-kib/ { printf "%.0f", $2 / 1024 }' "$work/$name.log")
  cpu_s=$(awk '/^peak-kib/ { printf "%.2f", $4 + $5 }' "$work/$name.log")
}

# Time against the floor and peak memory against its goal, one line each.
import_verdict() {
  local secs=$1 floor=$2 peak=$3 goal=$4
  awk -v a="$secs" -v f="$floor" -v p="$peak" -v g="$goal" 'BEGIN {
    r = f > 0 ? a / f : 0
    printf "  time: %.2f s = %.1fx the floor of %.2f s (goal <= 2x): %s\n", a, r, f,
      r <= 2 ? "met" : "NOT met"
    printf "  peak RSS: %d MiB (goal <= %d MiB): %s\n", p, g, p <= g ? "met" : "NOT met" }'
}

# HSDS import of the package vs the sqlite3 shell importing its services.csv alone, vs the
# floor, and vs the same database by sqlite3 alone (import_sqlite_alone); its peak memory; then the same at BENCH_IMPORT_LARGE services (default 1,000,000; 0
# skips it: the package is about 2 GB and the run takes minutes).
bench_import() {
  command -v /usr/bin/time >/dev/null || { echo "bench: GNU time (/usr/bin/time) is needed" >&2; exit 69; }
  echo "import: belong import hsds vs sqlite3 .import of the same services.csv"
  prepare
  timed_import "$work/hsds" import
  local belong_s=$elapsed belong_peak=$peak_mib belong_cpu=$cpu_s
  grep -v '^peak-kib' "$work/import.log" | sed -n 's/^/  | /p'
  timed sqlite-import sqlite3 :memory: ".import --csv $work/hsds/services.csv services" \
    "SELECT count(*) FROM services"
  local sqlite_s=$elapsed
  echo "  belong import hsds:       ${belong_s} s (whole package: parsed, checked, schedules expanded, indexed)"
  echo "  sqlite3 .import services: ${sqlite_s} s"
  awk -v a="$belong_s" -v b="$sqlite_s" 'BEGIN {
    r = b > 0 ? a / b : 0
    printf "  ratio: %.1fx the .import\n", r }'
  local occurrences
  occurrences=$(sqlite3 "$work/import.db" "SELECT count(*) FROM occurrence")
  import_floor "$work/hsds" "$occurrences" sqlite-floor
  local floor_s=$elapsed floor_cpu=$cpu_s
  awk -v f="$floor_s" -v b="$sqlite_s" 'BEGIN {
    printf "  floor, sqlite3 alone: services.csv as rows + FTS5 of name, description + the\n"
    printf "    occurrence rows, one transaction: %.2f s = %.1fx the .import\n", f,
      (b > 0 ? f / b : 0) }'
  import_verdict "$belong_s" "$floor_s" "$belong_peak" 200
  import_write_only "$work/import.db" sqlite-write-only
  awk -v w="$cpu_s" -v f="$floor_cpu" -v a="$belong_cpu" 'BEGIN {
    printf "  by CPU (user + system): the floor %.2f s; belong import hsds %.2f s = %.1fx the floor;\n",
      f, a, (f > 0 ? a / f : 0)
    printf "    SQLite copying the rows belong wrote, from the database itself attached (no file\n"
    printf "    read, nothing parsed, checked or expanded: the least any import writing this schema\n"
    printf "    can take) %.2f s = %.1fx the floor\n", w, (f > 0 ? w / f : 0) }'
  import_sqlite_alone "$work/import.db" sqlite-alone
  awk -v a="$belong_cpu" -v w="$belong_s" -v c="$cpu_s" -v e="$elapsed" 'BEGIN {
    printf "  the same database by sqlite3 alone (the rows belong wrote, from CSV, into its\n"
    printf "    schema with its indexes, FTS5 and R*Tree, one transaction): %.2f s CPU, %.2f s\n", c, e
    printf "    wall; belong import hsds: %.2f s CPU = %.1fx, %.2f s wall = %.1fx\n", a,
      (c > 0 ? a / c : 0), w, (e > 0 ? w / e : 0) }'
  # Where the time goes: the same package without schedules.csv (no occurrences to expand),
  # read by its files' names (its datapackage.json lists schedules.csv).
  mkdir -p "$work/hsds-no-schedules"
  for f in "$work"/hsds/*.csv; do
    [ "$(basename "$f")" = schedules.csv ] || ln -sf "$f" "$work/hsds-no-schedules/"
  done
  timed_import "$work/hsds-no-schedules" import-ns
  echo "  of which without schedules.csv (no occurrences): ${elapsed} s, peak ${peak_mib} MiB"
  rm -f "$work/import-ns.db"*

  local large=${BENCH_IMPORT_LARGE:-1000000}
  [ "$large" -gt 0 ] || return 0
  echo "import: the same at $large services"
  rm -rf "$work/hsds-large"
  timed gen-hsds-large "$belong" gen --activities "$large" --seed "$seed" --hsds "$work/hsds-large"
  echo "  HSDS package of $large services written in ${elapsed} s" \
    "($(du -sh "$work/hsds-large" | cut -f1))"
  rm -f "$work/import-large.db"*
  timed "import-large" /usr/bin/time -f 'peak-kib %M' "$belong" import hsds "$work/hsds-large" \
    --db "$work/import-large.db"
  peak_mib=$(awk '/^peak-kib/ { printf "%.0f", $2 / 1024 }' "$work/import-large.log")
  local large_s=$elapsed large_peak=$peak_mib
  grep -v '^peak-kib' "$work/import-large.log" | sed -n 's/^/  | /p'
  occurrences=$(sqlite3 "$work/import-large.db" "SELECT count(*) FROM occurrence")
  rm -f "$work/import-large.db"*
  import_floor "$work/hsds-large" "$occurrences" sqlite-floor-large
  import_verdict "$large_s" "$elapsed" "$large_peak" 300
  rm -rf "$work/hsds-large"
}

# Search latency over varied queries against the generated catalogue, one store connection.
bench_search() {
  [ -f "$work/gen.db" ] || bench_gen
  echo "search: $queries varied queries on $activities activities (bench_search, in process)"
  "$build/bench_search" "$work/gen.db" "$queries" "$seed" | sed 's/^/  /'
}

# Recommend latency: 50 random peers added to a copy of the generated catalogue, $queries
# recommendations (top 10, 21 days) in process, against a bare FTS5 top-10 of the same words.
bench_recommend() {
  [ -f "$work/gen.db" ] || bench_gen
  [ -x "$build/bench_recommend" ] || { echo "bench: $build/bench_recommend is missing" >&2; exit 70; }
  echo "recommend: $queries recommendations on $activities activities (bench_recommend, in process)"
  sqlite3 "$work/gen.db" ".backup '$work/recommend.db'"
  "$build/bench_recommend" "$work/recommend.db" "$queries" 50 "$seed" | sed 's/^/  /'
}

# The reports (issue 12): a peer's report and the caseload report, for a CPS's caseload of 60
# peers and an agency's 5,000, each peer with a year of records (bench/report_bench.c writes them
# through the store on the demo catalogue; the 5,000 take about 80 s to write).
bench_reports() {
  [ -x "$build/bench_report" ] || { echo "bench: $build/bench_report is missing" >&2; exit 70; }
  local peers
  for peers in 60 5000; do
    echo "reports: $peers peers, a year of records each (bench_report, in process)"
    rm -f "$work/reports-$peers.db"*
    "$build/bench_report" "$work/reports-$peers.db" "$peers" "$seed" | sed 's/^/  /'
  done
}

# Matching quality on the evaluation set (tests/eval/): precision@5 and nDCG@10 of recommend.
bench_eval() {
  echo "eval: belong recommend against tests/eval/ (37 peers, the demo catalogue)"
  bash "$root/tests/eval/evaluate.sh" "$build" | grep -E '^(peers|bad@5|precision@5|ndcg@10)' |
    sed 's/^/  /'
}

# Hostile inputs (issue 9): the worst input of each class at two sizes 4x apart, imported into
# a fresh database: time and peak RSS (GNU time). Growth is linear when 4x the input takes at
# most 5x the time; every run must stay under 256 MiB. Inputs come from tests/hostile/gen.sh.
bench_hostile() {
  command -v /usr/bin/time >/dev/null || { echo "bench: GNU time (/usr/bin/time) is needed" >&2; exit 69; }
  local gen="$root/tests/hostile/gen.sh" dir="$work/hostile"
  mkdir -p "$dir"
  echo "hostile: time and peak memory, each class at two sizes (4x apart)"
  printf '  %-44s %10s %8s %9s %7s  %s\n' "class" "size" "seconds" "peak MiB" "x time" "verdict"
  # class kind small big what (sizes in the generator's unit)
  local rows=(
    "long-raw ical 2000000 8000000 one unfolded line, refused at the 65,536-byte limit (bytes)"
    "long-line ical 15000 60000 one folded DESCRIPTION within the limit (bytes)"
    "exdate ical 2500 10000 EXDATE lines on one weekly series"
    "rdate ical 2500 10000 RDATE lines on one weekly series"
    "recurrence-id ical 2500 10000 RECURRENCE-ID overrides of one daily series"
    "events ical 25000 100000 weekly events in one calendar"
    "json-schedules hsds 25000 100000 schedules on one HSDS JSON service"
    "csv-rows hsds 25000 100000 services with a schedule each, HSDS CSV"
  )
  local row class kind small big what size t0 t1 secs rss first_secs ratio verdict
  for row in "${rows[@]}"; do
    read -r class kind small big what <<<"$row"
    first_secs=""
    for size in "$small" "$big"; do
      local input="$dir/$class-$size"
      [ "$kind" = ical ] && input="$input.ics"
      [ "$class" = json-schedules ] && input="$input.json"
      rm -rf "$input"
      "$gen" "$class" "$size" "$input"
      rm -f "$dir/h.db"*
      /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$belong" --db "$dir/h.db" import "$kind" "$input" \
        >"$dir/import.log" 2>&1 || true
      read -r secs rss < <(tail -1 "$dir/time.txt")
      rss=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
      if [ -z "$first_secs" ]; then
        first_secs=$secs ratio="" verdict=""
      else
        ratio=$(awk -v a="$secs" -v b="$first_secs" 'BEGIN { printf "%.1f", (b > 0.01 ? a / b : 1) }')
        verdict=$(awk -v a="$secs" -v b="$first_secs" -v r="$rss" 'BEGIN {
          lin = (a <= 5 * b || a < 0.05) ? "linear" : "NOT linear"
          printf "%s, %s", lin, (r < 256 ? "under 256 MiB" : "OVER 256 MiB") }')
      fi
      printf '  %-44s %10s %8s %9s %7s  %s\n' "$class ($kind)" "$size" "$secs" "$rss" "$ratio" "$verdict"
    done
    echo "    $what: $(tail -1 "$dir/import.log" | cut -c1-100)"
  done
  for special in /dev/zero "$dir/tz-minutely.ics"; do
    if [ "$special" != /dev/zero ]; then
      cp "$root/tests/fixtures/hostile/tz-minutely.ics" "$special"
    fi
    /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$belong" --db "$dir/h.db" import ical "$special" \
      >"$dir/import.log" 2>&1 || true
    read -r secs rss < <(tail -1 "$dir/time.txt")
    printf '  %-44s %10s %8s %9s\n' "$(basename "$special") (ical, refused)" "-" "$secs" \
      "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
  done
}

# Inference quality on the hand-judged listings (tests/infer/labelled.tsv): category right and
# intensity within one level, for the whole set, its dev part and its held-out quarter.
bench_infer() {
  echo "infer: category and intensity inferred for the listings of tests/infer/labelled.tsv"
  "$build/infer_eval" "$root/tests/infer/labelled.tsv" | tail -n +2
}

# belong serve under wrk against nginx serving the same bytes, and its peak RSS (bench/web.sh),
# on the generated database. wrk and nginx (Debian) are bench-only: installed here when missing.
bench_web() {
  echo "web: belong serve and nginx under wrk on loopback, $activities activities"
  bash "$root/scripts/deps.sh" wrk nginx
  [ -f "$work/gen.db" ] || timed gen "$belong" gen --activities "$activities" --seed "$seed" \
    --db "$work/gen.db"
  bash "$root/bench/web.sh" "$belong" "$work/gen.db" "${BENCH_WEB_SECONDS:-10}" 64
}

echo "belong benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "build: $build; scratch: $work"
for name in "${@:-${BENCHES[@]}}"; do
  echo
  "bench_$name"
done
