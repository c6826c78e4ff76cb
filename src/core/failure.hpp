// Failure kinds: every way a network step can fail, and the one table that maps each kind to the
// OONI failure string of df-007 and back.
//
// A step that succeeds has no failure (std::nullopt); a step that fails carries a Failure. In the
// JSON a failure is a string and success is null. `unknown_failure` carries a free-form detail
// ("unknown_failure: <message>"), so a Failure is a kind plus an optional detail.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ashyq::core {

enum class FailureKind {
  // transport
  generic_timeout_error,
  connection_refused,
  connection_reset,
  connection_aborted,
  connection_already_closed,
  eof_error,
  host_unreachable,
  network_unreachable,
  network_down,
  network_reset,
  timed_out,
  address_in_use,
  address_not_available,
  // dns
  dns_nxdomain_error,
  dns_no_answer,
  dns_refused_error,
  dns_servfail_error,
  dns_server_misbehaving,
  dns_non_recoverable_failure,
  dns_temporary_failure,
  dns_bogon_error,
  dns_reply_with_wrong_query_id,
  android_dns_cache_no_data,
  // tls
  ssl_invalid_hostname,
  ssl_unknown_authority,
  ssl_invalid_certificate,
  ssl_failed_handshake,
  // http
  http_invalid_redirect_location_host,
  http_request_failed,
  // misc
  quic_incompatible_version,
  json_parse_error,
  interrupted,
  // test-helper legacy names (only inside a control response)
  dns_name_error,
  dns_lookup_error,
  dns_server_failure,
  connection_refused_error,
  connect_error,
  unknown_error,
  // anything else: "unknown_failure: <detail>"
  unknown_failure,
};

// The operation during which a failure happened (OONI's `failed_operation`).
enum class Operation {
  resolve,
  connect,
  tls_handshake,
  quic_handshake,
  http_round_trip,
  read,
  write,
  read_from,
  write_to,
  close,
  dns_round_trip,
  top_level,
};

class Failure {
 public:
  Failure(FailureKind kind) : kind_(kind) {}  // NOLINT: implicit on purpose, kinds read as values
  static Failure unknown(std::string_view detail);
  // A string read from a file that is not in the table: kept verbatim, classed unknown_failure.
  static Failure verbatim(std::string_view text);
  // A string an older engine wrote (MeasurementKit's "ssl_error: …", ooniprobe-legacy's
  // "[Errno 111] Connection refused"): kept verbatim, classed as `kind`, and, when the string
  // names it, the step it failed at.
  static Failure legacy(FailureKind kind, std::string_view text,
                        std::optional<Operation> step = std::nullopt);

  FailureKind kind() const { return kind_; }
  const std::string& detail() const { return detail_; }
  // The OONI string: "connection_reset", or "unknown_failure: <detail>".
  std::string str() const;
  // Written by MeasurementKit or ooniprobe-legacy: a mapped legacy string, or one of the legacy
  // kinds (dns_lookup_error, connect_error, …). Their v0.4 analysis called any such failure of
  // the fetch http-failure, so the classic keys must too.
  bool is_legacy() const;
  // The step the failure itself names, for data that record no failed_operation: tls_handshake
  // for the ssl_* kinds, resolve for the DNS kinds, connect for connect_error and
  // connection_refused_error, a legacy string's own step; none when the kind can happen at any
  // step (a reset, a timeout).
  std::optional<Operation> step() const;

  friend bool operator==(const Failure& a, const Failure& b) = default;

 private:
  FailureKind kind_;
  std::string detail_;
  bool verbatim_ = false;
  bool legacy_ = false;
  std::optional<Operation> step_;
};

// The OONI string of a kind (without detail) and the kind of an OONI string. Parsing accepts every
// string of the table plus any "unknown_failure: …" text, and maps the strings older engines
// wrote (MeasurementKit, ooniprobe-legacy; see kLegacyTable in failure.cpp) to their kind, kept
// verbatim; any other string becomes unknown_failure with that string as detail, so nothing read
// from a file is lost.
std::string_view to_string(FailureKind kind);
std::optional<FailureKind> failure_kind_from_string(std::string_view text);
Failure parse_failure(std::string_view text);

std::string_view to_string(Operation op);

// For JSON: null when there is no failure.
using MaybeFailure = std::optional<Failure>;

}  // namespace ashyq::core
