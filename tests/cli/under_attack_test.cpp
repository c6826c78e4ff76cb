// The public services under abuse, as organisations run them (`ashyq helper`, `ashyq collector`
// in child processes on loopback): ten thousand idle connections, slowloris clients and
// oversized requests do not keep an ordinary client out and do not grow the server's memory;
// running out of file descriptors makes the server back off, not spin, and it serves again when
// the abuse stops; 100,000 hostile submissions get only 4xx answers and store nothing.
//
// Figures (peak RSS, CPU while out of descriptors, answers per status) are printed for
// bench/RESULTS.md; the assertions are bounds on behaviour (memory, a spin), not on speed.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/json.hpp"
#include "support/collector_process.hpp"
#include "support/hostile_bytes.hpp"
#include "support/memory_bound.hpp"
#include "support/submission_client.hpp"

namespace ashyq {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
namespace fs = std::filesystem;
using asio::ip::tcp;
using namespace std::chrono_literals;

struct Dir {
  fs::path path;
  explicit Dir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("ashyq-under-attack-" + name + "-" + std::to_string(getpid()))) {
    fs::create_directories(path);
  }
  ~Dir() { fs::remove_all(path); }
};

// A field of /proc/PID/status in KiB ("VmHWM", "VmRSS").
long status_kib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(field + ":"))
      return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

// User + system CPU of a process, in seconds.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i)
    fields >> skip;
  long utime = 0, stime = 0;
  fields >> utime >> stime;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Lets this process hold `wanted` descriptors; false when the hard limit does not allow it.
bool raise_open_files(rlim_t wanted) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur >= wanted)
    return true;
  if (limit.rlim_max < wanted)
    return false;
  limit.rlim_cur = wanted;
  return setrlimit(RLIMIT_NOFILE, &limit) == 0;
}

// Attack connections from `from` addresses, held open by the test.
class Connections {
 public:
  // Opens `count` connections spread over the addresses 127.B.x.y; false if one failed.
  bool open(unsigned short port, int count, int per_address, int b) {
    for (int i = 0; i < count; ++i) {
      const int a = i / per_address;
      const std::string from = "127." + std::to_string(b) + "." + std::to_string(a / 250) + "." +
                               std::to_string(a % 250 + 1);
      tcp::socket socket(io_);
      boost::system::error_code ec;
      socket.open(tcp::v4(), ec);
      if (!ec)
        socket.bind({asio::ip::make_address(from), 0}, ec);
      if (!ec)
        socket.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
      if (ec) {
        error_ = from + ": " + ec.message();
        return false;
      }
      sockets_.push_back(std::move(socket));
    }
    return true;
  }
  // Writes `bytes` on every connection still open (errors ignored: the server may have closed
  // it); returns how many took them.
  int write_all(const std::string& bytes) {
    int written = 0;
    for (auto& s : sockets_) {
      boost::system::error_code ec;
      asio::write(s, asio::buffer(bytes), ec);
      written += !ec;
    }
    return written;
  }
  void close_all() { sockets_.clear(); }
  const std::string& error() const { return error_; }
  std::size_t size() const { return sockets_.size(); }

 private:
  asio::io_context io_;
  std::vector<tcp::socket> sockets_;
  std::string error_;
};

// An ordinary client's GET from 127.0.0.1: its status, trying a few times (a new connection may
// arrive a moment before the server has made room for it).
int ordinary_get(unsigned short port, const std::string& target = "/") {
  int status = 0;
  for (int attempt = 0; attempt < 20 && status != 200; ++attempt) {
    status = testing::get_from("127.0.0.1", port, target).status;
    if (status != 200)
      std::this_thread::sleep_for(50ms);
  }
  return status;
}

// What a request that is too large gets: the status read back (0 when the connection was cut).
int oversized_request(unsigned short port, const std::string& head, std::size_t body_bytes) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(10s);
  boost::system::error_code ec;
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec)
    return 0;
  asio::write(stream, asio::buffer(head), ec);
  const std::string chunk(64 * 1024, 'a');
  for (std::size_t sent = 0; !ec && sent < body_bytes; sent += chunk.size())
    asio::write(stream, asio::buffer(chunk), ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response, ec);
  return ec ? 0 : static_cast<int>(response.result_int());
}

std::vector<std::string> helper_args() {
  return {"helper", "--listen", "127.0.0.1:0", "--threads", "2", "--rate-limit", "0"};
}

// Idle, slow and oversized clients against a server in `process`, whose `target` answers 200;
// `name` names it in the figures printed.
void serves_others_under_abuse(const testing::CollectorProcess& server, const std::string& target,
                               const std::string& name) {
  const auto port = server.port();
  ASSERT_EQ(ordinary_get(port, target), 200) << server.log();
  const long rss_before = status_kib(server.pid(), "VmRSS");

  // 10,000 idle connections from 100 addresses (100 each): the server holds at most 1,000 and
  // gives the oldest waiting one up for each new connection.
  Connections idle;
  ASSERT_TRUE(idle.open(port, 10000, 100, 1)) << idle.error();
  EXPECT_EQ(ordinary_get(port, target), 200) << "an ordinary client during 10,000 idle connections";

  // Slowloris: 1,000 connections from 10 addresses drip a header a byte every 100 ms; an
  // ordinary client is served throughout.
  Connections slow;
  ASSERT_TRUE(slow.open(port, 1000, 100, 2)) << slow.error();
  slow.write_all("GET / HTTP/1.1\r\nX-Drip: ");
  int served_during_drip = 0;
  for (int round = 0; round < 20; ++round) {
    slow.write_all("a");
    served_during_drip += ordinary_get(port, target) == 200;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(served_during_drip, 20);

  // Oversized: a 2 MiB header line and a 100 MB body are refused with 413.
  EXPECT_EQ(
      oversized_request(
          port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2 << 20, 'b') + "\r\n\r\n", 0),
      413);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(oversized_request(
                  port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n", 2 << 20),
              413);
  }
  EXPECT_EQ(ordinary_get(port, target), 200);

  const long peak = status_kib(server.pid(), "VmHWM");
  std::cout << name << " under abuse: RSS before " << rss_before / 1024 << " MiB, peak "
            << peak / 1024 << " MiB\n";
  EXPECT_LE(peak, testing::rss_bound_kib(64 * 1024)) << "KiB";

  // When the abuse stops it serves as before.
  idle.close_all();
  slow.close_all();
  EXPECT_EQ(ordinary_get(port, target), 200);
}

TEST(UnderAttack, TheHelperServesOthersThroughIdleSlowAndOversizedClients) {
  if (!raise_open_files(12000))
    GTEST_SKIP() << "the hard limit on open files is below the 12,000 this test holds";
  Dir dir("helper");
  testing::CollectorProcess helper(dir.path.string(), helper_args());
  ASSERT_NE(helper.port(), 0) << helper.log();
  serves_others_under_abuse(helper, "/", "helper");
}

TEST(UnderAttack, TheCollectorServesOthersThroughIdleSlowAndOversizedClients) {
  if (!raise_open_files(12000))
    GTEST_SKIP() << "the hard limit on open files is below the 12,000 this test holds";
  Dir dir("collector-abuse");
  testing::CollectorProcess collector(dir.path.string(),
                                      "sqlite:" + (dir.path / "observatory.sqlite").string());
  ASSERT_NE(collector.port(), 0) << collector.log();
  serves_others_under_abuse(collector, "/health", "collector");
}

TEST(UnderAttack, TheHelperBacksOffWhenOutOfDescriptorsAndRecovers) {
  Dir dir("emfile");
  testing::CollectorProcess helper(dir.path.string(), helper_args(), /*max_open_files=*/64);
  ASSERT_NE(helper.port(), 0) << helper.log();
  ASSERT_EQ(ordinary_get(helper.port()), 200) << helper.log();

  // More connections than the helper has descriptors: accept() fails with EMFILE.
  Connections flood;
  ASSERT_TRUE(flood.open(helper.port(), 200, 100, 3)) << flood.error();
  std::this_thread::sleep_for(300ms);
  const auto open_files =
      std::distance(fs::directory_iterator("/proc/" + std::to_string(helper.pid()) + "/fd"),
                    fs::directory_iterator{});
  EXPECT_GE(open_files, 60) << "the helper should have run out of descriptors";
  const double cpu_before = cpu_seconds(helper.pid());
  const auto wall_before = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(2s);
  const double cpu = cpu_seconds(helper.pid()) - cpu_before;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
  std::cout << "helper out of descriptors (" << open_files << " open): " << cpu << " s of CPU in "
            << wall << " s\n";
  // A spinning acceptor would burn a core (about `wall` seconds); backing off costs almost none.
  EXPECT_LT(cpu, 0.25 * wall);

  flood.close_all();
  int status = 0;
  for (int attempt = 0; attempt < 10 && status != 200; ++attempt)
    status = ordinary_get(helper.port());
  EXPECT_EQ(status, 200) << "it serves again once the descriptors are free\n" << helper.log();
}

// ---- The collector ----

// Rows in a table of the collector's SQLite store.
long long count_rows(const std::string& db, const std::string& table) {
  sqlite3* handle = nullptr;
  long long n = -1;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    const std::string sql = "SELECT count(*) FROM " + table;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      n = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(handle);
  return n;
}

// A hostile submission, number `n`, under a real open report: each kind is invalid by
// construction (a field the collector must refuse, bytes that are not UTF-8, JSON cut short, a
// wrong envelope, a report id that is not the URL's), so none may be stored.
struct HostileSubmission {
  std::string target;
  std::string body;
  std::string kind;
};

class HostileSubmissions {
 public:
  HostileSubmissions(std::string report_id) : report_id_(std::move(report_id)) {
    good_ = json::parse(testing::numbered_submission(report_id_, 1)).as_object();
    bytes_ = testing::hostile_byte_strings();
    // Keep only the byte strings that are not valid UTF-8 (the rest are ordinary text).
    std::erase_if(bytes_, [](const auto& row) { return core::is_valid_utf8(row.second); });
  }

  HostileSubmission make(int n, std::mt19937& rng) const {
    const std::string target = "/report/" + report_id_;
    auto content = good_.at("content").as_object();
    content["measurement_start_time"] = start_time(n);
    auto with = [&](const char* key, auto v) {
      auto c = content;
      c[key] = std::move(v);
      return envelope(c);
    };
    auto without = [&](const char* key) {
      auto c = content;
      c.erase(key);
      return envelope(c);
    };
    switch (n % 12) {
      case 0:
        return {target, with("probe_cc", random_text(rng, 2, "abcdefghijklmnopqrstuvwxyz0123")),
                "probe_cc"};
      case 1:
        return {target, with("probe_asn", random_text(rng, 1 + rng() % 8, "0123456789")),
                "probe_asn"};
      case 2: {
        static const char* kFields[] = {"probe_cc",  "probe_asn", "measurement_start_time",
                                        "test_name", "report_id", "input",
                                        "test_keys"};
        return {target, without(kFields[rng() % std::size(kFields)]), "missing field"};
      }
      case 3:
        return {target,
                with("report_id", "20240301T100000Z_webconnectivity_KZ_9198_n1_" +
                                      random_text(rng, 16, "abcdefghijklmnopqrstuvwxyz")),
                "report_id"};
      case 4:
        return {target, with("probe_ip", "203.0.113." + std::to_string(rng() % 256)), "probe_ip"};
      case 5:
        return {target, with("test_keys", json::string(random_text(rng, 8, "abc"))), "test_keys"};
      case 6: {  // bytes that are not UTF-8, inserted anywhere in a valid body
        auto body = envelope(content);
        const auto& bad = bytes_[rng() % bytes_.size()].second;
        body.insert(rng() % body.size(), bad);
        return {target, body, "not UTF-8"};
      }
      case 7: {  // a valid body cut short
        auto body = envelope(content);
        body.resize(rng() % (body.size() - 1));
        return {target, body, "truncated"};
      }
      case 8:
        return {target, core::to_json_text(json::object{{"format", "yaml"}, {"content", content}}),
                "envelope"};
      case 9: {  // deep nesting
        const int depth = 100 + static_cast<int>(rng() % 1000);
        return {target,
                "{\"format\":\"json\",\"content\":" + std::string(depth, '[') +
                    std::string(depth, ']') + "}",
                "deep"};
      }
      case 10:  // a valid body under a report id that was never opened
        return {"/report/20240301T100000Z_webconnectivity_KZ_9198_n1_" +
                    random_text(rng, 16, "abcdefghijklmnopqrstuvwxyz"),
                envelope(content), "unknown report"};
      default:
        return {
            target,
            with("measurement_start_time", "2024-02-3" + std::to_string(rng() % 10) + " 25:61:61"),
            "start time"};
    }
  }

 private:
  static std::string envelope(const json::object& content) {
    return core::to_json_text(json::object{{"format", "json"}, {"content", content}});
  }
  static std::string start_time(int n) {
    char out[32];
    std::snprintf(out, sizeof out, "2026-01-%02d %02d:%02d:%02d", 1 + n / 86400 % 28, n / 3600 % 24,
                  n / 60 % 60, n % 60);
    return out;
  }
  static std::string random_text(std::mt19937& rng, std::size_t length, std::string_view alphabet) {
    std::string out;
    for (std::size_t i = 0; i < length; ++i)
      out += alphabet[rng() % alphabet.size()];
    return out;
  }

  std::string report_id_;
  json::object good_;
  std::vector<std::pair<std::string, std::string>> bytes_;
};

// Sends `count` hostile submissions on keep-alive connections (reconnecting when the collector
// closes one) from `from`, counting the answers by kind and status (0: no answer).
void send_hostile(unsigned short port, const HostileSubmissions& generator, int first, int count,
                  const std::string& from, std::map<std::string, std::map<int, int>>& by_kind,
                  std::mutex& mutex) {
  std::mt19937 rng(static_cast<unsigned>(first));
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  for (int n = first; n < first + count; ++n) {
    const auto hostile = generator.make(n, rng);
    int status = 0;
    for (int attempt = 0; attempt < 2 && status == 0; ++attempt) {
      boost::system::error_code ec;
      if (!stream) {
        stream.emplace(io);
        stream->socket().open(tcp::v4(), ec);
        stream->socket().bind({asio::ip::make_address(from), 0}, ec);
        stream->expires_after(10s);
        stream->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
        buffer.clear();
      }
      http::request<http::string_body> req{http::verb::post, hostile.target, 11};
      req.set(http::field::host, "127.0.0.1");
      req.set(http::field::content_type, "application/json");
      req.body() = hostile.body;
      req.prepare_payload();
      stream->expires_after(10s);
      if (!ec)
        http::write(*stream, req, ec);
      http::response<http::string_body> res;
      if (!ec)
        http::read(*stream, buffer, res, ec);
      if (!ec) {
        status = static_cast<int>(res.result_int());
        if (!res.keep_alive())
          stream.reset();
      } else {
        stream.reset();
      }
    }
    std::lock_guard lock(mutex);
    ++by_kind[hostile.kind][status];
  }
}

TEST(UnderAttack, TheCollectorRefuses100000HostileSubmissionsAndStoresNothing) {
  Dir dir("collector");
  const std::string db = (dir.path / "observatory.sqlite").string();
  testing::CollectorProcess collector(dir.path.string(), "sqlite:" + db);
  ASSERT_NE(collector.port(), 0) << collector.log();
  const auto report_id = testing::open_report("127.0.0.1", collector.port());
  ASSERT_FALSE(report_id.empty()) << collector.log();
  const HostileSubmissions generator(report_id);

  constexpr int kTotal = 100000, kClients = 4;
  std::map<std::string, std::map<int, int>> by_kind;
  std::mutex mutex;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      send_hostile(collector.port(), generator, c * (kTotal / kClients), kTotal / kClients,
                   "127.4.0." + std::to_string(c + 1), by_kind, mutex);
    });
  }
  for (auto& t : clients)
    t.join();

  std::map<int, int> all;
  for (const auto& [kind, counts] : by_kind)
    for (const auto& [status, n] : counts)
      all[status] += n;
  std::cout << "collector: 100,000 hostile submissions, answers by status:";
  for (const auto& [status, n] : all)
    std::cout << " " << status << "×" << n;
  std::cout << "\n";
  for (const auto& [kind, counts] : by_kind) {
    for (const auto& [status, n] : counts) {
      EXPECT_TRUE(status >= 400 && status < 500)
          << n << " submission(s) of kind '" << kind << "' answered " << status;
    }
  }
  EXPECT_EQ(count_rows(db, "measurements"), 0);
  EXPECT_EQ(count_rows(db, "raw_measurements"), 0);
  const long peak = status_kib(collector.pid(), "VmHWM");
  std::cout << "collector peak RSS " << peak / 1024 << " MiB\n";
  EXPECT_LE(peak, testing::rss_bound_kib(64 * 1024)) << "KiB";

  // The store works: an honest submission after the attack is stored.
  auto honest = testing::post_from("127.0.0.1", collector.port(), "/report/" + report_id,
                                   testing::numbered_submission(report_id, 7));
  EXPECT_EQ(honest.status, 200) << honest.body;
  EXPECT_EQ(count_rows(db, "measurements"), 1);
}

}  // namespace
}  // namespace ashyq
