#!/usr/bin/env python3
"""The round-trip limit of a benchmark run (issue 6): for each URL the ideal duration is the
number of round trips on its critical path times the RTT, or the configured timeout where a step
is blackholed; limit = max(longest ideal duration, sum of ideal durations / concurrency).

    bench/limit.py PLAN.csv RTT_MS CONCURRENCY CONNECT_TIMEOUT_S TLS_TIMEOUT_S [CONFIRMATIONS]

Confirmation before accusation (issue 17, 2026-12-07): a URL whose verdict rests on timeouts
alone (here the blackholed ones, sni_drop and syn_drop, which time out every time) is measured
again CONFIRMATIONS times (default 2, `ashyq run --confirmations`), each attempt queued behind
the work queued before it. So such a URL's ideal duration is 1 + CONFIRMATIONS attempts, one
after the other, and the total work counts every attempt.
"""
import csv
import json
import sys

SLOW_EXTRA_MS = 2 * 150  # bench/world.py delays the slow sites' packets 150 ms each way
TIMEOUT_TREATMENTS = ("sni_drop", "syn_drop")  # verdicts that rest on timeouts alone


def ideal_seconds(treatment, data_rounds, rtt, connect_timeout, tls_timeout):
    dns, tcp, tls = 1, 1, 1
    if treatment == "reachable":
        return (dns + tcp + tls + data_rounds) * rtt
    if treatment == "reachable_http":
        return (dns + tcp + data_rounds) * rtt
    if treatment == "slow":
        return (dns * rtt) + (tcp + tls + data_rounds) * (rtt + SLOW_EXTRA_MS / 1000)
    if treatment == "sni_drop":
        return (dns + tcp) * rtt + tls_timeout
    if treatment == "sni_reset":
        return (dns + tcp) * rtt
    if treatment == "syn_drop":
        return dns * rtt + connect_timeout
    if treatment == "tcp_reset":
        return dns * rtt
    if treatment in ("dns_nxdomain", "dns_bogon"):
        return 0.0
    if treatment == "http_blockpage":
        return (dns + tcp) * rtt
    if treatment == "intercepted":
        return dns * rtt
    raise SystemExit(f"limit.py: unknown treatment {treatment}")


def main():
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    plan, rtt_ms, concurrency, connect_t, tls_t = sys.argv[1:6]
    confirmations = int(sys.argv[6]) if len(sys.argv) == 7 else 2
    rtt = int(rtt_ms) / 1000
    ideal, remeasured = [], 0
    with open(plan, newline="") as f:
        for row in csv.DictReader(f):
            seconds = ideal_seconds(row["treatment"], int(row["data_rounds"]), rtt,
                                    float(connect_t), float(tls_t))
            if row["treatment"] in TIMEOUT_TREATMENTS:
                seconds *= 1 + confirmations
                remeasured += confirmations
            ideal.append(seconds)
    total, longest = sum(ideal), max(ideal)
    limit = max(longest, total / int(concurrency))
    print(json.dumps({"limit_s": round(limit, 3), "sum_s": round(total, 3),
                      "max_s": round(longest, 3), "urls": len(ideal),
                      "remeasured": remeasured}))


if __name__ == "__main__":
    main()
