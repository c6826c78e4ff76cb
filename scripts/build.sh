#!/usr/bin/env bash
# Builds ashyq. `release` (default) → build/release/ashyq; `asan` → build/asan with
# AddressSanitizer and UndefinedBehaviorSanitizer. Extra arguments go to `cmake --build`.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
shift || true
case "$kind" in
  release) flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DASHYQ_SANITIZE=OFF) ;;
  asan) flags=(-DCMAKE_BUILD_TYPE=Debug -DASHYQ_SANITIZE=ON) ;;
  *) echo "build.sh: unknown build kind '$kind' (release or asan)" >&2; exit 2 ;;
esac
cmake -S . -B "build/$kind" -G Ninja "${flags[@]}" >/dev/null
cmake --build "build/$kind" -j "$(nproc)" "$@"
