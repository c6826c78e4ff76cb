// A TLS peer's certificate chain as evidence is taken from it: each DER certificate summarized
// (subject, issuer, validity) and described, the chain matched against the known interception
// roots (data/interception-roots.csv: names and SHA-256 fingerprints), and the issuer the
// results store keeps for a measurement (base64 DER in tls_handshakes.peer_certificates).
// The input is the chain: each certificate a 2-byte big-endian length and its bytes, the last
// one whatever remains.
#include "analysis/certificate_chain.hpp"

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "analysis/interception_roots.hpp"
#include "core/base64.hpp"
#include "core/result.hpp"
#include "store/measurement_summary.hpp"

namespace {

using namespace ashyq;

const analysis::InterceptionRoots& roots() {
  static const analysis::InterceptionRoots loaded = [] {
    auto text = analysis::InterceptionRoots::from_csv(
        R"(name,subject_patterns,sha256,source,notes
Qaznet,"C=KZ, CN=Qaznet Trust Network",,fuzz,
ISCA,"C=KZ, O=ISCA, CN=Information Security Certification Authority;CN=Security Certificate",89107C8E50E029B7B5F4FF0CCD2956BCC9D0C8BA2BFB6A58374ED63A6B034A30,fuzz,
)");
    return text ? *text : analysis::InterceptionRoots{};
  }();
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> chain;
  std::size_t at = 0;
  while (at < size && chain.size() < 8) {
    if (size - at < 2 || chain.size() == 7) {
      chain.emplace_back(reinterpret_cast<const char*>(data) + at, size - at);
      break;
    }
    std::size_t n = (std::size_t{data[at]} << 8) | data[at + 1];
    at += 2;
    n = std::min(n, size - at);
    chain.emplace_back(reinterpret_cast<const char*>(data) + at, n);
    at += n;
  }
  const auto summary = analysis::summarize_chain(chain);
  (void)analysis::describe_chain(summary, std::time_t{1'765'000'000});
  (void)analysis::describe_chain(summary, std::nullopt);
  (void)roots().match(chain);

  boost::json::array certs;
  for (const auto& der : chain)
    certs.push_back(boost::json::object{{"format", "base64"}, {"data", core::base64_encode(der)}});
  boost::json::value measurement = {
      {"input", "https://fuzz.example/"},
      {"test_name", "web_connectivity"},
      {"test_keys",
       {{"blocking", "http-failure"},
        {"accessible", false},
        {"tls_handshakes",
         boost::json::array{boost::json::object{{"address", "192.0.2.1:443"},
                                                {"server_name", "fuzz.example"},
                                                {"failure", "ssl_unknown_authority"},
                                                {"peer_certificates", std::move(certs)}}}}}}};
  (void)store::summarize(measurement);
  return 0;
}
