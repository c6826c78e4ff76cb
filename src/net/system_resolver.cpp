#include "net/system_resolver.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "core/classify.hpp"

namespace ashyq::net {

namespace asio = boost::asio;

std::string prefer_quick_dns_retransmission() {
  setenv("RES_OPTIONS", "timeout:1 attempts:4", /*overwrite=*/0);
  const char* value = std::getenv("RES_OPTIONS");
  return value ? value : "";
}

namespace {

struct GaiOutcome {
  int rc = 0;
  int saved_errno = 0;
  std::vector<std::string> v4, v6;
};

GaiOutcome run_getaddrinfo(const std::string& host) {
  GaiOutcome out;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  addrinfo* list = nullptr;
  out.rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
  out.saved_errno = errno;
  if (out.rc != 0)
    return out;
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    if (ai->ai_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr, text, sizeof text);
      if (std::find(out.v4.begin(), out.v4.end(), text) == out.v4.end())
        out.v4.emplace_back(text);
    } else if (ai->ai_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr, text,
                sizeof text);
      if (std::find(out.v6.begin(), out.v6.end(), text) == out.v6.end())
        out.v6.emplace_back(text);
    }
  }
  freeaddrinfo(list);
  return out;
}

// Shared between the waiting coroutine and the lookup thread. It holds no Asio object: the
// thread may outlive the io_context, and the last reference may be dropped on that thread. The
// timer lives in the coroutine's frame; `timer` points at it only while the coroutine waits.
struct PendingLookup {
  std::mutex mutex;
  asio::steady_timer* timer = nullptr;  // null once the coroutine stopped waiting
  std::optional<GaiOutcome> outcome;
};

// Clears PendingLookup::timer when the coroutine frame goes, also if it is destroyed without
// being resumed (its io_context shut down while the lookup was pending).
struct StopWaiting {
  std::shared_ptr<PendingLookup> pending;
  ~StopWaiting() {
    std::lock_guard lock(pending->mutex);
    pending->timer = nullptr;
  }
};

std::atomic<int> g_threads_in_flight{0};

}  // namespace

asio::awaitable<LookupResult> SystemResolver::lookup(std::string host, Trace& trace) {
  auto executor = co_await asio::this_coro::executor;
  model::DnsQuery record;
  record.engine = "getaddrinfo";
  record.hostname = host;
  record.query_type = "ANY";
  record.t0 = trace.now();

  auto pending = std::make_shared<PendingLookup>();
  asio::steady_timer timer(executor, timeout_);
  bool started = false;
  if (g_threads_in_flight.fetch_add(1) < kMaxThreads) {
    {
      std::lock_guard lock(pending->mutex);
      pending->timer = &timer;
    }
    StopWaiting stop{pending};
    std::thread([pending, host, executor] {
      GaiOutcome outcome = run_getaddrinfo(host);
      {
        std::lock_guard lock(pending->mutex);
        if (pending->timer != nullptr) {
          // Complete on the coroutine's executor; the handler holds no Asio object either.
          asio::post(executor, [pending, outcome = std::move(outcome)]() mutable {
            std::lock_guard lock(pending->mutex);
            if (pending->timer == nullptr)
              return;
            pending->outcome = std::move(outcome);
            pending->timer->cancel();
          });
        }
      }
      g_threads_in_flight.fetch_sub(1);
    }).detach();
    started = true;
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  } else {
    g_threads_in_flight.fetch_sub(1);
  }
  record.t = trace.now();

  LookupResult result;
  if (!started) {
    record.failure = core::Failure::unknown("too many system lookups in flight");
  } else if (!pending->outcome) {
    record.failure = core::FailureKind::generic_timeout_error;
  } else if (pending->outcome->rc != 0) {
    record.failure =
        core::classify_getaddrinfo(pending->outcome->rc, pending->outcome->saved_errno);
    record.getaddrinfo_error = pending->outcome->rc;
  } else {
    for (const auto& ip : pending->outcome->v4) {
      record.answers.push_back(model::DnsAnswer{"A", ip, std::nullopt, 0, ""});
      result.addresses.push_back(ip);
    }
    for (const auto& ip : pending->outcome->v6) {
      record.answers.push_back(model::DnsAnswer{"AAAA", ip, std::nullopt, 0, ""});
      result.addresses.push_back(ip);
    }
    if (result.addresses.empty())
      record.failure = core::FailureKind::dns_no_answer;
  }
  result.failure = record.failure;
  trace.add(std::move(record));
  co_return result;
}

}  // namespace ashyq::net
