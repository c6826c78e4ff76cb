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
