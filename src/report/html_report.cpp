// The HTML report, written section by section into one string.
#include "report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "report/categories.hpp"
#include "report/charts.hpp"
#include "report/counts.hpp"
#include "report/methods.hpp"
#include "report/text.hpp"

#ifndef ASHYQ_VERSION
#define ASHYQ_VERSION "unknown"
#endif

namespace ashyq::report {

namespace {

using store::MeasurementSummary;

std::string h(std::string_view s) {
  return html_escape(s);
}

constexpr std::string_view kStyle = R"css(
:root { color-scheme: light; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 15px/1.45 "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif;
  color: #1a1a1a; background: #fff; max-width: 1120px; margin: 0 auto; padding: 24px 32px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; border-bottom: 2px solid #1a1a1a; padding-bottom: 3px; margin: 36px 0 12px; }
p.sub { color: #444; margin: 0; }
p.lead { font-size: 16px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }
th, td { border: 1px solid #b0b0b0; padding: 4px 6px; vertical-align: top; text-align: left; }
thead th { background: #ececec; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.narrow { width: auto; min-width: 55%; }
tr.total td { font-weight: bold; border-top: 2px solid #1a1a1a; }
tr.part td:first-child { padding-left: 28px; }
tr.group th { background: #f6f6f6; font-size: 14px; border-top: 2px solid #1a1a1a; }
tr.differs td { background: #f7e4e4; }
code { font-family: "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace; font-size: 12px; }
.wrap { overflow-wrap: anywhere; }
.muted { color: #555; }
.swatch { display: inline-block; width: 10px; height: 10px; border: 1px solid #1a1a1a;
  margin-right: 5px; vertical-align: baseline; }
table.evidence { table-layout: fixed; }
table.evidence td { font-size: 12px; overflow-wrap: break-word; }
table.evidence th { font-size: 12px; overflow-wrap: break-word; hyphens: manual; }
table.evidence code { font-size: 11px; }
.nowrap { white-space: nowrap; }
code.url { overflow-wrap: anywhere; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; }
svg.chart text { fill: #1a1a1a; }
figure { margin: 16px 0 28px; }
figcaption { font-weight: bold; margin-bottom: 8px; }
.notice { border: 2px solid #1a1a1a; padding: 10px 14px; font-weight: bold; margin: 12px 0; }
dl.glossary dt { font-weight: bold; margin-top: 8px; }
dl.glossary dd { margin-left: 20px; }
footer { margin-top: 40px; border-top: 1px solid #888; padding-top: 8px; font-size: 12px;
  color: #333; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
)css";

std::string or_unknown(std::string_view s) {
  return s.empty() ? "unknown" : h(s);
}

std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0)
    return "&ndash;";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

// "TLS handshake blocked (typically SNI filtering) <code>tls</code>"; an unknown method raw.
std::string method_cell(std::string_view method) {
  const MethodInfo* m = find_method(method);
  if (m == nullptr)
    return fmt::format("Unrecognised method <code>{}</code>", h(method));
  return fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>{} <code>{}</code>",
                     m->colour, h(m->words), h(m->name));
}

// The steps of analysis::failed_step in words.
std::string step_words(std::string_view step) {
  if (step == "resolve")
    return "DNS lookup";
  if (step == "connect")
    return "TCP connect";
  if (step == "tls_handshake")
    return "TLS handshake";
  if (step == "http_round_trip")
    return "HTTP request";
  return "";
}

std::string step_cell(std::string_view step) {
  if (step.empty())
    return "";
  const std::string words = step_words(step);
  if (words.empty())
    return fmt::format("<code>{}</code>", h(step));
  return fmt::format("{}<br><code>{}</code>", words, h(step));
}

// Plain words for the OONI failure strings a reader meets most; the raw string is always shown.
std::string failure_words(std::string_view failure) {
  static const std::map<std::string_view, std::string_view> kWords = {
      {"generic_timeout_error", "timed out"},
      {"connection_reset", "connection reset"},
      {"connection_refused", "connection refused"},
      {"eof_error", "connection closed"},
      {"dns_nxdomain_error", "name does not exist"},
      {"dns_no_answer", "no address in the answer"},
      {"dns_refused_error", "resolver refused"},
      {"dns_server_failure", "resolver failure"},
      {"host_unreachable", "host unreachable"},
      {"network_unreachable", "network unreachable"},
      {"ssl_invalid_hostname", "certificate for another name"},
      {"ssl_unknown_authority", "certificate from an unknown authority"},
      {"ssl_invalid_certificate", "invalid certificate"},
      {"ssl_failed_handshake", "TLS handshake failed"},
      {"interrupted", "interrupted"},
  };
  auto it = kWords.find(failure);
  return it == kWords.end() ? "" : std::string(it->second);
}

std::string failure_cell(std::string_view failure) {
  if (failure.empty())
    return "";
  const std::string words = failure_words(failure);
  if (words.empty())
    return fmt::format("<code class=\"wrap\">{}</code>", h(failure));
  return fmt::format("{}<br><code>{}</code>", words, h(failure));
}

std::string category_cell(std::string_view code) {
  if (code.empty())
    return "<span class=\"muted\">none</span>";
  const std::string_view name = category_name(code);
  if (name.empty())
    return fmt::format("<code>{}</code>", h(code));
  return fmt::format("<code>{}</code><br><span class=\"muted\">{}</span>", h(code), h(name));
}

std::string list_cell(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty())
      out += "<br>";
    out += "<code class=\"wrap\">" + h(item) + "</code>";
  }
  return out;
}

std::string method_name_cell(std::string_view method) {
  const MethodInfo* m = find_method(method);
  if (m == nullptr)
    return fmt::format("<code>{}</code>", h(method));
  return fmt::format("{} <code>{}</code>", h(m->label), h(m->name));
}

std::string site_cell(const MeasurementSummary& s) {
  return fmt::format("<strong class=\"wrap\">{}</strong><br><code class=\"url\">{}</code>",
                     h(s.domain), h(s.input));
}

// "YYYY-MM-DD hh:mm:ss" as the date over the time, neither broken at its hyphens or colons.
std::string time_cell(std::string_view time) {
  const auto space = time.find(' ');
  if (space == std::string_view::npos)
    return h(time);
  return fmt::format("<span class=\"nowrap\">{}</span><br><span class=\"nowrap\">{}</span>",
                     h(time.substr(0, space)), h(time.substr(space + 1)));
}

std::string first(const std::vector<std::string>& items) {
  return items.empty() ? std::string() : h(items.front());
}

// `all` holds every experiment's measurements: a run of tls_interception measured its inputs
// as surely as a run of web_connectivity did, although only the latter's are counted as sites.
void runs_section(const ReportInput& in, const std::vector<MeasurementSummary>& all,
                  std::string& out) {
  out += "<section id=\"runs\">\n<h2>What was measured</h2>\n";
  if (in.runs.empty()) {
    out += "<p>The details of the run (times, test list, network) were not recorded.</p>\n";
  } else {
    std::map<int64_t, std::size_t> measured;
    for (const auto& s : all)
      ++measured[s.run_id];
    out +=
        "<table id=\"runs-table\">\n<thead><tr><th>Run</th><th>Started (UTC)</th>"
        "<th>Ended (UTC)</th><th>Test list</th><th>Country</th><th>Network</th>"
        "<th class=\"num\">URLs planned</th><th class=\"num\">Measured</th></tr></thead>\n"
        "<tbody>\n";
    for (const auto& r : in.runs) {
      std::string network = or_unknown(r.probe_asn);
      if (!r.probe_network.empty())
        network += " " + h(r.probe_network);
      const std::size_t n = measured[r.run_id];
      out += fmt::format(
          "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
          "<td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
          r.run_id == 0 ? "&ndash;" : std::to_string(r.run_id), or_unknown(r.start_time),
          r.end_time.empty() ? "not finished" : h(r.end_time), or_unknown(r.list),
          or_unknown(r.probe_cc), network,
          r.urls_planned == 0 ? "unknown" : std::to_string(r.urls_planned), n);
    }
    out += "</tbody>\n</table>\n";
    for (const auto& r : in.runs) {
      const std::size_t n = measured[r.run_id];
      if (r.urls_planned > n) {
        out += fmt::format(
            "<p>Run {}: {} of the {} planned URLs were measured; the run was stopped or is "
            "incomplete, and the URLs not measured are not counted anywhere below.</p>\n",
            r.run_id, n, r.urls_planned);
      }
    }
  }
  out += "</section>\n";
}

void summary_section(const ReportInput& in, const ReportCounts& c, std::string& out) {
  out += "<section id=\"overview\">\n<h2>Summary</h2>\n";
  if (c.measurements == 0) {
    out +=
        "<p class=\"notice\" id=\"nothing-measured\">Nothing was measured: this report holds "
        "no measurements.</p>\n";
  } else {
    out += fmt::format(
        "<p class=\"lead\">Of <strong>{}</strong> measurements{}, <strong>{}</strong> ({}) "
        "showed blocking, {} ({}) were accessible, {} ({}) failed because the site was down "
        "everywhere, and {} ({}) could not be decided.</p>\n",
        c.measurements,
        c.distinct_urls == c.measurements ? std::string()
                                          : fmt::format(" (of {} distinct URLs)", c.distinct_urls),
        c.blocked, percent(c.blocked, c.measurements), c.accessible,
        percent(c.accessible, c.measurements), c.down, percent(c.down, c.measurements), c.undecided,
        percent(c.undecided, c.measurements));
  }
  const auto row = [&](std::string_view key, std::string_view cls, const std::string& label,
                       std::size_t n) {
    out += fmt::format(
        "<tr data-summary=\"{}\"{}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "</tr>\n",
        key, cls.empty() ? "" : fmt::format(" class=\"{}\"", cls), label, n,
        percent(n, c.measurements));
  };
  out +=
      "<table id=\"summary\" class=\"narrow\">\n<thead><tr><th>Result</th>"
      "<th class=\"num\">Measurements</th><th class=\"num\">Share</th></tr></thead>\n<tbody>\n";
  row("tested", "", "URLs tested", c.measurements);
  row("accessible", "", method_cell("none"), c.accessible);
  row("blocked", "", "<strong>Blocked, all methods</strong>", c.blocked);
  for (const auto& m : blocking_methods()) {
    row(m.name, "part", method_cell(m.name), c.count(m.name));
  }
  row("down", "", method_cell("down"), c.down);
  row("unknown", "", method_cell("unknown"), c.undecided);
  if (c.unrecognised > 0) {
    row("unrecognised", "part", "of which a method this version does not know", c.unrecognised);
  }
  row("control_failed", "",
      "The uncensored control (test helper) failed<br><span class=\"muted\">any result; without "
      "other evidence such measurements are counted as undecided</span>",
      c.control_failed);
  out += "</tbody>\n</table>\n</section>\n";
}

std::string found_cell(const std::vector<std::string>& found) {
  if (found.empty())
    return "<em>not measured</em>";
  std::string out;
  for (const auto& f : found) {
    if (!out.empty())
      out += ", ";
    out += method_name_cell(f);
  }
  return out;
}

void ground_truth_section(const ReportInput& in, std::string& out) {
  const GroundTruthComparison g = compare_ground_truth(in.measurements, in.ground_truth);
  out += "<section id=\"ground-truth\">\n<h2>Ground truth of the lab world</h2>\n";
  out += fmt::format(
      "<p class=\"lead\">This report comes from a simulated (lab) network whose censor was set "
      "up to treat the listed sites in known ways: <strong>{}</strong> ground-truth entries (a "
      "domain with the method expected for it, once per URL measured). For <strong>{}</strong> "
      "of them the measurements found exactly the expected method; <strong>{}</strong> "
      "differ{}.</p>\n",
      g.rows.size(), g.matching, g.rows.size() - g.matching,
      g.not_measured == 0 ? std::string()
                          : fmt::format(" ({} were not measured at all)", g.not_measured));
  if (g.measured_not_listed > 0) {
    out += fmt::format("<p>Measurements of domains the ground truth does not list: {}.</p>\n",
                       g.measured_not_listed);
  }
  out +=
      "<table id=\"ground-truth-counts\" class=\"narrow\">\n<thead><tr><th>Method</th>"
      "<th class=\"num\">Expected<br>(ground-truth entries)</th>"
      "<th class=\"num\">Found<br>(measurements)</th><th>Same?</th></tr></thead>\n<tbody>\n";
  for (const auto& m : g.methods) {
    if (m.expected == 0 && m.found == 0)
      continue;
    const bool same = m.expected == m.found;
    out += fmt::format(
        "<tr data-gt-method=\"{}\"{}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td>{}</td></tr>\n",
        h(m.method), same ? "" : " class=\"differs\"", method_name_cell(m.method), m.expected,
        m.found, same ? "yes" : "<strong>no</strong>");
  }
  out += "</tbody>\n</table>\n";

  const auto domain_rows = [&](bool only_differences) {
    std::string rows;
    for (const auto& r : g.rows) {
      if (only_differences && r.matches)
        continue;
      rows += fmt::format(
          "<tr{}><td class=\"wrap\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
          r.matches ? "" : " class=\"differs\"", h(r.domain), method_name_cell(r.expected_method),
          found_cell(r.found_methods), r.matches ? "yes" : "<strong>no</strong>");
    }
    return rows;
  };
  constexpr std::string_view kHead =
      "<thead><tr><th>Domain</th><th>Expected</th><th>Found</th><th>Same?</th></tr></thead>\n";
  if (g.matching < g.rows.size()) {
    out += "<h3>Domains where the finding differs from the ground truth</h3>\n";
    out += fmt::format("<table id=\"ground-truth-differences\">\n{}<tbody>\n{}</tbody>\n</table>\n",
                       kHead, domain_rows(true));
  }
  out += fmt::format(
      "<details>\n<summary>All {} ground-truth entries</summary>\n"
      "<table id=\"ground-truth-table\">\n{}<tbody>\n{}</tbody>\n</table>\n</details>\n",
      g.rows.size(), kHead, domain_rows(false));
  out += "</section>\n";
}

void charts_section(const ReportInput& in, const ReportCounts& c, std::string& out) {
  out += "<section id=\"charts\">\n<h2>Charts</h2>\n";
  out +=
      "<figure>\n<figcaption>Blocked measurements by method (count, and share of all "
      "measurements)</figcaption>\n";
  out += methods_chart(c);
  out += "</figure>\n";
  out +=
      "<figure>\n<figcaption>Measurements by Citizen Lab category: how many were blocked, "
      "and how</figcaption>\n";
  out += categories_chart(in.measurements);
  out += "</figure>\n</section>\n";
}

std::vector<const MeasurementSummary*> sorted(const std::vector<MeasurementSummary>& all,
                                              bool (*keep)(const MeasurementSummary&)) {
  std::vector<const MeasurementSummary*> out;
  for (const auto& s : all) {
    if (keep(s))
      out.push_back(&s);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
    const auto ra = method_rank(a->method), rb = method_rank(b->method);
    if (ra != rb)
      return ra < rb;
    if (a->method != b->method)
      return a->method < b->method;
    if (a->domain != b->domain)
      return a->domain < b->domain;
    return a->input < b->input;
  });
  return out;
}

void blocked_section(const ReportInput& in, const ReportCounts& c, std::string& out) {
  const auto rows = sorted(
      in.measurements, [](const MeasurementSummary& s) { return is_blocking_method(s.method); });
  out += "<section id=\"blocked\">\n<h2>Blocked sites</h2>\n";
  if (rows.empty()) {
    out += "<p>No measurement showed blocking.</p>\n";
  } else {
    out += fmt::format(
        "<p>{} measurements showed blocking, listed by method and then by domain, with the "
        "evidence a reader can check first. Every measurement's full evidence is in the CSV and "
        "JSONL exports, and the raw measurement is the record of truth.</p>\n",
        rows.size());
  }
  constexpr int kColumns = 10;
  out +=
      "<table id=\"blocked-table\" class=\"evidence\">\n<colgroup><col style=\"width:14%\">"
      "<col style=\"width:10%\"><col style=\"width:11%\"><col style=\"width:8%\">"
      "<col style=\"width:10%\"><col style=\"width:12%\"><col style=\"width:8%\">"
      "<col style=\"width:9%\"><col style=\"width:11%\"><col style=\"width:7%\"></colgroup>\n"
      "<thead><tr><th>Site<br><span class=\"muted\">domain, URL</span></th>"
      "<th>Category</th><th>Method</th><th class=\"num\">Confidence</th>"
      "<th>Failing step</th><th>Failure</th><th>Block-page finger&shy;prints</th>"
      "<th>Certificate issuer</th><th>First evidence</th><th>Time (UTC)</th></tr></thead>\n"
      "<tbody>\n";
  if (rows.empty()) {
    out += fmt::format("<tr><td colspan=\"{}\">{}</td></tr>\n", kColumns,
                       c.measurements == 0 ? "Nothing was measured."
                                           : "No blocking was found in these measurements.");
  }
  std::string group;
  for (const auto* s : rows) {
    if (s->method != group) {
      group = s->method;
      const MethodInfo* m = find_method(group);
      out += fmt::format(
          "<tr class=\"group\"><th colspan=\"{}\">{} <code>{}</code> &mdash; {}</th></tr>\n",
          kColumns, h(m->words), h(m->name), c.count(group));
    }
    out += fmt::format(
        "<tr data-method=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.2f}</td>"
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        h(s->method), site_cell(*s), category_cell(s->category), method_name_cell(s->method),
        s->confidence, step_cell(s->failed_step), failure_cell(s->failure),
        list_cell(s->fingerprints), h(s->certificate_issuer), first(s->evidence),
        time_cell(s->measurement_start_time));
  }
  out += "</tbody>\n</table>\n</section>\n";
}

void undecided_section(const ReportInput& in, std::string& out) {
  const auto rows = sorted(in.measurements, [](const MeasurementSummary& s) {
    return s.method != "none" && !is_blocking_method(s.method);
  });
  out +=
      "<section id=\"undecided\">\n<h2>Sites down, and measurements that could not be "
      "decided</h2>\n";
  if (rows.empty()) {
    out += "<p>None.</p>\n</section>\n";
    return;
  }
  out += fmt::format(
      "<p>{} measurements are neither accessible nor blocked: the site failed from the "
      "uncensored control too (down), or there was not enough to decide. They are not counted "
      "as blocking.</p>\n",
      rows.size());
  out +=
      "<table id=\"undecided-table\" class=\"evidence\">\n<colgroup><col style=\"width:19%\">"
      "<col style=\"width:11%\"><col style=\"width:12%\"><col style=\"width:10%\">"
      "<col style=\"width:12%\"><col style=\"width:7%\"><col style=\"width:21%\">"
      "<col style=\"width:8%\"></colgroup>\n"
      "<thead><tr><th>Site<br><span class=\"muted\">domain, URL</span></th><th>Category</th>"
      "<th>Result</th><th>Failing step</th><th>Failure</th><th>Control failed</th>"
      "<th>First evidence</th><th>Time (UTC)</th></tr></thead>\n<tbody>\n";
  for (const auto* s : rows) {
    const MethodInfo* m = find_method(s->method);
    out += fmt::format(
        "<tr data-result=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
        m == nullptr ? "unknown" : h(m->name), site_cell(*s), category_cell(s->category),
        method_name_cell(s->method), step_cell(s->failed_step), failure_cell(s->failure),
        s->control_failed ? "yes" : "no", first(s->evidence), time_cell(s->measurement_start_time));
  }
  out += "</tbody>\n</table>\n</section>\n";
}

// Every intercepted handshake, whichever experiment saw it: the domain, the root the chain
// leads to (when it is a known interception root) and who issued the leaf.
void interception_section(const std::vector<MeasurementSummary>& all, std::string& out) {
  const auto rows =
      sorted(all, [](const MeasurementSummary& s) { return s.method == "interception"; });
  if (rows.empty())
    return;
  std::set<std::string> domains;
  for (const auto* s : rows)
    domains.insert(s->domain);
  out += "<section id=\"interception\">\n<h2>Intercepted HTTPS</h2>\n";
  out += fmt::format(
      "<p>On <strong>{}</strong> domains ({} measurements) the encrypted handshake was answered "
      "with a certificate chain the uncensored control did not see: a middlebox read and could "
      "alter the traffic. Where the chain leads to a known interception root, the root is "
      "named.</p>\n",
      domains.size(), rows.size());
  out +=
      "<table id=\"interception-table\" class=\"evidence\">\n<thead><tr><th>Domain</th>"
      "<th>Interception root</th><th>Leaf issued by</th><th>Experiment</th>"
      "<th class=\"num\">Confidence</th><th>Time (UTC)</th></tr></thead>\n<tbody>\n";
  for (const auto* s : rows) {
    out += fmt::format(
        "<tr data-domain=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td>"
        "<td class=\"num\">{:.2f}</td><td>{}</td></tr>\n",
        h(s->domain), h(s->domain),
        s->interception_root.empty() ? "<em>not a listed root</em>" : h(s->interception_root),
        or_unknown(s->certificate_issuer), h(s->test_name), s->confidence,
        time_cell(s->measurement_start_time));
  }
  out += "</tbody>\n</table>\n</section>\n";
}

// The experiments other than web_connectivity, one table each, in the order first seen.
void experiments_section(const std::vector<MeasurementSummary>& others, std::string& out) {
  if (others.empty())
    return;
  std::vector<std::string> names;
  for (const auto& s : others) {
    if (std::find(names.begin(), names.end(), s.test_name) == names.end())
      names.push_back(s.test_name);
  }
  out += "<section id=\"experiments\">\n<h2>Other experiments</h2>\n";
  out +=
      "<p>Measurements of experiments other than web connectivity (TLS interception, SNI "
      "filtering, DNS, throttling, messaging apps, Tor), each with ashyq's verdict and the "
      "first evidence lines. They are not counted in the summary above, which is about web "
      "sites.</p>\n";
  for (const auto& name : names) {
    std::vector<MeasurementSummary> mine;
    for (const auto& s : others) {
      if (s.test_name == name)
        mine.push_back(s);
    }
    const auto rows = sorted(mine, [](const MeasurementSummary&) { return true; });
    std::size_t blocked = 0;
    for (const auto* s : rows)
      blocked += is_blocking_method(s->method) ? 1 : 0;
    out += fmt::format(
        "<h3 id=\"experiment-{}\"><code>{}</code> &mdash; {} measurements, {} showing "
        "interference</h3>\n",
        h(name), h(name), rows.size(), blocked);
    out += fmt::format(
        "<table class=\"evidence\" data-experiment=\"{}\">\n<thead><tr><th>Input</th>"
        "<th>Result</th><th class=\"num\">Confidence</th><th>Evidence</th><th>Time (UTC)</th>"
        "</tr></thead>\n<tbody>\n",
        h(name));
    for (const auto* s : rows) {
      std::string evidence;
      for (std::size_t i = 0; i < s->evidence.size() && i < 3; ++i)
        evidence += (i ? "<br>" : "") + h(s->evidence[i]);
      out += fmt::format(
          "<tr data-method=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{:.2f}</td>"
          "<td>{}</td><td>{}</td></tr>\n",
          h(s->method), s->input.empty() ? "<em>no input</em>" : h(s->input),
          method_name_cell(s->method), s->confidence, evidence,
          time_cell(s->measurement_start_time));
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";
}

void glossary_section(std::string& out) {
  out += "<section id=\"methods\">\n<h2>What the results mean</h2>\n<dl class=\"glossary\">\n";
  for (const auto& m : all_methods()) {
    out += fmt::format("<dt>{} <code>{}</code></dt><dd>{}</dd>\n", h(m.words), h(m.name),
                       h(m.explanation));
  }
  out +=
      "<dt>Confidence</dt><dd>How strongly the observations support the method, from 0 to 1. "
      "It is ashyq's rating of the evidence, not a statistical probability.</dd>\n"
      "<dt>Failing step, failure</dt><dd>The first step of the measurement that failed (DNS "
      "lookup, TCP connect, TLS handshake, HTTP request) and the error it ended with, named as "
      "in OONI's data format.</dd>\n"
      "<dt>Uncensored control</dt><dd>The same site fetched at the same time by a test helper "
      "on a network outside the one measured; a difference between the two is what indicates "
      "interference.</dd>\n";
  out += "</dl>\n</section>\n";
}

void footer(const ReportInput& in, std::string& out) {
  const std::string version =
      in.software_version.empty() ? std::string(ASHYQ_VERSION) : in.software_version;
  out += "<footer>\n";
  out += fmt::format(
      "<p>Generated by ashyq {}{}. The measurements use OONI's data format "
      "(<code>web_connectivity</code> in the df-000 envelope), so they can be checked with "
      "OONI's own tools. The probe's IP address is not included in this report or in its "
      "CSV and JSONL summaries.</p>\n",
      h(version), in.generated_at.empty() ? "" : fmt::format(" on {} UTC", h(in.generated_at)));
  out +=
      "<p>Text received from the network is shown as received, escaped; bytes that are not "
      "valid UTF-8 and invisible control characters are shown as &#xFFFD;.</p>\n";
  if (!in.files_beside.empty()) {
    out += "<p>Files beside this report:";
    bool first_file = true;
    for (const auto& f : in.files_beside) {
      out += fmt::format("{} <a href=\"{}\">{}</a>", first_file ? "" : ",", h(f), h(f));
      first_file = false;
    }
    out += ".</p>\n";
  }
  out += "</footer>\n";
}

}  // namespace

std::string render_html(const ReportInput& all) {
  // The site sections are about web_connectivity; the other experiments get their own.
  ReportInput in = all;
  in.measurements.clear();
  std::vector<MeasurementSummary> others;
  for (const auto& s : all.measurements)
    (is_web_connectivity(s) ? in.measurements : others).push_back(s);
  const ReportCounts c = count_results(in.measurements);
  std::string out;
  out.reserve(16384 + in.measurements.size() * 1024);
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out +=
      fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", h(in.title), kStyle);
  out += fmt::format("<header>\n<h1>{}</h1>\n", h(in.title));
  std::set<std::string> countries;
  for (const auto& r : in.runs) {
    if (!r.probe_cc.empty())
      countries.insert(r.probe_cc);
  }
  std::string where;
  for (const auto& cc : countries)
    where += (where.empty() ? "" : ", ") + h(cc);
  out += fmt::format(
      "<p class=\"sub\">{}{}{}.</p>\n</header>\n",
      others.empty() ? "Web connectivity measurements" : "Web connectivity and other measurements",
      where.empty() ? "" : " from " + where,
      in.generated_at.empty()
          ? ""
          : fmt::format(" &middot; report generated {} UTC", h(in.generated_at)));
  runs_section(in, all.measurements, out);
  summary_section(in, c, out);
  if (in.has_ground_truth)
    ground_truth_section(in, out);
  charts_section(in, c, out);
  blocked_section(in, c, out);
  undecided_section(in, out);
  interception_section(all.measurements, out);
  experiments_section(others, out);
  glossary_section(out);
  footer(in, out);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace ashyq::report
