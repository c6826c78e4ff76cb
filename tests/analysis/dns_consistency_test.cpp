// Table tests for the DNS primitives of dns_consistency.hpp (docs/ooni-formats.md#dns-consistency).
#include "analysis/dns_consistency.hpp"

#include <gtest/gtest.h>

#include "measurement_builder.hpp"

namespace ashyq::analysis {
namespace {

using core::Failure;
using core::FailureKind;

struct LookupRow {
  const char* name;
  std::optional<FailureKind> probe_failure;
  std::vector<std::string> probe_addrs;
  bool has_control;
  std::optional<FailureKind> th_failure;
  std::vector<std::string> th_addrs;
  std::set<std::string> tls_verified;
  LookupVerdict expected;
};

TEST(DnsConsistency, LteLookupVerdicts) {
  const auto nx = FailureKind::dns_nxdomain_error;
  const LookupRow rows[] = {
      {"same_ip_valid",
       {},
       {"93.184.216.34"},
       true,
       {},
       {"93.184.216.34"},
       {},
       LookupVerdict::valid},
      {"same_asn_valid",
       {},
       {"93.184.216.99"},
       true,
       {},
       {"93.184.216.34"},
       {},
       LookupVerdict::valid},
      {"disjoint_invalid",
       {},
       {"10.0.0.1"},
       true,
       {},
       {"93.184.216.34"},
       {},
       LookupVerdict::invalid},
      {"th_zero_addrs_invalid", {}, {"1.2.3.4"}, true, {}, {}, {}, LookupVerdict::invalid},
      {"tls_verified_upgrade_valid",
       {},
       {"8.8.4.4"},
       true,
       {},
       {"93.184.216.34"},
       {"8.8.4.4"},
       LookupVerdict::valid},
      {"both_failed_expected",
       nx,
       {},
       true,
       FailureKind::dns_name_error,
       {},
       {},
       LookupVerdict::expected_failure},
      {"android_vs_name_error_expected",
       FailureKind::android_dns_cache_no_data,
       {},
       true,
       FailureKind::dns_name_error,
       {},
       {},
       LookupVerdict::expected_failure},
      {"no_answer_th_empty_expected",
       FailureKind::dns_no_answer,
       {},
       true,
       {},
       {},
       {},
       LookupVerdict::expected_failure},
      {"probe_failed_th_ok_unexpected",
       nx,
       {},
       true,
       {},
       {"93.184.216.34"},
       {},
       LookupVerdict::unexpected_failure},
      {"no_control", {}, {"93.184.216.34"}, false, {}, {}, {}, LookupVerdict::no_control},
  };
  AsnTable asns;
  asns.set("93.184.216.34", 15133);
  asns.set("93.184.216.99", 15133);
  for (const auto& row : rows) {
    ClassicLookup probe;
    probe.present = true;
    probe.addrs = row.probe_addrs;
    if (row.probe_failure)
      probe.failure = Failure(*row.probe_failure);
    model::ControlDns th;
    th.addrs = row.th_addrs;
    if (row.th_failure)
      th.failure = Failure(*row.th_failure);
    const auto v = classify_lookup(probe, row.has_control ? &th : nullptr, asns, row.tls_verified);
    EXPECT_EQ(to_string(v), to_string(row.expected)) << row.name;
  }
}

TEST(DnsConsistency, OverlapPrimitives) {
  AsnTable asns;
  asns.set("1.1.1.1", 13335);
  asns.set("1.0.0.1", 13335);
  asns.set("10.0.0.1", 0);
  EXPECT_TRUE(share_ip({"2001:DB8::1"}, {"2001:db8::1"}));  // compared as addresses
  EXPECT_FALSE(share_ip({"1.1.1.1"}, {"1.0.0.1"}));
  EXPECT_TRUE(share_asn({"1.1.1.1"}, {"1.0.0.1"}, asns));
  EXPECT_FALSE(share_asn({"10.0.0.1"}, {"10.0.0.2"}, asns));  // ASN 0 never matches
  EXPECT_TRUE(is_nxdomain_like(Failure(FailureKind::android_dns_cache_no_data)));
  EXPECT_FALSE(is_nxdomain_like(Failure(FailureKind::dns_no_answer)));
}

TEST(DnsConsistency, ClassicLookupMergesV04Records) {
  // v0.4 writes one getaddrinfo call as A and AAAA records; a missing AAAA is not a failure.
  auto in = testing::Measurement("http://example.com/").parse();
  model::DnsQuery a;
  a.engine = "system";
  a.hostname = "example.com";
  a.query_type = "A";
  a.answers.push_back({"A", "93.184.216.34", std::nullopt, 15133, ""});
  model::DnsQuery aaaa = a;
  aaaa.query_type = "AAAA";
  aaaa.answers.clear();
  aaaa.failure = Failure(FailureKind::dns_no_answer);
  model::DnsQuery udp = a;
  udp.engine = "udp";
  udp.answers = {{"A", "6.6.6.6", std::nullopt, 0, ""}};
  in.queries = {a, aaaa, udp};
  const auto lookup = classic_lookup(in);
  EXPECT_TRUE(lookup.present);
  EXPECT_FALSE(lookup.failure);
  EXPECT_EQ(lookup.addrs, std::vector<std::string>{"93.184.216.34"});
  const auto verified = tls_verified_addresses(in, "example.com");
  EXPECT_TRUE(verified.empty());
}

}  // namespace
}  // namespace ashyq::analysis
