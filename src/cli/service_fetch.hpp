// One blocking request to a service of the observatory (a collector's log), for commands that do
// one thing at a time (the witness, evidence checks): the body of a 200, or an Error naming the
// URL and what went wrong (the failure, or the status and the service's error text).
#pragma once

#include <string>

#include "core/result.hpp"
#include "net/service_call.hpp"

namespace ashyq::cli {

core::Result<std::string> fetch(const net::ServiceClient& client, const std::string& method,
                                const std::string& url, std::string body = {},
                                std::string content_type = {});

// A client over the system's resolver, TCP and trust roots (or `ca_file`), with `timeout` for
// each step.
core::Result<net::ServiceClient> service_client(const std::string& ca_file, double timeout_seconds);

}  // namespace ashyq::cli
