#!/usr/bin/env bash
# test-install.sh — `meson install` puts the binary, the manual page and the run-time data where
# an installed belong finds them (into a temporary DESTDIR; nothing outside it is touched).
. "$(dirname "$0")/lib.sh"

build=$(dirname "$BELONG")
dest="$BELONG_TEST_TMP/install"
run meson install -C "$build" --no-rebuild --destdir "$dest"
expect_status 0 "meson install into a temporary DESTDIR succeeds"
prefix=$(meson introspect "$build" --buildoptions 2>/dev/null |
  python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
man=$(find "$dest" -path '*/man1/belong.1' -print -quit)
check "the manual page is installed under man1" test -n "$man"
[ -n "$man" ] && check "the installed manual page is the project's" cmp -s "$man" "$BELONG_ROOT/man/belong.1"
bin="$dest$prefix/bin/belong"
check "the binary is installed under PREFIX/bin" test -x "$bin"
data="$dest$prefix/share/belong"
for f in categories.tsv concepts.tsv values.tsv zipcodes/us_zipcodes.csv demo/activities.tsv; do
  check "data file $f is installed under PREFIX/share/belong" test -f "$data/$f"
done
# The installed binary with the installed data alone (as it would be once the source is gone).
BELONG_DATA_DIR="$data" run "$bin" demo --db "$BELONG_TEST_TMP/installed.db"
expect_status 0 "the installed binary builds the demo from the installed data"
BELONG_DATA_DIR="$data" run "$bin" --db "$BELONG_TEST_TMP/installed.db" search --zip 01608 --limit 1
expect_status 0 "and searches it by ZIP code"
finish
