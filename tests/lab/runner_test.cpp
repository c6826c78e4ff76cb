// The runner's pure parts: probe templates and expectation checks.
#include "lab/runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ashyq::lab {
namespace {

namespace json = boost::json;

TEST(Runner, ProbeArgsOverrideOrAppend) {
  std::vector<std::string> templ{"{ashyq}", "get", "{url}", "--http-timeout", "20"};
  std::vector<std::string> extra{"--http-timeout", "4", "--sni", "x.example", "--flag"};
  auto merged = merge_probe_args(templ, extra);
  std::vector<std::string> want{"{ashyq}", "get",   "{url}",     "--http-timeout",
                                "4",       "--sni", "x.example", "--flag"};
  EXPECT_EQ(merged, want);
  ProbePlaceholders values{"/bin/ashyq", "https://a/", "10.77.53.1",
                           "/ca.pem",    "/plan",      "http://10.77.3.2:8080/",
                           "/fp.csv"};
  auto expanded = expand_probe({"{ashyq}", "{url}", "udp://{resolver}:53", "{ca}", "{plan}",
                                "--helper={helper}", "{fingerprints}"},
                               values);
  std::vector<std::string> want2{"/bin/ashyq", "https://a/", "udp://10.77.53.1:53",
                                 "/ca.pem",    "/plan",      "--helper=http://10.77.3.2:8080/",
                                 "/fp.csv"};
  EXPECT_EQ(expanded, want2);
}

TEST(Runner, DefaultProbeIsWebConnectivityAgainstTheLabHelper) {
  auto templ = default_probe_template();
  auto has = [&](const std::string& flag, const std::string& value) {
    auto it = std::find(templ.begin(), templ.end(), flag);
    return it != templ.end() && it + 1 != templ.end() && *(it + 1) == value;
  };
  EXPECT_EQ(templ.at(1), "run");
  EXPECT_TRUE(has("--helper", "{helper}"));
  EXPECT_TRUE(has("--bogons", "{plan}"));
  EXPECT_TRUE(has("--fingerprints", "{fingerprints}"));
  EXPECT_TRUE(has("--resolver", "system"));
  EXPECT_NE(std::find(templ.begin(), templ.end(), "--no-db"), templ.end());
  EXPECT_TRUE(has("--stun-server", "10.77.2.2:3478"));  // never a public STUN server
}

TEST(Runner, AVolunteersProbeGivesNoHelperCountryOrStunServer) {
  auto probe = volunteer_probe(default_probe_template());
  for (const char* flag : {"--helper", "--probe-cc", "--stun-server"})
    EXPECT_EQ(std::find(probe.begin(), probe.end(), flag), probe.end()) << flag;
  EXPECT_EQ(std::find(probe.begin(), probe.end(), "KZ"), probe.end());
  EXPECT_NE(std::find(probe.begin(), probe.end(), "--bogons"), probe.end());
  EXPECT_EQ(probe.size(), default_probe_template().size() - 6);
}

json::object measurement(const char* text) {
  return json::parse(text).as_object();
}

TEST(Runner, ChecksFailureOperationTimingAndBody) {
  auto m = measurement(R"({"test_runtime": 1.5, "test_keys": {
      "failure": null, "failed_operation": null,
      "tcp_connect": [{"t0": 0.1, "t": 0.3}],
      "requests": [{"response": {"body": "hello ashyq-lab-blockpage"}}]}})");
  UrlCheck c;
  c.failure = "none";
  c.failed_operation = "none";
  c.body_contains = "ashyq-lab-blockpage";
  c.tcp_connect_ms = std::make_pair(160.0, 240.0);
  c.runtime_s = std::make_pair(1.0, 2.0);
  c.blocking = json::value("dns");  // absent from urlgetter output: not checked
  EXPECT_TRUE(check_measurement(c, m, nullptr).empty());

  c.failure = "generic_timeout_error";
  c.tcp_connect_ms = std::make_pair(0.0, 100.0);
  auto problems = check_measurement(c, m, nullptr);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "failure: expected generic_timeout_error, got none");
  EXPECT_EQ(problems[1], "tcp_connect took 200.0 ms, expected [0, 100]");
}

TEST(Runner, WebConnectivityKeysAreCheckedWhenPresent) {
  auto m = measurement(R"({"test_keys": {"failure": null, "blocking": "dns",
      "accessible": false, "x_ashyq_verdict": {"method": "dns"}}})");
  UrlCheck c;
  c.blocking = json::value("dns");
  c.accessible = json::value(false);
  c.method = "dns";
  EXPECT_TRUE(check_measurement(c, m, nullptr).empty());
  c.blocking = json::value(nullptr);
  c.method = "tls";
  EXPECT_EQ(check_measurement(c, m, nullptr).size(), 2u);
}

// A web_connectivity measurement has no test_keys.failure: the failing step is derived.
TEST(Runner, FailingStepOfWebConnectivity) {
  auto dns = measurement(R"({"test_keys": {"dns_experiment_failure": "dns_nxdomain_error",
      "tcp_connect": [], "tls_handshakes": [], "requests": []}})");
  EXPECT_EQ(failing_step(dns).failure, "dns_nxdomain_error");
  EXPECT_EQ(failing_step(dns).operation, "resolve");
  auto tcp = measurement(R"({"test_keys": {"dns_experiment_failure": null,
      "tcp_connect": [{"status": {"failure": "connection_refused", "success": false}}],
      "requests": [{"failure": "connection_refused"}]}})");
  EXPECT_EQ(failing_step(tcp).failure, "connection_refused");
  EXPECT_EQ(failing_step(tcp).operation, "connect");
  auto tls = measurement(R"({"test_keys": {"dns_experiment_failure": null,
      "tcp_connect": [{"status": {"failure": null, "success": true}}],
      "tls_handshakes": [{"failure": "generic_timeout_error"}], "requests": []}})");
  EXPECT_EQ(failing_step(tls).failure, "generic_timeout_error");
  EXPECT_EQ(failing_step(tls).operation, "tls_handshake");
  auto http = measurement(R"({"test_keys": {"dns_experiment_failure": null,
      "tcp_connect": [{"status": {"failure": null, "success": true}}],
      "requests": [{"failure": "connection_reset"}, {"failure": null}],
      "x_ashyq_verdict": {"method": "http-failure", "evidence": ["reset after the request"]}}})");
  EXPECT_EQ(failing_step(http).failure, "connection_reset");
  EXPECT_EQ(failing_step(http).operation, "http_round_trip");
  EXPECT_EQ(verdict_evidence(http), std::vector<std::string>{"reset after the request"});
  auto fine = measurement(R"({"test_keys": {"dns_experiment_failure": null,
      "tcp_connect": [{"status": {"failure": null}}], "requests": [{"failure": null}]}})");
  EXPECT_EQ(failing_step(fine).failure, "none");
  EXPECT_EQ(failing_step(fine).operation, "none");
  UrlCheck c;
  c.failure = "connection_reset";
  c.failed_operation = "http_round_trip";
  EXPECT_TRUE(check_measurement(c, http, nullptr).empty());
  EXPECT_EQ(check_measurement(c, fine, nullptr).size(), 2u);
}

TEST(Runner, ControlExpectation) {
  auto m = measurement(R"({"test_keys": {"failure": "connection_refused"}})");
  UrlCheck c;
  c.control_failure = "connection_refused";
  EXPECT_TRUE(check_measurement(c, m, &m).empty());
  EXPECT_EQ(check_measurement(c, m, nullptr).size(), 1u);
}

}  // namespace
}  // namespace ashyq::lab

namespace ashyq::lab {
namespace {

TEST(Runner, UrlLessCheckDropsTheInputAndAddsItsArgs) {
  UrlCheck check;  // no url: an experiment that takes no input
  check.probe_args = {"-O", "endpoints={scenario_dir}/data/telegram-lab.csv"};
  auto probe = probe_for_check(default_probe_template(), {"-t", "telegram"}, check);
  EXPECT_EQ(std::find(probe.begin(), probe.end(), "--input"), probe.end());
  EXPECT_EQ(std::find(probe.begin(), probe.end(), "{url}"), probe.end());
  ASSERT_GE(probe.size(), 4u);
  EXPECT_EQ(probe[probe.size() - 4], "-t");
  EXPECT_EQ(probe.back(), "endpoints={scenario_dir}/data/telegram-lab.csv");
  ProbePlaceholders values;
  values.scenario_dir = "/work/lab/scenarios";
  auto expanded = expand_probe(probe, values);
  EXPECT_EQ(expanded.back(), "endpoints=/work/lab/scenarios/data/telegram-lab.csv");

  check.url = "https://a.example/";
  probe = probe_for_check(default_probe_template(), {}, check);
  auto it = std::find(probe.begin(), probe.end(), "--input");
  ASSERT_NE(it, probe.end());
  EXPECT_EQ(*(it + 1), "{url}");
}

TEST(Runner, ChecksTestKeysByDottedPath) {
  auto m = json::parse(R"({"test_keys": {"telegram_tcp_blocking": true, "or_port_accessible": 3,
      "x_throttling": {"ratio": 0.25}, "telegram_web_failure": null}})")
               .as_object();
  UrlCheck c;
  c.test_keys = {{"telegram_tcp_blocking", true},
                 {"or_port_accessible", 3.0},  // numbers compare by value
                 {"x_throttling.ratio", 0.25},
                 {"telegram_web_failure", nullptr}};
  EXPECT_TRUE(check_measurement(c, m, nullptr).empty());
  c.test_keys = {{"telegram_tcp_blocking", false}, {"x_throttling.missing", 1}};
  auto problems = check_measurement(c, m, nullptr);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("expected false, got true"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("absent"), std::string::npos) << problems[1];
}

}  // namespace
}  // namespace ashyq::lab
