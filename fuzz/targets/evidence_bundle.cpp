// An evidence bundle as `ashyq evidence verify` reads it: the .tar.gz (read through an anonymous
// file, as the verifier reads a path), then every check of verify_bundle over its files, with
// the log key written in the bundle and then with a fixed trusted key and one witness required.
// The first byte chooses the form of the rest: even, the archive's bytes; odd, the files
// themselves (path, NUL, bytes, NUL, …), so the verifier is fuzzed past gzip's checksums too.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "evidence/bundle_archive.hpp"
#include "evidence/bundle_manifest.hpp"
#include "evidence/verify_bundle.hpp"
#include "tlog/note_key.hpp"

namespace {

using namespace ashyq;

std::map<std::string, std::string> files_of(std::string_view rest) {
  std::map<std::string, std::string> files;
  while (!rest.empty()) {
    auto nul = rest.find('\0');
    const std::string path(rest.substr(0, nul));
    if (nul == std::string_view::npos)
      break;
    rest.remove_prefix(nul + 1);
    nul = rest.find('\0');
    files.emplace(path, std::string(rest.substr(0, nul)));
    if (nul == std::string_view::npos)
      break;
    rest.remove_prefix(nul + 1);
  }
  return files;
}

std::optional<std::map<std::string, std::string>> archive_of(std::string_view bytes) {
  int fd = ::memfd_create("fuzz-bundle", MFD_CLOEXEC);
  if (fd < 0)
    return std::nullopt;
  std::optional<std::map<std::string, std::string>> files;
  if (::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size())) {
    evidence::ArchiveLimits limits;
    limits.max_files = 64;
    limits.max_file_bytes = 1 << 20;
    limits.max_total_bytes = 4 << 20;
    if (auto read = evidence::read_bundle_archive("/proc/self/fd/" + std::to_string(fd), limits))
      files = std::move(*read);
  }
  ::close(fd);
  return files;
}

const evidence::VerifySettings& trusting() {
  static const evidence::VerifySettings settings = [] {
    evidence::VerifySettings s;
    tlog::Ed25519Seed seed{};
    seed[0] = 1;
    s.log_keys.push_back(tlog::NoteSigner::from_seed("observatory.test/log", seed)->verifier());
    seed[0] = 2;
    s.witness_keys.push_back(
        tlog::NoteSigner::from_seed("witness.test", seed, tlog::KeyType::cosignature_v1)
            ->verifier());
    s.witnesses = 1;
    return s;
  }();
  return settings;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1)
    return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::optional<std::map<std::string, std::string>> files;
  if (data[0] & 1)
    files = files_of(rest);
  else
    files = archive_of(rest);
  if (!files)
    return 0;
  if (auto it = files->find("manifest.json"); it != files->end())
    (void)evidence::parse_manifest(it->second);
  (void)evidence::verify_bundle(*files, evidence::VerifySettings{});
  (void)evidence::verify_bundle(*files, trusting());
  return 0;
}
