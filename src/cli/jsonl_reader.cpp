#include "cli/jsonl_reader.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

namespace ashyq::cli {

namespace json = boost::json;

namespace {

struct GzCloser {
  void operator()(gzFile f) const { gzclose(f); }
};

bool only_space(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

core::Result<void> read_json_values(const std::string& path, const OnValue& on_value,
                                    const OnError& on_error, JsonlStats& stats) {
  std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
  if (!file) {
    return core::Error{path, errno ? std::strerror(errno) : "cannot open"};
  }
  gzbuffer(file.get(), 1 << 17);

  json::stream_parser parser;
  std::vector<std::string> pending;  // the lines of a value that spans several lines
  std::size_t line_no = 0;           // the line being read
  std::size_t value_start = 0;
  std::string line;
  std::string chunk(1 << 16, '\0');
  std::string carry;

  std::function<void(std::string_view)> finish_line;
  finish_line = [&](std::string_view text) {
    ++line_no;
    if (pending.empty() && only_space(text))
      return;
    if (pending.empty())
      value_start = line_no;
    std::size_t pending_bytes = 0;
    for (const auto& p : pending)
      pending_bytes += p.size();
    if (pending_bytes + text.size() > kMaxDocument) {
      on_error(value_start, "measurement larger than 256 MiB");
      ++stats.malformed;
      pending.clear();
      parser.reset();
      return;
    }
    boost::system::error_code ec;
    parser.write(text.data(), text.size(), ec);
    if (!ec)
      parser.write("\n", 1, ec);
    if (ec) {
      on_error(value_start, ec.message());
      ++stats.malformed;
      parser.reset();
      // The broken value may have swallowed good lines after its first: read each of them, and
      // this one, again on their own.
      std::vector<std::string> again;
      if (!pending.empty()) {
        again.assign(std::make_move_iterator(pending.begin() + 1),
                     std::make_move_iterator(pending.end()));
        again.emplace_back(text);
      }
      pending.clear();
      if (!again.empty()) {
        line_no -= again.size();
        for (const auto& l : again)
          finish_line(l);
      }
      return;
    }
    if (parser.done()) {
      parser.finish(ec);
      if (ec) {
        on_error(value_start, ec.message());
        ++stats.malformed;
      } else {
        ++stats.values;
        on_value(parser.release(), value_start);
      }
      parser.reset();
      pending.clear();
    } else {
      pending.emplace_back(text);
    }
  };

  for (;;) {
    int n = gzread(file.get(), chunk.data(), static_cast<unsigned>(chunk.size()));
    if (n < 0) {
      int code = 0;
      const char* why = gzerror(file.get(), &code);
      return core::Error{path, std::string(why ? why : "read error") + " (after line " +
                                   std::to_string(line_no) + ")"};
    }
    if (n == 0)
      break;
    stats.bytes += static_cast<std::size_t>(n);
    std::string_view data(chunk.data(), static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (;;) {
      auto nl = data.find('\n', start);
      if (nl == std::string_view::npos) {
        carry.append(data.substr(start));
        break;
      }
      if (carry.empty()) {
        finish_line(data.substr(start, nl - start));
      } else {
        carry.append(data.substr(start, nl - start));
        finish_line(carry);
        carry.clear();
      }
      start = nl + 1;
    }
    if (carry.size() > kMaxDocument) {
      on_error(line_no + 1, "line longer than 256 MiB");
      ++stats.malformed;
      return {};
    }
  }
  if (!carry.empty())
    finish_line(carry);
  if (!pending.empty()) {
    on_error(value_start, "incomplete JSON at end of file");
    ++stats.malformed;
  }
  return {};
}

}  // namespace ashyq::cli
