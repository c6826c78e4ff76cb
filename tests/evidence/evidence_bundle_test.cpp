// Evidence bundles end to end over a real SQLite observatory and its log: export, verify, and
// every kind of tampering the verifier must catch.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "collector/collector_testing.hpp"
#include "collector/generated_rows.hpp"
#include "collector/sqlite_observatory.hpp"
#include "collector/submission.hpp"
#include "evidence/bundle_archive.hpp"
#include "evidence/bundle_manifest.hpp"
#include "evidence/bundle_summary.hpp"
#include "evidence/export_bundle.hpp"
#include "evidence/verify_bundle.hpp"
#include "tlog/cosignature.hpp"
#include "tlog/witness.hpp"

namespace ashyq::evidence {
namespace {

namespace json = boost::json;
using collector::testing::leaf_of;
using collector::testing::TempDb;

constexpr int kMeasurements = 12;

tlog::NoteSigner key_of(std::uint8_t n, const std::string& name,
                        tlog::KeyType type = tlog::KeyType::ed25519) {
  tlog::Ed25519Seed seed{};
  seed[0] = n;
  return *tlog::NoteSigner::from_seed(name, seed, type);
}

// Measurement i: a fixture web_connectivity measurement of blocked.example (or, one in three,
// of other.example) from one of two networks.
std::string submission(int i) {
  static const int kLines[] = {1, 2, 4, 6, 8};
  auto content = collector::testing::fixture_measurement(kLines[i % 5]);
  content["input"] = i % 3 == 2 ? "http://other.example/" : "http://blocked.example/";
  content["probe_asn"] = i % 2 ? "AS9198" : "AS48716";
  char time[32];
  std::snprintf(time, sizeof time, "2024-03-01 10:00:%02d", i);
  content["measurement_start_time"] = time;
  return collector::testing::submission_body(content);
}

struct Observatory {
  TempDb db{"evidence"};
  std::unique_ptr<collector::SqliteObservatory> store;
  std::unique_ptr<tlog::SqliteLog> log;
  tlog::NoteSigner log_key = key_of(1, "observatory.test/log");
  tlog::NoteSigner witness = key_of(2, "witness.test", tlog::KeyType::cosignature_v1);

  Observatory() {
    store = std::move(collector::SqliteObservatory::open(db.path).value());
    log = std::move(tlog::SqliteLog::open(db.path).value());
  }
  void accept(int i) {
    auto s = collector::validate_submission(collector::testing::kReportId, submission(i));
    ASSERT_TRUE(s) << s.error().message();
    auto row = collector::make_observatory_row(*s);
    ASSERT_TRUE(store->insert(row, s->body, leaf_of(row, s->body)));
  }
  tlog::SignedCheckpoint checkpoint(bool cosign) {
    auto c = log->publish(log_key, "2026-12-06T05:00:00Z");
    EXPECT_TRUE(c) << c.error().message();
    if (cosign) {
      auto note = tlog::cosigned_note(tlog::format_checkpoint(c->checkpoint), witness, 1765000000);
      auto kept = log->add_cosignatures(*note, std::vector{witness.verifier()}, "now");
      EXPECT_TRUE(kept) << kept.error().message();
    }
    return *c;
  }
};

ExportSettings settings_for(const std::string& domain) {
  ExportSettings s;
  s.query = *make_query(domain, "KZ", {}, std::nullopt, std::nullopt);
  s.include_entries = true;
  s.created = "2026-12-06T05:00:00Z";
  return s;
}

VerifySettings trusting(const Observatory& o, std::size_t witnesses = 1) {
  VerifySettings v;
  v.log_keys = {o.log_key.verifier()};
  v.witness_keys = {o.witness.verifier()};
  v.witnesses = witnesses;
  return v;
}

std::string joined(const VerifyReport& r) {
  std::string s;
  for (const auto& p : r.problems)
    s += p + "\n";
  return s;
}

// `problem` appears in one of the report's problems.
::testing::AssertionResult refused_for(const VerifyReport& r, const std::string& problem) {
  if (r.verified())
    return ::testing::AssertionFailure() << "verified, expected a problem with: " << problem;
  for (const auto& p : r.problems)
    if (p.find(problem) != std::string::npos)
      return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no problem mentions '" << problem << "':\n" << joined(r);
}

class EvidenceBundle : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < kMeasurements; ++i)
      o_.accept(i);
    o_.checkpoint(true);
    out_ = o_.db.path + ".tar.gz";
    auto done = export_bundle(*o_.store, *o_.log, settings_for("blocked.example"), out_);
    ASSERT_TRUE(done) << done.error().message();
    EXPECT_EQ(done->measurements, 8u);  // 12 minus the four of other.example
    EXPECT_EQ(done->tree_size, static_cast<std::uint64_t>(kMeasurements));
    EXPECT_EQ(done->cosignatures, 1u);
    auto files = read_bundle_archive(out_);
    ASSERT_TRUE(files) << files.error().message();
    files_ = *files;
  }
  void TearDown() override { std::remove(out_.c_str()); }

  std::string first_measurement_file() const {
    for (const auto& [path, bytes] : files_)
      if (path.starts_with("measurements/"))
        return path;
    return "";
  }
  BundleManifest manifest() const { return *parse_manifest(files_.at("manifest.json")); }

  Observatory o_;
  std::string out_;
  std::map<std::string, std::string> files_;
};

TEST_F(EvidenceBundle, VerifiesAsExported) {
  auto r = verify_bundle(files_, trusting(o_));
  EXPECT_TRUE(r.verified()) << joined(r);
  EXPECT_EQ(r.measurements, 8u);
  EXPECT_TRUE(r.completeness.starts_with("complete")) << r.completeness;
  EXPECT_TRUE(files_.count("summary.html"));
  EXPECT_TRUE(files_.count("log/tile/entries/000.p/12"));
}

TEST_F(EvidenceBundle, ExportIsDeterministic) {
  const std::string again = out_ + ".again";
  ASSERT_TRUE(export_bundle(*o_.store, *o_.log, settings_for("blocked.example"), again));
  std::ifstream a(out_, std::ios::binary), b(again, std::ios::binary);
  std::string x((std::istreambuf_iterator<char>(a)), {}),
      y((std::istreambuf_iterator<char>(b)), {});
  std::remove(again.c_str());
  EXPECT_EQ(x, y);
}

TEST_F(EvidenceBundle, OneChangedByteOfAMeasurementFails) {
  auto path = first_measurement_file();
  auto& bytes = files_.at(path);
  bytes[bytes.size() / 2] ^= 0x01;
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_)),
                          path + ": its bytes are not the ones the log committed to"));
}

TEST_F(EvidenceBundle, AMissingMeasurementFileFails) {
  auto path = first_measurement_file();
  files_.erase(path);
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_)), path + ": missing"));
}

TEST_F(EvidenceBundle, AMeasurementLeftOutFailsTheCompletenessCheck) {
  auto m = manifest();
  auto dropped = m.measurements.back();
  m.measurements.pop_back();
  files_.erase(dropped.file());
  files_["manifest.json"] = manifest_text(m);
  files_["summary.html"] = summary_html(m);
  files_["README.txt"] = readme_text(m);
  auto r = verify_bundle(files_, trusting(o_));
  EXPECT_TRUE(refused_for(r, "log entry " + std::to_string(dropped.leaf_index) + ": measurement " +
                                 dropped.measurement_uid));
}

TEST_F(EvidenceBundle, WithoutEntriesCompletenessIsSaidUnchecked) {
  auto m = manifest();
  m.entries_included = false;
  for (auto it = files_.begin(); it != files_.end();)
    it = it->first.starts_with("log/") ? files_.erase(it) : std::next(it);
  files_["manifest.json"] = manifest_text(m);
  files_["summary.html"] = summary_html(m);
  files_["README.txt"] = readme_text(m);
  auto r = verify_bundle(files_, trusting(o_));
  EXPECT_TRUE(r.verified()) << joined(r);
  EXPECT_TRUE(r.completeness.starts_with("completeness not checked")) << r.completeness;
}

TEST_F(EvidenceBundle, ASwappedCheckpointFails) {
  // A later checkpoint of the same log, honestly signed: the proofs are for another tree.
  for (int i = kMeasurements; i < kMeasurements + 3; ++i)
    o_.accept(i);
  auto later = o_.checkpoint(false);
  files_["checkpoint.txt"] = later.note;
  auto r = verify_bundle(files_, trusting(o_, 0));
  EXPECT_TRUE(refused_for(r, "is not the checkpoint's size"));
  EXPECT_TRUE(refused_for(r, "inclusion proof"));
}

TEST_F(EvidenceBundle, ACheckpointFromAnotherKeyFails) {
  auto impostor = key_of(9, "observatory.test/log");
  auto c = *tlog::parse_checkpoint(tlog::parse_note(files_.at("checkpoint.txt"))->text);
  files_["checkpoint.txt"] =
      *tlog::sign_note(tlog::format_checkpoint(c), std::span<const tlog::NoteSigner>(&impostor, 1));
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_, 0)),
                          "checkpoint.txt: not signed by a trusted log key"));
}

TEST_F(EvidenceBundle, MissingWitnessCosignaturesFail) {
  auto note = *tlog::parse_note(files_.at("checkpoint.txt"));
  note.signatures.resize(1);  // the log's signature only
  files_["checkpoint.txt"] = tlog::format_note(note);
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_)), "1 required"));
  auto two = trusting(o_, 2);
  two.witness_keys.push_back(key_of(3, "witness2.test", tlog::KeyType::cosignature_v1).verifier());
  EXPECT_TRUE(refused_for(verify_bundle(files_, two), "2 required"));
}

TEST_F(EvidenceBundle, AChangedVerdictFails) {
  auto m = manifest();
  m.measurements.front().verdict.method = "none";
  m.measurements.front().verdict.anomaly = !m.measurements.front().verdict.anomaly;
  files_["manifest.json"] = manifest_text(m);
  files_["summary.html"] = summary_html(m);
  files_["README.txt"] = readme_text(m);
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_)), "is not what the analysis gives"));
}

TEST_F(EvidenceBundle, AnEditedSummaryFails) {
  auto& html = files_.at("summary.html");
  auto at = html.find("accessible");
  ASSERT_NE(at, std::string::npos);
  html.replace(at, 10, "blocked!!!");
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_)), "summary.html"));
}

TEST_F(EvidenceBundle, AChangedLeafRecordFails) {
  auto m = manifest();
  auto& record = m.measurements.front().leaf_record;
  record.replace(record.find("\"accepted\":\"2025"), 16, "\"accepted\":\"2024");
  files_["manifest.json"] = manifest_text(m);
  files_["summary.html"] = summary_html(m);
  files_["README.txt"] = readme_text(m);
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_)), "inclusion proof"));
}

TEST_F(EvidenceBundle, TamperedLogEntriesFail) {
  auto& entries = files_.at("log/tile/entries/000.p/12");
  entries[entries.size() - 3] ^= 0x01;
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_)), "not the checkpoint's tree"));
}

TEST_F(EvidenceBundle, AnUnaccountedFileFails) {
  files_["measurements/extra.json"] = "{}";
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_)),
                          "measurements/extra.json: a file the manifest does not account for"));
}

TEST_F(EvidenceBundle, ACorruptArchiveIsAnError) {
  std::string bytes;
  {
    std::ifstream in(out_, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes.resize(bytes.size() / 2);
  {
    std::ofstream out(out_, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  auto files = read_bundle_archive(out_);
  ASSERT_FALSE(files);
  EXPECT_NE(files.error().message().find(out_), std::string::npos);
}

}  // namespace
}  // namespace ashyq::evidence
