// Tests for register/register_json.hpp: a fictional register read, written and read back; each
// check of the reader named by its field path; the public view without drafts or private fields.
#include "register/register_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/json.hpp"

namespace ashyq::legal {
namespace {
namespace json = boost::json;

// Fictional throughout: no real authority, order, outlet or person.
constexpr const char* kRegister = R"({
  "authorities": [
    {"id": "court-1", "kind": "court", "name": "Fictional District Court No. 1", "country": "KZ",
     "jurisdiction": "Fictional city", "publication": "published"},
    {"id": "ministry-draft", "kind": "ministry", "name": "Fictional ministry", "country": "KZ"}
  ],
  "orders": [
    {"id": "order-1", "reference": "F-1/2026", "authority": "court-1",
     "date_issued": "2026-02-01", "date_in_force": "2026-02-03",
     "legal_basis": {"text": "fictional basis", "law": "kz-law-communications", "article": "41-1"},
     "targets": [{"kind": "domain", "value": "blocked.example"},
                 {"kind": "url", "value": "https://news.example/a"}],
     "national": false, "networks": [{"asn": "AS100", "name": "Fictional Telecom"}],
     "status": [{"status": "in_force", "since": "2026-02-03"},
                {"status": "lifted", "since": "2026-08-01"}],
     "sources": [{"url": "https://records.example/order-1", "title": "Fictional record",
                  "date": "2026-02-04", "language": "ru",
                  "archive_sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}],
     "notes": "public note", "private_notes": "editors only",
     "publication": "published",
     "provenance": {"entered_by": "editor-a", "entered_at": "2026-02-05T10:00:00Z"}},
    {"id": "order-draft", "authority": "ministry-draft", "date_issued": "2026-03-01",
     "targets": [{"kind": "app", "value": "Fictional Messenger"}]}
  ],
  "outlets": [
    {"id": "outlet-1", "name": "Fictional News", "kind": "news", "domains": ["news.example"],
     "social_accounts": ["https://t.me/fictional"], "publication": "published"},
    {"id": "outlet-draft", "name": "Draft outlet"}
  ],
  "people": [
    {"id": "person-1", "name": "A. Fictional", "pseudonym": true,
     "roles": ["journalist", "blogger"], "outlets": ["outlet-1", "outlet-draft"],
     "private_contacts": "+0 000 000", "publication": "published"}
  ],
  "cases": [
    {"id": "case-1", "person": "person-1",
     "charges": [{"code": "kz-criminal-code", "article": "274"}],
     "events": [{"kind": "charged", "date": "2026-04-01"},
                {"kind": "verdict", "date": "2026-09-01", "description": "fictional"}],
     "status": "convicted", "publication": "published", "private_notes": "secret"}
  ]
})";

Register read(const char* text) {
  auto reg = register_from_json(json::parse(text));
  EXPECT_TRUE(reg.ok()) << reg.error().message();
  return reg.ok() ? *reg : Register{};
}

TEST(RegisterJson, ReadsEveryFieldAndWritesItBack) {
  const Register reg = read(kRegister);
  ASSERT_EQ(reg.orders.size(), 2u);
  const Order& o = reg.orders[0];
  EXPECT_EQ(o.reference, "F-1/2026");
  EXPECT_EQ(o.legal_basis.article, "41-1");
  EXPECT_FALSE(o.national);
  ASSERT_EQ(o.networks.size(), 1u);
  EXPECT_EQ(o.networks[0].asn, "AS100");
  EXPECT_EQ(o.status.size(), 2u);
  EXPECT_EQ(o.common.sources[0].language, "ru");
  EXPECT_EQ(o.common.provenance.entered_by, "editor-a");
  EXPECT_EQ(reg.orders[1].common.publication, Publication::draft);  // the default
  EXPECT_EQ(reg.people[0].roles, (std::vector{PersonRole::journalist, PersonRole::blogger}));
  EXPECT_EQ(reg.cases[0].status, CaseStatus::convicted);

  // The editors' JSON reads back to the same register.
  const json::object written = register_to_json(reg, Audience::editors);
  auto again = register_from_json(written);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(*again, reg);
}

TEST(RegisterJson, ThePublicSeesNoDraftAndNoPrivateField) {
  const Register reg = read(kRegister);
  const std::string text = core::to_json_text(register_to_json(reg, Audience::public_readers));
  for (const char* hidden :
       {"ministry-draft", "order-draft", "outlet-draft", "editors only", "secret", "+0 000 000",
        "private_notes", "private_contacts", "editor-a", "entered_by"})
    EXPECT_EQ(text.find(hidden), std::string::npos) << hidden << " in " << text;
  for (const char* shown : {"court-1", "order-1", "outlet-1", "person-1", "case-1", "public note"})
    EXPECT_NE(text.find(shown), std::string::npos) << shown;

  // A published order of a draft authority, or case of a draft person, is not shown either.
  Register r = reg;
  r.authorities[0].common.publication = Publication::draft;
  r.people[0].common.publication = Publication::draft;
  const Register view = published_view(r);
  EXPECT_TRUE(view.orders.empty());
  EXPECT_TRUE(view.cases.empty());
  EXPECT_TRUE(view.people.empty());
  // And the public JSON reads back as a register (references intact).
  EXPECT_TRUE(register_from_json(register_to_json(reg, Audience::public_readers)).ok());
}

// Each row changes one thing in the register above (a JSON pointer and its new value) and expects
// the reader's error at that field.
TEST(RegisterJson, RefusesWhatIsWrongAndNamesTheField) {
  struct Row {
    const char* pointer;
    const char* value;  // JSON; nullptr removes the field
    const char* where;
    const char* why;
  };
  const Row rows[] = {
      {"/orders/0/date_issued", R"("2026-02-30")", "orders[0].date_issued", "not a date"},
      {"/orders/0/date_issued", nullptr, "orders[0].date_issued", "is required"},
      {"/orders/0/date_in_force", R"("2026-01-01")", "orders[0].date_in_force", "before"},
      {"/orders/0/date_isued", R"("2026-02-01")", "orders[0].date_isued", "not a field"},
      {"/orders/0/authority", R"("court-9")", "orders[0].authority", "no authority"},
      {"/orders/0/targets", "[]", "orders[0].targets", "is empty"},
      {"/orders/0/targets/1/kind", R"("website")", "orders[0].targets[1].kind", "not one of"},
      {"/orders/0/targets/0/value", R"("https://blocked.example/")", "orders[0].targets[0].value",
       "not a domain"},
      {"/orders/0/targets/1/value", R"("news.example/a")", "orders[0].targets[1].value",
       "not a url"},
      {"/orders/0/networks/0/asn", R"("9198")", "orders[0].networks[0].asn", "not an ASN"},
      {"/orders/0/national", "true", "orders[0].networks", "national"},
      {"/orders/0/networks", "[]", "orders[0].networks", "not national"},
      {"/orders/0/status/1/since", R"("2026-01-01")", "orders[0].status[1].since", "date order"},
      {"/orders/0/status/0/status", R"("suspended")", "orders[0].status[0].status", "in_force"},
      {"/orders/0/sources/0/url", R"("ftp://records.example/")", "orders[0].sources[0].url",
       "http(s)"},
      {"/orders/0/sources/0/archive_sha256", R"("ABC")", "orders[0].sources[0].archive_sha256",
       "SHA-256"},
      {"/orders/0/provenance/entered_at", R"("yesterday")", "orders[0].provenance.entered_at",
       "not a time"},
      {"/orders/0/publication", R"("public")", "orders[0].publication", "draft, published"},
      {"/orders/1/id", R"("order-1")", "orders[1].id", "used twice"},
      {"/orders/1/id", R"("Order 2")", "orders[1].id", "not an id"},
      {"/authorities/0/country", R"("kz")", "authorities[0].country", "ISO country"},
      {"/authorities/0/kind", R"("police")", "authorities[0].kind", "national_security"},
      {"/people/0/outlets/1", R"("outlet-9")", "people[0].outlets[1]", "no outlet"},
      {"/people/0/roles/0", R"("poet")", "people[0].roles[0]", "human_rights_defender"},
      {"/people/0/pseudonym", R"("yes")", "people[0].pseudonym", "true or false"},
      {"/cases/0/person", R"("person-9")", "cases[0].person", "no person"},
      {"/cases/0/events/1/date", R"("2026-03-01")", "cases[0].events[1].date", "date order"},
      {"/cases/0/charges/0/article", nullptr, "cases[0].charges[0].article", "is required"},
      {"/outlets/0/domains/0", R"("News.Example")", "outlets[0].domains[0]", "not a domain"},
      {"/orders/0/notes", "42", "orders[0].notes", "must be a string"},
      {"/rulings", "[]", "rulings", "not a part of the register"},
  };
  for (const Row& row : rows) {
    json::value doc = json::parse(kRegister);
    std::string pointer = row.pointer;
    auto slash = pointer.rfind('/');
    boost::system::error_code ec;
    json::value* parent = doc.find_pointer(pointer.substr(0, slash), ec);
    ASSERT_NE(parent, nullptr) << row.pointer;
    std::string last = pointer.substr(slash + 1);
    if (parent->is_object()) {
      if (row.value)
        parent->as_object()[last] = json::parse(row.value);
      else
        parent->as_object().erase(last);
    } else {
      parent->as_array()[std::stoul(last)] = json::parse(row.value);
    }
    auto reg = register_from_json(doc);
    ASSERT_FALSE(reg.ok()) << row.pointer;
    EXPECT_EQ(reg.error().where, row.where) << row.pointer << ": " << reg.error().message();
    EXPECT_NE(reg.error().why.find(row.why), std::string::npos)
        << row.pointer << ": " << reg.error().message();
  }
}

}  // namespace
}  // namespace ashyq::legal
