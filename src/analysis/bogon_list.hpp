// BogonList: the special-purpose address ranges that can never be a public web server's address
// (private, loopback, link-local, documentation, multicast, reserved …), kept as data.
//
// The default list follows the ranges OONI treats as bogons (docs/ooni-formats.md), including the
// 6to4 (2002::/16) and Teredo (2001::/32) encodings of the IPv4 ranges. A lab whose "internet" uses
// private addresses declares them public with an override text:
//
//   # one entry per line; '#' starts a comment
//   198.18.0.0/15        add a bogon range
//   -10.77.0.0/16        declare a range public: it wins over every bogon range containing it
//   clear                forget every range added so far (start from an empty list)
//
// Values are immutable after loading and cheap to copy; safe to share between threads.
#pragma once

#include <string_view>
#include <vector>

#include "analysis/ip_prefix.hpp"
#include "core/result.hpp"

namespace ashyq::analysis {

class BogonList {
 public:
  // An empty list: nothing is a bogon.
  BogonList() = default;
  // OONI-compatible defaults.
  static const BogonList& defaults();

  // Applies an override text (format above) on top of `base`; the error names the line.
  static core::Result<BogonList> parse(std::string_view text, const BogonList& base = defaults());

  void add_bogon(const IpPrefix& prefix) { bogons_.push_back(prefix); }
  void add_public(const IpPrefix& prefix) { publics_.push_back(prefix); }

  bool is_bogon(const IpAddress& ip) const;
  // A string that is not an IP address is not a bogon.
  bool is_bogon(std::string_view ip) const;

  const std::vector<IpPrefix>& bogon_prefixes() const { return bogons_; }
  const std::vector<IpPrefix>& public_prefixes() const { return publics_; }

 private:
  std::vector<IpPrefix> bogons_;
  std::vector<IpPrefix> publics_;
};

// 127.0.0.0/8 and ::1 (what the probe must never dial; LTE rules 6 and 7).
bool is_loopback(std::string_view ip);

}  // namespace ashyq::analysis
