#include "model/th_response.hpp"

#include "core/json.hpp"

namespace ashyq::model {
namespace json = boost::json;

json::object to_json(const ControlResponse& c) {
  json::object out;
  json::object tcp;
  for (const auto& [endpoint, result] : c.tcp_connect) {
    tcp[endpoint] =
        json::object{{"status", result.status}, {"failure", core::failure_json(result.failure)}};
  }
  out["tcp_connect"] = std::move(tcp);
  if (!c.tls_handshake.empty()) {
    json::object tls;
    for (const auto& [endpoint, result] : c.tls_handshake) {
      tls[endpoint] = json::object{{"server_name", result.server_name},
                                   {"status", result.status},
                                   {"failure", core::failure_json(result.failure)}};
    }
    out["tls_handshake"] = std::move(tls);
  }
  out["quic_handshake"] = json::object{};
  json::object headers;
  for (const auto& [name, value] : c.http_request.headers)
    headers[name] = value;
  out["http_request"] = json::object{{"body_length", c.http_request.body_length},
                                     {"discovered_h3_endpoint", ""},
                                     {"failure", core::failure_json(c.http_request.failure)},
                                     {"title", c.http_request.title},
                                     {"headers", std::move(headers)},
                                     {"status_code", c.http_request.status_code}};
  out["http3_request"] = nullptr;
  json::array addrs;
  for (const auto& a : c.dns.addrs)
    addrs.emplace_back(a);
  out["dns"] =
      json::object{{"failure", core::failure_json(c.dns.failure)}, {"addrs", std::move(addrs)}};
  if (!c.ip_info.empty()) {
    json::object info;
    for (const auto& [ip, i] : c.ip_info) {
      info[ip] = json::object{{"asn", i.asn}, {"flags", i.flags}};
    }
    out["ip_info"] = std::move(info);
  }
  return out;
}

void read_control_response(JsonReader& r, ControlResponse& c) {
  r.each_member("tcp_connect", [&](JsonReader& e, const std::string& key) {
    ControlTcpConnect t;
    e.boolean("status", t.status);
    e.failure("failure", t.failure);
    c.tcp_connect.emplace(key, std::move(t));
  });
  r.each_member("tls_handshake", [&](JsonReader& e, const std::string& key) {
    ControlTlsHandshake t;
    e.string("server_name", t.server_name);
    e.boolean("status", t.status);
    e.failure("failure", t.failure);
    c.tls_handshake.emplace(key, std::move(t));
  });
  if (auto h = r.sub("http_request")) {
    auto& http = c.http_request;
    h->integer("body_length", http.body_length);
    h->failure("failure", http.failure);
    h->string("title", http.title);
    h->integer("status_code", http.status_code);
    // Header values are strings (OONI) or arrays of strings (older helpers): the first is kept.
    if (const auto* headers = h->object("headers")) {
      for (const auto& kv : *headers) {
        if (kv.value().is_string()) {
          http.headers.emplace(std::string(kv.key()), std::string(kv.value().as_string()));
        } else if (kv.value().is_array() && !kv.value().as_array().empty() &&
                   kv.value().as_array()[0].is_string()) {
          http.headers.emplace(std::string(kv.key()),
                               std::string(kv.value().as_array()[0].as_string()));
        }
      }
    }
  }
  if (auto d = r.sub("dns")) {
    d->failure("failure", c.dns.failure);
    if (const auto* addrs = d->array("addrs")) {
      for (const auto& a : *addrs) {
        if (!a.is_string()) {
          d->fail("addrs", "expected an array of strings");
          break;
        }
        c.dns.addrs.emplace_back(a.as_string());
      }
    }
  }
  r.each_member("ip_info", [&](JsonReader& e, const std::string& key) {
    ControlIpInfo info;
    e.integer("asn", info.asn);
    e.integer("flags", info.flags);
    c.ip_info.emplace(key, info);
  });
}

core::Result<ControlResponse> parse_control_response(const json::value& control) {
  return read_record<ControlResponse>(control, "control", read_control_response);
}

}  // namespace ashyq::model
