#!/usr/bin/env bash
# `ashyq demo` end to end, as tests/CMakeLists.txt's lab_demo runs it (root):
#   * the demo exits 0 and its report, rendered by headless Chromium, agrees with the world's
#     ground truth (scripts/check-report.sh);
#   * the probe submitted every measurement to the lab's collector: the demo's "observatory:" line
#     says N submitted with N > 0 and nothing refused or unsent;
#   * the client namespace's address (10.77.1.2) is in none of the files written, the collector's
#     store and the evidence bundles included;
#   * the demo's evidence bundle verified and its altered copy did not (the "evidence:" line is
#     printed only then).
#
#   scripts/check-demo.sh ASHYQ_BINARY
set -euo pipefail
ashyq="$1"
here="$(dirname "$(realpath "$0")")"
out="$(mktemp -d /tmp/ashyq-demo-test-XXXXXX)"
trap 'rm -rf "$out"' EXIT

"$ashyq" demo --out "$out" | tee "$out/demo.out"
"$here/check-report.sh" "$out/report.html" "$out/ground-truth.csv"

line="$(grep '^observatory: ' "$out/demo.out" || true)"
if ! [[ "$line" =~ ^observatory:\ [1-9][0-9]*\ measurements\ submitted ]]; then
  echo "check-demo: the demo submitted nothing to the lab's collector: '$line'" >&2
  exit 1
fi
if [[ "$line" == *refused* || "$line" == *"not sent"* ]]; then
  echo "check-demo: not everything reached the lab's collector: '$line'" >&2
  exit 1
fi
if grep -aFl 10.77.1.2 "$out"/demo.sqlite* "$out"/observatory.sqlite* "$out"/*.jsonl \
  "$out"/*.csv "$out"/report.html; then
  echo "check-demo: the client address leaked into the files above" >&2
  exit 1
fi
for bundle in "$out"/evidence-*.tar.gz; do
  if tar -xzOf "$bundle" | grep -aqF 10.77.1.2; then
    echo "check-demo: the client address leaked into $bundle" >&2
    exit 1
  fi
done
if ! grep -q '^evidence: ' "$out/demo.out"; then
  echo "check-demo: the demo's evidence bundle did not verify, or its altered copy did" >&2
  exit 1
fi
echo "check-demo: ok ($line)"
