// The HTML report, written section by section into one string.
#include "report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "i18n/catalogue.hpp"
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

using i18n::Catalogue;
using i18n::N_;
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

std::string or_unknown(const Catalogue& t, std::string_view s) {
  return s.empty() ? std::string(t.tr("unknown")) : h(s);
}

std::string percent(const Catalogue& t, std::size_t part, std::size_t whole) {
  if (whole == 0)
    return "&ndash;";
  return t.percent(static_cast<double>(part) / static_cast<double>(whole));
}

std::string num(const Catalogue& t, std::size_t n) {
  return t.number(static_cast<std::int64_t>(n));
}

// "TLS handshake blocked (typically SNI filtering) <code>tls</code>"; an unknown method raw.
std::string method_cell(const Catalogue& t, std::string_view method) {
  const MethodInfo* m = find_method(method);
  if (m == nullptr)
    return t.trf("Unrecognised method <code>{0}</code>", {h(method)});
  return fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>{} <code>{}</code>",
                     m->colour, h(t.tr(m->words)), h(m->name));
}

// The steps of analysis::failed_step in words.
std::string step_words(const Catalogue& t, std::string_view step) {
  if (step == "resolve")
    return std::string(t.tr("DNS lookup"));
  if (step == "connect")
    return std::string(t.tr("TCP connect"));
  if (step == "tls_handshake")
    return std::string(t.tr("TLS handshake"));
  if (step == "http_round_trip")
    return std::string(t.tr("HTTP request"));
  return "";
}

std::string step_cell(const Catalogue& t, std::string_view step) {
  if (step.empty())
    return "";
  const std::string words = step_words(t, step);
  if (words.empty())
    return fmt::format("<code>{}</code>", h(step));
  return fmt::format("{}<br><code>{}</code>", words, h(step));
}

// Plain words for the OONI failure strings a reader meets most; the raw string is always shown.
std::string failure_words(const Catalogue& t, std::string_view failure) {
  static const std::map<std::string_view, std::string_view> kWords = {
      {"generic_timeout_error", N_("timed out")},
      {"connection_reset", N_("connection reset")},
      {"connection_refused", N_("connection refused")},
      {"eof_error", N_("connection closed")},
      {"dns_nxdomain_error", N_("name does not exist")},
      {"dns_no_answer", N_("no address in the answer")},
      {"dns_refused_error", N_("resolver refused")},
      {"dns_server_failure", N_("resolver failure")},
      {"host_unreachable", N_("host unreachable")},
      {"network_unreachable", N_("network unreachable")},
      {"ssl_invalid_hostname", N_("certificate for another name")},
      {"ssl_unknown_authority", N_("certificate from an unknown authority")},
      {"ssl_invalid_certificate", N_("invalid certificate")},
      {"ssl_failed_handshake", N_("TLS handshake failed")},
      {"interrupted", N_("interrupted")},
  };
  auto it = kWords.find(failure);
  return it == kWords.end() ? "" : std::string(t.tr(it->second));
}

std::string failure_cell(const Catalogue& t, std::string_view failure) {
  if (failure.empty())
    return "";
  const std::string words = failure_words(t, failure);
  if (words.empty())
    return fmt::format("<code class=\"wrap\">{}</code>", h(failure));
  return fmt::format("{}<br><code>{}</code>", words, h(failure));
}

std::string category_cell(const Catalogue& t, std::string_view code) {
  if (code.empty())
    return fmt::format("<span class=\"muted\">{}</span>", t.tr("none"));
  const std::string_view name = category_name(code);
  if (name.empty())
    return fmt::format("<code>{}</code>", h(code));
  return fmt::format("<code>{}</code><br><span class=\"muted\">{}</span>", h(code), h(t.tr(name)));
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

std::string method_name_cell(const Catalogue& t, std::string_view method) {
  const MethodInfo* m = find_method(method);
  if (m == nullptr)
    return fmt::format("<code>{}</code>", h(method));
  return fmt::format("{} <code>{}</code>", h(t.tr(m->label)), h(m->name));
}

std::string site_cell(const MeasurementSummary& s) {
  return fmt::format("<strong class=\"wrap\">{}</strong><br><code class=\"url\">{}</code>",
                     h(s.domain), h(s.input));
}

// "YYYY-MM-DD hh:mm:ss" as the date over the time, neither broken at its hyphens or colons.
// Dates and times stay ISO in every language.
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

std::string yes_no(const Catalogue& t, bool yes) {
  return yes ? std::string(t.tr("yes")) : std::string(t.tr("<strong>no</strong>"));
}

// `all` holds every experiment's measurements: a run of tls_interception measured its inputs
// as surely as a run of web_connectivity did, although only the latter's are counted as sites.
void runs_section(const Catalogue& t, const ReportInput& in,
                  const std::vector<MeasurementSummary>& all, std::string& out) {
  out += fmt::format("<section id=\"runs\">\n<h2>{}</h2>\n", t.tr("What was measured"));
  if (in.runs.empty()) {
    out +=
        fmt::format("<p>{}</p>\n",
                    t.tr("The details of the run (times, test list, network) were not recorded."));
  } else {
    std::map<int64_t, std::size_t> measured;
    for (const auto& s : all)
      ++measured[s.run_id];
    out += fmt::format(
        "<table id=\"runs-table\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "<th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n"
        "<tbody>\n",
        t.tr("Run"), t.tr("Started (UTC)"), t.tr("Ended (UTC)"), t.tr("Test list"), t.tr("Country"),
        t.tr("Network"), t.tr("URLs planned"), t.tr("Measured"));
    for (const auto& r : in.runs) {
      std::string network = or_unknown(t, r.probe_asn);
      if (!r.probe_network.empty())
        network += " " + h(r.probe_network);
      const std::size_t n = measured[r.run_id];
      out += fmt::format(
          "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
          "<td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
          r.run_id == 0 ? "&ndash;" : std::to_string(r.run_id), or_unknown(t, r.start_time),
          r.end_time.empty() ? std::string(t.tr("not finished")) : h(r.end_time),
          or_unknown(t, r.list), or_unknown(t, r.probe_cc), network,
          r.urls_planned == 0 ? std::string(t.tr("unknown")) : num(t, r.urls_planned), num(t, n));
    }
    out += "</tbody>\n</table>\n";
    for (const auto& r : in.runs) {
      const std::size_t n = measured[r.run_id];
      if (r.urls_planned > n) {
        out += fmt::format(
            "<p>{}</p>\n",
            t.trf("Run {0}: {1} of the {2} planned URLs were measured; the run was stopped or is "
                  "incomplete, and the URLs not measured are not counted anywhere below.",
                  {std::to_string(r.run_id), num(t, n), num(t, r.urls_planned)}));
      }
    }
  }
  out += "</section>\n";
}

void summary_section(const Catalogue& t, const ReportCounts& c, std::string& out) {
  out += fmt::format("<section id=\"overview\">\n<h2>{}</h2>\n", t.tr("Summary"));
  if (c.measurements == 0) {
    out += fmt::format("<p class=\"notice\" id=\"nothing-measured\">{}</p>\n",
                       t.tr("Nothing was measured: this report holds no measurements."));
  } else {
    const std::string of_measurements =
        c.distinct_urls == c.measurements
            ? t.trn("Of <strong>{0}</strong> measurement", "Of <strong>{0}</strong> measurements",
                    static_cast<std::int64_t>(c.measurements))
            : t.trf("Of <strong>{0}</strong> measurements (of {1} distinct URLs)",
                    {num(t, c.measurements), num(t, c.distinct_urls)});
    out += fmt::format(
        "<p class=\"lead\">{}</p>\n",
        t.trf("{0}, <strong>{1}</strong> ({2}) showed blocking, {3} ({4}) were accessible, {5} "
              "({6}) failed because the site was down everywhere, and {7} ({8}) could not be "
              "decided.",
              {of_measurements, num(t, c.blocked), percent(t, c.blocked, c.measurements),
               num(t, c.accessible), percent(t, c.accessible, c.measurements), num(t, c.down),
               percent(t, c.down, c.measurements), num(t, c.undecided),
               percent(t, c.undecided, c.measurements)}));
  }
  const auto row = [&](std::string_view key, std::string_view cls, const std::string& label,
                       std::size_t n) {
    out += fmt::format(
        "<tr data-summary=\"{}\"{}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "</tr>\n",
        key, cls.empty() ? "" : fmt::format(" class=\"{}\"", cls), label, num(t, n),
        percent(t, n, c.measurements));
  };
  out += fmt::format(
      "<table id=\"summary\" class=\"narrow\">\n<thead><tr><th>{}</th>"
      "<th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
      t.tr("Result"), t.tr("Measurements"), t.tr("Share"));
  row("tested", "", std::string(t.tr("URLs tested")), c.measurements);
  row("accessible", "", method_cell(t, "none"), c.accessible);
  row("blocked", "", std::string(t.tr("<strong>Blocked, all methods</strong>")), c.blocked);
  for (const auto& m : blocking_methods()) {
    row(m.name, "part", method_cell(t, m.name), c.count(m.name));
  }
  row("down", "", method_cell(t, "down"), c.down);
  row("unknown", "", method_cell(t, "unknown"), c.undecided);
  if (c.not_reproducible > 0) {
    row("not_reproducible", "part",
        std::string(t.tr("of which not reproducible: a timeout that did not repeat when measured "
                         "again, or timed out again at another step (the network was too "
                         "unreliable to decide)")),
        c.not_reproducible);
  }
  if (c.unrecognised > 0) {
    row("unrecognised", "part", std::string(t.tr("of which a method this version does not know")),
        c.unrecognised);
  }
  row("control_failed", "",
      std::string(t.tr("The uncensored control (test helper) failed<br><span class=\"muted\">any "
                       "result; without other evidence such measurements are counted as "
                       "undecided</span>")),
      c.control_failed);
  out += "</tbody>\n</table>\n</section>\n";
}

std::string found_cell(const Catalogue& t, const std::vector<std::string>& found) {
  if (found.empty())
    return std::string(t.tr("<em>not measured</em>"));
  std::string out;
  for (const auto& f : found) {
    if (!out.empty())
      out += ", ";
    out += method_name_cell(t, f);
  }
  return out;
}

void ground_truth_section(const Catalogue& t, const ReportInput& in, std::string& out) {
  const GroundTruthComparison g = compare_ground_truth(in.measurements, in.ground_truth);
  out += fmt::format("<section id=\"ground-truth\">\n<h2>{}</h2>\n",
                     t.tr("Ground truth of the lab world"));
  out += fmt::format(
      "<p class=\"lead\">{}{}</p>\n",
      t.trf("This report comes from a simulated (lab) network whose censor was set up to treat "
            "the listed sites in known ways: <strong>{0}</strong> ground-truth entries (a domain "
            "with the method expected for it, once per URL measured). For <strong>{1}</strong> "
            "of them the measurements found exactly the expected method; <strong>{2}</strong> "
            "differ.",
            {num(t, g.rows.size()), num(t, g.matching), num(t, g.rows.size() - g.matching)}),
      g.not_measured == 0
          ? std::string()
          : " " + t.trf("({0} were not measured at all.)", {num(t, g.not_measured)}));
  if (g.measured_not_listed > 0) {
    out += fmt::format("<p>{}</p>\n",
                       t.trf("Measurements of domains the ground truth does not list: {0}.",
                             {num(t, g.measured_not_listed)}));
  }
  out += fmt::format(
      "<table id=\"ground-truth-counts\" class=\"narrow\">\n<thead><tr><th>{}</th>"
      "<th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
      t.tr("Method"), t.tr("Expected<br>(ground-truth entries)"), t.tr("Found<br>(measurements)"),
      t.tr("Same?"));
  for (const auto& m : g.methods) {
    if (m.expected == 0 && m.found == 0)
      continue;
    const bool same = m.expected == m.found;
    out += fmt::format(
        "<tr data-gt-method=\"{}\"{}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td>{}</td></tr>\n",
        h(m.method), same ? "" : " class=\"differs\"", method_name_cell(t, m.method),
        num(t, m.expected), num(t, m.found), yes_no(t, same));
  }
  out += "</tbody>\n</table>\n";

  const auto domain_rows = [&](bool only_differences) {
    std::string rows;
    for (const auto& r : g.rows) {
      if (only_differences && r.matches)
        continue;
      rows +=
          fmt::format("<tr{}><td class=\"wrap\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                      r.matches ? "" : " class=\"differs\"", h(r.domain),
                      method_name_cell(t, r.expected_method), found_cell(t, r.found_methods),
                      yes_no(t, r.matches));
    }
    return rows;
  };
  const std::string head =
      fmt::format("<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n",
                  t.tr("Domain"), t.tr("Expected"), t.tr("Found"), t.tr("Same?"));
  if (g.matching < g.rows.size()) {
    out += fmt::format("<h3>{}</h3>\n",
                       t.tr("Domains where the finding differs from the ground truth"));
    out += fmt::format("<table id=\"ground-truth-differences\">\n{}<tbody>\n{}</tbody>\n</table>\n",
                       head, domain_rows(true));
  }
  out += fmt::format(
      "<details>\n<summary>{}</summary>\n"
      "<table id=\"ground-truth-table\">\n{}<tbody>\n{}</tbody>\n</table>\n</details>\n",
      t.trn("The {0} ground-truth entry", "All {0} ground-truth entries",
            static_cast<std::int64_t>(g.rows.size())),
      head, domain_rows(false));
  out += "</section>\n";
}

void charts_section(const Catalogue& t, const ReportInput& in, const ReportCounts& c,
                    std::string& out) {
  out += fmt::format("<section id=\"charts\">\n<h2>{}</h2>\n", t.tr("Charts"));
  out += fmt::format("<figure>\n<figcaption>{}</figcaption>\n",
                     t.tr("Blocked measurements by method (count, and share of all measurements)"));
  out += methods_chart(c, t);
  out += "</figure>\n";
  out += fmt::format("<figure>\n<figcaption>{}</figcaption>\n",
                     t.tr("Measurements by Citizen Lab category: how many were blocked, and how"));
  out += categories_chart(in.measurements, t);
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

// The header cell "Site / domain, URL" of the evidence tables.
std::string site_head(const Catalogue& t) {
  return fmt::format("{}<br><span class=\"muted\">{}</span>", t.tr("Site"), t.tr("domain, URL"));
}

void blocked_section(const Catalogue& t, const ReportInput& in, const ReportCounts& c,
                     std::string& out) {
  const auto rows = sorted(
      in.measurements, [](const MeasurementSummary& s) { return is_blocking_method(s.method); });
  out += fmt::format("<section id=\"blocked\">\n<h2>{}</h2>\n", t.tr("Blocked sites"));
  if (rows.empty()) {
    out += fmt::format("<p>{}</p>\n", t.tr("No measurement showed blocking."));
  } else {
    out += fmt::format(
        "<p>{}</p>\n",
        t.trn("{0} measurement showed blocking, listed by method and then by domain, with the "
              "evidence a reader can check first. Every measurement's full evidence is in the "
              "CSV and JSONL exports, and the raw measurement is the record of truth.",
              "{0} measurements showed blocking, listed by method and then by domain, with the "
              "evidence a reader can check first. Every measurement's full evidence is in the "
              "CSV and JSONL exports, and the raw measurement is the record of truth.",
              static_cast<std::int64_t>(rows.size())));
  }
  constexpr int kColumns = 10;
  out += fmt::format(
      "<table id=\"blocked-table\" class=\"evidence\">\n<colgroup><col style=\"width:14%\">"
      "<col style=\"width:10%\"><col style=\"width:11%\"><col style=\"width:8%\">"
      "<col style=\"width:10%\"><col style=\"width:12%\"><col style=\"width:8%\">"
      "<col style=\"width:9%\"><col style=\"width:11%\"><col style=\"width:7%\"></colgroup>\n"
      "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
      site_head(t), t.tr("Category"), t.tr("Method"), t.tr("Confidence"), t.tr("Failing step"),
      t.tr("Failure"), t.tr("Block-page finger&shy;prints"), t.tr("Certificate issuer"),
      t.tr("First evidence"), t.tr("Time (UTC)"));
  if (rows.empty()) {
    out += fmt::format("<tr><td colspan=\"{}\">{}</td></tr>\n", kColumns,
                       c.measurements == 0 ? t.tr("Nothing was measured.")
                                           : t.tr("No blocking was found in these measurements."));
  }
  std::string group;
  for (const auto* s : rows) {
    if (s->method != group) {
      group = s->method;
      const MethodInfo* m = find_method(group);
      out += fmt::format(
          "<tr class=\"group\"><th colspan=\"{}\">{} <code>{}</code> &mdash; {}</th></tr>\n",
          kColumns, h(t.tr(m->words)), h(m->name), num(t, c.count(group)));
    }
    out += fmt::format(
        "<tr data-method=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        h(s->method), site_cell(*s), category_cell(t, s->category), method_name_cell(t, s->method),
        t.decimal(s->confidence, 2), step_cell(t, s->failed_step), failure_cell(t, s->failure),
        list_cell(s->fingerprints), h(s->certificate_issuer), first(s->evidence),
        time_cell(s->measurement_start_time));
  }
  out += "</tbody>\n</table>\n</section>\n";
}

void undecided_section(const Catalogue& t, const ReportInput& in, std::string& out) {
  const auto rows = sorted(in.measurements, [](const MeasurementSummary& s) {
    return s.method != "none" && !is_blocking_method(s.method);
  });
  out += fmt::format("<section id=\"undecided\">\n<h2>{}</h2>\n",
                     t.tr("Sites down, and measurements that could not be decided"));
  if (rows.empty()) {
    out += fmt::format("<p>{}</p>\n</section>\n", t.tr("None."));
    return;
  }
  out += fmt::format(
      "<p>{}</p>\n",
      t.trn("{0} measurement is neither accessible nor blocked: the site failed from the "
            "uncensored control too (down), or there was not enough to decide. It is not counted "
            "as blocking.",
            "{0} measurements are neither accessible nor blocked: the site failed from the "
            "uncensored control too (down), or there was not enough to decide. They are not "
            "counted as blocking.",
            static_cast<std::int64_t>(rows.size())));
  out += fmt::format(
      "<table id=\"undecided-table\" class=\"evidence\">\n<colgroup><col style=\"width:19%\">"
      "<col style=\"width:11%\"><col style=\"width:12%\"><col style=\"width:10%\">"
      "<col style=\"width:12%\"><col style=\"width:7%\"><col style=\"width:21%\">"
      "<col style=\"width:8%\"></colgroup>\n"
      "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
      site_head(t), t.tr("Category"), t.tr("Result"), t.tr("Failing step"), t.tr("Failure"),
      t.tr("Control failed"), t.tr("First evidence"), t.tr("Time (UTC)"));
  for (const auto* s : rows) {
    const MethodInfo* m = find_method(s->method);
    out += fmt::format(
        "<tr data-result=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
        m == nullptr ? "unknown" : h(m->name), site_cell(*s), category_cell(t, s->category),
        method_name_cell(t, s->method), step_cell(t, s->failed_step), failure_cell(t, s->failure),
        s->control_failed ? t.tr("yes") : t.tr("no"), first(s->evidence),
        time_cell(s->measurement_start_time));
  }
  out += "</tbody>\n</table>\n</section>\n";
}

// Every intercepted handshake, whichever experiment saw it: the domain, the root the chain
// leads to (when it is a known interception root) and who issued the leaf.
void interception_section(const Catalogue& t, const std::vector<MeasurementSummary>& all,
                          std::string& out) {
  const auto rows =
      sorted(all, [](const MeasurementSummary& s) { return s.method == "interception"; });
  if (rows.empty())
    return;
  std::set<std::string> domains;
  for (const auto* s : rows)
    domains.insert(s->domain);
  out += fmt::format("<section id=\"interception\">\n<h2>{}</h2>\n", t.tr("Intercepted HTTPS"));
  out += fmt::format(
      "<p>{}</p>\n",
      t.trf("On <strong>{0}</strong> domains ({1} measurements) the encrypted handshake was "
            "answered with a certificate chain the uncensored control did not see: a middlebox "
            "read and could alter the traffic. Where the chain leads to a known interception "
            "root, the root is named.",
            {num(t, domains.size()), num(t, rows.size())}));
  out += fmt::format(
      "<table id=\"interception-table\" class=\"evidence\">\n<thead><tr><th>{}</th>"
      "<th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n"
      "<tbody>\n",
      t.tr("Domain"), t.tr("Interception root"), t.tr("Leaf issued by"), t.tr("Experiment"),
      t.tr("Confidence"), t.tr("Time (UTC)"));
  for (const auto* s : rows) {
    out += fmt::format(
        "<tr data-domain=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>\n",
        h(s->domain), h(s->domain),
        s->interception_root.empty() ? std::string(t.tr("<em>not a listed root</em>"))
                                     : h(s->interception_root),
        or_unknown(t, s->certificate_issuer), h(s->test_name), t.decimal(s->confidence, 2),
        time_cell(s->measurement_start_time));
  }
  out += "</tbody>\n</table>\n</section>\n";
}

// The experiments other than web_connectivity, one table each, in the order first seen.
void experiments_section(const Catalogue& t, const std::vector<MeasurementSummary>& others,
                         std::string& out) {
  if (others.empty())
    return;
  std::vector<std::string> names;
  for (const auto& s : others) {
    if (std::find(names.begin(), names.end(), s.test_name) == names.end())
      names.push_back(s.test_name);
  }
  out += fmt::format("<section id=\"experiments\">\n<h2>{}</h2>\n", t.tr("Other experiments"));
  out += fmt::format(
      "<p>{}</p>\n",
      t.tr("Measurements of experiments other than web connectivity (TLS interception, SNI "
           "filtering, DNS, throttling, messaging apps, Tor), each with ashyq's verdict and the "
           "first evidence lines. They are not counted in the summary above, which is about web "
           "sites."));
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
        "<h3 id=\"experiment-{}\"><code>{}</code> &mdash; {}</h3>\n", h(name), h(name),
        t.trf("{0}, {1} showing interference",
              {t.trn("{0} measurement", "{0} measurements", static_cast<std::int64_t>(rows.size())),
               num(t, blocked)}));
    out += fmt::format(
        "<table class=\"evidence\" data-experiment=\"{}\">\n<thead><tr><th>{}</th>"
        "<th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        h(name), t.tr("Input"), t.tr("Result"), t.tr("Confidence"), t.tr("Evidence"),
        t.tr("Time (UTC)"));
    for (const auto* s : rows) {
      std::string evidence;
      for (std::size_t i = 0; i < s->evidence.size() && i < 3; ++i)
        evidence += (i ? "<br>" : "") + h(s->evidence[i]);
      out += fmt::format(
          "<tr data-method=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
          "<td>{}</td><td>{}</td></tr>\n",
          h(s->method), s->input.empty() ? std::string(t.tr("<em>no input</em>")) : h(s->input),
          method_name_cell(t, s->method), t.decimal(s->confidence, 2), evidence,
          time_cell(s->measurement_start_time));
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";
}

void glossary_section(const Catalogue& t, std::string& out) {
  out += fmt::format("<section id=\"methods\">\n<h2>{}</h2>\n<dl class=\"glossary\">\n",
                     t.tr("What the results mean"));
  for (const auto& m : all_methods()) {
    out += fmt::format("<dt>{} <code>{}</code></dt><dd>{}</dd>\n", h(t.tr(m.words)), h(m.name),
                       h(t.tr(m.explanation)));
  }
  out += fmt::format(
      "<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n",
      t.tr("Confidence"),
      t.tr("How strongly the observations support the method, from 0 to 1. It is ashyq's rating "
           "of the evidence, not a statistical probability."),
      t.tr("Failing step, failure"),
      t.tr("The first step of the measurement that failed (DNS lookup, TCP connect, TLS "
           "handshake, HTTP request) and the error it ended with, named as in OONI's data "
           "format."),
      t.tr("Uncensored control"),
      t.tr("The same site fetched at the same time by a test helper on a network outside the one "
           "measured; a difference between the two is what indicates interference."));
  out += "</dl>\n</section>\n";
}

void footer(const Catalogue& t, const ReportInput& in, std::string& out) {
  const std::string version =
      in.software_version.empty() ? std::string(ASHYQ_VERSION) : in.software_version;
  out += "<footer>\n";
  out += fmt::format(
      "<p>{}</p>\n",
      in.generated_at.empty()
          ? t.trf("Generated by ashyq {0}. The measurements use OONI's data format "
                  "(<code>web_connectivity</code> in the df-000 envelope), so they can be checked "
                  "with OONI's own tools. The probe's IP address is not included in this report "
                  "or in its CSV and JSONL summaries.",
                  {h(version)})
          : t.trf("Generated by ashyq {0} on {1} UTC. The measurements use OONI's data format "
                  "(<code>web_connectivity</code> in the df-000 envelope), so they can be checked "
                  "with OONI's own tools. The probe's IP address is not included in this report "
                  "or in its CSV and JSONL summaries.",
                  {h(version), h(in.generated_at)}));
  out += fmt::format(
      "<p>{}</p>\n",
      t.tr("Text received from the network is shown as received, escaped; bytes that are not "
           "valid UTF-8 and invisible control characters are shown as &#xFFFD;."));
  if (!in.files_beside.empty()) {
    std::string links;
    for (const auto& f : in.files_beside)
      links += fmt::format("{} <a href=\"{}\">{}</a>", links.empty() ? "" : ",", h(f), h(f));
    out += fmt::format("<p>{}</p>\n", t.trf("Files beside this report:{0}.", {links}));
  }
  out += "</footer>\n";
}

}  // namespace

std::string render_html(const ReportInput& all) {
  const Catalogue& t = all.catalogue.get();
  // The site sections are about web_connectivity; the other experiments get their own.
  ReportInput in = all;
  in.measurements.clear();
  std::vector<MeasurementSummary> others;
  for (const auto& s : all.measurements)
    (is_web_connectivity(s) ? in.measurements : others).push_back(s);
  const ReportCounts c = count_results(in.measurements);
  std::string out;
  out.reserve(16384 + in.measurements.size() * 1024);
  out += fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
      i18n::code_of(t.language()));
  // The default title is translated; a title given by the user is shown as given.
  const std::string title(in.title == kDefaultTitle ? t.tr(kDefaultTitle) : in.title);
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", h(title), kStyle);
  out += fmt::format("<header>\n<h1>{}</h1>\n", h(title));
  std::set<std::string> countries;
  for (const auto& r : in.runs) {
    if (!r.probe_cc.empty())
      countries.insert(r.probe_cc);
  }
  std::string where;
  for (const auto& cc : countries)
    where += (where.empty() ? "" : ", ") + h(cc);
  const std::string_view what = others.empty() ? t.tr("Web connectivity measurements")
                                               : t.tr("Web connectivity and other measurements");
  out += fmt::format("<p class=\"sub\">{}{}.</p>\n</header>\n",
                     where.empty() ? std::string(what) : t.trf("{0} from {1}", {what, where}),
                     in.generated_at.empty()
                         ? ""
                         : " &middot; " + t.trf("report generated {0} UTC", {h(in.generated_at)}));
  runs_section(t, in, all.measurements, out);
  summary_section(t, c, out);
  if (in.has_ground_truth)
    ground_truth_section(t, in, out);
  charts_section(t, in, c, out);
  blocked_section(t, in, c, out);
  undecided_section(t, in, out);
  interception_section(t, all.measurements, out);
  experiments_section(t, others, out);
  glossary_section(t, out);
  footer(t, in, out);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace ashyq::report
