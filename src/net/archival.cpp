#include "net/archival.hpp"

#include "core/base64.hpp"
#include "core/json.hpp"

namespace ashyq::net {
namespace json = boost::json;
using core::failure_json;
using core::maybe_binary;

namespace {

json::array tags_json(const Tags& tags) {
  json::array out;
  for (const auto& tag : tags)
    out.emplace_back(tag);
  return out;
}

void put_timing(json::object& o, const EventTiming& e) {
  o["t0"] = e.t0;
  o["t"] = e.t;
  o["tags"] = tags_json(e.tags);
  o["transaction_id"] = e.transaction_id;
}

// df-001: `headers` keeps the first value of each name, `headers_list` keeps them all in order.
void put_headers(json::object& o, const HeaderList& headers) {
  json::object first;
  json::array list;
  for (const auto& [name, value] : headers) {
    if (!first.contains(name))
      first[name] = maybe_binary(value);
    list.push_back(json::array{json::string(name), maybe_binary(value)});
  }
  o["headers"] = std::move(first);
  o["headers_list"] = std::move(list);
}

}  // namespace

json::value to_json(const DnsQuery& q) {
  json::object o;
  json::array answers;
  for (const auto& a : q.answers) {
    json::object ao;
    ao["answer_type"] = a.answer_type;
    if (a.answer_type == "A") {
      ao["ipv4"] = a.value;
    } else if (a.answer_type == "AAAA") {
      ao["ipv6"] = a.value;
    } else {
      ao["hostname"] = a.value;
    }
    ao["asn"] = a.asn;
    ao["as_org_name"] = a.as_org_name;
    ao["ttl"] = a.ttl ? json::value(*a.ttl) : json::value(nullptr);
    answers.push_back(std::move(ao));
  }
  o["answers"] = std::move(answers);
  o["engine"] = q.engine;
  o["failure"] = failure_json(q.failure);
  if (q.getaddrinfo_error)
    o["getaddrinfo_error"] = *q.getaddrinfo_error;
  o["hostname"] = q.hostname;
  o["query_type"] = q.query_type;
  if (q.raw_response)
    o["raw_response"] = core::base64_encode(*q.raw_response);
  if (q.rcode)
    o["rcode"] = *q.rcode;
  o["resolver_hostname"] = nullptr;
  o["resolver_port"] = nullptr;
  o["resolver_address"] = q.resolver_address;
  put_timing(o, q);
  return o;
}

json::value to_json(const TcpConnect& c) {
  json::object o;
  o["ip"] = c.ip;
  o["port"] = c.port;
  json::object status;
  if (c.blocked)
    status["blocked"] = *c.blocked;
  status["failure"] = failure_json(c.failure);
  status["success"] = !c.failure.has_value();
  o["status"] = std::move(status);
  put_timing(o, c);
  return o;
}

json::value to_json(const TlsHandshake& h) {
  json::object o;
  o["network"] = h.network;
  o["address"] = h.address;
  o["cipher_suite"] = h.cipher_suite;
  o["failure"] = failure_json(h.failure);
  o["negotiated_protocol"] = h.negotiated_protocol;
  o["no_tls_verify"] = h.no_tls_verify;
  json::array certs;
  for (const auto& der : h.peer_certificates) {
    certs.push_back(json::object{{"format", "base64"}, {"data", core::base64_encode(der)}});
  }
  o["peer_certificates"] = std::move(certs);
  o["server_name"] = h.server_name;
  o["tls_version"] = h.tls_version;
  put_timing(o, h);
  return o;
}

json::value to_json(const HttpTransaction& r) {
  json::object o;
  o["network"] = r.network;
  o["address"] = r.address;
  o["alpn"] = r.alpn;
  o["failure"] = failure_json(r.failure);
  json::object req;
  req["body"] = maybe_binary(r.request.body);
  req["body_is_truncated"] = false;
  put_headers(req, r.request.headers);
  req["method"] = r.request.method;
  req["tor"] = json::object{{"exit_ip", nullptr}, {"exit_name", nullptr}, {"is_tor", false}};
  req["x_transport"] = r.transport;
  req["url"] = r.request.url;
  o["request"] = std::move(req);
  json::object resp;
  if (r.response) {
    resp["body"] = maybe_binary(r.response->body);
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

json::value to_json(const NetworkEvent& e) {
  json::object o;
  o["address"] = e.address;
  o["failure"] = failure_json(e.failure);
  if (e.num_bytes)
    o["num_bytes"] = *e.num_bytes;
  o["operation"] = e.operation;
  o["proto"] = e.proto;
  put_timing(o, e);
  return o;
}

}  // namespace ashyq::net
