// The transparency log as an organisation runs it, over real sockets on loopback: `collector
// keygen`, a collector signing checkpoints and serving tiles and proofs, `ashyq witness`
// cosigning them and refusing a rewritten history, a collector killed with SIGKILL while
// appending, and `ashyq evidence` exporting a bundle that verifies and an altered copy that
// does not.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "collector/sqlite_observatory.hpp"
#include "support/collector_process.hpp"
#include "support/run.hpp"
#include "support/submission_client.hpp"
#include "tlog/checkpoint.hpp"
#include "tlog/merkle.hpp"
#include "tlog/signed_note.hpp"
#include "tlog/sqlite_log.hpp"
#include "tlog/witness.hpp"

namespace ashyq {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kClient = "127.0.0.1";

struct Dir {
  fs::path path = fs::temp_directory_path() / ("ashyq-tlog-cli-" + std::to_string(getpid()));
  Dir() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Dir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

testing::CommandResult ashyq(std::vector<std::string> args) {
  args.insert(args.begin(), testing::ashyq_binary());
  return testing::run_command(args);
}

std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of('\n');
  if (end == std::string::npos)
    return "";
  auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// A key made by `ashyq KIND keygen`: its file and its verifier key.
struct Key {
  std::string file, verifier;
};
Key keygen(const Dir& dir, const std::string& kind, const std::string& name) {
  Key k{dir / (name.substr(0, name.find('/')) + ".key"), ""};
  auto made =
      ashyq({kind, "keygen", kind == "witness" ? "--name" : "--origin", name, "--out", k.file});
  EXPECT_EQ(made.status, 0) << made.err;
  k.verifier = last_line(made.out);
  return k;
}

// Submits `count` distinct measurements (numbered from `first`); their uids.
std::vector<std::string> submit(unsigned short port, int first, int count) {
  auto report = testing::open_report(kClient, port);
  std::vector<std::string> uids;
  for (int n = first; n < first + count; ++n) {
    auto answer = testing::post_from(kClient, port, "/report/" + report,
                                     testing::numbered_submission(report, n));
    EXPECT_EQ(answer.status, 200) << answer.body;
    if (answer.status == 200)
      uids.push_back(testing::uid_of(answer));
  }
  return uids;
}

// The collector's /checkpoint once it covers at least `size` leaves (checkpoints come every
// second in these tests); "" after 20 s.
std::string checkpoint_at_least(unsigned short port, std::uint64_t size) {
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
       std::chrono::steady_clock::now() < until;
       std::this_thread::sleep_for(std::chrono::milliseconds(100))) {
    auto answer = testing::get_from(kClient, port, "/checkpoint");
    if (answer.status != 200)
      continue;
    auto note = tlog::parse_note(answer.body);
    if (!note)
      continue;
    auto c = tlog::parse_checkpoint(note->text);
    if (c && c->size >= size)
      return answer.body;
  }
  return "";
}

std::vector<std::string> collector_flags(const Key& log, const Key& witness) {
  return {"--log-key", log.file, "--witness-key", witness.verifier, "--checkpoint-interval", "1"};
}

TEST(TransparencyLog, KeygenWritesAPrivateKeyOnlyItsOwnerReads) {
  Dir dir;
  auto key = keygen(dir, "collector", "observatory.test/log");
  auto verifier = tlog::NoteVerifier::parse(key.verifier);
  ASSERT_TRUE(verifier) << key.verifier;
  EXPECT_EQ(verifier->name(), "observatory.test/log");
  struct stat st {};
  ASSERT_EQ(::stat(key.file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = ashyq({"collector", "keygen", "--origin", "x.test/log", "--out", key.file});
  EXPECT_NE(again.status, 0) << "an existing key file is never overwritten";

  ::chmod(key.file.c_str(), 0644);
  auto refused = ashyq({"collector", "--store", "sqlite:" + dir / "db.sqlite", "--listen",
                        "127.0.0.1:0", "--log-key", key.file});
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("0644"), std::string::npos) << refused.err;
}

TEST(TransparencyLog, WithoutAKeyTheCollectorMakesOneBesideItsDatabase) {
  Dir dir;
  const std::string db = dir / "observatory.sqlite";
  std::string verifier;
  {
    testing::CollectorProcess collector(dir.path.string(), "sqlite:" + db, 0,
                                        {"--log-origin", "kept.test/log"});
    ASSERT_NE(collector.port(), 0) << collector.log();
    auto log = collector.log();
    auto at = log.find("verifier key:\n");
    ASSERT_NE(at, std::string::npos) << log;
    verifier = last_line(log.substr(0, log.find('\n', at + 14)));
    EXPECT_TRUE(verifier.starts_with("kept.test/log+")) << verifier;
  }
  struct stat st {};
  ASSERT_EQ(::stat((db + ".log-key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  fs::create_directories(dir.path / "again");
  testing::CollectorProcess again((dir.path / "again").string(), "sqlite:" + db);
  ASSERT_NE(again.port(), 0) << again.log();
  EXPECT_NE(again.log().find(verifier), std::string::npos) << "the same key, kept";
}

TEST(TransparencyLog, ServesProofsAndWitnessesCosignUntilHistoryIsRewritten) {
  Dir dir;
  auto log_key = keygen(dir, "collector", "observatory.test/log");
  auto witness = keygen(dir, "witness", "witness.test");
  const std::string db = dir / "observatory.sqlite";
  testing::CollectorProcess collector(dir.path.string(), "sqlite:" + db, 0,
                                      collector_flags(log_key, witness));
  ASSERT_NE(collector.port(), 0) << collector.log();
  EXPECT_NE(collector.log().find(log_key.verifier), std::string::npos) << collector.log();

  auto uids = submit(collector.port(), 0, 5);
  ASSERT_EQ(uids.size(), 5u);
  auto note = checkpoint_at_least(collector.port(), 5);
  ASSERT_FALSE(note.empty()) << collector.log();
  auto c = tlog::verified_checkpoint(note, *tlog::NoteVerifier::parse(log_key.verifier));
  ASSERT_TRUE(c) << c.error().message();

  // An inclusion proof for each measurement, against the served checkpoint.
  for (const auto& uid : uids) {
    auto answer = testing::get_from(kClient, collector.port(),
                                    "/api/v1/log/inclusion?measurement_uid=" + uid);
    ASSERT_EQ(answer.status, 200) << answer.body;
    auto o = json::parse(answer.body).as_object();
    auto served = tlog::verified_checkpoint(std::string(o.at("checkpoint").as_string()),
                                            *tlog::NoteVerifier::parse(log_key.verifier));
    ASSERT_TRUE(served);
    tlog::Proof proof;
    for (const auto& h : o.at("proof").as_array())
      proof.push_back(*tlog::hash_from_base64(std::string(h.as_string())));
    EXPECT_TRUE(
        tlog::verify_inclusion(tlog::leaf_hash(std::string(o.at("leaf_record").as_string())),
                               static_cast<std::uint64_t>(o.at("leaf_index").as_int64()),
                               served->size, proof, served->root))
        << uid;
  }
  EXPECT_EQ(testing::get_from(kClient, collector.port(), "/tile/0/000.p/5").body.size(), 5u * 32);
  EXPECT_EQ(testing::get_from(kClient, collector.port(), "/tile/0/000.p/200").status, 404);

  // The witness cosigns; the collector then serves the cosigned checkpoint.
  const std::string state = dir / "witness.state";
  auto witness_once = [&](unsigned short port) {
    return ashyq({"witness", "--once", "--log", "http://127.0.0.1:" + std::to_string(port),
                  "--verifier-key", log_key.verifier, "--key", witness.file, "--state", state});
  };
  auto first = witness_once(collector.port());
  ASSERT_EQ(first.status, 0) << first.err;
  auto cosigned = testing::get_from(kClient, collector.port(), "/checkpoint").body;
  auto parsed = tlog::parse_note(cosigned);
  ASSERT_TRUE(parsed);
  auto signers =
      tlog::verify_note(*parsed, std::vector{*tlog::NoteVerifier::parse(log_key.verifier),
                                             *tlog::NoteVerifier::parse(witness.verifier)});
  ASSERT_TRUE(signers) << signers.error().message();
  EXPECT_EQ(signers->size(), 2u) << cosigned;

  // The log grows: still consistent, cosigned again.
  submit(collector.port(), 100, 3);
  ASSERT_FALSE(checkpoint_at_least(collector.port(), 8).empty());
  auto second = witness_once(collector.port());
  EXPECT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.err.find("cosigned observatory.test/log at size 8"), std::string::npos)
      << second.err;
  collector.kill_now();

  // Another database under the same key: a different history of a larger size.
  fs::create_directories(dir.path / "forged");
  testing::CollectorProcess forged((dir.path / "forged").string(),
                                   "sqlite:" + dir / "forged/observatory.sqlite", 0,
                                   collector_flags(log_key, witness));
  ASSERT_NE(forged.port(), 0) << forged.log();
  submit(forged.port(), 500, 9);
  ASSERT_FALSE(checkpoint_at_least(forged.port(), 9).empty());
  auto refused = witness_once(forged.port());
  EXPECT_EQ(refused.status, 5) << refused.err;
  EXPECT_NE(refused.err.find("rewritten history"), std::string::npos) << refused.err;
}

TEST(TransparencyLog, KilledWhileAppendingSignsOnlyWhatItHoldsAndResumes) {
  Dir dir;
  auto log_key = keygen(dir, "collector", "observatory.test/log");
  auto witness = keygen(dir, "witness", "witness.test");
  const std::string db = dir / "observatory.sqlite";
  std::uint64_t acknowledged = 0;
  {
    testing::CollectorProcess collector(dir.path.string(), "sqlite:" + db, 0,
                                        collector_flags(log_key, witness));
    ASSERT_NE(collector.port(), 0) << collector.log();
    auto report = testing::open_report(kClient, collector.port());
    // Checkpoints are signed every second while eight clients append, until SIGKILL.
    auto load = testing::submit_until_killed(kClient, collector.port(), report, 300, [&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      collector.kill_now();
    });
    acknowledged = load.acknowledged.size();
    ASSERT_GE(acknowledged, 300u) << collector.log();
  }
  std::uint64_t before = 0;
  tlog::Checkpoint last;
  {
    auto log = tlog::SqliteLog::open(db);
    ASSERT_TRUE(log) << log.error().message();
    auto size = (*log)->size();
    ASSERT_TRUE(size);
    EXPECT_GE(*size, acknowledged) << "every acknowledged measurement has its leaf";
    auto store = collector::SqliteObservatory::open(db);
    ASSERT_TRUE(store);
    collector::MeasurementQuery all;
    all.limit = 1;
    all.since = "2000-01-01 00:00:00";
    EXPECT_EQ((*store)->measurements(all)->total, static_cast<std::int64_t>(*size))
        << "one leaf per stored measurement, no more";
    auto latest = (*log)->latest_checkpoint();
    ASSERT_TRUE(latest && *latest);
    last = (*latest)->checkpoint;
    EXPECT_GT(last.size, 0u);
    EXPECT_LE(last.size, *size);
    EXPECT_EQ(*(*log)->root(last.size), last.root) << "the signed tree is the stored one";
    before = *size;
  }

  // Restarted, it goes on from where the file ends, consistently with what it signed. (Its own
  // output directory: the killed one's log still names the old port.)
  fs::create_directories(dir.path / "restarted");
  testing::CollectorProcess again((dir.path / "restarted").string(), "sqlite:" + db, 0,
                                  collector_flags(log_key, witness));
  ASSERT_NE(again.port(), 0) << again.log();
  submit(again.port(), 100000, 2);
  auto note = checkpoint_at_least(again.port(), before + 2);
  ASSERT_FALSE(note.empty()) << again.log();
  auto now = tlog::verified_checkpoint(note, *tlog::NoteVerifier::parse(log_key.verifier));
  ASSERT_TRUE(now);
  EXPECT_EQ(now->size, before + 2);
  auto answer = testing::get_from(kClient, again.port(),
                                  "/api/v1/log/consistency?from=" + std::to_string(last.size) +
                                      "&to=" + std::to_string(now->size));
  ASSERT_EQ(answer.status, 200) << answer.body;
  tlog::Proof proof;
  const auto consistency = json::parse(answer.body);
  for (const auto& h : consistency.at("proof").as_array())
    proof.push_back(*tlog::hash_from_base64(std::string(h.as_string())));
  EXPECT_TRUE(tlog::verify_consistency(last.size, now->size, proof, last.root, now->root));
}

TEST(TransparencyLog, AnExportedBundleVerifiesAndAnAlteredCopyDoesNot) {
  Dir dir;
  auto log_key = keygen(dir, "collector", "observatory.test/log");
  auto witness = keygen(dir, "witness", "witness.test");
  const std::string db = dir / "observatory.sqlite";
  testing::CollectorProcess collector(dir.path.string(), "sqlite:" + db, 0,
                                      collector_flags(log_key, witness));
  ASSERT_NE(collector.port(), 0) << collector.log();
  submit(collector.port(), 0, 6);
  ASSERT_FALSE(checkpoint_at_least(collector.port(), 6).empty());
  auto cosigned = ashyq({"witness", "--once", "--log", collector.url(), "--verifier-key",
                         log_key.verifier, "--key", witness.file});
  ASSERT_EQ(cosigned.status, 0) << cosigned.err;

  const std::string bundle = dir / "bundle.tar.gz";
  auto exported =
      ashyq({"evidence", "export", "--store", "sqlite:" + db, "--domain", "example.org",
             "--probe-cc", "KZ", "--min-cosignatures", "1", "--with-log-entries", "--out", bundle});
  ASSERT_EQ(exported.status, 0) << exported.err;
  EXPECT_NE(exported.err.find("6 measurements"), std::string::npos) << exported.err;
  auto verified = ashyq({"evidence", "verify", bundle, "--key", log_key.verifier, "--witness-key",
                         witness.verifier, "--witnesses", "1"});
  EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("VERIFIED"), std::string::npos);
  EXPECT_NE(verified.out.find("ok: complete"), std::string::npos) << verified.out;

  // Without the log's entries in the bundle, completeness is checked against the log itself.
  const std::string lean = dir / "lean.tar.gz";
  ASSERT_EQ(ashyq({"evidence", "export", "--store", "sqlite:" + db, "--domain", "example.org",
                   "--probe-cc", "KZ", "--out", lean})
                .status,
            0);
  auto offline = ashyq({"evidence", "verify", lean, "--key", log_key.verifier});
  EXPECT_EQ(offline.status, 0) << offline.out;
  EXPECT_NE(offline.out.find("note: completeness not checked"), std::string::npos) << offline.out;
  auto online =
      ashyq({"evidence", "verify", lean, "--key", log_key.verifier, "--log", collector.url()});
  EXPECT_EQ(online.status, 0) << online.out;
  EXPECT_NE(online.out.find("ok: complete"), std::string::npos) << online.out;

  // The same bundle, one byte of one measurement changed, packed again with tar.
  const std::string unpacked = dir / "unpacked";
  fs::create_directories(unpacked);
  ASSERT_EQ(testing::run_command({"/usr/bin/tar", "-xzf", bundle, "-C", unpacked}).status, 0);
  fs::path measurement;
  for (const auto& e : fs::directory_iterator(fs::path(unpacked) / "ashyq-evidence/measurements"))
    measurement = e.path();
  std::string bytes;
  {
    std::ifstream in(measurement, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto at = bytes.find("\"probe_asn\":\"AS9198\"");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 17] = '7';  // AS9198 → AS9178
  {
    std::ofstream out(measurement, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  const std::string altered = dir / "altered.tar.gz";
  ASSERT_EQ(
      testing::run_command({"/usr/bin/tar", "-czf", altered, "-C", unpacked, "ashyq-evidence"})
          .status,
      0);
  auto refused = ashyq({"evidence", "verify", altered, "--key", log_key.verifier});
  EXPECT_EQ(refused.status, 5) << refused.out;
  EXPECT_NE(refused.out.find("FAILED: measurements/" + measurement.filename().string() +
                             ": its bytes are not the ones the log committed to"),
            std::string::npos)
      << refused.out;
}

}  // namespace
}  // namespace ashyq
