// Tests for the df-006 tls_handshakes record (tls_handshake.hpp).
#include "model/tls_handshake.hpp"

#include <gtest/gtest.h>

#include "model/round_trip.hpp"

namespace ashyq::model {
namespace {

TEST(TlsHandshake, RoundTrips) {
  TlsHandshake h;
  h.address = "192.0.2.1:443";
  h.server_name = "example.com";
  h.cipher_suite = "TLS_AES_128_GCM_SHA256";
  h.negotiated_protocol = "h2";
  h.tls_version = "TLSv1.3";
  h.no_tls_verify = true;
  h.peer_certificates = {std::string("\x30\x82\x01\0", 4), "second"};
  h.failure = core::FailureKind::ssl_unknown_authority;
  h.tags = {"depth=0"};
  const auto back = testing::round_trip(
      h, [](const boost::json::value& v) { return tls_handshake_from_json(v); });
  EXPECT_EQ(back.peer_certificates, h.peer_certificates);
  EXPECT_EQ(back.failure, h.failure);
  EXPECT_TRUE(back.no_tls_verify);
}

TEST(TlsHandshake, BadCertificateBase64IsAnError) {
  auto h = tls_handshake_from_json(
      boost::json::parse(R"({"peer_certificates": [{"format": "base64", "data": "!!"}]})"),
      "tls_handshakes[0]");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().where, "tls_handshakes[0].peer_certificates");
}

}  // namespace
}  // namespace ashyq::model
