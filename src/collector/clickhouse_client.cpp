#include "collector/clickhouse_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/url.hpp>

namespace ashyq::collector {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string clickhouse_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\0':
        out += "\\0";
        break;
      default:
        out += c;
    }
  }
  out += '\'';
  return out;
}

core::Result<std::string> ClickHouseClient::query(std::string_view sql,
                                                  const ClickHouseSettings& settings) const {
  return post(settings, sql);
}

core::Result<std::string> ClickHouseClient::insert(std::string_view insert, std::string_view data,
                                                   const ClickHouseSettings& settings) const {
  auto params = settings;
  params["query"] = std::string(insert);
  return post(std::move(params), data);
}

core::Result<std::string> ClickHouseClient::post(ClickHouseSettings params,
                                                 std::string_view body) const {
  if (!endpoint_.user.empty())
    params["user"] = endpoint_.user;
  if (!endpoint_.password.empty())
    params["password"] = endpoint_.password;
  boost::urls::url target("/");
  for (const auto& [k, v] : params)
    target.params().append({k, v});

  // The body is sent from the caller's buffer, not copied: an insert's batch is megabytes.
  http::request<http::span_body<const char>> request{http::verb::post, target.buffer(), 11};
  request.set(http::field::host, endpoint_.host + ":" + endpoint_.port);
  request.set(http::field::content_type, "text/plain; charset=utf-8");
  request.body() = {body.data(), body.size()};
  request.prepare_payload();

  core::Result<std::string> result = core::Error{endpoint_.where(), "no answer"};
  asio::io_context io;
  auto exchange = [&]() -> asio::awaitable<void> {
    beast::tcp_stream stream(io);
    stream.expires_after(endpoint_.timeout);  // one deadline for the whole exchange
    asio::ip::tcp::resolver resolver(io);
    auto addresses =
        co_await resolver.async_resolve(endpoint_.host, endpoint_.port, asio::use_awaitable);
    co_await stream.async_connect(addresses, asio::use_awaitable);
    co_await http::async_write(stream, request, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(endpoint_.response_cap);
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    auto& response = parser.get();
    if (response.result() != http::status::ok) {
      std::string why = response.body().substr(0, response.body().find('\n'));
      if (why.size() > 400)
        why.resize(400);
      result = core::Error{endpoint_.where(),
                           "HTTP " + std::to_string(response.result_int()) + ": " + why};
    } else {
      result = std::move(response.body());
    }
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  };
  asio::co_spawn(io, exchange(), [&](std::exception_ptr failure) {
    if (!failure)
      return;
    try {
      std::rethrow_exception(failure);
    } catch (const boost::system::system_error& e) {
      std::string why =
          e.code() == beast::error::timeout
              ? "no answer within " + std::to_string(endpoint_.timeout.count()) + " ms"
              : e.code().message();
      if (e.code() == http::error::body_limit)
        why = "answer larger than " + std::to_string(endpoint_.response_cap) + " bytes";
      result = core::Error{endpoint_.where(), why};
    } catch (const std::exception& e) {
      result = core::Error{endpoint_.where(), e.what()};
    }
  });
  io.run();
  return result;
}

}  // namespace ashyq::collector
