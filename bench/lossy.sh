#!/usr/bin/env bash
# Right more often on a bad network (issue 17): the benchmark world (bench/world.py) behind a
# link with RTT_MS of round trip and LOSS % random packet loss on the probe's path (the helper's
# path is clean), measured by `ashyq run` once per --confirmations value given, in the same lab.
# Prints one JSON line per run: bench/outcomes.py's counts (false positives among the sites the
# world does not block, blocked sites named right, unknown or wrong) with the wall time.
#
#   sudo bench/lossy.sh [N] [RTT_MS] [LOSS] [CONFIRMATIONS...]   # defaults: 1000 300 3 0 2
#
# ASHYQ=path/to/ashyq picks the binary (default build/release/ashyq).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}" rtt="${2:-300}" loss="${3:-3}"
shift $(($# > 3 ? 3 : $#))
confirmations=("$@")
[ ${#confirmations[@]} -gt 0 ] || confirmations=(0 2)
if [ "$(id -u)" -ne 0 ]; then
  echo "bench/lossy.sh: the lab needs root (network namespaces)" >&2
  exit 3
fi
ashyq="$(realpath "${ASHYQ:-build/release/ashyq}")"
dir="$PWD/bench/out/lossy-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$dir"
ulimit -n "$(ulimit -Hn)"
# shellcheck source=bench/lab.sh
. bench/lab.sh
python3 bench/world.py "$n" "$rtt" "$dir" "$loss" >/dev/null
lab_up "$ashyq" "$dir/world.toml" "$dir/lab.txt"
for c in "${confirmations[@]}"; do
  out="$dir/confirmations-$c"
  mkdir -p "$out"
  started=$(date +%s%N)
  ip netns exec "$client" "$ashyq" run --accept-risks --quiet --list "$dir/list.csv" \
    --helper http://10.77.3.2:8080/ --resolver system --ca-file "$ca" --bogons "$plan" \
    --fingerprints "$PWD/data/fingerprints/ashyq.csv" --probe-cc KZ --no-db \
    --output "$out/measurements.jsonl" --concurrency 64 --dns-timeout 3 --connect-timeout 3 \
    --tls-timeout 3 --http-timeout 15 --control-timeout 20 --confirmations "$c" \
    >"$out/run.log" 2>&1 || true
  ended=$(date +%s%N)
  python3 bench/outcomes.py "$dir/plan.csv" "$out/measurements.jsonl" >"$out/outcomes.txt"
  tail -n 1 "$out/outcomes.txt" |
    python3 -c "import json,sys; d=json.loads(sys.stdin.read()); d.update(confirmations=$c, wall_s=round(($ended - $started) / 1e9, 1), rtt_ms=$rtt, loss_percent=$loss); print(json.dumps(d))"
done
echo "bench/lossy.sh: outputs in $dir" >&2
