#!/usr/bin/env bash
# Installs the Debian packages belong needs to build, test and run; the one install list
# used by `make run`, `make test` and CI. Extra package names given as arguments are installed
# too (scripts/deps-fuzz.sh uses that). Installs only what is missing; needs root (or sudo).
set -euo pipefail

PACKAGES=(
  build-essential pkg-config meson ninja-build   # compiler and build
  libsqlite3-dev sqlite3                         # store (FTS5, R*Tree); sqlite3 CLI for the import benchmark
  libical-dev tzdata                             # iCalendar parsing and recurrence; time-zone rules
  libjansson-dev                                 # JSON in and out
  libsodium-dev                                  # crypto (passwords, field encryption)
  time                                           # GNU time: peak memory in the hostile-input bench
  libcmocka-dev                                  # unit tests
  clang-format                                   # formatting check
  libxml2-utils                                  # xmllint: the SVG charts are checked well-formed
  libmicrohttpd-dev curl jq                      # the web server (belong serve); its HTTP tests
  chromium                                       # headless: each chart rendered once to PNG (test-chart)
  "$@"                                           # extras asked for by the caller
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
