#include "helper/guarded_network.hpp"

namespace ashyq::helper {

namespace asio = boost::asio;

asio::awaitable<net::LookupResult> GuardedResolver::lookup(std::string host, net::Trace& trace) {
  auto result = co_await inner_->lookup(std::move(host), trace);
  if (result.failure)
    co_return result;
  std::erase_if(result.addresses, [&](const std::string& ip) { return !policy_->may_connect(ip); });
  if (result.addresses.empty())
    result.failure = core::FailureKind::dns_bogon_error;
  co_return result;
}

asio::awaitable<net::DialResult> GuardedDialer::dial(net::Endpoint endpoint,
                                                     std::chrono::milliseconds timeout,
                                                     net::Trace& trace) {
  if (!policy_->may_connect(endpoint.ip.to_string())) {
    net::DialResult refused;
    refused.failure = core::Failure::unknown("refused: special-purpose address");
    co_return refused;
  }
  co_return co_await inner_->dial(endpoint, timeout, trace);
}

}  // namespace ashyq::helper
