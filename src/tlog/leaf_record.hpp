// The record a transparency-log leaf holds: small, canonical bytes that commit to one accepted
// measurement (its uid, the SHA-256 of its raw bytes as stored, when it was accepted, and the
// fields a query selects on), never the measurement itself. Compact JSON with a fixed key order,
// so a record has exactly one encoding and anyone can read it:
//
//   {"type":"measurement","measurement_uid":"20261206T…","sha256":"<64 hex>",
//    "accepted":"2026-12-06T05:10:00Z","probe_cc":"KZ","probe_asn":"AS9198",
//    "test_name":"web_connectivity","input":"https://azattyq.org/"|null,
//    "measurement_start_time":"2026-12-06 05:09:58"}
//
// `type` leaves room for other kinds of leaves in the same log (the register's edits); a reader
// that meets a type it does not know keeps it as an OtherLeaf and skips it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/result.hpp"
#include "tlog/hash.hpp"

namespace ashyq::tlog {

// Entry bundles give each leaf a 16-bit length: no record may be longer.
inline constexpr std::size_t kMaxLeafRecordBytes = 65535;

struct MeasurementLeaf {
  std::string measurement_uid;
  Hash sha256{};         // of the raw measurement bytes as the store keeps them
  std::string accepted;  // "YYYY-MM-DDThh:mm:ssZ", the collector's clock at acceptance
  std::string probe_cc;
  std::string probe_asn;
  std::string test_name;
  std::optional<std::string> input;    // nullopt: the test has no input
  std::string measurement_start_time;  // "YYYY-MM-DD hh:mm:ss", as the probe said

  bool operator==(const MeasurementLeaf&) const = default;
};

// A leaf of a type this build does not know (its canonical bytes are not checked).
struct OtherLeaf {
  std::string type;
};

using LeafRecord = std::variant<MeasurementLeaf, OtherLeaf>;

// The canonical bytes of `leaf`; an Error when they would exceed kMaxLeafRecordBytes (an input
// tens of kilobytes long) — the collector refuses such a submission.
core::Result<std::string> encode_leaf(const MeasurementLeaf& leaf);

// Reads a record; a measurement leaf must be byte for byte its canonical encoding (a record that
// only means the same is refused, so the bytes a leaf hash covers are unambiguous).
core::Result<LeafRecord> decode_leaf(std::string_view bytes);

}  // namespace ashyq::tlog
