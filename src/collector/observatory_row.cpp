#include "collector/observatory_row.hpp"

#include <boost/url/parse.hpp>

#include "analysis/method.hpp"
#include "analysis/ooni_scores.hpp"
#include "analysis/reanalysis.hpp"
#include "core/ascii.hpp"
#include "core/json_path.hpp"
#include "model/url_parts.hpp"

namespace ashyq::collector {

namespace json = boost::json;

namespace {

void judge_web_connectivity(const json::object& content, const RowOptions& options,
                            ObservatoryRow& row) {
  static const analysis::VerdictOptions kDefaults;
  auto result =
      analysis::reanalyze(json::value(content), options.verdict ? *options.verdict : kDefaults);
  if (!result || !*result) {
    // A record the analysis cannot read (a bad field deep in test_keys) is kept, flagged.
    row.blocking = "null";
    row.failure = true;
    return;
  }
  const auto& r = result->value();
  row.blocking = std::string(analysis::to_string(r.classic.blocking));
  row.method = std::string(analysis::to_string(r.verdict.method));
  row.confidence = r.verdict.confidence;
  for (const auto& m : r.verdict.fingerprints)
    row.confirmed = row.confirmed || m.confirmed;
  row.anomaly = row.confirmed || (r.classic.blocking != analysis::Blocking::none &&
                                  r.classic.blocking != analysis::Blocking::null);
  row.failure = r.classic.blocking == analysis::Blocking::null;
}

// OONI's flags where OONI's backend scores the test (telegram, signal, tor, …), else the probe's
// own verdict's; the method and confidence are always ashyq's, from the probe's verdict.
void judge_other_test(const json::object& content, ObservatoryRow& row) {
  auto method = core::string_at(content, "test_keys.x_ashyq_verdict.method");
  auto known = analysis::method_from_string(method);
  row.method = known ? std::string(analysis::to_string(*known)) : "unknown";
  if (known) {
    if (const auto* c = core::value_at(content, "test_keys.x_ashyq_verdict.confidence");
        c && c->is_number())
      row.confidence = c->to_number<double>();
  }
  if (auto ooni = analysis::ooni_flags(content)) {
    row.anomaly = ooni->anomaly;
    row.confirmed = ooni->confirmed;
    row.failure = ooni->failure;
  } else {
    row.anomaly = known && analysis::is_blocking(*known);
  }
}

}  // namespace

std::string domain_of(std::string_view input) {
  if (auto parts = model::split_url(input))
    return parts->host;
  // Other schemes (dnscheck's udp://8.8.8.8:53, tcp://…): the host Boost.URL finds, if any.
  auto url = boost::urls::parse_uri(input);
  if (!url || !url->has_authority())
    return "";
  std::string host = url->host_address();
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return core::ascii_lower(host);
}

ObservatoryRow make_observatory_row(std::string_view measurement_uid, const json::object& content,
                                    const RowOptions& options) {
  ObservatoryRow row;
  row.measurement_uid = std::string(measurement_uid);
  row.report_id = core::string_at(content, "report_id");
  if (const auto* input = content.if_contains("input"); input && input->is_string())
    row.input = std::string(input->as_string());
  row.domain = row.input ? domain_of(*row.input) : "";
  row.probe_cc = core::string_at(content, "probe_cc");
  row.probe_asn = core::string_at(content, "probe_asn");
  row.probe_network_name = core::string_at(content, "probe_network_name");
  row.test_name = core::string_at(content, "test_name");
  row.test_version = core::string_at(content, "test_version");
  row.software_name = core::string_at(content, "software_name");
  row.software_version = core::string_at(content, "software_version");
  row.test_start_time = core::string_at(content, "test_start_time");
  row.measurement_start_time = core::string_at(content, "measurement_start_time");
  if (row.input && options.category_of)
    row.category_code = options.category_of(*row.input);
  if (row.test_name == "web_connectivity")
    judge_web_connectivity(content, options, row);
  else
    judge_other_test(content, row);
  return row;
}

}  // namespace ashyq::collector
