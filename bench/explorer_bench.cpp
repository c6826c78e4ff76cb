// The explorer's pages against the SQLite store at 1,000,000 measurements: the set of store calls
// each page makes (country page for 30/90/365 days, domain page, home page), timed with the daily
// rollups and with use_rollups(false), and the ingest rate with and without the rollups' triggers.
//
//   explorer_bench [--db PATH] [--rows 1000000] [--runs 5] [--raw-runs 3] [--ingest 3000]
//                  [--pages-only]   (the pages, not the store calls with and without rollups)
//
// The database (default /tmp/ashyq-explorer-bench.sqlite) is built once and reused while it
// exists: 365 days before 2026-12-01, five countries (KZ ≈ 70 %), 20 networks each in one
// country, 2,000 domains drawn with a skew (a few popular ones, a long tail), ~8 % empty (tests
// without a URL), four tests, a realistic mix of methods and flags. Rows go in through the store's
// own schema (so the triggers build the rollups) with plain INSERTs in one transaction; bodies
// only for tls_interception (what the country page opens with find()).
//
// time_median(name, runs, fn) is the unit: the explorer adds its render_country/render_domain
// timings as further calls. Prints one line per timing: name, median ms, runs.
#include <sqlite3.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "collector/measurement_leaf.hpp"
#include "collector/sqlite_observatory.hpp"
#include "explorer/explorer.hpp"
#include "i18n/catalogues.hpp"
#include "store/sqlite_statement.hpp"

using namespace ashyq;
using collector::Axis;
using collector::MeasurementQuery;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::time_t kEnd = 1796083200;  // 2026-12-01 00:00:00 UTC

std::string ooni_time(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

std::string day_start(std::time_t t) {
  return ooni_time(t - t % 86400);
}

const char* kCountries[] = {"KZ", "RU", "UZ", "KG", "TJ"};
const char* kCategories[] = {"NEWS", "HUMR", "POLR", "COMT", "GRP", "MMED", "ANON", "CULTR"};

struct Generator {
  std::mt19937_64 random{42};
  std::vector<double> domain_weights;  // cumulative, Zipf-like
  Generator() {
    double sum = 0;
    for (int d = 0; d < 2000; ++d)
      domain_weights.push_back(sum += 1.0 / std::pow(d + 1, 0.8));
    for (auto& w : domain_weights)
      w /= sum;
  }
  collector::ObservatoryRow row(std::size_t i, std::size_t rows) {
    const auto r = random();
    collector::ObservatoryRow m;
    const std::time_t span = 365 * 86400;
    const std::time_t t = kEnd - span + static_cast<std::time_t>(i * span / rows);
    const int pick = static_cast<int>(r % 100);
    const int country = pick < 70 ? 0 : 1 + (pick - 70) % 4;
    // 20 networks: 12 in KZ, 2 in each other country.
    const int asn = country == 0 ? static_cast<int>((r >> 8) % 12)
                                 : 12 + (country - 1) * 2 + static_cast<int>((r >> 8) % 2);
    const int test = static_cast<int>((r >> 16) % 100);
    m.test_name = test < 84   ? "web_connectivity"
                  : test < 90 ? "tls_interception"
                  : test < 95 ? "dnscheck"
                              : "sni_blocking";
    const double u = static_cast<double>((r >> 24) % 1000000) / 1e6;
    const int domain = static_cast<int>(
        std::lower_bound(domain_weights.begin(), domain_weights.end(), u) - domain_weights.begin());
    m.domain = m.test_name == "dnscheck" || (r >> 44) % 100 < 3
                   ? ""
                   : "site" + std::to_string(std::min(domain, 1999)) + ".example";
    m.probe_cc = kCountries[country];
    m.probe_asn = "AS" + std::to_string(9000 + asn * 37);
    m.probe_network_name = "Network " + std::to_string(asn) + ((i / 100000) % 2 ? " LLP" : "");
    m.measurement_start_time = m.test_start_time = ooni_time(t);
    m.measurement_uid = std::to_string(i) + "_" + m.probe_cc + "_" + m.test_name;
    m.report_id = "20260101T000000Z_" + m.test_name + "_" + m.probe_cc + "_" +
                  m.probe_asn.substr(2) + "_n1_b" + std::to_string(i / 500);
    if (!m.domain.empty())
      m.input = "https://" + m.domain + "/";
    m.category_code = m.domain.empty() ? "" : kCategories[(domain * 7) % 8];
    m.test_version = "0.4.3";
    m.software_name = "ashyq";
    m.software_version = "0.1.0";
    // Blocked: every 9th domain in KZ, more often in the popular ones; failures ~2 %.
    const int flags = static_cast<int>((r >> 52) % 100);
    const bool censored = country == 0 ? domain % 9 == 0 : domain % 23 == 0;
    m.failure = flags < 2;
    m.anomaly = !m.failure && (censored ? flags < 80 : flags < 5);
    m.confirmed = m.anomaly && censored && flags < 30;
    const char* methods[] = {"dns", "tcp", "tls", "http-failure", "blockpage", "interception"};
    m.method = m.failure ? "unknown" : m.anomaly ? methods[(domain + asn) % 6] : "none";
    m.blocking = m.failure ? "null" : m.anomaly ? "http-failure" : "false";
    m.confidence = m.anomaly ? 0.9 : 0.0;
    return m;
  }
};

bool bind_row(store::Statement& ins, const collector::ObservatoryRow& r) {
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
  return true;
}

std::string body_of(const collector::ObservatoryRow& r) {
  return "{\"format\":\"json\",\"content\":{\"test_name\":\"" + r.test_name + "\",\"probe_cc\":\"" +
         r.probe_cc + "\",\"test_keys\":{\"pad\":\"" + std::string(600, 'x') + "\"}}}";
}

bool generate(const std::string& path, std::size_t rows) {
  {
    auto created = collector::SqliteObservatory::open(path);  // schema, rollups and triggers
    if (!created) {
      std::cerr << "explorer_bench: " << created.error().message() << "\n";
      return false;
    }
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open(path.c_str(), &raw) != SQLITE_OK)
    return false;
  store::SqliteDatabase db(raw);
  sqlite3_exec(raw, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; BEGIN", nullptr,
               nullptr, nullptr);
  store::Statement ins(
      raw,
      "INSERT INTO measurements(measurement_uid, report_id, input, domain, probe_cc, probe_asn, "
      "probe_network_name, test_name, test_version, software_name, software_version, "
      "test_start_time, measurement_start_time, category_code, anomaly, confirmed, failure, "
      "blocking, method, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  store::Statement body(raw,
                        "INSERT INTO raw_measurements(measurement_uid, size, zlib) VALUES (?,?,?)");
  Generator g;
  for (std::size_t i = 0; i < rows; ++i) {
    auto r = g.row(i, rows);
    bind_row(ins, r);
    if (sqlite3_step(ins.get()) != SQLITE_DONE) {
      std::cerr << "explorer_bench: insert: " << sqlite3_errmsg(raw) << "\n";
      return false;
    }
    sqlite3_reset(ins.get());
    if (r.test_name == "tls_interception") {
      auto text = body_of(r);
      uLongf size = compressBound(static_cast<uLong>(text.size()));
      std::string packed(size, '\0');
      compress2(reinterpret_cast<Bytef*>(packed.data()), &size,
                reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                Z_DEFAULT_COMPRESSION);
      packed.resize(size);
      body.bind(1, r.measurement_uid);
      body.bind(2, static_cast<std::int64_t>(text.size()));
      body.bind_blob(3, packed);
      if (sqlite3_step(body.get()) != SQLITE_DONE)
        return false;
      sqlite3_reset(body.get());
    }
    if (i % 100000 == 99999)
      std::cerr << "explorer_bench: " << i + 1 << " rows\n";
  }
  return sqlite3_exec(raw, "COMMIT; ANALYZE", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Runs fn `runs` times (after one warm-up run) and prints and returns the median milliseconds.
double time_median(const std::string& name, int runs, const std::function<void()>& fn) {
  fn();
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  const double median = ms[ms.size() / 2];
  std::printf("%-44s %10.1f ms  (median of %d)\n", name.c_str(), median, runs);
  std::fflush(stdout);
  return median;
}

template <class T>
const T& must(const core::Result<T>& r) {
  if (!r) {
    std::cerr << "explorer_bench: " << r.error().message() << "\n";
    std::exit(3);
  }
  return *r;
}

MeasurementQuery days_before_end(const std::string& cc, int days) {
  MeasurementQuery q;
  q.probe_cc = cc;
  q.since = day_start(kEnd - static_cast<std::time_t>(days) * 86400);
  q.until = day_start(kEnd);
  return q;
}

// The store calls of /country/{cc}?days=N.
void country_page(collector::ObservatoryStore& s, const std::string& cc, int days) {
  auto q = days_before_end(cc, days);
  must(s.aggregation(q, Axis::measurement_start_day, Axis::method));
  must(s.aggregation(q, Axis::probe_asn, Axis::method));
  auto domains = must(s.aggregation(q, Axis::domain, std::nullopt));
  std::sort(domains.begin(), domains.end(), [](const auto& a, const auto& b) {
    return a.anomaly_count + a.confirmed_count > b.anomaly_count + b.confirmed_count;
  });
  for (std::size_t i = 0; i < std::min<std::size_t>(20, domains.size()); ++i) {
    if (domains[i].anomaly_count + domains[i].confirmed_count == 0 || domains[i].x->empty())
      break;
    MeasurementQuery seen;
    seen.probe_cc = cc;
    seen.domain = *domains[i].x;
    must(s.aggregation(seen, Axis::measurement_start_day, std::nullopt));
  }
  must(s.networks(cc));
  must(s.aggregation(days_before_end(cc, 7), Axis::test_name, Axis::probe_asn));
  must(s.aggregation(q, Axis::category_code, std::nullopt));
  must(s.aggregation(q, Axis::test_name, std::nullopt));
  auto tls = q;
  tls.test_name = "tls_interception";
  tls.limit = 50;
  auto page = must(s.measurements(tls));
  for (const auto& row : page.rows)
    must(s.find(row.measurement_uid));
}

// The store calls of /domain/{domain}?probe_cc={cc} (30 days).
void domain_page(collector::ObservatoryStore& s, const std::string& cc, const std::string& domain) {
  auto q = days_before_end(cc, 30);
  q.domain = domain;
  must(s.aggregation(q, Axis::measurement_start_day, std::nullopt));
  must(s.aggregation(q, Axis::probe_asn, Axis::method));
  MeasurementQuery all;
  all.probe_cc = cc;
  all.domain = domain;
  must(s.aggregation(all, Axis::measurement_start_day, std::nullopt));
  q.limit = 100;
  must(s.measurements(q));
  must(s.networks(cc));
}

void home_page(collector::ObservatoryStore& s) {
  MeasurementQuery q;
  q.since = day_start(kEnd - 30 * 86400);
  q.until = day_start(kEnd);
  must(s.aggregation(q, Axis::probe_cc, std::nullopt));
}

// Measurements/s through SqliteObservatory::insert from 4 threads (group commit, fsync), into a
// fresh store, with the rollups' triggers or with them dropped.
double ingest_rate(const std::string& path, std::size_t n, bool triggers) {
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path + suffix);
  double s = 0;
  {
    auto opened = collector::SqliteObservatory::open(path);
    auto& store = *must(opened);
    if (!triggers) {
      sqlite3* raw = nullptr;
      sqlite3_open(path.c_str(), &raw);
      store::SqliteDatabase db(raw);
      sqlite3_exec(raw,
                   "DROP TRIGGER measurements_rollups; DROP TRIGGER measurements_rollups_narrow",
                   nullptr, nullptr, nullptr);
    }
    Generator g;
    std::vector<collector::ObservatoryRow> rows;
    std::vector<std::string> bodies, leaves;
    for (std::size_t i = 0; i < n; ++i) {
      rows.push_back(g.row(i * 97, n * 97));
      bodies.push_back(body_of(rows.back()));
      auto leaf = collector::measurement_leaf_record(
          rows.back(), bodies.back(), collector::SysSeconds(std::chrono::seconds(1764900000)));
      leaves.push_back(leaf ? *leaf : std::string());
    }
    std::atomic<std::size_t> next{0};
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (std::size_t i; (i = next++) < n;)
          must(store.insert(rows[i], bodies[i], leaves[i]));
      });
    for (auto& t : threads)
      t.join();
    s = std::chrono::duration<double>(Clock::now() - start).count();
  }  // the store closed before its files go
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path + suffix);
  return static_cast<double>(n) / s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = "/tmp/ashyq-explorer-bench.sqlite";
  std::size_t rows = 1000000, ingest = 3000;
  int runs = 5, raw_runs = 3;
  bool store_calls = true;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--pages-only") {
      store_calls = false;
      --i;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "explorer_bench: " << flag << " needs a value\n";
      return 2;
    }
    const std::string value = argv[i + 1];
    if (flag == "--db")
      path = value;
    else if (flag == "--rows")
      rows = std::stoul(value);
    else if (flag == "--runs")
      runs = std::stoi(value);
    else if (flag == "--raw-runs")
      raw_runs = std::stoi(value);
    else if (flag == "--ingest")
      ingest = std::stoul(value);
    else {
      std::cerr << "usage: explorer_bench [--db PATH] [--rows N] [--runs R] [--raw-runs R] "
                   "[--ingest N] [--pages-only]\n";
      return 2;
    }
  }
  if (!std::filesystem::exists(path)) {
    const auto start = Clock::now();
    if (!generate(path, rows))
      return 3;
    std::printf("built %s: %zu rows in %.1f s\n", path.c_str(), rows,
                std::chrono::duration<double>(Clock::now() - start).count());
  }
  auto opened = collector::SqliteObservatory::open(path);
  must(opened);
  std::shared_ptr<collector::SqliteObservatory> shared = std::move(opened).value();
  auto& store = *shared;
  auto top = must(store.aggregation(days_before_end("KZ", 30), Axis::domain, std::nullopt));
  std::string blocked;
  std::int64_t most = -1;
  for (const auto& c : top)
    if (!c.x->empty() && c.anomaly_count + c.confirmed_count > most) {
      most = c.anomaly_count + c.confirmed_count;
      blocked = *c.x;
    }
  std::printf(
      "measurements: %lld; domain page for %s\n",
      static_cast<long long>(must(store.aggregation(MeasurementQuery{}, std::nullopt, std::nullopt))
                                 .front()
                                 .measurement_count),
      blocked.c_str());
  for (bool rollups : {true, false}) {
    if (!store_calls)
      break;
    store.use_rollups(rollups);
    const std::string tag = rollups ? " [rollups]" : " [raw]";
    const int n = rollups ? runs : raw_runs;
    for (int days : {30, 90, 365})
      time_median("country KZ " + std::to_string(days) + " days" + tag, n,
                  [&] { country_page(store, "KZ", days); });
    time_median("domain " + blocked + " KZ" + tag, n, [&] { domain_page(store, "KZ", blocked); });
    time_median("home" + tag, n, [&] { home_page(store); });
  }
  // The pages themselves, as the collector serves them (store calls, analysis and HTML), in
  // Russian (the catalogue's lookups included), the clock at the data's last day.
  auto catalogues = i18n::Catalogues::load_default();
  if (!catalogues) {
    std::cerr << "explorer_bench: " << catalogues.error().message() << "\n";
    return 3;
  }
  store.use_rollups(true);
  explorer::Explorer pages(shared,
                           std::make_shared<const i18n::Catalogues>(std::move(catalogues).value()),
                           analysis::VerdictOptions{},
                           [] { return std::chrono::system_clock::from_time_t(kEnd - 3600); });
  auto page = [&](const std::string& target) {
    return time_median("page " + target, runs, [&] {
      namespace http = boost::beast::http;
      net::HttpServerRequest req{http::verb::get, target, 11};
      auto res = pages.respond(req);
      if (!res || res->result() != http::status::ok) {
        std::cerr << "explorer_bench: " << target << " was not a page\n";
        std::exit(3);
      }
    });
  };
  for (const char* period : {"30", "90", "365"})
    page(std::string("/country/KZ?lang=ru&period=") + period);
  page("/domain/" + blocked + "?lang=ru&probe_cc=KZ");
  page("/?lang=ru");
  if (ingest > 0) {
    std::printf("ingest with triggers:    %8.0f measurements/s (%zu, 4 threads)\n",
                ingest_rate(path + ".ingest", ingest, true), ingest);
    std::printf("ingest without triggers: %8.0f measurements/s (%zu, 4 threads)\n",
                ingest_rate(path + ".ingest", ingest, false), ingest);
  }
  return 0;
}
