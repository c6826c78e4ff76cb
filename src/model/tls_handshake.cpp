#include "model/tls_handshake.hpp"

#include "core/base64.hpp"
#include "core/json.hpp"

namespace ashyq::model {
namespace json = boost::json;

json::value to_json(const TlsHandshake& h) {
  json::object o;
  o["network"] = h.network;
  o["address"] = h.address;
  o["cipher_suite"] = h.cipher_suite;
  o["failure"] = core::failure_json(h.failure);
  o["negotiated_protocol"] = h.negotiated_protocol;
  o["no_tls_verify"] = h.no_tls_verify;
  json::array certs;
  for (const auto& der : h.peer_certificates) {
    certs.push_back(json::object{{"format", "base64"}, {"data", core::base64_encode(der)}});
  }
  o["peer_certificates"] = std::move(certs);
  o["server_name"] = h.server_name;
  o["tls_version"] = h.tls_version;
  put_timing(o, h);
  return o;
}

void read_tls_handshake(JsonReader& r, TlsHandshake& h) {
  read_timing(r, h);
  r.string("network", h.network);
  r.string("address", h.address);
  r.string("server_name", h.server_name);
  r.string("cipher_suite", h.cipher_suite);
  r.string("negotiated_protocol", h.negotiated_protocol);
  r.string("tls_version", h.tls_version);
  r.boolean("no_tls_verify", h.no_tls_verify);
  r.failure("failure", h.failure);
  if (const auto* certs = r.array("peer_certificates")) {
    for (const auto& c : *certs) {
      if (c.is_object() && c.as_object().contains("data") && c.as_object().at("data").is_string()) {
        auto der = core::base64_decode(c.as_object().at("data").as_string());
        if (!der)
          return r.fail("peer_certificates", "a certificate is not valid base64");
        h.peer_certificates.push_back(std::move(*der));
      }
    }
  }
}

core::Result<TlsHandshake> tls_handshake_from_json(const json::value& v, std::string path) {
  return read_record<TlsHandshake>(v, std::move(path), read_tls_handshake);
}

}  // namespace ashyq::model
