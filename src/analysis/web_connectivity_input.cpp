#include "analysis/web_connectivity_input.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "analysis/ip_prefix.hpp"
#include "core/ascii.hpp"
#include "core/base64.hpp"

namespace ashyq::analysis {
namespace json = boost::json;

namespace {

const char* kind_name(json::kind k) {
  switch (k) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "?";
}

// Reads typed fields out of one JSON object, remembering the path for error messages. Every
// getter leaves the target untouched when the field is absent (or null, for optional fields) and
// records the first type error it meets; callers check `error` once at the end.
class Reader {
 public:
  Reader(const json::object& obj, std::string path, std::optional<core::Error>& error)
      : obj_(obj), path_(std::move(path)), error_(error) {}

  std::string field(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  const json::value* find(std::string_view key) const {
    auto it = obj_.find(key);
    return it == obj_.end() ? nullptr : &it->value();
  }

  void fail(std::string_view key, std::string why) {
    if (!error_)
      error_ = core::Error{field(key), std::move(why)};
  }

  void string(std::string_view key, std::string& out) {
    const auto* v = find(key);
    if (!v || v->is_null())
      return;
    if (!v->is_string())
      return fail(key, std::string("expected a string, got ") + kind_name(v->kind()));
    out = std::string(v->as_string());
  }

  void boolean(std::string_view key, bool& out) {
    const auto* v = find(key);
    if (!v || v->is_null())
      return;
    if (!v->is_bool())
      return fail(key, std::string("expected a boolean, got ") + kind_name(v->kind()));
    out = v->as_bool();
  }

  template <class Int>
  void integer(std::string_view key, Int& out) {
    const auto* v = find(key);
    if (!v || v->is_null())
      return;
    if (v->is_int64()) {
      out = static_cast<Int>(v->as_int64());
    } else if (v->is_uint64()) {
      out = static_cast<Int>(v->as_uint64());
    } else if (v->is_double() &&
               v->as_double() == static_cast<double>(static_cast<std::int64_t>(v->as_double()))) {
      out = static_cast<Int>(v->as_double());
    } else {
      fail(key, std::string("expected an integer, got ") + kind_name(v->kind()));
    }
  }

  void failure(std::string_view key, MaybeFailure& out) {
    const auto* v = find(key);
    if (!v || v->is_null())
      return;
    if (!v->is_string()) {
      return fail(key,
                  std::string("expected a failure string or null, got ") + kind_name(v->kind()));
    }
    out = core::parse_failure(v->as_string());
  }

  // OONI's MaybeBinaryValue: a string, or {"format": "base64", "data": "…"}.
  void maybe_binary(std::string_view key, std::string& out) {
    const auto* v = find(key);
    if (!v || v->is_null())
      return;
    if (v->is_string()) {
      out = std::string(v->as_string());
      return;
    }
    if (v->is_object()) {
      const auto& o = v->as_object();
      auto fmt = o.find("format");
      auto data = o.find("data");
      if (fmt == o.end() || !fmt->value().is_string() || fmt->value().as_string() != "base64" ||
          data == o.end() || !data->value().is_string()) {
        return fail(key, "expected a string or {\"format\": \"base64\", \"data\": …}");
      }
      auto decoded = core::base64_decode(data->value().as_string());
      if (!decoded)
        return fail(key, "data is not valid base64");
      out = std::move(*decoded);
      return;
    }
    fail(key, std::string("expected a string or a base64 object, got ") + kind_name(v->kind()));
  }

  // An optional object member: nullptr when absent or null.
  const json::object* object(std::string_view key) {
    const auto* v = find(key);
    if (!v || v->is_null())
      return nullptr;
    if (!v->is_object()) {
      fail(key, std::string("expected an object, got ") + kind_name(v->kind()));
      return nullptr;
    }
    return &v->as_object();
  }

  // A reader for a nested object member (absent or null: nullopt).
  std::optional<Reader> sub(std::string_view key) {
    const auto* o = object(key);
    if (!o)
      return std::nullopt;
    return Reader(*o, field(key), error_);
  }

  const json::array* array(std::string_view key) {
    const auto* v = find(key);
    if (!v || v->is_null())
      return nullptr;
    if (!v->is_array()) {
      fail(key, std::string("expected an array, got ") + kind_name(v->kind()));
      return nullptr;
    }
    return &v->as_array();
  }

  void tags(std::string_view key, EventTags& out) {
    const auto* arr = array(key);
    if (!arr)
      return;
    for (const auto& t : *arr) {
      if (t.is_string())
        out.values.emplace_back(t.as_string());
    }
  }

  // Calls fn(Reader&, index) for every element of an array of objects.
  template <class Fn>
  void each_object(std::string_view key, Fn&& fn) {
    const auto* arr = array(key);
    if (!arr)
      return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto elem_path = field(key) + "[" + std::to_string(i) + "]";
      const auto& e = (*arr)[i];
      if (!e.is_object()) {
        if (!error_)
          error_ =
              core::Error{elem_path, std::string("expected an object, got ") + kind_name(e.kind())};
        return;
      }
      Reader r(e.as_object(), elem_path, error_);
      fn(r);
    }
  }

  // Calls fn(Reader&, key) for every member of an object of objects.
  template <class Fn>
  void each_member(std::string_view key, Fn&& fn) {
    const auto* obj = object(key);
    if (!obj)
      return;
    for (const auto& kv : *obj) {
      const auto elem_path = field(key) + "[\"" + std::string(kv.key()) + "\"]";
      if (!kv.value().is_object()) {
        if (!error_)
          error_ = core::Error{
              elem_path, std::string("expected an object, got ") + kind_name(kv.value().kind())};
        return;
      }
      Reader r(kv.value().as_object(), elem_path, error_);
      fn(r, std::string(kv.key()));
    }
  }

 private:
  const json::object& obj_;
  std::string path_;
  std::optional<core::Error>& error_;
};

// Header lists come as [[name, value], …] (values may be base64 objects) or as {name: value}.
void read_headers(Reader& r, HeaderList& out) {
  if (const auto* list = r.array("headers_list")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto& pair = (*list)[i];
      if (!pair.is_array() || pair.as_array().size() != 2 || !pair.as_array()[0].is_string()) {
        r.fail("headers_list", "element " + std::to_string(i) + " is not a [name, value] pair");
        return;
      }
      const auto& v = pair.as_array()[1];
      std::string value;
      if (v.is_string()) {
        value = std::string(v.as_string());
      } else if (v.is_object() && v.as_object().contains("data") &&
                 v.as_object().at("data").is_string()) {
        value = core::base64_decode(v.as_object().at("data").as_string()).value_or("");
      }
      out.emplace_back(std::string(pair.as_array()[0].as_string()), std::move(value));
    }
    return;
  }
  if (const auto* obj = r.object("headers")) {
    for (const auto& kv : *obj) {
      const auto& v = kv.value();
      if (v.is_string()) {
        out.emplace_back(std::string(kv.key()), std::string(v.as_string()));
      } else if (v.is_array() && !v.as_array().empty() && v.as_array()[0].is_string()) {
        out.emplace_back(std::string(kv.key()), std::string(v.as_array()[0].as_string()));
      } else if (v.is_object() && v.as_object().contains("data") &&
                 v.as_object().at("data").is_string()) {
        out.emplace_back(std::string(kv.key()),
                         core::base64_decode(v.as_object().at("data").as_string()).value_or(""));
      }
    }
  }
}

void read_control(Reader& r, ControlResponse& c) {
  r.each_member("tcp_connect", [&](Reader& e, const std::string& key) {
    ControlTcpConnect t;
    e.boolean("status", t.status);
    e.failure("failure", t.failure);
    c.tcp_connect.emplace(key, std::move(t));
  });
  r.each_member("tls_handshake", [&](Reader& e, const std::string& key) {
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
  r.each_member("ip_info", [&](Reader& e, const std::string& key) {
    ControlIpInfo info;
    e.integer("asn", info.asn);
    e.integer("flags", info.flags);
    c.ip_info.emplace(key, info);
  });
}

}  // namespace

bool EventTags::has(std::string_view tag) const {
  for (const auto& v : values) {
    if (v == tag)
      return true;
  }
  return false;
}

int EventTags::depth() const {
  constexpr std::string_view kPrefix = "depth=";
  for (const auto& v : values) {
    if (v.rfind(kPrefix, 0) == 0) {
      int d = 0;
      std::from_chars(v.data() + kPrefix.size(), v.data() + v.size(), d);
      return d;
    }
  }
  return 0;
}

bool EventTags::fetch_body() const {
  return !has("fetch_body=false");
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

std::string TcpConnect::endpoint() const {
  return join_endpoint(ip, std::to_string(port));
}

std::optional<std::string> HttpTransaction::header(std::string_view name) const {
  const auto lname = core::ascii_lower(name);
  for (const auto& [k, v] : headers) {
    if (core::ascii_lower(k) == lname)
      return v;
  }
  return std::nullopt;
}

namespace {

void read_query(Reader& r, DnsQuery& q) {
  r.string("engine", q.engine);
  r.string("hostname", q.hostname);
  r.string("query_type", q.query_type);
  r.string("resolver_address", q.resolver_address);
  r.failure("failure", q.failure);
  r.tags("tags", q.tags);
  r.integer("transaction_id", q.transaction_id);
  r.each_object("answers", [&](Reader& a) {
    DnsAnswer ans;
    a.string("answer_type", ans.answer_type);
    a.string("ipv4", ans.ipv4);
    a.string("ipv6", ans.ipv6);
    a.string("hostname", ans.hostname);
    a.integer("asn", ans.asn);
    q.answers.push_back(std::move(ans));
  });
}

void read_tcp(Reader& r, TcpConnect& t) {
  r.string("ip", t.ip);
  r.integer("port", t.port);
  if (auto st = r.sub("status")) {
    st->boolean("success", t.success);
    st->failure("failure", t.failure);
  }
  r.tags("tags", t.tags);
  r.integer("transaction_id", t.transaction_id);
}

void read_tls(Reader& r, TlsHandshake& t) {
  r.string("address", t.address);
  r.string("server_name", t.server_name);
  r.failure("failure", t.failure);
  r.boolean("no_tls_verify", t.no_tls_verify);
  r.tags("tags", t.tags);
  r.integer("transaction_id", t.transaction_id);
  if (const auto* certs = r.array("peer_certificates")) {
    for (const auto& c : *certs) {
      if (c.is_object() && c.as_object().contains("data") && c.as_object().at("data").is_string()) {
        auto der = core::base64_decode(c.as_object().at("data").as_string());
        if (!der) {
          r.fail("peer_certificates", "a certificate is not valid base64");
          return;
        }
        t.peer_certificates.push_back(std::move(*der));
      }
    }
  }
}

void read_request(Reader& r, HttpTransaction& h) {
  r.string("address", h.address);
  r.failure("failure", h.failure);
  r.tags("tags", h.tags);
  r.integer("transaction_id", h.transaction_id);
  if (auto req = r.sub("request")) {
    req->string("url", h.url);
    req->string("method", h.method);
  }
  if (auto resp = r.sub("response")) {
    resp->integer("code", h.status_code);
    resp->maybe_binary("body", h.body);
    resp->boolean("body_is_truncated", h.body_is_truncated);
    read_headers(*resp, h.headers);
  }
}

// "blocking" is false, null or a string.
void read_blocking(Reader& r, std::optional<std::string>& out) {
  const auto* v = r.find("blocking");
  if (!v || v->is_null())
    return;
  if (v->is_bool()) {
    out = v->as_bool() ? "true" : "false";
  } else if (v->is_string()) {
    out = std::string(v->as_string());
  } else {
    r.fail("blocking",
           std::string("expected false, null or a string, got ") + kind_name(v->kind()));
  }
}

}  // namespace

core::Result<ControlResponse> parse_control_response(const json::value& control) {
  if (!control.is_object()) {
    return core::Error{"control",
                       std::string("expected an object, got ") + kind_name(control.kind())};
  }
  std::optional<core::Error> error;
  Reader r(control.as_object(), "control", error);
  ControlResponse c;
  read_control(r, c);
  if (error)
    return *error;
  return c;
}

core::Result<WebConnectivityInput> parse_web_connectivity(const json::value& measurement) {
  if (!measurement.is_object()) {
    return core::Error{"", std::string("a measurement must be a JSON object, got ") +
                               kind_name(measurement.kind())};
  }
  std::optional<core::Error> error;
  WebConnectivityInput in;
  Reader env(measurement.as_object(), "", error);
  env.string("input", in.input_url);
  env.string("test_version", in.test_version);
  env.string("probe_cc", in.probe_cc);
  env.string("probe_asn", in.probe_asn);
  env.string("measurement_start_time", in.measurement_start_time);
  const json::object* tk_obj = &measurement.as_object();
  std::string tk_path;
  if (env.find("test_keys")) {
    tk_obj = env.object("test_keys");
    if (!tk_obj) {
      if (error)
        return *error;
      return core::Error{"test_keys", "must not be null"};
    }
    tk_path = "test_keys";
  }
  Reader tk(*tk_obj, tk_path, error);

  tk.each_object("queries", [&](Reader& r) {
    DnsQuery q;
    read_query(r, q);
    in.queries.push_back(std::move(q));
  });
  tk.each_object("tcp_connect", [&](Reader& r) {
    TcpConnect t;
    read_tcp(r, t);
    in.tcp_connect.push_back(std::move(t));
  });
  tk.each_object("tls_handshakes", [&](Reader& r) {
    TlsHandshake t;
    read_tls(r, t);
    in.tls_handshakes.push_back(std::move(t));
  });
  tk.each_object("requests", [&](Reader& r) {
    HttpTransaction h;
    read_request(r, h);
    in.requests.push_back(std::move(h));
  });
  tk.failure("control_failure", in.control_failure);
  if (auto c = tk.sub("control")) {
    ControlResponse control;
    read_control(*c, control);
    in.control = std::move(control);
  }
  auto& rec = in.recorded;
  if (const auto* v = tk.find("dns_consistency"); v && v->is_string()) {
    rec.dns_consistency = std::string(v->as_string());
  }
  read_blocking(tk, rec.blocking);
  if (const auto* v = tk.find("accessible"); v && v->is_bool())
    rec.accessible = v->as_bool();
  if (const auto* v = tk.find("x_status"); v && v->is_number()) {
    std::int64_t x = 0;
    tk.integer("x_status", x);
    rec.x_status = x;
  }
  tk.failure("dns_experiment_failure", rec.dns_experiment_failure);
  tk.failure("http_experiment_failure", rec.http_experiment_failure);

  if (error)
    return *error;
  if (in.input_url.empty()) {
    return core::Error{"input", "missing: the measured URL is required"};
  }
  if (!split_url(in.input_url)) {
    return core::Error{"input", "'" + in.input_url + "' is not an http:// or https:// URL"};
  }
  return in;
}

core::Result<WebConnectivityInput> parse_web_connectivity_text(std::string_view json_text) {
  boost::system::error_code ec;
  auto v = json::parse(json_text, ec);
  if (ec)
    return core::Error{"", "not valid JSON: " + ec.message()};
  return parse_web_connectivity(v);
}

std::optional<UrlParts> split_url(std::string_view url) {
  const auto colon = url.find("://");
  if (colon == std::string_view::npos)
    return std::nullopt;
  UrlParts parts;
  parts.scheme = core::ascii_lower(url.substr(0, colon));
  if (parts.scheme != "http" && parts.scheme != "https")
    return std::nullopt;
  auto rest = url.substr(colon + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos)
    rest = rest.substr(at + 1);
  std::string_view host = rest, port;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos)
      return std::nullopt;
    host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':')
      port = rest.substr(close + 2);
  } else if (auto c = rest.rfind(':'); c != std::string_view::npos) {
    host = rest.substr(0, c);
    port = rest.substr(c + 1);
  }
  if (host.empty())
    return std::nullopt;
  parts.host = core::ascii_lower(host);
  parts.port = port.empty() ? (parts.scheme == "https" ? "443" : "80") : std::string(port);
  parts.host_is_ip = parse_ip(parts.host).has_value();
  return parts;
}

}  // namespace ashyq::analysis
