// ParseResult<T>: a value or a ParseError that names the offending field and says why it was
// rejected. Every loader and parser of the analysis module returns one, so bad input never escapes
// the module as an exception.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace ashyq::analysis {

struct ParseError {
  std::string field;  // a JSON path ("test_keys.queries[2].answers") or "line 14, column 3"
  std::string why;    // what was wrong with it
  std::string message() const { return field.empty() ? why : field + ": " + why; }
};

template <class T>
class ParseResult {
 public:
  ParseResult(T value) : state_(std::move(value)) {}           // NOLINT: implicit, reads as a value
  ParseResult(ParseError error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Precondition: ok().
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // Precondition: !ok().
  const ParseError& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, ParseError> state_;
};

}  // namespace ashyq::analysis
