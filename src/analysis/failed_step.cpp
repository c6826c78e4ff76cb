#include "analysis/failed_step.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <vector>

#include "model/event_tags.hpp"

namespace ashyq::analysis {

namespace json = boost::json;

namespace {

// A failure value as text; "" when absent or null (a success).
std::string failure_text(const json::value* v) {
  if (!v || v->is_null())
    return {};
  if (v->is_string())
    return std::string(v->as_string());
  return json::serialize(*v);
}

const json::array* array_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? &v->as_array() : nullptr;
}

int depth_of(const json::value& record) {
  return model::tags_of(record).depth();
}

}  // namespace

std::optional<FailedStep> failed_step(const json::object& test_keys) {
  const json::object* tk = &test_keys;
  if (const auto* target = tk->if_contains("target"); target && target->is_object())
    tk = &target->as_object();  // sni_blocking

  if (tk->contains("failure")) {  // urlgetter (`ashyq get`) says it itself
    auto failure = failure_text(tk->if_contains("failure"));
    if (failure.empty())
      return std::nullopt;
    return FailedStep{failure_text(tk->if_contains("failed_operation")), failure};
  }
  if (auto f = failure_text(tk->if_contains("dns_experiment_failure")); !f.empty())
    return FailedStep{"resolve", f};
  if (const auto* tcp = array_at(*tk, "tcp_connect"); tcp && !tcp->empty()) {
    // The connects of the last hop reached (a redirect's, "depth=N"): the first hop's succeeded
    // when a redirect was followed, and a failure of a later hop's connects is the fetch's.
    std::vector<int> depths;
    depths.reserve(tcp->size());
    for (const auto& e : *tcp)
      depths.push_back(depth_of(e));
    const int deepest = *std::max_element(depths.begin(), depths.end());
    std::string first;
    bool any_success = false;
    for (std::size_t i = 0; i < tcp->size(); ++i) {
      if (depths[i] != deepest)
        continue;
      const auto& e = (*tcp)[i];
      const auto* status = e.is_object() ? e.as_object().if_contains("status") : nullptr;
      auto f = status && status->is_object()
                   ? failure_text(status->as_object().if_contains("failure"))
                   : std::string();
      if (f.empty())
        any_success = true;
      else if (first.empty())
        first = f;
    }
    if (!any_success && !first.empty())
      return FailedStep{"connect", first};
  }
  if (const auto* tls = array_at(*tk, "tls_handshakes")) {
    for (const auto& e : *tls) {
      if (!e.is_object())
        continue;
      if (auto f = failure_text(e.as_object().if_contains("failure")); !f.empty())
        return FailedStep{"tls_handshake", f};
    }
  }
  if (auto f = failure_text(tk->if_contains("http_experiment_failure")); !f.empty())
    return FailedStep{"http_round_trip", f};
  if (const auto* requests = array_at(*tk, "requests");
      requests && !requests->empty() && requests->front().is_object()) {
    if (auto f = failure_text(requests->front().as_object().if_contains("failure")); !f.empty())
      return FailedStep{"http_round_trip", f};
  }
  return std::nullopt;
}

}  // namespace ashyq::analysis
