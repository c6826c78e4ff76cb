// The observatory's measurements as the register's observations (register/order_links.hpp): for a
// country, every web_connectivity measurement of a domain that was measured blocked or that an
// order of that country names, counted per day, network and outcome — blocked (an anomaly or a
// confirmed blockpage), accessible (neither), undecided (the measurement failed; left out).
// Read from the store's daily aggregation, so one query per such domain, not one row per
// measurement: the findings have a day's precision, which is the orders' own.
#pragma once

#include <string>
#include <vector>

#include "collector/observatory_store.hpp"
#include "core/result.hpp"
#include "register/order_links.hpp"
#include "register/records.hpp"

namespace ashyq::collector {

core::Result<std::vector<legal::Observation>> register_observations(ObservatoryStore& store,
                                                                    const legal::Register& reg,
                                                                    const std::string& country);

// Every web_connectivity measurement of an outlet's domains (or their subdomains), in every
// country, counted per day, network and outcome as above: what register/outlet_timeline.hpp sets
// beside the outlet's legal events. One query to find the measured (domain, country) pairs, then
// one per pair.
core::Result<std::vector<legal::Observation>> outlet_observations(
    ObservatoryStore& store, const std::vector<std::string>& domains);

}  // namespace ashyq::collector
