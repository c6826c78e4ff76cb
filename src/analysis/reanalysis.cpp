#include "analysis/reanalysis.hpp"

#include "analysis/attempts.hpp"
#include "analysis/classic_lte.hpp"
#include "analysis/classic_v04.hpp"

namespace ashyq::analysis {

namespace json = boost::json;

namespace {

std::string blocking_text(Blocking b) {
  return std::string(to_string(b));
}

json::value accessible_json(std::optional<bool> a) {
  return a ? json::value(*a) : json::value(nullptr);
}

json::value blocking_json(const std::string& text) {
  if (text == "null")
    return nullptr;
  if (text == "false")
    return false;
  return json::string(text);
}

}  // namespace

std::vector<std::string> Reanalysis::explanation() const {
  if (agrees)
    return {};
  std::vector<std::string> out;
  out.push_back("recorded blocking=" + recorded_blocking + " accessible=" +
                (recorded_accessible ? (*recorded_accessible ? "true" : "false") : "null") +
                "; recomputed blocking=" + blocking_text(classic.blocking) + " accessible=" +
                (classic.accessible ? (*classic.accessible ? "true" : "false") : "null"));
  for (const auto& line : verdict.evidence)
    out.push_back(line);
  return out;
}

json::object Reanalysis::to_json() const {
  json::array why;
  for (const auto& line : explanation())
    why.emplace_back(line);
  return json::object{{"input", input},
                      {"test_version", test_version},
                      {"recorded_blocking", blocking_json(recorded_blocking)},
                      {"recorded_accessible", accessible_json(recorded_accessible)},
                      {"blocking", blocking_json(blocking_text(classic.blocking))},
                      {"accessible", accessible_json(classic.accessible)},
                      {"method", std::string(to_string(verdict.method))},
                      {"confidence", verdict.confidence},
                      {"agrees", agrees},
                      {"explanation", std::move(why)}};
}

std::optional<core::Result<Reanalysis>> reanalyze(const json::value& measurement,
                                                  const VerdictOptions& options) {
  if (const auto* o = measurement.if_object()) {
    if (const auto* name = o->if_contains("test_name");
        name && (!name->is_string() || name->as_string() != "web_connectivity")) {
      return std::nullopt;
    }
  }
  auto input = model::parse_web_connectivity(measurement);
  if (!input)
    return core::Result<Reanalysis>(input.error());
  Reanalysis r;
  r.input = input->input_url;
  r.test_version = input->test_version;
  r.recorded_blocking = input->recorded.blocking.value_or("null");
  r.recorded_accessible = input->recorded.accessible;
  r.classic =
      r.test_version.starts_with("0.5") ? analyze_classic_lte(*input) : analyze_classic_v04(*input);
  // A confirmed measurement is judged over all its attempts, as the run that stored it judged it.
  const auto* tk =
      measurement.is_object() ? measurement.as_object().if_contains("test_keys") : nullptr;
  if (tk && tk->is_object() && tk->as_object().contains(kAttemptsKey)) {
    auto attempts = judge_attempts(measurement, options);
    if (!attempts)
      return core::Result<Reanalysis>(attempts.error());
    r.verdict = combine_attempts(*attempts);
  } else {
    r.verdict = analyze_verdict(*input, options);
  }
  r.agrees = blocking_text(r.classic.blocking) == r.recorded_blocking &&
             r.classic.accessible == r.recorded_accessible;
  return core::Result<Reanalysis>(std::move(r));
}

}  // namespace ashyq::analysis
