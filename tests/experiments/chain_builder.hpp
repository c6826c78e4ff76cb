// Certificate chains with any names and dates, made in memory for the tls_interception and
// interception-roots tests (EC P-256 keys: fast). Lab-style forged chains without the lab.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ashyq::testing {

using Rdns = std::vector<std::pair<std::string, std::string>>;  // {"C", "KZ"}, {"CN", "…"}

class MadeCert {
 public:
  MadeCert(const Rdns& subject, const MadeCert* issuer, bool ca, std::time_t not_before,
           std::time_t not_after, const std::vector<std::string>& dns_names = {})
      : key_(EVP_EC_gen("P-256"), EVP_PKEY_free), cert_(X509_new(), X509_free) {
    X509* x = cert_.get();
    X509_set_version(x, 2);
    static long serial = 1000;
    ASN1_INTEGER_set(X509_get_serialNumber(x), ++serial);
    X509_NAME* name = X509_get_subject_name(x);
    for (const auto& [k, v] : subject) {
      X509_NAME_add_entry_by_txt(name, k.c_str(), MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(v.c_str()), -1, -1, 0);
    }
    X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer->cert_.get()) : name);
    X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &not_before);
    X509_time_adj_ex(X509_getm_notAfter(x), 0, 0, &not_after);
    X509_set_pubkey(x, key_.get());
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer ? issuer->cert_.get() : x, x, nullptr, nullptr, 0);
    add_ext(&ctx, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    if (ca)
      add_ext(&ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    if (!dns_names.empty()) {
      std::string san;
      for (const auto& n : dns_names)
        san += (san.empty() ? "DNS:" : ",DNS:") + n;
      add_ext(&ctx, NID_subject_alt_name, san.c_str());
    }
    X509_sign(x, issuer ? issuer->key_.get() : key_.get(), EVP_sha256());
  }

  std::string der() const {
    unsigned char* buf = nullptr;
    int n = i2d_X509(cert_.get(), &buf);
    std::string out(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n));
    OPENSSL_free(buf);
    return out;
  }
  std::string cert_pem() const {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(bio.get(), cert_.get());
    return drain(bio.get());
  }
  std::string key_pem() const {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return drain(bio.get());
  }

 private:
  void add_ext(X509V3_CTX* ctx, int nid, const char* value) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value);
    X509_add_ext(cert_.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  static std::string drain(BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n));
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
  std::unique_ptr<X509, decltype(&X509_free)> cert_;
};

inline constexpr std::time_t kDay = 86400;

// root → intermediate → leaf for `host`, the way the lab and Kazakhstan forge them; the chain a
// server sends is leaf + intermediate.
struct MadeChain {
  MadeCert root, intermediate, leaf;
  MadeChain(const Rdns& root_name, const Rdns& intermediate_name, const std::string& host,
            bool intermediate_expired = false)
      : root(root_name, nullptr, true, std::time(nullptr) - 365 * kDay,
             std::time(nullptr) + 3650 * kDay),
        intermediate(intermediate_name, &root, true,
                     std::time(nullptr) - (intermediate_expired ? 100 : 10) * kDay,
                     std::time(nullptr) + (intermediate_expired ? -25 : 65) * kDay),
        leaf({{"CN", host}}, &intermediate, false, std::time(nullptr) - kDay,
             std::time(nullptr) + 30 * kDay, {host}) {}
  std::vector<std::string> sent() const { return {leaf.der(), intermediate.der()}; }
};

}  // namespace ashyq::testing
