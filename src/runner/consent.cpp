#include "runner/consent.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace ashyq::runner {

namespace fs = std::filesystem;

namespace {

// v2: the notice names the default test helpers and the STUN servers (third parties that see the
// probe's address); a volunteer who accepted v1 is asked again.
constexpr const char* kConsentVersion = "consent-v2";

constexpr const char* kNotice = R"(
ashyq measures whether websites and apps are blocked from your connection.

What it does: it connects to the sites of a test list (news, human rights, politics, LGBTQ+,
circumvention tools, …) from your network, as a browser would, and records what happened at each
step (DNS, TCP, TLS, HTTP), plus a comparison made by a test helper abroad.
Who else sees your address: unless you name your own test helper (--helper) or an
observatory's collector (--collector), the URLs are also sent for comparison to OONI's public test
helpers (listed in data/test-helpers.txt). To find your country and network operator, ashyq asks
public STUN servers (data/stun-servers.txt) which address they see you from, and looks it up on
this machine; the address itself is never stored. --probe-cc and --probe-asn skip that step.
What it stores: the measurements, on this machine (a SQLite database and, if you ask, JSONL
files). Your own IP address is removed from everything it stores. The measurements name your
country and network operator when known.
The risk: anyone watching your network (your ISP, your employer, the state) can see that your
connection visits these sites. In a country that prosecutes online speech, running a tool like
this may be risky, and using it may be considered a form of espionage or a violation of local law.
Read https://ooni.org/about/risks/ before you continue, and do not run ashyq on a network or device
where this could harm you.
)";

}  // namespace

core::Result<void> ensure_consent(bool accept, const std::string& home) {
  const fs::path file = fs::path(home) / "consent";
  {
    std::ifstream in(file);
    std::string line;
    if (in && std::getline(in, line) && line == kConsentVersion)
      return {};
  }
  // Recording can fail (a read-only home): then the volunteer is asked again next time, which is
  // safe, but it is said rather than hidden.
  auto record = [&]() -> core::Result<void> {
    std::ofstream out(file);
    out << kConsentVersion << "\n";
    out.flush();
    if (!out)
      return core::Error{file.string(), "cannot record the consent"};
    return {};
  };
  if (accept)
    return record();
  if (!isatty(STDIN_FILENO)) {
    std::cerr << kNotice << "\n";
    return core::Error{"",
                       "no terminal to ask for consent on; read the notice above and run again "
                       "with --accept-risks to accept it"};
  }
  std::cerr << kNotice << "\nType 'yes' to accept and continue: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "yes")
    return record();
  return core::Error{"", "not accepted; nothing was measured"};
}

}  // namespace ashyq::runner
