// The settings a run's flags build: the probe's network and data, and each experiment's own;
// every refusal names the flag or the option.
#include "runner/probe_settings.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace ashyq::runner {
namespace {

std::string where_of(const ProbeFlags& flags) {
  auto settings = probe_settings(flags);
  return settings ? "" : settings.error().where;
}

TEST(ProbeSettings, TheDefaultsBuildAWorkingConfiguration) {
  ProbeFlags flags;
  flags.helpers = {"https://helper.example/"};
  flags.probe_cc = "KZ";
  auto settings = probe_settings(flags);
  ASSERT_TRUE(settings) << settings.error().message();
  const auto& c = settings->common;
  EXPECT_NE(c.resolver, nullptr);
  EXPECT_NE(c.dialer, nullptr);
  EXPECT_NE(c.trust, nullptr);
  EXPECT_NE(c.fingerprints, nullptr);
  EXPECT_EQ(c.probe_cc, "KZ");
  EXPECT_EQ(c.control.helpers, flags.helpers);
  EXPECT_EQ(c.control.timeout, flags.control_timeout);
  EXPECT_FALSE(settings->data_dir.empty());
}

TEST(ProbeSettings, EachBadFlagIsNamed) {
  ProbeFlags resolver;
  resolver.resolver = "dns://1.1.1.1";
  EXPECT_EQ(where_of(resolver), "--resolver 'dns://1.1.1.1'");
  ProbeFlags ca;
  ca.ca_file = "/nonexistent/roots.pem";
  EXPECT_EQ(where_of(ca), "--ca-file /nonexistent/roots.pem");
  ProbeFlags bogons;
  bogons.bogons = "/nonexistent/bogons.csv";
  EXPECT_EQ(where_of(bogons), "--bogons /nonexistent/bogons.csv");
  ProbeFlags fingerprints;
  fingerprints.fingerprints = {"/nonexistent/fp.csv"};
  EXPECT_EQ(where_of(fingerprints), "--fingerprints /nonexistent/fp.csv");
  ProbeFlags asn;
  asn.asn_db = "/nonexistent/asn.mmdb";
  EXPECT_EQ(where_of(asn).rfind("--asn-db", 0), 0u) << where_of(asn);
}

TEST(ExperimentSettings, OptionsAreCheckedAgainstTheExperiment) {
  ProbeFlags flags;
  auto settings = probe_settings(flags);
  ASSERT_TRUE(settings) << settings.error().message();

  flags.experiment_options = {"endpoints=lab.csv"};
  auto known = add_experiment_settings(flags, "telegram", *settings);
  ASSERT_TRUE(known) << known.error().message();
  EXPECT_EQ(settings->options.get("endpoints"), "lab.csv");

  auto unknown = add_experiment_settings(flags, "web_connectivity", *settings);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().where, "-O endpoints");

  flags.experiment_options = {"novalue"};
  auto malformed = add_experiment_settings(flags, "telegram", *settings);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().message(), "-O 'novalue': not KEY=VALUE");

  flags.experiment_options = {};
  flags.sni_server = "nowhere";
  auto sni = add_experiment_settings(flags, "sni_blocking", *settings);
  ASSERT_FALSE(sni);
  EXPECT_EQ(sni.error().where, "--sni-server 'nowhere'");

  flags.sni_server = "";
  EXPECT_FALSE(add_experiment_settings(flags, "no_such_test", *settings));
}

TEST(ExperimentSettings, TlsInterceptionLoadsTheShippedRoots) {
  ProbeFlags flags;
  auto settings = probe_settings(flags);
  ASSERT_TRUE(settings) << settings.error().message();
  auto added = add_experiment_settings(flags, "tls_interception", *settings);
  ASSERT_TRUE(added) << added.error().message();
  EXPECT_NE(settings->interception_roots, nullptr);

  flags.interception_roots = ::testing::TempDir() + "/roots-broken.csv";
  std::ofstream(flags.interception_roots) << "this is not the roots header\n";
  auto broken = add_experiment_settings(flags, "tls_interception", *settings);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().where.rfind("--interception-roots " + flags.interception_roots, 0), 0u)
      << broken.error().message();
}

}  // namespace
}  // namespace ashyq::runner
