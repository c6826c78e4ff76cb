#include "core/failure.hpp"

#include <array>
#include <utility>

namespace ashyq::core {
namespace {

struct Row {
  FailureKind kind;
  std::string_view text;
};

// The single table between kinds and OONI strings (df-007 plus the test helper's legacy names).
constexpr std::array kFailureTable{
    Row{FailureKind::generic_timeout_error, "generic_timeout_error"},
    Row{FailureKind::connection_refused, "connection_refused"},
    Row{FailureKind::connection_reset, "connection_reset"},
    Row{FailureKind::connection_aborted, "connection_aborted"},
    Row{FailureKind::connection_already_closed, "connection_already_closed"},
    Row{FailureKind::eof_error, "eof_error"},
    Row{FailureKind::host_unreachable, "host_unreachable"},
    Row{FailureKind::network_unreachable, "network_unreachable"},
    Row{FailureKind::network_down, "network_down"},
    Row{FailureKind::network_reset, "network_reset"},
    Row{FailureKind::timed_out, "timed_out"},
    Row{FailureKind::address_in_use, "address_in_use"},
    Row{FailureKind::address_not_available, "address_not_available"},
    Row{FailureKind::dns_nxdomain_error, "dns_nxdomain_error"},
    Row{FailureKind::dns_no_answer, "dns_no_answer"},
    Row{FailureKind::dns_refused_error, "dns_refused_error"},
    Row{FailureKind::dns_servfail_error, "dns_servfail_error"},
    Row{FailureKind::dns_server_misbehaving, "dns_server_misbehaving"},
    Row{FailureKind::dns_non_recoverable_failure, "dns_non_recoverable_failure"},
    Row{FailureKind::dns_temporary_failure, "dns_temporary_failure"},
    Row{FailureKind::dns_bogon_error, "dns_bogon_error"},
    Row{FailureKind::dns_reply_with_wrong_query_id, "dns_reply_with_wrong_query_id"},
    Row{FailureKind::android_dns_cache_no_data, "android_dns_cache_no_data"},
    Row{FailureKind::ssl_invalid_hostname, "ssl_invalid_hostname"},
    Row{FailureKind::ssl_unknown_authority, "ssl_unknown_authority"},
    Row{FailureKind::ssl_invalid_certificate, "ssl_invalid_certificate"},
    Row{FailureKind::ssl_failed_handshake, "ssl_failed_handshake"},
    Row{FailureKind::http_invalid_redirect_location_host, "http_invalid_redirect_location_host"},
    Row{FailureKind::http_request_failed, "http_request_failed"},
    Row{FailureKind::quic_incompatible_version, "quic_incompatible_version"},
    Row{FailureKind::json_parse_error, "json_parse_error"},
    Row{FailureKind::interrupted, "interrupted"},
    Row{FailureKind::dns_name_error, "dns_name_error"},
    Row{FailureKind::dns_lookup_error, "dns_lookup_error"},
    Row{FailureKind::dns_server_failure, "dns_server_failure"},
    Row{FailureKind::connection_refused_error, "connection_refused_error"},
    Row{FailureKind::connect_error, "connect_error"},
    Row{FailureKind::unknown_error, "unknown_error"},
    Row{FailureKind::unknown_failure, "unknown_failure"},
};

static_assert(kFailureTable.size() == static_cast<size_t>(FailureKind::unknown_failure) + 1,
              "every FailureKind needs exactly one row");

constexpr bool table_is_in_enum_order() {
  for (size_t i = 0; i < kFailureTable.size(); ++i) {
    if (static_cast<size_t>(kFailureTable[i].kind) != i)
      return false;
  }
  return true;
}
static_assert(table_is_in_enum_order(), "rows must follow the enum order");

constexpr std::array<std::string_view, 12> kOperationNames{
    "resolve", "connect",   "tls_handshake", "quic_handshake", "http_round_trip", "read",
    "write",   "read_from", "write_to",      "close",          "dns_round_trip",  "top_level",
};

constexpr std::string_view kUnknownPrefix = "unknown_failure: ";

// Failure strings of older engines, which OONI's published data still hold. `text` matches the
// whole string, or its start when `prefix` (the rest is a detail, such as OpenSSL's message), and
// then only when the string also holds `containing`; the first matching row wins. Sources:
// MeasurementKit's src/libmeasurement_kit/net/error.hpp and net/connect.cpp (SslError carries
// OpenSSL's ERR_error_string: "ssl_error: error:0A000086:SSL routines::certificate verify
// failed", whose code differs between OpenSSL versions but whose reason text does not);
// ooniprobe-legacy's ooni/errors.py failureToString and OONI's df-007 (PL); and the exception
// names and strerror texts that ooniprobe-legacy's early versions wrote as they were.
struct LegacyRow {
  std::string_view text;
  bool prefix;
  std::string_view containing;
  FailureKind kind;
  std::optional<Operation> step;
};

constexpr LegacyRow kLegacyTable[] = {
    // MeasurementKit: OpenSSL said the chain did not verify; any other TLS error.
    {"ssl_error: ", true, "certificate verify failed", FailureKind::ssl_invalid_certificate,
     Operation::tls_handshake},
    {"ssl_error", false, "", FailureKind::ssl_failed_handshake, Operation::tls_handshake},
    {"ssl_error: ", true, "", FailureKind::ssl_failed_handshake, Operation::tls_handshake},
    {"ssl_invalid_certificate: ", true, "", FailureKind::ssl_invalid_certificate,
     Operation::tls_handshake},
    {"ssl_invalid_hostname: ", true, "", FailureKind::ssl_invalid_hostname,
     Operation::tls_handshake},
    {"ssl_no_certificate", false, "", FailureKind::ssl_failed_handshake, Operation::tls_handshake},
    {"ssl_dirty_shutdown", false, "", FailureKind::eof_error, std::nullopt},
    // ooniprobe-legacy's failureToString.
    {"connection_lost_error", false, "", FailureKind::connection_reset, std::nullopt},
    {"tcp_timed_out_error", false, "", FailureKind::generic_timeout_error, Operation::connect},
    {"deferred_timeout_error", false, "", FailureKind::generic_timeout_error, std::nullopt},
    {"task_timed_out", false, "", FailureKind::generic_timeout_error, std::nullopt},
    {"response_never_received", false, "", FailureKind::eof_error, Operation::http_round_trip},
    // ooniprobe-legacy's early versions: Twisted's exception names and Python's strerror.
    {"ConnectionRefusedError", false, "", FailureKind::connection_refused_error,
     Operation::connect},
    {"ConnectError", false, "", FailureKind::connect_error, Operation::connect},
    {"DNSLookupError", false, "", FailureKind::dns_lookup_error, Operation::resolve},
    {"TCPTimedOutError", false, "", FailureKind::generic_timeout_error, Operation::connect},
    {"TaskTimeout", false, "", FailureKind::generic_timeout_error, std::nullopt},
    {"[Errno 111] Connection refused", false, "", FailureKind::connection_refused,
     Operation::connect},
    {"[Errno 104] Connection reset by peer", false, "", FailureKind::connection_reset,
     std::nullopt},
    {"[Errno 110] Connection timed out", false, "", FailureKind::generic_timeout_error,
     Operation::connect},
};

bool is_legacy_kind(FailureKind kind) {
  return kind >= FailureKind::dns_name_error && kind <= FailureKind::unknown_error;
}

}  // namespace

Failure Failure::unknown(std::string_view detail) {
  Failure f(FailureKind::unknown_failure);
  f.detail_ = std::string(detail);
  return f;
}

Failure Failure::verbatim(std::string_view text) {
  Failure f = unknown(text);
  f.verbatim_ = true;
  return f;
}

Failure Failure::legacy(FailureKind kind, std::string_view text, std::optional<Operation> step) {
  Failure f(kind);
  f.detail_ = std::string(text);
  f.verbatim_ = true;
  f.legacy_ = true;
  f.step_ = step;
  return f;
}

bool Failure::is_legacy() const {
  return legacy_ || is_legacy_kind(kind_);
}

std::optional<Operation> Failure::step() const {
  if (step_)
    return step_;
  switch (kind_) {
    case FailureKind::ssl_invalid_hostname:
    case FailureKind::ssl_unknown_authority:
    case FailureKind::ssl_invalid_certificate:
    case FailureKind::ssl_failed_handshake:
      return Operation::tls_handshake;
    case FailureKind::dns_nxdomain_error:
    case FailureKind::dns_no_answer:
    case FailureKind::dns_refused_error:
    case FailureKind::dns_servfail_error:
    case FailureKind::dns_server_misbehaving:
    case FailureKind::dns_non_recoverable_failure:
    case FailureKind::dns_temporary_failure:
    case FailureKind::dns_bogon_error:
    case FailureKind::dns_reply_with_wrong_query_id:
    case FailureKind::android_dns_cache_no_data:
    case FailureKind::dns_name_error:
    case FailureKind::dns_lookup_error:
    case FailureKind::dns_server_failure:
      return Operation::resolve;
    case FailureKind::connect_error:
    case FailureKind::connection_refused_error:
      return Operation::connect;
    default:
      return std::nullopt;
  }
}

std::string Failure::str() const {
  if (verbatim_)
    return detail_;
  if (kind_ == FailureKind::unknown_failure) {
    return std::string(kUnknownPrefix) + detail_;
  }
  return std::string(to_string(kind_));
}

std::string_view to_string(FailureKind kind) {
  return kFailureTable[static_cast<size_t>(kind)].text;
}

std::optional<FailureKind> failure_kind_from_string(std::string_view text) {
  for (const auto& row : kFailureTable) {
    if (row.text == text)
      return row.kind;
  }
  return std::nullopt;
}

Failure parse_failure(std::string_view text) {
  if (text.starts_with(kUnknownPrefix)) {
    return Failure::unknown(text.substr(kUnknownPrefix.size()));
  }
  if (auto kind = failure_kind_from_string(text)) {
    return *kind;
  }
  for (const auto& row : kLegacyTable) {
    const bool matches = row.prefix ? text.starts_with(row.text) : text == row.text;
    if (matches && (row.containing.empty() || text.find(row.containing) != std::string_view::npos))
      return Failure::legacy(row.kind, text, row.step);
  }
  return Failure::verbatim(text);
}

std::string_view to_string(Operation op) {
  return kOperationNames[static_cast<size_t>(op)];
}

}  // namespace ashyq::core
