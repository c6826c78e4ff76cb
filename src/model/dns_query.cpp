#include "model/dns_query.hpp"

#include "core/base64.hpp"
#include "core/json.hpp"

namespace ashyq::model {
namespace json = boost::json;

const std::string& DnsAnswer::ip() const {
  static const std::string kNone;
  return is_address() ? value : kNone;
}

bool DnsQuery::is_system_resolver() const {
  // A probe may be configured to use another resolver as its "system" one (ashyq's --resolver,
  // the lab); it tags those lookups "classic", as OONI LTE tags the system resolver's.
  return engine.empty() || engine == "getaddrinfo" || engine == "golang_net_resolver" ||
         engine == "system" || tags.has("classic");
}

std::vector<std::string> DnsQuery::addresses() const {
  std::vector<std::string> out;
  for (const auto& a : answers) {
    const auto& ip = a.ip();
    if (ip.empty())
      continue;
    bool seen = false;
    for (const auto& o : out)
      seen = seen || o == ip;
    if (!seen)
      out.push_back(ip);
  }
  return out;
}

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
  o["failure"] = core::failure_json(q.failure);
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

namespace {

void read_answer(JsonReader& r, DnsAnswer& a) {
  r.string("answer_type", a.answer_type);
  // The datum's key depends on the type; an answer without a type (some old probes) takes its
  // type from the key it was stored under.
  std::string ipv4, ipv6, hostname;
  r.string("ipv4", ipv4);
  r.string("ipv6", ipv6);
  r.string("hostname", hostname);
  if (a.answer_type == "A" || (a.answer_type.empty() && !ipv4.empty())) {
    a.value = !ipv4.empty() ? ipv4 : ipv6;
  } else if (a.answer_type == "AAAA" || (a.answer_type.empty() && !ipv6.empty())) {
    a.value = !ipv6.empty() ? ipv6 : ipv4;
  } else {
    a.value = hostname;
  }
  if (a.answer_type.empty() && !ipv4.empty())
    a.answer_type = "A";
  else if (a.answer_type.empty() && !ipv6.empty())
    a.answer_type = "AAAA";
  r.optional_integer("ttl", a.ttl);
  r.integer("asn", a.asn);
  r.string("as_org_name", a.as_org_name);
}

}  // namespace

void read_dns_query(JsonReader& r, DnsQuery& q) {
  read_timing(r, q);
  r.string("engine", q.engine);
  r.string("resolver_address", q.resolver_address);
  r.string("hostname", q.hostname);
  r.string("query_type", q.query_type);
  r.failure("failure", q.failure);
  r.optional_integer("getaddrinfo_error", q.getaddrinfo_error);
  r.optional_integer("rcode", q.rcode);
  if (const auto* v = r.find("raw_response"); v && !v->is_null()) {
    std::string encoded;
    r.string("raw_response", encoded);
    if (auto bytes = core::base64_decode(encoded)) {
      q.raw_response = std::move(*bytes);
    } else if (!r.failed()) {
      r.fail("raw_response", "not valid base64");
    }
  }
  r.each_object("answers", [&](JsonReader& a) {
    DnsAnswer answer;
    read_answer(a, answer);
    q.answers.push_back(std::move(answer));
  });
}

core::Result<DnsQuery> dns_query_from_json(const json::value& v, std::string path) {
  return read_record<DnsQuery>(v, std::move(path), read_dns_query);
}

}  // namespace ashyq::model
