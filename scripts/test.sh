#!/usr/bin/env bash
# Runs every test: builds with AddressSanitizer + UndefinedBehaviorSanitizer (build/asan) and
# runs ctest. Tests start their own servers on 127.0.0.x; tests labelled `lab` need root and
# create (and remove) their own network namespaces. Pass ctest options through, e.g.
#   scripts/test.sh -L unit        # only the unit tier
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh asan
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd build/asan
ctest --output-on-failure -j 2 --timeout 600 "$@"
