// Chain evidence: names in the certificate's own order, expiry judged at the measurement's time.
#include "analysis/certificate_chain.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

namespace ashyq::analysis {
namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

X509_NAME* name(const std::vector<std::pair<const char*, const char*>>& fields) {
  X509_NAME* n = X509_NAME_new();
  for (auto& [field, value] : fields) {
    X509_NAME_add_entry_by_txt(n, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value), -1, -1, 0);
  }
  return n;
}

// A DER certificate with these names and validity (seconds since the epoch), signed by `key`.
std::string certificate(X509_NAME* subject, X509_NAME* issuer, std::time_t from, std::time_t to,
                        EVP_PKEY* key) {
  std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), X509_free);
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 7);
  X509_set_subject_name(x.get(), subject);
  X509_set_issuer_name(x.get(), issuer);
  ASN1_TIME_set(X509_getm_notBefore(x.get()), from);
  ASN1_TIME_set(X509_getm_notAfter(x.get()), to);
  X509_set_pubkey(x.get(), key);
  X509_sign(x.get(), key, EVP_sha256());
  X509_NAME_free(subject);
  X509_NAME_free(issuer);
  unsigned char* der = nullptr;
  int n = i2d_X509(x.get(), &der);
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  return out;
}

TEST(CertificateChain, NamesTheIssuersAndFlagsAnExpiredIntermediate) {
  Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  ASSERT_TRUE(key);
  const std::time_t day = 86400;
  const auto when = *parse_ooni_time("2026-11-28 13:00:00");
  const char* isca = "Information Security Certification Authority";
  auto leaf = certificate(name({{"CN", "rutracker.org"}}), name({{"C", "KZ"}, {"CN", "ISCA int"}}),
                          when - day, when + 30 * day, key.get());
  auto intermediate = certificate(name({{"C", "KZ"}, {"CN", "ISCA int"}}),
                                  name({{"C", "KZ"}, {"O", "ISCA"}, {"CN", isca}}),
                                  when - 100 * day, when - 25 * day, key.get());
  auto chain = summarize_chain({leaf, intermediate, std::string("not a certificate")});
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0].subject, "CN=rutracker.org");
  EXPECT_EQ(chain[1].issuer, "C=KZ, O=ISCA, CN=Information Security Certification Authority");
  EXPECT_EQ(chain[1].not_after, when - 25 * day);
  EXPECT_FALSE(chain[1].self_signed());

  EXPECT_EQ(describe_chain(chain, when),
            "the probe was shown a chain of 2: 'CN=rutracker.org' issued by 'C=KZ, CN=ISCA int'; "
            "'C=KZ, CN=ISCA int' issued by 'C=KZ, O=ISCA, CN=Information Security Certification "
            "Authority' (EXPIRED on 2026-11-03, before the measurement)");
  // Without the measurement's time, nothing is said about validity.
  EXPECT_EQ(describe_chain(chain, std::nullopt).find("EXPIRED"), std::string::npos);
  EXPECT_EQ(describe_chain({}, when), "");
}

TEST(CertificateChain, KeepsUtf8NamesAndParsesOoniTimes) {
  Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  const char* kazakh = "\xD0\x9D\xD0\x95\xD0\x93\xD0\x86\xD0\x97\xD0\x93\xD0\x86";  // НЕГІЗГІ
  auto root = certificate(name({{"CN", kazakh}}), name({{"CN", kazakh}}), 0, 2000000000, key.get());
  auto chain = summarize_chain({root});
  ASSERT_EQ(chain.size(), 1u);
  EXPECT_EQ(chain[0].subject, std::string("CN=") + kazakh);
  EXPECT_TRUE(chain[0].self_signed());
  EXPECT_EQ(parse_ooni_time("1970-01-02 00:00:01"), std::optional<std::time_t>(86401));
  EXPECT_FALSE(parse_ooni_time("yesterday"));
  EXPECT_FALSE(parse_ooni_time(""));
}

}  // namespace
}  // namespace ashyq::analysis
