#include "support/test_ca.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <boost/asio/ip/address.hpp>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace ashyq::testing {

namespace {

EVP_PKEY* new_key() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (!key)
    throw std::runtime_error("EVP_EC_gen failed");
  return key;
}

std::string cert_to_pem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

std::string key_to_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext)
    throw std::runtime_error("bad extension " + value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

X509* make_cert(const std::string& cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key,
                long not_before, long not_after, long serial) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), not_before);
  X509_gmtime_adj(X509_getm_notAfter(cert), not_after);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
  return cert;
}

}  // namespace

struct TestCa::Impl {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  ~Impl() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
};

TestCa::TestCa(const std::string& common_name) : impl_(std::make_unique<Impl>()) {
  impl_->key = new_key();
  impl_->cert = make_cert(common_name, impl_->key, nullptr, nullptr, -3600, 86400L * 365, 1);
  add_ext(impl_->cert, impl_->cert, NID_basic_constraints, "critical,CA:TRUE");
  add_ext(impl_->cert, impl_->cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_ext(impl_->cert, impl_->cert, NID_subject_key_identifier, "hash");
  X509_sign(impl_->cert, impl_->key, EVP_sha256());
  root_pem_ = cert_to_pem(impl_->cert);

  char path[] = "/tmp/ashyq-test-ca-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    throw std::runtime_error("mkstemp failed");
  close(fd);
  root_file_ = path;
  std::ofstream(root_file_) << root_pem_;
}

TestCa::~TestCa() {
  std::remove(root_file_.c_str());
}

IssuedCert TestCa::issue(const std::vector<std::string>& names, bool expired) const {
  static long serial = 100;
  EVP_PKEY* key = new_key();
  long nb = expired ? -86400L * 30 : -3600;
  long na = expired ? -86400L : 86400L * 30;
  X509* cert = make_cert(names.empty() ? "leaf" : names.front(), key, impl_->cert, impl_->key, nb,
                         na, ++serial);
  std::string san;
  for (const auto& n : names) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(n, ec);
    if (!san.empty())
      san += ",";
    san += (ec ? "DNS:" : "IP:") + n;
  }
  if (!san.empty())
    add_ext(cert, impl_->cert, NID_subject_alt_name, san);
  add_ext(cert, impl_->cert, NID_basic_constraints, "critical,CA:FALSE");
  add_ext(cert, impl_->cert, NID_ext_key_usage, "serverAuth");
  add_ext(cert, impl_->cert, NID_authority_key_identifier, "keyid");
  X509_sign(cert, impl_->key, EVP_sha256());
  IssuedCert out{cert_to_pem(cert), key_to_pem(key)};
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

std::shared_ptr<boost::asio::ssl::context> TestCa::server_context(const IssuedCert& cert) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->use_certificate_chain(boost::asio::buffer(cert.cert_pem));
  ctx->use_private_key(boost::asio::buffer(cert.key_pem), ssl::context::pem);
  SSL_CTX_set_alpn_select_cb(
      ctx->native_handle(),
      [](SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
         unsigned int inlen, void*) -> int {
        // Prefer http/1.1: the tests speak HTTP/1.1 only.
        static const unsigned char kHttp11[] = "\x08http/1.1";
        if (SSL_select_next_proto(const_cast<unsigned char**>(out), outlen, kHttp11, 9, in,
                                  inlen) == OPENSSL_NPN_NEGOTIATED) {
          return SSL_TLSEXT_ERR_OK;
        }
        return SSL_TLSEXT_ERR_NOACK;
      },
      nullptr);
  return ctx;
}

}  // namespace ashyq::testing
