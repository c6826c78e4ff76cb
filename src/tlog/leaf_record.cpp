#include "tlog/leaf_record.hpp"

#include <boost/json.hpp>

namespace ashyq::tlog {

namespace json = boost::json;

namespace {

void append_string(std::string& out, std::string_view key, std::string_view value) {
  out += json::serialize(json::string_view(key.data(), key.size()));
  out += ':';
  out += json::serialize(json::string_view(value.data(), value.size()));
}

core::Result<std::string> string_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string())
    return core::Error{"leaf record." + std::string(key), "missing or not a string"};
  return std::string(v->as_string());
}

}  // namespace

core::Result<std::string> encode_leaf(const MeasurementLeaf& leaf) {
  std::string out = "{";
  append_string(out, "type", "measurement");
  out += ',';
  append_string(out, "measurement_uid", leaf.measurement_uid);
  out += ',';
  append_string(out, "sha256", hash_hex(leaf.sha256));
  out += ',';
  append_string(out, "accepted", leaf.accepted);
  out += ',';
  append_string(out, "probe_cc", leaf.probe_cc);
  out += ',';
  append_string(out, "probe_asn", leaf.probe_asn);
  out += ',';
  append_string(out, "test_name", leaf.test_name);
  out += ",\"input\":";
  out += leaf.input ? json::serialize(json::string_view(leaf.input->data(), leaf.input->size()))
                    : std::string("null");
  out += ',';
  append_string(out, "measurement_start_time", leaf.measurement_start_time);
  out += '}';
  if (out.size() > kMaxLeafRecordBytes)
    return core::Error{"leaf record",
                       "longer than " + std::to_string(kMaxLeafRecordBytes) + " bytes (input is " +
                           std::to_string(leaf.input ? leaf.input->size() : 0) + " bytes)"};
  return out;
}

core::Result<LeafRecord> decode_leaf(std::string_view bytes) {
  if (bytes.size() > kMaxLeafRecordBytes)
    return core::Error{"leaf record", "longer than the 65535 bytes a leaf may have"};
  boost::system::error_code ec;
  json::parse_options limits;
  limits.max_depth = 4;
  auto value = json::parse(json::string_view(bytes.data(), bytes.size()), ec, {}, limits);
  if (ec)
    return core::Error{"leaf record", "not JSON: " + ec.message()};
  if (!value.is_object())
    return core::Error{"leaf record", "not a JSON object"};
  const auto& o = value.as_object();
  auto type = string_field(o, "type");
  if (!type)
    return type.error();
  if (*type != "measurement")
    return LeafRecord{OtherLeaf{*type}};

  MeasurementLeaf leaf;
  struct Field {
    const char* key;
    std::string* into;
  };
  std::string sha;
  for (auto [key, into] : {Field{"measurement_uid", &leaf.measurement_uid}, Field{"sha256", &sha},
                           Field{"accepted", &leaf.accepted}, Field{"probe_cc", &leaf.probe_cc},
                           Field{"probe_asn", &leaf.probe_asn}, Field{"test_name", &leaf.test_name},
                           Field{"measurement_start_time", &leaf.measurement_start_time}}) {
    auto v = string_field(o, key);
    if (!v)
      return v.error();
    *into = std::move(*v);
  }
  auto digest = hash_from_hex(sha);
  if (!digest)
    return core::Error{"leaf record.sha256", "not 64 lower-case hex digits"};
  leaf.sha256 = *digest;
  const auto* input = o.if_contains("input");
  if (!input || !(input->is_string() || input->is_null()))
    return core::Error{"leaf record.input", "missing, or neither a string nor null"};
  if (input->is_string())
    leaf.input = std::string(input->as_string());
  auto canonical = encode_leaf(leaf);
  if (!canonical)
    return canonical.error();
  if (*canonical != bytes)
    return core::Error{"leaf record",
                       "not in canonical form (key order, spacing or escapes differ)"};
  return LeafRecord{std::move(leaf)};
}

}  // namespace ashyq::tlog
