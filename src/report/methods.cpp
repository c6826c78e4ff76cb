// The method table: one row per ashyq verdict method, in the order the report lists them.
#include "report/methods.hpp"

#include <array>

namespace ashyq::report {

namespace {

constexpr std::array<MethodInfo, 11> kMethods = {{
    {"dns", "DNS tampering", "DNS tampering (the name did not resolve to the real address)",
     "The local resolver gave no address or a wrong address for the site's name, while the "
     "uncensored control resolved it correctly.",
     true, "#1f3b5a"},
    {"tcp_ip", "Connection blocked (TCP/IP)",
     "Connection blocked (TCP/IP: the site's address could not be reached)",
     "Connections to the site's IP addresses failed from the probe but succeeded from the "
     "uncensored control.",
     true, "#4f6d8f"},
    {"tls", "TLS handshake blocked", "TLS handshake blocked (typically SNI filtering)",
     "The connection opened, but the encrypted (TLS) handshake was dropped, reset or timed out "
     "while the control's succeeded. This is how filtering on the site name sent in the "
     "handshake (SNI) usually shows.",
     true, "#8c2d04"},
    {"http-failure", "HTTP request failed", "Web request failed after connecting (HTTP failure)",
     "The connection (and handshake, if any) worked, then the web request itself failed, while "
     "the control fetched the page.",
     true, "#cc6a1f"},
    {"http-diff", "Different web page", "A different web page was received (HTTP difference)",
     "A page arrived, but it differs from the page the uncensored control received (status, "
     "size, headers or title).",
     true, "#e9a84c"},
    {"blockpage", "Block page", "Block page served",
     "The page received matches a known block-page fingerprint; the fingerprint's name is given.",
     true, "#5a1846"},
    {"interception", "TLS interception", "Encrypted connection intercepted (forged certificate)",
     "The encrypted handshake completed with a certificate the uncensored control did not see: a "
     "middlebox answered in the site's place. The certificate's issuer is given.",
     true, "#9b4f96"},
    {"throttling", "Throttled", "Throttled (reachable, but deliberately slow)",
     "The site loaded, but downloads from it were much slower than downloads of the same size "
     "from a control site over the same connection, at the same time.",
     true, "#6b8e23"},
    {"none", "Accessible", "Accessible", "The site loaded as it did from the uncensored control.",
     false, "#b8c4b8"},
    {"down", "Site down", "Site down everywhere (not censorship)",
     "The site failed the same way from the uncensored control: it is down or broken, not "
     "blocked.",
     false, "#c8c8c8"},
    {"unknown", "Could not decide", "Could not decide (error or control failure)",
     "There is not enough to decide, typically because the uncensored control (the test helper) "
     "failed. No guess is made.",
     false, "#e0e0e0"},
}};

}  // namespace

std::span<const MethodInfo> all_methods() {
  return kMethods;
}

std::span<const MethodInfo> blocking_methods() {
  return std::span(kMethods).first(8);
}

const MethodInfo* find_method(std::string_view name) {
  for (const auto& m : kMethods) {
    if (m.name == name)
      return &m;
  }
  return nullptr;
}

bool is_blocking_method(std::string_view name) {
  const auto* m = find_method(name);
  return m != nullptr && m->blocking;
}

std::size_t method_rank(std::string_view name) {
  for (std::size_t i = 0; i < kMethods.size(); ++i) {
    if (kMethods[i].name == name)
      return i;
  }
  return kMethods.size();
}

}  // namespace ashyq::report
