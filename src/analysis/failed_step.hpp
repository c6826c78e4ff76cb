// The failing step of a measurement: which step of the probe's sequence (resolve, connect,
// tls_handshake, http_round_trip) failed first, and its OONI failure string. The one answer the
// results store (its summary), the reports and the lab's scenario checks all give for a
// measurement, so that a row of `ashyq results` and a lab check cannot disagree on it.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

namespace ashyq::analysis {

struct FailedStep {
  std::string step;     // core::Operation's name: resolve, connect, tls_handshake, http_round_trip
  std::string failure;  // e.g. "generic_timeout_error"

  bool operator==(const FailedStep&) const = default;
};

// From a measurement's test_keys, in the order the probe takes its steps:
//  - urlgetter's own keys when present: failure and failed_operation (null failure: none);
//  - dns_experiment_failure → resolve;
//  - tcp_connect → connect, only when no connect succeeded (one unreachable address of several
//    is not the step that failed: the probe went on over another);
//  - the first failed tls_handshakes entry → tls_handshake;
//  - http_experiment_failure, else requests[0].failure (the last request) → http_round_trip.
// sni_blocking keeps its steps under test_keys.target (the control's are not the site's).
// nullopt when nothing failed.
std::optional<FailedStep> failed_step(const boost::json::object& test_keys);

}  // namespace ashyq::analysis
