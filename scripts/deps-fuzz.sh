#!/usr/bin/env bash
# Installs the Debian packages `make fuzz` needs on top of scripts/deps.sh: clang and its
# runtime libraries (libFuzzer, AddressSanitizer, UndefinedBehaviorSanitizer). Not part of the
# default install list: only fuzzing needs them. Installs only what is missing; needs root (or
# sudo). See docs/fuzzing.md.
set -euo pipefail

PACKAGES=(
  clang              # the compiler libFuzzer comes with (-fsanitize=fuzzer)
  libclang-rt-14-dev # libFuzzer and the sanitizer runtimes for clang 14 (Debian 12)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps-fuzz: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
