// ClassicKeys: the legacy web_connectivity verdict keys (dns_consistency, blocking, accessible,
// the HTTP match keys, x_status …) as one value, shared by the v0.4 and LTE analyses, with their
// OONI JSON form.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/dns_consistency.hpp"
#include "analysis/http_comparison.hpp"
#include "core/failure.hpp"

namespace ashyq::analysis {

// OONI's `blocking`: null, false, or a reason string.
enum class Blocking { null, none, dns, tcp_ip, http_failure, http_diff };

// "null", "false", "dns", "tcp_ip", "http-failure", "http-diff" (as written in JSON).
std::string_view to_string(Blocking b);
// The inverse, for recorded values; unknown strings give nullopt.
std::optional<Blocking> blocking_from_string(std::string_view s);

// v0.4 x_status bits (docs/ooni-formats.md#the-v04-rules).
namespace x_status {
inline constexpr std::int64_t success_secure = 1;
inline constexpr std::int64_t success_cleartext = 2;
inline constexpr std::int64_t success_nxdomain = 4;
inline constexpr std::int64_t anomaly_control_unreachable = 8;
inline constexpr std::int64_t anomaly_control_failure = 16;
inline constexpr std::int64_t anomaly_dns = 32;
inline constexpr std::int64_t anomaly_http_diff = 64;
inline constexpr std::int64_t anomaly_connect = 128;
inline constexpr std::int64_t anomaly_read_write = 256;
inline constexpr std::int64_t anomaly_unknown = 512;
inline constexpr std::int64_t anomaly_tls_handshake = 1024;
inline constexpr std::int64_t experiment_dns = 2048;
inline constexpr std::int64_t experiment_connect = 4096;
inline constexpr std::int64_t experiment_http = 8192;
inline constexpr std::int64_t bug_no_requests = 16384;
}  // namespace x_status

struct ClassicKeys {
  std::optional<DnsConsistency> dns_consistency;
  core::MaybeFailure dns_experiment_failure;
  core::MaybeFailure http_experiment_failure;
  HttpComparison http;
  Blocking blocking = Blocking::null;
  std::optional<bool> accessible;
  std::int64_t x_status = 0;  // v0.4 only (0 in the LTE analysis)

  // The OONI test-key members: dns_consistency, blocking, accessible, body_length_match,
  // body_proportion, status_code_match, headers_match, title_match, dns_experiment_failure,
  // http_experiment_failure and (when `with_x_status`) x_status.
  boost::json::object to_json(bool with_x_status) const;
};

}  // namespace ashyq::analysis
