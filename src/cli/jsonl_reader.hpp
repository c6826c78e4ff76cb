// Reads measurements from a file as OONI publishes them: JSONL (one measurement per line) or one
// JSON document (possibly spread over many lines), gzip-compressed or plain (zlib tells them
// apart). A malformed line is reported with its line number and the reader goes on with the next
// one. Memory is bounded by the longest single measurement (capped at kMaxDocument).
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <string>

#include "core/result.hpp"

namespace ashyq::cli {

struct JsonlStats {
  std::size_t values = 0;
  std::size_t malformed = 0;
  std::size_t bytes = 0;  // uncompressed bytes read
};

constexpr std::size_t kMaxDocument = 256u << 20;

using OnValue = std::function<void(boost::json::value, std::size_t first_line)>;
using OnError = std::function<void(std::size_t line, const std::string& why)>;

// An error naming the file when it cannot be opened or read at all.
core::Result<void> read_json_values(const std::string& path, const OnValue& on_value,
                                    const OnError& on_error, JsonlStats& stats);

}  // namespace ashyq::cli
