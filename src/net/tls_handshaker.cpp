#include "net/tls_handshaker.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <list>
#include <mutex>
#include <unordered_map>

#include "core/limits.hpp"
#include "net/endpoint.hpp"

namespace ashyq::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;
using core::FailureKind;

TrustStore::TrustStore() : ctx_(ssl::context::tls_client) {
  SSL_CTX_set_min_proto_version(ctx_.native_handle(), TLS1_2_VERSION);
  ctx_.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
  // A connection's record buffers are freed while it waits: 64 pages being fetched at once spend
  // most of their time waiting for the server (issue 17's memory target).
  SSL_CTX_set_mode(ctx_.native_handle(), SSL_MODE_RELEASE_BUFFERS);
}

TrustStore::~TrustStore() = default;

// ---- Resumption ----

struct TlsSessionCache::Impl {
  struct Entry {
    SSL_SESSION* session;
    std::chrono::steady_clock::time_point made;
    std::list<std::string>::iterator age;
  };
  std::size_t max_sessions;
  std::chrono::seconds lifetime;
  mutable std::mutex mutex;
  std::unordered_map<std::string, Entry> entries;
  std::list<std::string> by_age;  // front: newest

  void drop(std::unordered_map<std::string, Entry>::iterator it) {
    SSL_SESSION_free(it->second.session);
    by_age.erase(it->second.age);
    entries.erase(it);
  }
};

TlsSessionCache::TlsSessionCache(std::size_t max_sessions, std::chrono::seconds lifetime)
    : impl_(std::make_unique<Impl>()) {
  impl_->max_sessions = max_sessions;
  impl_->lifetime = lifetime;
}

TlsSessionCache::~TlsSessionCache() {
  for (auto& [key, e] : impl_->entries)
    SSL_SESSION_free(e.session);
}

SSL_SESSION* TlsSessionCache::find(const std::string& key) {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->entries.find(key);
  if (it == impl_->entries.end())
    return nullptr;
  if (std::chrono::steady_clock::now() - it->second.made >= impl_->lifetime ||
      !SSL_SESSION_is_resumable(it->second.session)) {
    impl_->drop(it);
    return nullptr;
  }
  // A copy, for the same reason as in on_new_session: the connection that resumes it may be
  // freed without a TLS shutdown, which marks its session object not resumable.
  return SSL_SESSION_dup(it->second.session);
}

void TlsSessionCache::keep(const std::string& key, SSL_SESSION* session) {
  std::lock_guard lock(impl_->mutex);
  if (auto it = impl_->entries.find(key); it != impl_->entries.end())
    impl_->drop(it);
  while (!impl_->by_age.empty() && impl_->entries.size() >= impl_->max_sessions)
    impl_->drop(impl_->entries.find(impl_->by_age.back()));
  if (impl_->max_sessions == 0) {
    SSL_SESSION_free(session);
    return;
  }
  impl_->by_age.push_front(key);
  impl_->entries.emplace(
      key, Impl::Entry{session, std::chrono::steady_clock::now(), impl_->by_age.begin()});
}

std::size_t TlsSessionCache::size() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->entries.size();
}

namespace {

// What the new-session callback needs to know about one connection; owned by the connection's
// verify callback, so it lives exactly as long as the SSL object.
struct SessionSlot {
  std::shared_ptr<TlsSessionCache> cache;
  std::string key;
  bool verified = false;  // set once the handshake's verification passed
};

int session_slot_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// OpenSSL hands every new session of a connection here (TLS 1.2: at the end of the handshake;
// TLS 1.3: when a ticket arrives, after it). Only sessions of verified handshakes are kept.
int on_new_session(SSL* ssl, SSL_SESSION* session) {
  auto* slot = static_cast<SessionSlot*>(SSL_get_ex_data(ssl, session_slot_index()));
  if (slot == nullptr || !slot->verified)
    return 0;
  // A copy: the connection's own session object is marked not resumable when the connection is
  // freed without a TLS shutdown (as a fetch's connection is), which would spoil the kept one.
  if (SSL_SESSION* copy = SSL_SESSION_dup(session))
    slot->cache->keep(slot->key, copy);
  return 0;  // OpenSSL keeps its reference to the original
}

}  // namespace

void TrustStore::enable_session_cache(std::size_t max_sessions, std::chrono::seconds lifetime) {
  sessions_ = std::make_shared<TlsSessionCache>(max_sessions, lifetime);
  SSL_CTX* ctx = ctx_.native_handle();
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, on_new_session);
}

std::shared_ptr<TrustStore> TrustStore::system() {
  auto store = std::shared_ptr<TrustStore>(new TrustStore());
  store->ctx_.set_default_verify_paths();
  return store;
}

core::Result<std::shared_ptr<TrustStore>> TrustStore::system_or_file(const std::string& ca_file) {
  if (ca_file.empty())
    return system();
  return from_ca_file(ca_file);
}

core::Result<std::shared_ptr<TrustStore>> TrustStore::from_ca_file(const std::string& path) {
  auto store = std::shared_ptr<TrustStore>(new TrustStore());
  boost::system::error_code ec;
  store->ctx_.load_verify_file(path, ec);
  if (ec)
    return core::Error{"CA file " + path, "cannot load: " + ec.message()};
  return store;
}

namespace {

struct VerifyProblem {
  int error;
  int depth;
};

bool is_expiry(int e) {
  return e == X509_V_ERR_CERT_HAS_EXPIRED || e == X509_V_ERR_CERT_NOT_YET_VALID;
}

bool is_untrusted(int e) {
  switch (e) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
      return true;
    default:
      return false;
  }
}

// Go's order of checks (leaf validity, host name, chain), so our strings match OONI's.
core::MaybeFailure judge(const std::vector<VerifyProblem>& problems) {
  if (problems.empty())
    return std::nullopt;
  auto any = [&](auto pred) {
    for (const auto& p : problems) {
      if (pred(p))
        return true;
    }
    return false;
  };
  if (any([](auto& p) { return p.depth == 0 && is_expiry(p.error); })) {
    return FailureKind::ssl_invalid_certificate;
  }
  if (any([](auto& p) {
        return p.error == X509_V_ERR_HOSTNAME_MISMATCH || p.error == X509_V_ERR_IP_ADDRESS_MISMATCH;
      })) {
    return FailureKind::ssl_invalid_hostname;
  }
  if (any([](auto& p) { return is_expiry(p.error); })) {
    return FailureKind::ssl_invalid_certificate;
  }
  if (any([](auto& p) { return is_untrusted(p.error); })) {
    return FailureKind::ssl_unknown_authority;
  }
  return FailureKind::ssl_invalid_certificate;
}

core::Failure classify_handshake_error(const boost::system::error_code& ec) {
  if (ec.category() == asio::error::get_ssl_category()) {
    int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    if (reason == SSL_R_TLSV1_UNRECOGNIZED_NAME)
      return FailureKind::ssl_invalid_hostname;
  }
  return core::classify(ec);
}

std::string alpn_wire(const std::vector<std::string>& protocols) {
  std::string wire;
  for (const auto& p : protocols) {
    if (p.empty() || p.size() > 255)
      continue;
    wire.push_back(static_cast<char>(p.size()));
    wire += p;
  }
  return wire;
}

void record_peer(SSL* ssl, model::TlsHandshake& record) {
  if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl)) {
    int n = sk_X509_num(chain);
    for (int i = 0; i < n && record.peer_certificates.size() < core::SizeCaps::kCertificateChain;
         ++i) {
      X509* cert = sk_X509_value(chain, i);
      unsigned char* der = nullptr;
      int len = i2d_X509(cert, &der);
      if (len > 0) {
        record.peer_certificates.emplace_back(reinterpret_cast<char*>(der),
                                              static_cast<size_t>(len));
        OPENSSL_free(der);
      }
    }
  }
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
    if (const char* name = SSL_CIPHER_standard_name(cipher))
      record.cipher_suite = name;
  }
  if (SSL_is_init_finished(ssl))
    record.tls_version = SSL_get_version(ssl);
  const unsigned char* proto = nullptr;
  unsigned int proto_len = 0;
  SSL_get0_alpn_selected(ssl, &proto, &proto_len);
  if (proto != nullptr)
    record.negotiated_protocol.assign(reinterpret_cast<const char*>(proto), proto_len);
}

}  // namespace

asio::awaitable<TlsResult> tls_handshake(ObservedTcp stream, TrustStore& trust,
                                         const TlsOptions& options,
                                         std::chrono::milliseconds timeout, Trace& trace) {
  std::string address = stream.address();
  auto tls = std::make_unique<TlsStream>(std::move(stream), trust.context());
  SSL* ssl = tls->native_handle();

  model::TlsHandshake record;
  record.address = address;
  record.server_name = options.server_name;
  record.no_tls_verify = options.no_verify;

  auto ip_literal = parse_ip(options.server_name);
  if (!options.server_name.empty() && !ip_literal) {
    SSL_set_tlsext_host_name(ssl, options.server_name.c_str());
  }
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (ip_literal) {
    X509_VERIFY_PARAM_set1_ip_asc(param, ip_literal->to_string().c_str());
  } else if (!options.server_name.empty()) {
    X509_VERIFY_PARAM_set1_host(param, options.server_name.c_str(), 0);
  }
  std::string alpn = alpn_wire(options.alpn);
  if (!alpn.empty()) {
    SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(alpn.data()),
                        static_cast<unsigned>(alpn.size()));
  }

  // Resumption, when the store keeps sessions: offer the last verified session for the same
  // address, name and ALPN.
  std::shared_ptr<SessionSlot> slot;
  if (const auto& sessions = trust.sessions()) {
    slot = std::make_shared<SessionSlot>();
    slot->cache = sessions;
    slot->key = address + "\n" + options.server_name + "\n" + alpn;
    if (SSL_SESSION* offered = sessions->find(slot->key)) {
      SSL_set_session(ssl, offered);
      SSL_SESSION_free(offered);
    }
    SSL_set_ex_data(ssl, session_slot_index(), slot.get());
  }

  // Collect every verification problem and let the handshake finish; judge() decides below.
  auto problems = std::make_shared<std::vector<VerifyProblem>>();
  tls->set_verify_mode(ssl::verify_peer);
  tls->set_verify_callback([problems, slot](bool preverified, ssl::verify_context& ctx) {
    if (!preverified && problems->size() < 64) {
      problems->push_back({X509_STORE_CTX_get_error(ctx.native_handle()),
                           X509_STORE_CTX_get_error_depth(ctx.native_handle())});
    }
    return true;
  });

  model::NetworkEvent start;
  start.operation = "tls_handshake_start";
  start.address = address;
  start.t0 = start.t = record.t0 = trace.now();
  trace.add(std::move(start));

  beast::get_lowest_layer(*tls).expires_after(timeout);
  auto [ec] =
      co_await tls->async_handshake(ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
  beast::get_lowest_layer(*tls).expires_never();
  record.t = trace.now();
  if (trace.archive())
    record_peer(ssl, record);

  if (ec) {
    record.failure = classify_handshake_error(ec);
  } else if (!options.no_verify) {
    record.failure = judge(*problems);
  }
  if (slot) {
    // TLS 1.3 tickets come later, with the first read: keep them only for a verified peer. A
    // TLS 1.2 session came during the handshake, before this line: keep it now if verified.
    // A resumed handshake's sessions are not kept either: a kept session's certificate was
    // verified at most `lifetime` ago, never by a chain of resumptions.
    slot->verified = !ec && !options.no_verify && !record.failure && !SSL_session_reused(ssl);
    if (slot->verified && SSL_version(ssl) < TLS1_3_VERSION) {
      if (SSL_SESSION* session = SSL_get0_session(ssl)) {
        if (SSL_SESSION* copy = SSL_SESSION_dup(session))
          slot->cache->keep(slot->key, copy);
      }
    }
  }

  model::NetworkEvent done;
  done.operation = "tls_handshake_done";
  done.address = address;
  done.t0 = done.t = record.t;
  done.failure = record.failure;
  trace.add(std::move(done));

  TlsResult result;
  result.failure = record.failure;
  trace.add(std::move(record));
  if (!result.failure)
    result.stream = std::move(tls);
  co_return result;
}

}  // namespace ashyq::net
