// The SQLite store's daily rollups (migration 3): every aggregation they answer is the one the raw
// rows give, for each pair of axes and the filters the explorer uses; what they cannot answer goes
// to the raw rows; a version-2 database is backfilled; measurements cannot be updated or deleted.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "collector/sqlite_observatory.hpp"
#include "collector_testing.hpp"
#include "generated_rows.hpp"
#include "networks_domains.hpp"
#include "store/sqlite_connection.hpp"

namespace ashyq::collector {
namespace {

using testing::TempDb;

// Row i of a denser set than generated_rows: 214 days, 3 countries, 5 networks, 40 domains (some
// empty), 4 tests, 5 categories, methods, flags in every combination.
ObservatoryRow varied_row(int i) {
  ObservatoryRow r = testing::generated_row(i % 60);
  const char* ccs[] = {"KZ", "KZ", "KZ", "RU", "UZ"};
  const char* tests[] = {"web_connectivity", "web_connectivity", "tls_interception", "dnscheck"};
  const char* categories[] = {"NEWS", "HUMR", "", "POLR", "ANON"};
  const char* methods[] = {"none", "dns", "tcp", "tls", "blockpage", "unknown"};
  unsigned h = static_cast<unsigned>(i) * 2654435761u;
  r.probe_cc = ccs[h % 5];
  r.probe_asn = "AS" + std::to_string(9000 + (h >> 4) % 5);
  r.probe_network_name = "Network " + std::to_string((h >> 4) % 5);
  r.test_name = tests[(h >> 8) % 4];
  r.domain = (h >> 12) % 9 == 0 ? "" : "site" + std::to_string((h >> 12) % 40) + ".example";
  r.input = r.domain.empty() ? std::nullopt : std::optional<std::string>("https://" + r.domain);
  r.category_code = categories[(h >> 18) % 5];
  r.method = methods[(h >> 21) % 6];
  r.failure = (h >> 24) % 7 == 0;
  r.confirmed = (h >> 25) % 5 == 0;
  r.anomaly = (h >> 27) % 3 == 0;
  // Days from 2026-05-01 to 2026-11-30, so periods cross months (the monthly rollup).
  const std::chrono::year_month_day day{
      std::chrono::sys_days{std::chrono::year{2026} / std::chrono::May / 1} +
      std::chrono::days{(i * 37) % 214}};
  char t[32];
  std::snprintf(t, sizeof t, "%04d-%02u-%02u %02d:%02d:00", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()), (i / 12) % 24,
                i % 60);
  r.measurement_start_time = t;
  r.test_start_time = t;
  r.report_id =
      "20261101T000000Z_webconnectivity_" + r.probe_cc + "_9000_n1_r" + std::to_string(i % 3);
  r.measurement_uid = std::string("202611") + std::to_string(10 + i % 12) + "000000.000000_" +
                      r.probe_cc + "_" + r.test_name + "_" + std::to_string(100000 + i);
  return r;
}

constexpr int kVariedRows = 900;

std::unique_ptr<SqliteObservatory> open_or_fail(const std::string& path) {
  auto store = SqliteObservatory::open(path);
  EXPECT_TRUE(store) << store.error().message();
  return store ? std::move(store.value()) : nullptr;
}

void fill_varied(ObservatoryStore& store) {
  for (int i = 0; i < kVariedRows; ++i) {
    auto row = varied_row(i);
    auto body = testing::generated_body(i);
    auto added = store.insert(row, body, testing::leaf_of(row, body));
    ASSERT_TRUE(added) << added.error().message();
    ASSERT_TRUE(*added) << i;
  }
}

struct NamedQuery {
  const char* name;
  MeasurementQuery query;
};

std::vector<NamedQuery> queries() {
  std::vector<NamedQuery> out;
  auto add = [&](const char* name, auto change) {
    MeasurementQuery q;
    change(q);
    out.push_back({name, q});
  };
  add("everything", [](auto&) {});
  add("country", [](auto& q) { q.probe_cc = "KZ"; });
  add("country, whole days", [](auto& q) {
    q.probe_cc = "KZ";
    q.since = "2026-11-03 00:00:00";
    q.until = "2026-11-09 00:00:00";
  });
  add("country, since only", [](auto& q) {
    q.probe_cc = "KZ";
    q.since = "2026-11-05 00:00:00";
  });
  // Periods with whole months (the monthly rollup, and the days at either end).
  add("country, months and days at both ends", [](auto& q) {
    q.probe_cc = "KZ";
    q.since = "2026-06-15 00:00:00";
    q.until = "2026-10-10 00:00:00";
  });
  add("country, from a month's first day", [](auto& q) {
    q.probe_cc = "KZ";
    q.since = "2026-07-01 00:00:00";
  });
  add("months to a month's first day", [](auto& q) {
    q.since = "2026-05-20 00:00:00";
    q.until = "2026-09-01 00:00:00";
  });
  add("within one month", [](auto& q) {
    q.since = "2026-08-02 00:00:00";
    q.until = "2026-08-30 00:00:00";
  });
  add("one whole month", [](auto& q) {
    q.probe_cc = "KZ";
    q.since = "2026-08-01 00:00:00";
    q.until = "2026-09-01 00:00:00";
  });
  add("domain over months", [](auto& q) {
    q.domain = "site3.example";
    q.since = "2026-05-10 00:00:00";
    q.until = "2026-11-20 00:00:00";
  });
  add("until only", [](auto& q) { q.until = "2026-08-17 00:00:00"; });
  add("country, network", [](auto& q) {
    q.probe_cc = "KZ";
    q.probe_asn = "AS9002";
  });
  add("country, domain, all time", [](auto& q) {
    q.probe_cc = "KZ";
    q.domain = "site7.example";
  });
  add("domain, days", [](auto& q) {
    q.domain = "site3.example";
    q.since = "2026-11-02 00:00:00";
    q.until = "2026-11-12 00:00:00";
  });
  add("country, category, test", [](auto& q) {
    q.probe_cc = "KZ";
    q.category_code = "NEWS";
    q.test_name = "web_connectivity";
  });
  add("test", [](auto& q) { q.test_name = "tls_interception"; });
  add("nothing matches", [](auto& q) { q.probe_cc = "ZZ"; });
  // Not covered by the rollups: answered from the raw rows.
  add("since mid-day", [](auto& q) { q.since = "2026-11-04 12:00:00"; });
  add("until mid-day", [](auto& q) {
    q.probe_cc = "KZ";
    q.until = "2026-11-04 00:00:01";
  });
  add("anomaly", [](auto& q) { q.anomaly = true; });
  add("confirmed", [](auto& q) { q.confirmed = false; });
  add("failure", [](auto& q) { q.failure = true; });
  add("input", [](auto& q) { q.input = "https://site3.example"; });
  add("report", [](auto& q) { q.report_id = varied_row(1).report_id; });
  return out;
}

std::string text_of(const std::vector<AggregationCell>& cells) {
  std::string out;
  for (const auto& c : cells)
    out += c.x.value_or("-") + "|" + c.y.value_or("-") + " f" + std::to_string(c.failure_count) +
           " c" + std::to_string(c.confirmed_count) + " a" + std::to_string(c.anomaly_count) +
           " o" + std::to_string(c.ok_count) + " n" + std::to_string(c.measurement_count) + "\n";
  return out;
}

TEST(ObservatoryRollups, AnswerEveryAxisPairAndFilterAsTheRawRowsDo) {
  TempDb db("rollups-equal");
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
  fill_varied(*store);
  const std::optional<Axis> axes[] = {
      std::nullopt,    Axis::measurement_start_day, Axis::domain, Axis::probe_cc, Axis::probe_asn,
      Axis::test_name, Axis::category_code,         Axis::input,  Axis::method};
  int compared = 0;
  for (const auto& [name, q] : queries())
    for (auto x : axes)
      for (auto y : axes) {
        store->use_rollups(true);
        auto fast = store->aggregation(q, x, y);
        store->use_rollups(false);
        auto slow = store->aggregation(q, x, y);
        ASSERT_TRUE(fast) << fast.error().message();
        ASSERT_TRUE(slow) << slow.error().message();
        EXPECT_EQ(*fast, *slow) << name << " x=" << (x ? int(*x) : -1)
                                << " y=" << (y ? int(*y) : -1) << "\nrollups:\n"
                                << text_of(*fast) << "raw:\n"
                                << text_of(*slow);
        ++compared;
      }
  EXPECT_EQ(compared, static_cast<int>(queries().size()) * 81);
  // And the totals are those of the rows.
  store->use_rollups(true);
  auto total = store->aggregation(MeasurementQuery{}, std::nullopt, std::nullopt);
  ASSERT_TRUE(total);
  ASSERT_EQ(total->size(), 1u);
  EXPECT_EQ(total->front().measurement_count, kVariedRows);
}

TEST(ObservatoryRollups, CoveredQueriesReadTheRollupsAndOthersTheRows) {
  TempDb db("rollups-used");
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
  fill_varied(*store);
  {
    sqlite3* conn = nullptr;
    ASSERT_EQ(sqlite3_open(db.path.c_str(), &conn), SQLITE_OK);
    store::SqliteDatabase raw(conn);
    ASSERT_EQ(sqlite3_exec(conn,
                           "DELETE FROM rollup_daily; DELETE FROM rollup_daily_domain; "
                           "DELETE FROM rollup_domain; DELETE FROM rollup_daily_network; "
                           "DELETE FROM rollup_daily_test; DELETE FROM rollup_monthly_domain",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  }
  auto count = [&](const MeasurementQuery& q, std::optional<Axis> x) {
    auto cells = store->aggregation(q, x, std::nullopt);
    EXPECT_TRUE(cells) << cells.error().message();
    std::int64_t n = 0;
    if (cells)
      for (const auto& c : *cells)
        n += c.measurement_count;
    return n;
  };
  MeasurementQuery country;
  country.probe_cc = "KZ";
  country.since = "2026-11-01 00:00:00";
  EXPECT_EQ(count(country, Axis::measurement_start_day), 0);  // the (emptied) rollup
  EXPECT_EQ(count(country, Axis::domain), 0);
  EXPECT_GT(count(country, Axis::input), 0);  // no rollup has the input
  auto anomalies = country;
  anomalies.anomaly = true;
  EXPECT_GT(count(anomalies, std::nullopt), 0);
  store->use_rollups(false);
  EXPECT_GT(count(country, Axis::measurement_start_day), 0);
}

TEST(ObservatoryRollups, NetworksAndDomains) {
  TempDb db("rollups-networks");
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
  testing::check_networks_and_domains(*store);
}

TEST(ObservatoryRollups, DomainFragmentEscapesLikeCharacters) {
  EXPECT_EQ(domain_fragment("Ab"), "%ab%");
  EXPECT_EQ(domain_fragment("a%b_c\\"), "%a\\%b\\_c\\\\%");
  EXPECT_EQ(domain_fragment(""), "%%");
}

void insert_raw(sqlite3* db, const ObservatoryRow& r) {
  store::Statement ins(
      db,
      "INSERT INTO measurements (measurement_uid, report_id, input, domain, probe_cc, probe_asn, "
      "probe_network_name, test_name, test_version, software_name, software_version, "
      "test_start_time, measurement_start_time, category_code, anomaly, confirmed, failure, "
      "blocking, method, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  int c = 1;
  ins.bind(c++, r.measurement_uid);
  ins.bind(c++, r.report_id);
  if (r.input)
    ins.bind(c++, *r.input);
  else
    ins.bind_null(c++);
  for (const auto* s : {&r.domain, &r.probe_cc, &r.probe_asn, &r.probe_network_name, &r.test_name,
                        &r.test_version, &r.software_name, &r.software_version, &r.test_start_time,
                        &r.measurement_start_time, &r.category_code})
    ins.bind(c++, *s);
  ins.bind(c++, std::int64_t{r.anomaly});
  ins.bind(c++, std::int64_t{r.confirmed});
  ins.bind(c++, std::int64_t{r.failure});
  ins.bind(c++, r.blocking);
  ins.bind(c++, r.method);
  ins.bind(c++, r.confidence);
  ASSERT_EQ(sqlite3_step(ins.get()), SQLITE_DONE) << sqlite3_errmsg(db);
}

TEST(ObservatoryRollups, MigrationBackfillsAVersion2Database) {
  TempDb db("rollups-v2");
  {
    sqlite3* conn = nullptr;
    ASSERT_EQ(sqlite3_open(db.path.c_str(), &conn), SQLITE_OK);
    store::SqliteDatabase raw(conn);
    auto v2 = observatory_migrations().first(2);
    auto migrated = store::migrate_schema(conn, db.path, v2, "observatory database");
    ASSERT_TRUE(migrated) << migrated.error().message();
    ASSERT_EQ(sqlite3_exec(conn, "BEGIN", nullptr, nullptr, nullptr), SQLITE_OK);
    for (int i = 0; i < kVariedRows; ++i)
      insert_raw(conn, varied_row(i));
    ASSERT_EQ(sqlite3_exec(conn, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
  // Rows after the upgrade are counted by the triggers on top of the backfill.
  auto extra = varied_row(kVariedRows);
  auto body = testing::generated_body(0);
  ASSERT_TRUE(store->insert(extra, body, testing::leaf_of(extra, body)));
  for (const auto& [name, q] : queries())
    for (auto [x, y] :
         {std::pair{std::optional(Axis::measurement_start_day), std::optional(Axis::probe_asn)},
          std::pair{std::optional(Axis::domain), std::optional(Axis::method)},
          std::pair{std::optional(Axis::category_code), std::optional(Axis::test_name)},
          std::pair{std::optional<Axis>(), std::optional<Axis>()}}) {
      store->use_rollups(true);
      auto fast = store->aggregation(q, x, y);
      store->use_rollups(false);
      auto slow = store->aggregation(q, x, y);
      ASSERT_TRUE(fast && slow);
      EXPECT_EQ(*fast, *slow) << name << "\n" << text_of(*fast) << "raw:\n" << text_of(*slow);
    }
  auto networks = store->networks("KZ");
  ASSERT_TRUE(networks) << networks.error().message();
  std::int64_t kz = 0;
  for (const auto& n : *networks) {
    kz += n.measurement_count;
    EXPECT_EQ(n.name, "Network " + n.probe_asn.substr(n.probe_asn.size() - 1)) << n.probe_asn;
  }
  MeasurementQuery q;
  q.probe_cc = "KZ";
  store->use_rollups(false);
  auto rows = store->aggregation(q, std::nullopt, std::nullopt);
  ASSERT_TRUE(rows);
  EXPECT_EQ(kz, rows->front().measurement_count);
  auto domains = store->find_domains("site1", 100);
  ASSERT_TRUE(domains);
  EXPECT_EQ(domains->size(), 11u);  // site1, site10 … site19
}

TEST(ObservatoryRollups, MeasurementsCannotBeUpdatedOrDeleted) {
  TempDb db("rollups-refuse");
  {
    auto store = open_or_fail(db.path);
    ASSERT_TRUE(store);
    testing::fill(*store);
  }
  sqlite3* conn = nullptr;
  ASSERT_EQ(sqlite3_open(db.path.c_str(), &conn), SQLITE_OK);
  store::SqliteDatabase raw(conn);
  for (const char* sql : {"UPDATE measurements SET anomaly = 1 - anomaly",
                          "DELETE FROM measurements WHERE probe_cc = 'KZ'"}) {
    EXPECT_NE(sqlite3_exec(conn, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    EXPECT_NE(std::string(sqlite3_errmsg(conn)).find("never"), std::string::npos)
        << sqlite3_errmsg(conn);
  }
  store::Statement n(conn, "SELECT COUNT(*), SUM(anomaly) FROM measurements");
  ASSERT_EQ(sqlite3_step(n.get()), SQLITE_ROW);
  EXPECT_EQ(n.integer(0), testing::kGeneratedRows);
}

}  // namespace
}  // namespace ashyq::collector
