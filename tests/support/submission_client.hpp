// A probe as the collector tests need one: plain HTTP/1.1 requests on a fresh connection from a
// chosen loopback address, a report opened the way OONI Probe opens one, and distinct
// web_connectivity submissions built from the collector's fixture measurement.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace ashyq::testing {

// The answer to one request; status 0 when the exchange failed (refused, cut off).
struct SubmissionAnswer {
  int status = 0;
  std::string body;
};

// POSTs `body` to 127.0.0.1:`port``target` from `from` (a 127.x.y.z address).
SubmissionAnswer post_from(const std::string& from, unsigned short port, const std::string& target,
                           const std::string& body);

// GETs 127.0.0.1:`port``target` from `from`.
SubmissionAnswer get_from(const std::string& from, unsigned short port, const std::string& target);

// Opens a web_connectivity report (POST /report); its report id, or "" (and a test failure).
std::string open_report(const std::string& from, unsigned short port);

// The fixture's first measurement, made distinct by `n` (its start time), under `report_id`, as a
// submission body ({"format":"json","content":…}).
std::string numbered_submission(const std::string& report_id, int n);

// The measurement_uid of a 200 answer.
std::string uid_of(const SubmissionAnswer& answer);

// What submit_until_killed saw: the uids answered 200, and how many submissions were attempted.
struct KilledLoad {
  std::vector<std::string> acknowledged;
  int attempted = 0;
};

// Eight clients submit distinct measurements under `report_id` as fast as they can until
// `at_least` are acknowledged (or 60 s pass); then `kill` is called while they are still
// submitting, and they stop once their requests fail.
KilledLoad submit_until_killed(const std::string& from, unsigned short port,
                               const std::string& report_id, std::size_t at_least,
                               const std::function<void()>& kill);

}  // namespace ashyq::testing
