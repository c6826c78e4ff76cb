// The register's pages (docs/register.md), drawn from the published register only:
//   /orders        every published order: who issued it, when, on what basis, its targets, its
//                  status today
//   /order/{id}    one order in full — authority, dates, legal basis, targets (a domain target
//                  links to its domain page), scope, status history, sources with the digests of
//                  their archived copies — and each target as measured: first and last day
//                  blocked, on which networks
// and a section of /country/{CC}: the country's orders beside its measurements, the three findings
// of register/order_links.hpp (blocked with no known order, ordered but not blocked, blocked before
// the order).
#pragma once

#include <string>
#include <vector>

#include "explorer/page.hpp"
#include "register/order_links.hpp"
#include "register/records.hpp"

namespace ashyq::explorer {

std::string render_orders(const PageRequest& request, const legal::Register& published);

// `links`: the findings of the order's country.
std::string render_order(const PageRequest& request, const legal::Register& published,
                         const legal::Order& order, const legal::OrderLinks& links);

// <section id="sources">: each source linked, with its date, language and the SHA-256 of the
// archived copy ("" when there is none).
std::string sources_section(const PageRequest& request, const std::vector<legal::Source>& sources);

// The section for /country/{cc} ("" when the register has no order of that country and the
// country has no domain blocked without one); long lists show their most measured rows.
std::string register_country_section(const PageRequest& request, const std::string& cc,
                                     const legal::OrderLinks& links);

// The section for /domain/{domain}: the published orders that name it ("" when none does).
std::string register_domain_section(const PageRequest& request, const legal::Register& published,
                                    const std::string& domain);

}  // namespace ashyq::explorer
