#!/usr/bin/env python3
"""How the benchmark run's verdicts compare with the world's plan: per treatment, the ashyq
methods found. A fast run that measures wrongly is not a result.

    bench/outcomes.py PLAN.csv MEASUREMENTS.jsonl
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


def main():
    plan, jsonl = sys.argv[1], sys.argv[2]
    with open(plan, newline="") as f:
        treatment = {r["url"]: r["treatment"] for r in csv.DictReader(f)}
    found = collections.defaultdict(collections.Counter)
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            m = json.loads(line)
            method = m["test_keys"].get("x_ashyq_verdict", {}).get("method", "?")
            found[treatment.get(m["input"], "?")][method] += 1
    measured = sum(sum(c.values()) for c in found.values())
    right = sum(c[EXPECTED.get(t, "")] for t, c in found.items())
    print(f"measured {measured} of {len(treatment)}; verdict as planned: {right}")
    for t in sorted(found):
        print(f"  {t:<15} expected {EXPECTED.get(t, '?'):<13} found {dict(found[t])}")


if __name__ == "__main__":
    main()
