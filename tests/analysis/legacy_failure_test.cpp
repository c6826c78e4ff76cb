// Measurements by MeasurementKit and ooniprobe-legacy, whose failure strings predate df-007's
// current names (core/failure.cpp kLegacyTable): OONI's classic keys must agree with the
// `blocking` those engines recorded, and ashyq's method must follow the step the string names.
#include <gtest/gtest.h>

#include "analysis/classic_v04.hpp"
#include "analysis/reanalysis.hpp"
#include "analysis/verdict.hpp"
#include "measurement_builder.hpp"

namespace ashyq::analysis {
namespace {

using namespace testing;  // NOLINT

// The probe resolved the name as the control did; `connected` says whether it recorded a
// successful TCP connect (MeasurementKit does; a fetch failure alone may be all there is).
Measurement legacy_measurement(const std::string& url, const char* http_failure, int port,
                               bool connected) {
  Control control;
  control.dns({kIp}).tcp(std::string(kIp) + ":" + std::to_string(port));
  control.http(200, static_cast<std::int64_t>(page(kTitle).size()), kTitle);
  Measurement m(url, "0.4.0");
  m.dns(url.substr(url.find("://") + 3, url.rfind('/') - url.find("://") - 3), {{kIp, kAsn}});
  if (connected)
    m.tcp(kIp, port);
  m.request({.url = url, .failure = http_failure});
  m.control(control);
  return m;
}

TEST(LegacyFailures, ClassicAgreesWithTheEngineAndTheMethodFollowsTheStep) {
  struct Row {
    const char* name;
    const char* url;
    const char* failure;
    bool connected;
    Blocking classic;  // what MeasurementKit / ooniprobe-legacy recorded
    Method method;
  };
  const Row rows[] = {
      {"MK certificate rejected", "https://mk.example/",
       "ssl_error: error:0A000086:SSL routines::certificate verify failed", true,
       Blocking::http_failure, Method::interception},
      {"MK other TLS error", "https://mk.example/",
       "ssl_error: error:0A00010B:SSL routines::wrong version number", true, Blocking::http_failure,
       Method::tls},
      {"MK connect_error", "http://mk.example/", "connect_error", false, Blocking::http_failure,
       Method::tcp_ip},
      {"MK generic_timeout_error", "http://mk.example/", "generic_timeout_error", true,
       Blocking::http_failure, Method::http_failure},
      {"MK dns_lookup_error", "http://mk.example/", "dns_lookup_error", false, Blocking::dns,
       Method::dns},
      {"PL [Errno 111]", "http://pl.example/", "[Errno 111] Connection refused", false,
       Blocking::http_failure, Method::tcp_ip},
      {"PL ConnectionRefusedError", "http://pl.example/", "ConnectionRefusedError", false,
       Blocking::http_failure, Method::tcp_ip},
      {"PL ConnectError", "http://pl.example/", "ConnectError", false, Blocking::http_failure,
       Method::tcp_ip},
      {"PL TaskTimeout", "http://pl.example/", "TaskTimeout", true, Blocking::http_failure,
       Method::http_failure},
      {"PL DNSLookupError", "http://pl.example/", "DNSLookupError", false, Blocking::dns,
       Method::dns},
  };
  for (const auto& row : rows) {
    const int port = std::string_view(row.url).starts_with("https") ? 443 : 80;
    const auto in = legacy_measurement(row.url, row.failure, port, row.connected).parse();
    const auto classic = analyze_classic_v04(in);
    EXPECT_EQ(to_string(classic.blocking), to_string(row.classic)) << row.name;
    EXPECT_EQ(classic.accessible, std::optional<bool>(false)) << row.name;
    ASSERT_TRUE(classic.http_experiment_failure) << row.name;
    EXPECT_EQ(classic.http_experiment_failure->str(), row.failure) << row.name;
    const auto verdict = analyze_verdict(in);
    EXPECT_EQ(to_string(verdict.method), to_string(row.method)) << row.name;
  }
}

// The whole path `ashyq analyze` takes: MeasurementKit recorded http-failure for a certificate it
// rejected, with no tls_handshakes; the re-analysis agrees, and names the TLS step.
TEST(LegacyFailures, MeasurementKitCertificateFailureThroughReanalysis) {
  auto m = legacy_measurement("https://mk.example/",
                              "ssl_error: error:0A000086:SSL routines::certificate verify failed",
                              443, true);
  auto v = m.build();
  auto& tk = v.as_object()["test_keys"].as_object();
  tk["blocking"] = "http-failure";
  tk["accessible"] = false;
  tk["http_experiment_failure"] =
      "ssl_error: error:0A000086:SSL routines::certificate verify failed";
  v.as_object()["software_name"] = "measurement_kit";
  auto r = reanalyze(v, {});
  ASSERT_TRUE(r && r->ok()) << (r && !r->ok() ? r->error().message() : "");
  EXPECT_TRUE((*r)->agrees) << (*r)->recorded_blocking << " vs "
                            << to_string((*r)->classic.blocking);
  EXPECT_EQ(to_string((*r)->verdict.method), "interception");
  bool names_tls = false;
  for (const auto& line : (*r)->verdict.evidence)
    names_tls = names_tls || line.find("TLS handshake") != std::string::npos;
  EXPECT_TRUE(names_tls);
}

}  // namespace
}  // namespace ashyq::analysis
