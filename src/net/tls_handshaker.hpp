// TLS handshake over a connected stream: chosen SNI and ALPN, verification against a trust store
// (the system bundle, or a CA file for labs), and a `tls_handshakes` record with the peer chain,
// version, cipher and negotiated protocol.
//
// Verification is done the way Go (and so OONI) reports it: the handshake itself always
// completes so the peer chain is recorded even when it is not trusted, then the first problem
// found decides the failure in Go's order: an expired or not-yet-valid leaf →
// ssl_invalid_certificate; a name mismatch → ssl_invalid_hostname; an untrusted chain →
// ssl_unknown_authority; anything else about the chain → ssl_invalid_certificate. A failed
// verification closes the connection before any application data is sent.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "net/observed_stream.hpp"

namespace ashyq::net {

using TlsStream = boost::beast::ssl_stream<ObservedTcp>;

class TlsSessionCache;

// A trust store: an OpenSSL client context with the roots loaded. Shared by all handshakes.
class TrustStore {
 public:
  // The system's bundle (/etc/ssl/certs).
  static std::shared_ptr<TrustStore> system();
  // A PEM file of roots, for labs and tests; the error names the file.
  static core::Result<std::shared_ptr<TrustStore>> from_ca_file(const std::string& path);
  // What --ca-file asks for: the PEM file's roots, or the system's when `ca_file` is empty.
  static core::Result<std::shared_ptr<TrustStore>> system_or_file(const std::string& ca_file);

  boost::asio::ssl::context& context() { return ctx_; }

  // Resumption (the test helper's checks and fetches, issue 19): from now on, every handshake
  // through this store offers the session of the last handshake to the same IP:port with the same
  // SNI and ALPN, if it is younger than `lifetime`, and keeps the session (TLS 1.3: the tickets the
  // server sends after the handshake, which arrive with the first read) of every handshake whose
  // verification passed, up to `max_sessions` (the oldest go first). A resumed handshake sees no
  // certificate: it stands on the verification of the handshake that made the session. Off by
  // default: a probe's measurements never resume. Call before the first handshake.
  void enable_session_cache(std::size_t max_sessions, std::chrono::seconds lifetime);
  // Null unless enabled.
  const std::shared_ptr<TlsSessionCache>& sessions() const { return sessions_; }
  ~TrustStore();

 private:
  TrustStore();
  boost::asio::ssl::context ctx_;
  std::shared_ptr<TlsSessionCache> sessions_;
};

// The sessions kept by a TrustStore with resumption on. Thread safe.
class TlsSessionCache {
 public:
  TlsSessionCache(std::size_t max_sessions, std::chrono::seconds lifetime);
  ~TlsSessionCache();
  // A copy of the session to offer for `key`, which the caller owns (SSL_SESSION_free), or null.
  struct ssl_session_st* find(const std::string& key);
  // Keeps `session` (takes the caller's reference).
  void keep(const std::string& key, struct ssl_session_st* session);
  std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct TlsOptions {
  std::string server_name;  // SNI and the name verified; empty: no SNI, no name check
  std::vector<std::string> alpn = {"h2", "http/1.1"};
  bool no_verify = false;  // record the chain but do not judge it
};

struct TlsResult {
  std::unique_ptr<TlsStream> stream;  // set on success
  core::MaybeFailure failure;
};

boost::asio::awaitable<TlsResult> tls_handshake(ObservedTcp stream, TrustStore& trust,
                                                const TlsOptions& options,
                                                std::chrono::milliseconds timeout, Trace& trace);

}  // namespace ashyq::net
