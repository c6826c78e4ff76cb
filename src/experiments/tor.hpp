// tor: can this network reach Tor's directory authorities and default bridges? (OONI's `tor`,
// ts-023, plus ashyq's verdict.) No input: one measurement per run over an endpoint list read at
// run time (data/tor/targets.csv, or `-O targets=PATH`), so the list can be updated without a
// rebuild.
//
// Steps, every target at once (at most kTorConcurrency in flight), each step with its deadline:
//   - every target: a TCP connect;
//   - or_port / or_port_dirauth: a TLS handshake without SNI, ALPN or certificate verification
//     (relays present self-signed link certificates), then, unless `-O or_handshake=false`, the
//     first step of Tor's link protocol: a VERSIONS cell is sent and the relay's VERSIONS cell
//     read back (the "OR handshake"; the rest — CERTS, AUTH_CHALLENGE, NETINFO — is not checked);
//   - dir_port: an HTTP GET of /tor/server/authority (the authority's own descriptor, a few KiB;
//     the consensus would be megabytes); a status below 400 counts (as OONI's urlgetter:
//     http_request_failed otherwise);
//   - obfs4: the TCP connect only (ashyq has no obfs4 implementation).
//
// Test keys: OONI's — `targets` (keyed by target address) and the per-protocol counters
// (`*_total`, `*_accessible`, accessible as OONI: connect + TLS, connect + HTTP, connect) —
// plus, per target, `target_source` and `x_or_handshake`, and the measurement's
// `x_ashyq_verdict` (OONI's tor gives no verdict; ours is an addition; see analyze_tor()).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/verdict.hpp"
#include "core/clock.hpp"
#include "core/failure.hpp"
#include "core/result.hpp"
#include "experiments/measurement.hpp"
#include "experiments/probe_basics.hpp"
#include "net/endpoint.hpp"

namespace ashyq::experiments {

struct ExperimentSettings;

inline constexpr const char* kTorVersion = "0.1.0";
inline constexpr std::size_t kTorConcurrency = 8;         // targets measured at once
inline constexpr std::size_t kTorDirBodyCap = 64 * 1024;  // the descriptor is a few KiB
inline constexpr const char* kTorDirPath = "/tor/server/authority";

enum class TorProtocol { or_port_dirauth, or_port, dir_port, obfs4 };
std::string_view to_string(TorProtocol p);
std::optional<TorProtocol> tor_protocol_from_string(std::string_view s);

// One row of the targets file.
struct TorTarget {
  std::string name;     // "moria1", or a bridge's fingerprint
  std::string address;  // "IP:port" as written (the key in `targets`)
  net::Endpoint endpoint;
  TorProtocol protocol = TorProtocol::or_port_dirauth;
  std::string source;  // where the row comes from
};

// The targets file: CSV with the header `name,address,protocol,source`; lines starting with '#'
// are comments. An IP literal and port are required (no names: a target must not need DNS). The
// error names the file and the line: "FILE:LINE: why".
core::Result<std::vector<TorTarget>> parse_tor_targets(std::string_view text,
                                                       const std::string& file);
core::Result<std::vector<TorTarget>> load_tor_targets(const std::string& path);

// --- the OR handshake's first cell (pure) ----------------------------------------------------

// The VERSIONS cell a client sends first (tor-spec §4.1): circuit id 0 (2 bytes), command 7,
// a 2-byte length, and the link protocol versions 3, 4 and 5.
std::string tor_versions_cell();

struct TorVersionsReply {
  enum class Status { need_more, ok, not_versions };
  Status status = Status::need_more;
  std::size_t needed = 5;          // bytes of the whole cell once its header is known
  std::vector<uint16_t> versions;  // the relay's versions (status ok)
  std::string why;                 // not_versions: what was wrong
};
// Reads the first cell of `bytes` (the relay's first answer).
TorVersionsReply parse_tor_versions_reply(std::string_view bytes);

// --- the analysis: pure, table-tested -------------------------------------------------------

struct TorTargetOutcome {
  std::string name;
  std::string address;
  TorProtocol protocol = TorProtocol::or_port_dirauth;
  core::MaybeFailure connect_failure;  // nullopt: connected
  // TLS (or ports) or HTTP (dir port) after the connect; attempted only after a connect.
  bool handshake_attempted = false;
  core::MaybeFailure handshake_failure;
  // The VERSIONS exchange after the TLS handshake (or ports, when enabled).
  bool or_attempted = false;
  core::MaybeFailure or_failure;
};

// OONI's "accessible": connect (+ TLS for OR ports, + an HTTP answer for dir ports).
bool tor_target_accessible(const TorTargetOutcome& o);
// accessible, and the VERSIONS exchange worked when it was tried.
bool tor_target_usable(const TorTargetOutcome& o);

// OONI's counters: or_port_dirauth_total/_accessible, or_port_*, dir_port_*, obfs4_*.
boost::json::object tor_counters(const std::vector<TorTargetOutcome>& outcomes);

// The verdict. Targets are judged per group (authorities' OR ports, bridges' OR ports, dir
// ports, obfs4 bridges); in a group of n:
//   - "nearly all" = at least 80% of the group (all of a group of 1–4, 8 of 9, 9 of 11): one
//     authority or bridge being down is normal and never decides anything;
//   - a group is blocked at TCP when nearly all fail their connect → tcp_ip;
//   - blocked at the handshake when it is not blocked at TCP, at least half of it connects, and
//     nearly all of the connected ones then fail TLS / the VERSIONS exchange (or the HTTP GET)
//     → tls (http-failure for dir ports);
//   - reachable when more than half of it is usable.
// The measurement: the first blocked group (authorities first) gives the method; else `none`
// when the authorities (or, without authorities, every group) are reachable; else `unknown`.
// Confidence: 0.85 for tcp_ip when some other target connected (the probe is online and the
// failures are specific), 0.6 when nothing at all connected (an offline probe looks the same);
// 0.85 for tls (the connects show the probe is online); 0.15 less for groups of fewer than 3; none:
// 0.9 when at most one of the group failed, 0.7 otherwise. The evidence names every failing target
// and its failure.
analysis::Verdict analyze_tor(const std::vector<TorTargetOutcome>& outcomes);

// --- the measurement -------------------------------------------------------------------------

struct TorConfig : ProbeBasics {
  std::vector<TorTarget> targets;  // MANDATORY
  bool or_handshake = true;        // send VERSIONS after the TLS handshake
  std::size_t concurrency = kTorConcurrency;
};

boost::asio::awaitable<boost::json::object> run_tor(const TorConfig& config,
                                                    const core::MeasurementClock& clock);

boost::asio::awaitable<boost::json::object> measure_tor(const TorConfig& config, EnvelopeInfo info);

// The registry's entry: reads the targets file (settings.data_path("tor/targets.csv"), or
// `-O targets=PATH`) and `-O or_handshake=true|false`; a bad file or option is the error string.
boost::asio::awaitable<core::Result<boost::json::object>> measure_tor_entry(
    std::string input, const ExperimentSettings& settings, EnvelopeInfo info);

}  // namespace ashyq::experiments
