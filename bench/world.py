#!/usr/bin/env python3
"""Writes a benchmark world for the ashyq lab: N generated sites with a realistic mix of
outcomes, as a lab scenario (docs/lab.md), a Citizen Lab-format test list for `ashyq run`, and a
plan (one row per URL: its treatment and the round trips on its critical path).

    bench/world.py N RTT_MS OUT_DIR [LOSS_PERCENT]

LOSS_PERCENT (default 0) drops that share of the packets the censor forwards, both ways, on the
probe's path only (the helper's path is never touched): the lossy variant of issue 17, e.g.
`bench/world.py 1000 300 DIR 3` for a mobile or rural link at 300 ms and 3 % loss.

Deterministic: site i always gets the same treatment and page size. The mix (shares of N):
"""
import csv
import math
import os
import random
import sys

# treatment: share, scheme, what the lab does, what it costs on the critical path.
MIX = [
    # name            share  scheme
    ("reachable",     0.70, "https"),  # page 10-200 kB
    ("reachable_http", 0.05, "http"),
    ("slow",          0.04, "https"),  # the site's flows delayed 150 ms each way
    ("sni_drop",      0.06, "https"),  # ClientHello blackholed: TLS timeout
    ("sni_reset",     0.03, "https"),
    ("syn_drop",      0.02, "https"),  # connect timeout
    ("tcp_reset",     0.02, "https"),  # RST injected on the SYN
    ("dns_nxdomain",  0.02, "https"),
    ("dns_bogon",     0.02, "https"),  # answer 127.0.0.1: nothing is dialled
    ("http_blockpage", 0.02, "http"),  # blockpage injected in place of the response
    ("intercepted",   0.02, "https"),  # TLS interception: certificate error
]
SLOW_DELAY_MS = 150
MSS = 1448
INITCWND = 10


def treatments(n):
    """Site i → treatment name, with exactly round(share × n) sites each, interleaved."""
    counts = [(name, max(1, round(share * n)) if name != "reachable" else 0, scheme)
              for name, share, scheme in MIX]
    fixed = sum(c for _, c, _ in counts)
    counts[0] = ("reachable", n - fixed, "https")
    out = []
    for name, count, scheme in counts:
        out += [(name, scheme)] * count
    random.Random(7).shuffle(out)
    return out


def body_bytes(i, name):
    if name not in ("reachable", "reachable_http", "slow"):
        return 2048
    r = random.Random(i)
    return int(math.exp(r.uniform(math.log(10_000), math.log(200_000))))


def address(i):
    """The i-th site address, 10.77.10.1 upwards, skipping .0 and .255 (the lab's site range)."""
    n, k = 0x0A4D0A01, 0
    while True:
        if n & 0xFF not in (0, 255):
            if k == i:
                return ".".join(str(n >> s & 0xFF) for s in (24, 16, 8, 0))
            k += 1
        n += 1


def data_rounds(size):
    """Round trips TCP slow start needs to deliver `size` bytes of response (headers included)
    from an initial window of 10 segments, doubling each round: the response's own round trip
    counts as the first."""
    # the page plus its headers (~250 bytes) and TLS records (22 bytes per 16 KiB), in segments
    segments = math.ceil((size * 1.002 + 600) / MSS)
    rounds, window, sent = 0, INITCWND, 0
    while sent < segments:
        sent += window
        window *= 2
        rounds += 1
    return rounds


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    n, rtt, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    loss = float(sys.argv[4]) if len(sys.argv) == 5 else 0.0
    if not 1 <= n <= 5500:
        sys.exit("world.py: N must be 1-5500 (the lab's site range)")
    os.makedirs(out, exist_ok=True)
    sites = []
    for i, (name, scheme) in enumerate(treatments(n)):
        domain = f"site{i:05d}.bench.example"
        sites.append((i, domain, name, scheme, body_bytes(i, name)))

    def names(t):
        return [d for _, d, name, _, _ in sites if name == t]

    lines = [
        f'description = "benchmark world: {n} sites, RTT {rtt} ms, loss {loss:g} %"',
        'reference = "issue 6"',
        "[network]",
        f"rtt_ms = {rtt}",
    ]
    if loss:
        lines.append(f"loss_percent = {loss:g}")
    for i, domain, name, scheme, size in sites:
        lines += ["[[site]]", f'domain = "{domain}"', f'address = "{address(i)}"',
                  f"body_bytes = {size}"]

    def rule(action, key, values, extra=()):
        if not values:
            return
        lines.extend(["[[rule]]", f'name = "bench {action} {key}"', f'action = "{action}"'])
        lines.append(f"{key} = [" + ", ".join(f'"{v}"' for v in values) + "]")
        lines.extend(extra)

    rule("drop", "sni", names("sni_drop"))
    rule("reset", "sni", names("sni_reset"))
    rule("drop", "ip", names("syn_drop"))
    rule("reset", "ip", names("tcp_reset"))
    rule("dns_nxdomain", "dns_name", names("dns_nxdomain"))
    rule("dns_answer", "dns_name", names("dns_bogon"), ['answer = "127.0.0.1"'])
    rule("http_blockpage", "host", names("http_blockpage"))
    rule("delay", "ip", names("slow"), [f"delay_ms = {SLOW_DELAY_MS}"])
    for domain in names("intercepted"):
        lines += ["[[rule]]", 'action = "tls_intercept"', f'ip = "{domain}"']
    # A scenario needs one [[url]]; the benchmark measures the list, not this.
    lines += ["[[url]]", f'url = "https://{sites[0][1]}/"']
    with open(os.path.join(out, "world.toml"), "w") as f:
        f.write("\n".join(lines) + "\n")

    with open(os.path.join(out, "list.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["url", "category_code", "category_description", "date_added", "source",
                    "notes"])
        for i, domain, name, scheme, size in sites:
            w.writerow([f"{scheme}://{domain}/", "MISC", "Miscellaneous", "2026-11-28", "bench",
                        name])
    with open(os.path.join(out, "plan.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["url", "treatment", "body_bytes", "data_rounds", "address"])
        for i, domain, name, scheme, size in sites:
            w.writerow([f"{scheme}://{domain}/", name, size, data_rounds(size), address(i)])


if __name__ == "__main__":
    main()
