#include "core/classify.hpp"

#include <netdb.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <cerrno>
#include <regex>

namespace ashyq::core {
namespace {

std::optional<FailureKind> from_errno(int value) {
  switch (value) {
    case ECONNREFUSED:
      return FailureKind::connection_refused;
    case ECONNRESET:
      return FailureKind::connection_reset;
    case ECONNABORTED:
      return FailureKind::connection_aborted;
    case EPIPE:
      return FailureKind::connection_reset;
    case EHOSTUNREACH:
      return FailureKind::host_unreachable;
    case ENETUNREACH:
      return FailureKind::network_unreachable;
    case ENETDOWN:
      return FailureKind::network_down;
    case ENETRESET:
      return FailureKind::network_reset;
    case ETIMEDOUT:
      return FailureKind::timed_out;
    case EADDRINUSE:
      return FailureKind::address_in_use;
    case EADDRNOTAVAIL:
      return FailureKind::address_not_available;
    case EBADF:
      return FailureKind::connection_already_closed;
    case ENOTCONN:
      return FailureKind::connection_already_closed;
    default:
      return std::nullopt;
  }
}

}  // namespace

Failure classify(const boost::system::error_code& ec, bool deadline_expired) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;

  if (ec == beast::error::timeout)
    return FailureKind::generic_timeout_error;
  if (ec == asio::error::operation_aborted) {
    return deadline_expired ? FailureKind::generic_timeout_error : FailureKind::interrupted;
  }
  if (deadline_expired)
    return FailureKind::generic_timeout_error;

  if (ec.category() == boost::system::system_category() ||
      ec.category() == boost::system::generic_category()) {
    if (auto kind = from_errno(ec.value()))
      return *kind;
  }
  if (ec == asio::error::eof || ec == beast::http::error::end_of_stream ||
      ec == beast::http::error::partial_message || ec == asio::ssl::error::stream_truncated) {
    return FailureKind::eof_error;
  }
  if (ec.category() == asio::error::get_ssl_category()) {
    return FailureKind::ssl_failed_handshake;
  }
  return Failure::unknown(scrub_addresses(ec.message()));
}

Failure classify_getaddrinfo(int eai_code, int saved_errno) {
  switch (eai_code) {
    case EAI_NONAME:
      return FailureKind::dns_nxdomain_error;
#ifdef EAI_NODATA
    case EAI_NODATA:
      return FailureKind::dns_no_answer;
#endif
    case EAI_AGAIN:
      return FailureKind::dns_temporary_failure;
    case EAI_FAIL:
      return FailureKind::dns_non_recoverable_failure;
    case EAI_SYSTEM:
      if (auto kind = from_errno(saved_errno))
        return *kind;
      return FailureKind::dns_server_misbehaving;
    default:
      return FailureKind::dns_server_misbehaving;
  }
}

std::string scrub_addresses(std::string_view text) {
  // IPv4 dotted quads, and IPv6 written with at least two colons and hex groups.
  static const std::regex kAddress(
      R"((\b\d{1,3}(\.\d{1,3}){3}\b)|(\b[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}\b))");
  return std::regex_replace(std::string(text), kAddress, "[scrubbed]");
}

}  // namespace ashyq::core
