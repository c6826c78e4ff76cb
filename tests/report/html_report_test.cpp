// The HTML report: the numbers it shows equal the input, blocked rows can be counted per method,
// nothing is fetched from anywhere, hostile text is escaped, and an empty input still renders a
// page that says nothing was measured.
#include "report/html_report.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "report/methods.hpp"

namespace ashyq::report {
namespace {

store::MeasurementSummary make(std::string domain, std::string method, std::string category = "",
                               bool control_failed = false) {
  store::MeasurementSummary s;
  s.input = "https://" + domain + "/";
  s.domain = std::move(domain);
  s.method = std::move(method);
  s.category = std::move(category);
  s.control_failed = control_failed;
  return s;
}

std::size_t occurrences(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// The number in the summary table's row data-summary="key".
long summary_number(const std::string& html, const std::string& key) {
  const std::regex row("<tr data-summary=\"" + key +
                       "\"[^>]*><td>.*?</td><td class=\"num\">([0-9]+)</td>");
  std::smatch m;
  if (!std::regex_search(html, m, row))
    return -1;
  return std::stol(m[1]);
}

ReportInput kz_like() {
  ReportInput in;
  in.title = "Lab demo";
  in.runs.push_back({.run_id = 1,
                     .start_time = "2026-09-14 10:00:00",
                     .end_time = "2026-09-14 10:10:00",
                     .list = "kz",
                     .probe_cc = "KZ",
                     .probe_asn = "AS9198",
                     .probe_network = "JSC Kazakhtelecom",
                     .urls_planned = 12});
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"z.kz", "tls"},    {"a.kz", "tls"},          {"m.kz", "tls"},
      {"r.kz", "tcp_ip"}, {"f.kz", "interception"}, {"b.kz", "blockpage"},
      {"n1.kz", "none"},  {"n2.kz", "none"},        {"n3.kz", "none"},
      {"d.kz", "down"},   {"u.kz", "unknown"},      {"w.kz", "weird-new-method"}};
  for (const auto& [domain, method] : rows) {
    auto s = make(domain, method, method == "none" ? "CULTR" : "NEWS", method == "unknown");
    s.run_id = 1;
    in.measurements.push_back(s);
  }
  return in;
}

TEST(RenderHtml, SummaryNumbersEqualTheInput) {
  const std::string html = render_html(kz_like());
  EXPECT_EQ(summary_number(html, "tested"), 12);
  EXPECT_EQ(summary_number(html, "accessible"), 3);
  EXPECT_EQ(summary_number(html, "blocked"), 6);
  EXPECT_EQ(summary_number(html, "tls"), 3);
  EXPECT_EQ(summary_number(html, "tcp_ip"), 1);
  EXPECT_EQ(summary_number(html, "interception"), 1);
  EXPECT_EQ(summary_number(html, "blockpage"), 1);
  EXPECT_EQ(summary_number(html, "dns"), 0);
  EXPECT_EQ(summary_number(html, "http-failure"), 0);
  EXPECT_EQ(summary_number(html, "http-diff"), 0);
  EXPECT_EQ(summary_number(html, "down"), 1);
  EXPECT_EQ(summary_number(html, "unknown"), 2);  // unknown + an unrecognised method
  EXPECT_EQ(summary_number(html, "unrecognised"), 1);
  EXPECT_EQ(summary_number(html, "control_failed"), 1);
}

// Confirmation before accusation: an undecided verdict over several attempts (a timeout that did
// not repeat) has its own line within the undecided, and only when there is one.
TEST(RenderHtml, NotReproducibleHasItsOwnLineAmongTheUndecided) {
  ReportInput in = kz_like();
  EXPECT_EQ(render_html(in).find("data-summary=\"not_reproducible\""), std::string::npos);
  for (auto& s : in.measurements) {
    if (s.method == "unknown")
      s.attempts = 2;
  }
  const std::string html = render_html(in);
  EXPECT_EQ(summary_number(html, "unknown"), 2);
  EXPECT_EQ(summary_number(html, "not_reproducible"), 1);
}

TEST(RenderHtml, BlockedRowsCanBeCountedPerMethod) {
  const ReportInput in = kz_like();
  const std::string html = render_html(in);
  std::map<std::string, std::size_t> expected;
  for (const auto& s : in.measurements) {
    if (is_blocking_method(s.method))
      ++expected[s.method];
  }
  for (const auto& m : blocking_methods()) {
    const std::string name(m.name);
    EXPECT_EQ(occurrences(html, "data-method=\"" + name + "\""), expected[name]) << name;
  }
  EXPECT_EQ(occurrences(html, "data-method="), 6u) << "only blocked rows carry data-method";
  EXPECT_EQ(occurrences(html, "<tr data-result="), 3u);  // down, unknown, unrecognised
}

TEST(RenderHtml, BlockedRowsSortedByMethodThenDomain) {
  const std::string html = render_html(kz_like());
  const std::regex row("<tr data-method=\"([^\"]+)\"><td><strong class=\"wrap\">([^<]+)</strong>");
  std::vector<std::string> order;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator();
       ++it) {
    order.push_back((*it)[1].str() + " " + (*it)[2].str());
  }
  EXPECT_EQ(order, (std::vector<std::string>{"tcp_ip r.kz", "tls a.kz", "tls m.kz", "tls z.kz",
                                             "blockpage b.kz", "interception f.kz"}));
}

TEST(RenderHtml, HasTheIdsAutomatedChecksUse) {
  const std::string html = render_html(kz_like());
  for (const char* id : {"summary", "chart-methods", "chart-categories", "blocked-table",
                         "undecided-table", "runs-table"}) {
    EXPECT_EQ(occurrences(html, std::string("id=\"") + id + "\""), 1u) << id;
  }
  EXPECT_NE(html.find("<svg id=\"chart-methods\""), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"chart-categories\""), std::string::npos);
  EXPECT_NE(html.find("<table id=\"blocked-table\""), std::string::npos);
}

TEST(RenderHtml, MethodsInWordsWithTheRawName) {
  const std::string html = render_html(kz_like());
  EXPECT_NE(html.find("TLS handshake blocked (typically SNI filtering) <code>tls</code>"),
            std::string::npos);
  EXPECT_NE(html.find("Encrypted connection intercepted (forged certificate)"), std::string::npos);
  EXPECT_NE(html.find("<code>weird-new-method</code>"), std::string::npos);
}

TEST(RenderHtml, MakesNoExternalRequest) {
  ReportInput in = kz_like();
  in.measurements[0].input = "https://cdn.evil.example/x.js";
  in.measurements[1].input = "http://plain.example/\"><script src=\"https://evil.example/a.js\">";
  in.measurements[2].evidence = {"<link rel=stylesheet href=//evil.example/s.css>",
                                 "<style>@import url(https://evil.example/x.css)</style>"};
  in.measurements[3].certificate_issuer = "<img src=https://evil.example/p.png>";
  const std::string html = render_html(in);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<iframe"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  // Every attribute of every real tag (text is escaped, so '<' only opens real tags).
  const std::regex tag(R"re(<[a-zA-Z][^>]*>)re");
  const std::regex attribute(
      R"re(\s(src|href|xlink:href|action|formaction|poster|data|srcset)\s*=\s*["']?([^"' >]*))re",
      std::regex::icase);
  std::size_t tags = 0;
  for (auto t = std::sregex_iterator(html.begin(), html.end(), tag); t != std::sregex_iterator();
       ++t, ++tags) {
    const std::string text = (*t)[0];
    for (auto a = std::sregex_iterator(text.begin(), text.end(), attribute);
         a != std::sregex_iterator(); ++a) {
      const std::string value = (*a)[2];
      EXPECT_EQ(value.find("//"), std::string::npos) << "external reference: " << text;
      EXPECT_EQ(value.find(':'), std::string::npos) << "a scheme in: " << text;
    }
  }
  EXPECT_GT(tags, 100u);
  // The measured URLs are shown, as text.
  EXPECT_NE(html.find("<code class=\"url\">https://cdn.evil.example/x.js</code>"),
            std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos) << "the CSP backs this up";
}

TEST(RenderHtml, EscapesEverythingFromTheNetwork) {
  ReportInput in = kz_like();
  in.title = "Report <b>x</b>";
  in.measurements[0].evidence = {"title <script>alert(1)</script> differs"};
  in.measurements[0].failure = "unknown_failure: <b>";
  in.measurements[0].domain = "\"><svg onload=alert(1)>";
  in.measurements[0].category = "<i>";
  in.measurements[4].certificate_issuer = "CN=<script>";
  in.measurements[5].fingerprints = {"fp<script>"};
  in.runs[0].list = "<list>";
  const std::string html = render_html(in);
  EXPECT_NE(html.find("title &lt;script&gt;alert(1)&lt;/script&gt; differs"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<list>"), std::string::npos);
  EXPECT_NE(html.find("CN=&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("fp&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<title>Report &lt;b&gt;x&lt;/b&gt;</title>"), std::string::npos);
}

TEST(RenderHtml, EmptyInputSaysNothingWasMeasured) {
  const std::string html = render_html(ReportInput{});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_NE(html.find("Nothing was measured"), std::string::npos);
  EXPECT_EQ(summary_number(html, "tested"), 0);
  EXPECT_EQ(occurrences(html, "data-method="), 0u);
  EXPECT_NE(html.find("id=\"chart-methods\""), std::string::npos);
  EXPECT_NE(html.find("id=\"blocked-table\""), std::string::npos);
  EXPECT_EQ(html.find("nan"), std::string::npos);
  EXPECT_EQ(html.find("inf"), std::string::npos);
}

TEST(RenderHtml, TagsAreBalanced) {
  for (const ReportInput& in : {ReportInput{}, kz_like()}) {
    const std::string html = render_html(in);
    for (const char* tag : {"table", "tr", "td", "th", "svg", "g", "section", "figure", "code",
                            "details", "p", "text", "strong", "span"}) {
      const std::regex open(std::string("<") + tag + "[ >]");
      const auto opened = std::distance(std::sregex_iterator(html.begin(), html.end(), open),
                                        std::sregex_iterator());
      EXPECT_EQ(static_cast<std::size_t>(opened), occurrences(html, std::string("</") + tag + ">"))
          << tag;
    }
  }
}

TEST(RenderHtml, FooterNamesFormatVersionAndPrivacy) {
  ReportInput in = kz_like();
  in.software_version = "9.8.7";
  const std::string html = render_html(in);
  EXPECT_NE(html.find("ashyq 9.8.7"), std::string::npos);
  EXPECT_NE(html.find("OONI"), std::string::npos);
  EXPECT_NE(html.find("IP address is not included"), std::string::npos);
}

TEST(RenderHtml, GroundTruthSideBySide) {
  ReportInput in = kz_like();
  EXPECT_EQ(render_html(in).find("id=\"ground-truth"), std::string::npos) << "absent unless given";
  in.has_ground_truth = true;
  in.ground_truth = {{"z.kz", "tls"},   {"a.kz", "tls"},          {"m.kz", "tls"},
                     {"r.kz", "tls"},   {"f.kz", "interception"}, {"b.kz", "blockpage"},
                     {"n1.kz", "none"}, {"q.kz", "slowness"}};
  const std::string html = render_html(in);
  EXPECT_NE(html.find("id=\"ground-truth-counts\""), std::string::npos);
  EXPECT_NE(html.find("id=\"ground-truth-table\""), std::string::npos);
  const auto counts = [&](const std::string& method) {
    const std::regex row("<tr data-gt-method=\"" + method +
                         "\"[^>]*><td>.*?</td><td class=\"num\">([0-9]+)</td>"
                         "<td class=\"num\">([0-9]+)</td><td>([^<]*(<strong>no</strong>)?)");
    std::smatch m;
    if (!std::regex_search(html, m, row))
      return std::string("missing");
    return m[1].str() + "/" + m[2].str() + "/" + (m[4].matched ? "no" : m[3].str());
  };
  EXPECT_EQ(counts("tls"), "4/3/no");
  EXPECT_EQ(counts("tcp_ip"), "0/1/no");
  EXPECT_EQ(counts("interception"), "1/1/yes");
  EXPECT_EQ(counts("slowness"), "1/0/no");
  EXPECT_EQ(counts("dns"), "missing") << "rows where both are 0 are left out";
  EXPECT_NE(html.find("id=\"ground-truth-differences\""), std::string::npos);
}

}  // namespace
}  // namespace ashyq::report

namespace ashyq::report {
namespace {

ReportInput with_experiments() {
  ReportInput in = kz_like();
  auto tls = make("intercepted.kz", "interception");
  tls.test_name = "tls_interception";
  tls.interception_root = "Qaznet Trust Network";
  tls.certificate_issuer = "C=KZ, CN=Security Certificate";
  tls.evidence = {"the chain leads to 'C=KZ, CN=Qaznet Trust Network'"};
  in.measurements.push_back(tls);
  auto clean = make("clean.kz", "none");
  clean.test_name = "tls_interception";
  in.measurements.push_back(clean);
  store::MeasurementSummary telegram;
  telegram.test_name = "telegram";
  telegram.method = "tcp_ip";
  telegram.evidence = {"every data centre refused <TCP>"};
  in.measurements.push_back(telegram);
  return in;
}

TEST(RenderHtml, OtherExperimentsAreNotCountedAsSites) {
  const std::string html = render_html(with_experiments());
  EXPECT_EQ(summary_number(html, "tested"), 12);  // the twelve web_connectivity rows only
  EXPECT_EQ(summary_number(html, "interception"), 1);
}

// Issue 12: a finished run of another experiment (here tls_interception, all 3 inputs measured)
// was reported as "0 of the 3 planned URLs were measured; the run was stopped or is incomplete".
TEST(RenderHtml, FinishedRunOfAnotherExperimentIsNotCalledIncomplete) {
  ReportInput in = kz_like();
  in.runs.push_back({.run_id = 2,
                     .start_time = "2026-09-14 10:11:00",
                     .end_time = "2026-09-14 10:12:00",
                     .list = "--input",
                     .urls_planned = 3});
  for (const char* domain : {"i1.kz", "i2.kz", "i3.kz"}) {
    store::MeasurementSummary s = make(domain, "none");
    s.run_id = 2;
    s.test_name = "tls_interception";
    in.measurements.push_back(s);
  }
  const std::string html = render_html(in);
  EXPECT_EQ(html.find("Run 2:"), std::string::npos) << "a finished run called incomplete";
  EXPECT_NE(html.find("<td class=\"num\">3</td><td class=\"num\">3</td></tr>"), std::string::npos)
      << "run 2 planned 3 and measured 3";
  // A run of another experiment that did stop early is still said to be incomplete.
  in.measurements.pop_back();
  EXPECT_NE(render_html(in).find("Run 2: 2 of the 3 planned URLs were measured"),
            std::string::npos);
}

TEST(RenderHtml, InterceptedDomainsListedWithTheirRoot) {
  const std::string html = render_html(with_experiments());
  ASSERT_NE(html.find("id=\"interception-table\""), std::string::npos);
  // f.kz (web_connectivity) and intercepted.kz (tls_interception); not clean.kz.
  EXPECT_NE(html.find("<tr data-domain=\"f.kz\">"), std::string::npos);
  const auto row = html.find("<tr data-domain=\"intercepted.kz\">");
  ASSERT_NE(row, std::string::npos);
  const auto end = html.find("</tr>", row);
  const std::string line = html.substr(row, end - row);
  EXPECT_NE(line.find("Qaznet Trust Network"), std::string::npos) << line;
  EXPECT_NE(line.find("C=KZ, CN=Security Certificate"), std::string::npos) << line;
  EXPECT_EQ(html.find("<tr data-domain=\"clean.kz\">"), std::string::npos);
}

TEST(RenderHtml, EachOtherExperimentHasItsTable) {
  const std::string html = render_html(with_experiments());
  EXPECT_NE(html.find("data-experiment=\"tls_interception\""), std::string::npos);
  EXPECT_NE(html.find("data-experiment=\"telegram\""), std::string::npos);
  EXPECT_NE(html.find("<em>no input</em>"), std::string::npos);  // telegram's input
  EXPECT_NE(html.find("every data centre refused &lt;TCP&gt;"), std::string::npos);  // escaped
  EXPECT_EQ(html.find("data-experiment=\"web_connectivity\""), std::string::npos);
}

TEST(RenderHtml, NoInterceptionNoSection) {
  ReportInput in;
  in.measurements.push_back(make("a.kz", "none"));
  EXPECT_EQ(render_html(in).find("id=\"interception\""), std::string::npos);
  EXPECT_EQ(render_html(in).find("id=\"experiments\""), std::string::npos);
}

}  // namespace
}  // namespace ashyq::report
