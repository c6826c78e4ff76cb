// The one classifier from low-level error codes (errno, Asio, Beast, OpenSSL, getaddrinfo) to
// failure kinds. Layers, as OONI's netxlite does it: our own deadline first, then errno-style
// system errors, then library categories; anything left becomes unknown_failure with the message
// (IP addresses scrubbed so a probe's address never leaks through an error text).
#pragma once

#include <boost/system/error_code.hpp>
#include <string>
#include <string_view>

#include "core/failure.hpp"

namespace ashyq::core {

// `deadline_expired` tells the classifier that the caller's own timer fired, which turns
// operation_aborted (or Beast's timeout) into generic_timeout_error instead of interrupted.
Failure classify(const boost::system::error_code& ec, bool deadline_expired = false);

// getaddrinfo's EAI_* return value (and errno when EAI_SYSTEM) on Linux.
Failure classify_getaddrinfo(int eai_code, int saved_errno);

// Replaces anything that looks like an IPv4 or IPv6 address with "[scrubbed]".
std::string scrub_addresses(std::string_view text);

}  // namespace ashyq::core
