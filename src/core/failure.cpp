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
  return Failure::verbatim(text);
}

std::string_view to_string(Operation op) {
  return kOperationNames[static_cast<size_t>(op)];
}

}  // namespace ashyq::core
