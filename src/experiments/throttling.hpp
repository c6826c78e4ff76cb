// throttling: is one domain slowed down on this path while another one is not? Downloads the
// target URL (the input) and a control URL (`-O control=URL`, ideally on the same server address
// or CDN) over the same resolver and dialer, a few rounds alternating which goes first, each
// download capped in bytes (`-O bytes=`) and in time (`-O max_seconds=`: a download cut by that
// deadline still gives a rate). Each round compares the SAME number of bytes k = min(what the
// target got, what the control got, the cap), timed from the first response byte to the k-th,
// so that page sizes and server think time do not matter (docs/kz-censorship.md#throttling: the
// 2022–23 SNI-keyed throttling of azattyq.org, with a same-IP baseline at full speed).
//
// Bytes are counted on the wire: the `read` network events after the request (response headers
// and TLS framing included), so the rate is computed from the stored `network_events` alone.
//
// Verdict (x_ashyq_verdict): "throttling" when the target's rate is at most `max_ratio` of the
// control's AND below `max_target_kbit` in every comparable round; "none" when no round is;
// "unknown" when the control is slow or failed (a slow path is not domain-specific throttling),
// or the rounds disagree, or too few bytes arrived to compare; when the target fails before any
// byte while the control works, the failing step's method (dns, tcp_ip, tls, http-failure).
//
// Test keys: `target` and `control`, arrays with one entry per round, each urlgetter's keys
// (`failure`, `failed_operation`, `network_events`, `queries`, `requests`, `tcp_connect`,
// `tls_handshakes`) plus `round` and `url`; `x_throttling` (the comparison in numbers) and
// `x_ashyq_verdict`. OONI has no such experiment.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/verdict.hpp"
#include "core/clock.hpp"
#include "core/failure.hpp"
#include "core/result.hpp"
#include "experiments/experiment_settings.hpp"
#include "experiments/measurement.hpp"
#include "experiments/probe_basics.hpp"
#include "model/network_event.hpp"

namespace ashyq::experiments {

inline constexpr const char* kThrottlingVersion = "0.1.0";

// When a round says "throttled", and when there is nothing to compare. Defaults: Twitter was
// held near 130 kbit/s in Russia in 2021 and azattyq.org at tens of kbit/s in Kazakhstan; 1 Mbit/s
// is well above both and well below any working broadband or 4G path.
struct ThrottlingThresholds {
  double max_ratio = 0.3;          // target/control at most this in a throttled round
  double max_target_kbit = 1024;   // and the target at most this, absolutely
  double min_control_kbit = 512;   // a slower control: the whole path is slow, nothing to say
  std::uint64_t min_bytes = 8192;  // fewer bytes compared: the round proves nothing (unless the
                                   // target's download was cut by its deadline)
};

struct ThrottlingConfig : ProbeBasics {
  std::string control_url;                        // MANDATORY: http:// or https://
  std::uint64_t bytes = 256 * 1024;               // body bytes read at most per download
  int rounds = 3;                                 // target and control downloads each
  std::chrono::milliseconds max_download{10000};  // deadline of one HTTP exchange
  ThrottlingThresholds thresholds;
};

// --- the analysis: pure, table-tested -------------------------------------------------------

// Response bytes read so far (wire bytes, cumulative) at time t (seconds, measurement clock).
struct ProgressPoint {
  double t = 0;
  std::uint64_t bytes = 0;
};

// One download as the analysis sees it.
struct DownloadObservation {
  core::MaybeFailure failure;
  std::optional<core::Operation> failed_operation;
  double request_t = 0;                 // when the HTTP exchange began
  std::vector<ProgressPoint> progress;  // each read of the response, in order
  bool cut = false;                     // ended by the download deadline (a rate all the same)

  std::uint64_t total() const { return progress.empty() ? 0 : progress.back().bytes; }
  // Failed before any response byte (no connection, no handshake, nothing read).
  bool failed_outright() const { return failure.has_value() && progress.empty(); }
};

// From a download's trace: the read events after its http_transaction_start, the failure, and
// whether it was the HTTP deadline that ended it.
DownloadObservation observe_download(const std::vector<model::NetworkEvent>& events,
                                     core::MaybeFailure failure,
                                     std::optional<core::Operation> failed_operation);

// The rate (kbit/s) at which the first k bytes came: (k - bytes of the first read) over the time
// from the first read to the read that reached k. When the first read already held k bytes, the
// time from the request is used instead (a lower bound). Nullopt when fewer than k bytes came.
std::optional<double> download_kbit_s(const DownloadObservation& d, std::uint64_t k);

struct ThrottlingRound {
  DownloadObservation target;
  DownloadObservation control;
};

struct RoundComparison {
  std::uint64_t bytes = 0;  // k
  std::optional<double> target_kbit;
  std::optional<double> control_kbit;
  std::optional<double> ratio;  // target / control
  // The control's rate over everything it downloaded: whether the path itself is slow is judged
  // on this, not on k bytes (a few bytes of a fast download are timed mostly by latency).
  std::optional<double> control_path_kbit;
  bool comparable = false;  // both rates known over enough bytes
  bool throttled = false;   // comparable, ratio and target rate under the thresholds
};

struct ThrottlingSummary {
  std::vector<RoundComparison> rounds;
  std::optional<double> target_kbit;        // medians over the comparable rounds
  std::optional<double> control_kbit;       //
  std::optional<double> ratio;              //
  std::optional<double> control_path_kbit;  // median over every round the control downloaded
  std::uint64_t bytes = 0;                  // the fewest bytes any comparable round compared
  int comparable = 0;
  int throttled = 0;

  boost::json::object to_json() const;  // x_throttling
};

RoundComparison compare_round(const ThrottlingRound& round, std::uint64_t cap,
                              const ThrottlingThresholds& thresholds);
ThrottlingSummary summarize_throttling(const std::vector<ThrottlingRound>& rounds,
                                       std::uint64_t cap, const ThrottlingThresholds& thresholds);

analysis::Verdict analyze_throttling(const std::string& target_url, const std::string& control_url,
                                     const std::vector<ThrottlingRound>& rounds,
                                     const ThrottlingSummary& summary,
                                     const ThrottlingThresholds& thresholds);

// --- the measurement -------------------------------------------------------------------------

boost::asio::awaitable<core::Result<boost::json::object>> run_throttling(
    std::string input, const ThrottlingConfig& config, const core::MeasurementClock& clock);

// The whole measurement (test_name throttling, input the target URL).
boost::asio::awaitable<core::Result<boost::json::object>> measure_throttling(
    std::string input, const ThrottlingConfig& config, EnvelopeInfo info);

// `ashyq run -t throttling`: the config from the shared settings and the -O options (control,
// bytes, rounds, max_seconds); a bad option value is reported as the reason not to measure.
boost::asio::awaitable<core::Result<boost::json::object>> measure_throttling_entry(
    std::string input, const ExperimentSettings& settings, EnvelopeInfo info);

}  // namespace ashyq::experiments
