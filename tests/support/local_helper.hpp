// ashyq's own test helper (control server) on 127.0.0.1 with a kernel-chosen port, on its own
// thread, allowed to reach 127.0.0.0/8: the "helper abroad" of loopback tests.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "helper/control_server.hpp"

namespace ashyq::testing {

class LocalHelper {
 public:
  // A configuration for loopback tests: `resolver` (the system's when null), loopback allowed,
  // no rate limit, 1 s step deadlines.
  static helper::ControlServerConfig loopback_config(
      std::shared_ptr<net::Resolver> resolver = nullptr);

  explicit LocalHelper(helper::ControlServerConfig config = loopback_config());
  ~LocalHelper();
  LocalHelper(const LocalHelper&) = delete;
  LocalHelper& operator=(const LocalHelper&) = delete;

  uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:PORT/"

 private:
  boost::asio::io_context io_;
  std::unique_ptr<helper::ControlServer> server_;
  std::thread thread_;
};

}  // namespace ashyq::testing
