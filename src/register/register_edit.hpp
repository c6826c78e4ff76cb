// One write to the register, as the audit keeps it and as the transparency log commits to it.
//
// The audit record (kept by the register, seen by editors) says who changed what and when, with
// the whole entry as written, private fields included. Its canonical text — compact JSON, keys in
// this order — is what the log commits to:
//   {"edit":7,"at":"2026-12-07T10:00:00Z","editor":"editor-a","kind":"order","id":"order-1",
//    "action":"create","entry":{…the editors' JSON of the entry…}}
//
// The leaf names neither the editor nor the entry in clear (the log is public; an editor's name or
// a draft's id can put someone at risk), only digests an auditor holding the record can check:
//   {"type":"register-edit","edit":7,"at":"2026-12-07T10:00:00Z","entry":"<hex>",
//    "record_sha256":"<hex>","public_sha256":"<hex>"}
// where entry = SHA-256 of "kind/id" (so every edit of one entry shows as such), record_sha256
// = SHA-256 of the audit record's canonical text, and public_sha256 = SHA-256 of the entry's
// public text (below) when the edit left it published, "" when it left it a draft. Rewriting an
// edit after the fact changes a leaf that checkpoints and witnesses have already signed.
//
// The public text lets anyone check a published entry without the audit record (which holds
// private fields): an evidence bundle ships the public text with the leaf and its inclusion proof,
// and the verifier hashes the one and compares it with the other (decided 2026-12-08,
// docs/register.md).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ashyq::legal {

struct RegisterEdit {
  std::int64_t edit = 0;  // 1, 2, … in the order the edits were made
  std::string at;         // "YYYY-MM-DDThh:mm:ssZ"
  std::string editor;
  std::string kind;  // "authority", "order", "outlet", "person", "case"
  std::string id;
  std::string action;         // "create" or "update"
  boost::json::object entry;  // the entry as written (editors' JSON)
  bool operator==(const RegisterEdit&) const = default;
};

// The canonical text of the audit record.
std::string audit_record_text(const RegisterEdit& edit);
// The log leaf's canonical bytes (tlog's leaf size cap applies: an Error beyond it cannot happen
// here, the leaf is of fixed shape).
std::string edit_leaf(const RegisterEdit& edit);

// "<kind>/<id>" hashed: the `entry` of every leaf about that entry.
std::string entry_digest(const std::string& kind, const std::string& id);

// The entry as the public may read it, as compact JSON: `entry` (editors' JSON) without its
// private fields (private_notes, private_contacts) and without who entered it; nullopt when the
// entry is a draft.
std::optional<std::string> public_entry_text(const boost::json::object& entry);

// A register-edit leaf, read back (strict: every field, with its form).
struct EditLeaf {
  std::int64_t edit = 0;
  std::string at;
  std::string entry;          // hex SHA-256 of "kind/id"
  std::string record_sha256;  // hex
  std::string public_sha256;  // hex, "" for a draft
};
core::Result<EditLeaf> parse_edit_leaf(std::string_view record);

}  // namespace ashyq::legal
