#include "analysis/verdict.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "analysis/certificate_chain.hpp"
#include "analysis/classic_lte.hpp"
#include "analysis/http_comparison.hpp"
#include "analysis/ip_prefix.hpp"
#include "model/url_parts.hpp"

namespace ashyq::analysis {
namespace {

using core::FailureKind;
using Type = ObservationRow::Type;

// "timed out (generic_timeout_error)": a failure as a phrase for evidence lines.
std::string describe(const core::MaybeFailure& f) {
  if (!f)
    return "succeeded";
  const auto s = f->str();
  switch (f->kind()) {
    case FailureKind::generic_timeout_error:
      return "timed out (" + s + ")";
    case FailureKind::connection_reset:
      return "was reset (" + s + ")";
    case FailureKind::connection_refused:
    case FailureKind::connection_refused_error:
      return "was refused (" + s + ")";
    case FailureKind::eof_error:
      return "was closed by the peer (" + s + ")";
    case FailureKind::ssl_unknown_authority:
      return "got a certificate from an untrusted authority (" + s + ")";
    case FailureKind::ssl_invalid_hostname:
      return "got a certificate for another name (" + s + ")";
    case FailureKind::ssl_invalid_certificate:
      return "got an invalid certificate (" + s + ")";
    case FailureKind::dns_nxdomain_error:
    case FailureKind::dns_name_error:
      return "said the name does not exist (" + s + ")";
    case FailureKind::dns_no_answer:
      return "returned no address (" + s + ")";
    default:
      return "failed (" + s + ")";
  }
}

bool is_timeout(const core::MaybeFailure& f) {
  return f && f->kind() == FailureKind::generic_timeout_error;
}

// The most a timeout can say. A timeout also has ordinary causes: lost packets (DNS over UDP
// above all), an overloaded server or resolver, a path that drops large packets. So a blocking
// verdict that rests on one never reaches the confidence of a reset, a refusal, an injected
// answer or a blockpage; several independent ones (every address the probe tried timing out
// while the control got through) make an ordinary fault less likely. Repeating the measurement
// is what would confirm it (issue 17, decided 2026-12-07).
constexpr double kOneTimeout = 0.7;
constexpr double kEveryAddressTimedOut = 0.8;
constexpr double kDnsTimeout = 0.6;
// A handshake the server answered and then left unfinished ("answer then silence"): a censor that
// filters by SNI drops the ClientHello, so nothing comes back; bytes that did come back point to
// a path that loses large packets (the certificate flight), a throttled or overloaded link, as
// much as to a censor (decided 2026-12-07, issue 17).
constexpr double kAnsweredThenSilent = 0.5;

bool is_certificate_failure(const core::MaybeFailure& f) {
  return f && (f->kind() == FailureKind::ssl_unknown_authority ||
               f->kind() == FailureKind::ssl_invalid_hostname ||
               f->kind() == FailureKind::ssl_invalid_certificate);
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "nothing" : out;
}

// The registrable-looking part of a host: the last two labels, or three when the second-level
// label is short (co.uk, com.kz). A heuristic, only used to word evidence.
std::string site_of(std::string_view host) {
  std::vector<std::string_view> labels;
  while (true) {
    const auto dot = host.find('.');
    labels.push_back(host.substr(0, dot));
    if (dot == std::string_view::npos)
      break;
    host.remove_prefix(dot + 1);
  }
  std::size_t keep = 2;
  if (labels.size() >= 3 && labels[labels.size() - 2].size() <= 3)
    keep = 3;
  if (labels.size() <= keep)
    keep = labels.size();
  std::string out;
  for (std::size_t i = labels.size() - keep; i < labels.size(); ++i) {
    out += (out.empty() ? "" : ".") + std::string(labels[i]);
  }
  return out;
}

class Analyzer {
 public:
  Analyzer(const model::WebConnectivityMeasurement& in, const VerdictOptions& opt)
      : in_(in),
        bogons_(opt.bogons ? *opt.bogons : BogonList::defaults()),
        fps_(opt.fingerprints),
        cc_(opt.probe_cc.empty() ? in.probe_cc : opt.probe_cc),
        own_asns_(opt.asns ? AsnTable{} : AsnTable::from_input(in)),
        asns_(opt.asns ? *opt.asns : own_asns_) {
    if (auto u = model::split_url(in.input_url))
      url_ = *u;
    ctl_ = in.has_control() ? &*in.control : nullptr;
  }

  Verdict run() {
    match_fingerprints();
    note_redirects();
    const bool confirmed = std::any_of(v_.fingerprints.begin(), v_.fingerprints.end(),
                                       [](const auto& m) { return m.confirmed; });
    if (confirmed)
      return finish(Method::blockpage, 0.95);
    if (!ctl_) {
      v_.evidence.insert(v_.evidence.begin(),
                         in_.control_failure
                             ? "the control request failed (" + in_.control_failure->str() +
                                   "): nothing to compare against, no verdict"
                             : std::string("no control response: nothing to compare against, "
                                           "no verdict"));
      return finish(Method::unknown, 0.0);
    }
    if (auto decided = dns_failure())
      return *decided;
    assess_dns();
    auto [method, confidence] = transport_outcome();
    if (dns_suspicious_) {
      const bool page_ok = method == Method::none && strict_page_match_;
      if (page_ok) {
        add("the page nevertheless matches the control's: treating the answer as a legitimate "
            "alternative address");
        return finish(Method::none, 0.6);
      }
      return finish(Method::dns, dns_strong_ ? 0.95 : 0.8);
    }
    const bool weak_fp = !v_.fingerprints.empty();
    if (weak_fp && (method == Method::http_diff || method == Method::none) && page_differs_) {
      return finish(Method::blockpage, 0.6);
    }
    if (method == Method::http_diff) {
      if (auto known = known_false_positive()) {
        add("the probe's page is " + *known +
            " (a known false positive, scope fp): the site itself answered the probe "
            "differently, which is not censorship");
        return finish(Method::none, 0.6);
      }
    }
    if (foreign_redirect_ && (method == Method::http_diff || method == Method::http_failure)) {
      confidence = std::min(1.0, confidence + 0.1);
    }
    return finish(method, weigh_timeouts(method, confidence));
  }

 private:
  void add(std::string line) { v_.evidence.push_back(std::move(line)); }

  // Notes that the outcome rests on `count` timeouts (one per address tried, or one lookup or
  // request); weigh_timeouts() then caps a blocking verdict's confidence.
  void rests_on_timeouts(int count) { timeouts_ = count; }
  void rests_on_a_dns_timeout() { dns_timeout_ = true; }

  double weigh_timeouts(Method m, double confidence) {
    if (!is_blocking(m))
      return confidence;
    v_.rests_on_timeouts = dns_timeout_ || timeouts_ > 0;
    if (answered_then_silent_ && timeouts_ > 0) {
      add("the server answered the ClientHello and then fell silent: a censor filtering by SNI "
          "drops the ClientHello, so no answer comes at all; a path that loses large packets or "
          "a throttled link also ends a handshake this way");
      return std::min(confidence, kAnsweredThenSilent);
    }
    if (dns_timeout_) {
      add("the lookup timed out, which also has ordinary causes (lost queries, a slow or "
          "overloaded resolver): weaker evidence than a forged answer or a name said not to exist");
      return std::min(confidence, kDnsTimeout);
    }
    if (timeouts_ == 1) {
      add("this rests on one timeout, which also has ordinary causes (an overloaded server, a "
          "path that drops large packets): weaker evidence than a reset or a refusal");
      return std::min(confidence, kOneTimeout);
    }
    if (timeouts_ > 1) {
      add(
          fmt::format("each of the {} addresses tried timed out while the control got through: "
                      "an ordinary fault is a less likely cause, though timeouts are still weaker "
                      "evidence than a reset or a refusal",
                      timeouts_));
      return std::min(confidence, kEveryAddressTimedOut);
    }
    return confidence;
  }

  Verdict finish(Method m, double confidence) {
    v_.method = m;
    v_.confidence = std::clamp(confidence, 0.0, 1.0);
    return std::move(v_);
  }

  // --- fingerprints -------------------------------------------------------------------------

  void record_match(const FingerprintMatch& m, const std::string& where) {
    for (const auto& seen : v_.fingerprints) {
      if (seen.name == m.name)
        return;
    }
    v_.fingerprints.push_back(m);
    add(fmt::format("{} matches blockpage fingerprint {} (scope {}, {})", where, m.name, m.scope,
                    m.confirmed ? "confirmed" : "not confirmed for this country"));
  }

  void match_fingerprints() {
    if (!fps_ || fps_->empty())
      return;
    for (const auto& r : in_.requests) {
      if (r.status_code() <= 0)
        continue;
      for (const auto& m : fps_->match_body(r.response_body(), cc_)) {
        record_match(m, "the response body of " + r.request.url);
      }
      for (const auto& [name, value] : r.response_headers()) {
        for (const auto& m : fps_->match_header(name, value, cc_)) {
          record_match(m, fmt::format("the {} header of {} ('{}')", name, r.request.url, value));
        }
      }
    }
    for (const auto& q : in_.queries) {
      if (!q.is_system_resolver())
        continue;
      for (const auto& a : q.answers) {
        const auto& answer = a.value;
        if (answer.empty())
          continue;
        for (const auto& m : fps_->match_dns(answer, cc_)) {
          record_match(m, fmt::format("the DNS answer {} for {}", answer, q.hostname));
        }
      }
    }
  }

  // The first scope-"fp" fingerprint in the probe's final response, e.g. an anti-bot challenge.
  std::optional<std::string> known_false_positive() const {
    if (!fps_ || in_.requests.empty())
      return std::nullopt;
    const auto& last = in_.requests.front();
    if (last.status_code() <= 0)
      return std::nullopt;
    auto names = fps_->false_positives_in_body(last.response_body());
    for (const auto& [name, value] : last.response_headers()) {
      auto more = fps_->false_positives_in_header(name, value);
      names.insert(names.end(), more.begin(), more.end());
    }
    if (names.empty())
      return std::nullopt;
    return "fingerprint " + names.front();
  }

  // --- redirects ----------------------------------------------------------------------------

  void note_redirects() {
    if (url_.host.empty())
      return;
    const auto home = site_of(url_.host);
    for (auto it = in_.requests.rbegin(); it != in_.requests.rend(); ++it) {
      if (it->status_code() < 300 || it->status_code() >= 400)
        continue;
      auto location = it->header("location");
      if (!location)
        continue;
      auto target = model::split_url(*location);
      if (!target)
        continue;  // relative: same host
      if (target->host == url_.host || site_of(target->host) == home)
        continue;
      foreign_redirect_ = true;
      const bool bogon_target = target->host_is_ip && bogons_.is_bogon(target->host);
      add(
          fmt::format("{} redirected to {} ({}{}), outside {}: the control's fetch never "
                      "reports that host",
                      it->request.url, *location, target->host,
                      bogon_target ? ", a private/special-purpose address" : "", home));
    }
  }

  // --- DNS ----------------------------------------------------------------------------------

  // A failed system lookup at depth 0 decides on its own.
  std::optional<Verdict> dns_failure() {
    if (url_.host_is_ip)
      return std::nullopt;
    lookup_ = classic_lookup(in_);
    if (!lookup_.failure)
      return std::nullopt;
    const auto& th = ctl_->dns;
    if (th.failure) {
      add(
          fmt::format("the system resolver {} for {} and the control's lookup also failed ({}): "
                      "the name does not resolve anywhere",
                      describe(lookup_.failure), url_.host, th.failure->str()));
      return finish(Method::down, 0.8);
    }
    if (th.addrs.empty()) {
      add(fmt::format("the system resolver {} for {} and the control got no address either",
                      describe(lookup_.failure), url_.host));
      return finish(Method::down,
                    lookup_.failure->kind() == FailureKind::dns_no_answer ? 0.8 : 0.6);
    }
    add(fmt::format("the system resolver {} for {} while the control resolved it to {}",
                    describe(lookup_.failure), url_.host, join(th.addrs)));
    const bool timeout = is_timeout(lookup_.failure);
    if (timeout)
      rests_on_a_dns_timeout();
    return finish(Method::dns, weigh_timeouts(Method::dns, 0.9));
  }

  void assess_dns() {
    if (url_.host_is_ip || lookup_.addrs.empty())
      return;
    const auto& th = ctl_->dns;
    std::vector<std::string> bogon_addrs;
    for (const auto& ip : lookup_.addrs) {
      if (bogons_.is_bogon(ip))
        bogon_addrs.push_back(ip);
    }
    const bool all_bogon = bogon_addrs.size() == lookup_.addrs.size();
    const bool th_public = std::any_of(th.addrs.begin(), th.addrs.end(),
                                       [&](const auto& ip) { return !bogons_.is_bogon(ip); });
    const auto verified = tls_verified_addresses(in_, url_.host);
    const bool tls_ok = std::any_of(lookup_.addrs.begin(), lookup_.addrs.end(),
                                    [&](const auto& ip) { return verified.count(ip) > 0; });
    if (th.failure) {
      dns_suspicious_ = !tls_ok;
      if (dns_suspicious_) {
        add(
            fmt::format("the system resolver answered {} for {} but the control's lookup failed "
                        "({}): an answer for a name that does not resolve elsewhere",
                        join(lookup_.addrs), url_.host, th.failure->str()));
      }
      return;
    }
    if (all_bogon && th_public) {
      // Loopback/private answers for a public site: never consistent, whatever overlaps.
      dns_suspicious_ = true;
      dns_strong_ = true;
      add(
          fmt::format("the system resolver answered only special-purpose addresses ({}) for {} "
                      "while the control resolved public ones ({})",
                      join(lookup_.addrs), url_.host, join(th.addrs)));
      return;
    }
    if (!bogon_addrs.empty() && !th_public && !th.addrs.empty()) {
      add(
          fmt::format("{} resolves to special-purpose addresses ({}) for the control too: a "
                      "misconfigured name, not interference",
                      url_.host, join(bogon_addrs)));
    }
    const bool overlap =
        share_ip(lookup_.addrs, th.addrs) || share_asn(lookup_.addrs, th.addrs, asns_) || tls_ok;
    if (!overlap && !th.addrs.empty()) {
      dns_suspicious_ = true;
      add(
          fmt::format("the system resolver answered {} for {}, sharing no address, no ASN and "
                      "no TLS-verified address with the control's answer ({})",
                      join(lookup_.addrs), url_.host, join(th.addrs)));
    } else if (!overlap && th.addrs.empty() && !lookup_.addrs.empty()) {
      dns_suspicious_ = true;
      add(fmt::format("the system resolver answered {} for {} while the control got no address",
                      join(lookup_.addrs), url_.host));
    }
  }

  // --- TCP, TLS, HTTP -------------------------------------------------------------------------

  const model::ControlTcpConnect* control_tcp(const ObservationRow& r) const {
    if (r.depth != 0)
      return nullptr;
    auto it = ctl_->tcp_connect.find(join_endpoint(r.ip, r.port));
    return it == ctl_->tcp_connect.end() ? nullptr : &it->second;
  }

  const model::ControlTlsHandshake* control_tls(const ObservationRow& r) const {
    if (r.depth != 0)
      return nullptr;
    auto it = ctl_->tls_handshake.find(join_endpoint(r.ip, r.port));
    if (it == ctl_->tls_handshake.end())
      return nullptr;
    if (!it->second.server_name.empty() && !r.server_name.empty() &&
        it->second.server_name != r.server_name) {
      return nullptr;
    }
    return &it->second;
  }

  bool control_fetched() const { return !ctl_->http_request.failure; }

  std::pair<Method, double> transport_outcome() {
    auto rows = observation_rows(in_);
    std::erase_if(rows, [](const ObservationRow& r) { return !r.classic; });
    // A redirect whose target name does not resolve (LTE records it as a deeper DNS row).
    if (!rows.empty() && rows.front().depth > 0) {
      for (const auto& r : rows) {
        if (r.depth != rows.front().depth)
          break;
        if (r.type == Type::dns && r.failure && r.depth == rows.front().depth &&
            std::none_of(rows.begin(), rows.end(), [&](const auto& o) {
              return o.depth == r.depth && o.type != Type::dns;
            })) {
          return redirect_dns_failed(r);
        }
      }
    }
    std::erase_if(rows, [](const ObservationRow& r) { return r.type == Type::dns; });
    if (rows.empty()) {
      const bool probe_bogon_only =
          !lookup_.addrs.empty() &&
          std::all_of(lookup_.addrs.begin(), lookup_.addrs.end(),
                      [&](const auto& ip) { return bogons_.is_bogon(ip); });
      const auto& th = ctl_->dns.addrs;
      const bool th_bogon_only =
          !th.empty() &&
          std::all_of(th.begin(), th.end(), [&](const auto& ip) { return bogons_.is_bogon(ip); });
      if (probe_bogon_only && th_bogon_only) {
        add(
            fmt::format("{} resolves only to special-purpose addresses for the probe and the "
                        "control alike, so nothing was dialled: the site is misconfigured",
                        url_.host));
        return {Method::down, 0.7};
      }
      add("no connection or HTTP request was recorded");
      return {Method::unknown, 0.2};
    }
    const int depth = rows.front().depth;  // rows are deepest first
    std::vector<const ObservationRow*> at;
    for (const auto& r : rows) {
      if (r.depth == depth)
        at.push_back(&r);
    }
    for (const auto* r : at) {
      if (r->is_final())
        return success(*r);
    }
    // Endpoints (rows with an address) at this depth, and how far they got.
    std::vector<const ObservationRow*> endpoints;
    for (const auto* r : at) {
      if (!r->ip.empty() && (r->type != Type::http || !r->http || r->transaction_id != 0)) {
        endpoints.push_back(r);
      }
    }
    const model::HttpTransaction* last = in_.requests.empty() ? nullptr : &in_.requests.front();
    if (!endpoints.empty()) {
      const bool all_tcp_failed = std::all_of(endpoints.begin(), endpoints.end(), [](auto* r) {
        return r->type == Type::tcp && r->failure;
      });
      if (all_tcp_failed)
        return tcp_blocked(endpoints);
      const ObservationRow* tls_failed = nullptr;
      bool any_past_tls = false;
      int tls_timeouts = 0, tls_other_failures = 0;
      for (const auto* r : endpoints) {
        if (r->type == Type::tls && r->failure && !tls_failed)
          tls_failed = r;
        if (r->type == Type::tls && r->failure)
          ++(is_timeout(r->failure) ? tls_timeouts : tls_other_failures);
        if (r->type == Type::http || (r->type == Type::tls && !r->failure))
          any_past_tls = true;
      }
      if (tls_failed && !any_past_tls)
        return tls_blocked(*tls_failed, tls_failed->failure,
                           tls_other_failures == 0 ? tls_timeouts : 0);
    }
    if (last && last->failure) {
      // No record of the step (v0.4 and older engines' data): the failure string says it.
      const auto step = last->failure->step();
      if (step == core::Operation::tls_handshake)
        return tls_without_row(*last);
      if (step == core::Operation::connect)
        return connect_without_row(*last);
      return http_failed(*last);
    }
    // Every request that was made succeeded, yet the chain ended without a page: the fetch
    // itself gave up (a Location without a host, too many redirects), which only the
    // experiment's failure records.
    if (const auto& f = in_.recorded.http_experiment_failure) {
      if (!control_fetched()) {
        add(
            fmt::format("the redirect chain from {} ended without a page ({}), and the control's "
                        "fetch failed too ({}): the site's own redirects are broken",
                        in_.input_url, f->str(), ctl_->http_request.failure->str()));
        return {Method::down, 0.7};
      }
      add(
          fmt::format("the redirect chain from {} ended without a page ({}) while the control "
                      "fetched the page (status {})",
                      in_.input_url, f->str(), ctl_->http_request.status_code));
      return {Method::unknown, 0.3};
    }
    add("the fetch stopped without a final response (a redirect that was not followed?)");
    return {Method::unknown, 0.3};
  }

  std::pair<Method, double> redirect_dns_failed(const ObservationRow& r) {
    if (!control_fetched()) {
      add(
          fmt::format("the redirect target {} could not be resolved ({}) and the control's fetch "
                      "failed too ({})",
                      r.domain, r.failure->str(), ctl_->http_request.failure->str()));
      return {Method::down, 0.5};
    }
    add(
        fmt::format("the system resolver {} for the redirect target {} while the control "
                    "fetched the page (status {})",
                    describe(r.failure), r.domain, ctl_->http_request.status_code));
    if (is_timeout(r.failure))
      rests_on_a_dns_timeout();
    return {Method::dns, 0.7};
  }

  std::pair<Method, double> success(const ObservationRow& r) {
    const auto& t = *r.http;
    if (r.over_tls) {
      strict_page_match_ = true;
      add(fmt::format("fetched {} over a verified TLS connection (status {})", t.request.url,
                      t.status_code()));
      return {Method::none, 0.9};
    }
    if (!control_fetched()) {
      add(fmt::format("fetched {} (status {}) while the control's fetch failed ({})", t.request.url,
                      t.status_code(), ctl_->http_request.failure->str()));
      return {Method::none, 0.5};
    }
    const auto cmp = compare_http_lte(&t, ctl_->http_request);
    const auto probe_title = extract_title(t.response_body());
    const bool titles_known = !probe_title.empty() || !ctl_->http_request.title.empty();
    // ashyq's page match: the status must match, and then the title when either side has one
    // (else body length or headers). OONI also accepts a header-name match alone, which a proxy
    // or a CDN blockpage easily passes. When DNS is already suspect, only the title (or, without
    // titles, the body length) counts.
    const bool status = cmp.status_code_match.value_or(false);
    const bool title = cmp.title_match.value_or(false);
    const bool body = cmp.body_length_match.value_or(false);
    const bool headers = cmp.headers_match.value_or(false);
    const bool page_match = status && (titles_known ? (title || body) : (body || headers));
    strict_page_match_ = status && (titles_known ? title : body);
    page_differs_ = !page_match;
    if (page_match) {
      add(fmt::format("fetched {} (status {}) and it matches the control's page", t.request.url,
                      t.status_code()));
      return {Method::none, cmp.is_diff() ? 0.6 : 0.8};
    }
    add(
        fmt::format("fetched {} but it differs from the control's page: status {} vs {}, title "
                    "'{}' vs '{}', body proportion {:.2f}",
                    t.request.url, t.status_code(), ctl_->http_request.status_code, probe_title,
                    ctl_->http_request.title, cmp.body_proportion));
    return {Method::http_diff, 0.7};
  }

  std::pair<Method, double> tcp_blocked(const std::vector<const ObservationRow*>& endpoints) {
    int th_ok = 0, th_failed = 0, timed_out_where_control_connected = 0;
    for (const auto* r : endpoints) {
      const auto* th = control_tcp(*r);
      const auto ep = join_endpoint(r->ip, r->port);
      if (!th) {
        add(fmt::format("TCP connect to {} {} (the control has no result for it)", ep,
                        describe(r->failure)));
      } else if (th->status && !th->failure) {
        ++th_ok;
        timed_out_where_control_connected += is_timeout(r->failure);
        add(fmt::format("TCP connect to {} {} while the control connected", ep,
                        describe(r->failure)));
      } else {
        ++th_failed;
        add(fmt::format("TCP connect to {} {} and the control's connect failed too ({})", ep,
                        describe(r->failure), th->failure ? th->failure->str() : "failed"));
      }
    }
    if (th_ok > 0) {
      if (timed_out_where_control_connected == th_ok)  // no refusal or reset among them
        rests_on_timeouts(th_ok);
      return {Method::tcp_ip, 0.85};
    }
    if (th_failed == 0 && control_fetched() &&
        std::all_of(endpoints.begin(), endpoints.end(),
                    [](auto* r) { return is_timeout(r->failure); }))
      rests_on_timeouts(static_cast<int>(endpoints.size()));
    if (th_failed > 0)
      return {Method::down, 0.8};
    return control_fetched() ? std::pair{Method::tcp_ip, 0.6} : std::pair{Method::down, 0.5};
  }

  // Who signed the chain the probe was shown at `endpoint`, and any expired link.
  void add_chain_evidence(const std::string& endpoint, const std::string& server_name) {
    for (const auto& h : in_.tls_handshakes) {
      if (h.address != endpoint || h.server_name != server_name || h.peer_certificates.empty())
        continue;
      auto line = describe_chain(summarize_chain(h.peer_certificates),
                                 parse_ooni_time(in_.measurement_start_time));
      if (!line.empty())
        add(line);
      return;
    }
  }

  std::pair<Method, double> classify_tls(const core::MaybeFailure& f, double confidence) {
    if (f && f->kind() == FailureKind::ssl_unknown_authority) {
      return {Method::interception, confidence + 0.05};
    }
    if (is_certificate_failure(f))
      return {Method::interception, confidence - 0.1};
    return {Method::tls, confidence};
  }

  // What the server sent during the handshake of row `r` (its record's transaction and
  // address), from the network events: nullopt when none were recorded for it.
  std::optional<std::int64_t> bytes_read_in_handshake(const ObservationRow& r) const {
    const auto ep = join_endpoint(r.ip, r.port);
    const model::TlsHandshake* h = nullptr;
    for (const auto& x : in_.tls_handshakes) {
      if (x.address == ep && x.transaction_id == r.transaction_id) {
        h = &x;
        break;
      }
    }
    if (!h)
      return std::nullopt;
    std::optional<std::int64_t> bytes;
    for (const auto& e : in_.network_events) {
      if (e.transaction_id != r.transaction_id || e.address != ep)
        continue;
      if (h->t > 0 && (e.t0 < h->t0 || e.t > h->t))  // during the handshake, when it has times
        continue;
      if (e.operation == "tls_handshake_start" || e.operation == "tls_handshake_done")
        bytes = bytes.value_or(0);  // events were recorded for this handshake
      if (e.operation == "read" && !e.failure && e.num_bytes && *e.num_bytes > 0)
        bytes = bytes.value_or(0) + *e.num_bytes;
    }
    return bytes;
  }

  // `timeouts`: how many handshakes at this depth timed out, when none failed otherwise.
  std::pair<Method, double> tls_blocked(const ObservationRow& r, const core::MaybeFailure& f,
                                        int timeouts) {
    const auto ep = join_endpoint(r.ip, r.port);
    // Said after the headline: whether the server answered a handshake that timed out.
    std::string answer;
    if (timeouts > 0) {
      rests_on_timeouts(timeouts);
      if (const auto bytes = bytes_read_in_handshake(r)) {
        answered_then_silent_ = *bytes > 0;
        answer = *bytes == 0
                     ? fmt::format("no byte came back from {} after the ClientHello", ep)
                     : fmt::format("{} bytes came back from {} before the handshake stalled",
                                   *bytes, ep);
      }
    }
    auto headline = [&](std::string line) {
      add(std::move(line));
      if (!answer.empty())
        add(answer);
    };
    const auto* th = control_tls(r);
    if (th && th->status && !th->failure) {
      headline(fmt::format("TLS handshake to {} (SNI {}) {} while the control completed it", ep,
                           r.server_name, describe(f)));
      auto outcome = classify_tls(f, 0.85);
      if (outcome.first == Method::interception)
        add_chain_evidence(ep, r.server_name);
      return outcome;
    }
    if (th) {
      const bool same = th->failure && f && th->failure->str() == f->str();
      headline(fmt::format("TLS handshake to {} (SNI {}) {} and the control's failed too ({})", ep,
                           r.server_name, describe(f),
                           th->failure ? th->failure->str() : "failed"));
      return {Method::down, same ? 0.85 : 0.7};
    }
    if (control_fetched()) {
      headline(
          fmt::format("TLS handshake to {} (SNI {}) {} while the control fetched the page "
                      "(status {})",
                      ep, r.server_name, describe(f), ctl_->http_request.status_code));
      auto outcome = classify_tls(f, 0.6);
      if (outcome.first == Method::interception)
        add_chain_evidence(ep, r.server_name);
      return outcome;
    }
    headline(
        fmt::format("TLS handshake to {} (SNI {}) {} and the control could not fetch the page "
                    "either ({})",
                    ep, r.server_name, describe(f), ctl_->http_request.failure->str()));
    return {Method::down, 0.5};
  }

  // v0.4 data without handshake records: the TLS error only shows in the request.
  std::pair<Method, double> tls_without_row(const model::HttpTransaction& t) {
    if (!control_fetched()) {
      add(fmt::format("fetching {} {} and the control's fetch failed too ({})", t.request.url,
                      describe(t.failure), ctl_->http_request.failure->str()));
      return {Method::down, 0.5};
    }
    add(fmt::format("fetching {} {} during the TLS handshake while the control fetched the page",
                    t.request.url, describe(t.failure)));
    if (is_timeout(t.failure))
      rests_on_timeouts(1);
    return classify_tls(t.failure, 0.7);
  }

  // Older engines' data where only the request says the connection failed ("connect_error").
  std::pair<Method, double> connect_without_row(const model::HttpTransaction& t) {
    if (!control_fetched()) {
      add(fmt::format("fetching {} {} while connecting and the control's fetch failed too ({})",
                      t.request.url, describe(t.failure), ctl_->http_request.failure->str()));
      return {Method::down, 0.5};
    }
    add(
        fmt::format("fetching {} {} while connecting, while the control fetched the page "
                    "(status {})",
                    t.request.url, describe(t.failure), ctl_->http_request.status_code));
    if (is_timeout(t.failure))
      rests_on_timeouts(1);
    return {Method::tcp_ip, 0.6};
  }

  std::pair<Method, double> http_failed(const model::HttpTransaction& t) {
    if (is_timeout(t.failure))
      rests_on_timeouts(1);
    if (!control_fetched()) {
      add(fmt::format("fetching {} {} and the control's fetch failed too ({})", t.request.url,
                      describe(t.failure), ctl_->http_request.failure->str()));
      add_what_was_cut(t);
      return {Method::down, 0.7};
    }
    if (t.failure->step() == core::Operation::resolve) {
      add(
          fmt::format("fetching {} {} while resolving a redirect target; the control fetched "
                      "the page",
                      t.request.url, describe(t.failure)));
      return {Method::dns, 0.7};
    }
    add(
        fmt::format("fetching {} {} after connecting, while the control fetched the page "
                    "(status {})",
                    t.request.url, describe(t.failure), ctl_->http_request.status_code));
    add_what_was_cut(t);
    return {Method::http_failure, 0.8};
  }

  // A response that began and was then cut: how much arrived. It is not compared with the
  // control's page (http_comparison.hpp), so the evidence says what the comparison would lack.
  void add_what_was_cut(const model::HttpTransaction& t) {
    if (t.status_code() <= 0)
      return;
    const auto control_length = ctl_ ? ctl_->http_request.body_length : -1;
    add(fmt::format(
        "the response had begun (status {}, {} header{}, {} byte{} of the body read{}) when it "
        "was cut; a page cut short is not compared with the control's",
        t.status_code(), t.response_headers().size(), t.response_headers().size() == 1 ? "" : "s",
        t.response_body().size(), t.response_body().size() == 1 ? "" : "s",
        control_length > 0 ? fmt::format("; the control's page has {} bytes", control_length)
                           : std::string()));
  }

  const model::WebConnectivityMeasurement& in_;
  const BogonList& bogons_;
  const FingerprintDb* fps_;
  std::string cc_;
  AsnTable own_asns_;
  const AsnTable& asns_;
  model::UrlParts url_;
  const model::ControlResponse* ctl_ = nullptr;
  ClassicLookup lookup_;
  bool dns_suspicious_ = false;
  bool dns_strong_ = false;
  bool strict_page_match_ = false;
  bool page_differs_ = false;
  bool foreign_redirect_ = false;
  bool answered_then_silent_ = false;  // a timed-out handshake had read bytes from the server
  int timeouts_ = 0;          // the timeouts the transport outcome rests on (rests_on_timeouts)
  bool dns_timeout_ = false;  // the outcome rests on a lookup that timed out
  Verdict v_;
};

}  // namespace

bool Verdict::blocked() const {
  return is_blocking(method);
}

boost::json::object Verdict::to_json() const {
  boost::json::object o;
  o["method"] = std::string(to_string(method));
  o["confidence"] = confidence;
  boost::json::array ev;
  for (const auto& e : evidence)
    ev.emplace_back(e);
  o["evidence"] = std::move(ev);
  boost::json::array fps;
  for (const auto& m : fingerprints)
    fps.emplace_back(m.name);
  o["fingerprints"] = std::move(fps);
  if (rests_on_timeouts)
    o["rests_on_timeouts"] = true;
  if (attempts > 1)
    o["attempts"] = static_cast<std::int64_t>(attempts);
  return o;
}

Verdict make_verdict(Method method, double confidence, std::string headline,
                     const std::vector<std::string>& details) {
  Verdict v;
  v.method = method;
  v.confidence = confidence;
  v.evidence.push_back(std::move(headline));
  v.evidence.insert(v.evidence.end(), details.begin(), details.end());
  return v;
}

Method method_of_failure(std::optional<core::Operation> failed_operation) {
  using core::Operation;
  if (!failed_operation)
    return Method::unknown;
  switch (*failed_operation) {
    case Operation::resolve:
    case Operation::dns_round_trip:
      return Method::dns;
    case Operation::connect:
      return Method::tcp_ip;
    case Operation::tls_handshake:
      return Method::tls;
    case Operation::http_round_trip:
    case Operation::read:
    case Operation::write:
      return Method::http_failure;
    default:
      return Method::unknown;
  }
}

Verdict analyze_verdict(const model::WebConnectivityMeasurement& in,
                        const VerdictOptions& options) {
  return Analyzer(in, options).run();
}

}  // namespace ashyq::analysis
