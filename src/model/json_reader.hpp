// JsonReader: reads typed fields out of one JSON object for the tolerant record parsers, keeping
// the JSON path for error messages. The rules every model parser follows:
// - unknown fields are ignored;
// - an absent field, or a null one, leaves the target at its default;
// - a present field of the wrong JSON type is an error naming its path
//   ("test_keys.queries[2].answers[0].asn: expected an integer, got a string").
// Every getter records only the first error; the caller checks `error()` once at the end.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/failure.hpp"
#include "core/result.hpp"

namespace ashyq::model {

// "a string", "an object", …: for error messages.
const char* json_kind_name(boost::json::kind k);

class JsonReader {
 public:
  JsonReader(const boost::json::object& obj, std::string path, std::optional<core::Error>& error)
      : obj_(obj), path_(std::move(path)), error_(error) {}

  const std::string& path() const { return path_; }
  std::string field(std::string_view key) const;
  const boost::json::value* find(std::string_view key) const;
  bool failed() const { return error_.has_value(); }
  void fail(std::string_view key, std::string why);

  void string(std::string_view key, std::string& out);
  void boolean(std::string_view key, bool& out);
  void optional_boolean(std::string_view key, std::optional<bool>& out);
  void number(std::string_view key, double& out);
  void failure(std::string_view key, core::MaybeFailure& out);
  // OONI's MaybeBinaryValue: a string, or {"format": "base64", "data": "…"} decoded to bytes.
  void maybe_binary(std::string_view key, std::string& out);

  // Integers, also written as a whole double (some JSON writers do); an integer that does not fit
  // `Int` is an error.
  template <class Int>
  void integer(std::string_view key, Int& out) {
    std::int64_t v = 0;
    if (!read_int64(key, v))
      return;
    bool fits = true;
    if constexpr (std::is_signed_v<Int>) {
      fits = v >= static_cast<std::int64_t>(std::numeric_limits<Int>::min()) &&
             v <= static_cast<std::int64_t>(std::numeric_limits<Int>::max());
    } else {
      fits = v >= 0 && static_cast<std::uint64_t>(v) <= std::numeric_limits<Int>::max();
    }
    if (!fits)
      return fail(key, "integer out of range");
    out = static_cast<Int>(v);
  }
  template <class Int>
  void optional_integer(std::string_view key, std::optional<Int>& out) {
    const auto* v = find(key);
    if (!v || v->is_null())
      return;
    Int x{};
    integer(key, x);
    if (!failed())
      out = x;
  }

  // An optional object or array member: nullptr when absent or null.
  const boost::json::object* object(std::string_view key);
  const boost::json::array* array(std::string_view key);
  // A reader for a nested object member (absent or null: nullopt).
  std::optional<JsonReader> sub(std::string_view key);

  // Calls fn(JsonReader&) for every element of an array of objects.
  template <class Fn>
  void each_object(std::string_view key, Fn&& fn) {
    const auto* arr = array(key);
    if (!arr)
      return;
    for (std::size_t i = 0; i < arr->size() && !failed(); ++i) {
      const auto elem_path = field(key) + "[" + std::to_string(i) + "]";
      const auto& e = (*arr)[i];
      if (!e.is_object()) {
        error_ = core::Error{elem_path,
                             std::string("expected an object, got ") + json_kind_name(e.kind())};
        return;
      }
      JsonReader r(e.as_object(), elem_path, error_);
      fn(r);
    }
  }

  // Calls fn(JsonReader&, key) for every member of an object of objects.
  template <class Fn>
  void each_member(std::string_view key, Fn&& fn) {
    const auto* obj = object(key);
    if (!obj)
      return;
    for (const auto& kv : *obj) {
      if (failed())
        return;
      const auto elem_path = field(key) + "[\"" + std::string(kv.key()) + "\"]";
      if (!kv.value().is_object()) {
        error_ = core::Error{
            elem_path, std::string("expected an object, got ") + json_kind_name(kv.value().kind())};
        return;
      }
      JsonReader r(kv.value().as_object(), elem_path, error_);
      fn(r, std::string(kv.key()));
    }
  }

 private:
  bool read_int64(std::string_view key, std::int64_t& out);

  const boost::json::object& obj_;
  std::string path_;
  std::optional<core::Error>& error_;
};

// Runs `read(JsonReader&, T&)` on `v` as a whole record at `path`: the record, or the first error.
template <class T, class ReadFn>
core::Result<T> read_record(const boost::json::value& v, std::string path, ReadFn&& read) {
  if (!v.is_object()) {
    return core::Error{std::move(path),
                       std::string("expected an object, got ") + json_kind_name(v.kind())};
  }
  std::optional<core::Error> error;
  JsonReader r(v.as_object(), std::move(path), error);
  T out;
  read(r, out);
  if (error)
    return *error;
  return out;
}

}  // namespace ashyq::model
