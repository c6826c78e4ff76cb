// The method table: the report's words for each of analysis's verdict methods, in the order
// the report lists them (analysis::all_methods()).
#include "report/methods.hpp"

#include <array>
#include <vector>

#include "analysis/method.hpp"
#include "i18n/catalogue.hpp"

namespace ashyq::report {

namespace {

using analysis::Method;
using i18n::N_;

// The report's words for each method; the name and whether it blocks come from analysis.
struct Words {
  Method method;
  std::string_view label, words, explanation, colour;
};

constexpr std::array<Words, 11> kWords = {{
    {Method::dns, N_("DNS tampering"),
     N_("DNS tampering (the name did not resolve to the real address)"),
     N_("The local resolver gave no address or a wrong address for the site's name, while the "
        "uncensored control resolved it correctly."),
     "#1f3b5a"},
    {Method::tcp_ip, N_("Connection blocked (TCP/IP)"),
     N_("Connection blocked (TCP/IP: the site's address could not be reached)"),
     N_("Connections to the site's IP addresses failed from the probe but succeeded from the "
        "uncensored control."),
     "#4f6d8f"},
    {Method::tls, N_("TLS handshake blocked"),
     N_("TLS handshake blocked (typically SNI filtering)"),
     N_("The connection opened, but the encrypted (TLS) handshake was dropped, reset or timed out "
        "while the control's succeeded. This is how filtering on the site name sent in the "
        "handshake (SNI) usually shows."),
     "#8c2d04"},
    {Method::http_failure, N_("HTTP request failed"),
     N_("Web request failed after connecting (HTTP failure)"),
     N_("The connection (and handshake, if any) worked, then the web request itself failed, while "
        "the control fetched the page."),
     "#cc6a1f"},
    {Method::http_diff, N_("Different web page"),
     N_("A different web page was received (HTTP difference)"),
     N_("A page arrived, but it differs from the page the uncensored control received (status, "
        "size, headers or title)."),
     "#e9a84c"},
    {Method::blockpage, N_("Block page"), N_("Block page served"),
     N_("The page received matches a known block-page fingerprint; the fingerprint's name is "
        "given."),
     "#5a1846"},
    {Method::interception, N_("TLS interception"),
     N_("Encrypted connection intercepted (forged certificate)"),
     N_("The encrypted handshake completed with a certificate the uncensored control did not see: "
        "a "
        "middlebox answered in the site's place. The certificate's issuer is given."),
     "#9b4f96"},
    {Method::throttling, N_("Throttled"), N_("Throttled (reachable, but deliberately slow)"),
     N_("The site loaded, but downloads from it were much slower than downloads of the same size "
        "from a control site over the same connection, at the same time."),
     "#6b8e23"},
    {Method::none, N_("Accessible"), N_("Accessible"),
     N_("The site loaded as it did from the uncensored control."), "#b8c4b8"},
    {Method::down, N_("Site down"), N_("Site down everywhere (not censorship)"),
     N_("The site failed the same way from the uncensored control: it is down or broken, not "
        "blocked."),
     "#c8c8c8"},
    {Method::unknown, N_("Could not decide"), N_("Could not decide (error or control failure)"),
     N_("There is not enough to decide, typically because the uncensored control (the test helper) "
        "failed. No guess is made."),
     "#e0e0e0"},
}};

// The table in analysis's order (blocking methods first), each row's words looked up by method.
const std::vector<MethodInfo>& table() {
  static const std::vector<MethodInfo> rows = [] {
    std::vector<MethodInfo> out;
    for (auto m : analysis::all_methods()) {
      for (const auto& w : kWords) {
        if (w.method == m) {
          out.push_back({analysis::to_string(m), w.label, w.words, w.explanation,
                         analysis::is_blocking(m), w.colour});
        }
      }
    }
    return out;
  }();
  return rows;
}

}  // namespace

std::span<const MethodInfo> all_methods() {
  return table();
}

std::span<const MethodInfo> blocking_methods() {
  return all_methods().first(analysis::blocking_methods().size());
}

const MethodInfo* find_method(std::string_view name) {
  for (const auto& m : table()) {
    if (m.name == name)
      return &m;
  }
  return nullptr;
}

bool is_blocking_method(std::string_view name) {
  return analysis::is_blocking(name);
}

std::size_t method_rank(std::string_view name) {
  const auto& rows = table();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].name == name)
      return i;
  }
  return rows.size();
}

}  // namespace ashyq::report
