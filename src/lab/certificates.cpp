// Certificates with the openssl CLI: `req` for keys and requests, `ca` for signing, because only
// `openssl ca` sets arbitrary validity dates (expired intermediates, KZ's fixed root dates).
#include "lab/certificates.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>

#include "lab/address_plan.hpp"
#include "lab/process.hpp"
#include "lab/servers.hpp"

namespace ashyq::lab {

namespace fs = std::filesystem;
using std::chrono::hours;
using std::chrono::system_clock;

namespace {

constexpr uint16_t kFirstInterceptorPort = addr::kInterceptorPort;
// Sites under one parent from which the leaf names "*.parent" instead of each of them.
constexpr std::size_t kWildcardFrom = 16;

// "YYYYMMDDHHMMSSZ", what `openssl ca -startdate/-enddate` reads.
std::string stamp(system_clock::time_point t) {
  std::time_t tt = system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%SZ", &tm);
  return buf;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

constexpr const char* kCaExtensions =
    "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n";

struct CertSpec {
  std::string name;                   // dir/<name>.pem and dir/<name>.key
  std::string subject;                // "/C=KZ/CN=…"
  std::string key = "ec";             // "ec" (P-256) or "rsa:N"
  std::string issuer;                 // the name of the issuing certificate; empty: self-signed
  std::string not_before, not_after;  // stamp()
  std::string extensions;
};

// A key, a request and a certificate signed by `issuer` (or by itself) with exactly the given
// dates and extensions.
void issue(const fs::path& dir, const CertSpec& spec) {
  const std::string d = dir.string();
  const fs::path db = dir / "openssl-ca";
  if (!fs::exists(db / "index.txt")) {
    fs::create_directories(db / "new");
    write_file(db / "index.txt", "");
    write_file(db / "serial", "1000\n");
    write_file(db / "ca.cnf",
               "[ ca ]\ndefault_ca = lab\n[ lab ]\ndatabase = " + (db / "index.txt").string() +
                   "\nnew_certs_dir = " + (db / "new").string() +
                   "\nserial = " + (db / "serial").string() +
                   "\ndefault_md = sha256\npolicy = any\nunique_subject = no\n"
                   "email_in_dn = no\ncopy_extensions = none\npreserve = yes\n"
                   "[ any ]\ncountryName = optional\norganizationName = optional\n"
                   "commonName = optional\n");
  }
  std::vector<std::string> req{"openssl", "req",
                               "-new",    "-nodes",
                               "-keyout", d + "/" + spec.name + ".key",
                               "-out",    d + "/" + spec.name + ".csr",
                               "-subj",   spec.subject,
                               "-newkey"};
  if (spec.key == "ec") {
    req.insert(req.end(), {"ec", "-pkeyopt", "ec_paramgen_curve:P-256"});
  } else {
    req.push_back(spec.key);
  }
  run_checked(req, std::chrono::seconds(60));
  write_file(dir / (spec.name + ".ext"), spec.extensions);
  std::vector<std::string> ca{"openssl",
                              "ca",
                              "-batch",
                              "-config",
                              (db / "ca.cnf").string(),
                              "-notext",
                              "-in",
                              d + "/" + spec.name + ".csr",
                              "-out",
                              d + "/" + spec.name + ".pem",
                              "-startdate",
                              spec.not_before,
                              "-enddate",
                              spec.not_after,
                              "-extfile",
                              d + "/" + spec.name + ".ext"};
  if (spec.issuer.empty()) {
    ca.insert(ca.end(), {"-selfsign", "-keyfile", d + "/" + spec.name + ".key"});
  } else {
    ca.insert(ca.end(), {"-cert", d + "/" + spec.issuer + ".pem", "-keyfile",
                         d + "/" + spec.issuer + ".key"});
  }
  run_checked(ca, std::chrono::seconds(30));
}

std::string leaf_extensions(const std::vector<std::string>& names) {
  std::string san;
  for (auto& n : names)
    san += (san.empty() ? "DNS:" : ",DNS:") + n;
  return "basicConstraints=critical,CA:FALSE\n"
         "keyUsage=critical,digitalSignature,keyEncipherment\n"
         "extendedKeyUsage=serverAuth\nsubjectAltName=" +
         san + "\n";
}

// The names the sites' leaf covers: every site, with names that are the only-label children of
// one parent folded into "*.parent" when there are several (a world of thousands of generated
// sites gets a certificate of normal size, as a CDN's would be, instead of one with thousands of
// SANs that takes extra round trips to send).
std::vector<std::string> site_names(const Scenario& scenario) {
  std::map<std::string, std::vector<std::string>> by_parent;
  std::vector<std::string> names{"ashyq-lab.invalid"};
  for (auto& site : scenario.sites) {
    auto dot = site.domain.find('.');
    auto parent = dot == std::string::npos ? std::string() : site.domain.substr(dot + 1);
    // A wildcard only stands for one label under a parent that is not a public suffix-like
    // single label ("*.kz" would be refused by verifiers).
    if (parent.find('.') == std::string::npos) {
      names.push_back(site.domain);
    } else {
      by_parent[parent].push_back(site.domain);
    }
  }
  for (auto& [parent, children] : by_parent) {
    if (children.size() >= kWildcardFrom) {
      names.push_back("*." + parent);
    } else {
      names.insert(names.end(), children.begin(), children.end());
    }
  }
  return names;
}

// The sites' leaf is valid from `sites_not_before` for 30 days (make_certificates); forged
// leaves copy it, shifted 6 hours earlier, as the 2019 interceptor did.
system_clock::time_point sites_not_before() {
  static const auto t = std::chrono::floor<std::chrono::seconds>(system_clock::now()) - hours(1);
  return t;
}

}  // namespace

void make_certificates(const Scenario& scenario, const fs::path& dir) {
  const auto from = sites_not_before();
  CertSpec root{"ca", "/C=ZZ/O=ashyq lab (test only)/CN=ashyq lab public root"};
  root.not_before = stamp(from - hours(24));
  root.not_after = stamp(from + hours(24 * 60));
  root.extensions = kCaExtensions;
  issue(dir, root);

  CertSpec sites{"sites",
                 "/O=ashyq lab sites/CN=ashyq lab sites",
                 "ec",
                 "ca",
                 stamp(from),
                 stamp(from + hours(24 * 30)),
                 leaf_extensions(site_names(scenario))};
  issue(dir, sites);

  // The blockpage server's certificate names only itself: a client asking it for a censored
  // name sees ssl_invalid_hostname, as with real blockpage servers.
  CertSpec blockpage{"blockpage",
                     "/O=ashyq lab blockpage/CN=blockpage.lab.invalid",
                     "ec",
                     "ca",
                     stamp(from),
                     stamp(from + hours(24 * 30)),
                     leaf_extensions({"blockpage.lab.invalid"})};
  issue(dir, blockpage);

  // The public resolver's DoT/DoH certificate: its name and its address (clients that dial
  // the IP verify it against the IP SAN).
  CertSpec resolver{"resolver",
                    "/O=ashyq lab resolver/CN=" + std::string(addr::kPublicResolverName),
                    "ec",
                    "ca",
                    stamp(from),
                    stamp(from + hours(24 * 30)),
                    leaf_extensions({addr::kPublicResolverName})};
  resolver.extensions.replace(resolver.extensions.rfind('\n'), 1,
                              std::string(",IP:") + addr::kPublicResolver + "\n");
  issue(dir, resolver);

  // Misconfigured sites, the same for every client (not censorship: the control sees it too).
  for (auto& site : scenario.sites) {
    if (site.certificate == "valid")
      continue;
    // "wrong-name": a valid certificate from the lab CA, for a name that is not the site's.
    const std::string named =
        site.certificate == "wrong-name" ? "wrong-name.lab.invalid" : site.domain;
    CertSpec own{"site-" + site.domain,
                 "/CN=" + named,
                 "ec",
                 site.certificate == "self-signed" ? "" : "ca",
                 stamp(from),
                 stamp(from + hours(24 * 30)),
                 leaf_extensions({named})};
    if (site.certificate == "expired") {
      own.not_before = stamp(from - hours(24 * 120));
      own.not_after = stamp(from - hours(24 * 30));
    }
    issue(dir, own);
  }
}

std::vector<InterceptorProfile> interceptor_profiles(const Scenario& scenario) {
  std::vector<InterceptorProfile> out;
  for (auto& rule : scenario.rules) {
    if (rule.action != Action::kTlsIntercept)
      continue;
    auto same = [&](const InterceptorProfile& p) {
      return p.chain == rule.chain && p.intermediate_expired == rule.intermediate_expired;
    };
    if (std::any_of(out.begin(), out.end(), same))
      continue;
    InterceptorProfile p;
    p.chain = rule.chain;
    p.intermediate_expired = rule.intermediate_expired;
    p.port = static_cast<uint16_t>(kFirstInterceptorPort + out.size());
    p.stem = "intercept-" + std::string(to_string(rule.chain)) +
             (rule.intermediate_expired ? "-expired" : "");
    out.push_back(p);
  }
  return out;
}

const InterceptorProfile& profile_for(const std::vector<InterceptorProfile>& profiles,
                                      const Rule& rule) {
  for (auto& p : profiles) {
    if (p.chain == rule.chain && p.intermediate_expired == rule.intermediate_expired)
      return p;
  }
  throw LabError("no interceptor profile for rule '" + rule.name + "'");
}

void make_interceptor_certificates(const Scenario& scenario,
                                   const std::vector<InterceptorProfile>& profiles,
                                   const fs::path& dir) {
  const auto now = system_clock::now();
  const auto from = sites_not_before();
  for (auto& p : profiles) {
    const std::string root = p.stem + "-root", intermediate = p.stem + "-intermediate";
    if (p.chain == InterceptChain::kQaznet2019) {
      issue(dir, {root, "/C=KZ/CN=Qaznet Trust Network", "rsa:4096", "", "20160202054100Z",
                  "20460202054100Z", kCaExtensions});
      CertSpec mid{intermediate,
                   "/C=KZ/CN=Security Certificate",
                   "rsa:2048",
                   root,
                   stamp(now - hours(24 * 200)),
                   stamp(now - hours(24 * 200) + hours(24 * 1095)),
                   kCaExtensions};
      if (p.intermediate_expired) {
        mid.not_before = stamp(now - hours(24 * 1200));
        mid.not_after = stamp(now - hours(24 * 105));
      }
      issue(dir, mid);
    } else {
      issue(dir, {root, "/C=KZ/O=ISCA/CN=Information Security Certification Authority", "rsa:4096",
                  "", "20200228061640Z", "20500228061640Z", kCaExtensions});
      // The intermediates' own subject is not in the sources; the issuer name is the root's.
      CertSpec mid{intermediate,
                   "/C=KZ/O=ISCA/CN=Information Security Certification Authority (intermediate)",
                   "rsa:2048",
                   root,
                   stamp(now - hours(24 * 10)),
                   stamp(now + hours(24 * 65)),
                   kCaExtensions};
      if (p.intermediate_expired) {  // 75 days, over 25 days ago
        mid.not_before = stamp(now - hours(24 * 100));
        mid.not_after = stamp(now - hours(24 * 25));
      }
      issue(dir, mid);
    }
    // The forged leaf: the real leaf's subject and names, validity 6 hours earlier.
    CertSpec leaf{p.stem + "-leaf-only",
                  "/O=ashyq lab sites/CN=ashyq lab sites",
                  "rsa:2048",
                  intermediate,
                  stamp(from - hours(6)),
                  stamp(from + hours(24 * 30) - hours(6)),
                  leaf_extensions(site_names(scenario))};
    issue(dir, leaf);
    fs::rename(dir / (leaf.name + ".key"), dir / (p.stem + "-leaf.key"));
    write_file(dir / (p.stem + "-leaf.pem"),
               read_text(dir / (leaf.name + ".pem")) + read_text(dir / (intermediate + ".pem")));
  }
}

}  // namespace ashyq::lab
