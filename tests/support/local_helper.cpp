#include "support/local_helper.hpp"

namespace ashyq::testing {

namespace asio = boost::asio;
using namespace std::chrono_literals;

helper::ControlServerConfig LocalHelper::loopback_config(std::shared_ptr<net::Resolver> resolver) {
  helper::ControlServerConfig c;
  c.rate_per_client = 0;
  auto& m = c.measurer;
  m.resolver = resolver ? std::move(resolver) : net::make_resolver("system", {}).value();
  m.dialer = std::make_shared<net::TcpDialer>();
  m.trust = net::TrustStore::system();
  m.policy =
      std::make_shared<helper::AddressPolicy>(analysis::BogonList::parse("-127.0.0.0/8").value());
  m.asn = geo::empty_asn_database();
  m.timeouts.connect = m.timeouts.tls = m.timeouts.http = 1000ms;
  return c;
}

LocalHelper::LocalHelper(helper::ControlServerConfig config) {
  server_ = std::make_unique<helper::ControlServer>(
      io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), std::move(config));
  server_->start();
  thread_ = std::thread([this] { io_.run(); });
}

LocalHelper::~LocalHelper() {
  server_->stop();
  io_.stop();
  thread_.join();
}

uint16_t LocalHelper::port() const {
  return server_->local_endpoint().port();
}

std::string LocalHelper::url() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/";
}

}  // namespace ashyq::testing
