#include "lab/dns_question.hpp"

namespace ashyq::lab {

std::optional<DnsQuestion> parse_dns_question(std::string_view datagram) {
  if (datagram.size() < 12)
    return std::nullopt;
  auto message = net::parse_dns_message(datagram);
  if (!message || message->is_response || message->question_name.empty())
    return std::nullopt;
  DnsQuestion q;
  q.name = message->question_name;
  q.type = message->question_type;
  q.message = std::move(*message);
  return q;
}

}  // namespace ashyq::lab
