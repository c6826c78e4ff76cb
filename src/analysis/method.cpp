#include "analysis/method.hpp"

#include <array>
#include <utility>

namespace ashyq::analysis {

namespace {

// Report order: the eight blocking methods first (blocking_methods() is their prefix).
constexpr std::array<std::pair<Method, std::string_view>, 11> kMethods{{
    {Method::dns, "dns"},
    {Method::tcp_ip, "tcp_ip"},
    {Method::tls, "tls"},
    {Method::http_failure, "http-failure"},
    {Method::http_diff, "http-diff"},
    {Method::blockpage, "blockpage"},
    {Method::interception, "interception"},
    {Method::throttling, "throttling"},
    {Method::none, "none"},
    {Method::down, "down"},
    {Method::unknown, "unknown"},
}};
constexpr std::size_t kBlockingCount = 8;

constexpr std::array<Method, kMethods.size()> kOrder = [] {
  std::array<Method, kMethods.size()> out{};
  for (std::size_t i = 0; i < kMethods.size(); ++i)
    out[i] = kMethods[i].first;
  return out;
}();

}  // namespace

std::string_view to_string(Method m) {
  for (const auto& [method, name] : kMethods) {
    if (method == m)
      return name;
  }
  return "unknown";
}

std::optional<Method> method_from_string(std::string_view s) {
  for (const auto& [method, name] : kMethods) {
    if (name == s)
      return method;
  }
  return std::nullopt;
}

std::span<const Method> all_methods() {
  return kOrder;
}

std::span<const Method> blocking_methods() {
  return std::span(kOrder).first(kBlockingCount);
}

bool is_blocking(Method m) {
  return m != Method::none && m != Method::down && m != Method::unknown;
}

bool is_blocking(std::string_view method_name) {
  auto m = method_from_string(method_name);
  return m && is_blocking(*m);
}

}  // namespace ashyq::analysis
