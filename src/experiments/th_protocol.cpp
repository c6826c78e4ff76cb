#include "experiments/th_protocol.hpp"

#include "core/json.hpp"

namespace ashyq::experiments {

namespace json = boost::json;

json::object to_json(const ThRequest& r) {
  json::object headers;
  for (const auto& [name, values] : r.http_request_headers) {
    json::array a;
    for (const auto& v : values)
      a.emplace_back(v);
    headers[name] = std::move(a);
  }
  json::array endpoints;
  for (const auto& e : r.tcp_connect)
    endpoints.emplace_back(e);
  return json::object{{"http_request", r.http_request},
                      {"http_request_headers", std::move(headers)},
                      {"tcp_connect", std::move(endpoints)},
                      {"x_quic_enabled", r.x_quic_enabled}};
}

std::variant<ThRequest, std::string> parse_th_request(const json::value& v) {
  if (!v.is_object())
    return std::string("the request is not a JSON object");
  const auto& o = v.as_object();
  ThRequest r;
  const auto* url = o.if_contains("http_request");
  if (!url || !url->is_string())
    return std::string("http_request: missing or not a string");
  r.http_request = std::string(url->as_string());
  if (const auto* h = o.if_contains("http_request_headers"); h && !h->is_null()) {
    if (!h->is_object())
      return std::string("http_request_headers: not an object");
    for (const auto& [name, values] : h->as_object()) {
      if (!values.is_array()) {
        return "http_request_headers." + std::string(name) + ": not an array";
      }
      for (const auto& value : values.as_array()) {
        if (!value.is_string()) {
          return "http_request_headers." + std::string(name) + ": not an array of strings";
        }
        r.http_request_headers[std::string(name)].emplace_back(value.as_string());
      }
    }
  }
  if (const auto* t = o.if_contains("tcp_connect"); t && !t->is_null()) {
    if (!t->is_array())
      return std::string("tcp_connect: not an array");
    for (const auto& e : t->as_array()) {
      if (!e.is_string())
        return std::string("tcp_connect: not an array of strings");
      r.tcp_connect.emplace_back(e.as_string());
    }
  }
  if (const auto* q = o.if_contains("x_quic_enabled"); q && q->is_bool()) {
    r.x_quic_enabled = q->as_bool();
  }
  return r;
}

json::object to_json(const analysis::ControlResponse& c) {
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

}  // namespace ashyq::experiments
