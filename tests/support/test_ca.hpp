// A throw-away certificate authority for tests: an EC P-256 root made in memory, leaf
// certificates for any names (valid, expired, or for the wrong name), and server contexts that
// present them. The root is written to a temporary PEM file for --ca-file.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <vector>

namespace ashyq::testing {

struct IssuedCert {
  std::string cert_pem;  // leaf, then the chain above it (without the root)
  std::string key_pem;
};

class TestCa {
 public:
  explicit TestCa(const std::string& common_name = "ashyq test root");
  ~TestCa();
  TestCa(const TestCa&) = delete;
  TestCa& operator=(const TestCa&) = delete;

  const std::string& root_pem() const { return root_pem_; }
  const std::string& root_file() const { return root_file_; }

  // A leaf for `names` (DNS names or IP literals) signed by the root. `expired` makes it valid
  // only in the past.
  IssuedCert issue(const std::vector<std::string>& names, bool expired = false) const;

  static std::shared_ptr<boost::asio::ssl::context> server_context(const IssuedCert& cert);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string root_pem_;
  std::string root_file_;
};

}  // namespace ashyq::testing
