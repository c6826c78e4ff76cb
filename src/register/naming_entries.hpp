// The published register entries that concern one domain: what an evidence bundle about the
// domain carries beside its measurements (docs/evidence.md).
//   orders       whose targets name the domain (order_links.hpp's target_names_domain)
//   authorities  that issued those orders
//   outlets      with the domain (or a parent of it) among their domains
//   people       who work for those outlets
//   cases        of those people
// Pure; the caller gives the published view (register_json.hpp's published_view).
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "register/records.hpp"

namespace ashyq::legal {

struct NamedEntry {
  std::string kind;  // "authority", "order", "outlet", "person", "case" (the audit's names)
  std::string id;
  bool operator==(const NamedEntry&) const = default;
};

// In the order above, each kind by id, each entry once.
std::vector<NamedEntry> entries_naming(const Register& published, const std::string& domain);

// The same relation, checked on entries' public JSON (register_edit.hpp's public_entry_text), as
// an evidence bundle's verifier sees them: each order names the domain, each authority issued one
// of the orders, each outlet has the domain, each person works for one of the outlets, each case
// is one of the people's. Answers the index of each entry that does not hold (empty: all do).
struct PublicEntry {
  std::string kind;
  boost::json::object entry;
};
std::vector<std::size_t> entries_not_naming(const std::vector<PublicEntry>& entries,
                                            const std::string& domain);

}  // namespace ashyq::legal
