#include "model/http_transaction.hpp"

#include "core/json.hpp"

namespace ashyq::model {
namespace json = boost::json;

const std::string& HttpTransaction::response_body() const {
  static const std::string kNone;
  return response ? response->body : kNone;
}

const HeaderList& HttpTransaction::response_headers() const {
  static const HeaderList kNone;
  return response ? response->headers : kNone;
}

std::optional<std::string> HttpTransaction::header(std::string_view name) const {
  return find_header(response_headers(), name);
}

json::value to_json(const HttpTransaction& r) {
  json::object o;
  o["network"] = r.network;
  o["address"] = r.address;
  o["alpn"] = r.alpn;
  o["failure"] = core::failure_json(r.failure);
  json::object req;
  req["body"] = core::maybe_binary(r.request.body);
  req["body_is_truncated"] = false;
  put_headers(req, r.request.headers);
  req["method"] = r.request.method;
  req["tor"] = json::object{{"exit_ip", nullptr}, {"exit_name", nullptr}, {"is_tor", false}};
  req["x_transport"] = r.transport;
  req["url"] = r.request.url;
  o["request"] = std::move(req);
  json::object resp;
  if (r.response) {
    resp["body"] = core::maybe_binary(r.response->body);
    resp["body_is_truncated"] = r.response->body_is_truncated;
    resp["code"] = r.response->code;
    put_headers(resp, r.response->headers);
  } else {
    // OONI writes an empty response object with code 0 when no response arrived.
    resp["body"] = "";
    resp["body_is_truncated"] = false;
    resp["code"] = 0;
    resp["headers"] = json::object{};
    resp["headers_list"] = json::array{};
  }
  o["response"] = std::move(resp);
  put_timing(o, r);
  return o;
}

void read_http_transaction(JsonReader& r, HttpTransaction& h) {
  read_timing(r, h);
  r.string("network", h.network);
  r.string("address", h.address);
  r.string("alpn", h.alpn);
  r.failure("failure", h.failure);
  if (auto req = r.sub("request")) {
    req->string("method", h.request.method);
    req->string("url", h.request.url);
    req->string("x_transport", h.transport);
    req->maybe_binary("body", h.request.body);
    read_headers(*req, h.request.headers);
  }
  if (auto resp = r.sub("response")) {
    HttpResponse response;
    resp->integer("code", response.code);
    resp->maybe_binary("body", response.body);
    resp->boolean("body_is_truncated", response.body_is_truncated);
    read_headers(*resp, response.headers);
    // OONI's placeholder for "no response" (code 0, nothing else) reads back as none.
    if (response != HttpResponse{})
      h.response = std::move(response);
  }
}

core::Result<HttpTransaction> http_transaction_from_json(const json::value& v, std::string path) {
  return read_record<HttpTransaction>(v, std::move(path), read_http_transaction);
}

}  // namespace ashyq::model
