// telegram: can Telegram's data centres and its web client be reached? OONI's telegram (ts-020,
// probe-cli 0.3.x): a plain-HTTP POST to every data-centre address on ports 80 and 443 (the
// DCs answer HTTP on both), and an HTTPS GET of web.telegram.org. The endpoints are the list
// data/messaging/telegram.csv (roles `dc` and `web`; `-O endpoints=PATH` for another).
//
// OONI's keys: telegram_tcp_blocking (no DC accepted a TCP connection), telegram_http_blocking
// (no DC request got a response), telegram_web_status ("ok"/"blocked"), telegram_web_failure,
// and urlgetter's records. Rule for the web part: an endpoint fails only when every address of
// its host failed (OONI's older per-address check called web.telegram.org blocked when one of
// several addresses failed).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "experiments/experiment_settings.hpp"
#include "experiments/reachability.hpp"

namespace ashyq::experiments {

inline constexpr const char* kTelegramVersion = "0.3.1";

// OONI's keys and the verdict from the outcomes (pure).
AppAnalysis analyze_telegram(const std::vector<TargetOutcome>& outcomes);

boost::asio::awaitable<core::Result<boost::json::object>> measure_telegram_entry(
    std::string input, const ExperimentSettings& settings, EnvelopeInfo info);

}  // namespace ashyq::experiments
