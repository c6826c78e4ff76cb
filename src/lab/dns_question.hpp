// The question of a DNS query datagram (UDP/53), for the censor's DNS-name matching. A thin
// layer over net::parse_dns_message that keeps only queries (QR clear) with a question.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/dns_message.hpp"

namespace ashyq::lab {

struct DnsQuestion {
  net::DnsMessage message;  // the parsed query, as encode_dns_reply wants it
  std::string name;         // lower case, no trailing dot
  uint16_t type = 0;
};

std::optional<DnsQuestion> parse_dns_question(std::string_view datagram);

}  // namespace ashyq::lab
