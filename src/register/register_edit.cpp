#include "register/register_edit.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"
#include "tlog/hash.hpp"

namespace ashyq::legal {

std::string audit_record_text(const RegisterEdit& edit) {
  // A json::object keeps insertion order, so the keys come out in this order.
  boost::json::object record;
  record["edit"] = edit.edit;
  record["at"] = edit.at;
  record["editor"] = edit.editor;
  record["kind"] = edit.kind;
  record["id"] = edit.id;
  record["action"] = edit.action;
  record["entry"] = edit.entry;
  return core::to_json_text(record);
}

std::string entry_digest(const std::string& kind, const std::string& id) {
  return tlog::hash_hex(tlog::sha256(kind + "/" + id));
}

std::string edit_leaf(const RegisterEdit& edit) {
  boost::json::object leaf;
  leaf["type"] = "register-edit";
  leaf["edit"] = edit.edit;
  leaf["at"] = edit.at;
  leaf["entry"] = entry_digest(edit.kind, edit.id);
  leaf["record_sha256"] = tlog::hash_hex(tlog::sha256(audit_record_text(edit)));
  return core::to_json_text(leaf);
}

}  // namespace ashyq::legal
