// Result<T>: a value, or an Error that says where the input was wrong and why. The one error
// convention of ashyq for everything that can fail on bad input (parsers, loaders, flag and file
// checks): failures are values, never exceptions, and the message always names its place.
// Network failures are not Errors: they are core::Failure values recorded in the measurement.
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace ashyq::core {

struct Error {
  std::string where;  // a JSON path ("test_keys.queries[2].answers"), "kz.csv:14", a flag name…
  std::string why;    // what was wrong there
  std::string message() const { return where.empty() ? why : where + ": " + why; }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit, reads as a value
  Result(Error error) : state_(std::move(error)) {}  // NOLINT
  // From anything that converts to T implicitly (a shared_ptr<Derived> for a shared_ptr<Base>).
  template <class U>
  requires(std::is_convertible_v<U&&, T> && !std::is_same_v<std::remove_cvref_t<U>, T> &&
           !std::is_same_v<std::remove_cvref_t<U>, Error> &&
           !std::is_same_v<std::remove_cvref_t<U>, Result>) Result(U&& value)
      : state_(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT

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
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For an operation that yields nothing but can fail: Result<void> is ok when default-made.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // Precondition: !ok().
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace ashyq::core
