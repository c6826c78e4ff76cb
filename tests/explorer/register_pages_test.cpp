// The register's pages over the generated measurements and a small fictional register: /orders and
// /order/{id} show published orders only, with their sources and measured blocking; /country/KZ
// has the three findings; the pages speak the reader's language.
#include <gtest/gtest.h>

#include "../collector/collector_testing.hpp"
#include "../collector/generated_rows.hpp"
#include "collector/register_routes.hpp"
#include "collector/sqlite_observatory.hpp"
#include "explorer/explorer.hpp"
#include "i18n/catalogues.hpp"
#include "register/register_file.hpp"
#include "register/register_store.hpp"
#include "test_source_dir.hpp"

namespace ashyq::explorer {
namespace {

namespace http = boost::beast::http;

// Fictional: no real court, order or outlet.
constexpr const char* kRegister = R"(
[[authorities]]
id = "court-1"
kind = "court"
name = "Fictional District Court No. 1"
country = "KZ"
publication = "published"

[[orders]]
id = "order-1"
reference = "F-1/2026"
authority = "court-1"
date_issued = 2026-12-02
legal_basis = { text = "fictional basis", law = "kz-law-communications", article = "41-1" }
targets = [{ kind = "domain", value = "d0.example" }, { kind = "app", value = "Fictional app" }]
publication = "published"
private_notes = "editors only"

[[orders.sources]]
url = "https://records.example/f-1"
title = "Fictional record"
date = 2026-12-02
archive_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

[[orders]]
id = "order-draft"
authority = "court-1"
date_issued = 2026-12-01
targets = [{ kind = "domain", value = "d2.example" }]

[[outlets]]
id = "outlet-1"
name = "Fictional Courier"
kind = "news"
domains = ["d0.example"]
social_accounts = ["https://t.me/fictional_courier"]
publication = "published"

[[outlets]]
id = "outlet-draft"
name = "Hidden Outlet"
kind = "blog"
domains = ["d2.example"]

[[people]]
id = "person-1"
name = "Fictional Reporter"
roles = ["journalist", "editor"]
outlets = ["outlet-1", "outlet-draft"]
private_contacts = "fictional phone number"
publication = "published"

[[people]]
id = "person-draft"
name = "Hidden Person"
roles = ["blogger"]
outlets = ["outlet-1"]

[[cases]]
id = "case-1"
person = "person-1"
charges = [{ code = "kz-criminal-code", article = "274" }]
events = [{ kind = "investigation_opened", date = 2026-11-20 }, { kind = "charged", date = 2026-12-02, description = "fictional charge" }]
status = "investigation"
publication = "published"
private_notes = "editors only"

[[cases.sources]]
url = "https://records.example/case-1"
title = "Fictional case record"

[[cases]]
id = "case-draft"
person = "person-1"
status = "trial"

[[cases]]
id = "case-of-draft-person"
person = "person-draft"
status = "trial"
publication = "published"
)";

class RegisterPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = collector::SqliteObservatory::open(db.path);
    ASSERT_TRUE(opened) << opened.error().message();
    store = std::move(opened).value();
    collector::testing::fill(*store);
    auto reg = legal::parse_register(kRegister, legal::RegisterFormat::toml, "fictional.toml");
    ASSERT_TRUE(reg.ok()) << reg.error().message();
    auto register_store = legal::RegisterStore::open(db.path);
    ASSERT_TRUE(register_store.ok());
    ASSERT_TRUE((*register_store)->apply(*reg, "editor-a", "2026-12-03T10:00:00Z").ok());
    auto clock = [] {
      return std::chrono::system_clock::time_point(std::chrono::seconds(1796299200));
    };
    auto routes = collector::RegisterRoutes::open(store, clock);
    ASSERT_TRUE(routes.ok()) << routes.error().message();
    auto catalogues = i18n::Catalogues::load(std::string(ASHYQ_TEST_SOURCE_DIR) + "/data/po");
    ASSERT_TRUE(catalogues.ok());
    explorer = std::make_unique<Explorer>(
        store, std::make_shared<const i18n::Catalogues>(std::move(catalogues).value()),
        analysis::VerdictOptions{}, clock, std::move(routes).value());
  }

  net::HttpServerResponse get(const std::string& target) {
    net::HttpServerRequest req{http::verb::get, target, 11};
    auto res = explorer->respond(req);
    EXPECT_TRUE(res) << target;
    return res ? std::move(*res) : net::HttpServerResponse{};
  }

  collector::testing::TempDb db{"register-pages"};
  std::shared_ptr<collector::ObservatoryStore> store;
  std::unique_ptr<Explorer> explorer;
};

TEST_F(RegisterPagesTest, OrdersShowsThePublishedOrdersOnly) {
  auto res = get("/orders");
  ASSERT_EQ(res.result(), http::status::ok);
  const std::string& body = res.body();
  EXPECT_NE(body.find("data-order=\"order-1\""), std::string::npos) << body;
  EXPECT_NE(body.find("Fictional District Court No. 1"), std::string::npos);
  EXPECT_NE(body.find("F-1/2026"), std::string::npos);
  EXPECT_NE(body.find(">in force<"), std::string::npos);
  EXPECT_NE(body.find("href=\"/domain/d0.example\""), std::string::npos);
  for (const char* hidden : {"order-draft", "d2.example", "editors only", "editor-a"})
    EXPECT_EQ(body.find(hidden), std::string::npos) << hidden;
  EXPECT_NE(get("/orders?lang=ru").body().find("Предписания о блокировке"), std::string::npos);
  EXPECT_NE(get("/orders?lang=kk").body().find("Бұғаттау туралы нұсқамалар"), std::string::npos);
}

TEST_F(RegisterPagesTest, AnOrderShowsItsFactsSourcesAndMeasuredBlocking) {
  auto res = get("/order/order-1");
  ASSERT_EQ(res.result(), http::status::ok);
  const std::string& body = res.body();
  for (const char* seen :
       {"Order F-1/2026", "fictional basis", "kz-law-communications 41-1",
        "https://records.example/f-1",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "app: Fictional app",
        "id=\"measured-table\"", "data-domain=\"d0.example\""})
    EXPECT_NE(body.find(seen), std::string::npos) << seen << " in " << body;
  EXPECT_EQ(body.find("editors only"), std::string::npos);
  EXPECT_EQ(get("/order/order-draft").result(), http::status::not_found);
  EXPECT_EQ(get("/order/nothing").result(), http::status::not_found);
}

TEST_F(RegisterPagesTest, ADomainPageNamesThePublishedOrdersNamingIt) {
  const std::string d0 = get("/domain/d0.example").body();
  EXPECT_NE(d0.find("id=\"domain-orders-table\""), std::string::npos) << d0;
  EXPECT_NE(d0.find("data-order=\"order-1\""), std::string::npos);
  // d2.example is named by a draft only; d1.example by nothing.
  for (const char* domain : {"/domain/d2.example", "/domain/d1.example"})
    EXPECT_EQ(get(domain).body().find("domain-orders"), std::string::npos) << domain;
}

TEST_F(RegisterPagesTest, TheCountryPageSetsTheOrdersBesideTheMeasurements) {
  auto res = get("/country/KZ");
  ASSERT_EQ(res.result(), http::status::ok);
  const std::string& body = res.body();
  const auto section = body.find("<section id=\"register\">");
  ASSERT_NE(section, std::string::npos) << body;
  const std::string part = body.substr(section, body.find("</section>", section) - section);
  // d0.example, blocked on 2026-12-01 (generated row 0, confirmed) before order-1 (2026-12-02);
  // d2.example is named only by a draft, so for the public it is blocked with no known order.
  auto table_of = [&](const std::string& id) {
    const auto at = part.find("id=\"" + id + "-table\"");
    return at == std::string::npos ? std::string()
                                   : part.substr(at, part.find("</table>", at) - at);
  };
  EXPECT_NE(table_of("blocked-before-order").find("data-domain=\"d0.example\""), std::string::npos)
      << part;
  EXPECT_NE(table_of("blocked-without-order").find("data-domain=\"d2.example\""), std::string::npos)
      << part;
  EXPECT_EQ(table_of("blocked-without-order").find("d0.example"), std::string::npos) << part;
  EXPECT_EQ(part.find("order-draft"), std::string::npos);
  // RU measurements are not KZ's.
  const auto ru = get("/country/RU").body();
  EXPECT_EQ(ru.find("blocked-before-order-table"), std::string::npos);
}

TEST_F(RegisterPagesTest, CasesShowThePublishedCasesOnly) {
  auto res = get("/cases");
  ASSERT_EQ(res.result(), http::status::ok);
  const std::string& body = res.body();
  for (const char* seen : {"data-case=\"case-1\"", "Fictional Reporter", "journalist, editor",
                           "href=\"/outlet/outlet-1\"", "kz-criminal-code</code> 274",
                           "under investigation", "2026-12-02 charged"})
    EXPECT_NE(body.find(seen), std::string::npos) << seen << " in " << body;
  // A draft case, a case whose person is a draft, a draft outlet, private fields: never public.
  for (const char* hidden : {"case-draft", "case-of-draft-person", "Hidden Person", "Hidden Outlet",
                             "outlet-draft", "fictional phone number", "editors only", "editor-a"})
    EXPECT_EQ(body.find(hidden), std::string::npos) << hidden;
  EXPECT_NE(get("/cases?lang=ru").body().find("Уголовные преследования"), std::string::npos);
  EXPECT_NE(get("/cases?lang=kk").body().find("Қудалау"), std::string::npos);
}

TEST_F(RegisterPagesTest, ACaseShowsItsPersonChargesEventsAndSources) {
  auto res = get("/case/case-1");
  ASSERT_EQ(res.result(), http::status::ok);
  const std::string& body = res.body();
  for (const char* seen :
       {"Case case-1", "Fictional Reporter", "Fictional Courier", "kz-criminal-code</code> 274",
        "data-event=\"investigation_opened\"", "data-event=\"charged\"", "fictional charge",
        "https://records.example/case-1"})
    EXPECT_NE(body.find(seen), std::string::npos) << seen << " in " << body;
  for (const char* hidden : {"Hidden Outlet", "fictional phone number", "editors only"})
    EXPECT_EQ(body.find(hidden), std::string::npos) << hidden;
  for (const char* missing : {"/case/case-draft", "/case/case-of-draft-person", "/case/nothing"})
    EXPECT_EQ(get(missing).result(), http::status::not_found) << missing;
}

TEST_F(RegisterPagesTest, AnOutletPutsItsOrdersCasesAndBlockingOnOneTimeline) {
  auto res = get("/outlet/outlet-1");
  ASSERT_EQ(res.result(), http::status::ok);
  const std::string& body = res.body();
  for (const char* seen :
       {"Fictional Courier", "href=\"/domain/d0.example\"", "https://t.me/fictional_courier",
        "data-person=\"person-1\"", "href=\"/case/case-1\"", "id=\"chart-outlet-timeline\"",
        "id=\"timeline-table\""})
    EXPECT_NE(body.find(seen), std::string::npos) << seen << " in " << body;
  const auto at = body.find("id=\"timeline-table\"");
  ASSERT_NE(at, std::string::npos);
  const std::string table = body.substr(at, body.find("</table>", at) - at);
  // In date order: the investigation (2026-11-20), d0.example measured blocked from 2026-12-01
  // (generated row 0), order-1 issued and the charge (both 2026-12-02; orders first).
  const auto investigation = table.find("investigation opened");
  const auto blocked = table.find("data-kind=\"blocked\"");
  const auto issued = table.find("data-kind=\"order_issued\"");
  const auto charged = table.find("fictional charge");
  ASSERT_NE(investigation, std::string::npos) << table;
  ASSERT_NE(blocked, std::string::npos) << table;
  ASSERT_NE(issued, std::string::npos) << table;
  ASSERT_NE(charged, std::string::npos) << table;
  EXPECT_LT(investigation, blocked);
  EXPECT_LT(blocked, issued);
  EXPECT_LT(issued, charged);
  EXPECT_NE(table.find("F-1/2026"), std::string::npos) << table;
  for (const char* hidden : {"Hidden Person", "case-draft", "case-of-draft-person", "editors only"})
    EXPECT_EQ(body.find(hidden), std::string::npos) << hidden;
  EXPECT_EQ(get("/outlet/outlet-draft").result(), http::status::not_found);
  EXPECT_EQ(get("/outlet/nothing").result(), http::status::not_found);
  const std::string outlets = get("/outlets").body();
  EXPECT_NE(outlets.find("data-outlet=\"outlet-1\""), std::string::npos) << outlets;
  EXPECT_EQ(outlets.find("Hidden"), std::string::npos) << outlets;
}

}  // namespace
}  // namespace ashyq::explorer
