#include "analysis/dns_consistency.hpp"

#include <algorithm>

#include "analysis/ip_prefix.hpp"
#include "model/url_parts.hpp"

namespace ashyq::analysis {

using core::FailureKind;

std::string_view to_string(DnsConsistency c) {
  return c == DnsConsistency::consistent ? "consistent" : "inconsistent";
}

std::string_view to_string(LookupVerdict v) {
  switch (v) {
    case LookupVerdict::valid:
      return "valid";
    case LookupVerdict::invalid:
      return "invalid";
    case LookupVerdict::expected_failure:
      return "expected_failure";
    case LookupVerdict::unexpected_failure:
      return "unexpected_failure";
    case LookupVerdict::no_control:
      return "no_control";
  }
  return "?";
}

AsnTable AsnTable::from_input(const model::WebConnectivityMeasurement& in) {
  AsnTable t;
  for (const auto& q : in.queries) {
    for (const auto& a : q.answers) {
      if (!a.ip().empty() && a.asn != 0)
        t.table_.emplace(a.ip(), a.asn);
    }
  }
  if (in.control) {
    for (const auto& [ip, info] : in.control->ip_info) {
      if (info.asn != 0)
        t.table_.emplace(ip, info.asn);
    }
  }
  return t;
}

std::uint32_t AsnTable::lookup(std::string_view ip) const {
  auto it = table_.find(ip);
  return it == table_.end() ? 0 : it->second;
}

ClassicLookup classic_lookup(const model::WebConnectivityMeasurement& in) {
  ClassicLookup out;
  const auto url = model::split_url(in.input_url);
  const std::string host = url ? url->host : "";
  core::MaybeFailure first_failure, first_aaaa_no_answer;
  for (const auto& q : in.queries) {
    if (!q.is_system_resolver() || q.tags.depth() != 0)
      continue;
    if (!q.hostname.empty() && !host.empty() && q.hostname != host)
      continue;
    out.present = true;
    for (auto& ip : q.addresses()) {
      if (std::find(out.addrs.begin(), out.addrs.end(), ip) == out.addrs.end()) {
        out.addrs.push_back(std::move(ip));
      }
    }
    if (q.failure) {
      const bool aaaa_no_answer =
          q.query_type == "AAAA" && q.failure->kind() == FailureKind::dns_no_answer;
      if (aaaa_no_answer) {
        if (!first_aaaa_no_answer)
          first_aaaa_no_answer = q.failure;
      } else if (!first_failure) {
        first_failure = q.failure;
      }
    }
  }
  if (!out.present && in.recorded.dns_experiment_failure) {
    out.present = true;
    first_failure = in.recorded.dns_experiment_failure;
  }
  if (out.addrs.empty() && out.present) {
    out.failure = first_failure ? first_failure : first_aaaa_no_answer;
    if (!out.failure)
      out.failure = core::Failure(FailureKind::dns_no_answer);
  }
  return out;
}

bool share_ip(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    if (x.empty())
      continue;
    const auto px = parse_ip(x);
    for (const auto& y : b) {
      if (x == y)
        return true;
      const auto py = parse_ip(y);
      if (px && py && *px == *py)
        return true;
    }
  }
  return false;
}

bool share_asn(const std::vector<std::string>& a, const std::vector<std::string>& b,
               const AsnTable& asns) {
  std::set<std::uint32_t> left;
  for (const auto& x : a) {
    if (auto asn = asns.lookup(x); asn != 0)
      left.insert(asn);
  }
  for (const auto& y : b) {
    if (auto asn = asns.lookup(y); asn != 0 && left.count(asn))
      return true;
  }
  return false;
}

std::set<std::string> tls_verified_addresses(const model::WebConnectivityMeasurement& in,
                                             std::string_view host) {
  std::set<std::string> out;
  for (const auto& t : in.tls_handshakes) {
    if (t.failure || t.no_tls_verify || t.server_name != host)
      continue;
    if (auto ep = split_endpoint(t.address))
      out.insert(ep->ip);
  }
  if (in.control) {
    for (const auto& [ip, info] : in.control->ip_info) {
      if (info.flags & 8)
        out.insert(ip);
    }
  }
  return out;
}

bool is_nxdomain_like(const core::MaybeFailure& f) {
  return f && (f->kind() == FailureKind::dns_nxdomain_error ||
               f->kind() == FailureKind::android_dns_cache_no_data);
}

std::optional<DnsConsistency> dns_consistency_v04(const model::WebConnectivityMeasurement& in,
                                                  const AsnTable& asns) {
  if (!in.has_control())
    return std::nullopt;
  const auto url = model::split_url(in.input_url);
  if (url && url->host_is_ip)
    return DnsConsistency::consistent;
  const auto probe = classic_lookup(in);
  const auto& control = in.control->dns;
  if (probe.failure && control.failure) {
    if (control.failure->kind() == FailureKind::dns_name_error && is_nxdomain_like(probe.failure)) {
      return DnsConsistency::consistent;
    }
    return DnsConsistency::inconsistent;
  }
  if (share_asn(probe.addrs, control.addrs, asns))
    return DnsConsistency::consistent;
  if (share_ip(probe.addrs, control.addrs))
    return DnsConsistency::consistent;
  return DnsConsistency::inconsistent;
}

LookupVerdict classify_lookup(const ClassicLookup& probe, const model::ControlDns* control,
                              const AsnTable& asns, const std::set<std::string>& tls_verified) {
  if (!control)
    return LookupVerdict::no_control;
  if (probe.failure) {
    if (control->failure)
      return LookupVerdict::expected_failure;
    if (probe.failure->kind() == FailureKind::dns_no_answer && control->addrs.empty()) {
      return LookupVerdict::expected_failure;
    }
    return LookupVerdict::unexpected_failure;
  }
  if (control->failure) {
    // The probe resolved a name the helper could not: nothing to compare against (step 4 still
    // reads it as inconsistent, the "ghost domain" case).
    return LookupVerdict::no_control;
  }
  if (share_ip(probe.addrs, control->addrs) || share_asn(probe.addrs, control->addrs, asns)) {
    return LookupVerdict::valid;
  }
  for (const auto& ip : probe.addrs) {
    if (tls_verified.count(ip))
      return LookupVerdict::valid;
  }
  return LookupVerdict::invalid;
}

std::optional<DnsConsistency> dns_consistency_lte(const model::WebConnectivityMeasurement& in,
                                                  const AsnTable& asns) {
  if (!in.has_control())
    return std::nullopt;
  const auto url = model::split_url(in.input_url);
  if (url && url->host_is_ip)
    return std::nullopt;
  const auto probe = classic_lookup(in);
  if (!probe.present)
    return std::nullopt;
  switch (classify_lookup(probe, &in.control->dns, asns)) {
    case LookupVerdict::valid:
    case LookupVerdict::expected_failure:
      return DnsConsistency::consistent;
    case LookupVerdict::invalid:
    case LookupVerdict::unexpected_failure:
      return DnsConsistency::inconsistent;
    case LookupVerdict::no_control:
      // A "ghost" name: the probe got addresses where the helper resolved none.
      if (!probe.failure && in.control->dns.addrs.empty())
        return DnsConsistency::inconsistent;
      break;
  }
  return std::nullopt;
}

}  // namespace ashyq::analysis
