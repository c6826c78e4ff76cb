// The connection set-up shared by the encrypted DNS transports (DNS over TLS, DNS over HTTPS):
// pick the server's endpoint, dial it and run the TLS handshake, all recorded into one trace.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/limits.hpp"
#include "net/endpoint.hpp"
#include "net/tls_handshaker.hpp"
#include "net/trace.hpp"

namespace ashyq::net {

// The endpoint is `address` when given, else `host` itself when it is an IP literal, else the
// first address the system resolver finds for `host` (bounded by `timeouts.dns`); all on `port`
// unless `address` is given. Then a TCP dial (`timeouts.connect`) and a TLS handshake with
// `options` (`timeouts.tls`). The failure of the first step that fails is returned.
boost::asio::awaitable<TlsResult> dial_tls_server(const std::string& host, uint16_t port,
                                                  std::optional<Endpoint> address,
                                                  TrustStore& trust, const TlsOptions& options,
                                                  core::StepTimeouts timeouts, Trace& trace);

}  // namespace ashyq::net
