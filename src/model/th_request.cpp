#include "model/th_request.hpp"

#include "model/json_reader.hpp"

namespace ashyq::model {
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

namespace {

void read_strings(JsonReader& r, std::string_view key, const json::array& values,
                  std::vector<std::string>& out) {
  for (const auto& value : values) {
    if (!value.is_string())
      return r.fail(key, "expected an array of strings");
    out.emplace_back(value.as_string());
  }
}

}  // namespace

core::Result<ThRequest> parse_th_request(const json::value& v) {
  if (!v.is_object())
    return core::Error{"", "the request is not a JSON object"};
  std::optional<core::Error> error;
  JsonReader r(v.as_object(), "", error);
  ThRequest out;
  r.string("http_request", out.http_request);
  if (auto headers = r.sub("http_request_headers")) {
    const auto& obj = v.as_object().at("http_request_headers").as_object();
    for (const auto& [name, values] : obj) {
      if (!values.is_array()) {
        headers->fail(name, "expected an array of strings");
        break;
      }
      read_strings(*headers, name, values.as_array(), out.http_request_headers[std::string(name)]);
    }
  }
  if (const auto* endpoints = r.array("tcp_connect"))
    read_strings(r, "tcp_connect", *endpoints, out.tcp_connect);
  r.boolean("x_quic_enabled", out.x_quic_enabled);
  if (error)
    return *error;
  if (out.http_request.empty())
    return core::Error{"http_request", "missing: the URL to measure is required"};
  return out;
}

}  // namespace ashyq::model
