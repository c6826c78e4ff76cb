#include "analysis/classic_keys.hpp"

#include "core/json.hpp"

namespace ashyq::analysis {
namespace {

boost::json::value optional_bool(const std::optional<bool>& b) {
  return b ? boost::json::value(*b) : boost::json::value(nullptr);
}

}  // namespace

std::string_view to_string(Blocking b) {
  switch (b) {
    case Blocking::null:
      return "null";
    case Blocking::none:
      return "false";
    case Blocking::dns:
      return "dns";
    case Blocking::tcp_ip:
      return "tcp_ip";
    case Blocking::http_failure:
      return "http-failure";
    case Blocking::http_diff:
      return "http-diff";
  }
  return "null";
}

std::optional<Blocking> blocking_from_string(std::string_view s) {
  for (auto b : {Blocking::null, Blocking::none, Blocking::dns, Blocking::tcp_ip,
                 Blocking::http_failure, Blocking::http_diff}) {
    if (to_string(b) == s)
      return b;
  }
  return std::nullopt;
}

boost::json::object ClassicKeys::to_json(bool with_x_status) const {
  boost::json::object o;
  o["dns_consistency"] = dns_consistency
                             ? boost::json::value(std::string(to_string(*dns_consistency)))
                             : boost::json::value(nullptr);
  o["dns_experiment_failure"] = core::failure_json(dns_experiment_failure);
  o["http_experiment_failure"] = core::failure_json(http_experiment_failure);
  o["body_length_match"] = optional_bool(http.body_length_match);
  o["body_proportion"] = http.body_proportion;
  o["status_code_match"] = optional_bool(http.status_code_match);
  o["headers_match"] = optional_bool(http.headers_match);
  o["title_match"] = optional_bool(http.title_match);
  switch (blocking) {
    case Blocking::null:
      o["blocking"] = nullptr;
      break;
    case Blocking::none:
      o["blocking"] = false;
      break;
    default:
      o["blocking"] = std::string(to_string(blocking));
      break;
  }
  o["accessible"] = optional_bool(accessible);
  if (with_x_status)
    o["x_status"] = x_status;
  return o;
}

}  // namespace ashyq::analysis
