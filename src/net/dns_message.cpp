#include "net/dns_message.hpp"

#include <ldns/ldns.h>

#include <algorithm>
#include <memory>

#include "core/ascii.hpp"

namespace ashyq::net {
namespace {

struct PktDeleter {
  void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
using PktPtr = std::unique_ptr<ldns_pkt, PktDeleter>;

std::string rdf_to_string(const ldns_rdf* rdf) {
  if (rdf == nullptr)
    return {};
  char* text = ldns_rdf2str(rdf);
  if (text == nullptr)
    return {};
  std::string out(text);
  free(text);
  return out;
}

std::string strip_dot_lower(std::string name) {
  if (!name.empty() && name.back() == '.')
    name.pop_back();
  return core::ascii_lower(name);
}

std::optional<std::string> to_wire(const ldns_pkt* pkt) {
  uint8_t* wire = nullptr;
  size_t size = 0;
  if (ldns_pkt2wire(&wire, pkt, &size) != LDNS_STATUS_OK)
    return std::nullopt;
  std::string out(reinterpret_cast<char*>(wire), size);
  free(wire);
  return out;
}

std::string_view type_name(uint16_t type) {
  switch (type) {
    case 1:
      return "A";
    case 2:
      return "NS";
    case 5:
      return "CNAME";
    case 28:
      return "AAAA";
    case 255:
      return "ANY";
    default:
      return "";
  }
}

}  // namespace

std::string_view to_string(DnsType type) {
  return type_name(static_cast<uint16_t>(type));
}

std::optional<std::string> encode_dns_query(uint16_t id, std::string_view name, DnsType type) {
  std::string absolute(name);
  // A NUL would end the name ldns reads, so the query sent would not be the one recorded.
  if (absolute.empty() || absolute.size() > 253 || absolute.find('\0') != std::string::npos)
    return std::nullopt;
  if (absolute.back() != '.')
    absolute.push_back('.');
  ldns_rdf* owner = ldns_dname_new_frm_str(absolute.c_str());
  if (owner == nullptr)
    return std::nullopt;
  PktPtr pkt(ldns_pkt_query_new(owner, static_cast<ldns_rr_type>(type), LDNS_RR_CLASS_IN, LDNS_RD));
  if (!pkt)
    return std::nullopt;
  ldns_pkt_set_id(pkt.get(), id);
  return to_wire(pkt.get());
}

std::optional<DnsMessage> parse_dns_message(std::string_view wire) {
  ldns_pkt* raw = nullptr;
  if (ldns_wire2pkt(&raw, reinterpret_cast<const uint8_t*>(wire.data()), wire.size()) !=
      LDNS_STATUS_OK) {
    return std::nullopt;
  }
  PktPtr pkt(raw);
  DnsMessage msg;
  msg.id = ldns_pkt_id(pkt.get());
  msg.is_response = ldns_pkt_qr(pkt.get());
  msg.rcode = ldns_pkt_get_rcode(pkt.get());
  if (const ldns_rr_list* q = ldns_pkt_question(pkt.get()); q && ldns_rr_list_rr_count(q) > 0) {
    const ldns_rr* rr = ldns_rr_list_rr(q, 0);
    msg.question_name = strip_dot_lower(rdf_to_string(ldns_rr_owner(rr)));
    msg.question_type = ldns_rr_get_type(rr);
  }
  if (const ldns_rr_list* an = ldns_pkt_answer(pkt.get())) {
    for (size_t i = 0; i < ldns_rr_list_rr_count(an); ++i) {
      const ldns_rr* rr = ldns_rr_list_rr(an, i);
      std::string_view type = type_name(ldns_rr_get_type(rr));
      if (type.empty() || type == "ANY" || ldns_rr_rd_count(rr) < 1)
        continue;
      model::DnsAnswer answer;
      answer.answer_type = std::string(type);
      answer.ttl = ldns_rr_ttl(rr);
      std::string value = rdf_to_string(ldns_rr_rdf(rr, 0));
      answer.value = (type == "A" || type == "AAAA") ? value : strip_dot_lower(value);
      msg.answers.push_back(std::move(answer));
    }
  }
  return msg;
}

std::optional<std::string> encode_dns_reply(const DnsMessage& query, int rcode,
                                            const std::vector<model::DnsAnswer>& answers) {
  std::string qname = query.question_name + ".";
  ldns_rdf* owner = ldns_dname_new_frm_str(qname.c_str());
  if (owner == nullptr)
    return std::nullopt;
  PktPtr pkt(ldns_pkt_query_new(owner, static_cast<ldns_rr_type>(query.question_type),
                                LDNS_RR_CLASS_IN, LDNS_RD | LDNS_RA | LDNS_QR));
  if (!pkt)
    return std::nullopt;
  ldns_pkt_set_id(pkt.get(), query.id);
  ldns_pkt_set_rcode(pkt.get(), static_cast<uint8_t>(rcode));
  for (const auto& a : answers) {
    std::string text = query.question_name + ". " + std::to_string(a.ttl.value_or(60)) + " IN " +
                       a.answer_type + " " + a.value +
                       (a.answer_type == "CNAME" || a.answer_type == "NS" ? "." : "");
    ldns_rr* rr = nullptr;
    if (ldns_rr_new_frm_str(&rr, text.c_str(), 0, nullptr, nullptr) != LDNS_STATUS_OK) {
      return std::nullopt;
    }
    ldns_pkt_push_rr(pkt.get(), LDNS_SECTION_ANSWER, rr);
  }
  return to_wire(pkt.get());
}

core::MaybeFailure dns_reply_failure(const DnsMessage& reply, DnsType asked) {
  using core::FailureKind;
  switch (reply.rcode) {
    case 0:
      break;
    case 2:
      return FailureKind::dns_servfail_error;
    case 3:
      return FailureKind::dns_nxdomain_error;
    case 5:
      return FailureKind::dns_refused_error;
    default:
      return FailureKind::dns_server_misbehaving;
  }
  auto want = to_string(asked);
  bool has = std::any_of(reply.answers.begin(), reply.answers.end(),
                         [&](const model::DnsAnswer& a) { return a.answer_type == want; });
  if (!has)
    return FailureKind::dns_no_answer;
  return std::nullopt;
}

std::vector<std::string> dns_addresses(const std::vector<model::DnsAnswer>& answers) {
  std::vector<std::string> out;
  for (const auto& a : answers) {
    if (a.answer_type == "A" || a.answer_type == "AAAA")
      out.push_back(a.value);
  }
  return out;
}

}  // namespace ashyq::net
