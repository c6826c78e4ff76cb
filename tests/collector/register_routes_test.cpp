// The register's HTTP routes through the collector's handler: who may read and write what (401
// without a valid token, 403 for an editor making tokens), drafts and private fields never in a
// public answer, and every write an audit record and a log leaf.
#include "collector/register_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "collector/collector_service.hpp"
#include "collector/store_spec.hpp"
#include "collector_testing.hpp"
#include "generated_rows.hpp"
#include "register/editor_tokens.hpp"
#include "register/register_store.hpp"
#include "tlog/sqlite_log.hpp"

namespace ashyq::collector {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

// Fictional.
constexpr const char* kRegister = R"({
  "authorities": [{"id": "court-1", "kind": "court", "name": "Fictional court", "country": "KZ",
                   "publication": "published"}],
  "orders": [
    {"id": "order-1", "authority": "court-1", "date_issued": "2026-02-01",
     "targets": [{"kind": "domain", "value": "blocked.example"}],
     "private_notes": "editors only", "publication": "published"},
    {"id": "order-draft", "authority": "court-1", "date_issued": "2026-03-01",
     "targets": [{"kind": "domain", "value": "draft.example"}]}
  ]
})";

struct Fixture {
  testing::TempDb db{"register-routes"};
  std::shared_ptr<ObservatoryStore> store;
  std::unique_ptr<CollectorService> service;
  std::string editor, admin, revoked;

  Fixture() {
    auto opened = open_observatory_store(SqliteStoreSpec{db.path});
    EXPECT_TRUE(opened.ok());
    store = std::move(opened).value();
    auto tokens = legal::EditorTokens::open(db.path);
    EXPECT_TRUE(tokens.ok());
    editor =
        (*tokens)->create(legal::EditorRole::editor, "editor-a", "2026-12-07T10:00:00Z")->secret;
    admin = (*tokens)->create(legal::EditorRole::admin, "admin-b", "2026-12-07T10:00:00Z")->secret;
    auto old = (*tokens)->create(legal::EditorRole::admin, "gone", "2026-12-07T10:00:00Z");
    revoked = old->secret;
    EXPECT_TRUE((*tokens)->revoke(old->token.id, "2026-12-07T10:01:00Z").ok());
    CollectorConfig config;
    auto routes = RegisterRoutes::open(store, std::chrono::system_clock::now);
    EXPECT_TRUE(routes.ok()) << routes.error().message();
    config.register_routes = std::move(routes).value();
    service = std::make_unique<CollectorService>(store, std::move(config));
  }

  net::HttpServerResponse call(http::verb verb, const std::string& target,
                               const std::string& token = "", const std::string& body = "") {
    net::HttpServerRequest request{verb, target, 11};
    if (!token.empty())
      request.set(http::field::authorization, "Bearer " + token);
    request.body() = body;
    request.prepare_payload();
    return service->respond(request);
  }
};

TEST(RegisterRoutes, OnlyValidTokensWriteAndOnlyAdminsMakeTokens) {
  Fixture f;
  for (const std::string& token :
       {std::string(), f.revoked, std::string("ashyq-editor-") + std::string(64, '0')}) {
    auto r = f.call(http::verb::post, "/api/v1/register", token, kRegister);
    EXPECT_EQ(r.result(), http::status::unauthorized) << token << r.body();
    EXPECT_NE(r[http::field::www_authenticate], "");
    EXPECT_EQ(f.call(http::verb::get, "/api/v1/register/editors", token).result(),
              http::status::unauthorized);
  }
  EXPECT_EQ(f.call(http::verb::post, "/api/v1/register/tokens", f.editor,
                   R"({"role": "editor", "name": "x"})")
                .result(),
            http::status::forbidden);
  EXPECT_EQ(f.call(http::verb::post, "/api/v1/register/tokens/1/revoke", f.editor).result(),
            http::status::forbidden);

  auto made = f.call(http::verb::post, "/api/v1/register/tokens", f.admin,
                     R"({"role": "editor", "name": "editor-c"})");
  ASSERT_EQ(made.result(), http::status::ok) << made.body();
  const std::string fresh = json::parse(made.body()).at("token").as_string().c_str();
  auto wrote = f.call(http::verb::post, "/api/v1/register", fresh, kRegister);
  ASSERT_EQ(wrote.result(), http::status::ok) << wrote.body();
  EXPECT_EQ(json::parse(wrote.body()).at("edits").as_array().size(), 3u);

  // Its audit names editor-c, and each edit is a leaf.
  auto reg = legal::RegisterStore::open(f.db.path);
  ASSERT_TRUE(reg.ok());
  auto edits = (*reg)->edits();
  ASSERT_TRUE(edits.ok());
  ASSERT_EQ(edits->size(), 3u);
  for (const auto& e : *edits)
    EXPECT_EQ(e.edit.editor, "editor-c");
  EXPECT_EQ(*(*tlog::SqliteLog::open(f.db.path))->size(), 3u);

  const std::string id = std::to_string(json::parse(made.body()).at("id").as_int64());
  EXPECT_EQ(f.call(http::verb::post, "/api/v1/register/tokens/" + id + "/revoke", f.admin).result(),
            http::status::ok);
  EXPECT_EQ(f.call(http::verb::post, "/api/v1/register", fresh, kRegister).result(),
            http::status::unauthorized);
}

TEST(RegisterRoutes, ThePublicSeesNoDraftNoPrivateFieldAndNoEditor) {
  Fixture f;
  ASSERT_EQ(f.call(http::verb::post, "/api/v1/register", f.editor, kRegister).result(),
            http::status::ok);
  auto pub = f.call(http::verb::get, "/api/v1/register");
  ASSERT_EQ(pub.result(), http::status::ok);
  EXPECT_NE(pub.body().find("order-1"), std::string::npos);
  for (const char* hidden : {"order-draft", "editors only", "editor-a"})
    EXPECT_EQ(pub.body().find(hidden), std::string::npos) << hidden << " in " << pub.body();
  auto editors = f.call(http::verb::get, "/api/v1/register/editors", f.editor);
  ASSERT_EQ(editors.result(), http::status::ok);
  for (const char* seen : {"order-draft", "editors only", "editor-a"})
    EXPECT_NE(editors.body().find(seen), std::string::npos) << seen;
}

TEST(RegisterRoutes, ABadBodyIsA400AndWritesNothing) {
  Fixture f;
  struct Row {
    std::string body;
    const char* error;
  };
  std::string bad_date = kRegister;
  bad_date.replace(bad_date.find("2026-03-01"), 10, "2026-02-30");
  const Row rows[] = {
      {"{", "body: not valid JSON"},
      {bad_date, "orders[1].date_issued: '2026-02-30' is not a date"},
      {R"({"orders": [{"id": "o", "authority": "court-9", "date_issued": "2026-01-01",
           "targets": [{"kind": "domain", "value": "x.example"}]}]})",
       "orders[0].authority: no authority has the id 'court-9'"},
  };
  for (const Row& row : rows) {
    auto r = f.call(http::verb::post, "/api/v1/register", f.editor, row.body);
    EXPECT_EQ(r.result(), http::status::bad_request) << row.body;
    EXPECT_NE(r.body().find(row.error), std::string::npos) << r.body();
  }
  EXPECT_EQ(*(*tlog::SqliteLog::open(f.db.path))->size(), 0u);
  EXPECT_EQ(f.call(http::verb::delete_, "/api/v1/register", f.admin).result(),
            http::status::method_not_allowed);
}

// Four measurements (fictional) and one order: each of the three findings once.
TEST(RegisterRoutes, LinksTheCountrysMeasurementsToThePublishedOrders) {
  Fixture f;
  struct Measured {
    const char* domain;
    const char* day;
    const char* asn;
    bool anomaly;
    const char* cc;
  };
  const Measured measured[] = {
      {"d0.example", "2026-12-01", "AS9198", true, "KZ"},    // before the order
      {"d0.example", "2026-12-02", "AS48503", false, "KZ"},  // ordered, accessible
      {"d1.example", "2026-12-01", "AS9198", true, "KZ"},    // blocked, no order
      {"d2.example", "2026-12-01", "AS9198", false, "KZ"},   // accessible, no order: nothing
      {"d1.example", "2026-12-01", "AS1", true, "RU"},       // another country
  };
  int i = 0;
  for (const Measured& m : measured) {
    ObservatoryRow row = testing::generated_row(i);
    row.measurement_uid += "-links";
    row.domain = m.domain;
    row.probe_cc = m.cc;
    row.probe_asn = m.asn;
    row.measurement_start_time = std::string(m.day) + " 10:00:00";
    row.anomaly = m.anomaly;
    row.confirmed = false;
    row.failure = false;
    const std::string body = testing::generated_body(i++);
    ASSERT_TRUE(f.store->insert(row, body, testing::leaf_of(row, body)).ok());
  }
  const std::string order = R"({
    "authorities": [{"id": "court-1", "kind": "court", "name": "Fictional court", "country": "KZ",
                     "publication": "published"}],
    "orders": [{"id": "order-1", "authority": "court-1", "date_issued": "2026-12-02",
                "targets": [{"kind": "domain", "value": "d0.example"}],
                "publication": "published"}]})";
  ASSERT_EQ(f.call(http::verb::post, "/api/v1/register", f.editor, order).result(),
            http::status::ok);

  auto r = f.call(http::verb::get, "/api/v1/register/links?probe_cc=KZ");
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  auto span = [](const char* first, const char* asn) {
    return json::object{{"first", std::string(first) + " 00:00:00"},
                        {"last", std::string(first) + " 00:00:00"},
                        {"networks", json::array{asn}},
                        {"measurements", 1}};
  };
  const json::value expected = {
      {"targets", json::array{json::object{{"order", "order-1"},
                                           {"target", "d0.example"},
                                           {"domain", "d0.example"},
                                           {"blocked", span("2026-12-01", "AS9198")}}}},
      {"blocked_without_order",
       json::array{json::object{{"country", "KZ"},
                                {"domain", "d1.example"},
                                {"blocked", span("2026-12-01", "AS9198")}}}},
      {"ordered_not_blocked",
       json::array{json::object{{"order", "order-1"},
                                {"domain", "d0.example"},
                                {"accessible", span("2026-12-02", "AS48503")}}}},
      {"blocked_before_order",
       json::array{json::object{{"order", "order-1"},
                                {"order_date", "2026-12-02"},
                                {"domain", "d0.example"},
                                {"blocked", span("2026-12-01", "AS9198")}}}},
      {"probe_cc", "KZ"}};
  EXPECT_EQ(json::parse(r.body()), expected) << r.body();

  EXPECT_EQ(f.call(http::verb::get, "/api/v1/register/links").result(), http::status::bad_request);
  EXPECT_EQ(f.call(http::verb::get, "/api/v1/register/links?probe_cc=kz").result(),
            http::status::bad_request);
  EXPECT_EQ(f.call(http::verb::get, "/api/v1/register/links?probe_cc=KZ&x=1").result(),
            http::status::bad_request);
}

}  // namespace
}  // namespace ashyq::collector
