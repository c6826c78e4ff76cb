// Measurement uids in OONI's shape:
//   {UTC yyyymmddhhmmss.ffffff}_{CC}_{test_name}_{first 16 hex digits of SHA-512 of the body}
// e.g. "20261204100000.000000_KZ_web_connectivity_1f0c…".
//
// Ours is deterministic (decided 2026-12-05): the time part is the measurement's own
// measurement_start_time, not the moment the collector received it (OONI's choice), and the hash
// is over the submission body exactly as received. The same body therefore always gets the same
// uid, so a probe that retries a submission whose answer it lost stores nothing twice, and anyone
// holding the stored body can recompute its uid. measurement_start_time has whole seconds, so the
// fraction is always .000000.
#pragma once

#include <string>
#include <string_view>

#include "collector/ooni_time.hpp"

namespace ashyq::collector {

// The first 16 lower-case hex digits of SHA-512(body).
std::string body_digest16(std::string_view body);

// The uid of a body whose measurement started at `measurement_start`.
std::string make_measurement_uid(SysSeconds measurement_start, std::string_view probe_cc,
                                 std::string_view test_name, std::string_view body);

}  // namespace ashyq::collector
