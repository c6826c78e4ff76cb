// Endpoint lists: what an app experiment (telegram, whatsapp, signal, facebook_messenger)
// measures, as a data file that can be updated without a rebuild. The shipped lists are
// data/messaging/<app>.csv; `-O endpoints=PATH` names another (the lab's use 10.77.x addresses).
//
// Format (one endpoint a line; `#` starts a comment line; blank lines are skipped):
//
//   role,name,host,port,check,method,path
//   dc,dc1,149.154.175.50,80,http,POST,/
//   web,web,web.telegram.org,443,https,GET,/
//   service,stun,stun.fbsbx.com,,dns,,
//
// - role:   what the endpoint is for the app ("dc", "web", "endpoint", "backend", …); the app
//           says which roles it needs and classifies per role.
// - name:   a short label used in keys and evidence (facebook's "b_api"); empty: the host.
// - host:   a host name (resolved with the probe's resolver) or an IP literal.
// - port:   1–65535; empty only for check=dns.
// - check:  dns (resolve only), tcp (connect), http (connect + one plain HTTP request),
//           https (connect + TLS + one HTTP request).
// - method: GET or POST for http/https (empty: GET); empty otherwise.
// - path:   the request path for http/https (empty: "/").
//
// The header line must be the first line that is not a comment. A malformed line is an error
// naming the file and the line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ashyq::experiments {

enum class EndpointCheck { dns, tcp, http, https };

std::string_view to_string(EndpointCheck c);

struct EndpointEntry {
  std::string role;
  std::string name;
  std::string host;
  uint16_t port = 0;  // 0 for check=dns
  EndpointCheck check = EndpointCheck::tcp;
  std::string method;  // "GET"/"POST" for http(s), "" otherwise
  std::string path;    // "/…" for http(s), "" otherwise
  std::size_t line = 0;

  // "http://149.154.175.50:443/", "https://web.telegram.org/", "tcpconnect://e1.whatsapp.net:5222",
  // "dnslookup://stun.fbsbx.com" (OONI's urlgetter target notation).
  std::string target() const;
};

struct EndpointList {
  std::string origin;  // the file it came from
  std::vector<EndpointEntry> entries;

  // The entries with this role, in file order.
  std::vector<const EndpointEntry*> with_role(std::string_view role) const;
};

inline constexpr std::string_view kEndpointListHeader = "role,name,host,port,check,method,path";

// Parses the text of a list; `origin` names it in errors ("FILE:LINE: what is wrong"). When
// `required_roles` is not empty, every entry's role must be one of them and each must appear.
core::Result<EndpointList> parse_endpoint_list(
    std::string_view text, std::string_view origin,
    const std::vector<std::string_view>& required_roles = {});

// Reads and parses a file (the error names it).
core::Result<EndpointList> load_endpoint_list(
    const std::string& path, const std::vector<std::string_view>& required_roles = {});

}  // namespace ashyq::experiments
