// nginx and unbound configurations, site pages and the lab CA.
#include "lab/servers.hpp"

#include <fstream>
#include <iterator>
#include <set>

#include "lab/address_plan.hpp"
#include "lab/process.hpp"

namespace ashyq::lab {

namespace fs = std::filesystem;

void write_file(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out)
    throw LabError("cannot write " + file.string());
}

std::string blockpage_body() {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Blocked</title></head>"
         "<body><h1>Access to this resource is restricted</h1>"
         "<p>Страница заблокирована</p><!-- " +
         std::string(kBlockpageMarker) + " --></body></html>\n";
}

std::string site_page(const Site& site) {
  std::string page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + site.domain +
                     "</title></head><body><h1>Welcome to " + site.domain +
                     "</h1><p>ashyq-lab-site " + site.domain + "</p>\n";
  while (page.size() + 16 < site.body_bytes) {
    page += "<p>lorem ipsum dolor sit amet, consectetur adipiscing elit</p>\n";
  }
  return page + "</body></html>\n";
}

void write_site_pages(const Scenario& scenario, const fs::path& dir) {
  for (auto& site : scenario.sites)
    write_file(dir / "www" / site.domain / "index.html", site_page(site));
  write_file(dir / "www" / "_blockpage" / "index.html", blockpage_body());
}

std::string nginx_config(const Scenario& scenario, const fs::path& dir) {
  const std::string d = dir.string();
  std::string c;
  c += "user root;\nworker_processes 1;\ndaemon off;\nmaster_process on;\n";
  c += "pid " + d + "/nginx.pid;\nerror_log " + d + "/nginx-error.log warn;\n";
  c += "events { worker_connections 1024; }\n";
  c += "http {\n  access_log " + d + "/nginx-access.log;\n";
  for (auto t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    c += std::string("  ") + t + "_temp_path " + d + "/nginx-tmp/" + t + ";\n";
  }
  c += "  default_type text/html;\n  charset utf-8;\n  server_tokens off;\n";
  c += "  keepalive_timeout 5;\n";
  c += "  ssl_certificate " + d + "/sites.pem;\n  ssl_certificate_key " + d + "/sites.key;\n";
  // Addresses with a listening site get a default server answering 404 for unknown names.
  std::set<std::string> http_addresses, https_addresses;
  for (auto& site : scenario.sites) {
    if (!site.listening)
      continue;
    std::string listen;
    if (site.http) {
      listen += "    listen " + site.address + ":80;\n";
      http_addresses.insert(site.address);
    }
    if (site.https) {
      listen += "    listen " + site.address + ":443 ssl;\n";
      https_addresses.insert(site.address);
    }
    if (listen.empty())
      continue;
    c += "  server {\n" + listen + "    server_name " + site.domain + ";\n";
    c += "    root " + d + "/www/" + site.domain + ";\n";
    c += "    location / { try_files $uri /index.html; }\n  }\n";
  }
  c += "  server {\n    listen " + std::string(addr::kBlockpage) + ":80 default_server;\n";
  c += "    listen " + std::string(addr::kBlockpage) + ":443 ssl default_server;\n";
  c += "    ssl_certificate " + d + "/blockpage.pem;\n    ssl_certificate_key " + d +
       "/blockpage.key;\n";
  c += "    root " + d + "/www/_blockpage;\n    location / { try_files $uri /index.html; }\n  }\n";
  c += "}\n";
  return c;
}

std::string unbound_authoritative_config(const Scenario& scenario, const fs::path& dir) {
  const std::string d = dir.string();
  std::string c = "server:\n";
  c += "  interface: " + std::string(addr::kAuthoritative) + "\n  port: 53\n";
  c += "  chroot: \"\"\n  username: \"\"\n  directory: \"" + d + "\"\n";
  c += "  pidfile: \"" + d + "/unbound-auth.pid\"\n  use-syslog: no\n";
  c += "  logfile: \"" + d + "/unbound-auth.log\"\n  verbosity: 1\n";
  c += "  do-ip6: no\n  do-daemonize: no\n  access-control: 10.77.0.0/16 allow\n";
  c += "  module-config: \"iterator\"\n  num-threads: 1\n  so-reuseport: no\n";
  c += "  local-zone: \".\" static\n";
  for (auto& site : scenario.sites) {
    c += "  local-zone: \"" + site.domain + ".\" static\n";
    c += "  local-data: \"" + site.domain + ". 60 IN A " + site.address + "\"\n";
  }
  c += "remote-control:\n  control-enable: no\n";
  return c;
}

std::string unbound_resolver_config(const fs::path& dir) {
  const std::string d = dir.string();
  std::string c = "server:\n";
  c += "  interface: " + std::string(addr::kIspResolver) + "\n";
  c += "  interface: " + std::string(addr::kPublicResolver) + "\n  port: 53\n";
  c += "  chroot: \"\"\n  username: \"\"\n  directory: \"" + d + "\"\n";
  c += "  pidfile: \"" + d + "/unbound-resolver.pid\"\n  use-syslog: no\n";
  c += "  logfile: \"" + d + "/unbound-resolver.log\"\n  verbosity: 1\n";
  c += "  do-ip6: no\n  do-daemonize: no\n  access-control: 10.77.0.0/16 allow\n";
  c += "  module-config: \"iterator\"\n  num-threads: 1\n  so-reuseport: no\n";
  c += "  qname-minimisation: no\n  harden-referral-path: no\n  cache-max-ttl: 60\n";
  c += "forward-zone:\n  name: \".\"\n  forward-addr: " + std::string(addr::kAuthoritative) + "\n";
  c += "remote-control:\n  control-enable: no\n";
  return c;
}

namespace {

// A self-signed EC P-256 root valid for 30 days: <dir>/<name>.key and <dir>/<name>.pem.
void make_root(const fs::path& dir, const std::string& name, const std::string& subject) {
  const std::string base = (dir / name).string();
  run_checked({"openssl",
               "req",
               "-x509",
               "-newkey",
               "ec",
               "-pkeyopt",
               "ec_paramgen_curve:P-256",
               "-nodes",
               "-keyout",
               base + ".key",
               "-out",
               base + ".pem",
               "-days",
               "30",
               "-subj",
               subject,
               "-addext",
               "basicConstraints=critical,CA:TRUE",
               "-addext",
               "keyUsage=critical,keyCertSign,cRLSign"});
}

// A leaf signed by the root <dir>/<ca>.{pem,key} with the extensions in `extensions`:
// <dir>/<name>.key and <dir>/<out>.pem (out defaults to name).
void issue_leaf(const fs::path& dir, const std::string& ca, const std::string& name,
                const std::string& subject, const std::string& extensions,
                const std::string& out = "") {
  const std::string d = dir.string();
  write_file(dir / (name + ".ext"), extensions);
  run_checked({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
               "-nodes", "-keyout", d + "/" + name + ".key", "-out", d + "/" + name + ".csr",
               "-subj", subject});
  run_checked({"openssl", "x509", "-req", "-in", d + "/" + name + ".csr", "-CA",
               d + "/" + ca + ".pem", "-CAkey", d + "/" + ca + ".key", "-CAcreateserial", "-out",
               d + "/" + (out.empty() ? name : out) + ".pem", "-days", "30", "-extfile",
               d + "/" + name + ".ext"});
}

std::string server_extensions(const Scenario& scenario) {
  std::string san = "DNS:ashyq-lab.invalid";
  for (auto& site : scenario.sites)
    san += ",DNS:" + site.domain;
  return "basicConstraints=critical,CA:FALSE\n"
         "keyUsage=critical,digitalSignature,keyEncipherment\n"
         "extendedKeyUsage=serverAuth\nsubjectAltName=" +
         san + "\n";
}

}  // namespace

void make_certificates(const Scenario& scenario, const fs::path& dir) {
  make_root(dir, "ca", "/C=ZZ/O=ashyq lab (test only)/CN=ashyq lab public root");
  issue_leaf(dir, "ca", "sites", "/O=ashyq lab sites/CN=ashyq lab sites",
             server_extensions(scenario));
  // The blockpage server's certificate names only itself: a client asking it for a censored
  // name sees ssl_invalid_hostname, as with real blockpage servers.
  issue_leaf(dir, "ca", "blockpage", "/O=ashyq lab blockpage/CN=blockpage.lab.invalid",
             "basicConstraints=critical,CA:FALSE\n"
             "extendedKeyUsage=serverAuth\n"
             "subjectAltName=DNS:blockpage.lab.invalid\n");
}

void make_interceptor_certificates(const Scenario& scenario, const fs::path& dir) {
  make_root(dir, "qaznet-root", "/C=KZ/CN=Qaznet Trust Network");
  issue_leaf(dir, "qaznet-root", "qaznet-leaf",
             "/C=KZ/CN=" + (scenario.sites.empty() ? std::string("ashyq-lab.invalid")
                                                   : scenario.sites.front().domain),
             server_extensions(scenario), "qaznet-leaf-only");
  std::ifstream leaf(dir / "qaznet-leaf-only.pem", std::ios::binary),
      root(dir / "qaznet-root.pem", std::ios::binary);
  std::string chain((std::istreambuf_iterator<char>(leaf)), std::istreambuf_iterator<char>());
  chain.append((std::istreambuf_iterator<char>(root)), std::istreambuf_iterator<char>());
  write_file(dir / "qaznet-leaf.pem", chain);
}

std::string interceptor_nginx_config(const Scenario& scenario, const fs::path& dir,
                                     const std::string& listen) {
  const std::string d = dir.string();
  std::string c;
  c += "user root;\nworker_processes 1;\ndaemon off;\nmaster_process on;\n";
  c += "pid " + d + "/interceptor.pid;\nerror_log " + d + "/interceptor-error.log warn;\n";
  c += "events { worker_connections 256; }\n";
  c += "http {\n  access_log " + d + "/interceptor-access.log;\n";
  for (auto t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    c += std::string("  ") + t + "_temp_path " + d + "/interceptor-tmp/" + t + ";\n";
  }
  c += "  server_tokens off;\n  keepalive_timeout 5;\n";
  // The origin is chosen by the SNI the client sent (the proxy is transparent: the client
  // believes it talks to the site's own address).
  c += "  map $ssl_server_name $qaznet_origin {\n    hostnames;\n    default " +
       std::string(addr::kBlockpage) + ";\n";
  for (auto& site : scenario.sites)
    c += "    " + site.domain + " " + site.address + ";\n";
  c += "  }\n";
  c += "  server {\n    listen " + listen + " ssl;\n";
  c += "    ssl_certificate " + d + "/qaznet-leaf.pem;\n";
  c += "    ssl_certificate_key " + d + "/qaznet-leaf.key;\n";
  c += "    location / {\n      proxy_pass https://$qaznet_origin;\n";
  c += "      proxy_set_header Host $host;\n      proxy_ssl_server_name on;\n";
  c += "      proxy_ssl_name $ssl_server_name;\n      proxy_ssl_verify off;\n    }\n  }\n}\n";
  return c;
}

}  // namespace ashyq::lab
