#!/usr/bin/env bash
# test-backup.sh — `belong backup FILE` and `belong restore FILE`: a consistent, checked, private
# copy made while another process writes; never over an existing file unless --force; a restore
# that puts the backup's content back whole and keeps the audit rows written since; and files
# refused by restore (truncated, garbage, another program's, a newer schema, missing) leaving the
# database as it was, each refusal audited.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/backup"
rm -rf "$tmp"
mkdir -p "$tmp"
export BELONG_DB="$tmp/b.db"
export BELONG_CPS=demo
q() { sqlite3 "$1" "$2"; }
# The rows of every table but the audit trail's and the directory's version (a restore moves it
# on, so that servers read the listings again).
content() { sqlite3 "$1" .dump | grep -v -e '^PRAGMA' -e '^INSERT INTO audit ' -e 'directory_version' | sha256sum; }
audit_rows() { q "$BELONG_DB" "SELECT count(*) FROM audit WHERE operation = '$1' AND outcome = '$2'"; }

"$BELONG" demo >/dev/null 2>&1
peer=$("$BELONG" peer list --json | jq '.[0].id')

run "$BELONG" backup --help
expect_status 0 "backup --help exits 0"
expect_out_has "key file" "backup --help says the key file is backed up separately"
run "$BELONG" restore --help
expect_status 0 "restore --help exits 0"
run "$BELONG" backup
expect_status 64 "backup without FILE is a usage error"

# ---- a backup made while another process writes ----------------------------------------------
measures_before=$(q "$BELONG_DB" "SELECT count(*) FROM measure")
(
  for i in $(seq 1 40); do
    "$BELONG" measure add "$peer" lsns6 --answers 1,2,3,1,2,3 >/dev/null 2>"$tmp/writer.err" ||
      { echo "write $i failed" >>"$tmp/writer.fail"; }
  done
) &
writer=$!
n_backups=0
sound=0 whole=0 private=0 alone=0
while kill -0 "$writer" 2>/dev/null && [ "$n_backups" -lt 30 ]; do
  n_backups=$((n_backups + 1))
  f="$tmp/during-$n_backups.db"
  "$BELONG" backup "$f" >/dev/null 2>>"$tmp/backup.err" || continue
  [ "$(q "$f" "PRAGMA integrity_check")" = ok ] && sound=$((sound + 1))
  # every LSNS-6 in the copy has its six answers: no write is half in it
  [ "$(q "$f" "SELECT count(*) FROM measure m WHERE instrument = 'lsns6' AND
              (SELECT count(*) FROM measure_answer a WHERE a.measure_id = m.id) <> 6")" = 0 ] &&
    whole=$((whole + 1))
  [ "$(stat -c %a "$f")" = 600 ] && private=$((private + 1))
  [ ! -e "$f-wal" ] && [ ! -e "$f-journal" ] && alone=$((alone + 1))
done
wait "$writer"
check "the writer's 40 writes all succeeded while backups ran" test ! -e "$tmp/writer.fail"
check "every write is in the database" \
  test "$(q "$BELONG_DB" "SELECT count(*) FROM measure")" -eq $((measures_before + 40))
check "several backups were made during the writes ($n_backups)" test "$n_backups" -ge 2
check "every backup succeeded" test ! -s "$tmp/backup.err"
check "every backup passes SQLite's integrity check ($sound of $n_backups)" test "$sound" -eq "$n_backups"
check "every backup holds whole writes only ($whole of $n_backups)" test "$whole" -eq "$n_backups"
check "every backup is created 0600 ($private of $n_backups)" test "$private" -eq "$n_backups"
check "every backup is one file, no log beside it ($alone of $n_backups)" test "$alone" -eq "$n_backups"
in_last=$(q "$tmp/during-$n_backups.db" "SELECT count(*) FROM measure")
check "a backup holds a moment of the writes ($in_last)" \
  test "$in_last" -ge "$measures_before" -a "$in_last" -le $((measures_before + 40))

run "$BELONG" backup "$tmp/full.db"
expect_status 0 "backup after the writes"
expect_out_has "checked" "backup says the copy was checked"
check "the backup holds the database's content" test "$(content "$tmp/full.db")" = "$(content "$BELONG_DB")"
check "the backup is written to the audit trail" test "$(audit_rows backup ok)" -ge 2

# ---- never over an existing file unless --force ----------------------------------------------
echo "keep me" >"$tmp/existing.db"
run "$BELONG" backup "$tmp/existing.db"
expect_status 64 "backup refuses an existing file"
expect_err_has "already exists" "... saying so"
check "... and leaves it as it was" test "$(cat "$tmp/existing.db")" = "keep me"
run "$BELONG" backup "$tmp/existing.db" --force
expect_status 0 "backup --force replaces it"
check "... with a sound copy" test "$(q "$tmp/existing.db" "PRAGMA integrity_check")" = ok
run "$BELONG" backup "$BELONG_DB" --force
expect_status 64 "backup refuses the database itself, even with --force"
check "... which stays sound" test "$(q "$BELONG_DB" "PRAGMA integrity_check")" = ok
check "no temporary file is left behind" test -z "$(ls "$tmp" | grep -E '\.db\.[A-Za-z0-9]{6}$')"

# ---- restore ----------------------------------------------------------------------------------
backup_content=$(content "$tmp/full.db")
"$BELONG" measure add "$peer" ucla3 --answers 1,1,1 >/dev/null 2>&1
"$BELONG" peer archive "$peer" >/dev/null 2>&1
audit_before=$(q "$BELONG_DB" "SELECT count(*) FROM audit")
check "the database changed since the backup" test "$(content "$BELONG_DB")" != "$backup_content"
run "$BELONG" restore "$tmp/full.db"
expect_status 0 "restore puts the backup back"
check "the database's content is the backup's" test "$(content "$BELONG_DB")" = "$backup_content"
check "the database is sound" test "$(q "$BELONG_DB" "PRAGMA integrity_check")" = ok
check "the audit rows written since the backup are kept, and the restore added" \
  test "$(q "$BELONG_DB" "SELECT count(*) FROM audit")" -eq $((audit_before + 1))
check "the restore is written to the audit trail" test "$(audit_rows restore ok)" -eq 1
run "$BELONG" peer list --json
check "the peer archived after the backup is back in the list" \
  test "$(printf '%s' "$out" | jq --argjson p "$peer" '[.[] | select(.id == $p)] | length')" -eq 1
run "$BELONG" restore "$BELONG_DB"
expect_status 64 "restore refuses the database itself"

# A restore into a database that does not exist yet (the disk was lost).
run "$BELONG" --db "$tmp/new/fresh.db" restore "$tmp/full.db"
expect_status 66 "restore into a missing folder exits 66"
mkdir -p "$tmp/new"
# The key that seals the peer fields is not in a backup: it goes beside the new database by hand.
cp "$BELONG_DB.key" "$tmp/new/fresh.db.key"
run "$BELONG" --db "$tmp/new/fresh.db" restore "$tmp/full.db"
expect_status 0 "restore creates the database from the backup"
check "... with the backup's content" test "$(content "$tmp/new/fresh.db")" = "$backup_content"
check "... private (0600)" test "$(stat -c %a "$tmp/new/fresh.db")" = 600

# An older backup: its schema is brought up to date.
cp "$tmp/full.db" "$tmp/old.db"
version=$(q "$tmp/old.db" "PRAGMA user_version")
# (the schema before migration 19, which made the accounts and the audit trail)
q "$tmp/old.db" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TABLE audit;
  DROP TABLE login_failure; DROP TABLE api_token; DROP TABLE session; DROP TABLE user_account;
  PRAGMA user_version = 18"
run "$BELONG" --db "$tmp/new/fresh.db" restore "$tmp/old.db"
expect_status 0 "restore takes a backup of an older schema"
check "... and brings it up to date" \
  test "$(q "$tmp/new/fresh.db" "PRAGMA user_version")" = "$version" -a \
  "$(q "$tmp/new/fresh.db" "SELECT count(*) FROM sqlite_schema WHERE name = 'audit'")" = 1

# A restore while `belong serve` runs: the server then answers from the restored database (the
# listings it keeps in memory are read again), and goes on answering.
serve_db="$tmp/serve.db"
cp "$tmp/full.db" "$serve_db"
cp "$BELONG_DB.key" "$serve_db.key"
"$BELONG" --db "$serve_db" backup "$tmp/serve-backup.db" >/dev/null
"$BELONG" --db "$serve_db" serve --listen 127.0.0.1:0 --threads 2 >"$tmp/listening" 2>"$tmp/serve.log" &
server=$!
for _ in $(seq 300); do grep -q '^listening on ' "$tmp/listening" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$tmp/listening")
intensity() { curl -s "$base/api/v1/activities/1" | jq .intensity; }
before=$(intensity)
other=$((before % 5 + 1))
"$BELONG" --db "$serve_db" activity set 1 --intensity "$other" >/dev/null
check "the server sees a change made beside it ($before -> $(intensity))" test "$(intensity)" = "$other"
run "$BELONG" --db "$serve_db" restore "$tmp/serve-backup.db"
expect_status 0 "restore while the server runs"
check "the server then answers from the restored database" test "$(intensity)" = "$before"
kill "$server"
wait "$server"
check "the server stopped cleanly after" test $? -eq 0

# ---- files refused: the database unchanged, the refusal audited ------------------------------
size=$(stat -c %s "$tmp/full.db")
head -c $((size / 2)) "$tmp/full.db" >"$tmp/half.db"
head -c 1000 "$tmp/full.db" >"$tmp/stub.db"
head -c 50000 /dev/urandom >"$tmp/garbage.db"
printf 'not a database at all\n' >"$tmp/text.db"
: >"$tmp/empty.db"
q "$tmp/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
cp "$tmp/full.db" "$tmp/newer.db"
q "$tmp/newer.db" "PRAGMA user_version = $((version + 1))"
cp "$tmp/full.db" "$tmp/corrupt.db"
# overwrite one page in the middle with zeros: a file of the right size that lies
pages=$((size / 4096))
dd if=/dev/zero of="$tmp/corrupt.db" bs=4096 seek=$((pages / 2)) count=1 conv=notrunc 2>/dev/null
before=$(db_digest "$BELONG_DB")
refused_before=$(audit_rows restore refused)
n_refused=0
for f in half stub garbage text empty other newer corrupt; do
  run "$BELONG" restore "$tmp/$f.db"
  expect_status 65 "restore refuses the $f file (65)"
  expect_err_has "$tmp/$f.db" "... naming it"
  check "... and leaves the database as it was" test "$(db_digest "$BELONG_DB")" = "$before"
  n_refused=$((n_refused + 1))
done
run "$BELONG" restore "$tmp/newer.db"
expect_err_has "newer than this belong" "a newer schema is refused as newer"
n_refused=$((n_refused + 1))
run "$BELONG" restore "$tmp/other.db"
expect_err_has "not a belong database" "another program's database is refused as not belong's"
n_refused=$((n_refused + 1))
run "$BELONG" restore "$tmp/missing.db"
expect_status 66 "restore of a missing file exits 66"
n_refused=$((n_refused + 1))
check "every refused restore is audited" \
  test "$(audit_rows restore refused)" -eq $((refused_before + n_refused))
check "the database is still sound" test "$(q "$BELONG_DB" "PRAGMA integrity_check")" = ok

finish
