// manifest.json, the machine-readable heart of an evidence bundle: the query, the log and the
// checkpoint it is proved against, the log range it covers, the analysis settings, and for every
// measurement its leaf (index, record, inclusion proof) and the verdict stated for it.
//
//   {"format": "ashyq-evidence/1", "created": "2026-12-06T05:10:00Z",
//    "query": {"domain", "probe_cc", "probe_asn": [...], "since", "until"},
//    "log": {"verifier_key": "NAME+ID+KEY", "witness_keys": [...], "tree_size": N,
//            "entries_included": true},
//    "analysis": {"fingerprints_sha256": ["<hex>", ...]},
//    "measurements": [{"measurement_uid", "file": "measurements/UID.json", "leaf_index",
//                      "leaf_record", "inclusion_proof": ["<base64>", ...],
//                      "verdict": {"anomaly", "confirmed", "failure", "blocking", "method",
//                                  "confidence"}}, ...],
//    "register": [{"kind", "id", "file": "register/KIND-ID.json", "leaf_index", "leaf_record",
//                  "inclusion_proof"}, ...]}
//
// `register`: the published register entries naming the domain (register/naming_entries.hpp),
// each as the log committed to it: the file is the entry's public text, whose SHA-256 is the
// public_sha256 of its register-edit leaf (register/register_edit.hpp). Absent in bundles made
// before 2026-12-08, read as empty.
//
// The bundle covers the log's leaves [0, tree_size): the tree of the checkpoint in
// checkpoint.txt. Measurements are in leaf order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "evidence/evidence_query.hpp"
#include "evidence/raw_measurement.hpp"
#include "tlog/merkle.hpp"

namespace ashyq::evidence {

inline constexpr std::string_view kBundleFormat = "ashyq-evidence/1";

struct BundleMeasurement {
  std::string measurement_uid;
  std::uint64_t leaf_index = 0;
  std::string leaf_record;
  tlog::Proof inclusion_proof;
  StatedVerdict verdict;

  std::string file() const { return "measurements/" + measurement_uid + ".json"; }
};

struct BundleRegisterEntry {
  std::string kind;  // "authority", "order", "outlet", "person", "case"
  std::string id;
  std::uint64_t leaf_index = 0;
  std::string leaf_record;
  tlog::Proof inclusion_proof;

  std::string file() const { return "register/" + kind + "-" + id + ".json"; }
};

struct BundleManifest {
  std::string created;  // "YYYY-MM-DDThh:mm:ssZ"
  EvidenceQuery query;
  std::string log_verifier_key;
  std::vector<std::string> witness_keys;
  std::uint64_t tree_size = 0;
  bool entries_included = false;
  std::vector<std::string> fingerprints_sha256;
  std::vector<BundleMeasurement> measurements;
  std::vector<BundleRegisterEntry> register_entries;
};

std::string manifest_text(const BundleManifest& manifest);
// Strict: every field present with its type; an Error names the field
// ("measurements[3].leaf_index").
core::Result<BundleManifest> parse_manifest(std::string_view text);

}  // namespace ashyq::evidence
