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
#include "register/register_file.hpp"
#include "register/register_store.hpp"
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

// ---------------------------------------------------------------------------------------------
// The register's entries in a bundle. Every name is fictional.

constexpr const char* kRegister = R"(
[[authorities]]
id = "court-1"
kind = "court"
name = "Fictional District Court No. 1"
country = "KZ"
publication = "published"

[[orders]]
id = "order-1"
authority = "court-1"
date_issued = 2024-02-01
targets = [{ kind = "domain", value = "blocked.example" }]
publication = "published"
private_notes = "editors only"

[[orders]]
id = "order-other"
authority = "court-1"
date_issued = 2024-02-01
targets = [{ kind = "domain", value = "other.example" }]
publication = "published"

[[orders]]
id = "order-draft"
authority = "court-1"
date_issued = 2024-02-01
targets = [{ kind = "url", value = "http://blocked.example/page" }]

[[outlets]]
id = "outlet-1"
name = "Fictional Courier"
domains = ["blocked.example"]
publication = "published"

[[outlets]]
id = "outlet-draft"
name = "Hidden Outlet"
domains = ["hidden.example"]

[[people]]
id = "person-1"
name = "Fictional Reporter"
outlets = ["outlet-1"]
private_contacts = "fictional phone number"
publication = "published"

[[people]]
id = "person-2"
name = "Fictional Blogger"
outlets = ["outlet-1", "outlet-draft"]
publication = "published"

[[cases]]
id = "case-1"
person = "person-1"
charges = [{ code = "fictional-code", article = "1" }]
events = [{ kind = "charged", date = 2024-01-10 }]
publication = "published"
)";

class EvidenceBundleWithRegister : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < kMeasurements; ++i)
      o_.accept(i);
    auto reg = legal::parse_register(kRegister, legal::RegisterFormat::toml, "fictional.toml");
    ASSERT_TRUE(reg) << reg.error().message();
    auto opened = legal::RegisterStore::open(o_.db.path);
    ASSERT_TRUE(opened) << opened.error().message();
    register_ = std::move(*opened);
    ASSERT_TRUE(register_->apply(*reg, "editor-a", "2026-12-06T04:00:00Z"));
    o_.checkpoint(true);
    files_ = exported("blocked.example");
  }
  std::map<std::string, std::string> exported(const std::string& domain) {
    const std::string out = o_.db.path + "." + domain + ".tar.gz";
    auto done = export_bundle(*o_.store, *o_.log, settings_for(domain), out, register_.get());
    EXPECT_TRUE(done) << done.error().message();
    auto files = read_bundle_archive(out);
    std::remove(out.c_str());
    EXPECT_TRUE(files) << files.error().message();
    return files ? *files : std::map<std::string, std::string>{};
  }
  BundleManifest manifest() const { return *parse_manifest(files_.at("manifest.json")); }

  Observatory o_;
  std::unique_ptr<legal::RegisterStore> register_;
  std::map<std::string, std::string> files_;
};

TEST_F(EvidenceBundleWithRegister, CarriesThePublishedEntriesConcerningTheDomain) {
  auto r = verify_bundle(files_, trusting(o_));
  EXPECT_TRUE(r.verified()) << joined(r);
  std::vector<std::string> got;
  for (const auto& e : manifest().register_entries)
    got.push_back(e.file());
  // Not order-other (another domain), not the draft order, not person-2 (who names a draft
  // outlet, whose id must not leave the editors).
  const std::vector<std::string> expected = {
      "register/authority-court-1.json", "register/order-order-1.json",
      "register/outlet-outlet-1.json", "register/person-person-1.json",
      "register/case-case-1.json"};
  EXPECT_EQ(got, expected);
  for (const auto& file : expected) {
    const std::string& text = files_.at(file);
    for (const char* hidden : {"editors only", "fictional phone number", "editor-a", "draft"})
      EXPECT_EQ(text.find(hidden), std::string::npos) << hidden << " in " << file;
  }
  EXPECT_NE(files_.at("summary.html").find("register/order-order-1.json"), std::string::npos);
  EXPECT_NE(files_.at("README.txt").find("Register entries: 5"), std::string::npos);
  bool said = false;
  for (const auto& line : r.checked)
    said = said || line.starts_with("5 register entries");
  EXPECT_TRUE(said);
}

TEST_F(EvidenceBundleWithRegister, OneChangedByteOfAnEntryFails) {
  auto& text = files_.at("register/order-order-1.json");
  text.replace(text.find("blocked.example"), 7, "BLOCKED");
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_)),
                          "not the published entry the log committed to"));
}

TEST_F(EvidenceBundleWithRegister, AMissingEntryFileFails) {
  files_.erase("register/case-case-1.json");
  EXPECT_TRUE(
      refused_for(verify_bundle(files_, trusting(o_)), "register/case-case-1.json: missing"));
}

// A genuine entry, with its real leaf and proof, about another domain: it verifies as an entry
// but does not belong in this bundle.
TEST_F(EvidenceBundleWithRegister, AnEntryAboutAnotherDomainFails) {
  auto other = exported("other.example");
  auto other_manifest = *parse_manifest(other.at("manifest.json"));
  BundleManifest m = manifest();
  for (const auto& e : other_manifest.register_entries)
    if (e.id == "order-other") {
      m.register_entries.push_back(e);
      files_[e.file()] = other.at(e.file());
    }
  files_["manifest.json"] = manifest_text(m);
  files_["summary.html"] = summary_html(m);
  files_["README.txt"] = readme_text(m);
  EXPECT_TRUE(refused_for(verify_bundle(files_, trusting(o_)),
                          "order order-other does not concern blocked.example"));
}

// An edit after the checkpoint is not in its tree: the bundle carries the entry as the
// checkpoint committed to it, and still verifies.
TEST_F(EvidenceBundleWithRegister, AnEditAfterTheCheckpointIsNotInTheBundle) {
  const std::string before = files_.at("register/order-order-1.json");
  auto reg = legal::parse_register(kRegister, legal::RegisterFormat::toml, "fictional.toml");
  ASSERT_TRUE(reg);
  reg->orders[0].common.notes = "a later note";
  ASSERT_TRUE(register_->apply(*reg, "editor-a", "2026-12-07T04:00:00Z"));
  auto later = exported("blocked.example");
  EXPECT_EQ(later.at("register/order-order-1.json"), before);
  auto r = verify_bundle(later, trusting(o_));
  EXPECT_TRUE(r.verified()) << joined(r);
}

}  // namespace
}  // namespace ashyq::evidence
