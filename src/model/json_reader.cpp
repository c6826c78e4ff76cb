#include "model/json_reader.hpp"

#include <cmath>

#include "core/base64.hpp"

namespace ashyq::model {
namespace json = boost::json;

const char* json_kind_name(json::kind k) {
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

std::string JsonReader::field(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const json::value* JsonReader::find(std::string_view key) const {
  auto it = obj_.find(key);
  return it == obj_.end() ? nullptr : &it->value();
}

void JsonReader::fail(std::string_view key, std::string why) {
  if (!error_)
    error_ = core::Error{field(key), std::move(why)};
}

void JsonReader::string(std::string_view key, std::string& out) {
  const auto* v = find(key);
  if (!v || v->is_null())
    return;
  if (!v->is_string())
    return fail(key, std::string("expected a string, got ") + json_kind_name(v->kind()));
  out = std::string(v->as_string());
}

void JsonReader::boolean(std::string_view key, bool& out) {
  const auto* v = find(key);
  if (!v || v->is_null())
    return;
  if (!v->is_bool())
    return fail(key, std::string("expected a boolean, got ") + json_kind_name(v->kind()));
  out = v->as_bool();
}

void JsonReader::optional_boolean(std::string_view key, std::optional<bool>& out) {
  const auto* v = find(key);
  if (!v || v->is_null())
    return;
  bool b = false;
  boolean(key, b);
  if (!failed())
    out = b;
}

void JsonReader::number(std::string_view key, double& out) {
  const auto* v = find(key);
  if (!v || v->is_null())
    return;
  if (!v->is_number())
    return fail(key, std::string("expected a number, got ") + json_kind_name(v->kind()));
  out = v->to_number<double>();
}

namespace {

// A double that names an int64 exactly (1.0e3, not 1.5, not 1e80, not NaN): checked before the
// conversion, which is undefined behaviour for a value out of range (found by the fuzzer).
bool is_int64_valued(double d) {
  constexpr double kTwoTo63 = 9223372036854775808.0;
  return std::isfinite(d) && d >= -kTwoTo63 && d < kTwoTo63 && std::trunc(d) == d;
}

}  // namespace

bool JsonReader::read_int64(std::string_view key, std::int64_t& out) {
  const auto* v = find(key);
  if (!v || v->is_null())
    return false;
  if (v->is_int64()) {
    out = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(
                                                     std::numeric_limits<std::int64_t>::max())) {
    out = static_cast<std::int64_t>(v->as_uint64());
  } else if (v->is_double() && is_int64_valued(v->as_double())) {
    out = static_cast<std::int64_t>(v->as_double());
  } else {
    fail(key, std::string("expected an integer, got ") + json_kind_name(v->kind()));
    return false;
  }
  return true;
}

void JsonReader::failure(std::string_view key, core::MaybeFailure& out) {
  const auto* v = find(key);
  if (!v || v->is_null())
    return;
  if (!v->is_string()) {
    return fail(key,
                std::string("expected a failure string or null, got ") + json_kind_name(v->kind()));
  }
  out = core::parse_failure(v->as_string());
}

void JsonReader::maybe_binary(std::string_view key, std::string& out) {
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
  fail(key, std::string("expected a string or a base64 object, got ") + json_kind_name(v->kind()));
}

const json::object* JsonReader::object(std::string_view key) {
  const auto* v = find(key);
  if (!v || v->is_null())
    return nullptr;
  if (!v->is_object()) {
    fail(key, std::string("expected an object, got ") + json_kind_name(v->kind()));
    return nullptr;
  }
  return &v->as_object();
}

const json::array* JsonReader::array(std::string_view key) {
  const auto* v = find(key);
  if (!v || v->is_null())
    return nullptr;
  if (!v->is_array()) {
    fail(key, std::string("expected an array, got ") + json_kind_name(v->kind()));
    return nullptr;
  }
  return &v->as_array();
}

std::optional<JsonReader> JsonReader::sub(std::string_view key) {
  const auto* o = object(key);
  if (!o)
    return std::nullopt;
  return JsonReader(*o, field(key), error_);
}

}  // namespace ashyq::model
