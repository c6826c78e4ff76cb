#include "evidence/export_bundle.hpp"

#include <boost/json.hpp>
#include <set>

#include "evidence/bundle_archive.hpp"
#include "evidence/bundle_manifest.hpp"
#include "evidence/bundle_summary.hpp"
#include "evidence/raw_measurement.hpp"
#include "register/naming_entries.hpp"
#include "register/register_edit.hpp"
#include "register/register_json.hpp"
#include "tlog/hash.hpp"
#include "tlog/tile.hpp"

namespace ashyq::evidence {

namespace {

core::Result<tlog::SignedCheckpoint> choose_checkpoint(tlog::SqliteLog& log,
                                                       std::size_t min_cosignatures) {
  auto sizes = log.checkpoint_sizes();
  if (!sizes)
    return sizes.error();
  for (auto size : *sizes) {
    auto c = log.checkpoint(size);
    if (!c)
      return c.error();
    if (*c && (*c)->cosignatures >= min_cosignatures)
      return std::move(**c);
  }
  return core::Error{
      "log", "no checkpoint with " + std::to_string(min_cosignatures) + " or more cosignatures"};
}

// The published entries naming the query's domain, as the log's first `tree_size` leaves committed
// to them, and their files.
core::Result<void> add_register_entries(legal::RegisterStore& register_store, tlog::SqliteLog& log,
                                        const EvidenceQuery& query, std::uint64_t tree_size,
                                        BundleManifest& manifest, std::vector<BundleFile>& files) {
  auto full = register_store.load();
  if (!full)
    return full.error();
  const legal::Register published = legal::published_view(*full);
  std::set<std::string> published_outlets;
  for (const auto& o : published.outlets)
    published_outlets.insert(o.common.id);

  std::vector<legal::PublicEntry> entries;
  std::vector<BundleRegisterEntry> found;
  std::vector<std::string> texts;
  for (const legal::NamedEntry& named : legal::entries_naming(published, query.domain)) {
    auto edit = register_store.last_edit(named.kind, named.id, tree_size);
    if (!edit)
      return edit.error();
    if (!*edit)
      continue;  // entered after the checkpoint
    const auto text = legal::public_entry_text((*edit)->edit.entry);
    if (!text)
      continue;  // a draft then
    // A person's outlets in clear must all be published ones: a draft's id can name someone.
    if (named.kind == "person") {
      const auto* outlets = (*edit)->edit.entry.if_contains("outlets");
      bool all_published = true;
      if (outlets && outlets->is_array())
        for (const auto& id : outlets->as_array())
          all_published = all_published && id.is_string() &&
                          published_outlets.contains(std::string(id.as_string()));
      if (!all_published)
        continue;
    }
    auto records = log.leaves((*edit)->leaf, 1);
    if (!records)
      return records.error();
    auto leaf = legal::parse_edit_leaf(records->at(0));
    if (!leaf || leaf->public_sha256 != tlog::hash_hex(tlog::sha256(*text)))
      continue;  // a leaf written before leaves carried the public digest
    auto proof = log.inclusion_proof((*edit)->leaf, tree_size);
    if (!proof)
      return proof.error();
    found.push_back({named.kind, named.id, (*edit)->leaf, records->at(0), *proof});
    texts.push_back(*text);
    boost::system::error_code ec;
    auto parsed = boost::json::parse(*text, ec);
    entries.push_back({named.kind, ec ? boost::json::object() : parsed.as_object()});
  }
  // An entry as it was at the checkpoint may not name the domain any more (an order's targets
  // changed later); leave such entries out, and what hung on them, until all hold.
  for (;;) {
    const auto loose = legal::entries_not_naming(entries, query.domain);
    if (loose.empty())
      break;
    for (auto it = loose.rbegin(); it != loose.rend(); ++it) {
      entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(*it));
      found.erase(found.begin() + static_cast<std::ptrdiff_t>(*it));
      texts.erase(texts.begin() + static_cast<std::ptrdiff_t>(*it));
    }
  }
  for (std::size_t i = 0; i < found.size(); ++i) {
    files.push_back({found[i].file(), texts[i]});
    manifest.register_entries.push_back(std::move(found[i]));
  }
  return {};
}

}  // namespace

core::Result<ExportOutcome> export_bundle(collector::ObservatoryStore& store, tlog::SqliteLog& log,
                                          const ExportSettings& settings,
                                          const std::string& out_path,
                                          legal::RegisterStore* register_store) {
  auto checkpoint = choose_checkpoint(log, settings.min_cosignatures);
  if (!checkpoint)
    return checkpoint.error();
  const auto n = checkpoint->checkpoint.size;
  auto key = log.verifier_key();
  if (!key)
    return key.error();
  auto witnesses = log.cosigners(n);
  if (!witnesses)
    return witnesses.error();

  BundleManifest manifest;
  manifest.created = settings.created;
  manifest.query = settings.query;
  manifest.log_verifier_key = *key;
  manifest.witness_keys = *witnesses;
  manifest.tree_size = n;
  manifest.entries_included = settings.include_entries;
  manifest.fingerprints_sha256 = settings.fingerprints_sha256;

  std::vector<BundleFile> files;
  std::vector<BundleFile> measurement_files;
  std::vector<BundleFile> entry_files;
  for (std::uint64_t first = 0; first < n; first += tlog::kTileWidth) {
    const auto count = std::min<std::uint64_t>(tlog::kTileWidth, n - first);
    auto records = log.leaves(first, count);
    if (!records)
      return records.error();
    if (settings.include_entries) {
      tlog::TileId tile{0, first / tlog::kTileWidth, count, true};
      auto bundle = tlog::encode_entry_bundle(*records);
      if (!bundle)
        return bundle.error();
      entry_files.push_back({"log/" + tlog::tile_path(tile), std::move(bundle).value()});
    }
    for (std::uint64_t i = 0; i < count; ++i) {
      const auto index = first + i;
      const auto& record = (*records)[i];
      auto leaf = tlog::decode_leaf(record);
      if (!leaf)
        return core::Error{"log leaf " + std::to_string(index), leaf.error().message()};
      const auto* m = std::get_if<tlog::MeasurementLeaf>(&*leaf);
      if (!m || !matches(settings.query, *m))
        continue;
      auto stored = store.find(m->measurement_uid);
      if (!stored)
        return stored.error();
      if (!*stored)
        return core::Error{"store", "measurement " + m->measurement_uid + " of log leaf " +
                                        std::to_string(index) + " is not stored"};
      const auto& body = (*stored)->body;
      if (tlog::sha256(body) != m->sha256)
        return core::Error{"store", "the stored bytes of " + m->measurement_uid +
                                        " are not the ones log leaf " + std::to_string(index) +
                                        " committed to"};
      auto raw = read_raw_measurement(body, settings.verdict);
      if (!raw)
        return core::Error{"measurement " + m->measurement_uid, raw.error().message()};
      auto proof = log.inclusion_proof(index, n);
      if (!proof)
        return proof.error();
      BundleMeasurement b{m->measurement_uid, index, record, *proof, stated_verdict(raw->row)};
      measurement_files.push_back({b.file(), body});
      manifest.measurements.push_back(std::move(b));
    }
  }

  std::vector<BundleFile> register_files;
  if (register_store)
    if (auto added =
            add_register_entries(*register_store, log, settings.query, n, manifest, register_files);
        !added)
      return added.error();

  files.push_back({"README.txt", readme_text(manifest)});
  files.push_back({"summary.html", summary_html(manifest)});
  files.push_back({"manifest.json", manifest_text(manifest)});
  files.push_back({"checkpoint.txt", checkpoint->note});
  files.push_back({"keys/log.vkey", manifest.log_verifier_key + "\n"});
  for (std::size_t i = 0; i < manifest.witness_keys.size(); ++i)
    files.push_back(
        {"keys/witness-" + std::to_string(i + 1) + ".vkey", manifest.witness_keys[i] + "\n"});
  for (auto& f : measurement_files)
    files.push_back(std::move(f));
  for (auto& f : register_files)
    files.push_back(std::move(f));
  for (auto& f : entry_files)
    files.push_back(std::move(f));
  if (auto written = write_bundle_archive(out_path, "ashyq-evidence", files); !written)
    return written.error();
  return ExportOutcome{manifest.measurements.size(), n, checkpoint->cosignatures,
                       manifest.register_entries.size()};
}

}  // namespace ashyq::evidence
