#include "cli/key_file_command.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "tlog/key_file.hpp"

namespace ashyq::cli {

int make_key_file(const std::string& command, const std::string& name_flag, const std::string& name,
                  tlog::KeyType type, const std::string& out) {
  auto key = tlog::NoteSigner::generate(name, type);
  if (!key) {
    std::cerr << "ashyq " << command << ": " << name_flag << " " << key.error().message() << "\n";
    return kUsage;
  }
  if (auto written = tlog::write_key_file(out, *key); !written) {
    std::cerr << "ashyq " << command << ": --out " << written.error().message() << "\n";
    return kEnvironment;
  }
  std::cerr << "ashyq " << command << ": private key written to " << out
            << " (mode 0600); the verifier key:" << std::endl;
  std::cout << key->verifier_key_text() << std::endl;
  return kMeasured;
}

}  // namespace ashyq::cli
