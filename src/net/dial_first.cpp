#include "net/dial_first.hpp"

#include <algorithm>

namespace ashyq::net {

boost::asio::awaitable<DialFirstResult> dial_first(Dialer& dialer,
                                                   const std::vector<Endpoint>& endpoints,
                                                   std::chrono::milliseconds budget,
                                                   std::size_t max_addresses, Trace& trace) {
  using Clock = std::chrono::steady_clock;
  constexpr std::chrono::milliseconds kSaneMinimum{2000};
  DialFirstResult out;
  const auto deadline = Clock::now() + budget;
  out.reachable = std::min(endpoints.size(), max_addresses);
  for (; out.tried < out.reachable; ++out.tried) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0)
      break;
    auto share = left / static_cast<long>(out.reachable - out.tried);
    if (share < kSaneMinimum)
      share = std::min(kSaneMinimum, left);
    auto dialed = co_await dialer.dial(endpoints[out.tried], share, trace);
    if (dialed.stream) {
      out.stream.emplace(std::move(*dialed.stream));
      out.failure.reset();
      ++out.tried;
      co_return out;
    }
    out.failure = dialed.failure;
  }
  co_return out;
}

}  // namespace ashyq::net
