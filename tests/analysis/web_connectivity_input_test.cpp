// Tests for the tolerant measurement parser (web_connectivity_input.hpp).
#include "analysis/web_connectivity_input.hpp"

#include <gtest/gtest.h>

namespace ashyq::analysis {
namespace {

// A trimmed LTE (0.5.x) measurement, shaped like OONI's published ones.
constexpr const char* kLte = R"json({
  "annotations": {"architecture": "amd64", "engine_name": "ooniprobe-engine", "x": 5},
  "data_format_version": "0.2.0",
  "input": "https://www.example.com/",
  "probe_asn": "AS9198", "probe_cc": "KZ",
  "test_name": "web_connectivity", "test_version": "0.5.28",
  "test_keys": {
    "agent": "redirect", "client_resolver": "192.0.2.53", "retries": null, "socksproxy": null,
    "queries": [
      {"answers": [{"asn": 15133, "as_org_name": "Edgecast", "answer_type": "A",
                    "ipv4": "93.184.216.34", "ttl": null},
                   {"asn": 15133, "as_org_name": "Edgecast", "answer_type": "AAAA",
                    "ipv6": "2606:2800:220:1:248:1893:25c8:1946", "ttl": null}],
       "engine": "getaddrinfo", "failure": null, "hostname": "www.example.com",
       "query_type": "ANY", "resolver_address": "", "t0": 0.001, "t": 0.02,
       "tags": ["classic", "depth=0"], "transaction_id": 10001}
    ],
    "tcp_connect": [
      {"ip": "93.184.216.34", "port": 443, "status": {"failure": null, "success": true},
       "t0": 0.03, "t": 0.1, "tags": ["classic", "tcptls_experiment", "depth=0", "fetch_body=true"],
       "transaction_id": 50001}
    ],
    "tls_handshakes": [
      {"network": "tcp", "address": "93.184.216.34:443", "cipher_suite": "TLS_AES_128_GCM_SHA256",
       "failure": "generic_timeout_error", "negotiated_protocol": "", "no_tls_verify": false,
       "peer_certificates": [{"format": "base64", "data": "MIIB"}], "server_name": "www.example.com",
       "t0": 0.1, "t": 10.1, "tags": ["classic", "depth=0", "fetch_body=true"], "tls_version": "",
       "transaction_id": 50001}
    ],
    "requests": [],
    "control": {
      "tcp_connect": {"93.184.216.34:443": {"status": true, "failure": null}},
      "tls_handshake": {"93.184.216.34:443": {"server_name": "www.example.com", "status": true,
                                              "failure": null}},
      "quic_handshake": {},
      "http_request": {"body_length": 1256, "discovered_h3_endpoint": "", "failure": null,
                       "title": "Example Domain", "headers": {"Content-Type": "text/html"},
                       "status_code": 200},
      "http3_request": null,
      "dns": {"failure": null, "addrs": ["93.184.216.34"]},
      "ip_info": {"93.184.216.34": {"asn": 15133, "flags": 11}}
    },
    "control_failure": null,
    "x_control_request": {"http_request": "https://www.example.com/"},
    "dns_experiment_failure": null, "dns_consistency": "consistent",
    "http_experiment_failure": "generic_timeout_error",
    "x_dns_flags": 0, "x_blocking_flags": 4, "x_null_null_flags": 0,
    "body_length_match": null, "body_proportion": 0, "headers_match": null,
    "status_code_match": null, "title_match": null,
    "blocking": "http-failure", "accessible": false
  }
})json";

TEST(WebConnectivityInput, ParsesLteMeasurement) {
  auto r = parse_web_connectivity_text(kLte);
  ASSERT_TRUE(r.ok()) << r.error().message();
  const auto& in = r.value();
  EXPECT_EQ(in.input_url, "https://www.example.com/");
  EXPECT_EQ(in.test_version, "0.5.28");
  EXPECT_EQ(in.probe_cc, "KZ");
  ASSERT_EQ(in.queries.size(), 1u);
  EXPECT_TRUE(in.queries[0].is_system_resolver());
  EXPECT_EQ(in.queries[0].addresses().size(), 2u);
  EXPECT_EQ(in.queries[0].answers[0].asn, 15133u);
  EXPECT_EQ(in.queries[0].tags.depth(), 0);
  ASSERT_EQ(in.tcp_connect.size(), 1u);
  EXPECT_EQ(in.tcp_connect[0].endpoint(), "93.184.216.34:443");
  EXPECT_TRUE(in.tcp_connect[0].success);
  EXPECT_TRUE(in.tcp_connect[0].tags.fetch_body());
  ASSERT_EQ(in.tls_handshakes.size(), 1u);
  ASSERT_TRUE(in.tls_handshakes[0].failure);
  EXPECT_EQ(in.tls_handshakes[0].failure->kind(), core::FailureKind::generic_timeout_error);
  EXPECT_EQ(in.tls_handshakes[0].peer_certificates.size(), 1u);
  ASSERT_TRUE(in.has_control());
  EXPECT_EQ(in.control->http_request.status_code, 200);
  EXPECT_EQ(in.control->ip_info.at("93.184.216.34").flags, 11);
  EXPECT_TRUE(in.control->tls_handshake.at("93.184.216.34:443").status);
  EXPECT_EQ(in.recorded.blocking, "http-failure");
  EXPECT_EQ(in.recorded.accessible, false);
  EXPECT_EQ(in.recorded.dns_consistency, "consistent");
}

TEST(WebConnectivityInput, ToleratesMissingOptionalParts) {
  // Pitfall 4: no tls_handshake, no ip_info, -1 on failure; v0.4 keeps "control": {} on failure.
  auto r = parse_web_connectivity_text(R"json({
    "input": "http://example.com", "test_keys": {
      "control": {"tcp_connect": {}, "http_request": {"body_length": -1, "failure": "unknown_error",
                  "title": "", "headers": {}, "status_code": -1},
                  "dns": {"failure": "dns_name_error", "addrs": []}},
      "requests": null, "queries": null, "future_field": {"whatever": [1, 2]}}})json");
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_TRUE(r->control);
  EXPECT_TRUE(r->control->tls_handshake.empty());
  EXPECT_TRUE(r->control->ip_info.empty());
  EXPECT_EQ(r->control->http_request.status_code, -1);
  ASSERT_TRUE(r->control->dns.failure);
  EXPECT_EQ(r->control->dns.failure->str(), "dns_name_error");

  auto empty = parse_web_connectivity_text(
      R"json({"input": "http://example.com", "test_keys": {"control": {},
              "control_failure": "generic_timeout_error"}})json");
  ASSERT_TRUE(empty.ok()) << empty.error().message();
  EXPECT_FALSE(empty->has_control());

  auto lte_null = parse_web_connectivity_text(
      R"json({"input": "http://example.com", "test_keys": {"control": null}})json");
  ASSERT_TRUE(lte_null.ok());
  EXPECT_FALSE(lte_null->control);
}

TEST(WebConnectivityInput, DecodesBase64BodiesAndHeaderLists) {
  auto r = parse_web_connectivity_text(R"json({
    "input": "http://example.com/", "test_keys": {"requests": [
      {"failure": null, "request": {"url": "http://example.com/", "method": "GET"},
       "response": {"code": 200, "body": {"format": "base64", "data": "/wBoaQ=="},
                    "body_is_truncated": false,
                    "headers_list": [["Server", "nginx"], ["X-Blob", {"format": "base64", "data": "aGk="}]],
                    "headers": {"Server": "nginx"}}}]}})json");
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_EQ(r->requests.size(), 1u);
  EXPECT_EQ(r->requests[0].body, std::string("\xff\0hi", 4));
  EXPECT_EQ(r->requests[0].header("server"), "nginx");
  EXPECT_EQ(r->requests[0].header("X-BLOB"), "hi");
  EXPECT_FALSE(r->requests[0].header("missing"));
}

struct BadRow {
  const char* name;
  const char* json;
  const char* field;
};

TEST(WebConnectivityInput, ErrorsNameTheField) {
  const BadRow rows[] = {
      {"not_an_object", "[1, 2]", ""},
      {"not_json", "{", ""},
      {"missing_input", R"({"test_keys": {}})", "input"},
      {"input_not_http", R"({"input": "ftp://x/", "test_keys": {}})", "input"},
      {"test_keys_wrong_type", R"({"input": "http://x/", "test_keys": 5})", "test_keys"},
      {"queries_wrong_type", R"({"input": "http://x/", "test_keys": {"queries": {}}})",
       "test_keys.queries"},
      {"answer_wrong_type",
       R"({"input": "http://x/", "test_keys": {"queries": [{"answers": [{"ipv4": 5}]}]}})",
       "test_keys.queries[0].answers[0].ipv4"},
      {"port_not_integer",
       R"({"input": "http://x/", "test_keys": {"tcp_connect": [{"ip": "1.2.3.4", "port": "80"}]}})",
       "test_keys.tcp_connect[0].port"},
      {"failure_not_string",
       R"({"input": "http://x/", "test_keys": {"requests": [{"failure": 3}]}})",
       "test_keys.requests[0].failure"},
      {"bad_base64_body",
       R"({"input": "http://x/", "test_keys": {"requests": [{"response": {"body": {"format": "base64", "data": "!!"}}}]}})",
       "test_keys.requests[0].response.body"},
      {"control_status_code_string",
       R"({"input": "http://x/", "test_keys": {"control": {"http_request": {"status_code": "200"}}}})",
       "test_keys.control.http_request.status_code"},
      {"control_tcp_entry_not_object",
       R"({"input": "http://x/", "test_keys": {"control": {"tcp_connect": {"1.2.3.4:80": true}}}})",
       "test_keys.control.tcp_connect[\"1.2.3.4:80\"]"},
  };
  for (const auto& row : rows) {
    auto r = parse_web_connectivity_text(row.json);
    ASSERT_FALSE(r.ok()) << row.name;
    EXPECT_EQ(r.error().where, row.field) << row.name << ": " << r.error().message();
    EXPECT_FALSE(r.error().why.empty()) << row.name;
  }
}

TEST(WebConnectivityInput, SplitUrl) {
  auto a = split_url("HTTPS://Example.COM:8443/path?q");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->scheme, "https");
  EXPECT_EQ(a->host, "example.com");
  EXPECT_EQ(a->port, "8443");
  auto b = split_url("http://[2001:db8::1]/");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "2001:db8::1");
  EXPECT_EQ(b->port, "80");
  EXPECT_TRUE(b->host_is_ip);
  EXPECT_FALSE(split_url("example.com"));
  EXPECT_FALSE(split_url("ftp://example.com/"));
}

}  // namespace
}  // namespace ashyq::analysis
