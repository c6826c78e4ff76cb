// Test helper: builds small web_connectivity measurements as JSON (the same shape OONI publishes),
// so every table row reads as "what the probe saw, what the control saw" and goes through the
// real parser.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/web_connectivity_test_keys.hpp"

// Rows fill Response with designated initializers and leave the rest defaulted on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace ashyq::analysis::testing {

namespace json = boost::json;

// The site every table's measurements are of (example.com's address in its AS, its title).
inline constexpr const char* kIp = "93.184.216.34";
inline constexpr const char* kIp2 = "93.184.216.35";
inline constexpr std::uint32_t kAsn = 15133;
inline const std::string kTitle = "Example Domain Homepage";
inline const std::string kEp80 = std::string(kIp) + ":80";
inline const std::string kEp443 = std::string(kIp) + ":443";

inline json::value failure_value(const char* f) {
  return f ? json::value(f) : json::value(nullptr);
}

inline json::array tag_array(const std::vector<std::string>& tags) {
  json::array a;
  for (const auto& t : tags)
    a.emplace_back(t);
  return a;
}

struct Answer {
  std::string ip;
  std::uint32_t asn = 0;
};

struct Response {
  std::string url;
  const char* failure = nullptr;
  int code = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool truncated = false;
  std::int64_t tx = 0;
  std::vector<std::string> tags;
  std::string address;
};

// The control (test helper) response, docs/ooni-formats.md#the-control-response.
class Control {
 public:
  Control() {
    o_["tcp_connect"] = json::object{};
    o_["quic_handshake"] = json::object{};
    o_["http3_request"] = nullptr;
    o_["dns"] = json::object{{"failure", nullptr}, {"addrs", json::array{}}};
    o_["http_request"] =
        json::object{{"body_length", -1}, {"discovered_h3_endpoint", ""}, {"failure", nullptr},
                     {"title", ""},       {"headers", json::object{}},    {"status_code", -1}};
  }
  Control& dns(std::vector<std::string> addrs) {
    json::array a;
    for (auto& s : addrs)
      a.emplace_back(s);
    o_["dns"] = json::object{{"failure", nullptr}, {"addrs", std::move(a)}};
    return *this;
  }
  Control& dns_fail(const char* failure) {
    o_["dns"] = json::object{{"failure", failure}, {"addrs", json::array{}}};
    return *this;
  }
  Control& tcp(const std::string& endpoint, const char* failure = nullptr) {
    o_["tcp_connect"].as_object()[endpoint] =
        json::object{{"status", failure == nullptr}, {"failure", failure_value(failure)}};
    return *this;
  }
  Control& tls(const std::string& endpoint, const std::string& sni, const char* failure = nullptr) {
    if (!o_.contains("tls_handshake"))
      o_["tls_handshake"] = json::object{};
    o_["tls_handshake"].as_object()[endpoint] = json::object{
        {"server_name", sni}, {"status", failure == nullptr}, {"failure", failure_value(failure)}};
    return *this;
  }
  Control& http(int status, std::int64_t body_length, std::string title,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    json::object h;
    for (auto& [k, v] : headers)
      h[k] = v;
    o_["http_request"] = json::object{{"body_length", body_length}, {"discovered_h3_endpoint", ""},
                                      {"failure", nullptr},         {"title", title},
                                      {"headers", std::move(h)},    {"status_code", status}};
    return *this;
  }
  Control& http_fail(const char* failure) {
    o_["http_request"] =
        json::object{{"body_length", -1}, {"discovered_h3_endpoint", ""}, {"failure", failure},
                     {"title", ""},       {"headers", json::object{}},    {"status_code", -1}};
    return *this;
  }
  Control& ip_info(const std::string& ip, std::uint32_t asn, int flags) {
    if (!o_.contains("ip_info"))
      o_["ip_info"] = json::object{};
    o_["ip_info"].as_object()[ip] = json::object{{"asn", asn}, {"flags", flags}};
    return *this;
  }
  json::value build() const { return o_; }

 private:
  json::object o_;
};

// A whole measurement: envelope + test_keys.
class Measurement {
 public:
  explicit Measurement(std::string url, std::string version = "0.4.3") {
    env_["input"] = url;
    env_["test_name"] = "web_connectivity";
    env_["test_version"] = version;
    env_["probe_cc"] = "KZ";
    env_["probe_asn"] = "AS9198";
    env_["measurement_start_time"] = "2024-05-01 10:00:00";
    for (auto key : {"queries", "tcp_connect", "tls_handshakes", "requests", "network_events"}) {
      tk_[key] = json::array{};
    }
    tk_["control_failure"] = nullptr;
    tk_["agent"] = "redirect";
  }

  Measurement& cc(std::string probe_cc) {
    env_["probe_cc"] = probe_cc;
    return *this;
  }

  // One system-resolver lookup (v0.4 writes A records; LTE uses "ANY").
  Measurement& dns(const std::string& host, std::vector<Answer> answers, int depth = 0,
                   std::string engine = "getaddrinfo", std::int64_t tx = 0) {
    json::array a;
    for (auto& ans : answers) {
      const bool v6 = ans.ip.find(':') != std::string::npos;
      a.emplace_back(json::object{{"answer_type", v6 ? "AAAA" : "A"},
                                  {v6 ? "ipv6" : "ipv4", ans.ip},
                                  {"asn", ans.asn},
                                  {"as_org_name", ""},
                                  {"ttl", nullptr}});
    }
    push_query(host, std::move(a), nullptr, depth, std::move(engine), tx);
    return *this;
  }
  Measurement& dns_fail(const std::string& host, const char* failure, int depth = 0,
                        std::string engine = "getaddrinfo", std::int64_t tx = 0) {
    push_query(host, json::array{}, failure, depth, std::move(engine), tx);
    tk_["dns_experiment_failure"] = failure;
    return *this;
  }

  Measurement& tcp(const std::string& ip, int port, const char* failure = nullptr,
                   std::int64_t tx = 0, std::vector<std::string> tags = {}) {
    json::object o{{"ip", ip},
                   {"port", port},
                   {"status", json::object{{"success", failure == nullptr},
                                           {"failure", failure_value(failure)},
                                           {"blocked", false}}},
                   {"t0", 0.1},
                   {"t", 0.2}};
    if (tx)
      o["transaction_id"] = tx;
    if (!tags.empty())
      o["tags"] = tag_array(tags);
    tk_["tcp_connect"].as_array().emplace_back(std::move(o));
    return *this;
  }

  Measurement& tls(const std::string& address, const std::string& sni,
                   const char* failure = nullptr, std::int64_t tx = 0,
                   std::vector<std::string> tags = {}) {
    json::object o{{"network", "tcp"},       {"address", address},
                   {"server_name", sni},     {"failure", failure_value(failure)},
                   {"no_tls_verify", false}, {"peer_certificates", json::array{}},
                   {"tls_version", ""},      {"cipher_suite", ""}};
    if (tx)
      o["transaction_id"] = tx;
    if (!tags.empty())
      o["tags"] = tag_array(tags);
    tk_["tls_handshakes"].as_array().emplace_back(std::move(o));
    return *this;
  }

  // One network event (read, write, tls_handshake_start, …) on `address`.
  Measurement& event(const std::string& operation, const std::string& address,
                     std::int64_t num_bytes = 0, std::int64_t tx = 0) {
    json::object o{{"operation", operation}, {"address", address}, {"proto", "tcp"},
                   {"failure", nullptr},     {"t0", 0.0},          {"t", 0.0}};
    if (operation == "read" || operation == "write")
      o["num_bytes"] = num_bytes;
    if (tx)
      o["transaction_id"] = tx;
    tk_["network_events"].as_array().emplace_back(std::move(o));
    return *this;
  }

  // Requests are appended in the order given: give the newest first, as OONI stores them.
  Measurement& request(Response r) {
    json::array headers_list;
    json::object headers;
    for (auto& [k, v] : r.headers) {
      headers_list.emplace_back(json::array{json::value(k), json::value(v)});
      headers[k] = v;
    }
    json::object response;
    if (r.code > 0 || !r.failure) {
      response = json::object{{"code", r.code},
                              {"headers_list", std::move(headers_list)},
                              {"headers", std::move(headers)},
                              {"body", r.body},
                              {"body_is_truncated", r.truncated}};
    } else {
      response = json::object{{"code", 0},
                              {"headers_list", json::array{}},
                              {"headers", json::object{}},
                              {"body", ""},
                              {"body_is_truncated", false}};
    }
    json::object o{
        {"failure", failure_value(r.failure)},
        {"request",
         json::object{
             {"url", r.url}, {"method", "GET"}, {"headers", json::object{}}, {"body", ""}}},
        {"response", std::move(response)}};
    if (!r.address.empty())
      o["address"] = r.address;
    if (r.tx)
      o["transaction_id"] = r.tx;
    if (!r.tags.empty())
      o["tags"] = tag_array(r.tags);
    tk_["requests"].as_array().emplace_back(std::move(o));
    return *this;
  }

  // The experiment's own failure when no request records it (a redirect chain given up on).
  Measurement& http_experiment_failure(const char* failure) {
    tk_["http_experiment_failure"] = failure;
    return *this;
  }

  Measurement& control(const Control& c) {
    tk_["control"] = c.build();
    return *this;
  }
  // v0.4 keeps an empty-ish control object on failure; LTE writes null.
  Measurement& control_failure(const char* failure, bool lte_null = false) {
    tk_["control_failure"] = failure;
    tk_["control"] = lte_null ? json::value(nullptr) : json::value(json::object{});
    return *this;
  }

  json::value build() const {
    json::object env = env_;
    env["test_keys"] = tk_;
    return env;
  }

  model::WebConnectivityMeasurement parse() const {
    auto r = model::parse_web_connectivity(build());
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message());
    return r.ok() ? r.value() : model::WebConnectivityMeasurement{};
  }

 private:
  void push_query(const std::string& host, json::array answers, const char* failure, int depth,
                  std::string engine, std::int64_t tx) {
    json::object q{{"answers", std::move(answers)},
                   {"engine", engine},
                   {"failure", failure_value(failure)},
                   {"hostname", host},
                   {"query_type", engine == "getaddrinfo" ? "ANY" : "A"},
                   {"resolver_address", ""},
                   {"t0", 0.0},
                   {"t", 0.05}};
    if (tx)
      q["transaction_id"] = tx;
    if (depth > 0 || tx)
      q["tags"] = tag_array({"depth=" + std::to_string(depth)});
    tk_["queries"].as_array().emplace_back(std::move(q));
  }

  json::object env_;
  json::object tk_;
};

// A page with a title and a body of about `size` bytes.
inline std::string page(const std::string& title, std::size_t size = 1200) {
  std::string body = "<html><head><title>" + title + "</title></head><body>";
  while (body.size() + 14 < size)
    body += "lorem ipsum ";
  return body + "</body></html>";
}

}  // namespace ashyq::analysis::testing
