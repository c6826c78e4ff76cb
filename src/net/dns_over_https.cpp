#include "net/dns_over_https.hpp"

#include "net/dns_tls_dial.hpp"
#include "net/http_client.hpp"

namespace ashyq::net {

namespace asio = boost::asio;

asio::awaitable<DnsExchange> DnsOverHttps::exchange(std::string query, uint16_t id, Trace& trace) {
  DnsExchange result;
  TlsOptions tls_options;
  tls_options.server_name = url_.host;
  tls_options.alpn = {"http/1.1"};
  auto tls = co_await dial_tls_server(url_.host, url_.port, address_, *trust_, tls_options,
                                      timeouts_, trace);
  if (!tls.stream) {
    result.failure = tls.failure;
    co_return result;
  }
  HttpRequestSpec request;
  request.method = "POST";
  request.url = url_.text;
  request.target = url_.target;
  request.headers = {{"Host", url_.host_header()},
                     {"Content-Type", "application/dns-message"},
                     {"Accept", "application/dns-message"}};
  request.body = std::move(query);
  HttpLimits limits;
  limits.timeout = timeouts_.dns;
  limits.body_cap = core::SizeCaps::kDnsMessageTcp;
  auto response = co_await http_round_trip(*tls.stream, request, limits, trace);
  if (response.failure) {
    result.failure = response.failure;
  } else if (!response.response || response.response->code != 200 ||
             response.response->body_is_truncated) {
    result.failure = core::FailureKind::dns_server_misbehaving;
  } else {
    auto msg = parse_dns_message(response.response->body);
    // RFC 8484 recommends id 0 on the wire, so only a reply with another non-zero id is wrong.
    if (!msg) {
      result.failure = core::FailureKind::dns_server_misbehaving;
    } else if (msg->id != id && msg->id != 0) {
      result.failure = core::FailureKind::dns_reply_with_wrong_query_id;
    } else {
      result.reply = std::move(response.response->body);
    }
  }
  co_return result;
}

}  // namespace ashyq::net
