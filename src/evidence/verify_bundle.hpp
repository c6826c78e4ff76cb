// Checking an evidence bundle offline, every claim against the data: the checkpoint's signature
// (against the log key the reader trusts) and k witness cosignatures; for every measurement, that
// its bytes are those its leaf commits to, that its uid follows from them, that the leaf is in the
// checkpoint's tree (inclusion proof), that it is a measurement of the query, and that re-running
// the analysis gives the stated verdict; that the summary and README are the ones the manifest
// gives; that the bundle holds no file it does not account for; and, when the log's entries of
// the covered range are at hand (in the bundle, or fetched), that they are the checkpoint's tree
// and that no measurement of the query in it was left out. Pure over the bundle's files.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "analysis/verdict.hpp"
#include "core/result.hpp"
#include "tlog/note_key.hpp"
#include "tlog/tile.hpp"

namespace ashyq::evidence {

struct VerifySettings {
  // The log keys the reader trusts; empty: the key written in the bundle (said so in the report).
  std::vector<tlog::NoteVerifier> log_keys;
  std::vector<tlog::NoteVerifier> witness_keys;
  std::size_t witnesses = 0;  // cosignatures required from witness_keys
  analysis::VerdictOptions verdict;
  std::vector<std::string> fingerprints_sha256;  // of the files behind verdict.fingerprints
  // The log's entry bundles when the bundle has none (a log's /tile/entries/ over HTTP).
  std::function<core::Result<std::string>(const tlog::TileId&)> fetch_entries;
};

struct VerifyReport {
  std::vector<std::string> checked;   // what held, one line each
  std::vector<std::string> problems;  // "FILE: what is wrong", one line each
  std::string completeness;           // what is known about omitted measurements
  std::size_t measurements = 0;
  bool verified() const { return problems.empty(); }
};

VerifyReport verify_bundle(const std::map<std::string, std::string>& files,
                           const VerifySettings& settings);

}  // namespace ashyq::evidence
