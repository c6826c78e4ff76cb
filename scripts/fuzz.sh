#!/usr/bin/env bash
# Fuzzes one parser with libFuzzer: builds fuzz_TARGET with clang++-14 (-fsanitize=fuzzer,address,
# undefined) in build/fuzz, then runs it for SECONDS (default 60) from the repository's seed
# corpus (fuzz/corpus/TARGET, read only) into build/fuzz/corpus/TARGET, where new inputs go.
# A crash is written to build/fuzz/crashes/ and the script fails; fix it and add the input to
# fuzz/corpus/TARGET, so CI replays it from then on (ctest fuzz_replay_TARGET).
# The build runs at nice 19 (the machine is shared); run long sessions under `nice -n 19` too,
# and in their own session with its autogroup lowered (docs/fuzzing.md, 2026-12-07).
#   scripts/fuzz.sh TARGET [SECONDS] [extra libFuzzer flags…]
#   scripts/fuzz.sh --list
set -euo pipefail
cd "$(dirname "$0")/.."
targets=$(ls fuzz/targets | sed 's/\.cpp$//')
if [[ $# -lt 1 || $1 == --list ]]; then
  echo "fuzz targets:" $targets
  [[ $# -ge 1 ]] && exit 0 || exit 2
fi
target="$1"
seconds="${2:-60}"
shift $(($# >= 2 ? 2 : 1))
if [[ ! -f fuzz/targets/$target.cpp ]]; then
  echo "fuzz.sh: no target '$target' (the targets: $targets)" >&2
  exit 2
fi
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DASHYQ_FUZZ=ON -DASHYQ_TESTS=OFF >/dev/null
nice -n 19 cmake --build build/fuzz --target "fuzz_$target" -j "$(nproc)"
mkdir -p "build/fuzz/corpus/$target" build/fuzz/crashes
# Allocation stacks are not recorded (a third more executions on the JSON readers, whose time goes
# to ASan's stack depot); ASAN_OPTIONS set by the caller wins, e.g. malloc_context_size=30 to
# replay a heap-use-after-free with the stack of its allocation.
export ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=0}"
exec "build/fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
  -artifact_prefix="build/fuzz/crashes/$target-" "$@" "build/fuzz/corpus/$target" "fuzz/corpus/$target"
