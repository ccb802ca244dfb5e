#!/usr/bin/env bash
# test-user.sh — `belong user add|passwd|disable|list|token`: the first admin on a new
# database, then only an admin manages accounts; passwords read from stdin, refused under 12
# characters and never stored as given; a team; a disabled account; an API token printed once
# and stored hashed; usage errors; each refusal changes nothing.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/user"
mkdir -p "$tmp"
export BELONG_DB="$tmp/u.db"
unset BELONG_CPS
PW="correct horse battery"
add() { printf '%s\n' "${PW2-$PW}" | "$BELONG" user add "$@"; }

run "$BELONG" user --help
expect_status 0 "user --help exits 0"
expect_out_has "belong user add lee --role admin" "... with examples"

run add lee --role admin --cps lee
expect_status 0 "the first admin is added on a new database"
expect_out_has "added user lee (admin)" "... saying so"
check "... its password kept only as an Argon2id hash" test \
  "$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM user_account WHERE password_hash LIKE '\$argon2id\$%' AND instr(password_hash, '$PW') = 0")" = 1
run add pat --role supervisor --cps lee
expect_status 0 "an admin adds a supervisor"
run add sam --role cps --supervisor pat --cps lee
expect_status 0 "an admin adds a CPS to the supervisor's team"

before=$(db_digest "$BELONG_DB")
run add kim --role cps --cps sam
expect_status 77 "a CPS cannot add an account"
expect_err_has "only an admin manages accounts" "... saying why"
PW2="too short" run add kim --role cps --cps lee
expect_status 65 "a password under 12 characters is refused"
expect_err_has "shorter than 12 characters" "... saying why"
PW2="" run add kim --role cps --cps lee
expect_status 65 "an empty password is refused"
run "$BELONG" user add kim --role cps --cps lee </dev/null
expect_status 65 "no password at all is refused"
run add kim --role boss --cps lee
expect_status 64 "an unknown role is a usage error"
expect_err_has "'boss' is not a role" "... naming it"
run add kim --cps lee
expect_status 64 "no role is a usage error"
run add kim --role cps --supervisor sam --cps lee
expect_status 65 "a supervisor that is not a supervisor's account is refused"
expect_err_has "--supervisor: 'sam'" "... naming it"
run add sam --role cps --cps lee
expect_status 65 "a name taken is refused"
run add 'two words' --role cps --cps lee
expect_status 65 "a name that is no handle is refused"
run "$BELONG" user list --cps sam
expect_status 77 "a CPS cannot list the accounts"
check "no refusal changed the database" test "$(db_digest "$BELONG_DB")" = "$before"

run "$BELONG" user list --cps lee
expect_status 0 "an admin lists the accounts"
expect_out_has "sam                      cps         pat" "... with role and supervisor"
run "$BELONG" user list --json --cps lee
check "... and as JSON" test "$(printf '%s' "$out" | jq -r '.[2].supervisor')" = pat

printf '%s\n' "another long password" | "$BELONG" user passwd sam --cps sam >/dev/null 2>&1
check "a user sets their own password" test $? -eq 0
run sh -c "printf 'another long password\n' | '$BELONG' user passwd pat --cps sam"
expect_status 77 "... not another's"
run "$BELONG" user disable sam --cps lee
expect_status 0 "an admin disables an account"
run "$BELONG" user list --json --cps lee
check "... and the list says so" test "$(printf '%s' "$out" | jq -r '.[2].disabled')" = true
run "$BELONG" user disable nobody --cps lee
expect_status 66 "disabling no such user exits 66"

run "$BELONG" user token pat --cps lee
expect_status 0 "an admin makes an API token"
check "... printed once: 64 hex digits" test "$(printf '%s' "$out" | grep -cE '^[0-9a-f]{64}$')" = 1
check "... and stored only hashed" test \
  "$(sqlite3 "$BELONG_DB" "SELECT count(*) FROM api_token WHERE lower(hex(token_hash)) = '$out'")" = 0
run "$BELONG" user token pat --role cps --cps lee
expect_status 64 "token takes no --role"
run "$BELONG" user frobnicate
expect_status 64 "an unknown subcommand is a usage error"

finish
