#!/usr/bin/env bash
# The collector's benchmarks (issue 13), on this machine, loopback only:
#
#   bench/collector.sh MEASUREMENTS.jsonl [COUNT] [ROWS]
#
# 1. ingest: `ashyq collector --store sqlite:…` (release build) on 127.0.0.1, and
#    bench/collector_load with 64 clients submitting COUNT (default 100,000) distinct
#    measurements taken round robin from MEASUREMENTS.jsonl (e.g. `ashyq demo`'s
#    out/demo/measurements.jsonl): acknowledged measurements/s, latency, the collector's RSS
#    sampled ten times and its peak;
# 2. reads: bench/observatory_rows generates ROWS (default 1,000,000) rows in a fresh store and
#    times aggregation by day × ASN.
# Targets (issue 13): >= 1,000 measurements/s on 2 cores, collector RSS <= 128 MiB and flat;
# aggregation over 1M rows in SQLite <= 2 s. Prints two lines of JSON; record them in
# bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
measurements="${1:?usage: bench/collector.sh MEASUREMENTS.jsonl [COUNT] [ROWS]}"
count="${2:-100000}"
rows="${3:-1000000}"
build="${ASHYQ_BENCH_BUILD:-build/release}"
if [ -z "${ASHYQ_BENCH_BUILD:-}" ]; then
  scripts/build.sh release --target ashyq collector_load observatory_rows >/dev/null
fi
work="$(mktemp -d /tmp/ashyq-collector-bench-XXXXXX)"
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$build/ashyq" collector --listen 127.0.0.1:0 --store "sqlite:$work/observatory.sqlite" \
  --threads 2 2>"$work/collector.log" &
pid=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$work/collector.log" && break
  sleep 0.1
done
port="$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/collector.log")"
[ -n "$port" ] || { cat "$work/collector.log" >&2; exit 3; }
"$build/collector_load" --collector "127.0.0.1:$port" --measurements "$measurements" \
  --clients 64 --count "$count" --pid "$pid"
echo "store size: $(du -k "$work/observatory.sqlite" | cut -f1) KiB (+ WAL $(du -k "$work/observatory.sqlite-wal" 2>/dev/null | cut -f1) KiB)" >&2
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""

"$build/observatory_rows" --store "$work/rows.sqlite" --rows "$rows"
