#!/usr/bin/env bash
# test-seal.sh — encryption at rest (docs/privacy.md): a peer with a distinctive name, contact,
# interests, goals, a choice's note, a plan's note and reason, a visit's reflections, a
# connection's name and place and measure answers; none of those words is in the database
# file, its write-ahead log (kept open by a running server), the server's log, the commands'
# stderr or the audit trail, and each sealed column holds only sealed values; the key file's
# checks (made 0600, refused when missing, readable by others, a link or another database's);
# a database from before sealing sealed at its first write; `belong key rotate`.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/seal"
mkdir -p "$tmp"
db="$tmp/seal.db"
export BELONG_DB="$db" BELONG_CPS=maria BELONG_NOW=2026-12-04
unset BELONG_KEY_FILE
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
logs="$tmp/stderr.log" # every command's stderr
: >"$logs"
b() { "$BELONG" "$@" 2>>"$logs"; }

run "$BELONG" key --help
expect_status 0 "key --help exits 0"
expect_out_has "belong key rotate --db belong.db" "key --help shows examples"
run "$BELONG" key turn
expect_status 64 "an unknown key subcommand is a usage error"
run "$BELONG" --key "" search
expect_status 64 "an empty --key is a usage error"

b import ical "$FIXTURES/ical/plans.ics" >/dev/null
check "a database of listings alone makes no key file" test ! -e "$db.key"

# A server holds the database open, so the write-ahead log stays beside it with what the
# commands below write (the last connection to close would fold it in and remove it).
"$BELONG" serve --listen 127.0.0.1:0 --threads 2 >"$tmp/listening" 2>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 300); do grep -q '^listening on ' "$tmp/listening" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$tmp/listening")
check "the server is up" test -n "$base"
curl -s "$base/api/v1/activities?q=garden" >/dev/null # its workers open the database

secrets=(Quillonia Zarathustrine qz-7731@example.org zitherwork heliotropic-goal
  chosen-for-the-marmosets plan-note-gargoyle skipped-for-the-blizzard with-Ottoline
  felt-like-saffron next-is-the-accordion Xanthippe the-yarnbombery)
b peer add --json - >/dev/null <<'JSON'
{"name": "Quillonia Zarathustrine", "pronouns": "xe/xem", "contact": "qz-7731@example.org",
 "home": "01608", "interests": ["zitherwork"], "goals": ["heliotropic-goal"]}
JSON
peer=$(peer_id "$db" maria "Quillonia Zarathustrine")
check "the peer is added and found by name through belong" test -n "$peer"
check "the key file is made 0600 when the first value is sealed" \
  test "$(stat -c %a "$db.key" 2>/dev/null)" = 600
b recommend "$peer" --choose 1 --force --note chosen-for-the-marmosets >/dev/null
b plan add "$peer" 2 --date 2026-12-10 --note plan-note-gargoyle >/dev/null
plan=$(b plan list "$peer" --json | jq '[.[] | select(.activity_id == 2)][0].id')
b plan skip "$plan" --reason skipped-for-the-blizzard >/dev/null
b visit add "$peer" --activity 1 --date 2026-12-01 --went yes --with with-Ottoline \
  --felt felt-like-saffron --next next-is-the-accordion --comfort-after 4 >/dev/null
b connection add "$peer" Xanthippe --relationship friend --closeness 3 \
  --met-place the-yarnbombery >/dev/null
b measure add "$peer" ucla3 --answers 2,3,1 >/dev/null
b peer edit "$peer" --pronouns ze/zir >/dev/null

# Read back through belong: every value opens.
check "peer show gives the name, contact and words back" \
  test "$(b peer show "$peer" --json | jq -r '[.name, .contact, .pronouns, .interests[0], .goals[0]] | join("|")')" \
  = "Quillonia Zarathustrine|qz-7731@example.org|ze/zir|zitherwork|heliotropic-goal"
check "the export gives the choice's note, the connection and the measure back" \
  test "$(b peer export "$peer" | jq -r '[.choices[0].note, .connections[0].name, .connections[0].met_place, (.measures[0].answers | length | tostring)] | join("|")')" \
  = "chosen-for-the-marmosets|Xanthippe|the-yarnbombery|3"
check "the plan's note and reason come back" \
  test "$(b plan list "$peer" --json | jq -r --argjson p "$plan" '.[] | select(.id == $p) | .note + "|" + .reason')" \
  = "plan-note-gargoyle|skipped-for-the-blizzard"
check "the visit's reflections come back" \
  test "$(b visit list "$peer" --json | jq -r '.[0] | [.with, .felt, .next] | join("|")')" \
  = "with-Ottoline|felt-like-saffron|next-is-the-accordion"
check "peer list NAME finds the peer by part of the name, in any case" \
  test "$(b peer list zARAth --json | jq -r '[.[].id] | join(",")')" = "$peer"
check "and a name no peer has finds none" test "$(b peer list nobody --json | jq length)" = 0

# Every sealed column holds sealed values only, and each was written at least once here.
for col in peer.name peer.pronouns peer.contact peer_item.text peer_choice.note \
  peer_choice_history.note plan.note plan.reason visit.with_whom visit.felt visit.next_step \
  connection.name connection.met_place measure_answer.code; do
  t=${col%.*} c=${col#*.}
  check "$col: $(sqlite3 "$db" "SELECT count(*) FROM $t WHERE $c IS NOT NULL") values, all sealed" \
    test "$(sqlite3 "$db" "SELECT count(*) > 0 AND sum(typeof($c) <> 'blob') = 0 FROM $t WHERE $c IS NOT NULL")" = 1
done

check "the write-ahead log is there, with what was written" test -s "$db-wal"
for word in "${secrets[@]}" xe/xem; do
  check "'$word' is in neither the database file nor its log" \
    sh -c "! cat '$db' '$db-wal' | grep -aqF -- '$word'"
done
curl -s "$base/" >/dev/null
curl -s "$base/api/v1/activities?q=garden" >/dev/null
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=""

# A peer erased: its sealed values go too, with secure_delete (the freelist keeps no copy).
b peer add --name Bertholdina-Erased --contact erased-contact@example.org >/dev/null
erased=$(peer_id "$db" maria Bertholdina-Erased)
erased_blob=$(sqlite3 "$db" "SELECT hex(contact) FROM peer WHERE id = $erased")
b peer delete "$erased" --yes >/dev/null
cat "$db" "$db-wal" 2>/dev/null | xxd -p | tr -d '\n' >"$tmp/db.hex"
check "the erased peer's sealed contact is nowhere in the file, its free pages included" \
  sh -c "! grep -qi '$erased_blob' '$tmp/db.hex'"
for word in "${secrets[@]}" Bertholdina erased-contact; do
  check "'$word' is in no log: the commands' stderr, the server's" \
    sh -c "! cat '$logs' '$tmp/server.log' | grep -aqF -- '$word'"
done
check "and in no audit row" sh -c "! sqlite3 '$db' 'SELECT * FROM audit' | grep -aqF Quillonia"

# ---- the key file ----------------------------------------------------------------------------
before=$(db_digest "$db")
mv "$db.key" "$tmp/saved.key"
run "$BELONG" peer show "$peer"
expect_status 66 "a sealed database without its key file is refused (66)"
expect_err_has "its key file $db.key is missing" "saying which file"
check "and no new key is made for it" test ! -e "$db.key"
run "$BELONG" search --town Worcester
expect_status 66 "every command, a search too"
cp -p "$tmp/saved.key" "$db.key"
chmod 644 "$db.key"
run "$BELONG" peer show "$peer"
expect_status 77 "a key file others can read is refused (77)"
expect_err_has "can be read or written by others (mode 0644)" "saying why"
rm "$db.key"
ln -s "$tmp/saved.key" "$db.key"
run "$BELONG" peer show "$peer"
expect_status 77 "a key file that is a symbolic link is refused (77)"
expect_err_has "symbolic link" "saying why"
rm "$db.key"
"$BELONG" --db "$tmp/other.db" peer add --name Other >/dev/null 2>&1
run "$BELONG" --key "$tmp/other.db.key" peer show "$peer"
expect_status 65 "another database's key file is refused (65)"
expect_err_has "does not open this database" "saying so"
run "$BELONG" --key "$tmp/saved.key" peer show "$peer"
expect_status 0 "--key FILE names the key file"
BELONG_KEY_FILE="$tmp/saved.key" run "$BELONG" peer show "$peer"
expect_status 0 "and so does \$BELONG_KEY_FILE"
check "the refusals changed nothing" test "$(db_digest "$db")" = "$before"
mv "$tmp/saved.key" "$db.key"

# A value copied to another column of its row does not open, and says where it is.
cp -p "$db" "$tmp/copy.db"
cp -p "$db.key" "$tmp/copy.db.key"
sqlite3 "$tmp/copy.db" "UPDATE peer SET contact = name WHERE id = $peer"
run "$BELONG" --db "$tmp/copy.db" peer show "$peer"
expect_status 65 "a sealed value copied to another column is refused (65)"
expect_err_has "peer.contact of row $peer: the sealed value does not open" \
  "naming the table, column and row"

# ---- rotation --------------------------------------------------------------------------------
cp -p "$db.key" "$tmp/v1.key"
run "$BELONG" key rotate
expect_status 0 "key rotate"
expect_out_has "sealed with key version 2" "says the new version"
check "the key file holds the new version only" \
  test "$(grep -v '^#' "$db.key" | cut -d' ' -f1 | paste -sd,)" = 2
check "still 0600" test "$(stat -c %a "$db.key")" = 600
check "every sealed value now carries version 2" \
  test "$(sqlite3 "$db" "SELECT count(*) FROM peer WHERE hex(substr(name, 1, 4)) <> '00000002'")" = 0
check "and opens" test "$(b peer show "$peer" --json | jq -r .name)" = "Quillonia Zarathustrine"
run "$BELONG" --key "$tmp/v1.key" peer show "$peer"
expect_status 65 "the old key file no longer opens the database"
# A crash after the new version was added to the file, before the values were sealed with it:
# the file holds both, the values the old one. The database opens, and rotates on from there.
cp -p "$db.key" "$tmp/v2.key"
printf '3 %s\n' "$(head -c 32 /dev/urandom | xxd -p -c 64)" >>"$db.key"
run "$BELONG" peer show "$peer"
expect_status 0 "a key file with a version no value uses yet opens the database"
run "$BELONG" key rotate
expect_out_has "sealed with key version 4" "the next rotation goes past every version in the file"
check "which leaves version 4 alone" test "$(grep -v '^#' "$db.key" | cut -d' ' -f1 | paste -sd,)" = 4
check "the peer reads the same" test "$(b peer show "$peer" --json | jq -r .contact)" = "qz-7731@example.org"

# A rotation killed at any point (before, between or after its writes of the key file and its
# commit) loses nothing: the database still opens, every value the same.
crash="$tmp/crash.db"
"$BELONG" --db "$crash" demo >/dev/null 2>&1
everything() { # the demo peers' sealed fields, read through belong
  for c in demo demo2; do
    BELONG_CPS=$c "$BELONG" --db "$crash" peer list --json 2>&1 |
      jq -c '[.[] | [.name, .pronouns, .contact, .interests, .goals]]' 2>&1
  done
  BELONG_CPS=demo "$BELONG" --db "$crash" peer export 1 2>&1 | jq -c 'del(.exported_at, .audit)' 2>&1 # each export adds its audit row
}
want=$(everything)
killed=0
lost=""
for round in $(seq 12); do
  "$BELONG" --db "$crash" key rotate >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 250)))"
  kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
  wait "$pid" 2>/dev/null
  [ "$(everything)" = "$want" ] || lost="$lost round $round;"
done
check "12 rotations killed at random points ($killed before they ended): every value reads the same" \
  test -z "$lost" -a "$(printf '%s' "$want" | grep -c Rosa)" -ge 1
run "$BELONG" --db "$crash" key rotate
expect_status 0 "and a rotation after them ends"

# ---- a database from before sealing ----------------------------------------------------------
old="$tmp/old.db"
"$BELONG" --db "$old" import ical "$FIXTURES/ical/plans.ics" >/dev/null 2>&1
sqlite3 "$old" "INSERT INTO peer(id, cps, name, contact, created_at, updated_at)
  VALUES(1, 'maria', 'Plainolda Oldname', 'plain-old@example.org', 0, 0);
  INSERT INTO peer_item(peer_id, kind, position, text) VALUES(1, 'interest', 0, 'oldhobbyword');"
run "$BELONG" --db "$old" peer show 1
expect_status 0 "a database with values in clear opens"
expect_out_has "Plainolda Oldname" "and reads them"
check "its values were sealed at that first write" \
  test "$(sqlite3 "$old" "SELECT typeof(name) || typeof(contact) FROM peer; SELECT typeof(text) FROM peer_item" | paste -sd,)" = "blobblob,blob"
check "with a key file made for it" test "$(stat -c %a "$old.key" 2>/dev/null)" = 600
sqlite3 "$old" "VACUUM"
for word in Plainolda plain-old oldhobbyword; do
  check "'$word' is no longer in the file" sh -c "! grep -aqF -- '$word' '$old'"
done

finish
