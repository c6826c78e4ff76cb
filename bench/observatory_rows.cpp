// Read-side benchmark of the collector's stores: generates N measurement rows, then times the
// read API's heaviest question, aggregation by day × ASN, and a first page of listing. Part of
// bench/ (bench/collector.sh).
//
//   observatory_rows --store PATH --rows 1000000 [--days 365] [--asns 40] [--domains 2000]
//   observatory_rows --clickhouse 'http://H:P/?spool=PATH&database=D' --rows 10000000 …
//
// The rows: measurement_start_time spread evenly over the last DAYS days before 2026-12-01, ASNs
// and domains drawn uniformly, one country (KZ) for 90 % and nine others, ~12 % anomalous with a
// method, ~2 % failures, all web_connectivity. They are written into the store's own schema
// (opened, hence migrated, by SqliteObservatory) with plain INSERTs in one transaction: the
// measurements table only, since aggregation and listing never read the raw bodies. In ClickHouse
// the same distribution is written by one INSERT … SELECT over numbers(N) (cityHash64 of the row
// number in place of the random generator) into the tables ClickHouseObservatory creates. Timings
// are the minimum and median of five runs, through the store's own aggregation(), in
// milliseconds; one line of JSON.
#include <sqlite3.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "collector/clickhouse_observatory.hpp"
#include "collector/sqlite_observatory.hpp"
#include "store/sqlite_statement.hpp"

namespace json = boost::json;
using namespace ashyq;
using Clock = std::chrono::steady_clock;

namespace {

std::string ooni_time(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

bool generate(const std::string& path, std::size_t rows, int days, int asns, int domains) {
  sqlite3* raw = nullptr;
  if (sqlite3_open(path.c_str(), &raw) != SQLITE_OK) {
    std::cerr << "observatory_rows: " << path << ": " << sqlite3_errmsg(raw) << "\n";
    return false;
  }
  store::SqliteDatabase db(raw);
  sqlite3_exec(raw, "PRAGMA synchronous = OFF; BEGIN", nullptr, nullptr, nullptr);
  store::Statement insert(
      raw,
      "INSERT INTO measurements(measurement_uid, report_id, input, domain, probe_cc, probe_asn, "
      "probe_network_name, test_name, test_version, software_name, software_version, "
      "test_start_time, measurement_start_time, category_code, anomaly, confirmed, failure, "
      "blocking, method, confidence) VALUES (?,?,?,?,?,?,?,'web_connectivity','0.4.3','ashyq',"
      "'0.1.0',?,?,?,?,?,?,?,?,?)");
  std::mt19937_64 random(42);
  const std::time_t end = 1796083200;  // 2026-12-01 00:00:00 UTC
  const std::time_t span = static_cast<std::time_t>(days) * 86400;
  const char* countries[] = {"RU", "UZ", "KG", "TJ", "TM", "AZ", "GE", "AM", "BY"};
  const char* methods[] = {"dns", "tcp", "tls", "http-failure", "blockpage", "interception"};
  const char* categories[] = {"NEWS", "HUMR", "POLR", "COMT", "GRP", "MMED", "ANON", "CULTR"};
  for (std::size_t i = 0; i < rows; ++i) {
    const std::time_t t = end - span + static_cast<std::time_t>(i * span / rows);
    const auto r = random();
    const int asn = 9000 + static_cast<int>(r % asns);
    const int domain = static_cast<int>((r >> 8) % domains);
    const bool kz = (r >> 20) % 10 != 0;
    const int pick = static_cast<int>((r >> 24) % 100);
    const bool failure = pick < 2, anomaly = !failure && pick < 14;
    const std::string when = ooni_time(t);
    const std::string name = "site" + std::to_string(domain) + ".example";
    insert.bind(1, when + "_" + std::to_string(i));
    insert.bind(2, "20200101T000000Z_webconnectivity_KZ_" + std::to_string(asn) + "_n1_bench");
    insert.bind(3, "https://" + name + "/");
    insert.bind(4, name);
    insert.bind(5, std::string(kz ? "KZ" : countries[(r >> 32) % 9]));
    insert.bind(6, "AS" + std::to_string(asn));
    insert.bind(7, "Network " + std::to_string(asn));
    insert.bind(8, when);
    insert.bind(9, when);
    insert.bind(10, std::string(categories[(r >> 36) % 8]));
    insert.bind(11, static_cast<int64_t>(anomaly));
    insert.bind(12, static_cast<int64_t>(anomaly && (r >> 40) % 10 == 0));
    insert.bind(13, static_cast<int64_t>(failure));
    insert.bind(14, std::string(failure ? "null" : anomaly ? "http-failure" : "false"));
    insert.bind(15, std::string(anomaly ? methods[(r >> 44) % 6] : failure ? "unknown" : "none"));
    insert.bind(16, anomaly ? 0.9 : 0.0);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) {
      std::cerr << "observatory_rows: insert: " << sqlite3_errmsg(raw) << "\n";
      return false;
    }
    sqlite3_reset(insert.get());
  }
  return sqlite3_exec(raw, "COMMIT; ANALYZE", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// The same rows as generate(), by ClickHouse itself.
bool generate_in_clickhouse(const collector::ClickHouseStoreSettings& settings, std::size_t rows,
                            int days, int asns, int domains) {
  const std::string n = std::to_string(rows), span = std::to_string(days * 86400LL);
  const std::string r = "cityHash64(number)";
  auto bits = [&](int shift, int modulo) {
    return "(bitShiftRight(" + r + ", " + std::to_string(shift) + ") % " + std::to_string(modulo) +
           ")";
  };
  const std::string when =
      "toDateTime(1796083200 - " + span + " + intDiv(number * " + span + ", " + n + "), 'UTC')";
  const std::string asn = "toString(9000 + " + bits(0, asns) + ")";
  const std::string domain = "concat('site', toString(" + bits(8, domains) + "), '.example')";
  const std::string pick = bits(24, 100);
  const std::string failure = "(" + pick + " < 2)",
                    anomaly = "(" + pick + " >= 2 AND " + pick + " < 14)";
  const std::string sql =
      "INSERT INTO " + settings.database +
      ".measurements_local SELECT concat(toString(w), '_', toString(number)), "
      "concat('20200101T000000Z_webconnectivity_KZ_', a, '_n1_bench'), "
      "concat('https://', d, '/'), d, "
      "if(" +
      bits(20, 10) + " != 0, 'KZ', ['RU','UZ','KG','TJ','TM','AZ','GE','AM','BY'][" + bits(32, 9) +
      " + 1]), concat('AS', a), concat('Network ', a), 'web_connectivity', "
      "'0.4.3', 'ashyq', '0.1.0', toString(w), w, "
      "['NEWS','HUMR','POLR','COMT','GRP','MMED','ANON','CULTR'][" +
      bits(36, 8) + " + 1], " + anomaly + ", " + anomaly + " AND " + bits(40, 10) + " = 0, " +
      failure + ", " + "multiIf(" + failure + ", 'null', " + anomaly +
      ", 'http-failure', 'false'), " + "multiIf(" + anomaly +
      ", ['dns','tcp','tls','http-failure','blockpage','interception'][" + bits(44, 6) + " + 1], " +
      failure + ", 'unknown', 'none'), if(" + anomaly + ", 0.9, 0.0) FROM (SELECT number, " + when +
      " AS w, " + asn + " AS a, " + domain + " AS d FROM numbers(" + n + "))";
  auto client = collector::ClickHouseEndpoint(settings.endpoint);
  client.timeout = std::chrono::minutes(30);
  auto done = collector::ClickHouseClient(client).query(sql);
  if (!done)
    std::cerr << "observatory_rows: " << done.error().message() << "\n";
  return done.ok();
}

template <typename F>
json::object timed(F&& f) {
  std::vector<double> ms;
  for (int i = 0; i < 5; ++i) {
    const auto start = Clock::now();
    if (!f())
      return {{"error", true}};
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return {{"min_ms", ms.front()}, {"median_ms", ms[2]}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, clickhouse;
  std::size_t rows = 1000000;
  int days = 365, asns = 40, domains = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--store")
      path = value;
    else if (flag == "--clickhouse")
      clickhouse = value;
    else if (flag == "--rows")
      rows = std::stoul(value);
    else if (flag == "--days")
      days = std::stoi(value);
    else if (flag == "--asns")
      asns = std::stoi(value);
    else if (flag == "--domains")
      domains = std::stoi(value);
    else {
      std::cerr << "observatory_rows: unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (path.empty() == clickhouse.empty() || argc % 2 == 0 || rows == 0 || days <= 0 || asns <= 0 ||
      domains <= 0) {
    std::cerr << "usage: observatory_rows (--store PATH | --clickhouse URL) [--rows N] [--days D] "
                 "[--asns A] [--domains M]\n";
    return 2;
  }
  std::unique_ptr<collector::ObservatoryStore> store;
  double generate_s = 0;
  if (!path.empty()) {
    {
      auto created = collector::SqliteObservatory::open(path);  // the schema, by its migrations
      if (!created) {
        std::cerr << "observatory_rows: " << created.error().message() << "\n";
        return 3;
      }
    }
    const auto start = Clock::now();
    if (!generate(path, rows, days, asns, domains))
      return 3;
    generate_s = std::chrono::duration<double>(Clock::now() - start).count();
    auto opened = collector::SqliteObservatory::open(path);
    if (!opened) {
      std::cerr << "observatory_rows: " << opened.error().message() << "\n";
      return 3;
    }
    store = std::move(opened).value();
  } else {
    auto settings = collector::parse_clickhouse_store(clickhouse);
    if (!settings) {
      std::cerr << "observatory_rows: " << settings.error().message() << "\n";
      return 2;
    }
    auto opened = collector::ClickHouseObservatory::open(*settings);  // the tables
    if (!opened) {
      std::cerr << "observatory_rows: " << opened.error().message() << "\n";
      return 3;
    }
    const auto start = Clock::now();
    if (!generate_in_clickhouse(*settings, rows, days, asns, domains))
      return 3;
    generate_s = std::chrono::duration<double>(Clock::now() - start).count();
    store = std::move(opened).value();
  }
  auto& s = *store;
  collector::MeasurementQuery year;
  year.since = "2000-01-01 00:00:00";
  collector::MeasurementQuery month;
  month.since = "2026-11-01 00:00:00";
  month.until = "2026-12-01 00:00:00";
  collector::MeasurementQuery kz_year = year;
  kz_year.probe_cc = "KZ";
  std::size_t cells = 0;
  auto aggregate = [&](const collector::MeasurementQuery& q) {
    return [&, q] {
      auto r = s.aggregation(q, collector::Axis::measurement_start_day, collector::Axis::probe_asn);
      if (!r)
        std::cerr << "observatory_rows: " << r.error().message() << "\n";
      cells = r ? r->size() : 0;
      return r.ok();
    };
  };
  json::object out{
      {"rows", rows}, {"days", days}, {"asns", asns}, {"generate_seconds", generate_s}};
  out["day_x_asn_all_rows"] = timed(aggregate(year));
  out["day_x_asn_all_rows_cells"] = cells;
  out["day_x_asn_kz_all_rows"] = timed(aggregate(kz_year));
  out["day_x_asn_kz_all_rows_cells"] = cells;
  out["day_x_asn_last_30_days"] = timed(aggregate(month));
  out["day_x_asn_last_30_days_cells"] = cells;
  out["listing_first_page_kz"] = timed([&] {
    collector::MeasurementQuery q = kz_year;
    q.limit = 100;
    auto r = s.measurements(q);
    return r.ok();
  });
  std::cout << json::serialize(out) << std::endl;
  return 0;
}
