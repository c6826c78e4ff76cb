#include "analysis/certificate_chain.hpp"

#include <fmt/format.h>
#include <openssl/asn1.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>

namespace ashyq::analysis {

namespace {

// "C=KZ, O=ISCA, CN=…": RFC 2253 fields in the certificate's own order, UTF-8 kept.
std::string name_of(const X509_NAME* name) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio)
    return {};
  const unsigned long flags =
      (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SPC_EQ) | ASN1_STRFLGS_UTF8_CONVERT;
  X509_NAME_print_ex(bio.get(), name, 0, flags);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

std::time_t time_of(const ASN1_TIME* t) {
  std::tm tm{};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
    return 0;
  return timegm(&tm);
}

std::string day(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

std::vector<CertificateSummary> summarize_chain(const std::vector<std::string>& der_chain) {
  std::vector<CertificateSummary> out;
  for (const auto& der : der_chain) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        d2i_X509(nullptr, &p, static_cast<long>(der.size())), X509_free);
    if (!cert)
      continue;
    CertificateSummary s;
    s.subject = name_of(X509_get_subject_name(cert.get()));
    s.issuer = name_of(X509_get_issuer_name(cert.get()));
    s.not_before = time_of(X509_get0_notBefore(cert.get()));
    s.not_after = time_of(X509_get0_notAfter(cert.get()));
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<std::time_t> parse_ooni_time(std::string_view text) {
  std::tm tm{};
  int matched = std::sscanf(std::string(text).c_str(), "%4d-%2d-%2d %2d:%2d:%2d", &tm.tm_year,
                            &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
  if (matched != 6)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

std::string describe_chain(const std::vector<CertificateSummary>& chain,
                           std::optional<std::time_t> when) {
  if (chain.empty())
    return {};
  std::string out = "the probe was shown a chain of " + std::to_string(chain.size()) + ": ";
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const auto& c = chain[i];
    if (i > 0)
      out += "; ";
    out += fmt::format("'{}' issued by '{}'", c.subject, c.issuer);
    if (when && c.not_after != 0 && *when > c.not_after) {
      out += fmt::format(" (EXPIRED on {}, before the measurement)", day(c.not_after));
    } else if (when && c.not_before != 0 && *when < c.not_before) {
      out += fmt::format(" (not valid before {})", day(c.not_before));
    }
  }
  return out;
}

}  // namespace ashyq::analysis
