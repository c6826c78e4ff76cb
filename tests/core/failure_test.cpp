#include "core/failure.hpp"

#include <gtest/gtest.h>
#include <netdb.h>

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>

#include "core/classify.hpp"

namespace ashyq::core {
namespace {

TEST(Failure, EveryKindRoundTripsThroughItsString) {
  for (int i = 0; i <= static_cast<int>(FailureKind::unknown_failure); ++i) {
    auto kind = static_cast<FailureKind>(i);
    auto text = to_string(kind);
    ASSERT_FALSE(text.empty());
    auto back = failure_kind_from_string(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(*back, kind) << text;
  }
}

TEST(Failure, ReferenceStringsAreAllKnown) {
  // Every string listed in df-007 and the test helper's legacy names.
  for (const char* s : {"generic_timeout_error",
                        "connection_refused",
                        "connection_reset",
                        "eof_error",
                        "connection_aborted",
                        "connection_already_closed",
                        "host_unreachable",
                        "network_unreachable",
                        "network_down",
                        "network_reset",
                        "timed_out",
                        "dns_nxdomain_error",
                        "dns_no_answer",
                        "dns_refused_error",
                        "dns_servfail_error",
                        "dns_server_misbehaving",
                        "dns_non_recoverable_failure",
                        "dns_temporary_failure",
                        "dns_bogon_error",
                        "dns_reply_with_wrong_query_id",
                        "android_dns_cache_no_data",
                        "ssl_invalid_hostname",
                        "ssl_unknown_authority",
                        "ssl_invalid_certificate",
                        "ssl_failed_handshake",
                        "http_invalid_redirect_location_host",
                        "http_request_failed",
                        "quic_incompatible_version",
                        "json_parse_error",
                        "interrupted",
                        "dns_name_error",
                        "dns_lookup_error",
                        "dns_server_failure",
                        "connection_refused_error",
                        "connect_error",
                        "unknown_error"}) {
    EXPECT_TRUE(failure_kind_from_string(s).has_value()) << s;
    EXPECT_EQ(parse_failure(s).str(), s);
  }
}

TEST(Failure, UnknownFailureKeepsItsDetail) {
  auto f = parse_failure("unknown_failure: stopped after too many redirects");
  EXPECT_EQ(f.kind(), FailureKind::unknown_failure);
  EXPECT_EQ(f.detail(), "stopped after too many redirects");
  EXPECT_EQ(f.str(), "unknown_failure: stopped after too many redirects");
}

TEST(Failure, UnlistedStringIsKeptVerbatim) {
  auto f = parse_failure("some_future_failure");
  EXPECT_EQ(f.kind(), FailureKind::unknown_failure);
  EXPECT_EQ(f.str(), "some_future_failure");
}

// Issue 12: the strings MeasurementKit and ooniprobe-legacy wrote map to a kind and, when the
// string says it, the step; the string itself is kept as written.
TEST(Failure, LegacyStringsMapToTheirKindAndStep) {
  using Op = Operation;
  struct Row {
    const char* name;
    const char* text;
    FailureKind kind;
    std::optional<Operation> step;
  };
  const Row rows[] = {
      {"MK certificate rejected (OpenSSL 3)",
       "ssl_error: error:0A000086:SSL routines::certificate verify failed",
       FailureKind::ssl_invalid_certificate, Op::tls_handshake},
      {"MK certificate rejected (OpenSSL 1.1)",
       "ssl_error: error:1416F086:SSL routines:tls_process_server_certificate:certificate verify "
       "failed",
       FailureKind::ssl_invalid_certificate, Op::tls_handshake},
      {"MK other TLS error", "ssl_error: error:0A00010B:SSL routines::wrong version number",
       FailureKind::ssl_failed_handshake, Op::tls_handshake},
      {"MK bare ssl_error", "ssl_error", FailureKind::ssl_failed_handshake, Op::tls_handshake},
      {"MK invalid certificate with detail", "ssl_invalid_certificate: certificate has expired",
       FailureKind::ssl_invalid_certificate, Op::tls_handshake},
      {"MK connect_error", "connect_error", FailureKind::connect_error, Op::connect},
      {"MK generic_timeout_error", "generic_timeout_error", FailureKind::generic_timeout_error,
       std::nullopt},
      {"MK dns_lookup_error", "dns_lookup_error", FailureKind::dns_lookup_error, Op::resolve},
      {"PL connection_refused_error", "connection_refused_error",
       FailureKind::connection_refused_error, Op::connect},
      {"PL connection_lost_error", "connection_lost_error", FailureKind::connection_reset,
       std::nullopt},
      {"PL tcp_timed_out_error", "tcp_timed_out_error", FailureKind::generic_timeout_error,
       Op::connect},
      {"PL task_timed_out", "task_timed_out", FailureKind::generic_timeout_error, std::nullopt},
      {"PL response_never_received", "response_never_received", FailureKind::eof_error,
       Op::http_round_trip},
      {"PL errno 111", "[Errno 111] Connection refused", FailureKind::connection_refused,
       Op::connect},
      {"PL TaskTimeout", "TaskTimeout", FailureKind::generic_timeout_error, std::nullopt},
      {"PL ConnectionRefusedError", "ConnectionRefusedError", FailureKind::connection_refused_error,
       Op::connect},
      {"PL DNSLookupError", "DNSLookupError", FailureKind::dns_lookup_error, Op::resolve},
      {"PL ConnectError", "ConnectError", FailureKind::connect_error, Op::connect},
  };
  for (const auto& row : rows) {
    const Failure f = parse_failure(row.text);
    EXPECT_EQ(f.kind(), row.kind) << row.name;
    EXPECT_EQ(f.step(), row.step) << row.name;
    EXPECT_EQ(f.str(), row.text) << row.name << ": written as it was read";
    EXPECT_TRUE(f.is_legacy() || row.kind == FailureKind::generic_timeout_error) << row.name;
  }
  // Today's strings are not legacy, and keep the step their kind implies.
  EXPECT_FALSE(parse_failure("ssl_unknown_authority").is_legacy());
  EXPECT_EQ(parse_failure("ssl_unknown_authority").step(), Operation::tls_handshake);
  EXPECT_EQ(parse_failure("connection_reset").step(), std::nullopt);
  EXPECT_FALSE(parse_failure("some_future_failure").is_legacy());
}

struct ClassifyRow {
  const char* name;
  boost::system::error_code ec;
  bool deadline;
  const char* expected;
};

TEST(Classify, Table) {
  namespace asio = boost::asio;
  const ClassifyRow rows[] = {
      {"refused", make_error_code(boost::system::errc::connection_refused), false,
       "connection_refused"},
      {"reset", asio::error::connection_reset, false, "connection_reset"},
      {"eof", asio::error::eof, false, "eof_error"},
      {"beast timeout", boost::beast::error::timeout, false, "generic_timeout_error"},
      {"aborted by our deadline", asio::error::operation_aborted, true, "generic_timeout_error"},
      {"aborted by the user", asio::error::operation_aborted, false, "interrupted"},
      {"host unreachable", asio::error::host_unreachable, false, "host_unreachable"},
      {"network unreachable", asio::error::network_unreachable, false, "network_unreachable"},
      {"kernel timeout", asio::error::timed_out, false, "timed_out"},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(classify(row.ec, row.deadline).str(), row.expected) << row.name;
  }
}

TEST(Classify, UnknownErrorsAreScrubbed) {
  EXPECT_EQ(scrub_addresses("connect to 10.1.2.3:443 failed"), "connect to [scrubbed]:443 failed");
  EXPECT_EQ(scrub_addresses("dial [2001:db8::1]:80"), "dial [[scrubbed]]:80");
}

TEST(Classify, GetaddrinfoCodes) {
  EXPECT_EQ(classify_getaddrinfo(EAI_NONAME, 0).str(), "dns_nxdomain_error");
  EXPECT_EQ(classify_getaddrinfo(EAI_NODATA, 0).str(), "dns_no_answer");
  EXPECT_EQ(classify_getaddrinfo(EAI_AGAIN, 0).str(), "dns_temporary_failure");
  EXPECT_EQ(classify_getaddrinfo(EAI_FAIL, 0).str(), "dns_non_recoverable_failure");
  EXPECT_EQ(classify_getaddrinfo(EAI_MEMORY, 0).str(), "dns_server_misbehaving");
}

}  // namespace
}  // namespace ashyq::core
