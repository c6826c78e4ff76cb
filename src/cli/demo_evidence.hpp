// The end of `ashyq demo`: the observatory's transparency log, witnessed, and evidence drawn from
// it. After the lab is down, the demo serves its observatory again on loopback, runs
// `ashyq witness --once` against it (the witness's key made by `ashyq witness keygen`), exports
// the evidence bundle of `preferred_domain` (the domain the demo's fictional order names, so the
// bundle carries register entries) when it was measured blocked, else of the most-interfered
// domain, with `ashyq evidence export`, verifies it with
// `ashyq evidence verify`, and makes an altered copy (one byte of one measurement changed) that
// must fail to verify. Everything runs through the real commands; it prints what each found.
#pragma once

#include <filesystem>
#include <string>

namespace ashyq::cli {

// True when every step did what it should (the bundle verified and the altered copy did not).
bool demo_evidence(const std::string& ashyq_binary, const std::filesystem::path& out,
                   const std::filesystem::path& observatory, const std::string& fingerprints,
                   const std::string& preferred_domain = "");

}  // namespace ashyq::cli
