// `ashyq evidence export` and `ashyq evidence verify`: evidence bundles (src/evidence/). This file
// only turns flags into the module's calls and its reports into lines and exit codes:
//   verify  0 verified; 5 a check failed (each failure on its own line, naming the file);
//           2 wrong flags or an unreadable bundle file path; 3 the log given by --log unreachable
#include <chrono>
#include <iostream>

#include "analysis/fingerprint_db.hpp"
#include "analysis/read_file.hpp"
#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "cli/exit_codes.hpp"
#include "cli/service_fetch.hpp"
#include "collector/ooni_time.hpp"
#include "collector/store_spec.hpp"
#include "evidence/bundle_archive.hpp"
#include "evidence/export_bundle.hpp"
#include "evidence/verify_bundle.hpp"
#include "register/register_store.hpp"
#include "tlog/sqlite_log.hpp"

namespace ashyq::cli {

namespace {

struct ExportOptions {
  std::string store;
  std::string domain, probe_cc;
  std::vector<std::string> asns;
  std::string since, until;
  std::size_t min_cosignatures = 0;
  bool with_entries = false;
  std::vector<std::string> fingerprints;
  std::string out;
};

struct VerifyOptions {
  std::string bundle;
  std::vector<std::string> keys, witness_keys;
  std::size_t witnesses = 0;
  std::vector<std::string> fingerprints;
  std::string log;
  std::string ca_file;
};

std::optional<std::string> optional_flag(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

int run_export(const ExportOptions& o) {
  auto fail = [](const std::string& message, int code = kUsage) {
    std::cerr << "ashyq evidence export: " << message << "\n";
    return code;
  };
  auto query = evidence::make_query(o.domain, o.probe_cc, o.asns, optional_flag(o.since),
                                    optional_flag(o.until));
  if (!query)
    return fail("--" + query.error().message());
  evidence::ExportSettings settings;
  settings.query = *query;
  settings.min_cosignatures = o.min_cosignatures;
  settings.include_entries = o.with_entries;
  auto fingerprints = std::make_shared<analysis::FingerprintDb>();
  auto digests = load_fingerprint_files(o.fingerprints, *fingerprints);
  if (!digests)
    return fail(digests.error().message());
  settings.verdict.fingerprints = fingerprints.get();
  settings.fingerprints_sha256 = *digests;
  settings.created = collector::format_api_time(collector::format_ooni_time(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())));

  auto spec = collector::parse_store_spec(o.store);
  if (!spec)
    return fail(spec.error().message());
  auto store = collector::open_observatory_store(*spec);
  if (!store)
    return fail(store.error().message(), kEnvironment);
  auto log = tlog::SqliteLog::open((*store)->log_database());
  if (!log)
    return fail(log.error().message(), kEnvironment);
  // The register lives beside the log (docs/register.md); its published entries naming the
  // domain go into the bundle.
  auto register_store = legal::RegisterStore::open((*store)->log_database());
  if (!register_store)
    return fail(register_store.error().message(), kEnvironment);
  auto done = evidence::export_bundle(**store, **log, settings, o.out, register_store->get());
  if (!done)
    return fail(done.error().message(), kEnvironment);
  std::cerr << "ashyq evidence export: " << done->measurements << " measurements of "
            << query->domain << " in " << query->probe_cc << ", proved against the checkpoint of "
            << done->tree_size << " entries (" << done->cosignatures << " cosignatures)"
            << (o.with_entries ? ", log entries included" : "") << ", " << done->register_entries
            << " register entries" << std::endl;
  std::cout << o.out << std::endl;
  return kMeasured;
}

int run_verify(const VerifyOptions& o) {
  auto fail = [](const std::string& message, int code = kUsage) {
    std::cerr << "ashyq evidence verify: " << message << "\n";
    return code;
  };
  evidence::VerifySettings settings;
  for (const auto& text : o.keys) {
    auto key = tlog::NoteVerifier::parse(text);
    if (!key)
      return fail("--key " + key.error().message());
    settings.log_keys.push_back(*key);
  }
  for (const auto& text : o.witness_keys) {
    auto key = tlog::NoteVerifier::parse(text);
    if (!key)
      return fail("--witness-key " + key.error().message());
    settings.witness_keys.push_back(*key);
  }
  if (o.witnesses > settings.witness_keys.size())
    return fail("--witnesses " + std::to_string(o.witnesses) + " is more than the " +
                std::to_string(settings.witness_keys.size()) + " --witness-key given");
  settings.witnesses = o.witnesses;
  auto fingerprints = std::make_shared<analysis::FingerprintDb>();
  auto digests = load_fingerprint_files(o.fingerprints, *fingerprints);
  if (!digests)
    return fail(digests.error().message());
  settings.verdict.fingerprints = fingerprints.get();
  settings.fingerprints_sha256 = *digests;
  std::optional<net::ServiceClient> client;
  if (!o.log.empty()) {
    auto made = service_client(o.ca_file, 30);
    if (!made)
      return fail(made.error().message());
    client = *made;
    std::string base = o.log;
    while (base.ends_with('/'))
      base.pop_back();
    settings.fetch_entries = [&client, base](const tlog::TileId& t) {
      return fetch(*client, "GET", base + "/" + tlog::tile_path(t));
    };
  }

  auto files = evidence::read_bundle_archive(o.bundle);
  if (!files) {
    std::cout << "NOT VERIFIED: " << files.error().message() << std::endl;
    return kRefused;
  }
  auto report = evidence::verify_bundle(*files, settings);
  for (const auto& line : report.checked)
    std::cout << "ok: " << line << "\n";
  if (!report.completeness.empty())
    std::cout << (report.completeness.starts_with("complete:") ? "ok: " : "note: ")
              << report.completeness << "\n";
  for (const auto& line : report.problems)
    std::cout << "FAILED: " << line << "\n";
  if (!report.verified()) {
    std::cout << "NOT VERIFIED: " << o.bundle << " (" << report.problems.size() << " problem(s))"
              << std::endl;
    return kRefused;
  }
  std::cout << "VERIFIED: " << o.bundle << " (" << report.measurements << " measurements)"
            << std::endl;
  return kMeasured;
}

}  // namespace

Command add_evidence_command(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "evidence", "Export and verify evidence bundles: measurements with proofs from the log");
  sub->require_subcommand(1);

  auto e = std::make_shared<ExportOptions>();
  auto* exp = sub->add_subcommand("export", "Write a bundle of a query's measurements and proofs");
  exp->add_option("--store", e->store, "the collector's store: sqlite:PATH or clickhouse:URL")
      ->required();
  exp->add_option("--domain", e->domain, "the measured domain, e.g. azattyq.org")->required();
  exp->add_option("--probe-cc", e->probe_cc, "the country measured from, e.g. KZ")->required();
  exp->add_option("--asn", e->asns, "only these networks (repeatable), e.g. AS9198");
  exp->add_option("--since", e->since, "measured at or after (YYYY-MM-DD[ hh:mm:ss], UTC)");
  exp->add_option("--until", e->until, "measured before (YYYY-MM-DD[ hh:mm:ss], UTC)");
  exp->add_option("--min-cosignatures", e->min_cosignatures,
                  "prove against the newest checkpoint with at least this many cosignatures")
      ->capture_default_str();
  exp->add_flag("--with-log-entries", e->with_entries,
                "include the log's entries of the covered range (completeness checkable offline)");
  exp->add_option("--fingerprints", e->fingerprints,
                  "blockpage fingerprint CSV the verdicts use (repeatable)")
      ->check(CLI::ExistingFile);
  exp->add_option("--out", e->out, "the bundle file to write (.tar.gz)")->required();

  auto v = std::make_shared<VerifyOptions>();
  auto* ver = sub->add_subcommand("verify", "Check a bundle offline; exit 0 verified, 5 not");
  ver->add_option("BUNDLE", v->bundle, "the bundle file")->required()->check(CLI::ExistingFile);
  ver->add_option("--key", v->keys, "the log's verifier key NAME+ID+KEY (repeatable)");
  ver->add_option("--witness-key", v->witness_keys, "a witness's verifier key (repeatable)");
  ver->add_option("--witnesses", v->witnesses, "cosignatures required from --witness-key keys")
      ->capture_default_str();
  ver->add_option("--fingerprints", v->fingerprints,
                  "the fingerprint CSV files the bundle's verdicts were made with")
      ->check(CLI::ExistingFile);
  ver->add_option("--log", v->log,
                  "the log's URL, to check completeness against its entries when the bundle "
                  "has none");
  ver->add_option("--ca-file", v->ca_file, "PEM roots for an https --log");
  return {sub, [e, v, exp] { return exp->parsed() ? run_export(*e) : run_verify(*v); }};
}

}  // namespace ashyq::cli
