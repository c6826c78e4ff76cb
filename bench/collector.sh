#!/usr/bin/env bash
# The collector's benchmarks (issue 13), on this machine, loopback only:
#
#   bench/collector.sh MEASUREMENTS.jsonl [COUNT] [ROWS] [sqlite|clickhouse]
#
# 1. ingest: `ashyq collector` (release build) on 127.0.0.1 with the store named last (default
#    sqlite; clickhouse: one local server started by scripts/clickhouse.sh in the work directory),
#    and bench/collector_load with 64 clients submitting COUNT (default 100,000) distinct
#    measurements taken round robin from MEASUREMENTS.jsonl (e.g. `ashyq demo`'s
#    out/demo/measurements.jsonl): acknowledged measurements/s, latency, the collector's RSS
#    sampled ten times and its peak. For ClickHouse also the seconds from the last acknowledgement
#    until ClickHouse holds every measurement (the spool drained);
# 2. reads: bench/observatory_rows generates ROWS (default 1,000,000 in SQLite, 10,000,000 in
#    ClickHouse) rows in a fresh store and times aggregation by day × ASN.
# Targets (issue 13): >= 1,000 measurements/s on 2 cores into either store, collector RSS <= 128
# MiB and flat; aggregation over 1M rows in SQLite <= 2 s, over 10M in ClickHouse <= 1 s. Prints
# JSON lines; record them in bench/RESULTS.md. ASHYQ_COLLECTOR_THREADS sets the collector's
# --threads (default 8, its own default on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
measurements="${1:?usage: bench/collector.sh MEASUREMENTS.jsonl [COUNT] [ROWS]}"
count="${2:-100000}"
kind="${4:-sqlite}"
case "$kind" in
  sqlite) rows="${3:-1000000}" ;;
  clickhouse) rows="${3:-10000000}" ;;
  *) echo "bench/collector.sh: unknown store '$kind' (sqlite or clickhouse)" >&2; exit 2 ;;
esac
build="${ASHYQ_BENCH_BUILD:-build/release}"
if [ -z "${ASHYQ_BENCH_BUILD:-}" ]; then
  scripts/build.sh release --target ashyq collector_load observatory_rows >/dev/null
fi
work="$(mktemp -d /tmp/ashyq-collector-bench-XXXXXX)"
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  [ "$kind" != clickhouse ] || scripts/clickhouse.sh stop "$work/clickhouse" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$kind" = clickhouse ]; then
  clickhouse_url="$(scripts/clickhouse.sh start "$work/clickhouse" 1)"
  clickhouse_url="${clickhouse_url%/}"
  store="clickhouse:$clickhouse_url/?spool=$work/spool.sqlite&database=bench"
else
  store="sqlite:$work/observatory.sqlite"
fi
"$build/ashyq" collector --listen 127.0.0.1:0 --store "$store" \
  --threads "${ASHYQ_COLLECTOR_THREADS:-8}" 2>"$work/collector.log" &
pid=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$work/collector.log" && break
  sleep 0.1
done
port="$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/collector.log")"
[ -n "$port" ] || { cat "$work/collector.log" >&2; exit 3; }
"$build/collector_load" --collector "127.0.0.1:$port" --measurements "$measurements" \
  --clients 64 --count "$count" --pid "$pid"
if [ "$kind" = clickhouse ]; then
  # How long ClickHouse takes to hold everything acknowledged (the spool drained).
  start="$(date +%s.%N)"
  held=0
  for _ in $(seq 6000); do
    held="$(curl -s "$clickhouse_url/" --data-binary 'SELECT count() FROM bench.measurements_local')"
    [ "$held" -ge "$count" ] && break
    sleep 0.1
  done
  end="$(date +%s.%N)"
  echo "{\"clickhouse_rows\":$held,\"drained_seconds_after_last_ack\":$(python3 -c "print(round($end - $start, 2))")}"
  echo "spool size: $(du -k "$work/spool.sqlite" | cut -f1) KiB; ClickHouse data: $(du -sk "$work/clickhouse" | cut -f1) KiB" >&2
else
  echo "store size: $(du -k "$work/observatory.sqlite" | cut -f1) KiB (+ WAL $(du -k "$work/observatory.sqlite-wal" 2>/dev/null | cut -f1) KiB)" >&2
fi
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""

if [ "$kind" = clickhouse ]; then
  "$build/observatory_rows" --rows "$rows" \
    --clickhouse "$clickhouse_url/?spool=$work/rows-spool.sqlite&database=rows"
else
  "$build/observatory_rows" --store "$work/rows.sqlite" --rows "$rows"
fi
