// The engine the app experiments share (telegram, whatsapp, signal, facebook_messenger): measure
// every endpoint of an EndpointList at once — resolve, TCP connect, TLS, one HTTP request, as
// the entry's check says, each step under its own deadline — and record everything in OONI's
// archival format (urlgetter's keys). Each app then only says how OONI classifies the outcomes
// (a pure function from TargetOutcomes to its keys and to x_ashyq_verdict).
//
// Addresses: a host name's addresses are tried in order until one completes the whole check
// (a tcp check: the connect; an https check: connect, handshake and a response). So an endpoint
// fails only when every address failed; its failure is the one of the attempt that got furthest
// (connect < tls_handshake < http_round_trip), the first such on a tie. Every attempt is kept,
// so the analysis can still say "one of three addresses failed". Redirects are not followed:
// any HTTP response, whatever its status, means the conversation with the service worked (as
// OONI's specs count it).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/bogon_list.hpp"
#include "analysis/verdict.hpp"
#include "core/clock.hpp"
#include "core/failure.hpp"
#include "core/result.hpp"
#include "experiments/endpoint_list.hpp"
#include "experiments/measurement.hpp"
#include "experiments/probe_basics.hpp"
#include "geo/asn_database.hpp"
#include "net/trace.hpp"

namespace ashyq::experiments {

struct ExperimentSettings;

struct ReachabilityConfig : ProbeBasics {
  std::shared_ptr<geo::AsnDatabase> asn;        // OPTIONAL: ASN of each DNS answer
  std::shared_ptr<analysis::BogonList> bogons;  // OPTIONAL: defaults; a lab declares its plan
  std::size_t body_cap = 1 << 16;               // the services' pages are not the point
};

// One resolved address of an endpoint's host.
struct ResolvedAddress {
  std::string ip;
  uint32_t asn = 0;  // 0: unknown (no database, or not in it)
  bool bogon = false;
};

// One try of the check on one address.
struct AddressAttempt {
  std::string address;  // "IP:port"
  core::MaybeFailure failure;
  std::optional<core::Operation> failed_operation;
  std::optional<int> status_code;  // the HTTP response's, when one arrived
};

// What happened to one endpoint of the list.
struct TargetOutcome {
  EndpointEntry entry;
  bool resolved = false;  // the host was a name and the lookup answered
  std::vector<ResolvedAddress> addresses;
  std::vector<AddressAttempt> attempts;  // in the order tried
  core::MaybeFailure failure;            // unset: the check completed on some address
  std::optional<core::Operation> failed_operation;

  bool ok() const { return !failure; }
  // "web web.telegram.org:443 (https GET /): completed on 149.154.167.99:443 (200)" or
  // "… failed at tls_handshake (generic_timeout_error) on 2 addresses".
  std::string describe() const;
};

// The outcomes in list order, and every record of every flow as urlgetter's keys
// (archival_keys below).
struct ReachabilityRun {
  std::vector<TargetOutcome> outcomes;
  boost::json::object records;
};

// Measures every entry at once (each step bounded by config.timeouts).
boost::asio::awaitable<ReachabilityRun> measure_endpoints(const EndpointList& list,
                                                          const ReachabilityConfig& config,
                                                          const core::MeasurementClock& clock);

// urlgetter's keys from the records (agent, failed_operation, failure, network_events, queries,
// requests, tcp_connect, tls_handshakes, socksproxy, tunnel). failure and failed_operation are
// null: an app experiment has no single failure (its own keys say what failed).
boost::json::object archival_keys(const net::Trace& trace);

// --- the shared vocabulary of the analyses (pure) ----------------------------------------------

// One thing an analysis found blocked: a method, how sure, and a headline.
struct AppFinding {
  analysis::Method method;
  double confidence;
  std::string headline;
};

// The verdict from what an app's analysis found, in the app's order of importance: the first
// finding decides the method and confidence, every headline goes into the evidence, then the
// detail lines (one per endpoint). No finding: `fallback` (none when everything was reachable,
// unknown when nothing could be judged) with its confidence and headline.
analysis::Verdict verdict_from(const std::vector<AppFinding>& findings,
                               const std::vector<std::string>& details, const AppFinding& fallback);

// The outcomes with this role, in list order.
std::vector<const TargetOutcome*> outcomes_with_role(const std::vector<TargetOutcome>& outcomes,
                                                     std::string_view role);

// Among the failed outcomes, the one whose failure got furthest (resolve < connect <
// tls_handshake < http_round_trip): where the path was cut last. nullptr when none failed.
const TargetOutcome* furthest_failure(const std::vector<const TargetOutcome*>& outcomes);

// The first failed outcome in list order; nullptr when none failed.
const TargetOutcome* first_failure(const std::vector<const TargetOutcome*>& outcomes);

// "WHAT HOST failed at STEP (FAILURE)", with the method that step points to.
AppFinding failure_finding(const std::string& what, const TargetOutcome& failed, double confidence);

// When findings were made but nothing at all completed a TCP connect, adds a line saying that
// a general outage of the probe's network cannot be ruled out (the confidences of the findings
// are the caller's to lower).
void add_outage_caveat(std::vector<AppFinding>& findings, bool network_working);

// One describe() line per outcome.
std::vector<std::string> describe_all(const std::vector<TargetOutcome>& outcomes);

// Whether any endpoint of the run completed a TCP connect: the probe's network works, so a
// failure elsewhere is less likely to be a general outage.
bool network_seen_working(const std::vector<TargetOutcome>& outcomes);

// --- running an app experiment -----------------------------------------------------------------

// What an app's analysis adds to the archival keys: its own keys and the verdict.
struct AppAnalysis {
  boost::json::object keys;
  analysis::Verdict verdict;
};

struct AppExperiment {
  std::string_view test_name;           // "telegram"
  std::string_view version;             // OONI's version of the experiment the keys follow
  std::string_view data_file;           // relative to the data directory: "messaging/telegram.csv"
  std::vector<std::string_view> roles;  // the roles its lists must have (and may only have)
  AppAnalysis (*analyze)(const std::vector<TargetOutcome>& outcomes);
};

// The endpoint list for an app: `-O endpoints=PATH`, else the shipped data file.
core::Result<EndpointList> app_endpoint_list(const AppExperiment& app,
                                             const ExperimentSettings& settings);

// The probe's network, asn database and bogons from the run's settings.
ReachabilityConfig reachability_config(const ExperimentSettings& settings);

// The whole measurement: measure the list, analyse, wrap in the envelope (input null). The
// string: why it cannot run (the endpoint list cannot be read).
boost::asio::awaitable<core::Result<boost::json::object>> measure_app(
    const AppExperiment& app, const EndpointList& list, const ReachabilityConfig& config,
    EnvelopeInfo info);

// measure_app with the list and the network from the run's settings (what most apps' entry
// functions are).
boost::asio::awaitable<core::Result<boost::json::object>> measure_app(
    const AppExperiment& app, const ExperimentSettings& settings, EnvelopeInfo info);

}  // namespace ashyq::experiments
