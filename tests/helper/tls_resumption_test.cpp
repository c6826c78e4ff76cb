// The helper's page fetch resumes TLS sessions (TrustStore::enable_session_cache), but only
// sessions of verified handshakes with the same address and name; a probe's store never does.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "core/clock.hpp"
#include "experiments/urlgetter.hpp"
#include "net/dialer.hpp"
#include "net/tls_handshaker.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"
#include "support/test_ca.hpp"

namespace ashyq::helper {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

struct Site {
  testing::TestCa ca;
  std::unique_ptr<testing::TcpServer> server;
  explicit Site(const std::string& cert_name) {
    server = std::make_unique<testing::TcpServer>(testing::serve_tls_page(
        testing::TestCa::server_context(ca.issue({cert_name})), 200, "<title>t</title>"));
  }
  net::Endpoint endpoint() const { return *net::parse_endpoint(server->endpoint()); }
};

core::StepTimeouts timeouts() {
  core::StepTimeouts t;
  t.connect = 1000ms;
  t.tls = 1000ms;
  t.http = 1000ms;
  return t;
}

// One GET over TLS, as the helper's fetch does it (the response's read brings the tickets).
experiments::FetchOutcome fetch(net::TrustStore& trust, const Site& site, const std::string& name) {
  experiments::FetchSpec spec;
  spec.endpoints = {site.endpoint()};
  spec.request.url = "https://" + name + "/";
  spec.request.target = "/";
  spec.request.headers = {{"Host", name}};
  spec.limits = net::HttpLimits{1000ms, 1 << 20};
  spec.tls.emplace();
  spec.tls->server_name = name;
  net::TcpDialer dialer;
  core::MeasurementClock clock;
  net::Trace trace(clock, 0);
  return testing::run_coro(experiments::fetch_once(dialer, trust, timeouts(), spec, trace));
}

// A bare handshake; whether it resumed a session.
bool handshake_resumes(net::TrustStore& trust, const Site& site, const std::string& name) {
  return testing::run_coro([&]() -> asio::awaitable<bool> {
    core::MeasurementClock clock;
    net::Trace trace(clock, 0);
    net::TcpDialer dialer;
    auto dialed = co_await dialer.dial(site.endpoint(), 1000ms, trace);
    if (!dialed.stream)
      co_return false;
    net::TlsOptions options;
    options.server_name = name;
    auto tls =
        co_await net::tls_handshake(std::move(*dialed.stream), trust, options, 1000ms, trace);
    co_return tls.stream&& SSL_session_reused(tls.stream->native_handle()) == 1;
  }());
}

TEST(TlsResumption, AFetchResumesTheSessionOfAnEarlierVerifiedFetch) {
  Site site("site.example");
  auto trust = net::TrustStore::from_ca_file(site.ca.root_file()).value();
  trust->enable_session_cache(16, 60s);
  EXPECT_FALSE(handshake_resumes(*trust, site, "site.example"));  // nothing kept yet
  auto first = fetch(*trust, site, "site.example");
  ASSERT_FALSE(first.failure) << first.failure->str();
  EXPECT_EQ(trust->sessions()->size(), 1u);
  EXPECT_TRUE(handshake_resumes(*trust, site, "site.example"));
  auto second = fetch(*trust, site, "site.example");
  EXPECT_FALSE(second.failure);
  ASSERT_TRUE(second.response);
  EXPECT_EQ(second.response->code, 200);
}

TEST(TlsResumption, TheSessionsOfAResumedHandshakeAreNotKept) {
  // A kept session's certificate was verified at most `lifetime` ago by a full handshake, never
  // through a chain of resumptions: the tickets of a resumed fetch do not replace it.
  Site site("site.example");
  auto trust = net::TrustStore::from_ca_file(site.ca.root_file()).value();
  trust->enable_session_cache(16, 60s);
  ASSERT_FALSE(fetch(*trust, site, "site.example").failure);
  const std::string key =
      site.server->endpoint() + "\nsite.example\n" + std::string("\x02h2\x08http/1.1");
  auto ticket = [&] {
    SSL_SESSION* copy = trust->sessions()->find(key);
    std::string bytes;
    if (copy != nullptr) {
      const unsigned char* tick = nullptr;
      std::size_t len = 0;
      SSL_SESSION_get0_ticket(copy, &tick, &len);
      bytes.assign(reinterpret_cast<const char*>(tick), len);
      SSL_SESSION_free(copy);
    }
    return bytes;
  };
  const std::string first = ticket();
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(fetch(*trust, site, "site.example").failure);     // resumed; reads new tickets
  EXPECT_TRUE(handshake_resumes(*trust, site, "site.example"));  // still resumable
  EXPECT_EQ(ticket(), first);                                    // and still the first one
}

TEST(TlsResumption, AnotherNameDoesNotResumeAndFailsVerificationAsBefore) {
  Site site("site.example");
  auto trust = net::TrustStore::from_ca_file(site.ca.root_file()).value();
  trust->enable_session_cache(16, 60s);
  ASSERT_FALSE(fetch(*trust, site, "site.example").failure);
  // The same address under another name: no session is offered, the certificate is judged.
  auto other = fetch(*trust, site, "other.example");
  ASSERT_TRUE(other.failure);
  EXPECT_EQ(other.failure->kind(), core::FailureKind::ssl_invalid_hostname);
}

TEST(TlsResumption, NoSessionIsKeptFromAHandshakeThatFailedVerification) {
  Site site("site.example");
  auto trust = net::TrustStore::from_ca_file(site.ca.root_file()).value();
  trust->enable_session_cache(16, 60s);
  auto wrong = fetch(*trust, site, "other.example");
  ASSERT_TRUE(wrong.failure);
  EXPECT_EQ(trust->sessions()->size(), 0u);
  EXPECT_FALSE(handshake_resumes(*trust, site, "other.example"));
}

TEST(TlsResumption, SessionsOlderThanTheirLifetimeAreNotOffered) {
  Site site("site.example");
  auto trust = net::TrustStore::from_ca_file(site.ca.root_file()).value();
  trust->enable_session_cache(16, 0s);
  ASSERT_FALSE(fetch(*trust, site, "site.example").failure);
  EXPECT_FALSE(handshake_resumes(*trust, site, "site.example"));
}

TEST(TlsResumption, AStoreWithoutTheCacheNeverResumes) {
  Site site("site.example");
  auto trust = net::TrustStore::from_ca_file(site.ca.root_file()).value();
  EXPECT_EQ(trust->sessions(), nullptr);
  ASSERT_FALSE(fetch(*trust, site, "site.example").failure);
  EXPECT_FALSE(handshake_resumes(*trust, site, "site.example"));
}

}  // namespace
}  // namespace ashyq::helper
