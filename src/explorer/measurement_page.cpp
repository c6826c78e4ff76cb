#include "explorer/measurement_page.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "analysis/certificate_chain.hpp"
#include "analysis/http_comparison.hpp"
#include "analysis/reanalysis.hpp"
#include "explorer/html.hpp"
#include "explorer/row_status.hpp"
#include "model/web_connectivity_test_keys.hpp"

namespace ashyq::explorer {

namespace json = boost::json;

namespace {

std::string failure_text(const PageRequest& r, const core::MaybeFailure& f) {
  return f ? f->str() : std::string(r.t().tr("success"));
}

std::string section(std::string_view id, std::string_view heading, std::string_view body) {
  return fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n", id, h(heading), body);
}

std::string not_recorded(const PageRequest& r) {
  return fmt::format("<p class=\"muted\">{}</p>\n",
                     h(r.t().tr("Not recorded in this measurement.")));
}

std::string dl(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string out = "<dl>";
  for (const auto& [k, v] : items)
    out += fmt::format("<dt>{}</dt><dd>{}</dd>", h(k), h(v));
  return out + "</dl>\n";
}

std::string dns_section(const PageRequest& r, const model::WebConnectivityMeasurement& m) {
  const auto& t = r.t();
  if (m.queries.empty() && !m.control)
    return section("dns", t.tr("DNS"), not_recorded(r));
  std::string rows;
  for (const auto& q : m.queries) {
    std::string answers;
    for (const auto& a : q.answers)
      answers += (answers.empty() ? "" : ", ") + a.value;
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        h(t.tr("probe")), h(q.hostname), h(q.query_type + " " + q.engine),
                        h(answers), h(failure_text(r, q.failure)));
  }
  if (m.control) {
    std::string answers;
    for (const auto& a : m.control->dns.addrs)
      answers += (answers.empty() ? "" : ", ") + a;
    rows += fmt::format("<tr><td>{}</td><td></td><td></td><td>{}</td><td>{}</td></tr>\n",
                        h(t.tr("control")), h(answers), h(failure_text(r, m.control->dns.failure)));
  }
  return section(
      "dns", t.tr("DNS"),
      table("id=\"dns-table\"",
            fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                        h(t.tr("Seen by")), h(t.tr("Name")), h(t.tr("Query")), h(t.tr("Answers")),
                        h(t.tr("Failure"))),
            rows));
}

std::string tcp_section(const PageRequest& r, const model::WebConnectivityMeasurement& m) {
  const auto& t = r.t();
  if (m.tcp_connect.empty())
    return section("tcp", t.tr("TCP"), not_recorded(r));
  std::string rows;
  for (const auto& c : m.tcp_connect) {
    std::string control = "-";
    if (m.control) {
      if (auto it = m.control->tcp_connect.find(c.endpoint()); it != m.control->tcp_connect.end())
        control = failure_text(r, it->second.failure);
    }
    rows += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
                        h(c.endpoint()), h(failure_text(r, c.failure)), h(control));
  }
  return section("tcp", t.tr("TCP"),
                 table("id=\"tcp-table\"",
                       fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th></tr>", h(t.tr("Address")),
                                   h(t.tr("Probe")), h(t.tr("Control"))),
                       rows));
}

std::string tls_section(const PageRequest& r, const model::WebConnectivityMeasurement& m) {
  const auto& t = r.t();
  if (m.tls_handshakes.empty())
    return section("tls", t.tr("TLS"), not_recorded(r));
  const auto when = analysis::parse_ooni_time(m.measurement_start_time);
  std::string rows;
  for (const auto& hs : m.tls_handshakes) {
    const auto chain = analysis::summarize_chain(hs.peer_certificates);
    std::string chain_text;
    for (std::size_t i = 0; i < chain.size(); ++i) {
      chain_text += fmt::format("<li>{}<br><span class=\"muted\">{}</span></li>",
                                h(t.trf("Subject: {0}", {chain[i].subject})),
                                h(t.trf("Issued by: {0}", {chain[i].issuer})));
    }
    std::string control = "-";
    if (m.control) {
      if (auto it = m.control->tls_handshake.find(hs.address); it != m.control->tls_handshake.end())
        control = failure_text(r, it->second.failure);
    }
    rows += fmt::format(
        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}<ol>{}</ol>{}</td></"
        "tr>\n",
        h(hs.address), h(hs.server_name), h(hs.tls_version.empty() ? "-" : hs.tls_version),
        h(failure_text(r, hs.failure)) + "<br>" + h(t.trf("control: {0}", {control})),
        h(t.trn("{0} certificate", "{0} certificates",
                static_cast<std::int64_t>(hs.peer_certificates.size()))),
        chain_text, h(analysis::describe_chain(chain, when)));
  }
  return section(
      "tls", t.tr("TLS"),
      table("id=\"tls-table\"",
            fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                        h(t.tr("Address")), h(t.tr("Server name")), h(t.tr("Version")),
                        h(t.tr("Result")), h(t.tr("Certificate chain"))),
            rows));
}

std::string http_section(const PageRequest& r, const model::WebConnectivityMeasurement& m) {
  const auto& t = r.t();
  if (m.requests.empty() && !m.control)
    return section("http", t.tr("HTTP"), not_recorded(r));
  std::string rows;
  if (!m.requests.empty()) {
    const auto& last = m.requests.front();  // newest first: the final response
    std::string status = "-", title, length = "-";
    if (last.response) {
      status = std::to_string(last.response->code);
      title = analysis::extract_title(last.response->body);
      length =
          t.number(static_cast<std::int64_t>(last.response->body.size())) +
          (last.response->body_is_truncated ? " (" + std::string(t.tr("truncated")) + ")" : "");
    }
    rows += fmt::format(
        "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></"
        "tr>\n",
        h(t.tr("probe")), h(last.request.url), h(status), h(title), h(length),
        h(failure_text(r, last.failure)));
  }
  if (m.control) {
    const auto& c = m.control->http_request;
    rows += fmt::format(
        "<tr><td>{}</td><td></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        h(t.tr("control")), c.status_code < 0 ? "-" : std::to_string(c.status_code), h(c.title),
        c.body_length < 0 ? "-" : h(t.number(c.body_length)), h(failure_text(r, c.failure)));
  }
  return section("http", t.tr("HTTP"),
                 table("id=\"http-table\"",
                       fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                                   "<th>{}</th></tr>",
                                   h(t.tr("Seen by")), h(t.tr("URL")), h(t.tr("Status")),
                                   h(t.tr("Title")), h(t.tr("Body length")), h(t.tr("Failure"))),
                       rows));
}

std::string json_text(const json::value* v) {
  if (!v || v->is_null())
    return "null";
  return json::serialize(*v);
}

}  // namespace

std::string render_measurement(const PageRequest& r, const collector::StoredMeasurement& stored,
                               const analysis::VerdictOptions& verdict_options) {
  const auto& t = r.t();
  const auto& row = stored.row;
  std::string body =
      fmt::format("<h1 id=\"page-title\">{}</h1>\n", h(t.trf("Measurement: {0}", {row.test_name})));
  body +=
      dl({{std::string(t.tr("Input")), row.input.value_or("-")},
          {std::string(t.tr("Country")), country_label(r, row.probe_cc)},
          {std::string(t.tr("Network")),
           row.probe_asn + (row.probe_network_name.empty() ? "" : " " + row.probe_network_name)},
          {std::string(t.tr("Measured at (UTC)")), row.measurement_start_time},
          {std::string(t.tr("Test")), row.test_name + " " + row.test_version},
          {std::string(t.tr("Software")), row.software_name + " " + row.software_version},
          {std::string(t.tr("Report ID")), row.report_id},
          {std::string(t.tr("Measurement ID")), row.measurement_uid}});
  if (!row.domain.empty()) {
    QueryParams p{{"probe_cc", row.probe_cc}};
    body += fmt::format(
        "<p><a href=\"{}\">{}</a></p>\n", h(link(r, "/domain/" + row.domain, p)),
        h(t.trf("All measurements of {0} in {1}", {row.domain, country_label(r, row.probe_cc)})));
  }

  boost::system::error_code ec;
  json::parse_options limits;
  limits.max_depth = 64;
  auto parsed = json::parse(stored.body, ec, {}, limits);
  const json::value* content = nullptr;
  if (!ec && parsed.is_object())
    content = parsed.as_object().if_contains("content");

  // The verdict: ashyq's, recomputed by the collector, with its reasons.
  std::vector<std::string> evidence;
  std::optional<analysis::Reanalysis> again;
  if (content) {
    if (auto re = analysis::reanalyze(*content, verdict_options); re && *re)
      again = std::move(**re);
  }
  if (again) {
    evidence = again->verdict.evidence;
  } else if (content && content->is_object()) {
    const auto* tk = content->as_object().if_contains("test_keys");
    const auto* v =
        tk && tk->is_object() ? tk->as_object().if_contains("x_ashyq_verdict") : nullptr;
    const auto* lines = v && v->is_object() ? v->as_object().if_contains("evidence") : nullptr;
    if (lines && lines->is_array()) {
      for (const auto& line : lines->as_array()) {
        if (line.is_string())
          evidence.emplace_back(line.as_string());
      }
    }
  }
  std::string verdict =
      fmt::format("<p class=\"verdict\" data-status=\"{}\"><strong>{}</strong></p>\n",
                  to_string(status_of(row)), h(status_words(r, row)));
  verdict += dl(
      {{std::string(t.tr("ashyq's method")), method_label(r, row.method) + " (" + row.method + ")"},
       {std::string(t.tr("Confidence")), t.percent(row.confidence, 0)},
       {std::string(t.tr("OONI anomaly")), row.anomaly ? "true" : "false"},
       {std::string(t.tr("OONI confirmed")), row.confirmed ? "true" : "false"},
       {std::string(t.tr("OONI failure")), row.failure ? "true" : "false"}});
  if (!evidence.empty()) {
    verdict += fmt::format("<h3>{}</h3>\n<ul>", h(t.tr("Why")));
    for (const auto& line : evidence)
      verdict += fmt::format("<li>{}</li>", h(line));
    verdict += "</ul>\n";
  }
  body += section("verdict", t.tr("Verdict"), verdict);

  std::optional<model::WebConnectivityMeasurement> steps;
  if (content) {
    if (auto m = model::parse_web_connectivity(*content))
      steps = std::move(*m);
  }
  if (steps) {
    body += dns_section(r, *steps);
    body += tcp_section(r, *steps);
    body += tls_section(r, *steps);
    body += http_section(r, *steps);
  } else {
    body += section("dns", t.tr("DNS"), not_recorded(r));
    body += section("tcp", t.tr("TCP"), not_recorded(r));
    body += section("tls", t.tr("TLS"), not_recorded(r));
    body += section("http", t.tr("HTTP"), not_recorded(r));
  }

  // OONI's classic keys: as the probe recorded them, and as ashyq recomputes them.
  std::string classic;
  const json::object* tk = nullptr;
  if (content && content->is_object()) {
    if (const auto* v = content->as_object().if_contains("test_keys"); v && v->is_object())
      tk = &v->as_object();
  }
  if (tk || again) {
    std::string rows;
    json::object ours;
    if (again)
      ours = again->classic.to_json(false);
    for (std::string_view key :
         {"blocking", "accessible", "dns_consistency", "http_experiment_failure",
          "body_length_match", "status_code_match", "headers_match", "title_match"}) {
      const json::value* recorded = tk ? tk->if_contains(key) : nullptr;
      const json::value* recomputed = ours.if_contains(key);
      if (!recorded && !recomputed)
        continue;
      rows += fmt::format(
          "<tr><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code>"
          "</td></tr>\n",
          h(key), h(json_text(recorded)), h(json_text(recomputed)));
    }
    if (rows.empty())
      classic = not_recorded(r);
    else
      classic = table("id=\"classic-keys-table\"",
                      fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th></tr>", h(t.tr("Key")),
                                  h(t.tr("Recorded by the probe")), h(t.tr("Recomputed by ashyq"))),
                      rows);
  } else {
    classic = not_recorded(r);
  }
  body += section("classic-keys", t.tr("OONI's classic keys"), classic);
  body += section(
      "raw", t.tr("Raw measurement"),
      fmt::format("<p><a id=\"raw-json\" href=\"/api/v1/raw_measurement?measurement_uid={}\" "
                  "download=\"{}.json\">{}</a></p>\n",
                  h(row.measurement_uid), h(row.measurement_uid),
                  h(t.tr("Download the measurement (JSON, as submitted)"))));
  return document(r, t.trf("Measurement: {0}", {row.test_name}), body);
}

}  // namespace ashyq::explorer
