// Lab::add_rule's pure part: the nft commands that add a rule to a running lab's table.
#include <gtest/gtest.h>

#include "lab/address_plan.hpp"
#include "lab/lab.hpp"
#include "lab/process.hpp"
#include "lab/scenario.hpp"

namespace ashyq::lab {
namespace {

Scenario two_isps() {
  auto s = parse_scenario(R"(isps = ["kaztel", "dala"]
[[site]]
domain = "news.example"
address = "10.77.10.5"
[[site]]
domain = "other.example"
[[url]]
url = "http://news.example/"
expect_failure = "none"
blocking = false
accessible = true
)",
                          "t.toml");
  addr::assign_addresses(s);
  return s;
}

Rule reject(std::vector<std::string> ips, std::vector<std::string> isps) {
  Rule r;
  r.name = "news blocked by IP";
  r.action = Action::kRejectReset;
  r.ips = std::move(ips);
  r.isps = std::move(isps);
  return r;
}

TEST(LabAddRule, RejectResetForOneIspOnly) {
  auto s = two_isps();
  auto rule = reject({"news.example"}, {"dala"});
  addr::resolve_rule_ips(s, rule);
  EXPECT_EQ(rule.ips, std::vector<std::string>{"10.77.10.5"});
  EXPECT_EQ(added_rule_nft(s, rule),
            "add rule inet ashyq_lab forward_filter ip saddr { 10.77.4.0/24 } ip daddr 10.77.10.5 "
            "meta l4proto tcp counter reject with tcp reset comment \"news blocked by IP\"\n");
}

TEST(LabAddRule, EveryClientWithoutIspAndBlockpageDnat) {
  auto s = two_isps();
  auto rule = reject({"10.77.10.5"}, {});
  rule.action = Action::kDnatBlockpage;
  rule.port = 80;
  EXPECT_EQ(added_rule_nft(s, rule),
            "add rule inet ashyq_lab prerouting_nat ip saddr { 10.77.1.0/24, 10.77.4.0/24 } ip "
            "daddr 10.77.10.5 tcp dport 80 counter dnat ip to " +
                std::string(addr::kBlockpage) + ":80 comment \"news blocked by IP\"\n");
}

TEST(LabAddRule, RefusesWhatARunningLabCannotTake) {
  auto s = two_isps();
  auto drop = reject({"10.77.10.5"}, {});
  drop.action = Action::kDrop;  // the censor program's: it reads its rules at start
  EXPECT_THROW(added_rule_nft(s, drop), LabError);
  EXPECT_THROW(added_rule_nft(s, reject({}, {})), LabError);
  EXPECT_THROW(added_rule_nft(s, reject({"10.77.10.5"}, {"nosuch"})), LabError);
  auto unknown = reject({"nosuch.example"}, {});
  EXPECT_THROW(addr::resolve_rule_ips(s, unknown), ScenarioError);
}

TEST(LabAddRule, NeedsARunningLab) {
  LabOptions o;
  o.ashyq_binary = "ashyq";
  Lab lab(two_isps(), o);
  EXPECT_THROW(lab.add_rule(reject({"news.example"}, {"dala"})), LabError);
}

}  // namespace
}  // namespace ashyq::lab
