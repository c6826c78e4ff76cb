#include "experiments/control_client.hpp"

#include "core/json.hpp"
#include "net/service_call.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// The first part of a control response with more entries than a helper measures, or "".
std::string oversized_part(const json::value& body) {
  const auto* o = body.if_object();
  if (!o)
    return "";
  auto too_many = [&](const char* key, std::size_t cap) {
    const auto* v = o->if_contains(key);
    if (!v)
      return false;
    if (const auto* obj = v->if_object())
      return obj->size() > cap;
    if (const auto* arr = v->if_array())
      return arr->size() > cap;
    return false;
  };
  for (const char* key : {"tcp_connect", "tls_handshake"}) {
    if (too_many(key, kMaxControlEndpoints))
      return key;
  }
  if (too_many("ip_info", kMaxControlAddresses))
    return "ip_info";
  if (const auto* dns = o->if_contains("dns"); dns && dns->is_object()) {
    const auto* addrs = dns->as_object().if_contains("addrs");
    if (addrs && addrs->is_array() && addrs->as_array().size() > kMaxControlAddresses)
      return "dns.addrs";
  }
  return "";
}

asio::awaitable<ControlCall> call_one(const ControlClientConfig& config, const std::string& helper,
                                      const model::ThRequest& request) {
  ControlCall call;
  call.helper = helper;
  net::ServiceClient client{config.resolver, config.dialer, config.trust, config.timeout,
                            config.response_cap};
  auto answer = co_await net::post_json(client, helper, core::to_json_text(to_json(request)));
  if (answer.failure) {
    call.failure = answer.failure;
    co_return call;
  }
  if (answer.status != 200) {
    call.failure = core::Failure::unknown("helper answered HTTP " + std::to_string(answer.status));
    co_return call;
  }
  boost::system::error_code ec;
  json::value body = json::parse(answer.body, ec);
  if (ec) {
    call.failure = core::FailureKind::json_parse_error;
    co_return call;
  }
  if (auto part = oversized_part(body); !part.empty()) {
    call.failure = core::Failure::unknown("control response has too many entries in " + part);
    co_return call;
  }
  auto response = model::parse_control_response(body);
  if (!response) {
    call.failure = core::FailureKind::json_parse_error;
    co_return call;
  }
  call.raw = std::move(body);
  call.response = std::move(response.value());
  call.failure.reset();
  co_return call;
}

}  // namespace

asio::awaitable<ControlCall> call_control(const ControlClientConfig& config,
                                          const model::ThRequest& request) {
  ControlCall last;
  last.failure = core::Failure::unknown("no test helper configured");
  for (const auto& helper : config.helpers) {
    last = co_await call_one(config, helper, request);
    if (!last.failure)
      break;
  }
  co_return last;
}

}  // namespace ashyq::experiments
