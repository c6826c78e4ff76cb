// The probe's side of OONI's check-in (`POST /api/v1/check-in`): tell the collector the probe's
// country and network (never its address), get the deployment's test helpers and, for
// web_connectivity, the URLs to measure. `ashyq run --collector URL` uses it when no --helper is
// given, and for `--list auto`, so a volunteer configures one address.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "net/service_call.hpp"
#include "store/results_store.hpp"

namespace ashyq::runner {

struct CheckInQuery {
  std::string probe_cc = "ZZ";
  std::string probe_asn = "AS0";
  std::vector<std::string> categories;  // only these category codes; empty: all
};

struct CheckInResult {
  std::vector<std::string> helpers;         // web-connectivity helper URLs, in the given order
  std::vector<store::PlannedInput> inputs;  // the URLs with their category codes
};

// The request body (OONI's field names; a manual run, so the collector does not cut the list).
std::string check_in_body(const CheckInQuery& query);

// Reads the collector's answer; an error names the field that is missing or of the wrong type.
core::Result<CheckInResult> parse_check_in_answer(std::string_view body);

// Checks in with the collector at `collector` (its base URL).
boost::asio::awaitable<core::Result<CheckInResult>> check_in(const net::ServiceClient& client,
                                                             const std::string& collector,
                                                             const CheckInQuery& query);
// The same on its own io_context, for a caller that is not a coroutine (the CLI, before a run).
core::Result<CheckInResult> check_in_now(const net::ServiceClient& client,
                                         const std::string& collector, const CheckInQuery& query);

}  // namespace ashyq::runner
