#include "net/http_client.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>
#include <limits>
#include <optional>

#include "core/classify.hpp"
#include "core/limits.hpp"

namespace ashyq::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

model::HeaderList ooni_default_headers() {
  return {
      {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
      {"Accept-Language", "en-US,en;q=0.9"},
      {"User-Agent",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/124.0.0.0 Safari/537.36"},
  };
}

namespace {

template <typename Stream>
std::string alpn_of(Stream&) {
  return "";
}
template <>
std::string alpn_of(TlsStream& s) {
  const unsigned char* proto = nullptr;
  unsigned int len = 0;
  SSL_get0_alpn_selected(s.native_handle(), &proto, &len);
  return proto ? std::string(reinterpret_cast<const char*>(proto), len) : "";
}

template <typename Stream>
ObservedTcp& observed_of(Stream& s) {
  if constexpr (std::is_same_v<Stream, ObservedTcp>) {
    return s;
  } else {
    return s.next_layer();
  }
}

template <typename Stream>
asio::awaitable<HttpRoundTripResult> round_trip(Stream& stream, const HttpRequestSpec& spec,
                                                const HttpLimits& limits, Trace& trace) {
  ObservedTcp& observed = observed_of(stream);
  model::HttpTransaction tx;
  tx.address = observed.address();
  tx.alpn = alpn_of(stream);
  tx.request.method = spec.method;
  tx.request.url = spec.url;
  tx.request.headers = spec.headers;
  tx.request.body = spec.body;
  tx.t0 = trace.now();
  trace.add(
      model::NetworkEvent{{tx.t0, tx.t0, 0, {}}, "http_transaction_start", "", "tcp", {}, {}});

  HttpRoundTripResult result;
  auto finish = [&](core::MaybeFailure failure) {
    result.failure = std::move(failure);
    if (!trace.archive())
      return;
    tx.t = trace.now();
    tx.failure = result.failure;
    tx.response = result.response;
    trace.add(model::NetworkEvent{{tx.t, tx.t, 0, {}}, "http_transaction_done", "", "tcp", {}, {}});
    trace.add(std::move(tx));
  };

  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(limits.timeout);

  http::request<http::string_body> req;
  req.method_string(spec.method);
  req.target(spec.target);
  req.version(11);
  for (const auto& [name, value] : spec.headers)
    req.insert(name, value);
  if (!spec.body.empty() || spec.method == "POST") {
    req.body() = spec.body;
    req.prepare_payload();
  }
  auto [wec, wn] = co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
  if (wec) {
    finish(core::classify(wec));
    co_return result;
  }

  beast::flat_buffer buffer(core::SizeCaps::kHttpHeader + 4096);
  // Informational answers (100 Continue, 103 Early Hints) come before the response: skipped as
  // Go's client skips them, five at most ("net/http: too many 1xx informational responses").
  // Before, a 100 was taken for the response (found by tests/hostile, issue 19).
  constexpr int kMaxInformational = 5;
  std::optional<http::response_parser<http::buffer_body>> parser;
  for (int informational = 0;; ++informational) {
    parser.emplace();
    parser->header_limit(static_cast<std::uint32_t>(core::SizeCaps::kHttpHeader));
    parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    if (spec.method == "HEAD")
      parser->skip(true);
    auto [hec, hn] = co_await http::async_read_header(stream, buffer, *parser,
                                                      asio::as_tuple(asio::use_awaitable));
    if (hec) {
      finish(core::classify(hec));
      co_return result;
    }
    const unsigned code = parser->get().result_int();
    if (code < 100 || code > 199 || code == 101)
      break;
    if (informational + 1 > kMaxInformational) {
      finish(core::Failure::unknown("too many 1xx informational responses"));
      co_return result;
    }
  }

  model::HttpResponse response;
  response.code = static_cast<int>(parser->get().result_int());
  // Room for the announced body up front (at most 1 MiB: a length is only a claim), instead of
  // growing the string read by read.
  if (auto announced = parser->content_length())
    response.body.reserve(std::min<std::uint64_t>({*announced, limits.body_cap, 1u << 20}));
  for (const auto& field : parser->get().base()) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }

  core::MaybeFailure failure;
  std::array<char, 16384> chunk;
  while (!parser->is_done()) {
    parser->get().body().data = chunk.data();
    parser->get().body().size = chunk.size();
    auto [ec, n] =
        co_await http::async_read(stream, buffer, *parser, asio::as_tuple(asio::use_awaitable));
    if (ec == http::error::need_buffer)
      ec = {};
    std::size_t got = chunk.size() - parser->get().body().size;
    std::size_t room = limits.body_cap - response.body.size();
    response.body.append(chunk.data(), std::min(got, room));
    if (got > room || (response.body.size() == limits.body_cap && !parser->is_done())) {
      // Over the cap: stop reading. The caller drops the connection, so the rest is never read.
      response.body_is_truncated = true;
      break;
    }
    if (ec) {
      failure = core::classify(ec);
      break;
    }
  }
  lowest.expires_never();
  result.response = std::move(response);
  finish(std::move(failure));
  co_return result;
}

}  // namespace

asio::awaitable<HttpRoundTripResult> http_round_trip(ObservedTcp& stream,
                                                     const HttpRequestSpec& request,
                                                     const HttpLimits& limits, Trace& trace) {
  return round_trip(stream, request, limits, trace);
}

asio::awaitable<HttpRoundTripResult> http_round_trip(TlsStream& stream,
                                                     const HttpRequestSpec& request,
                                                     const HttpLimits& limits, Trace& trace) {
  return round_trip(stream, request, limits, trace);
}

}  // namespace ashyq::net
