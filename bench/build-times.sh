#!/usr/bin/env bash
# Times the newcomer's first command and CI from a fresh clone, as bench/RESULTS.md reports them:
#   sudo bench/build-times.sh [setup|ci|both]   (default both)
# The clone goes to a temporary directory; ccache is disabled, so nothing cached by an earlier
# build makes the figures look better than a fresh machine's. The packages must already be
# installed (scripts/setup-deps.sh): the targets are about building, not about apt.
set -euo pipefail
what="${1:-both}"
src="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/ashyq-build-times-XXXXXX)"
trap 'rm -rf "$work"' EXIT
git clone -q "$src" "$work/ashyq"
cd "$work/ashyq"
export CCACHE_DISABLE=1
timed() {
  local name="$1"; shift
  local start end
  start=$(date +%s)
  if "$@" > "$work/$name.log" 2>&1; then status=ok; else status="FAILED (exit $?)"; fi
  end=$(date +%s)
  printf '%-10s %4d s  %s  (log: %s)\n' "$name" $((end - start)) "$status" "$work/$name.log"
  tail -n 3 "$work/$name.log"
}
if [[ "$what" == setup || "$what" == both ]]; then timed setup ./setup.sh; fi
if [[ "$what" == ci || "$what" == both ]]; then timed ci bash .ci/run; fi
trap - EXIT
echo "clone and logs kept in $work"
