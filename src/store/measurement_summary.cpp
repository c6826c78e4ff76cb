#include "store/measurement_summary.hpp"

#include <openssl/x509.h>

#include <boost/json.hpp>
#include <memory>

#include "analysis/failed_step.hpp"
#include "core/base64.hpp"
#include "core/json_path.hpp"
#include "net/url.hpp"

namespace ashyq::store {

namespace json = boost::json;
using core::array_at;
using core::object_at;
using core::string_at;

namespace {

// The issuer's common name (or the whole DN) of a base64 DER certificate.
std::string issuer_of(std::string_view base64_der) {
  auto der = core::base64_decode(base64_der);
  if (!der)
    return {};
  const auto* p = reinterpret_cast<const unsigned char*>(der->data());
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      d2i_X509(nullptr, &p, static_cast<long>(der->size())), X509_free);
  if (!cert)
    return {};
  std::string out;
  X509_NAME* name = X509_get_issuer_name(cert.get());
  char buf[512];
  if (X509_NAME_get_text_by_NID(name, NID_commonName, buf, sizeof buf) > 0) {
    out = buf;
  } else if (char* line = X509_NAME_oneline(name, buf, sizeof buf)) {
    out = line;
  }
  return out;
}

}  // namespace

MeasurementSummary summarize(const json::value& measurement) {
  MeasurementSummary s;
  const auto* m = measurement.if_object();
  if (!m)
    return s;
  s.input = string_at(*m, "input");
  s.test_name = string_at(*m, "test_name");
  s.measurement_start_time = string_at(*m, "measurement_start_time");
  if (const auto* v = m->if_contains("test_runtime"); v && v->is_number()) {
    s.runtime = v->to_number<double>();
  }
  if (auto url = net::parse_url(s.input); url.ok()) {
    s.domain = url.value().host;
  } else if (!s.input.empty() && s.input.find('/') == std::string::npos) {
    s.domain = s.input;  // a bare domain (sni_blocking's input, as OONI's)
  }
  if (const auto* a = object_at(*m, "annotations"))
    s.category = string_at(*a, "category_code");
  const auto* tk = object_at(*m, "test_keys");
  if (!tk)
    return s;

  if (const auto* b = tk->if_contains("blocking")) {
    if (b->is_bool())
      s.blocking = b->as_bool() ? "true" : "false";
    if (b->is_string())
      s.blocking = std::string(b->as_string());
  }
  if (const auto* a = tk->if_contains("accessible"); a && a->is_bool())
    s.accessible = a->as_bool();
  if (const auto* v = object_at(*tk, "x_ashyq_verdict")) {
    s.method = string_at(*v, "method");
    s.interception_root = string_at(*v, "root_name");
    if (s.interception_root.empty())
      s.interception_root = string_at(*v, "root");
    if (const auto* c = v->if_contains("confidence"); c && c->is_number()) {
      s.confidence = c->to_number<double>();
    }
    if (const auto* n = v->if_contains("attempts"); n && n->is_int64() && n->as_int64() > 0)
      s.attempts = n->as_int64();
    if (const auto* ev = array_at(*v, "evidence")) {
      for (const auto& e : *ev) {
        if (e.is_string())
          s.evidence.emplace_back(e.as_string());
      }
    }
    if (const auto* fps = array_at(*v, "fingerprints")) {
      for (const auto& f : *fps) {
        if (f.is_object())
          s.fingerprints.push_back(string_at(f.as_object(), "name"));
        if (f.is_string())
          s.fingerprints.emplace_back(f.as_string());
      }
    }
  }
  if (const auto* cf = tk->if_contains("control_failure"); cf && cf->is_string()) {
    s.control_failed = true;
  }

  if (auto failed = analysis::failed_step(*tk)) {
    s.failed_step = std::move(failed->step);
    s.failure = std::move(failed->failure);
  }

  if (s.method == "interception" || s.failure.starts_with("ssl_")) {
    if (const auto* hs = array_at(*tk, "tls_handshakes")) {
      for (const auto& h : *hs) {
        const auto* certs = h.is_object() ? array_at(h.as_object(), "peer_certificates") : nullptr;
        if (!certs || certs->empty() || !(*certs)[0].is_object())
          continue;
        s.certificate_issuer = issuer_of(string_at((*certs)[0].as_object(), "data"));
        if (!s.certificate_issuer.empty())
          break;
      }
    }
  }
  return s;
}

}  // namespace ashyq::store
