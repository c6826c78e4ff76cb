#include "collector/register_routes.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <variant>

#include "collector/ooni_time.hpp"
#include "collector/register_observations.hpp"
#include "register/register_json.hpp"

namespace ashyq::collector {
namespace http = boost::beast::http;
namespace json = boost::json;
using net::HttpServerResponse;

namespace {

constexpr std::string_view kPrefix = "/api/v1/register";

HttpServerResponse unauthorized(const std::string& why) {
  HttpServerResponse r = net::json_error(http::status::unauthorized, why);
  r.set(http::field::www_authenticate, "Bearer realm=\"ashyq register\"");
  return r;
}

core::Result<json::value> parse_body(const std::string& body) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 32;
  json::value v = json::parse(body, ec, {}, options);
  if (ec)
    return core::Error{"body", "not valid JSON: " + ec.message()};
  return v;
}

}  // namespace

RegisterRoutes::RegisterRoutes(std::shared_ptr<ObservatoryStore> observatory,
                               std::unique_ptr<legal::RegisterStore> store,
                               std::unique_ptr<legal::EditorTokens> tokens,
                               std::function<std::chrono::system_clock::time_point()> clock)
    : observatory_(std::move(observatory)),
      store_(std::move(store)),
      tokens_(std::move(tokens)),
      clock_(std::move(clock)) {}

core::Result<std::unique_ptr<RegisterRoutes>> RegisterRoutes::open(
    std::shared_ptr<ObservatoryStore> observatory,
    std::function<std::chrono::system_clock::time_point()> clock) {
  const std::string path = observatory->log_database();
  auto store = legal::RegisterStore::open(path);
  if (!store)
    return store.error();
  auto tokens = legal::EditorTokens::open(path);
  if (!tokens)
    return tokens.error();
  return std::unique_ptr<RegisterRoutes>(new RegisterRoutes(
      std::move(observatory), std::move(*store), std::move(*tokens), std::move(clock)));
}

std::string RegisterRoutes::now() const {
  return format_api_time(
      format_ooni_time(std::chrono::time_point_cast<std::chrono::seconds>(clock_())));
}

std::variant<legal::EditorToken, HttpServerResponse> RegisterRoutes::holder(
    const net::HttpServerRequest& request, legal::EditorRole role) {
  auto header = request.find(http::field::authorization);
  if (header == request.end())
    return unauthorized("the register's writes need an editor's token (Authorization: Bearer)");
  std::string_view value = header->value();
  if (!value.starts_with("Bearer "))
    return unauthorized("Authorization: not a Bearer token");
  auto token = tokens_->authenticate(value.substr(7));
  if (!token)
    return net::json_error(http::status::service_unavailable, token.error().message());
  if (!*token)
    return unauthorized("the token is unknown or revoked");
  if (role == legal::EditorRole::admin && (*token)->role != legal::EditorRole::admin)
    return net::json_error(http::status::forbidden, "only an admin's token may do this");
  return **token;
}

HttpServerResponse RegisterRoutes::links(const std::string& target) {
  // The one parameter: probe_cc=XX (two upper-case letters).
  std::string cc;
  const auto q = target.find('?');
  std::string_view query = q == std::string::npos ? "" : std::string_view(target).substr(q + 1);
  while (!query.empty()) {
    std::string_view pair = query.substr(0, query.find('&'));
    query = pair.size() < query.size() ? query.substr(pair.size() + 1) : "";
    if (pair.starts_with("probe_cc="))
      cc = std::string(pair.substr(9));
    else
      return net::json_error(http::status::bad_request,
                             std::string(pair.substr(0, pair.find('='))) +
                                 ": not a parameter of this route (probe_cc)");
  }
  if (cc.size() != 2 ||
      !std::all_of(cc.begin(), cc.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return net::json_error(http::status::bad_request,
                           "probe_cc: two upper-case letters are required");
  auto reg = store_->load();
  if (!reg)
    return net::json_error(http::status::service_unavailable, reg.error().message());
  const legal::Register shown = legal::published_view(*reg);
  auto found = links_locked(shown, cc);
  if (!found)
    return net::json_error(http::status::service_unavailable, found.error().message());
  json::object answer = legal::links_to_json(*found);
  answer.emplace("probe_cc", cc);
  return net::json_response(http::status::ok, answer);
}

core::Result<legal::OrderLinks> RegisterRoutes::links_locked(const legal::Register& published,
                                                             const std::string& country) {
  auto observations = register_observations(*observatory_, published, country);
  if (!observations)
    return observations.error();
  return legal::link_orders(published, *observations);
}

core::Result<legal::Register> RegisterRoutes::published_register() {
  std::lock_guard lock(mutex_);
  auto reg = store_->load();
  if (!reg)
    return reg.error();
  return legal::published_view(*reg);
}

core::Result<legal::OrderLinks> RegisterRoutes::order_links(const std::string& country) {
  std::lock_guard lock(mutex_);
  auto reg = store_->load();
  if (!reg)
    return reg.error();
  return links_locked(legal::published_view(*reg), country);
}

std::optional<HttpServerResponse> RegisterRoutes::respond(const net::HttpServerRequest& request) {
  const std::string target(request.target());
  const std::string path = target.substr(0, target.find('?'));
  if (!path.starts_with(kPrefix))
    return std::nullopt;
  const std::string_view rest = std::string_view(path).substr(kPrefix.size());
  if (!rest.empty() && rest.front() != '/')
    return std::nullopt;
  const bool get = request.method() == http::verb::get || request.method() == http::verb::head;
  const bool post = request.method() == http::verb::post;
  std::lock_guard lock(mutex_);

  if (rest.empty() && get) {
    auto reg = store_->load();
    if (!reg)
      return net::json_error(http::status::service_unavailable, reg.error().message());
    return net::json_response(http::status::ok,
                              legal::register_to_json(*reg, legal::Audience::public_readers));
  }
  if (rest == "/links" && get)
    return links(target);
  if (rest == "/editors" && get) {
    auto who = holder(request, legal::EditorRole::editor);
    if (auto* answer = std::get_if<HttpServerResponse>(&who))
      return std::move(*answer);
    auto reg = store_->load();
    if (!reg)
      return net::json_error(http::status::service_unavailable, reg.error().message());
    return net::json_response(http::status::ok,
                              legal::register_to_json(*reg, legal::Audience::editors));
  }
  if (rest.empty() && post) {
    auto who = holder(request, legal::EditorRole::editor);
    if (auto* answer = std::get_if<HttpServerResponse>(&who))
      return std::move(*answer);
    const auto& token = std::get<legal::EditorToken>(who);
    auto body = parse_body(request.body());
    if (!body)
      return net::json_error(http::status::bad_request, body.error().message());
    auto reg = legal::register_from_json(*body, legal::References::may_be_elsewhere);
    if (!reg)
      return net::json_error(http::status::bad_request, reg.error().message());
    auto edits = store_->apply(*reg, token.name, now());
    if (!edits)
      return net::json_error(http::status::bad_request, edits.error().message());
    json::array answer;
    for (const auto& e : *edits)
      answer.push_back(
          json::object{{"edit", e.edit}, {"kind", e.kind}, {"id", e.id}, {"action", e.action}});
    return net::json_response(http::status::ok, json::object{{"edits", std::move(answer)}});
  }
  if (rest == "/tokens" && post) {
    auto who = holder(request, legal::EditorRole::admin);
    if (auto* answer = std::get_if<HttpServerResponse>(&who))
      return std::move(*answer);
    auto body = parse_body(request.body());
    if (!body)
      return net::json_error(http::status::bad_request, body.error().message());
    const json::object* o = body->if_object();
    const json::string* role_name =
        o && o->if_contains("role") ? o->at("role").if_string() : nullptr;
    const json::string* name = o && o->if_contains("name") ? o->at("name").if_string() : nullptr;
    auto role = role_name ? legal::kEditorRoles.parse(*role_name) : std::nullopt;
    if (!role)
      return net::json_error(http::status::bad_request, "role: must be \"editor\" or \"admin\"");
    if (!name)
      return net::json_error(http::status::bad_request, "name: is required");
    auto created = tokens_->create(*role, std::string(*name), now());
    if (!created)
      return net::json_error(http::status::bad_request, created.error().message());
    return net::json_response(http::status::ok,
                              json::object{{"id", created->token.id},
                                           {"name", created->token.name},
                                           {"role", legal::kEditorRoles.name(created->token.role)},
                                           {"token", created->secret}});
  }
  if (rest.starts_with("/tokens/") && rest.ends_with("/revoke") && post) {
    auto who = holder(request, legal::EditorRole::admin);
    if (auto* answer = std::get_if<HttpServerResponse>(&who))
      return std::move(*answer);
    const std::string_view digits = rest.substr(8, rest.size() - 8 - 7);
    std::int64_t id = 0;
    if (digits.empty() || digits.size() > 18 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return net::json_error(http::status::bad_request, "token id: not a number");
    for (char c : digits)
      id = id * 10 + (c - '0');
    auto revoked = tokens_->revoke(id, now());
    if (!revoked)
      return net::json_error(http::status::not_found, revoked.error().message());
    return net::json_response(http::status::ok, json::object{{"revoked", id}});
  }
  return net::json_error(http::status::method_not_allowed, "method not allowed for " + path);
}

}  // namespace ashyq::collector
