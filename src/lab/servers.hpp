// Configuration of the lab's real servers, generated per run into the run directory: nginx (all
// sites over HTTP and HTTPS, plus the blockpage server), unbound as the authoritative server for
// the lab's domains and unbound as the ISP and public resolvers, and a per-run lab CA (openssl
// CLI) whose root the probe is told to trust. The generators are pure (text in, text out).
#pragma once

#include <filesystem>
#include <string>

#include "lab/scenario.hpp"

namespace ashyq::lab {

// The marker every lab blockpage carries.
inline constexpr const char* kBlockpageMarker = "ashyq-lab-blockpage";

std::string blockpage_body();
std::string site_page(const Site& site);

// `dir` is the run directory; certificates are dir/ca.pem, dir/sites.pem, dir/sites.key.
std::string nginx_config(const Scenario& scenario, const std::filesystem::path& dir);
std::string unbound_authoritative_config(const Scenario& scenario,
                                         const std::filesystem::path& dir);
std::string unbound_resolver_config(const std::filesystem::path& dir);

// Writes the site pages under dir/www/<domain>/index.html.
void write_site_pages(const Scenario& scenario, const std::filesystem::path& dir);

// Makes dir/ca.pem (+ key) and one leaf dir/sites.pem for every site domain (SAN), signed by it.
void make_certificates(const Scenario& scenario, const std::filesystem::path& dir);

// The TLS interceptor (action tls_intercept): a fresh root "C=KZ, CN=Qaznet Trust Network" made
// for this run only (dir/qaznet-root.pem, never given to the probe or the helper) and a leaf for
// every site domain signed by it (dir/qaznet-leaf.pem: leaf then root, as the chain presented).
void make_interceptor_certificates(const Scenario& scenario, const std::filesystem::path& dir);
// nginx in the censor namespace, listening on `listen` (IP:PORT) with TLS: it terminates the
// client's TLS with the Qaznet leaf and forwards each request over TLS to the site the SNI names.
std::string interceptor_nginx_config(const Scenario& scenario, const std::filesystem::path& dir,
                                     const std::string& listen);

void write_file(const std::filesystem::path& file, const std::string& text);

}  // namespace ashyq::lab
