// OONI's anomaly / confirmed / failure flags for measurements of the tests other than
// web_connectivity, decided the way OONI's backend decides them ("fastpath": ooni/backend,
// fastpath/fastpath/core.py, the score_* functions and process_measurement), so that the
// observatory shows the flags OONI Explorer shows for the same measurement. web_connectivity has
// ashyq's own analysis (verdict.hpp) and is not scored here.
//
// Fastpath turns each test's score into flags the same way: anomaly when its blocking score is
// above 0.5, failure when it judged the measurement inaccurate. confirmed comes only from
// blockpage fingerprints, which none of these tests look for, so it is always false here. The
// rules, test by test ("tk" is test_keys; tk absent, null or not an object reads as {}):
//  - telegram: a score adding up three parts: the share of tk.tcp_connect entries whose
//    status.success is false (0.5 when none says true or false), the share of failed
//    tk.requests other than those to web.telegram.org (0.5 when there are none), and 1 when
//    telegram_web_status is "blocked"; anomaly above 0.5. A request entry without a request.url
//    string is a probe bug: failure. (So a telegram measurement with no data at all is an
//    anomaly, as in OONI.)
//  - whatsapp: failure when any tk key ending in _failure starts with "unknown_failure". Then:
//    no requests → failure; no request to https://web.whatsapp.com/ or to
//    https://v.whatsapp.net/v2/register → failure; either of them failed → anomaly; else no
//    tcp_connect entry with a success verdict → failure, none succeeded → anomaly.
//  - facebook_messenger: every *_dns_consistent / *_reachable key that is false, and
//    facebook_tcp_blocking / facebook_dns_blocking when true, count half a point; anomaly from
//    one point (two such signs). Exempt, clean: b_api, b_graph, edge and star all consistent and
//    reachable, stun consistent, dns_blocking true and tcp_blocking false (a probe quirk OONI
//    works around). Never failure.
//  - signal: failure unless tk.failure and tk.failed_operation are both present and empty. Then
//    OONI distrusts known-broken probe versions (failure, no anomaly): test_version 0.2.4;
//    test_version <= 0.2.3 from 2023-11-07; < 0.2.2 from 2022-10-19; annotations.engine_version
//    < 3.17.2 (absent reads 0.0.0) from 2023-05-02; and a measurement_start_time or version it
//    cannot read. Otherwise signal_backend_status "ok" is clean, "blocked" an anomaly, anything
//    else a failure.
//  - http_invalid_request_line: tk.sent and tk.received both empty → failure; any pair of them
//    (in order, up to the shorter list) differing → anomaly.
//  - http_header_field_manipulation: the first request's response body is a JSON document from
//    the helper whose headers_dict (name → list of values) should equal the headers the probe
//    sent (Connection: close aside). No first request, or a null response → failure; no body,
//    an unreadable body or no headers_dict → anomaly; different headers → anomaly.
//  - vanilla_tor: no tor_logs (nor legacy tor_log) → failure; a "Bootstrapped 100%" done line
//    or tor_progress 100 → clean; else anomaly (the bootstrap stopped short).
//  - tor: no targets object → failure; each target needs failure and network_events keys (else
//    failure); failure false means not run, null success, a string blocked; anomaly when more
//    than half of the targets that ran were blocked, failure when none ran.
//  - torsf: failure for ooniprobe-android 3.8.3 (a known-broken release); a failure string →
//    anomaly.
//  - psiphon: a failure string → anomaly; no failure but bootstrap_time 0 → failure; and failure
//    whenever the measurement has no resolver_ip key.
//  - stunreachability: a failure string → anomaly. Never failure.
//  - openvpn: tk.success false → anomaly, absent → failure.
//  - dash: empty test_keys or a failure string → failure. Never anomaly.
//  - browser_web: tk.result "ok" clean, "error" anomaly, anything else failure.
//  - ndt, riseupvpn: fastpath does not score them (riseupvpn's scoring was switched off in
//    2023): never anomaly nor failure.
//
// Where OONI's scorer would crash on a malformed value (the measurement then never reaches
// Explorer), we pick the conservative answer, no anomaly, and say so at the rule. Fastpath also
// drops measurements without report_id, from ZZ or AS0, and marks failure on those whose start
// time is more than an hour after or a year before their upload: those checks need the upload,
// not the measurement, and are the caller's. Test names fastpath does not know (dnscheck,
// urlgetter, echcheck, …) it marks failure; here they give nullopt, as do the legacy tests only
// the retired Python ooniprobe sent (tcp_connect, meek_fronted_requests_test, http_requests,
// dns_consistency).
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <span>
#include <string_view>

namespace ashyq::analysis {

struct OoniFlags {
  bool anomaly = false;
  bool confirmed = false;
  bool failure = false;

  bool operator==(const OoniFlags&) const = default;
};

// OONI's fastpath flags for a measurement of a test other than web_connectivity, from its
// test_name and test_keys (and, for signal, psiphon and torsf, the few top-level keys their rule
// reads); nullopt for test names it does not score (and for web_connectivity). Never throws:
// a key of the wrong type reads as absent.
std::optional<OoniFlags> ooni_flags(const boost::json::object& measurement);

// The test names ooni_flags scores, sorted.
std::span<const std::string_view> ooni_scored_tests();

}  // namespace ashyq::analysis
