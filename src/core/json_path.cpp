#include "core/json_path.hpp"

namespace ashyq::core {

namespace json = boost::json;

const json::value* value_at(const json::object& root, std::string_view path) {
  const json::object* o = &root;
  for (;;) {
    auto dot = path.find('.');
    const auto* v = o->if_contains(path.substr(0, dot));
    if (!v || dot == std::string_view::npos)
      return v;
    if (!v->is_object())
      return nullptr;
    o = &v->as_object();
    path.remove_prefix(dot + 1);
  }
}

const json::object* object_at(const json::object& root, std::string_view path) {
  const auto* v = value_at(root, path);
  return v ? v->if_object() : nullptr;
}

const json::array* array_at(const json::object& root, std::string_view path) {
  const auto* v = value_at(root, path);
  return v ? v->if_array() : nullptr;
}

std::string string_at(const json::object& root, std::string_view path) {
  const auto* v = value_at(root, path);
  if (v && v->is_string())
    return std::string(v->as_string());
  return {};
}

}  // namespace ashyq::core
