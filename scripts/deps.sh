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
  libarchive-dev                                 # zipped HSDS packages (belong import hsds FILE.zip)
  time                                           # GNU time: peak memory in the hostile-input bench
  libcmocka-dev                                  # unit tests
  clang-format                                   # formatting check
  libxml2-utils                                  # xmllint: the SVG charts are checked well-formed
  libmicrohttpd-dev curl jq python3              # the web server (belong serve); its HTTP tests (python3: raw requests)
  chromium                                       # headless: each chart rendered once to PNG (test-chart)
  nodejs                                         # tests/browser: playwright-core and axe-core drive chromium
  "$@"                                           # extras asked for by the caller
)
# Debian's nodejs comes without npm (its own package); some node builds bundle it.
command -v npm >/dev/null || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser tests' npm packages, exactly as locked (tests/browser/package-lock.json), when the
# lock changed since they were installed. Chromium is Debian's: npm downloads no browser.
browser=$(cd "$(dirname "$0")/../tests/browser" && pwd)
if ! cmp -s "$browser/package-lock.json" "$browser/node_modules/.installed-lock.json"; then
  echo "deps: npm ci in tests/browser" >&2
  (cd "$browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2 &&
    cp package-lock.json node_modules/.installed-lock.json)
fi
