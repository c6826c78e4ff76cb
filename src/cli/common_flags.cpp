#include "cli/common_flags.hpp"

#include "analysis/read_file.hpp"
#include "tlog/hash.hpp"

namespace ashyq::cli {

namespace {
std::chrono::milliseconds ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}
}  // namespace

void TimeoutFlags::add_to(CLI::App* app) {
  app->add_option("--dns-timeout", dns, "seconds per DNS lookup")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--connect-timeout", connect, "seconds per TCP connect")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--tls-timeout", tls, "seconds per TLS handshake")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--http-timeout", http, "seconds per HTTP round trip, body included")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

core::StepTimeouts TimeoutFlags::timeouts() const {
  core::StepTimeouts t;
  t.dns = ms(dns);
  t.connect = ms(connect);
  t.tls = ms(tls);
  t.http = ms(http);
  return t;
}

core::Result<std::vector<std::string>> load_fingerprint_files(const std::vector<std::string>& paths,
                                                              analysis::FingerprintDb& db) {
  std::vector<std::string> digests;
  for (const auto& path : paths) {
    auto text = analysis::read_file(path);
    if (!text)
      return core::Error{"", "--fingerprints " + text.error().message()};
    if (auto added = db.add_csv(*text, path); !added)
      return core::Error{"", "--fingerprints " + path + ": " + added.error().message()};
    digests.push_back(tlog::hash_hex(tlog::sha256(*text)));
  }
  return digests;
}

}  // namespace ashyq::cli
