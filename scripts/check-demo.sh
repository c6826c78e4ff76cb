#!/usr/bin/env bash
# `ashyq demo` end to end, as tests/CMakeLists.txt's lab_demo runs it (root):
#   * the demo's report, rendered by headless Chromium, agrees with the world's ground truth
#     (scripts/check-report.sh);
#   * the probe submitted every measurement to the lab's collector: the demo's "observatory:" line
#     says N submitted with N > 0 and nothing refused or unsent;
#   * the client namespaces' addresses (10.77.1.2, 10.77.4.2, 10.77.5.2) are in none of the files
#     written, the collector's store and the evidence bundles included;
#   * the demo's evidence bundle verified and its altered copy did not (the "evidence:" line is
#     printed only then);
#   * the explorer the demo serves at the end (`--serve-seconds 900`, stopped here once checked):
#     GET /health and GET / answer 200; the store holds the three networks (AS9198, AS64500,
#     AS64501); the changed site is accessible in round 1 and blocked in round 2 on its network;
#   * the demo stops cleanly on SIGINT, exits 0 and leaves no network namespace behind.
#
#   scripts/check-demo.sh ASHYQ_BINARY [OUT]
# OUT (kept afterwards) defaults to a temporary directory, removed at the end.
set -euo pipefail
ashyq="$1"
here="$(dirname "$(realpath "$0")")"
if [[ $# -ge 2 ]]; then
  out="$2"
  mkdir -p "$out"
  cleanup_out=
else
  out="$(mktemp -d /tmp/ashyq-demo-test-XXXXXX)"
  cleanup_out=1
fi
demo_pid=
cleanup() {
  if [[ -n "$demo_pid" ]] && kill -0 "$demo_pid" 2>/dev/null; then
    kill -INT "$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
  fi
  if [[ -n "$cleanup_out" ]]; then rm -rf "$out"; fi
}
trap cleanup EXIT
fail() {
  echo "check-demo: $*" >&2
  exit 1
}

started=$(date +%s)
"$ashyq" demo --out "$out" --serve-seconds 900 >"$out/demo.out" 2>"$out/demo.err" &
demo_pid=$!
tail -f --pid="$demo_pid" "$out/demo.out" &
# The explorer line comes last; the demo takes about a minute and a half.
for _ in $(seq 1 1200); do
  grep -q '^explorer: ' "$out/demo.out" && break
  kill -0 "$demo_pid" 2>/dev/null || break
  sleep 0.5
done
explorer="$(grep '^explorer: ' "$out/demo.out" | head -1 | cut -d' ' -f2)"
if ! [[ "$explorer" =~ ^http://127\.0\.0\.1:[0-9]+/$ ]]; then
  cat "$out/demo.err" >&2
  fail "no explorer line (demo exited?): '$explorer'"
fi
echo "check-demo: the demo reached its explorer in $(($(date +%s) - started)) s"

"$here/check-report.sh" "$out/report.html" "$out/ground-truth.csv"

line="$(grep '^observatory: ' "$out/demo.out" || true)"
if ! [[ "$line" =~ ^observatory:\ [1-9][0-9]*\ measurements\ submitted ]]; then
  fail "the demo submitted nothing to the lab's collector: '$line'"
fi
if [[ "$line" == *refused* || "$line" == *"not sent"* ]]; then
  fail "not everything reached the lab's collector: '$line'"
fi
# Dots escaped and no digit on either side: an unescaped pattern matched runs of digits in timings.
clients='(^|[^0-9])10\.77\.[145]\.2([^0-9]|$)'
if grep -aEl "$clients" "$out"/demo.sqlite* "$out"/networks.sqlite* "$out"/observatory.sqlite* \
  "$out"/*.jsonl "$out"/*.csv "$out"/report.html; then
  fail "a client address leaked into the files above"
fi
for bundle in "$out"/evidence-*.tar.gz; do
  if tar -xzOf "$bundle" | grep -aqE "$clients"; then
    fail "a client address leaked into $bundle"
  fi
done
grep -q '^evidence: ' "$out/demo.out" ||
  fail "the demo's evidence bundle did not verify, or its altered copy did"

# The explorer.
curl -fsS -o /dev/null "${explorer}health" || fail "GET ${explorer}health failed"
status="$(curl -sS -o /dev/null -w '%{http_code}' "$explorer")"
[[ "$status" == 200 ]] || fail "GET $explorer answered $status"
since="since=2000-01-01"
asns="$(curl -fsS "${explorer}api/v1/aggregation?axis_x=probe_asn&$since" |
  jq -r '.result[].probe_asn' | sort | tr '\n' ' ')"
# OONI's aggregation gives probe_asn as a number; the country page names the networks "AS…".
country_page="$(curl -fsS "${explorer}country/KZ")"
for asn in 64500 64501 9198; do
  [[ " $asns" == *" $asn "* ]] || fail "the store has no measurement from AS$asn (it has: $asns)"
  grep -q ">AS$asn" <<<"$country_page" || fail "${explorer}country/KZ does not name AS$asn"
done
# The changed site: its network's round-1 measurement accessible, its round-2 one not.
changed="$(awk -F, '$4 == 2 && $8 == "ip-reset" { print $2 " " $5; exit }' \
  "$out/ground-truth-networks.csv")"
[[ -n "$changed" ]] || fail "ground-truth-networks.csv names no changed site"
read -r changed_asn changed_domain <<<"$changed"
anomalies="$(curl -fsS "${explorer}api/v1/measurements?probe_asn=$changed_asn&domain=$changed_domain&$since&test_name=web_connectivity&order_by=measurement_start_time&order=asc&limit=100" |
  jq -r '.results[].anomaly' | tr '\n' ' ')"
read -r -a by_time <<<"$anomalies"
if [[ ${#by_time[@]} -lt 2 || "${by_time[0]}" != false || "${by_time[-1]}" != true ]]; then
  fail "$changed_domain on $changed_asn: anomaly by time is '$anomalies' (want false first, true last)"
fi
echo "check-demo: explorer ok: ASNs $asns; $changed_domain on $changed_asn: anomaly $anomalies"

# Stop the demo: it stops its explorer, exits 0 and leaves no namespace.
pid="$demo_pid"
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
demo_pid=
[[ $rc == 0 ]] || fail "the demo exited $rc after SIGINT while serving"
if pgrep -f "collector --listen 127.0.0.1:0 --store sqlite:$(realpath "$out")/" >/dev/null; then
  fail "the explorer outlived the demo"
fi
# The demo's namespaces are aq<its pid>-*; other labs may be running beside it.
left="$(ip netns list | grep "^aq$pid-" || true)"
[[ -z "$left" ]] || fail "network namespaces left behind: $left"
echo "check-demo: ok ($line)"
