// The catalogue of hostile peers (issue 19): named behaviours of a web server, a DNS server or a
// TLS server that a censor, a broken middlebox or a malicious site could show a probe or a test
// helper — endless bodies, dripped headers, compression-pointer loops, certificate chains of 50,
// … Each one is a scripted TcpServer handler or UdpServer responder (tests/support/servers.hpp)
// on loopback, so any test can aim any client at any of them: tests/hostile runs the whole list
// against the probe (urlgetter, web_connectivity), the helper, and the probe's control client.
// docs/net.md ("Hostile peers") lists what each behaviour ends as.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/servers.hpp"
#include "support/test_ca.hpp"

namespace ashyq::testing::hostile {

enum class Layer { http, dns, tls };

struct Peer {
  std::string name;  // stable, a valid gtest parameter name: letters, digits and '_'
  Layer layer;
  std::string what;  // the behaviour, in a sentence
};

// Every behaviour, in the order of docs/net.md.
const std::vector<Peer>& catalogue();
std::vector<std::string> names(Layer layer);
const Peer& find(const std::string& name);

// The name the TLS peers' certificates are for, and the root they chain to (--ca-file).
inline constexpr const char* kTlsName = "hostile.test";
const TestCa& tls_ca();

// One behaviour, running on 127.0.0.1 with a port the kernel picked. An HTTP or TLS peer is a
// TcpServer; a DNS peer is a UdpServer (and, for the one that sets TC, a TCP listener on the
// same port that accepts and never answers).
class Running {
 public:
  explicit Running(const std::string& name);
  ~Running();
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

  const Peer& peer() const { return *peer_; }
  uint16_t port() const;
  std::string endpoint() const;  // "127.0.0.1:PORT"
  // HTTP peers: the URL to fetch. Redirecting peers send the client back to this server.
  std::string url() const { return "http://" + endpoint() + "/"; }

 private:
  struct Silent;
  const Peer* peer_;
  std::unique_ptr<TcpServer> tcp_;
  std::unique_ptr<UdpServer> udp_;
  std::unique_ptr<Silent> silent_;
};

// The HTTP behaviours' handlers, for a test that wants one inside another server.
TcpServer::Handler http_handler(const std::string& name);

// A port on 127.0.0.1 nobody listens on (bound, then closed): connecting there is refused.
uint16_t closed_port();

}  // namespace ashyq::testing::hostile
