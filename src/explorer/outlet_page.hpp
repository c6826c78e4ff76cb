// The register's outlets (docs/register.md), drawn from the published register only:
//   /outlets       every published outlet, its domains and its people
//   /outlet/{id}   one outlet: its domains (each linked to its domain page), social accounts, its
//                  people and their cases, and its timeline (register/outlet_timeline.hpp) — the
//                  orders naming its domains, its people's case events and the periods its domains
//                  were measured blocked, on one time axis (inline SVG) and as a table
#pragma once

#include <string>
#include <vector>

#include "explorer/page.hpp"
#include "register/outlet_timeline.hpp"
#include "register/records.hpp"

namespace ashyq::explorer {

std::string render_outlets(const PageRequest& request, const legal::Register& published);

std::string render_outlet(const PageRequest& request, const legal::Register& published,
                          const legal::Outlet& outlet,
                          const std::vector<legal::TimelineEntry>& timeline);

}  // namespace ashyq::explorer
