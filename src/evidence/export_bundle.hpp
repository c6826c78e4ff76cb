// Making an evidence bundle from a collector's store and its transparency log. The bundle's
// measurements are found by reading the log's own leaves (not the store's index) in the range of
// the chosen checkpoint, so it holds every measurement of the query the log committed to there;
// each one's bytes are taken from the store and checked against its leaf before they go in.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/verdict.hpp"
#include "collector/observatory_store.hpp"
#include "core/result.hpp"
#include "evidence/evidence_query.hpp"
#include "register/register_store.hpp"
#include "tlog/sqlite_log.hpp"

namespace ashyq::evidence {

struct ExportSettings {
  EvidenceQuery query;
  // The bundle is proved against the newest checkpoint with at least this many cosignatures.
  std::size_t min_cosignatures = 0;
  // Put the log's entry bundles of the covered range in, so a verifier can check completeness
  // offline (about 300 bytes per log entry).
  bool include_entries = false;
  // The analysis the stated verdicts come from, and the digests of its fingerprint files.
  analysis::VerdictOptions verdict;
  std::vector<std::string> fingerprints_sha256;
  std::string created;  // "YYYY-MM-DDThh:mm:ssZ"
};

struct ExportOutcome {
  std::size_t measurements = 0;
  std::uint64_t tree_size = 0;
  std::size_t cosignatures = 0;
  std::size_t register_entries = 0;
};

// `register_store`: the register kept beside the log (null: the bundle carries no register
// entry). The bundle then carries the published entries naming the domain
// (register/naming_entries.hpp), each as the checkpoint's tree committed to it: the entry's last
// edit among its leaves, if that edit left it published and its leaf has the entry's public digest.
core::Result<ExportOutcome> export_bundle(collector::ObservatoryStore& store, tlog::SqliteLog& log,
                                          const ExportSettings& settings,
                                          const std::string& out_path,
                                          legal::RegisterStore* register_store = nullptr);

}  // namespace ashyq::evidence
