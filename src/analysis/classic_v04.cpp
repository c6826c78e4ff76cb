#include "analysis/classic_v04.hpp"

#include <algorithm>

#include "analysis/bogon_list.hpp"
#include "analysis/dns_consistency.hpp"

namespace ashyq::analysis {
namespace {

using core::FailureKind;
namespace xs = x_status;

bool starts_with_https(std::string_view url) {
  return url.size() >= 8 && (url.substr(0, 8) == "https://" || url.substr(0, 8) == "HTTPS://");
}

void set_blocked(ClassicKeys& k, Blocking reason) {
  k.blocking = reason;
  k.accessible = false;
}

void set_accessible(ClassicKeys& k) {
  k.blocking = Blocking::none;
  k.accessible = true;
}

// The summary rules 1–10, first match wins.
void summarize(const model::WebConnectivityMeasurement& in, ClassicKeys& k) {
  const model::HttpTransaction* last = in.requests.empty() ? nullptr : &in.requests.front();
  const auto& dns_failure = k.dns_experiment_failure;
  const bool consistent = k.dns_consistency == DnsConsistency::consistent;
  const bool inconsistent = k.dns_consistency == DnsConsistency::inconsistent;

  // 1. An https page came back: assume we spoke with the legitimate server.
  if (last && !last->failure && starts_with_https(last->request.url)) {
    set_accessible(k);
    k.x_status |= xs::success_secure;
    return;
  }
  // 2. Without the control there is nothing to compare against.
  if (in.control_failure || !in.control) {
    k.x_status |= xs::anomaly_control_unreachable;
    return;
  }
  // 3./4. NXDOMAIN: the site is gone (the control agrees) or DNS is blocked.
  if (is_nxdomain_like(dns_failure)) {
    k.x_status |= xs::experiment_dns;
    if (consistent) {
      set_accessible(k);  // OONI's choice: "accessible" although the name does not exist
      k.x_status |= xs::success_nxdomain;
    } else {
      set_blocked(k, Blocking::dns);
      k.x_status |= xs::anomaly_dns;
    }
    return;
  }
  // 4b. Only loopback answers, so nothing was dialled (ashyq, like OONI LTE, never dials a
  // loopback answer; OONI v0.4 did, and rule 5 then said "dns"). LTE's rules 6 and 7 decide.
  if (in.tcp_connect.empty() && in.requests.empty()) {
    const auto lookup = classic_lookup(in);
    const bool all_loopback =
        !lookup.addrs.empty() && std::all_of(lookup.addrs.begin(), lookup.addrs.end(),
                                             [](const std::string& ip) { return is_loopback(ip); });
    if (all_loopback) {
      const auto& th = in.control->dns.addrs;
      if (std::any_of(th.begin(), th.end(),
                      [](const std::string& ip) { return !is_loopback(ip); })) {
        set_blocked(k, Blocking::dns);
        k.x_status |= xs::anomaly_dns;
      } else {
        k.blocking = Blocking::none;  // down: the name points to loopback for everyone
        k.accessible = false;
      }
      return;
    }
  }
  // 5. Every connect failed.
  std::size_t attempts = 0, successes = 0;
  for (const auto& t : in.tcp_connect) {
    if (t.tags.depth() != 0 || !t.tags.fetch_body())
      continue;
    ++attempts;
    if (t.success())
      ++successes;
  }
  if (attempts > 0 && successes == 0 && k.dns_consistency) {
    // The connect anomaly is flagged whichever way DNS looked (OONI's QA expects 4256 for
    // inconsistent DNS: experiment_connect, anomaly_connect and anomaly_dns).
    k.x_status |= xs::experiment_connect | xs::anomaly_connect;
    if (consistent) {
      set_blocked(k, Blocking::tcp_ip);
    } else {
      set_blocked(k, Blocking::dns);
      k.x_status |= xs::anomaly_dns;
    }
    return;
  }
  // 6. The control could not fetch the page either.
  if (in.control->http_request.failure) {
    k.x_status |= xs::anomaly_control_failure;
    return;
  }
  // 7. Nothing fetched at all.
  if (!last) {
    k.x_status |= xs::bug_no_requests;
    return;
  }
  // 8. The fetch failed: map the known failures to a reason.
  if (last->failure) {
    k.x_status |= xs::experiment_http;
    std::optional<Blocking> reason;
    switch (last->failure->kind()) {
      case FailureKind::connection_refused:
        reason = Blocking::http_failure;
        k.x_status |= xs::anomaly_connect;
        break;
      case FailureKind::connection_reset:
      case FailureKind::eof_error:
        reason = Blocking::http_failure;
        k.x_status |= xs::anomaly_read_write;
        break;
      case FailureKind::dns_nxdomain_error:
        reason = Blocking::dns;
        k.x_status |= xs::anomaly_dns;
        break;
      case FailureKind::generic_timeout_error:
        reason = Blocking::http_failure;
        k.x_status |= xs::anomaly_unknown;
        break;
      case FailureKind::ssl_invalid_hostname:
      case FailureKind::ssl_invalid_certificate:
      case FailureKind::ssl_unknown_authority:
        reason = Blocking::http_failure;
        k.x_status |= xs::anomaly_tls_handshake;
        break;
      case FailureKind::dns_lookup_error:
        // MeasurementKit's and ooniprobe-legacy's rule: their DNS failure of the fetch is dns.
        reason = Blocking::dns;
        k.x_status |= xs::anomaly_dns;
        break;
      default:
        // Their rule for every other failure of the fetch (with the control's fetch fine, as
        // rule 6 checked): http-failure. Reproduced for the strings they wrote, so that
        // re-analysing their measurements agrees with what they recorded.
        if (last->failure->is_legacy()) {
          reason = Blocking::http_failure;
          const auto step = last->failure->step();
          k.x_status |= step == core::Operation::tls_handshake ? xs::anomaly_tls_handshake
                        : step == core::Operation::connect     ? xs::anomaly_connect
                                                               : xs::anomaly_unknown;
        }
        break;
    }
    if (reason) {
      if (in.requests.size() == 1 && inconsistent) {
        reason = Blocking::dns;
        k.x_status |= xs::anomaly_dns;
      }
      set_blocked(k, *reason);
    }
    return;
  }
  // 9. The page matches the control's.
  if (!k.http.is_diff()) {
    set_accessible(k);
    k.x_status |= xs::success_cleartext;
    return;
  }
  // 10. It does not: blame DNS when DNS looked wrong, else the page itself.
  k.x_status |= xs::anomaly_http_diff;
  if (inconsistent) {
    set_blocked(k, Blocking::dns);
    k.x_status |= xs::anomaly_dns;
  } else {
    set_blocked(k, Blocking::http_diff);
  }
}

}  // namespace

ClassicKeys analyze_classic_v04(const model::WebConnectivityMeasurement& in, const AsnTable& asns) {
  ClassicKeys k;
  const auto lookup = classic_lookup(in);
  k.dns_experiment_failure = lookup.failure;
  k.dns_consistency = dns_consistency_v04(in, asns);
  const model::HttpTransaction* last = in.requests.empty() ? nullptr : &in.requests.front();
  if (last)
    k.http_experiment_failure = last->failure;
  static const model::ControlHttpRequest kNoControl{};
  k.http = compare_http_v04(last, in.control ? in.control->http_request : kNoControl);
  summarize(in, k);
  return k;
}

}  // namespace ashyq::analysis
