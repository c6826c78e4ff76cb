#include "collector/log_routes.hpp"

#include <boost/json.hpp>
#include <boost/url.hpp>
#include <charconv>

#include "collector/ooni_time.hpp"

namespace ashyq::collector {

namespace http = boost::beast::http;
namespace json = boost::json;
using net::HttpServerRequest;
using net::HttpServerResponse;

namespace {

constexpr std::size_t kMaxCosignedNoteBytes = 64 * 1024;

HttpServerResponse bytes_response(std::string body, std::string_view content_type,
                                  std::string_view cache) {
  HttpServerResponse res{http::status::ok, 11};
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, cache);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

HttpServerResponse store_failed(const core::Error& e) {
  return net::json_error(http::status::service_unavailable, "log: " + e.message());
}

json::array proof_json(const tlog::Proof& proof) {
  json::array out;
  for (const auto& h : proof)
    out.emplace_back(tlog::hash_base64(h));
  return out;
}

// One parameter of the query string; "" when absent. A parameter given twice is an error.
core::Result<std::string> param(const std::string& target, std::string_view name) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed)
    return core::Error{"query", "not a valid request target"};
  std::optional<std::string> found;
  for (auto p : parsed->params()) {
    if (p.key != name)
      continue;
    if (found)
      return core::Error{std::string(name), "given more than once"};
    found = std::string(p.value);
  }
  return found.value_or("");
}

core::Result<std::uint64_t> size_param(const std::string& target, std::string_view name) {
  auto text = param(target, name);
  if (!text)
    return text.error();
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size() ||
      (text->size() > 1 && (*text)[0] == '0'))
    return core::Error{std::string(name), "must be a tree size in decimal"};
  return n;
}

}  // namespace

LogRoutes::LogRoutes(std::shared_ptr<tlog::SqliteLog> log,
                     std::vector<tlog::NoteVerifier> witnesses,
                     std::function<std::chrono::system_clock::time_point()> clock)
    : log_(std::move(log)), witnesses_(std::move(witnesses)), clock_(std::move(clock)) {}

std::optional<HttpServerResponse> LogRoutes::respond(const HttpServerRequest& request) {
  const std::string target(request.target());
  const std::string path = target.substr(0, target.find('?'));
  const bool get = request.method() == http::verb::get || request.method() == http::verb::head;
  const bool post = request.method() == http::verb::post;
  if (path == "/checkpoint" && get)
    return checkpoint();
  if (path.starts_with("/tile/") && get)
    return tile(std::string_view(path).substr(1));
  if (path == "/api/v1/log/inclusion" && get)
    return inclusion(target);
  if (path == "/api/v1/log/consistency" && get)
    return consistency(target);
  if (path == "/api/v1/log/cosignature" && post)
    return cosignature(request);
  if (path == "/checkpoint" || path.starts_with("/tile/") || path.starts_with("/api/v1/log/"))
    return net::json_error(http::status::method_not_allowed, "method not allowed for " + path);
  return std::nullopt;
}

HttpServerResponse LogRoutes::checkpoint() {
  auto latest = log_->latest_checkpoint();
  if (!latest)
    return store_failed(latest.error());
  if (!*latest)
    return net::json_error(http::status::not_found, "no checkpoint signed yet");
  return bytes_response((*latest)->note, "text/plain; charset=utf-8", "no-cache");
}

HttpServerResponse LogRoutes::tile(std::string_view path) {
  auto id = tlog::parse_tile_path(path);
  if (!id)
    return net::json_error(http::status::not_found, id.error().message());
  auto size = log_->size();
  if (!size)
    return store_failed(size.error());
  // The tile must lie inside the stored tree: a tile index (and width) the tree does not reach
  // yet is 404, as the spec asks of a log.
  auto within = tlog::tile_for(id->entries ? 0 : id->level,
                               id->index * tlog::kTileWidth + id->width - 1, *size);
  if (!within || within->index != id->index || within->width < id->width)
    return net::json_error(http::status::not_found, std::string(path) + ": beyond the tree");
  auto bytes = log_->tile(*id);
  if (!bytes)
    return store_failed(bytes.error());
  return bytes_response(
      std::move(bytes).value(), "application/octet-stream",
      id->width == tlog::kTileWidth ? "public, max-age=31536000, immutable" : "no-cache");
}

HttpServerResponse LogRoutes::inclusion(const std::string& target) {
  auto uid = param(target, "measurement_uid");
  if (!uid)
    return net::json_error(http::status::bad_request, uid.error().message());
  if (uid->empty())
    return net::json_error(http::status::bad_request, "measurement_uid: missing");
  auto index = log_->index_of(*uid);
  if (!index)
    return store_failed(index.error());
  if (!*index)
    return net::json_error(http::status::not_found, "measurement_uid: not in the log");
  auto latest = log_->latest_checkpoint();
  if (!latest)
    return store_failed(latest.error());
  if (!*latest || (*latest)->checkpoint.size <= **index)
    return net::json_error(http::status::not_found,
                           "measurement_uid: in the log at index " + std::to_string(**index) +
                               " but not yet under a signed checkpoint; ask again shortly");
  const auto& c = **latest;
  auto proof = log_->inclusion_proof(**index, c.checkpoint.size);
  if (!proof)
    return store_failed(proof.error());
  auto record = log_->leaves(**index, 1);
  if (!record)
    return store_failed(record.error());
  return net::json_response(http::status::ok, json::object{{"measurement_uid", *uid},
                                                           {"leaf_index", **index},
                                                           {"leaf_record", record->front()},
                                                           {"tree_size", c.checkpoint.size},
                                                           {"proof", proof_json(*proof)},
                                                           {"checkpoint", c.note}});
}

HttpServerResponse LogRoutes::consistency(const std::string& target) {
  auto from = size_param(target, "from");
  if (!from)
    return net::json_error(http::status::bad_request, from.error().message());
  auto to = size_param(target, "to");
  if (!to)
    return net::json_error(http::status::bad_request, to.error().message());
  if (*from > *to)
    return net::json_error(http::status::bad_request, "from: larger than to");
  auto latest = log_->latest_checkpoint();
  if (!latest)
    return store_failed(latest.error());
  if (!*latest || (*latest)->checkpoint.size < *to)
    return net::json_error(http::status::not_found, "to: beyond the latest signed checkpoint");
  auto proof = log_->consistency_proof(*from, *to);
  if (!proof)
    return store_failed(proof.error());
  return net::json_response(
      http::status::ok, json::object{{"from", *from}, {"to", *to}, {"proof", proof_json(*proof)}});
}

HttpServerResponse LogRoutes::cosignature(const HttpServerRequest& request) {
  if (request.body().size() > kMaxCosignedNoteBytes)
    return net::json_error(http::status::payload_too_large, "body: larger than 64 KiB");
  if (witnesses_.empty())
    return net::json_error(http::status::forbidden,
                           "this collector knows no witness keys (--witness-key)");
  const auto now = format_api_time(
      format_ooni_time(std::chrono::time_point_cast<std::chrono::seconds>(clock_())));
  tlog::CosignatureRefusal refusal = tlog::CosignatureRefusal::malformed;
  auto kept = log_->add_cosignatures(request.body(), witnesses_, now, &refusal);
  if (!kept) {
    switch (refusal) {
      case tlog::CosignatureRefusal::not_this_logs:
        return net::json_error(http::status::conflict, kept.error().message());
      case tlog::CosignatureRefusal::unknown_witness:
        return net::json_error(http::status::forbidden, kept.error().message());
      case tlog::CosignatureRefusal::store:
        return store_failed(kept.error());
      case tlog::CosignatureRefusal::malformed:
      case tlog::CosignatureRefusal::invalid:
        break;
    }
    return net::json_error(http::status::bad_request, kept.error().message());
  }
  json::array names;
  for (const auto& n : *kept)
    names.emplace_back(n);
  return net::json_response(http::status::ok, json::object{{"cosigned_by", names}});
}

}  // namespace ashyq::collector
