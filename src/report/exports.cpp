// CSV and JSONL exports of measurement summaries.
#include "report/exports.hpp"

#include "core/json.hpp"
#include "report/text.hpp"

namespace ashyq::report {

namespace {

constexpr const char* kFields[] = {"id",
                                   "run_id",
                                   "input",
                                   "domain",
                                   "category",
                                   "test_name",
                                   "measurement_start_time",
                                   "runtime",
                                   "blocking",
                                   "accessible",
                                   "method",
                                   "confidence",
                                   "evidence",
                                   "failed_step",
                                   "failure",
                                   "fingerprints",
                                   "certificate_issuer",
                                   "control_failed"};

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty())
      out += '\n';
    out += item;
  }
  return out;
}

std::string json_string(std::string_view s) {
  return core::to_json_text(boost::json::string(s));
}

std::string json_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1)
      out += ',';
    out += json_string(item);
  }
  out += ']';
  return out;
}

}  // namespace

std::string render_csv(const std::vector<store::MeasurementSummary>& measurements) {
  std::string out;
  for (const char* field : kFields) {
    if (!out.empty())
      out += ',';
    out += field;
  }
  out += "\r\n";
  for (const auto& m : measurements) {
    const std::string accessible = m.accessible ? (*m.accessible ? "true" : "false") : "";
    const std::string fields[] = {std::to_string(m.id),
                                  std::to_string(m.run_id),
                                  csv_field(m.input),
                                  csv_field(m.domain),
                                  csv_field(m.category),
                                  csv_field(m.test_name),
                                  csv_field(m.measurement_start_time),
                                  format_number(m.runtime),
                                  csv_field(m.blocking),
                                  accessible,
                                  csv_field(m.method),
                                  format_number(m.confidence),
                                  csv_field(join_lines(m.evidence)),
                                  csv_field(m.failed_step),
                                  csv_field(m.failure),
                                  csv_field(join_lines(m.fingerprints)),
                                  csv_field(m.certificate_issuer),
                                  m.control_failed ? "true" : "false"};
    static_assert(std::size(fields) == std::size(kFields));
    bool first = true;
    for (const auto& f : fields) {
      if (!first)
        out += ',';
      first = false;
      out += f;
    }
    out += "\r\n";
  }
  return out;
}

std::string render_jsonl(const std::vector<store::MeasurementSummary>& measurements) {
  std::string out;
  for (const auto& m : measurements) {
    out += "{\"id\":" + std::to_string(m.id);
    out += ",\"run_id\":" + std::to_string(m.run_id);
    out += ",\"input\":" + json_string(m.input);
    out += ",\"domain\":" + json_string(m.domain);
    out += ",\"category\":" + json_string(m.category);
    out += ",\"test_name\":" + json_string(m.test_name);
    out += ",\"measurement_start_time\":" + json_string(m.measurement_start_time);
    out += ",\"runtime\":" + format_number(m.runtime);
    out += ",\"blocking\":" + json_string(m.blocking);
    out += ",\"accessible\":";
    out += m.accessible ? (*m.accessible ? "true" : "false") : "null";
    out += ",\"method\":" + json_string(m.method);
    out += ",\"confidence\":" + format_number(m.confidence);
    out += ",\"evidence\":" + json_strings(m.evidence);
    out += ",\"failed_step\":" + json_string(m.failed_step);
    out += ",\"failure\":" + json_string(m.failure);
    out += ",\"fingerprints\":" + json_strings(m.fingerprints);
    out += ",\"certificate_issuer\":" + json_string(m.certificate_issuer);
    out += ",\"control_failed\":";
    out += m.control_failed ? "true" : "false";
    out += "}\n";
  }
  return out;
}

}  // namespace ashyq::report
