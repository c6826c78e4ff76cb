#include "core/json.hpp"

#include "core/base64.hpp"

namespace ashyq::core {

json::value maybe_binary(std::string_view bytes) {
  if (is_valid_utf8(bytes))
    return json::string(bytes);
  return json::object{{"format", "base64"}, {"data", base64_encode(bytes)}};
}

json::value failure_json(const MaybeFailure& failure) {
  if (!failure)
    return nullptr;
  return json::string(failure->str());
}

void make_valid_utf8(json::value& value) {
  switch (value.kind()) {
    case json::kind::string: {
      auto& s = value.get_string();
      const std::string_view bytes(s.data(), s.size());
      if (!is_valid_utf8(bytes)) {
        const std::string fixed = to_valid_utf8(bytes);
        s.assign(fixed.data(), fixed.size());
      }
      break;
    }
    case json::kind::array:
      for (auto& item : value.get_array())
        make_valid_utf8(item);
      break;
    case json::kind::object: {
      auto& o = value.get_object();
      bool bad_key = false;
      for (auto& kv : o) {
        bad_key = bad_key || !is_valid_utf8(std::string_view(kv.key().data(), kv.key().size()));
        make_valid_utf8(kv.value());
      }
      if (bad_key) {
        // Keys cannot be renamed in place; rebuild in the same order.
        json::object fixed;
        for (auto& kv : o) {
          const std::string key = to_valid_utf8(std::string_view(kv.key().data(), kv.key().size()));
          fixed[key] = std::move(kv.value());
        }
        o = std::move(fixed);
      }
      break;
    }
    default:
      break;
  }
}

namespace {

template <typename T>
std::string valid_text(const T& value) {
  std::string text = json::serialize(value);
  if (is_valid_utf8(text))
    return text;  // the common case: one serialisation and one scan
  json::value copy = value;
  make_valid_utf8(copy);
  return json::serialize(copy);
}

}  // namespace

std::string to_json_text(const json::value& value) {
  return valid_text(value);
}

std::string to_json_text(const json::object& object) {
  return valid_text(object);
}

std::string to_json_text(const json::array& array) {
  return valid_text(array);
}

}  // namespace ashyq::core
