#!/usr/bin/env bash
# `ashyq demo` end to end, as tests/CMakeLists.txt's lab_demo runs it (root):
#   * the demo's report, rendered by headless Chromium, agrees with the world's ground truth
#     (scripts/check-report.sh);
#   * the probe submitted every measurement to the lab's collector: the demo's "observatory:" line
#     says N submitted with N > 0 and nothing refused or unsent;
#   * the client namespaces' addresses (10.77.1.2, 10.77.4.2, 10.77.5.2) are in none of the files
#     written, the collector's store and the evidence bundles included;
#   * the demo's evidence bundle (of the domain the fictional order names) verified, carrying the
#     register's entries, and its altered copy did not (the "evidence:" line is
#     printed only then);
#   * the explorer the demo serves at the end (`--serve-seconds 900`, stopped here once checked):
#     GET /health and GET / answer 200; the store holds the three networks (AS9198, AS64500,
#     AS64501); the changed site is accessible in round 1 and blocked in round 2 on its network;
#     the demo's fictional register is imported, and its findings show each of the three classes
#     (an ordered target measured blocked, a domain blocked with no known order, an ordered one
#     measured accessible) in /api/v1/register/links and on /orders and /country/KZ; the fictional
#     case is on /cases, and the fictional outlet's timeline has its order, its case's events and
#     its domain's measured blocking;
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
# The bundle is of the domain the fictional order names, and carries the register's entries.
grep -qE '^ashyq demo: evidence: .*, [1-9][0-9]* register entries$' "$out/demo.out" ||
  fail "the demo's evidence bundle carries no register entry: $(grep 'demo: evidence: ' "$out/demo.out" || true)"

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

# The fictional register and its findings.
grep -q '^register: [1-9][0-9]* FICTIONAL entries' "$out/demo.out" ||
  fail "the demo did not import its fictional register: '$(grep '^register: ' "$out/demo.out" || true)'"
links="$(curl -fsS "${explorer}api/v1/register/links?probe_cc=KZ")"
for finding in targets blocked_without_order ordered_not_blocked; do
  n="$(jq ".$finding | length" <<<"$links")"
  [[ "$n" -ge 1 ]] || fail "/api/v1/register/links?probe_cc=KZ has no $finding: $links"
done
orders_page="$(curl -fsS "${explorer}orders")"
grep -q 'DEMO-1 (fictional)' <<<"$orders_page" || fail "${explorer}orders lacks DEMO-1"
country_page="$(curl -fsS "${explorer}country/KZ")"
for id in blocked-without-order-table ordered-not-blocked-table; do
  grep -q "id=\"$id\"" <<<"$country_page" || fail "${explorer}country/KZ has no $id"
done
grep -q 'data-case="demo-case-1"' <<<"$(curl -fsS "${explorer}cases")" || fail "${explorer}cases lacks demo-case-1"
outlet_page="$(curl -fsS "${explorer}outlet/demo-outlet")"
for kind in order_issued case_event blocked; do
  grep -q "<tr data-kind=\"$kind\">" <<<"$outlet_page" ||
    fail "${explorer}outlet/demo-outlet: the timeline has no $kind"
done
echo "check-demo: register ok: $(jq -c '{targets: (.targets | length), blocked_without_order: (.blocked_without_order | length), ordered_not_blocked: (.ordered_not_blocked | length)}' <<<"$links")"

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
