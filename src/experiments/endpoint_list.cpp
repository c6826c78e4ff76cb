#include "experiments/endpoint_list.hpp"

#include <algorithm>
#include <charconv>

#include "analysis/read_file.hpp"
#include "core/ascii.hpp"
#include "core/csv_reader.hpp"
#include "net/endpoint.hpp"

namespace ashyq::experiments {

namespace {

bool is_host_name(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.front() == '-')
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
  });
}

bool is_label(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::optional<EndpointCheck> check_from(std::string_view s) {
  if (s == "dns")
    return EndpointCheck::dns;
  if (s == "tcp")
    return EndpointCheck::tcp;
  if (s == "http")
    return EndpointCheck::http;
  if (s == "https")
    return EndpointCheck::https;
  return std::nullopt;
}

// One data line's fields into an entry, or why not.
core::Result<EndpointEntry> read_entry(const core::CsvRecord& fields) {
  auto why = [](std::string text) { return core::Error{"", std::move(text)}; };
  if (fields.size() != 7) {
    return why("expected 7 fields (" + std::string(kEndpointListHeader) + "), found " +
               std::to_string(fields.size()));
  }
  EndpointEntry e;
  e.role = std::string(core::ascii_trim(fields[0]));
  e.name = std::string(core::ascii_trim(fields[1]));
  e.host = std::string(core::ascii_trim(fields[2]));
  auto port = core::ascii_trim(fields[3]);
  auto check = core::ascii_trim(fields[4]);
  e.method = std::string(core::ascii_trim(fields[5]));
  e.path = std::string(core::ascii_trim(fields[6]));
  if (!is_label(e.role))
    return why("role '" + e.role + "' must be lower-case letters, digits, '_', '-' or '.'");
  if (!is_host_name(e.host) && !net::parse_ip(e.host))
    return why("host '" + e.host + "' is neither a host name nor an IP address");
  e.host = core::ascii_lower(e.host);
  if (e.name.empty())
    e.name = e.host;
  if (!is_label(e.name))
    return why("name '" + e.name + "' must be lower-case letters, digits, '_', '-' or '.'");
  auto c = check_from(check);
  if (!c)
    return why("check '" + std::string(check) + "' must be dns, tcp, http or https");
  e.check = *c;
  if (e.check == EndpointCheck::dns) {
    if (!port.empty() || !e.method.empty() || !e.path.empty())
      return why("a dns check takes no port, method or path");
    if (net::parse_ip(e.host))
      return why("a dns check needs a host name, not an address");
    return e;
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value == 0 ||
      value > 65535) {
    return why("port '" + std::string(port) + "' must be a number from 1 to 65535");
  }
  e.port = static_cast<uint16_t>(value);
  if (e.check == EndpointCheck::tcp) {
    if (!e.method.empty() || !e.path.empty())
      return why("a tcp check takes no method or path");
    return e;
  }
  if (e.method.empty())
    e.method = "GET";
  if (e.method != "GET" && e.method != "POST")
    return why("method '" + e.method + "' must be GET or POST");
  if (e.path.empty())
    e.path = "/";
  if (e.path.front() != '/' || e.path.find_first_of(" \t") != std::string::npos)
    return why("path '" + e.path + "' must start with '/' and hold no spaces");
  if (e.check == EndpointCheck::https && net::parse_ip(e.host))
    return why("an https check needs a host name (the SNI and the name verified)");
  return e;
}

}  // namespace

std::string_view to_string(EndpointCheck c) {
  switch (c) {
    case EndpointCheck::dns:
      return "dns";
    case EndpointCheck::tcp:
      return "tcp";
    case EndpointCheck::http:
      return "http";
    case EndpointCheck::https:
      return "https";
  }
  return "?";
}

std::string EndpointEntry::target() const {
  std::string host_part = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  switch (check) {
    case EndpointCheck::dns:
      return "dnslookup://" + host;
    case EndpointCheck::tcp:
      return "tcpconnect://" + host_part + ":" + std::to_string(port);
    case EndpointCheck::http:
      return "http://" + host_part + (port == 80 ? "" : ":" + std::to_string(port)) + path;
    case EndpointCheck::https:
      return "https://" + host_part + (port == 443 ? "" : ":" + std::to_string(port)) + path;
  }
  return host;
}

std::vector<const EndpointEntry*> EndpointList::with_role(std::string_view role) const {
  std::vector<const EndpointEntry*> out;
  for (const auto& e : entries) {
    if (e.role == role)
      out.push_back(&e);
  }
  return out;
}

core::Result<EndpointList> parse_endpoint_list(
    std::string_view text, std::string_view origin,
    const std::vector<std::string_view>& required_roles) {
  EndpointList list;
  list.origin = std::string(origin);
  auto error = [&](std::size_t line, std::string why) {
    return core::Error{std::string(origin) + ":" + std::to_string(line), std::move(why)};
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF")
    text.remove_prefix(3);
  bool header_seen = false;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    auto eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    auto content = core::ascii_trim(line);
    if (content.empty() || content.front() == '#')
      continue;
    if (!header_seen) {
      if (content != kEndpointListHeader) {
        return error(line_no, "the first line that is not a comment must be the header '" +
                                  std::string(kEndpointListHeader) + "'");
      }
      header_seen = true;
      continue;
    }
    auto records = core::parse_csv(content);
    if (!records)
      return error(line_no, records.error().why);
    if (records->size() != 1)
      return error(line_no, "one endpoint a line (a quoted field may not span lines)");
    auto entry = read_entry(records->front());
    if (!entry)
      return error(line_no, entry.error().why);
    auto& e = entry.value();
    e.line = line_no;
    if (!required_roles.empty() &&
        std::find(required_roles.begin(), required_roles.end(), e.role) == required_roles.end()) {
      std::string roles;
      for (auto r : required_roles)
        roles += (roles.empty() ? "" : ", ") + std::string(r);
      return error(line_no, "role '" + e.role + "' is not one of this experiment's: " + roles);
    }
    list.entries.push_back(std::move(e));
  }
  if (!header_seen)
    return error(line_no == 0 ? 1 : line_no, "no header line: the file lists no endpoints");
  for (auto role : required_roles) {
    if (list.with_role(role).empty()) {
      return core::Error{std::string(origin),
                         "no endpoint with the role '" + std::string(role) +
                             "' (every role of the experiment needs at least one)"};
    }
  }
  return list;
}

core::Result<EndpointList> load_endpoint_list(const std::string& path,
                                              const std::vector<std::string_view>& required_roles) {
  auto text = analysis::read_file(path, 1 << 20);
  if (!text)
    return core::Error{"endpoint list " + text.error().where, text.error().why};
  return parse_endpoint_list(*text, path, required_roles);
}

}  // namespace ashyq::experiments
