#include "net/dns_transport.hpp"

#include <sys/random.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "net/dns_name.hpp"

namespace ashyq::net {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

uint16_t random_dns_id() {
  uint16_t id = 0;
  if (getrandom(&id, sizeof id, 0) != sizeof id)
    id = 0x4242;
  return id;
}

asio::awaitable<std::pair<std::vector<std::string>, core::MaybeFailure>>
DnsTransportResolver::query_one(const std::string& host, DnsType type, Trace& trace) {
  model::DnsQuery record;
  record.engine = engine();
  record.resolver_address = address();
  record.hostname = host;
  record.query_type = std::string(to_string(type));
  record.t0 = trace.now();

  uint16_t id = random_dns_id();
  auto query = encode_dns_query(id, host, type);
  if (!query) {
    record.t = trace.now();
    record.failure = core::Failure::unknown(kInvalidDomainName);
    trace.add(record);
    co_return std::pair{std::vector<std::string>{}, record.failure};
  }

  DnsExchange ex = co_await exchange(*query, id, trace);
  record.t = trace.now();
  std::vector<std::string> addresses;
  if (ex.reply) {
    record.raw_response = *ex.reply;
    if (auto msg = parse_dns_message(*ex.reply)) {
      record.rcode = msg->rcode;
      record.answers = msg->answers;
      record.failure = dns_reply_failure(*msg, type);
      if (!record.failure)
        addresses = dns_addresses(msg->answers);
    } else {
      record.failure = core::FailureKind::dns_server_misbehaving;
    }
  } else {
    record.failure = ex.failure;
  }
  for (size_t i = 0; i < ex.late_replies.size(); ++i) {
    model::DnsQuery dup = record;
    dup.raw_response = ex.late_replies[i];
    dup.answers.clear();
    dup.rcode.reset();
    dup.failure.reset();
    dup.t = ex.late_times[i];
    if (auto msg = parse_dns_message(ex.late_replies[i])) {
      dup.rcode = msg->rcode;
      dup.answers = msg->answers;
      dup.failure = dns_reply_failure(*msg, type);
    } else {
      dup.failure = core::FailureKind::dns_server_misbehaving;
    }
    trace.add_duplicate(std::move(dup));
  }
  auto failure = record.failure;
  trace.add(std::move(record));
  co_return std::pair{std::move(addresses), std::move(failure)};
}

asio::awaitable<LookupResult> DnsTransportResolver::lookup(std::string host, Trace& trace) {
  auto [a, aaaa] =
      co_await (query_one(host, DnsType::A, trace) && query_one(host, DnsType::AAAA, trace));
  LookupResult result;
  result.addresses = std::move(a.first);
  result.addresses.insert(result.addresses.end(), aaaa.first.begin(), aaaa.first.end());
  if (result.addresses.empty()) {
    // The A query's reason explains best (an AAAA "no answer" is normal for v4-only names).
    result.failure = a.second ? a.second : aaaa.second;
    if (!result.failure)
      result.failure = core::FailureKind::dns_no_answer;
  }
  co_return result;
}

}  // namespace ashyq::net
