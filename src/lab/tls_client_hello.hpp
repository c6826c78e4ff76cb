// The server name (SNI) of a TLS ClientHello, read from the first bytes a client sends on a TCP
// connection. Used by the lab's censor, which sees those bytes one segment at a time: the parser
// tells "not TLS", "need more bytes" (the ClientHello spans several segments) and "done".
// Pure function, no I/O; never trusts its input.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ashyq::lab {

enum class ParseStatus {
  kDone,       // a complete message was parsed
  kNeedMore,   // a prefix of a valid message: more bytes may complete it
  kNotMatched  // not this protocol (or malformed)
};

struct ClientHelloInfo {
  ParseStatus status = ParseStatus::kNotMatched;
  std::optional<std::string> sni;  // lower case; empty optional when the hello carries no SNI
};

// `stream` holds the client-to-server bytes from the start of the connection.
ClientHelloInfo parse_client_hello(std::string_view stream);

// True if `name` equals `pattern` or is a subdomain of it (case-insensitive, trailing dots
// ignored). "a.b.example.com" matches "example.com"; "badexample.com" does not.
bool name_matches(std::string_view name, std::string_view pattern);

}  // namespace ashyq::lab
