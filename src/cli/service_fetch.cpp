#include "cli/service_fetch.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>

#include "net/dialer.hpp"
#include "net/system_resolver.hpp"

namespace ashyq::cli {

namespace asio = boost::asio;

core::Result<std::string> fetch(const net::ServiceClient& client, const std::string& method,
                                const std::string& url, std::string body,
                                std::string content_type) {
  asio::io_context io;
  std::optional<net::ServiceAnswer> answer;
  asio::co_spawn(io,
                 net::call_service(client, method, url, std::move(body), std::move(content_type)),
                 [&](std::exception_ptr e, net::ServiceAnswer a) {
                   if (!e)
                     answer = std::move(a);
                 });
  io.run();
  if (!answer)
    return core::Error{url, "the request failed inside ashyq"};
  if (answer->failure)
    return core::Error{url, answer->failure->str()};
  if (answer->status != 200) {
    std::string why = "HTTP " + std::to_string(answer->status);
    if (!answer->body.empty())
      why += ": " + answer->body.substr(0, 300);
    return core::Error{url, why};
  }
  return std::move(answer->body);
}

core::Result<net::ServiceClient> service_client(const std::string& ca_file,
                                                double timeout_seconds) {
  auto trust = net::TrustStore::system_or_file(ca_file);
  if (!trust)
    return core::Error{"--ca-file " + ca_file, trust.error().why};
  const auto timeout = std::chrono::milliseconds(static_cast<long long>(timeout_seconds * 1000));
  return net::ServiceClient{std::make_shared<net::SystemResolver>(timeout),
                            std::make_shared<net::TcpDialer>(), *trust, timeout};
}

}  // namespace ashyq::cli
