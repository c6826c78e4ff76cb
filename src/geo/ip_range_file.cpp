#include "geo/ip_range_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/ip/address.hpp>

#include "core/unique_fd.hpp"

namespace ashyq::geo {

std::optional<AddressBytes> address_bytes(std::string_view text) {
  boost::system::error_code ec;
  auto ip = boost::asio::ip::make_address(std::string(text), ec);
  if (ec)
    return std::nullopt;
  if (ip.is_v4())
    ip = boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, ip.to_v4());
  return ip.to_v6().to_bytes();
}

std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

struct IpRangeFile::Mapping {
  void* data = nullptr;
  std::size_t size = 0;
  ~Mapping() {
    if (data)
      munmap(data, size);
  }
};

core::Result<IpRangeFile> IpRangeFile::open(const std::string& path) {
  core::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd)
    return core::Error{path, "cannot read the file"};
  struct stat st {};
  if (fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    return core::Error{path, "not a regular file"};
  if (st.st_size == 0)
    return core::Error{path, "the file is empty"};
  auto mapping = std::make_shared<Mapping>();
  mapping->size = static_cast<std::size_t>(st.st_size);
  mapping->data = mmap(nullptr, mapping->size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (mapping->data == MAP_FAILED) {
    mapping->data = nullptr;
    return core::Error{path, "cannot map the file"};
  }
  IpRangeFile file;
  file.text_ = {static_cast<const char*>(mapping->data), mapping->size};
  file.mapping_ = std::move(mapping);
  file.path_ = path;
  return file;
}

IpRangeFile IpRangeFile::over(std::string_view text) {
  IpRangeFile file;
  file.text_ = text;
  return file;
}

namespace {

// How many lines before the first candidate a lookup tries (overlapping ranges).
constexpr int kLookBack = 16;

// The start of the line holding byte `pos`.
std::size_t line_start(std::string_view text, std::size_t pos) {
  while (pos > 0 && text[pos - 1] != '\n')
    --pos;
  return pos;
}

std::string_view line_at(std::string_view text, std::size_t start) {
  auto end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
}

std::optional<AddressBytes> first_address(std::string_view line) {
  auto comma = line.find(',');
  if (comma == std::string_view::npos)
    return std::nullopt;
  return address_bytes(line.substr(0, comma));
}

}  // namespace

std::vector<std::string> IpRangeFile::find(const AddressBytes& address) const {
  // Invariant: every line starting before `lo` begins at or below `address`; every line
  // starting at or after `hi` begins above it (or cannot be parsed: treated as above, so a
  // broken line only hides ranges, it never makes one match).
  std::size_t lo = 0, hi = text_.size();
  while (lo < hi) {
    const std::size_t start = line_start(text_, lo + (hi - lo) / 2);  // in [lo, hi)
    const auto line = line_at(text_, start);
    auto first = first_address(line);
    if (first && *first <= address)
      lo = start + line.size() + 1;
    else
      hi = start;
  }
  // The last line starting at or before the address; when its range ends before the address,
  // a few lines further back (a longer range that a later, shorter one starts inside of).
  std::size_t end = std::min(lo, text_.size());
  for (int back = 0; back < kLookBack && end > 0; ++back) {
    const std::size_t start = line_start(text_, end - 1);
    auto fields = split_csv_line(line_at(text_, start));
    end = start;
    if (fields.size() < 3)
      continue;
    auto first = address_bytes(fields[0]);
    auto last = address_bytes(fields[1]);
    if (!first || !last || address < *first || *last < address)
      continue;
    fields.erase(fields.begin(), fields.begin() + 2);
    return fields;
  }
  return {};
}

}  // namespace ashyq::geo
