// register/naming_entries.hpp: which published entries concern a domain, and the same relation
// checked on entries' public JSON. Every name is fictional.
#include "register/naming_entries.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace ashyq::legal {
namespace {

Register fictional() {
  Register reg;
  Authority court;
  court.common.id = "court-1";
  Authority other_court;
  other_court.common.id = "court-2";
  reg.authorities = {court, other_court};
  Order by_domain;
  by_domain.common.id = "order-domain";
  by_domain.authority = "court-1";
  by_domain.targets = {{TargetKind::domain, "outlet.example"}};
  Order by_url;
  by_url.common.id = "order-url";
  by_url.authority = "court-1";
  by_url.targets = {{TargetKind::url, "https://www.outlet.example/a"}};
  Order elsewhere;
  elsewhere.common.id = "order-elsewhere";
  elsewhere.authority = "court-2";
  elsewhere.targets = {{TargetKind::domain, "other.example"}};
  reg.orders = {by_domain, by_url, elsewhere};
  Outlet outlet;
  outlet.common.id = "outlet-1";
  outlet.domains = {"outlet.example"};
  Outlet other_outlet;
  other_outlet.common.id = "outlet-2";
  other_outlet.domains = {"other.example"};
  reg.outlets = {outlet, other_outlet};
  Person reporter;
  reporter.common.id = "person-1";
  reporter.outlets = {"outlet-1"};
  Person other_person;
  other_person.common.id = "person-2";
  other_person.outlets = {"outlet-2"};
  reg.people = {reporter, other_person};
  LegalCase c;
  c.common.id = "case-1";
  c.person = "person-1";
  LegalCase other_case;
  other_case.common.id = "case-2";
  other_case.person = "person-2";
  reg.cases = {c, other_case};
  return reg;
}

TEST(NamingEntries, TheEntriesConcerningADomain) {
  const Register reg = fictional();
  const std::vector<NamedEntry> www = {{"authority", "court-1"}, {"order", "order-domain"},
                                       {"order", "order-url"},   {"outlet", "outlet-1"},
                                       {"person", "person-1"},   {"case", "case-1"}};
  EXPECT_EQ(entries_naming(reg, "www.outlet.example"), www);
  // The URL's host is www.outlet.example only.
  const std::vector<NamedEntry> bare = {{"authority", "court-1"},
                                        {"order", "order-domain"},
                                        {"outlet", "outlet-1"},
                                        {"person", "person-1"},
                                        {"case", "case-1"}};
  EXPECT_EQ(entries_naming(reg, "outlet.example"), bare);
  EXPECT_TRUE(entries_naming(reg, "unnamed.example").empty());
}

TEST(NamingEntries, TheSameRelationOnPublicJson) {
  auto entry = [](const char* kind, const char* json) {
    return PublicEntry{kind, boost::json::parse(json).as_object()};
  };
  const std::vector<PublicEntry> entries = {
      entry("authority", R"({"id":"court-1"})"),
      entry("order", R"({"id":"order-1","authority":"court-1",
                         "targets":[{"kind":"domain","value":"outlet.example"}]})"),
      entry("outlet", R"({"id":"outlet-1","domains":["outlet.example"]})"),
      entry("person", R"({"id":"person-1","outlets":["outlet-1"]})"),
      entry("case", R"({"id":"case-1","person":"person-1"})"),
      // None of these concerns outlet.example:
      entry("authority", R"({"id":"court-2"})"),
      entry("order", R"({"id":"order-2","authority":"court-2",
                         "targets":[{"kind":"app","value":"outlet.example"}]})"),
      entry("outlet", R"({"id":"outlet-2","domains":["other.example"]})"),
      entry("person", R"({"id":"person-2","outlets":["outlet-2"]})"),
      entry("case", R"({"id":"case-2","person":"person-2"})"),
  };
  EXPECT_EQ(entries_not_naming(entries, "outlet.example"),
            (std::vector<std::size_t>{5, 6, 7, 8, 9}));
}

}  // namespace
}  // namespace ashyq::legal
