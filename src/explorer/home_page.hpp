// / : the countries with measurements in the last 30 days — how many, the share found anomalous,
// how many confirmed blocked — each linked to its country page.
#pragma once

#include <string>
#include <vector>

#include "collector/observatory_store.hpp"
#include "core/result.hpp"
#include "explorer/page.hpp"

namespace ashyq::explorer {

struct HomeData {
  QueryParams api;                                    // the read API's parameters of the 30 days
  std::vector<collector::AggregationCell> countries;  // x probe_cc
};

core::Result<HomeData> load_home(collector::ObservatoryStore& store, collector::SysSeconds now);
std::string render_home(const PageRequest& request, const HomeData& data);

}  // namespace ashyq::explorer
