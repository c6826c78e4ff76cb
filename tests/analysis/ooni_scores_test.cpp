// OONI fastpath's anomaly / confirmed / failure flags for the tests other than web_connectivity.
#include "analysis/ooni_scores.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

namespace ashyq::analysis {
namespace {

namespace json = boost::json;

constexpr OoniFlags kClean{};
constexpr OoniFlags kAnomaly{.anomaly = true};
constexpr OoniFlags kFailure{.failure = true};
constexpr OoniFlags kBoth{.anomaly = true, .failure = true};

std::string show(const std::optional<OoniFlags>& f) {
  if (!f)
    return "nullopt";
  return std::string("{anomaly=") + (f->anomaly ? "1" : "0") +
         " confirmed=" + (f->confirmed ? "1" : "0") + " failure=" + (f->failure ? "1" : "0") + "}";
}

struct Case {
  const char* name;
  const char* measurement;  // a whole measurement: test_name, test_keys and what else a rule reads
  std::optional<OoniFlags> expected;
};

void check(const Case& c) {
  json::object m = json::parse(c.measurement).as_object();
  std::optional<OoniFlags> got;
  ASSERT_NO_THROW(got = ooni_flags(m)) << c.name;
  EXPECT_EQ(got, c.expected) << c.name << ": got " << show(got) << ", want " << show(c.expected);
}

TEST(OoniScores, Telegram) {
  const Case cases[] = {
      {"all reachable",
       R"({"test_name": "telegram", "test_keys": {
           "tcp_connect": [{"status": {"success": true}}, {"status": {"success": true}}],
           "requests": [{"request": {"url": "http://149.154.175.50/"}, "failure": null},
                        {"request": {"url": "https://web.telegram.org/"}, "failure": null}],
           "telegram_web_status": "ok"}})",
       kClean},
      {"datacenters blocked",
       R"({"test_name": "telegram", "test_keys": {
           "tcp_connect": [{"status": {"success": false}}, {"status": {"success": false}}],
           "requests": [{"request": {"url": "http://149.154.175.50/"},
                         "failure": "generic_timeout_error"}],
           "telegram_web_status": "ok"}})",
       kAnomaly},
      {"web client blocked",
       R"({"test_name": "telegram", "test_keys": {
           "tcp_connect": [{"status": {"success": true}}],
           "requests": [{"request": {"url": "http://149.154.175.50/"}, "failure": null},
                        {"request": {"url": "https://web.telegram.org/"},
                         "failure": "connection_reset"}],
           "telegram_web_status": "blocked"}})",
       kAnomaly},
      // The web client's failed request is not counted with the datacenters'.
      {"web request failed, status ok",
       R"({"test_name": "telegram", "test_keys": {
           "tcp_connect": [{"status": {"success": true}}],
           "requests": [{"request": {"url": "http://149.154.175.50/"}, "failure": null},
                        {"request": {"url": "http://web.telegram.org/"}, "failure": "eof_error"}],
           "telegram_web_status": "ok"}})",
       kClean},
      {"half the endpoints: not above the threshold",
       R"({"test_name": "telegram", "test_keys": {
           "tcp_connect": [{"status": {"success": true}}, {"status": {"success": false}}],
           "requests": [{"request": {"url": "http://149.154.175.50/"}, "failure": null}]}})",
       kClean},
      {"half the endpoints and a failed request",
       R"({"test_name": "telegram", "test_keys": {
           "tcp_connect": [{"status": {"success": true}}, {"status": {"success": false}}],
           "requests": [{"request": {"url": "http://149.154.175.50/"}, "failure": null},
                        {"request": {"url": "http://149.154.167.51/"}, "failure": "eof_error"}]}})",
       kAnomaly},
      {"no endpoints known, requests fine",
       R"({"test_name": "telegram", "test_keys": {
           "requests": [{"request": {"url": "http://149.154.175.50/"}, "failure": null}]}})",
       kClean},
      // Nothing known counts 0.5 + 0.5: OONI flags an empty telegram measurement.
      {"no data", R"({"test_name": "telegram", "test_keys": {}})", kAnomaly},
      {"request without url",
       R"({"test_name": "telegram", "test_keys": {
           "tcp_connect": [{"status": {"success": true}}],
           "requests": [{"request": {}, "failure": null}]}})",
       kFailure},
      {"request entry not an object",
       R"({"test_name": "telegram", "test_keys": {"requests": [5]}})", kFailure},
      {"odd tcp_connect entries ignored",
       R"({"test_name": "telegram", "test_keys": {
           "tcp_connect": [5, {"status": 3}, {"status": {"success": "no"}},
                           {"status": {"success": true}}],
           "requests": [{"request": {"url": "http://149.154.175.50/"}, "failure": 7}]}})",
       kClean},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, Whatsapp) {
  const Case cases[] = {
      {"all reachable",
       R"({"test_name": "whatsapp", "test_keys": {
           "requests": [{"request": {"url": "https://web.whatsapp.com/"}, "failure": null},
                        {"request": {"url": "https://v.whatsapp.net/v2/register"},
                         "failure": null}],
           "tcp_connect": [{"status": {"success": false}}, {"status": {"success": true}}]}})",
       kClean},
      {"web blocked",
       R"({"test_name": "whatsapp", "test_keys": {
           "requests": [{"request": {"url": "https://web.whatsapp.com/"},
                         "failure": "connection_reset"},
                        {"request": {"url": "https://v.whatsapp.net/v2/register"},
                         "failure": null}],
           "tcp_connect": [{"status": {"success": true}}]}})",
       kAnomaly},
      {"registration blocked",
       R"({"test_name": "whatsapp", "test_keys": {
           "requests": [{"request": {"url": "https://web.whatsapp.com/"}, "failure": null},
                        {"request": {"url": "https://v.whatsapp.net/v2/register"},
                         "failure": "generic_timeout_error"}],
           "tcp_connect": [{"status": {"success": true}}]}})",
       kAnomaly},
      {"every endpoint unreachable",
       R"({"test_name": "whatsapp", "test_keys": {
           "requests": [{"request": {"url": "https://web.whatsapp.com/"}, "failure": null},
                        {"request": {"url": "https://v.whatsapp.net/v2/register"},
                         "failure": null}],
           "tcp_connect": [{"status": {"success": false}}, {"status": {"success": false}}]}})",
       kAnomaly},
      // A missing failure key on the web request reads as failed, on registration as success.
      {"missing failure keys",
       R"({"test_name": "whatsapp", "test_keys": {
           "requests": [{"request": {"url": "https://web.whatsapp.com/"}},
                        {"request": {"url": "https://v.whatsapp.net/v2/register"}}],
           "tcp_connect": [{"status": {"success": true}}]}})",
       kAnomaly},
      {"no requests", R"({"test_name": "whatsapp", "test_keys": {"requests": []}})", kFailure},
      {"no web request",
       R"({"test_name": "whatsapp", "test_keys": {
           "requests": [{"request": {"url": "https://v.whatsapp.net/v2/register"},
                         "failure": null}],
           "tcp_connect": [{"status": {"success": true}}]}})",
       kFailure},
      {"no endpoint verdicts",
       R"({"test_name": "whatsapp", "test_keys": {
           "requests": [{"request": {"url": "https://web.whatsapp.com/"}, "failure": null},
                        {"request": {"url": "https://v.whatsapp.net/v2/register"},
                         "failure": null}]}})",
       kFailure},
      {"probe error elsewhere, all reachable",
       R"({"test_name": "whatsapp", "test_keys": {
           "registration_server_failure": "unknown_failure: boom",
           "requests": [{"request": {"url": "https://web.whatsapp.com/"}, "failure": null},
                        {"request": {"url": "https://v.whatsapp.net/v2/register"},
                         "failure": null}],
           "tcp_connect": [{"status": {"success": true}}]}})",
       kFailure},
      {"probe error and web blocked",
       R"({"test_name": "whatsapp", "test_keys": {
           "whatsapp_endpoints_failure": "unknown_failure: boom",
           "requests": [{"request": {"url": "https://web.whatsapp.com/"}, "failure": "eof_error"},
                        {"request": {"url": "https://v.whatsapp.net/v2/register"},
                         "failure": null}]}})",
       kBoth},
      {"odd request entries",
       R"({"test_name": "whatsapp", "test_keys": {"requests": [5, null, {"request": 3}]}})",
       kFailure},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, FacebookMessenger) {
  const Case cases[] = {
      {"all fine",
       R"({"test_name": "facebook_messenger", "test_keys": {
           "facebook_b_api_dns_consistent": true, "facebook_b_api_reachable": true,
           "facebook_edge_dns_consistent": true, "facebook_edge_reachable": true,
           "facebook_stun_dns_consistent": true,
           "facebook_tcp_blocking": false, "facebook_dns_blocking": false}})",
       kClean},
      {"tcp blocking and an endpoint unreachable",
       R"({"test_name": "facebook_messenger", "test_keys": {
           "facebook_edge_reachable": false, "facebook_tcp_blocking": true,
           "facebook_dns_blocking": false}})",
       kAnomaly},
      {"dns blocking and an inconsistent answer",
       R"({"test_name": "facebook_messenger", "test_keys": {
           "facebook_star_dns_consistent": false, "facebook_dns_blocking": true,
           "facebook_tcp_blocking": false}})",
       kAnomaly},
      {"one sign alone is not enough",
       R"({"test_name": "facebook_messenger", "test_keys": {"facebook_tcp_blocking": true}})",
       kClean},
      {"exempt shape",
       R"({"test_name": "facebook_messenger", "test_keys": {
           "facebook_b_api_dns_consistent": true, "facebook_b_api_reachable": true,
           "facebook_b_graph_dns_consistent": true, "facebook_b_graph_reachable": true,
           "facebook_edge_dns_consistent": true, "facebook_edge_reachable": true,
           "facebook_star_dns_consistent": true, "facebook_star_reachable": true,
           "facebook_stun_dns_consistent": true, "facebook_external_cdn_reachable": false,
           "facebook_dns_blocking": true, "facebook_tcp_blocking": false}})",
       kClean},
      {"not the exempt shape",
       R"({"test_name": "facebook_messenger", "test_keys": {
           "facebook_b_api_dns_consistent": true, "facebook_b_api_reachable": true,
           "facebook_b_graph_dns_consistent": true, "facebook_b_graph_reachable": true,
           "facebook_edge_dns_consistent": true, "facebook_edge_reachable": true,
           "facebook_star_dns_consistent": true, "facebook_star_reachable": true,
           "facebook_stun_dns_consistent": false, "facebook_external_cdn_reachable": false,
           "facebook_dns_blocking": true, "facebook_tcp_blocking": false}})",
       kAnomaly},
      {"strings are not booleans",
       R"({"test_name": "facebook_messenger", "test_keys": {
           "facebook_edge_reachable": "false", "facebook_tcp_blocking": "true"}})",
       kClean},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, Signal) {
  // A recent, trusted probe unless a case says otherwise.
  const Case cases[] = {
      {"reachable",
       R"({"test_name": "signal", "test_version": "0.2.5",
           "measurement_start_time": "2024-03-01 10:00:00",
           "annotations": {"engine_version": "3.21.0"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "ok"}})",
       kClean},
      {"blocked",
       R"({"test_name": "signal", "test_version": "0.2.5",
           "measurement_start_time": "2024-03-01 10:00:00",
           "annotations": {"engine_version": "3.21.0"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kAnomaly},
      {"blocked with a failure",
       R"({"test_name": "signal", "test_version": "0.2.5",
           "measurement_start_time": "2024-03-01 10:00:00",
           "annotations": {"engine_version": "3.21.0"},
           "test_keys": {"failure": "connection_reset", "failed_operation": "tls_handshake",
                         "signal_backend_status": "blocked"}})",
       kBoth},
      {"no status",
       R"({"test_name": "signal", "test_version": "0.2.5",
           "measurement_start_time": "2024-03-01 10:00:00",
           "annotations": {"engine_version": "3.21.0"},
           "test_keys": {"failure": null, "failed_operation": null}})",
       kFailure},
      {"failure keys missing",
       R"({"test_name": "signal", "test_version": "0.2.5",
           "measurement_start_time": "2024-03-01 10:00:00",
           "annotations": {"engine_version": "3.21.0"},
           "test_keys": {"signal_backend_status": "ok"}})",
       kFailure},
      {"test version 0.2.4",
       R"({"test_name": "signal", "test_version": "0.2.4",
           "measurement_start_time": "2024-03-01 10:00:00",
           "annotations": {"engine_version": "3.21.0"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kFailure},
      {"0.2.3 from 2023-11-07",
       R"({"test_name": "signal", "test_version": "0.2.3",
           "measurement_start_time": "2023-11-07 00:00:00",
           "annotations": {"engine_version": "3.19.0"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kFailure},
      {"0.2.3 the day before",
       R"({"test_name": "signal", "test_version": "0.2.3",
           "measurement_start_time": "2023-11-06 23:59:59",
           "annotations": {"engine_version": "3.19.0"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kAnomaly},
      {"0.2.1 from 2022-10-19",
       R"({"test_name": "signal", "test_version": "0.2.1",
           "measurement_start_time": "2022-10-19 08:00:00",
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kFailure},
      // No engine_version reads 0.0.0, which only matters from 2023-05-02.
      {"0.2.1 the day before, no annotations",
       R"({"test_name": "signal", "test_version": "0.2.1",
           "measurement_start_time": "2022-10-18 08:00:00",
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kAnomaly},
      {"engine 3.17.1 from 2023-05-02",
       R"({"test_name": "signal", "test_version": "0.2.2",
           "measurement_start_time": "2023-05-02 00:00:00",
           "annotations": {"engine_version": "3.17.1"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "ok"}})",
       kFailure},
      {"engine 3.17.2 pre-release",
       R"({"test_name": "signal", "test_version": "0.2.2",
           "measurement_start_time": "2023-06-01 00:00:00",
           "annotations": {"engine_version": "3.17.2-alpha.1"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "ok"}})",
       kFailure},
      {"engine v3.17.2",
       R"({"test_name": "signal", "test_version": "0.2.2",
           "measurement_start_time": "2023-06-01 00:00:00",
           "annotations": {"engine_version": "v3.17.2"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kAnomaly},
      {"no start time",
       R"({"test_name": "signal", "test_version": "0.2.5",
           "annotations": {"engine_version": "3.21.0"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kFailure},
      {"impossible start date",
       R"({"test_name": "signal", "test_version": "0.2.5",
           "measurement_start_time": "2024-02-30 10:00:00",
           "annotations": {"engine_version": "3.21.0"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kFailure},
      {"short date fields are read",
       R"({"test_name": "signal", "test_version": "0.2.5",
           "measurement_start_time": "2024-3-1 9:0:0",
           "annotations": {"engine_version": "3.21.0"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kAnomaly},
      {"null test version reads 0.0.0",
       R"({"test_name": "signal", "test_version": null,
           "measurement_start_time": "2024-03-01 10:00:00",
           "annotations": {"engine_version": "3.21.0"},
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kFailure},
      {"unreadable test version",
       R"({"test_name": "signal", "test_version": "banana",
           "measurement_start_time": "2020-03-01 10:00:00",
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kFailure},
      {"annotations not an object",
       R"({"test_name": "signal", "test_version": "0.2.5",
           "measurement_start_time": "2024-03-01 10:00:00", "annotations": "x",
           "test_keys": {"failure": null, "failed_operation": null,
                         "signal_backend_status": "blocked"}})",
       kFailure},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, HttpInvalidRequestLine) {
  const Case cases[] = {
      {"echoed back",
       R"({"test_name": "http_invalid_request_line", "test_keys": {
           "sent": ["GET / HTTP/1.1\r\n", "XXX / HTTP/1.1\r\n"],
           "received": ["GET / HTTP/1.1\r\n", "XXX / HTTP/1.1\r\n"]}})",
       kClean},
      {"altered",
       R"({"test_name": "http_invalid_request_line", "test_keys": {
           "sent": ["GET / HTTP/1.1\r\n", "XXX / HTTP/1.1\r\n"],
           "received": ["GET / HTTP/1.1\r\n", "HTTP/1.1 400 Bad Request\r\n"]}})",
       kAnomaly},
      {"nothing received for what was sent",
       R"({"test_name": "http_invalid_request_line", "test_keys": {
           "sent": ["GET / HTTP/1.1\r\n"], "received": []}})",
       kClean},
      {"nothing at all",
       R"({"test_name": "http_invalid_request_line", "test_keys": {"sent": [], "received": []}})",
       kFailure},
      {"wrong types",
       R"({"test_name": "http_invalid_request_line", "test_keys": {"sent": {}, "received": 3}})",
       kFailure},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, HttpHeaderFieldManipulation) {
  const Case cases[] = {
      {"headers intact",
       R"json({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [{
           "request": {"headers": {"Accept": "text/html", "Connection": "close",
                                   "User-Agent": "x"}},
           "response": {"body":
             "{\"headers_dict\": {\"Accept\": [\"text/html\"], \"User-Agent\": [\"x\"]}}"}}]}})json",
       kClean},
      {"header rewritten",
       R"json({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [{
           "request": {"headers": {"Accept": "text/html", "User-Agent": "x"}},
           "response": {"body":
             "{\"headers_dict\": {\"accept\": [\"text/html\"], \"User-Agent\": [\"x\"]}}"}}]}})json",
       kAnomaly},
      {"header added",
       R"json({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [{
           "request": {"headers": {"Accept": "text/html"}},
           "response": {"body":
             "{\"headers_dict\": {\"Accept\": [\"text/html\"], \"Via\": [\"proxy\"]}}"}}]}})json",
       kAnomaly},
      {"no body",
       R"({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [{
           "request": {"headers": {"Accept": "text/html"}}, "response": {"body": null}}]}})",
       kAnomaly},
      {"no response key",
       R"({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [{
           "request": {"headers": {"Accept": "text/html"}}}]}})",
       kAnomaly},
      {"body not the helper's JSON",
       R"({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [{
           "request": {"headers": {"Accept": "text/html"}},
           "response": {"body": "<html>blocked</html>"}}]}})",
       kAnomaly},
      {"body without headers_dict",
       R"json({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [{
           "response": {"body": "{\"request_line\": \"GET / HTTP/1.1\"}"}}]}})json",
       kAnomaly},
      {"base64 body",
       R"({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [{
           "response": {"body": {"format": "base64", "data": "AAAA"}}}]}})",
       kAnomaly},
      {"null response", R"({"test_name": "http_header_field_manipulation", "test_keys": {
           "requests": [{"failure": "eof_error", "response": null}]}})",
       kFailure},
      {"no requests",
       R"({"test_name": "http_header_field_manipulation", "test_keys": {"requests": []}})",
       kFailure},
      {"requests null",
       R"({"test_name": "http_header_field_manipulation", "test_keys": {"requests": null}})",
       kFailure},
      {"first request not an object",
       R"({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [5]}})",
       kFailure},
      // OONI's scorer crashes on these; no anomaly is claimed.
      {"headers_dict value not a list",
       R"json({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [{
           "request": {"headers": {"Accept": "text/html"}},
           "response": {"body": "{\"headers_dict\": {\"Accept\": \"text/html\"}}"}}]}})json",
       kFailure},
      {"request headers null",
       R"json({"test_name": "http_header_field_manipulation", "test_keys": {"requests": [{
           "request": {"headers": null},
           "response": {"body": "{\"headers_dict\": {}}"}}]}})json",
       kFailure},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, VanillaTor) {
  const Case cases[] = {
      {"bootstrapped",
       R"({"test_name": "vanilla_tor", "test_keys": {
           "tor_logs": ["Aug 18 06:53:35.000 [notice] Bootstrapped 100% (done): Done"],
           "tor_progress": 100}})",
       kClean},
      {"stuck at 80%",
       R"({"test_name": "vanilla_tor", "test_keys": {
           "tor_logs": ["Aug 18 06:52:08.000 [notice] Bootstrapped 80% (ap_conn): Connecting"],
           "tor_progress": 80}})",
       kAnomaly},
      {"no progress key",
       R"({"test_name": "vanilla_tor", "test_keys": {"tor_logs": ["starting"]}})", kAnomaly},
      {"done line in the legacy log",
       R"({"test_name": "vanilla_tor", "test_keys": {
           "tor_log": "Jan 1 [notice] Bootstrapped 100%: Done\n", "tor_progress": 0}})",
       kClean},
      {"done line exactly in the list",
       R"({"test_name": "vanilla_tor", "test_keys": {
           "tor_logs": ["Bootstrapped 100% (done): Done"], "tor_progress": 50}})",
       kClean},
      {"progress above 100 is clamped",
       R"({"test_name": "vanilla_tor", "test_keys": {"tor_logs": ["x"], "tor_progress": 150}})",
       kClean},
      {"no logs", R"({"test_name": "vanilla_tor", "test_keys": {"tor_progress": 100}})", kFailure},
      {"empty list and no legacy log",
       R"({"test_name": "vanilla_tor", "test_keys": {"tor_logs": [], "tor_progress": 100}})",
       kFailure},
      {"logs of the wrong type",
       R"({"test_name": "vanilla_tor", "test_keys": {"tor_logs": 7, "tor_log": {}}})", kFailure},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, Tor) {
  const Case cases[] = {
      {"all reachable",
       R"({"test_name": "tor", "test_keys": {"targets": {
           "a": {"failure": null, "network_events": []},
           "b": {"failure": null, "network_events": null},
           "c": {"failure": false, "network_events": []}}}})",
       kClean},
      {"most blocked",
       R"({"test_name": "tor", "test_keys": {"targets": {
           "a": {"failure": "generic_timeout_error", "network_events": []},
           "b": {"failure": "connection_reset", "network_events": []},
           "c": {"failure": null, "network_events": []}}}})",
       kAnomaly},
      {"half blocked",
       R"({"test_name": "tor", "test_keys": {"targets": {
           "a": {"failure": "generic_timeout_error", "network_events": []},
           "b": {"failure": null, "network_events": []}}}})",
       kClean},
      {"none ran",
       R"({"test_name": "tor", "test_keys": {"targets": {
           "a": {"failure": false, "network_events": []}}}})",
       kFailure},
      {"no targets", R"({"test_name": "tor", "test_keys": {"targets": {}}})", kFailure},
      {"targets a list", R"({"test_name": "tor", "test_keys": {"targets": [{"failure": null}]}})",
       kFailure},
      {"target without network_events",
       R"({"test_name": "tor", "test_keys": {"targets": {"a": {"failure": null}}}})", kFailure},
      {"target not an object", R"({"test_name": "tor", "test_keys": {"targets": {"a": 5}}})",
       kFailure},
      {"empty failure string",
       R"({"test_name": "tor", "test_keys": {"targets": {
           "a": {"failure": "", "network_events": []}}}})",
       kFailure},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, Torsf) {
  const Case cases[] = {
      {"bootstrapped",
       R"({"test_name": "torsf", "software_name": "ooniprobe-cli", "software_version": "3.21.0",
           "test_keys": {"failure": null, "bootstrap_time": 78.9}})",
       kClean},
      {"failed",
       R"({"test_name": "torsf", "software_name": "ooniprobe-cli", "software_version": "3.21.0",
           "test_keys": {"failure": "generic_timeout_error"}})",
       kAnomaly},
      {"broken android release",
       R"({"test_name": "torsf", "software_name": "ooniprobe-android-unattended",
           "software_version": "3.8.3", "test_keys": {"failure": "generic_timeout_error"}})",
       kFailure},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, Psiphon) {
  const Case cases[] = {
      {"bootstrapped",
       R"({"test_name": "psiphon", "resolver_ip": "9.9.9.9",
           "test_keys": {"failure": null, "bootstrap_time": 3.2}})",
       kClean},
      {"failed",
       R"({"test_name": "psiphon", "resolver_ip": "9.9.9.9",
           "test_keys": {"failure": "generic_timeout_error", "bootstrap_time": 0}})",
       kAnomaly},
      {"neither failed nor bootstrapped",
       R"({"test_name": "psiphon", "resolver_ip": "9.9.9.9",
           "test_keys": {"failure": null, "bootstrap_time": 0}})",
       kFailure},
      {"no resolver_ip",
       R"({"test_name": "psiphon", "test_keys": {"failure": "eof_error", "bootstrap_time": 0}})",
       kBoth},
      {"null resolver_ip is present",
       R"({"test_name": "psiphon", "resolver_ip": null,
           "test_keys": {"failure": null, "bootstrap_time": 1}})",
       kClean},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, SmallerRules) {
  const Case cases[] = {
      {"stun reachable",
       R"({"test_name": "stunreachability", "test_keys": {
           "endpoint": "stun.l.google.com:19302", "failure": null}})",
       kClean},
      {"stun failed",
       R"({"test_name": "stunreachability", "test_keys": {"failure": "generic_timeout_error"}})",
       kAnomaly},
      {"openvpn success", R"({"test_name": "openvpn", "test_keys": {"success": true}})", kClean},
      {"openvpn failed", R"({"test_name": "openvpn", "test_keys": {"success": false}})", kAnomaly},
      {"openvpn no verdict", R"({"test_name": "openvpn", "test_keys": {"success": null}})",
       kFailure},
      {"dash ok",
       R"({"test_name": "dash", "test_keys": {"failure": null, "simple": {"median_bitrate": 9}}})",
       kClean},
      {"dash failed", R"({"test_name": "dash", "test_keys": {"failure": "generic_timeout_error"}})",
       kFailure},
      {"dash odd failure", R"({"test_name": "dash", "test_keys": {"failure": "whatever"}})",
       kFailure},
      {"browser_web ok", R"({"test_name": "browser_web", "test_keys": {"result": "ok"}})", kClean},
      {"browser_web error", R"({"test_name": "browser_web", "test_keys": {"result": "error"}})",
       kAnomaly},
      {"browser_web other", R"({"test_name": "browser_web", "test_keys": {"result": "maybe"}})",
       kFailure},
      {"ndt", R"({"test_name": "ndt", "test_keys": {"failure": "generic_timeout_error"}})", kClean},
      {"riseupvpn",
       R"({"test_name": "riseupvpn", "test_keys": {"api_status": "blocked",
           "ca_cert_status": false}})",
       kClean},
  };
  for (const auto& c : cases)
    check(c);
}

TEST(OoniScores, NotScored) {
  const Case cases[] = {
      {"web_connectivity has its own analysis",
       R"({"test_name": "web_connectivity", "test_keys": {"blocking": "dns"}})", std::nullopt},
      {"unknown test", R"({"test_name": "dnscheck", "test_keys": {}})", std::nullopt},
      {"legacy test", R"({"test_name": "tcp_connect", "test_keys": {}})", std::nullopt},
      {"no test name", R"({"test_keys": {"failure": "x"}})", std::nullopt},
      {"test name not a string", R"({"test_name": 5, "test_keys": {}})", std::nullopt},
      {"test name null", R"({"test_name": null})", std::nullopt},
  };
  for (const auto& c : cases)
    check(c);
}

// What each test gives when its test_keys say nothing: absent, null, of another type, or {}.
TEST(OoniScores, TestKeysMissingOrNotAnObject) {
  const std::pair<const char*, OoniFlags> expected[] = {
      {"browser_web", kFailure},
      {"dash", kFailure},
      {"facebook_messenger", kClean},
      {"http_header_field_manipulation", kFailure},
      {"http_invalid_request_line", kFailure},
      {"ndt", kClean},
      {"openvpn", kFailure},
      {"psiphon", kFailure},
      {"riseupvpn", kClean},
      {"signal", kFailure},
      {"stunreachability", kClean},
      {"telegram", kAnomaly},  // 0.5 for unknown endpoints + 0.5 for no requests, as in OONI
      {"tor", kFailure},
      {"torsf", kClean},
      {"vanilla_tor", kFailure},
      {"whatsapp", kFailure},
  };
  ASSERT_EQ(std::size(expected), ooni_scored_tests().size());
  const char* variants[] = {"",
                            R"(, "test_keys": null)",
                            R"(, "test_keys": "x")",
                            R"(, "test_keys": 42)",
                            R"(, "test_keys": [1, 2])",
                            R"(, "test_keys": {})"};
  for (const auto& [name, flags] : expected) {
    for (const char* variant : variants) {
      auto text = std::string(R"({"test_name": ")") + name + "\"" + variant + "}";
      check({text.c_str(), text.c_str(), flags});
    }
  }
}

// Every key any rule reads, each of a type no probe sends.
TEST(OoniScores, WrongTypesEverywhere) {
  constexpr std::string_view kWrong = R"(
      "measurement_start_time": 5, "test_version": [], "annotations": "x", "software_name": 3,
      "software_version": null, "resolver_ip": null,
      "test_keys": {"requests": "x", "tcp_connect": 5, "targets": "x", "sent": {},
                    "received": 3, "tor_logs": 7, "tor_log": {}, "tor_progress": "100",
                    "failure": 12, "failed_operation": [], "success": "yes", "result": 1,
                    "telegram_web_status": [], "signal_backend_status": {},
                    "bootstrap_time": "3", "facebook_tcp_blocking": "true",
                    "facebook_edge_reachable": 0, "whatsapp_web_failure": 5,
                    "registration_server_failure": 6}})";
  const std::pair<const char*, OoniFlags> expected[] = {
      {"browser_web", kFailure},
      {"dash", kClean},  // test_keys are not empty, and a numeric failure reads as none
      {"facebook_messenger", kClean},
      {"http_header_field_manipulation", kFailure},
      {"http_invalid_request_line", kFailure},
      {"ndt", kClean},
      {"openvpn", kFailure},
      {"psiphon", kFailure},
      {"riseupvpn", kClean},
      {"signal", kFailure},
      {"stunreachability", kClean},
      {"telegram", kAnomaly},
      {"tor", kFailure},
      {"torsf", kClean},
      {"vanilla_tor", kFailure},
      {"whatsapp", kFailure},
  };
  ASSERT_EQ(std::size(expected), ooni_scored_tests().size());
  for (const auto& [name, flags] : expected) {
    auto text = std::string(R"({"test_name": ")") + name + "\"," + std::string(kWrong);
    check({name, text.c_str(), flags});
  }
}

TEST(OoniScores, ScoredTestsListed) {
  auto names = ooni_scored_tests();
  EXPECT_EQ(names.size(), 16u);
  EXPECT_TRUE(std::ranges::is_sorted(names));
  for (auto name : names) {
    json::object m{{"test_name", name}};
    EXPECT_TRUE(ooni_flags(m).has_value()) << name;
  }
  EXPECT_EQ(std::ranges::count(names, "web_connectivity"), 0);
  EXPECT_EQ(std::ranges::count(names, "signal"), 1);
}

}  // namespace
}  // namespace ashyq::analysis
