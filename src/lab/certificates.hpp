// The lab's certificates, made per run with the openssl CLI in the run directory: the lab's
// "public" root (which the probe and the helper trust, as browsers trust the web PKI), the sites'
// leaf, the blockpage server's leaf, per-site misconfigured certificates, and the chains of the
// TLS interceptors, modelled on Kazakhstan's (docs/kz-censorship.md#https-interception):
//
//   qaznet-2019  root "C=KZ, CN=Qaznet Trust Network" (RSA-4096, 2016-02-02 05:41 → 2046)
//                ← intermediate "C=KZ, CN=Security Certificate" (RSA-2048, 3 years)
//   isca         root "C=KZ, O=ISCA, CN=Information Security Certification Authority"
//                (2020-02-28 06:16:40 → 2050) ← an intermediate valid 75 days, current or
//                (intermediate_expired) already over, as KZ served for months
//
// The forged leaf copies what the real server's leaf says (the same subject and names) with
// validity shifted 6 hours earlier, and the chain presented is leaf + intermediate. Keys are
// fresh every run; the interceptor roots are never given to the probe or the helper.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lab/scenario.hpp"

namespace ashyq::lab {

// Makes dir/ca.pem (+ .key), dir/sites.pem (+ .key: one leaf naming every site), the blockpage
// leaf dir/blockpage.pem, the public resolver's DoT/DoH leaf dir/resolver.pem (its name and IP),
// and dir/site-<domain>.pem for sites whose `certificate` is not "valid".
void make_certificates(const Scenario& scenario, const std::filesystem::path& dir);

// One TLS interceptor: a chain model, and the port the interceptor serves it on.
struct InterceptorProfile {
  InterceptChain chain = InterceptChain::kQaznet2019;
  bool intermediate_expired = false;
  uint16_t port = 0;
  std::string stem;  // file names: dir/<stem>-leaf.pem (chain) and dir/<stem>-leaf.key
};

// The distinct chain models of the scenario's tls_intercept rules, in rule order, on ports
// 8443, 8444, …
std::vector<InterceptorProfile> interceptor_profiles(const Scenario& scenario);
// The profile a tls_intercept rule uses.
const InterceptorProfile& profile_for(const std::vector<InterceptorProfile>& profiles,
                                      const Rule& rule);

// The roots, intermediates and forged leaves of every profile.
void make_interceptor_certificates(const Scenario& scenario,
                                   const std::vector<InterceptorProfile>& profiles,
                                   const std::filesystem::path& dir);

}  // namespace ashyq::lab
