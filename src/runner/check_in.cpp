#include "runner/check_in.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <optional>

#include "core/json.hpp"

namespace ashyq::runner {

namespace asio = boost::asio;
namespace json = boost::json;

std::string check_in_body(const CheckInQuery& query) {
  json::array categories;
  for (const auto& c : query.categories)
    categories.emplace_back(c);
  return core::to_json_text(
      json::object{{"charging", true},
                   {"on_wifi", true},
                   {"platform", "linux"},
                   {"probe_asn", query.probe_asn},
                   {"probe_cc", query.probe_cc},
                   {"run_type", "manual"},
                   {"software_name", "ashyq"},
                   {"software_version", ASHYQ_VERSION},
                   {"web_connectivity", json::object{{"category_codes", std::move(categories)}}}});
}

core::Result<CheckInResult> parse_check_in_answer(std::string_view body) {
  const std::string where = "the collector's check-in answer";
  boost::system::error_code ec;
  json::parse_options limits;
  limits.max_depth = 16;
  auto v = json::parse(body, ec, {}, limits);
  if (ec || !v.is_object())
    return core::Error{where, "is not a JSON object"};
  CheckInResult result;
  const auto& o = v.as_object();
  // conf.test_helpers["web-connectivity"]: [{"address": URL, "type": …}]; absent means none.
  if (const auto* conf = o.if_contains("conf"); conf && conf->is_object()) {
    if (const auto* th = conf->as_object().if_contains("test_helpers"); th && th->is_object()) {
      if (const auto* wc = th->as_object().if_contains("web-connectivity")) {
        if (!wc->is_array())
          return core::Error{where, "conf.test_helpers.web-connectivity is not a list"};
        for (const auto& h : wc->as_array()) {
          const auto* address = h.is_object() ? h.as_object().if_contains("address") : nullptr;
          if (!address || !address->is_string())
            return core::Error{where,
                               "conf.test_helpers.web-connectivity has an entry without address"};
          result.helpers.emplace_back(address->as_string());
        }
      }
    }
  }
  // tests.web_connectivity.urls: [{"url", "category_code", "country_code"}].
  const auto* tests = o.if_contains("tests");
  const auto* wc =
      tests && tests->is_object() ? tests->as_object().if_contains("web_connectivity") : nullptr;
  const auto* urls = wc && wc->is_object() ? wc->as_object().if_contains("urls") : nullptr;
  if (urls) {
    if (!urls->is_array())
      return core::Error{where, "tests.web_connectivity.urls is not a list"};
    for (const auto& u : urls->as_array()) {
      const auto* url = u.is_object() ? u.as_object().if_contains("url") : nullptr;
      if (!url || !url->is_string())
        return core::Error{where, "tests.web_connectivity.urls has an entry without url"};
      const auto* category = u.as_object().if_contains("category_code");
      result.inputs.push_back(
          {std::string(url->as_string()),
           category && category->is_string() ? std::string(category->as_string()) : ""});
    }
  }
  return result;
}

asio::awaitable<core::Result<CheckInResult>> check_in(const net::ServiceClient& client,
                                                      const std::string& collector,
                                                      const CheckInQuery& query) {
  auto answer =
      co_await net::post_json(client, collector + "/api/v1/check-in", check_in_body(query));
  const std::string where = "check-in with " + collector;
  if (answer.failure)
    co_return core::Error{where, answer.failure->str()};
  if (answer.status != 200)
    co_return core::Error{
        where, "HTTP " + std::to_string(answer.status) + ": " + answer.body.substr(0, 200)};
  co_return parse_check_in_answer(answer.body);
}

core::Result<CheckInResult> check_in_now(const net::ServiceClient& client,
                                         const std::string& collector, const CheckInQuery& query) {
  asio::io_context io;
  std::optional<core::Result<CheckInResult>> checked;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { checked = co_await check_in(client, collector, query); },
      [](std::exception_ptr e) {
        if (e)
          std::rethrow_exception(e);
      });
  io.run();
  return std::move(*checked);
}

}  // namespace ashyq::runner
