#!/usr/bin/env bash
# test-categories.sh — `belong categories`: every category of data/categories.tsv with its slug,
# name and words, as text and --json, without a database; help and bad arguments.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/categories"
mkdir -p "$tmp"
tsv="$BELONG_ROOT/data/categories.tsv"
slugs=$(grep -v '^#' "$tsv" | cut -f1 | paste -sd, -)

run "$BELONG" categories --help
expect_status 0 "categories --help exits 0"
expect_out_has "Examples:" "categories --help shows examples"
run "$BELONG" help categories
expect_status 0 "help categories is categories --help"
run "$BELONG" --help
expect_out_has "categories" "belong --help lists the command"

# No database is needed, and none is created.
run "$BELONG" --db "$tmp/none.db" categories --json
expect_status 0 "categories --json exits 0 without a database"
check "no database file is created" test ! -e "$tmp/none.db"
check "--json lists every slug of data/categories.tsv, in file order" \
  test "$(printf '%s' "$out" | jq -r '[.[].slug] | join(",")')" = "$slugs"
check "each entry has exactly slug, name and words" \
  test "$(printf '%s' "$out" | jq 'all(.[]; keys == ["name","slug","words"])')" = true
check "names and words are the file's" \
  test "$(printf '%s' "$out" | jq -r '.[] | select(.slug == "music") | .name + "|" + (.words | join(","))')" \
  = "$(grep '^music	' "$tsv" | cut -f2,3 | tr '\t' '|')"

run "$BELONG" --db "$tmp/none.db" categories
expect_status 0 "categories exits 0"
expect_out_has "gardening-nature   Gardening & nature" "the text output gives slug and name"
expect_out_has "known by: garden, gardening, community garden" "and the words it is known by"
check "the text output has a line for every category" \
  test "$(printf '%s' "$out" | grep -c '^[a-z]')" = "$(grep -vc '^#' "$tsv")"

run "$BELONG" categories music
expect_status 64 "an unexpected argument exits 64"
expect_err_has "unexpected argument 'music'" "and names it"
run "$BELONG" categories --colour
expect_status 64 "an unknown option exits 64"
expect_err_has "--colour" "and names it"

finish
