#include "evidence/bundle_manifest.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"

namespace ashyq::evidence {

namespace json = boost::json;

namespace {

json::array strings_json(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v)
    out.emplace_back(s);
  return out;
}

core::Result<std::vector<std::string>> strings_of(const json::object& o, const char* key,
                                                  const std::string& where) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_array())
    return core::Error{where + key, "missing or not a list"};
  std::vector<std::string> out;
  for (const auto& s : v->as_array()) {
    if (!s.is_string())
      return core::Error{where + key, "not a list of strings"};
    out.emplace_back(s.as_string());
  }
  return out;
}

core::Result<std::string> string_of(const json::object& o, const char* key,
                                    const std::string& where) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string())
    return core::Error{where + key, "missing or not a string"};
  return std::string(v->as_string());
}

core::Result<std::uint64_t> size_of(const json::object& o, const char* key,
                                    const std::string& where) {
  const auto* v = o.if_contains(key);
  if (!v || !(v->is_uint64() || (v->is_int64() && v->as_int64() >= 0)))
    return core::Error{where + key, "missing or not a whole number"};
  return v->is_uint64() ? v->as_uint64() : static_cast<std::uint64_t>(v->as_int64());
}

core::Result<tlog::Proof> proof_of(const json::object& o, const std::string& where) {
  auto proof = strings_of(o, "inclusion_proof", where);
  if (!proof)
    return proof.error();
  tlog::Proof out;
  for (const auto& h : *proof) {
    auto hash = tlog::hash_from_base64(h);
    if (!hash)
      return core::Error{where + "inclusion_proof", "not a list of base64 SHA-256 hashes"};
    out.push_back(*hash);
  }
  return out;
}

// The register's kinds and ids, as register/records.hpp allows them (so a file name made of them
// stays inside register/).
bool register_kind(std::string_view kind) {
  return kind == "authority" || kind == "order" || kind == "outlet" || kind == "person" ||
         kind == "case";
}
bool register_id(std::string_view id) {
  return !id.empty() && id.size() <= 128 &&
         id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") == std::string::npos &&
         id.front() != '.' && id.front() != '_' && id.front() != '-';
}

const json::object* object_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

}  // namespace

std::string manifest_text(const BundleManifest& m) {
  json::array measurements;
  for (const auto& x : m.measurements) {
    json::array proof;
    for (const auto& h : x.inclusion_proof)
      proof.emplace_back(tlog::hash_base64(h));
    measurements.emplace_back(json::object{{"measurement_uid", x.measurement_uid},
                                           {"file", x.file()},
                                           {"leaf_index", x.leaf_index},
                                           {"leaf_record", x.leaf_record},
                                           {"inclusion_proof", proof},
                                           {"verdict", verdict_json(x.verdict)}});
  }
  json::array register_entries;
  for (const auto& e : m.register_entries) {
    json::array proof;
    for (const auto& h : e.inclusion_proof)
      proof.emplace_back(tlog::hash_base64(h));
    register_entries.emplace_back(json::object{{"kind", e.kind},
                                               {"id", e.id},
                                               {"file", e.file()},
                                               {"leaf_index", e.leaf_index},
                                               {"leaf_record", e.leaf_record},
                                               {"inclusion_proof", proof}});
  }
  json::object o{
      {"format", kBundleFormat},
      {"created", m.created},
      {"query", query_json(m.query)},
      {"log", json::object{{"verifier_key", m.log_verifier_key},
                           {"witness_keys", strings_json(m.witness_keys)},
                           {"tree_size", m.tree_size},
                           {"entries_included", m.entries_included}}},
      {"analysis", json::object{{"fingerprints_sha256", strings_json(m.fingerprints_sha256)}}},
      {"measurements", measurements},
      {"register", register_entries}};
  return core::to_json_text(o) + "\n";
}

core::Result<BundleManifest> parse_manifest(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options limits;
  limits.max_depth = 8;
  auto value = json::parse(json::string_view(text.data(), text.size()), ec, {}, limits);
  if (ec)
    return core::Error{"manifest.json", "not JSON: " + ec.message()};
  const auto* o = value.if_object();
  if (!o)
    return core::Error{"manifest.json", "not a JSON object"};
  auto format = string_of(*o, "format", "");
  if (!format)
    return format.error();
  if (*format != kBundleFormat)
    return core::Error{"format", "\"" + *format + "\" is not " + std::string(kBundleFormat)};
  BundleManifest m;
  auto created = string_of(*o, "created", "");
  if (!created)
    return created.error();
  m.created = *created;
  const auto* query = o->if_contains("query");
  if (!query)
    return core::Error{"query", "missing"};
  auto q = parse_query_json(*query);
  if (!q)
    return q.error();
  m.query = *q;

  const auto* log = object_of(*o, "log");
  if (!log)
    return core::Error{"log", "missing or not an object"};
  auto key = string_of(*log, "verifier_key", "log.");
  if (!key)
    return key.error();
  m.log_verifier_key = *key;
  auto witnesses = strings_of(*log, "witness_keys", "log.");
  if (!witnesses)
    return witnesses.error();
  m.witness_keys = *witnesses;
  auto size = size_of(*log, "tree_size", "log.");
  if (!size)
    return size.error();
  m.tree_size = *size;
  const auto* entries = log->if_contains("entries_included");
  if (!entries || !entries->is_bool())
    return core::Error{"log.entries_included", "missing or not true/false"};
  m.entries_included = entries->as_bool();

  const auto* analysis = object_of(*o, "analysis");
  if (!analysis)
    return core::Error{"analysis", "missing or not an object"};
  auto prints = strings_of(*analysis, "fingerprints_sha256", "analysis.");
  if (!prints)
    return prints.error();
  m.fingerprints_sha256 = *prints;

  const auto* list = o->if_contains("measurements");
  if (!list || !list->is_array())
    return core::Error{"measurements", "missing or not a list"};
  std::size_t i = 0;
  for (const auto& item : list->as_array()) {
    const std::string where = "measurements[" + std::to_string(i++) + "].";
    const auto* x = item.if_object();
    if (!x)
      return core::Error{where, "not an object"};
    BundleMeasurement b;
    auto uid = string_of(*x, "measurement_uid", where);
    if (!uid)
      return uid.error();
    b.measurement_uid = *uid;
    if (b.measurement_uid.empty() || b.measurement_uid.size() > 128 ||
        b.measurement_uid.front() == '.' ||
        b.measurement_uid.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789._-") != std::string::npos)
      return core::Error{where + "measurement_uid", "not a measurement uid"};
    auto file = string_of(*x, "file", where);
    if (!file)
      return file.error();
    if (*file != b.file())
      return core::Error{where + "file", "not " + b.file()};
    auto index = size_of(*x, "leaf_index", where);
    if (!index)
      return index.error();
    b.leaf_index = *index;
    auto record = string_of(*x, "leaf_record", where);
    if (!record)
      return record.error();
    b.leaf_record = *record;
    auto proof = proof_of(*x, where);
    if (!proof)
      return proof.error();
    b.inclusion_proof = *proof;
    const auto* verdict = x->if_contains("verdict");
    if (!verdict)
      return core::Error{where + "verdict", "missing"};
    auto v = parse_verdict_json(*verdict);
    if (!v)
      return core::Error{where + v.error().where, v.error().why};
    b.verdict = *v;
    m.measurements.push_back(std::move(b));
  }

  if (const auto* entries = o->if_contains("register")) {
    if (!entries->is_array())
      return core::Error{"register", "not a list"};
    i = 0;
    for (const auto& item : entries->as_array()) {
      const std::string where = "register[" + std::to_string(i++) + "].";
      const auto* x = item.if_object();
      if (!x)
        return core::Error{where, "not an object"};
      BundleRegisterEntry e;
      auto kind = string_of(*x, "kind", where);
      if (!kind)
        return kind.error();
      if (!register_kind(*kind))
        return core::Error{where + "kind", "not one of authority, order, outlet, person, case"};
      e.kind = *kind;
      auto id = string_of(*x, "id", where);
      if (!id)
        return id.error();
      if (!register_id(*id))
        return core::Error{where + "id", "not a register id"};
      e.id = *id;
      auto file = string_of(*x, "file", where);
      if (!file)
        return file.error();
      if (*file != e.file())
        return core::Error{where + "file", "not " + e.file()};
      auto index = size_of(*x, "leaf_index", where);
      if (!index)
        return index.error();
      e.leaf_index = *index;
      auto record = string_of(*x, "leaf_record", where);
      if (!record)
        return record.error();
      e.leaf_record = *record;
      auto proof = proof_of(*x, where);
      if (!proof)
        return proof.error();
      e.inclusion_proof = *proof;
      m.register_entries.push_back(std::move(e));
    }
  }
  return m;
}

}  // namespace ashyq::evidence
