#include "evidence/verify_bundle.hpp"

#include <boost/json.hpp>
#include <set>

#include "evidence/bundle_manifest.hpp"
#include "evidence/bundle_summary.hpp"
#include "evidence/raw_measurement.hpp"
#include "register/naming_entries.hpp"
#include "register/register_edit.hpp"
#include "tlog/cosignature.hpp"
#include "tlog/leaf_record.hpp"
#include "tlog/merkle.hpp"
#include "tlog/witness.hpp"

namespace ashyq::evidence {

namespace {

const std::string* file_of(const std::map<std::string, std::string>& files,
                           const std::string& path) {
  auto it = files.find(path);
  return it == files.end() ? nullptr : &it->second;
}

// Whether what the raw measurement says is what its leaf says.
std::string leaf_disagreement(const tlog::MeasurementLeaf& leaf,
                              const collector::ObservatoryRow& row) {
  if (leaf.probe_cc != row.probe_cc)
    return "probe_cc";
  if (leaf.probe_asn != row.probe_asn)
    return "probe_asn";
  if (leaf.test_name != row.test_name)
    return "test_name";
  if (leaf.input != row.input)
    return "input";
  if (leaf.measurement_start_time != row.measurement_start_time)
    return "measurement_start_time";
  return "";
}

std::string verdict_words(const StatedVerdict& v) {
  return "method " + v.method + ", blocking \"" + v.blocking + "\", anomaly " +
         (v.anomaly ? "true" : "false") + ", confirmed " + (v.confirmed ? "true" : "false") +
         ", failure " + (v.failure ? "true" : "false");
}

}  // namespace

VerifyReport verify_bundle(const std::map<std::string, std::string>& files,
                           const VerifySettings& settings) {
  VerifyReport r;
  auto problem = [&](const std::string& where, const std::string& what) {
    r.problems.push_back(where + ": " + what);
  };

  const auto* manifest_bytes = file_of(files, "manifest.json");
  if (!manifest_bytes) {
    problem("manifest.json", "missing");
    return r;
  }
  auto manifest = parse_manifest(*manifest_bytes);
  if (!manifest) {
    problem("manifest.json", manifest.error().message());
    return r;
  }
  const auto& m = *manifest;
  r.measurements = m.measurements.size();

  // The checkpoint and who signed it.
  const auto* note = file_of(files, "checkpoint.txt");
  if (!note) {
    problem("checkpoint.txt", "missing");
    return r;
  }
  std::vector<tlog::NoteVerifier> log_keys = settings.log_keys;
  if (log_keys.empty()) {
    auto own = tlog::NoteVerifier::parse(m.log_verifier_key);
    if (!own) {
      problem("manifest.json", "log.verifier_key: " + own.error().message());
      return r;
    }
    log_keys.push_back(*own);
    r.checked.push_back(
        "checkpoint signature checked against the log key written in the bundle itself ("
        "give --key with the log's published key to pin it)");
  }
  std::optional<tlog::Checkpoint> checkpoint;
  std::string errors;
  for (const auto& key : log_keys) {
    auto c = tlog::verified_checkpoint(*note, key);
    if (c) {
      checkpoint = *c;
      if (!settings.log_keys.empty())
        r.checked.push_back("checkpoint signed by the log key " + key.text());
      break;
    }
    errors += (errors.empty() ? "" : "; ") + c.error().message();
  }
  if (!checkpoint) {
    problem("checkpoint.txt", "not signed by a trusted log key (" + errors + ")");
    return r;
  }
  if (checkpoint->size != m.tree_size)
    problem("manifest.json", "log.tree_size " + std::to_string(m.tree_size) +
                                 " is not the checkpoint's size " +
                                 std::to_string(checkpoint->size));
  if (const auto* vkey = file_of(files, "keys/log.vkey");
      !vkey || *vkey != m.log_verifier_key + "\n")
    problem("keys/log.vkey", "missing or not the manifest's log key");

  // Witness cosignatures.
  auto parsed_note = tlog::parse_note(*note);
  std::set<std::string> cosigned_by;
  if (parsed_note) {
    for (const auto& s : parsed_note->signatures)
      for (const auto& w : settings.witness_keys)
        if (w.name() == s.name && w.key_id() == s.key_id &&
            tlog::verify_cosignature(parsed_note->text, s, w))
          cosigned_by.insert(w.text());
  }
  if (cosigned_by.size() < settings.witnesses)
    problem("checkpoint.txt", std::to_string(cosigned_by.size()) +
                                  " valid cosignatures from the given witness keys; " +
                                  std::to_string(settings.witnesses) + " required");
  else if (settings.witnesses > 0)
    r.checked.push_back("checkpoint cosigned by " + std::to_string(cosigned_by.size()) +
                        " of the given witnesses (" + std::to_string(settings.witnesses) +
                        " required)");

  // The analysis settings.
  if (m.fingerprints_sha256 != settings.fingerprints_sha256)
    problem("manifest.json",
            "the stated verdicts were made with " + std::to_string(m.fingerprints_sha256.size()) +
                " fingerprint file(s) (analysis.fingerprints_sha256); give the same files with "
                "--fingerprints to re-run the analysis");

  // Every measurement.
  std::set<std::string> accounted{"manifest.json", "checkpoint.txt", "summary.html", "README.txt",
                                  "keys/log.vkey"};
  for (std::size_t i = 0; i < m.witness_keys.size(); ++i)
    accounted.insert("keys/witness-" + std::to_string(i + 1) + ".vkey");
  std::map<std::uint64_t, const BundleMeasurement*> by_index;
  std::size_t verdicts_checked = 0;
  for (std::size_t i = 0; i < m.measurements.size(); ++i) {
    const auto& x = m.measurements[i];
    const std::string where = "manifest.json measurements[" + std::to_string(i) + "]";
    accounted.insert(x.file());
    if (!by_index.emplace(x.leaf_index, &x).second) {
      problem(where, "leaf " + std::to_string(x.leaf_index) + " listed twice");
      continue;
    }
    auto leaf = tlog::decode_leaf(x.leaf_record);
    const auto* ml = leaf ? std::get_if<tlog::MeasurementLeaf>(&*leaf) : nullptr;
    if (!ml) {
      problem(where, "leaf_record is not a measurement leaf");
      continue;
    }
    if (ml->measurement_uid != x.measurement_uid)
      problem(where, "its leaf record is for " + ml->measurement_uid);
    if (x.leaf_index >= checkpoint->size ||
        !tlog::verify_inclusion(tlog::leaf_hash(x.leaf_record), x.leaf_index, checkpoint->size,
                                x.inclusion_proof, checkpoint->root))
      problem(where, "the inclusion proof of leaf " + std::to_string(x.leaf_index) +
                         " does not verify against the checkpoint of size " +
                         std::to_string(checkpoint->size));
    if (!matches(m.query, *ml))
      problem(where, "not a measurement of the bundle's query");
    const auto* body = file_of(files, x.file());
    if (!body) {
      problem(x.file(), "missing");
      continue;
    }
    if (tlog::sha256(*body) != ml->sha256) {
      problem(x.file(), "its bytes are not the ones the log committed to (sha256 " +
                            tlog::hash_hex(tlog::sha256(*body)) + ", the leaf says " +
                            tlog::hash_hex(ml->sha256) + ")");
      continue;
    }
    auto raw = read_raw_measurement(*body, settings.verdict);
    if (!raw) {
      problem(x.file(), raw.error().message());
      continue;
    }
    if (raw->measurement_uid != x.measurement_uid)
      problem(x.file(), "its uid is " + raw->measurement_uid + ", not " + x.measurement_uid);
    if (auto field = leaf_disagreement(*ml, raw->row); !field.empty())
      problem(x.file(), "its " + field + " is not the leaf's");
    const auto again = stated_verdict(raw->row);
    if (again != x.verdict)
      problem(x.file(), "the stated verdict (" + verdict_words(x.verdict) +
                            ") is not what the analysis gives (" + verdict_words(again) + ")");
    else
      ++verdicts_checked;
  }
  r.checked.push_back(std::to_string(m.measurements.size()) +
                      " measurements: bytes, uids, inclusion proofs and query checked; " +
                      std::to_string(verdicts_checked) + " verdicts re-derived by the analysis");

  // Every register entry: its public text is what its register-edit leaf committed to, the leaf
  // is in the checkpoint's tree, and together the entries concern the query's domain.
  std::vector<legal::PublicEntry> register_entries;
  std::vector<std::size_t> register_index;  // → manifest.register
  std::set<std::string> register_seen;
  for (std::size_t i = 0; i < m.register_entries.size(); ++i) {
    const auto& e = m.register_entries[i];
    const std::string where = "manifest.json register[" + std::to_string(i) + "]";
    accounted.insert(e.file());
    if (!register_seen.insert(e.file()).second) {
      problem(where, e.kind + " " + e.id + " listed twice");
      continue;
    }
    auto leaf = legal::parse_edit_leaf(e.leaf_record);
    if (!leaf) {
      problem(where, "leaf_record: " + leaf.error().message());
      continue;
    }
    if (leaf->entry != legal::entry_digest(e.kind, e.id))
      problem(where, "its leaf record is about another entry than " + e.kind + " " + e.id);
    if (e.leaf_index >= checkpoint->size ||
        !tlog::verify_inclusion(tlog::leaf_hash(e.leaf_record), e.leaf_index, checkpoint->size,
                                e.inclusion_proof, checkpoint->root))
      problem(where, "the inclusion proof of leaf " + std::to_string(e.leaf_index) +
                         " does not verify against the checkpoint of size " +
                         std::to_string(checkpoint->size));
    const auto* body = file_of(files, e.file());
    if (!body) {
      problem(e.file(), "missing");
      continue;
    }
    if (leaf->public_sha256.empty() || tlog::hash_hex(tlog::sha256(*body)) != leaf->public_sha256) {
      problem(e.file(), "its bytes are not the published entry the log committed to (sha256 " +
                            tlog::hash_hex(tlog::sha256(*body)) + ", the leaf says \"" +
                            leaf->public_sha256 + "\")");
      continue;
    }
    boost::system::error_code ec;
    auto value = boost::json::parse(*body, ec);
    const auto* entry = ec ? nullptr : value.if_object();
    const auto* id = entry ? entry->if_contains("id") : nullptr;
    if (!id || !id->is_string() || id->as_string() != e.id) {
      problem(e.file(), "not the JSON of " + e.kind + " " + e.id);
      continue;
    }
    register_entries.push_back({e.kind, *entry});
    register_index.push_back(i);
  }
  for (auto loose : legal::entries_not_naming(register_entries, m.query.domain)) {
    const auto& e = m.register_entries[register_index[loose]];
    problem(e.file(), e.kind + " " + e.id + " does not concern " + m.query.domain);
  }
  if (!m.register_entries.empty())
    r.checked.push_back(std::to_string(m.register_entries.size()) +
                        " register entries: public text, leaf and inclusion proof checked, and "
                        "each concerns " +
                        m.query.domain);

  // The human-readable files follow from the manifest.
  if (const auto* html = file_of(files, "summary.html"); !html || *html != summary_html(m))
    problem("summary.html", "missing or not the summary the manifest gives");
  if (const auto* readme = file_of(files, "README.txt"); !readme || *readme != readme_text(m))
    problem("README.txt", "missing or not the README the manifest gives");

  // Completeness: the log's entries of the covered range.
  std::vector<std::string> entries;
  bool have_entries = m.entries_included || settings.fetch_entries;
  for (std::uint64_t first = 0; have_entries && first < m.tree_size; first += tlog::kTileWidth) {
    const auto width = std::min<std::uint64_t>(tlog::kTileWidth, m.tree_size - first);
    tlog::TileId tile{0, first / tlog::kTileWidth, width, true};
    const std::string path = "log/" + tlog::tile_path(tile);
    core::Result<std::string> bundle = core::Error{path, "missing"};
    if (m.entries_included) {
      accounted.insert(path);
      if (const auto* b = file_of(files, path))
        bundle = *b;
    } else {
      bundle = settings.fetch_entries(tile);
    }
    auto decoded = bundle ? tlog::decode_entry_bundle(*bundle)
                          : core::Result<std::vector<std::string>>(bundle.error());
    if (!decoded || decoded->size() != width) {
      problem(path, decoded ? "holds " + std::to_string(decoded->size()) + " entries, not " +
                                  std::to_string(width)
                            : decoded.error().message());
      have_entries = false;
      break;
    }
    for (auto& e : *decoded)
      entries.push_back(std::move(e));
  }
  if (have_entries) {
    tlog::MemoryTree tree;
    for (const auto& e : entries)
      tree.append(tlog::leaf_hash(e));
    if (tree.root() != checkpoint->root) {
      problem("log entries", "they are not the checkpoint's tree (the root differs)");
    } else {
      std::size_t of_query = 0;
      for (std::uint64_t i = 0; i < entries.size(); ++i) {
        auto leaf = tlog::decode_leaf(entries[i]);
        const auto* ml = leaf ? std::get_if<tlog::MeasurementLeaf>(&*leaf) : nullptr;
        if (!ml || !matches(m.query, *ml))
          continue;
        ++of_query;
        auto it = by_index.find(i);
        if (it == by_index.end())
          problem("log entry " + std::to_string(i), "measurement " + ml->measurement_uid +
                                                        " is one of the query's and is not in "
                                                        "the bundle");
        else if (it->second->leaf_record != entries[i])
          problem("log entry " + std::to_string(i), "not the leaf record the manifest gives");
      }
      r.completeness = "complete: the log's " + std::to_string(entries.size()) +
                       " entries of the covered range hold " + std::to_string(of_query) +
                       " measurements of the query, and the bundle has every one";
    }
  } else if (!m.entries_included && !settings.fetch_entries) {
    r.completeness =
        "completeness not checked: the bundle holds no log entries (give --log URL to read "
        "the log's own)";
  }

  for (const auto& [path, bytes] : files)
    if (!accounted.count(path))
      problem(path, "a file the manifest does not account for");
  return r;
}

}  // namespace ashyq::evidence
