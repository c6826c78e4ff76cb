// The failing step of a measurement: one answer for the results store and the lab.
#include "analysis/failed_step.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace ashyq::analysis {
namespace {

namespace json = boost::json;

struct Case {
  const char* name;
  const char* test_keys;
  std::optional<FailedStep> expected;
};

TEST(FailedStep, TheFirstStepThatFailed) {
  const Case cases[] = {
      {"nothing failed",
       R"({"dns_experiment_failure": null, "tcp_connect": [{"status": {"failure": null}}],
           "tls_handshakes": [{"failure": null}], "requests": [{"failure": null}]})",
       std::nullopt},
      {"empty test keys", "{}", std::nullopt},
      {"resolve",
       R"({"dns_experiment_failure": "dns_nxdomain_error", "tcp_connect": [],
           "requests": [{"failure": "dns_nxdomain_error"}]})",
       FailedStep{"resolve", "dns_nxdomain_error"}},
      {"every connect failed",
       R"({"dns_experiment_failure": null,
           "tcp_connect": [{"status": {"failure": "connection_refused"}},
                           {"status": {"failure": "generic_timeout_error"}}],
           "http_experiment_failure": "connection_refused"})",
       FailedStep{"connect", "connection_refused"}},
      // One unreachable address of two is not the failing step: the probe went on.
      {"one connect of two failed, then TLS",
       R"({"tcp_connect": [{"status": {"failure": "network_unreachable"}},
                           {"status": {"failure": null, "success": true}}],
           "tls_handshakes": [{"failure": "connection_reset"}],
           "http_experiment_failure": "connection_reset"})",
       FailedStep{"tls_handshake", "connection_reset"}},
      {"one connect of two failed, nothing else",
       R"({"tcp_connect": [{"status": {"failure": "network_unreachable"}},
                           {"status": {"failure": null}}],
           "requests": [{"failure": null}]})",
       std::nullopt},
      // A redirect's hop (issue 17): the first hop connected, the second hop's connect was
      // refused; the fetch failed connecting, not after.
      {"a redirect hop's connect failed",
       R"({"tcp_connect": [{"status": {"failure": null}, "tags": ["depth=0"]},
                           {"status": {"failure": "connection_refused"}, "tags": ["depth=1"]}],
           "http_experiment_failure": "connection_refused"})",
       FailedStep{"connect", "connection_refused"}},
      {"a redirect hop connected",
       R"({"tcp_connect": [{"status": {"failure": "connection_refused"}, "tags": ["depth=0"]},
                           {"status": {"failure": null}, "tags": ["depth=1"]}],
           "requests": [{"failure": null}]})",
       std::nullopt},
      {"tls handshake",
       R"({"tcp_connect": [{"status": {"failure": null}}],
           "tls_handshakes": [{"failure": null}, {"failure": "generic_timeout_error"}]})",
       FailedStep{"tls_handshake", "generic_timeout_error"}},
      {"http experiment failure",
       R"({"tcp_connect": [{"status": {"failure": null}}],
           "http_experiment_failure": "eof_error", "requests": []})",
       FailedStep{"http_round_trip", "eof_error"}},
      {"http from the last request",
       R"({"tcp_connect": [{"status": {"failure": null}}],
           "requests": [{"failure": "connection_reset"}, {"failure": null}]})",
       FailedStep{"http_round_trip", "connection_reset"}},
      {"urlgetter says it",
       R"({"failure": "connection_reset", "failed_operation": "tls_handshake",
           "requests": [{"failure": "connection_reset"}]})",
       FailedStep{"tls_handshake", "connection_reset"}},
      {"urlgetter success",
       R"({"failure": null, "failed_operation": null, "requests": [{"failure": null}]})",
       std::nullopt},
      {"sni_blocking's target",
       R"({"control": {"failure": null}, "target": {"failure": "generic_timeout_error",
           "failed_operation": "tls_handshake"}})",
       FailedStep{"tls_handshake", "generic_timeout_error"}},
  };
  for (const auto& c : cases) {
    auto tk = json::parse(c.test_keys).as_object();
    auto got = failed_step(tk);
    EXPECT_EQ(got.has_value(), c.expected.has_value()) << c.name;
    if (got && c.expected) {
      EXPECT_EQ(*got, *c.expected) << c.name << ": " << got->step << " " << got->failure;
    }
  }
}

}  // namespace
}  // namespace ashyq::analysis
