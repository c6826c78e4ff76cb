#include "evidence/bundle_archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace ashyq::evidence {

namespace {

struct FreeWriter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct FreeReader {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct FreeEntry {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

// 2026-01-01T00:00:00Z: every entry's time, so the archive depends only on its contents.
constexpr time_t kEntryTime = 1767225600;

bool is_plain_relative(std::string_view p) {
  if (p.empty() || p.front() == '/' || p.back() == '/' || p.size() > 512)
    return false;
  std::size_t start = 0;
  while (start <= p.size()) {
    auto end = p.find('/', start);
    if (end == std::string_view::npos)
      end = p.size();
    auto part = p.substr(start, end - start);
    if (part.empty() || part == "." || part == "..")
      return false;
    for (char c : part)
      if (static_cast<unsigned char>(c) < 0x20 || c == '\\')
        return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

core::Result<void> write_bundle_archive(const std::string& path, const std::string& top,
                                        const std::vector<BundleFile>& files) {
  std::unique_ptr<archive, FreeWriter> a(archive_write_new());
  auto failed = [&](const std::string& what) {
    return core::Error{path, what + ": " +
                                 (archive_error_string(a.get()) ? archive_error_string(a.get())
                                                                : "libarchive failed")};
  };
  if (archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK ||
      archive_write_add_filter_gzip(a.get()) != ARCHIVE_OK ||
      archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr) != ARCHIVE_OK)
    return failed("cannot set up a .tar.gz");
  if (archive_write_open_filename(a.get(), path.c_str()) != ARCHIVE_OK)
    return failed("cannot create");
  for (const auto& f : files) {
    if (!is_plain_relative(f.path))
      return core::Error{path, "not a plain relative path: '" + f.path + "'"};
    std::unique_ptr<archive_entry, FreeEntry> e(archive_entry_new());
    const std::string name = top + "/" + f.path;
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(f.bytes.size()));
    archive_entry_set_mtime(e.get(), kEntryTime, 0);
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK)
      return failed("cannot add " + f.path);
    if (!f.bytes.empty() && archive_write_data(a.get(), f.bytes.data(), f.bytes.size()) !=
                                static_cast<la_ssize_t>(f.bytes.size()))
      return failed("cannot write " + f.path);
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK)
    return failed("cannot finish");
  return {};
}

core::Result<std::map<std::string, std::string>> read_bundle_archive(const std::string& path,
                                                                     const ArchiveLimits& limits) {
  std::unique_ptr<archive, FreeReader> a(archive_read_new());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  auto failed = [&](const std::string& what) {
    return core::Error{path, what + ": " +
                                 (archive_error_string(a.get()) ? archive_error_string(a.get())
                                                                : "libarchive failed")};
  };
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    return failed("not a readable .tar.gz");
  std::map<std::string, std::string> files;
  std::string top;
  std::size_t total = 0;
  archive_entry* e = nullptr;
  for (;;) {
    int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF)
      break;
    if (rc != ARCHIVE_OK)
      return failed("broken archive after " + std::to_string(files.size()) + " files");
    const char* raw_name = archive_entry_pathname(e);
    std::string name = raw_name ? raw_name : "";
    if (archive_entry_filetype(e) == AE_IFDIR)
      continue;
    if (archive_entry_filetype(e) != AE_IFREG)
      return core::Error{path + ": " + name, "not a regular file"};
    auto slash = name.find('/');
    if (slash == std::string::npos || !is_plain_relative(name))
      return core::Error{path + ": " + name, "not a plain path under one top directory"};
    if (top.empty())
      top = name.substr(0, slash);
    else if (name.compare(0, slash, top) != 0 || slash != top.size())
      return core::Error{path + ": " + name, "outside the bundle's directory " + top + "/"};
    std::string rel = name.substr(slash + 1);
    if (files.size() >= limits.max_files)
      return core::Error{path, "more than " + std::to_string(limits.max_files) + " files"};
    const auto size = archive_entry_size(e);
    if (size < 0 || static_cast<std::size_t>(size) > limits.max_file_bytes)
      return core::Error{path + ": " + rel,
                         "larger than " + std::to_string(limits.max_file_bytes) + " bytes"};
    total += static_cast<std::size_t>(size);
    if (total > limits.max_total_bytes)
      return core::Error{
          path, "larger than " + std::to_string(limits.max_total_bytes) + " bytes unpacked"};
    std::string bytes(static_cast<std::size_t>(size), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
      auto n = archive_read_data(a.get(), bytes.data() + got, bytes.size() - got);
      if (n <= 0)
        return failed(rel + ": cannot read");
      got += static_cast<std::size_t>(n);
    }
    if (!files.emplace(rel, std::move(bytes)).second)
      return core::Error{path + ": " + rel, "appears twice"};
  }
  return files;
}

}  // namespace ashyq::evidence
