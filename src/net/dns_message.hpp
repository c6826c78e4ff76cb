// DNS wire format (RFC 1035) through ldns: the queries our resolvers send, the replies they
// read, and replies built from scratch (used by the lab's DNS injector and the tests' servers).
// Parsing never trusts the input: a malformed message is std::nullopt, never a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/failure.hpp"
#include "model/dns_query.hpp"

namespace ashyq::net {

enum class DnsType : uint16_t { A = 1, NS = 2, CNAME = 5, AAAA = 28, ANY = 255 };

std::string_view to_string(DnsType type);

struct DnsMessage {
  uint16_t id = 0;
  bool is_response = false;
  int rcode = 0;
  std::string question_name;  // without the trailing dot, lower case
  uint16_t question_type = 0;
  std::vector<model::DnsAnswer> answers;
};

// A recursive query (RD set) for `name` with the given id. Returns nullopt for a name that is
// not a valid DNS name.
std::optional<std::string> encode_dns_query(uint16_t id, std::string_view name, DnsType type);

std::optional<DnsMessage> parse_dns_message(std::string_view wire);

// A reply to `query` (the query's id and question, RA set) with the given rcode and answers.
// Answers of type "A"/"AAAA" carry an address, "CNAME" a host name.
std::optional<std::string> encode_dns_reply(const DnsMessage& query, int rcode,
                                            const std::vector<model::DnsAnswer>& answers);

// What an rcode (and an empty answer for the asked type) means as a failure: NXDOMAIN →
// dns_nxdomain_error, SERVFAIL → dns_servfail_error, REFUSED → dns_refused_error, other
// errors → dns_server_misbehaving, NOERROR without a record of the asked type → dns_no_answer.
core::MaybeFailure dns_reply_failure(const DnsMessage& reply, DnsType asked);

// The addresses (A and AAAA answers) of a reply, in order.
std::vector<std::string> dns_addresses(const std::vector<model::DnsAnswer>& answers);

}  // namespace ashyq::net
