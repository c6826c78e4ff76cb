// nginx and unbound configurations, site pages and the lab CA.
#include "lab/servers.hpp"

#include <fstream>
#include <iterator>
#include <set>

#include "lab/address_plan.hpp"
#include "lab/certificates.hpp"
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

std::string challenge_page() {
  return "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
         "<h1>Checking your browser before accessing the site</h1>"
         "<p>Enable JavaScript and cookies to continue. ashyq-lab-challenge</p></body></html>";
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
  // Every listening socket (two per site) counts against worker_connections: the demo world
  // has hundreds of sites.
  c += "events { worker_connections " + std::to_string(1024 + 2 * scenario.sites.size()) + "; }\n";
  c += "http {\n  access_log " + d + "/nginx-access.log;\n";
  for (auto t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    c += std::string("  ") + t + "_temp_path " + d + "/nginx-tmp/" + t + ";\n";
  }
  c += "  default_type text/html;\n  charset utf-8;\n  server_tokens off;\n";
  // TLS 1.3 as most sites speak it today (nginx 1.22's default stops at 1.2: a 2-RTT handshake).
  c += "  ssl_protocols TLSv1.2 TLSv1.3;\n";
  c += "  keepalive_timeout 5;\n";
  c += "  ssl_certificate " + d + "/sites.pem;\n  ssl_certificate_key " + d + "/sites.key;\n";
  // Addresses with a listening site get a default server answering 404 for unknown names.
  std::set<std::string> http_addresses, https_addresses;
  // Clients of every ISP (not the helper, abroad) get challenge pages.
  c += "  geo $lab_challenged {\n    default 0;\n";
  for (auto& subnet : addr::isp_subnets(scenario))
    c += "    " + subnet.cidr + " 1;\n";
  c += "  }\n";
  for (auto& site : scenario.sites) {
    if (!site.listening)
      continue;
    std::vector<std::string> addresses{site.address};
    if (!site.isp_address.empty())
      addresses.push_back(site.isp_address);
    std::string listen;
    for (auto& a : addresses) {
      if (site.http) {
        listen += "    listen " + a + ":80;\n";
        http_addresses.insert(a);
      }
      if (site.https) {
        listen += "    listen " + a + ":443 ssl;\n";
        https_addresses.insert(a);
      }
    }
    if (listen.empty())
      continue;
    c += "  server {\n" + listen + "    server_name " + site.domain + ";\n";
    if (site.certificate != "valid") {
      c += "    ssl_certificate " + d + "/site-" + site.domain + ".pem;\n";
      c += "    ssl_certificate_key " + d + "/site-" + site.domain + ".key;\n";
    }
    c += "    root " + d + "/www/" + site.domain + ";\n";
    c += "    location / {\n";
    if (site.challenge) {
      // Like a CDN's anti-bot interstitial: 403, its own page, a header saying so.
      c += "      if ($lab_challenged) { rewrite ^ /_lab_challenge last; }\n";
    }
    if (!site.redirect.empty()) {
      c += "      return 301 " + site.redirect + ";\n";
    } else {
      c += "      try_files $uri /index.html;\n";
    }
    c += "    }\n";
    if (site.challenge) {
      c += "    location = /_lab_challenge {\n      internal;\n";
      c += "      add_header cf-mitigated challenge always;\n";
      c += "      return 403 '" + challenge_page() + "';\n    }\n";
    }
    c += "  }\n";
  }
  // The public resolver's DoH: TLS with the resolver's certificate, the queries passed to
  // unbound's cleartext HTTP/2 endpoint (grpc_pass speaks HTTP/2 to the upstream).
  c += "  server {\n    listen " + std::string(addr::kPublicResolver) + ":" +
       std::to_string(addr::kDohPort) + " ssl;\n";
  c += "    server_name " + std::string(addr::kPublicResolverName) + ";\n";
  c += "    ssl_certificate " + d + "/resolver.pem;\n    ssl_certificate_key " + d +
       "/resolver.key;\n";
  c += "    location = " + std::string(addr::kDohPath) + " {\n      grpc_pass grpc://" +
       addr::kDohBackend + ":" + std::to_string(addr::kDohBackendPort) + ";\n    }\n";
  c += "    location / { return 404; }\n  }\n";
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
    // resolves_to "nothing": the name holds a TXT record and no A record, so an A query is
    // answered NOERROR with no answer (without any record unbound would say NXDOMAIN).
    const auto& answer = site.resolves_to.empty() ? site.address : site.resolves_to;
    if (answer == "nothing")
      c += "  local-data: '" + site.domain + ". 60 IN TXT \"no address\"'\n";
    else
      c += "  local-data: \"" + site.domain + ". 60 IN A " + answer + "\"\n";
  }
  // The public resolver's own name, so that DoH/DoT clients can find it by name.
  const std::string dns_name = addr::kPublicResolverName;
  c += "  local-zone: \"" + dns_name + ".\" static\n";
  c += "  local-data: \"" + dns_name + ". 60 IN A " + addr::kPublicResolver + "\"\n";
  c += "remote-control:\n  control-enable: no\n";
  return c;
}

std::string unbound_resolver_config(const Scenario& scenario, const fs::path& dir,
                                    ResolverRole role) {
  const std::string d = dir.string();
  const bool isp = role == ResolverRole::kIsp;
  const std::string name = isp ? "unbound-isp" : "unbound-public";
  std::string c = "server:\n";
  c += std::string("  interface: ") + (isp ? addr::kIspResolver : addr::kPublicResolver) + "\n";
  c += "  port: 53\n";
  if (!isp) {
    // DoT on :853 and DoH over cleartext HTTP/2 on the loopback, behind nginx's TLS on :443
    // (nginx_config): unbound's DoH needs HTTP/2, which the probe's DoH client does not speak.
    const std::string dot_port = std::to_string(addr::kDotPort);
    const std::string h2_port = std::to_string(addr::kDohBackendPort);
    c += std::string("  interface: ") + addr::kPublicResolver + "@" + dot_port + "\n";
    c += std::string("  interface: ") + addr::kDohBackend + "@" + h2_port + "\n";
    c += "  tls-port: " + dot_port + "\n  https-port: " + h2_port + "\n";
    c += "  http-notls-downstream: yes\n";
    c += std::string("  http-endpoint: \"") + addr::kDohPath + "\"\n";
    c += "  tls-service-key: \"" + d + "/resolver.key\"\n";
    c += "  tls-service-pem: \"" + d + "/resolver.pem\"\n";
  }
  c += "  chroot: \"\"\n  username: \"\"\n  directory: \"" + d + "\"\n";
  c += "  pidfile: \"" + d + "/" + name + ".pid\"\n  use-syslog: no\n";
  c += "  logfile: \"" + d + "/" + name + ".log\"\n  verbosity: 1\n";
  c += "  do-ip6: no\n  do-daemonize: no\n  access-control: 10.77.0.0/16 allow\n";
  c += "  module-config: \"iterator\"\n  num-threads: 1\n  so-reuseport: no\n";
  c += "  qname-minimisation: no\n  harden-referral-path: no\n  cache-max-ttl: 60\n";
  if (isp) {
    // A CDN's DNS gives the ISP's users a nearby server of their own.
    for (auto& site : scenario.sites) {
      if (site.isp_address.empty())
        continue;
      c += "  local-zone: \"" + site.domain + ".\" static\n";
      c += "  local-data: \"" + site.domain + ". 60 IN A " + site.isp_address + "\"\n";
    }
  }
  c += "forward-zone:\n  name: \".\"\n  forward-addr: " + std::string(addr::kAuthoritative) + "\n";
  c += "remote-control:\n  control-enable: no\n";
  return c;
}

std::string interceptor_nginx_config(const Scenario& scenario, const fs::path& dir,
                                     const std::vector<InterceptorProfile>& profiles) {
  const std::string d = dir.string();
  const std::string listen_ip = addr::kCensorClientSide;
  std::string c;
  c += "user root;\nworker_processes 1;\ndaemon off;\nmaster_process on;\n";
  c += "pid " + d + "/interceptor.pid;\nerror_log " + d + "/interceptor-error.log warn;\n";
  c += "events { worker_connections 256; }\n";
  c += "http {\n  access_log " + d + "/interceptor-access.log;\n";
  for (auto t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    c += std::string("  ") + t + "_temp_path " + d + "/interceptor-tmp/" + t + ";\n";
  }
  c += "  server_tokens off;\n  keepalive_timeout 5;\n  ssl_protocols TLSv1.2 TLSv1.3;\n";
  // Room for maps of every site (the demo world of the global list has ~1700).
  c += "  map_hash_max_size 16384;\n  map_hash_bucket_size 128;\n";
  // The origin is chosen by the name the client asked for (the proxy is transparent: the client
  // believes it talks to the site's own address).
  for (auto [var, key] :
       {std::pair{"$lab_tls_origin", "$ssl_server_name"}, std::pair{"$lab_http_origin", "$host"}}) {
    c += std::string("  map ") + key + " " + var + " {\n    hostnames;\n    default " +
         addr::kBlockpage + ";\n";
    for (auto& site : scenario.sites)
      c += "    " + site.domain + " " + site.address + ";\n";
    c += "  }\n";
  }
  for (auto& p : profiles) {
    c += "  server {\n    listen " + listen_ip + ":" + std::to_string(p.port) + " ssl;\n";
    c += "    ssl_certificate " + d + "/" + p.stem + "-leaf.pem;\n";
    c += "    ssl_certificate_key " + d + "/" + p.stem + "-leaf.key;\n";
    c += "    location / {\n      proxy_pass https://$lab_tls_origin;\n";
    c += "      proxy_set_header Host $host;\n      proxy_ssl_server_name on;\n";
    c += "      proxy_ssl_name $ssl_server_name;\n      proxy_ssl_verify off;\n    }\n  }\n";
  }
  // The transparent HTTP proxy of http_proxy rules: the blockpage for listed names, the origin
  // for everything else.
  std::vector<std::string> blocked;
  for (auto& rule : scenario.rules) {
    if (rule.action == Action::kHttpProxy)
      blocked.insert(blocked.end(), rule.blocked_hosts.begin(), rule.blocked_hosts.end());
  }
  if (!blocked.empty()) {
    c += "  map $host $lab_proxy_blocked {\n    hostnames;\n    default 0;\n";
    for (auto& name : blocked)
      c += "    ." + name + " 1;\n";  // the name and its subdomains
    c += "  }\n";
    c += "  server {\n    listen " + listen_ip + ":" + std::to_string(addr::kHttpProxyPort) + ";\n";
    c += "    location / {\n      if ($lab_proxy_blocked) { rewrite ^ /_lab_blockpage last; }\n";
    c += "      proxy_pass http://$lab_http_origin;\n      proxy_set_header Host $host;\n";
    c += "      add_header Via \"1.1 lab-transparent-proxy\";\n    }\n";
    c += "    location = /_lab_blockpage {\n      internal;\n      default_type text/html;\n";
    c += "      charset utf-8;\n      alias " + d + "/www/_blockpage/index.html;\n    }\n  }\n";
  }
  c += "}\n";
  return c;
}

}  // namespace ashyq::lab
