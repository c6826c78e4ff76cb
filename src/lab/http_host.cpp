// HTTP request-head parsing for the censor: enough of RFC 9112 to find the Host.
#include "lab/http_host.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "core/ascii.hpp"

namespace ashyq::lab {

namespace {

constexpr std::size_t kMaxHead = 16 * 1024;

std::string host_without_port(std::string_view h) {
  h = core::ascii_trim(h);
  if (!h.empty() && h.front() == '[') {
    auto end = h.find(']');
    return core::ascii_lower(end == std::string_view::npos ? h : h.substr(1, end - 1));
  }
  auto colon = h.find(':');
  if (colon != std::string_view::npos)
    h = h.substr(0, colon);
  if (!h.empty() && h.back() == '.')
    h.remove_suffix(1);
  return core::ascii_lower(h);
}

bool starts_with_method(std::string_view s, bool& partial) {
  static constexpr std::array<std::string_view, 9> kMethods = {
      "GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "CONNECT ", "PATCH ", "TRACE "};
  partial = false;
  for (auto m : kMethods) {
    if (s.size() >= m.size() && s.substr(0, m.size()) == m)
      return true;
    if (s.size() < m.size() && m.substr(0, s.size()) == s)
      partial = true;
  }
  return false;
}

}  // namespace

HttpRequestInfo parse_http_host(std::string_view stream) {
  HttpRequestInfo info;
  bool partial = false;
  if (!starts_with_method(stream, partial)) {
    if (partial)
      info.status = ParseStatus::kNeedMore;
    return info;
  }
  auto head_end = stream.find("\r\n\r\n");
  std::string_view head = stream.substr(0, std::min(head_end, kMaxHead));
  auto line_end = head.find("\r\n");
  std::string_view request_line = head.substr(0, line_end);
  // Absolute URI in the request line (proxy form): GET http://host/path HTTP/1.1
  auto sp1 = request_line.find(' ');
  auto sp2 = request_line.find(' ', sp1 + 1);
  if (sp1 != std::string_view::npos && sp2 != std::string_view::npos) {
    auto target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    auto scheme = target.find("://");
    if (scheme != std::string_view::npos) {
      auto rest = target.substr(scheme + 3);
      info.host = host_without_port(rest.substr(0, rest.find_first_of("/?#")));
    }
  }
  std::size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    auto end = head.find("\r\n", pos);
    if (end == std::string_view::npos) {
      if (head_end == std::string_view::npos)
        break;  // incomplete last line
      end = head.size();
    }
    auto line = head.substr(pos, end - pos);
    auto colon = line.find(':');
    if (colon != std::string_view::npos &&
        core::ascii_lower(core::ascii_trim(line.substr(0, colon))) == "host") {
      info.host = host_without_port(line.substr(colon + 1));
      info.status = ParseStatus::kDone;
      return info;
    }
    pos = end + 2;
  }
  if (head_end == std::string_view::npos && stream.size() < kMaxHead) {
    info.status = ParseStatus::kNeedMore;
    return info;
  }
  info.status = info.host.empty() ? ParseStatus::kNotMatched : ParseStatus::kDone;
  return info;
}

}  // namespace ashyq::lab
