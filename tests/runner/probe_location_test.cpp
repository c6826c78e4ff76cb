// The probe's location: its public address from a STUN server (a fake one on 127.0.0.1), looked
// up in a location database; the flags that override it; the default lists that follow from it.
#include "runner/probe_location.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "net/stun_message.hpp"
#include "runner/input_plan.hpp"
#include "runner/probe_settings.hpp"
#include "support/servers.hpp"

namespace ashyq::runner {
namespace {

namespace fs = std::filesystem;

// Answers every Binding request as if it came from `seen_as` (the tests' scripted UDP server).
class StunResponder {
 public:
  explicit StunResponder(const std::string& seen_as)
      : server_([seen_as](const std::string& request) {
          std::vector<testing::UdpServer::Reply> replies;
          if (auto answer = net::stun_binding_response(request, seen_as, 1))
            replies.push_back({std::chrono::milliseconds(0), *answer});
          return replies;
        }) {}
  std::string endpoint() const { return server_.endpoint(); }

 private:
  testing::UdpServer server_;
};

class ProbeLocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("location-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "asn-ipv4.csv") << "203.0.113.0,203.0.113.255,64510,Steppe Telecom\n";
    std::ofstream(dir_ / "country-ipv4.csv") << "203.0.113.0,203.0.113.255,KZ\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  ProbeFlags flags(const std::string& stun) {
    ProbeFlags f;
    f.helpers = {"https://helper.example/"};
    f.asn_db = dir_.string();
    f.stun_servers = {stun};
    return f;
  }
  fs::path dir_;
};

TEST_F(ProbeLocationTest, ThePublicAddressGivesCountryAndNetwork) {
  StunResponder stun("203.0.113.9");
  auto f = flags(stun.endpoint());
  auto settings = probe_settings(f);
  ASSERT_TRUE(settings) << settings.error().message();
  std::string note;
  EXPECT_EQ(locate_probe_network(f, *settings, note), "203.0.113.9");
  EXPECT_EQ(settings->common.probe_cc, "KZ");
  EXPECT_EQ(settings->common.probe_asn, "AS64510");
  EXPECT_EQ(settings->common.probe_network_name, "Steppe Telecom");
  EXPECT_NE(note.find("located by STUN (" + stun.endpoint() + "): AS64510"), std::string::npos);
  EXPECT_EQ(note.find("203.0.113.9"), std::string::npos) << "the note never shows the address";
}

TEST_F(ProbeLocationTest, FlagsOverrideTheDatabase) {
  StunResponder stun("203.0.113.9");
  auto f = flags(stun.endpoint());
  f.probe_cc = "UZ";
  auto settings = probe_settings(f);
  ASSERT_TRUE(settings);
  std::string note;
  locate_probe_network(f, *settings, note);
  EXPECT_EQ(settings->common.probe_cc, "UZ");  // --probe-cc wins
  EXPECT_EQ(settings->common.probe_asn, "AS64510");

  f.probe_asn = "9198";  // both given: nothing is asked
  auto told = probe_settings(f);
  ASSERT_TRUE(told);
  EXPECT_EQ(locate_probe_network(f, *told, note), "");
  EXPECT_EQ(told->common.probe_asn, "AS9198");
  EXPECT_EQ(told->common.probe_cc, "UZ");
  EXPECT_EQ(told->common.probe_network_name, "");

  f.probe_asn = "AS91x";
  auto bad = probe_settings(f);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where, "--probe-asn 'AS91x'");
}

TEST_F(ProbeLocationTest, AnAddressTheDatabaseDoesNotKnowLeavesZZ) {
  StunResponder stun("198.51.100.1");
  auto f = flags(stun.endpoint());
  auto settings = probe_settings(f);
  ASSERT_TRUE(settings);
  std::string note;
  EXPECT_EQ(locate_probe_network(f, *settings, note), "198.51.100.1");  // still scrubbed
  EXPECT_EQ(settings->common.probe_cc, "ZZ");
  EXPECT_EQ(settings->common.probe_asn, "AS0");
  EXPECT_NE(note.find("does not know"), std::string::npos);
}

TEST_F(ProbeLocationTest, NoAnswerIsSaidAndTheRunGoesOn) {
  auto f = flags("127.0.0.1:9");  // nothing listens: port unreachable, then the deadline
  f.stun_servers.push_back("no-port-here");
  auto settings = probe_settings(f);
  ASSERT_TRUE(settings);
  std::string note;
  LocationRequest request{f.stun_servers, std::chrono::milliseconds(600)};
  auto located = locate_probe(request, settings->common.resolver);
  ASSERT_FALSE(located);
  EXPECT_NE(located.error().message().find("127.0.0.1:9"), std::string::npos);
  EXPECT_NE(located.error().message().find("no-port-here: not HOST:PORT"), std::string::npos);
}

TEST(ListFile, CommentsAndBlankLinesAreSkipped) {
  const auto path = ::testing::TempDir() + "/helpers.txt";
  std::ofstream(path) << "# helpers\n\nhttps://a.example/  # first\n  https://b.example/\n";
  auto entries = read_list_file(path);
  ASSERT_TRUE(entries);
  EXPECT_EQ(*entries, (std::vector<std::string>{"https://a.example/", "https://b.example/"}));
  EXPECT_EQ(read_list_file("/nonexistent/list.txt").error().where, "/nonexistent/list.txt");
}

TEST(ListFile, TheShippedDefaultsAreThere) {
  auto helpers = default_helpers();
  ASSERT_TRUE(helpers) << helpers.error().message();
  ASSERT_FALSE(helpers->empty());
  for (const auto& h : *helpers)
    EXPECT_TRUE(h.starts_with("https://")) << h;
}

TEST(DefaultLists, TheCountrysListThenTheGlobalOneEachUrlOnce) {
  auto kz = plan_default_lists("KZ", {}, "web_connectivity");
  ASSERT_TRUE(kz) << kz.error().message();
  EXPECT_EQ(kz->source, "--list kz+global");
  auto only_kz = plan_inputs({{}, "kz", {}, "web_connectivity", true});
  auto only_global = plan_inputs({{}, "global", {}, "web_connectivity", true});
  ASSERT_TRUE(only_kz && only_global);
  ASSERT_GT(kz->inputs.size(), only_kz->inputs.size());
  EXPECT_LE(kz->inputs.size(), only_kz->inputs.size() + only_global->inputs.size());
  EXPECT_EQ(kz->inputs.front().url, only_kz->inputs.front().url);
  std::set<std::string> seen;
  for (const auto& input : kz->inputs)
    EXPECT_TRUE(seen.insert(input.url).second) << input.url << " twice";

  auto unknown = plan_default_lists("ZZ", {}, "web_connectivity");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->source, "--list global");
  auto no_list = plan_default_lists("FR", {}, "web_connectivity");  // no fr.csv shipped
  ASSERT_TRUE(no_list);
  EXPECT_EQ(no_list->source, "--list global");
}

}  // namespace
}  // namespace ashyq::runner
