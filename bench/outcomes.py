#!/usr/bin/env python3
"""How the benchmark run's verdicts compare with the world's plan: per treatment, the ashyq
methods found. A fast run that measures wrongly is not a result.

    bench/outcomes.py PLAN.csv MEASUREMENTS.jsonl

The last line is JSON for scripts: false_positives (a blocking method for a site the world does
not block: the accusation issue 17 counts), blocked_right, blocked_unknown, blocked_wrong (a
blocked site given another blocking method, or none/down), and remeasured (attempts after the
first, from x_ashyq_attempts).
"""
import collections
import csv
import json
import sys

EXPECTED = {
    "reachable": "none", "reachable_http": "none", "slow": "none", "sni_drop": "tls",
    "sni_reset": "tls", "syn_drop": "tcp_ip", "tcp_reset": "tcp_ip", "dns_nxdomain": "dns",
    "dns_bogon": "dns", "http_blockpage": "blockpage", "intercepted": "interception",
}

NOT_BLOCKING = ("none", "down", "unknown")


def main():
    plan, jsonl = sys.argv[1], sys.argv[2]
    with open(plan, newline="") as f:
        treatment = {r["url"]: r["treatment"] for r in csv.DictReader(f)}
    found = collections.defaultdict(collections.Counter)
    remeasured = 0
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            m = json.loads(line)
            method = m["test_keys"].get("x_ashyq_verdict", {}).get("method", "?")
            found[treatment.get(m["input"], "?")][method] += 1
            remeasured += len(m["test_keys"].get("x_ashyq_attempts") or [])
    measured = sum(sum(c.values()) for c in found.values())
    right = sum(c[EXPECTED.get(t, "")] for t, c in found.items())
    print(f"measured {measured} of {len(treatment)}; verdict as planned: {right}")
    for t in sorted(found):
        print(f"  {t:<15} expected {EXPECTED.get(t, '?'):<13} found {dict(found[t])}")
    summary = collections.Counter()
    for t, counts in found.items():
        expected = EXPECTED.get(t, "")
        for method, k in counts.items():
            if expected == "none":
                summary["false_positives"] += k if method not in NOT_BLOCKING else 0
            elif method == expected:
                summary["blocked_right"] += k
            elif method == "unknown":
                summary["blocked_unknown"] += k
            else:
                summary["blocked_wrong"] += k
    print(json.dumps({"measured": measured, "as_planned": right,
                      "false_positives": summary["false_positives"],
                      "blocked_right": summary["blocked_right"],
                      "blocked_unknown": summary["blocked_unknown"],
                      "blocked_wrong": summary["blocked_wrong"], "remeasured": remeasured}))


if __name__ == "__main__":
    main()
