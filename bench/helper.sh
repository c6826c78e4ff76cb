#!/usr/bin/env bash
# The test helper's benchmark alone (issue 19), as bench/run measures it but without the probe
# runs: a lab world of N sites (bench/world.py), then bench/helper_load from the client
# namespace for each mix, 64 clients, SECONDS each, with the helper's own CPU time (root):
#
#   sudo bench/helper.sh [N] [SECONDS] [MIX...]     # defaults: 1000 15 new realistic
#
# ASHYQ=path/to/ashyq picks the binary whose helper is measured (default build/release/ashyq);
# ASHYQ_HELPER_ARGS adds arguments to the lab's helper (e.g. "--cache-ttl 0"). Prints one JSON
# line per mix, with helper_cpu_ms_per_request added.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}" seconds="${2:-15}"
shift $(($# > 2 ? 2 : $#))
mixes=("$@")
[ ${#mixes[@]} -gt 0 ] || mixes=(new realistic)
if [ "$(id -u)" -ne 0 ]; then
  echo "bench/helper.sh: the lab needs root (network namespaces)" >&2
  exit 3
fi
ashyq="$(realpath "${ASHYQ:-build/release/ashyq}")"
load="$PWD/build/release/helper_load"
dir="$PWD/bench/out/helper-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$dir"
ulimit -n "$(ulimit -Hn)"
# shellcheck source=bench/lab.sh
. bench/lab.sh
python3 bench/world.py "$n" 100 "$dir" >/dev/null
lab_up "$ashyq" "$dir/world.toml" "$dir/lab.txt"
helper_pid="$(for p in $(ip netns pids "$helper_ns"); do
  tr '\0' '\n' <"/proc/$p/cmdline" | grep -qx helper && echo "$p"; done | head -1)"
[ -z "${ASHYQ_HELPER_ARGS:-}" ] || {
  # Restart the lab's helper with the extra arguments (same command line otherwise).
  mapfile -d '' argv <"/proc/$helper_pid/cmdline"
  kill -TERM "$helper_pid"
  sleep 0.5
  # shellcheck disable=SC2086
  ip netns exec "$helper_ns" "${argv[@]}" $ASHYQ_HELPER_ARGS >"$dir/helper.log" 2>&1 &
  helper_pid=$!
  sleep 1
}
awk -F, 'NR > 1 && ($2 == "reachable" || $2 == "reachable_http") {
           port = ($1 ~ /^https/) ? 443 : 80; print $1, $5 ":" port }' \
  "$dir/plan.csv" >"$dir/targets.txt"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
for mix in "${mixes[@]}"; do
  before="$(cpu_ticks "$helper_pid")"
  ip netns exec "$client" "$load" --helper 10.77.3.2:8080 --targets "$dir/targets.txt" \
    --clients "${CLIENTS:-64}" --seconds "$seconds" --mix "$mix" >"$dir/helper-$mix.json"
  ticks=$(($(cpu_ticks "$helper_pid") - before))
  python3 - "$dir/helper-$mix.json" "$ticks" "$(getconf CLK_TCK)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["helper_cpu_s"] = int(sys.argv[2]) / int(sys.argv[3])
r["helper_cpu_ms_per_request"] = 1000 * r["helper_cpu_s"] / max(1, r["requests"])
print(json.dumps(r))
PY
done
