// Configuration of the lab's real servers, generated per run into the run directory: nginx (all
// sites over HTTP and HTTPS, plus the blockpage server), unbound as the authoritative server for
// the lab's domains and unbound as the ISP and public resolvers, and a per-run lab CA (openssl
// CLI) whose root the probe is told to trust. The generators are pure (text in, text out).
#pragma once

#include <filesystem>
#include <string>

#include "lab/certificates.hpp"
#include "lab/scenario.hpp"

namespace ashyq::lab {

// The marker every lab blockpage carries.
inline constexpr const char* kBlockpageMarker = "ashyq-lab-blockpage";

std::string blockpage_body();
std::string site_page(const Site& site);
// The anti-bot interstitial a `challenge` site shows the ISPs' clients.
std::string challenge_page();

// `dir` is the run directory; certificates are dir/ca.pem, dir/sites.pem, dir/sites.key.
std::string nginx_config(const Scenario& scenario, const std::filesystem::path& dir);
std::string unbound_authoritative_config(const Scenario& scenario,
                                         const std::filesystem::path& dir);
// The resolvers (forwarding to the authoritative server): the ISP's (the clients' system
// resolver, which gives sites with an `isp_address` that address) and the public one.
enum class ResolverRole { kIsp, kPublic };
std::string unbound_resolver_config(const Scenario& scenario, const std::filesystem::path& dir,
                                    ResolverRole role);

// Writes the site pages under dir/www/<domain>/index.html.
void write_site_pages(const Scenario& scenario, const std::filesystem::path& dir);

// nginx in the censor namespace: one TLS interceptor per profile, each listening on the censor's
// client-side address at the profile's port, terminating the client's TLS with the profile's
// forged chain and forwarding each request over TLS to the site the SNI names; and, when the
// scenario has http_proxy rules, a transparent HTTP proxy on port addr::kHttpProxyPort that
// serves the blockpage for the rules' blocked_host names and forwards every other request.
std::string interceptor_nginx_config(const Scenario& scenario, const std::filesystem::path& dir,
                                     const std::vector<InterceptorProfile>& profiles);

void write_file(const std::filesystem::path& file, const std::string& text);

}  // namespace ashyq::lab
