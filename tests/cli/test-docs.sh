#!/usr/bin/env bash
# test-docs.sh — the documentation stands alone and agrees with the program: no doc or help text
# points outside the repository (DESIGN.md, the shared folder beside it), the docs' relative links resolve, every
# long flag of every command's --help is in the man page and every flag the man page names is in
# some --help, and `belong help` answers --help.
. "$(dirname "$0")/lib.sh"

tmp="$BELONG_TEST_TMP/docs"
mkdir -p "$tmp"

# The commands, as `belong --help` lists them, and every help text.
commands=$("$BELONG" --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
check "belong --help lists its commands" test "$(printf '%s\n' "$commands" | wc -l)" -ge 10
"$BELONG" --help >"$tmp/help.txt"
for c in $commands; do
  run "$BELONG" "$c" --help
  check "belong $c --help exits 0" test "$status" -eq 0
  printf '%s\n' "$out" >>"$tmp/help.txt"
  printf '%s\n' "$out" >"$tmp/help-$c.txt"
done

for a in --help -h help; do
  run "$BELONG" help "$a"
  expect_status 0 "belong help $a exits 0"
  expect_out_has "Commands:" "belong help $a prints the commands"
done
run "$BELONG" help search
expect_out_has "usage: belong search" "belong help search is search's help"
run "$BELONG" help no-such-command
expect_status 64 "belong help of an unknown command is a usage error"

# Nothing points outside the repository.
outside=$(cd "$BELONG_ROOT" && grep -rnE 'DESIGN\.md|\.\./[s]hared' README.md docs man "$tmp"/help.txt 2>/dev/null)
check "no doc, man page or help text points outside the repository${outside:+: $outside}" \
  test -z "$outside"
broken=""
for f in "$BELONG_ROOT"/README.md "$BELONG_ROOT"/docs/*.md; do
  dir=$(dirname "$f")
  for link in $(grep -oE '\]\([^)#[:space:]]+' "$f" | sed 's/^](//' | grep -vE '^[a-z]+:'); do
    [ -e "$dir/$link" ] || broken="$broken ${f#"$BELONG_ROOT"/}:$link"
  done
done
check "every relative link of README.md and docs/ resolves${broken:+ (broken:$broken)}" test -z "$broken"

# The man page and --help name the same long flags.
grep -oE -- '--[a-z][a-z-]*[a-z]' "$tmp/help.txt" | sort -u >"$tmp/help.flags"
grep -oE '\\-\\-[a-z]([a-z]|\\-)*[a-z]' "$BELONG_ROOT/man/belong.1" | sed 's/\\-/-/g' |
  sort -u >"$tmp/man.flags"
check "the help texts name flags" test "$(wc -l <"$tmp/help.flags")" -ge 40
only_help=$(comm -23 "$tmp/help.flags" "$tmp/man.flags" | tr '\n' ' ')
only_man=$(comm -13 "$tmp/help.flags" "$tmp/man.flags" | tr '\n' ' ')
check "every long flag in a --help is in man/belong.1${only_help:+ (missing: $only_help)}" \
  test -z "$only_help"
check "every long flag in man/belong.1 is in some --help${only_man:+ (not in any help: $only_man)}" \
  test -z "$only_man"
# Per command: a flag of a command's help is named in the man page's entry for that command.
for c in $commands; do
  [ "$c" = help ] && continue
  missing=""
  section=$(sed 's/\\-/-/g' "$BELONG_ROOT/man/belong.1" |
    awk -v c="$c" '/^\.TP/ { keep = 0 } /^\.S[HS]/ { keep = 0 }
      /^\.(B|BR|BI) "?'"$c"'[ "]/ { keep = 1 } keep')
  # The command's own flags: its usage lines and its list of options (not the prose or the
  # examples, which may show other commands).
  own=$(awk '/^usage:/ { u = 1 } u && /^$/ { u = 0 } u || /^ +(-[a-z], )?--[a-z]/' "$tmp/help-$c.txt")
  for flag in $(printf '%s' "$own" | grep -oE -- '--[a-z][a-z-]*[a-z]' | sort -u); do
    case "$flag" in --help | --db | --json | --cps) continue ;; esac
    printf '%s' "$section" | grep -q -- "$flag" || missing="$missing $flag"
  done
  check "man/belong.1's entry for $c names its flags${missing:+ (missing:$missing)}" test -z "$missing"
done
finish
