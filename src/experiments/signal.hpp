// signal: can the Signal app's backend services be reached? OONI's signal (ts-029, probe-cli
// 0.2.x): an HTTPS GET of each service host (textsecure-service.whispersystems.org,
// storage.signal.org, cdn.signal.org, cdn2.signal.org, sfu.voip.signal.org), trusting the
// system roots plus Signal's own CA (its servers' certificates chain to it, not to a public
// root), and a DNS lookup of uptime.signal.org that is recorded but not judged. The endpoints
// are data/messaging/signal.csv (roles `backend`, `uptime`); the pinned CA is
// data/messaging/signal-ca.pem, `-O ca_file=PATH` for another (the lab passes its CA).
//
// OONI's keys: signal_backend_status ("ok", or "blocked" when any backend failed) and
// signal_backend_failure (the first failed backend's failure, in list order), plus urlgetter's
// records.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "experiments/experiment_settings.hpp"
#include "experiments/reachability.hpp"

namespace ashyq::experiments {

inline constexpr const char* kSignalVersion = "0.2.2";

AppAnalysis analyze_signal(const std::vector<TargetOutcome>& outcomes);

boost::asio::awaitable<core::Result<boost::json::object>> measure_signal_entry(
    std::string input, const ExperimentSettings& settings, EnvelopeInfo info);

}  // namespace ashyq::experiments
