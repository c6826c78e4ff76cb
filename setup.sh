#!/usr/bin/env bash
# One command for a newcomer: install what ashyq needs, build it, run the demo (`ashyq demo`:
# a Kazakhstan-like lab world, `ashyq run --list kz` through it, and a report in out/demo/).
#   ./setup.sh            # everything (as root, or it calls sudo for the packages)
#   ./setup.sh --no-demo  # install and build only
set -euo pipefail
cd "$(dirname "$0")"

run_demo=1
for arg in "$@"; do
  case "$arg" in
    --no-demo) run_demo=0 ;;
    *) echo "setup.sh: unknown option '$arg' (use --no-demo)" >&2; exit 2 ;;
  esac
done

scripts/setup-deps.sh
# The probe's location database (openly licensed, from the npm registry) in data/ip-location-db.
scripts/setup-ip-location-db.sh
# Only the executable the demo runs: the tests are built by scripts/test.sh.
scripts/build.sh release --target ashyq
if ((run_demo)); then
  # The demo builds a lab of network namespaces: it needs root. It ends by printing the report's
  # path (out/demo/report.html).
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO build/release/ashyq demo --out out/demo
fi
