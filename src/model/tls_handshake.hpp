// df-006 tls_handshakes: one TLS handshake over one connection, with the peer's certificates.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/failure.hpp"
#include "core/result.hpp"
#include "model/event_timing.hpp"

namespace ashyq::model {

struct TlsHandshake : EventTiming {
  std::string network = "tcp";
  std::string address;  // "IP:port"
  std::string server_name;
  std::string cipher_suite;
  std::string negotiated_protocol;
  std::string tls_version;
  bool no_tls_verify = false;
  std::vector<std::string> peer_certificates;  // DER bytes, leaf first
  core::MaybeFailure failure;
};

boost::json::value to_json(const TlsHandshake& h);
core::Result<TlsHandshake> tls_handshake_from_json(const boost::json::value& v,
                                                   std::string path = {});
void read_tls_handshake(JsonReader& r, TlsHandshake& h);

}  // namespace ashyq::model
