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

exec bash "$(dirname "$0")/deps.sh" "${PACKAGES[@]}"
