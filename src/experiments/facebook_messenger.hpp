// facebook_messenger: do Facebook Messenger's service hosts resolve to Facebook's network, and
// do they accept connections? OONI's facebook_messenger (ts-019, probe-cli 0.2.x): resolve each
// service host, check that every answer belongs to Facebook's AS32934, TCP connect to port 443
// (stun.fbsbx.com is only resolved). The endpoints are data/messaging/facebook_messenger.csv
// (role `service`; the entry's name gives the key: b_api → facebook_b_api_dns_consistent;
// `-O endpoints=PATH` for another). ASNs come from the probe's --asn-db.
//
// OONI's keys: facebook_<name>_dns_consistent and facebook_<name>_reachable (null when not
// judged), facebook_dns_blocking, facebook_tcp_blocking, and urlgetter's records.
// Rule for DNS: an answer is inconsistent when it is a bogon or its ASN is known and not
// AS32934; a service is consistent when every answer is in AS32934, inconsistent when any answer
// is inconsistent or the lookup failed, and not judged (null) otherwise — OONI counts an answer
// whose ASN it does not know as inconsistent, which flags every run without an ASN database.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "experiments/experiment_settings.hpp"
#include "experiments/reachability.hpp"

namespace ashyq::experiments {

inline constexpr const char* kFacebookMessengerVersion = "0.2.1";
inline constexpr uint32_t kFacebookAsn = 32934;

AppAnalysis analyze_facebook_messenger(const std::vector<TargetOutcome>& outcomes);

boost::asio::awaitable<core::Result<boost::json::object>> measure_facebook_messenger_entry(
    std::string input, const ExperimentSettings& settings, EnvelopeInfo info);

}  // namespace ashyq::experiments
