#include "model/http_headers.hpp"

#include <boost/url/grammar/ci_string.hpp>

#include "core/base64.hpp"
#include "core/json.hpp"

namespace ashyq::model {
namespace json = boost::json;

namespace {

// A base64 object's bytes ("" when it is not valid base64: a header is never worth failing a
// whole measurement for).
std::string base64_value(const json::object& o) {
  return core::base64_decode(o.at("data").as_string()).value_or("");
}

bool is_base64_object(const json::value& v) {
  return v.is_object() && v.as_object().contains("data") && v.as_object().at("data").is_string();
}

}  // namespace

void put_headers(json::object& o, const HeaderList& headers) {
  json::object first;
  json::array list;
  for (const auto& [name, value] : headers) {
    if (!first.contains(name))
      first[name] = core::maybe_binary(value);
    list.push_back(json::array{json::string(name), core::maybe_binary(value)});
  }
  o["headers"] = std::move(first);
  o["headers_list"] = std::move(list);
}

void read_headers(JsonReader& r, HeaderList& out) {
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
      } else if (is_base64_object(v)) {
        value = base64_value(v.as_object());
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
      } else if (is_base64_object(v)) {
        out.emplace_back(std::string(kv.key()), base64_value(v.as_object()));
      }
    }
  }
}

std::optional<std::string> find_header(const HeaderList& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (boost::urls::grammar::ci_is_equal(k, name))
      return v;
  }
  return std::nullopt;
}

}  // namespace ashyq::model
