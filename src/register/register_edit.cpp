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
  const auto shown = public_entry_text(edit.entry);
  leaf["public_sha256"] = shown ? tlog::hash_hex(tlog::sha256(*shown)) : "";
  return core::to_json_text(leaf);
}

std::optional<std::string> public_entry_text(const boost::json::object& entry) {
  const auto* publication = entry.if_contains("publication");
  if (!publication || !publication->is_string() || publication->as_string() != "published")
    return std::nullopt;
  // Copied key by key, so the fields keep the editors' order (erasing from a json::object
  // moves its last field into the hole).
  boost::json::object shown;
  for (const auto& [key, value] : entry) {
    if (key == "private_notes" || key == "private_contacts")
      continue;
    if (key == "provenance" && value.is_object()) {
      boost::json::object provenance;
      for (const auto& [k, v] : value.as_object())
        if (k != "entered_by")
          provenance[k] = v;
      if (!provenance.empty())
        shown[key] = std::move(provenance);
      continue;
    }
    shown[key] = value;
  }
  return core::to_json_text(shown);
}

core::Result<EditLeaf> parse_edit_leaf(std::string_view record) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(record, ec);
  if (ec || !v.is_object())
    return core::Error{"register-edit leaf", "is not a JSON object"};
  const auto& o = v.as_object();
  auto text = [&](std::string_view key) -> const boost::json::string* {
    const auto* f = o.if_contains(key);
    return f && f->is_string() ? &f->as_string() : nullptr;
  };
  auto is_hex = [](std::string_view s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  };
  const auto* type = text("type");
  if (!type || *type != "register-edit")
    return core::Error{"register-edit leaf", "its type is not register-edit"};
  if (o.size() != 6)
    return core::Error{"register-edit leaf",
                       "has other fields than type, edit, at, entry, record_sha256, "
                       "public_sha256"};
  const auto* edit = o.if_contains("edit");
  const auto *at = text("at"), *entry = text("entry"), *record_sha = text("record_sha256"),
             *public_sha = text("public_sha256");
  if (!edit || !edit->is_int64() || edit->as_int64() < 1)
    return core::Error{"register-edit leaf: edit", "is not a positive integer"};
  if (!at)
    return core::Error{"register-edit leaf: at", "is missing"};
  if (!entry || !is_hex(*entry))
    return core::Error{"register-edit leaf: entry", "is not a hex SHA-256"};
  if (!record_sha || !is_hex(*record_sha))
    return core::Error{"register-edit leaf: record_sha256", "is not a hex SHA-256"};
  if (!public_sha || (!public_sha->empty() && !is_hex(*public_sha)))
    return core::Error{"register-edit leaf: public_sha256", "is neither \"\" nor a hex SHA-256"};
  return EditLeaf{edit->as_int64(), std::string(*at), std::string(*entry), std::string(*record_sha),
                  std::string(*public_sha)};
}

}  // namespace ashyq::legal
