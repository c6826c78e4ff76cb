#!/usr/bin/env bash
# Checks a report as a reader sees it: renders REPORT.html in headless Chromium, takes the DOM
# Chromium built, and verifies that
#   * both charts are there (svg#chart-methods with one bar per blocking method, svg#chart-categories),
#   * the blocked-sites table (#blocked-table, one tr[data-method] per blocked measurement) has,
#     method by method, as many rows as GROUND_TRUTH.csv expects,
#   * the methods chart's numbers and the summary (#summary tr[data-summary]) say the same,
#   * the report's own comparison (#ground-truth-counts tr[data-gt-method]) says "yes" everywhere,
#   * the intercepted-HTTPS table (#interception-table tr[data-domain]) lists exactly the domains
#     the ground truth intercepts, and each tls_interception row names "Qaznet Trust Network".
# GROUND_TRUTH.csv is `ashyq demo`'s ground-truth.csv: header, then domain,expected_method,… with
# one row per measured URL. The hooks are documented in src/report/html_report.hpp.
#
#   scripts/check-report.sh out/demo/report.html out/demo/ground-truth.csv [SCREENSHOT.png]
#
# Exit: 0 all equal, 1 something differs or is missing, 2 usage, 3 no Chromium.
set -euo pipefail

if (($# < 2 || $# > 3)); then
  echo "usage: $0 REPORT.html GROUND_TRUTH.csv [SCREENSHOT.png]" >&2
  exit 2
fi
report="$(realpath "$1")"
truth="$2"
screenshot="${3:-}"
[ -f "$report" ] || { echo "check-report: no file $report" >&2; exit 2; }
[ -f "$truth" ] || { echo "check-report: no file $truth" >&2; exit 2; }

chromium=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" >/dev/null; then chromium="$c"; break; fi
done
[ -n "$chromium" ] || { echo "check-report: Chromium is not installed (apt-get install chromium)" >&2; exit 3; }

profile="$(mktemp -d /tmp/ashyq-check-report-XXXXXX)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile"
       --window-size=1280,2000)
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$report" >"$profile/dom.html" \
  2>"$profile/chromium.log" || {
  echo "check-report: $chromium failed:" >&2
  tail -5 "$profile/chromium.log" >&2
  exit 1
}
if [ -n "$screenshot" ]; then
  timeout 120 "$chromium" "${flags[@]}" --screenshot="$(realpath -m "$screenshot")" \
    "file://$report" >/dev/null 2>>"$profile/chromium.log" || true
fi

python3 - "$profile/dom.html" "$truth" "$screenshot" <<'PY'
import collections, csv, html.parser, os, re, sys

dom_file, truth_file, screenshot = sys.argv[1], sys.argv[2], sys.argv[3]

# The ground truth: expected measurements per method.
with open(truth_file, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if not rows or rows[0][:2] != ["domain", "expected_method"]:
    sys.exit(f"check-report: {truth_file}: expected the header domain,expected_method,…")
expected = collections.Counter(r[1] for r in rows[1:] if len(r) >= 2)
total = sum(expected.values())


class Dom(html.parser.HTMLParser):
    """Collects the hooks: rows by attribute with their cell texts, the charts' bars."""

    def __init__(self):
        super().__init__()
        self.stack = []          # open elements: (tag, attrs)
        self.svgs = {}           # svg id → number of shapes inside
        self.chart_bars = {}     # method → bar label text ("12 (2.2%)")
        self.blocked_rows = collections.Counter()
        self.summary = {}        # data-summary → cell texts
        self.gt = {}             # data-gt-method → cell texts
        self.intercepted = collections.defaultdict(list)  # domain → its rows' cell texts
        self.row = None          # (kind, key, cells) of the row being read
        self.cell = None
        self.bar = None          # method of the chart bar being read
        self.bar_texts = []

    def inside(self, tag, id_=None):
        return any(t == tag and (id_ is None or a.get("id") == id_) for t, a in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append((tag, a))
        if tag == "svg" and a.get("id"):
            self.svgs[a["id"]] = 0
        if tag in ("rect", "text", "line") and self.inside("svg"):
            for t, sa in self.stack:
                if t == "svg" and sa.get("id") in self.svgs:
                    self.svgs[sa["id"]] += 1
        if tag == "g" and "data-chart-method" in a and self.inside("svg", "chart-methods"):
            self.bar, self.bar_texts = a["data-chart-method"], []
        if tag == "tr":
            if "data-method" in a and self.inside("table", "blocked-table"):
                self.blocked_rows[a["data-method"]] += 1
            if "data-summary" in a and self.inside("table", "summary"):
                self.row = ("summary", a["data-summary"], [])
            if "data-gt-method" in a and self.inside("table", "ground-truth-counts"):
                self.row = ("gt", a["data-gt-method"], [])
            if "data-domain" in a and self.inside("table", "interception-table"):
                self.row = ("interception", a["data-domain"], [])
        if tag == "td" and self.row is not None:
            self.cell = []
        if tag == "text" and self.bar is not None:
            self.bar_texts.append("")

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == "td" and self.row is not None and self.cell is not None:
            self.row[2].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        if tag == "tr" and self.row is not None:
            kind, key, cells = self.row
            if kind == "interception":
                self.intercepted[key].append(cells)
            else:
                (self.summary if kind == "summary" else self.gt)[key] = cells
            self.row = None
        if tag == "g" and self.bar is not None:
            self.chart_bars[self.bar] = self.bar_texts[-1] if self.bar_texts else ""
            self.bar = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if self.bar is not None and self.bar_texts:
            self.bar_texts[-1] += data


with open(dom_file, encoding="utf-8") as f:
    text = f.read()
dom = Dom()
dom.feed(text)

problems = []
for chart in ("chart-methods", "chart-categories"):
    if chart not in dom.svgs:
        problems.append(f"the rendered page has no svg#{chart}")
    elif dom.svgs[chart] == 0:
        problems.append(f"svg#{chart} is empty")
blocking = list(dom.chart_bars)  # the methods chart has one bar per blocking method
if not blocking:
    problems.append("svg#chart-methods has no bars (g[data-chart-method])")


def number(s):
    # Numbers are grouped from 1 000 on: "1,234" in English, "1\u00a0234" in Russian and Kazakh.
    m = re.match(r"\s*(\d+(?:[,\u00a0]\d{3})*)", s or "")
    return int(re.sub(r"[,\u00a0]", "", m.group(1))) if m else None


print(f"{'method':<14} {'truth':>6} {'table':>6} {'chart':>6} {'summary':>8}")
for method in blocking:
    want = expected.get(method, 0)
    table = dom.blocked_rows.get(method, 0)
    chart = number(dom.chart_bars.get(method))
    summary = number((dom.summary.get(method) or [None, None])[1])
    same = want == table == chart == summary
    print(f"{method:<14} {want:>6} {table:>6} {str(chart):>6} {str(summary):>8}"
          f"{'' if same else '   <- differs'}")
    if not same:
        problems.append(f"{method}: ground truth {want}, blocked table {table}, chart {chart}, "
                        f"summary {summary}")
for method in dom.blocked_rows:
    if method not in blocking:
        problems.append(f"the blocked table has rows of method {method}, which has no chart bar")
for key, want in (("tested", total), ("accessible", expected.get("none", 0))):
    got = number((dom.summary.get(key) or [None, None])[1])
    print(f"{key:<14} {want:>6} {'':>6} {'':>6} {str(got):>8}{'' if got == want else '   <- differs'}")
    if got != want:
        problems.append(f"summary {key}: ground truth {want}, report {got}")
if not dom.gt:
    problems.append("the report has no ground-truth section (#ground-truth-counts)")
for method, cells in dom.gt.items():
    if len(cells) < 4 or cells[1] != cells[2]:
        problems.append(f"#ground-truth-counts {method}: expected {cells[1:2]}, found {cells[2:3]}")
want_intercepted = {r[0] for r in rows[1:] if len(r) >= 2 and r[1] == "interception"}
got_intercepted = set(dom.intercepted)
print(f"{'intercepted':<14} {len(want_intercepted):>6} domains in the truth, "
      f"{len(got_intercepted)} in #interception-table")
if want_intercepted != got_intercepted:
    problems.append("#interception-table: missing "
                    f"{sorted(want_intercepted - got_intercepted)[:5]}, unexpected "
                    f"{sorted(got_intercepted - want_intercepted)[:5]}")
for domain, entries in dom.intercepted.items():
    for cells in entries:
        if len(cells) >= 4 and cells[3] == "tls_interception" and \
                "Qaznet Trust Network" not in cells[1]:
            problems.append(f"#interception-table {domain}: tls_interception names root {cells[1]!r}")
if screenshot:
    size = os.path.getsize(screenshot) if os.path.exists(screenshot) else 0
    print(f"screenshot: {screenshot} ({size} bytes)")
    if size < 10000:
        problems.append(f"the screenshot {screenshot} is missing or blank")

if problems:
    print("check-report: FAILED")
    for p in problems:
        print("  - " + p)
    sys.exit(1)
print(f"check-report: OK: charts present; blocked-site counts equal the ground truth "
      f"({total} measurements, {sum(expected[m] for m in blocking)} blocked)")
PY
