// OONI's check-in (`POST /api/v1/check-in`): a probe says where it is and how it runs; the
// collector answers with the deployment's test helpers and, for web_connectivity, a report id
// and the URLs to measure — the probe's country's Citizen Lab list first, then the global list,
// cut to OONI's limits (100 URLs when charging, 20 on battery, all for a manual run).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "experiments/test_list.hpp"

namespace ashyq::collector {

struct CheckInRequest {
  std::string probe_cc = "ZZ";
  std::string probe_asn = "AS0";
  std::string platform;
  std::string software_name;
  std::string software_version;
  bool charging = true;
  bool on_wifi = true;
  std::string run_type = "timed";           // "timed" or "manual"
  std::vector<std::string> category_codes;  // web_connectivity.category_codes; empty: all
};

// Missing fields take the defaults above; a field of the wrong type is an error naming it.
core::Result<CheckInRequest> parse_check_in(const boost::json::value& body);

// The Citizen Lab lists of a deployment: DIR/global.csv and DIR/{cc}.csv (lower case), read once
// each and kept. A country without a list gets the global list alone.
class TestListCatalog {
 public:
  explicit TestListCatalog(std::string dir);
  // The entries of the country's list (empty when it has none); thread-safe.
  std::shared_ptr<const experiments::TestList> country(std::string_view cc);
  std::shared_ptr<const experiments::TestList> global();
  // The category of `url` in the country's list, else in the global list; "" when unlisted.
  std::string category_of(std::string_view cc, std::string_view url);

 private:
  struct Loaded {
    std::shared_ptr<const experiments::TestList> list;
    std::map<std::string, std::string, std::less<>> category;  // url → category_code
  };
  const Loaded& load(const std::string& name);
  std::string dir_;
  std::mutex mutex_;
  std::map<std::string, Loaded> loaded_;
};

struct CheckInUrl {
  std::string url;
  std::string category_code;
  std::string country_code;  // the list it came from: the probe's country, or "XX" (global)
};

// The URLs for a check-in: the country's first, then the global ones not already listed, only
// the requested categories, cut to OONI's limits.
std::vector<CheckInUrl> check_in_urls(const CheckInRequest& request, TestListCatalog& lists);

// `conf.test_helpers` and `GET /api/v1/test-helpers`: {"web-connectivity": [{"address", "type"}]}.
boost::json::object test_helpers_json(const std::vector<std::string>& helper_urls);

// The whole answer. `report_id_for(test_name)` makes a report id for the probe's network.
boost::json::object check_in_answer(
    const CheckInRequest& request, const std::vector<CheckInUrl>& urls,
    const std::vector<std::string>& helper_urls,
    const std::function<std::string(std::string_view)>& report_id_for,
    std::chrono::system_clock::time_point now);

}  // namespace ashyq::collector
