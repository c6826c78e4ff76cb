// whatsapp: can WhatsApp's chat endpoints, its registration server and WhatsApp Web be reached?
// OONI's whatsapp (ts-018, probe-cli 0.11.x): TCP connect to e1…e16.whatsapp.net on ports 443
// and 5222, an HTTPS GET of https://v.whatsapp.net/v2/register and of https://web.whatsapp.com/.
// The endpoints are data/messaging/whatsapp.csv (roles `endpoint`, `registration`, `web`;
// `-O endpoints=PATH` for another).
//
// OONI's keys: whatsapp_endpoints_status ("ok" when any endpoint connected), the hosts whose
// every port failed in whatsapp_endpoints_blocked, whatsapp_endpoints_dns_inconsistent (a legacy
// key, always empty), registration_server_status/_failure, whatsapp_web_status/_failure, and
// urlgetter's records. Any HTTP status counts as success, as OONI's spec says.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "experiments/experiment_settings.hpp"
#include "experiments/reachability.hpp"

namespace ashyq::experiments {

inline constexpr const char* kWhatsappVersion = "0.11.0";

AppAnalysis analyze_whatsapp(const std::vector<TargetOutcome>& outcomes);

boost::asio::awaitable<core::Result<boost::json::object>> measure_whatsapp_entry(
    std::string input, const ExperimentSettings& settings, EnvelopeInfo info);

}  // namespace ashyq::experiments
