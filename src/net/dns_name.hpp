// Which host names ashyq will ask for: a name taken from a URL (an input, or a Location header a
// network chose) must be one a resolver could be asked for on the wire, or it is refused before
// any query — so no record names a query that was never sent (a NUL would cut the name that
// getaddrinfo and ldns see) and no raw bytes reach `queries[].hostname` or `server_name`.
#pragma once

#include <string_view>

namespace ashyq::net {

// The reason recorded when a host is refused: "unknown_failure: invalid domain name".
inline constexpr std::string_view kInvalidDomainName = "invalid domain name";

// A DNS name as resolvers accept it (RFC 1035 §2.3.1 and §2.3.4, as Go's resolver checks it):
// labels of 1–63 letters, digits, '-' and '_' (underscores occur in real host names), not
// starting or ending with '-'; at most 253 characters, one trailing dot allowed. Percent-decoded
// text only: "%ff" must already be the byte 0xFF, which no label may hold.
bool is_valid_dns_name(std::string_view name);

}  // namespace ashyq::net
