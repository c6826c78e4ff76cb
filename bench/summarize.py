#!/usr/bin/env python3
"""The results table of bench/run (markdown), from its output directory.

    bench/summarize.py OUT_DIR N...
"""
import json
import os
import platform
import subprocess
import sys


def read(path):
    with open(path) as f:
        return f.read().strip()


def times(path):  # "%e %U %S %M": wall s, user s, sys s, max RSS KiB
    wall, user, sys_, rss = read(path).split()[-4:]
    return float(wall), float(user) + float(sys_), int(rss) / 1024


def main():
    out, sizes = sys.argv[1], [int(n) for n in sys.argv[2:]]
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    mem = next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                  if l.startswith("model name")), platform.processor())
    rows = ["| measure | value | target | met |", "|---|---|---|---|"]
    rss = {}
    for n in sizes:
        d = os.path.join(out, f"w{n}")
        wall, cpu_s, peak = times(os.path.join(d, "time.txt"))
        limit = json.loads(read(os.path.join(d, "limit.json")))
        urls = limit["urls"]
        ratio = wall / limit["limit_s"]
        rss[n] = peak
        outcomes = read(os.path.join(d, "outcomes.txt")).splitlines()[0]
        rows += [
            f"| probe N={n}: wall time | {wall:.1f} s ({urls / wall:.1f} measurements/s) | | |",
            f"| probe N={n}: round-trip limit (max {limit['max_s']:.1f} s, sum {limit['sum_s']:.0f} s / 64) "
            f"| {limit['limit_s']:.1f} s | | |",
            f"| probe N={n}: wall / limit | {ratio:.2f} | ≤ 1.5 | {'yes' if ratio <= 1.5 else 'NO'} |",
            f"| probe N={n}: CPU time (user+sys) | {cpu_s:.1f} s | | |",
            f"| probe N={n}: peak RSS | {peak:.1f} MiB | ≤ 64 MiB | {'yes' if peak <= 64 else 'NO'} |",
            f"| probe N={n}: verdicts | {outcomes} | all as planned | "
            f"{'yes' if outcomes.split()[1] == outcomes.split()[-1] == str(urls) else 'NO'} |",
        ]
        base = os.path.join(d, "baseline-time.txt")
        if os.path.exists(base):
            bwall, bcpu, _ = times(base)
            rows += [
                f"| naive baseline N={n} (dig + curl, xargs -P 64): wall time | {bwall:.1f} s "
                f"(CPU {bcpu:.1f} s) | | |",
                f"| ashyq / baseline wall time | {wall / bwall:.2f} | | |",
            ]
        helper = os.path.join(d, "helper.json")
        if os.path.exists(helper):
            h = json.loads(read(helper))
            rows += [
                f"| helper: control requests/s at {h['clients']} clients | "
                f"{h['requests_per_second']:.0f} ({h['requests']} in {h['seconds']:.0f} s, "
                f"{h['errors']} errors) | ≥ 2,000 | {'yes' if h['requests_per_second'] >= 2000 else 'NO'} |",
                f"| helper: latency p50 / p99 | {h['p50_ms']:.1f} / {h['p99_ms']:.1f} ms | | |",
            ]
            cpu_file = os.path.join(d, "helper-cpu.txt")
            if os.path.exists(cpu_file) and h["requests"]:
                ticks, hz = (int(x) for x in read(cpu_file).split())
                per = ticks / hz / h["requests"] * 1000
                rows.append(f"| helper: its own CPU per request (capacity of 2 dedicated cores) | "
                            f"{per:.2f} ms ({2000 / per:.0f} requests/s) | | |")
    if len(rss) >= 2:
        lo, hi = rss[sizes[0]], rss[sizes[-1]]
        growth = (hi - lo) / lo * 100
        rows.append(f"| peak RSS N={sizes[-1]} vs N={sizes[0]} | {growth:+.1f} % | within ±10 % | "
                    f"{'yes' if abs(growth) <= 10 else 'NO'} |")
    at = os.path.join(out, "analyze-time.txt")
    if os.path.exists(at):
        wall, cpu_s, peak = times(at)
        lines = int(read(os.path.join(out, "analyze-lines.txt")))
        size = os.path.getsize(os.path.join(out, "analyze-input.jsonl")) / 1e6
        rows += [
            f"| analyzer: {size:.0f} MB, {lines} measurements | {wall:.1f} s wall, {cpu_s:.1f} s CPU, "
            f"{peak:.0f} MiB peak | | |",
            f"| analyzer: throughput per core | {size / cpu_s:.0f} MB/s, {lines / cpu_s:.0f} measurements/s "
            f"| ≥ 100 MB/s | {'yes' if size / cpu_s >= 100 else 'NO'} |",
        ]
    print(f"machine: {model}, {cpu} cores, {int(mem) // 1024} MiB; "
          f"{subprocess.run(['date', '-u', '+%Y-%m-%d %H:%M UTC'], capture_output=True, text=True).stdout.strip()}")
    print()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
