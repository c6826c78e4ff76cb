// Confirmation before accusation for web_connectivity: a later attempt is merged into the held
// measurement (experiments::add_attempt), and `ashyq analyze` judges the stored attempts exactly
// as the run did.
#include <gtest/gtest.h>

#include "analysis/attempts.hpp"
#include "analysis/measurement_builder.hpp"
#include "analysis/reanalysis.hpp"
#include "experiments/web_connectivity.hpp"

namespace ashyq::experiments {
namespace {

namespace json = boost::json;
using analysis::testing::Control;
using analysis::testing::Measurement;
using analysis::testing::Response;

const std::string kIp = "93.184.216.34";
const std::string kEp443 = kIp + ":443";
const std::string kTitle = "Example Domain";

Control control() {
  Control c;
  c.dns({kIp}).tcp(kEp443).tls(kEp443, "example.com");
  c.http(200, 1000, kTitle, {{"Content-Type", "text/html"}});
  return c;
}

// The first attempt (10:00): the TLS handshake timed out while the control's worked.
json::object handshake_timed_out(const std::string& when) {
  auto m = Measurement("https://example.com/")
               .dns("example.com", {{kIp, 15133}})
               .tcp(kIp, 443)
               .tls(kEp443, "example.com", "generic_timeout_error")
               .request({.url = "https://example.com/", .failure = "generic_timeout_error"})
               .control(control())
               .build()
               .as_object();
  m["measurement_start_time"] = when;
  m["test_runtime"] = 5.1;
  return m;
}

json::object page_fetched(const std::string& when) {
  const std::string body = "<html><title>" + kTitle + "</title>" + std::string(960, 'x');
  auto m = Measurement("https://example.com/")
               .dns("example.com", {{kIp, 15133}})
               .tcp(kIp, 443)
               .tls(kEp443, "example.com")
               .request({.url = "https://example.com/",
                         .code = 200,
                         .body = body,
                         .headers = {{"Content-Type", "text/html"}}})
               .control(control())
               .build()
               .as_object();
  m["measurement_start_time"] = when;
  m["test_runtime"] = 0.4;
  return m;
}

// A later attempt whose lookup was lost: the control resolved the name, the probe's query timed
// out.
json::object lookup_timed_out(const std::string& when) {
  auto m = Measurement("https://example.com/")
               .dns_fail("example.com", "generic_timeout_error")
               .control(control())
               .build()
               .as_object();
  m["measurement_start_time"] = when;
  m["test_runtime"] = 3.0;
  return m;
}

// As the probe stores a measurement: analysed (classic keys and its own verdict).
json::object analysed(json::object m) {
  EXPECT_TRUE(add_analysis(m, WebConnectivityConfig{}));
  return m;
}

std::string method(const json::object& m) {
  return std::string(m.at("test_keys").at("x_ashyq_verdict").at("method").as_string());
}

json::value reanalysed_verdict(const json::object& m) {
  auto r = analysis::reanalyze(json::value(m), {});
  EXPECT_TRUE(r && *r);
  return r && *r ? json::value((*r)->verdict.to_json()) : json::value();
}

TEST(Confirmation, ATimeoutThatDoesNotRepeatIsNotReproducible) {
  auto held = analysed(handshake_timed_out("2026-12-07 10:00:00"));
  ASSERT_EQ(method(held), "tls");
  ASSERT_TRUE(analysis::measure_again(held, 2));
  ASSERT_TRUE(add_attempt(held, analysed(page_fetched("2026-12-07 10:04:00")), {}));
  EXPECT_EQ(method(held), "unknown");
  EXPECT_FALSE(analysis::measure_again(held, 2));
  const auto& tk = held.at("test_keys").as_object();
  const auto& verdict = tk.at("x_ashyq_verdict").as_object();
  EXPECT_EQ(verdict.at("attempts").as_int64(), 2);
  const std::string headline(verdict.at("evidence").as_array().at(0).as_string());
  EXPECT_NE(headline.find("not reproducible"), std::string::npos) << headline;
  // The attempt is stored whole: its time, runtime and own test keys (with its own verdict).
  const auto& attempts = tk.at("x_ashyq_attempts").as_array();
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0].at("measurement_start_time").as_string(), "2026-12-07 10:04:00");
  EXPECT_EQ(attempts[0].at("test_keys").at("x_ashyq_verdict").at("method").as_string(), "none");
  // OONI's classic keys stay the first attempt's.
  EXPECT_EQ(tk.at("blocking").as_string(), "http-failure");
  EXPECT_EQ(reanalysed_verdict(held), json::value(verdict));
}

TEST(Confirmation, ATimeoutThatRepeatsKeepsItsMethodWithMoreConfidence) {
  auto held = analysed(handshake_timed_out("2026-12-07 10:00:00"));
  const double first = held.at("test_keys").at("x_ashyq_verdict").at("confidence").as_double();
  ASSERT_TRUE(add_attempt(held, analysed(handshake_timed_out("2026-12-07 10:04:00")), {}));
  EXPECT_EQ(method(held), "tls");
  EXPECT_TRUE(analysis::measure_again(held, 2));
  ASSERT_TRUE(add_attempt(held, analysed(handshake_timed_out("2026-12-07 10:08:00")), {}));
  EXPECT_FALSE(analysis::measure_again(held, 2));  // three attempts: done
  const auto& verdict = held.at("test_keys").at("x_ashyq_verdict").as_object();
  EXPECT_EQ(method(held), "tls");
  EXPECT_GT(verdict.at("confidence").as_double(), first);
  EXPECT_LE(verdict.at("confidence").as_double(), analysis::kRepeatedTimeouts);
  EXPECT_EQ(verdict.at("attempts").as_int64(), 3);
  EXPECT_EQ(reanalysed_verdict(held), json::value(verdict));
}

TEST(Confirmation, ALostLookupBetweenTwoHandshakeTimeoutsIsSetAside) {
  auto held = analysed(handshake_timed_out("2026-12-07 10:00:00"));
  auto lost = analysed(lookup_timed_out("2026-12-07 10:04:00"));
  ASSERT_EQ(method(lost), "dns");
  ASSERT_TRUE(add_attempt(held, std::move(lost), {}));
  // Neither repeated nor gone: undecided, and measured again.
  EXPECT_EQ(method(held), "unknown");
  EXPECT_TRUE(analysis::measure_again(held, 2));
  EXPECT_FALSE(analysis::measure_again(held, 1));  // unless that was the last attempt allowed
  ASSERT_TRUE(add_attempt(held, analysed(handshake_timed_out("2026-12-07 10:08:00")), {}));
  EXPECT_EQ(method(held), "tls");
  EXPECT_FALSE(analysis::measure_again(held, 2));
  const auto& verdict = held.at("test_keys").at("x_ashyq_verdict").as_object();
  EXPECT_EQ(verdict.at("attempts").as_int64(), 3);
  const auto evidence = json::serialize(verdict.at("evidence"));
  EXPECT_NE(evidence.find("set aside as inconclusive"), std::string::npos) << evidence;
  EXPECT_EQ(reanalysed_verdict(held), json::value(verdict));
}

TEST(Confirmation, AnAttemptWithoutTestKeysIsRefusedAndNamed) {
  auto held = analysed(handshake_timed_out("2026-12-07 10:00:00"));
  const auto before = held;
  EXPECT_FALSE(add_attempt(held, json::object{{"input", "https://example.com/"}}, {}));
  // An attempt that cannot be judged leaves the held measurement as it was.
  auto unreadable = analysed(page_fetched("2026-12-07 10:04:00"));
  unreadable["test_keys"].as_object()["queries"] = "not a list";
  EXPECT_FALSE(add_attempt(held, std::move(unreadable), {}));
  EXPECT_EQ(held, before);
  held["test_keys"].as_object()["x_ashyq_attempts"] = json::array{json::object{{"test_keys", 3}}};
  auto r = analysis::reanalyze(json::value(held), {});
  ASSERT_TRUE(r);
  ASSERT_FALSE(*r);
  EXPECT_NE(r->error().message().find("test_keys.x_ashyq_attempts[0]"), std::string::npos)
      << r->error().message();
}

}  // namespace
}  // namespace ashyq::experiments
