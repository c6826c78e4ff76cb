// The probe's check-in: its request is one the collector reads, the collector's answer is one the
// probe reads (both directions with the real code of both), and a malformed answer names its
// field.
#include "runner/check_in.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "collector/check_in.hpp"
#include "core/json.hpp"

namespace ashyq::runner {
namespace {

namespace json = boost::json;

TEST(CheckIn, TheCollectorReadsTheProbesRequest) {
  const auto body = check_in_body({"KZ", "AS9198", {"NEWS", "HUMR"}});
  auto parsed = collector::parse_check_in(json::parse(body));
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->probe_cc, "KZ");
  EXPECT_EQ(parsed->probe_asn, "AS9198");
  EXPECT_EQ(parsed->run_type, "manual");
  EXPECT_EQ(parsed->category_codes, (std::vector<std::string>{"NEWS", "HUMR"}));
  EXPECT_EQ(parsed->software_name, "ashyq");
  // Nothing in it says where the probe is beyond its country and network.
  EXPECT_FALSE(json::parse(body).as_object().contains("probe_ip"));
}

TEST(CheckIn, TheProbeReadsTheCollectorsAnswer) {
  collector::CheckInRequest request;
  request.probe_cc = "KZ";
  const std::vector<collector::CheckInUrl> urls = {{"https://a.kz/", "NEWS", "KZ"},
                                                   {"https://b.org/", "HUMR", "XX"}};
  auto answer = collector::check_in_answer(
      request, urls, {"https://th1.example/", "https://th2.example/"},
      [](std::string_view) { return std::string("20261205T100000Z_webconnectivity_KZ_0_n1_x"); },
      std::chrono::system_clock::from_time_t(1764928800));
  auto read = parse_check_in_answer(core::to_json_text(answer));
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(read->helpers,
            (std::vector<std::string>{"https://th1.example/", "https://th2.example/"}));
  ASSERT_EQ(read->inputs.size(), 2u);
  EXPECT_EQ(read->inputs[0].url, "https://a.kz/");
  EXPECT_EQ(read->inputs[0].category, "NEWS");
  EXPECT_EQ(read->inputs[1].category, "HUMR");
}

TEST(CheckIn, MalformedAnswersNameTheField) {
  struct Row {
    const char* body;
    const char* names;  // "" : accepted
  };
  const Row rows[] = {
      {"not json", "JSON object"},
      {"[]", "JSON object"},
      {R"({})", ""},  // no helpers, no URLs: the caller decides what that means
      {R"({"conf":{"test_helpers":{"web-connectivity":{}}}})", "web-connectivity"},
      {R"({"conf":{"test_helpers":{"web-connectivity":[{"type":"https"}]}}})", "address"},
      {R"({"tests":{"web_connectivity":{"urls":"https://a.kz/"}}})", "urls"},
      {R"({"tests":{"web_connectivity":{"urls":[{"category_code":"NEWS"}]}}})", "url"},
      {R"({"tests":{"web_connectivity":{"urls":[{"url":7}]}}})", "url"},
  };
  for (const auto& row : rows) {
    auto read = parse_check_in_answer(row.body);
    if (std::string(row.names).empty()) {
      EXPECT_TRUE(read) << row.body;
      continue;
    }
    ASSERT_FALSE(read) << row.body;
    EXPECT_NE(read.error().message().find(row.names), std::string::npos)
        << row.body << ": " << read.error().message();
  }
}

}  // namespace
}  // namespace ashyq::runner
