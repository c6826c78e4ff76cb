// /measurement/{uid}: one measurement as evidence a reader can follow — who measured what,
// when and from which network; ashyq's verdict with its reasons; then each step next to what the
// control saw: DNS answers, TCP connects, TLS handshakes with the certificate chain and who
// signed it, the HTTP response (status, title, length) — and OONI's classic keys, recomputed,
// beside what the probe recorded; and the raw JSON to download.
#pragma once

#include <optional>
#include <string>

#include "analysis/verdict.hpp"
#include "collector/observatory_store.hpp"
#include "explorer/page.hpp"

namespace ashyq::explorer {

// The page of `stored` (the store's row and submission body). `verdict` is the analysis options
// the collector judges with (fingerprints, bogons).
std::string render_measurement(const PageRequest& request,
                               const collector::StoredMeasurement& stored,
                               const analysis::VerdictOptions& verdict);

}  // namespace ashyq::explorer
